import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgressSheets } from '../../pipeline/commands/progress';
import { buildFeeSheets } from '../../pipeline/commands/fees';
import { writeWorkbook } from '../../pipeline/render/workbook';
import { signWorkbook } from '../../pipeline/signoff/workbook';
import { anjie } from '../helpers/cli';
import { makeUnit } from '../templates/helpers';
import { writeRegisterFile } from '../templates/registerFile';

/**
 * `anjie progress` and `anjie fees` onto an --out written before: what the desk typed there (a
 * 备注, a 跟进人, a 票据号) is on the new file, on its unit's row, as the add-in keeps it when it
 * regenerates the sheet; what has no row any more is in 未放回的录入 and named on stdout.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-carry-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const stages = { signed: '2026-09-01', filed: '2026-09-03', docsComplete: '2026-09-10', sentToBank: '2026-09-12', bankInterview: '2026-09-20', approved: '2026-10-01' };
const both = [
  makeUnit({ room: '0101', contractNo: 'YQF-2026-00101', commercialLoan: '700000.00', stages }),
  makeUnit({ room: '0102', contractNo: 'YQF-2026-00102', commercialLoan: '500000.00', downPayment: '500000.00', stages }),
];

async function register(name: string, units = both): Promise<string> {
  const file = path.join(dir, name);
  await writeRegisterFile(file, units);
  return file;
}

/** Types `value` into column `header` of the row of `sheet` holding a cell ending in `room`, and saves the file as Excel would (exceljs). */
async function type(file: string, sheet: string, room: string, header: string, value: ExcelJS.CellValue, rowHas?: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet)!;
  const at = cellOf(ws, room, header, rowHas);
  ws.getCell(at.row, at.col).value = value;
  await wb.xlsx.writeFile(file);
}

function cellOf(ws: ExcelJS.Worksheet, room: string, header: string, rowHas?: string): { row: number; col: number } {
  let col = 0;
  let found = 0;
  ws.eachRow((r, n) => {
    const texts = (r.values as ExcelJS.CellValue[]).map((v) => (typeof v === 'string' ? v : ''));
    if (!col && texts.includes(header)) col = texts.indexOf(header);
    else if (col && !found && texts.some((t) => t.endsWith(room)) && (!rowHas || texts.includes(rowHas))) found = n;
  });
  expect(col, `column ${header} on ${ws.name}`).toBeGreaterThan(0);
  expect(found, `row of ${room} on ${ws.name}`).toBeGreaterThan(0);
  return { row: found, col };
}

async function cell(file: string, sheet: string, room: string, header: string, rowHas?: string): Promise<ExcelJS.CellValue> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet)!;
  const at = cellOf(ws, room, header, rowHas);
  return ws.getCell(at.row, at.col).value;
}

async function sheetRows(file: string, sheet: string): Promise<string[][] | null> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet);
  if (!ws) return null;
  const rows: string[][] = [];
  ws.eachRow((r) => rows.push((r.values as ExcelJS.CellValue[]).slice(1).map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v ?? '')))));
  return rows;
}

/** The register read and checked as the commands read it: what their sheets render from with nothing carried. */
async function checkedRegister(reg: string) {
  const { readRegisterWorkbook } = await import('../../pipeline/read/register');
  const { validateRegister } = await import('../../domain/registerValidation/validate');
  const { loadSheetDescription } = await import('../../pipeline/render/templates');
  const description = loadSheetDescription('register');
  const { sheet } = await readRegisterWorkbook(reg, { description });
  return { sheet, checked: validateRegister(sheet, { description, today: '2026-11-25' }) };
}

const progress = (reg: string, out: string) => anjie('progress', '--register', reg, '--week', '2026-W48', '--out', out);
const fees = (reg: string, out: string) => anjie('fees', '--register', reg, '--city', 'guangzhou', '--out', out);

describe('anjie progress onto a progress sheet the desk typed into', () => {
  it('keeps a typed 备注 and 跟进人 on the unit\'s row and says so, Chinese first', async () => {
    const reg = await register('p1.xlsx');
    const out = path.join(dir, 'p1-out.xlsx');
    expect((await progress(reg, out)).code).toBe(0);
    await type(out, '按揭进度表', '101', '备注', '客户周五补交收入证明');
    await type(out, '按揭进度表', '102', '跟进人', '王芳');
    const r = await progress(reg, out);
    expect(r.code, r.err).toBe(0);
    expect(await cell(out, '按揭进度表', '101', '备注')).toBe('客户周五补交收入证明');
    expect(await cell(out, '按揭进度表', '102', '跟进人')).toBe('王芳');
    // Two values typed, both on rows still there.
    const zh = r.out.indexOf('已保留上次填写的 2 项内容');
    const en = r.out.indexOf('2 typed entries were kept');
    expect(zh).toBeGreaterThanOrEqual(0);
    expect(en).toBeGreaterThan(zh);
    expect(await sheetRows(out, '未放回的录入')).toBeNull();
  });

  it('a 备注 whose unit left the register goes to 未放回的录入 and is named on stdout', async () => {
    const reg = await register('p2.xlsx');
    const out = path.join(dir, 'p2-out.xlsx');
    expect((await progress(reg, out)).code).toBe(0);
    await type(out, '按揭进度表', '102', '备注', '银行要求补签');
    const without = await register('p2-without.xlsx', [both[0]]);
    const r = await progress(without, out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('有 1 行填写的内容在新表中找不到对应的行');
    expect(r.out).toContain('已全部记入工作表“未放回的录入”');
    expect(r.out).toMatch(/3-2-102[^\n]*银行要求补签/);
    expect(r.out).toContain('1 row of typed entries have no row in the new sheet');
    const kept = await sheetRows(out, '未放回的录入');
    expect(kept).not.toBeNull();
    expect(kept![0]).toEqual(['日期 Date', '工作表 Sheet', '行 Row', '列 Column', '填写的内容 Typed value']);
    const row = kept!.find((x) => x[4] === '银行要求补签');
    expect(row).toBeDefined();
    expect(row![1]).toBe('按揭进度表');
    expect(row![2]).toMatch(/3-2-102/);
    expect(row![3]).toBe('备注 Remarks');
    // A later run keeps what an earlier run put there.
    const again = await progress(without, out);
    expect(again.code, again.err).toBe(0);
    expect((await sheetRows(out, '未放回的录入'))!.filter((x) => x[4] === '银行要求补签')).toHaveLength(1);
  });

  it('a 跟进人 the register changed since the file was written is kept as it was there, and stdout says so (the file keeps no record of what Anjie wrote)', async () => {
    const reg = await register('p5.xlsx');
    const out = path.join(dir, 'p5-out.xlsx');
    expect((await progress(reg, out)).code).toBe(0);
    expect(await cell(out, '按揭进度表', '101', '跟进人')).toBe('李四');
    const changed = await register('p5-changed.xlsx', [{ ...both[0], follower: '赵六' }, both[1]]);
    const r = await progress(changed, out);
    expect(r.code, r.err).toBe(0);
    expect(await cell(out, '按揭进度表', '101', '跟进人')).toBe('李四');
    expect(r.out).toContain('有 1 项填写的内容与本次生成的值不同，保留了填写的内容：3-2-101 商业贷款 跟进人“李四”（新生成为“赵六”）');
    expect(r.out).toContain('clear the cell and regenerate');
    // 3-2-102's 李四 is what the register still says: not counted as kept.
    expect(r.out).toContain('已保留上次填写的 1 项内容');
  });

  it('once the register has a second project, what was typed on the single 按揭进度表 goes onto its project\'s sheet, as the add-in takes it in', async () => {
    const reg = await register('p6.xlsx');
    const out = path.join(dir, 'p6-out.xlsx');
    expect((await progress(reg, out)).code).toBe(0);
    await type(out, '按揭进度表', '101', '备注', '等银行面签');
    const two = await register('p6-two.xlsx', [...both, makeUnit({ project: '云栖府', room: '0201', contractNo: 'YQF-2026-00201', commercialLoan: '600000.00', stages })]);
    const r = await progress(two, out);
    expect(r.code, r.err).toBe(0);
    expect(await cell(out, '按揭进度表-滨江花园', '101', '备注')).toBe('等银行面签');
    expect(r.out).toContain('工作表“按揭进度表”是台账只有一个项目时的进度表');
    expect(r.out).toContain('已带入“按揭进度表-滨江花园”');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按揭进度表-云栖府', '按揭进度表-滨江花园']);
  });

  it('a first run onto a new file writes what it always wrote, and a run over an untouched file the same bytes', async () => {
    const reg = await register('p3.xlsx');
    const first = path.join(dir, 'p3-first.xlsx');
    expect((await progress(reg, first)).code).toBe(0);
    // What the sheets render to with nothing carried.
    const { sheet, checked } = await checkedRegister(reg);
    const plain = path.join(dir, 'p3-plain.xlsx');
    await writeWorkbook(plain, buildProgressSheets(checked.units, { week: '2026-W48', columns: sheet.columns }).layouts);
    expect(fs.readFileSync(first).equals(fs.readFileSync(plain))).toBe(true);
    const before = fs.readFileSync(first);
    const r = await progress(reg, first);
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toContain('已保留');
    expect(fs.readFileSync(first).equals(before)).toBe(true);
  });

  it('refuses to write over a sheet of that name that is the person\'s own, and leaves the file as it was', async () => {
    const reg = await register('p4.xlsx');
    const out = path.join(dir, 'p4-out.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('按揭进度表');
    ws.addRow(['房号', '跟进人', '备注']);
    ws.addRow(['3-2-0101', '李雷', '多年手工台账']);
    await wb.xlsx.writeFile(out);
    const before = fs.readFileSync(out);
    const r = await progress(reg, out);
    expect(r.code).toBe(2);
    expect(r.err).toContain('不是安捷为此命令生成的');
    expect(r.err.indexOf('not written by Anjie')).toBeGreaterThan(r.err.indexOf('不是安捷'));
    expect(fs.readFileSync(out).equals(before)).toBe(true);
  });
});

describe('anjie fees onto a fee ledger the desk typed into', () => {
  it('keeps a typed 票据号 and 缴纳日期 (a date) on its unit\'s and fee\'s row', async () => {
    const reg = await register('f1.xlsx');
    const out = path.join(dir, 'f1-out.xlsx');
    expect((await fees(reg, out)).code).toBe(0);
    await type(out, '费用台账', '101', '票据号', 'PJ-2026-0042', '契税');
    await type(out, '费用台账', '101', '缴纳日期', new Date(Date.UTC(2026, 10, 20)), '契税');
    const r = await fees(reg, out);
    expect(r.code, r.err).toBe(0);
    expect(await cell(out, '费用台账', '101', '票据号', '契税')).toBe('PJ-2026-0042');
    // Still a date (shown yyyy-mm-dd), not its serial number.
    const paid = await cell(out, '费用台账', '101', '缴纳日期', '契税');
    expect(paid).toBeInstanceOf(Date);
    expect((paid as Date).toISOString().slice(0, 10)).toBe('2026-11-20');
    expect(r.out).toContain('已保留上次填写的 2 项内容');
    expect(r.out).toContain('2 typed entries were kept');
  });

  it('a signed ledger is refused without --force; with --force its typed 票据号 is kept all the same', async () => {
    const reg = await register('f4.xlsx');
    const out = path.join(dir, 'f4-out.xlsx');
    expect((await fees(reg, out)).code).toBe(0);
    await type(out, '费用台账', '101', '票据号', 'PJ-2026-0099', '契税');
    await signWorkbook(out, { name: '陈静', role: '制表', now: '2026-11-23T10:00:00' });
    const before = fs.readFileSync(out);
    expect((await fees(reg, out)).code).toBe(2);
    expect(fs.readFileSync(out).equals(before)).toBe(true);
    const r = await anjie('fees', '--register', reg, '--city', 'guangzhou', '--out', out, '--force');
    expect(r.code, r.err).toBe(0);
    expect(await cell(out, '费用台账', '101', '票据号', '契税')).toBe('PJ-2026-0099');
    expect(r.out).toContain('已保留上次填写的 1 项内容');
  });

  it('a 票据号 whose unit left the register goes to 未放回的录入 and is named on stdout', async () => {
    const reg = await register('f2.xlsx');
    const out = path.join(dir, 'f2-out.xlsx');
    expect((await fees(reg, out)).code).toBe(0);
    await type(out, '费用台账', '102', '票据号', 'PJ-2026-0077', '契税');
    const r = await fees(await register('f2-without.xlsx', [both[0]]), out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('有 1 行填写的内容在新表中找不到对应的行');
    expect(r.out).toMatch(/3-2-102[^\n]*PJ-2026-0077/);
    const row = (await sheetRows(out, '未放回的录入'))?.find((x) => x[4] === 'PJ-2026-0077');
    expect(row).toBeDefined();
    expect(row![1]).toBe('费用台账');
    expect(row![2]).toMatch(/3-2-102.*契税|契税.*3-2-102/);
  });

  it('a first run onto a new file writes what it always wrote', async () => {
    const reg = await register('f3.xlsx');
    const first = path.join(dir, 'f3-first.xlsx');
    expect((await fees(reg, first)).code).toBe(0);
    const { sheet, checked } = await checkedRegister(reg);
    const plain = path.join(dir, 'f3-plain.xlsx');
    await writeWorkbook(plain, buildFeeSheets(checked.units, { city: 'guangzhou', columns: sheet.columns }).layouts);
    expect(fs.readFileSync(first).equals(fs.readFileSync(plain))).toBe(true);
  });
});

describe('anjie title-search onto a title-search workbook the desk filled in', () => {
  const pastMortgage = { signed: '2026-01-05', filed: '2026-01-08', docsComplete: '2026-01-15', sentToBank: '2026-01-20', bankInterview: '2026-01-25', approved: '2026-02-01', mortgageRegistered: '2026-02-10' };
  const searched = [makeUnit({ room: '1501', commercialLoan: '700000.00', stages: pastMortgage }), makeUnit({ room: '1502', commercialLoan: '600000.00', stages: pastMortgage })];
  const labelRow = (ws: ExcelJS.Worksheet, label: string) => {
    for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === label) return r;
    throw new Error(`no ${label}`);
  };
  /** Fills in 3-2-1501's sheet: a 抵押 to 中国工商银行 of 700000, searched 2026-02-12, 正常, by 李四, reviewed by 王经理. */
  async function fill(out: string): Promise<void> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('3-2-1501')!;
    const header = labelRow(ws, '序号');
    ws.getCell(header + 1, 2).value = '抵押';
    ws.getCell(header + 1, 3).value = '中国工商银行';
    ws.getCell(header + 1, 4).value = 700000;
    ws.getCell(labelRow(ws, '查册日期：'), 2).value = new Date(Date.UTC(2026, 1, 12));
    ws.getCell(labelRow(ws, '结论：'), 2).value = '正常';
    ws.getCell(labelRow(ws, '查册人：'), 2).value = '李四';
    ws.getCell(labelRow(ws, '复核人：'), 2).value = '王经理';
    await wb.xlsx.writeFile(out);
  }

  it('writes the filled-in sheet back as it was filled in, and says so', async () => {
    const reg = path.join(dir, 't1.xlsx');
    await writeRegisterFile(reg, searched);
    const out = path.join(dir, 't1-out.xlsx');
    expect((await anjie('title-search', '--register', reg, '--out', out, '--today', '2026-03-01')).code).toBe(0);
    await fill(out);
    const r = await anjie('title-search', '--register', reg, '--out', out, '--today', '2026-03-01');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('读回了 --out 中已填写的查册表 1 张');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('3-2-1501')!;
    const header = labelRow(ws, '序号');
    expect([ws.getCell(header + 1, 2).value, ws.getCell(header + 1, 3).value, ws.getCell(header + 1, 4).value]).toEqual(['抵押', '中国工商银行', 700000]);
    expect(ws.getCell(labelRow(ws, '结论：'), 2).value).toBe('正常');
    expect(ws.getCell(labelRow(ws, '查册人：'), 2).value).toBe('李四');
    expect(ws.getCell(labelRow(ws, '复核人：'), 2).value).toBe('王经理');
    expect((ws.getCell(labelRow(ws, '查册日期：'), 2).value as Date).toISOString().slice(0, 10)).toBe('2026-02-12');
    // The summary counts it as searched.
    expect(r.out).toContain('已查 1');
  });

  it('refuses when a filled-in sheet\'s unit is not written this time (--units), and leaves the file as it was', async () => {
    const reg = path.join(dir, 't2.xlsx');
    await writeRegisterFile(reg, searched);
    const out = path.join(dir, 't2-out.xlsx');
    expect((await anjie('title-search', '--register', reg, '--out', out, '--today', '2026-03-01')).code).toBe(0);
    await fill(out);
    const before = fs.readFileSync(out);
    const r = await anjie('title-search', '--register', reg, '--units', '3-2-1502', '--out', out, '--today', '2026-03-01');
    expect(r.code).toBe(2);
    expect(r.err).toContain('3-2-1501');
    expect(r.err).toContain('重新生成会丢失其中的填写');
    expect(fs.readFileSync(out).equals(before)).toBe(true);
  });

  it('with --searches onto another --out the desk filled in differently, refuses and leaves it as it was; --force overwrites it', async () => {
    const reg = path.join(dir, 't3.xlsx');
    await writeRegisterFile(reg, searched);
    const searches = path.join(dir, 't3-searches.xlsx');
    const out = path.join(dir, 't3-out.xlsx');
    expect((await anjie('title-search', '--register', reg, '--out', searches, '--today', '2026-03-01')).code).toBe(0);
    expect((await anjie('title-search', '--register', reg, '--out', out, '--today', '2026-03-01')).code).toBe(0);
    // 3-2-1501 searched and filled in on the --out file, not on the --searches one.
    await fill(out);
    const before = fs.readFileSync(out);
    const r = await anjie('title-search', '--register', reg, '--searches', searches, '--out', out, '--today', '2026-03-01');
    expect(r.code).toBe(2);
    expect(r.err).toContain('t3-out.xlsx');
    expect(r.err).toContain('3-2-1501');
    expect(r.err).toContain('重新生成会丢失');
    expect(r.err.indexOf('would lose')).toBeGreaterThan(r.err.indexOf('重新生成会丢失'));
    expect(r.err).toContain('--force');
    expect(fs.readFileSync(out).equals(before)).toBe(true);
    const forced = await anjie('title-search', '--register', reg, '--searches', searches, '--out', out, '--today', '2026-03-01', '--force');
    expect(forced.code, forced.err).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet('3-2-1501')!.getCell(labelRow(wb.getWorksheet('3-2-1501')!, '查册人：'), 2).value).toBeNull();
  });

  it('with --searches onto an --out written from those searches before, writes it again (nothing there differs)', async () => {
    const reg = path.join(dir, 't4.xlsx');
    await writeRegisterFile(reg, searched);
    const searches = path.join(dir, 't4-searches.xlsx');
    const out = path.join(dir, 't4-out.xlsx');
    expect((await anjie('title-search', '--register', reg, '--out', searches, '--today', '2026-03-01')).code).toBe(0);
    await fill(searches);
    const args = ['title-search', '--register', reg, '--searches', searches, '--out', out, '--today', '2026-03-01'];
    expect((await anjie(...args)).code).toBe(0);
    const r = await anjie(...args);
    expect(r.code, r.err).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('3-2-1501')!;
    expect(ws.getCell(labelRow(ws, '查册人：'), 2).value).toBe('李四');
    // A 制表 typed on the --out file's 查册汇总 only is not written over either.
    const summary = wb.getWorksheet('查册汇总')!;
    summary.getCell(labelRow(summary, '制表：'), 2).value = '陈静';
    await wb.xlsx.writeFile(out);
    const signed = await anjie(...args);
    expect(signed.code).toBe(2);
    expect(signed.err).toContain('查册汇总');
  });
});

describe('run again with the other --lang', () => {
  const twoProjects = [...both, makeUnit({ project: '云栖府', room: '0201', contractNo: 'YQF-2026-00201', commercialLoan: '600000.00', stages })];

  it('anjie progress, zh then en: a typed 备注 and 跟进人 go back to their unit\'s row of the English sheet, not to 未放回的录入', async () => {
    const reg = await register('l1.xlsx', twoProjects);
    const out = path.join(dir, 'l1-out.xlsx');
    expect((await progress(reg, out)).code).toBe(0);
    await type(out, '按揭进度表-滨江花园', '101', '备注', '客户周五补交收入证明');
    await type(out, '按揭进度表-云栖府', '201', '跟进人', '王芳');
    const r = await anjie('progress', '--register', reg, '--week', '2026-W48', '--out', out, '--lang', 'en');
    expect(r.code, r.err).toBe(0);
    expect(await cell(out, 'Weekly progress-滨江花园', '101', 'Remarks')).toBe('客户周五补交收入证明');
    expect(await cell(out, 'Weekly progress-云栖府', '201', 'Follower')).toBe('王芳');
    expect(await sheetRows(out, '未放回的录入')).toBeNull();
    expect(await sheetRows(out, '按揭进度表-滨江花园')).toBeNull();
    // And back to Chinese.
    const back = await progress(reg, out);
    expect(back.code, back.err).toBe(0);
    expect(await cell(out, '按揭进度表-滨江花园', '101', '备注')).toBe('客户周五补交收入证明');
    expect(await sheetRows(out, '未放回的录入')).toBeNull();
  });

  it('anjie progress of one project, zh then en: the entries are kept on the English sheet, not said to come from a retired sheet', async () => {
    const reg = await register('l2.xlsx');
    const out = path.join(dir, 'l2-out.xlsx');
    expect((await progress(reg, out)).code).toBe(0);
    await type(out, '按揭进度表', '102', '备注', '银行要求补签');
    const r = await anjie('progress', '--register', reg, '--week', '2026-W48', '--out', out, '--lang', 'en');
    expect(r.code, r.err).toBe(0);
    expect(await cell(out, 'Weekly progress', '102', 'Remarks')).toBe('银行要求补签');
    expect(r.out).not.toContain('只有一个项目时');
    expect(r.out).toContain('已保留上次填写的 1 项内容');
  });

  it('anjie fees, en then zh: a typed Receipt no. stays on its unit\'s and fee\'s row (Deed tax is 契税), and a Remarks on its unit\'s', async () => {
    const reg = await register('l3.xlsx');
    const out = path.join(dir, 'l3-out.xlsx');
    expect((await anjie('fees', '--register', reg, '--city', 'guangzhou', '--out', out, '--lang', 'en')).code).toBe(0);
    await type(out, 'Fee ledger', '101', 'Receipt no.', 'PJ-2026-0042', 'Deed tax');
    await type(out, 'Underpaid', '102', 'Remarks', '已电话通知');
    const r = await fees(reg, out);
    expect(r.code, r.err).toBe(0);
    expect(await cell(out, '费用台账', '101', '票据号', '契税')).toBe('PJ-2026-0042');
    expect(await cell(out, '少收名单', '102', '备注')).toBe('已电话通知');
    expect(await sheetRows(out, '未放回的录入')).toBeNull();
    expect(await sheetRows(out, 'Fee ledger')).toBeNull();
    expect(r.out).toContain('已保留上次填写的 1 项内容');
  });

  it('anjie title-search, zh then en: the 制表 typed on 查册汇总 is on the Title search summary, and the 查册人 on the unit\'s sheet', async () => {
    const past = { signed: '2026-01-05', filed: '2026-01-08', docsComplete: '2026-01-15', sentToBank: '2026-01-20', bankInterview: '2026-01-25', approved: '2026-02-01', mortgageRegistered: '2026-02-10' };
    const reg = path.join(dir, 'l4.xlsx');
    await writeRegisterFile(reg, [makeUnit({ room: '1501', commercialLoan: '700000.00', stages: past })]);
    const out = path.join(dir, 'l4-out.xlsx');
    expect((await anjie('title-search', '--register', reg, '--out', out, '--today', '2026-03-01')).code).toBe(0);
    const valueBeside = (ws: ExcelJS.Worksheet, label: string) => {
      for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === label) return ws.getCell(r, 2);
      throw new Error(`no ${label} on ${ws.name}`);
    };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    valueBeside(wb.getWorksheet('查册汇总')!, '制表：').value = '陈静';
    valueBeside(wb.getWorksheet('3-2-1501')!, '查册人：').value = '李四';
    await wb.xlsx.writeFile(out);
    const r = await anjie('title-search', '--register', reg, '--out', out, '--today', '2026-03-01', '--lang', 'en');
    expect(r.code, r.err).toBe(0);
    const again = new ExcelJS.Workbook();
    await again.xlsx.readFile(out);
    expect(valueBeside(again.getWorksheet('Title search summary')!, 'Prepared by:').value).toBe('陈静');
    expect(valueBeside(again.getWorksheet('3-2-1501')!, 'Searched by:').value).toBe('李四');
  });
});
