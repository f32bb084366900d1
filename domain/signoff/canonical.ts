/**
 * The canonical form of signed content (docs/signoff-canonical-form.md is the specification;
 * this file is its reference implementation, shared by the CLI and the add-in).
 *
 * One line per non-empty cell in scope:  <address> TAB <type> TAB <value>  LF
 * sorted by sheet (scope order), then row, then column. The fingerprint is the lower-case hex
 * SHA-256 of the UTF-8 bytes of the whole text. Rows and columns here are 1-based, as in Excel.
 */
import { sha256Hex } from './sha256';
import { type Scope, scopeTester } from './scope';
import { columnLetter, columnNumber } from '../issues';
import { fromDayNumber } from '../dates';

/** Version tag of this canonical form, stored in every record. */
export const CANON_VERSION = 'anjie-canon/1';

export type CanonType = 's' | 'n' | 'b' | 'd' | 'e';

/**
 * A cell's value as a reader hands it over, before canonicalisation.
 * - exceljs: strings, numbers (with the cell's number format), booleans, `{ error }`, and JS
 *   Dates for numbers whose format exceljs takes for a date (their UTC fields are the wall clock);
 * - Office.js: `range.values` with `range.numberFormat` and `range.valueTypes`.
 */
export type RawValue =
  | null
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number; format?: string | null }
  /** A JS Date from exceljs, as milliseconds since 1970-01-01 of its UTC fields (= the wall clock). */
  | { kind: 'date'; epochMs: number; format?: string | null }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'error'; code: string };

export interface CanonValue {
  type: CanonType;
  /** Unescaped value text. */
  value: string;
}

export interface RawCell {
  row: number; // 1-based
  col: number; // 1-based
  value: RawValue;
}

export interface CanonEntry extends CanonValue {
  sheetIndex: number; // position of the sheet in the scope
  sheet: string;
  row: number;
  col: number;
}

// ---------------------------------------------------------------------------------------------
// Addresses

/** 1-based column index → letters (one implementation for the whole code base, domain/issues). */
export const columnLetters = columnLetter;
export { columnNumber };

/** "B5" of (row 5, col 2). */
export function cellRef(row: number, col: number): string {
  return `${columnLetters(col)}${row}`;
}

/** Parses "B5" (also "$B$5"); null when it is not a cell reference. */
export function parseCellRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6})$/.exec(ref.trim());
  if (!m) return null;
  const col = columnNumber(m[1]);
  const row = Number(m[2]);
  if (col > 16384 || row > 1048576) return null;
  return { row, col };
}

/** The sheet-qualified address used in canonical lines: '按揭进度表'!B5 (quotes always, ' doubled). */
export function qualifiedAddress(sheet: string, row: number, col: number): string {
  return `'${escapeText(sheet).replace(/'/g, "''")}'!${cellRef(row, col)}`;
}

export function parseQualifiedAddress(address: string): { sheet: string; row: number; col: number } | null {
  if (!address.startsWith("'")) return null;
  let i = 1;
  let name = '';
  for (;;) {
    if (i >= address.length) return null;
    const ch = address[i];
    if (ch === "'") {
      if (address[i + 1] === "'") {
        name += "'";
        i += 2;
        continue;
      }
      break;
    }
    name += ch;
    i++;
  }
  if (address[i + 1] !== '!') return null;
  const cell = parseCellRef(address.slice(i + 2));
  if (!cell) return null;
  return { sheet: unescapeText(name), ...cell };
}

// ---------------------------------------------------------------------------------------------
// Values

/**
 * A number format is a date/time format when, after removing [...] sections and "..." literals,
 * it contains any of y m d h s b (either case). A superset of exceljs's own test (which is
 * case-sensitive), so a cell exceljs hands over as a Date is always a date here too.
 */
const dateFormats = new Map<string, boolean>();
export function isDateFormat(format: string | null | undefined): boolean {
  if (!format) return false;
  let known = dateFormats.get(format);
  if (known === undefined) {
    const stripped = format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
    known = /[ymdhsb]/i.test(stripped);
    // asked of every number cell, of a workbook's few formats: remembered (bounded, for a long-lived add-in)
    if (dateFormats.size >= 1000) dateFormats.clear();
    dateFormats.set(format, known);
  }
  return known;
}

/**
 * Canonical decimal text of a finite number: the shortest digits that round-trip (ECMAScript
 * Number::toString), always written positionally (never with an exponent), no trailing zeros,
 * no "+", "-" only for negatives, and -0 written "0".
 */
export function canonicalNumber(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  if (x === 0) return '0';
  const s = String(x);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const negative = s.startsWith('-');
  const mantissa = s.slice(negative ? 1 : 0, e);
  const exponent = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const point = (dot < 0 ? mantissa.length : dot) + exponent; // digits before the decimal point
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? '-' : '') + out;
}

const SECONDS_PER_DAY = 86400;
/** Excel serial 25569 = 1970-01-01 (1900 date system, serial 0 = 1899-12-30). */
const EPOCH_SERIAL = 25569;

/** Wall-clock text "YYYY-MM-DDTHH:mm:ss" of a count of seconds since 1899-12-30T00:00:00. */
function wallClock(secondsSince1899: number): string {
  const days = Math.floor(secondsSince1899 / SECONDS_PER_DAY);
  const rem = secondsSince1899 - days * SECONDS_PER_DAY;
  const hh = Math.floor(rem / 3600);
  const mm = Math.floor((rem % 3600) / 60);
  const ss = rem % 60;
  return `${fromDayNumber(days - EPOCH_SERIAL)}T${pad(hh, 2)}:${pad(mm, 2)}:${pad(ss, 2)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Date/time text of an Excel serial (1900 system), to the nearest second. */
export function serialToDateTime(serial: number): string {
  return wallClock(Math.round(serial * SECONDS_PER_DAY));
}

/** Date/time text of an exceljs Date given as its epoch milliseconds (UTC fields = wall clock). */
export function epochMsToDateTime(epochMs: number): string {
  return wallClock(Math.round(epochMs / 1000) + EPOCH_SERIAL * SECONDS_PER_DAY);
}

/** The canonical type and value of one cell; null when the cell is empty (null or ""). */
export function canonicalValue(raw: RawValue): CanonValue | null {
  if (raw === null) return null;
  switch (raw.kind) {
    case 'text':
      return raw.text === '' ? null : { type: 's', value: raw.text.normalize('NFC') };
    case 'number':
      if (!Number.isFinite(raw.value)) return { type: 'e', value: '#NUM!' };
      if (isDateFormat(raw.format)) return { type: 'd', value: serialToDateTime(raw.value) };
      return { type: 'n', value: canonicalNumber(raw.value) };
    case 'date':
      if (!Number.isFinite(raw.epochMs)) return { type: 'e', value: '#VALUE!' };
      if (isDateFormat(raw.format)) return { type: 'd', value: epochMsToDateTime(raw.epochMs) };
      return { type: 'n', value: canonicalNumber(raw.epochMs / 86400000 + EPOCH_SERIAL) };
    case 'boolean':
      return { type: 'b', value: raw.value ? 'TRUE' : 'FALSE' };
    case 'error':
      return { type: 'e', value: raw.code };
  }
}

/** Backslash-escapes \ TAB LF CR so a value stays on one line and never contains a raw tab. */
export function escapeText(text: string): string {
  // most values have nothing to escape: looked for without a regular expression
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 || c === 9 || c === 10 || c === 13) break;
  }
  if (i === text.length) return text;
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export function unescapeText(text: string): string {
  return text.replace(/\\([\\tnr])/g, (_m, c: string) => (c === '\\' ? '\\' : c === 't' ? '\t' : c === 'n' ? '\n' : '\r'));
}

export function canonicalLine(entry: CanonEntry): string {
  return `${qualifiedAddress(entry.sheet, entry.row, entry.col)}\t${entry.type}\t${escapeText(entry.value)}`;
}

// ---------------------------------------------------------------------------------------------
// Whole content

export interface CanonicalContent {
  /** The cells, parsed; a streamed content (pipeline/signoff/streamContent.ts) parses its text only when asked. */
  entries: CanonEntry[];
  /** Number of lines (non-empty cells in scope). */
  cellCount: number;
  /** Lines, each ending in LF. */
  text: string;
  fingerprint: string;
  /** Sheets of the scope missing from the workbook. */
  missingSheets: string[];
}

/**
 * Canonical content of a scope. `sheetCells(name)` returns the raw cells of a sheet (any order;
 * cells outside the scope are dropped here), or null when the workbook has no such sheet.
 */
export function canonicalize(scope: Scope, sheetCells: (sheet: string) => Iterable<RawCell> | null): CanonicalContent {
  const entries: CanonEntry[] = [];
  const missingSheets: string[] = [];
  scope.sheets.forEach((sheetScope, sheetIndex) => {
    const cells = sheetCells(sheetScope.sheet);
    if (cells === null) {
      missingSheets.push(sheetScope.sheet);
      return;
    }
    const own: CanonEntry[] = [];
    const inScope = scopeTester(sheetScope);
    for (const cell of cells) {
      if (!inScope(cell.row, cell.col)) continue;
      const v = canonicalValue(cell.value);
      if (v) own.push({ sheetIndex, sheet: sheetScope.sheet, row: cell.row, col: cell.col, ...v });
    }
    own.sort((a, b) => a.row - b.row || a.col - b.col);
    for (const e of own) entries.push(e);
  });
  const prefixes = new Map<string, string>();
  const prefix = (sheet: string) => {
    let p = prefixes.get(sheet);
    if (p === undefined) {
      p = `'${escapeText(sheet).replace(/'/g, "''")}'!`;
      prefixes.set(sheet, p);
    }
    return p;
  };
  const text = entries.map((e) => `${prefix(e.sheet)}${cellRef(e.row, e.col)}\t${e.type}\t${escapeText(e.value)}\n`).join('');
  return { entries, cellCount: entries.length, text, fingerprint: sha256Hex(text), missingSheets };
}

/** Reads canonical text back into entries (sheet index from the scope; unknown sheets last). */
export function parseCanonical(text: string, scope: Scope): CanonEntry[] {
  const order = new Map(scope.sheets.map((s, i) => [s.sheet, i]));
  const out: CanonEntry[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const parts = line.split('\t');
    if (parts.length !== 3) throw new Error(`bad canonical line: ${line.slice(0, 80)}`);
    const addr = parseQualifiedAddress(parts[0]);
    if (!addr || !/^[snbde]$/.test(parts[1])) throw new Error(`bad canonical line: ${line.slice(0, 80)}`);
    out.push({ sheetIndex: order.get(addr.sheet) ?? scope.sheets.length, sheet: addr.sheet, row: addr.row, col: addr.col, type: parts[1] as CanonType, value: unescapeText(parts[2]) });
  }
  return out;
}

export interface CellChange {
  sheet: string;
  row: number;
  col: number;
  /** "B5" */
  ref: string;
  /** '按揭进度表'!B5 */
  address: string;
  before: CanonValue | null;
  after: CanonValue | null;
}

/**
 * Two numbers (type n) that agree to 15 significant digits: Excel shows no more, and LibreOffice
 * saves no more, so a workbook merely re-saved by LibreOffice, or recalculated by Excel where the
 * generator had written the rounded total (14481424.91 for 14481424.909999998), reads the same.
 */
export function sameAtExcelPrecision(a: CanonValue | null, b: CanonValue | null): boolean {
  if (!a || !b || a.type !== 'n' || b.type !== 'n') return false;
  return Number(a.value).toPrecision(15) === Number(b.value).toPrecision(15);
}

/**
 * A changed text shown to a person, with the characters that look like nothing or like a plain
 * space written out (<U+00A0>, <U+200B>, <U+3000> …): "张三" → "张三<U+200B>" instead of two
 * lines that read the same.
 */
export function markInvisible(text: string): string {
  return text.replace(/[\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]/g, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
}

/** Cells whose type or value differ between two canonical contents, first ones first. */
export function diffCanonical(before: CanonEntry[], after: CanonEntry[]): CellChange[] {
  const key = (e: { sheet: string; row: number; col: number }) => `${e.sheet}\u0000${e.row}\u0000${e.col}`;
  const merged = new Map<string, { sheetIndex: number; sheet: string; row: number; col: number; before: CanonValue | null; after: CanonValue | null }>();
  for (const e of before) merged.set(key(e), { sheetIndex: e.sheetIndex, sheet: e.sheet, row: e.row, col: e.col, before: { type: e.type, value: e.value }, after: null });
  for (const e of after) {
    const k = key(e);
    const m = merged.get(k);
    if (m) m.after = { type: e.type, value: e.value };
    else merged.set(k, { sheetIndex: e.sheetIndex, sheet: e.sheet, row: e.row, col: e.col, before: null, after: { type: e.type, value: e.value } });
  }
  const changes: (CellChange & { sheetIndex: number })[] = [];
  for (const m of merged.values()) {
    const same = m.before && m.after && m.before.type === m.after.type && m.before.value === m.after.value;
    if (same) continue;
    changes.push({ sheetIndex: m.sheetIndex, sheet: m.sheet, row: m.row, col: m.col, ref: cellRef(m.row, m.col), address: qualifiedAddress(m.sheet, m.row, m.col), before: m.before, after: m.after });
  }
  changes.sort((a, b) => a.sheetIndex - b.sheetIndex || a.row - b.row || a.col - b.col);
  return changes.map(({ sheetIndex: _i, ...c }) => c);
}
