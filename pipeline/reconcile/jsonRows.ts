import * as fs from 'node:fs';
import { ByteChunks, decimalDigits, writeDigits } from '../io/byteChunks';
import { base36 } from '../../domain/reconcile/duplicates';

/**
 * The reconcile JSON's rows as bytes, from batches planned on the main thread (RowJsonEncoder in
 * json.ts). This module knows nothing of the domain, so it can run on a worker thread
 * (jsonWorker.ts) while the main thread writes the workbook: a batch is a few typed arrays and
 * strings, cheap to hand over, where the rows' objects could not be shared at all.
 */

/**
 * A plain match's row (isPlainMatch) is the same bytes for every row with the same counterpart
 * source, rule and factors, except for four row numbers: its own (after its source's key) and its
 * counterpart's, three times (in counterparts, in the Chinese and in the English sentence).
 */
export interface RowTemplate {
  beforeCpRow: Uint8Array;
  beforeZhRow: Uint8Array;
  beforeEnRow: Uint8Array;
  end: Uint8Array;
}

/** A run of rows in the document's order, with the sources and templates first used in it. */
export interface RowBatch {
  /**
   * Keys (`{"side":…,"file":…,"sheet":…,"row":`) of the sources first used in this batch, and the
   * templates first used in it: both numbered on from the previous batch's.
   */
  sourceKeys: Uint8Array[];
  templates: RowTemplate[];
  count: number;
  /** Per row: its template's number; or -1 when the row is a text of its own, texts[own[k]]. */
  template: Int32Array;
  /** Per row: its own source's number (or its text's index); its row number; its counterpart's row number. */
  own: Int32Array;
  row: Int32Array;
  cpRow: Int32Array;
  texts: string[];
}

/** Rows per batch: small enough to hand over often, large enough that handing over costs nothing. */
export const BATCH_ROWS = 1 << 16;

export function emptyBatch(size = BATCH_ROWS): RowBatch {
  return { sourceKeys: [], templates: [], count: 0, template: new Int32Array(size), own: new Int32Array(size), row: new Int32Array(size), cpRow: new Int32Array(size), texts: [] };
}

/**
 * A template's whole row for one own source and one length of each row number, the numbers'
 * places overwritten for each row before the row is copied out: one copy of ~600 bytes instead of
 * nine pieces.
 */
interface FilledRow {
  key: number;
  bytes: Buffer;
  /** Where the row's own number starts, and the counterpart's three times. */
  own: number;
  cp1: number;
  cp2: number;
  cp3: number;
}

interface TemplateRows {
  t: RowTemplate;
  /** The whole row per own source and digit counts of the two numbers (see filled), and the one used last. */
  rows: Map<number, FilledRow>;
  last: FilledRow | null;
}

/** Row numbers have at most 10 digits (they are int32): a FilledRow's key counts digits up to this. */
const DIGIT_SLOTS = 11;

/** Writes batches' rows, keeping the sources and templates they bring in. */
export class RowBatchWriter {
  private readonly sourceKeys: Uint8Array[] = [];
  private readonly templates: TemplateRows[] = [];

  /** Takes in the batch's new sources and templates; call once per batch before its rows. */
  add(batch: RowBatch): void {
    for (const k of batch.sourceKeys) this.sourceKeys.push(k);
    for (const t of batch.templates) this.templates.push({ t, rows: new Map(), last: null });
  }

  /** Appends row k of `batch` to `out`. */
  row(batch: RowBatch, k: number, out: ByteChunks): void {
    const tn = batch.template[k];
    if (tn < 0) return out.text(batch.texts[batch.own[k]]);
    const row = batch.row[k];
    const cpRow = batch.cpRow[k];
    const ownDigits = decimalDigits(row);
    const cpDigits = decimalDigits(cpRow);
    const r = this.filled(this.templates[tn], batch.own[k], ownDigits, cpDigits);
    const bytes = r.bytes;
    writeDigits(bytes, r.own, ownDigits, row);
    writeDigits(bytes, r.cp1, cpDigits, cpRow);
    writeDigits(bytes, r.cp2, cpDigits, cpRow);
    writeDigits(bytes, r.cp3, cpDigits, cpRow);
    out.bytes(bytes);
  }

  /** Template `tr`'s row for a row of source `own`, with row numbers of these many digits (made once, then reused). */
  private filled(tr: TemplateRows, own: number, ownDigits: number, cpDigits: number): FilledRow {
    const key = (own * DIGIT_SLOTS + ownDigits) * DIGIT_SLOTS + cpDigits;
    // Consecutive rows mostly share a template's source and digit counts.
    if (tr.last?.key === key) return tr.last;
    let r = tr.rows.get(key);
    if (!r) {
      const t = tr.t;
      const ownKey = this.sourceKeys[own];
      const own0 = ownKey.length;
      const cp1 = own0 + ownDigits + t.beforeCpRow.length;
      const cp2 = cp1 + cpDigits + t.beforeZhRow.length;
      const cp3 = cp2 + cpDigits + t.beforeEnRow.length;
      const bytes = Buffer.alloc(cp3 + cpDigits + t.end.length);
      bytes.set(ownKey, 0);
      bytes.set(t.beforeCpRow, own0 + ownDigits);
      bytes.set(t.beforeZhRow, cp1 + cpDigits);
      bytes.set(t.beforeEnRow, cp2 + cpDigits);
      bytes.set(t.end, cp3 + cpDigits);
      r = { key, bytes, own: own0, cp1, cp2, cp3 };
      tr.rows.set(key, r);
    }
    tr.last = r;
    return r;
  }
}

/** A list of row hashes the document ends with (the JSON's "seen", "seenFinance"). */
export interface HashList {
  key: string;
  hashes: Float64Array;
}

const FIRST_ROW = Buffer.from('\n');
const ROW_SEPARATOR = Buffer.from(',\n');

/**
 * The document into a file: its head, the rows batch by batch (one per line), its tail. Each 1 MiB
 * chunk is written with fs.writeSync as it fills: on the worker thread blocking costs nobody
 * anything, and on the main thread (small months) a reconciliation has nothing else to do meanwhile.
 */
export class JsonFileWriter {
  private readonly fd: number;
  private readonly out: ByteChunks;
  private readonly rows = new RowBatchWriter();
  private written = 0;

  constructor(file: string, head: string) {
    this.fd = fs.openSync(file, 'w');
    this.out = new ByteChunks(1 << 20, (chunk, done) => {
      writeAll(this.fd, chunk);
      done();
    });
    this.out.text(head);
  }

  batch(b: RowBatch): void {
    this.rows.add(b);
    for (let k = 0; k < b.count; k++) {
      this.out.bytes(this.written++ ? ROW_SEPARATOR : FIRST_ROW);
      this.rows.row(b, k, this.out);
    }
  }

  /**
   * Writes the tail, then each list of row hashes as `,\n"key":["id",…]` (ids in base 36) and the
   * document's closing brace, and closes the file. The lists come as numbers and are formatted here,
   * as they are written: a million ids made into one text on the main thread, then copied to this
   * one, added ~50 MB to the 1M-row run's peak, and the formatting is off the main thread.
   */
  end(tail: string, lists: readonly HashList[] = []): void {
    try {
      this.out.text(tail);
      for (const { key, hashes } of lists) {
        this.out.ascii(`,\n${JSON.stringify(key)}:[`);
        for (let k = 0; k < hashes.length; k++) this.out.ascii(k ? `","${base36(hashes[k])}` : `"${base36(hashes[k])}`);
        this.out.ascii(hashes.length ? '"]' : ']');
      }
      this.out.ascii('}\n');
      this.out.finish();
    } finally {
      fs.closeSync(this.fd);
    }
  }

  /** Closes the file after a failure (the caller removes it). */
  abandon(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}

/** All of `chunk` (writeSync may write less than asked). */
function writeAll(fd: number, chunk: Uint8Array): void {
  for (let at = 0; at < chunk.length; ) at += fs.writeSync(fd, chunk, at);
}
