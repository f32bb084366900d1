import * as fs from 'node:fs';
import { RULES, explain, factorsOf, flagsOf, openItems, outcomeOf, totalsJson, type Engine, type Factors, type Item, type Reconciliation, type RuleId, type Side } from '../../domain/reconcile';
import { factorCode, factorCodeOf, isPlainMatch, pairedHead, pairedTail } from '../../domain/reconcile/explain';
import { writeAtomically } from '../io/atomicWrite';
import { ByteChunks, decimalDigits, writeDigits } from '../io/byteChunks';
import { maskText } from './pii';

const FIRST_ROW = Buffer.from('\n');
const ROW_SEPARATOR = Buffer.from(',\n');

/** A bank file --keep-going left out, and why (the reader's bilingual message). */
export interface NotRead {
  file: string;
  reason: { zh: string; en: string };
}

/**
 * The machine-readable contract (docs/reconcile-json.md): {"period","rows":[…],"totals":{…},"open":[…]}, and
 * "notRead":[…] when --keep-going left files out.
 * Written row by row (a whole group's year is millions of rows) through 1 MiB Buffers (see
 * writeDocument); one row per line; no timestamps, so the same inputs give
 * byte-identical output.
 */
export async function writeReconcileJson(target: string, rec: Reconciliation, opts: { inputs?: readonly string[]; showPii?: boolean; notRead?: readonly NotRead[] } = {}): Promise<void> {
  await writeAtomically(
    target,
    async (temp) => {
      const fd = fs.openSync(temp, 'w');
      try {
        writeDocument(fd, rec, opts);
      } finally {
        fs.closeSync(fd);
      }
    },
    { inputs: opts.inputs },
  );
}

/**
 * The document into the open file `fd`, each 1 MiB chunk written with fs.writeSync as it fills.
 * The kernel copies a chunk into the page cache in about a millisecond; handing it to the thread
 * pool instead (a write stream, awaiting its drain) cost as much again in thread wake-ups,
 * callbacks and promise turns, 1,240 times for a million-row month, while the rows waited anyway.
 * A reconciliation has nothing else to do meanwhile (progress is printed between phases), so
 * blocking the event loop costs nothing.
 */
function writeDocument(fd: number, rec: Reconciliation, opts: { showPii?: boolean; notRead?: readonly NotRead[] }): void {
  const doc = new ByteChunks(1 << 20, (chunk, done) => {
    writeAll(fd, chunk);
    done();
  });
  doc.text(`{"period":${JSON.stringify(rec.engine.period)},"rows":[`);
  const items = rec.engine.items;
  const rows = new RowJsonEncoder(rec.engine);
  for (let k = 0; k < items.length; k++) {
    doc.bytes(k ? ROW_SEPARATOR : FIRST_ROW);
    rows.write(items[k], doc);
  }
  doc.text(`\n],\n"totals":${JSON.stringify(totalsJson(rec.totals))},\n"open":[`);
  const open = openItems(rec.engine);
  for (let k = 0; k < open.length; k++) {
    const o = { ...open[k], text: maskText(open[k].text, !!opts.showPii) };
    doc.text((k ? ',\n' : '\n') + JSON.stringify(o));
  }
  doc.text(open.length ? '\n]' : ']');
  // Only when --keep-going left files out, so a complete run's JSON is unchanged.
  const notRead = (opts.notRead ?? []).map((n) => ({ file: n.file, reason: { zh: maskText(n.reason.zh, !!opts.showPii), en: maskText(n.reason.en, !!opts.showPii) } }));
  if (notRead.length) doc.text(`,\n"notRead":${JSON.stringify(notRead)}`);
  doc.text('}\n');
  doc.finish();
}

/** All of `chunk` (writeSync may write less than asked). */
function writeAll(fd: number, chunk: Uint8Array): void {
  for (let at = 0; at < chunk.length; ) at += fs.writeSync(fd, chunk, at);
}

/** A source's JSON pieces (file and sheet names are few: escaped once per source, not per row). */
interface SourcePieces {
  /** A number of its own among the sources this encoder has seen (part of a FilledRow's key). */
  id: number;
  /** `{"side":…,"file":…,"sheet":…,"row":` — a row and a counterpart start alike; the row number and `}` follow. */
  key: string;
  keyBytes: Buffer;
  /** The explanation of a plain match with this counterpart up to its row number, opening quote included. */
  zhHead: string;
  enHead: string;
  /** The plain-match rows paired with this source, per rule and factorCode. */
  plain: Map<RuleId | null, PlainTemplate[]>;
}

/**
 * A plain match's row (isPlainMatch) is the same bytes for every row with the same counterpart
 * source, rule and factors, except for four row numbers: its own (after its key) and its
 * counterpart's, three times (in counterparts, in the Chinese and in the English sentence).
 */
interface PlainTemplate {
  beforeCpRow: Buffer;
  beforeZhRow: Buffer;
  beforeEnRow: Buffer;
  end: Buffer;
  /** The whole row, per own source and digit counts of the two numbers (see filledRow), and the one used last. */
  rows: Map<number, FilledRow>;
  last: FilledRow | null;
}

/**
 * A plain match's whole row for one own source and one length of each row number, the numbers'
 * places overwritten for each row before the row is copied out: one copy of ~600 bytes instead
 * of nine pieces.
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

/** Row numbers up to this many digits are written through FilledRows (more than any sheet or file has). */
const MAX_DIGITS = 15;

const RULE_JSON = new Map<RuleId | null, string>([[null, 'null'], ...RULES.map((r): [RuleId, string] => [r, JSON.stringify(r)])]);

/**
 * The JSON text of one row, byte-identical to `JSON.stringify(rowResult(it, engine))`, without
 * building the row object: creating, stringifying and collecting 2 × 10⁶ of those was most of the
 * JSON writer's time. A plain match (most rows) is written from a cached template of UTF-8 bytes
 * plus its row numbers; other rows (a few per cent) are built as text from cached pieces (file keys,
 * flag lists, factors) and explain(). Pieces are cut only next to fixed characters (`第`, `行`,
 * quotes, braces), so escaping the pieces apart gives the same text as escaping the whole.
 */
export class RowJsonEncoder {
  private readonly sources: Record<Side, Map<string, Map<string, SourcePieces>>> = { bank: new Map(), finance: new Map() };
  private readonly flagLists = new Map<number, string>();
  private readonly factorsText: string[] = [];
  private readonly window: number;
  /** The two sources pieces() answered last (see there), and which of them to replace next. */
  private readonly recent: { side: Side; file: string; sheet: string; pieces: SourcePieces }[] = [];
  private nextRecent = 0;
  private sourceCount = 0;

  constructor(private readonly engine: Engine) {
    this.window = engine.config.dateWindowDays;
  }

  /** Appends the row's JSON to `out`. */
  write(it: Item, out: ByteChunks): void {
    if (!isPlainMatch(it)) return out.text(this.text(it));
    const cp = it.partner!; // a plain match has exactly one
    const row = it.row;
    const cpRow = cp.row;
    const ownDigits = rowDigits(row);
    const cpDigits = rowDigits(cpRow);
    if (!ownDigits || !cpDigits) return out.text(this.text(it));
    const t = this.plainTemplate(this.pieces(cp), it, factorCodeOf(it, this.window));
    const r = filledRow(t, this.pieces(it), ownDigits, cpDigits);
    const bytes = r.bytes;
    writeDigits(bytes, r.own, ownDigits, row);
    writeDigits(bytes, r.cp1, cpDigits, cpRow);
    writeDigits(bytes, r.cp2, cpDigits, cpRow);
    writeDigits(bytes, r.cp3, cpDigits, cpRow);
    out.bytes(bytes);
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
      p = { id: this.sourceCount++, key, keyBytes: Buffer.from(key), zhHead: JSON.stringify(head.zh).slice(0, -1), enHead: JSON.stringify(head.en).slice(0, -1), plain: new Map() };
      sheets.set(it.sheet, p);
    }
    return p;
  }

  /** The template for plain match `it` paired with a row of `at`, its factors being factorCode `code`. */
  private plainTemplate(at: SourcePieces, it: Item, code: number): PlainTemplate {
    const rule = it.rule;
    let byCode = at.plain.get(rule);
    if (!byCode) at.plain.set(rule, (byCode = []));
    let t = byCode[code];
    if (!t) {
      const factors = factorsOf(it, this.window);
      const end = pairedTail(rule, factors);
      byCode[code] = t = {
        beforeCpRow: Buffer.from(',"outcome":"MATCHED","flags":[],"counterparts":[' + at.key),
        beforeZhRow: Buffer.from('}],"rule":' + RULE_JSON.get(rule) + ',"explanation":{"zh":' + at.zhHead),
        beforeEnRow: Buffer.from(JSON.stringify(end.zh).slice(1) + ',"en":' + at.enHead),
        end: Buffer.from(JSON.stringify(end.en).slice(1) + '},"factors":' + this.factorsJson(factors) + '}'),
        rows: new Map(),
        last: null,
      };
    }
    return t;
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

/** How many digits row number n has, or 0 when a FilledRow cannot hold it (not a whole number ≥ 0 of at most MAX_DIGITS digits). */
function rowDigits(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) return 0;
  const digits = decimalDigits(n);
  return digits <= MAX_DIGITS ? digits : 0;
}

/** Template `t`'s row for a row of source `own`, with row numbers of these many digits (made once, then reused). */
function filledRow(t: PlainTemplate, own: SourcePieces, ownDigits: number, cpDigits: number): FilledRow {
  const key = (own.id * (MAX_DIGITS + 1) + ownDigits) * (MAX_DIGITS + 1) + cpDigits;
  // Consecutive rows mostly share a template's source and digit counts.
  if (t.last?.key === key) return t.last;
  let r = t.rows.get(key);
  if (!r) {
    const own0 = own.keyBytes.length;
    const cp1 = own0 + ownDigits + t.beforeCpRow.length;
    const cp2 = cp1 + cpDigits + t.beforeZhRow.length;
    const cp3 = cp2 + cpDigits + t.beforeEnRow.length;
    const bytes = Buffer.alloc(cp3 + cpDigits + t.end.length);
    own.keyBytes.copy(bytes, 0);
    t.beforeCpRow.copy(bytes, own0 + ownDigits);
    t.beforeZhRow.copy(bytes, cp1 + cpDigits);
    t.beforeEnRow.copy(bytes, cp2 + cpDigits);
    t.end.copy(bytes, cp3 + cpDigits);
    r = { key, bytes, own: own0, cp1, cp2, cp3 };
    t.rows.set(key, r);
  }
  t.last = r;
  return r;
}
