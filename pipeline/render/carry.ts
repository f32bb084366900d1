import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { dateToExcelSerial, excelSerialToDate, parseDate } from '../../domain/dates';
import { UNPLACED_HEADER, UNPLACED_SHEET, carryNotice, findTable, isGeneratedSheet, planCarry, typedEntries, withoutGenerated, type CarriedEntry, type Grid, type ReadBack } from '../../domain/sheets/carryOver';
import type { SheetDescription } from '../../domain/sheets/description';
import { inLanguageOf } from '../../domain/sheets/otherLanguage';
import type { CellValue, SheetLayout } from '../../domain/sheets/layout';
import { activeRecords } from '../../domain/signoff/record';
import { RECORD_SHEET } from '../../domain/signoff/recordTable';
import type { Bilingual } from '../../domain/text';
import { UserError } from '../errors';
import { withBooleanDate1904 } from '../io/date1904';
import { plainCell } from '../read/register';
import { withChineseBuiltinFormats } from '../signoff/cjkFormats';
import { assertNotSigned, readRecords } from '../signoff/workbook';

/**
 * Regenerating a workbook the CLI wrote before (`--out` exists) keeps what people typed into it, as
 * the add-in does when it regenerates a sheet (domain/sheets/carryOver, addin/excel/writeLayout):
 * each generated sheet's typed entries (跟进人, 备注, 已缴 …) go onto the new row with the same
 * identity; entries whose row is gone, or that meet a different entry, are copied to 未放回的录入
 * (with what earlier runs put there) and named in the notice; a sheet Anjie no longer writes (a
 * project that left the register) has its entries copied there too. A sheet of the file that is not
 * one Anjie writes for this command (the person's own) is never written over: the run is refused.
 *
 * The file keeps no record of what Anjie wrote (a first run writes the very bytes it always did):
 * a value is taken as typed unless it is what this generation writes on that row (withoutGenerated).
 * So a 跟进人 the register changed since is kept over the new one, and the notice says so
 * (overriding), as for a sheet of an older version in the add-in; and the register's values on a row
 * that is gone are kept aside with what was typed there.
 */

/** A cell as Office.js reads it (domain/sheets/carryOver's grids): '' for empty, a date as its serial, a merged cell's other cells ''. */
export function readBackCell(v: unknown): ReadBack {
  if (v instanceof Date) {
    const p = parseDate(v);
    return p.ok && p.date ? dateToExcelSerial(p.date) : '';
  }
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : '';
}

/** The sheets of `wb` under an active signature; all of them when its 签核记录 cannot be read (taken as signed, as assertNotSigned does). */
export function signedIn(wb: ExcelJS.Workbook, file: string): Set<string> {
  try {
    return new Set(activeRecords(readRecords(wb, file)).flatMap((r) => r.scope.sheets.map((x) => x.sheet)));
  } catch (err) {
    if (err instanceof UserError) return new Set(wb.worksheets.map((ws) => ws.name));
    throw err;
  }
}

function sheetGrid(ws: ExcelJS.Worksheet): ReadBack[][] {
  const grid: ReadBack[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row: ReadBack[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const cell = ws.getCell(r, c);
      row.push(cell.isMerged && cell.master.address !== cell.address ? '' : readBackCell(plainCell(cell.value)));
    }
    grid.push(row);
  }
  return grid;
}

export interface Carried {
  /** What the person is told, per sheet, Chinese and English (carryNotice's words). */
  notices: Bilingual[];
  /** 未放回的录入, to write after the generated sheets: what earlier runs put there and what this one could not place. */
  unplaced: SheetLayout | null;
}

const NOTHING: Carried = { notices: [], unplaced: null };

function isDateFormat(format: string): boolean {
  return /[yd]/i.test(format.replace(/"[^"]*"|\[[^\]]*\]/g, ''));
}

/** Whether the layout writes cell (row, col) as a date: a date column's cell, or one with a date format. */
function datedAt(layout: SheetLayout, d: SheetDescription, row: number, col: number): boolean {
  const f = layout.numberFormats.find((n) => row >= n.range.row && row < n.range.row + n.range.rows && col >= n.range.col && col < n.range.col + n.range.cols);
  if (f) return isDateFormat(f.format);
  const header = layout.table ? layout.values[layout.table.headerRow]?.[col] : null;
  return typeof header === 'string' && d.columns.some((c) => c.type === 'date' && (c.header.zh === header.trim() || c.header.en === header.trim()));
}

/** A typed value as the layout writes it: a date serial in a date cell as a date. */
function asCell(v: ReadBack, dated: boolean): CellValue {
  if (dated && typeof v === 'number') {
    try {
      return { kind: 'date', date: excelSerialToDate(v).date };
    } catch {
      /* not a date: as it is */
    }
  }
  return v;
}

/** Whether `out` is a file written before, to read what was typed in it: not when nothing is there, or not a file (a folder, a pipe), or one of the run's inputs (writeAtomically says what is wrong with those). */
export async function existingOutput(out: string, inputs: readonly string[]): Promise<boolean> {
  const there = await fs.stat(out).catch(() => null);
  if (!there?.isFile()) return false;
  const real = await fs.realpath(out);
  for (const input of inputs) if ((await fs.realpath(input).catch(() => path.resolve(input))) === real) return false;
  return true;
}

/** The run refused: a sheet of the --out file is not one Anjie writes for this command, and writing the file anew would destroy it. */
export function refuse(out: string, sheet: string): never {
  throw new UserError(
    {
      zh: `--out 文件中的工作表“${sheet}”不是安捷为此命令生成的，重新生成会覆盖其中的内容，已停止，文件未作任何改动`,
      en: `The sheet "${sheet}" in the --out file was not written by Anjie for this command; writing the file anew would destroy it, so nothing was written`,
    },
    { file: path.basename(out) },
    { zh: '请换一个 --out 文件，或先把该工作表移到别的文件', en: 'give another --out file, or move that sheet to another file first' },
  );
}

/**
 * When `out` exists: reads it, puts what was typed on each of its sheets into `targets` (the
 * layouts about to be written, changed in place) and says what became of it. `retired`: the
 * descriptions of sheets this command wrote under names it may no longer write (a project's
 * progress sheet), whose entries are kept in 未放回的录入. `today`: the date of the rows added there.
 */
export async function carryTyped(
  out: string,
  targets: readonly { layout: SheetLayout; description: SheetDescription }[],
  opts: {
    force?: boolean;
    today: string;
    retired?: readonly SheetDescription[];
    inputs?: readonly string[];
    /** For a sheet no longer written (of `retired`): the sheet written now that takes its entries in (the single 按揭进度表 → its project's 按揭进度表-<项目>), or null. */
    absorbInto?: (sheet: string, grid: Grid) => string | null;
    /** The targets' layouts as the other --lang writes them, in the same order: a file written in that language has its sheets under those names. */
    otherLanguage?: () => readonly SheetLayout[];
  },
): Promise<Carried> {
  if (!(await existingOutput(out, opts.inputs ?? []))) return NOTHING;
  // A signed file is refused (without --force) before it is read.
  await assertNotSigned(out, opts.force ?? false);
  const wb = new ExcelJS.Workbook();
  try {
    await withChineseBuiltinFormats(() => withBooleanDate1904(() => wb.xlsx.readFile(out)));
  } catch (err) {
    throw new UserError(
      {
        zh: `--out 文件已存在，但无法作为 .xlsx 读取（${(err as Error).message}），为免覆盖其中的内容，已停止`,
        en: `The --out file exists but cannot be read as an .xlsx (${(err as Error).message}); nothing was written, so that it is not destroyed`,
      },
      { file: path.basename(out) },
      { zh: '请换一个 --out 文件，或先移走该文件', en: 'give another --out file, or move that file first' },
    );
  }
  const signed = new Set([...signedIn(wb, out)].map((n) => n.toLowerCase()));
  const grids = new Map<string, { name: string; grid: ReadBack[][] }>();
  for (const ws of wb.worksheets) grids.set(ws.name.toLowerCase(), { name: ws.name, grid: sheetGrid(ws) });
  const taken = new Set(targets.map((t) => t.layout.name.toLowerCase()));
  const inOther = sheetsInOtherLanguage(grids, targets, taken, opts.otherLanguage);
  // Every sheet of the file is one this command writes, its own 未放回的录入, or the sign-off record (a signed file, with --force): else nothing is written.
  for (const t of targets) {
    const old = grids.get(t.layout.name.toLowerCase());
    const other = inOther.get(t.layout.name.toLowerCase());
    if (old && !isGeneratedSheet(t.description, old.grid)) refuse(out, old.name);
    if (other && !isGeneratedSheet(t.description, other.grid)) refuse(out, other.name);
  }
  const retiring: { name: string; grid: Grid; d: SheetDescription }[] = [];
  for (const [key, { name, grid }] of grids) {
    if (taken.has(key) || [...inOther.values()].some((o) => o.name.toLowerCase() === key) || key === UNPLACED_SHEET.toLowerCase() || key === RECORD_SHEET.toLowerCase()) continue;
    const d = (opts.retired ?? []).find((x) => findTable(x, grid) !== null && isGeneratedSheet(x, grid));
    if (grid.every((row) => row.every((v) => v === '' || (typeof v === 'string' && !v.trim())))) continue;
    if (!d) refuse(out, name);
    retiring.push({ name, grid, d });
  }
  const notices: Bilingual[] = [];
  const aside: CarriedEntry[] = [];
  // A sheet no longer written whose entries another sheet takes in (by the sheet written now, in lower case).
  const absorb = new Map<string, { name: string; grid: Grid }>();
  for (const r of [...retiring]) {
    const into = opts.absorbInto?.(r.name, r.grid)?.toLowerCase();
    if (!into || !taken.has(into) || absorb.has(into)) continue;
    absorb.set(into, r);
    retiring.splice(retiring.indexOf(r), 1);
  }
  for (const { layout, description: d } of targets) {
    const key = layout.name.toLowerCase();
    const old = grids.get(key) ?? inOther.get(key);
    const also = absorb.get(key);
    if (!old && !also) continue;
    // The file keeps no record of what Anjie wrote: a value is Anjie's when it is what this generation writes on that row, any other typed.
    const plan = planCarry(d, layout, old ? withoutGenerated(d, layout, old.grid) : null, null, {
      signed: signed.has(old?.name.toLowerCase() ?? key),
      ...(also ? { also: { sheet: also.name, grid: withoutGenerated(d, layout, also.grid), record: null, signed: signed.has(also.name.toLowerCase()) } } : {}),
    });
    for (const c of plan.cells) layout.values[c.row][c.col] = asCell(c.value, datedAt(layout, d, c.row, c.col));
    if (plan.cells.length) layout.rowHeights = plan.rowHeights;
    for (const report of [plan.report, plan.absorbed]) {
      if (!report) continue;
      const lost = [...report.unplaced, ...report.clashes].map((e) => ({ ...e, sheet: e.sheet ?? layout.name }));
      if (lost.length) {
        aside.push(...lost);
        report.savedTo = UNPLACED_SHEET;
      }
    }
    const notice = plan.report ? carryNotice(layout.name, d, plan.report) : null;
    if (notice) notices.push(notice);
    if (also && plan.absorbed) {
      const detail = carryNotice(also.name, d, plan.absorbed);
      notices.push({
        zh: `工作表“${also.name}”是台账只有一个项目时的进度表，现已由各项目的进度表取代，其中填写的内容已带入“${layout.name}”，原表不再写出。${detail ? detail.zh : ''}`,
        en: `The sheet "${also.name}" is the progress sheet from when the register had one project; each project now has its own, what was typed on it was carried to "${layout.name}", and it is not written any more.${detail ? ` ${detail.en}` : ''}`,
      });
    }
  }
  for (const r of retiring) {
    const entries = typedEntries(r.d, r.name, r.grid, null) ?? [];
    if (!entries.length) continue;
    aside.push(...entries);
    notices.push({
      zh: `“${r.name}”：本次不再生成这张表，其中填写的 ${entries.length} 行内容已全部记入工作表“${UNPLACED_SHEET}”。`,
      en: `"${r.name}": this sheet is not written any more; the ${entries.length} ${entries.length === 1 ? 'row' : 'rows'} of typed entries on it are all copied to the sheet "${UNPLACED_SHEET}".`,
    });
  }
  const before = grids.get(UNPLACED_SHEET.toLowerCase())?.grid ?? [];
  return { notices, unplaced: unplacedSheet(before, aside, opts.today) };
}

/**
 * The file's sheets the other --lang wrote (按揭进度表-滨江花园 for Weekly progress-滨江花园), by the
 * target (lower case) whose entries they hold, read as this language writes them (inLanguageOf): not
 * when the file has the target's own name too. The other language's layouts are made only when the
 * file has a sheet this run does not write.
 */
function sheetsInOtherLanguage(
  grids: ReadonlyMap<string, { name: string; grid: ReadBack[][] }>,
  targets: readonly { layout: SheetLayout; description: SheetDescription }[],
  taken: ReadonlySet<string>,
  otherLanguage: (() => readonly SheetLayout[]) | undefined,
): Map<string, { name: string; grid: Grid }> {
  const out = new Map<string, { name: string; grid: Grid }>();
  const extra = [...grids.keys()].some((k) => !taken.has(k) && k !== UNPLACED_SHEET.toLowerCase() && k !== RECORD_SHEET.toLowerCase());
  if (!otherLanguage || !extra) return out;
  const others = otherLanguage();
  if (others.length !== targets.length) return out;
  targets.forEach(({ layout, description }, i) => {
    const old = grids.get(others[i].name.toLowerCase());
    if (!old || taken.has(others[i].name.toLowerCase()) || grids.has(layout.name.toLowerCase())) return;
    out.set(layout.name.toLowerCase(), { name: old.name, grid: inLanguageOf(description, old.grid, others[i], layout) });
  });
  return out;
}

/** 未放回的录入 as written: the rows earlier runs put there, then one row per value this run could not place (date, sheet, row, column, value). */
function unplacedSheet(before: readonly ReadBack[][], entries: readonly CarriedEntry[], today: string): SheetLayout | null {
  let last = before.length - 1;
  while (last >= 0 && !before[last].some((v) => v !== '')) last--;
  const earlier = before.slice(0, last + 1);
  if (!earlier.length && !entries.length) return null;
  const values: CellValue[][] = earlier.length ? earlier.map((row, r) => Array.from({ length: UNPLACED_HEADER.length }, (_, c) => asCell(row[c] ?? '', r > 0 && c === 0)).map((v) => (v === '' ? null : v))) : [[...UNPLACED_HEADER]];
  for (const e of entries) for (const v of e.values) values.push([{ kind: 'date', date: today }, e.sheet ?? '', e.row.join(' '), `${v.column.zh} ${v.column.en}`, v.value]);
  return {
    name: UNPLACED_SHEET,
    values,
    numberFormats: [{ range: { row: 1, col: 0, rows: Math.max(1, values.length - 1), cols: 1 }, format: 'yyyy-mm-dd' }],
    styles: [{ range: { row: 0, col: 0, rows: 1, cols: UNPLACED_HEADER.length }, style: { bold: true } }],
    columnWidths: [12, 24, 24, 24, 48],
    merges: [],
    freeze: { rows: 1, cols: 0 },
    table: null,
    validations: [],
    conditionalFormats: [],
    unlocked: [],
    protect: false,
    print: { orientation: 'landscape', paperSize: 'A4', fitToWidth: true, repeatRows: { from: 0, to: 0 } },
    notes: [],
  };
}
