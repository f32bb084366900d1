import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createRegister } from '../../addin/services/actions';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sheetDescription } from '../../addin/services/templates';
import { writeBlankRegister } from '../../pipeline/commands/register';
import { signWorkbook } from '../../pipeline/signoff/workbook';
import { readZipEntry } from '../../pipeline/signoff/zipPeek';
import { tempDir } from '../reconcile/files';

/**
 * The blank register's dropdowns (用途, 建筑类型, 证件类型, 贷款类型, 贷款银行, …) were written twice per
 * column, on overlapping ranges (AA3:AA202 and AA10:AA202): exceljs squeezed the per-cell
 * validations into ranges in text order (AA10 before AA3), each start scanning down over cells
 * already taken. Each input cell has exactly one dropdown, whichever edge wrote the register.
 */

/** The register's dropdown columns, by header: what a person picks from. */
const LISTS = new Map(sheetDescription('register').columns.filter((c) => c.values?.length).map((c) => [c.header.zh, c.values!]));
const ROWS = 200;

/** Column letters → 0-based column. */
const colOf = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

/** How many validations each cell (0-based "row,col") has, from a sheet's <dataValidations>. */
function validationsPerCell(xml: string): Map<string, string[]> {
  const cells = new Map<string, string[]>();
  for (const m of xml.matchAll(/<dataValidation\b([^>]*)>([\s\S]*?)<\/dataValidation>/g)) {
    const sqref = /sqref="([^"]+)"/.exec(m[1])![1];
    const list = (/<formula1>([\s\S]*?)<\/formula1>/.exec(m[2])?.[1] ?? '').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    for (const ref of sqref.split(' ')) {
      const [a, b = a] = ref.split(':');
      const [, c1, r1] = /^([A-Z]+)(\d+)$/.exec(a)!;
      const [, c2, r2] = /^([A-Z]+)(\d+)$/.exec(b)!;
      for (let r = Number(r1) - 1; r < Number(r2); r++) {
        for (let c = colOf(c1); c <= colOf(c2); c++) cells.set(`${r},${c}`, [...(cells.get(`${r},${c}`) ?? []), list]);
      }
    }
  }
  return cells;
}

/** Each dropdown column's 200 input rows have one validation, its list; no cell has two. */
function checkOnePerCell(cells: Map<string, string[]>, headers: string[], headerRow: number, listText: (values: string[]) => string): void {
  const twice = [...cells].filter(([, lists]) => lists.length > 1).map(([cell]) => cell);
  expect(twice).toEqual([]);
  let checked = 0;
  headers.forEach((h, c) => {
    const values = LISTS.get(h);
    if (!values) return;
    for (let r = headerRow + 1; r <= headerRow + ROWS; r++) expect(cells.get(`${r},${c}`), `${h} row ${r + 1}`).toEqual([listText(values)]);
    checked++;
  });
  expect(checked).toBe(LISTS.size);
}

describe('each cell of the blank register has one dropdown', () => {
  it('anjie register new: one <dataValidation> per cell', async () => {
    const dir = await tempDir();
    const file = path.join(dir, '空白台账.xlsx');
    await writeBlankRegister(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0];
    const headerRow = ws.getColumn(1).values.findIndex((v) => v === '项目') - 1;
    const headers: string[] = [];
    ws.getRow(headerRow + 1).eachCell((c) => headers.push(String(c.value)));
    const listText = (values: string[]) => `"${values.join(',')}"`;
    checkOnePerCell(validationsPerCell((await readZipEntry(file, 'xl/worksheets/sheet1.xml'))!), headers, headerRow, listText);
  });

  it('anjie signoff sign through exceljs (a link typed in, which the streaming reader leaves to it) writes one per cell', async () => {
    const file = path.join(await tempDir(), '空白台账.xlsx');
    await writeBlankRegister(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0];
    const headerRow = ws.getColumn(1).values.findIndex((v) => v === '项目') - 1;
    const headers: string[] = [];
    ws.getRow(headerRow + 1).eachCell((c) => headers.push(String(c.value)));
    ws.getCell(headerRow + 2, headers.indexOf('备注') + 1).value = { text: '合同扫描件', hyperlink: 'https://example.com/contract.pdf' };
    // Saved as exceljs saves a workbook it read: each validation cell by cell, squeezed overlapping.
    await wb.xlsx.writeFile(file);
    await signWorkbook(file, { name: '陈静', role: '制表', now: '2026-11-30T10:00:00' });
    const signed = new ExcelJS.Workbook();
    await signed.xlsx.readFile(file);
    expect(signed.worksheets[0].getCell(headerRow + 2, headers.indexOf('备注') + 1).hyperlink).toBe('https://example.com/contract.pdf');
    checkOnePerCell(validationsPerCell((await readZipEntry(file, 'xl/worksheets/sheet1.xml'))!), headers, headerRow, (values) => `"${values.join(',')}"`);
  });

  it('创建台账 in the add-in: one validation per cell', async () => {
    const host = memoryHost();
    const r = await createRegister(host, 'zh');
    const s = host.fake.sheet(r.sheet)!;
    const headerRow = s.rows.findIndex((row) => row?.[0]?.v === '项目');
    const headers = (s.rows[headerRow] ?? []).map((c) => String(c?.v ?? ''));
    const cells = new Map<string, string[]>();
    for (const v of s.validations) {
      for (let r = v.box.row; r < v.box.row + v.box.rows; r++) {
        for (let c = v.box.col; c < v.box.col + v.box.cols; c++) cells.set(`${r},${c}`, [...(cells.get(`${r},${c}`) ?? []), v.list.join(',')]);
      }
    }
    checkOnePerCell(cells, headers, headerRow, (values) => values.join(','));
  });
});
