import * as path from 'node:path';
import { reconcile, type Reconciliation } from '../../domain/reconcile';
import { loadReconcileConfig } from './config';
import { writeReconcileJson } from './json';
import { loadInputs, type FileRead } from './load';
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
}

export interface RunResult {
  rec: Reconciliation;
  files: FileRead[];
  workbook: WorkbookInfo;
  /** Milliseconds per phase: read, match, write (json + workbook). */
  timings: { read: number; match: number; writeJson: number; writeWorkbook: number };
}

export async function runReconcile(opts: RunOptions): Promise<RunResult> {
  const config = await loadReconcileConfig(opts.config);
  const inputs = [...opts.bank, opts.finance, ...(opts.register ? [opts.register] : []), ...(opts.previous ? [opts.previous] : [])];
  let t = Date.now();
  opts.onProgress?.('read');
  const loaded = await loadInputs({ bank: opts.bank, finance: opts.finance, register: opts.register, previous: opts.previous, onProgress: (f) => opts.onProgress?.('read', f) });
  const read = Date.now() - t;
  t = Date.now();
  opts.onProgress?.('match');
  const rec = reconcile({ period: opts.period, bank: loaded.bank, finance: loaded.finance, rejected: loaded.rejected, register: loaded.register, carried: loaded.carried, config });
  const match = Date.now() - t;
  t = Date.now();
  let writeJson = 0;
  if (opts.json) {
    opts.onProgress?.('write', path.basename(opts.json));
    await writeReconcileJson(opts.json, rec, { inputs: [...inputs, opts.out], showPii: opts.showPii });
    writeJson = Date.now() - t;
    t = Date.now();
  }
  opts.onProgress?.('write', path.basename(opts.out));
  const workbook = await writeReconcileWorkbook(opts.out, rec, { inputs: [...inputs, ...(opts.json ? [opts.json] : [])], showPii: opts.showPii, register: loaded.register, maxRows: opts.maxRows });
  const writeWorkbook = Date.now() - t;
  return { rec, files: loaded.files, workbook, timings: { read, match, writeJson, writeWorkbook } };
}
