import { parentPort } from 'node:worker_threads';
import { JsonFileWriter, type HashList, type RowBatch } from './jsonRows';

/**
 * The worker thread that writes the reconcile JSON's bytes (json.ts starts it). Messages come in
 * the document's order: open, rows…, end (or abort, when the main thread failed). It answers once:
 * done, or the first error (and then ignores the rest, having closed the file; the main thread
 * removes it).
 */
export type JsonWorkerMessage = { kind: 'open'; file: string; head: string } | { kind: 'rows'; batch: RowBatch } | { kind: 'end'; tail: string; lists?: HashList[] } | { kind: 'abort' };
export type JsonWorkerReply = { kind: 'done' } | { kind: 'error'; message: string; code?: string };

let writer: JsonFileWriter | null = null;
let failed = false;

parentPort?.on('message', (m: JsonWorkerMessage) => {
  if (failed) return;
  try {
    if (m.kind === 'open') writer = new JsonFileWriter(m.file, m.head);
    else if (m.kind === 'rows') writer!.batch(m.batch);
    else if (m.kind === 'abort') {
      failed = true;
      writer?.abandon();
      reply({ kind: 'done' });
    } else {
      const w = writer!;
      writer = null;
      w.end(m.tail, m.lists);
      reply({ kind: 'done' });
    }
  } catch (err) {
    failed = true;
    writer?.abandon();
    const e = err as NodeJS.ErrnoException;
    reply({ kind: 'error', message: e instanceof Error ? e.message : String(e), code: e?.code });
  }
});

function reply(r: JsonWorkerReply): void {
  parentPort!.postMessage(r);
}
