import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnLetter } from '../../domain/issues';
import { anjie } from '../helpers/cli';

/** `anjie fees` on the 50-unit sample register (`anjie sample --units 50`), read back from the workbook it writes. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-fees-'));
let register: string;
// The sample is as of its period's last day (docs/sample-data.md): a date after the day of the run would be DATE_FUTURE.
const SAMPLE_LAST_DAY = '2026-11-30';

beforeAll(async () => {
  const r = await anjie('sample', '--units', '50', '--out', dir);
  if (r.code !== 0) throw new Error(r.out + r.err);
  register = path.join(dir, '按揭台账.xlsx');
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const num = (v: ExcelJS.CellValue): Decimal => {
  const x = v && typeof v === 'object' && 'result' in v ? v.result : v;
  return new Decimal(typeof x === 'number' ? String(x) : '0');
};

/** The 费用台账 sheet: its header row, data rows and 合计 row, by header text. */
async function ledgerSheet(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('费用台账')!;
  const rows: ExcelJS.Row[] = [];
  ws.eachRow((r) => rows.push(r));
  const header = rows.find((r) => r.getCell(1).value === '序号')!;
  const col = (h: string) => (header.values as ExcelJS.CellValue[]).indexOf(h);
  const data = rows.filter((r) => r.number > header.number && typeof r.getCell(1).value === 'number');
  const total = rows.find((r) => r.number > header.number && r.getCell(1).value === '合计')!;
  const info = (label: string) => num(rows.find((r) => r.getCell(1).value === label)!.getCell(2).value);
  return { ws, col, data, total, info };
}

/** Copies the sample register with cells changed: row (1-based data row) → header → value. */
async function editRegister(to: string, edits: [number, string, ExcelJS.CellValue][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(register);
  const ws = wb.worksheets[0];
  const headers = ws.getRow(1).values as ExcelJS.CellValue[];
  for (const [row, header, value] of edits) ws.getRow(row + 1).getCell(headers.indexOf(header)).value = value;
  await wb.xlsx.writeFile(to);
}

/** The sample register with one header column taken out, as a desk's own copy may lack it. */
async function registerWithout(header: string, name: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(register);
  const ws = wb.worksheets[0];
  ws.spliceColumns((ws.getRow(1).values as ExcelJS.CellValue[]).indexOf(header), 1);
  const lacking = path.join(dir, name);
  await wb.xlsx.writeFile(lacking);
  return lacking;
}

describe('anjie fees on the 50-unit sample', () => {
  it('ties to the fen: 应收 − 已收 = 未收 in the totals, the 合计 row and every line; 不代收 印花税 is in none of them', async () => {
    const out = path.join(dir, 'F.xlsx');
    const r = await anjie('fees', '--register', register, '--city', 'guangzhou', '--today', SAMPLE_LAST_DAY, '--out', out);
    expect(r.code, r.err).toBe(0);
    const { col, data, total, info } = await ledgerSheet(out);
    const [due, collected, outstanding, status] = ['应收', '已收', '未收(应收−已收)', '状态'].map(col);
    // The sample sells shops too: their 印花税 is shown, for information only.
    const stamp = data.filter((d) => d.getCell(status).value === '不代收');
    expect(stamp.length).toBeGreaterThan(0);
    for (const s of stamp) expect([s.getCell(due).value, s.getCell(collected).value, s.getCell(outstanding).value]).toEqual([null, null, null]);
    for (const d of data) expect(num(d.getCell(due).value).minus(num(d.getCell(collected).value)).eq(num(d.getCell(outstanding).value)), `row ${d.number}`).toBe(true);
    const [tDue, tCollected, tOutstanding] = [due, collected, outstanding].map((c) => num(total.getCell(c).value));
    expect(tDue.minus(tCollected).toFixed(2)).toBe(tOutstanding.toFixed(2));
    expect([info('应收合计：'), info('已收合计：'), info('未收合计（应收−已收）：')].map((d) => d.toFixed(2))).toEqual([tDue, tCollected, tOutstanding].map((d) => d.toFixed(2)));
    // What stdout says is what the sheet says.
    const yuan = (d: Decimal) => `¥${d.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
    expect(r.out).toContain(`应收 ${yuan(tDue)}，已收 ${yuan(tCollected)}，未收 ${yuan(tOutstanding)}`);
    // 未收 = 少收 − 多收 + 未到收取, as the first line of stdout states them.
    const m = /少收 \d+ 户 (¥[\d,.]+)，多收 \d+ 户 (¥[\d,.]+)，未到收取 (¥[\d,.]+)/.exec(r.out)!;
    const [under, over, notYet] = m.slice(1).map((s) => new Decimal(s.replace(/[¥,]/g, '')));
    expect(under.minus(over).plus(notYet).toFixed(2)).toBe(tOutstanding.toFixed(2));
  }, 60_000);

  it('a register cell it cannot read gives 无法计算, listed by sheet/row/column with how many more; exit 0, or 1 with --fail-on-problems', async () => {
    const broken = path.join(dir, 'broken.xlsx');
    const edits: [number, string, ExcelJS.CellValue][] = [
      [1, '合同总价', '约109万'],
      [2, '建筑面积(㎡)', null],
      [3, '已收契税', '约壹万'],
    ];
    // Enough blank areas for the list to be cut.
    for (let row = 10; row < 35; row++) edits.push([row, '建筑面积(㎡)', null]);
    await editRegister(broken, edits);
    const out = path.join(dir, 'B.xlsx');
    const r = await anjie('fees', '--register', broken, '--city', 'guangzhou', '--today', SAMPLE_LAST_DAY, '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/台账中费用所用的列有 \d+ 处错误 \/ \d+ register error\(s\) in the columns the fees read/);
    expect(r.out).toMatch(/错误 error\s+按揭台账!\w+2 \[合同总价\] BAD_AMOUNT/);
    expect(r.out).toMatch(/错误 error\s+按揭台账!\w+3 \[建筑面积\(㎡\)\] REQUIRED/);
    expect(r.out).toMatch(/错误 error\s+按揭台账!\w+2 \[合同总价\] FEE_NOT_COMPUTED: \S+ \S+ 契税无法计算：合同总价无法识别/);
    expect(r.out).toMatch(/FEE_NOT_COMPUTED: \S+ \S+ 契税无法计算：已收契税无法识别/);
    expect(r.out).toMatch(/…另有 \d+ 项 \/ \d+ more/);
    const { col, data } = await ledgerSheet(out);
    const unknown = data.filter((d) => d.getCell(col('状态')).value === '无法计算');
    expect(unknown.length).toBeGreaterThanOrEqual(27);
    for (const u of unknown) expect(u.getCell(col('应收')).value).toBeNull();
    const strict = await anjie('fees', '--register', broken, '--city', 'guangzhou', '--today', SAMPLE_LAST_DAY, '--out', out, '--force', '--fail-on-problems');
    expect(strict.code).toBe(1);
  }, 60_000);

  it('a register without the 已收契税 column is not read as nothing collected: every 契税 is 无法计算, said once at the header, and no buyer is called for the deed tax', async () => {
    const lacking = await registerWithout('已收契税', 'no-deed-tax-collected.xlsx');
    const out = path.join(dir, 'N.xlsx');
    const r = await anjie('fees', '--register', lacking, '--city', 'guangzhou', '--today', SAMPLE_LAST_DAY, '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/错误 error\s+按揭台账!1 FEE_COLUMN_MISSING: 台账没有「已收契税」列：50 项契税无法与已收核对/);
    expect(r.out).toContain('The register has no 已收契税 (deed tax collected) column: 50 deed tax line(s) cannot be checked against what was collected');
    expect(r.out).toContain('无法计算的费用 50 项，未计入合计');
    expect(r.out).not.toMatch(/FEE_NOT_COMPUTED: \S+ \S+ 契税无法计算/);
    const { col, data } = await ledgerSheet(out);
    const deed = data.filter((d) => d.getCell(col('费用项目')).value === '契税');
    expect(deed.length).toBe(50);
    for (const d of deed) expect([d.getCell(col('状态')).value, d.getCell(col('应收')).value]).toEqual(['无法计算', null]);
    const calls = new ExcelJS.Workbook();
    await calls.xlsx.readFile(out);
    calls.getWorksheet('少收名单')!.eachRow((row) => expect(String(row.getCell(6).value ?? '')).not.toContain('契税'));
  }, 60_000);

  it('a register without its 建筑面积 column (every fee per ㎡ reads it) lists COLUMN_MISSING at the header, not only the lines it could not compute; exit 1 with --fail-on-problems', async () => {
    const lacking = await registerWithout('建筑面积(㎡)', 'no-floor-area.xlsx');
    const r = await anjie('fees', '--register', lacking, '--city', 'guangzhou', '--today', SAMPLE_LAST_DAY, '--out', path.join(dir, 'A.xlsx'), '--fail-on-problems');
    expect(r.out).toMatch(/错误 error\s+按揭台账!1 COLUMN_MISSING: 表头中没有必填列「建筑面积\(㎡\)」/);
    expect(r.code).toBe(1);
  }, 60_000);

  it('a 按揭保证金 it cannot compute (a bank off the list with no ratio of its own, a -10% ratio) is listed at the cell to correct, as a fee is, and its sheet says it is outside the 合计', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(register);
    const ws = wb.worksheets[0];
    const headers = ws.getRow(1).values as ExcelJS.CellValue[];
    const cell = (row: number, h: string) => ws.getRow(row + 1).getCell(headers.indexOf(h)).value;
    // Two data rows with a commercial loan (the deposit is held on it).
    const loans: number[] = [];
    for (let row = 1; row < ws.rowCount && loans.length < 2; row++) if (Number(cell(row, '商贷金额')) > 0) loans.push(row);
    const [offList, negative] = loans;
    const edited = path.join(dir, 'deposits.xlsx');
    await editRegister(edited, [
      [offList, '贷款银行', '建设银行'],
      [offList, '保证金比例', null],
      [negative, '保证金比例', '-10%'],
    ]);
    const out = path.join(dir, 'D.xlsx');
    const r = await anjie('fees', '--register', edited, '--city', 'guangzhou', '--today', SAMPLE_LAST_DAY, '--out', out);
    expect(r.code, r.err).toBe(0);
    const letter = (h: string) => columnLetter(headers.indexOf(h));
    expect(r.out).toContain('无法计算的按揭保证金 2 项，未计入按揭保证金表的合计 / 2 guarantee deposit(s) could not be computed');
    expect(r.out).toContain(
      `错误 error   按揭台账!${letter('贷款银行')}${offList + 1} [贷款银行] DEPOSIT_NOT_COMPUTED: ${String(cell(offList, '项目'))} ${String(cell(offList, '房号编码'))} 按揭保证金无法计算：贷款银行「建设银行」不在银行列表中，无法确定保证金比例`,
    );
    expect(r.out).toContain(`按揭台账!${letter('保证金比例')}${negative + 1} [保证金比例] DEPOSIT_NOT_COMPUTED: ${String(cell(negative, '项目'))} ${String(cell(negative, '房号编码'))} 按揭保证金无法计算：保证金比例 -10% 不能为负数`);
    expect(r.out).toContain('Guarantee deposit cannot be computed: the deposit ratio -10% cannot be negative');
    // The sheet: the 合计 counts the loans with a deposit, and says how many it leaves out, as the fee ledger does.
    const read = new ExcelJS.Workbook();
    await read.xlsx.readFile(out);
    const sheet = read.getWorksheet('按揭保证金')!;
    const rows: ExcelJS.Row[] = [];
    sheet.eachRow((x) => rows.push(x));
    const header = rows.find((x) => x.getCell(1).value === '序号')!;
    const deposit = (header.values as ExcelJS.CellValue[]).indexOf('保证金金额');
    const data = rows.filter((x) => x.number > header.number && typeof x.getCell(1).value === 'number');
    const withDeposit = data.filter((x) => x.getCell(deposit).value !== null);
    expect(data.length - withDeposit.length).toBe(2);
    expect(rows.some((x) => x.getCell(1).value === `合计（${withDeposit.length}户）`)).toBe(true);
    const info = rows.find((x) => x.number < header.number && x.getCell(1).value === '无法计算：');
    expect(info?.getCell(2).value).toBe('2 项未计入合计，见比例来源为“无法计算”的行');
  }, 60_000);

  it('says which register values it computed from carry a warning (a 保证金比例 of 60%), by sheet/row/column, without failing', async () => {
    const odd = path.join(dir, 'ratio.xlsx');
    await editRegister(odd, [[1, '保证金比例', 60]]);
    const out = path.join(dir, 'R.xlsx');
    const r = await anjie('fees', '--register', odd, '--city', 'guangzhou', '--today', SAMPLE_LAST_DAY, '--out', out, '--fail-on-problems');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('台账中费用所用的列有 1 处警告，费用仍按所填的值计算，请核对 / 1 register warning(s) in the columns the fees read');
    expect(r.out).toMatch(/提示 warning\s+按揭台账!\w+2 \[保证金比例\] DEPOSIT_RATIO: 保证金比例 60% 不在 0 到 50% 之间/);
    expect(r.out).toContain('Deposit ratio 60% is not between 0 and 50%');
  }, 60_000);
});
