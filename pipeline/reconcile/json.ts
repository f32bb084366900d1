import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { RULES, explain, factorsOf, flagsOf, openItems, outcomeOf, seenHashes, totalsJson, type Factors, type Engine, type Item, type Reconciliation, type RuleId, type Side } from '../../domain/reconcile';
import { factorCode, factorCodeOf, isPlainMatch, pairedHead, pairedTail, repeatNoted, repeatsDisagree } from '../../domain/reconcile/explain';
import { writeAtomically, type OutputGroup } from '../io/atomicWrite';
import type { ByteChunks } from '../io/byteChunks';
import { BATCH_ROWS, JsonFileWriter, RowBatchWriter, emptyBatch, type HashList, type RowBatch, type RowTemplate } from './jsonRows';
import type { JsonWorkerMessage, JsonWorkerReply } from './jsonWorker';
import { maskText, openItemOut } from './pii';

/** A bank file --keep-going left out, and why (the reader's bilingual message). */
export interface NotRead {
  file: string;
  reason: { zh: string; en: string };
}

export interface JsonOptions {
  /** Lands together with the run's other outputs, or not at all (OutputGroup). */
  group?: OutputGroup;
  inputs?: readonly string[];
  showPii?: boolean;
  notRead?: readonly NotRead[];
  /** --project: the register's projects reconciled ("projects" after "period"). */
  projects?: readonly string[] | null;
  /** Where the bytes are written: on a worker thread, or on this one. By default see jsonThread. */
  thread?: 'worker' | 'main';
  /** The compiled worker to start (jsonWorker.js beside this module; tests running from sources start lib's). */
  workerFile?: string;
}

/**
 * The machine-readable contract (docs/reconcile-json.md): {"period","rows":[…],"totals":{…},"open":[…]},
 * "projects":[…] after "period" with --project, "notRead":[…] when --keep-going left files out, and
 * "seen":[…] and "seenFinance":[…] last (the statement rows and journal lines of the period, for next
 * month's --previous).
 * One row per line; no timestamps, so the same inputs give byte-identical output. The rows are
 * planned here (RowJsonEncoder: a few numbers per row) and written as bytes by jsonRows.ts, for a
 * large month on a worker thread: a million-row month's JSON is over a gigabyte.
 */
export async function writeReconcileJson(target: string, rec: Reconciliation, opts: JsonOptions = {}): Promise<void> {
  await (await startReconcileJson(target, rec, opts)).done;
}

/**
 * Plans the document and hands it to its writer; resolves once this thread's part is done, with
 * `done`, which settles when the file is complete and in place. Meanwhile this thread can write the
 * workbook (run.ts). A refused target (one of the inputs) rejects here, before anything is written.
 */
export async function startReconcileJson(target: string, rec: Reconciliation, opts: JsonOptions = {}): Promise<{ done: Promise<void>; written: Promise<void> }> {
  // `written`: the bytes are all in the temporary file (the time the JSON took: in a group, `done`
  // also waits for the other outputs before the rename).
  let bytesDone!: () => void;
  const written = new Promise<void>((resolve) => (bytesDone = resolve));
  let planned!: () => void;
  let failedEarly!: (err: unknown) => void;
  const started = new Promise<void>((resolve, reject) => {
    planned = resolve;
    failedEarly = reject;
  });
  const done = writeAtomically(
    target,
    async (temp) => {
      const thread = opts.thread ?? jsonThread(rec.engine.items.length);
      const sink = thread === 'worker' ? new WorkerSink(opts.workerFile ?? WORKER_FILE) : new LocalSink();
      try {
        // Only with --project, so a run of the whole register writes what it wrote before the key.
        const projects = opts.projects ? `,"projects":${JSON.stringify(opts.projects)}` : '';
        sink.open(temp, `{"period":${JSON.stringify(rec.engine.period)}${projects},"rows":[`);
        planRows(rec.engine, sink);
        // The statement rows and journal lines of the period, as next month's run recognises one
        // exported again (dated this month): numbers, formatted as the file is written (JsonFileWriter.end).
        sink.end(documentTail(rec, opts), [
          { key: 'seen', hashes: seenHashes(rec.engine, 'bank').slice() },
          { key: 'seenFinance', hashes: seenHashes(rec.engine, 'finance').slice() },
        ]);
      } catch (err) {
        sink.abort();
        await sink.done.catch(() => undefined);
        throw err;
      }
      planned();
      await sink.done;
      bytesDone();
    },
    { inputs: opts.inputs, group: opts.group },
  );
  done.catch(failedEarly); // after planned() this does nothing: the caller has `done`
  await started;
  return { done, written };
}

/** Rows from which a worker thread pays for its start (~30 ms). */
const WORKER_FROM_ROWS = 20_000;
const WORKER_FILE = path.join(__dirname, 'jsonWorker.js');

/**
 * The thread that writes a document of `rows` rows: a worker for a large month. ANJIE_JSON_WORKER=0
 * or 1 decides instead (tests run both ways). Running from TypeScript sources (vitest) there is no
 * compiled worker to start, so this thread.
 */
export function jsonThread(rows: number): 'worker' | 'main' {
  if (!fs.existsSync(WORKER_FILE)) return 'main';
  const forced = process.env.ANJIE_JSON_WORKER;
  if (forced === '0' || forced === '1') return forced === '1' ? 'worker' : 'main';
  return rows >= WORKER_FROM_ROWS ? 'worker' : 'main';
}

function planRows(engine: Engine, sink: Sink): void {
  const items = engine.items;
  const rows = new RowJsonEncoder(engine);
  for (let k = 0; k < items.length; k++) {
    rows.add(items[k]);
    if (rows.planned === BATCH_ROWS) sink.rows(rows.take());
  }
  if (rows.planned) sink.rows(rows.take());
}

/** Everything after the rows but the lists of rows read (JsonFileWriter.end): totals, open items, and the files --keep-going left out. */
function documentTail(rec: Reconciliation, opts: JsonOptions): string {
  let tail = `\n],\n"totals":${JSON.stringify(totalsJson(rec.totals))},\n"open":[`;
  const open = openItems(rec.engine);
  for (let k = 0; k < open.length; k++) {
    const o = openItemOut(open[k], !!opts.showPii);
    tail += (k ? ',\n' : '\n') + JSON.stringify(o);
  }
  tail += open.length ? '\n]' : ']';
  // Only when --keep-going left files out, so a complete run's JSON is unchanged.
  const notRead = (opts.notRead ?? []).map((n) => ({ file: n.file, reason: { zh: maskText(n.reason.zh, !!opts.showPii), en: maskText(n.reason.en, !!opts.showPii) } }));
  if (notRead.length) tail += `,\n"notRead":${JSON.stringify(notRead)}`;
  return tail;
}

/** Where planned rows go: a JsonFileWriter on this thread or on a worker. `done` settles once the file is closed. */
interface Sink {
  open(file: string, head: string): void;
  rows(batch: RowBatch): void;
  end(tail: string, lists: HashList[]): void;
  /** Gives up after a failure here: the file is closed, `done` settles. */
  abort(): void;
  readonly done: Promise<void>;
}

class LocalSink implements Sink {
  private writer: JsonFileWriter | null = null;
  readonly done = Promise.resolve();
  open(file: string, head: string): void {
    this.writer = new JsonFileWriter(file, head);
  }
  rows(batch: RowBatch): void {
    this.writer!.batch(batch);
  }
  end(tail: string, lists: HashList[]): void {
    const w = this.writer!;
    this.writer = null;
    w.end(tail, lists);
  }
  abort(): void {
    this.writer?.abandon();
    this.writer = null;
  }
}

class WorkerSink implements Sink {
  private readonly worker: Worker;
  readonly done: Promise<void>;
  constructor(file: string) {
    this.worker = new Worker(file);
    this.done = new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (err?: Error) => {
        if (settled) return;
        settled = true;
        void this.worker.terminate();
        if (err) reject(err);
        else resolve();
      };
      this.worker.on('message', (r: JsonWorkerReply) => settle(r.kind === 'done' ? undefined : Object.assign(new Error(r.message), { code: r.code })));
      this.worker.on('error', settle);
      this.worker.on('exit', (code) => settle(new Error(`JSON writer thread stopped (exit code ${code})`)));
    });
  }
  private post(m: JsonWorkerMessage, transfer?: ArrayBuffer[]): void {
    this.worker.postMessage(m, transfer);
  }
  open(file: string, head: string): void {
    this.post({ kind: 'open', file, head });
  }
  rows(batch: RowBatch): void {
    this.post({ kind: 'rows', batch }, [batch.template.buffer, batch.own.buffer, batch.row.buffer, batch.cpRow.buffer] as ArrayBuffer[]);
  }
  end(tail: string, lists: HashList[]): void {
    this.post({ kind: 'end', tail, lists }, lists.map((l) => l.hashes.buffer as ArrayBuffer));
  }
  abort(): void {
    this.post({ kind: 'abort' });
  }
}

/** A source's JSON pieces (file and sheet names are few: escaped once per source, not per row). */
interface SourcePieces {
  /** Its number among the sources this encoder has seen (RowBatch.sourceKeys). */
  id: number;
  /** `{"side":…,"file":…,"sheet":…,"row":` — a row and a counterpart start alike; the row number and `}` follow. */
  key: string;
  /** The explanation of a plain match with this counterpart up to its row number, opening quote included. */
  zhHead: string;
  enHead: string;
  /** The numbers of the templates for plain matches paired with this source, per rule and factorCode. */
  plain: Map<RuleId | null, number[]>;
}

/** Can a batch carry this row number (a whole number that fits int32)? Any other row is planned as text. */
function fitsBatch(row: number): boolean {
  return Number.isInteger(row) && row >= 0 && row <= 0x7fffffff;
}

const RULE_JSON = new Map<RuleId | null, string>([[null, 'null'], ...RULES.map((r): [RuleId, string] => [r, JSON.stringify(r)])]);

/**
 * Plans each row's JSON, byte-identical to `JSON.stringify(rowResult(it, engine))`, without
 * building the row object: creating, stringifying and collecting 2 × 10⁶ of those was most of the
 * JSON writer's time. A plain match (most rows) becomes a template's number and three numbers
 * (RowBatch), filled in as bytes by RowBatchWriter; other rows (a few per cent) are built as text
 * from cached pieces (file keys, flag lists, factors) and explain(). Pieces are cut only next to
 * fixed characters (`第`, `行`, quotes, braces), so escaping the pieces apart gives the same text as
 * escaping the whole.
 */
export class RowJsonEncoder {
  private readonly sources: Record<Side, Map<string, Map<string, SourcePieces>>> = { bank: new Map(), finance: new Map() };
  private readonly flagLists = new Map<number, string>();
  private readonly factorsText: string[] = [];
  private readonly window: number;
  /** Whether the register repeats a unit on rows that disagree: only then may a plain match's sentence not be the template's (repeatNoted). */
  private readonly repeatsDisagree: boolean;
  /** The two sources pieces() answered last (see there), and which of them to replace next. */
  private readonly recent: { side: Side; file: string; sheet: string; pieces: SourcePieces }[] = [];
  private nextRecent = 0;
  private sourceCount = 0;
  private templateCount = 0;
  private batch: RowBatch = emptyBatch();
  /** For write(): a writer fed every batch this encoder hands out. */
  private ownWriter: RowBatchWriter | null = null;

  constructor(private readonly engine: Engine) {
    this.window = engine.config.dateWindowDays;
    this.repeatsDisagree = repeatsDisagree(engine);
  }

  /** Rows planned into the current batch. */
  get planned(): number {
    return this.batch.count;
  }

  /** Plans the row as the next of the current batch (which must have room: take() it when full). */
  add(it: Item): void {
    const b = this.batch;
    const k = b.count++;
    const cp = it.partner;
    if (cp !== null && isPlainMatch(it) && fitsBatch(it.row) && fitsBatch(cp.row) && !(this.repeatsDisagree && repeatNoted(it, this.engine))) {
      b.template[k] = this.plainTemplate(this.pieces(cp), it, factorCodeOf(it, this.window));
      b.own[k] = this.pieces(it).id;
      b.row[k] = it.row;
      b.cpRow[k] = cp.row;
      return;
    }
    b.template[k] = -1;
    b.own[k] = b.texts.length;
    b.texts.push(this.text(it));
  }

  /** The batch planned so far, with the sources and templates first used in it; a new one begins. */
  take(): RowBatch {
    const b = this.batch;
    this.batch = emptyBatch();
    return b;
  }

  /** Appends the row's JSON to `out` (one row at a time, for tests: documents go through add and take). */
  write(it: Item, out: ByteChunks): void {
    const writer = (this.ownWriter ??= new RowBatchWriter());
    this.add(it);
    const b = this.take();
    writer.add(b);
    writer.row(b, 0, out);
  }

  /** The row's JSON as a string, for any row. */
  text(it: Item): string {
    const outcome = outcomeOf(it);
    const others = outcome === 'AMBIGUOUS' ? (it.cands ?? []) : (it.cps ?? []);
    let counterparts = '';
    for (let k = 0; k < others.length; k++) counterparts += (k ? ',' : '') + this.pieces(others[k]).key + others[k].row + '}';
    const e = explain(it, this.engine);
    const factors = factorsOf(it, this.window);
    return (
      this.pieces(it).key + it.row + ',"outcome":' + JSON.stringify(outcome) + ',"flags":' + this.flagsJson(it) + ',"counterparts":[' + counterparts + '],"rule":' + RULE_JSON.get(it.rule) +
      ',"explanation":{"zh":' + JSON.stringify(e.zh) + ',"en":' + JSON.stringify(e.en) + '},"factors":' + this.factorsJson(factors) + '}'
    );
  }

  private pieces(it: { side: Side; file: string; sheet: string }): SourcePieces {
    // Rows come sorted by side and file, and a plain match's counterpart is mostly in one other
    // file: the last two sources answer nearly every call without the two Map lookups.
    const side = it.side;
    const file = it.file;
    const sheet = it.sheet;
    for (const r of this.recent) if (r.side === side && r.file === file && r.sheet === sheet) return r.pieces;
    const p = this.lookUp(it);
    this.recent[this.nextRecent] = { side, file, sheet, pieces: p };
    this.nextRecent ^= 1;
    return p;
  }

  private lookUp(it: { side: Side; file: string; sheet: string }): SourcePieces {
    let sheets = this.sources[it.side].get(it.file);
    if (!sheets) this.sources[it.side].set(it.file, (sheets = new Map()));
    let p = sheets.get(it.sheet);
    if (!p) {
      const head = pairedHead(it);
      const key = JSON.stringify({ side: it.side, file: it.file, sheet: it.sheet, row: 0 }).slice(0, -2);
      p = { id: this.sourceCount++, key, zhHead: JSON.stringify(head.zh).slice(0, -1), enHead: JSON.stringify(head.en).slice(0, -1), plain: new Map() };
      this.batch.sourceKeys.push(Buffer.from(key));
      sheets.set(it.sheet, p);
    }
    return p;
  }

  /** The number of the template for plain match `it` paired with a row of `at`, its factors being factorCode `code`. */
  private plainTemplate(at: SourcePieces, it: Item, code: number): number {
    const rule = it.rule;
    let byCode = at.plain.get(rule);
    if (!byCode) at.plain.set(rule, (byCode = []));
    let n = byCode[code];
    if (n === undefined) {
      const factors = factorsOf(it, this.window);
      const end = pairedTail(rule, factors, this.window);
      const t: RowTemplate = {
        beforeCpRow: Buffer.from(',"outcome":"MATCHED","flags":[],"counterparts":[' + at.key),
        beforeZhRow: Buffer.from('}],"rule":' + RULE_JSON.get(rule) + ',"explanation":{"zh":' + at.zhHead),
        beforeEnRow: Buffer.from(JSON.stringify(end.zh).slice(1) + ',"en":' + at.enHead),
        end: Buffer.from(JSON.stringify(end.en).slice(1) + '},"factors":' + this.factorsJson(factors) + '}'),
      };
      this.batch.templates.push(t);
      byCode[code] = n = this.templateCount++;
    }
    return n;
  }

  private factorsJson(factors: Factors | null): string {
    return (this.factorsText[factorCode(factors)] ??= JSON.stringify(factors));
  }

  private flagsJson(it: Item): string {
    let t = this.flagLists.get(it.flags);
    if (t === undefined) this.flagLists.set(it.flags, (t = JSON.stringify(flagsOf(it))));
    return t;
  }
}
