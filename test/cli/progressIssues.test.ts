import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { anjie } from '../helpers/cli';
import { makeUnit } from '../templates/helpers';
import { writeRegisterFile } from '../templates/registerFile';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-progress-issues-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Week 2026-W48 runs Monday 11-23 to Sunday 11-29. 0101 is credited 11-24; 0102's 放款日期 is made unreadable below.
const stages = { signed: '2026-09-01', filed: '2026-09-03', docsComplete: '2026-09-10', sentToBank: '2026-09-12', bankInterview: '2026-09-20', approved: '2026-10-01', mortgageRegistered: '2026-11-10' };
const units = [
  makeUnit({ room: '0101', commercialLoan: '700000.00', stages: { ...stages, disbursed: '2026-11-24' } }),
  makeUnit({ room: '0102', commercialLoan: '500000.00', downPayment: '500000.00', stages: { ...stages, disbursed: '2026-11-25' } }),
];

/** The register with 0102's 放款日期 typed as "2026-13-45"; its row and the column letter, as Excel shows them. */
async function brokenRegister(file: string): Promise<{ row: number; column: string }> {
  await writeRegisterFile(file, units);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  let at: { row: number; column: string } | null = null;
  ws.eachRow((r) => {
    const header = (r.values as ExcelJS.CellValue[]).indexOf('放款日期');
    if (header > 0 && !at) at = { row: 0, column: ws.getColumn(header).letter };
    if (at && (r.values as ExcelJS.CellValue[]).includes('0102')) {
      at.row = r.number;
      r.getCell(at.column).value = '2026-13-45';
    }
  });
  await wb.xlsx.writeFile(file);
  return at!;
}

describe('anjie progress on a register with an unreadable 放款日期', () => {
  it('lists the unit as 无法判断 (not 在途) below the 合计, warns naming file, sheet, row and column, Chinese first; exit 0, or 1 with --fail-on-problems', async () => {
    const register = path.join(dir, 'R.xlsx');
    const { row, column } = await brokenRegister(register);
    const out = path.join(dir, 'P.xlsx');
    const r = await anjie('progress', '--register', register, '--week', '2026-W48', '--out', out);
    expect(r.code, r.err).toBe(0);
    // Open: 0101 only (at 放款); 0102 is neither 在途 nor credited this week.
    expect(r.out).toContain('在途 1 户 1 笔，本周放款 1 户 ¥700,000.00，无法判断 1 户');
    expect(r.out).toMatch(new RegExp(`错误 error\\s+按揭台账!${column}${row} \\[放款日期\\] BAD_DATE`));
    expect(r.out).toMatch(new RegExp(`错误 error\\s+按揭台账!${column}${row} \\[放款日期\\] PROGRESS_UNDECIDED: 滨江花园 3-2-102 无法判断进度`));
    expect(r.out.indexOf('无法判断进度的房屋 1 户')).toBeGreaterThan(-1);
    expect(r.out.indexOf('无法判断进度的房屋 1 户')).toBeLessThan(r.out.indexOf('1 unit(s) whose progress cannot be told'));
    expect(r.out).toContain('请改正台账后重新生成');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0];
    const rows: ExcelJS.Row[] = [];
    ws.eachRow((x) => rows.push(x));
    const texts = (x: ExcelJS.Row) => (x.values as ExcelJS.CellValue[]).map((v) => (v && typeof v === 'object' && 'result' in v ? v.result : v));
    const total = rows.find((x) => x.getCell(1).value === '合计（1户，1笔）')!;
    const unit = rows.filter((x) => texts(x).includes('3-2-102'));
    expect(unit).toHaveLength(1);
    expect(unit[0].number).toBeGreaterThan(total.number);
    expect(texts(unit[0])).toContain(`无法判断：台账第 ${row} 行「放款日期」（${column} 列）无法识别，改正后重新生成`);

    const strict = await anjie('progress', '--register', register, '--week', '2026-W48', '--out', out, '--force', '--fail-on-problems');
    expect(strict.code).toBe(1);
  }, 60_000);

  it('a register with nothing unreadable says nothing of it and exits 0, --fail-on-problems too', async () => {
    const register = path.join(dir, 'ok.xlsx');
    await writeRegisterFile(register, units);
    const r = await anjie('progress', '--register', register, '--week', '2026-W48', '--out', path.join(dir, 'ok-P.xlsx'), '--fail-on-problems');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('在途 2 户 2 笔，本周放款 2 户 ¥1,200,000.00 /');
    expect(r.out).not.toContain('无法判断');
  }, 60_000);
});

describe('anjie progress on a register with a unit entered twice (DUPLICATE_UNIT)', () => {
  it('counts the unit once, by its first row; lists the repeated row once under 无法判断 naming the first, and says so at its 房号 cell', async () => {
    const register = path.join(dir, 'twice.xlsx');
    // 0101 (700,000 credited 11-24) on the first data row and again on the last.
    await writeRegisterFile(register, [...units, units[0]]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(register);
    const ws = wb.worksheets[0];
    const found: number[] = [];
    ws.eachRow((r) => {
      if ((r.values as ExcelJS.CellValue[]).includes('0101')) found.push(r.number);
    });
    const [first, repeated] = found;
    expect(found).toHaveLength(2);

    const out = path.join(dir, 'twice-P.xlsx');
    const r = await anjie('progress', '--register', register, '--week', '2026-W48', '--out', out);
    expect(r.code, r.err).toBe(0);
    // By hand: 0101 at 放款 (700,000 this week) and 0102 at 放款 (500,000 this week), each once.
    expect(r.out).toContain('在途 2 户 2 笔，本周放款 2 户 ¥1,200,000.00，重复行 1 行 /');
    expect(r.out).not.toContain('无法判断进度的房屋');
    expect(r.out).toContain('台账中重复的行 1 行');
    // Both at the repeated row's 房号 cell: the register's error, and what the sheet did with the row.
    const cell = new RegExp(`按揭台账!([A-Z]+${repeated}) \\[(房号编码|房号)\\] DUPLICATE_UNIT`).exec(r.out);
    expect(cell).not.toBeNull();
    expect(r.out).toContain(`按揭台账!${cell![1]} [${cell![2]}] PROGRESS_UNDECIDED: 滨江花园 3-2-101 台账第 ${repeated} 行与第 ${first} 行重复`);

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const rows: ExcelJS.Row[] = [];
    book.worksheets[0].eachRow((x) => rows.push(x));
    const texts = (x: ExcelJS.Row) => (x.values as ExcelJS.CellValue[]).map((v) => (v && typeof v === 'object' && 'result' in v ? v.result : v));
    const total = rows.find((x) => x.getCell(1).value === '合计（2户，2笔）')!;
    expect(total).toBeDefined();
    const unit = rows.filter((x) => texts(x).includes('3-2-101'));
    expect(unit.map((x) => x.number > total.number)).toEqual([false, true]);
    expect(texts(unit[1]).join('')).toContain(`无法判断：台账第 ${repeated} 行与第 ${first} 行重复`);
  }, 60_000);
});
