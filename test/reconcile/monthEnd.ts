import ExcelJS from 'exceljs';
import type { BankIn, VoucherIn } from './files';

/** Helpers of the month-end chain tests: statements with running balances, and what 余额调节表 infers. */

export const fen = (x: string | number): number => Math.round(Number(x) * 100);
export const OPENING = 1_000_000;

/** Statement rows in time order, each with the running balance from `opening`. */
export function statement(rows: Omit<BankIn, 'balance'>[], opening: number): BankIn[] {
  let bal = fen(opening);
  return [...rows]
    .sort((a, b) => `${a.date}T${a.time}`.localeCompare(`${b.date}T${b.time}`))
    .map((r) => ({ ...r, balance: ((bal += fen(r.amount)) / 100).toFixed(2) }));
}

/** 余额调节表's inferred book balance (B11), and its lines that list a row: [label, "file row（date）", note]. */
export async function balanceSheet(file: string): Promise<{ book: number; lines: [string, string, string][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  let book: unknown = null;
  const lines: [string, string, string][] = [];
  wb.getWorksheet('余额调节表')!.eachRow((r) => {
    const a = String(r.getCell(1).value ?? '');
    if (a === '按本表推算的账面余额') book = r.getCell(2).value;
    const at = r.getCell(4).value ?? r.getCell(6).value;
    if (at) lines.push([a, String(at), String(r.getCell(8).value ?? '')]);
  });
  return { book: fen(book as number), lines };
}

/** The true book balance at `end`: OPENING + every 银行存款 line up to that day. */
export const bookTo = (vs: readonly VoucherIn[], end: string): number => fen(OPENING) + vs.filter((v) => v.date! <= end).reduce((t, v) => t + fen(v.amount), 0);

/** A statement's closing balance (its last row's). */
export const close = (rows: readonly BankIn[]): number => Number(rows[rows.length - 1].balance);
/** Month p's one loan: 庚's ¥200,000 for 1-1-107 on the 10th, on the statement and booked the same day. */
export const credit = (p: string): [Omit<BankIn, 'balance'>, VoucherIn] => [
  { ref: `G${p}`, date: `${p}-10`, time: '10:00:00', amount: '200000', name: '庚', memo: '1-1-107按揭' },
  { voucher: `记-${p.slice(5)}0`, date: `${p}-10`, amount: '200000', customer: '庚', unit: '1-1-107' },
];
/** Month p's two bank fees, a 手续费 on the 20th and a 短信费 on the 28th, of amounts a and b. */
export const fees = (p: string, a: string, b: string): Omit<BankIn, 'balance'>[] => [
  { ref: `F${p}a`, date: `${p}-20`, time: '09:00:00', amount: a, memo: '手续费' },
  { ref: `F${p}b`, date: `${p}-28`, time: '09:00:00', amount: b, memo: '短信费' },
];
