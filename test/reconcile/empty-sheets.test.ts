import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cli, scenario, tempDir } from './files';

async function sheetLines(file: string, name: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const lines: string[] = [];
  wb.getWorksheet(name)!.eachRow((row) => lines.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')).join('|')));
  return lines;
}

describe('a sheet of the report with nothing to list says so', () => {
  it('差异 and 未解析 of a month that matched row for row: a line under the header, not a page of a header alone; counted nowhere, and next month reads the report as before', async () => {
    const oct = await scenario({
      period: '2026-10',
      bank: [
        { ref: 'B1', amount: '880000', name: '丙', memo: '2-1-301按揭', date: '2026-10-20' },
        { ref: 'B2', amount: '700000', name: '丁', memo: '2-1-302按揭', date: '2026-10-22' },
      ],
      finance: [
        { voucher: '记-1', amount: '880000', customer: '丙', unit: '2-1-301', date: '2026-10-20' },
        { voucher: '记-2', amount: '700000', customer: '丁', unit: '2-1-302', date: '2026-10-22' },
      ],
    });
    const rejected = await sheetLines(oct.out, '未解析');
    expect(rejected).toHaveLength(2);
    expect(rejected[1]).toMatch(/^无未解析的行.* \/ No rows were rejected/);
    const diff = await sheetLines(oct.out, '差异');
    expect(diff).toHaveLength(2);
    expect(diff[1]).toMatch(/^无差异.* \/ No differences/);
    // Not a row anywhere: nothing UNPARSEABLE or open in the JSON, 0 under 其中未解析 on 汇总, no 未解析 on stdout.
    expect(oct.json.rows.map((r) => r.outcome)).toEqual(['MATCHED', 'MATCHED', 'MATCHED', 'MATCHED']);
    expect(oct.json.open).toEqual([]);
    expect(await sheetLines(oct.out, '汇总')).toEqual(expect.arrayContaining(['工行.csv|银行|2|0', '序时账.xlsx|财务|2|0']));
    expect(oct.stdout).not.toContain('未解析');
    // The report as next month's --previous: nothing carried, no line of its 差异 taken for a note.
    const nov = await scenario({
      bank: [{ ref: 'B3', amount: '500000', name: '戊', memo: '2-1-303按揭', date: '2026-11-05' }],
      finance: [{ voucher: '记-3', amount: '500000', customer: '戊', unit: '2-1-303', date: '2026-11-05' }],
      args: ['--previous', oct.out],
    });
    expect(nov.code).toBe(0);
    expect(nov.stdout).not.toMatch(/上期报告差异表|warning/);
    expect(nov.json.rows.map((r) => r.outcome)).toEqual(['MATCHED', 'MATCHED']);
  });

  it('not when there are rows: 未解析 lists the rejected rows alone', async () => {
    const dir = await tempDir();
    const hostile = (f: string) => path.join(__dirname, '..', 'fixtures', 'hostile', f);
    const out = path.join(dir, 'r.xlsx');
    const r = await cli(['reconcile', '--bank', hostile('text-amounts.csv'), '--finance', hostile('journal-bad-rows.xlsx'), '--period', '2026-03', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const rejected = await sheetLines(out, '未解析');
    expect(rejected).toHaveLength(1 + 3 + 2);
    expect(rejected.join('\n')).not.toContain('无未解析');
  });
});
