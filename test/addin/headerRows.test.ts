/**
 * A register with a second header row (the English line under the Chinese one) and the header
 * repeated over a later block, as registers pasted together from several lists have it: the extra
 * header lines are not units, in the add-in (in-memory Excel) as in the CLI.
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

describe('a register with more than one header row', () => {
  it('reads the English header line and a header repeated over the second block as headers, not as units with errors', async () => {
    const sample = sampleRegister({ units: 6, asOf: '2026-11-23' });
    const english = sheetDescription('register').columns.map((c) => c.header.en);
    const blank = sample.headers.map(() => null);
    const table = [sample.headers, english, ...sample.rows.slice(0, 3), blank, sample.headers, ...sample.rows.slice(3)];

    const fake = new FakeExcel();
    fake.state.sheets[0].name = '按揭台账';
    fake.seed('按揭台账', { row: 0, col: 0 }, table);
    const inExcel = await loadRegister(memoryHost(fake), {}, '2026-11-23');

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-headers-')), '按揭台账.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('按揭台账');
    for (const r of table) ws.addRow(r);
    await wb.xlsx.writeFile(file);
    const fromFile = await validateRegisterFile(file, { today: '2026-11-23' });

    for (const r of [inExcel, fromFile]) {
      expect(r.issues.map((i) => `${i.code}@${i.location.column}${i.location.row}`)).toEqual([]);
      expect(r.units.map((u) => u.source?.row)).toEqual([3, 4, 5, 8, 9, 10]);
    }
  });
});
