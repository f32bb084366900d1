import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBankFile } from '../../pipeline/read';

/**
 * Every real export in ../shared/real-bank-exports is read with the right profile, and its
 * transaction count and money-in / money-out sums agree with figures counted by hand from the
 * raw files (sign convention in docs/bank-layouts.md: + money into the account; credit cards:
 * repayments and refunds are money in, spending money out; neutral rows are skipped, not counted).
 */
const ROOT = process.env.ANJIE_REAL_EXPORTS ?? path.resolve(__dirname, '../../../shared/real-bank-exports');

interface Expect {
  file: string;
  profile: string;
  count: number;
  credits: string;
  debits: string;
  skipped?: number;
  headerRow: number;
}

// Counted by hand from the raw rows (see the comments for the arithmetic).
const CASES: Expect[] = [
  // 收入: 1,234.56 + 1,234.56 + 341.58 + 30.00 + 1.04 ; 支出: 13.40 + 1,234.56×3 + 500.00 + 24.00
  { file: 'icbc/debit-v1/example-icbc-debit-v1-records.csv', profile: 'icbc-debit-v1', count: 11, credits: '2841.74', debits: '4241.08', headerRow: 7 },
  { file: 'icbc/debit-v2/example-icbc-debit-v2-records.csv', profile: 'icbc-debit-v2', count: 11, credits: '2841.74', debits: '4241.08', headerRow: 7 },
  // 收入: 4,621.01 ; 支出: 0.01+18.00+26.00+12.35+17.32+238.00+22.00+29.45
  { file: 'icbc/credit/example-icbc-credit-records.csv', profile: 'icbc-credit', count: 9, credits: '4621.01', debits: '363.13', headerRow: 7 },
  // +1,234.00 ; -1,000.00 -3.00 -1,000.00 -10.14
  { file: 'cmb/debit/example-cmb-records.csv', profile: 'cmb-debit', count: 5, credits: '1234.00', debits: '2013.14', headerRow: 1 },
  // card: negative = repayment/refund = money in: 1.23+345.67+30.00+3.90 ; spending 56.78 + 8,000.00
  { file: 'cmb/credit/example-cmb-records.csv', profile: 'cmb-credit', count: 6, credits: '380.80', debits: '8056.78', headerRow: 2 },
  // 支出 67 + 16.78 + 20 + 515.02 + 18.06 + 66.4 ; 收入 all 0
  { file: 'ccb/交易明细_xxxx_2025xxxx_2025xxxx.xls', profile: 'ccb-debit', count: 6, credits: '0.00', debits: '703.26', headerRow: 6 },
  // +10000.00 +0.01 +0.00 ; -10.00 -12345.89
  { file: 'abc_debit/example-abc_debit-records.csv', profile: 'abc-debit', count: 5, credits: '10000.01', debits: '12355.89', headerRow: 1 },
  // in: 50.00 + 5,771.00 + 3,000.00 + 1,000.00 ; out: the other 13 rows
  { file: 'boc/debit/example-boc-records.csv', profile: 'boc-debit', count: 17, credits: '9821.00', debits: '9394.30', headerRow: 2 },
  // CNY 存入 0.01+361.19+70.48+397.84+70.48+89.84 ; CNY 支出 50+0.59+68.19+468.32+448.32+131.77+60.90 ; one USD row (3.72 out) outside the CNY totals
  { file: 'boc/credit/example-boc-records.csv', profile: 'boc-credit', count: 14, credits: '989.84', debits: '1228.09', headerRow: 2 },
  // 贷: 1.23+0.02+10.00 ; 借: 3.21+10.00+100.79
  { file: 'bocom_debit/example-bocom_debit-records.csv', profile: 'bocom-debit', count: 6, credits: '11.25', debits: '114.00', headerRow: 1 },
  // 退货/还款: 123.18+1.99+666.60+13.50 ; 消费: 2.99+10.00+10.74+49.85 (入账 CNY)
  { file: 'bocom_credit/example-bocom_credit-records.csv', profile: 'bocom-credit', count: 8, credits: '805.27', debits: '73.58', headerRow: 1 },
  // card, positive = spending: -0.20, -1.21 in ; 11 purchases out
  { file: 'citic/credit/example-citic-records.xls', profile: 'citic-credit', count: 13, credits: '1.41', debits: '1098.80', headerRow: 2 },
  // card: 15.90 + 387.42 out ; 97.20 + 1130.68 in
  { file: 'cgb_credit/example-cgb_credit-records.csv', profile: 'cgb-credit', count: 4, credits: '1227.88', debits: '403.32', headerRow: 1 },
  // 存入 10.00 ; 取出 3.88 × 3
  { file: 'spdb_debit/example-spdb_debit-records.xls', profile: 'spdb-debit', count: 4, credits: '10.00', debits: '11.64', headerRow: 2 },
  // 收入 222228.50 ; 支出 49.74 + 20.00 + 9.90 + 82.00 ; 3 不计收支 + 2 交易关闭 skipped
  { file: 'alipay/example-alipay-records.csv', profile: 'alipay', count: 5, credits: '222228.50', debits: '161.64', skipped: 5, headerRow: 25 },
  // 收入 0.35+23.00+0.07+0.07+5.00 ; 支出 28.16+12+500+2243.46+12+12+36.99+9.90+50.0+0.01+0.01 ; 11 neutral "/"
  { file: 'wechat/example-wechat-records.csv', profile: 'wechat', count: 16, credits: '28.49', debits: '2904.53', skipped: 11, headerRow: 17 },
  { file: 'wechat/example-wechat-records.xlsx', profile: 'wechat', count: 16, credits: '28.49', debits: '2904.53', skipped: 11, headerRow: 18 },
];

describe('real bank exports', () => {
  for (const c of CASES) {
    it(`${c.file} → ${c.profile}, ${c.count} rows, in ${c.credits}, out ${c.debits}`, async () => {
      const r = await readBankFile(path.join(ROOT, c.file));
      expect(r.profile).toBe(c.profile);
      expect(r.generic).toBe(false);
      expect(r.headerRow).toBe(c.headerRow);
      expect(r.rejected).toEqual([]);
      expect(r.transactionCount).toBe(c.count);
      expect(r.transactions).toHaveLength(c.count);
      expect(r.credits.toFixed(2)).toBe(c.credits);
      expect(r.debits.toFixed(2)).toBe(c.debits);
      expect(r.skipped).toHaveLength(c.skipped ?? 0);
    });
  }

  it('ICBC: the 合计 line that disagrees with the rows is a warning; "xx,yyyy.zz" balances are left empty with a warning', async () => {
    const r = await readBankFile(path.join(ROOT, 'icbc/debit-v1/example-icbc-debit-v1-records.csv'));
    expect(r.warnings.some((w) => w.en.includes('totals line (row 20)') && w.en.includes('1234.56'))).toBe(true);
    expect(r.warnings.some((w) => w.en.includes('balance that is not a number'))).toBe(true);
    expect(r.account).toBe('1234****9876');
    const first = r.transactions[0];
    expect(first.source.row).toBe(8);
    expect(first.date).toBe('2023-05-02');
    expect(first.amount.toFixed(2)).toBe('-13.40');
    expect(first.counterpartyName).toBe('深圳市财付通支付科技有限公司');
    expect(first.balance).toBeNull();
  });

  it('CMB credit: yearless dates take the year of the statement month; December rows belong to the year before', async () => {
    const r = await readBankFile(path.join(ROOT, 'cmb/credit/example-cmb-records.csv'));
    expect(r.transactions.map((t) => t.date)).toEqual(['2023-12-29', '2023-12-30', '2024-01-01', '2024-01-02', '2024-01-03', '2024-01-05']);
    expect(r.transactions[5].amount.toFixed(2)).toBe('-8000.00');
  });

  it('CMB debit: 对手信息 splits into name and account', async () => {
    const r = await readBankFile(path.join(ROOT, 'cmb/debit/example-cmb-records.csv'));
    expect(r.transactions.map((t) => [t.counterpartyName, t.counterpartyAccount])).toEqual([
      ['北京住房公积金管理中心', '1111111111'],
      ['张三', '66666666666666'],
      ['国网电力有限公司', '99999999999999'],
      [null, null],
      ['抖音电商商家', '888888888'],
    ]);
  });

  it('CCB .xls via LibreOffice: account from the title block, time column, footer note not a row', async () => {
    const r = await readBankFile(path.join(ROOT, 'ccb/交易明细_xxxx_2025xxxx_2025xxxx.xls'));
    expect(r.account).toBe('xxxxx*********xxxx');
    expect(r.transactions[0]).toMatchObject({ date: '2025-01-01', time: '18:53:19', counterpartyName: '中***融科技有限公司', counterpartyAccount: '20883313166*****0156' });
    expect(r.transactions.map((t) => t.source.row)).toEqual([7, 8, 9, 10, 11, 12]);
  });

  it('ABC: "+" signs, HHmmss times, "--" as empty', async () => {
    const r = await readBankFile(path.join(ROOT, 'abc_debit/example-abc_debit-records.csv'));
    expect(r.transactions[0]).toMatchObject({ date: '2024-01-01', time: '12:34:56', reference: '369396693' });
    expect(r.transactions[3].counterpartyName).toBeNull();
    expect(r.transactions[2]).toMatchObject({ counterpartyName: null, counterpartyAccount: '12341234123412341', time: null });
  });

  it('BOC credit: the USD row keeps its currency and is reported outside the CNY totals', async () => {
    const r = await readBankFile(path.join(ROOT, 'boc/credit/example-boc-records.csv'));
    const usd = r.transactions.filter((t) => t.currency === 'USD');
    expect(usd).toHaveLength(1);
    expect(usd[0].amount.toFixed(2)).toBe('-3.72');
    expect(r.otherCurrencies.map((o) => [o.currency, o.count, o.debits.toFixed(2)])).toEqual([['USD', 1, '3.72']]);
    expect(JSON.parse(JSON.stringify(r.otherCurrencies))).toEqual([{ currency: 'USD', count: 1, credits: '0', debits: '3.72' }]);
  });

  it('Alipay (GBK): neutral and closed rows are listed as skipped with their line numbers', async () => {
    const r = await readBankFile(path.join(ROOT, 'alipay/example-alipay-records.csv'));
    expect(r.encoding).toBe('gb18030');
    expect(r.skipped.map((s) => s.source.row)).toEqual([28, 29, 31, 32, 33]);
    expect(r.transactions.map((t) => t.source.row)).toEqual([26, 27, 30, 34, 35]);
  });

  it('WeChat XLSX: the second sheet with the same table is not read twice (a warning says so)', async () => {
    const r = await readBankFile(path.join(ROOT, 'wechat/example-wechat-records.xlsx'));
    expect(r.warnings.some((w) => w.en.includes('also have a readable header'))).toBe(true);
  });
});
