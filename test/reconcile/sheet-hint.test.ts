import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cli, tempDir, writeBank, writeFinance } from './files';

describe('anjie reconcile: a bank workbook with a second statement sheet', () => {
  it('says the second sheet was not reconciled and how to reconcile it, without pointing to a --sheet option reconcile does not have', async () => {
    const dir = await tempDir();
    const bank = await writeBank(dir, '工行.xlsx', [{ ref: 'B1', amount: '100', name: '甲', memo: '1-1-101' }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(bank);
    const copy = wb.addWorksheet('一般户');
    wb.worksheets[0].eachRow((row) => copy.addRow(row.values as ExcelJS.CellValue[]));
    await wb.xlsx.writeFile(bank);
    const fin = await writeFinance(dir, '序时账.xlsx', [{ voucher: '记-1', amount: '100', unit: '1-1-101' }]);
    const r = await cli(['reconcile', '--bank', bank, '--finance', fin, '--period', '2026-11', '--out', path.join(dir, 'r.xlsx')]);
    expect(r.code, r.stderr).toBe(0);
    const warning = r.stdout.split('\n').find((l) => l.includes('一般户'))!;
    expect(warning).toContain('未读取');
    expect(warning).not.toMatch(/可用 --sheet|with --sheet/);
    expect(warning).toContain('anjie inspect --sheet');
    // --sheet is indeed no option of reconcile.
    expect((await cli(['reconcile', '--bank', bank, '--finance', fin, '--period', '2026-11', '--out', path.join(dir, 'r2.xlsx'), '--sheet', '一般户'])).code).toBe(2);
  });
});
