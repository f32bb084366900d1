import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createRegister } from '../../addin/services/actions';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { writeBlankRegister } from '../../pipeline/commands/register';
import { sheetParts } from '../../pipeline/signoff/colBreaks';
import { readZipEntry } from '../../pipeline/signoff/zipPeek';
import { readZipDirectory } from '../../pipeline/read/guards';
import { tempDir } from '../reconcile/files';

/**
 * The blank register has 53 columns: fitted to one A4 page's width it printed at about a fifth of
 * its size (type under 2 pt). It prints as several pages across instead, each legible, the columns
 * that name the unit and the header row on every page, and a page never splitting a group of
 * columns a person reads together. Checked on what each adapter leaves in the workbook.
 */

/** Columns read together: no page break between them. */
const GROUPS = [
  ['房号编码', '用途', '建筑类型', '建筑面积(㎡)'],
  ['买受人1', '证件类型1', '证件号码1', '联系电话1'],
  ['买受人2', '证件类型2', '证件号码2'],
  ['买受人3', '证件号码3'],
  ['买受人4', '证件号码4'],
  ['合同编号', '签约日期', '备案日期', '备案号', '合同总价', '首付款'],
  ['贷款类型', '贷款银行', '商贷金额', '公积金金额', '贷款期限(月)', '保证金比例'],
  ['资料收齐日期', '送银行日期', '面签日期', '审批通过日期', '抵押登记日期', '放款日期', '他项权证移交日期', '保证金退还日期'],
  ['商贷放款金额', '商贷放款日期', '公积金放款金额', '公积金放款日期'],
  ['家庭住房套数', '已收契税', '已收维修资金', '已收登记费'],
];
/** A4 landscape is 11.69 in wide; cells are 10 pt. */
const A4_WIDE_IN = 11.69;
const CELL_PT = 10;

interface PrintedPages {
  headers: string[];
  /** Each column's width in pixels at 100 % (96 dpi), as Excel draws it. */
  px: number[];
  /** 0-based columns a page starts at (after the first). */
  breaksBefore: number[];
  titleCols: number;
  scale: number;
  /** Printable width in pixels at 96 dpi: the page less its left and right margins. */
  printablePx: number;
}

/** What a person gets on paper: each page's column headers, titles first; each page fits and no group is split. */
function checkPages(p: PrintedPages): string[][] {
  expect(p.headers.slice(0, p.titleCols)).toEqual(['项目', '楼栋', '单元', '房号']);
  // Legible: 10 pt type printed at 7 pt or more (the reconciliation report's 差异 prints at 7.5 pt).
  expect((CELL_PT * p.scale) / 100).toBeGreaterThanOrEqual(7);
  const starts = [0, ...p.breaksBefore];
  const pages = starts.map((from, k) => {
    const to = k + 1 < starts.length ? starts[k + 1] : p.headers.length;
    const cols = [...Array.from({ length: Math.min(p.titleCols, from) }, (_, i) => i), ...Array.from({ length: to - from }, (_, i) => from + i)];
    // Excel fits a page's columns within its printable width, or breaks the page again where it must.
    const wide = cols.reduce((s, c) => s + p.px[c], 0) * (p.scale / 100);
    expect(wide, `page ${k + 1} (${p.headers[from]}…)`).toBeLessThanOrEqual(p.printablePx);
    return cols.map((c) => p.headers[c]);
  });
  expect(pages.length).toBeGreaterThan(2);
  for (const group of GROUPS) expect(pages.filter((page) => group.some((h) => page.includes(h))), group.join('/')).toHaveLength(1);
  // Every column is printed.
  expect(new Set(pages.flat())).toEqual(new Set(p.headers));
  return pages;
}

describe('the blank register prints legibly, several pages across', () => {
  it('anjie register new: a scale, column breaks at group boundaries, 项目…房号 and the header on every page', async () => {
    const file = path.join(await tempDir(), '空白台账.xlsx');
    await writeBlankRegister(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0];
    const headerRow = ws.getColumn(1).values.findIndex((v) => v === '项目');
    const headers: string[] = [];
    ws.getRow(headerRow).eachCell((c) => headers.push(String(c.value)));
    expect(headers).toHaveLength(53);
    const part = (await sheetParts(file, (await readZipDirectory(file))!)).get(ws.name)!;
    const xml = (await readZipEntry(file, part))!;
    // Fitted to a page's width, Excel would ignore the breaks.
    expect(/fitToPage="1"/.test(xml), 'fitted to the page width').toBe(false);
    const breaksBefore = [...(/<colBreaks\b.*?<\/colBreaks>/.exec(xml)?.[0] ?? '').matchAll(/<brk id="(\d+)"[^>]*man="1"/g)].map((m) => Number(m[1]));
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.paperSize).toBe(9);
    // Pages numbered across, then down: page 2 carries on page 1's rows.
    expect(ws.pageSetup.pageOrder).toBe('overThenDown');
    expect(ws.pageSetup.printTitlesRow).toBe(`${headerRow}:${headerRow}`);
    const titleCols = /^A:([A-Z])$/.exec(ws.pageSetup.printTitlesColumn ?? '');
    expect(titleCols).not.toBeNull();
    const margins = ws.pageSetup.margins!;
    // Normal font Calibri 11: a column of width w is 7w pixels.
    const px = headers.map((_, i) => Math.trunc(((256 * ws.getColumn(i + 1).width! + Math.trunc(128 / 7)) / 256) * 7));
    const pages = checkPages({
      headers,
      px,
      breaksBefore,
      titleCols: titleCols![1].charCodeAt(0) - 64,
      scale: ws.pageSetup.scale!,
      printablePx: (A4_WIDE_IN - margins.left - margins.right) * 96,
    });
    // The title and the signature block are on the first page, not centred over (or spread across) seven.
    const first = new Set(pages[0]);
    const merged = (ws.model as { merges: string[] }).merges.find((m) => m.startsWith('A1:'))!;
    expect(first.has(headers[ws.getCell(merged.split(':')[1]).fullAddress.col - 1])).toBe(true);
    let sign = 0;
    ws.eachRow((row) =>
      row.eachCell((c) => {
        if (!['制表：', '审核(经理)：', '日期：'].includes(String(c.value))) return;
        sign++;
        expect(Number(c.col) + 1, String(c.value)).toBeLessThanOrEqual(pages[0].length);
      }),
    );
    expect(sign).toBe(3);
  });

  it('创建台账 in the add-in: the same pages (Office.js page layout and vertical page breaks)', async () => {
    const file = path.join(await tempDir(), '空白台账.xlsx');
    await writeBlankRegister(file);
    const xml = (await readZipEntry(file, 'xl/worksheets/sheet1.xml'))!;
    const cliBreaks = [...xml.matchAll(/<brk id="(\d+)"/g)].map((m) => Number(m[1]));

    const host = memoryHost();
    const r = await createRegister(host, 'zh');
    const s = host.fake.sheet(r.sheet)!;
    const headerRow = s.rows.findIndex((row) => row?.[0]?.v === '项目');
    const headers = (s.rows[headerRow] ?? []).map((c) => String(c?.v ?? '')).filter((h) => h !== '');
    expect(headers).toHaveLength(53);
    expect(s.page).toMatchObject({ orientation: 'Landscape', paperSize: 'A4', fitToWidth: false, printOrder: 'OverThenDown', titleRows: `$${headerRow + 1}:$${headerRow + 1}` });
    const titleCols = /^\$A:\$([A-Z])$/.exec(s.page.titleColumns ?? '');
    expect(titleCols).not.toBeNull();
    // The same breaks as the CLI's file.
    expect(s.page.columnBreaks).toEqual(cliBreaks);
    checkPages({
      headers,
      // The add-in sets widths in points.
      px: headers.map((_, i) => s.columnWidths.get(i)! / 0.75),
      breaksBefore: s.page.columnBreaks,
      titleCols: titleCols![1].charCodeAt(0) - 64,
      scale: s.page.scale!,
      // Margins in points, as the CLI's (0.4 in at the sides).
      printablePx: ((A4_WIDE_IN * 72 - s.page.margins.left - s.page.margins.right) / 72) * 96,
    });
  });
});
