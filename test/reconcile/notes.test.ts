import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { noteMark, parseNoteResult, parseNoteResults } from '../../pipeline/reconcile/notes';
import { runReconcile } from '../../pipeline/reconcile/run';
import { scenario, tempDir, writeBank, writeFinance, type Scenario } from './files';
import { editUnits } from './unitNotes';

// 处理人 / 处理结果 typed on last month's 差异 come back on this month's lines of the items carried in
// (pipeline/reconcile/notes.ts; docs/reconcile-json.md, "Notes brought forward").

type Line = Record<string, ExcelJS.CellValue>;

/** The lines of a report's 差异 (or 已匹配, 按户) sheets (差异, 差异(2) …) as header → value, in sheet order. */
async function sheetLines(file: string, sheet: '差异' | '已匹配' | '按户'): Promise<Line[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: Line[] = [];
  for (const ws of wb.worksheets.filter((w) => w.name === sheet || w.name.startsWith(`${sheet}(`))) {
    const heads = (ws.getRow(1).values as ExcelJS.CellValue[]).map((v) => String(v ?? ''));
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const line: Line = {};
      heads.forEach((h, c) => {
        if (h) line[h] = row.getCell(c).value;
      });
      out.push(line);
    });
  }
  return out;
}

function lineOf(lines: Line[], col: '流水号' | '凭证号', value: string): Line {
  const l = lines.find((x) => x[col] === value);
  if (!l) throw new Error(`no line with ${col} ${value}`);
  return l;
}

interface Edit {
  /** Notes by the line's 流水号 or 凭证号: [处理人, 处理结果] as cell values. */
  notes?: Record<string, [ExcelJS.CellValue, ExcelJS.CellValue]>;
  /** Sort the lines by 差额, smallest first (as a person sorting with the filter button would). */
  sort?: boolean;
  /** After sorting, fill 序号 down again 1, 2, 3 … */
  renumber?: boolean;
  /** Cleared on the line with this 流水号 (the file column a person overtyped). */
  clearBankFile?: string;
  /** Take out the 差异 line key (`_anjie_open` column B): a report written before it existed. */
  dropKey?: boolean;
}

/** Fills in a report's 差异 as a person would, and re-saves it with exceljs (shared strings, rich text, formulas as given). */
async function editReport(file: string, out: string, e: Edit): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  // 差异 and the sheets it continues on, each sorted on its own.
  for (const ws of wb.worksheets.filter((w) => w.name === '差异' || w.name.startsWith('差异('))) {
    const heads = (ws.getRow(1).values as ExcelJS.CellValue[]).map((v) => String(v ?? ''));
    const col = (h: string) => heads.indexOf(h);
    const rows: ExcelJS.CellValue[][] = [];
    ws.eachRow((row, n) => {
      if (n > 1) rows.push((row.values as ExcelJS.CellValue[]).slice());
    });
    for (const r of rows) {
      const key = (r[col('流水号')] ?? r[col('凭证号')]) as string;
      const note = e.notes?.[key];
      if (note) [r[col('处理人')], r[col('处理结果')]] = note;
      if (e.clearBankFile && r[col('流水号')] === e.clearBankFile) r[col('银行文件')] = null;
    }
    if (e.sort) rows.sort((a, b) => Number(a[col('差额(银行−财务)')]) - Number(b[col('差额(银行−财务)')]));
    if (e.renumber) rows.forEach((r, k) => (r[col('序号')] = k + 1));
    rows.forEach((r, k) => {
      const row = ws.getRow(k + 2);
      for (let c = 1; c < heads.length; c++) row.getCell(c).value = r[c] ?? null;
    });
  }
  if (e.dropKey) {
    const open = wb.worksheets.find((w) => w.getCell(1, 1).value === 'anjie-open/1')!;
    open.eachRow((row, n) => {
      if (n > 1) row.getCell(2).value = null;
    });
  }
  await wb.xlsx.writeFile(out);
}

/** Re-saves a report after `fn` changed its workbook as a person would; `col` finds a header of 差异's first row. */
async function rework(file: string, out: string, fn: (wb: ExcelJS.Workbook, diff: ExcelJS.Worksheet, col: (h: string) => number) => void): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('差异')!;
  const heads = (ws.getRow(1).values as ExcelJS.CellValue[]).map((v) => String(v ?? ''));
  fn(wb, ws, (h) => heads.indexOf(h));
  await wb.xlsx.writeFile(out);
}

/** The row of 差异 whose 流水号 or 凭证号 is `key`. */
function rowOf(ws: ExcelJS.Worksheet, col: (h: string) => number, key: string): ExcelJS.Row {
  for (let n = 2; n <= ws.rowCount; n++) {
    const r = ws.getRow(n);
    if (r.getCell(col('流水号')).value === key || r.getCell(col('凭证号')).value === key) return r;
  }
  throw new Error(`no line ${key}`);
}

/**
 * October: three items left open, each on its own 差异 line — B1 (booked in November, so it closes),
 * B2 (a credit never booked) and 记-1 (a booking the bank never credited) — and B5, closed in October.
 */
async function october(dir: string): Promise<Scenario> {
  return scenario({
    dir: path.join(dir, '10'),
    period: '2026-10',
    bank: [
      { ref: 'B1', amount: '880000', name: '丙', memo: '2-1-301按揭', date: '2026-10-31', time: '16:00:00' },
      { ref: 'B2', amount: '500000', name: '丁', memo: '3-1-101按揭', date: '2026-10-20' },
      { ref: 'B5', amount: '100', memo: '结息', date: '2026-10-21' },
    ],
    finance: [{ voucher: '记-1', amount: '300000', customer: '戊', unit: '5-1-501', date: '2026-10-08' }],
  });
}

/** October's report with OCT_NOTES typed on its 差异, saved as a person would (oct-edited.xlsx). */
async function octoberWithNotes(dir: string): Promise<{ oct: Scenario; edited: string }> {
  const oct = await october(dir);
  const edited = path.join(dir, 'oct-edited.xlsx');
  await editReport(oct.out, edited, { notes: OCT_NOTES });
  return { oct, edited };
}

/** November: B1's booking (a plain pair: it closes on 已匹配 only) and an interest credit. */
function november(dir: string, previous: string, name: string, args: string[] = []): Promise<Scenario> {
  return scenario({
    dir: path.join(dir, name),
    bank: [{ ref: 'B9', amount: '100', memo: '结息', date: '2026-11-20' }],
    finance: [{ voucher: '记-7', amount: '880000', customer: '丙', unit: '2-1-301', date: '2026-11-01' }],
    args: ['--previous', previous, ...args],
  });
}

/** A month with nothing of its own to match: the carried items stay open. */
function quietMonth(dir: string, period: string, previous: string): Promise<Scenario> {
  return scenario({ dir: path.join(dir, period), period, bank: [{ ref: `I${period}`, amount: '100', memo: '结息', date: `${period}-20` }], finance: [], args: ['--previous', previous] });
}

const OCT_NOTES: Edit['notes'] = {
  B1: ['张三', '等待财务补记'],
  // Rich text, as WPS and Excel save a cell formatted in parts.
  B2: ['王会计', { richText: [{ text: '已联系银行，' }, { text: '12月初补记', font: { bold: true } }] }],
  // A formula with its cached result, as a spreadsheet program saves one.
  '记-1': [{ formula: '"李"&"出纳"', result: '李出纳' }, '客户称11月放款'],
};

describe('处理人 / 处理结果 brought forward with the items carried in', () => {
  it('each note comes back on its own item after 差异 was sorted and re-saved, marked 【10月】; a closed item\'s note is on 已匹配; the JSON is unchanged', async () => {
    const dir = await tempDir();
    const oct = await october(dir);
    const edited = path.join(dir, 'oct-edited.xlsx');
    await editReport(oct.out, edited, { notes: OCT_NOTES, sort: true });
    // The sort moved the lines: a link by row position would give B1's note to another item.
    const sorted = await sheetLines(edited, '差异');
    expect(sorted.map((l) => [l['序号'], l['流水号'] ?? l['凭证号']])).toEqual([[4, '记-1'], [3, 'B5'], [2, 'B2'], [1, 'B1']]);

    const nov = await november(dir, edited, '11');
    expect(nov.code).toBe(0);
    const lines = await sheetLines(nov.out, '差异');
    expect(lineOf(lines, '流水号', 'B2')).toMatchObject({ 银行文件: '2026-10/工行.csv', 处理人: '王会计', 处理结果: '【10月】已联系银行，12月初补记' });
    expect(lineOf(lines, '凭证号', '记-1')).toMatchObject({ 财务文件: '2026-10/序时账.xlsx', 处理人: '李出纳', 处理结果: '【10月】客户称11月放款' });
    // This month's own problem has nothing brought forward.
    expect(lineOf(lines, '流水号', 'B9')).toMatchObject({ 处理人: null, 处理结果: null });
    // B1 closed this month against 记-7 (a plain pair): its note stays beside the row that closed it.
    const matched = await sheetLines(nov.out, '已匹配');
    expect(lineOf(matched, '流水号', 'B1')).toMatchObject({ 凭证号: '记-7', 上期处理人: '张三', 上期处理结果: '【10月】等待财务补记' });
    // Accounted for on stdout and 汇总.
    expect(nov.stdout).toContain('其中 3 项带上期处理人/处理结果（仍未达 2，已核销 1，见差异表/已匹配表）');
    // The JSON has no notes: byte for byte what the same month gives without them.
    const plain = await november(dir, oct.out, '11-plain');
    expect(await fs.readFile(nov.jsonPath, 'utf8')).toBe(await fs.readFile(plain.jsonPath, 'utf8'));
    expect(plain.stdout).not.toContain('处理人');
    expect((await sheetLines(plain.out, '差异')).every((l) => l['处理人'] === null && l['处理结果'] === null)).toBe(true);
  });

  it('an item closed by a booking days late is listed on 差异 (延迟入账) and on 已匹配, with its note on both', async () => {
    const dir = await tempDir();
    const { oct, edited } = await octoberWithNotes(dir);
    const nov = await scenario({ dir: path.join(dir, '11'), bank: [], finance: [{ voucher: '记-7', amount: '880000', customer: '丙', unit: '2-1-301', date: '2026-11-04' }], args: ['--previous', edited] });
    expect(nov.json.rows.find((r) => r.file === '2026-10/工行.csv' && r.row === oct.bank('B1').row)).toMatchObject({ outcome: 'MATCHED', flags: ['LATE_BOOKING'] });
    expect(lineOf(await sheetLines(nov.out, '差异'), '流水号', 'B1')).toMatchObject({ 凭证号: '记-7', 处理人: '张三', 处理结果: '【10月】等待财务补记' });
    expect(lineOf(await sheetLines(nov.out, '已匹配'), '流水号', 'B1')).toMatchObject({ 凭证号: '记-7', 上期处理人: '张三', 上期处理结果: '【10月】等待财务补记' });
  });

  it('a 序号 filled down again after the sort, or a report from before the line key, ties notes by the line\'s file and row columns', async () => {
    const dir = await tempDir();
    const oct = await october(dir);
    for (const [name, edit] of [
      ['renumbered', { notes: OCT_NOTES, sort: true, renumber: true }],
      ['before-key', { notes: OCT_NOTES, sort: true, dropKey: true }],
    ] as [string, Edit][]) {
      const edited = path.join(dir, `${name}.xlsx`);
      await editReport(oct.out, edited, edit);
      if (edit.renumber) expect((await sheetLines(edited, '差异')).map((l) => [l['序号'], l['流水号'] ?? l['凭证号']])).toEqual([[1, '记-1'], [2, 'B5'], [3, 'B2'], [4, 'B1']]);
      const nov = await november(dir, edited, name);
      expect(nov.code, name).toBe(0);
      expect(nov.stdout, name).not.toContain('无法对应');
      const lines = await sheetLines(nov.out, '差异');
      expect(lineOf(lines, '流水号', 'B2'), name).toMatchObject({ 处理人: '王会计', 处理结果: '【10月】已联系银行，12月初补记' });
      expect(lineOf(lines, '凭证号', '记-1'), name).toMatchObject({ 处理人: '李出纳', 处理结果: '【10月】客户称11月放款' });
      expect(lineOf(await sheetLines(nov.out, '已匹配'), '流水号', 'B1'), name).toMatchObject({ 上期处理人: '张三' });
    }
  });

  it('notes on the sheets 差异 continues on (差异(2) …) are read too', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, '10'));
    const bank = await writeBank(path.join(dir, '10'), '工行.csv', [
      { ref: 'B1', amount: '880000', name: '丙', memo: '2-1-301按揭', date: '2026-10-31', time: '16:00:00' },
      { ref: 'B2', amount: '500000', name: '丁', memo: '3-1-101按揭', date: '2026-10-20' },
      { ref: 'B5', amount: '100', memo: '结息', date: '2026-10-21' },
    ]);
    const fin = await writeFinance(path.join(dir, '10'), '序时账.xlsx', [{ voucher: '记-1', amount: '300000', customer: '戊', unit: '5-1-501', date: '2026-10-08' }]);
    const out = path.join(dir, '10', 'report.xlsx');
    // Two lines a sheet: B1 and B2 on 差异, B5 and 记-1 on 差异(2).
    const r = await runReconcile({ bank: [bank], finance: fin, period: '2026-10', out, maxRows: 3 });
    expect(r.workbook.spills).toContainEqual({ sheet: '差异', continuedOn: ['差异(2)'] });
    const edited = path.join(dir, 'spilled.xlsx');
    await editReport(out, edited, { notes: OCT_NOTES, sort: true });
    const nov = await november(dir, edited, '11');
    const lines = await sheetLines(nov.out, '差异');
    expect(lineOf(lines, '流水号', 'B2')).toMatchObject({ 处理人: '王会计', 处理结果: '【10月】已联系银行，12月初补记' });
    expect(lineOf(lines, '凭证号', '记-1')).toMatchObject({ 处理人: '李出纳', 处理结果: '【10月】客户称11月放款' });
  });

  it('an open row exported again this month stands in for the carried one: the note is on its line, and goes on from there', async () => {
    const dir = await tempDir();
    const { edited } = await octoberWithNotes(dir);
    // November's export starts with October's B2 again; its file sorts before the carried row's "2026-10/…".
    const again = { ref: 'B2', amount: '500000', name: '丁', memo: '3-1-101按揭', date: '2026-10-20' };
    const nov = await scenario({ dir: path.join(dir, '11'), bank: { '1工行.csv': [again, { ref: 'B9', amount: '100', memo: '结息', date: '2026-11-20' }] }, finance: [], args: ['--previous', edited] });
    const standIn = nov.json.rows.find((r) => r.file === '1工行.csv' && r.row === nov.bank('B2').row)!;
    expect(standIn.flags).toContain('MISSING_IN_FINANCE');
    expect(nov.json.open).toContainEqual(expect.objectContaining({ file: '2026-11/1工行.csv', period: '2026-10' }));
    const lines = await sheetLines(nov.out, '差异');
    const shown = lines.filter((l) => l['流水号'] === 'B2');
    expect(shown.find((l) => l['银行文件'] === '1工行.csv')).toMatchObject({ 处理人: '王会计', 处理结果: '【10月】已联系银行，12月初补记' });
    // December reads the stand-in's line (its open item is named "2026-11/1工行.csv", its line "1工行.csv").
    const novEdited = path.join(dir, 'nov-edited.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(nov.out);
    const ws = wb.getWorksheet('差异')!;
    const heads = (ws.getRow(1).values as ExcelJS.CellValue[]).map((v) => String(v ?? ''));
    ws.eachRow((row, n) => {
      if (n > 1 && row.getCell(heads.indexOf('银行文件')).value === '1工行.csv' && row.getCell(heads.indexOf('流水号')).value === 'B2') row.getCell(heads.indexOf('处理结果')).value = '银行称12月补记';
    });
    await wb.xlsx.writeFile(novEdited);
    const dec = await quietMonth(dir, '2026-12', novEdited);
    expect(dec.stdout).not.toContain('无法对应');
    expect(lineOf(await sheetLines(dec.out, '差异'), '流水号', 'B2')).toMatchObject({ 银行文件: '2026-11/1工行.csv', 处理人: '王会计', 处理结果: '【11月】银行称12月补记' });
  });

  it('a carried row exported again shows its note on the stand-in\'s line only, and an update typed on its 银行重复流水 line still comes back', async () => {
    const dir = await tempDir();
    const { edited } = await octoberWithNotes(dir);
    const again = { ref: 'B2', amount: '500000', name: '丁', memo: '3-1-101按揭', date: '2026-10-20' };
    const nov = await scenario({ dir: path.join(dir, '11'), bank: { '1工行.csv': [again, { ref: 'B9', amount: '100', memo: '结息', date: '2026-11-20' }] }, finance: [], args: ['--previous', edited] });
    const b2 = (await sheetLines(nov.out, '差异')).filter((l) => l['流水号'] === 'B2');
    expect(b2.map((l) => [l['差异类型'], l['银行文件'], l['处理人'], l['处理结果']])).toEqual([
      ['不属本期', '1工行.csv', '王会计', '【10月】已联系银行，12月初补记'],
      ['银行重复流水', '2026-10/工行.csv', null, null],
    ]);
    // The person writes on the 银行重复流水 line (and in one variant sorts 差异 and fills 序号 down again).
    for (const [name, renumber] of [
      ['dup', false],
      ['dup-renumbered', true],
    ] as [string, boolean][]) {
      const typed = path.join(dir, `${name}-typed.xlsx`);
      await rework(nov.out, typed, (_wb, ws, col) => {
        for (let n = 2; n <= ws.rowCount; n++) {
          const r = ws.getRow(n);
          if (r.getCell(col('差异类型')).value !== '银行重复流水') continue;
          r.getCell(col('处理人')).value = '赵';
          r.getCell(col('处理结果')).value = '已与银行核实为同一笔';
        }
      });
      const novEdited = path.join(dir, `${name}.xlsx`);
      await editReport(typed, novEdited, { sort: renumber, renumber });
      const dec = await scenario({ dir: path.join(dir, `12-${name}`), period: '2026-12', bank: [{ ref: 'I12', amount: '100', memo: '结息', date: '2026-12-20' }], finance: [], args: ['--previous', novEdited] });
      expect(dec.stdout, name).not.toContain('无法');
      expect(lineOf(await sheetLines(dec.out, '差异'), '流水号', 'B2'), name).toMatchObject({
        银行文件: '2026-11/1工行.csv',
        处理人: '王会计、赵',
        处理结果: '【10月】已联系银行，12月初补记\n【11月】已与银行核实为同一笔',
      });
    }
  });

  it('a damaged _anjie_open column C (the lines of a carried row\'s repeats) is named in a warning by sheet, column and row', async () => {
    const dir = await tempDir();
    const { edited } = await octoberWithNotes(dir);
    const again = { ref: 'B2', amount: '500000', name: '丁', memo: '3-1-101按揭', date: '2026-10-20' };
    const nov = await scenario({ dir: path.join(dir, '11'), bank: { '1工行.csv': [again, { ref: 'B9', amount: '100', memo: '结息', date: '2026-11-20' }] }, finance: [], args: ['--previous', edited] });
    const damaged = path.join(dir, 'nov-damaged.xlsx');
    let at = 0;
    await rework(nov.out, damaged, (wb, ws, col) => {
      for (let n = 2; n <= ws.rowCount; n++) {
        const r = ws.getRow(n);
        if (r.getCell(col('差异类型')).value !== '银行重复流水') continue;
        r.getCell(col('处理人')).value = '赵';
        r.getCell(col('处理结果')).value = '已与银行核实为同一笔';
      }
      const open = wb.worksheets.find((w) => w.getCell(1, 1).value === 'anjie-open/1')!;
      open.eachRow((row, n) => {
        if (n > 1 && row.getCell(3).value) {
          // Cut short, as a cell edited by hand or a damaged file may be.
          row.getCell(3).value = String(row.getCell(3).value).slice(0, 20);
          at = n;
        }
      });
    });
    expect(at).toBeGreaterThan(1);
    const dec = await quietMonth(dir, '2026-12', damaged);
    expect(dec.code).toBe(0);
    expect(dec.stdout).toContain(`上期报告 _anjie_open 表 C 列有 1 格无法读取（记录未达项重复行所在差异行的内容已损坏）：_anjie_open!C${at}；写在这些重复行差异行上的处理人/处理结果未能带入本期`);
    // The item's own line still brings its note.
    expect(lineOf(await sheetLines(dec.out, '差异'), '流水号', 'B2')).toMatchObject({ 处理人: '王会计', 处理结果: '【10月】已联系银行，12月初补记' });
  });

  it('a line that no longer names its items is left out with a warning naming it, never put on another item', async () => {
    const dir = await tempDir();
    const oct = await october(dir);
    const edited = path.join(dir, 'cleared.xlsx');
    await editReport(oct.out, edited, { notes: OCT_NOTES, clearBankFile: 'B2' });
    const nov = await november(dir, edited, '11');
    expect(nov.code).toBe(0);
    expect(nov.stdout).toContain('上期报告差异表有 1 行的处理人/处理结果无法对应到其未达项（序号或文件、行号被改动），未带入本期：差异!3');
    // The note's text is not quoted in the warning.
    expect(nov.stdout).not.toContain('已联系银行');
    const lines = await sheetLines(nov.out, '差异');
    expect(lineOf(lines, '流水号', 'B2')).toMatchObject({ 处理人: null, 处理结果: null });
    expect(lineOf(lines, '凭证号', '记-1')).toMatchObject({ 处理人: '李出纳' });
  });

  it('a sheet a person added (last month\'s 差异 kept as "9月差异") is not read: its lines name rows of another month\'s file of the same name', async () => {
    const dir = await tempDir();
    const oct = await october(dir);
    const edited = path.join(dir, 'log.xlsx');
    await rework(oct.out, edited, (wb, ws, col) => {
      rowOf(ws, col, 'B2').getCell(col('处理人')).value = '王会计';
      rowOf(ws, col, 'B2').getCell(col('处理结果')).value = '已联系银行';
      // September's line: the same 序号, file and row number as B2's, another credit.
      const old = wb.addWorksheet('9月差异');
      old.getRow(1).values = ws.getRow(1).values;
      const line = (rowOf(ws, col, 'B2').values as ExcelJS.CellValue[]).slice();
      [line[col('流水号')], line[col('银行金额')], line[col('处理人')], line[col('处理结果')]] = ['S-0907', 66000, '钱', '客户退房，已退款'];
      old.getRow(2).values = line;
    });
    const nov = await november(dir, edited, '11');
    expect(nov.stdout).not.toContain('9月差异');
    expect(lineOf(await sheetLines(nov.out, '差异'), '流水号', 'B2')).toMatchObject({ 处理人: '王会计', 处理结果: '【10月】已联系银行' });
  });

  it('a line whose 流水号, amount or date is not the item\'s its 序号 and file/row give (pasted from another month) is named in a warning, its note not carried', async () => {
    const dir = await tempDir();
    const oct = await october(dir);
    const edited = path.join(dir, 'pasted.xlsx');
    let pasted: number[] = [];
    await rework(oct.out, edited, (_wb, ws, col) => {
      const b2 = rowOf(ws, col, 'B2');
      b2.getCell(col('处理人')).value = '王会计';
      b2.getCell(col('处理结果')).value = '已联系银行';
      const base = (b2.values as ExcelJS.CellValue[]).slice();
      // September's lines pasted under October's: B2's 序号, file and row, another credit each.
      const other: [string, ExcelJS.CellValue][] = [
        ['流水号', 'S-0907'],
        ['银行金额', 66000],
        ['到账日期', new Date(Date.UTC(2026, 8, 7))],
      ];
      pasted = other.map(([h, v], k) => {
        const line = base.slice();
        [line[col(h)], line[col('处理人')], line[col('处理结果')]] = [v, '钱', `九月的说明${k}`];
        const n = ws.rowCount + 1;
        ws.getRow(n).values = line;
        return n;
      });
    });
    const nov = await november(dir, edited, '11');
    expect(nov.code).toBe(0);
    expect(nov.stdout).toContain(`上期报告差异表有 3 行的流水号/凭证号、金额或日期与其序号、文件行号所指的未达项不符（可能是从其他月份粘贴的行），处理人/处理结果未带入本期：${pasted.map((n) => `差异!${n}`).join('、')}`);
    expect(nov.stdout).not.toContain('九月的说明');
    expect(lineOf(await sheetLines(nov.out, '差异'), '流水号', 'B2')).toMatchObject({ 处理人: '王会计', 处理结果: '【10月】已联系银行' });
  });

  it('a retyped header row (处理结果 renamed, a title row above it, 序号 as "No.") still gives the notes; a 差异 that cannot be read is said to be', async () => {
    const dir = await tempDir();
    const oct = await october(dir);
    const variants: [string, (wb: ExcelJS.Workbook, ws: ExcelJS.Worksheet, col: (h: string) => number) => void][] = [
      ['renamed', (_wb, ws, col) => (ws.getCell(1, col('处理结果')).value = '处理结果（11/5更新）')],
      ['title', (_wb, ws) => ws.spliceRows(1, 0, ['2026年10月 差异处理表'], [])],
      ['no', (_wb, ws, col) => (ws.getCell(1, col('序号')).value = 'No.')],
    ];
    for (const [name, fn] of variants) {
      const edited = path.join(dir, `${name}.xlsx`);
      await editReport(oct.out, path.join(dir, `${name}-notes.xlsx`), { notes: OCT_NOTES, sort: true });
      await rework(path.join(dir, `${name}-notes.xlsx`), edited, fn);
      const nov = await november(dir, edited, name);
      expect(nov.stdout, name).not.toContain('无法');
      const lines = await sheetLines(nov.out, '差异');
      expect(lineOf(lines, '流水号', 'B2'), name).toMatchObject({ 处理人: '王会计', 处理结果: '【10月】已联系银行，12月初补记' });
      expect(lineOf(lines, '凭证号', '记-1'), name).toMatchObject({ 处理人: '李出纳', 处理结果: '【10月】客户称11月放款' });
    }
    // The sheet renamed, or the headers people type in cleared: told, not silent.
    for (const [name, fn] of [
      ['sheet-renamed', (_wb, ws) => (ws.name = '10月差异')],
      ['headers-cleared', (_wb, ws, col) => ((ws.getCell(1, col('处理人')).value = null), (ws.getCell(1, col('处理结果')).value = null))],
    ] as typeof variants) {
      const edited = path.join(dir, `${name}.xlsx`);
      await editReport(oct.out, path.join(dir, `${name}-notes.xlsx`), { notes: OCT_NOTES });
      await rework(path.join(dir, `${name}-notes.xlsx`), edited, fn);
      const nov = await november(dir, edited, name);
      expect(nov.code, name).toBe(0);
      expect(nov.stdout, name).toMatch(/上期报告的差异表（差异）无法读取（工作表被改名，或找不到处理人、处理结果、序号等表头），上期的处理人\/处理结果未能带入本期/);
      expect(nov.stdout, name).not.toContain('已联系银行');
    }
  });

  it('a note on a row a person inserted (no 序号, no file or row) is named in a warning, not dropped without a word', async () => {
    const dir = await tempDir();
    const oct = await october(dir);
    const edited = path.join(dir, 'inserted.xlsx');
    let at = 0;
    await rework(oct.out, edited, (_wb, ws, col) => {
      at = rowOf(ws, col, 'B2').number + 1;
      ws.spliceRows(at, 0, []);
      ws.getCell(at, col('处理人')).value = '王会计';
      ws.getCell(at, col('处理结果')).value = '上一行：客户说是定金，不是按揭款';
    });
    const nov = await november(dir, edited, '11');
    expect(nov.code).toBe(0);
    expect(nov.stdout).toContain(`上期报告差异表有 1 行只有处理人/处理结果，没有序号和文件、行号（插入的行？），无法对应到未达项，未带入本期：差异!${at}`);
    expect(nov.stdout).not.toContain('定金');
  });

  it('a note a spreadsheet program turned into a percentage or a time comes back as shown, not as the raw value', async () => {
    const dir = await tempDir();
    const oct = await october(dir);
    const edited = path.join(dir, 'formats.xlsx');
    await rework(oct.out, edited, (_wb, ws, col) => {
      const b2 = rowOf(ws, col, 'B2');
      b2.getCell(col('处理人')).value = '王会计';
      b2.getCell(col('处理结果')).value = 0.5;
      b2.getCell(col('处理结果')).numFmt = '0%';
      const j1 = rowOf(ws, col, '记-1');
      j1.getCell(col('处理人')).value = '李出纳';
      j1.getCell(col('处理结果')).value = new Date(Date.UTC(1899, 11, 30, 10, 30));
      j1.getCell(col('处理结果')).numFmt = 'h:mm';
    });
    const lines = await sheetLines((await november(dir, edited, '11')).out, '差异');
    expect(lineOf(lines, '流水号', 'B2')).toMatchObject({ 处理结果: '【10月】50%' });
    expect(lineOf(lines, '凭证号', '记-1')).toMatchObject({ 处理结果: '【10月】10:30' });
  });

  it('notes chain month after month with one mark: kept as they were they keep their month, rewritten they take the month they were rewritten in', async () => {
    const dir = await tempDir();
    const oct = await october(dir);
    const octEdited = path.join(dir, 'oct-edited.xlsx');
    await editReport(oct.out, octEdited, { notes: OCT_NOTES });
    const nov = await november(dir, octEdited, '11');
    // November: B2's note left as brought forward; 记-1's rewritten (the mark taken out).
    const novEdited = path.join(dir, 'nov-edited.xlsx');
    await editReport(nov.out, novEdited, { notes: { '记-1': ['李出纳', '11月已催客户，等银行回单'] }, sort: true });
    const dec = await quietMonth(dir, '2026-12', novEdited);
    let lines = await sheetLines(dec.out, '差异');
    expect(lineOf(lines, '流水号', 'B2')).toMatchObject({ 处理人: '王会计', 处理结果: '【10月】已联系银行，12月初补记' });
    expect(lineOf(lines, '凭证号', '记-1')).toMatchObject({ 处理人: '李出纳', 处理结果: '【11月】11月已催客户，等银行回单' });
    // January, re-saved untouched: the year is named across the year's end, still one mark each.
    const decSaved = path.join(dir, 'dec-saved.xlsx');
    await editReport(dec.out, decSaved, {});
    const jan = await quietMonth(dir, '2027-01', decSaved);
    lines = await sheetLines(jan.out, '差异');
    expect(lineOf(lines, '流水号', 'B2')).toMatchObject({ 处理结果: '【2026年10月】已联系银行，12月初补记' });
    expect(lineOf(lines, '凭证号', '记-1')).toMatchObject({ 处理结果: '【2026年11月】11月已催客户，等银行回单' });
    const feb = await quietMonth(dir, '2027-02', jan.out);
    lines = await sheetLines(feb.out, '差异');
    expect(lineOf(lines, '流水号', 'B2')).toMatchObject({ 处理人: '王会计', 处理结果: '【2026年10月】已联系银行，12月初补记' });
    expect(feb.stdout).toContain('其中 2 项带上期处理人/处理结果（仍未达 2，已核销 0');
  });

  it('marks typed after a note\'s own stay its text month after month, and a line of several notes keeps each note\'s month, across the year\'s end too', async () => {
    const dir = await tempDir();
    const oct = await october(dir);
    const octEdited = path.join(dir, 'oct-edited.xlsx');
    // October: a plan for November typed with its month, and a note.
    await editReport(oct.out, octEdited, { notes: { B2: ['王会计', '【11月】计划补记'], '记-1': ['李出纳', '已联系客户'] } });
    const nov = await november(dir, octEdited, '11');
    let lines = await sheetLines(nov.out, '差异');
    expect(lineOf(lines, '流水号', 'B2')).toMatchObject({ 处理结果: '【10月】【11月】计划补记' });
    expect(lineOf(lines, '凭证号', '记-1')).toMatchObject({ 处理结果: '【10月】已联系客户' });
    // November: this month's news typed above last month's note.
    const novEdited = path.join(dir, 'nov-edited.xlsx');
    await editReport(nov.out, novEdited, { notes: { '记-1': ['李出纳', '客户称12月放款\n【10月】已联系客户'] } });
    const dec = await quietMonth(dir, '2026-12', novEdited);
    lines = await sheetLines(dec.out, '差异');
    // The plan's month is the note's text: not taken off as a second mark two months on.
    expect(lineOf(lines, '流水号', 'B2')).toMatchObject({ 处理人: '王会计', 处理结果: '【10月】【11月】计划补记' });
    expect(lineOf(lines, '凭证号', '记-1')).toMatchObject({ 处理人: '李出纳', 处理结果: '【10月】已联系客户\n【11月】客户称12月放款' });
    // January: each note of the line named with its own year.
    const jan = await quietMonth(dir, '2027-01', dec.out);
    lines = await sheetLines(jan.out, '差异');
    expect(lineOf(lines, '流水号', 'B2')).toMatchObject({ 处理结果: '【2026年10月】【11月】计划补记' });
    expect(lineOf(lines, '凭证号', '记-1')).toMatchObject({ 处理结果: '【2026年10月】已联系客户\n【2026年11月】客户称12月放款' });
    const feb = await quietMonth(dir, '2027-02', jan.out);
    lines = await sheetLines(feb.out, '差异');
    expect(lineOf(lines, '流水号', 'B2')).toMatchObject({ 处理结果: '【2026年10月】【11月】计划补记' });
    expect(lineOf(lines, '凭证号', '记-1')).toMatchObject({ 处理结果: '【2026年10月】已联系客户\n【2026年11月】客户称12月放款' });
  });

  it('a JSON --previous, which has no notes, says so on stdout in one line and points to the .xlsx report', async () => {
    const dir = await tempDir();
    const oct = await october(dir);
    const nov = await november(dir, oct.jsonPath, '11');
    expect(nov.code).toBe(0);
    const said = nov.stdout.split('\n').filter((l) => l.includes('处理人/处理结果') && !l.startsWith('上期结转'));
    expect(said).toEqual([
      '    注意 note: 上期报告为 JSON，不含差异表的处理人/处理结果；要把它们带入本期，请用上期的 .xlsx 报告作 --previous / the previous report is JSON, which has no 处理人/处理结果 notes: use the .xlsx report to bring 处理人/处理结果 forward',
    ]);
    // The workbook says nothing of the kind: it has the notes, or none were typed.
    expect((await november(dir, oct.out, '11-xlsx')).stdout).not.toContain('注意 note');
  });

  it('notes are masked as every other cell unless --show-pii, written as text whatever they start with, and cut when very long', async () => {
    const dir = await tempDir();
    const oct = await october(dir);
    const edited = path.join(dir, 'pii.xlsx');
    const long = '银行说明'.repeat(1500);
    await editReport(oct.out, edited, {
      notes: {
        B2: ['王会计13900001111', '客户电话13800138000，身份证440106199001011234，账号6222020200112233445'],
        '记-1': ['=HYPERLINK("http://x","李")', long],
      },
    });
    const nov = await november(dir, edited, '11');
    const lines = await sheetLines(nov.out, '差异');
    const b2 = lineOf(lines, '流水号', 'B2');
    expect(b2['处理人']).toBe('王会计139****1111');
    expect(b2['处理结果']).toBe('【10月】客户电话138****8000，身份证440106********1234，账号****3445');
    const j1 = lineOf(lines, '凭证号', '记-1');
    expect(j1['处理人']).toBe('=HYPERLINK("http://x","李")'); // text, not a formula
    expect(typeof j1['处理结果']).toBe('string');
    expect((j1['处理结果'] as string).length).toBeLessThanOrEqual(1010);
    expect(j1['处理结果'] as string).toMatch(/^【10月】银行说明银行说明.*…$/);

    const shown = await november(dir, edited, '11-pii', ['--show-pii']);
    expect(lineOf(await sheetLines(shown.out, '差异'), '流水号', 'B2')).toMatchObject({
      处理人: '王会计13900001111',
      处理结果: '【10月】客户电话13800138000，身份证440106199001011234，账号6222020200112233445',
    });
  });
});

function unitLine(lines: Line[], unit: string): Line {
  const l = lines.find((x) => x['房号'] === unit);
  if (!l) throw new Error(`no 按户 line for ${unit}`);
  return l;
}

/** The 汇总 rows as their cells' values. */
async function summaryRows(file: string): Promise<ExcelJS.CellValue[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: ExcelJS.CellValue[][] = [];
  wb.getWorksheet('汇总')!.eachRow((row) => out.push((row.values as ExcelJS.CellValue[]).slice(1)));
  return out;
}

describe('处理人 / 处理结果 typed on 按户 brought forward by unit', () => {
  /** October as october(), and 6-1-601, whose loan was credited and booked in October: nothing of it is left for November. */
  function octoberWithSettled(dir: string): Promise<Scenario> {
    return scenario({
      dir: path.join(dir, '10'),
      period: '2026-10',
      bank: [
        { ref: 'B1', amount: '880000', name: '丙', memo: '2-1-301按揭', date: '2026-10-31', time: '16:00:00' },
        { ref: 'B2', amount: '500000', name: '丁', memo: '3-1-101按揭', date: '2026-10-20' },
        { ref: 'B6', amount: '600000', name: '己', memo: '6-1-601按揭', date: '2026-10-12' },
      ],
      finance: [
        { voucher: '记-1', amount: '300000', customer: '戊', unit: '5-1-501', date: '2026-10-08' },
        { voucher: '记-6', amount: '600000', customer: '己', unit: '6-1-601', date: '2026-10-12' },
      ],
    });
  }

  it('each unit\'s note comes back on its 按户 line after a sort, marked with its month; a unit without a line this month is named in a warning; counted on stdout and 汇总', async () => {
    const dir = await tempDir();
    const oct = await octoberWithSettled(dir);
    expect((await sheetLines(oct.out, '按户')).map((l) => l['房号'])).toEqual(['2-1-301', '3-1-101', '5-1-501', '6-1-601']);
    const edited = path.join(dir, 'oct-units.xlsx');
    await editUnits(oct.out, edited, {
      '2-1-301': ['张三', '等待财务补记'],
      '3-1-101': ['=HYPERLINK("http://x","王")', '客户电话13800138000，已催银行'],
      // Brought forward from September by hand: keeps its mark, no second one in front.
      '5-1-501': ['李出纳', '【9月】客户称11月放款'],
      '6-1-601': ['赵', '已核对无误'],
    });
    const nov = await november(dir, edited, '11');
    expect(nov.code).toBe(0);
    const units = await sheetLines(nov.out, '按户');
    // B1 closed this month against 记-7: the unit still has its line, and its note.
    expect(unitLine(units, '2-1-301')).toMatchObject({ 处理人: '张三', 处理结果: '【10月】等待财务补记' });
    // Masked and written as text, as on 差异.
    expect(unitLine(units, '3-1-101')).toMatchObject({ 处理人: '=HYPERLINK("http://x","王")', 处理结果: '【10月】客户电话138****8000，已催银行' });
    expect(unitLine(units, '5-1-501')).toMatchObject({ 处理人: '李出纳', 处理结果: '【9月】客户称11月放款' });
    expect(units.map((l) => l['房号'])).not.toContain('6-1-601');
    expect(nov.stdout).toContain('上期报告按户表有 1 户的处理人/处理结果未带入本期：这些户本期没有到账、入账、未达项或台账放款，按户表无该户的行：6-1-601');
    expect(nov.stdout).not.toContain('已核对无误');
    expect(nov.stdout).toContain('上期按户备注 Unit notes: 4 户带上期按户表的处理人/处理结果：本期按户表显示 3，本期按户表无该户 1');
    expect(await summaryRows(nov.out)).toContainEqual(['上期按户处理人/处理结果 Unit notes', undefined, 4, '4 户带上期按户表的处理人/处理结果：本期按户表显示 3，本期按户表无该户 1']);
    // Nothing typed on 按户, nothing said.
    const plain = await november(dir, oct.out, '11-plain');
    expect(plain.stdout).not.toContain('按户');
    expect((await sheetLines(plain.out, '按户')).every((l) => l['处理人'] === null && l['处理结果'] === null)).toBe(true);

    // December, November's report re-saved untouched: one mark each, the month each note was written in.
    const novSaved = path.join(dir, 'nov-saved.xlsx');
    await editUnits(nov.out, novSaved, {});
    const dec = await quietMonth(dir, '2026-12', novSaved);
    const decUnits = await sheetLines(dec.out, '按户');
    expect(unitLine(decUnits, '3-1-101')).toMatchObject({ 处理结果: '【10月】客户电话138****8000，已催银行' });
    expect(unitLine(decUnits, '5-1-501')).toMatchObject({ 处理人: '李出纳', 处理结果: '【9月】客户称11月放款' });
    // 2-1-301 settled in November: told, not dropped.
    expect(dec.stdout).toContain('按户表无该户的行：2-1-301');
  });

  it('a note on a 按户 row with no 房号 (an inserted row), or on a 按户 that cannot be read, is said to be left behind', async () => {
    const dir = await tempDir();
    const oct = await october(dir);
    const inserted = path.join(dir, 'inserted.xlsx');
    let at = 0;
    await editUnits(oct.out, inserted, { '3-1-101': ['王会计', '已催银行'] }, { more: (ws, col) => {
      at = ws.rowCount + 1;
      ws.getCell(at, col('处理人')).value = '王会计';
      ws.getCell(at, col('处理结果')).value = '上一户：客户说是定金';
    } });
    const nov = await november(dir, inserted, '11');
    expect(nov.stdout).toContain(`上期报告按户表有 1 行只有处理人/处理结果，没有房号（插入的行？），无法对应到房屋，未带入本期：按户!${at}`);
    expect(nov.stdout).not.toContain('定金');
    expect(unitLine(await sheetLines(nov.out, '按户'), '3-1-101')).toMatchObject({ 处理人: '王会计', 处理结果: '【10月】已催银行' });
    const renamed = path.join(dir, 'renamed.xlsx');
    await editUnits(oct.out, renamed, { '3-1-101': ['王会计', '已催银行'] }, { more: (ws) => (ws.name = '10月按户') });
    const nov2 = await november(dir, renamed, '11-renamed');
    expect(nov2.stdout).toContain('上期报告的按户表（按户）无法读取（工作表被改名，或找不到房号、处理人、处理结果等表头），按户表上的处理人/处理结果未能带入本期');
  });
});

describe('the month mark of a note brought forward', () => {
  it('names the month, and the year when it is another year\'s', () => {
    expect(noteMark('2026-10', '2026-11')).toBe('【10月】');
    expect(noteMark('2026-12', '2027-01')).toBe('【2026年12月】');
  });

  it('is read back as the note\'s month and taken off, one mark only: a mark after it is the text\'s; a later month is text', () => {
    expect(parseNoteResult('【10月】已联系银行', '2026-11')).toEqual({ result: '已联系银行', period: '2026-10' });
    expect(parseNoteResult('【2026年12月】已联系银行', '2027-01')).toEqual({ result: '已联系银行', period: '2026-12' });
    expect(parseNoteResult('【2026年12月】 已联系银行', '2027-02')).toEqual({ result: '已联系银行', period: '2026-12' });
    expect(parseNoteResult('【10月】【11月】已联系银行', '2026-11')).toEqual({ result: '【11月】已联系银行', period: '2026-10' });
    expect(parseNoteResult('【11月】【10月】已联系银行', '2026-11')).toEqual({ result: '【10月】已联系银行', period: '2026-11' });
    expect(parseNoteResult('已联系银行', '2026-11')).toEqual({ result: '已联系银行', period: null });
    expect(parseNoteResult('【2027年3月】前完成', '2026-11')).toEqual({ result: '【2027年3月】前完成', period: null });
  });

  it('a cell of several notes, one a line each after its mark, is read as those notes; other lines are the text of the note above', () => {
    expect(parseNoteResults('【10月】已联系银行\n【11月】已核实\n银行下周回复', '2026-11')).toEqual([
      { result: '已联系银行', period: '2026-10' },
      { result: '已核实\n银行下周回复', period: '2026-11' },
    ]);
    expect(parseNoteResults('客户称12月放款\n【10月】已联系客户', '2026-11')).toEqual([
      { result: '客户称12月放款', period: null },
      { result: '已联系客户', period: '2026-10' },
    ]);
    // A line starting with a later month's mark is text: a plan.
    expect(parseNoteResults('【10月】已联系\n【12月】计划补记', '2026-11')).toEqual([{ result: '已联系\n【12月】计划补记', period: '2026-10' }]);
    expect(parseNoteResults('\n【10月】已联系\n', '2026-11')).toEqual([{ result: '已联系', period: '2026-10' }]);
    expect(parseNoteResults('  ', '2026-11')).toEqual([]);
  });

  it('a bare mark of a month after the report\'s is text, never last year\'s month (the writer never writes one)', () => {
    expect(parseNoteResult('【11月】计划补记', '2026-10')).toEqual({ result: '【11月】计划补记', period: null });
    expect(parseNoteResult('【12月】请银行确认到账', '2026-10')).toEqual({ result: '【12月】请银行确认到账', period: null });
    expect(parseNoteResult('【10月】【11月】计划补记', '2026-10')).toEqual({ result: '【11月】计划补记', period: '2026-10' });
  });

  it('a mark typed with full-width digits or blanks is a mark, not text that gets a second mark', () => {
    expect(parseNoteResult('【１０月】已联系', '2026-10')).toEqual({ result: '已联系', period: '2026-10' });
    expect(parseNoteResult('【10 月】已联系', '2026-11')).toEqual({ result: '已联系', period: '2026-10' });
    expect(parseNoteResult('【 ２０２６年 ９ 月 】已联系', '2026-11')).toEqual({ result: '已联系', period: '2026-09' });
    expect(parseNoteResult('【１２月】已联系', '2026-10')).toEqual({ result: '【１２月】已联系', period: null });
  });
});
