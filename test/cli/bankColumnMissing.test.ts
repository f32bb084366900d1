import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anjie } from '../helpers/cli';
import { makeUnit } from '../templates/helpers';
import { removeRegisterColumns, writeRegisterFile } from '../templates/registerFile';

/**
 * A register whose header has no 贷款银行 column is told so once, at its header (COLUMN_MISSING), by
 * anjie validate and by the commands that read the bank (progress, fees), not once per unit with a
 * commercial loan at no cell; a blank 贷款银行 cell in a register that has the column stays BANK_MISSING there.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-bankcol-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const root = path.resolve(__dirname, '..', '..');
/** bin/anjie.js as the desk runs it (the compiled CLI in lib/). */
function launch(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'anjie.js'), ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const bankless = path.join(dir, 'no-bank.xlsx');
const blankCell = path.join(dir, 'blank-bank.xlsx');
// Three units on commercial loans, no 保证金比例 of their own.
const units = ['0101', '0102', '0103'].map((room) => makeUnit({ room }));
beforeAll(async () => {
  await writeRegisterFile(bankless, units);
  await removeRegisterColumns(bankless, ['贷款银行']);
  await writeRegisterFile(blankCell, [units[0], { ...units[1], bank: null }, units[2]]);
});

const lines = (out: string, text: string) => out.split('\n').filter((l) => l.includes(text));

describe('anjie validate on a register without a 贷款银行 column', () => {
  it('says once, at the header row, that the column is missing and how to add it: one error, not one per unit', () => {
    const r = launch('validate', bankless, '--today', '2026-11-30');
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    expect(lines(r.out, 'COLUMN_MISSING')).toHaveLength(1);
    expect(r.out).toMatch(/错误 error\s+按揭台账!\d+ COLUMN_MISSING: 表头中没有「贷款银行」列/);
    expect(r.out).toContain('The header row has no "Lending bank" column');
    expect(r.out).toContain('anjie register new');
    expect(r.out).not.toContain('BANK_MISSING');
    expect(r.out).toContain('3 条房屋记录：1 个错误');
  });

  it('a blank 贷款银行 cell in a register that has the column is still BANK_MISSING, at that cell', () => {
    const r = launch('validate', blankCell, '--today', '2026-11-30');
    expect(r.code).toBe(1);
    expect(lines(r.out, 'BANK_MISSING')).toHaveLength(1);
    expect(r.out).toMatch(/错误 error\s+按揭台账!AB\d+ \[贷款银行\] BANK_MISSING: 有商贷金额但未填贷款银行/);
    expect(r.out).not.toContain('COLUMN_MISSING');
  });
});

describe('the commands that read the bank, on a register without a 贷款银行 column', () => {
  it('anjie progress (the sheet groups units by bank) lists the missing column once', async () => {
    const r = await anjie('progress', '--register', bankless, '--week', '2026-W48', '--today', '2026-11-30', '--out', path.join(dir, 'P.xlsx'));
    expect(r.code, r.err).toBe(0);
    expect(lines(r.out, 'COLUMN_MISSING')).toHaveLength(1);
    expect(r.out).toMatch(/按揭台账!\d+ .*COLUMN_MISSING: 表头中没有「贷款银行」列/);
  });

  it('anjie fees lists the missing column once, and the 按揭保证金 it leaves 无法计算 once at the header row with how many, saying the register has no 贷款银行 column, not that none was filled in', async () => {
    const r = await anjie('fees', '--register', bankless, '--city', 'guangzhou', '--out', path.join(dir, 'F.xlsx'));
    expect(r.code, r.err).toBe(0);
    expect(lines(r.out, 'COLUMN_MISSING')).toHaveLength(1);
    const header = /按揭台账!(\d+) COLUMN_MISSING: 表头中没有「贷款银行」列/.exec(r.out)?.[1];
    expect(header).toBeDefined();
    // Not once per unit's row, where there is no cell to correct: at the header, as COLUMN_MISSING is.
    expect(lines(r.out, 'DEPOSIT_NOT_COMPUTED')).toEqual([expect.stringContaining(`按揭台账!${header} DEPOSIT_NOT_COMPUTED: 3 项按揭保证金无法计算：贷款银行不详（台账没有「贷款银行」列），无法确定保证金比例`)]);
    expect(r.out).toContain('无法计算的按揭保证金 3 项，未计入按揭保证金表的合计');
    expect(r.out).not.toContain('未填贷款银行');
    // Each unit's line on the sheet still says why.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'F.xlsx'));
    const why: string[] = [];
    wb.getWorksheet('按揭保证金')!.eachRow((row) => (row.values as unknown[]).forEach((v) => typeof v === 'string' && v.startsWith('无法计算：贷款银行') && why.push(v)));
    expect(why).toEqual(Array(3).fill('无法计算：贷款银行不详（台账没有「贷款银行」列），无法确定保证金比例'));
  });
});
