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
 * Writes the set into `dir`: 按揭台账.xlsx, one statement file per export, the 序时账 and
 * truth.json. Returns what was written, in that order.
 */
export async function writeSampleSet(dir: string, set: SampleSet): Promise<WrittenFile[]> {
  await makeOutputFolder(dir);
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
