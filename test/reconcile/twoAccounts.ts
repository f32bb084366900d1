import * as path from 'node:path';
import ExcelJS from 'exceljs';
import type { Reconciliation } from '../../domain/reconcile';
import type { BankTransaction, JournalLine } from '../../domain/records';
import { writeReconcileWorkbook } from '../../pipeline/reconcile/workbook';
import { tempDir } from './files';
import { bank, journal } from './helpers';

/**
 * Two 监管户 of the month-end chain tests that reconcile per account (分户调节): ICBC and CCB, each
 * with its own 银行存款 科目 and opening balance, and loan amounts distinct per unit.
 */
export const fen = (x: string | number): number => Math.round(Number(x) * 100);
export const amountOf = (u: number): number => 500_000 + u * 1000;

export const ICBC = { bank: 'ICBC', account: '1202000000000000128' };
export const CCB = { bank: 'CCB', account: '4400000000000000555' };
export const ICBC_LEDGER = { accountCode: '1002.01', accountName: '银行存款-工行监管户' };
export const CCB_LEDGER = { accountCode: '1002.02', accountName: '银行存款-建行监管户' };
export const OPENING = { ICBC: 1_000_000, CCB: 2_000_000 };

/** The lines' net (debit − credit) on one 科目, in fen: that 科目's true movement. */
export const onLedger = (lines: JournalLine[], ledger: typeof ICBC_LEDGER): number => lines.filter((l) => l.accountCode === ledger.accountCode).reduce((t, l) => t + fen(l.debit.minus(l.credit).toString()), 0);

/** The month's report workbook written and read back, as next month's --previous and a person see it. */
export async function workbookOf(rec: Reconciliation): Promise<{ file: string; wb: ExcelJS.Workbook }> {
  const file = path.join(await tempDir(), `report-${rec.engine.period}.xlsx`);
  await writeReconcileWorkbook(file, rec, {});
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return { file, wb };
}

let row = 1;
/** The next row number of the hand-made statements and journals (counted per test file: each has its own module). */
export const nextRow = (): number => ++row;

/** Statement rows of one account in date order with running balances from `opening`: loans of units and extra rows (fees, interest). */
export function statement(acct: typeof ICBC, units: number[], date: string, opening: number, file: string, extra: { date: string; amount: string; memo: string }[] = []): BankTransaction[] {
  let bal = fen(opening);
  const rows = [...units.map((u) => ({ date, amount: String(amountOf(u)), memo: `个人住房贷款放款 ${u}-1-101`, counterpartyName: `买家${u}`, reference: `R${date.replace(/-/g, '')}${u}` })), ...extra.map((e, i) => ({ ...e, counterpartyName: '', reference: `F${e.date.replace(/-/g, '')}${acct.bank}${i}` }))].sort((a, b) => a.date.localeCompare(b.date));
  return rows.map((r) => {
    bal += fen(r.amount);
    return bank({ ...acct, ...r, file, row: nextRow(), balance: (bal / 100).toFixed(2) });
  });
}

/** Unit u's loan booked on `ledger`. */
export function booking(u: number, ledger: typeof ICBC_LEDGER, date: string, file: string): JournalLine {
  const r = nextRow();
  return journal({ ...ledger, file, row: r, date, debit: String(amountOf(u)), unitKey: `${u}-1-101`, customer: `买家${u}`, summary: `收${u}-1-101买家${u}按揭款`, voucher: `记-${1000 + r}` });
}

/** A fee of `amount` paid from `ledger` (a credit to the 银行存款 科目). */
export function feeBooking(ledger: typeof ICBC_LEDGER, date: string, file: string, amount: string, summary: string): JournalLine {
  const r = nextRow();
  return journal({ ...ledger, file, row: r, date, debit: '0', credit: amount, unitKey: null, customer: null, summary, voucher: `记-${1000 + r}` });
}

/** A statement's closing balance (its last row's). */
export const closeOf = (rows: BankTransaction[]): number => Number(rows[rows.length - 1].balance!.toString());
