import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenario, tempDir, type VoucherIn } from './files';
import { OPENING, balanceSheet, bookTo, credit, statement } from './monthEnd';

/**
 * December's two ¥20 fees (12-05 and 12-20) are not booked in December: two timing items of the same
 * amount. Finance books them in January on 01-03 and 01-10. Which booking closes which item is what
 * 差异 and the explanations show the clerk: in date order, as a clerk clears open items — 01-03 closes
 * the 12-05 fee, 01-10 the 12-20 one (not crossed, as pairing the nearest dates first would) —
 * whether the statement lists its rows oldest or newest first and whatever order the journal holds
 * the two bookings in.
 */

async function run(newestFirst: boolean, journalReversed: boolean) {
  const dir = await tempDir();
  const [g12, f12] = credit('2026-12');
  const [g01, f01] = credit('2027-01');
  const dec = statement(
    [g12, { ref: 'F1205', date: '2026-12-05', time: '09:00:00', amount: '-20', memo: '手续费' }, { ref: 'F1220', date: '2026-12-20', time: '09:00:00', amount: '-20', memo: '手续费' }],
    OPENING,
  );
  const jan = statement([g01], Number(dec[dec.length - 1].balance));
  const fees: VoucherIn[] = [
    { voucher: '记-1', date: '2027-01-03', amount: '-20', summary: '支付手续费' },
    { voucher: '记-2', date: '2027-01-10', amount: '-20', summary: '支付手续费' },
  ];
  const s12 = await scenario({ dir: path.join(dir, '2026-12'), period: '2026-12', bank: newestFirst ? [...dec].reverse() : dec, finance: [f12] });
  expect(s12.json.open.map((o) => [o.date, o.amount])).toEqual(newestFirst ? [['2026-12-20', '-20.00'], ['2026-12-05', '-20.00']] : [['2026-12-05', '-20.00'], ['2026-12-20', '-20.00']]);
  const finance = [f01, ...(journalReversed ? [...fees].reverse() : fees)];
  const s01 = await scenario({ dir: path.join(dir, '2027-01'), period: '2027-01', bank: jan, finance, args: ['--previous', s12.out] });
  const { book } = await balanceSheet(s01.out);
  return { s12, s01, book, trueBook: bookTo([f12, f01, ...fees], '2027-01-31') };
}

describe('two carried fees of the same amount closed by two bookings of it', () => {
  it('the bookings close the fees in date order, whatever order the statement and the journal list them in', async () => {
    for (const [newestFirst, journalReversed] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ]) {
      const { s12, s01, book, trueBook } = await run(newestFirst, journalReversed);
      const order = `statement ${newestFirst ? 'newest' : 'oldest'} first, journal ${journalReversed ? 'reversed' : 'in order'}`;
      expect(s01.json.open, order).toEqual([]);
      // 记-1 of 01-03 names the fee of 12-05, 记-2 of 01-10 the fee of 12-20; each fee the booking that closes it.
      expect(s01.fin('记-1').explanation.zh, order).toContain('（2026-12-05）');
      expect(s01.fin('记-2').explanation.zh, order).toContain('（2026-12-20）');
      const dateOf = (row: number) => s12.json.open.find((o) => o.row === row)!.date;
      const closedBy = { '2026-12-05': ['记-1', '2027-01-03'], '2026-12-20': ['记-2', '2027-01-10'] } as Record<string, [string, string]>;
      const carried = s01.json.rows.filter((r) => r.file.startsWith('2026-12/'));
      expect(carried.map((r) => [dateOf(r.row), r.outcome, r.explanation.zh.includes(`第${s01.fin(closedBy[dateOf(r.row)][0]).row}行（${closedBy[dateOf(r.row)][1]}）`)]).sort(), order).toEqual([
        ['2026-12-05', 'NOT_MORTGAGE', true],
        ['2026-12-20', 'NOT_MORTGAGE', true],
      ]);
      // Section 三: −40 on each side; statement 1,000,000 + 400,000 − 40 = 1,399,960, and so are the books.
      expect(book, order).toBe(trueBook);
      expect(trueBook).toBe(139_996_000);
    }
  });
});
