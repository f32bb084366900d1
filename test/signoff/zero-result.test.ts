import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readSheetCells } from '../../pipeline/signoff/cells';
import { signWorkbook, verifyWorkbook } from '../../pipeline/signoff/workbook';

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

describe('signing a formula whose cached result is the empty string', () => {
  it('signs =IF(…,"",…) as saved by Excel and LibreOffice (<c t="str"><f>…</f><v></v></c>), and still refuses a formula with no result', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'anjie-empty-'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('费用台账');
    ws.getCell('A1').value = 800000;
    ws.getCell('B1').value = { formula: 'IF(A1>0,"","欠费")', result: '' } as ExcelJS.CellFormulaValue;
    const file = path.join(dir, 'blank.xlsx');
    await wb.xlsx.writeFile(file);
    const { record } = await signWorkbook(file, { name: '李四', role: '制表', now: '2026-11-23T10:00:00' });
    expect(record.cellCount).toBe(1);
    expect((await verifyWorkbook(file)).status).toBe('intact');

    ws.getCell('C1').value = { formula: 'SUM(A1)' } as ExcelJS.CellFormulaValue;
    const uncalculated = path.join(dir, 'uncalculated.xlsx');
    await wb.xlsx.writeFile(uncalculated);
    await expect(signWorkbook(uncalculated, { name: '李四', role: '制表' })).rejects.toThrow(/费用台账!C1/);
  });
});
