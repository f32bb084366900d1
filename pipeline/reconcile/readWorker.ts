import { parentPort } from 'node:worker_threads';
import { UserError } from '../errors';
import { readBankFile, readJournalFile } from '../read';
import { packJournal, packStatement, type PackedJournal, type PackedStatement } from './packRecords';

/**
 * A reading thread (see parallelRead.ts): reads one file per request and posts it back packed.
 * Errors go back as data — a UserError keeps its bilingual text, place and fix.
 */
export interface ReadRequest {
  id: number;
  kind: 'bank' | 'journal';
  file: string;
}

export type ReadReply =
  | { id: number; ok: true; packed: PackedStatement | PackedJournal }
  | { id: number; ok: false; user: Pick<UserError, 'text' | 'where' | 'fix' | 'exitCode'> | null; message: string; stack?: string };

async function serve(req: ReadRequest): Promise<ReadReply> {
  try {
    const packed = req.kind === 'bank' ? packStatement(await readBankFile(req.file)) : packJournal(await readJournalFile(req.file));
    return { id: req.id, ok: true, packed };
  } catch (err) {
    if (err instanceof UserError) return { id: req.id, ok: false, user: { text: err.text, where: err.where, fix: err.fix, exitCode: err.exitCode }, message: err.message };
    const e = err instanceof Error ? err : new Error(String(err));
    return { id: req.id, ok: false, user: null, message: e.message, stack: e.stack };
  }
}

function transferables(reply: ReadReply): ArrayBuffer[] {
  if (!reply.ok) return [];
  const p = reply.packed;
  const list = [p.rows.buffer, p.strings.slots.buffer, p.strings.ids.buffer, p.strings.dict.buffer];
  if (p.kind === 'journal') list.push(p.auxCounts.buffer, p.bankLine.buffer);
  return list as ArrayBuffer[];
}

const port = parentPort;
if (port) {
  port.on('message', (req: ReadRequest) => {
    void serve(req).then((reply) => port.postMessage(reply, transferables(reply)));
  });
}
