import { UserError } from '../errors';

/**
 * Limits on what Anjie will read, so a hostile or mistaken input cannot exhaust memory or disk.
 * Defaults suit a month of a whole group's statements; each can be changed with an environment
 * variable (for a run) or `setLimits` (for a program or a test):
 *
 *   ANJIE_MAX_INPUT_MB   largest input file read, in MiB                  (default 512)
 *   ANJIE_MAX_SHEET_MB   largest worksheet XML once uncompressed, in MiB  (default 2048) — checked
 *                        from the zip's central directory before anything is expanded, and again
 *                        while a sheet is inflated (a directory that understates a size stops there)
 *   ANJIE_MAX_ROWS       most rows read from one file (all sheets)        (default 2,000,000)
 *
 * A file over a limit stops with a UserError (exit 2) naming the file, the limit and how to raise it.
 */
export interface Limits {
  maxInputBytes: number;
  maxSheetBytes: number;
  maxRows: number;
  /** A compressed sheet that expands more than this many times (and past 64 MiB) is a zip bomb. */
  maxCompressionRatio: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxInputBytes: 512 * MiB,
  // A full Excel sheet (1,048,576 rows) of a bank export is 0.5–1.5 GiB of XML; the readers stream
  // it, so this bounds time, not memory. Zip bombs are refused for their ratio (below) long before.
  maxSheetBytes: 2048 * MiB,
  maxRows: 2_000_000,
  maxCompressionRatio: 500,
});

let overrides: Partial<Limits> = {};

function fromEnv(name: string, scale: number): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw.trim());
  if (!Number.isFinite(n) || n <= 0) {
    throw new UserError(
      { zh: `环境变量 ${name} 应为正数：${raw}`, en: `The environment variable ${name} must be a positive number: ${raw}` },
      {},
      { zh: `例如 ${name}=100，或删除该变量使用默认值。`, en: `For example ${name}=100, or unset it to use the default.` },
    );
  }
  return Math.floor(n * scale);
}

/** The limits in force: setLimits() overrides, then environment variables, then the defaults. */
export function currentLimits(): Limits {
  return {
    maxInputBytes: overrides.maxInputBytes ?? fromEnv('ANJIE_MAX_INPUT_MB', MiB) ?? DEFAULT_LIMITS.maxInputBytes,
    maxSheetBytes: overrides.maxSheetBytes ?? fromEnv('ANJIE_MAX_SHEET_MB', MiB) ?? DEFAULT_LIMITS.maxSheetBytes,
    maxRows: overrides.maxRows ?? fromEnv('ANJIE_MAX_ROWS', 1) ?? DEFAULT_LIMITS.maxRows,
    maxCompressionRatio: overrides.maxCompressionRatio ?? DEFAULT_LIMITS.maxCompressionRatio,
  };
}

/** Override limits for this process (tests, embedding programs); `setLimits({})` restores the defaults. */
export function setLimits(l: Partial<Limits>): void {
  overrides = { ...l };
}

/** "512 MiB", "1.5 GiB", "300 KiB" — sizes as people read them. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '> 4 GiB';
  if (n >= 1024 * MiB) return `${(n / (1024 * MiB)).toFixed(1)} GiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(n >= 10 * MiB ? 0 : 1)} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} B`;
}
