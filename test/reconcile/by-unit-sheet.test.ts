import * as path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runReconcile } from '../../pipeline/reconcile/run';
import { unitOrderRanks } from '../../pipeline/reconcile/unitOrder';
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
      // A 公积金 loan: the register names no bank; its lender is the centre, not a blank cell.
      { ...unit({ unitKey: '6-1-601', buyer: '陈六', provident: '450000', bank: '' }), bank: null, providentDisbursedDate: '2026-11-12' },
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
      ['6-1-601', '陈六', '住房公积金管理中心', 450000, 0, 0, '台账记录本期放款，银行与财务均无'],
      ['8-1-801', '钱八', '中国工商银行', 500000, 0, 0, '台账记录本期放款，银行与财务均无'],
    ]);
  });

  it('orders units as a person reads them: building, 单元, room as numbers; other codes after, digit runs as numbers', () => {
    const order = (texts: string[]) => {
      const ranks = unitOrderRanks(texts);
      const placed = new Array<string>(texts.length);
      texts.forEach((t, id) => (placed[ranks[id]] = t));
      return placed;
    };
    expect(order(['1-1-1002', '10-1-101', 'A-1-101', '1-1-201', '3-1-101', '3-1501', '2-1-101', '12B-1-101', '3-2-0501', '1-1-101'])).toEqual([
      '1-1-101', '1-1-201', '1-1-1002', '2-1-101', '3-1501', '3-1-101', '10-1-101', '3-2-0501', '12B-1-101', 'A-1-101',
    ]);
    // Against a slow reference: the key form by its numbers, then everything else by tokens (digit runs as BigInts).
    const keyForm = /^([1-9]\d{0,2})-(?:([1-9]\d?)-)?([1-9]\d{2,4})$/;
    const tokens = (t: string) => t.match(/\d+|\D/g) ?? [];
    const reference = (a: string, b: string): number => {
      const ka = keyForm.exec(a);
      const kb = keyForm.exec(b);
      if (ka && kb) {
        const na = [Number(ka[1]), ka[2] ? Number(ka[2]) + 1 : 0, Number(ka[3])];
        const nb = [Number(kb[1]), kb[2] ? Number(kb[2]) + 1 : 0, Number(kb[3])];
        return na[0] - nb[0] || na[1] - nb[1] || na[2] - nb[2];
      }
      if (ka || kb) return ka ? -1 : 1;
      const ta = tokens(a);
      const tb = tokens(b);
      for (let k = 0; k < Math.min(ta.length, tb.length); k++) {
        const digits = /^\d/.test(ta[k]) && /^\d/.test(tb[k]);
        const d = digits ? Number(BigInt(ta[k]) - BigInt(tb[k])) : ta[k] < tb[k] ? -1 : ta[k] > tb[k] ? 1 : 0;
        if (d) return Math.sign(d);
      }
      return ta.length - tb.length || (a < b ? -1 : a > b ? 1 : 0);
    };
    const part = (max: number) => fc.stringMatching(new RegExp(`^[0-9A-B]{1,${max}}$`));
    const code = fc.oneof(fc.tuple(part(3), part(2), part(5)).map((p) => p.join('-')), fc.tuple(part(3), part(5)).map((p) => p.join('-')), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.uniqueArray(code, { maxLength: 60 }), (texts) => {
        expect(order(texts)).toEqual(texts.slice().sort(reference));
      }),
      { numRuns: 1000 },
    );
  });
});
