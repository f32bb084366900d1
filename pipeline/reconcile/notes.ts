import type ExcelJS from 'exceljs';
import type { CarriedNote, Side } from '../../domain/reconcile';
import type { Bilingual } from '../../domain/text';
import { Money, parseAmount, roundFen } from '../../domain/money';
import { parseDate } from '../../domain/dates';
import { maskText } from './pii';

/**
 * 处理人 / 处理结果 brought forward with the items --previous carries in (docs/reconcile-json.md,
 * "Notes brought forward").
 *
 * People fill in those two columns of 差异 during the month. Next month's run reads them from last
 * month's workbook and shows them again on the line of each item still open, marked with the month
 * they were written in (【10月】已联系银行…), so that they are updated rather than typed again.
 *
 * A 差异 line is tied to its items by its 序号: the writer puts, beside each item of the very hidden
 * `_anjie_open` sheet (column B), the 序号 of the 差异 line that shows it. 序号 is a value of the line
 * itself, so it moves with the line when 差异 is sorted or filtered, where a link by row position
 * would attach notes to other items. The line's own 银行文件/银行行号 and 财务文件/财务行号 must still
 * name the items the 序号 gives (a 序号 column renumbered after a sort would otherwise move every note
 * to another item); when they do not, or the report is older than the key, the line is tied by those
 * columns alone, and a line that cannot be tied to its items unambiguously is named in a warning.
 * Its 流水号/凭证号, amount and date, where filled in, must be the items' too (a line pasted from
 * another month's 差异 names the same file and row: banks name their export the same every month).
 */

/** 处理人 and each 处理结果 are cut to these many characters on the report (after masking). */
export const NOTE_BY_MAX = 50;
export const NOTE_RESULT_MAX = 1000;
/** A line showing several notes (a group of carried items) is cut to this many characters. */
const NOTE_CELL_MAX = 2000;
const CUT = '…';

function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - CUT.length;
  const c = text.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--; // never split a surrogate pair
  return text.slice(0, cut) + CUT;
}

/** The mark before a note brought forward: 【10月】 in a report of the same year, 【2026年12月】 in one of the next. */
export function noteMark(notePeriod: string, reportPeriod: string): string {
  const month = Number(notePeriod.slice(5, 7));
  return notePeriod.slice(0, 4) === reportPeriod.slice(0, 4) ? `【${month}月】` : `【${notePeriod.slice(0, 4)}年${month}月】`;
}

// Full-width digits and blanks inside the brackets are the same mark typed by hand (【１０月】, 【10 月】).
const MARK = /^\s*【\s*(?:([0-9０-９]{4})\s*年\s*)?([0-9０-９]{1,2})\s*月\s*】\s*/;

/** Full-width digits as ASCII ones. */
function digits(s: string): string {
  return s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/**
 * A 处理结果 as read from a report of `reportPeriod`: the text without the month mark at its start
 * and that mark's month (the note's month: a note brought forward and left as it was keeps the
 * month it was written in, and is shown with one mark next month, not one more each month); null
 * as the month when the text has no mark (typed this month). Only that one mark is taken off: the
 * writer puts one before each note, and a mark after it was typed by a person and is the note's
 * text (【10月】【11月】计划补记 written in October keeps its plan for November when December reads it,
 * where taking off every mark up to the report's month lost it). The writer puts a bare 【M月】 only
 * before a note of the report's own year, so M is never after the report's month: a bare mark of a
 * later month, like a mark of a month after the report's, is not one of ours and stays part of the
 * text (【11月】计划补记 typed in October's report is a plan, not a note of last November).
 */
export function parseNoteResult(text: string, reportPeriod: string): { result: string; period: string | null } {
  const m = MARK.exec(text);
  const period = m ? markPeriod(m, reportPeriod) : null;
  return { result: (period ? text.slice(m![0].length) : text).trim(), period };
}

/** The month of a mark MARK found, or null when it is not one the writer could have put in a report of `reportPeriod`. */
function markPeriod(m: RegExpExecArray, reportPeriod: string): string | null {
  const month = Number(digits(m[2]));
  if (month < 1 || month > 12) return null;
  const year = m[1] ? digits(m[1]) : reportPeriod.slice(0, 4);
  const p = `${year}-${String(month).padStart(2, '0')}`;
  return p > reportPeriod ? null : p;
}

/**
 * A 处理结果 cell as the notes it holds: the writer puts several notes on one line one to a line,
 * each after its own mark (【10月】已联系银行 / 【11月】已与银行核实), and a person may type this
 * month's above last month's. Each line that starts with a mark of a month up to the report's
 * starts a note of that month (parseNoteResult), so each keeps its own month, and its year across
 * the year's end (【2026年11月】, not a bare 【11月】 that would read as next November); the lines
 * after it, up to the next such line, are its text, and lines before the first are a note of the
 * report's month (period null). Empty notes are left out: an empty cell holds none.
 */
export function parseNoteResults(text: string, reportPeriod: string): { result: string; period: string | null }[] {
  const out: { result: string; period: string | null }[] = [];
  let start = 0;
  const lines = text.split('\n');
  let at = 0;
  for (let k = 0; k < lines.length; k++) {
    const m = k > 0 ? MARK.exec(lines[k]) : null;
    if (m && markPeriod(m, reportPeriod)) {
      out.push(parseNoteResult(text.slice(start, at - 1), reportPeriod));
      start = at;
    }
    at += lines[k].length + 1;
  }
  out.push(parseNoteResult(text.slice(start), reportPeriod));
  return out.filter((n) => n.result || n.period);
}

/**
 * The 处理人 and 处理结果 cells of a line whose carried items came with `notes`: 处理人 the names,
 * 处理结果 each note after its month's mark; personal numbers masked unless `pii`, long text cut.
 * Written as text whatever it starts with (the report's writer never writes a text as a formula).
 */
export function noteCells(notes: readonly CarriedNote[], reportPeriod: string, pii: boolean): { by: string | null; result: string | null } {
  const seen = new Set<string>();
  const distinct: CarriedNote[] = [];
  for (const n of notes) {
    const key = `${n.period}\u0000${n.by ?? ''}\u0000${n.result ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    distinct.push(n);
  }
  distinct.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  const names = [...new Set(distinct.map((n) => n.by).filter((b): b is string => !!b))].map((b) => cap(maskText(b, pii), NOTE_BY_MAX));
  const results = distinct.map((n) => noteMark(n.period, reportPeriod) + (n.result ? cap(maskText(n.result, pii), NOTE_RESULT_MAX) : ''));
  return { by: names.length ? cap(names.join('、'), NOTE_CELL_MAX) : null, result: results.length ? cap(results.join('\n'), NOTE_CELL_MAX) : null };
}

/** The notes a row brought: its carried item's, or those of the carried item it stands in for (Item.carriedCopy); null when none. */
export function notesOfItem(x: { carried: { notes?: readonly CarriedNote[] } | null; carriedCopy?: { notes?: readonly CarriedNote[] } }): readonly CarriedNote[] | null {
  const n = x.carried?.notes ?? x.carriedCopy?.notes;
  return n && n.length ? n : null;
}

// ---------------------------------------------------------------- reading last month's 差异

/** A cell's text as a person sees it, whatever form a spreadsheet program saved it in; null when empty. */
export function cellText(v: ExcelJS.CellValue | undefined): string | null {
  const t = rawText(v);
  if (t === null) return null;
  const s = t.trim();
  return s === '' ? null : s;
}

/**
 * A 处理人 / 处理结果 cell's text as shown: a number or time a spreadsheet program made of what was
 * typed comes back as the number format shows it ("50%", "10:30"), not as the raw value (0.5,
 * 1899-12-30). Formats other than percentages and times are read as cellText reads the value.
 */
export function shownText(cell: ExcelJS.Cell): string | null {
  const v = cell.value;
  const fmt = typeof cell.numFmt === 'string' ? cell.numFmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '') : '';
  if (typeof v === 'number' && Number.isFinite(v) && fmt.includes('%')) {
    const dp = /\.(0+)/.exec(fmt)?.[1].length ?? 0;
    return `${(v * 100).toFixed(dp)}%`;
  }
  if (v instanceof Date && !Number.isNaN(v.getTime()) && /[hs]/i.test(fmt)) {
    const iso = v.toISOString();
    const time = /s/i.test(fmt) ? iso.slice(11, 19) : iso.slice(11, 16);
    // A time typed alone is a time of Excel's day 0 (1899-12-30, or 1904-01-01).
    return /[yd]/i.test(fmt) && !iso.startsWith('1899-12-30') && !iso.startsWith('1904-01-01') ? `${iso.slice(0, 10)} ${time}` : time;
  }
  return cellText(v);
}

function rawText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  // A date typed into 处理结果 (Excel turns "2026-12-01" into one): the day as typed.
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; formula?: string; sharedFormula?: string; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if (typeof o.formula === 'string' || typeof o.sharedFormula === 'string' || 'result' in o) {
      // A note that starts with "=" became a formula when typed: its value when it has one, else its text.
      const r = o.result;
      if (r !== undefined && r !== null && !(typeof r === 'object' && !(r instanceof Date))) return rawText(r);
      return typeof o.formula === 'string' ? `=${o.formula}` : null;
    }
    if ('text' in o) return rawText(o.text);
  }
  return null;
}

/** A row a 差异 line showed, as `_anjie_open` records it. */
export interface LineTarget {
  side: Side;
  /** As written in `_anjie_open` (a carried row's with its month: "2026-10/工行.csv"). */
  file: string;
  sheet: string;
  row: number;
  /** The 序号 of the 差异 line that showed it; null in reports before the key. */
  line: number | null;
  /** What else the line showed of the row (到账日期/入账日期, 银行金额/财务金额, 流水号/凭证号), checked where the line still has it. */
  date: string | null;
  /** Null when the line shows another amount than the item's (an item open for a withheld deposit). */
  amount: string | null;
  reference: string | null;
  voucher: string | null;
}

/** An item of last month's `_anjie_open`, as far as tying 差异 lines to it goes. */
export interface OpenRecordRef extends LineTarget {
  /**
   * The other 差异 lines that showed a row repeating this item, each with the row it showed
   * (`_anjie_open` column C): a carried row exported again this month (DUPLICATE_BANK /
   * DUPLICATE_FINANCE) is a line of its own, and a note typed there is this item's.
   */
  also: readonly Omit<LineTarget, 'side'>[];
}

/** Where a 差异 sheet's columns are (0: not there), and the row of its header. */
interface DiffColumns {
  header: number;
  seq: number;
  bankFile: number;
  bankRows: number;
  bankDate: number;
  bankAmount: number;
  ref: number;
  finFile: number;
  finRows: number;
  finDate: number;
  voucher: number;
  finAmount: number;
  by: number;
  result: number;
}

/** The sheets the report writes 差异 on: 差异, and 差异(2), 差异(3) … past Excel's row limit. */
const DIFF_SHEET = /^差异(?:\(\d+\))?$/;

/** Rows searched for the header (a person may put a title or a blank row above it). */
const HEADER_ROWS = 10;

/**
 * The headers the notes and their link are read from, each found where a person may have retyped
 * it: the name itself, a cell starting with it ("处理结果（11/5更新）"), or containing it; 序号 also
 * as "No." / "#" / 编号.
 */
const HEADS: [Exclude<keyof DiffColumns, 'header'>, string[]][] = [
  ['seq', ['序号', '编号', 'no.', 'no', '#']],
  ['bankFile', ['银行文件']],
  ['bankRows', ['银行行号']],
  ['bankDate', ['到账日期']],
  ['bankAmount', ['银行金额']],
  ['ref', ['流水号']],
  ['finFile', ['财务文件']],
  ['finRows', ['财务行号']],
  ['finDate', ['入账日期']],
  ['voucher', ['凭证号']],
  ['finAmount', ['财务金额']],
  ['by', ['处理人']],
  ['result', ['处理结果']],
];

function headText(v: ExcelJS.CellValue | undefined): string {
  return (cellText(v) ?? '').replace(/\s+/g, '').toLowerCase();
}

/** The columns of one header row: exact names first, then cells starting with a name, then containing one. */
function columnsOf<K extends string>(row: ExcelJS.Row, header: number, heads: readonly [K, string[]][]): { header: number } & Record<K, number> {
  const cells: [number, string][] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const t = headText(cell.value);
    if (t) cells.push([col, t]);
  });
  const out = { header } as { header: number } & Record<K, number>;
  for (const [key] of heads) (out as Record<K, number>)[key] = 0;
  const taken = new Set<number>();
  // "No" and "#" only as the whole header: too short to look for inside others.
  const long = (n: string) => !/^[\x20-\x7e]{1,2}$/.test(n);
  const tests: ((t: string, name: string) => boolean)[] = [(t, n) => t === n, (t, n) => long(n) && t.startsWith(n), (t, n) => long(n) && t.includes(n)];
  for (const test of tests)
    for (const [key, names] of heads) {
      if (out[key]) continue;
      const hit = cells.find(([c, t]) => !taken.has(c) && names.some((n) => test(t, n)));
      if (hit) {
        (out as Record<K, number>)[key] = hit[0];
        taken.add(hit[0]);
      }
    }
  return out;
}

/** The columns of a sheet, found by its header row within the first rows (the first row where `found` holds); null when there is none. */
function sheetColumns<K extends string>(ws: ExcelJS.Worksheet, heads: readonly [K, string[]][], found: (c: Record<K, number>) => boolean): ({ header: number } & Record<K, number>) | null {
  for (let n = 1; n <= Math.min(HEADER_ROWS, ws.rowCount); n++) {
    const cols = columnsOf(ws.getRow(n), n, heads);
    if (found(cols)) return cols;
  }
  return null;
}

/** The columns of a 差异 sheet: those people type in, and something that ties a line to its items. */
function diffColumns(ws: ExcelJS.Worksheet): DiffColumns | null {
  return sheetColumns(ws, HEADS, (c) => !!(c.by && c.result && (c.seq || c.bankFile || c.finFile)));
}

function intOf(v: ExcelJS.CellValue | undefined): number | null {
  const t = cellText(v);
  if (t === null || !/^\d{1,9}(\.0+)?$/.test(t)) return null;
  return Number.parseInt(t, 10);
}

/** What one side's file and row columns of a line name: the files, and the rows as "9" or "Sheet1!9". */
interface Named {
  files: Set<string>;
  rows: string[];
}

function named(row: ExcelJS.Row, fileCol: number, rowsCol: number): Named | null {
  if (!fileCol || !rowsCol) return null;
  const f = cellText(row.getCell(fileCol).value);
  const r = cellText(row.getCell(rowsCol).value);
  if (f === null || r === null) return null;
  // joinRows and sideCols join several with ", ".
  return { files: new Set([f, ...f.split(', ')]), rows: r.split(/,\s*/).filter(Boolean) };
}

/**
 * Does the side's file and row columns name this row? A row standing in for a carried item
 * (Item.carriedCopy) is written with this month's prefix, "2026-11/工行.csv", and shown as 工行.csv.
 */
function names(n: Named, r: LineTarget, reportPeriod: string): boolean {
  const prefix = `${reportPeriod}/`;
  const fileOk = n.files.has(r.file) || (r.file.startsWith(prefix) && n.files.has(r.file.slice(prefix.length)));
  if (!fileOk) return false;
  const plain = String(r.row);
  return n.rows.some((t) => t === plain || t === `${r.sheet}!${plain}`);
}

/** A 流水号 or 凭证号 as compared: a number a spreadsheet made of "000123" lost its leading zeros. */
function idKey(s: string): string {
  return /^\d+$/.test(s) ? s.replace(/^0+(?=\d)/, '') : s;
}

/**
 * Do the line's other cells of the row's side, where still filled in, show this row: its 流水号 or
 * 凭证号 among those listed, and, when the side shows this one row, its amount and date? A line
 * pasted from another month's 差异 names the same file and row (banks name their export the same
 * every month) but not the same credit. A cell that cannot be read as an amount or date is not held
 * against the line.
 */
function agrees(row: ExcelJS.Row, c: DiffColumns, t: LineTarget): boolean {
  const bank = t.side === 'bank';
  const id = bank ? t.reference : t.voucher;
  const idCol = bank ? c.ref : c.voucher;
  if (id && idCol) {
    const v = cellText(row.getCell(idCol).value);
    if (v !== null && !v.split(/\s*,\s*/).some((x) => idKey(x) === idKey(id))) return false;
  }
  const rowsCol = bank ? c.bankRows : c.finRows;
  const rows = rowsCol ? cellText(row.getCell(rowsCol).value) : null;
  if (rows !== null && rows.includes(',')) return true; // a group's amount is the sum, its date the first row's
  const amountCol = bank ? c.bankAmount : c.finAmount;
  if (t.amount !== null && amountCol) {
    const v = row.getCell(amountCol).value;
    const a = typeof v === 'number' || typeof v === 'string' ? parseAmount(v) : null;
    if (a?.ok && a.value !== null && !roundFen(a.value).eq(new Money(t.amount))) return false;
  }
  const dateCol = bank ? c.bankDate : c.finDate;
  if (t.date && dateCol) {
    const v = row.getCell(dateCol).value;
    const d = v instanceof Date || typeof v === 'number' || typeof v === 'string' ? parseDate(v) : null;
    if (d?.ok && d.date !== null && d.date !== t.date) return false;
  }
  return true;
}

/**
 * Calls `visit` for each line with a note typed on it, on the report's sheets whose name `sheet`
 * matches (a spilled sheet's continuations too), below the header `columns` finds; a sheet whose
 * header cannot be found is listed in `unreadable` (the caller says so), the others counted.
 */
function eachNotedLine<C extends { header: number; by: number; result: number }>(
  wb: ExcelJS.Workbook,
  sheet: RegExp,
  columns: (ws: ExcelJS.Worksheet) => C | null,
  reportPeriod: string,
  visit: (ws: ExcelJS.Worksheet, row: ExcelJS.Row, n: number, cols: C, typed: CarriedNote[]) => void,
): { readable: number; unreadable: string[] } {
  const unreadable: string[] = [];
  let readable = 0;
  for (const ws of wb.worksheets) {
    if (!sheet.test(ws.name.trim())) continue;
    const cols = columns(ws);
    if (!cols) {
      unreadable.push(ws.name);
      continue;
    }
    readable++;
    ws.eachRow((row, n) => {
      if (n <= cols.header) return;
      const typed = typedNotes(row, cols, reportPeriod);
      if (typed) visit(ws, row, n, cols, typed);
    });
  }
  return { readable, unreadable };
}

/** The note typed on a line of 差异 or 按户 (its 处理人 and 处理结果 cells); null when there is none. */
function typedNotes(row: ExcelJS.Row, cols: { by: number; result: number }, reportPeriod: string): CarriedNote[] | null {
  const by = shownText(row.getCell(cols.by));
  const text = shownText(row.getCell(cols.result));
  if (by === null && text === null) return null;
  const parsed = text === null ? [] : parseNoteResults(text, reportPeriod);
  if (by === null && !parsed.length) return null;
  if (!parsed.length) return [{ by, result: null, period: reportPeriod }];
  return parsed.map((p) => ({ by, result: p.result || null, period: p.period ?? reportPeriod }));
}

export interface ReadNotes {
  /** Per record (in the order given): the notes of the 差异 lines tied to it, or null. */
  notes: (CarriedNote[] | null)[];
  /** 差异 lines with a note that could not be tied to their items, named by sheet and row; 差异 sheets that could not be read. */
  warnings: Bilingual[];
}

/** The warning lists at most this many lines by name. */
const LINES_NAMED = 10;

function listed(at: readonly string[], zh = '行', en = 'lines'): { zh: string; en: string } {
  return {
    zh: at.slice(0, LINES_NAMED).join('、') + (at.length > LINES_NAMED ? ` …（共 ${at.length} ${zh}）` : ''),
    en: at.slice(0, LINES_NAMED).join(', ') + (at.length > LINES_NAMED ? ` … (${at.length} ${en})` : ''),
  };
}

/**
 * Reads the notes on last month's 差异 sheets and ties each line's to the open items it shows
 * (see the top of this file). Only the sheets the report wrote 差异 on are read (a sheet a person
 * added, such as last month's 差异 kept as "9月差异", names rows of other months' files of the same
 * name); lines without a note are skipped. Each line with a note is tied, or named in a warning.
 */
export function readDiffNotes(wb: ExcelJS.Workbook, records: readonly OpenRecordRef[], reportPeriod: string): ReadNotes {
  const notes: (CarriedNote[] | null)[] = records.map(() => null);
  // Every row a line may have shown for an item: the item's own, and those of the rows repeating it.
  const targets: LineTarget[] = [];
  const owner: number[] = [];
  records.forEach((r, k) => {
    targets.push(r);
    owner.push(k);
    for (const a of r.also) {
      targets.push({ ...a, side: r.side });
      owner.push(k);
    }
  });
  const byLine = new Map<number | string, number[]>();
  // Per side and row number, the targets: a line's rows are looked up, not scanned for.
  const byRow = new Map<number | string, number[]>();
  const add = (m: Map<number | string, number[]>, key: number | string, k: number) => {
    const ks = m.get(key);
    if (ks) ks.push(k);
    else m.set(key, [k]);
  };
  targets.forEach((r, k) => {
    if (r.line !== null) add(byLine, r.line, k);
    add(byRow, `${r.side}|${r.row}`, k);
  });
  const untied: string[] = [];
  const mismatched: string[] = [];
  const loose: string[] = [];
  const { readable, unreadable } = eachNotedLine(wb, DIFF_SHEET, diffColumns, reportPeriod, (ws, row, n, cols, typed) => {
    const at = `${ws.name}!${n}`;
    const sides: [Side, Named | null][] = [
      ['bank', named(row, cols.bankFile, cols.bankRows)],
      ['finance', named(row, cols.finFile, cols.finRows)],
    ];
    const shows = (k: number) => {
      const r = targets[k];
      const side = sides.find(([s]) => s === r.side)![1];
      return side !== null && names(side, r, reportPeriod);
    };
    const agree = (k: number) => agrees(row, cols, targets[k]);
    let disagrees = false;
    // By the 序号 the writer recorded, when the line still names those items.
    const seq = cols.seq ? intOf(row.getCell(cols.seq).value) : null;
    const keyed = seq === null ? undefined : byLine.get(seq);
    let tied: number[] | null = null;
    if (keyed && keyed.every(shows)) {
      if (keyed.every(agree)) tied = keyed;
      else disagrees = true;
    }
    let ambiguous = false;
    if (!tied) {
      // By what the line names: each row it names must be one item's, or none's (the other side of a pair).
      const found = new Set<number>();
      for (const [side, nm] of sides) {
        if (!nm) continue;
        for (const t of nm.rows) {
          const rowNo = /^(?:.*!)?(\d+)$/.exec(t);
          if (!rowNo) continue;
          const hits = (byRow.get(`${side}|${rowNo[1]}`) ?? []).filter((k) => names({ files: nm.files, rows: [t] }, targets[k], reportPeriod));
          if (hits.length > 1) ambiguous = true;
          for (const k of hits) found.add(k);
        }
      }
      if (found.size && !ambiguous) {
        const ks = [...found].sort((a, b) => a - b);
        if (ks.every(agree)) tied = ks;
        else disagrees = true;
      }
    }
    if (!tied) {
      // A line whose cells show other rows than the items its 序号 or file and row give (pasted
      // from another month), or whose 序号 the writer recorded but which no longer names its
      // items and names none clearly, or a row a person inserted with only a note on it: its note
      // is not put on any item, and the person is told. A line that names no open item (a
      // problem closed last month) simply has nothing to carry.
      const cells = [cols.seq, cols.bankFile, cols.bankRows, cols.finFile, cols.finRows].filter((c) => c && cellText(row.getCell(c).value) !== null);
      if (disagrees) mismatched.push(at);
      else if (keyed || ambiguous) untied.push(at);
      else if (!cells.length) loose.push(at);
      return;
    }
    for (const k of new Set(tied.map((t) => owner[t]))) (notes[k] ??= []).push(...typed);
  });
  const warnings: Bilingual[] = [];
  // Last month's report tied its lines to its items, but no 差异 sheet of it can be read (renamed,
  // or its header retyped past recognition): every note would stay behind without a word.
  if (records.some((r) => r.line !== null) && (readable === 0 || unreadable.length)) {
    const which = unreadable.length ? unreadable.join('、') : '差异';
    warnings.push({
      zh: `上期报告的差异表（${which}）无法读取（工作表被改名，或找不到处理人、处理结果、序号等表头），上期的处理人/处理结果未能带入本期；请对照上期报告补填`,
      en: `last month's 差异 (${unreadable.length ? unreadable.join(', ') : '差异'}) could not be read (the sheet was renamed, or its 处理人, 处理结果, 序号 headers cannot be found), so last month's notes could not be read and were not brought forward; copy them over from last month's report`,
    });
  }
  if (mismatched.length) {
    const s = listed(mismatched);
    warnings.push({
      zh: `上期报告差异表有 ${mismatched.length} 行的流水号/凭证号、金额或日期与其序号、文件行号所指的未达项不符（可能是从其他月份粘贴的行），处理人/处理结果未带入本期：${s.zh}；请核对后补填`,
      en: `${mismatched.length} line(s) of last month's 差异 show a 流水号/凭证号, amount or date other than the open item their 序号 and file/row columns give (pasted from another month?), so their 处理人/处理结果 were not brought forward: ${s.en}; check them and copy them over`,
    });
  }
  if (untied.length) {
    const s = listed(untied);
    warnings.push({
      zh: `上期报告差异表有 ${untied.length} 行的处理人/处理结果无法对应到其未达项（序号或文件、行号被改动），未带入本期：${s.zh}；请对照上期报告补填`,
      en: `${untied.length} line(s) of last month's 差异 have 处理人/处理结果 that cannot be tied to their open items (序号 or file/row columns were changed) and were not brought forward: ${s.en}; copy them over from last month's report`,
    });
  }
  if (loose.length) {
    const s = listed(loose);
    warnings.push({
      zh: `上期报告差异表有 ${loose.length} 行只有处理人/处理结果，没有序号和文件、行号（插入的行？），无法对应到未达项，未带入本期：${s.zh}；请把内容填到所说差异的那一行`,
      en: `${loose.length} line(s) of last month's 差异 have 处理人/处理结果 but no 序号 and no file/row columns (inserted rows?), so they cannot be tied to an open item and were not brought forward: ${s.en}; type them on the line of the difference they are about`,
    });
  }
  return { notes, warnings };
}

// ---------------------------------------------------------------- reading last month's 按户

/** The sheets the report writes 按户 on: 按户, and 按户(2), 按户(3) … past Excel's row limit. */
const UNIT_SHEET = /^按户(?:\(\d+\))?$/;

const UNIT_HEADS: [('unit' | 'by' | 'result' | 'project'), string[]][] = [
  ['unit', ['房号']],
  ['by', ['处理人']],
  ['result', ['处理结果']],
  ['project', ['项目']],
];

/** Between the project and the unit of a note's key (no 项目 or 房号 holds it). */
export const UNIT_NOTE_SEPARATOR = '\u0001';

export interface ReadUnitNotes {
  /**
   * Per 按户 line, the notes typed on it, keyed by its 房号 as 按户 shows it, or, when 按户 had a 项目
   * column (a report of several projects), by 项目 + UNIT_NOTE_SEPARATOR + 房号 (项目 empty on the
   * line of a unit whose project could not be told).
   */
  notes: Map<string, CarriedNote[]>;
  /** Lines with a note but no 房号, named by sheet and row; 按户 sheets that could not be read. */
  warnings: Bilingual[];
}

/**
 * Reads the notes on last month's 按户 sheets, per line. A 按户 line is its unit's, identified by its
 * 房号 and, in a report of several projects (whose codes repeat), by its 项目 too, so a line's note is
 * its unit's wherever the line was sorted to, and never the other project's unit of that code. Only
 * the sheets the report wrote 按户 on are read; a line with a note and no 房号 (a row a person
 * inserted) is named in a warning.
 */
export function readUnitNotes(wb: ExcelJS.Workbook, reportPeriod: string): ReadUnitNotes {
  const notes = new Map<string, CarriedNote[]>();
  const loose: string[] = [];
  const unitColumns = (ws: ExcelJS.Worksheet) => sheetColumns(ws, UNIT_HEADS, (c) => !!(c.unit && c.by && c.result));
  const { readable, unreadable } = eachNotedLine(wb, UNIT_SHEET, unitColumns, reportPeriod, (ws, row, n, cols, typed) => {
    const unit = cellText(row.getCell(cols.unit).value);
    if (unit === null) {
      loose.push(`${ws.name}!${n}`);
      return;
    }
    const key = cols.project ? `${cellText(row.getCell(cols.project).value) ?? ''}${UNIT_NOTE_SEPARATOR}${unit}` : unit;
    const list = notes.get(key);
    if (list) list.push(...typed);
    else notes.set(key, typed);
  });
  const warnings: Bilingual[] = [];
  if (readable === 0 || unreadable.length) {
    const which = unreadable.length ? unreadable : ['按户'];
    warnings.push({
      zh: `上期报告的按户表（${which.join('、')}）无法读取（工作表被改名，或找不到房号、处理人、处理结果等表头），按户表上的处理人/处理结果未能带入本期；请对照上期报告补填`,
      en: `last month's 按户 (${which.join(', ')}) could not be read (the sheet was renamed, or its 房号, 处理人, 处理结果 headers cannot be found), so the notes on it were not brought forward; copy them over from last month's report`,
    });
  }
  if (loose.length) {
    const s = listed(loose);
    warnings.push({
      zh: `上期报告按户表有 ${loose.length} 行只有处理人/处理结果，没有房号（插入的行？），无法对应到房屋，未带入本期：${s.zh}；请把内容填到所说房屋的那一行`,
      en: `${loose.length} line(s) of last month's 按户 have 处理人/处理结果 but no 房号 (inserted rows?), so they cannot be tied to a unit and were not brought forward: ${s.en}; type them on the line of the unit they are about`,
    });
  }
  return { notes, warnings };
}

/**
 * What became of the notes typed on last month's 按户: the units shown on this month's 按户 with them,
 * those without a line there, and those of a report without a 项目 column whose 房号 has lines of
 * several projects this month (each named "项目 房号" when it has a project, in order).
 */
export interface UnitNotesOutcome {
  shown: number;
  missing: string[];
  unclear: string[];
}

/** The line on stdout and 汇总: "3 户：本期按户表显示 2，本期无该户 1". */
export function unitNotesText(o: UnitNotesOutcome): Bilingual {
  const n = o.shown + o.missing.length + o.unclear.length;
  const zh = o.unclear.length ? `，无法确定项目 ${o.unclear.length}` : '';
  const en = o.unclear.length ? `, ${o.unclear.length} whose project cannot be told` : '';
  return {
    zh: `${n} 户带上期按户表的处理人/处理结果：本期按户表显示 ${o.shown}，本期按户表无该户 ${o.missing.length}${zh}`,
    en: `${n} unit(s) came with last month's 按户 处理人/处理结果 notes: ${o.shown} shown on 按户, ${o.missing.length} without a 按户 line this month${en}`,
  };
}

/**
 * The units whose note on last month's 按户 (a report without a 项目 column: of one project, or from
 * before the column) has lines of several projects on this month's 按户: the note is put on none of
 * them, rather than on each, and the person is told which units.
 */
export function unitNotesUnclearWarning(units: readonly string[]): Bilingual {
  const s = listed(units, '户', 'units');
  return {
    zh: `上期报告按户表没有项目列，其中 ${units.length} 户的房号本期在多个项目都有行，处理人/处理结果无法确定属于哪个项目，未带入本期：${s.zh}；请对照上期报告填到所属项目的那一行`,
    en: `last month's 按户 has no 项目 column, and ${units.length} of its units with 处理人/处理结果 have lines of several projects this month, so their notes could not be tied to one and were not brought forward: ${s.en}; copy them to the line of their project`,
  };
}

/**
 * The units whose note on last month's 按户 has no line to go on this month: 按户 lists only the
 * units with a row this month (a credit, a booking, an item still open, a loan the register has
 * disbursed this month), so a unit settled last month has none. Its note is not carried on a line
 * of its own (it would come back every month, with nothing to reconcile beside it), but the person
 * is told which units, so that nothing typed is dropped without a word.
 */
export function unitNotesMissingWarning(missing: readonly string[]): Bilingual {
  const s = listed(missing, '户', 'units');
  return {
    zh: `上期报告按户表有 ${missing.length} 户的处理人/处理结果未带入本期：这些户本期没有到账、入账、未达项或台账放款，按户表无该户的行：${s.zh}；如仍需跟进，请记到本期报告中`,
    en: `${missing.length} unit(s) of last month's 按户 have 处理人/处理结果 that were not brought forward: they have no credit, booking, open item or register disbursement this month, so this month's 按户 has no line for them: ${s.en}; if they still need following up, note them in this month's report`,
  };
}
