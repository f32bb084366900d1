import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { columnLetter } from '../../domain/issues';
import { excelError, parseRegisterSheet, type RawCell, type RawRegisterRow, type RegisterSheet } from '../../domain/registerValidation/parse';
import type { RegisterUnit } from '../../domain/register';
import type { Issue } from '../../domain/issues';
import type { SheetDescription } from '../../domain/sheets/description';
import { isRegisterHeaderKeys, registerHeaderRank, isUnitRow, normaliseLabel, registerHeaderIndex } from '../../domain/registerValidation/headers';
import { noUnitsRefusal } from '../../domain/registerValidation/noUnits';
import type { Bilingual } from '../../domain/text';
import { UserError } from '../errors';
import { guardInputFile, inputFileError, refuseFile, verifyWorksheetParts } from './guards';
import { convertWithLibreOffice, sniffContainer } from './sources';
import { loadSheetDescription } from '../render/templates';
import { withBooleanDate1904 } from '../io/date1904';

/**
 * Reads a register workbook (.xlsx) laid out as templates/sheets/register.json: the header row
 * is found on any sheet (the first one with enough register headers, Chinese or English, within
 * the first 30 rows), whether the data is an Excel table or a plain range; column order does not
 * matter. Returns the raw rows (for validation, located by sheet/row/column) — parse them with
 * domain/registerValidation.
 */
const MAX_HEADER_SCAN = 30;


/**
 * A cell of the register table. A value merged down several rows (项目 or 楼栋 over a block of units)
 * belongs to each of them; merged across columns it stays in its own column (exceljs reports the
 * merged value in every cell of the area). The add-in reads merges the same way (fillMergedDown).
 */
function tableCell(cell: ExcelJS.Cell): RawCell {
  if (cell.isMerged && cell.master.col !== cell.col) return null;
  return plainCell(cell.value);
}

/**
 * exceljs cell value → plain value (formula results, rich text, hyperlinks unwrapped). A cell
 * showing an error (#N/A, #REF! …, typed or a formula's result) is its error text, as Office.js
 * reads it for the add-in: the register's readers report it (FORMULA_ERROR), neither blank nor value.
 */
export function plainCell(v: ExcelJS.CellValue): RawCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) {
      const r = (v as { result?: unknown }).result;
      if (r instanceof Date) return r;
      if (r !== null && typeof r === 'object') return errorText(r);
      if (r === undefined || r === null) return null;
      return r as string | number | boolean;
    }
    if ('text' in v && typeof (v as { text: unknown }).text === 'string') return (v as { text: string }).text;
    if ('error' in v) return errorText(v);
  }
  return null;
}

function errorText(v: object): string | null {
  const code = (v as { error?: unknown }).error;
  return typeof code === 'string' ? code : null;
}

export interface RegisterWorkbook {
  sheet: RegisterSheet;
  /** Sheets that were looked at and had no register header. */
  otherSheets: string[];
}

/** Whether a row of these texts, within a sheet's first MAX_HEADER_SCAN rows, is a register header (as readRegisterWorkbook finds one). */
export function registerHeaderFinder(desc: SheetDescription = loadSheetDescription('register')): { rows: number; isHeader: (texts: readonly string[]) => boolean } {
  const index = registerHeaderIndex(desc);
  return {
    rows: MAX_HEADER_SCAN,
    isHeader: (texts) => registerHeaderRank(texts, index) > 0,
  };
}

export async function readRegisterWorkbook(file: string, opts: { description?: SheetDescription } = {}): Promise<RegisterWorkbook> {
  const desc = opts.description ?? loadSheetDescription('register');
  if (!fs.existsSync(file)) {
    throw new UserError({ zh: `找不到文件：${file}`, en: `File not found: ${file}` }, { file: path.basename(file) });
  }
  const wb = await openRegisterWorkbook(file);
  const index = registerHeaderIndex(desc);
  let best: { ws: ExcelJS.Worksheet; row: number; keys: Map<number, string> } | null = null;
  for (const ws of wb.worksheets) {
    const last = Math.min(ws.rowCount, MAX_HEADER_SCAN);
    for (let r = 1; r <= last; r++) {
      const keys = new Map<number, string>();
      const used = new Set<string>();
      ws.getRow(r).eachCell((cell, col) => {
        const v = plainCell(cell.value);
        if (typeof v !== 'string') return;
        const key = index.get(normaliseLabel(v));
        if (key && !used.has(key)) {
          keys.set(col, key);
          used.add(key);
        }
      });
      if (isRegisterHeaderKeys(used)) {
        if (!best || keys.size > best.keys.size) best = { ws, row: r, keys };
        break;
      }
    }
  }
  if (!best) {
    throw new UserError(
      { zh: '在任何工作表的前 30 行中都找不到按揭台账的表头（如 房号、合同编号、合同总价）', en: 'No register header row (房号, 合同编号, 合同总价 …) in the first 30 rows of any sheet' },
      { file: path.basename(file) },
      { zh: '请使用 anjie register new 生成的模板，或让表头与模板一致。', en: 'Use the layout from `anjie register new`, or make the headers match it.' },
    );
  }
  const { ws, row: headerRow, keys } = best;
  const columns: Record<string, string> = {};
  const headers: Record<string, string> = {};
  for (const [col, key] of keys) {
    columns[key] = columnLetter(col);
    headers[key] = String(plainCell(ws.getRow(headerRow).getCell(col).value) ?? '');
  }
  // The column a 合计/小计 label or a note is looked for in: the header row's first, as the add-in
  // reads it (a 序号 column the desk put left of 项目 holds the 合计 of a ledger kept by hand).
  let labelCol = Math.min(...keys.keys());
  ws.getRow(headerRow).eachCell((cell, col) => {
    const v = plainCell(cell.value);
    if (col < labelCol && v !== null && String(v).trim() !== '') labelCol = col;
  });
  const rows: RawRegisterRow[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const wsRow = ws.getRow(r);
    const cells: Partial<Record<string, RawCell>> = {};
    let filled = 0;
    let first: string | null = null;
    for (const [col, key] of keys) {
      const v = tableCell(wsRow.getCell(col));
      const empty = v === null || (typeof v === 'string' && v.trim() === '');
      cells[key] = empty ? null : v;
      // A formula filled down past the units shows #N/A on rows that hold nothing else: not a unit.
      if (!empty && excelError(v) === null) filled += 1;
    }
    if (filled === 0) continue; // before reading the first column: most such rows are past the table
    const firstCell = plainCell(wsRow.getCell(labelCol).value);
    first = typeof firstCell === 'string' ? firstCell : null;
    if (isUnitRow(cells, filled, first, index)) rows.push({ row: r, cells });
  }
  return {
    sheet: {
      file: path.basename(file),
      sheet: ws.name,
      headerRow,
      columns,
      headers,
      rows,
      date1904: Boolean(wb.properties?.date1904),
    },
    otherSheets: wb.worksheets.filter((w) => w !== ws).map((w) => w.name),
  };
}

/**
 * The register as a workbook, after the checks the bank and journal readers make (empty, too big,
 * damaged, encrypted, not a workbook, a zip bomb: each a message naming the file, before anything
 * is expanded), a legacy .xls converted as they convert one.
 */
async function openRegisterWorkbook(file: string): Promise<ExcelJS.Workbook> {
  let converted: { xlsx: string; dir: string } | null = null;
  try {
    await guardInputFile(file);
    const container = await sniffContainer(file);
    if (container === 'text') {
      throw refuseFile(file, '这是文本文件（CSV？），不是 Excel 工作簿；按揭台账须为 .xlsx', 'it is a text file (a CSV?), not an Excel workbook; the register must be an .xlsx', {
        zh: '用 Excel 或 WPS 打开该文件并另存为 .xlsx，或使用 anjie register new 生成的模板。',
        en: 'Open it in Excel or WPS and save it as .xlsx, or use the layout from `anjie register new`.',
      });
    }
    if (container !== 'xlsx') converted = await convertWithLibreOffice(file);
    const workbook = converted ? converted.xlsx : file;
    // exceljs inflates the sheets itself, unchecked: the guard's streamed checks (size, bomb, CRC) first.
    await verifyWorksheetParts(workbook);
    const wb = new ExcelJS.Workbook();
    await withBooleanDate1904(() => wb.xlsx.readFile(workbook));
    return wb;
  } catch (err) {
    const e = inputFileError(file, err);
    if (e instanceof UserError) throw e;
    throw refuseFile(file, '工作簿已损坏，无法打开', 'the workbook is damaged and cannot be opened', {
      zh: '请确认文件是 .xlsx 格式且未损坏；可用 Excel 或 WPS 打开后另存为 .xlsx 再试。',
      en: 'Make sure the file is an undamaged .xlsx workbook; open it in Excel or WPS, save it as .xlsx and try again.',
    });
  } finally {
    if (converted) await fs.promises.rm(converted.dir, { recursive: true, force: true });
  }
}

/**
 * Generating from a register that holds no unit is refused, --out not written, as the pane refuses
 * it (domain noUnitsRefusal): a blank register (anjie register new) is told to fill in its units.
 * `what` is what was not done ("未生成进度表").
 */
export function noUnitsError(what: Bilingual, file: string, sheet: RegisterSheet): UserError {
  const r = noUnitsRefusal(what, { sheet: sheet.sheet, rows: sheet.rows.length }, { zh: 'anjie validate', en: 'anjie validate' });
  return new UserError(r.text, { file: path.basename(file), sheet: sheet.sheet }, r.fix);
}

/** The register's units (rows that name a unit) and the issues met while reading cells. */
export async function readRegister(file: string): Promise<{ sheet: RegisterSheet; units: RegisterUnit[]; issues: Issue[] }> {
  const { sheet } = await readRegisterWorkbook(file);
  const { units, issues } = parseRegisterSheet(sheet);
  return { sheet, units, issues };
}
