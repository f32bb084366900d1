import { parentPort, workerData } from 'node:worker_threads';
import { previousSignatureWarning } from './previousSignature';

/**
 * The worker thread that verifies a signed --previous (previousSignature.ts starts it) while the
 * main thread loads the same report with exceljs. It answers once: the warning, or the error.
 */
export type SignatureWorkerReply = { kind: 'done'; warning: Awaited<ReturnType<typeof previousSignatureWarning>> } | { kind: 'error'; message: string; stack?: string };

previousSignatureWarning((workerData as { file: string }).file).then(
  (warning) => reply({ kind: 'done', warning }),
  (err: unknown) => reply(err instanceof Error ? { kind: 'error', message: err.message, stack: err.stack } : { kind: 'error', message: String(err) }),
);

function reply(r: SignatureWorkerReply): void {
  parentPort!.postMessage(r);
}
