import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { checkTitleSearches, titleSearchSheet, titleSearchSummarySheet, validateTitleSearch, type TitleSearchRecord } from '../../domain/titleSearch';
import { readTitleSearchWorkbook, writeTitleSearch } from '../../pipeline/commands/titleSearch';
import { loadSheetDescription } from '../../pipeline/render/templates';
import { signWorkbook } from '../../pipeline/signoff/workbook';
import { anjie } from '../helpers/cli';
import { makeUnit } from './helpers';
import { writeRegisterFile } from './registerFile';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-ts-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const pastMortgage = { signed: '2026-01-05', filed: '2026-01-08', docsComplete: '2026-01-15', sentToBank: '2026-01-20', bankInterview: '2026-01-25', approved: '2026-02-01', mortgageRegistered: '2026-02-10' };
const record = (over: Partial<TitleSearchRecord>): TitleSearchRecord => ({
  unitKey: '3-2-1501',
  propertyUnitNo: '440106001001GB00001F00010001',
  searchDate: '2026-02-12',
  rightHolder: '张三',
  encumbrances: [],
  conclusion: '正常',
  searcher: '李四',
  reviewer: '王经理',
  remarks: null,
  ...over,
});

/** The row of a per-unit sheet whose column A holds `label` (序号, 查册日期：, 结论： …). */
function labelRow(ws: ExcelJS.Worksheet, label: string): number {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === label) return r;
  throw new Error(`no ${label}`);
}

describe('title-search checks', () => {
  const unit = makeUnit({ room: '1501', commercialLoan: '700000.00', stages: pastMortgage });

  it('正常 with a seizure listed is an error', () => {
    const issues = validateTitleSearch(record({ encumbrances: [{ type: '查封', holder: '某区人民法院', amount: null, registrationNo: 'CF-1', date: '2026-02-11' }] }), unit);
    expect(issues.map((i) => [i.severity, i.code])).toEqual([['error', 'TS_NORMAL_WITH_SEIZURE']]);
    // the same search concluded 异常 is consistent
    expect(validateTitleSearch(record({ conclusion: '异常', encumbrances: [{ type: '异议', holder: '某人', amount: null, registrationNo: 'YY-1', date: null }] }), unit)).toEqual([]);
  });

  it('a 轮候查封 or 预查封 typed past the dropdown is a seizure too: 正常 with it listed is the same error; a lifted one (解除查封) is not', () => {
    const listed = (type: string, conclusion = '正常') => validateTitleSearch(record({ conclusion, encumbrances: [{ type, holder: '某区人民法院', amount: null, registrationNo: 'CF-1', date: '2026-02-11' }] }), unit);
    for (const type of ['轮候查封', '预查封', '轮候预查封', ' 轮候 查封 ']) {
      const issues = listed(type);
      expect(issues.map((i) => [i.severity, i.code]), type).toEqual([['error', 'TS_NORMAL_WITH_SEIZURE']]);
      expect(issues[0].message.en, type).toBe('3-2-1501: conclusion 正常 (normal) but a seizure is listed');
      expect(listed(type, '异常'), type).toEqual([]);
    }
    expect(listed('轮候查封')[0].message.zh).toBe('3-2-1501 结论为“正常”，但列有轮候查封');
    expect(listed('异议登记').map((i) => i.code)).toEqual(['TS_NORMAL_WITH_SEIZURE']);
    for (const type of ['解除查封', '查封已解除', '解封']) expect(listed(type), type).toEqual([]);
  });

  it('says so in English too, an objection with "an"', () => {
    const objection = { type: '异议', holder: '某人', amount: null, registrationNo: 'YY-1', date: null };
    const seizure = { type: '查封', holder: '某区人民法院', amount: null, registrationNo: 'CF-1', date: null };
    const en = (encumbrances: TitleSearchRecord['encumbrances']) => validateTitleSearch(record({ encumbrances }), unit)[0].message.en;
    expect(en([objection])).toBe('3-2-1501: conclusion 正常 (normal) but an objection is listed');
    expect(en([seizure, objection])).toBe('3-2-1501: conclusion 正常 (normal) but a seizure and an objection are listed');
  });

  it('a mortgage held by another bank, or for another amount, is a warning', () => {
    const ok = validateTitleSearch(record({ encumbrances: [{ type: '抵押', holder: '中国工商银行股份有限公司广州天河支行', amount: new Decimal('700000'), registrationNo: 'DY-1', date: '2026-02-10' }] }), unit);
    expect(ok).toEqual([]);
    const bad = validateTitleSearch(record({ encumbrances: [{ type: '抵押', holder: '招商银行', amount: new Decimal('690000'), registrationNo: 'DY-1', date: '2026-02-10' }] }), unit);
    expect(bad.map((i) => [i.severity, i.code])).toEqual([
      ['warning', 'TS_MORTGAGEE'],
      ['warning', 'TS_MORTGAGE_AMOUNT'],
    ]);
  });

  it('a mortgage typed past the dropdown in the registry’s words (抵押权, 抵押登记, 预抵押 …) is checked as a mortgage; one cancelled (注销抵押) is not', () => {
    const listed = (type: string) => validateTitleSearch(record({ encumbrances: [{ type, holder: '招商银行', amount: new Decimal('690000'), registrationNo: 'DY-1', date: '2026-02-10' }] }), unit);
    for (const type of ['抵押权', '抵押登记', '抵押权登记', ' 抵押 权 ', '预抵押', '抵押预告登记', '抵押权预告登记']) {
      const issues = listed(type);
      expect(issues.map((i) => [i.severity, i.code]), type).toEqual([
        ['warning', 'TS_MORTGAGEE'],
        ['warning', 'TS_MORTGAGE_AMOUNT'],
      ]);
      expect(issues[0].message.zh, type).toBe('3-2-1501 抵押权人「招商银行」不是贷款银行「中国工商银行」');
      expect(issues[1].message.zh, type).toBe('3-2-1501 抵押金额 ¥690,000.00 与贷款金额 ¥700,000.00 不一致');
    }
    // the lending bank's own mortgage for the loan, in those words, passes
    expect(validateTitleSearch(record({ encumbrances: [{ type: '抵押权', holder: '中国工商银行股份有限公司广州天河支行', amount: new Decimal('700000'), registrationNo: 'DY-1', date: '2026-02-10' }] }), unit)).toEqual([]);
    for (const type of ['注销抵押', '抵押注销', '解除抵押', '抵押已注销']) expect(listed(type), type).toEqual([]);
  });

  it('a provident-fund mortgage held by a bank names the 公积金 centre as the expected holder, not an empty bank', () => {
    const pf = makeUnit({ room: '1501', loanType: 'providentFund', bank: null, commercialLoan: null, providentLoan: '600000.00', stages: pastMortgage });
    const [issue] = validateTitleSearch(record({ encumbrances: [{ type: '抵押', holder: '招商银行', amount: new Decimal('600000'), registrationNo: 'DY-1', date: '2026-02-10' }] }), pf);
    expect(issue.message).toEqual({
      zh: '3-2-1501 抵押权人「招商银行」不是贷款银行「住房公积金管理中心」',
      en: '3-2-1501: mortgagee "招商银行" is not the lending bank "住房公积金管理中心"',
    });
  });

  it('a loan from 中国银行 is checked against 中国银行, not against any bank', () => {
    const boc = makeUnit({ room: '1501', commercialLoan: '700000.00', stages: pastMortgage, bank: '中国银行' });
    const held = (holder: string) => validateTitleSearch(record({ encumbrances: [{ type: '抵押', holder, amount: new Decimal('700000'), registrationNo: 'DY-1', date: '2026-02-10' }] }), boc).map((i) => i.code);
    expect(held('中国银行股份有限公司广州天河支行')).toEqual([]);
    expect(held('招商银行股份有限公司深圳分行')).toEqual(['TS_MORTGAGEE']);
    expect(held('中国建设银行股份有限公司')).toEqual(['TS_MORTGAGEE']);
    // and a lending bank written with 中国 still finds a holder written without it
    expect(validateTitleSearch(record({ encumbrances: [{ type: '抵押', holder: '工商银行天河支行', amount: new Decimal('700000'), registrationNo: 'DY-1', date: '2026-02-10' }] }), unit)).toEqual([]);
  });

  it('a search filled in without its 查册日期 is reported once, as lacking the date at its cell, not also as never searched', () => {
    const undated = record({ sheet: '3-2-1501', searchDate: null, cells: { searchDate: 9, conclusion: 27 } });
    const issues = validateTitleSearch(undated, unit);
    expect(issues.map((i) => [i.code, i.message.zh])).toEqual([['TS_INCOMPLETE', '3-2-1501 查册表未填：查册日期']]);
    // The unit is past 抵押登记 and the register has no 查册日期 either: one error, where the date goes.
    const [line] = checkTitleSearches([unit], [undated]);
    expect(line.issues.map((i) => [i.severity, i.code, i.message.zh, `${i.location.sheet}!${i.location.column}${i.location.row}`])).toEqual([
      ['error', 'TS_INCOMPLETE', '3-2-1501 查册表未填：查册日期', '3-2-1501!B9'],
    ]);
    expect(line.status).toBe('problems');
    // a sheet with only who is to search on it is not a search yet
    expect(validateTitleSearch(record({ searchDate: null, conclusion: null, reviewer: null }), unit)).toEqual([]);
  });

  it('a unit past 抵押登记 without a search is an error; one not yet there is not', () => {
    const early = makeUnit({ room: '1502', stages: { signed: '2026-01-05' } });
    const searched = makeUnit({ room: '1503', stages: pastMortgage, titleSearchDate: '2026-02-11' });
    const lines = checkTitleSearches([unit, early, searched], []);
    expect(lines.map((l) => [l.unit.room, l.status])).toEqual([
      ['1501', 'missing'],
      ['1502', 'notYet'],
      ['1503', 'done'],
    ]);
    expect(lines[0].issues[0]).toMatchObject({ severity: 'error', code: 'TS_MISSING' });
  });

  it('a missing search is pointed where it goes: the unit’s 查册表 date cell when it has one, else the register’s 查册日期 column, named', () => {
    // No 查册表 yet: the register's cell, its column named by its header as written, and the fix says the register.
    const [inRegister] = checkTitleSearches([unit], [], { registerSheet: '按揭台账', titleSearchDateColumn: 'AX', titleSearchDateHeader: '*查册日期' });
    expect(inRegister.issues[0]).toMatchObject({ code: 'TS_MISSING', location: { sheet: '按揭台账', column: 'AX', columnHeader: '*查册日期' } });
    expect(inRegister.issues[0].fix?.zh).toContain('台账“按揭台账”的“*查册日期”列');
    expect(inRegister.issues[0].fix?.en).toContain('"*查册日期" column of the register "按揭台账"');
    // A 查册表 made and not yet filled in: its 查册日期 cell, and the fix names that sheet, not the register.
    const blank = record({ sheet: '3-2-1501', searchDate: null, conclusion: null, searcher: null, reviewer: null, cells: { searchDate: 9, conclusion: 27 } });
    const [onSheet] = checkTitleSearches([unit], [blank], { registerSheet: '按揭台账', titleSearchDateColumn: 'AX', titleSearchDateHeader: '查册日期' });
    expect(onSheet.issues.map((i) => [i.code, `${i.location.sheet}!${i.location.column}${i.location.row}`])).toEqual([['TS_MISSING', '3-2-1501!B9']]);
    expect(onSheet.issues[0].fix?.zh).toContain('查册表“3-2-1501”');
    expect(onSheet.issues[0].fix?.zh).not.toContain('台账');
    expect(onSheet.issues[0].fix?.en).toContain('title-search sheet "3-2-1501"');
    // A register without a 查册日期 column: no column to name, and the search goes on a 查册表.
    const [noColumn] = checkTitleSearches([unit], [], { registerSheet: '按揭台账' });
    expect(noColumn.issues[0].location.column).toBeUndefined();
    expect(noColumn.issues[0].fix?.zh).toContain('查册表');
    expect(noColumn.issues[0].fix?.zh).not.toContain('在台账中');
  });

  it('a search concluded 异常 (a seizure found) stands out on 查册汇总 instead of passing as 已查', () => {
    const seized = makeUnit({ room: '1504', stages: pastMortgage });
    const clean = makeUnit({ room: '1505', stages: pastMortgage });
    const records = [
      record({ unitKey: '3-2-1504', conclusion: '异常', encumbrances: [{ type: '查封', holder: '某区人民法院', amount: null, registrationNo: 'CF-1', date: '2026-02-11' }] }),
      record({ unitKey: '3-2-1505' }),
    ];
    const lines = checkTitleSearches([seized, clean], records);
    const layout = titleSearchSummarySheet(lines, loadSheetDescription('title-search-summary'), { lang: 'zh' });
    const statusCol = layout.values.find((r) => r[0] === '序号')!.indexOf('状态');
    const statusOf = (unitKey: string) => layout.values.find((r) => r[1] === unitKey)![statusCol];
    expect([statusOf('3-2-1504'), statusOf('3-2-1505')]).toEqual(['结论异常', '已查']);
    expect(layout.values.find((r) => r[0] === '状态：')![1]).toContain('结论异常 1');
    // and it is marked red like a missing search
    const red = layout.conditionalFormats.filter((c) => c.style.fill === 'FFFFC7CE').map((c) => c.formula);
    expect(red.some((f) => f.endsWith('="结论异常"'))).toBe(true);
  });

  it('a unit searched twice (the sheet copied for a re-search after its 查封 was lifted) is judged by the later search, whichever sheet comes first', () => {
    const u = makeUnit({ room: '1504', stages: pastMortgage });
    const seized = record({ unitKey: '3-2-1504', project: '滨江花园', sheet: '3-2-1504', searchDate: '2026-02-12', conclusion: '异常', encumbrances: [{ type: '查封', holder: '某区人民法院', amount: null, registrationNo: 'CF-1', date: '2026-02-11' }] });
    const lifted = record({ unitKey: '3-2-1504', project: '滨江花园', sheet: '3-2-1504 (2)', searchDate: '2026-03-20', remarks: '查封已于2026-03-18解除' });
    for (const records of [[seized, lifted], [lifted, seized]]) {
      const [line] = checkTitleSearches([u], records);
      expect([line.status, line.record?.searchDate, line.record?.conclusion]).toEqual(['done', '2026-03-20', '正常']);
    }
  });

  it('查册汇总 says 无 under 权利限制 only for a search done, not for a sheet nobody has filled in', () => {
    const searched = makeUnit({ room: '1504', stages: pastMortgage });
    const untouched = makeUnit({ room: '1505', stages: { signed: '2026-01-05' } });
    const records = [record({ unitKey: '3-2-1504' }), record({ unitKey: '3-2-1505', searchDate: null, conclusion: null, searcher: null, reviewer: null })];
    const layout = titleSearchSummarySheet(checkTitleSearches([searched, untouched], records), loadSheetDescription('title-search-summary'), { lang: 'zh' });
    const col = layout.values.find((r) => r[0] === '序号')!.indexOf('权利限制');
    expect([layout.values.find((r) => r[1] === '3-2-1504')![col], layout.values.find((r) => r[1] === '3-2-1505')![col]]).toEqual(['无', null]);
  });
});

describe('title-search workbook', () => {
  it('writes a summary plus one sheet per unit; a filled-in sheet reads back and is checked, located by sheet/row/column', async () => {
    const register = path.join(dir, 'r.xlsx');
    await writeRegisterFile(register, [
      makeUnit({ room: '1501', commercialLoan: '700000.00', stages: pastMortgage }),
      makeUnit({ room: '1502', stages: { signed: '2026-01-05' } }),
    ]);
    const out = path.join(dir, 't.xlsx');
    const run = await writeTitleSearch(register, out, { units: '3栋2单元1501,3-2-1502' });
    expect(run.layouts.map((l) => l.name)).toEqual(['查册汇总', '3-2-1501', '3-2-1502']);
    expect(run.issues.map((i) => `${i.code} ${i.location.sheet}!${i.location.column}${i.location.row}`)).toEqual(['TS_MISSING 按揭台账!AX3']); // AX = 查册日期, row 3 = first unit
    expect(run.issues[0].location.columnHeader).toBe('查册日期');
    // Written again onto the same file before anyone searched: the unit now has a 查册表, and the search goes there.
    const rerun = await writeTitleSearch(register, out, { units: '3栋2单元1501,3-2-1502' });
    const dateRow = labelRow((await new ExcelJS.Workbook().xlsx.readFile(out)).getWorksheet('3-2-1501')!, '查册日期：');
    expect(rerun.issues.map((i) => `${i.code} ${i.location.sheet}!${i.location.column}${i.location.row}`)).toEqual([`TS_MISSING 3-2-1501!B${dateRow}`]);
    expect(rerun.issues[0].fix?.zh).toContain('查册表“3-2-1501”');

    // A person fills in 3-2-1501: a seizure in the first table row, conclusion 正常.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('3-2-1501')!;
    const find = (label: string) => labelRow(ws, label);
    const header = find('序号');
    ws.getCell(header + 1, 2).value = '查封';
    ws.getCell(header + 1, 3).value = '天河区人民法院';
    ws.getCell(header + 2, 2).value = '抵押';
    ws.getCell(header + 2, 3).value = '中国工商银行';
    ws.getCell(header + 2, 4).value = 650000;
    ws.getCell(find('查册日期：'), 2).value = new Date(Date.UTC(2026, 1, 12));
    ws.getCell(find('结论：'), 2).value = '正常';
    ws.getCell(find('查册人：'), 2).value = '李四';
    ws.getCell(find('复核人：'), 2).value = '王经理';
    const filled = path.join(dir, 'filled.xlsx');
    await wb.xlsx.writeFile(filled);

    const records = await readTitleSearchWorkbook(filled);
    const r1501 = records.find((r) => r.unitKey === '3-2-1501')!;
    expect(r1501.encumbrances.map((e) => [e.type, e.holder, e.amount?.toFixed(2) ?? null])).toEqual([
      ['查封', '天河区人民法院', null],
      ['抵押', '中国工商银行', '650000.00'],
    ]);
    expect(r1501.searchDate).toBe('2026-02-12');

    const again = await writeTitleSearch(register, path.join(dir, 't2.xlsx'), { searches: filled });
    const found = again.issues.map((i) => `${i.severity} ${i.code} ${i.location.sheet}!${i.location.column ?? ''}${i.location.row ?? ''}`);
    expect(found).toEqual([
      `error TS_NORMAL_WITH_SEIZURE 3-2-1501!B${find('结论：')}`,
      `warning TS_MORTGAGE_AMOUNT 3-2-1501!D${header + 2}`,
    ]);
    expect(again.lines.map((l) => l.status)).toEqual(['problems', 'notYet']);
  });
});

describe('title-search read-back of what a person typed and Anjie cannot read', () => {
  it('an impossible 查册日期, an amount in words and a date without a year are reported at their cells and kept as typed', async () => {
    const register = path.join(dir, 'typed-r.xlsx');
    await writeRegisterFile(register, [makeUnit({ room: '1501', commercialLoan: '700000.00', stages: pastMortgage })]);
    const out = path.join(dir, 'typed-t.xlsx');
    await writeTitleSearch(register, out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('3-2-1501')!;
    const find = (label: string) => labelRow(ws, label);
    const header = find('序号');
    ws.getCell(find('查册日期：'), 2).value = '2026-02-30';
    ws.getRow(header + 1).values = [1, '抵押', '中国工商银行', '约70万', 'DY-1', '2月10日'];
    ws.getCell(find('结论：'), 2).value = '正常';
    ws.getCell(find('查册人：'), 2).value = '李四';
    ws.getCell(find('复核人：'), 2).value = '王经理';
    const filled = path.join(dir, 'typed-filled.xlsx');
    await wb.xlsx.writeFile(filled);

    const again = await writeTitleSearch(register, path.join(dir, 'typed-t2.xlsx'), { searches: filled });
    const unreadable = again.issues.filter((i) => i.code === 'TS_UNREADABLE').map((i) => `${i.location.sheet}!${i.location.column}${i.location.row} ${i.message.zh}`);
    expect(unreadable).toEqual([
      `3-2-1501!B${find('查册日期：')} 3-2-1501 查册日期「2026-02-30」无法识别为日期`,
      `3-2-1501!D${header + 1} 3-2-1501 金额「约70万」无法识别为金额`,
      `3-2-1501!F${header + 1} 3-2-1501 登记日期「2月10日」无法识别为日期`,
    ]);
    // Regenerated, the sheet still shows what was typed, for the person to correct.
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(path.join(dir, 'typed-t2.xlsx'));
    const ws2 = back.getWorksheet('3-2-1501')!;
    expect(ws2.getCell(find('查册日期：'), 2).value).toBe('2026-02-30');
    expect([ws2.getCell(header + 1, 4).value, ws2.getCell(header + 1, 6).value]).toEqual(['约70万', '2月10日']);
  });
});

describe('title-search capacity for a troubled unit', () => {
  /** Rows between the table header and 结论： whose 类型 cell a person can type into (unlocked, with the dropdown). */
  const inputRows = (ws: ExcelJS.Worksheet) => {
    const rows: number[] = [];
    for (let r = labelRow(ws, '序号') + 1; r < labelRow(ws, '结论：'); r++) {
      const c = ws.getCell(r, 2);
      if (c.protection?.locked === false && c.dataValidation?.type === 'list') rows.push(r);
    }
    return rows;
  };

  it('a protected sheet takes a mortgage, a 预告登记 and several courts’ 查封 (more than 5), and a regenerated sheet keeps spare rows', async () => {
    const register = path.join(dir, 'cap-r.xlsx');
    await writeRegisterFile(register, [makeUnit({ room: '1501', commercialLoan: '700000.00', stages: pastMortgage })]);
    const out = path.join(dir, 'cap-t.xlsx');
    await writeTitleSearch(register, out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('3-2-1501')!;
    const rows = inputRows(ws);
    expect(rows.length).toBeGreaterThanOrEqual(10);
    const typed = [
      ['预告登记', '中国工商银行'],
      ['抵押', '中国工商银行'],
      ['查封', '天河区人民法院'],
      ['查封', '越秀区人民法院'],
      ['查封', '广州市中级人民法院'],
      ['查封', '海珠区人民法院'],
      ['异议', '赵六'],
      ['限制/冻结', '广州市税务局'],
    ];
    typed.forEach(([type, holder], i) => {
      ws.getCell(rows[i], 2).value = type;
      ws.getCell(rows[i], 3).value = holder;
      ws.getCell(rows[i], 5).value = `DJ-${i + 1}`;
    });
    ws.getCell(labelRow(ws, '查册日期：'), 2).value = '2026-02-12';
    ws.getCell(labelRow(ws, '结论：'), 2).value = '异常';
    const filled = path.join(dir, 'cap-filled.xlsx');
    await wb.xlsx.writeFile(filled);

    const [rec] = await readTitleSearchWorkbook(filled);
    expect(rec.encumbrances.map((e) => [e.type, e.holder])).toEqual(typed);

    // Written back with what was read, the sheet still has empty rows for a later search's findings.
    const again = path.join(dir, 'cap-t2.xlsx');
    await writeTitleSearch(register, again, { searches: filled });
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(again);
    const ws2 = back.getWorksheet('3-2-1501')!;
    const empty = inputRows(ws2).filter((r) => ws2.getCell(r, 2).value === null);
    expect(inputRows(ws2).length - empty.length).toBe(typed.length);
    expect(empty.length).toBeGreaterThanOrEqual(3);
  });

  it('a sheet read back with 12 encumbrances is written back with 3 empty rows under them', () => {
    const unit = makeUnit({ room: '1501', stages: pastMortgage });
    const encumbrances = Array.from({ length: 12 }, (_, i) => ({ type: '查封', holder: `法院${i + 1}`, amount: null, registrationNo: `CF-${i + 1}`, date: null }));
    const layout = titleSearchSheet(unit, record({ conclusion: '异常', encumbrances }), loadSheetDescription('title-search'), { lang: 'zh' });
    const header = layout.values.findIndex((r) => r[0] === '序号');
    // the 类型 column's input cells: the 12 filled and 3 empty
    expect(layout.unlocked.filter((u) => u.col === 1 && u.row === header + 1).map((u) => u.rows)).toEqual([15]);
  });
});

describe('title-search read-back of a sheet as generated', () => {
  it('the 查册日期 prefilled from the register is no incomplete search: an untouched sheet reads back as 已查, without warnings', async () => {
    const register = path.join(dir, 'pre-r.xlsx');
    await writeRegisterFile(register, [
      makeUnit({ room: '1501', stages: pastMortgage, titleSearchDate: '2026-02-11' }),
      makeUnit({ room: '1502', stages: pastMortgage, titleSearchDate: '2026-02-11' }),
    ]);
    const out = path.join(dir, 'pre-t.xlsx');
    const first = await writeTitleSearch(register, out);
    expect(first.lines.map((l) => l.status)).toEqual(['done', 'done']);
    // 1502 partly filled in: who searched and the conclusion, not yet who reviewed.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('3-2-1502')!;
    ws.getCell(labelRow(ws, '结论：'), 2).value = '正常';
    ws.getCell(labelRow(ws, '查册人：'), 2).value = '李四';
    const filled = path.join(dir, 'pre-filled.xlsx');
    await wb.xlsx.writeFile(filled);

    const again = await writeTitleSearch(register, path.join(dir, 'pre-t2.xlsx'), { searches: filled });
    expect(again.issues.map((i) => i.message.zh)).toEqual(['3-2-1502 查册表未填：复核人']);
    expect(again.lines.map((l) => l.status)).toEqual(['done', 'problems']);
    // and 查册汇总 claims no finding (无) for the sheet nobody filled in
    const summary = again.layouts[0];
    const col = summary.values.find((r) => r[0] === '序号')!.indexOf('权利限制');
    expect([summary.values.find((r) => r[1] === '3-2-1501')![col], summary.values.find((r) => r[1] === '3-2-1502')![col]]).toEqual([null, '无']);
  });
});

describe('title-search read-back of values typed as the certificate shows them', () => {
  it('a 组合贷 unit’s two mortgages typed as 50万 / 人民币20万元, dates as 2026.11.3 and 2026年11月3日, a holder with spaces: read, and no warning', async () => {
    const register = path.join(dir, 'cert-r.xlsx');
    await writeRegisterFile(register, [
      makeUnit({ room: '1501', loanType: 'combined', bank: '中国工商银行', commercialLoan: '500000.00', providentLoan: '200000.00', stages: pastMortgage }),
    ]);
    const out = path.join(dir, 'cert-t.xlsx');
    await writeTitleSearch(register, out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('3-2-1501')!;
    const header = labelRow(ws, '序号');
    ws.getRow(header + 1).values = [null, '抵押', '中国工商银行 广州天河支行', '50万', 'DY-1', '2026.11.3'];
    ws.getRow(header + 2).values = [null, '抵押', '广州住房公积金管理中心', '人民币20万元', 'DY-2', '2026年11月3日'];
    ws.getCell(labelRow(ws, '查册日期：'), 2).value = '2026.11.3';
    ws.getCell(labelRow(ws, '结论：'), 2).value = '正常';
    ws.getCell(labelRow(ws, '查册人：'), 2).value = '李 四';
    ws.getCell(labelRow(ws, '复核人：'), 2).value = '王经理';
    const filled = path.join(dir, 'cert-filled.xlsx');
    await wb.xlsx.writeFile(filled);

    const [rec] = await readTitleSearchWorkbook(filled);
    expect(rec.encumbrances.map((e) => [e.amount?.toFixed(2), e.date])).toEqual([
      ['500000.00', '2026-11-03'],
      ['200000.00', '2026-11-03'],
    ]);
    const again = await writeTitleSearch(register, path.join(dir, 'cert-t2.xlsx'), { searches: filled });
    expect(again.issues).toEqual([]);
    expect(again.lines.map((l) => l.status)).toEqual(['done']);
  });
});

describe('title-search 金额 typed in the certificate’s own words', () => {
  it('a 组合贷 unit’s mortgages typed as 人民币伍拾万元整 and 20万元整 (债权数额 as the certificate states it): read as the loans, no issue', async () => {
    const register = path.join(dir, 'words-r.xlsx');
    await writeRegisterFile(register, [
      makeUnit({ room: '1501', loanType: 'combined', bank: '中国工商银行', commercialLoan: '500000.00', providentLoan: '200000.00', stages: pastMortgage }),
    ]);
    const out = path.join(dir, 'words-t.xlsx');
    await writeTitleSearch(register, out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('3-2-1501')!;
    const header = labelRow(ws, '序号');
    ws.getRow(header + 1).values = [null, '抵押', '中国工商银行广州天河支行', '人民币伍拾万元整', 'DY-1', '2026-11-03'];
    ws.getRow(header + 2).values = [null, '抵押', '广州住房公积金管理中心', '20万元整', 'DY-2', '2026-11-03'];
    ws.getCell(labelRow(ws, '查册日期：'), 2).value = '2026-11-04';
    ws.getCell(labelRow(ws, '结论：'), 2).value = '正常';
    ws.getCell(labelRow(ws, '查册人：'), 2).value = '李四';
    ws.getCell(labelRow(ws, '复核人：'), 2).value = '王经理';
    const filled = path.join(dir, 'words-filled.xlsx');
    await wb.xlsx.writeFile(filled);

    const [rec] = await readTitleSearchWorkbook(filled);
    expect(rec.encumbrances.map((e) => e.amount?.toFixed(2))).toEqual(['500000.00', '200000.00']);
    const again = await writeTitleSearch(register, path.join(dir, 'words-t2.xlsx'), { searches: filled });
    expect(again.issues).toEqual([]);
    expect(again.lines.map((l) => l.status)).toEqual(['done']);
  });

  it('written again (--searches), the sheet keeps 70万 and 人民币陆拾玖万元整 as typed, not ¥700,000.00, and still checks their value', async () => {
    const register = path.join(dir, 'kept-r.xlsx');
    await writeRegisterFile(register, [makeUnit({ room: '1501', commercialLoan: '700000.00', stages: pastMortgage })]);
    const out = path.join(dir, 'kept-t.xlsx');
    await writeTitleSearch(register, out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('3-2-1501')!;
    const header = labelRow(ws, '序号');
    ws.getRow(header + 1).values = [null, '预告登记', '中国工商银行广州天河支行', '70万', 'YG-1', '2026-01-20'];
    ws.getRow(header + 2).values = [null, '抵押', '中国工商银行广州天河支行', '人民币陆拾玖万元整', 'DY-1', '2026-02-10'];
    ws.getRow(header + 3).values = [null, '抵押', '中国工商银行广州天河支行', 700000, 'DY-2', '2026-02-10'];
    ws.getCell(labelRow(ws, '查册日期：'), 2).value = '2026-02-12';
    ws.getCell(labelRow(ws, '结论：'), 2).value = '正常';
    ws.getCell(labelRow(ws, '查册人：'), 2).value = '李四';
    ws.getCell(labelRow(ws, '复核人：'), 2).value = '王经理';
    const filled = path.join(dir, 'kept-filled.xlsx');
    await wb.xlsx.writeFile(filled);

    const again = await writeTitleSearch(register, path.join(dir, 'kept-t2.xlsx'), { searches: filled });
    // ¥690,000.00 in words is not the loan: checked as before
    expect(again.issues.map((i) => `${i.code} ${i.location.column}${i.location.row} ${i.message.zh}`)).toEqual([`TS_MORTGAGE_AMOUNT D${header + 2} 3-2-1501 抵押金额 ¥690,000.00 与贷款金额 ¥700,000.00 不一致`]);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(path.join(dir, 'kept-t2.xlsx'));
    const ws2 = back.getWorksheet('3-2-1501')!;
    expect([1, 2, 3].map((k) => ws2.getCell(header + k, 4).value)).toEqual(['70万', '人民币陆拾玖万元整', 700000]);
    // and read back once more, the same amounts
    const [rec] = await readTitleSearchWorkbook(path.join(dir, 'kept-t2.xlsx'));
    expect(rec.encumbrances.map((e) => e.amount?.toFixed(2))).toEqual(['700000.00', '690000.00', '700000.00']);
  });
});

describe('title-search 金额 no encumbrance has', () => {
  it('a negative amount and one with a fraction of a fen are errors at their cells, not taken, and written back as typed to be corrected', async () => {
    const register = path.join(dir, 'neg-r.xlsx');
    await writeRegisterFile(register, [makeUnit({ room: '1501', commercialLoan: '700000.00', stages: pastMortgage })]);
    const out = path.join(dir, 'neg-t.xlsx');
    await writeTitleSearch(register, out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('3-2-1501')!;
    const header = labelRow(ws, '序号');
    ws.getRow(header + 1).values = [null, '抵押', '中国工商银行广州天河支行', '-70万', 'DY-1', '2026-02-10'];
    ws.getRow(header + 2).values = [null, '抵押', '中国工商银行广州天河支行', '70.1234567万', 'DY-2', '2026-02-10'];
    ws.getCell(labelRow(ws, '查册日期：'), 2).value = '2026-02-12';
    ws.getCell(labelRow(ws, '结论：'), 2).value = '正常';
    ws.getCell(labelRow(ws, '查册人：'), 2).value = '李四';
    ws.getCell(labelRow(ws, '复核人：'), 2).value = '王经理';
    const filled = path.join(dir, 'neg-filled.xlsx');
    await wb.xlsx.writeFile(filled);

    const again = await writeTitleSearch(register, path.join(dir, 'neg-t2.xlsx'), { searches: filled });
    expect(again.issues.map((i) => `${i.severity} ${i.code} ${i.location.sheet}!${i.location.column}${i.location.row} ${i.message.zh}`)).toEqual([
      `error TS_UNREADABLE 3-2-1501!D${header + 1} 3-2-1501 金额「-70万」为负数，权利限制的金额不能为负`,
      `error TS_UNREADABLE 3-2-1501!D${header + 2} 3-2-1501 金额「70.1234567万」即 701234.567 元，有不足一分的尾数`,
    ]);
    expect(again.lines.map((l) => l.status)).toEqual(['problems']);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(path.join(dir, 'neg-t2.xlsx'));
    const ws2 = back.getWorksheet('3-2-1501')!;
    expect([ws2.getCell(header + 1, 4).value, ws2.getCell(header + 2, 4).value]).toEqual(['-70万', '70.1234567万']);
  });
});

describe('title-search printed', () => {
  it('a mortgagee’s full name and a 不动产登记证明号 print whole: they wrap in rows made tall enough, not cut at the next column', () => {
    const unit = makeUnit({ room: '1501', stages: pastMortgage });
    const long = { type: '抵押', holder: '中国工商银行股份有限公司广州天河支行', amount: new Decimal('700000'), registrationNo: '粤(2026)广州市不动产证明第0123456号', date: '2026-02-10' };
    const layout = titleSearchSheet(unit, record({ encumbrances: [long] }), loadSheetDescription('title-search'), { lang: 'zh' });
    const row = layout.values.findIndex((r) => r[1] === '抵押');
    const wraps = (col: number) => layout.styles.some((s) => s.style.wrap && s.range.col <= col && col < s.range.col + s.range.cols && s.range.row <= row && row < s.range.row + s.range.rows);
    expect([wraps(2), wraps(4)]).toEqual([true, true]);
    expect(layout.rowHeights?.some((h) => h.row === row)).toBe(true);
  });
});

describe('title-search --searches keeps the names typed in the signature blocks', () => {
  /** The 制表 / 审核(经理) / 日期 cells of a sheet's signature block (1-based row, the value cells right of each label). */
  function block(ws: ExcelJS.Worksheet) {
    const row = labelRow(ws, '制表：');
    expect(row, `${ws.name} has a signature block`).toBeGreaterThan(0);
    const labels = ws.getRow(row).values as unknown[];
    const col = (label: string) => labels.indexOf(label) + 1;
    return { row, prepared: col('制表：'), reviewed: col('审核(经理)：'), date: col('日期：') };
  }
  const names = (ws: ExcelJS.Worksheet) => {
    const b = block(ws);
    const v = (c: number) => ws.getCell(b.row, c).value;
    return [v(b.prepared), v(b.reviewed), v(b.date)];
  };

  async function filledWorkbook(stem: string) {
    const register = path.join(dir, `${stem}-r.xlsx`);
    await writeRegisterFile(register, [makeUnit({ room: '1501', commercialLoan: '700000.00', stages: pastMortgage }), makeUnit({ room: '1502', stages: pastMortgage })]);
    const out = path.join(dir, `${stem}-t.xlsx`);
    await writeTitleSearch(register, out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    // 3-2-1501 searched and its sheet signed off by hand: prepared by 李四, reviewed by 王经理, on 2026-02-13.
    const ws = wb.getWorksheet('3-2-1501')!;
    ws.getCell(labelRow(ws, '查册日期：'), 2).value = new Date(Date.UTC(2026, 1, 12));
    ws.getCell(labelRow(ws, '结论：'), 2).value = '正常';
    ws.getCell(labelRow(ws, '查册人：'), 2).value = '李四';
    ws.getCell(labelRow(ws, '复核人：'), 2).value = '王经理';
    const b = block(ws);
    ws.getCell(b.row, b.prepared).value = '李四';
    ws.getCell(b.row, b.reviewed).value = '王经理';
    ws.getCell(b.row, b.date).value = new Date(Date.UTC(2026, 1, 13));
    // the summary's block too: 制表 赵敏, 审核 王经理, no date yet
    const sum = wb.getWorksheet('查册汇总')!;
    const sb = block(sum);
    sum.getCell(sb.row, sb.prepared).value = '赵敏';
    sum.getCell(sb.row, sb.reviewed).value = '王经理';
    const filled = path.join(dir, `${stem}-filled.xlsx`);
    await wb.xlsx.writeFile(filled);
    return { register, filled };
  }

  it('a workbook written anew from a filled-in one keeps its 制表 and 审核 (and 日期) on the unit sheet and the summary', async () => {
    const { register, filled } = await filledWorkbook('sig');
    const out = path.join(dir, 'sig-t2.xlsx');
    await writeTitleSearch(register, out, { searches: filled });
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(out);
    const [prepared, reviewed, date] = names(back.getWorksheet('3-2-1501')!);
    expect([prepared, reviewed]).toEqual(['李四', '王经理']);
    expect(date instanceof Date ? date.toISOString().slice(0, 10) : date).toBe('2026-02-13');
    expect(names(back.getWorksheet('查册汇总')!)).toEqual(['赵敏', '王经理', null]);
    // the unit nobody signed for has an empty block still
    expect(names(back.getWorksheet('3-2-1502')!)).toEqual([null, null, null]);
    // and the search itself read back as before
    const [rec] = (await readTitleSearchWorkbook(out)).filter((r) => r.unitKey === '3-2-1501');
    expect([rec.searchDate, rec.conclusion, rec.searcher, rec.reviewer]).toEqual(['2026-02-12', '正常', '李四', '王经理']);
  });

  it('not from a workbook under a signature: the names there were put by signing what is being replaced', async () => {
    const { register, filled } = await filledWorkbook('sig-signed');
    await signWorkbook(filled, { name: '陈静', role: '制表', now: '2026-11-23T10:00:00' });
    const out = path.join(dir, 'sig-signed-t2.xlsx');
    await writeTitleSearch(register, out, { searches: filled });
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(out);
    expect(names(back.getWorksheet('3-2-1501')!)).toEqual([null, null, null]);
    expect(names(back.getWorksheet('查册汇总')!)).toEqual([null, null, null]);
    // the search is carried all the same
    expect(back.getWorksheet('3-2-1501')!.getCell(labelRow(back.getWorksheet('3-2-1501')!, '结论：'), 2).value).toBe('正常');
  });

  it('anjie title-search --searches says on which sheets it kept the names typed in the signature block, and where it left a signed one out', async () => {
    const { register, filled } = await filledWorkbook('sig-cli');
    const r = await anjie('title-search', '--register', register, '--searches', filled, '--out', path.join(dir, 'sig-cli-t2.xlsx'));
    expect(r.code).toBe(0);
    // the summary's block and 3-2-1501's were filled in; 3-2-1502's was left empty
    expect(r.out.split('\n').filter((l) => l.includes('签字栏'))).toEqual(['沿用了签字栏（制表/审核/日期）：查册汇总、3-2-1501 / signature block (制表/审核/日期) kept on: 查册汇总, 3-2-1501']);
    // once signed (signing puts 陈静 in every sheet's block, 3-2-1502's too), none is carried, and it says so
    await signWorkbook(filled, { name: '陈静', role: '制表', now: '2026-11-23T10:00:00' });
    const s = await anjie('title-search', '--register', register, '--searches', filled, '--out', path.join(dir, 'sig-cli-t3.xlsx'));
    expect(s.code).toBe(0);
    expect(s.out.split('\n').filter((l) => l.includes('签字栏'))).toEqual(['原表已签核，签字栏未沿用：查册汇总、3-2-1501、3-2-1502 / signed, so the signature block was not carried: 查册汇总, 3-2-1501, 3-2-1502']);
    // without --searches there is nothing to carry, and no such line
    const plain = await anjie('title-search', '--register', register, '--out', path.join(dir, 'sig-cli-t4.xlsx'));
    expect(plain.out).not.toContain('签字栏');
  });
});

describe('title-search --units with no unit in it', () => {
  // A script that builds the list from a query that found nothing passes --units "": that is not "every unit".
  it('is a usage error (exit 2, Chinese then English), nothing written, not the whole register', async () => {
    const register = path.join(dir, 'units-empty-r.xlsx');
    await writeRegisterFile(register, [makeUnit({ room: '1501' }), makeUnit({ room: '1502' })]);
    for (const units of ['', ' ', ',', '，；']) {
      const out = path.join(dir, 'units-empty-t.xlsx');
      const r = await anjie('title-search', '--register', register, '--units', units, '--out', out);
      expect(r.code, JSON.stringify(units)).toBe(2);
      expect(r.err).toMatch(/--units 没有给出任何房号[\s\S]*--units names no unit/);
      expect(fs.existsSync(out)).toBe(false);
    }
    // Left out, every unit is written, as before.
    const all = await anjie('title-search', '--register', register, '--out', path.join(dir, 'units-all-t.xlsx'));
    expect(all.code, all.err).toBe(0);
    expect(all.out).toContain('2 户');
  });
});

describe('title-search: a 查册日期 in the future and a 结论 the dropdown does not offer', () => {
  const unit = makeUnit({ room: '1501', commercialLoan: '700000.00', stages: pastMortgage });

  it('a 查册日期 after today is an error at its cell; today itself is not', () => {
    const typo = record({ sheet: '3-2-1501', searchDate: '2026-12-20', cells: { searchDate: 9, conclusion: 27 } });
    const issues = validateTitleSearch(typo, unit, { today: '2026-11-25' });
    expect(issues.map((i) => [i.severity, i.code, i.message.zh, `${i.location.sheet}!${i.location.column}${i.location.row}`])).toEqual([
      ['error', 'TS_DATE_FUTURE', '3-2-1501 查册日期 2026-12-20 晚于今天（2026-11-25）', '3-2-1501!B9'],
    ]);
    expect(issues[0].message.en).toBe('3-2-1501: search date 2026-12-20 is after today (2026-11-25)');
    expect(validateTitleSearch(typo, unit, { today: '2026-12-20' })).toEqual([]);
    const [line] = checkTitleSearches([unit], [typo], { today: '2026-11-25' });
    expect(line.issues.map((i) => i.code)).toEqual(['TS_DATE_FUTURE']);
    expect(line.status).toBe('problems');
  });

  it('a 结论 typed past the dropdown (无异常) is an error at its cell, so a 查封 listed under it cannot pass; 正常 and 异常 are not', () => {
    const seizure = { type: '查封', holder: '天河区人民法院', amount: null, registrationNo: 'CF-1', date: '2026-02-11' };
    const pasted = record({ sheet: '3-2-1501', conclusion: '无异常', encumbrances: [seizure], cells: { searchDate: 9, conclusion: 27 } });
    const issues = validateTitleSearch(pasted, unit);
    expect(issues.map((i) => [i.severity, i.code, i.message.zh, `${i.location.sheet}!${i.location.column}${i.location.row}`])).toEqual([
      ['error', 'TS_CONCLUSION', '3-2-1501 结论「无异常」不是下拉列表中的选项（正常、异常）', '3-2-1501!B27'],
    ]);
    expect(issues[0].message.en).toBe('3-2-1501: conclusion "无异常" is not one of the dropdown\'s (正常, 异常)');
    expect(validateTitleSearch(record({ conclusion: '正常' }), unit)).toEqual([]);
    expect(validateTitleSearch(record({ conclusion: '异常', encumbrances: [seizure] }), unit)).toEqual([]);
  });

  it('anjie title-search --searches reports both at their cells, judged against --today', async () => {
    const register = path.join(dir, 'future-r.xlsx');
    await writeRegisterFile(register, [makeUnit({ room: '1501', commercialLoan: '700000.00', stages: pastMortgage })]);
    const out = path.join(dir, 'future-t.xlsx');
    await writeTitleSearch(register, out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('3-2-1501')!;
    const find = (label: string) => labelRow(ws, label);
    ws.getCell(find('查册日期：'), 2).value = new Date(Date.UTC(2026, 11, 20)); // 2026-12-20
    ws.getCell(find('结论：'), 2).value = '无异常';
    ws.getCell(find('查册人：'), 2).value = '李四';
    ws.getCell(find('复核人：'), 2).value = '王经理';
    const filled = path.join(dir, 'future-filled.xlsx');
    await wb.xlsx.writeFile(filled);
    const run = await writeTitleSearch(register, path.join(dir, 'future-t2.xlsx'), { searches: filled, today: '2026-11-25' });
    expect(run.issues.map((i) => `${i.severity} ${i.code} ${i.location.sheet}!${i.location.column}${i.location.row}`).sort()).toEqual([
      `error TS_CONCLUSION 3-2-1501!B${find('结论：')}`,
      `error TS_DATE_FUTURE 3-2-1501!B${find('查册日期：')}`,
    ]);
    const later = await writeTitleSearch(register, path.join(dir, 'future-t3.xlsx'), { searches: filled, today: '2026-12-20' });
    expect(later.issues.map((i) => i.code)).toEqual(['TS_CONCLUSION']);
    // The command line takes --today as anjie validate does.
    const cli = await anjie('title-search', '--register', register, '--searches', filled, '--today', '2026-11-25', '--out', path.join(dir, 'future-t4.xlsx'));
    expect(cli.out).toContain('3-2-1501 查册日期 2026-12-20 晚于今天（2026-11-25）');
    expect(cli.out).toContain('3-2-1501 结论「无异常」不是下拉列表中的选项（正常、异常）');
    const onTheDay = await anjie('title-search', '--register', register, '--searches', filled, '--today', '2026-12-20', '--out', path.join(dir, 'future-t5.xlsx'));
    expect(onTheDay.out).not.toContain('晚于今天');
  });
});
