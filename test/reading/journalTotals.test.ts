import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Money } from '../../domain/money';
import type { JournalLine } from '../../domain/records';
import { journalTotals } from '../../pipeline/read/journal';

/** A journal line with only what the totals read. */
function line(debit: string, credit: string, isBankLine: boolean): JournalLine {
  return { source: { file: 'j.csv', sheet: '', row: 2 }, profile: 'kingdee-journal', date: '2026-11-03', voucher: '记-1', summary: '', accountCode: '1002', accountName: '银行存款', debit: new Money(debit), credit: new Money(credit), auxiliary: {}, customer: null, unitKey: null, isBankLine };
}

describe('journalTotals', () => {
  it('sums the bank lines exactly as adding them one by one with decimal.js, other lines left out', () => {
    // Whole fen, fractions of a fen, amounts past 2^53 fen, zeros: every form a journal can hold.
    const amount = fc.oneof(
      fc.bigInt({ min: 0n, max: 10n ** 12n }).map((f) => new Money(f.toString()).div(100).toFixed(2)),
      fc.constantFrom('0', '0.005', '123.456', '99999999999999999.99', '0.01'),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(amount, amount, fc.boolean()), { maxLength: 60 }), (rows) => {
        const lines = rows.map(([d, c, bank]) => line(d, c, bank));
        let debits = new Money(0);
        let credits = new Money(0);
        for (const l of lines.filter((x) => x.isBankLine)) {
          debits = debits.plus(l.debit);
          credits = credits.plus(l.credit);
        }
        const t = journalTotals(lines);
        expect({ n: t.bankLines, d: t.debits.toFixed(), c: t.credits.toFixed() }).toEqual({ n: lines.filter((x) => x.isBankLine).length, d: debits.toFixed(), c: credits.toFixed() });
      }),
    );
  });
});
