/**
 * A register whose 项目 is merged down its rows (as many desks keep it) reads the same in Excel (the
 * add-in, in-memory Excel) and from the file (the CLI): every row has its project, and a value
 * merged across columns stays in its own column.
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
import { readRegister as readRegisterFile } from '../../pipeline/read/register';

describe('a register with merged cells', () => {
  it('gives every row under a merged 项目 its project, in the add-in as in the CLI', async () => {
    const sample = sampleRegister({ units: 8, asOf: '2026-11-23' });
    const col = (h: string) => sample.headers.indexOf(h);
    const rows = sample.rows.map((r) => [...r]);
    const project = rows[0][col('项目')];
    rows.forEach((r, i) => (r[col('项目')] = i === 0 ? project : ''));
    // 跟进人 merged across 复核人 on the third row: the name is the follower's, not the reviewer's.
    rows[2][col('复核人')] = '';
    const down = { row: 1, col: col('项目'), rows: rows.length, cols: 1 };
    const across = { row: 3, col: col('跟进人'), rows: 1, cols: 2 };

    const fake = new FakeExcel();
    fake.state.sheets[0].name = '按揭台账';
    fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...rows]);
    fake.sheet('按揭台账').merges.push(down, across);
    const inExcel = await loadRegister(memoryHost(fake), {}, '2026-11-23');

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-merged-')), '按揭台账.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('按揭台账');
    ws.addRow(sample.headers);
    for (const r of rows) ws.addRow(r);
    for (const b of [down, across]) ws.mergeCells(b.row + 1, b.col + 1, b.row + b.rows, b.col + b.cols);
    await wb.xlsx.writeFile(file);
    const fromFile = await readRegisterFile(file);

    expect(inExcel.units).toHaveLength(8);
    expect(inExcel.units.every((u) => u.project === project)).toBe(true);
    expect(fromFile.units.map((u) => u.project)).toEqual(inExcel.units.map((u) => u.project));
    expect(inExcel.units[2].reviewer).toBeNull();
    expect(fromFile.units[2].reviewer).toBeNull();
    expect(inExcel.units[2].follower).toBe(rows[2][col('跟进人')]);
    const located = (issues: { code: string; location: { row?: number; column?: string } }[]) => issues.map((i) => `${i.code}@${i.location.column}${i.location.row}`);
    expect(located(inExcel.issues)).not.toContainEqual(expect.stringMatching(/^REQUIRED@A/));
    expect(located(fromFile.issues).sort()).toEqual(located(inExcel.issues).sort());
  });
});
