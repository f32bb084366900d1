/**
 * Lines of a register that are not units, read alike by the add-in (in-memory Excel) and the CLI:
 * a second header row (the English line under the Chinese one), the header repeated over a block
 * pasted from another list, a 小计 line whose label is in the 楼栋 column, and a 合计 line labelled in
 * a 序号 column the desk put left of the register's own columns.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FakeExcel } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { loadRegister } from '../../addin/services/actions';
import { sheetDescription } from '../../addin/services/templates';
import { validateRegisterFile } from '../../pipeline/commands/validate';

type Table = (string | number | null)[][];

/** The table validated in the add-in and from an .xlsx: what each found, as "CODE@cell" and unit rows. */
async function bothWays(table: Table): Promise<{ issues: string[]; rows: (number | undefined)[] }[]> {
  const fake = new FakeExcel();
  fake.state.sheets[0].name = '按揭台账';
  fake.seed('按揭台账', { row: 0, col: 0 }, table);
  const inExcel = await loadRegister(memoryHost(fake), {}, '2026-11-23');

  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-lines-')), '按揭台账.xlsx');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('按揭台账');
  for (const r of table) ws.addRow(r);
  await wb.xlsx.writeFile(file);
  const fromFile = await validateRegisterFile(file, { today: '2026-11-23' });

  return [inExcel, fromFile].map((r) => ({
    issues: r.issues.map((i) => `${i.code}@${i.location.column}${i.location.row}`),
    rows: r.units.map((u) => u.source?.row),
  }));
}

describe('register lines that are not units', () => {
  const sample = sampleRegister({ units: 6, asOf: '2026-11-23' });
  const blank = sample.headers.map(() => null);

  it('reads the English header line and a header repeated over the second block as headers, not as units with errors', async () => {
    const english = sheetDescription('register').columns.map((c) => c.header.en);
    const table = [sample.headers, english, ...sample.rows.slice(0, 3), blank, sample.headers, ...sample.rows.slice(3)];
    for (const r of await bothWays(table)) expect(r).toEqual({ issues: [], rows: [3, 4, 5, 8, 9, 10] });
  });

  it('takes a 小计 line labelled in the 楼栋 column (the 项目 column left blank) for a total, not a unit missing its 房号', async () => {
    const subtotal = blank.map((_, c) => (sample.headers[c] === '楼栋' ? '1栋 小计' : sample.headers[c] === '建筑面积(㎡)' ? 600 : null));
    for (const r of await bothWays([sample.headers, ...sample.rows, subtotal])) expect(r).toEqual({ issues: [], rows: [2, 3, 4, 5, 6, 7] });
  });

  it('takes a 合计 line labelled in a 序号 column left of 项目 for a total, not a unit with a dozen 必填 errors', async () => {
    // Ledgers kept by hand often number their rows in a first column of their own and total the prices under it.
    const price = sample.headers.indexOf('合同总价');
    const total = sample.rows.reduce((sum, r) => sum + Number(r[price]), 0);
    const table: Table = [['序号', ...sample.headers], ...sample.rows.map((r, i) => [i + 1, ...r]), ['合计', ...blank.map((_, c) => (c === price ? total : null))]];
    for (const r of await bothWays(table)) expect(r).toEqual({ issues: [], rows: [2, 3, 4, 5, 6, 7] });
  });
});
