import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { makeOutputFolder, writeFileAtomically } from '../io/atomicWrite';
import type { SampleSet } from './index';
import { REGISTER_FILE, TRUTH_FILE } from './index';
import { registerWorkbook } from './registerXlsx';
import { writeJournal, writeStatement } from '../write/statements';
import { COMPANY } from './accounts';
import { normaliseZip } from './zip';

export interface WrittenFile {
  file: string;
  path: string;
  bytes: number;
}

/**
 * Lists, in the folder, the files the last `anjie sample` wrote there (as the demo marks its folder
 * with .anjie-demo): statement names depend on the seed and period (农行_监管户_2026-11-01至11-23.xlsx),
 * so a run with another seed would otherwise leave the first run's exports beside its own, and a
 * reconciliation of the folder would read both.
 */
export const SAMPLE_MARKER = '.anjie-sample';
const MARKER_HEAD = '# Files written by `anjie sample`; its next run in this folder removes them first, and nothing else.';

/** The files an earlier run listed; only plain names in the folder itself are taken. */
async function previousFiles(dir: string): Promise<string[]> {
  const text = await fs.readFile(path.join(dir, SAMPLE_MARKER), 'utf8').catch(() => '');
  return text
    .split(/\r?\n/)
    .filter((f) => f && !f.startsWith('#') && f !== SAMPLE_MARKER && f === path.basename(f) && f !== '.' && f !== '..' && !/[\\/]/.test(f));
}

async function writeMarker(dir: string, files: readonly string[]): Promise<void> {
  await writeFileAtomically(path.join(dir, SAMPLE_MARKER), [MARKER_HEAD, ...files].join('\n') + '\n');
}

/**
 * Writes the set into `dir`: 按揭台账.xlsx, one statement file per export, the 序时账 and
 * truth.json. Returns what was written, in that order. The files a previous run wrote there and
 * this one does not are removed first; other files in the folder are left alone.
 */
export async function writeSampleSet(dir: string, set: SampleSet): Promise<WrittenFile[]> {
  await makeOutputFolder(dir);
  const names = [REGISTER_FILE, ...set.statements.map((s) => s.file), set.journal.file, TRUTH_FILE];
  const stale = (await previousFiles(dir)).filter((f) => !names.includes(f));
  // Listed before anything is removed or written: a run stopped half-way is still cleared by the next.
  await writeMarker(dir, [...names, ...stale]);
  for (const f of stale) await fs.rm(path.join(dir, f), { force: true });
  const out: WrittenFile[] = [];
  const put = async (file: string, data: Uint8Array | string): Promise<void> => {
    const target = path.join(dir, file);
    await writeFileAtomically(target, data);
    out.push({ file, path: target, bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength });
  };
  await put(REGISTER_FILE, await registerWorkbook(set.register));
  // Statements and the journal through the reading engineer's writers (pipeline/write), so the
  // readers read back exactly what is written; .xlsx files are then re-stamped for determinism.
  for (const s of set.statements) {
    const target = path.join(dir, s.file);
    await writeStatement(s.profile, s.transactions, { out: target, account: s.account.account, accountName: s.accountName, from: s.from, to: s.to });
    out.push(await settle(target, s.file));
  }
  {
    const j = set.journal;
    const target = path.join(dir, j.file);
    await writeJournal(j.profile, j.lines, { out: target, accountName: COMPANY.name, from: j.from, to: j.to });
    out.push(await settle(target, j.file));
  }
  await put(TRUTH_FILE, JSON.stringify(set.truth, null, 2) + '\n');
  await writeMarker(dir, names);
  return out;
}

/** A written file, with an .xlsx rewritten to carry fixed timestamps (same content → same bytes). */
async function settle(target: string, file: string): Promise<WrittenFile> {
  let data: Uint8Array = await fs.readFile(target);
  if (file.endsWith('.xlsx')) {
    data = await normaliseZip(data);
    await writeFileAtomically(target, data);
  }
  return { file, path: target, bytes: data.byteLength };
}
