import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { validateRegister } from '../../domain/registerValidation/validate';
import { readRegister, readRegisterWorkbook } from '../../pipeline/read/register';
import { loadSheetDescription } from '../../pipeline/render/templates';
import { makeUnit } from './helpers';
import { writeRegisterFile } from './registerFile';
import { writeBlankRegister } from '../../pipeline/commands/register';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-register-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const description = loadSheetDescription('register');

describe('reading a register', () => {
  it('round-trips hand-made units through an .xlsx (title row above the header, Chinese headers)', async () => {
    const file = path.join(dir, 'r.xlsx');
    const a = makeUnit({ room: '1501', totalPrice: '1234567.89', downPayment: '434567.89', commercialLoan: '800000.00', stages: { signed: '2025-03-01', filed: '2025-03-05' } });
    const b = makeUnit({ room: '1502', loanType: 'combined', commercialLoan: '400000.00', providentLoan: '300000.00' });
    await writeRegisterFile(file, [a, b]);
    const r = await readRegister(file);
    expect(r.issues).toEqual([]);
    expect(r.sheet.headerRow).toBe(2);
    expect(r.units.map((u) => u.unitKey)).toEqual(['3-2-1501', '3-2-1502']);
    expect(r.units[0].totalPrice!.toFixed(2)).toBe('1234567.89');
    expect(r.units[0].stages).toEqual({ signed: '2025-03-01', filed: '2025-03-05' });
    expect(r.units[1].loanType).toBe('combined');
    expect(r.units[1].providentLoan?.toFixed(2)).toBe('300000.00');
    expect(r.units[0].buyers[0].idNumber).toBe('11010519491231002X');
    expect(r.units[0].householdHomes).toBe(1);
  });

  it('reads the dates of a register kept in the 1904 date system as LibreOffice saves it (date1904="true"), not 4 years early', async () => {
    const file = path.join(dir, 'r1904.xlsx');
    await writeRegisterFile(file, [makeUnit({ room: '1501', stages: { signed: '2025-03-01', filed: '2025-03-05' } })]);
    // The same register saved in the 1904 system (a Mac workbook, or a legacy .xls LibreOffice converted), written as LibreOffice writes the flag.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    wb.properties.date1904 = true;
    await wb.xlsx.writeFile(file);
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const xml = await zip.file('xl/workbook.xml')!.async('string');
    expect(xml).toContain('date1904="1"');
    zip.file('xl/workbook.xml', xml.replace('date1904="1"', 'date1904="true"'));
    fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
    const r = await readRegister(file);
    expect(r.units[0].stages).toEqual({ signed: '2025-03-01', filed: '2025-03-05' });
  });

  it('finds the header on a later sheet, below notes, with columns in another order and English headers', async () => {
    const file = path.join(dir, 'moved.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').getCell('A1').value = '这是说明页';
    const ws = wb.addWorksheet('台账2026');
    ws.getCell('A1').value = '滨江花园 按揭台账';
    ws.getRow(4).values = ['Room', 'Building', 'Unit', 'Project', 'Contract no.', 'Total price', 'Down payment', 'Usage'];
    ws.getRow(5).values = [1501, '3栋', '2单元', '滨江花园', 'HT-1', 1000000, 1000000, '住宅'];
    await wb.xlsx.writeFile(file);
    const r = await readRegister(file);
    expect(r.sheet.sheet).toBe('台账2026');
    expect(r.sheet.headerRow).toBe(4);
    expect(r.sheet.columns.totalPrice).toBe('F');
    expect(r.units[0].unitKey).toBe('3-2-1501');
    expect(r.units[0].source?.row).toBe(5);
  });
});

describe('registers written by hand in Excel', () => {
  it('reads an Excel table (ListObject) and flags an ID number stored as a number; a passport for buyer 3 is not checked as a resident ID', async () => {
    const file = path.join(dir, 'table.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addTable({
      name: 'Register',
      ref: 'B3',
      headerRow: true,
      columns: ['项目', '楼栋', '单元', '房号', '用途', '建筑面积(㎡)', '买受人1', '证件类型1', '证件号码1', '买受人3', '证件号码3', '合同编号', '签约日期', '合同总价', '首付款', '贷款类型'].map((name) => ({ name })),
      rows: [
        ['滨江花园', '3', '2', '1501', '住宅', 100, '张三', '身份证', '11010519491231002X', '史密斯', 'E12345678', 'HT-1', new Date(Date.UTC(2025, 2, 1)), 1000000, 1000000, '一次性付款'],
        ['滨江花园', '3', '2', '1502', '住宅', 100, '李四', '身份证', 110105194912310000, null, null, 'HT-2', new Date(Date.UTC(2025, 2, 1)), 1000000, 1000000, '一次性付款'],
      ],
    });
    await wb.xlsx.writeFile(file);
    const { sheet } = await readRegisterWorkbook(file);
    expect([sheet.sheet, sheet.headerRow, sheet.columns.room]).toEqual(['Sheet1', 3, 'E']);
    const r = validateRegister(sheet, { description, today: '2026-11-23' });
    expect(r.units.map((u) => u.unitKey)).toEqual(['3-2-1501', '3-2-1502']);
    expect(r.issues.map((i) => `${i.code} ${i.location.column}${i.location.row}`)).toEqual(['ID_AS_NUMBER J5']);
  });
});

describe('validating a register', () => {
  it('locates each problem by sheet, row and column letter', async () => {
    const file = path.join(dir, 'bad.xlsx');
    const ok = makeUnit({ room: '0101' });
    const badId = makeUnit({ room: '0102', buyers: [{ name: '王五', idType: '身份证', idNumber: '110105194912310021' }] });
    const badSum = makeUnit({ room: '0103', downPayment: '300000.01' });
    const explained = makeUnit({ room: '0104', downPayment: '290000.00', remarks: '开发商优惠 1 万元抵首付' });
    const badStage = makeUnit({ room: '0105', stages: { signed: '2025-03-01', filed: '2025-02-01' } });
    const gap = makeUnit({ room: '0106', stages: { signed: '2025-03-01', filed: '2025-03-02', sentToBank: '2025-03-09' } });
    const badType = makeUnit({ room: '0107', loanType: 'providentFund' });
    const badBank = makeUnit({ room: '0108', bank: '火星银行' });
    const dupUnit = makeUnit({ room: '0101', contractNo: 'HT-X' });
    const dupContract = makeUnit({ room: '0109', contractNo: 'HT-3-2-0102' });
    const future = makeUnit({ room: '0110', stages: { signed: '2025-03-01', filed: '2026-12-01' } });
    const missing = makeUnit({ room: '0111', contractNo: '' });
    const odd = makeUnit({ room: '0112', usage: '公寓' });
    await writeRegisterFile(file, [ok, badId, badSum, explained, badStage, gap, badType, badBank, dupUnit, dupContract, future, missing, odd]);
    const { sheet } = await readRegisterWorkbook(file);
    const r = validateRegister(sheet, { description, today: '2026-11-23' });
    const found = r.issues.map((i) => `${i.severity} ${i.code} ${i.location.sheet}!${i.location.column}${i.location.row}`);
    // Header is row 2 (title in row 1), so the n-th unit is on row n + 2. Columns per register.json.
    expect(found).toEqual(
      expect.arrayContaining([
        'error ID_CHECKSUM 按揭台账!K4',
        'error AMOUNT_SUM 按揭台账!Y5',
        'warning AMOUNT_SUM 按揭台账!Y6',
        'error STAGE_ORDER 按揭台账!W7',
        'error STAGE_GAP 按揭台账!AG8', // the empty 资料收齐 cell,
        'error LOAN_TYPE 按揭台账!AA9',
        'error BANK_UNKNOWN 按揭台账!AB10',
        'error DUPLICATE_UNIT 按揭台账!E11',
        'error DUPLICATE_CONTRACT 按揭台账!U12',
        'error DATE_FUTURE 按揭台账!W13',
        'error REQUIRED 按揭台账!U14',
        'error BAD_VALUE 按揭台账!F15',
      ]),
    );
    expect(found.filter((f) => f.includes('!') && f.endsWith('3') && !f.endsWith('13'))).toEqual([]); // the clean row
    expect(r.issues.find((i) => i.code === 'ID_CHECKSUM')?.message.zh).toContain('110105********0021');
    expect(r.issues[0].severity).toBe('error');
  });

  it('a blank register from `register new` reads back as no rows and no issues', async () => {
    const file = path.join(dir, 'blank.xlsx');
    await writeBlankRegister(file, { rows: 20 });
    const { sheet } = await readRegisterWorkbook(file);
    expect(sheet.rows).toEqual([]);
    expect(validateRegister(sheet, { description, today: '2026-11-23' }).issues).toEqual([]);
  });
});
