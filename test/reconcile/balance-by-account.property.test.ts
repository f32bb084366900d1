import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconcile } from '../../domain/reconcile';
import type { BankTransaction, JournalLine } from '../../domain/records';
import { balanceByAccount, impliedBook } from '../../pipeline/reconcile/balanceByAccount';
import { balanceLines } from '../../pipeline/reconcile/balanceSheet';
import { bank, config, journal } from './helpers';

/**
 * 分户调节's law: for any month of events on two or three accounts, each account's line infers the
 * true book balance of its 科目 (its opening plus every line booked to it up to the period end),
 * and no row is left on a line 未分户. Events: clean pairs (enough to link each account), a 组合贷
 * whose two credits reached two accounts, a credit booked to another account's 科目, a credit nobody booked, a booking with no
 * credit, a booking of the wrong amount, interest on each side, a bank fee, a credit after the period, a reversal on
 * each side, a row exported again in a second file of the account, a booking made twice, a credit net of a
 * deposit, one buyer's equal credits to two accounts against one booking (AMBIGUOUS), a 公积金 credit to another account.
 */
const ACCOUNTS = [
  { bank: 'ICBC', account: '1202000000000000128', file: 'icbc.csv', ledger: { accountCode: '1002.01', accountName: '银行存款-工行监管户' } },
  { bank: 'CCB', account: '4400000000000000555', file: 'ccb.csv', ledger: { accountCode: '1002.02', accountName: '银行存款-建行监管户' } },
  { bank: 'ABC', account: '6228000000000000777', file: 'abc.csv', ledger: { accountCode: '1002.03', accountName: '银行存款-农行监管户' } },
];
const EVENTS = ['splitAcross', 'wrongAccount', 'missingInFinance', 'missingInBank', 'amountTypo', 'interestBoth', 'bankFee', 'creditAfterPeriod', 'reversalBank', 'reversalBook', 'dupBankFile', 'dupBooking', 'netCredit', 'ambiguousAcross', 'providentSecond'] as const;
const fen = (x: string | number): number => Math.round(Number(x) * 100);

const month = fc.record({
  accounts: fc.integer({ min: 2, max: 3 }),
  opening: fc.array(fc.integer({ min: 0, max: 50_000_000 }), { minLength: 3, maxLength: 3 }),
  clean: fc.array(fc.integer({ min: 5, max: 8 }), { minLength: 3, maxLength: 3 }),
  events: fc.array(fc.record({ kind: fc.constantFrom(...EVENTS), at: fc.integer({ min: 0, max: 2 }), to: fc.integer({ min: 1, max: 2 }), day: fc.integer({ min: 1, max: 28 }) }), { maxLength: 6 }),
});

describe('分户调节 (property)', () => {
  it('each account infers its own 科目’s true book balance, and no row is left unassigned', () => {
    fc.assert(
      fc.property(month, (m) => {
        const accts = ACCOUNTS.slice(0, m.accounts);
        const bankRows = new Map<number, { amount: number; date: string; memo: string; name: string | null; copy?: boolean }[]>(accts.map((_, k) => [k, []]));
        const lines: JournalLine[] = [];
        let unit = 0;
        let row = 1;
        const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}`;
        const credit = (k: number, amount: number, date: string, memo: string, name: string | null = null, copy = false) => bankRows.get(k)!.push({ amount, date, memo, name, copy });
        const book = (k: number, amount: number, date: string, summary: string, unitKey: string | null, customer: string | null = null) =>
          lines.push(journal({ ...accts[k].ledger, row: ++row, date, debit: amount > 0 ? String(amount) : '0', credit: amount < 0 ? String(-amount) : '0', unitKey, summary, customer }));
        const newUnit = () => `${++unit}-1-101`;
        const loan = () => 300_000 + unit * 1000;
        accts.forEach((_, k) => {
          for (let n = 0; n < m.clean[k]; n++) {
            const u = newUnit();
            credit(k, loan(), day(2 + n), `个人住房贷款放款 ${u}`);
            book(k, loan(), day(2 + n), `收${u}按揭款`, u);
          }
        });
        // One credit booked elsewhere per account at most: each account keeps ≥ 80 % of its pairs on its own 科目.
        const misbooked = new Set<number>();
        for (const e of m.events) {
          const k = e.at % accts.length;
          const u = newUnit();
          switch (e.kind) {
            case 'wrongAccount':
              if (misbooked.has(k)) break;
              misbooked.add(k);
              credit(k, loan(), day(e.day), `个人住房贷款放款 ${u}`);
              book((k + e.to) % accts.length, loan(), day(e.day), `收${u}按揭款`, u);
              break;
            case 'splitAcross':
              // 组合贷: the bank part reached one account, the provident part another; booked once, on the first.
              if (misbooked.has((k + e.to) % accts.length)) break;
              misbooked.add((k + e.to) % accts.length);
              credit(k, loan(), day(e.day), `个人住房贷款放款 ${u}`);
              credit((k + e.to) % accts.length, 77_000 + unit, day(e.day), `公积金贷款发放 ${u}`, '住房公积金管理中心');
              book(k, loan() + 77_000 + unit, day(e.day), `收${u}组合贷款`, u);
              break;
            case 'missingInFinance':
              credit(k, loan(), day(e.day), `个人住房贷款放款 ${u}`);
              break;
            case 'missingInBank':
              book(k, loan(), day(e.day), `收${u}按揭款`, u);
              break;
            case 'amountTypo':
              credit(k, loan(), day(e.day), `个人住房贷款放款 ${u}`);
              book(k, loan() + 90_000, day(e.day), `收${u}按揭款`, u);
              break;
            case 'interestBoth':
              credit(k, 1234.56 + e.day, day(e.day), '结息');
              book(k, 1200 + e.day, day(e.day), '收结息', null);
              break;
            case 'bankFee':
              credit(k, -(20 + e.day), day(e.day), '手续费');
              break;
            case 'reversalBank':
              credit(k, loan(), day(e.day), `个人住房贷款放款 ${u}`);
              credit(k, -loan(), day(e.day), `冲正 个人住房贷款放款 ${u}`);
              break;
            case 'reversalBook':
              book(k, loan(), day(e.day), `收${u}按揭款`, u);
              book(k, -loan(), day(e.day), `冲销 收${u}按揭款`, u);
              break;
            case 'dupBankFile':
              credit(k, loan(), day(e.day), `个人住房贷款放款 ${u}`, null, true);
              book(k, loan(), day(e.day), `收${u}按揭款`, u);
              break;
            case 'dupBooking':
              credit(k, loan(), day(e.day), `个人住房贷款放款 ${u}`);
              book(k, loan(), day(e.day), `收${u}按揭款`, u);
              book(k, loan(), day(e.day), `收${u}按揭款`, u);
              break;
            case 'netCredit':
              credit(k, loan() * 0.9, day(e.day), `个人住房贷款放款 ${u}`);
              book(k, loan(), day(e.day), `收${u}按揭款`, u);
              break;
            case 'ambiguousAcross': {
              // The same buyer and amount reached two accounts the same day, without a unit; one booking.
              const name = `购房人${unit}`;
              credit(k, 250_000, day(e.day), '贷款放款', name);
              credit((k + e.to) % accts.length, 250_000, day(e.day), '贷款放款', name);
              book(k, 250_000, day(e.day), `收${name}按揭款`, null, name);
              break;
            }
            case 'providentSecond':
              credit((k + e.to) % accts.length, 88_000 + unit, day(e.day), `公积金贷款发放 ${u}`, '住房公积金管理中心');
              book((k + e.to) % accts.length, 88_000 + unit, day(e.day), `收${u}公积金贷款`, u);
              break;
            case 'creditAfterPeriod':
              credit(k, loan(), '2026-12-01', `个人住房贷款放款 ${u}`);
              book(k, loan(), day(30), `收${u}按揭款`, u);
              break;
          }
        }
        const bankTx: BankTransaction[] = [];
        accts.forEach((a, k) => {
          let bal = fen(m.opening[k]);
          const rows = bankRows.get(k)!.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
          rows.forEach((r, n) => {
            bal += fen(r.amount);
            bankTx.push(bank({ bank: a.bank, account: a.account, file: a.file, row: n + 2, date: r.date, amount: r.amount.toFixed(2), balance: (bal / 100).toFixed(2), memo: r.memo, counterpartyName: r.name }));
            // The same row exported again in a second file of the account.
            if (r.copy) bankTx.push(bank({ bank: a.bank, account: a.account, file: `2-${a.file}`, row: n + 2, date: r.date, amount: r.amount.toFixed(2), balance: (bal / 100).toFixed(2), memo: r.memo, counterpartyName: r.name }));
          });
        });
        const rec = reconcile({ period: '2026-11', bank: bankTx, finance: lines, rejected: [], config: config() });
        const split = balanceByAccount(rec, balanceLines(rec), (key) => key);
        expect(split.accounts, 'why' in split ? split.why : '').not.toBeNull();
        const byLedger = new Map(split.accounts!.map((a) => [a.ledger?.split(' ')[0], a]));
        expect(byLedger.has(undefined)).toBe(false); // no line 未分户
        accts.forEach((a, k) => {
          const trueBook = lines.filter((l) => l.accountCode === a.ledger.accountCode && l.date <= '2026-11-30').reduce((s, l) => s + fen(l.debit.toString()) - fen(l.credit.toString()), fen(m.opening[k]));
          expect(fen(impliedBook(byLedger.get(a.ledger.accountCode)!)!.toString()), a.bank).toBe(trueBook);
        });
      }),
      { numRuns: 150, seed: 20261124 },
    );
  });
});
