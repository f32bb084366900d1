import { currentLimits, type Limits } from '../io/limits';
import { entryText, isWorksheetPart, readZipDirectory, verifiedEntryChunks, verifyEntry, workbookPreamble, type ZipEntryInfo } from './guards';
import { detached, type Cell } from './cells';
import type { RowSink } from './sources';

/**
 * A lean streaming XLSX sheet reader: the sheet XML is inflated in chunks and scanned with
 * indexOf (no DOM, no SAX events, no regular expression per cell). It gives the same cells as
 * the exceljs streaming reader did (toCell in sources.ts): strings, numbers, Dates for number
 * cells whose style has a date format (1900 or 1904 system), TRUE/FALSE, error text, a formula's
 * cached value — or "=FORMULA" when it has none, so that the row is rejected naming it.
 * Sheets come in zip order, named through the workbook's relationships; hidden rows are read.
 * guardInputFile checked the zip's directory and small parts before this runs; the worksheets and
 * shared strings are inflated once, here, and checked as they stream (verifiedEntryChunks).
 */

const DATE_BUILTIN = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** exceljs' rule: after removing [..] and "..", any of y m d h M s b makes a date format. */
export function isDateFormat(fmt: string): boolean {
  const f = fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]/.test(f);
}

export function decodeEntities(s: string): string {
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    const semi = s.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > 12) break;
    const name = s.slice(amp + 1, semi);
    let rep: string | null = null;
    if (name === 'amp') rep = '&';
    else if (name === 'lt') rep = '<';
    else if (name === 'gt') rep = '>';
    else if (name === 'quot') rep = '"';
    else if (name === 'apos') rep = "'";
    else if (name.charCodeAt(0) === 35) {
      const hex = name.charCodeAt(1) === 120 || name.charCodeAt(1) === 88;
      const n = hex ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      if (Number.isFinite(n) && n >= 0 && n <= 0x10ffff) rep = String.fromCodePoint(n);
    }
    if (rep !== null) {
      out += s.slice(from, amp) + rep;
      from = semi + 1;
    }
    amp = s.indexOf('&', rep !== null ? semi + 1 : amp + 1);
  }
  return out + s.slice(from);
}

/** exceljs decodes 'str' and inline-string text a second time (named entities only): kept for identical results. */
function exceljsDecode(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&([a-z]*);/g, (c) => (c === '&lt;' ? '<' : c === '&gt;' ? '>' : c === '&amp;' ? '&' : c === '&apos;' ? "'" : c === '&quot;' ? '"' : c));
}

/** The value of attribute `name` in the tag text s[from, to), or null. */
function attr(s: string, from: number, to: number, name: string): string | null {
  let k = from;
  for (;;) {
    const p = s.indexOf(name, k);
    if (p < 0 || p >= to) return null;
    const before = s.charCodeAt(p - 1);
    let q = p + name.length;
    while (s.charCodeAt(q) === 32) q++;
    if ((before === 32 || before === 9 || before === 10 || before === 13) && s.charCodeAt(q) === 61) {
      q++;
      while (s.charCodeAt(q) === 32) q++;
      const quote = s.charCodeAt(q);
      if (quote === 34 || quote === 39) {
        const end = s.indexOf(quote === 34 ? '"' : "'", q + 1);
        if (end < 0 || end > to) return null;
        return s.slice(q + 1, end);
      }
    }
    k = p + name.length;
  }
}

function tagEndsAt(s: string, gt: number): boolean {
  return s.charCodeAt(gt - 1) === 47;
}

/** Is s[i..] the start of element `name` (followed by space, '>' or '/')? */
function isTag(s: string, i: number, name: string): boolean {
  if (!s.startsWith(name, i)) return false;
  const c = s.charCodeAt(i + name.length);
  return c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;
}

/** Concatenated text of the <t> elements in s[from, to), leaving out phonetic runs (<rPh>). */
function textOf(s: string, from: number, to: number): { text: string; any: boolean } {
  let text = '';
  let any = false;
  let i = from;
  while (i < to) {
    const lt = s.indexOf('<', i);
    if (lt < 0 || lt >= to) break;
    if (isTag(s, lt + 1, 'rPh')) {
      const end = s.indexOf('</rPh>', lt);
      i = end < 0 ? to : end + 6;
      continue;
    }
    if (isTag(s, lt + 1, 't')) {
      const gt = s.indexOf('>', lt);
      if (gt < 0) break;
      if (tagEndsAt(s, gt)) {
        i = gt + 1;
        continue;
      }
      const end = s.indexOf('</t>', gt);
      if (end < 0) break;
      if (end > gt + 1) {
        text += decodeEntities(s.slice(gt + 1, end));
        any = true;
      }
      i = end + 4;
      continue;
    }
    i = lt + 1;
  }
  return { text, any };
}

/** A big part (shared strings) as text, inflated and checked once. */
async function verifiedEntryText(file: string, e: ZipEntryInfo, limits: Limits): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of verifiedEntryChunks(file, e, limits)) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Shared strings: plain text, rich text runs joined; an empty plain string is null (as exceljs).
 * Each is detached once, here, so that the table holds only its strings, not views that keep the
 * whole decoded sharedStrings.xml alive while the sheets are read.
 */
function parseSharedStrings(xml: string): (string | null)[] {
  const out: (string | null)[] = [];
  let i = 0;
  for (;;) {
    const si = xml.indexOf('<si', i);
    if (si < 0) break;
    const gt = xml.indexOf('>', si);
    if (gt < 0) break;
    if (!isTag(xml, si + 1, 'si')) {
      i = si + 3;
      continue;
    }
    if (tagEndsAt(xml, gt)) {
      out.push(null);
      i = gt + 1;
      continue;
    }
    const end = xml.indexOf('</si>', gt);
    if (end < 0) throw new Error('sharedStrings.xml: <si> without </si>');
    const { text } = textOf(xml, gt + 1, end);
    let rich = false;
    for (let p = xml.indexOf('<r', gt); p >= 0 && p < end; p = xml.indexOf('<r', p + 2)) {
      if (isTag(xml, p + 1, 'r')) {
        rich = true;
        break;
      }
    }
    out.push(rich || text.length ? detached(text) : null);
    i = end + 5;
  }
  return out;
}

/** For each style index (cellXfs), whether its number format is a date format. */
function parseDateStyles(xml: string): boolean[] {
  const custom = new Map<number, string>();
  const nf0 = xml.indexOf('<numFmts');
  if (nf0 >= 0) {
    const nf1 = xml.indexOf('</numFmts>', nf0);
    let i = nf0 + 8;
    for (;;) {
      const p = xml.indexOf('<numFmt', i);
      if (p < 0 || (nf1 >= 0 && p > nf1)) break;
      const gt = xml.indexOf('>', p);
      if (gt < 0) break;
      if (isTag(xml, p + 1, 'numFmt')) {
        const id = attr(xml, p, gt, 'numFmtId');
        const code = attr(xml, p, gt, 'formatCode');
        if (id !== null && code !== null) custom.set(parseInt(id, 10), decodeEntities(code));
      }
      i = gt + 1;
    }
  }
  const out: boolean[] = [];
  const x0 = xml.indexOf('<cellXfs');
  if (x0 < 0) return out;
  const x1 = xml.indexOf('</cellXfs>', x0);
  let i = x0 + 8;
  for (;;) {
    const p = xml.indexOf('<xf', i);
    if (p < 0 || (x1 >= 0 && p > x1)) break;
    const gt = xml.indexOf('>', p);
    if (gt < 0) break;
    if (isTag(xml, p + 1, 'xf')) {
      const id = parseInt(attr(xml, p, gt, 'numFmtId') ?? '0', 10);
      const fmt = id ? custom.get(id) : undefined;
      out.push(id ? (fmt !== undefined ? isDateFormat(fmt) : DATE_BUILTIN.has(id)) : false);
    }
    i = gt + 1;
  }
  return out;
}

function parseRels(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  for (;;) {
    const p = xml.indexOf('<Relationship', i);
    if (p < 0) break;
    const gt = xml.indexOf('>', p);
    if (gt < 0) break;
    if (isTag(xml, p + 1, 'Relationship')) {
      const id = attr(xml, p, gt, 'Id');
      const target = attr(xml, p, gt, 'Target');
      if (id !== null && target !== null) out.set(id, decodeEntities(target));
    }
    i = gt + 1;
  }
  return out;
}

function relTargetToPath(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  return 'xl/' + target.replace(/^\.\//, '');
}

/** What a <c> tag says: its column (from r; -1 without r), type (t) and style (s; 0 without, NaN when not a number). */
interface CellAttrs {
  col: number;
  t: string | null;
  style: number;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** The column of a cell reference s[from, to) ("AB12" → 28) from its leading letters; 0 without letters. */
function columnAt(s: string, from: number, to: number): number {
  let col = 0;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  return col;
}

/** The t attribute's value s[from, to): the types a sheet uses as constants (no string cut per cell). */
function cellTypeAt(s: string, from: number, to: number): string {
  const n = to - from;
  const c = s.charCodeAt(from);
  if (n === 1) {
    if (c === 115) return 's';
    if (c === 110) return 'n';
    if (c === 98) return 'b';
    if (c === 101) return 'e';
  } else if (n === 3 && c === 115 && s.charCodeAt(from + 1) === 116 && s.charCodeAt(from + 2) === 114) return 'str'; // most text cells: no builtin call
  else if (n === 9 && s.startsWith('inlineStr', from)) return 'inlineStr';
  return s.slice(from, to);
}

/** The s attribute's value s[from, to) as parseInt reads it; plain digits without cutting a string. */
function styleAt(s: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return parseInt(s.slice(from, to), 10);
    n = n * 10 + (c - 48);
  }
  return to > from && to - from < 16 ? n : parseInt(s.slice(from, to), 10);
}

/**
 * One pass over the attributes of a <c> tag, s[from, to) after "<c", into `out` (reused: no
 * allocation per cell — not even the attribute values, which were two short strings per cell).
 */
function readCellAttrs(s: string, from: number, to: number, out: CellAttrs): void {
  out.col = -1;
  out.t = null;
  out.style = 0;
  let styleSeen = false;
  let i = from;
  while (i < to) {
    let c = s.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < to && (c = s.charCodeAt(i)) !== 61 && !isSpace(c)) i++;
    const nameLen = i - nameStart;
    while (i < to && isSpace(s.charCodeAt(i))) i++;
    if (s.charCodeAt(i) !== 61 /* = */) continue;
    i++;
    while (i < to && isSpace(s.charCodeAt(i))) i++;
    const quote = s.charCodeAt(i);
    if (quote !== 34 && quote !== 39) continue;
    let end = i + 1;
    while (end < to && s.charCodeAt(end) !== quote) end++;
    if (end >= to) return;
    if (nameLen === 1) {
      const name = s.charCodeAt(nameStart);
      if (name === 114 /* r */ && out.col < 0) out.col = columnAt(s, i + 1, end);
      else if (name === 116 /* t */ && out.t === null) out.t = cellTypeAt(s, i + 1, end);
      else if (name === 115 /* s */ && !styleSeen) {
        out.style = styleAt(s, i + 1, end);
        styleSeen = true;
      }
    }
    i = end + 1;
  }
}

/** Does s continue at `at` with "</v></c>"? */
function isValueCellEnd(s: string, at: number): boolean {
  return (
    s.charCodeAt(at + 1) === 47 && s.charCodeAt(at + 2) === 118 && s.charCodeAt(at + 3) === 62 && s.charCodeAt(at + 4) === 60 && s.charCodeAt(at + 5) === 47 && s.charCodeAt(at + 6) === 99 && s.charCodeAt(at + 7) === 62
  );
}

/**
 * Bytes decoded per piece of sheet text: a piece's string (two bytes a character once it holds any
 * Chinese) stays under V8's large-object size, so it is an ordinary young object that dies young.
 */
const PIECE_BYTES = 1 << 15;

/**
 * Feeds the scanner the sheet's inflated bytes, decoded with Buffer#toString (about twice as fast
 * as TextDecoder's stream mode here) piece by piece, each piece cut at a character boundary. What
 * a piece leaves unscanned (the start of an element it does not complete) is carried as bytes and
 * decoded again with what follows: the scanner always gets one flat string, never `carry + text`,
 * which V8 keeps as a two-part string to copy whole on first read and then reads more slowly.
 */
class SheetBytes {
  private pending: Buffer | null = null;
  constructor(private readonly scanner: SheetScanner) {}

  push(chunk: Buffer): void {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    let start = 0;
    let size = PIECE_BYTES;
    while (start < buf.length) {
      const limit = Math.min(start + size, buf.length);
      const end = limit - incompleteUtf8Tail(buf, start, limit);
      if (end <= start) break; // only part of a character: it waits for the next chunk
      const text = buf.toString('utf8', start, end);
      const stop = this.scanner.scan(text, text.length);
      const scanned = stop === text.length ? end - start : end - start - Buffer.byteLength(text.slice(stop));
      if (scanned > 0) {
        start += scanned;
        size = PIECE_BYTES;
      } else if (limit < buf.length) size *= 2; // an element longer than the piece: take more of the chunk
      else break; // the chunk ends inside an element: it waits for the next chunk
    }
    this.pending = start < buf.length ? Buffer.from(buf.subarray(start)) : null;
  }

  /** What is left at the end of the sheet (an incomplete character decodes as U+FFFD), as text. */
  rest(): string {
    const rest = this.pending ? this.pending.toString('utf8') : '';
    this.pending = null;
    return rest;
  }
}

/** How many bytes at the end of buf[from, to) start a UTF-8 character that it does not complete (0–3). */
function incompleteUtf8Tail(buf: Buffer, from: number, to: number): number {
  const n = to - from;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const b = buf[to - k];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: its lead byte is further back
    if (b < 0xc0) return 0; // ASCII
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return length > k ? k : 0;
  }
  return 0;
}

interface SheetContext {
  shared: (string | null)[];
  dateStyles: boolean[];
  date1904: boolean;
}

/** Scans sheet XML text made of whole rows; keeps the row state across calls. */
class SheetScanner {
  private cells: Cell[] = [];
  private maxCol = 0;
  private rowNumber = 0;
  private inRow = false;
  private lastCol = 0;
  private readonly attrs: CellAttrs = { col: -1, t: null, style: 0 };
  constructor(
    private readonly ctx: SheetContext,
    private readonly emit: (cells: Cell[], rowNumber: number) => void,
  ) {}

  private endRow(): void {
    const cells = this.cells;
    if (cells.length > this.maxCol) cells.length = this.maxCol;
    for (let k = 0; k < this.maxCol; k++) if (cells[k] === undefined) cells[k] = null;
    this.inRow = false;
    this.emit(cells, this.rowNumber);
  }

  /** Scan s[0, to); returns where scanning stopped (the start of an incomplete element, or to). */
  scan(s: string, to: number): number {
    let i = 0;
    while (i < to) {
      // Plain loops instead of indexOf/startsWith in this path: the next '<' is usually the very
      // next character, and a builtin call per step cost more than the search (about half the time).
      let lt = i;
      while (lt < to && s.charCodeAt(lt) !== 60) lt++;
      if (lt >= to) return to;
      const c1 = s.charCodeAt(lt + 1);
      if (c1 === 99 /* c */ && this.inRow && isTag(s, lt + 1, 'c')) {
        const gt = s.indexOf('>', lt);
        if (gt < 0 || gt >= to) return lt;
        const a = this.attrs;
        readCellAttrs(s, lt + 2, gt, a);
        const col = a.col >= 0 ? a.col : this.lastCol + 1;
        if (tagEndsAt(s, gt)) {
          this.lastCol = col;
          i = gt + 1;
          continue;
        }
        // Most cells are <c …><v>text</v></c>: read them without the general child loop.
        if (s.charCodeAt(gt + 1) === 60 && s.charCodeAt(gt + 2) === 118 && s.charCodeAt(gt + 3) === 62) {
          let close = gt + 4;
          while (close < to && s.charCodeAt(close) !== 60) close++;
          if (close >= to) return lt; // incomplete: scanned again with the next chunk
          if (isValueCellEnd(s, close)) {
            this.lastCol = col;
            this.setValue(col, a.t, a.style, null, decodeEntities(s.slice(gt + 4, close)), null);
            i = close + 8;
            continue;
          }
        }
        const end = s.indexOf('</c>', gt);
        if (end < 0 || end >= to) return lt; // incomplete: scanned again with the next chunk
        this.lastCol = col;
        this.cell(s, gt, end, col, a.t, a.style);
        i = end + 4;
        continue;
      }
      if (c1 === 114 /* r */ && isTag(s, lt + 1, 'row')) {
        const gt = s.indexOf('>', lt);
        if (gt < 0 || gt >= to) return lt;
        if (this.inRow) this.endRow();
        const r = attr(s, lt, gt, 'r');
        this.rowNumber = r !== null ? parseInt(r, 10) : this.rowNumber + 1;
        this.cells = [];
        this.maxCol = 0;
        this.lastCol = 0;
        this.inRow = true;
        if (tagEndsAt(s, gt)) this.endRow();
        i = gt + 1;
        continue;
      }
      if (c1 === 47 /* / */ && this.inRow && s.startsWith('/row>', lt + 1)) {
        this.endRow();
        i = lt + 6;
        continue;
      }
      const gt = s.indexOf('>', lt);
      if (gt < 0 || gt >= to) return lt;
      i = gt + 1;
    }
    return to;
  }

  finish(): void {
    if (this.inRow) this.endRow();
  }

  /** A cell with children other than a lone <v>: <f> (formula), <v>, <is> (inline string). */
  private cell(s: string, gt: number, end: number, col: number, t: string | null, style: number): void {
    let f: string | null = null;
    let v: string | null = null;
    let inline: string | null = null;
    let i = gt + 1;
    while (i < end) {
      const p = s.indexOf('<', i);
      if (p < 0 || p >= end) break;
      const c1 = s.charCodeAt(p + 1);
      const pgt = s.indexOf('>', p);
      if (pgt < 0 || pgt > end) break;
      const isV = c1 === 118 /* v */ && isTag(s, p + 1, 'v');
      if (isV || (c1 === 102 /* f */ && isTag(s, p + 1, 'f'))) {
        let text = '';
        if (tagEndsAt(s, pgt)) i = pgt + 1;
        else {
          const close = s.indexOf(isV ? '</v>' : '</f>', pgt);
          const stop = close < 0 || close > end ? end : close;
          text = decodeEntities(s.slice(pgt + 1, stop));
          i = stop === close ? close + 4 : end;
        }
        if (isV) v = text;
        else f = text;
        continue;
      }
      if (c1 === 105 /* i */ && isTag(s, p + 1, 'is')) {
        if (tagEndsAt(s, pgt)) {
          inline = '';
          i = pgt + 1;
        } else {
          const ie = s.indexOf('</is>', pgt);
          const stop = ie < 0 || ie > end ? end : ie;
          inline = textOf(s, pgt + 1, stop).text;
          i = stop + 5;
        }
        continue;
      }
      i = pgt + 1;
    }
    this.setValue(col, t, style, f, v, inline);
  }

  /** The cell's value as exceljs gave it, from its type (t), style (s) and children. */
  private setValue(col: number, t: string | null, style: number, f: string | null, v: string | null, inline: string | null): void {
    let value: Cell;
    if (f !== null) {
      if (v !== null) value = t === 'str' ? exceljsDecode(v) : parseFloat(v);
      else value = `=${f}`;
    } else {
      const text = inline !== null && (t === 'inlineStr' || v === null) ? inline : v;
      if (text === null) return;
      if (t === 's') {
        const str = this.ctx.shared[parseInt(text, 10)];
        if (str === null || str === undefined) return;
        value = str;
      } else if (t === 'inlineStr' || t === 'str') value = exceljsDecode(text);
      else if (t === 'e') value = text;
      else if (t === 'b') value = parseInt(text, 10) !== 0 ? 'TRUE' : 'FALSE';
      else {
        const n = parseFloat(text);
        if (style && this.ctx.dateStyles[style]) value = new Date(Math.round((n - 25569 + (this.ctx.date1904 ? 1462 : 0)) * 86_400_000));
        else value = n;
      }
    }
    if (col < 1) return;
    this.cells[col - 1] = value;
    if (col > this.maxCol) this.maxCol = col;
  }
}

/** The worksheet parts read as sheets, numbered as exceljs names a sheet without a name. */
const SHEET_PART = /xl\/worksheets\/sheet(\d+)[.]xml/;

export async function streamXlsxFast(file: string, sink: RowSink): Promise<void> {
  const limits = currentLimits();
  const entries = await readZipDirectory(file);
  if (!entries) throw new Error('the zip directory cannot be read');
  const byName = new Map<string, ZipEntryInfo>();
  for (const e of entries) byName.set(e.name, e);
  const pre = await workbookPreamble(file);
  const date1904 = !!pre.properties?.model.date1904;
  const relsEntry = byName.get('xl/_rels/workbook.xml.rels');
  const rels = relsEntry ? parseRels(await entryText(file, relsEntry)) : new Map<string, string>();
  const sheetByPath = new Map<string, { name: string; state?: string }>();
  for (const sh of pre.model?.sheets ?? []) {
    const target = rels.get(sh.rId);
    if (target !== undefined) sheetByPath.set(relTargetToPath(target), sh);
  }
  const ssEntry = byName.get('xl/sharedStrings.xml');
  const shared = ssEntry ? parseSharedStrings(await verifiedEntryText(file, ssEntry, limits)) : [];
  const stEntry = byName.get('xl/styles.xml');
  const dateStyles = stEntry ? parseDateStyles(await entryText(file, stEntry)) : [];
  const ctx: SheetContext = { shared, dateStyles, date1904 };

  for (const e of entries) {
    const m = SHEET_PART.exec(e.name);
    if (!m) continue;
    const info = sheetByPath.get(e.name);
    const name = info?.name ?? `Sheet${m[1]}`;
    const hidden = info?.state === 'hidden' || info?.state === 'veryHidden';
    if (!sink.sheetStart(name, { hidden, date1904, text: false })) {
      await verifyEntry(file, e, limits); // not read, but a damaged workbook is refused whole, as before
      continue;
    }
    const scanner = new SheetScanner(ctx, (cells, n) => sink.row(cells, n));
    const bytes = new SheetBytes(scanner);
    for await (const chunk of verifiedEntryChunks(file, e, limits)) bytes.push(chunk);
    const rest = bytes.rest();
    if (rest.length) {
      const stop = scanner.scan(rest, rest.length);
      if (stop < rest.length && rest.slice(stop).trim().length && /<(row|c)[\s>/]/.test(rest.slice(stop))) throw new Error(`${e.name}: the sheet XML ends inside an element`);
    }
    scanner.finish();
    sink.sheetEnd();
  }
  // Worksheet parts that are no sheet of the workbook (not read) are still checked, as before.
  for (const e of entries) if (isWorksheetPart(e.name) && !SHEET_PART.test(e.name) && e.name !== 'xl/sharedStrings.xml') await verifyEntry(file, e, limits);
}
