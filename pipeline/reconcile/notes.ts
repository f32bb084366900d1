import type ExcelJS from 'exceljs';
import type { CarriedNote, Side } from '../../domain/reconcile';
import type { Bilingual } from '../../domain/text';
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
 */

/** 处理人 and each 处理结果 are cut to these many characters on the report (after masking). */
export const NOTE_BY_MAX = 50;
export const NOTE_RESULT_MAX = 1000;
/** A line showing several notes (a group of carried items) is cut to this many characters. */
const NOTE_CELL_MAX = 2000;
const CUT = '…';

/** The headers of 差异 the notes and their link are read from. */
const H = { seq: '序号', kind: '差异类型', bankFile: '银行文件', bankRows: '银行行号', finFile: '财务文件', finRows: '财务行号', by: '处理人', result: '处理结果' } as const;

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
 * A 处理结果 as read from a report of `reportPeriod`: the text without the month marks at its start
 * and the month of the first (the note's month: a note brought forward and left as it was keeps
 * the month it was written in, and is shown with one mark next month, not one more each month);
 * null as the month when the text has no mark (typed this month). The writer puts a bare 【M月】
 * only before a note of the report's own year, so M is never after the report's month: a bare mark
 * of a later month, like a mark of a month after the report's, is not one of ours and stays part
 * of the text (【11月】计划补记 typed in October's report is a plan, not a note of last November).
 */
export function parseNoteResult(text: string, reportPeriod: string): { result: string; period: string | null } {
  let period: string | null = null;
  let rest = text;
  for (let m = MARK.exec(rest); m; m = MARK.exec(rest)) {
    const month = Number(digits(m[2]));
    if (month < 1 || month > 12) break;
    const year = m[1] ? digits(m[1]) : reportPeriod.slice(0, 4);
    const p = `${year}-${String(month).padStart(2, '0')}`;
    if (p > reportPeriod) break;
    period ??= p;
    rest = rest.slice(m[0].length);
  }
  return { result: rest.trim(), period };
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

/** An item of last month's `_anjie_open`, as far as tying 差异 lines to it goes. */
export interface OpenRecordRef {
  side: Side;
  /** As written in `_anjie_open` (a carried row's with its month: "2026-10/工行.csv"). */
  file: string;
  sheet: string;
  row: number;
  /** The 序号 of the 差异 line that showed it (`_anjie_open` column B); null in reports before the key. */
  line: number | null;
}

interface DiffColumns {
  seq: number;
  bankFile: number;
  bankRows: number;
  finFile: number;
  finRows: number;
  by: number;
  result: number;
}

/** The columns of a 差异 sheet (差异, 差异(2) …, or renamed), found by its header row; null for any other sheet. */
function diffColumns(ws: ExcelJS.Worksheet): DiffColumns | null {
  const row = ws.getRow(1);
  const at = new Map<string, number>();
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const t = cellText(cell.value);
    if (t !== null && !at.has(t)) at.set(t, col);
  });
  const col = (h: string) => at.get(h) ?? 0;
  if (!col(H.seq) || !col(H.kind) || !col(H.by) || !col(H.result)) return null;
  return { seq: col(H.seq), bankFile: col(H.bankFile), bankRows: col(H.bankRows), finFile: col(H.finFile), finRows: col(H.finRows), by: col(H.by), result: col(H.result) };
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
 * Does the side's file and row columns name this record? A row standing in for a carried item
 * (Item.carriedCopy) is written with this month's prefix, "2026-11/工行.csv", and shown as 工行.csv.
 */
function names(n: Named, r: OpenRecordRef, reportPeriod: string): boolean {
  const prefix = `${reportPeriod}/`;
  const fileOk = n.files.has(r.file) || (r.file.startsWith(prefix) && n.files.has(r.file.slice(prefix.length)));
  if (!fileOk) return false;
  const plain = String(r.row);
  return n.rows.some((t) => t === plain || t === `${r.sheet}!${plain}`);
}

export interface ReadNotes {
  /** Per record (in the order given): the notes of the 差异 lines tied to it, or null. */
  notes: (CarriedNote[] | null)[];
  /** 差异 lines with a note that could not be tied to their items, named by sheet and row. */
  warnings: Bilingual[];
}

/** The warning lists at most this many lines by name. */
const LINES_NAMED = 10;

/**
 * Reads the notes on last month's 差异 sheets and ties each line's to the open items it shows
 * (see the top of this file). Nothing is read from any other sheet; lines without a note are skipped.
 */
export function readDiffNotes(wb: ExcelJS.Workbook, records: readonly OpenRecordRef[], reportPeriod: string): ReadNotes {
  const notes: (CarriedNote[] | null)[] = records.map(() => null);
  const byLine = new Map<number | string, number[]>();
  // Per side and row number, the records: a line's rows are looked up, not scanned for.
  const byRow = new Map<number | string, number[]>();
  const add = (m: Map<number | string, number[]>, key: number | string, k: number) => {
    const ks = m.get(key);
    if (ks) ks.push(k);
    else m.set(key, [k]);
  };
  records.forEach((r, k) => {
    if (r.line !== null) add(byLine, r.line, k);
    add(byRow, `${r.side}|${r.row}`, k);
  });
  const untied: string[] = [];
  for (const ws of wb.worksheets) {
    const cols = diffColumns(ws);
    if (!cols) continue;
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const by = cellText(row.getCell(cols.by).value);
      const text = cellText(row.getCell(cols.result).value);
      if (by === null && text === null) return;
      const parsed = text === null ? { result: '', period: null } : parseNoteResult(text, reportPeriod);
      if (by === null && !parsed.result && parsed.period === null) return;
      const sides: [Side, Named | null][] = [
        ['bank', named(row, cols.bankFile, cols.bankRows)],
        ['finance', named(row, cols.finFile, cols.finRows)],
      ];
      const shows = (k: number) => {
        const r = records[k];
        const side = sides.find(([s]) => s === r.side)![1];
        return side !== null && names(side, r, reportPeriod);
      };
      // By the 序号 the writer recorded, when the line still names those items.
      const seq = intOf(row.getCell(cols.seq).value);
      const keyed = seq === null ? undefined : byLine.get(seq);
      let tied: number[] | null = keyed && keyed.every(shows) ? keyed : null;
      if (!tied) {
        // By what the line names: each row it names must be one item's, or none's (the other side of a pair).
        const found = new Set<number>();
        let ambiguous = false;
        for (const [side, nm] of sides) {
          if (!nm) continue;
          for (const t of nm.rows) {
            const rowNo = /^(?:.*!)?(\d+)$/.exec(t);
            if (!rowNo) continue;
            const hits = (byRow.get(`${side}|${rowNo[1]}`) ?? []).filter((k) => names({ files: nm.files, rows: [t] }, records[k], reportPeriod));
            if (hits.length > 1) ambiguous = true;
            for (const k of hits) found.add(k);
          }
        }
        tied = found.size && !ambiguous ? [...found].sort((a, b) => a - b) : null;
        // A line whose 序号 the writer recorded no longer names its items and names none clearly:
        // its note is not put on any item, and the person is told. A line that names no open item
        // (a problem closed last month) simply has nothing to carry.
        if (!tied && (keyed || ambiguous)) untied.push(`${ws.name}!${n}`);
      }
      if (!tied) return;
      const note: CarriedNote = { by, result: parsed.result || null, period: parsed.period ?? reportPeriod };
      for (const k of tied) (notes[k] ??= []).push(note);
    });
  }
  const warnings: Bilingual[] = [];
  if (untied.length) {
    const shown = untied.slice(0, LINES_NAMED).join('、') + (untied.length > LINES_NAMED ? ` …（共 ${untied.length} 行）` : '');
    const shownEn = untied.slice(0, LINES_NAMED).join(', ') + (untied.length > LINES_NAMED ? ` … (${untied.length} lines)` : '');
    warnings.push({
      zh: `上期报告差异表有 ${untied.length} 行的处理人/处理结果无法对应到其未达项（序号或文件、行号被改动），未带入本期：${shown}；请对照上期报告补填`,
      en: `${untied.length} line(s) of last month's 差异 have 处理人/处理结果 that cannot be tied to their open items (序号 or file/row columns were changed) and were not brought forward: ${shownEn}; copy them over from last month's report`,
    });
  }
  return { notes, warnings };
}
