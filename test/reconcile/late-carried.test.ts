import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenario, tempDir, type BankIn, type VoucherIn } from './files';
import { OPENING, balanceSheet, bookTo, statement } from './monthEnd';

/**
 * An open item carried month after month (December → January → February → March) and booked two or
 * three months late: the booking closes it (LATE_BOOKING on a loan), not a new 企业已收银行未收 beside
 * the old 银行已收企业未收, and each month's 余额调节表 infers the true book balance.
 */
const close = (rows: readonly BankIn[]): number => Number(rows[rows.length - 1].balance);

// A credit that names its buyer only (no unit, no 流水号 quoted by the booking), and a fee on 12-31.
const E1 = { ref: 'E1', date: '2026-12-20', time: '11:00:00', amount: '300000', name: '戊', memo: '按揭款' };
const F1 = { ref: 'F1', date: '2026-12-31', time: '16:00:00', amount: '-50', memo: '账户管理费 手续费' };
const K1 = { ref: 'K1', date: '2026-12-29', time: '10:00:00', amount: '80000', name: '癸', memo: '1-1-109按揭' };
const K1_FIN: VoucherIn = { voucher: '记-9', date: '2026-12-29', amount: '80000', customer: '癸', unit: '1-1-109' };
// Each later month a credit booked the same day, so each month has a statement and a closing balance.
const monthly = (p: string): [BankIn, VoucherIn] => [
  { ref: `G${p}`, date: `${p}-10`, time: '10:00:00', amount: '200000', name: '庚', memo: '1-1-107按揭' },
  { voucher: `记-${p.slice(5)}0`, date: `${p}-10`, amount: '200000', customer: '庚', unit: '1-1-107' },
];
const LATE: VoucherIn[] = [
  { voucher: '记-1', date: '2027-02-25', amount: '300000', customer: '戊', summary: '收戊按揭款（补记12月）' },
  { voucher: '记-2', date: '2027-02-25', amount: '-50', summary: '补记12月银行手续费' },
];

describe('a carried item booked more than 31 days late', () => {
  for (const [month, period] of [['02', '2027-02'], ['03', '2027-03']] as const) {
    it(`booked in ${period}: the late booking closes December's credit (LATE_BOOKING) and fee, and ${period}'s 余额调节表 ties`, async () => {
      const dir = await tempDir();
      const decBank = statement([K1, E1, F1], OPENING);
      const dec = await scenario({ dir: path.join(dir, '12'), period: '2026-12', bank: decBank, finance: [K1_FIN] });
      expect(dec.json.open.map((o) => [o.outcome, o.amount])).toEqual([
        ['MISSING_IN_FINANCE', '300000.00'],
        ['MISSING_IN_FINANCE', '-50.00'],
      ]);
      let prev = dec.out;
      let bal = close(decBank);
      const books = [K1_FIN];
      for (const p of ['2027-01', '2027-02', '2027-03'].filter((x) => x < period)) {
        const [g, gFin] = monthly(p);
        const bank = statement([g], bal);
        bal = close(bank);
        books.push(gFin);
        const m = await scenario({ dir: path.join(dir, p), period: p, bank, finance: [gFin], args: ['--previous', prev] });
        expect(m.json.open.map((o) => [o.outcome, o.amount, o.period]), p).toEqual([
          ['MISSING_IN_FINANCE', '300000.00', '2026-12'],
          ['MISSING_IN_FINANCE', '-50.00', '2026-12'],
        ]);
        prev = m.out;
      }
      const [g, gFin] = monthly(period);
      const late = [...LATE.map((v) => ({ ...v, date: `${period}-25` })), gFin];
      const s = await scenario({ dir: path.join(dir, month), period, bank: statement([g], bal), finance: late, args: ['--previous', prev] });
      expect(s.json.open).toEqual([]);
      const credit = s.json.rows.find((r) => r.file === '2026-12/工行.csv' && r.outcome === 'MATCHED')!;
      expect(credit).toMatchObject({ rule: 'NEAR_BUYER_LATE', flags: ['LATE_BOOKING'] });
      expect(s.fin('记-1')).toMatchObject({ outcome: 'MATCHED', flags: ['LATE_BOOKING'] });
      expect(s.fin('记-2').outcome).toBe('NOT_MORTGAGE');
      expect(s.fin('记-2').explanation.zh).toContain('核销2026-12');
      const { book } = await balanceSheet(s.out);
      expect(book).toBe(bookTo([...books, ...late], `${period}-31`));
    });
  }

  it('a debit worded otherwise (no fee keyword) months later is not taken for the fee: that needs the same rule', async () => {
    const dir = await tempDir();
    const decBank = statement([K1, F1], OPENING);
    const dec = await scenario({ dir: path.join(dir, '12'), period: '2026-12', bank: decBank, finance: [K1_FIN] });
    const [g1, g1Fin] = monthly('2027-01');
    const janBank = statement([g1], close(decBank));
    const jan = await scenario({ dir: path.join(dir, '01'), period: '2027-01', bank: janBank, finance: [g1Fin], args: ['--previous', dec.out] });
    const [g2, g2Fin] = monthly('2027-02');
    const feb = await scenario({ dir: path.join(dir, '02'), period: '2027-02', bank: statement([g2], close(janBank)), finance: [g2Fin, { voucher: '记-3', date: '2027-02-25', amount: '-50', summary: '付快递费' }], args: ['--previous', jan.out] });
    expect(feb.json.open.map((o) => [o.outcome, o.amount, o.period])).toContainEqual(['MISSING_IN_FINANCE', '-50.00', '2026-12']);
  });
});
