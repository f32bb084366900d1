/**
 * A register cell showing a formula error (#N/A from a VLOOKUP that found nothing, #REF! after a
 * column was deleted) is an error at that cell, in the add-in and the CLI alike: not a value (a
 * buyer named "#N/A"), not an empty cell (nothing collected, so the buyer is told to pay again).
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
import { computeFees } from '../../addin/services/fees';
import { columnLetter } from '../../domain/issues';
import { writeFees } from '../../pipeline/commands/fees';
import { validateRegisterFile } from '../../pipeline/commands/validate';

const sample = sampleRegister({ units: 6, asOf: '2026-11-23', collectFeesFor: 'guangzhou' });
const col = (header: string) => sample.headers.indexOf(header);
/** [data row, column header, error]: Excel rows 2, 4 and 5. */
const ERRORS: [number, string, string][] = [
  [0, '已收契税', '#N/A'],
  [2, '资料收齐日期', '#REF!'],
  [3, '买受人1', '#N/A'],
];
const cellOf = ([row, header]: [number, string, string]) => `${columnLetter(col(header) + 1)}${row + 2}`;

/** The lookup filled down past the last unit: rows 8–10 show #N/A in 已收契税 and hold nothing else. */
const FILLED_DOWN: [number, string, string][] = [7, 8, 9].map((row) => [row, '已收契税', '#N/A']);

function inExcel(errors = ERRORS) {
  const fake = new FakeExcel();
  fake.state.sheets[0].name = '按揭台账';
  fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
  // As Office.js reads an error cell: its code in values, 'Error' in valueTypes.
  for (const [row, header, code] of errors) Object.assign(fake.sheet('按揭台账').ensure(row + 1, col(header)), { v: code, err: true });
  return memoryHost(fake);
}

async function asFile(errors = ERRORS): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-errors-')), '按揭台账.xlsx');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('按揭台账');
  ws.addRow(sample.headers);
  for (const r of sample.rows) ws.addRow(r);
  for (const [row, header, code] of errors) ws.getCell(row + 2, col(header) + 1).value = { formula: 'VLOOKUP(A2,缴费!A:B,2,FALSE)', result: { error: code } } as ExcelJS.CellValue;
  await wb.xlsx.writeFile(file);
  return file;
}

describe('a register cell showing a formula error', () => {
  it('is one FORMULA_ERROR at its cell, naming the error, in the pane and in anjie validate', async () => {
    const pane = await loadRegister(inExcel(), {}, '2026-11-23');
    const cli = await validateRegisterFile(await asFile(), { today: '2026-11-23' });
    for (const r of [pane, cli]) {
      expect(r.issues.map((i) => `${i.code}@${i.location.column}${i.location.row}`).sort()).toEqual(ERRORS.map((e) => `FORMULA_ERROR@${cellOf(e)}`).sort());
      const ref = r.issues.find((i) => i.message.zh.includes('#REF!'))!;
      expect(ref.location.columnHeader).toBe('资料收齐日期');
      expect(ref.message.zh).toMatch(/^单元格为公式错误值 #REF!/);
      expect(ref.fix?.zh).toBeTruthy();
      // The buyer named by the failed lookup is no buyer.
      expect(r.units.find((u) => u.source?.row === 5)?.buyers.map((b) => b.name)).toEqual([]);
    }
  });

  it('leaves the deed tax of the unit whose 已收契税 shows #N/A uncomputed, not owed in full on 少收名单, in the pane and in anjie fees', async () => {
    // Unit 1-1-201 (Excel row 2) paid its fees in full; its 已收契税 now shows #N/A.
    const pane = await computeFees(inExcel(), { city: 'guangzhou', lang: 'zh' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-errors-fees-'));
    const cli = await writeFees(await asFile(), path.join(dir, '费用台账.xlsx'), { city: 'guangzhou', today: '2026-11-23' });
    expect(pane.underpaid.map((u) => u.unitKey)).not.toContain('1-1-201');
    expect(cli.ledger.underpaid.map((b) => b.unit.unitKey)).not.toContain('1-1-201');
    const cell = cellOf(ERRORS[0]);
    for (const problems of [pane.problems, [...cli.uncomputed, ...cli.registerErrors]]) {
      expect(problems.map((i) => `${i.code}@${i.location.column}${i.location.row}`).sort()).toEqual([`FEE_NOT_COMPUTED@${cell}`, `FORMULA_ERROR@${cell}`]);
    }
  });

  it('takes a row where only a formula filled down past the units shows #N/A for an empty row, not a unit', async () => {
    const pane = await loadRegister(inExcel([...ERRORS, ...FILLED_DOWN]), {}, '2026-11-23');
    const cli = await validateRegisterFile(await asFile([...ERRORS, ...FILLED_DOWN]), { today: '2026-11-23' });
    for (const r of [pane, cli]) {
      expect(r.units.map((u) => u.source?.row)).toEqual([2, 3, 4, 5, 6, 7]);
      expect(r.issues.map((i) => `${i.code}@${i.location.column}${i.location.row}`).sort()).toEqual(ERRORS.map((e) => `FORMULA_ERROR@${cellOf(e)}`).sort());
    }
  });
});
