import * as path from 'node:path';
import ExcelJS from 'exceljs';
import type { Reconciliation } from '../../domain/reconcile';
import type { JournalLine } from '../../domain/records';
import { writeReconcileWorkbook } from '../../pipeline/reconcile/workbook';
import { tempDir } from './files';

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
