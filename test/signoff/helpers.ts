import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { } from 'vitest';
export { anjie } from '../helpers/cli';


export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'anjie-signoff-'));
}

/**
 * A small weekly progress report shaped like the generated ones (title, header, typed data rows,
 * a 合计 formula with its cached result, a signature block row), plus a second sheet that is
 * not signed when --sheets names only the first.
 */
export async function buildReport(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('按揭进度表');
  ws.mergeCells('A1:F1');
  ws.getCell('A1').value = '按揭进度表 2026-W48';
  ws.getRow(3).values = ['房号', '买受人', '银行', '贷款金额', '面签日期', '逾期'];
  const rows: [string, string, string, number, Date, boolean][] = [
    ['3-2-1501', '张三', '工商银行', 800000, new Date(Date.UTC(2026, 10, 2)), false],
    ['3-2-1502', '李四', '建设银行', 650000.5, new Date(Date.UTC(2026, 10, 5)), true],
    ['3-2-1601', '王五', '工商银行', 1200000.25, new Date(Date.UTC(2026, 10, 9)), false],
  ];
  rows.forEach((r, i) => {
    const row = ws.getRow(4 + i);
    row.values = r;
    row.getCell(4).numFmt = '¥#,##0.00';
    row.getCell(5).numFmt = 'yyyy-mm-dd';
  });
  ws.getCell('A7').value = '合计';
  ws.getCell('D7').value = { formula: 'SUM(D4:D6)', result: 2650000.75 };
  ws.getCell('D7').numFmt = '¥#,##0.00';
  ws.getCell('A9').value = '制表：';
  ws.getCell('C9').value = '审核(经理)：';
  ws.getCell('E9').value = '日期：';
  ws.getCell('F9').numFmt = 'yyyy-mm-dd';
  const notes = wb.addWorksheet('说明');
  notes.getCell('A1').value = '数据来源：按揭台账';
  await wb.xlsx.writeFile(file);
}

/**
 * A progress sheet kept in the 1904 date system (a Mac workbook), as exceljs writes it
 * (date1904="1"): one date cell and an empty signature block.
 */
export async function write1904Workbook(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.properties.date1904 = true;
  const ws = wb.addWorksheet('进度表');
  ws.getCell('A1').value = '面签日期';
  ws.getCell('B1').value = new Date(Date.UTC(2026, 10, 23)); // serial 44887 in the 1904 system
  ws.getCell('B1').numFmt = 'yyyy-mm-dd';
  ws.getCell('A3').value = '制表：';
  ws.getCell('C3').value = '审核：';
  ws.getCell('E3').value = '日期：';
  await wb.xlsx.writeFile(file);
}
