import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors';
import type { JournalRead, StatementRead } from '../read';
import { unpackJournal, unpackStatement, type PackedJournal, type PackedStatement } from './packRecords';
import type { ReadReply, ReadRequest } from './readWorker';

/**
 * Reading the month's files on every core: a bank statement and the journal are each a second or
 * more of parsing at a million rows, and one thread would read them one after the other.
 *
 * Worker threads read whole files (largest first) and hand the records back packed
 * (packRecords.ts), which costs the main thread a fraction of reading them. Small months are read
 * on the main thread as before: starting a thread costs more than it saves.
 *
 * ANJIE_READ_THREADS: 0 or 1 turns the threads off, N sets how many (default: the cores, at most
 * one per file).
 */
const MIN_BYTES = 4 * 1024 * 1024;

/** The compiled reading thread; null when running from TypeScript sources (tests), which cannot start one. */
function workerScript(): string | null {
  if (!__filename.endsWith('.js')) return null;
  const script = path.join(__dirname, 'readWorker.js');
  return fs.existsSync(script) ? script : null;
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0; // the reader reports a missing file in its own words
  }
}

/** How many reading threads to start for these files; 0 = read on the main thread. */
export function threadsFor(files: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  if (files.length < 2 || !workerScript()) return 0;
  const asked = env.ANJIE_READ_THREADS;
  if (asked !== undefined && asked !== '') {
    const n = Number.parseInt(asked, 10);
    return Number.isFinite(n) && n > 1 ? Math.min(n, files.length) : 0;
  }
  const bytes = files.reduce((s, f) => s + fileSize(f), 0);
  if (bytes < MIN_BYTES) return 0;
  return Math.min(os.availableParallelism(), files.length);
}

interface Job {
  req: ReadRequest;
  size: number;
  resolve: (packed: PackedStatement | PackedJournal) => void;
  reject: (err: Error) => void;
}

export class ReadPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<number, Job>();
  private nextId = 1;

  constructor(threads: number) {
    const script = workerScript();
    if (!script) throw new Error('ReadPool: no compiled reading thread');
    for (let k = 0; k < threads; k++) {
      const w = new Worker(script);
      w.on('message', (reply: ReadReply) => this.done(w, reply));
      w.on('error', (err) => this.failAll(err));
      // A thread that dies (out of memory, killed) must not leave its file's promise waiting forever.
      w.on('exit', (code) => {
        if (this.running.size || this.queue.length) this.failAll(new Error(`reading thread stopped (exit code ${code})`));
      });
      this.all.push(w);
      this.idle.push(w);
    }
  }

  bank(file: string): Promise<StatementRead> {
    return this.submit('bank', file).then((p) => unpackStatement(p as PackedStatement));
  }

  journal(file: string): Promise<JournalRead> {
    return this.submit('journal', file).then((p) => unpackJournal(p as PackedJournal));
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }

  private submit(kind: 'bank' | 'journal', file: string): Promise<PackedStatement | PackedJournal> {
    return new Promise((resolve, reject) => {
      this.queue.push({ req: { id: this.nextId++, kind, file }, size: fileSize(file), resolve, reject });
      // Defer so every file of this tick is queued before the largest is picked.
      queueMicrotask(() => this.pump());
    });
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      let at = 0;
      for (let k = 1; k < this.queue.length; k++) if (this.queue[k].size > this.queue[at].size) at = k;
      const job = this.queue.splice(at, 1)[0];
      const w = this.idle.pop() as Worker;
      this.running.set(job.req.id, job);
      w.postMessage(job.req);
    }
  }

  private done(w: Worker, reply: ReadReply): void {
    const job = this.running.get(reply.id);
    this.running.delete(reply.id);
    this.idle.push(w);
    this.pump();
    if (!job) return;
    if (reply.ok) job.resolve(reply.packed);
    else if (reply.user) job.reject(new UserError(reply.user.text, reply.user.where, reply.user.fix, reply.user.exitCode));
    else {
      const err = new Error(reply.message);
      if (reply.stack) err.stack = reply.stack;
      job.reject(err);
    }
  }

  private failAll(err: Error): void {
    for (const job of [...this.running.values(), ...this.queue]) job.reject(err);
    this.running.clear();
    this.queue.length = 0;
  }
}
