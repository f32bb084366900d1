import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money } from '../../domain/money';
import type { BankTransaction, JournalLine } from '../../domain/records';
import type { JournalRead, StatementRead } from '../../pipeline/read';
import { packJournal, packStatement, unpackJournal, unpackStatement } from '../../pipeline/reconcile/packRecords';

/**
 * Records read on another thread come back through packRecords: every field must arrive exactly as
 * read — text with Chinese, emoji and quotes, nulls as nulls, amounts to the last digit.
 */
const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('', '张三', '3-2-1501', '个人住房贷款放款 😀 "引号" \\', '2026-11-30'));
const maybe = fc.option(text, { nil: null });
const amount = fc.tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 6 })).map(([n, dp]) => {
  const s = (n < 0n ? -n : n).toString().padStart(dp + 1, '0');
  return new Money(`${n < 0n ? '-' : ''}${dp ? `${s.slice(0, -dp)}.${s.slice(-dp)}` : s}`);
});

const bankTx: fc.Arbitrary<BankTransaction> = fc.record({
  source: fc.record({ file: text, sheet: text, row: fc.integer({ min: 1, max: 2_000_000 }) }),
  profile: text,
  bank: text,
  account: maybe,
  date: text,
  time: maybe,
  amount,
  currency: text,
  counterpartyName: maybe,
  counterpartyAccount: maybe,
  memo: maybe,
  reference: maybe,
  balance: fc.option(amount, { nil: null }),
});

const journalLine: fc.Arbitrary<JournalLine> = fc.record({
  source: fc.record({ file: text, sheet: text, row: fc.integer({ min: 1, max: 2_000_000 }) }),
  profile: text,
  date: text,
  voucher: text,
  summary: text,
  accountCode: text,
  accountName: text,
  debit: amount,
  credit: amount,
  auxiliary: fc.dictionary(text, text, { maxKeys: 4 }),
  customer: maybe,
  unitKey: maybe,
  isBankLine: fc.boolean(),
});

/** Decimals compared by value and exact text; everything else structurally, key order included. */
function plain(x: unknown): unknown {
  if (x instanceof Money) return `Money(${x.toFixed()})`;
  if (Array.isArray(x)) return x.map(plain);
  if (x && typeof x === 'object') return Object.entries(x).map(([k, v]) => [k, plain(v)]);
  return x;
}

/** A whole read: its fields in any order (nothing iterates them), each compared with plain(). */
function plainRead(r: StatementRead | JournalRead): unknown {
  return Object.entries(r)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => [k, plain(v)]);
}

function statement(transactions: BankTransaction[]): StatementRead {
  return {
    kind: 'bank', file: 'b.csv', path: '/x/b.csv', profile: 'icbc-corporate', bank: 'ICBC', profileReason: { zh: '表头', en: 'headers' }, generic: false, sheet: '', headerRow: 5,
    account: null, accountName: '某某置业', transactionCount: transactions.length, rejected: [{ source: { file: 'b.csv', sheet: '', row: 9 }, reason: { zh: '日期', en: 'date' }, raw: ['x'] }],
    skipped: [], warnings: [], currency: 'CNY', credits: new Money('12.30'), debits: new Money('0'), otherCurrencies: [{ currency: 'USD', count: 1, credits: new Money('1.5'), debits: new Money('0') }],
    container: 'csv', encoding: 'gb18030', delimiter: ',', transactions,
  };
}

function journal(lines: JournalLine[]): JournalRead {
  return {
    kind: 'journal', file: 'j.xlsx', path: '/x/j.xlsx', profile: 'kingdee-journal', profileReason: { zh: '表头', en: 'headers' }, sheet: '序时账', headerRow: 3, lines,
    bankLines: lines.filter((l) => l.isBankLine).length, debits: new Money('100.00'), credits: new Money('7'), rejected: [], warnings: [{ zh: '注意', en: 'note' }], container: 'xlsx', encoding: null,
  };
}

describe('records packed for the trip between threads', () => {
  it('bank transactions come back field for field', () => {
    fc.assert(
      fc.property(fc.array(bankTx, { maxLength: 30 }), (txs) => {
        const back = unpackStatement(packStatement(statement(txs)));
        expect(plainRead(back)).toEqual(plainRead(statement(txs)));
        for (const t of back.transactions) expect(t.amount).toBeInstanceOf(Money);
      }),
      { numRuns: 200 },
    );
  });

  it('journal lines come back field for field, 辅助核算 in its order', () => {
    fc.assert(
      fc.property(fc.array(journalLine, { maxLength: 30 }), (lines) => {
        expect(plainRead(unpackJournal(packJournal(journal(lines))))).toEqual(plainRead(journal(lines)));
      }),
      { numRuns: 200 },
    );
  });

  it('the same amount comes back as one shared value, and shared values are not mixed up', () => {
    const t = (ref: string, amount: string): BankTransaction => ({
      source: { file: 'b.csv', sheet: '', row: 2 }, profile: 'p', bank: 'B', account: null, date: '2026-11-02', time: null,
      amount: new Money(amount), currency: 'CNY', counterpartyName: null, counterpartyAccount: null, memo: null, reference: ref, balance: null,
    });
    const back = unpackStatement(packStatement(statement([t('a', '1000000.00'), t('b', '1000000.00'), t('c', '-1000000.00')]))).transactions;
    expect(back[0].amount).toBe(back[1].amount);
    expect(back[2].amount.toFixed(2)).toBe('-1000000.00');
    expect(back.map((x) => x.reference)).toEqual(['a', 'b', 'c']);
  });
});
