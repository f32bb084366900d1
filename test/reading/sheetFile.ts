import * as path from 'node:path';
import ExcelJS from 'exceljs';

/** A one-sheet (明细) .xlsx in `dir` with `rows` as given, for a reader test. */
export async function xlsxFile(dir: string, name: string, rows: (string | number | Date | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('明细');
  for (const r of rows) ws.addRow(r);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}
