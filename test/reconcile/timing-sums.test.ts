import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenario, tempDir, type BankIn, type VoucherIn } from './files';
import { OPENING, balanceSheet, bookTo, close, credit, fees, statement } from './monthEnd';

/**
 * December's fees charged as two rows (¥20 on 12-20, ¥30 on 12-31), not booked in December: two timing
 * items. Finance books them in January as one sum, "12月手续费" −50. The sum closes both items together,
 * so neither is carried again: January's and February's 余额调节表 infer the true book balance.
 */
const fee = (voucher: string, date: string, amount: string, summary: string): VoucherIn => ({ voucher, date, amount, summary });

async function chain(months: { period: string; bank: Omit<BankIn, 'balance'>[]; fin: VoucherIn[] }[]) {
  const dir = await tempDir();
  let bal = OPENING;
  let prev: string | null = null;
  const books: VoucherIn[] = [];
  const out = [];
  for (const m of months) {
    const bank = statement(m.bank, bal);
    bal = close(bank);
    books.push(...m.fin);
    const s = await scenario({ dir: path.join(dir, m.period), period: m.period, bank, finance: m.fin, args: prev ? ['--previous', prev] : [] });
    prev = s.out;
    const { book, lines } = await balanceSheet(s.out);
    out.push({ s, book, lines, trueBook: bookTo(books, `${m.period}-31`) });
  }
  return out;
}

describe('timing items booked later as one sum', () => {
  it('December’s ¥20 and ¥30 fees booked in January as one −50: both close, each names the booking and the booking both; January and February tie', async () => {
    const [g12, f12] = credit('2026-12');
    const [g01, f01] = credit('2027-01');
    const [g02, f02] = credit('2027-02');
    const [dec, jan, feb] = await chain([
      { period: '2026-12', bank: [g12, ...fees('2026-12', '-20', '-30')], fin: [f12] },
      { period: '2027-01', bank: [g01], fin: [f01, fee('记-5', '2027-01-05', '-50', '支付12月手续费')] },
      { period: '2027-02', bank: [g02], fin: [f02] },
    ]);
    expect(dec.s.json.open.map((o) => [o.outcome, o.amount])).toEqual([
      ['MISSING_IN_FINANCE', '-20.00'],
      ['MISSING_IN_FINANCE', '-30.00'],
    ]);
    expect(jan.s.json.open).toEqual([]);
    const booking = jan.s.fin('记-5');
    expect(booking.outcome).toBe('NOT_MORTGAGE');
    const carried = jan.s.json.rows.filter((r) => r.file === '2026-12/工行.csv');
    expect(carried.map((r) => r.outcome)).toEqual(['NOT_MORTGAGE', 'NOT_MORTGAGE']);
    for (const c of carried) {
      expect(booking.explanation.zh).toContain(`2026-12/工行.csv 第${c.row}行`);
      expect(c.explanation.zh).toContain(`序时账.xlsx[序时账] 第${booking.row}行`);
      expect(c.explanation.zh).toContain('合并记录，合计-¥50.00');
      expect(c.explanation.en).toContain('as one sum with 1 other timing item');
    }
    expect(booking.explanation.zh).toContain('合并核销上期(2026-12)结转的2笔跨期未达项，合计-¥50.00');
    expect(booking.explanation.en).toContain('closes 2 timing items carried in from 2026-12 as one sum');
    const line = jan.lines.find(([, at]) => at.startsWith(`序时账.xlsx 序时账!${booking.row}（`))!;
    expect(line[2]).toContain('合并核销2笔上期(2026-12)跨期未达');
    for (const m of [dec, jan, feb]) expect(m.book, m.s.json.period).toBe(m.trueBook);
    expect(feb.s.json.open).toEqual([]);
  });

  it('two months’ fees, each month’s summing to the booking: nothing is closed by guess, the booking says so; the sum of all closes all', async () => {
    const [g12, f12] = credit('2026-12');
    const [g01, f01] = credit('2027-01');
    const [g02, f02] = credit('2027-02');
    for (const [amount, closed] of [['-50', false], ['-100', true]] as const) {
      const [, jan, feb] = await chain([
        { period: '2026-12', bank: [g12, ...fees('2026-12', '-20', '-30')], fin: [f12] },
        { period: '2027-01', bank: [g01, ...fees('2027-01', '-25', '-25')], fin: [f01] },
        { period: '2027-02', bank: [g02], fin: [f02, fee('记-5', '2027-02-05', amount, '支付手续费')] },
      ]);
      expect(jan.s.json.open.map((o) => o.amount)).toEqual(['-20.00', '-30.00', '-25.00', '-25.00']);
      const booking = feb.s.fin('记-5');
      expect(booking.outcome).toBe('NOT_MORTGAGE');
      if (closed) {
        expect(feb.s.json.open).toEqual([]);
        expect(booking.explanation.zh).toContain('合并核销2026-12起(已2个月)结转的4笔跨期未达项');
      } else {
        expect(feb.s.json.open.filter((o) => o.side === 'bank').map((o) => [o.amount, o.period])).toEqual([
          ['-20.00', '2026-12'],
          ['-30.00', '2026-12'],
          ['-25.00', '2027-01'],
          ['-25.00', '2027-01'],
        ]);
        expect(booking.explanation.zh).toContain('无法确定核销哪一组，未自动核销');
        expect(booking.explanation.en).toContain('none is closed');
      }
      expect(feb.book, amount).toBe(feb.trueBook);
    }
  });
});
