import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenario, tempDir, type BankIn, type VoucherIn } from './files';
import { OPENING, balanceSheet, bookTo, fen, statement } from './monthEnd';

/**
 * November is reconciled with its statement up to 11-28. The bank then back-dates a credit it posted
 * on 12-02 to value date 11-30 (¥50,000, 1-1-109 辛), which finance never booked. December's export runs
 * from 11-25: it repeats November's 11-28 credit (reconciled in November) and holds the 11-30 credit
 * November's report never read. Taken as reconciled last month because of its date, the credit was
 * in no balance and no open item: lost, and December's 余额调节表 inferred a book balance ¥50,000 high.
 */
const A: Omit<BankIn, 'balance'> = { ref: 'A1110', date: '2026-11-10', time: '10:00:00', amount: '200000', name: '甲', memo: '1-1-101按揭' };
const B: Omit<BankIn, 'balance'> = { ref: 'B1128', date: '2026-11-28', time: '10:00:00', amount: '300000', name: '乙', memo: '1-1-102按揭' };
const C: Omit<BankIn, 'balance'> = { ref: 'C1130', date: '2026-11-30', time: '16:00:00', amount: '50000', name: '辛', memo: '1-1-109按揭' };
const D: Omit<BankIn, 'balance'> = { ref: 'D1210', date: '2026-12-10', time: '10:00:00', amount: '200000', name: '丙', memo: '1-1-103按揭' };
const E: Omit<BankIn, 'balance'> = { ref: 'E0110', date: '2027-01-10', time: '10:00:00', amount: '100000', name: '丁', memo: '1-1-104按揭' };
const books: Record<string, VoucherIn> = {
  A: { voucher: '记-1', date: '2026-11-10', amount: '200000', customer: '甲', unit: '1-1-101' },
  B: { voucher: '记-2', date: '2026-11-28', amount: '300000', customer: '乙', unit: '1-1-102' },
  D: { voucher: '记-3', date: '2026-12-10', amount: '200000', customer: '丙', unit: '1-1-103' },
  E: { voucher: '记-4', date: '2027-01-10', amount: '100000', customer: '丁', unit: '1-1-104' },
  C: { voucher: '记-5', date: '2027-01-05', amount: '50000', customer: '辛', unit: '1-1-109', summary: '收1-1-109辛按揭款（11-30到账）' },
};

describe('a statement row dated last month that last month’s report never read', () => {
  it('is reconciled in December (open, 银行已收企业未收) and closed in January when booked, with --previous as workbook or JSON', async () => {
    const dir = await tempDir();
    const nov = statement([A, B], OPENING);
    const s11 = await scenario({ dir: path.join(dir, '2026-11'), period: '2026-11', bank: nov, finance: [books.A, books.B] });
    expect(s11.json.open).toEqual([]);
    // December's export from 11-25: B again as November's export showed it, C, D; balances run from before B.
    const dec = statement([B, C, D], OPENING + 200_000);
    expect(dec[0].balance).toBe(nov[1].balance);
    for (const previous of [s11.out, s11.jsonPath]) {
      const kind = path.extname(previous);
      const s12 = await scenario({ dir: path.join(dir, `2026-12${kind}`), period: '2026-12', bank: dec, finance: [books.D], args: ['--previous', previous] });
      // C is open: credited, never booked. B, reconciled in November, is not.
      expect(s12.json.open.map((o) => [o.date, o.amount, o.outcome]), kind).toEqual([['2026-11-30', '50000.00', 'MISSING_IN_FINANCE']]);
      const c = s12.bank('C1130');
      expect(c.flags, kind).toEqual(['OUT_OF_PERIOD', 'MISSING_IN_FINANCE']);
      expect(c.explanation.zh, kind).toContain('上期报告未读到此行');
      expect(s12.bank('B1128').flags, kind).toEqual(['OUT_OF_PERIOD']);
      // Statement 1,750,000 (1,000,000 + A + B + C + D); books 1,700,000 (C not booked): C is 银行已收企业未收.
      const { book, lines } = await balanceSheet(s12.out);
      expect(book, kind).toBe(fen(1_700_000));
      expect(book, kind).toBe(bookTo([books.A, books.B, books.D], '2026-12-31'));
      expect(lines.find(([, at]) => at.includes('（2026-11-30）'))?.[0], kind).toBe('银行已收企业未收');
      if (kind !== '.xlsx') continue;
      // January: finance books C; it closes the carried credit and nothing stays open.
      const jan = statement([E], 1_750_000);
      const s01 = await scenario({ dir: path.join(dir, '2027-01'), period: '2027-01', bank: jan, finance: [books.C, books.E], args: ['--previous', s12.out] });
      expect(s01.json.open).toEqual([]);
      expect(s01.fin('记-5').outcome).toBe('MATCHED');
      const { book: janBook } = await balanceSheet(s01.out);
      expect(janBook).toBe(fen(1_850_000));
      expect(janBook).toBe(bookTo([books.A, books.B, books.D, books.C, books.E], '2027-01-31'));
    }
  });

  it('a fee back-dated to 11-30 is December’s timing item: carried until finance books it, and 余额调节表 ties', async () => {
    const dir = await tempDir();
    const nov = statement([A, B], OPENING);
    const s11 = await scenario({ dir: path.join(dir, '2026-11'), period: '2026-11', bank: nov, finance: [books.A, books.B] });
    const fee: Omit<BankIn, 'balance'> = { ref: 'F1130', date: '2026-11-30', time: '17:00:00', amount: '-20', memo: '手续费' };
    const dec = statement([B, fee, D], OPENING + 200_000);
    const s12 = await scenario({ dir: path.join(dir, '2026-12'), period: '2026-12', bank: dec, finance: [books.D], args: ['--previous', s11.out] });
    expect(s12.json.open.map((o) => [o.date, o.amount, o.outcome, o.text])).toEqual([['2026-11-30', '-20.00', 'MISSING_IN_FINANCE', '非按揭跨期未达 timing: 手续费']]);
    // Statement 1,000,000 + 200,000 + 300,000 − 20 + 200,000 = 1,699,980; the books 1,700,000.
    const { book } = await balanceSheet(s12.out);
    expect(book).toBe(fen(1_700_000));
    expect(book).toBe(bookTo([books.A, books.B, books.D], '2026-12-31'));
    const jan = statement([E], 1_699_980);
    const paid: VoucherIn = { voucher: '记-6', date: '2027-01-04', amount: '-20', summary: '支付手续费' };
    const s01 = await scenario({ dir: path.join(dir, '2027-01'), period: '2027-01', bank: jan, finance: [books.E, paid], args: ['--previous', s12.out] });
    expect(s01.json.open).toEqual([]);
    const { book: janBook } = await balanceSheet(s01.out);
    expect(janBook).toBe(bookTo([books.A, books.B, books.D, books.E, paid], '2027-01-31'));
    expect(janBook).toBe(fen(1_799_980));
  });
});
