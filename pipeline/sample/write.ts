import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomically } from '../io/atomicWrite';
import type { SampleSet } from './index';
import { REGISTER_FILE, TRUTH_FILE } from './index';
import { registerWorkbook } from './registerXlsx';
import { journalFileBytes, statementFileBytes } from './files';

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
  await fs.mkdir(dir, { recursive: true });
  const out: WrittenFile[] = [];
  const put = async (file: string, data: Uint8Array | string): Promise<void> => {
    const target = path.join(dir, file);
    await writeFileAtomically(target, data);
    out.push({ file, path: target, bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength });
  };
  await put(REGISTER_FILE, await registerWorkbook(set.register));
  for (const s of set.statements) await put(s.file, await statementFileBytes(s));
  await put(set.journal.file, await journalFileBytes(set.journal));
  await put(TRUTH_FILE, JSON.stringify(set.truth, null, 2) + '\n');
  return out;
}
