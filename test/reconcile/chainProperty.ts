import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { reconcile, type CarriedItem } from '../../domain/reconcile';
import type { BankTransaction, JournalLine } from '../../domain/records';
import { writeAccountSheet } from '../../pipeline/reconcile/balanceByAccount';
import { writeBalanceSheet } from '../../pipeline/reconcile/balanceSheet';
import { writeReconcileJson } from '../../pipeline/reconcile/json';
import { loadPrevious } from '../../pipeline/reconcile/load';
import { writeReconcileWorkbook } from '../../pipeline/reconcile/workbook';
import type { XCell, XlsxWriter } from '../../pipeline/reconcile/xlsx';
import { tempDir, type ReconcileJson } from './files';
import { bank, config, journal } from './helpers';

/**
 * A chain of 3–4 monthly reconciliations on one or two accounts, each month carried in from the last
 * month's JSON report (--previous), checked against what the generated data itself says:
 * (a) 余额调节表 (and 分户调节 per account) starts from the true statement balance, and with the true
 *     book balance filled in, its two 调节后余额 agree (按本表推算的账面余额 = the true book balance);
 * (b) every row of the month's files, and every item carried in, is in the JSON exactly once;
 * (c) the open items at each month’s end are exactly the statement rows not yet booked by then, the
 *     bookings made before their statement row, and the second entry of a booking made twice.
 * Events: loan credits (unit in the memo) booked the same day, a few days late, next month, 2–3
 * months late or never, some exported again in a second file, some booked twice, some back-dated by
 * the bank (dated in the month, first exported next month, so booked next month or later); fees and interest
 * booked the same month, the month before, next month singly, next month as one sum, two months
 * later, or never; a month's statement export that starts 3 days before the 1st, and in some chains
 * each month's journal export too, where some vouchers are entered after their month's run, dated its
 * last day (first exported next month, from before the 1st). --previous is last month's JSON or, in
 * some chains, its workbook (its open items, and the statement rows and journal lines it read: a
 * back-dated row or a voucher entered late is not among them).
 * Each account has four clean pairs every month: a closing balance, and 分户调节's link of the account
 * to its 科目 (4 pairs, accounts.ts).
 *
 * Generator constraints (genuine ambiguities, not defects):
 * - Fee and interest amounts of an account are distinct powers of two (interest: times 0.37), so no
 *   booking equals the sum of a set of open items other than the one it was generated for (a single
 *   ¥30 booking beside open ¥10 and ¥20 fees could be either; no accountant could tell). The two
 *   accounts' fees do repeat each other's amounts (each account's n-th fee is the same): told apart by
 *   account, they are no ambiguity. Loans are all of different amounts, as is every row within an
 *   account: an open item is known by its account, date and amount.
 * - A month whose fees are booked next month as one sum has all its fees not booked in the month in
 *   that sum (the closing rule is bounded: all open items of one kind, or one month's; no subset search).
 */
const ACCOUNTS = [
  { bank: 'ICBC', account: '1202000000000000128', ledger: { accountCode: '1002.01', accountName: '银行存款-工行监管户' }, opening: 1_000_000 },
  { bank: 'CCB', account: '4400000000000000555', ledger: { accountCode: '1002.02', accountName: '银行存款-建行监管户' }, opening: 2_000_000 },
];
const PERIODS = ['2026-11', '2026-12', '2027-01', '2027-02'];
const fen = (x: string | number): number => Math.round(Number(x) * 100);
const fileOf = (file: string): string => file.replace(/^\d{4}-\d{2}\//, '');
const yuan = (f: number): string => (f / 100).toFixed(2);

/** A day of the month, half the time in its last days: rows that cross the month's end, or that an export from before the 1st repeats. */
const monthDay = fc.oneof(fc.integer({ min: 2, max: 28 }), fc.integer({ min: 26, max: 28 }));
const loan = fc.record({
  day: monthDay,
  /** Exported again in a second file of the month. */
  copy: fc.nat(9).map((n) => n === 9),
  /** Booked twice (the same voucher entered again): a 记账差错 open until reversed, here never. */
  twice: fc.nat(5).map((n) => n === 5),
  /** Back-dated: the bank posts it after the month's export, dated in the month; first exported next month. */
  backdated: fc.nat(7).map((n) => n === 7),
  /** Its voucher is entered after its month's run, dated the month's last day (see entry). */
  lateEntry: fc.nat(5).map((n) => n === 5),
  delay: fc.constantFrom('same', 'days', 'next', 'm2', 'm3', 'never'),
  lateDays: fc.integer({ min: 1, max: 6 }),
  bookDay: fc.integer({ min: 1, max: 28 }),
});
const timing = fc.record({
  day: monthDay,
  /** early: finance books it the month before the bank charges it (the first month: the same month). */
  mode: fc.constantFrom('same', 'early', 'nextSingle', 'nextSum', 'twoLater', 'never'),
  bookDay: fc.integer({ min: 1, max: 28 }),
  /** Its voucher (a single booking) is entered after its month's run, dated the month's last day (see entry). */
  lateEntry: fc.nat(5).map((n) => n === 5),
});
/** overlap: the month's export starts 3 days before the 1st, repeating last month's rows of those days. */
const accountMonth = fc.record({ loans: fc.array(loan, { maxLength: 3 }), fees: fc.array(timing, { maxLength: 2 }), interest: fc.array(timing, { maxLength: 2 }), overlap: fc.nat(3).map((n) => n === 3) });
export const chainArb = fc.record({
  accounts: fc.integer({ min: 1, max: 2 }),
  /** --previous is last month's workbook (its _anjie_open), else its JSON. */
  viaXlsx: fc.nat(3).map((n) => n === 3),
  /** Each month's journal export starts 3 days before the 1st, repeating last month's lines of those days. */
  journalOverlap: fc.nat(3).map((n) => n === 3),
  months: fc.array(fc.array(accountMonth, { minLength: 2, maxLength: 2 }), { minLength: 3, maxLength: 4 }),
});
export type Chain = typeof chainArb extends fc.Arbitrary<infer T> ? T : never;

const addDays = (date: string, n: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const dayOf = (m: number, d: number): string => {
  const [y, mo] = PERIODS[0].split('-').map(Number);
  const t = new Date(Date.UTC(y, mo - 1 + m, d));
  return t.toISOString().slice(0, 10);
};
const endOf = (m: number): string => addDays(dayOf(m + 1, 1), -1);

interface BankGen {
  k: number;
  m: number;
  file: string;
  row: number;
  date: string;
  time: string;
  amount: number; // fen
  memo: string;
  copy: boolean;
  /** The month whose export first holds it: m, or m + 1 for a row the bank back-dated. */
  exported: number;
  /** The day finance books it; null: never (within the chain or at all). */
  booked: string | null;
  /** The month whose journal first holds its booking (Book.exported). */
  bookExported: number;
}
interface Book {
  k: number;
  date: string;
  amount: number; // fen
  summary: string;
  unit: string | null;
  /** The statement row's date, for a booking made before it. */
  early?: string;
  /** The second entry of a booking made twice. */
  twice?: boolean;
  /** The month whose journal first holds it: its date's, or the next for a voucher entered after its month's run. */
  exported: number;
}

/** The generated months as statement rows and bookings, each statement row knowing when it is booked. */
function build(c: Chain, months: number) {
  const rows: BankGen[] = [];
  const books: Book[] = [];
  let unitNo = 0;
  const feeNo = [0, 0];
  const intNo = [0, 0];
  // A booking's date and the month whose journal first holds it. One entered after its month's run (in
  // chains whose journal exports start 3 days before the 1st, not in the last month: nothing would
  // export it) is dated its month's last day, as a voucher of the 30th posted on the 2nd, and first exported next month.
  const entry = (date: string | null, late: boolean): { booked: string | null; bookExported: number } => {
    const bm = date ? PERIODS.indexOf(date.slice(0, 7)) : -1;
    if (!date || !late || !c.journalOverlap || bm < 0 || bm + 1 >= months) return { booked: date, bookExported: bm };
    return { booked: endOf(bm), bookExported: bm + 1 };
  };
  for (let m = 0; m < months; m++) {
    for (let k = 0; k < c.accounts; k++) {
      const a = ACCOUNTS[k];
      const gen = c.months[m][k];
      const here: Omit<BankGen, 'file' | 'row' | 'time'>[] = [];
      // Every month each account has four clean pairs on day 1: a statement with a closing balance, and
      // (with two accounts) the account's link to its 科目, which 分户调节 needs (4 matched pairs, accounts.ts).
      const loans = [...Array.from({ length: 4 }, () => ({ day: 1, delay: 'same', lateDays: 0, bookDay: 1, copy: false, twice: false, backdated: false, lateEntry: false })), ...gen.loans];
      for (const l of loans) {
        const u = `${++unitNo}-1-101`;
        const amount = fen(300_000 + unitNo * 1000);
        const date = dayOf(m, l.day);
        // A back-dated credit (never in the chain's last month: nothing would export it) is booked once finance sees it, next month or later.
        const backdated = l.backdated && m + 1 < months;
        const delay = backdated && (l.delay === 'same' || l.delay === 'days') ? 'next' : l.delay;
        const { booked, bookExported } = entry(delay === 'same' ? date : delay === 'days' ? addDays(date, l.lateDays) : delay === 'next' ? dayOf(m + 1, l.bookDay) : delay === 'm2' ? dayOf(m + 2, l.bookDay) : delay === 'm3' ? dayOf(m + 3, l.bookDay) : null, l.lateEntry);
        here.push({ k, m, date, amount, memo: `个人住房贷款放款 ${u}`, booked, bookExported, copy: l.copy && !backdated, exported: backdated ? m + 1 : m });
        if (booked) books.push({ k, date: booked, amount, summary: `收${u}按揭款`, unit: u, exported: bookExported });
        if (booked && l.twice) books.push({ k, date: booked, amount, summary: `收${u}按揭款`, unit: u, twice: true, exported: bookExported });
      }
      for (const [list, kind] of [
        [gen.fees, 'fee'],
        [gen.interest, 'interest'],
      ] as const) {
        // One sum next month takes every item of the month not booked in it (see the constraints above).
        const summed = list.some((t) => t.mode === 'nextSum');
        const sum: Omit<BankGen, 'file' | 'row' | 'time'>[] = [];
        for (const t of list) {
          const mode = t.mode === 'early' && m === 0 ? 'same' : summed && t.mode !== 'same' && t.mode !== 'early' ? 'nextSum' : t.mode;
          const amount = kind === 'fee' ? -fen(2 ** feeNo[k]++) : fen(0.37 * 2 ** intNo[k]++);
          const date = dayOf(m, t.day);
          const memo = kind === 'fee' ? '手续费' : '结息';
          const summary = kind === 'fee' ? '支付银行手续费' : '收银行结息';
          const { booked, bookExported } = entry(mode === 'same' ? dayOf(m, t.bookDay) : mode === 'early' ? dayOf(m - 1, t.bookDay) : mode === 'nextSingle' ? dayOf(m + 1, t.bookDay) : mode === 'twoLater' ? dayOf(m + 2, t.bookDay) : mode === 'nextSum' ? dayOf(m + 1, 5) : null, t.lateEntry && mode !== 'nextSum');
          const row = { k, m, date, amount, memo, booked, bookExported, copy: false, exported: m };
          here.push(row);
          if (mode === 'nextSum') sum.push(row);
          else if (booked) books.push({ k, date: booked, amount, summary, unit: null, early: mode === 'early' ? date : undefined, exported: bookExported });
        }
        if (sum.length) books.push({ k, date: dayOf(m + 1, 5), amount: sum.reduce((s, r) => s + r.amount, 0), summary: `${kind === 'fee' ? '支付' : '收'}${PERIODS[m].slice(5)}月银行${kind === 'fee' ? '手续费' : '结息'}（合计）`, unit: null, exported: m + 1 });
      }
      here.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
      here.forEach((r, n) => rows.push({ ...r, file: `${a.bank}-${PERIODS[m]}.csv`, row: n + 2, time: `${String(8 + Math.floor(n / 50)).padStart(2, '0')}:${String(n % 50).padStart(2, '0')}:00` }));
    }
  }
  return { rows, books };
}

/** Captures the rows the report's sheet writers write, in place of the .xlsx writer. */
function captureSheets() {
  const sheets = new Map<string, XCell[][]>();
  const wb = {
    async sheet(o: { name: string }) {
      const rows: XCell[][] = [];
      sheets.set(o.name, rows);
      return {
        get rows() {
          return rows.length;
        },
        row(cells: readonly XCell[]) {
          rows.push([...cells]);
        },
        async end() {},
      };
    },
  };
  return { wb: wb as unknown as XlsxWriter, sheets };
}
const value = (c: XCell): number => fen(typeof c === 'object' && c !== null && 'formula' in c ? (c.result as number) : (c as number));

/** One chain, month by month; throws (vitest's expect) where a month is wrong. */
export async function runChain(c: Chain): Promise<void> {
  const months = c.months.length;
  const { rows, books } = build(c, months);
  const dir = await tempDir();
  try {
    await eachMonth(c, rows, books, dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function eachMonth(c: Chain, rows: BankGen[], books: Book[], dir: string): Promise<void> {
  const months = c.months.length;
  let carried: CarriedItem[] = [];
  // The statement rows and journal lines last month's report read (its JSON "seen" and "seenFinance", or _anjie_open E1 on).
  let seen: ReadonlySet<string> | null = null;
  let seenFinance: ReadonlySet<string> | null = null;
  let carriedKeys: string[] = [];
  const bal = ACCOUNTS.map((a) => fen(a.opening));
  let journalRow = 1;
  // Each journal line's account (its 科目's), by file and row.
  const ledgerOfLine = new Map<string, number>();
  let lastFinance: JournalLine[] = [];
  for (let m = 0; m < months; m++) {
    const period = PERIODS[m];
    const end = endOf(m);
    const bankTx: BankTransaction[] = [];
    for (let k = 0; k < c.accounts; k++) {
      const a = ACCOUNTS[k];
      const tx = (r: BankGen, file: string, row: number, balance: number) =>
        bank({ bank: a.bank, account: a.account, file, row, date: r.date, time: r.time, amount: yuan(r.amount), balance: yuan(balance), memo: r.memo, reference: `${r.file}#${r.row}` });
      const file = `${a.bank}-${period}.csv`;
      let fileRow = 1;
      // Last month's rows of its last 3 days, exported again at the top of this month's file.
      if (m > 0 && c.months[m][k].overlap) {
        const before = rows.filter((x) => x.m === m - 1 && x.exported === m - 1 && x.k === k && x.date > addDays(endOf(m - 1), -3));
        let b = bal[k] - before.reduce((t, r) => t + r.amount, 0);
        for (const r of before) bankTx.push(tx(r, file, ++fileRow, (b += r.amount)));
      }
      const copies = `${a.bank}-${period}-补.csv`;
      let copyRow = 1;
      // A row back-dated into last month first shows here, in date order (at the top of the month's rows).
      for (const r of rows.filter((x) => x.exported === m && x.k === k).sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0))) {
        bal[k] += r.amount;
        bankTx.push(tx(r, file, ++fileRow, bal[k]));
        if (r.copy) bankTx.push(tx(r, copies, ++copyRow, bal[k]));
      }
    }
    const repeated = c.journalOverlap ? lastFinance.filter((l) => l.date > addDays(endOf(m - 1), -3)).map((l) => ({ ...l, source: { ...l.source, file: `journal-${period}.csv`, row: ++journalRow } })) : [];
    // The month's bookings, and last month's entered after its run (dated its last day, in this export from before the 1st).
    const finance: JournalLine[] = books
      .filter((b) => b.exported === m)
      .sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0))
      .map((b) => journal({ ...ACCOUNTS[b.k].ledger, file: `journal-${period}.csv`, row: ++journalRow, voucher: `记-${journalRow}`, date: b.date, debit: b.amount > 0 ? yuan(b.amount) : '0', credit: b.amount < 0 ? yuan(-b.amount) : '0', unitKey: b.unit, summary: b.summary }));
    lastFinance = finance;
    finance.unshift(...repeated);
    for (const l of finance) ledgerOfLine.set(`${l.source.file}|${l.source.row}`, ACCOUNTS.findIndex((a) => a.ledger.accountCode === l.accountCode));
    const rec = reconcile({ period, bank: bankTx, finance, rejected: [], carried, ...(seen ? { seen } : {}), ...(seenFinance ? { seenFinance } : {}), config: config() });
    const out = path.join(dir, `${period}.json`);
    await writeReconcileJson(out, rec, {});
    const xlsx = path.join(dir, `${period}.xlsx`);
    if (c.viaXlsx) await writeReconcileWorkbook(xlsx, rec, { previous: m > 0 });
    const json = JSON.parse(await fs.readFile(out, 'utf8')) as ReconcileJson;

    // (b) every row of the month's files and every item carried in: in the JSON exactly once.
    // A carried row is named by its month and file ("2026-12/ICBC-2026-12.csv").
    const listed = new Map<string, number>();
    for (const r of json.rows) listed.set(`${r.side}|${fileOf(r.file)}|${r.row}`, (listed.get(`${r.side}|${fileOf(r.file)}|${r.row}`) ?? 0) + 1);
    const expectedKeys = [...bankTx.map((t) => `bank|${t.source.file}|${t.source.row}`), ...finance.map((l) => `finance|${l.source.file}|${l.source.row}`), ...carriedKeys];
    expect([...listed.keys()].sort(), `${period}: the JSON's rows`).toEqual([...expectedKeys].sort());
    for (const [key, n] of listed) expect(n, `${period}: ${key} in the JSON`).toBe(1);

    // (c) open exactly while unbooked.
    // Every statement row's amount is distinct: an item is known by it and its date, whichever export of it the report keeps open.
    const open = json.open.map((o) => `${o.side}|${o.side === 'bank' ? fileOf(o.file).split('-')[0] : ACCOUNTS[ledgerOfLine.get(`${fileOf(o.file)}|${o.row}`)!].bank}|${o.date}|${o.amount}`).sort();
    const unbooked = [
      // A booking entered after this month's run is not in its journal: its statement row is open.
      ...rows.filter((r) => r.date <= end && r.exported <= m && (r.booked === null || r.booked > end || r.bookExported > m)).map((r) => `bank|${ACCOUNTS[r.k].bank}|${r.date}|${yuan(r.amount)}`),
      ...books.filter((b) => ((b.early && b.early > end) || b.twice) && b.date <= end && b.exported <= m).map((b) => `finance|${ACCOUNTS[b.k].bank}|${b.date}|${yuan(b.amount)}`),
    ];
    expect(open, `${period}: open items`).toEqual(unbooked.sort());

    // (a) 余额调节表, and 分户调节 per account.
    const trueBank = ACCOUNTS.slice(0, c.accounts).map((_, k) => bal[k]);
    // The books as they stand at the month's run: not the vouchers entered after it.
    const trueBook = ACCOUNTS.slice(0, c.accounts).map((a, k) => books.filter((b) => b.k === k && b.date <= end && b.exported <= m).reduce((s, b) => s + b.amount, fen(a.opening)));
    const { wb, sheets } = captureSheets();
    const split = await writeBalanceSheet(wb, rec, false, 1_000_000, m > 0);
    const sheet = sheets.get('余额调节表')!;
    const cell = (r: number, col: number) => value(sheet[r - 1][col - 1]);
    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    expect(cell(4, 5), `${period}: 对账单余额`).toBe(sum(trueBank));
    const adjustedBank = cell(9, 5);
    const adjustedBook = sum(trueBook) + cell(5, 2) - cell(6, 2) + cell(7, 2) + cell(8, 2);
    expect(adjustedBank, `${period}: 调节后余额 (银行方)`).toBe(cell(4, 5) + cell(5, 5) - cell(6, 5));
    expect(adjustedBook, `${period}: 调节后余额, 账面方 from the true book balance ${yuan(sum(trueBook))}, against the bank side's`).toBe(adjustedBank);
    expect(value(sheet.find((r) => r[0] === '按本表推算的账面余额')![1]), `${period}: 按本表推算的账面余额`).toBe(sum(trueBook));
    if (c.accounts === 2) {
      expect(split?.accounts, `${period}: 分户调节`).toBeTruthy();
      await writeAccountSheet(wb, period, split!.accounts!);
      const lines = sheets.get('分户调节')!;
      for (let k = 0; k < 2; k++) {
        const a = ACCOUNTS[k];
        const line = lines.find((r) => typeof r[1] === 'string' && r[1].startsWith(a.ledger.accountCode));
        expect(line, `${period}: 分户调节 has ${a.bank}`).toBeTruthy();
        const [, , statement, bookIn, bookOut, adjusted, bankIn, bankOut, errors, unchecked, implied] = line!.map((x, i) => (i < 2 ? 0 : value(x)));
        expect(statement, `${period} ${a.bank}: 对账单余额`).toBe(trueBank[k]);
        expect(adjusted, `${period} ${a.bank}: 调节后余额 (银行方)`).toBe(statement + bookIn - bookOut);
        expect(trueBook[k] + bankIn - bankOut + errors + unchecked, `${period} ${a.bank}: 调节后余额 (账面方, true book ${yuan(trueBook[k])})`).toBe(adjusted);
        expect(implied, `${period} ${a.bank}: 按本表推算的账面余额`).toBe(trueBook[k]);
      }
      expect(lines.some((r) => r[0] === '未分户'), `${period}: no line 未分户`).toBe(false);
    }

    if (m + 1 < months) {
      const prev = await loadPrevious(c.viaXlsx ? xlsx : out, PERIODS[m + 1]);
      carried = prev.carried;
      seen = prev.seen;
      seenFinance = prev.seenFinance;
      carriedKeys = json.open.map((o) => `${o.side}|${fileOf(o.file)}|${o.row}`);
    }
  }
}
