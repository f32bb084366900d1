import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { scenario, tempDir, type BankIn, type Scenario, type VoucherIn } from './files';

/**
 * A chain of month-end runs across the year's end (2026-12 → 2027-01 → 2027-02), as finance runs it:
 * each month's report is the next month's --previous, after people typed notes on it and re-saved it.
 * Each 余额调节表 must infer the true book balance (opening + every 银行存款 line up to the month's end).
 */
const fen = (x: string | number): number => Math.round(Number(x) * 100);
const OPENING = 1_000_000;

/** Statement rows in time order, each with the running balance (from OPENING). */
function statement(rows: Omit<BankIn, 'balance'>[], opening: number): BankIn[] {
  let bal = fen(opening);
  return [...rows]
    .sort((a, b) => `${a.date}T${a.time}`.localeCompare(`${b.date}T${b.time}`))
    .map((r) => ({ ...r, balance: ((bal += fen(r.amount)) / 100).toFixed(2) }));
}

/** 余额调节表's inferred book balance (B11), and its lines that list a row: [label, "file row（date）", note]. */
async function balanceSheet(file: string): Promise<{ book: number; lines: [string, string, string][] }> {
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

const bookTo = (vs: readonly VoucherIn[], end: string): number => fen(OPENING) + vs.filter((v) => v.date! <= end).reduce((t, v) => t + fen(v.amount), 0);

// December: K1 credited and booked on 12-29, interest on 12-30 on both sides; D1 credited 12-31 at
// 23:10, booked 01-04 (across the year's end, late).
const DEC_BANK = statement(
  [
    { ref: 'K1', date: '2026-12-29', time: '10:00:00', amount: '80000', name: '癸', memo: '1-1-109按揭' },
    { ref: 'I1', date: '2026-12-30', time: '10:00:00', amount: '1234.56', memo: '结息' },
    { ref: 'D1', date: '2026-12-31', time: '23:10:00', amount: '700000', name: '丁', memo: '1-1-104按揭' },
  ],
  OPENING,
);
const DEC_FIN: VoucherIn[] = [
  { voucher: '记-3', date: '2026-12-29', amount: '80000', customer: '癸', unit: '1-1-109' },
  { voucher: '记-4', date: '2026-12-30', amount: '1234.56', summary: '利息收入' },
];
const JAN_FIN: VoucherIn[] = [{ voucher: '记-1', date: '2027-01-04', amount: '700000', customer: '丁', unit: '1-1-104' }];

async function december(dir: string): Promise<Scenario> {
  return scenario({ dir: path.join(dir, '12'), period: '2026-12', bank: DEC_BANK, finance: DEC_FIN });
}

describe('a January statement that starts in December (exported from 12-28)', () => {
  it('repeats rows December reconciled: 余额调节表 leaves them out (不计入), not 银行已收企业未收, and still infers the true book balance', async () => {
    const dir = await tempDir();
    const dec = await december(dir);
    expect((await balanceSheet(dec.out)).book).toBe(bookTo(DEC_FIN, '2026-12-31'));
    const close = Number(DEC_BANK[DEC_BANK.length - 1].balance);
    const janBank = [...DEC_BANK, ...statement([{ ref: 'G1', date: '2027-01-20', time: '10:00:00', amount: '200000', name: '庚', memo: '1-1-107按揭' }], close)];
    const janFin = [...JAN_FIN, { voucher: '记-2', date: '2027-01-20', amount: '200000', customer: '庚', unit: '1-1-107' }];
    const jan = await scenario({ dir: path.join(dir, '01'), period: '2027-01', bank: janBank, finance: janFin, args: ['--previous', dec.out] });
    // D1 (carried from December, exported again) closes against its 01-04 booking, late across the year's end.
    expect(jan.json.open).toEqual([]);
    const { book, lines } = await balanceSheet(jan.out);
    expect(book).toBe(bookTo([...DEC_FIN, ...janFin], '2027-01-31'));
    for (const ref of ['K1', 'I1']) {
      const line = lines.find(([, at]) => at.startsWith(`工行.csv ${jan.bank(ref).row}（`))!;
      expect(line[0], ref).toBe('不计入');
      expect(line[2], ref).toContain('已在上期对账');
    }
    // Without --previous nothing says December reconciled them: the sheet lists them as before.
    const first = await scenario({ dir: path.join(dir, '01-first'), period: '2027-01', bank: janBank, finance: janFin });
    expect((await balanceSheet(first.out)).lines.find(([, at]) => at.startsWith(`工行.csv ${first.bank('K1').row}（`))![0]).toBe('银行已收企业未收');
  });

  it('so does a journal export that starts in December: last month’s bookings are in the book balance already', async () => {
    const dir = await tempDir();
    const dec = await december(dir);
    const close = Number(DEC_BANK[DEC_BANK.length - 1].balance);
    const janBank = [DEC_BANK[2], ...statement([{ ref: 'G1', date: '2027-01-20', time: '10:00:00', amount: '200000', name: '庚', memo: '1-1-107按揭' }], close)];
    const janFin = [...JAN_FIN, { voucher: '记-2', date: '2027-01-20', amount: '200000', customer: '庚', unit: '1-1-107' }];
    const jan = await scenario({ dir: path.join(dir, '01'), period: '2027-01', bank: janBank, finance: [...DEC_FIN, ...janFin], args: ['--previous', dec.out] });
    expect(jan.json.open).toEqual([]);
    const { book, lines } = await balanceSheet(jan.out);
    expect(book).toBe(bookTo([...DEC_FIN, ...janFin], '2027-01-31'));
    expect(lines.filter(([, , note]) => note.includes('已在上期对账')).map(([kind, at]) => [kind, at.replace(/ .*/, '')])).toEqual([
      ['不计入', '序时账.xlsx'],
      ['不计入', '序时账.xlsx'],
    ]);
  });
});
