import ExcelJS from 'exceljs';
import type { RegisterUnit } from '../../domain/register';
import { registerUnitToRow } from '../../domain/registerValidation/toRow';
import type { SheetRow } from '../../domain/sheets/layoutSheet';
import { layoutSheet } from '../../domain/sheets/layoutSheet';
import { loadSheetDescription } from '../../pipeline/render/templates';
import { writeWorkbook } from '../../pipeline/render/workbook';

/** Writes hand-made units as a register .xlsx in the register.json layout (title row above the header, like the real template). */
export async function writeRegisterFile(file: string, units: readonly RegisterUnit[], extraRows: SheetRow[] = [], lang: 'zh' | 'en' = 'zh'): Promise<void> {
  const desc = loadSheetDescription('register');
  const layout = layoutSheet(desc, [...units.map(registerUnitToRow), ...extraRows], { lang });
  await writeWorkbook(file, [layout]);
}

/** Takes the columns headed `headers` out of the register .xlsx `file` (its header row below the title), as a desk's own copy may lack them. */
export async function removeRegisterColumns(file: string, headers: readonly string[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  let headerRow = 1;
  while (headerRow < 10 && !(ws.getRow(headerRow).values as unknown[]).includes('房号')) headerRow++;
  for (const header of headers) {
    let at = 0;
    ws.getRow(headerRow).eachCell((c, n) => {
      if (c.text === header) at = n;
    });
    if (!at) throw new Error(`no column headed ${header} in ${file}`);
    ws.spliceColumns(at, 1);
  }
  await wb.xlsx.writeFile(file);
}

/** The register row of `room` and the column letter of `header` in the register .xlsx `file`, as Excel shows them (G7). */
export async function registerCellOf(file: string, room: string, header: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  let column = '';
  let row = 0;
  ws.eachRow((r) => {
    const values = r.values as ExcelJS.CellValue[];
    if (!column && values.indexOf(header) > 0) column = ws.getColumn(values.indexOf(header)).letter;
    if (values.includes(room)) row = r.number;
  });
  return `${column}${row}`;
}
