import * as path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runReconcile } from '../../pipeline/reconcile/run';
import { codeUnitRanks } from '../../pipeline/reconcile/workbook';
import { tempDir, writeBank, writeFinance, writeRegister } from './files';
import { unit } from './helpers';

/**
 * 按户: one line per unit, in unit order, with the unit's finance and bank totals and their
 * difference. Most units have one row a side (written from the rows' amounts alone); the others
 * (no row on a side, several rows) are summed from the rows.
 */
describe('the 按户 sheet', () => {
  it('totals each unit per side, whatever rows it has, in unit order', async () => {
    const dir = await tempDir();
    const bank = await writeBank(dir, '工行.csv', [
      { ref: 'B5', amount: '200000', name: '周五', memo: '5-1-501' },
      { ref: 'B1', amount: '100000.50', name: '张一', memo: '1-1-101' },
      { ref: 'B2', amount: '300000', name: '李二', memo: '2-1-201' },
      { ref: 'B3', amount: '5000.25', name: '王三', memo: '3-1-301' },
    ]);
    const fin = await writeFinance(dir, '序时账.xlsx', [
      { voucher: '记-1', amount: '100000.50', customer: '张一', unit: '1-1-101' },
      { voucher: '记-2', amount: '120000', customer: '李二', unit: '2-1-201' },
      { voucher: '记-3', amount: '180000', customer: '李二', unit: '2-1-201' },
      { voucher: '记-4', amount: '888.88', customer: '赵四', unit: '4-1-401' },
      { voucher: '记-5', amount: '199999.99', customer: '周五', unit: '5-1-501' },
    ]);
    const out = path.join(dir, 'r.xlsx');
    await runReconcile({ bank: [bank], finance: fin, period: '2026-11', out });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const rows: unknown[][] = [];
    wb.getWorksheet('按户')!.eachRow((row, n) => {
      if (n > 1) rows.push([1, 5, 6, 7].map((c) => row.getCell(c).value));
    });
    // 房号, 财务入账, 银行流水, 差额(银行−财务)
    expect(rows).toEqual([
      ['1-1-101', 100000.5, 100000.5, 0],
      ['2-1-201', 300000, 300000, 0],
      ['3-1-301', 0, 5000.25, 5000.25],
      ['4-1-401', 888.88, 0, -888.88],
      ['5-1-501', 199999.99, 200000, 0.01],
    ]);
  });

  it('lists register units due this period that neither side has, saying so, and no other register unit', async () => {
    const dir = await tempDir();
    const bank = await writeBank(dir, '工行.csv', [{ ref: 'B1', amount: '700000', name: '张一', memo: '5-1-501' }]);
    const fin = await writeFinance(dir, '序时账.xlsx', [{ voucher: '记-1', amount: '700000', customer: '张一', unit: '5-1-501' }]);
    const due = (u: ReturnType<typeof unit>, date: string) => ({ ...u, commercialDisbursedDate: date });
    const register = await writeRegister(dir, [
      due(unit({ unitKey: '5-1-501', buyer: '张一', commercial: '700000' }), '2026-11-10'),
      due(unit({ unitKey: '8-1-801', buyer: '钱八', commercial: '500000' }), '2026-11-20'),
      due(unit({ unitKey: '1-1-101', buyer: '孙一', commercial: '300000', bank: '中国建设银行' }), '2026-11-05'),
      due(unit({ unitKey: '9-1-901', buyer: '周九', commercial: '400000' }), '2026-10-20'),
      unit({ unitKey: '7-1-701', buyer: '吴七', commercial: '600000' }),
    ]);
    const out = path.join(dir, 'r.xlsx');
    await runReconcile({ bank: [bank], finance: fin, register, period: '2026-11', out });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const rows: unknown[][] = [];
    wb.getWorksheet('按户')!.eachRow((row, n) => {
      if (n > 1) rows.push([1, 2, 3, 4, 5, 6, 8].map((c) => row.getCell(c).value));
    });
    // 房号, 购房人, 贷款银行, 台账金额, 财务入账, 银行流水, 差异类型: units in order; 9-1-901 was due last month, 7-1-701 not at all.
    expect(rows).toEqual([
      ['1-1-101', '孙一', '中国建设银行', 300000, 0, 0, '台账记录本期放款，银行与财务均无'],
      ['5-1-501', '张一', '中国工商银行', 700000, 700000, 700000, null],
      ['8-1-801', '钱八', '中国工商银行', 500000, 0, 0, '台账记录本期放款，银行与财务均无'],
    ]);
  });

  it('orders units as the default string sort does (codeUnitRanks), or declines when they are too long for its numbers', () => {
    // Unit-like codes; or any UTF-16 (lone surrogates, the empty string, texts that begin others).
    // Both fit its numbers (15 characters over 12 places; at most 241 over 4): it must not decline.
    const unitCode = fc.stringMatching(/^[0-9]{1,2}(-[0-9栋单元]{1,4}){0,2}$/);
    const anyText = fc.string({ unit: 'binary', maxLength: 4 });
    fc.assert(
      fc.property(fc.oneof(fc.uniqueArray(unitCode, { maxLength: 60 }), fc.uniqueArray(anyText, { maxLength: 60 })), (texts) => {
        const ranks = codeUnitRanks(texts);
        expect(ranks).not.toBeNull();
        const placed = new Array<string>(texts.length);
        texts.forEach((t, id) => (placed[ranks![id]] = t));
        expect(placed).toEqual(texts.slice().sort());
      }),
      { numRuns: 500 },
    );
    expect(codeUnitRanks(['1-1-101', '1-1-1001', '1-1-10', '10-1-101', '1-1-101-1'])).toEqual(Int32Array.from([2, 1, 0, 4, 3]));
    // 20 distinct characters a place over 20 places is far more than 2^53 texts: declined.
    expect(codeUnitRanks(['abcdefghijklmnopqrst', 'tsrqponmlkjihgfedcba'])).toBeNull();
  });
});
