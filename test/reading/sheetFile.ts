import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/** A one-sheet (明细) .xlsx in `dir` with `rows` as given, for a reader test. */
export async function xlsxFile(dir: string, name: string, rows: (string | number | Date | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('明细');
  for (const r of rows) ws.addRow(r);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

/** A statement as a bank portal writes its CSV: GB18030, CRLF line ends, in `dir`. */
export function gbCsvFile(dir: string, name: string, lines: readonly string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, iconv.encode(lines.join('\r\n') + '\r\n', 'gb18030'));
  return file;
}
