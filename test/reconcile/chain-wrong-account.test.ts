import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openItems, reconcile, rowResult, type CarriedItem } from '../../domain/reconcile';
import type { BankTransaction, JournalLine } from '../../domain/records';
import { loadPrevious } from '../../pipeline/reconcile/load';
import { bank, config, journal } from './helpers';
import { amountOf, CCB, CCB_LEDGER, fen, ICBC, ICBC_LEDGER, onLedger, OPENING, workbookOf } from './twoAccounts';

/**
 * WRONG_ACCOUNT across months: a credit to the ICBC 监管户 booked to the CCB 监管户's 科目 leaves each
 * account's books off by it (ICBC's 科目 short, CCB's over) until finance moves it. October's 分户调节
 * lists the pair; November's books still hold the misbooking (or its correction), so November's
 * 分户调节 must still account for it on each account, or both accounts' 未解释差额 are off by exactly
 * that amount. Each scenario knows each 科目's true book balance (opening + every line on that 科目)
 * and checks that 分户调节 infers it (column K) for each account; last month's report is carried in
 * through the workbook, as `--previous report.xlsx` does.
 */

let row = 1;
function credits(acct: typeof ICBC, units: number[], date: string, opening: number, file: string): BankTransaction[] {
  let bal = fen(opening);
  return units.map((u) => {
    bal += fen(amountOf(u));
    return bank({ ...acct, file, row: ++row, date, amount: String(amountOf(u)), balance: (bal / 100).toFixed(2), memo: `个人住房贷款放款 ${u}-1-101`, counterpartyName: `买家${u}`, reference: `R${date.replace(/-/g, '')}${u}` });
  });
}
function booking(u: number, ledger: typeof ICBC_LEDGER, date: string, file: string, over: Partial<{ debit: string; credit: string; summary: string; voucher: string; unitKey: string | null; customer: string | null }> = {}): JournalLine {
  row++;
  return journal({ ...ledger, file, row, date, debit: String(amountOf(u)), unitKey: `${u}-1-101`, customer: `买家${u}`, summary: `收${u}-1-101买家${u}按揭款`, voucher: `记-${1000 + row}`, ...over });
}


/** 分户调节's inferred book balance (column K) per account, in fen, by bank code; and whether a 未分户 line is there. */
function perAccount(wb: ExcelJS.Workbook): { ICBC?: number; CCB?: number; unassigned: boolean } {
  const ws = wb.getWorksheet('分户调节');
  expect(ws, '分户调节 is written').toBeTruthy();
  const out: { ICBC?: number; CCB?: number; unassigned: boolean } = { unassigned: false };
  ws!.eachRow((r) => {
    const label = String(r.getCell(1).value ?? '');
    if (label === '未分户') out.unassigned = true;
    for (const b of ['ICBC', 'CCB'] as const) if (label.startsWith(`${b} `)) out[b] = fen(r.getCell(11).value as number);
  });
  return out;
}

/** 余额调节表's inferred book balance (B11, both accounts together), in fen. */
function combined(wb: ExcelJS.Workbook): number {
  let v: unknown = null;
  wb.getWorksheet('余额调节表')!.eachRow((r) => {
    if (r.getCell(1).value === '按本表推算的账面余额') v = r.getCell(2).value;
  });
  return fen(v as number);
}

/** The texts of 余额调节表's section 二 (记账差错/待查) lines. */
function errorNotes(wb: ExcelJS.Workbook): string[] {
  const out: string[] = [];
  wb.getWorksheet('余额调节表')!.eachRow((r) => {
    if (r.getCell(1).value === '记账差错/待查') out.push(String(r.getCell(8).value ?? ''));
  });
  return out;
}

describe('WRONG_ACCOUNT carried into next month', () => {
  // October: four exact pairs on each account (so each account is linked to its 科目); unit 5's
  // credit reached ICBC but was booked, 记-0063, on the CCB 科目.
  const octBank = [...credits(ICBC, [1, 2, 3, 4, 5], '2026-10-12', OPENING.ICBC, 'icbc-10.csv'), ...credits(CCB, [11, 12, 13, 14], '2026-10-12', OPENING.CCB, 'ccb-10.csv')];
  const octBooks = [...[1, 2, 3, 4].map((u) => booking(u, ICBC_LEDGER, '2026-10-12', 'journal-10.csv')), booking(5, CCB_LEDGER, '2026-10-13', 'journal-10.csv', { voucher: '记-0063' }), ...[11, 12, 13, 14].map((u) => booking(u, CCB_LEDGER, '2026-10-12', 'journal-10.csv'))];
  const october = reconcile({ period: '2026-10', bank: octBank, finance: octBooks, rejected: [], config: config() });
  const octClose = { ICBC: OPENING.ICBC + [1, 2, 3, 4, 5].reduce((t, u) => t + amountOf(u), 0), CCB: OPENING.CCB + [11, 12, 13, 14].reduce((t, u) => t + amountOf(u), 0) };
  const book = (...months: JournalLine[][]) => ({ ICBC: fen(OPENING.ICBC) + months.reduce((t, m) => t + onLedger(m, ICBC_LEDGER), 0), CCB: fen(OPENING.CCB) + months.reduce((t, m) => t + onLedger(m, CCB_LEDGER), 0) });
  let octReport: string | null = null;
  const carried = async (): Promise<CarriedItem[]> => {
    octReport ??= (await workbookOf(october)).file;
    return (await loadPrevious(octReport, '2026-11')).carried;
  };

  // November: four more exact pairs on each account.
  const novBank = () => [...credits(ICBC, [21, 22, 23, 24], '2026-11-05', octClose.ICBC, 'icbc-11.csv'), ...credits(CCB, [31, 32, 33, 34], '2026-11-05', octClose.CCB, 'ccb-11.csv')];
  const novPairs = () => [...[21, 22, 23, 24].map((u) => booking(u, ICBC_LEDGER, '2026-11-05', 'journal-11.csv')), ...[31, 32, 33, 34].map((u) => booking(u, CCB_LEDGER, '2026-11-05', 'journal-11.csv'))];

  it('October: the pair is WRONG_ACCOUNT, 分户调节 infers each 科目’s balance, and the booking is carried with the 科目 it belongs on', async () => {
    const f = october.engine.items.find((it) => it.fin?.voucher === '记-0063')!;
    expect(rowResult(f, october.engine).outcome).toBe('WRONG_ACCOUNT');
    const { wb } = await workbookOf(october);
    expect(perAccount(wb)).toEqual({ ...book(octBooks), unassigned: false });
    expect(combined(wb)).toBe(book(octBooks).ICBC + book(octBooks).CCB);
    const open = openItems(october.engine);
    expect(open.map((o) => [o.side, o.outcome, o.amount, o.voucher, o.ledger, o.belongsTo])).toEqual([['finance', 'MISSING_IN_BANK', '505000.00', '记-0063', '1002.02', '1002.01']]);
    expect(open[0].text).toMatch(/^记错账户待更正/);
  });

  it('November, not corrected: the booking is listed again as 上期记错账户，尚未更正, the combined sheet is unchanged by it, and each account’s 科目 balance is inferred', async () => {
    const novBooks = novPairs();
    const rec = reconcile({ period: '2026-11', bank: novBank(), finance: novBooks, rejected: [], carried: await carried(), config: config() });
    const [c] = rec.engine.items.filter((it) => it.carried).map((it) => rowResult(it, rec.engine));
    expect(c.explanation.zh).toContain('上期(2026-10)记错账户，尚未更正');
    expect(c.explanation.en).toContain('booked to the wrong account');
    expect(openItems(rec.engine).map((o) => [o.outcome, o.amount, o.period, o.ledger, o.belongsTo])).toEqual([['MISSING_IN_BANK', '505000.00', '2026-10', '1002.02', '1002.01']]);
    const { wb } = await workbookOf(rec);
    expect(perAccount(wb)).toEqual({ ...book(octBooks, novBooks), unassigned: false });
    expect(combined(wb)).toBe(book(octBooks, novBooks).ICBC + book(octBooks, novBooks).CCB);
    expect(errorNotes(wb).some((n) => n.includes('上期(2026-10)记错账户，尚未更正'))).toBe(true);
    // Nothing else this month is a problem.
    expect(rec.engine.items.filter((it) => !it.carried).every((it) => rowResult(it, rec.engine).outcome === 'MATCHED')).toBe(true);
  });

  it('November, corrected by one transfer voucher (+ on the ICBC 科目, − on the CCB 科目): the two lines close it, neither is MISSING_IN_BANK or an unexplained debit, and everything ties', async () => {
    const fix = [
      booking(5, ICBC_LEDGER, '2026-11-08', 'journal-11.csv', { summary: '调整10月记-0063科目', voucher: '记-0012', unitKey: null, customer: null }),
      booking(5, CCB_LEDGER, '2026-11-08', 'journal-11.csv', { debit: '0', credit: String(amountOf(5)), summary: '调整10月记-0063科目', voucher: '记-0012', unitKey: null, customer: null }),
    ];
    const novBooks = [...novPairs(), ...fix];
    const rec = reconcile({ period: '2026-11', bank: novBank(), finance: novBooks, rejected: [], carried: await carried(), config: config() });
    const rows = rec.engine.items.filter((it) => it.carried || it.fin?.voucher === '记-0012').map((it) => rowResult(it, rec.engine));
    expect(rows.map((r) => r.outcome)).toEqual(['REVERSED', 'REVERSED', 'REVERSED']);
    expect(rows[1].explanation.zh).toContain('更正');
    expect(openItems(rec.engine)).toEqual([]);
    const { wb } = await workbookOf(rec);
    expect(perAccount(wb)).toEqual({ ...book(octBooks, novBooks), unassigned: false });
    expect(combined(wb)).toBe(book(octBooks, novBooks).ICBC + book(octBooks, novBooks).CCB);
    expect(errorNotes(wb)).toEqual([]);
  });

  it('November, corrected by one transfer voucher whose two lines spell its 凭证字号 differently (记-0012, 记-12), one line naming the booking: they close it; lines of 记-120 are another voucher and do not', async () => {
    const fix = (minusVoucher: string) => [
      booking(5, ICBC_LEDGER, '2026-11-08', 'journal-11.csv', { summary: '调整10月记-0063科目', voucher: '记-0012', unitKey: null, customer: null }),
      booking(5, CCB_LEDGER, '2026-11-08', 'journal-11.csv', { debit: '0', credit: String(amountOf(5)), summary: '科目调整', voucher: minusVoucher, unitKey: null, customer: null }),
    ];
    for (const spelling of ['记-12', '记字第12号', '记－００１２']) {
      const novBooks = [...novPairs(), ...fix(spelling)];
      const rec = reconcile({ period: '2026-11', bank: novBank(), finance: novBooks, rejected: [], carried: await carried(), config: config() });
      const rows = rec.engine.items.filter((it) => it.carried || it.fin?.voucher === '记-0012' || it.fin?.voucher === spelling).map((it) => rowResult(it, rec.engine));
      expect(rows.map((r) => r.outcome), spelling).toEqual(['REVERSED', 'REVERSED', 'REVERSED']);
      expect(openItems(rec.engine), spelling).toEqual([]);
      const { wb } = await workbookOf(rec);
      expect(perAccount(wb), spelling).toEqual({ ...book(octBooks, novBooks), unassigned: false });
    }
    // 记-120's line quotes nothing and names no unit: with 记-0012 it is no one voucher that names the booking.
    const rec = reconcile({ period: '2026-11', bank: novBank(), finance: [...novPairs(), ...fix('记-120')], rejected: [], carried: await carried(), config: config() });
    expect(openItems(rec.engine).filter((o) => o.voucher === '记-0063').map((o) => [o.outcome, o.amount, o.belongsTo])).toEqual([['MISSING_IN_BANK', '505000.00', '1002.01']]);
  });

  it('November, corrected by a 冲销 and a booking in two vouchers, each quoting 记-0063: they close it too', async () => {
    const fix = [
      booking(5, CCB_LEDGER, '2026-11-08', 'journal-11.csv', { debit: '0', credit: String(amountOf(5)), summary: '冲销10月记-0063（记错科目）', voucher: '记-0012' }),
      booking(5, ICBC_LEDGER, '2026-11-09', 'journal-11.csv', { summary: '更正10月记-0063，改记工行监管户', voucher: '记-0015' }),
    ];
    const novBooks = [...novPairs(), ...fix];
    const rec = reconcile({ period: '2026-11', bank: novBank(), finance: novBooks, rejected: [], carried: await carried(), config: config() });
    expect(openItems(rec.engine)).toEqual([]);
    const { wb } = await workbookOf(rec);
    expect(perAccount(wb)).toEqual({ ...book(octBooks, novBooks), unassigned: false });
    expect(combined(wb)).toBe(book(octBooks, novBooks).ICBC + book(octBooks, novBooks).CCB);
    expect(rec.engine.items.filter((it) => !it.carried && it.unit === '5-1-101').map((it) => rowResult(it, rec.engine).outcome)).toEqual(['REVERSED', 'REVERSED']);
  });

  it('November, a journal export that starts in October holds the booking again: the same line, not a booking with no credit', async () => {
    const again = octBooks[4];
    const novBooks = novPairs();
    const reexport = booking(5, CCB_LEDGER, again.date, 'journal-11.csv', { summary: again.summary, voucher: again.voucher });
    const rec = reconcile({ period: '2026-11', bank: novBank(), finance: [reexport, ...novBooks], rejected: [], carried: await carried(), config: config() });
    expect(openItems(rec.engine).map((o) => [o.outcome, o.amount, o.voucher, o.period, o.belongsTo])).toEqual([['MISSING_IN_BANK', '505000.00', '记-0063', '2026-10', '1002.01']]);
    const { wb } = await workbookOf(rec);
    expect(perAccount(wb)).toEqual({ ...book(octBooks, novBooks), unassigned: false });
    expect(combined(wb)).toBe(book(octBooks, novBooks).ICBC + book(octBooks, novBooks).CCB);
  });

  it('November, an own-account transfer of the same amount that names no unit and quotes nothing is not taken for the correction', async () => {
    const transfer = [
      booking(5, ICBC_LEDGER, '2026-11-08', 'journal-11.csv', { summary: '资金调拨', voucher: '记-0020', unitKey: null, customer: null }),
      booking(5, CCB_LEDGER, '2026-11-08', 'journal-11.csv', { debit: '0', credit: String(amountOf(5)), summary: '资金调拨', voucher: '记-0020', unitKey: null, customer: null }),
    ];
    const rec = reconcile({ period: '2026-11', bank: novBank(), finance: [...novPairs(), ...transfer], rejected: [], carried: await carried(), config: config() });
    expect(openItems(rec.engine).map((o) => [o.amount, o.belongsTo])).toContainEqual(['505000.00', '1002.01']);
  });
});
