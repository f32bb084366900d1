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
import { AddinError } from '../../addin/excel/errors';
import { generateProgress, loadRegister } from '../../addin/services/actions';
import { computeFees } from '../../addin/services/fees';
import { createTitleSearch } from '../../addin/services/titleSearch';
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

  it('on an Excel that cannot read merged cells (Excel 2019, no ExcelApi 1.13): one error for the merged 项目, not 「项目」必填 on every row under it', async () => {
    const sample = sampleRegister({ units: 8, asOf: '2026-11-23' });
    const col = (h: string) => sample.headers.indexOf(h);
    const rows = sample.rows.map((r) => [...r]);
    const project = rows[0][col('项目')];
    rows.forEach((r, i) => (r[col('项目')] = i === 0 ? project : ''));
    const fake = new FakeExcel({ excelApi: '1.8' });
    fake.state.sheets[0].name = '按揭台账';
    fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...rows]);
    fake.sheet('按揭台账').merges.push({ row: 1, col: col('项目'), rows: rows.length, cols: 1 });
    const { issues } = await loadRegister(memoryHost(fake), {}, '2026-11-23');

    // 项目 is column A; the header is row 1, the merged block rows 2–9: rows 3–9 read empty, 7 cells.
    expect(col('项目')).toBe(0);
    expect(issues.filter((i) => i.code === 'REQUIRED' && i.location.column === 'A')).toEqual([]);
    const merged = issues.filter((i) => i.code === 'MERGED_UNREAD');
    expect(merged).toHaveLength(1);
    expect(merged[0].severity).toBe('error');
    expect(merged[0].location).toMatchObject({ sheet: '按揭台账', row: 3, column: 'A' });
    expect(merged[0].message.zh).toBe('「项目」有 7 个单元格读出为空（第 3 至 9 行之间），可能是合并的单元格：此 Excel 版本读不出合并单元格（需要 ExcelApi 1.13，Excel 2019 没有），合并单元格的值只在其第一行读得到');
    expect(merged[0].message.en).toBe('7 cells of "Project" read as empty (rows 3 to 9), perhaps merged cells: this version of Excel cannot read merged cells (that needs ExcelApi 1.13, which Excel 2019 lacks), so a merged cell\'s value is read on its first row only');
    expect(merged[0].fix?.zh).toBe('取消这些单元格的合并，在每一行填上项目（或用 Microsoft 365 版 Excel 或 Excel 网页版校验）；没有合并的空单元格请补填。');
  });

  it('on such an Excel, a 楼栋 empty with nothing filled above it is still 必填 on its row (it cannot be part of a merge under a value)', async () => {
    const sample = sampleRegister({ units: 4, asOf: '2026-11-23' });
    const col = (h: string) => sample.headers.indexOf(h);
    const rows = sample.rows.map((r) => [...r]);
    rows[0][col('楼栋')] = '';
    const fake = new FakeExcel({ excelApi: '1.8' });
    fake.state.sheets[0].name = '按揭台账';
    fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...rows]);
    const { issues } = await loadRegister(memoryHost(fake), {}, '2026-11-23');
    const letter = String.fromCharCode(65 + col('楼栋'));
    expect(issues.filter((i) => i.code === 'REQUIRED' && i.location.column === letter).map((i) => i.location.row)).toEqual([2]);
    expect(issues.filter((i) => i.code === 'MERGED_UNREAD')).toEqual([]);
  });
});

/**
 * The register with 项目 merged down its 8 units, in an Excel of the given ExcelApi version: column A
 * is 项目, the header row 1, the merged block rows 2–9 (only row 2 holds the name).
 */
function mergedProjectWorkbook(excelApi: string) {
  const sample = sampleRegister({ units: 8, asOf: '2026-11-23' });
  const col = (h: string) => sample.headers.indexOf(h);
  const rows = sample.rows.map((r) => [...r]);
  const project = String(rows[0][col('项目')]);
  rows.forEach((r, i) => (r[col('项目')] = i === 0 ? project : ''));
  const fake = new FakeExcel({ excelApi });
  fake.state.sheets[0].name = '按揭台账';
  fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...rows]);
  fake.sheet('按揭台账').merges.push({ row: 1, col: col('项目'), rows: rows.length, cols: 1 });
  expect(col('项目')).toBe(0);
  const registerCells = () => JSON.stringify(fake.sheet('按揭台账').rows);
  return { fake, host: memoryHost(fake), project, registerCells };
}

const sheetNames = (fake: FakeExcel) => fake.state.sheets.map((s) => s.name);

/** What the run threw (null when it ran through). */
async function thrown(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => null,
    (x: unknown) => x,
  );
}

function refusal(e: unknown): AddinError {
  expect(e).toBeInstanceOf(AddinError);
  return e as AddinError;
}

describe('generating from a register whose 项目 is merged, on an Excel that cannot read merged cells', () => {
  it('Excel 2019 (ExcelApi 1.8): 生成进度表 writes nothing and says which column, why and what to do', async () => {
    const { fake, host, registerCells } = mergedProjectWorkbook('1.8');
    const before = registerCells();
    const e = await thrown(generateProgress(host, { week: '2026-W48', lang: 'zh' }));
    // Read as it is, rows 3–9 would be units of a blank project: a 按揭进度表- of their own beside the project's.
    expect(sheetNames(fake)).toEqual(['按揭台账']);
    expect(registerCells()).toBe(before);
    const refused = refusal(e);
    expect(refused.text.zh).toMatch(/^未生成进度表，工作簿未作改动/);
    expect(refused.text.zh).toContain('「项目」（A 列第 3 至 9 行之间有 7 个单元格）');
    expect(refused.text.zh).toContain('合并的单元格');
    expect(refused.text.zh).toContain('Excel 2019');
    expect(refused.text.zh).toContain('取消这些单元格的合并，在每一行填上项目');
    expect(refused.text.zh).toContain('Microsoft 365');
    expect(refused.text.en).toMatch(/^The progress sheet was not generated; the workbook was not changed/);
    expect(refused.text.en).toContain('"Project" (column A, 7 cells in rows 3 to 9)');
    expect(refused.text.en).toContain('Unmerge these cells and fill in the project on every row');
  });

  it('Excel 2019: 计算费用 and 创建查册表 write nothing either, and say so', async () => {
    const { fake, host, registerCells } = mergedProjectWorkbook('1.8');
    const before = registerCells();
    const fees = refusal(await thrown(computeFees(host, { city: 'guangzhou', lang: 'zh' })));
    expect(fees.text.zh).toMatch(/^未计算费用，工作簿未作改动/);
    expect(fees.text.zh).toContain('「项目」（A 列第 3 至 9 行之间有 7 个单元格）');
    expect(fees.text.en).toMatch(/^The fees were not computed; the workbook was not changed/);
    const title = refusal(await thrown(createTitleSearch(host, { scope: { kind: 'stage', stage: 'signed' }, lang: 'zh' })));
    expect(title.text.zh).toMatch(/^未创建查册表，工作簿未作改动/);
    expect(sheetNames(fake)).toEqual(['按揭台账']);
    expect(registerCells()).toBe(before);
  });

  it('an Excel that reads merged cells (ExcelApi 1.13 and later) generates as before: one progress sheet, every unit under the project', async () => {
    const { fake, host, project } = mergedProjectWorkbook('1.13');
    const r = await generateProgress(host, { week: '2026-W48', lang: 'zh' });
    expect(r.project).toBe(project);
    expect(sheetNames(fake)).toEqual(['按揭台账', '按揭进度表']);
    const cells = fake.sheet('按揭进度表').rows.flatMap((row) => (row ?? []).map((c) => (c ? String(c.v) : '')));
    expect(cells).toContain(project);
    const fees = await computeFees(host, { city: 'guangzhou', lang: 'zh' });
    expect(fees.units).toBe(8);
  });
});
