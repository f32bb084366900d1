import type { Cell } from './cells';
import { decodeEntities, exceljsDecode, isTag, tagEndsAt, textOf } from './xlsxText';
import { PENDING, RowTexts } from './xlsxRowTexts';

/**
 * The sheet scanner of the fast XLSX reader (xlsxFast.ts), working on the inflated bytes of the
 * sheet XML: rows, cells and their attributes are found in the Buffer itself (tags, attribute
 * names, cell references, types, styles, numbers and shared-string indices are ASCII); only text
 * values are decoded, from their own bytes — a row's texts together into one string
 * (xlsxRowTexts.ts). Decoding every piece of the sheet into a string first (tags and all, most of
 * the bytes) and scanning that cost about twice as much.
 *
 * Every byte below 0x80 in UTF-8 is the ASCII character itself (a multi-byte character is made of
 * bytes ≥ 0x80 only), so a '<', '>', '"' or '&' byte is always that character, and a value cut at
 * those bytes is whole characters. The rules are those the string scanner had (the same cells
 * for the same XML); cells with more than a lone <v> (formulas, inline strings, rich text) are
 * decoded and read by the string helpers of xlsxText.ts.
 */

export interface SheetContext {
  shared: (string | null)[];
  dateStyles: boolean[];
  date1904: boolean;
}

/** What a <c> tag says: its column (from r; -1 without r), type (t) and style (s; 0 without, NaN when not a number). */
interface CellAttrs {
  col: number;
  t: string | null;
  style: number;
}

const LT = 60; // <
const GT = 62; // >
const SLASH = 47;
const EQUALS = 61;
const AMP = 38;
const DQUOTE = 34;
const SQUOTE = 39;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Can byte c follow an element's name (space, '>' or '/'; isTag's rule)? */
function endsName(c: number): boolean {
  return c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;
}

/** Index of the first byte x in b[from, to), or -1. A loop: the distances are a few bytes, shorter than a native call costs. */
function indexOfByte(b: Buffer, x: number, from: number, to: number): number {
  for (let k = from; k < to; k++) if (b[k] === x) return k;
  return -1;
}

/** Does b continue at `at` with "</v></c>"? */
function isValueCellEnd(b: Buffer, at: number): boolean {
  return b[at + 1] === 47 && b[at + 2] === 118 && b[at + 3] === 62 && b[at + 4] === 60 && b[at + 5] === 47 && b[at + 6] === 99 && b[at + 7] === 62;
}

/** Exact powers of ten: an integer below 2^53 divided by one of them is the double parseFloat gives (both exact, one correctly rounded division). */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The number a plain decimal b[from, to) spells ("-12", "1399000", "1234.56", ".5", "7."; at most
 * 15 digits), exactly as parseFloat reads it; NaN for anything else, which the caller then gives
 * to parseFloat itself (exponents, spaces, longer numbers, text).
 */
export function plainNumberAt(b: Uint8Array, from: number, to: number): number {
  let k = from;
  const negative = b[k] === 45;
  if (negative) k++;
  let digits = 0;
  let scale = -1; // digits after the point; -1 before a point is seen
  let n = 0;
  for (; k < to; k++) {
    const c = b[k];
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
      if (scale >= 0) scale++;
    } else if (c === 46 && scale < 0) scale = 0;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  const value = scale > 0 ? n / POW10[scale] : n;
  return negative ? -value : value;
}

/** The integer the ASCII digits b[from, to) spell (1–15 of them), or -1 for anything else. */
function digitsAt(b: Uint8Array, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let n = 0;
  for (let k = from; k < to; k++) {
    const c = b[k];
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}

/** parseInt(text, 10) of the attribute value b[from, to), without a string for plain digits. */
function intAt(b: Buffer, from: number, to: number): number {
  const n = digitsAt(b, from, to);
  return n >= 0 ? n : parseInt(b.toString('utf8', from, to), 10);
}

/** The column of a cell reference b[from, to) ("AB12" → 28) from its leading letters; 0 without letters. */
function columnAt(b: Buffer, from: number, to: number): number {
  let col = 0;
  for (let k = from; k < to; k++) {
    const c = b[k];
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  return col;
}

const INLINE_STR = Buffer.from('inlineStr', 'latin1');

/** The t attribute's value b[from, to): the types a sheet uses as constants (no string per cell). */
function cellTypeAt(b: Buffer, from: number, to: number): string {
  const n = to - from;
  const c = b[from];
  if (n === 1) {
    if (c === 115) return 's';
    if (c === 110) return 'n';
    if (c === 98) return 'b';
    if (c === 101) return 'e';
  } else if (n === 3 && c === 115 && b[from + 1] === 116 && b[from + 2] === 114) return 'str';
  else if (n === INLINE_STR.length && INLINE_STR.equals(b.subarray(from, to))) return 'inlineStr';
  return b.toString('utf8', from, to);
}

/** The s attribute's value b[from, to) as parseInt reads it. */
function styleAt(b: Buffer, from: number, to: number): number {
  return intAt(b, from, to);
}

/**
 * The attributes of a <c> tag written the common way — ` r="B7"`, then at most one ` t="…"` (s,
 * str, n, b or e) and one ` s="12"`, in either order, then '>' or '/>' — read in one pass from
 * b[i] (after "<c") into out; returns the index of its '>'. -1 for any other form, which
 * readCellAttrs then reads (both give the same for this form). It never reads more than a few
 * bytes past a zero byte, so SheetReader's slack keeps it inside the buffer.
 */
function commonCellTag(b: Buffer, i: number, out: CellAttrs): number {
  if (b[i] !== 32 || b[i + 1] !== 114 || b[i + 2] !== EQUALS || b[i + 3] !== DQUOTE) return -1;
  i += 4;
  let col = 0;
  let c = b[i];
  while (c >= 65 && c <= 90) {
    col = col * 26 + (c - 64);
    c = b[++i];
  }
  if (col === 0) return -1;
  while (c >= 48 && c <= 57) c = b[++i];
  if (c !== DQUOTE) return -1;
  let t: string | null = null;
  let style = -1;
  for (;;) {
    c = b[++i];
    if (c === GT || (c === SLASH && b[i + 1] === GT)) break;
    if (c !== 32 || b[i + 2] !== EQUALS || b[i + 3] !== DQUOTE) return -1;
    const name = b[i + 1];
    i += 4; // at the value
    if (name === 116 /* t */ && t === null) {
      c = b[i];
      if (b[i + 1] === DQUOTE) t = c === 115 ? 's' : c === 110 ? 'n' : c === 98 ? 'b' : c === 101 ? 'e' : null;
      else if (c === 115 && b[i + 1] === 116 && b[i + 2] === 114 && b[i + 3] === DQUOTE) t = 'str';
      if (t === null) return -1;
      i += t.length;
    } else if (name === 115 /* s */ && style < 0) {
      const start = i;
      while ((c = b[i]) >= 48 && c <= 57) i++;
      if (c !== DQUOTE || i === start || i - start > 15) return -1;
      style = digitsAt(b, start, i);
    } else return -1;
  }
  out.col = col;
  out.t = t;
  out.style = style < 0 ? 0 : style;
  return c === GT ? i : i + 1;
}

/**
 * One pass over the attributes of a <c> tag, b[from, to) after "<c", into `out` (reused: no
 * allocation per cell). The first r, t and s count; anything unexpected ends or skips as before.
 */
function readCellAttrs(b: Buffer, from: number, to: number, out: CellAttrs): void {
  out.col = -1;
  out.t = null;
  out.style = 0;
  let styleSeen = false;
  let i = from;
  while (i < to) {
    let c = b[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < to && (c = b[i]) !== EQUALS && !isSpace(c)) i++;
    const nameLen = i - nameStart;
    while (i < to && isSpace(b[i])) i++;
    if (b[i] !== EQUALS) continue;
    i++;
    while (i < to && isSpace(b[i])) i++;
    const quote = b[i];
    if (quote !== DQUOTE && quote !== SQUOTE) continue;
    let end = i + 1;
    while (end < to && b[end] !== quote) end++;
    if (end >= to) return;
    if (nameLen === 1) {
      const name = b[nameStart];
      if (name === 114 /* r */ && out.col < 0) out.col = columnAt(b, i + 1, end);
      else if (name === 116 /* t */ && out.t === null) out.t = cellTypeAt(b, i + 1, end);
      else if (name === 115 /* s */ && !styleSeen) {
        out.style = styleAt(b, i + 1, end);
        styleSeen = true;
      }
    }
    i = end + 1;
  }
}

/**
 * The row number in the attribute r of the <row> tag b[from, to) (to at its '>'): parseInt of its
 * value, null without one. The rule of the string helper attr(): an 'r' after white space, then
 * '=' (spaces around it), then a quoted value that closes inside the tag.
 */
function rowNumberAt(b: Buffer, from: number, to: number): number | null {
  for (let p = indexOfByte(b, 114, from, to); p >= 0; p = indexOfByte(b, 114, p + 1, to)) {
    let q = p + 1;
    while (b[q] === 32) q++;
    if (!isSpace(b[p - 1]) || b[q] !== EQUALS) continue;
    q++;
    while (b[q] === 32) q++;
    const quote = b[q];
    if (quote !== DQUOTE && quote !== SQUOTE) continue;
    const end = indexOfByte(b, quote, q + 1, to + 1);
    return end < 0 ? null : intAt(b, q + 1, end);
  }
  return null;
}

/** Scans sheet XML bytes made of whole elements; keeps the row state across calls. */
class SheetScanner {
  private cells: Cell[] = [];
  private readonly texts = new RowTexts();
  private maxCol = 0;
  private rowNumber = 0;
  private inRow = false;
  private lastCol = 0;
  private readonly attrs: CellAttrs = { col: -1, t: null, style: 0 };
  constructor(
    private readonly ctx: SheetContext,
    private readonly emit: (cells: Cell[], rowNumber: number) => void,
  ) {}

  /**
   * Scans b[0, to); returns where scanning stopped (the start of an incomplete element, or to).
   * b has zero bytes after `to` (SheetReader's slack), so that a look ahead of a few bytes past
   * the data stays inside the buffer and matches nothing, as if the data ended there.
   */
  scan(b: Buffer, to: number): number {
    let i = 0;
    while (i < to) {
      let lt = i;
      while (lt < to && b[lt] !== LT) lt++;
      if (lt >= to) return to;
      const c1 = b[lt + 1];
      if (c1 === 99 /* c */ && this.inRow && endsName(b[lt + 2])) {
        const next = this.cellAt(b, lt, to);
        if (next < 0) return lt; // incomplete: scanned again with the next chunk
        i = next;
        continue;
      }
      if (c1 === 114 /* r */ && b[lt + 2] === 111 && b[lt + 3] === 119 && endsName(b[lt + 4])) {
        const gt = indexOfByte(b, GT, lt, to);
        if (gt < 0) return lt;
        this.startRow(b, lt, gt);
        i = gt + 1;
        continue;
      }
      if (c1 === SLASH && this.inRow && b[lt + 2] === 114 && b[lt + 3] === 111 && b[lt + 4] === 119 && b[lt + 5] === GT) {
        this.endRow();
        i = lt + 6;
        continue;
      }
      const gt = indexOfByte(b, GT, lt, to);
      if (gt < 0) return lt;
      i = gt + 1;
    }
    return to;
  }

  finish(): void {
    if (this.inRow) this.endRow();
  }

  private startRow(b: Buffer, lt: number, gt: number): void {
    if (this.inRow) this.endRow();
    const r = rowNumberAt(b, lt, gt);
    this.rowNumber = r !== null ? r : this.rowNumber + 1;
    this.cells = [];
    this.maxCol = 0;
    this.lastCol = 0;
    this.inRow = true;
    if (b[gt - 1] === SLASH) this.endRow();
  }

  private endRow(): void {
    const cells = this.cells;
    this.texts.resolve(cells);
    if (cells.length > this.maxCol) cells.length = this.maxCol;
    for (let k = 0; k < this.maxCol; k++) if (cells[k] === undefined) cells[k] = null;
    this.inRow = false;
    this.emit(cells, this.rowNumber);
  }

  /** The cell whose tag starts at lt; returns where scanning goes on, or -1 when the cell is incomplete. */
  private cellAt(b: Buffer, lt: number, to: number): number {
    const a = this.attrs;
    let gt = commonCellTag(b, lt + 2, a);
    if (gt < 0 || gt >= to) {
      gt = indexOfByte(b, GT, lt, to);
      if (gt < 0) return -1;
      readCellAttrs(b, lt + 2, gt, a);
    }
    const col = a.col >= 0 ? a.col : this.lastCol + 1;
    if (b[gt - 1] === SLASH) {
      this.lastCol = col;
      return gt + 1;
    }
    // Most cells are <c …><v>text</v></c>: read from the bytes without the general child loop.
    if (b[gt + 1] === LT && b[gt + 2] === 118 && b[gt + 3] === GT) {
      const next = a.t === 'str' && col >= 1 ? this.textCell(b, gt + 4, to, col) : this.valueCellAt(b, gt + 4, to, col);
      if (next !== 0) return next;
    }
    const end = b.indexOf('</c>', gt);
    if (end < 0 || end + 4 > to) return -1;
    this.lastCol = col;
    // A formula, an inline string or another form: read from its decoded text by the string rules.
    this.cell(b.toString('utf8', gt, end), col, a.t, a.style);
    return end + 4;
  }

  /**
   * A t="str" cell's <v> content from b[from]: decoded into the row's texts (RowTexts), or natively
   * when RowTexts leaves it. Returns where scanning goes on, -1 when incomplete, 0 when the cell
   * is more than a lone <v> (read by the general rules then).
   */
  private textCell(b: Buffer, from: number, to: number, col: number): number {
    const texts = this.texts;
    const close = texts.scanValue(b, from, to);
    if (close >= to) return -1;
    if (!isValueCellEnd(b, close)) return 0;
    this.lastCol = col;
    if (close === from) this.put(col, '');
    else if (texts.decoded) {
      texts.keep(col);
      this.put(col, PENDING);
    } else this.setValue(col, 'str', this.attrs.style, null, decodeEntities(b.toString('utf8', from, close)), null);
    return close + 8;
  }

  /** Any other <v> content from b[from] (see textCell for what it returns). */
  private valueCellAt(b: Buffer, from: number, to: number, col: number): number {
    let close = from;
    let amp = false;
    for (; close < to; close++) {
      const x = b[close];
      if (x === LT) break;
      if (x === AMP) amp = true;
    }
    if (close >= to) return -1;
    if (!isValueCellEnd(b, close)) return 0;
    this.lastCol = col;
    if (col >= 1) this.valueCell(b, from, close, col, amp);
    return close + 8;
  }

  /** A <v>-only cell b[from, to) at column col ≥ 1: the common types straight from the bytes. */
  private valueCell(b: Buffer, from: number, to: number, col: number, amp: boolean): void {
    const { t, style } = this.attrs;
    if (!amp) {
      if (t === null || t === 'n') {
        const n = plainNumberAt(b, from, to);
        if (n === n) {
          this.put(col, this.numberCell(n, style));
          return;
        }
      } else if (t === 's') {
        const k = digitsAt(b, from, to);
        if (k >= 0) {
          const str = this.ctx.shared[k];
          if (str !== null && str !== undefined) this.put(col, str);
          return;
        }
      }
    }
    this.setValue(col, t, style, null, decodeEntities(b.toString('utf8', from, to)), null);
  }

  /** A cell's content s (from the '>' of its tag to before its "</c>"): <f> (formula), <v>, <is> (inline string). */
  private cell(s: string, col: number, t: string | null, style: number): void {
    let f: string | null = null;
    let v: string | null = null;
    let inline: string | null = null;
    const end = s.length;
    let i = 1;
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

  /** A number cell: a Date when its style has a date format (exceljs' conversion), else the number. */
  private numberCell(n: number, style: number): Cell {
    if (style && this.ctx.dateStyles[style]) return new Date(Math.round((n - 25569 + (this.ctx.date1904 ? 1462 : 0)) * 86_400_000));
    return n;
  }

  /** The cell's value as exceljs gave it, from its type (t), style (s) and children. */
  private setValue(col: number, t: string | null, style: number, f: string | null, v: string | null, inline: string | null): void {
    let value: Cell;
    if (f !== null) {
      // A formula's cached result, by its type as for a cell without one: an error (a VLOOKUP's #N/A)
      // is its text and TRUE/FALSE a word, not parseFloat's NaN and 1/0.
      if (v !== null) value = t === 'str' ? exceljsDecode(v) : t === 'e' ? v : t === 'b' ? (parseInt(v, 10) !== 0 ? 'TRUE' : 'FALSE') : parseFloat(v);
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
      else value = this.numberCell(parseFloat(text), style);
    }
    if (col < 1) return;
    this.put(col, value);
  }

  private put(col: number, value: Cell): void {
    this.cells[col - 1] = value;
    if (col > this.maxCol) this.maxCol = col;
  }
}

/** Unscanned bytes from which a chunk is first searched for a '>' before the element is scanned again. */
const LONG_ELEMENT = 1 << 16;

/** Zero bytes kept after the data in SheetReader's buffer: more than the scanner ever looks ahead (8). */
const SLACK = 16;

/**
 * Reads one sheet from its inflated chunks as they come (push), handing each row to `emit`. Each
 * chunk is copied into one reused buffer after what the last one left unscanned (the start of an
 * element it did not complete), and scanned from there.
 */
export class SheetReader {
  private work = Buffer.alloc(1 << 19);
  private pending = 0; // bytes at the start of `work` left unscanned by the last push
  private readonly scanner: SheetScanner;
  constructor(ctx: SheetContext, emit: (cells: Cell[], rowNumber: number) => void) {
    this.scanner = new SheetScanner(ctx, emit);
  }

  push(chunk: Buffer): void {
    const to = this.pending + chunk.length;
    if (to + SLACK > this.work.length) {
      const bigger = Buffer.alloc(Math.max(2 * this.work.length, to + SLACK));
      this.work.copy(bigger, 0, 0, this.pending);
      this.work = bigger;
    }
    chunk.copy(this.work, this.pending);
    this.work.fill(0, to, to + SLACK);
    // Inside a long element (a text of megabytes), a chunk without '>' cannot complete it (every
    // element ends with one): it is only added, not scanned again from the element's start — which
    // for each chunk of a huge cell made the reading quadratic in its length.
    if (this.pending >= LONG_ELEMENT && chunk.indexOf(GT) < 0) {
      this.pending = to;
      return;
    }
    this.keepFrom(this.scanner.scan(this.work, to), to);
  }

  /** The end of the sheet: its last row; an Error when the XML ends inside a row or cell. */
  end(part: string): void {
    const to = this.pending;
    this.pending = 0;
    if (to > 0) {
      this.work.fill(0, to, to + SLACK);
      const stop = this.scanner.scan(this.work, to);
      const left = stop < to ? this.work.toString('utf8', stop, to) : '';
      if (left.trim().length && /<(row|c)[\s>/]/.test(left)) throw new Error(`${part}: the sheet XML ends inside an element`);
    }
    this.scanner.finish();
  }

  /** Moves the unscanned bytes work[stop, to) to the start, for the next chunk. */
  private keepFrom(stop: number, to: number): void {
    if (stop < to) this.work.copyWithin(0, stop, to);
    this.pending = to - stop;
  }
}
