import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { convertWithLibreOffice } from '../../pipeline/read/sources';
import { scenario, tempDir, type BankIn, type Scenario, type VoucherIn } from './files';
import { OPENING, balanceSheet, bookTo, statement } from './monthEnd';

/**
 * A chain of month-end runs across the year's end (2026-12 → 2027-01 → 2027-02), as finance runs it:
 * each month's report is the next month's --previous, after people typed notes on it and re-saved it.
 * Each 余额调节表 must infer the true book balance (opening + every 银行存款 line up to the month's end).
 */

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

describe('last month’s open credit without 流水号, exported again in this month’s statement', () => {
  it('is the carried credit again (DUPLICATE_BANK), not a second credit: it closes once against its booking, and nothing stays open twice', async () => {
    const dir = await tempDir();
    // Some exports (and CSVs a person put together) give no 流水号.
    const d1 = { ref: '', date: '2026-12-31', time: '23:10:00', amount: '700000', name: '丁', memo: '1-1-104按揭' };
    const [decRow] = statement([d1], OPENING);
    const dec = await scenario({ dir: path.join(dir, '12'), period: '2026-12', bank: [decRow], finance: [] });
    expect(dec.json.open.map((o) => [o.outcome, o.amount])).toEqual([['MISSING_IN_FINANCE', '700000.00']]);
    // This month's file sorts after the carried "2026-12/工行.csv", or before it ("0工行.csv": it then stands in for it).
    for (const file of ['工行.csv', '0工行.csv']) {
      const janBank = [decRow, ...statement([{ ref: '', date: '2027-01-20', time: '10:00:00', amount: '200000', name: '庚', memo: '1-1-107按揭' }], Number(decRow.balance))];
      const janFin = [...JAN_FIN, { voucher: '记-2', date: '2027-01-20', amount: '200000', customer: '庚', unit: '1-1-107' }];
      const jan = await scenario({ dir: path.join(dir, file), period: '2027-01', bank: { [file]: janBank }, finance: janFin, args: ['--previous', dec.out] });
      // The carried row and its repeat (this month's first row): one is set aside, the other pairs with 记-1, late.
      const first = dec.json.open[0].row;
      const d1Rows = jan.json.rows.filter((r) => r.side === 'bank' && r.row === first && [file, '2026-12/工行.csv'].includes(r.file));
      expect(d1Rows.map((r) => (r.outcome === 'DUPLICATE_BANK' ? 'DUPLICATE_BANK' : [r.counterparts.map((c) => c.row), r.flags.includes('LATE_BOOKING')])).sort(), file).toEqual([[[jan.fin('记-1').row], true], 'DUPLICATE_BANK']);
      expect(jan.json.rows.filter((r) => r.flags.includes('AMBIGUOUS')), file).toEqual([]);
      expect(jan.json.open, file).toEqual([]);
      expect((await balanceSheet(jan.out)).book, file).toBe(bookTo(janFin, '2027-01-31'));
    }
  });
});

/** Types notes on a report's 差异 (by the line's 流水号 or 凭证号) or 按户 (by 房号), and saves it as `out`. */
async function typeNotes(file: string, out: string, sheet: '差异' | '按户', notes: Record<string, [string, string]>): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet)!;
  const heads = (ws.getRow(1).values as ExcelJS.CellValue[]).map((v) => String(v ?? ''));
  const col = (h: string) => heads.indexOf(h);
  ws.eachRow((r, n) => {
    const key = sheet === '按户' ? r.getCell(col('房号')).value : (r.getCell(col('流水号')).value ?? r.getCell(col('凭证号')).value);
    const note = n > 1 ? notes[String(key)] : undefined;
    if (note) [r.getCell(col('处理人')).value, r.getCell(col('处理结果')).value] = note;
  });
  await wb.xlsx.writeFile(out);
}

/** The report as LibreOffice saves it (people open it there, type, and save). */
async function libreOfficeSave(file: string): Promise<string> {
  return (await convertWithLibreOffice(file)).xlsx;
}

async function noteOf(file: string, sheet: '差异' | '已匹配' | '按户', key: string): Promise<[unknown, unknown]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet)!;
  const heads = (ws.getRow(1).values as ExcelJS.CellValue[]).map((v) => String(v ?? ''));
  const col = (h: string) => heads.indexOf(h);
  const by = sheet === '已匹配' ? ['上期处理人', '上期处理结果'] : ['处理人', '处理结果'];
  for (let n = 2; n <= ws.rowCount; n++) {
    const r = ws.getRow(n);
    if ([r.getCell(col(sheet === '按户' ? '房号' : '流水号')).value, sheet === '按户' ? null : r.getCell(col('凭证号')).value].includes(key)) return [r.getCell(col(by[0])).value, r.getCell(col(by[1])).value];
  }
  throw new Error(`no ${sheet} line ${key}`);
}

describe('November → December → January → February, each report re-saved in LibreOffice with notes typed', () => {
  it('a credit of 12-31 booked 01-04 is one late pair, notes keep their month and year, an item open since November is carried once a month, and every 余额调节表 infers the true book balance', async () => {
    const dir = await tempDir();
    const books: VoucherIn[] = [];
    let close = OPENING;
    let previous: string | null = null;
    const month = async (period: string, bank: Omit<BankIn, 'balance'>[], fin: VoucherIn[], end: string): Promise<Scenario> => {
      const rows = statement(bank, close);
      if (rows.length) close = Number(rows[rows.length - 1].balance);
      books.push(...fin);
      const s = await scenario({ dir: path.join(dir, period), period, bank: rows, finance: fin, args: previous ? ['--previous', previous] : [] });
      expect((await balanceSheet(s.out)).book, period).toBe(bookTo(books, end));
      return s;
    };
    // November: B1 credited and never booked; 记-2 booked and never credited.
    const nov = await month('2026-11', [{ ref: 'B1', date: '2026-11-20', time: '10:00:00', amount: '620000.37', name: '乙', memo: '1-1-102按揭' }], [{ voucher: '记-2', date: '2026-11-25', amount: '310000.15', customer: '丙', unit: '1-1-103' }], '2026-11-30');
    await typeNotes(nov.out, path.join(dir, 'nov.xlsx'), '差异', { B1: ['李出纳', '已催客户'] });
    previous = await libreOfficeSave(path.join(dir, 'nov.xlsx'));
    // December: D1 at 23:10 on 12-31 and E1 at 09:00, neither booked in December.
    const dec = await month(
      '2026-12',
      [
        { ref: 'E1', date: '2026-12-31', time: '09:00:00', amount: '450000', name: '戊', memo: '1-1-105按揭' },
        { ref: 'D1', date: '2026-12-31', time: '23:10:00', amount: '700000', name: '丁', memo: '1-1-104按揭' },
      ],
      [],
      '2026-12-31',
    );
    expect(await noteOf(dec.out, '差异', 'B1')).toEqual(['李出纳', '【11月】已催客户']);
    await typeNotes(dec.out, path.join(dir, 'dec.xlsx'), '差异', { D1: ['王会计', '已联系银行'], '记-2': ['张三', '等待银行到账'] });
    await typeNotes(path.join(dir, 'dec.xlsx'), path.join(dir, 'dec.xlsx'), '按户', { '1-1-102': ['钱', '乙户待补记'] });
    previous = await libreOfficeSave(path.join(dir, 'dec.xlsx'));
    // January: D1 booked 01-04 (late: more than 24 h), E1 booked 01-01 (within 24 h of 09:00 on 12-31).
    const jan = await month(
      '2027-01',
      [{ ref: 'G1', date: '2027-01-20', time: '10:00:00', amount: '200000', name: '庚', memo: '1-1-107按揭' }],
      [
        { voucher: '记-3', date: '2027-01-20', amount: '200000', customer: '庚', unit: '1-1-107' },
        { voucher: '记-1', date: '2027-01-04', amount: '700000', customer: '丁', unit: '1-1-104' },
        { voucher: '记-2', date: '2027-01-01', amount: '450000', customer: '戊', unit: '1-1-105' },
      ],
      '2027-01-31',
    );
    const carried = (ref: string) => jan.json.rows.find((r) => r.file === '2026-12/工行.csv' && r.row === dec.bank(ref).row)!;
    expect([carried('D1').outcome, carried('D1').flags, jan.fin('记-1').flags]).toEqual(['MATCHED', ['LATE_BOOKING'], ['LATE_BOOKING']]);
    expect([carried('E1').outcome, carried('E1').flags]).toEqual(['MATCHED', []]);
    expect(await noteOf(jan.out, '差异', 'B1')).toEqual(['李出纳', '【2026年11月】已催客户']);
    expect(await noteOf(jan.out, '已匹配', 'D1')).toEqual(['王会计', '【2026年12月】已联系银行']);
    expect(await noteOf(jan.out, '按户', '1-1-102')).toEqual(['钱', '【2026年12月】乙户待补记']);
    previous = await libreOfficeSave(jan.out);
    const feb = await month('2027-02', [{ ref: 'H1', date: '2027-02-28', time: '10:00:00', amount: '1234.56', memo: '结息' }], [{ voucher: '记-1', date: '2027-02-28', amount: '1234.56', summary: '利息收入' }], '2027-02-28');
    expect(await noteOf(feb.out, '差异', '记-2')).toEqual(['张三', '【2026年12月】等待银行到账']);
    // Open since November, carried once a month, saying where it came from and how long it has been open.
    for (const s of [dec, jan, feb]) expect(s.json.open.filter((o) => o.amount === '620000.37').map((o) => [o.period, o.outcome])).toEqual([['2026-11', 'MISSING_IN_FINANCE']]);
    expect(feb.json.rows.filter((r) => r.file.startsWith('2026-11/')).map((r) => [r.side, r.outcome, r.explanation.zh.split('：')[0]])).toEqual([
      ['bank', 'MISSING_IN_FINANCE', '2026-11起(已3个月)未达项结转'],
      ['finance', 'MISSING_IN_BANK', '2026-11起(已3个月)未达项结转'],
    ]);
    expect(feb.stdout).toContain('上期结转 Carried in: 2 项：本期核销 0，仍未达 2（2026-11 起 2 项）');
  }, 180_000);
});
