import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { columnLetter } from '../../domain/issues';
import { parseRegisterSheet, type RawCell, type RawRegisterRow, type RegisterSheet } from '../../domain/registerValidation/parse';
import type { RegisterUnit } from '../../domain/register';
import type { Issue } from '../../domain/issues';
import type { SheetDescription } from '../../domain/sheets/description';
import { isTotalOrSignatureRow, normaliseLabel, registerHeaderIndex } from '../../domain/registerValidation/headers';
import { UserError } from '../errors';
import { loadSheetDescription } from '../render/templates';

/**
 * Reads a register workbook (.xlsx) laid out as templates/sheets/register.json: the header row
 * is found on any sheet (the first one with enough register headers, Chinese or English, within
 * the first 30 rows), whether the data is an Excel table or a plain range; column order does not
 * matter. Returns the raw rows (for validation, located by sheet/row/column) — parse them with
 * domain/registerValidation.
 */
const MAX_HEADER_SCAN = 30;
const MIN_HEADERS = 5;


/**
 * A cell of the register table. A value merged down several rows (项目 or 楼栋 over a block of units)
 * belongs to each of them; merged across columns it stays in its own column (exceljs reports the
 * merged value in every cell of the area). The add-in reads merges the same way (fillMergedDown).
 */
function tableCell(cell: ExcelJS.Cell): RawCell {
  if (cell.isMerged && cell.master.col !== cell.col) return null;
  return plainCell(cell.value);
}

/** exceljs cell value → plain value (formula results, rich text, hyperlinks unwrapped). */
export function plainCell(v: ExcelJS.CellValue): RawCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) {
      const r = (v as { result?: unknown }).result;
      if (r === undefined || r === null || typeof r === 'object') return r instanceof Date ? r : null;
      return r as string | number | boolean;
    }
    if ('text' in v && typeof (v as { text: unknown }).text === 'string') return (v as { text: string }).text;
    if ('error' in v) return null;
  }
  return null;
}

export interface RegisterWorkbook {
  sheet: RegisterSheet;
  /** Sheets that were looked at and had no register header. */
  otherSheets: string[];
}

export async function readRegisterWorkbook(file: string, opts: { description?: SheetDescription } = {}): Promise<RegisterWorkbook> {
  const desc = opts.description ?? loadSheetDescription('register');
  if (!fs.existsSync(file)) {
    throw new UserError({ zh: `找不到文件：${file}`, en: `File not found: ${file}` }, { file: path.basename(file) });
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (err) {
    throw new UserError(
      { zh: `无法打开台账文件：${(err as Error).message}`, en: `Cannot open the register: ${(err as Error).message}` },
      { file: path.basename(file) },
      { zh: '请确认文件是 .xlsx 格式且未损坏。', en: 'Make sure the file is an undamaged .xlsx workbook.' },
    );
  }
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
      if (keys.size >= MIN_HEADERS && used.has('room') && (used.has('contractNo') || used.has('totalPrice'))) {
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
      if (!empty) filled += 1;
    }
    if (filled === 0) continue;
    const firstCell = plainCell(wsRow.getCell(Math.min(...keys.keys())).value);
    first = typeof firstCell === 'string' ? firstCell : null;
    if (isTotalOrSignatureRow(first)) continue;
    // A note line (only the first column filled, no building or room): not a unit.
    if (filled === 1 && first !== null && !cells.building && !cells.room) continue;
    rows.push({ row: r, cells });
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

/** The register's units (rows that name a unit) and the issues met while reading cells. */
export async function readRegister(file: string): Promise<{ sheet: RegisterSheet; units: RegisterUnit[]; issues: Issue[] }> {
  const { sheet } = await readRegisterWorkbook(file);
  const { units, issues } = parseRegisterSheet(sheet);
  return { sheet, units, issues };
}
