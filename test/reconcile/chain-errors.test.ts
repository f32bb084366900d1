import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Money } from '../../domain/money';
import { openItems, reconcile, rowResult, type CarriedItem, type Reconciliation } from '../../domain/reconcile';
import type { BankTransaction, JournalLine } from '../../domain/records';
import { writeReconcileWorkbook } from '../../pipeline/reconcile/workbook';
import { tempDir } from './files';
import { bank, config, journal } from './helpers';

/**
 * 记账差错 across months: a booking entered twice, or for the wrong amount, is in the books until
 * finance corrects it. October's 余额调节表 lists it under 记账差错; November's book balance still
 * holds it (or its correction), so November must still account for it, or its 未解释差额 is off by
 * exactly that amount. Each scenario knows the true book balance (opening + every 1002 line up to the
 * period's end) and checks that 余额调节表 infers it (B11).
 */
const OPENING = 1_000_000;
const fen = (x: string | number): number => Math.round(Number(x) * 100);
const amountOf = (u: number): number => 500_000 + u * 1000;

let row = 1;
function credits(units: number[], date: string, opening: number, file: string): BankTransaction[] {
  let bal = fen(opening);
  return units.map((u) => {
    bal += fen(amountOf(u));
    return bank({ file, row: ++row, date, amount: String(amountOf(u)), balance: (bal / 100).toFixed(2), memo: `个人住房贷款放款 ${u}-1-101`, counterpartyName: `买家${u}`, reference: `R${date.replace(/-/g, '')}${u}` });
  });
}
function booking(u: number, date: string, file: string, over: Partial<{ debit: string; summary: string; voucher: string }> = {}): JournalLine {
  row++;
  return journal({ file, row, date, debit: String(amountOf(u)), unitKey: `${u}-1-101`, customer: `买家${u}`, summary: `收${u}-1-101买家${u}按揭款`, voucher: `记-${1000 + row}`, ...over });
}
const carry = (rec: Reconciliation): CarriedItem[] => openItems(rec.engine).map((o) => ({ ...o, file: `${o.period}/${o.file}`, amount: new Money(o.amount) }));
const bookTotal = (lines: JournalLine[]): number => lines.reduce((t, l) => t + fen(l.debit.minus(l.credit).toString()), 0);

/** 余额调节表's inferred book balance (B11), in fen; `previous`: the run had --previous (rows before the period it did not carry were reconciled). */
async function impliedBook(rec: Reconciliation, previous = false): Promise<number> {
  const out = path.join(await tempDir(), 'report.xlsx');
  await writeReconcileWorkbook(out, rec, { previous });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const ws = wb.getWorksheet('余额调节表')!;
  let v: unknown = null;
  ws.eachRow((r) => {
    if (r.getCell(1).value === '按本表推算的账面余额') v = r.getCell(2).value;
  });
  return fen(v as number);
}

describe('记账差错 carried into next month', () => {
  // October: units 1–4 credited and booked; unit 4 booked a second time two days later (补记).
  const octCredits = credits([1, 2, 3, 4], '2026-10-12', OPENING, 'icbc-10.csv');
  const octBooks = [...[1, 2, 3, 4].map((u) => booking(u, '2026-10-12', 'journal-10.csv')), booking(4, '2026-10-14', 'journal-10.csv', { summary: '补记：收4-1-101买家4按揭款', voucher: '记-0009' })];
  const october = reconcile({ period: '2026-10', bank: octCredits, finance: octBooks, rejected: [], config: config() });
  const octClose = OPENING + [1, 2, 3, 4].reduce((t, u) => t + amountOf(u), 0);

  it('October: the second booking is DUPLICATE_FINANCE, and it is carried as what the books are off by', async () => {
    const dup = october.engine.items.find((it) => it.fin?.voucher === '记-0009')!;
    expect(rowResult(dup, october.engine).outcome).toBe('DUPLICATE_FINANCE');
    expect(await impliedBook(october)).toBe(fen(OPENING) + bookTotal(octBooks));
    const open = openItems(october.engine);
    expect(open.map((o) => [o.side, o.outcome, o.amount, o.voucher])).toEqual([['finance', 'MISSING_IN_BANK', '504000.00', '记-0009']]);
    expect(open[0].text).toMatch(/^重复入账待冲销/);
  });

  it('November, the duplicate 冲销 as the report asked: the 冲销 cancels the carried copy, and 余额调节表 infers the true book balance', async () => {
    const novCredits = credits([21, 22], '2026-11-05', octClose, 'icbc-11.csv');
    const novBooks = [...[21, 22].map((u) => booking(u, '2026-11-05', 'journal-11.csv')), booking(4, '2026-11-06', 'journal-11.csv', { debit: '-504000', summary: '冲销10月记-0009重复入账', voucher: '记-0003' })];
    const rec = reconcile({ period: '2026-11', bank: novCredits, finance: novBooks, rejected: [], carried: carry(october), config: config() });
    const rows = rec.engine.items.filter((it) => it.unit === '4-1-101').map((it) => rowResult(it, rec.engine));
    expect(rows.map((r) => [r.file, r.outcome])).toEqual([
      ['2026-10/journal-10.csv', 'REVERSED'],
      ['journal-11.csv', 'REVERSED'],
    ]);
    expect(openItems(rec.engine)).toEqual([]);
    expect(await impliedBook(rec)).toBe(fen(OPENING) + bookTotal(octBooks) + bookTotal(novBooks));
  });

  it('November, the duplicate not yet 冲销: it is still listed, said to be a duplicate, and 余额调节表 infers the true book balance', async () => {
    const novCredits = credits([21, 22], '2026-11-05', octClose, 'icbc-11.csv');
    const novBooks = [21, 22].map((u) => booking(u, '2026-11-05', 'journal-11.csv'));
    const rec = reconcile({ period: '2026-11', bank: novCredits, finance: novBooks, rejected: [], carried: carry(october), config: config() });
    const [dup] = rec.engine.items.filter((it) => it.carried).map((it) => rowResult(it, rec.engine));
    expect(dup.outcome).toBe('MISSING_IN_BANK');
    expect(dup.explanation.zh).toContain('重复入账');
    expect(dup.explanation.zh).toContain('尚未冲销');
    expect(openItems(rec.engine).map((o) => [o.outcome, o.amount, o.period])).toEqual([['MISSING_IN_BANK', '504000.00', '2026-10']]);
    expect(await impliedBook(rec)).toBe(fen(OPENING) + bookTotal(octBooks) + bookTotal(novBooks));
  });

  it('November, a journal export that starts in October holds the second booking again: the same line, not a third booking', async () => {
    const novCredits = credits([21, 22], '2026-11-05', octClose, 'icbc-11.csv');
    const again = octBooks[4];
    const novBooks = [booking(4, again.date, 'journal-11.csv', { summary: again.summary, voucher: again.voucher }), ...[21, 22].map((u) => booking(u, '2026-11-05', 'journal-11.csv'))];
    const rec = reconcile({ period: '2026-11', bank: novCredits, finance: novBooks, rejected: [], carried: carry(october), config: config() });
    expect(openItems(rec.engine).map((o) => [o.outcome, o.amount, o.voucher, o.period])).toEqual([['MISSING_IN_BANK', '504000.00', '记-0009', '2026-10']]);
    expect(rowResult(rec.engine.items.find((it) => it.file === 'journal-11.csv' && it.unit === '4-1-101')!, rec.engine).outcome).toBe('DUPLICATE_FINANCE');
    expect(await impliedBook(rec)).toBe(fen(OPENING) + bookTotal(octBooks) + bookTotal(novBooks.slice(1)));
  });
});

describe('a booking entered twice, carried into a month whose statement export starts before the 1st', () => {
  it('November, the October credit exported again at the top of the statement: already reconciled with the first booking, it does not close the carried second one; the duplicate stays listed and 余额调节表 infers the true book balance', async () => {
    const octCredits = credits([1, 2, 3, 4], '2026-10-31', OPENING, 'icbc-10.csv');
    const octBooks = [...[1, 2, 3].map((u) => booking(u, '2026-10-31', 'journal-10.csv')), booking(4, '2026-10-31', 'journal-10.csv'), booking(4, '2026-10-31', 'journal-10.csv', { voucher: '记-0019' })];
    const october = reconcile({ period: '2026-10', bank: octCredits, finance: octBooks, rejected: [], config: config() });
    expect(openItems(october.engine).map((o) => [o.outcome, o.amount, o.voucher])).toEqual([['MISSING_IN_BANK', '504000.00', '记-0019']]);
    // November's export starts on 10-31: October's four credits again (same 流水号 and balances), then November's.
    const again = credits([1, 2, 3, 4], '2026-10-31', OPENING, 'icbc-11.csv');
    const novCredits = [...again, ...credits([21, 22, 23, 24], '2026-11-05', OPENING + [1, 2, 3, 4].reduce((t, u) => t + amountOf(u), 0), 'icbc-11.csv')];
    const novBooks = [21, 22, 23, 24].map((u) => booking(u, '2026-11-05', 'journal-11.csv'));
    const rec = reconcile({ period: '2026-11', bank: novCredits, finance: novBooks, rejected: [], carried: carry(october), config: config() });
    expect(openItems(rec.engine).map((o) => [o.outcome, o.amount, o.voucher, o.period])).toEqual([['MISSING_IN_BANK', '504000.00', '记-0019', '2026-10']]);
    const [dup] = rec.engine.items.filter((it) => it.carried).map((it) => rowResult(it, rec.engine));
    expect(dup.explanation.zh).toContain('尚未冲销');
    expect(await impliedBook(rec, true)).toBe(fen(OPENING) + bookTotal(octBooks) + bookTotal(novBooks));
  });
});

describe('a booking entered twice, carried into a month whose journal export starts before the 1st', () => {
  // October: units 1–4 credited and booked on 10-31; unit 4 booked a second time (记-0019), carried as 重复入账待冲销.
  const octCredits = credits([1, 2, 3, 4], '2026-10-31', OPENING, 'icbc-10.csv');
  const octBooks = [...[1, 2, 3, 4].map((u) => booking(u, '2026-10-31', 'journal-10.csv')), booking(4, '2026-10-31', 'journal-10.csv', { voucher: '记-0019' })];
  const october = reconcile({ period: '2026-10', bank: octCredits, finance: octBooks, rejected: [], config: config() });
  const octClose = OPENING + [1, 2, 3, 4].reduce((t, u) => t + amountOf(u), 0);
  // November's journal export starts on 10-31: October's five lines again (same 凭证字号 and dates), then November's.
  const reexported = (): JournalLine[] => octBooks.map((l) => ({ ...l, source: { ...l.source, file: 'journal-11.csv', row: ++row } }));

  for (const statementFrom of ['11-01', '10-31'] as const) {
    it(`November (statement from ${statementFrom}): October's first entry, exported again, was reconciled last month — not a second duplicate of the carried 记-0019, which alone stays open; 余额调节表 infers the true book balance`, async () => {
      expect(openItems(october.engine).map((o) => [o.outcome, o.amount, o.voucher])).toEqual([['MISSING_IN_BANK', '504000.00', '记-0019']]);
      const again = statementFrom === '10-31' ? credits([1, 2, 3, 4], '2026-10-31', OPENING, 'icbc-11.csv') : [];
      const novCredits = [...again, ...credits([21, 22, 23, 24], '2026-11-05', octClose, 'icbc-11.csv')];
      const novBooks = [21, 22, 23, 24].map((u) => booking(u, '2026-11-05', 'journal-11.csv'));
      const rec = reconcile({ period: '2026-11', bank: novCredits, finance: [...reexported(), ...novBooks], rejected: [], carried: carry(october), config: config() });
      expect(openItems(rec.engine).map((o) => [o.outcome, o.amount, o.voucher, o.period])).toEqual([['MISSING_IN_BANK', '504000.00', '记-0019', '2026-10']]);
      const unit4 = rec.engine.items.filter((it) => it.file === 'journal-11.csv' && it.unit === '4-1-101').map((it) => [it.fin!.voucher, rowResult(it, rec.engine).outcome]);
      // The first entry's line is last month's reconciled booking again (paired with its credit when that is exported again too); the second's is the carried 记-0019 again.
      expect(unit4).toEqual([
        [octBooks[3].voucher, 'OUT_OF_PERIOD'],
        ['记-0019', 'DUPLICATE_FINANCE'],
      ]);
      const first = rec.engine.items.find((it) => it.file === 'journal-11.csv' && it.fin?.voucher === octBooks[3].voucher)!;
      expect(first.partner?.file ?? null).toBe(statementFrom === '10-31' ? 'icbc-11.csv' : null);
      const [dup] = rec.engine.items.filter((it) => it.carried).map((it) => rowResult(it, rec.engine));
      expect(dup.outcome).toBe('MISSING_IN_BANK');
      expect(dup.explanation.zh).toContain('尚未冲销');
      expect(await impliedBook(rec, true)).toBe(fen(OPENING) + bookTotal(octBooks) + bookTotal(novBooks));
    });
  }
});

describe('an amount booked wrong, carried into next month', () => {
  // October: unit 3 credited 503,000, booked 530,000 (digits swapped); unit 5 credited 505,000, booked 500,500.
  const octCredits = credits([1, 2, 3, 5], '2026-10-12', OPENING, 'icbc-10.csv');
  const octBooks = [booking(1, '2026-10-12', 'journal-10.csv'), booking(2, '2026-10-12', 'journal-10.csv'), booking(3, '2026-10-12', 'journal-10.csv', { debit: '530000', voucher: '记-0003' }), booking(5, '2026-10-12', 'journal-10.csv', { debit: '500500', voucher: '记-0007' })];
  const october = reconcile({ period: '2026-10', bank: octCredits, finance: octBooks, rejected: [], config: config() });
  const octClose = OPENING + [1, 2, 3, 5].reduce((t, u) => t + amountOf(u), 0);

  it('October: both pairs are AMOUNT_MISMATCH, and each carries the difference on the side that has more', async () => {
    expect(await impliedBook(october)).toBe(fen(OPENING) + bookTotal(octBooks));
    const open = openItems(october.engine);
    expect(open.map((o) => [o.side, o.outcome, o.unit, o.amount])).toEqual([
      ['bank', 'MISSING_IN_FINANCE', '5-1-101', '4500.00'],
      ['finance', 'MISSING_IN_BANK', '3-1-101', '27000.00'],
    ]);
    expect(open.every((o) => o.text.startsWith('金额不符差额待更正'))).toBe(true);
  });

  it('November, neither corrected: 余额调节表 infers the true book balance, and the explanation gives the difference, not a credit of it', async () => {
    const novCredits = credits([21, 22], '2026-11-05', octClose, 'icbc-11.csv');
    const novBooks = [21, 22].map((u) => booking(u, '2026-11-05', 'journal-11.csv'));
    const rec = reconcile({ period: '2026-11', bank: novCredits, finance: novBooks, rejected: [], carried: carry(october), config: config() });
    expect(await impliedBook(rec)).toBe(fen(OPENING) + bookTotal(octBooks) + bookTotal(novBooks));
    const parts = rec.engine.items.filter((it) => it.carried).map((it) => rowResult(it, rec.engine).explanation.zh);
    expect(parts[0]).toContain('金额不符');
    expect(parts[0]).toContain('¥4,500.00');
    expect(parts[0]).not.toContain('到账¥4,500.00');
  });

  it('November, both corrected (the missing ¥4,500 booked; the ¥27,000 booked too much 冲销): the corrections close the carried parts', async () => {
    const novCredits = credits([21, 22], '2026-11-05', octClose, 'icbc-11.csv');
    const novBooks = [
      ...[21, 22].map((u) => booking(u, '2026-11-05', 'journal-11.csv')),
      booking(5, '2026-11-06', 'journal-11.csv', { debit: '4500', summary: '补记10月5-1-101买家5按揭款差额', voucher: '记-0004' }),
      booking(3, '2026-11-06', 'journal-11.csv', { debit: '-27000', summary: '冲销10月记-0003多记金额', voucher: '记-0005' }),
    ];
    const rec = reconcile({ period: '2026-11', bank: novCredits, finance: novBooks, rejected: [], carried: carry(october), config: config() });
    expect(openItems(rec.engine)).toEqual([]);
    expect(await impliedBook(rec)).toBe(fen(OPENING) + bookTotal(octBooks) + bookTotal(novBooks));
  });

  it('a credit net of a fee: the ¥20 the books hold too much is carried, and the fee booked next month (no 冲销 word, no voucher quoted) closes it', async () => {
    const octCredit = [bank({ file: 'icbc-10.csv', row: 2, date: '2026-10-12', amount: '999980', balance: '1999980', memo: '个人住房贷款放款 3-2-1501 已扣手续费20元', counterpartyName: '张三', reference: 'B001' })];
    const octBook = [journal({ file: 'j10.csv', row: 2, date: '2026-10-12', debit: '1000000', unitKey: '3-2-1501', customer: '张三', summary: '收3-2-1501张三按揭款', voucher: '记-0001' })];
    const oct = reconcile({ period: '2026-10', bank: octCredit, finance: octBook, rejected: [], config: config() });
    expect(openItems(oct.engine).map((o) => [o.side, o.amount])).toEqual([['finance', '20.00']]);
    const novBook = [journal({ file: 'j11.csv', row: 2, date: '2026-11-03', credit: '20', unitKey: '3-2-1501', summary: '补记3-2-1501张三放款扣手续费', voucher: '记-0002' })];
    const novCredit = [bank({ file: 'icbc-11.csv', row: 2, date: '2026-11-03', amount: '5', balance: '1999985', memo: '结息' })];
    const nov = reconcile({ period: '2026-11', bank: novCredit, finance: novBook, rejected: [], carried: carry(oct), config: config() });
    expect(nov.engine.items.filter((it) => it.side === 'finance').map((it) => rowResult(it, nov.engine).outcome)).toEqual(['REVERSED', 'REVERSED']);
    // Only the ¥5 interest finance has not booked yet stays open (a timing item, 银行已收企业未收).
    expect(openItems(nov.engine).map((o) => [o.side, o.amount, o.text])).toEqual([['bank', '5.00', '非按揭跨期未达 timing: 结息']]);
    expect(await impliedBook(nov)).toBe(fen(1_000_000 + 1_000_000 - 20));
  });
});

describe('last month’s booking in this month’s journal export', () => {
  it('an open booking exported again (the export starts in October) is in the books once: 余额调节表 does not take it for a booking entered twice', async () => {
    // October: unit 7 booked on 10-30, not yet credited.
    const october = reconcile({ period: '2026-10', bank: credits([1, 2], '2026-10-12', OPENING, 'icbc-10.csv'), finance: [...[1, 2].map((u) => booking(u, '2026-10-12', 'journal-10.csv')), booking(7, '2026-10-30', 'journal-10.csv', { voucher: '记-0030' })], rejected: [], config: config() });
    const octBooks = october.engine.items.filter((it) => it.fin).map((it) => it.fin!);
    // November: the journal export runs from 10-30 and holds 记-0030 again; the bank still has not credited it.
    const novBooks = [booking(7, '2026-10-30', 'journal-11.csv', { voucher: '记-0030' }), booking(21, '2026-11-05', 'journal-11.csv')];
    const rec = reconcile({ period: '2026-11', bank: credits([21], '2026-11-05', OPENING + amountOf(1) + amountOf(2), 'icbc-11.csv'), finance: novBooks, rejected: [], carried: carry(october), config: config() });
    expect(openItems(rec.engine).map((o) => [o.outcome, o.unit, o.amount])).toEqual([['MISSING_IN_BANK', '7-1-101', '507000.00']]);
    expect(await impliedBook(rec)).toBe(fen(OPENING) + bookTotal(octBooks) + bookTotal(novBooks.slice(1)));
  });
});

describe('which set-aside rows are carried across the month end: a rule in templates/reconcile.json says so', () => {
  it('interest finance has not booked is carried by the shipped rules; a city’s rules may carry payroll too, or not carry interest', () => {
    const credit = [bank({ file: 'icbc-11.csv', row: 2, date: '2026-11-30', amount: '5', balance: '1000005', memo: '结息' })];
    const payroll = [bank({ file: 'icbc-11.csv', row: 3, date: '2026-11-30', amount: '-300', balance: '999705', memo: '代发工资' })];
    const open = (cfg: ReturnType<typeof config>) => openItems(reconcile({ period: '2026-11', bank: [...credit, ...payroll], finance: [], rejected: [], config: cfg }).engine).map((o) => [o.amount, o.text]);
    expect(open(config())).toEqual([['5.00', '非按揭跨期未达 timing: 结息']]);
    const edited = config();
    for (const r of edited.notMortgage) r.carriedAcrossMonthEnd = r.id === 'payroll';
    expect(open(edited)).toEqual([['-300.00', '非按揭跨期未达 timing: 代发工资']]);
  });
});
