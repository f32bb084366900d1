/**
 * Which sheet is the register, told alike by the add-in and the CLI: the sheet whose header row has
 * the most register columns (a short list copied out of the register onto the first sheet is not
 * it), and a register whose 合同编号 column is headed otherwise is still found, with that column
 * reported missing.
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
import { validateRegisterFile } from '../../pipeline/commands/validate';

type Table = (string | number | null)[][];

/** The sheets in the add-in (in-memory Excel) and as an .xlsx: the register sheet each read, its units' rows and its issues. */
async function bothWays(sheets: [string, Table][]) {
  const fake = new FakeExcel();
  fake.state.sheets[0].name = sheets[0][0];
  for (const [name, table] of sheets) {
    if (name !== sheets[0][0]) fake.state.addSheet(name);
    fake.seed(name, { row: 0, col: 0 }, table);
  }
  const inExcel = await loadRegister(memoryHost(fake), {}, '2026-11-23');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-find-')), '按揭台账.xlsx');
  const wb = new ExcelJS.Workbook();
  for (const [name, table] of sheets) {
    const ws = wb.addWorksheet(name);
    for (const r of table) ws.addRow(r);
  }
  await wb.xlsx.writeFile(file);
  const fromFile = await validateRegisterFile(file, { today: '2026-11-23' });
  return [
    { sheet: inExcel.data.location.sheet, rows: inExcel.units.map((u) => u.source?.row), issues: inExcel.issues.map((i) => `${i.code}@${i.location.sheet}!${i.location.column ?? ''}${i.location.row}`) },
    { sheet: fromFile.sheet, rows: fromFile.units.map((u) => u.source?.row), issues: fromFile.issues.map((i) => `${i.code}@${i.location.sheet}!${i.location.column ?? ''}${i.location.row}`) },
  ];
}

describe('finding the register', () => {
  const sample = sampleRegister({ units: 4, asOf: '2026-11-23' });

  it('reads the full register, not a short list of this week’s disbursements copied onto the first sheet', async () => {
    const picked = ['项目', '楼栋', '房号', '合同编号', '买受人1', '合同总价'].map((h) => sample.headers.indexOf(h));
    const list: Table = [picked.map((c) => sample.headers[c]), ...sample.rows.slice(0, 2).map((r) => picked.map((c) => r[c]))];
    for (const r of await bothWays([['本周放款', list], ['按揭台账', [sample.headers, ...sample.rows]]])) {
      expect(r).toEqual({ sheet: '按揭台账', rows: [2, 3, 4, 5], issues: [] });
    }
  });

  it('finds a register whose 合同编号 column is headed 合同号 and says that column is missing, at the header row', async () => {
    const headers = sample.headers.map((h) => (h === '合同编号' ? '合同号' : h));
    for (const r of await bothWays([['按揭台账', [headers, ...sample.rows]]])) {
      expect(r).toEqual({ sheet: '按揭台账', rows: [2, 3, 4, 5], issues: ['COLUMN_MISSING@按揭台账!1'] });
    }
  });
});
