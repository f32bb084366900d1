import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { reconcile, seenRows } from '../../domain/reconcile';
import { writeReconcileJson } from '../../pipeline/reconcile/json';
import { loadPrevious } from '../../pipeline/reconcile/load';
import { writeReconcileWorkbook } from '../../pipeline/reconcile/workbook';
import { scenario, tempDir, type BankIn, type VoucherIn } from './files';
import { bank, config, journal } from './helpers';
import { OPENING, balanceSheet, bookTo, fen, statement } from './monthEnd';

/**
 * November is reconciled on 11-30 with its journal as it stood then. On 12-02 finance posts 记-5, dated
 * 11-30, for 辛's ¥50,000 loan (1-1-109), which the bank credits only on 01-05. December's journal
 * export runs from 11-25: it repeats November's 记-2 of 11-28 (reconciled in November) and holds 记-5,
 * which November's report never read. Taken as reconciled last month because of its date, 记-5 was in
 * no balance and no open item: December's 余额调节表 inferred a book balance ¥50,000 below the books, and
 * January's credit for it was 银行已收企业未收 with no booking to close it, month after month.
 */
const A: Omit<BankIn, 'balance'> = { ref: 'A1110', date: '2026-11-10', time: '10:00:00', amount: '200000', name: '甲', memo: '1-1-101按揭' };
const B: Omit<BankIn, 'balance'> = { ref: 'B1128', date: '2026-11-28', time: '10:00:00', amount: '300000', name: '乙', memo: '1-1-102按揭' };
const D: Omit<BankIn, 'balance'> = { ref: 'D1210', date: '2026-12-10', time: '10:00:00', amount: '200000', name: '丙', memo: '1-1-103按揭' };
const C: Omit<BankIn, 'balance'> = { ref: 'C0105', date: '2027-01-05', time: '10:00:00', amount: '50000', name: '辛', memo: '1-1-109按揭' };
const E: Omit<BankIn, 'balance'> = { ref: 'E0110', date: '2027-01-10', time: '10:00:00', amount: '100000', name: '丁', memo: '1-1-104按揭' };
const books: Record<string, VoucherIn> = {
  A: { voucher: '记-1', date: '2026-11-10', amount: '200000', customer: '甲', unit: '1-1-101' },
  B: { voucher: '记-2', date: '2026-11-28', amount: '300000', customer: '乙', unit: '1-1-102' },
  C: { voucher: '记-5', date: '2026-11-30', amount: '50000', customer: '辛', unit: '1-1-109' },
  D: { voucher: '记-3', date: '2026-12-10', amount: '200000', customer: '丙', unit: '1-1-103' },
  E: { voucher: '记-4', date: '2027-01-10', amount: '100000', customer: '丁', unit: '1-1-104' },
};

describe('a voucher dated last month that last month’s report never read', () => {
  it('is reconciled in December (open, 企业已收银行未收) and closed in January by its credit, with --previous as workbook or JSON', async () => {
    const dir = await tempDir();
    const nov = statement([A, B], OPENING);
    const s11 = await scenario({ dir: path.join(dir, '2026-11'), period: '2026-11', bank: nov, finance: [books.A, books.B] });
    expect(s11.json.open).toEqual([]);
    const dec = statement([D], OPENING + 500_000);
    for (const previous of [s11.out, s11.jsonPath]) {
      const kind = path.extname(previous);
      // December's journal from 11-25: 记-2 again, 记-5 posted after November's run, 记-3.
      const s12 = await scenario({ dir: path.join(dir, `2026-12${kind}`), period: '2026-12', bank: dec, finance: [books.B, books.C, books.D], args: ['--previous', previous] });
      // 记-5 is open: booked, not yet credited. 记-2, reconciled in November, is not.
      expect(s12.json.open.map((o) => [o.side, o.date, o.amount, o.outcome]), kind).toEqual([['finance', '2026-11-30', '50000.00', 'MISSING_IN_BANK']]);
      const v = s12.fin('记-5');
      expect(v.flags, kind).toEqual(['OUT_OF_PERIOD', 'MISSING_IN_BANK']);
      expect(v.explanation.zh, kind).toContain('上期报告未读到此行');
      expect(v.explanation.zh, kind).toContain('上期对账后才录入、日期记在上期的凭证');
      expect(v.explanation.zh, kind).toContain('银行未到账');
      expect(s12.fin('记-2').flags, kind).toEqual(['OUT_OF_PERIOD']);
      // Statement 1,700,000 (1,000,000 + A + B + D); books 1,750,000 (记-5 too): 记-5 is 企业已收银行未收.
      const { book, lines } = await balanceSheet(s12.out);
      expect(book, kind).toBe(fen(1_750_000));
      expect(book, kind).toBe(bookTo([books.A, books.B, books.C, books.D], '2026-12-31'));
      expect(lines.find(([, at]) => at.includes('（2026-11-30）'))?.[0], kind).toBe('企业已收银行未收');
      if (kind !== '.xlsx') continue;
      // January: the bank credits 辛's loan; it closes the carried booking and nothing stays open.
      const jan = statement([C, E], 1_700_000);
      const s01 = await scenario({ dir: path.join(dir, '2027-01'), period: '2027-01', bank: jan, finance: [books.E], args: ['--previous', s12.out] });
      expect(s01.json.open).toEqual([]);
      expect(s01.bank('C0105').outcome).toBe('MATCHED');
      // Statement and books both 1,850,000 (A + B + 记-5 + D + E on 1,000,000).
      const { book: janBook } = await balanceSheet(s01.out);
      expect(janBook).toBe(fen(1_850_000));
      expect(janBook).toBe(bookTo([books.A, books.B, books.C, books.D, books.E], '2027-01-31'));
    }
  });

  it('a booking entered a third time after the run, dated last month, is a further duplicate of the one carried as 重复入账待冲销, not 企业已收银行未收', async () => {
    // November: 甲's ¥200,000 credit of 11-20, booked 记-6 and again 记-7 (carried as 重复入账待冲销).
    // On 12-02 a clerk enters it a third time, 记-9 dated 11-30. December's journal from 11-25 holds 记-7 again and 记-9.
    const credit: Omit<BankIn, 'balance'> = { ref: 'A1120', date: '2026-11-20', time: '10:00:00', amount: '200000', name: '甲', memo: '1-1-101按揭' };
    const v6: VoucherIn = { voucher: '记-6', date: '2026-11-20', amount: '200000', customer: '甲', unit: '1-1-101' };
    const v7: VoucherIn = { ...v6, voucher: '记-7', date: '2026-11-25' };
    const v9: VoucherIn = { ...v6, voucher: '记-9', date: '2026-11-30' };
    const dir = await tempDir();
    const s11 = await scenario({ dir: path.join(dir, '2026-11'), period: '2026-11', bank: statement([credit], OPENING), finance: [v6, v7] });
    expect(s11.json.open.map((o) => [o.date, o.text])).toEqual([['2026-11-25', '重复入账待冲销 booked twice: 收1-1-101甲按揭款']]);
    const s12 = await scenario({ dir: path.join(dir, '2026-12'), period: '2026-12', bank: statement([D], OPENING + 200_000), finance: [v7, v9, books.D], args: ['--previous', s11.out] });
    expect(s12.fin('记-9').flags).toEqual(['DUPLICATE_FINANCE', 'OUT_OF_PERIOD']);
    // Both surplus entries stay open until reversed.
    expect(s12.json.open.map((o) => [o.date, o.amount, o.text])).toEqual([
      ['2026-11-25', '200000.00', '重复入账待冲销 booked twice: 收1-1-101甲按揭款'],
      ['2026-11-30', '200000.00', '重复入账待冲销 booked twice: 收1-1-101甲按揭款'],
    ]);
    // Statement 1,400,000 (1,000,000 + 200,000 + D's 200,000); books 1,800,000 (three entries of 200,000 and D).
    const { book, lines } = await balanceSheet(s12.out);
    expect(book).toBe(fen(1_800_000));
    expect(book).toBe(bookTo([v6, v7, v9, books.D], '2026-12-31'));
    expect(lines.find(([, at]) => at.includes('（2026-11-30）'))?.[0]).toBe('记账差错/待查');
  });

  it('a report that records its statement rows but not its journal lines (written before they were) leaves such a voucher taken as reconciled last month, as before', async () => {
    const dir = await tempDir();
    const s11 = await scenario({ dir: path.join(dir, '2026-11'), period: '2026-11', bank: statement([A, B], OPENING), finance: [books.A, books.B] });
    const doc = JSON.parse(await fs.readFile(s11.jsonPath, 'utf8')) as Record<string, unknown>;
    expect(doc.seenFinance).toHaveLength(2);
    delete doc.seenFinance;
    const older = path.join(dir, 'nov-older.json');
    await fs.writeFile(older, JSON.stringify(doc));
    const s12 = await scenario({ dir: path.join(dir, '2026-12'), period: '2026-12', bank: statement([D], OPENING + 500_000), finance: [books.B, books.C, books.D], args: ['--previous', older] });
    expect(s12.json.open).toEqual([]);
    expect(s12.fin('记-5').flags).toEqual(['OUT_OF_PERIOD']);
  });

  it('_anjie_open records the journal lines after the statement rows and an empty cell: a reader of seen/1 alone still reads the statement rows, and JSON and workbook agree', async () => {
    const dir = await tempDir();
    // 3,000 credits and their bookings: each record spans two cells (30,000 characters a cell; a hash is up to 11).
    const n = 3000;
    const bankTx = Array.from({ length: n }, (_, k) => bank({ row: k + 2, date: `2026-11-${String(1 + (k % 28)).padStart(2, '0')}`, reference: `R${k}`, amount: String(1000 + k), memo: `${k + 1}-1-101按揭` }));
    const finance = Array.from({ length: n }, (_, k) => journal({ row: k + 2, date: `2026-11-${String(1 + (k % 28)).padStart(2, '0')}`, voucher: `记-${k + 1}`, debit: String(1000 + k), unitKey: `${k + 1}-1-101` }));
    const rec = reconcile({ period: '2026-11', bank: bankTx, finance, rejected: [], config: config() });
    const jsonPath = path.join(dir, 'nov.json');
    const xlsx = path.join(dir, 'nov.xlsx');
    await writeReconcileJson(jsonPath, rec, {});
    await writeReconcileWorkbook(xlsx, rec, {});
    const doc = JSON.parse(await fs.readFile(jsonPath, 'utf8')) as { seen: string[]; seenFinance: string[] };
    // Every row read once, each a different row.
    expect(doc.seen).toHaveLength(n);
    expect(doc.seenFinance).toHaveLength(n);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const row = wb.getWorksheet('_anjie_open')!.getRow(1);
    const text = (col: number) => String(row.getCell(col).value ?? '');
    const upToEmpty = (from: number): { ids: string[]; next: number; cells: number } => {
      const ids: string[] = [];
      let col = from;
      for (; text(col); col++) ids.push(...text(col).split(' '));
      return { ids, next: col, cells: col - from };
    };
    expect(text(5)).toBe('seen/1');
    const statementRows = upToEmpty(6);
    expect(statementRows.cells).toBeGreaterThan(1);
    expect(statementRows.ids).toEqual(doc.seen);
    expect(text(statementRows.next + 1)).toBe('seenFinance/1');
    const journalLines = upToEmpty(statementRows.next + 2);
    expect(journalLines.cells).toBeGreaterThan(1);
    expect(journalLines.ids).toEqual(doc.seenFinance);
    for (const file of [xlsx, jsonPath]) {
      const prev = await loadPrevious(file, '2026-12');
      expect(prev.seen, file).toEqual(new Set(doc.seen));
      expect(prev.seenFinance, file).toEqual(new Set(doc.seenFinance));
    }
  });
});

/**
 * Finance's system renumbers or re-exports its 凭证字号 in another spelling between two runs (Kingdee's
 * 记-0002 in November's export, 记-2, 记字第2号, full-width 记－０００２ or 记 2 in December's): the line is
 * the one November's report read, not a voucher posted after that run.
 */
describe('a journal line exported again with its 凭证字号 spelt differently', () => {
  const padded = { A: { ...books.A, voucher: '记-0001' }, B: { ...books.B, voucher: '记-0002' } };

  it('is still the line last month’s report read: not reconciled again in December; a voucher of another word or number is', async () => {
    const dir = await tempDir();
    const s11 = await scenario({ dir: path.join(dir, '2026-11'), period: '2026-11', bank: statement([A, B], OPENING), finance: [padded.A, padded.B] });
    expect(s11.json.open).toEqual([]);
    // 收-2 and 记-20, same date, amount and account as 记-2 but for other units, are other vouchers: posted after November's run.
    const other = (voucher: string, unit: string, customer: string): VoucherIn => ({ ...books.B, voucher, unit, customer });
    for (const spelling of ['记-2', '记字第2号', '记－０００２', '记 2', ' 记-002 ']) {
      const s12 = await scenario({ dir: path.join(dir, `2026-12-${spelling.trim()}`), period: '2026-12', bank: statement([D], OPENING + 500_000), finance: [{ ...books.B, voucher: spelling }, books.C, other('收-2', '1-1-110', '壬'), other('记-20', '1-1-111', '癸'), books.D], args: ['--previous', s11.out] });
      expect(s12.fin(spelling.trim()).flags, spelling).toEqual(['OUT_OF_PERIOD']);
      // Open: 记-5 (¥50,000, 11-30) and the two other vouchers of ¥300,000 (11-28), booked and not credited; not 记-2.
      expect(s12.json.open.map((o) => [o.date, o.amount, o.outcome]).sort(), spelling).toEqual([
        ['2026-11-28', '300000.00', 'MISSING_IN_BANK'],
        ['2026-11-28', '300000.00', 'MISSING_IN_BANK'],
        ['2026-11-30', '50000.00', 'MISSING_IN_BANK'],
      ]);
      expect(s12.fin('收-2').flags, spelling).toEqual(['OUT_OF_PERIOD', 'MISSING_IN_BANK']);
      expect(s12.fin('记-20').flags, spelling).toEqual(['OUT_OF_PERIOD', 'MISSING_IN_BANK']);
    }
  });

  it('the record names a voucher by its word and number: 记-5, 记-0005, 记字第5号, 记 5 are one voucher; 收-5 and 记-50 are others', () => {
    const idOf = (voucher: string) => {
      const rec = reconcile({ period: '2026-11', bank: [], finance: [journal({ row: 2, date: '2026-11-30', voucher, debit: '50000' })], rejected: [], config: config() });
      return seenRows(rec.engine, 'finance')[0];
    };
    const five = idOf('记-5');
    for (const same of ['记-0005', '记字第5号', '记 5', '记５', '记－0005', '记_5']) expect(idOf(same), same).toBe(five);
    for (const other of ['收-5', '记-50', '记-0050', '记-15', '付字第5号']) expect(idOf(other), other).not.toBe(five);
    expect(idOf('记-50')).toBe(idOf('记-0050'));
  });

  it('a report written before the record spelt vouchers this way still knows its lines when their spelling did not change', async () => {
    // Written by anjie before this change, on November's journal of 记-0001 (A) and 记-0002 (B): its record hashes 记-0002 as exported.
    const fixtures = path.join(__dirname, '../fixtures/reconcile');
    for (const previous of ['nov-before-voucher-spelling.xlsx', 'nov-before-voucher-spelling.json']) {
      const dir = await tempDir();
      const s12 = await scenario({ dir, period: '2026-12', bank: statement([D], OPENING + 500_000), finance: [padded.B, books.C, books.D], args: ['--previous', path.join(fixtures, previous)] });
      expect(s12.fin('记-0002').flags, previous).toEqual(['OUT_OF_PERIOD']);
      expect(s12.json.open.map((o) => [o.date, o.amount, o.outcome]), previous).toEqual([['2026-11-30', '50000.00', 'MISSING_IN_BANK']]);
    }
  });
});
