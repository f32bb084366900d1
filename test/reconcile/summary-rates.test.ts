import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { scenario } from './files';

/** The 汇总 rows whose first cell is one of `keys`, as arrays of cell values (from column A). */
async function summaryRows(file: string, keys: string[]): Promise<Map<string, unknown[]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out = new Map<string, unknown[]>();
  wb.getWorksheet('汇总')!.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1);
    const key = String(values[0] ?? '');
    if (keys.includes(key) && !out.has(key)) out.set(key, values);
  });
  return out;
}

describe('汇总: one match rate, per bank and per account as at the top', () => {
  it('a duplicate copy and a row that is not a disbursement are set aside, not unmatched: every rate is 100 % when every candidate matched', async () => {
    const first = { ref: 'ICBC0001', date: '2026-11-10', amount: '600000', name: '张三', memo: '放款 3-2-1501' };
    const s = await scenario({
      bank: {
        '工行_上.csv': [first, { ref: 'ICBC0002', date: '2026-11-12', amount: '500000', name: '李四', memo: '放款 3-2-1502' }],
        '工行_下.csv': [{ ...first }, { ref: 'ICBC0003', date: '2026-11-20', amount: '400000', name: '王五', memo: '放款 3-2-1503' }, { ref: 'ICBC0004', date: '2026-11-21', amount: '123.45', memo: '结息' }],
      },
      finance: [
        { voucher: '记-0001', amount: '600000', customer: '张三', unit: '3-2-1501', date: '2026-11-10' },
        { voucher: '记-0002', amount: '500000', customer: '李四', unit: '3-2-1502', date: '2026-11-12' },
        { voucher: '记-0003', amount: '400000', customer: '王五', unit: '3-2-1503', date: '2026-11-20', summary: '王五按揭款' },
        { voucher: '记-0004', amount: '400000', customer: '王五', unit: '3-2-1503', date: '2026-11-20', summary: '王五按揭款' },
      ],
    });
    expect(s.json.totals).toMatchObject({ matchedRows: 6, candidateRows: 6, matchRate: '1.0000' });
    expect(s.json.totals.flags).toMatchObject({ DUPLICATE_BANK: 1, DUPLICATE_FINANCE: 1, NOT_MORTGAGE: 1 });
    const rows = await summaryRows(s.out, ['自动匹配率 Auto-match rate', 'ICBC', '银行存款-工行监管户']);
    expect(rows.get('自动匹配率 Auto-match rate')!.slice(1, 3)).toEqual([1, '6 / 6']);
    // Before: ICBC 5 rows, 3 matched, "未匹配" 2, 匹配率 0.6; the account 4 rows, 3 matched, 0.75.
    // Now: rows, amount, set aside (rows, amount), matched (rows, amount), unmatched (rows, amount), rate.
    expect(rows.get('ICBC')).toEqual(['ICBC', '中国工商银行', 5, 2100123.45, 2, 600123.45, 3, 1500000, 0, 0, 1]);
    expect(rows.get('银行存款-工行监管户')).toEqual(['银行存款-工行监管户', undefined, 4, 1900000, 1, 400000, 3, 1500000, 0, 0, 1]);
  });

  it('an open row is unmatched in its bank\'s and account\'s rate, as in the top figure', async () => {
    const s = await scenario({
      bank: [
        { ref: 'B001', amount: '600000', name: '张三', memo: '放款 3-2-1501' },
        { ref: 'B002', amount: '500000', name: '李四', memo: '放款 3-2-1502' },
        { ref: 'B003', amount: '88.00', memo: '手续费' },
      ],
      finance: [{ voucher: '记-0001', amount: '600000', customer: '张三', unit: '3-2-1501' }],
    });
    expect(s.json.totals).toMatchObject({ matchedRows: 2, candidateRows: 3, matchRate: '0.6667' });
    const rows = await summaryRows(s.out, ['ICBC', '银行存款-工行监管户']);
    expect(rows.get('ICBC')).toEqual(['ICBC', '中国工商银行', 3, 1100088, 1, 88, 1, 600000, 1, 500000, 0.5]);
    expect(rows.get('银行存款-工行监管户')).toEqual(['银行存款-工行监管户', undefined, 1, 600000, 0, 0, 1, 600000, 0, 0, 1]);
  });
});
