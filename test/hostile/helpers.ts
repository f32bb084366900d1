import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { anjie as runCli, type CliResult } from '../helpers/cli';

export const CORPUS = path.resolve(__dirname, '..', 'fixtures', 'hostile');

export type { CliResult };

/**
 * Runs the CLI in-process (test/helpers/cli.ts) and captures what a person would see. `env`
 * changes environment variables for the run only (null removes one).
 */
export async function anjie(args: string[], env: Record<string, string | null> = {}): Promise<CliResult> {
  const saved = new Map<string, string | undefined>();
  for (const [k, v] of Object.entries(env)) {
    saved.set(k, process.env[k]);
    if (v === null) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await runCli(...args);
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** A fresh, empty folder for one run's outputs. */
export function freshDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `anjie-hostile-${tag}-`));
}

/** Lines that look like a JavaScript stack trace. */
export function stackLines(text: string): string[] {
  return text.split('\n').filter((l) => /^\s+at\s/.test(l) || /\.ts:\d+:\d+/.test(l) || /node:internal/.test(l));
}

/** The parts of an .xlsx (or any zip) as text: name → content. */
export async function zipParts(file: string): Promise<Map<string, string>> {
  const { readZipDirectory } = await import('../../pipeline/read/guards');
  const zlib = await import('node:zlib');
  const entries = await readZipDirectory(file);
  if (!entries) throw new Error(`not a complete zip: ${file}`);
  const buf = fs.readFileSync(file);
  const out = new Map<string, string>();
  for (const e of entries) {
    const p = e.localHeaderOffset;
    const method = buf.readUInt16LE(p + 8);
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    const raw = buf.subarray(start, start + e.compressedSize);
    out.set(e.name, (method === 0 ? raw : zlib.inflateRawSync(raw)).toString('utf8'));
  }
  return out;
}
