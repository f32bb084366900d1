import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openItems, reconcile, type CarriedItem } from '../../domain/reconcile';
import type { JournalLine } from '../../domain/records';
import { loadPrevious } from '../../pipeline/reconcile/load';
import { config, journal } from './helpers';
import { booking, CCB, CCB_LEDGER, closeOf, fen, feeBooking, ICBC, ICBC_LEDGER, nextRow, onLedger, OPENING, statement, workbookOf } from './twoAccounts';

/**
 * Fees that cross the month's end on two accounts: ICBC charged ¥50 on 12-31, which finance books in
 * January; finance booked ¥50 of CCB's fee on 12-31, which CCB charges on 01-02. Together the two
 * sides agree in December (−50 each), but neither account does: each account's −50 is a timing item
 * of its own. 分户调节 signs each account against its own 科目, so each must infer that 科目's true
 * balance (opening + every line on it) in December and January, and 余额调节表 the sum.
 */


/** 分户调节's inferred book balance (column K) per account, in fen, and 余额调节表's (B11). */
function inferred(wb: ExcelJS.Workbook): { ICBC?: number; CCB?: number; combined?: number; unassigned: boolean } {
  const out: { ICBC?: number; CCB?: number; combined?: number; unassigned: boolean } = { unassigned: false };
  const ws = wb.getWorksheet('分户调节');
  expect(ws, '分户调节 is written').toBeTruthy();
  ws!.eachRow((r) => {
    const label = String(r.getCell(1).value ?? '');
    if (label === '未分户') out.unassigned = true;
    for (const b of ['ICBC', 'CCB'] as const) if (label.startsWith(`${b} `)) out[b] = fen(r.getCell(11).value as number);
  });
  wb.getWorksheet('余额调节表')!.eachRow((r) => {
    if (r.getCell(1).value === '按本表推算的账面余额') out.combined = fen(r.getCell(2).value as number);
  });
  return out;
}

describe('fees across the month end on two accounts, the two sides agreeing only in total', () => {
  const decBank = [
    ...statement(ICBC, [1, 2, 3, 4], '2026-12-10', OPENING.ICBC, 'icbc-12.csv', [{ date: '2026-12-31', amount: '-50', memo: '账户管理费' }]),
    ...statement(CCB, [11, 12, 13, 14], '2026-12-10', OPENING.CCB, 'ccb-12.csv'),
  ];
  const decBooks = [...[1, 2, 3, 4].map((u) => booking(u, ICBC_LEDGER, '2026-12-10', 'journal-12.csv')), ...[11, 12, 13, 14].map((u) => booking(u, CCB_LEDGER, '2026-12-10', 'journal-12.csv')), feeBooking(CCB_LEDGER, '2026-12-31', 'journal-12.csv', '50', '计提12月建行手续费')];
  const december = reconcile({ period: '2026-12', bank: decBank, finance: decBooks, rejected: [], config: config() });
  const icbcDec = closeOf(decBank.filter((b) => b.bank === 'ICBC'));
  const ccbDec = closeOf(decBank.filter((b) => b.bank === 'CCB'));
  const janBank = [
    ...statement(ICBC, [21, 22, 23, 24], '2027-01-10', icbcDec, 'icbc-01.csv'),
    ...statement(CCB, [31, 32, 33, 34], '2027-01-10', ccbDec, 'ccb-01.csv', [{ date: '2027-01-02', amount: '-50', memo: '账户管理费' }]),
  ];
  const janBooks = [...[21, 22, 23, 24].map((u) => booking(u, ICBC_LEDGER, '2027-01-10', 'journal-01.csv')), ...[31, 32, 33, 34].map((u) => booking(u, CCB_LEDGER, '2027-01-10', 'journal-01.csv')), feeBooking(ICBC_LEDGER, '2027-01-02', 'journal-01.csv', '50', '支付12月工行手续费')];
  const book = (...months: JournalLine[][]) => {
    const ICBC = fen(OPENING.ICBC) + months.reduce((t, m) => t + onLedger(m, ICBC_LEDGER), 0);
    const CCB = fen(OPENING.CCB) + months.reduce((t, m) => t + onLedger(m, CCB_LEDGER), 0);
    return { ICBC, CCB, combined: ICBC + CCB, unassigned: false };
  };

  it('December: each account’s −50 is carried as its own timing item, and 分户调节 ties per account', async () => {
    expect(openItems(december.engine).map((o) => [o.side, o.outcome, o.amount, o.ledger])).toEqual([
      ['bank', 'MISSING_IN_FINANCE', '-50.00', '1002.01'],
      ['finance', 'MISSING_IN_BANK', '-50.00', '1002.02'],
    ]);
    expect(inferred((await workbookOf(december)).wb)).toEqual(book(decBooks));
  });

  it('January: each account’s item closes against that account’s row, and 分户调节 infers each 科目’s true balance', async () => {
    const carried: CarriedItem[] = (await loadPrevious((await workbookOf(december)).file, '2027-01')).carried;
    const rec = reconcile({ period: '2027-01', bank: janBank, finance: janBooks, rejected: [], carried, config: config() });
    expect(openItems(rec.engine)).toEqual([]);
    expect(inferred((await workbookOf(rec)).wb)).toEqual(book(decBooks, janBooks));
  });

  it('January: both accounts’ December fees carried, booked on each 科目 on different days: each item closes against its own account’s booking, not the nearest in date', async () => {
    const bankDec = [
      ...statement(ICBC, [1, 2, 3, 4], '2026-12-10', OPENING.ICBC, 'icbc-12.csv', [{ date: '2026-12-31', amount: '-50', memo: '账户管理费' }]),
      ...statement(CCB, [11, 12, 13, 14], '2026-12-10', OPENING.CCB, 'ccb-12.csv', [{ date: '2026-12-31', amount: '-50', memo: '账户管理费' }]),
    ];
    const booksDec = decBooks.slice(0, 8);
    const dec = reconcile({ period: '2026-12', bank: bankDec, finance: booksDec, rejected: [], config: config() });
    expect(openItems(dec.engine).map((o) => [o.side, o.amount, o.ledger])).toEqual([
      ['bank', '-50.00', '1002.02'],
      ['bank', '-50.00', '1002.01'],
    ]);
    const carried = (await loadPrevious((await workbookOf(dec)).file, '2027-01')).carried;
    const bankJan = [...statement(ICBC, [21, 22, 23, 24], '2027-01-10', closeOf(bankDec.filter((b) => b.bank === 'ICBC')), 'icbc-01.csv'), ...statement(CCB, [31, 32, 33, 34], '2027-01-10', closeOf(bankDec.filter((b) => b.bank === 'CCB')), 'ccb-01.csv')];
    // The ICBC fee is booked first: the nearest booking in date to either December fee.
    const booksJan = [...janBooks.slice(0, 8), feeBooking(ICBC_LEDGER, '2027-01-02', 'journal-01.csv', '50', '支付12月工行手续费'), feeBooking(CCB_LEDGER, '2027-01-06', 'journal-01.csv', '50', '支付12月建行手续费')];
    const rec = reconcile({ period: '2027-01', bank: bankJan, finance: booksJan, rejected: [], carried, config: config() });
    expect(openItems(rec.engine)).toEqual([]);
    const closedBy = rec.engine.items.filter((it) => it.carried).map((it) => [it.bankCode, it.note?.kind === 'notMortgage' ? it.note.timing?.fin?.accountCode : null]);
    expect(closedBy.sort()).toEqual([
      ['CCB', '1002.02'],
      ['ICBC', '1002.01'],
    ]);
    expect(inferred((await workbookOf(rec)).wb)).toEqual(book(booksDec, booksJan));
  });
});

describe('interest booked on one account before the bank credits it, the other account credited and booked the same month', () => {
  const interest = (ledger: typeof ICBC_LEDGER, date: string, file: string, summary: string): JournalLine => {
    const row = nextRow();
    return journal({ ...ledger, file, row, date, debit: '37', credit: '0', unitKey: null, customer: null, summary, voucher: `记-${1000 + row}` });
  };
  // December: finance books CCB's interest of ¥37 on 12-31 on the CCB 科目; CCB credits it on 01-02.
  const decBank = [...statement(ICBC, [41, 42, 43, 44], '2026-12-10', OPENING.ICBC, 'icbc-12.csv'), ...statement(CCB, [51, 52, 53, 54], '2026-12-10', OPENING.CCB, 'ccb-12.csv')];
  const decBooks = [...[41, 42, 43, 44].map((u) => booking(u, ICBC_LEDGER, '2026-12-10', 'journal-12.csv')), ...[51, 52, 53, 54].map((u) => booking(u, CCB_LEDGER, '2026-12-10', 'journal-12.csv')), interest(CCB_LEDGER, '2026-12-31', 'journal-12.csv', '收建行结息')];
  // January: ICBC credits its own ¥37 of interest on 01-01 (booked 01-05 on the ICBC 科目), a day before CCB's.
  const janBank = [
    ...statement(ICBC, [61, 62, 63, 64], '2027-01-10', closeOf(decBank.filter((b) => b.bank === 'ICBC')), 'icbc-01.csv', [{ date: '2027-01-01', amount: '37', memo: '结息' }]),
    ...statement(CCB, [71, 72, 73, 74], '2027-01-10', closeOf(decBank.filter((b) => b.bank === 'CCB')), 'ccb-01.csv', [{ date: '2027-01-02', amount: '37', memo: '结息' }]),
  ];
  const janBooks = [...[61, 62, 63, 64].map((u) => booking(u, ICBC_LEDGER, '2027-01-10', 'journal-01.csv')), ...[71, 72, 73, 74].map((u) => booking(u, CCB_LEDGER, '2027-01-10', 'journal-01.csv')), interest(ICBC_LEDGER, '2027-01-05', 'journal-01.csv', '收工行结息')];

  it('January: the carried CCB booking closes against CCB’s credit, not ICBC’s a day nearer; nothing stays open and 分户调节 ties per account', async () => {
    const december = reconcile({ period: '2026-12', bank: decBank, finance: decBooks, rejected: [], config: config() });
    expect(openItems(december.engine).map((o) => [o.side, o.amount, o.ledger])).toEqual([['finance', '37.00', '1002.02']]);
    const carried = (await loadPrevious((await workbookOf(december)).file, '2027-01')).carried;
    const rec = reconcile({ period: '2027-01', bank: janBank, finance: janBooks, rejected: [], carried, config: config() });
    expect(openItems(rec.engine)).toEqual([]);
    const closedBy = rec.engine.items.filter((it) => it.carried).map((it) => (it.note?.kind === 'notMortgage' ? it.note.timing?.bankCode : null));
    expect(closedBy).toEqual(['CCB']);
    const ICBCBook = fen(OPENING.ICBC) + onLedger([...decBooks, ...janBooks], ICBC_LEDGER);
    const CCBBook = fen(OPENING.CCB) + onLedger([...decBooks, ...janBooks], CCB_LEDGER);
    expect(inferred((await workbookOf(rec)).wb)).toEqual({ ICBC: ICBCBook, CCB: CCBBook, combined: ICBCBook + CCBBook, unassigned: false });
  });
});
