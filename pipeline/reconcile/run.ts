import * as path from 'node:path';
import { reconcile, type Reconciliation } from '../../domain/reconcile';
import { loadDepositRatios, loadReconcileConfig } from './config';
import { startReconcileJson } from './json';
import { OutputGroup } from '../io/atomicWrite';
import { UserError } from '../errors';
import { maskPersonalData } from '../io/safeCell';
import { loadInputs, type FileRead, type LoadedInputs } from './load';
import { unitNotesMissingWarning, unitNotesUnclearWarning } from './notes';
import { writeReconcileWorkbook, type FileMessage, type WorkbookInfo } from './workbook';

export interface RunOptions {
  bank: readonly string[];
  finance: string;
  register?: string;
  /** --project: only the register's units of these projects are used. */
  projects?: readonly string[];
  period: string;
  out: string;
  json?: string;
  previous?: string;
  config?: string;
  showPii?: boolean;
  maxRows?: number;
  onProgress?: (phase: string, detail?: string) => void;
  /** --keep-going: reconcile without the bank files that cannot be read; the report says so at its top. */
  keepGoing?: boolean;
}

export interface RunResult {
  rec: Reconciliation;
  files: FileRead[];
  /** Bank files left out with --keep-going. */
  unreadable: LoadedInputs['unreadable'];
  /** --project: the register's projects reconciled, as the register spells them; null without it. */
  projects: string[] | null;
  workbook: WorkbookInfo;
  /**
   * Milliseconds per phase: read, match, write. The JSON and the workbook are written at the same
   * time: `write` is the phase's wall time, writeJson and writeWorkbook each one's own.
   */
  timings: { read: number; match: number; writeJson: number; writeWorkbook: number; write: number };
}

/** The first lines of 汇总 when --keep-going left files out. */
function notReadNotices(unreadable: LoadedInputs['unreadable']): string[] {
  if (!unreadable.length) return [];
  return [
    `注意：以下 ${unreadable.length} 个文件未能读取，未参与本次对账（--keep-going） / Note: ${unreadable.length} file(s) could not be read and are not in this reconciliation (--keep-going)`,
    ...unreadable.map((u) => maskPersonalData(`未读取 ${u.file}：${u.error.text.zh} / Not read: ${u.file}: ${u.error.text.en}`)),
  ];
}

export async function runReconcile(opts: RunOptions): Promise<RunResult> {
  if (opts.json && path.resolve(opts.json) === path.resolve(opts.out)) {
    throw new UserError(
      { zh: `--out 与 --json 是同一个文件：${path.basename(opts.out)}`, en: `--out and --json name the same file: ${path.basename(opts.out)}` },
      { file: opts.out },
      { zh: '报告用 .xlsx，JSON 用 .json，例如 --out report.xlsx --json report.json。', en: 'Give the report a .xlsx name and the JSON a .json name, e.g. --out report.xlsx --json report.json.' },
    );
  }
  const config = await loadReconcileConfig(opts.config);
  const depositRatios = loadDepositRatios();
  const inputs = [...opts.bank, opts.finance, ...(opts.register ? [opts.register] : []), ...(opts.previous ? [opts.previous] : [])];
  let t = Date.now();
  opts.onProgress?.('read');
  const loaded = await loadInputs({ bank: opts.bank, finance: opts.finance, register: opts.register, projects: opts.projects, previous: opts.previous, period: opts.period, keepGoing: opts.keepGoing, onProgress: (f) => opts.onProgress?.('read', f) });
  collectGarbageBetweenPhases(); // counted as reading: it clears what reading left
  const read = Date.now() - t;
  t = Date.now();
  opts.onProgress?.('match');
  const rec = reconcile({ period: opts.period, bank: loaded.bank, finance: loaded.finance, rejected: loaded.rejected, register: loaded.register, depositRatios, carried: loaded.carried, ...(loaded.seen ? { seen: loaded.seen } : {}), ...(loaded.seenFinance ? { seenFinance: loaded.seenFinance } : {}), config, files: readFiles(loaded.files) });
  const match = Date.now() - t;
  t = Date.now();
  // The JSON's bytes are written on a worker thread (json.ts) while this one writes the workbook;
  // both are awaited before the run ends, whichever fails.
  let writeJson = 0;
  // The report and its JSON land together or not at all.
  const group = opts.json ? new OutputGroup(2) : undefined;
  collectGarbageBetweenPhases(); // before the JSON's worker starts: matching's garbage is not under the write's peak
  if (opts.json) opts.onProgress?.('write', path.basename(opts.json));
  const started = opts.json ? await startReconcileJson(opts.json, rec, { inputs: [...inputs, opts.out], showPii: opts.showPii, notRead: loaded.unreadable.map((u) => ({ file: u.file, reason: u.error.text })), projects: loaded.projects, group }) : null;
  void started?.written.then(() => (writeJson = Date.now() - t));
  const json = started ? started.done : Promise.resolve();
  json.catch(() => undefined); // awaited below, after the workbook
  opts.onProgress?.('write', path.basename(opts.out));
  const workbookStart = Date.now();
  let workbook: WorkbookInfo;
  try {
    workbook = await writeReconcileWorkbook(opts.out, rec, { inputs: [...inputs, ...(opts.json ? [opts.json] : [])], showPii: opts.showPii, register: rec.engine.register.units, maxRows: opts.maxRows, notices: notReadNotices(loaded.unreadable), notRead: loaded.unreadable.map((u) => u.file), projects: loaded.projects, unitNotes: loaded.unitNotes, previous: !!opts.previous, group, fileMessages: fileMessages(loaded.files) });
  } catch (err) {
    await json.catch(() => undefined);
    throw err;
  }
  const writeWorkbook = Date.now() - workbookStart;
  // Notes on last month's 按户 whose unit has no line this month, or whose 房号 has lines of several
  // projects and no 项目 to tell which: said under the previous report, by unit (its 项目 and 房号 as
  // the cells had them, masked as every message is).
  const missing = workbook.unitNotes?.missing;
  const unclear = workbook.unitNotes?.unclear;
  for (const w of [missing?.length ? unitNotesMissingWarning(missing) : null, unclear?.length ? unitNotesUnclearWarning(unclear) : null])
    if (w) loaded.files.find((f) => f.side === 'previous')?.warnings.push({ zh: maskPersonalData(w.zh), en: maskPersonalData(w.en) });
  await json;
  const write = Date.now() - t;
  return { rec, files: loaded.files, unreadable: loaded.unreadable, projects: loaded.projects, workbook, timings: { read, match, writeJson, writeWorkbook, write } };
}

/**
 * A full collection between phases, when node runs with --expose-gc (bin/anjie.js starts reconcile
 * so: node-flags.json); elsewhere (tests, library use) nothing. V8 collects the old generation only
 * when it has grown by a factor over what lived at the last collection, so what one phase leaves
 * behind is still there when the next stacks its own memory on top. At 1M + 1M: after reading
 * (~1 s), matching's peak falls from ~1,58x to ~1,50x MB; after matching (~1 s), the workbook's
 * from ~1,70x to ~1,42x MB. With the 32 MB semi-space of node-flags.json the run peaks at ~1,46x
 * MB. The second collection comes before the JSON's planning and worker start, not after them:
 * after, the planning sat on matching's garbage and the XLSX run peaked there (1,561 MB against
 * 1,521 MB in matching).
 */
function collectGarbageBetweenPhases(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Each input's warnings, then its notices, in the order the files were given (already masked by load). */
function fileMessages(files: readonly FileRead[]): FileMessage[] {
  return files.flatMap((f) => [...f.warnings.map((text) => ({ side: f.side, file: f.file, kind: 'warning' as const, text })), ...(f.notices ?? []).map((text) => ({ side: f.side, file: f.file, kind: 'notice' as const, text }))]);
}

/** The bank and finance files that were read, in the order given. */
function readFiles(files: readonly { side: string; file: string }[]): { side: 'bank' | 'finance'; file: string }[] {
  return files.filter((f): f is { side: 'bank' | 'finance'; file: string } => f.side === 'bank' || f.side === 'finance').map((f) => ({ side: f.side, file: f.file }));
}
