import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../pipeline/errors';
import { entryBytes, readZipDirectory } from '../../pipeline/read/guards';
import { ZipOut } from '../../pipeline/reconcile/xlsx';
import { assertNotSigned } from '../../pipeline/signoff/workbook';
import { anjie, tempDir } from './helpers';

/**
 * `signoff unseal` and the writers' assertNotSigned (`reconcile --force` over a signed report) read
 * only the records (and, to unseal, the signed sheets' signature blocks), streamed: loaded whole by
 * exceljs, a signed 100k-row reconciliation report took 3 min 36 s and 3.5 GB to unseal and
 * 1 min 15 s and 1.7 GB to check before overwriting.
 */

const XLSX = createRequire(__filename)('exceljs/lib/xlsx/xlsx') as { prototype: { readFile(file: string): Promise<unknown> } };
afterEach(() => vi.restoreAllMocks());

async function entries(file: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const e of (await readZipDirectory(file))!) out.set(e.name, await entryBytes(file, e));
  return out;
}

/**
 * A report: 汇总 (signed, with a signature block) and 已匹配 (not signed, 2,000 rows, with a
 * comment in its XML, which a rewrite through exceljs drops). With `link`, a hyperlink on 汇总,
 * which the streaming reader leaves to exceljs.
 */
async function report(file: string, link = false): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const sum = wb.addWorksheet('汇总');
  sum.getCell('A1').value = '对账汇总 2026-11';
  sum.getCell('A2').value = '银行流水笔数';
  sum.getCell('B2').value = 2000;
  if (link) sum.getCell('A3').value = { text: '说明', hyperlink: 'https://example.com/doc' };
  sum.getCell('A5').value = '制表：';
  sum.getCell('C5').value = '审核：';
  sum.getCell('E5').value = '日期：';
  const matched = wb.addWorksheet('已匹配');
  for (let r = 1; r <= 2000; r++) matched.getRow(r).values = [`3-2-${1000 + r}`, '张三', 800000 + r];
  const plain = `${file}.plain.xlsx`;
  await wb.xlsx.writeFile(plain);
  const zip = new ZipOut(file);
  for (const [name, bytes] of await entries(plain)) {
    await zip.file(name, name === 'xl/worksheets/sheet2.xml' ? bytes.toString('utf8').replace('<sheetData>', '<!-- 对账程序生成 --><sheetData>') : bytes);
  }
  await zip.close();
}

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

describe('signoff unseal and assertNotSigned read only the records', () => {
  it('unseal empties the signature block, removes the protection, keeps the history, without loading the workbook; the unsigned sheet is copied byte for byte', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'report.xlsx');
    await report(file);
    expect((await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表', '--sheets', '汇总', '--password', 'pw')).code).toBe(0);
    const before = await entries(file);
    expect(before.get('xl/worksheets/sheet2.xml')!.toString('utf8')).toContain('对账程序生成');

    const readFile = vi.spyOn(XLSX.prototype, 'readFile');
    const r = await anjie('signoff', 'unseal', file, '--name', '王经理', '--reason', '金额需更正');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('unsealed: 1 条记录');
    expect(readFile).not.toHaveBeenCalled();
    readFile.mockRestore();

    const after = await entries(file);
    expect(after.get('xl/worksheets/sheet2.xml')!.equals(before.get('xl/worksheets/sheet2.xml')!)).toBe(true);
    const wb = await load(file);
    const sum = wb.getWorksheet('汇总')!;
    expect(sum.getCell('B5').value).toBeNull();
    expect(sum.getCell('F5').value).toBeNull();
    expect((sum as unknown as { sheetProtection?: unknown }).sheetProtection ?? null).toBeNull();
    expect(wb.getWorksheet('签核记录')!.state).toBe('veryHidden');
    expect((await anjie('signoff', 'verify', file)).code).toBe(2); // not signed any more
    const show = await anjie('signoff', 'show', file);
    expect(show.out).toMatch(/#1 第1轮 round 1 {2}制表 prepared by {2}李四 .*已撤销 unsealed（王经理 .*：金额需更正）/);
    // a new round starts on the unsealed workbook
    expect((await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表', '--sheets', '汇总')).code).toBe(0);
    expect((await anjie('signoff', 'verify', file)).code).toBe(0);
  });

  it('a workbook the streaming reader leaves to exceljs (a link on the signed sheet) is unsealed as before', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'report.xlsx');
    await report(file, true);
    expect((await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表', '--sheets', '汇总')).code).toBe(0);
    const r = await anjie('signoff', 'unseal', file, '--name', '王经理', '--reason', '金额需更正');
    expect(r.code, r.err).toBe(0);
    const sum = (await load(file)).getWorksheet('汇总')!;
    expect(sum.getCell('B5').value).toBeNull();
    expect((sum as unknown as { sheetProtection?: unknown }).sheetProtection ?? null).toBeNull();
    expect((await anjie('signoff', 'verify', file)).code).toBe(2);
  });

  it('unseal of a workbook that is not signed is refused as before, the file untouched', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'report.xlsx');
    await report(file);
    const before = await fs.readFile(file);
    const r = await anjie('signoff', 'unseal', file, '--name', '王经理', '--reason', '金额需更正');
    expect(r.code).toBe(2);
    expect(r.err).toContain('本工作簿没有有效的签核，无需撤销。');
    expect((await fs.readFile(file)).equals(before)).toBe(true);
  });

  it('assertNotSigned: a signed report is refused (or passed with --force) from its records alone; unsealed, unreadable or damaged-record targets as before', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'report.xlsx');
    await report(file);
    expect((await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表', '--sheets', '汇总')).code).toBe(0);
    const readFile = vi.spyOn(XLSX.prototype, 'readFile');
    await expect(assertNotSigned(file, false)).rejects.toThrow(/report\.xlsx 已签核（制表 李四 .*），不能覆盖。/);
    const warn = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await expect(assertNotSigned(file, true)).resolves.toBeUndefined();
    expect(String(warn.mock.calls[0]?.[0])).toContain('因 --force 仍将覆盖');
    warn.mockRestore();
    expect(readFile).not.toHaveBeenCalled();
    readFile.mockRestore();

    // a record sheet whose rows cannot be read is taken for signed (refused), as before
    const damaged = path.join(dir, 'damaged.xlsx');
    const zip = new ZipOut(damaged);
    const part = [...(await entries(file))].find(([name, bytes]) => name.startsWith('xl/worksheets/') && bytes.toString('utf8').includes('指纹 SHA-256'))![0];
    for (const [name, bytes] of await entries(file)) await zip.file(name, name === part ? bytes.toString('utf8').replace(/指纹 SHA-256/, '指纹') : bytes);
    await zip.close();
    expect((await anjie('signoff', 'show', damaged)).err).toContain('签核记录表已损坏');
    await expect(assertNotSigned(damaged, false)).rejects.toBeInstanceOf(UserError);

    expect((await anjie('signoff', 'unseal', file, '--name', '王经理', '--reason', '重新生成')).code).toBe(0);
    await expect(assertNotSigned(file, false)).resolves.toBeUndefined();
    const junk = path.join(dir, 'junk.xlsx');
    await fs.writeFile(junk, 'not a workbook');
    await expect(assertNotSigned(junk, false)).resolves.toBeUndefined();
  });
});
