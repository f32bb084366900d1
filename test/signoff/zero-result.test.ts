import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { readSheetCells } from '../../pipeline/signoff/cells';

describe('formula results read back for signing', () => {
  it('keeps a cached result of 0 (a SUBTOTAL of an empty column) as the number 0, not as uncomputed', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('费用台账');
    ws.getCell('A1').value = { formula: 'SUBTOTAL(9,B2:B3)', result: 0 } as ExcelJS.CellFormulaValue;
    ws.getCell('A2').value = { formula: 'SUM(B2:B3)', result: 12.5 } as ExcelJS.CellFormulaValue;
    ws.getCell('A3').value = { formula: 'SUM(C2:C3)' } as ExcelJS.CellFormulaValue;
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(await wb.xlsx.writeBuffer());
    const read = readSheetCells(back.getWorksheet('费用台账')!);
    expect(read.cells.find((c) => c.row === 1)?.value).toMatchObject({ kind: 'number', value: 0 });
    expect(read.cells.find((c) => c.row === 2)?.value).toMatchObject({ kind: 'number', value: 12.5 });
    expect(read.uncachedFormulas).toEqual([{ row: 3, col: 1 }]);
  });
});
