import * as path from 'node:path';
import { reconcile, type Reconciliation } from '../../domain/reconcile';
import { loadReconcileConfig } from './config';
import { writeReconcileJson } from './json';
import { maskPersonalData } from '../io/safeCell';
import { loadInputs, type FileRead, type LoadedInputs } from './load';
import { writeReconcileWorkbook, type WorkbookInfo } from './workbook';

export interface RunOptions {
  bank: readonly string[];
  finance: string;
  register?: string;
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
  workbook: WorkbookInfo;
  /** Milliseconds per phase: read, match, write (json + workbook). */
  timings: { read: number; match: number; writeJson: number; writeWorkbook: number };
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
  const config = await loadReconcileConfig(opts.config);
  const inputs = [...opts.bank, opts.finance, ...(opts.register ? [opts.register] : []), ...(opts.previous ? [opts.previous] : [])];
  let t = Date.now();
  opts.onProgress?.('read');
  const loaded = await loadInputs({ bank: opts.bank, finance: opts.finance, register: opts.register, previous: opts.previous, keepGoing: opts.keepGoing, onProgress: (f) => opts.onProgress?.('read', f) });
  const read = Date.now() - t;
  t = Date.now();
  opts.onProgress?.('match');
  const rec = reconcile({ period: opts.period, bank: loaded.bank, finance: loaded.finance, rejected: loaded.rejected, register: loaded.register, carried: loaded.carried, config, files: readFiles(loaded.files) });
  const match = Date.now() - t;
  t = Date.now();
  let writeJson = 0;
  if (opts.json) {
    opts.onProgress?.('write', path.basename(opts.json));
    await writeReconcileJson(opts.json, rec, { inputs: [...inputs, opts.out], showPii: opts.showPii, notRead: loaded.unreadable.map((u) => ({ file: u.file, reason: u.error.text })) });
    writeJson = Date.now() - t;
    t = Date.now();
  }
  collectGarbageBeforeWorkbook();
  opts.onProgress?.('write', path.basename(opts.out));
  const workbook = await writeReconcileWorkbook(opts.out, rec, { inputs: [...inputs, ...(opts.json ? [opts.json] : [])], showPii: opts.showPii, register: loaded.register, maxRows: opts.maxRows, notices: notReadNotices(loaded.unreadable) });
  const writeWorkbook = Date.now() - t;
  return { rec, files: loaded.files, unreadable: loaded.unreadable, workbook, timings: { read, match, writeJson, writeWorkbook } };
}

/**
 * One full collection before the workbook, when node runs with --expose-gc (bin/anjie.js starts
 * reconcile so: node-flags.json); elsewhere (tests, library use) nothing. By then the old
 * generation holds what matching and the JSON left behind, which V8 would collect only later:
 * the workbook, the longest phase, stacked its own memory on top, and the run's peak RSS was
 * reached there (1M + 1M: 1,52x–1,54x MB; with this collection, ~1 s, the workbook peak is
 * 1,41x–1,45x MB, below matching's ~1,470 MB).
 */
function collectGarbageBeforeWorkbook(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** The bank and finance files that were read, in the order given. */
function readFiles(files: readonly { side: string; file: string }[]): { side: 'bank' | 'finance'; file: string }[] {
  return files.filter((f): f is { side: 'bank' | 'finance'; file: string } => f.side === 'bank' || f.side === 'finance').map((f) => ({ side: f.side, file: f.file }));
}
