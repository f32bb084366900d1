import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { readRegister } from '../../pipeline/read/register';
import { registerWorkbook } from '../../pipeline/sample/registerXlsx';
import { anjie } from '../helpers/cli';
import { excelSheet } from '../helpers/excelReads';
import { smallRegister } from './smallRegister';

/**
 * exceljs (4.4) writes a text as it is, and OOXML reads `_xHHHH_` in a string as the character
 * U+HHHH: a 备注 in which `_x000D_` was typed (Excel saved it `_x005F_x000D_`, and the register is
 * read back with the text as typed) must come out of every workbook Anjie writes through exceljs
 * as typed, not as a line break; `_x0041_` not as "A"; a carriage return not as a line feed.
 */

const REMARK = '客户说明_x000D_已补件_x0041_';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-xesc-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every text of a sheet, as Excel reads it. */
const texts = async (file: string, sheet: string) => (await excelSheet(file, sheet)).flat().filter((t) => t);

describe('a register 备注 holding `_x000D_` as typed text', () => {
  it('the register written by anjie sample\'s writer reads back as typed, in Excel as in Anjie\'s reader', async () => {
    const units = smallRegister().map((u) => (u.room === '0101' ? { ...u, remarks: REMARK } : u.room === '0103' ? { ...u, remarks: '回车\r后' } : u));
    const file = path.join(dir, '按揭台账.xlsx');
    fs.writeFileSync(file, await registerWorkbook(units));
    const shown = await texts(file, '按揭台账');
    expect(shown).toContain(REMARK);
    expect(shown).toContain('回车\r后');
    const read = await readRegister(file);
    expect(read.units.find((u) => u.room === '0101')?.remarks).toBe(REMARK);
  });

  it('anjie progress shows it as typed on the weekly progress sheet', async () => {
    const units = smallRegister().map((u) => (u.room === '0101' ? { ...u, remarks: REMARK } : u));
    const register = path.join(dir, 'progress-register.xlsx');
    fs.writeFileSync(register, await registerWorkbook(units));
    const out = path.join(dir, '进度表.xlsx');
    const r = await anjie('progress', '--register', register, '--week', '2026-W48', '--out', out);
    expect(r.code, r.out + r.err).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.worksheets[0].name;
    const shown = await texts(out, sheet);
    expect(shown).toContain(REMARK);
    // exceljs reads it back the same (its shared strings are decoded as Excel decodes them).
    const cells: unknown[] = [];
    wb.worksheets[0].eachRow((row) => row.eachCell((c) => void cells.push(c.value)));
    expect(cells).toContain(REMARK);
  });
});
