/**
 * The register as the add-in sees it: the header row that identifies it, its rows turned into
 * the domain's RegisterSheet, validation with the domain rules, and the blank register.
 */
import type { Issue } from '../../domain/issues';
import { columnLetter } from '../../domain/issues';
import type { RegisterUnit } from '../../domain/register';
import { excelError, isBlankCell, locate, type RawCell, type RegisterSheet } from '../../domain/registerValidation/parse';
import { validateRegister } from '../../domain/registerValidation/validate';
import type { Lang, SheetDescription } from '../../domain/sheets/description';
import type { Bilingual } from '../../domain/text';
import type { SheetLayout } from '../../domain/sheets/layout';
import { layoutSheet } from '../../domain/sheets/layoutSheet';
import { registerHeaderRank as headerRank, isUnitRow, normaliseLabel, registerHeaderIndex } from '../../domain/registerValidation/headers';
import { noUnitsRefusal } from '../../domain/registerValidation/noUnits';
import { AddinError } from '../excel/errors';
import type { RegisterData } from '../excel/registerRead';
import { sheetDescription } from './templates';

/** Header text → register column key, compared as the CLI compares it (normaliseLabel). */
function headerIndex(): Map<string, string> {
  return registerHeaderIndex(sheetDescription('register'));
}

/**
 * How many register columns a header row names, or 0 when it is no register header (the CLI's rule,
 * isRegisterHeaderKeys): findRegister takes the sheet whose header names the most, as the CLI does,
 * so a short list copied out of the register onto an earlier sheet is not taken for it.
 */
export function registerHeaderRank(cells: string[]): number {
  return headerRank(cells, headerIndex());
}

/** A register header row (registerHeaderRank above 0). */
export function isRegisterHeader(cells: string[]): boolean {
  return registerHeaderRank(cells) > 0;
}

/** The rows read from Excel as the domain's RegisterSheet (cells by column key, located). */
export function toRegisterSheet(data: RegisterData): RegisterSheet {
  const idx = headerIndex();
  const { location } = data;
  const columns: Record<string, string> = {};
  const headers: Record<string, string> = {};
  const keyAt: (string | null)[] = location.headers.map((h, i) => {
    const key = idx.get(normaliseLabel(h)) ?? null;
    if (key && !(key in columns)) {
      columns[key] = columnLetter(location.firstCol + i + 1);
      headers[key] = h;
      return key;
    }
    return null;
  });
  // Rows that are not units, read the same way as the CLI (pipeline/read/register.ts): empty input
  // rows, 合计/小计 lines, the signature block and note lines under the table, header lines again.
  const rows: RegisterSheet['rows'] = [];
  const used = keyAt.flatMap((key, c) => (key ? [[key, c] as const] : []));
  // Every row's cells object gets the same keys in the same order. Copied from one template made
  // by JSON.parse, they share one fast shape; adding ~50 keys one by one made each a slow
  // dictionary object, which every later lookup (validation, progress) paid for.
  const template = JSON.parse(JSON.stringify(Object.fromEntries(used.map(([key]) => [key, null])))) as Partial<Record<string, RawCell>>;
  data.rows.forEach((values, i) => {
    const cells: Partial<Record<string, RawCell>> = { ...template };
    let filled = 0;
    for (let k = 0; k < used.length; k++) {
      const [key, c] = used[k];
      const v = values[c];
      if (v === '' || v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) cells[key] = null;
      else {
        cells[key] = v;
        // A formula filled down past the units shows #N/A on rows that hold nothing else: not a unit.
        if (excelError(v) === null) filled++;
      }
    }
    const first = typeof values[0] === 'string' ? values[0] : null;
    if (isUnitRow(cells, filled, first, idx)) rows.push({ row: data.firstDataRow + i, cells });
  });
  return { sheet: location.sheet, headerRow: location.headerRow + 1, columns, headers, rows, date1904: data.date1904 };
}

/** The column letter of a register column (by key) and its header as the register's header row has them, or undefined. */
export function registerColumn(location: RegisterData['location'], key: string): { column: string; header: string } | undefined {
  const idx = headerIndex();
  const i = location.headers.findIndex((h) => idx.get(normaliseLabel(h)) === key);
  return i >= 0 ? { column: columnLetter(location.firstCol + i + 1), header: location.headers[i] } : undefined;
}

export interface RegisterCheck {
  units: RegisterUnit[];
  issues: Issue[];
  rows: number;
  /** The 项目/楼栋 columns read empty under a filled cell on an Excel that cannot tell merged cells (one MERGED_UNREAD each); empty otherwise. */
  unreadMerges: UnreadMerge[];
}

/** A 项目 or 楼栋 column whose cells read empty under a filled one, perhaps merged (RegisterData.mergesUnread). */
export interface UnreadMerge {
  key: string;
  header: Bilingual;
  /** Column letter, and the first and last of the rows read empty (1-based, as Excel shows them). */
  column: string;
  first: number;
  last: number;
  cells: number;
}

export function checkRegister(data: RegisterData, today: string): RegisterCheck {
  const sheet = toRegisterSheet(data);
  const description = sheetDescription('register');
  const r = validateRegister(sheet, { description, today });
  if (!data.mergesUnread) return { units: r.units, issues: r.issues, rows: r.rows, unreadMerges: [] };
  const merged = mergedUnread(sheet, description, r.issues);
  return { units: r.units, issues: merged.issues, rows: r.rows, unreadMerges: merged.columns };
}

/** The columns a desk merges down a block of units (one 项目 or 楼栋 over its rows). */
const MERGED_DOWN = ['project', 'building'];

/**
 * On an Excel that cannot tell merged cells (RegisterData.mergesUnread), a 项目 or 楼栋 read empty
 * under one that is filled may be part of a merged cell, whose value Excel gives its top row only:
 * instead of one 「项目」必填 per row, one error per column says so and what to do (unmerge and
 * fill, or open the workbook in an Excel that reads merges). Filling the value down would be a
 * guess: a cell left empty under a filled one, not merged, would take a project it does not have.
 * Empty cells with nothing filled above them cannot be merged under a value: still 必填 each.
 */
function mergedUnread(sheet: RegisterSheet, description: SheetDescription, issues: Issue[]): { issues: Issue[]; columns: UnreadMerge[] } {
  // Per column: the rows read empty under a filled one (a placeholder typed there, 待定, is no merge).
  const under = new Map<string, Set<number>>();
  for (const key of MERGED_DOWN) {
    const rows = new Set<number>();
    let filled = false;
    for (const r of sheet.rows) {
      if (!isBlankCell(r.cells[key])) filled = true;
      else if (filled) rows.add(r.row);
    }
    under.set(key, rows);
  }
  const keyOf = (i: Issue) => (i.code === 'REQUIRED' && i.location.row !== undefined ? MERGED_DOWN.find((key) => i.location.column === sheet.columns[key] && under.get(key)!.has(i.location.row!)) : undefined);
  const out = issues.filter((i) => keyOf(i) === undefined);
  const columns: UnreadMerge[] = [];
  for (const key of MERGED_DOWN) {
    const rows = issues.filter((i) => keyOf(i) === key).map((i) => i.location.row!);
    if (!rows.length) continue;
    const header = description.columns.find((c) => c.key === key)!.header;
    const [first, last] = [Math.min(...rows), Math.max(...rows)];
    columns.push({ key, header, column: sheet.columns[key]!, first, last, cells: rows.length });
    const zhRows = first === last ? `第 ${first} 行` : `第 ${first} 至 ${last} 行之间`;
    const enRows = first === last ? `row ${first}` : `rows ${first} to ${last}`;
    out.push({
      severity: 'error',
      code: 'MERGED_UNREAD',
      message: {
        zh: `「${header.zh}」有 ${rows.length} 个单元格读出为空（${zhRows}），可能是合并的单元格：此 Excel 版本读不出合并单元格（需要 ExcelApi 1.13，Excel 2019 没有），合并单元格的值只在其第一行读得到`,
        en: `${rows.length} cell${rows.length > 1 ? 's' : ''} of "${header.en}" read as empty (${enRows}), perhaps merged cells: this version of Excel cannot read merged cells (that needs ExcelApi 1.13, which Excel 2019 lacks), so a merged cell's value is read on its first row only`,
      },
      location: locate(sheet, first, key),
      fix: {
        zh: `取消这些单元格的合并，在每一行填上${header.zh}（或用 Microsoft 365 版 Excel 或 Excel 网页版校验）；没有合并的空单元格请补填。`,
        en: `Unmerge these cells and fill in the ${header.en.toLowerCase()} on every row (or validate in Excel for Microsoft 365 or on the web); fill in any empty cell that is not merged.`,
      },
    });
  }
  return { issues: out, columns };
}

/**
 * Generating from a register read on an Excel that cannot tell merged cells would give the units
 * under a merged 项目 or 楼栋 none (a progress sheet of its own for a blank project, fees under a
 * unit code without its building): refused, before anything is written, saying which column, why
 * and what to do. `what` is what was not done ("未生成进度表" / "The progress sheet was not generated").
 * Null when every 项目 and 楼栋 was read.
 */
export function unreadMergesRefusal(unread: readonly UnreadMerge[], sheet: string, what: Bilingual): AddinError | null {
  if (!unread.length) return null;
  const zhCols = unread.map((m) => `「${m.header.zh}」（${m.column} 列${m.first === m.last ? `第 ${m.first} 行` : `第 ${m.first} 至 ${m.last} 行之间`}有 ${m.cells} 个单元格）`).join('、');
  const enCols = unread.map((m) => `"${m.header.en}" (column ${m.column}, ${m.cells} cell${m.cells > 1 ? 's' : ''} ${m.first === m.last ? `on row ${m.first}` : `in rows ${m.first} to ${m.last}`})`).join(' and ');
  const zhFill = unread.map((m) => m.header.zh).join('、');
  const enFill = unread.map((m) => m.header.en.toLowerCase()).join(' and ');
  return new AddinError(
    {
      zh: `${what.zh}，工作簿未作改动：台账“${sheet}”的${zhCols}读出为空，可能是合并的单元格。此 Excel 版本（如 Excel 2019）读不出合并单元格（需要 ExcelApi 1.13），合并单元格的值只在其第一行读得到，照此生成，这些房屋的${zhFill}会是空的。请取消这些单元格的合并，在每一行填上${zhFill}（可用“向下填充”），或改用 Microsoft 365 版 Excel 或 Excel 网页版，然后重试。`,
      en: `${what.en}; the workbook was not changed: in the register "${sheet}", ${enCols} read as empty, perhaps merged cells. This version of Excel (such as Excel 2019) cannot read merged cells (that needs ExcelApi 1.13), so a merged cell's value is read on its first row only, and those units would have no ${enFill}. Unmerge these cells and fill in the ${enFill} on every row (Fill Down), or use Excel for Microsoft 365 or on the web, then try again.`,
    },
    'unsupported',
  );
}

/**
 * Generating from a register that holds no unit is refused, before anything is written, as `anjie`
 * refuses it (domain noUnitsRefusal): a blank register is told to fill in its units, rows none of
 * which could be read to be validated. `what` is what was not done, as for unreadMergesRefusal.
 */
export function noUnitsError(what: Bilingual, sheet: string, rows: number): AddinError {
  const r = noUnitsRefusal(what, { sheet, rows }, { zh: '“台账”页的“校验台账”', en: 'Validate register on the Register tab' });
  return new AddinError({ zh: `${r.text.zh}。${r.fix.zh}`, en: `${r.text.en}. ${r.fix.en}` }, 'not-found');
}

/** The blank register a new project starts from (dropdowns, formats, frozen header). */
export function blankRegisterLayout(lang: Lang): SheetLayout {
  return layoutSheet(sheetDescription('register-blank'), [], { lang, blankRows: 200 });
}

export const REGISTER_TABLE_NAME = 'AnjieRegister';
