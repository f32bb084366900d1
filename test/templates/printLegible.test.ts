import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SheetLayout } from '../../domain/sheets/layout';
import { wrappedLines } from '../../domain/sheets/wrap';
import { writeLayout } from '../../addin/excel/writeLayout';
import { FakeExcel, type FakeSheet } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { loadRegister } from '../../addin/services/actions';
import { buildFeeSheets } from '../../pipeline/commands/fees';
import { buildProgressSheets } from '../../pipeline/commands/progress';
import { buildTitleSearchSheets } from '../../pipeline/commands/titleSearch';
import { writeWorkbook } from '../../pipeline/render/workbook';
import { sheetParts } from '../../pipeline/signoff/colBreaks';
import { readZipDirectory } from '../../pipeline/read/guards';
import { readZipEntry } from '../../pipeline/signoff/zipPeek';
import { tempDir } from '../reconcile/files';

/**
 * The weekly 按揭进度表 a manager signs on paper and the 费用台账 were fitted to one A4 page's width
 * at 55–60 % (10 pt type printed under 6 pt). Each sheet the desk prints must be legible (type at
 * 7.5 pt or more; the lists beside them at 7 pt or more), every page fitting A4, with both adapters,
 * for a large project (3,000 units: the widest amounts), and still show every amount.
 */

/** A4 landscape is 11.69 in wide; cells are 10 pt. */
const A4_WIDE_IN = 11.69;
const CELL_PT = 10;
/**
 * Pixels (96 dpi) a character of column width takes on paper: Calibri 11's digit is 7.43 px, which
 * Excel's screen rounds to 7 and printing (and LibreOffice) does not; a little over, for the printer.
 */
const PRINTED_CHAR_PX = 7.5;
/** What names a row on each page of a sheet printed several pages across. */
const NAMES_THE_ROW: Record<string, string[]> = {
  按揭进度表: ['序号', '房号', '主借款人'],
  'Weekly progress': ['No.', 'Unit', 'Main borrower'],
  费用台账: ['序号', '项目', '房号', '买受人', '费用项目'],
  'Fee ledger': ['No.', 'Project', 'Unit', 'Buyer', 'Fee'],
};
/** Reports read and signed on paper, and the lists that go with them. */
const REPORTS = ['按揭进度表', 'Weekly progress', '费用台账', 'Fee ledger'];

interface Printed {
  headers: string[];
  /** Each column's width in pixels at 100 % (96 dpi), as Excel draws it. */
  px: number[];
  fitted: boolean;
  /** zoom percent when not fitted to the page width. */
  scale: number | null;
  /** 0-based columns a page starts at (after the first). */
  breaksBefore: number[];
  titleCols: number;
  /** The page less its left and right margins, pixels at 96 dpi. */
  printablePx: number;
}

/** The scale a person's printout comes out at, checking that each page fits A4. */
function printedScale(p: Printed, sheet: string): { scale: number; pages: string[][] } {
  const total = p.px.reduce((a, b) => a + b, 0);
  // Excel fitting a sheet to one page's width shrinks it to the largest whole percent that fits.
  const scale = p.fitted ? Math.min(100, Math.floor((p.printablePx / total) * 100)) : p.scale!;
  const starts = [0, ...p.breaksBefore];
  const pages = starts.map((from, k) => {
    const to = k + 1 < starts.length ? starts[k + 1] : p.headers.length;
    const cols = [...Array.from({ length: Math.min(p.titleCols, from) }, (_, i) => i), ...Array.from({ length: to - from }, (_, i) => from + i)];
    const wide = cols.reduce((s, c) => s + p.px[c], 0) * (scale / 100);
    expect.soft(wide, `${sheet}: page ${k + 1} (${p.headers[from]}…) at ${scale} %`).toBeLessThanOrEqual(p.printablePx);
    return cols.map((c) => p.headers[c]);
  });
  return { scale, pages };
}

function checkLegible(p: Printed, sheet: string): void {
  const { scale, pages } = printedScale(p, sheet);
  const least = REPORTS.includes(sheet) ? 7.5 : 7;
  expect.soft((CELL_PT * scale) / 100, `${sheet} printed at ${scale} %`).toBeGreaterThanOrEqual(least);
  // Every column is printed, and a page without the row's name says whose row it is.
  expect.soft(new Set(pages.flat())).toEqual(new Set(p.headers.filter((h) => h !== '')));
  if (pages.length > 1) for (const page of pages) expect.soft(page.slice(0, NAMES_THE_ROW[sheet].length), sheet).toEqual(NAMES_THE_ROW[sheet]);
}

const layouts: SheetLayout[] = [];
let file = '';

beforeAll(async () => {
  const fake = new FakeExcel();
  const sample = sampleRegister({ units: 3000, asOf: '2026-11-23', collectFeesFor: 'guangzhou' });
  fake.seed('Sheet1', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
  const { units } = await loadRegister(memoryHost(fake), {}, '2026-11-23');
  for (const lang of ['zh', 'en'] as const) {
    layouts.push(...buildProgressSheets(units, { week: '2026-W48', lang, today: '2026-11-30' }).layouts);
    layouts.push(...buildFeeSheets(units, { city: 'guangzhou', lang, today: '2026-11-30' }).layouts);
    layouts.push(buildTitleSearchSheets(units, [], { lang, today: '2026-11-30' }).layouts[0]);
  }
  file = path.join(await tempDir(), 'printed.xlsx');
  await writeWorkbook(file, layouts);
}, 300_000);

describe('the progress sheet, the fee ledger and their lists print legibly', () => {
  it('anjie progress / fees / title-search: each page fits A4 at a legible scale, the row named on each', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const parts = await sheetParts(file, (await readZipDirectory(file))!);
    expect(wb.worksheets.map((w) => w.name)).toEqual(layouts.map((l) => l.name));
    for (const [i, ws] of wb.worksheets.entries()) {
      const headerRow = layouts[i].table!.headerRow + 1;
      const headers: string[] = [];
      for (let c = 1; c <= ws.columnCount; c++) headers.push(String(ws.getCell(headerRow, c).value ?? ''));
      // Narrower columns wrap their headers (时限(天), Changed this week): the header row shows them whole.
      const lines = Math.max(...headers.map((h, c) => wrappedLines(h, ws.getColumn(c + 1).width ?? 9)));
      if (lines > 1) expect.soft(ws.getRow(headerRow).height, `${ws.name} header`).toBeGreaterThanOrEqual(lines * 14);
      const xml = (await readZipEntry(file, parts.get(ws.name)!))!;
      const breaksBefore = [...(/<colBreaks\b.*?<\/colBreaks>/.exec(xml)?.[0] ?? '').matchAll(/<brk id="(\d+)"[^>]*man="1"/g)].map((m) => Number(m[1]));
      const titleCols = /^A:([A-Z])$/.exec(ws.pageSetup.printTitlesColumn ?? '');
      const margins = ws.pageSetup.margins!;
      // A width in the file counts its padding; a column without one is Excel's default (8.43 characters and padding).
      const px = headers.map((_, c) => (ws.getColumn(c + 1).width ?? 9.14) * PRINTED_CHAR_PX);
      checkLegible(
        {
          headers,
          px,
          fitted: /<pageSetUpPr[^>]*fitToPage="1"/.test(xml),
          scale: ws.pageSetup.scale ?? 100,
          breaksBefore,
          titleCols: titleCols ? titleCols[1].charCodeAt(0) - 64 : 0,
          printablePx: (A4_WIDE_IN - margins.left - margins.right) * 96,
        },
        ws.name,
      );
    }
  });

  it('the add-in (进度表, 费用 and 查册 tabs): the same', async () => {
    const host = memoryHost();
    for (const layout of layouts) await writeLayout(host, layout);
    // The CLI's margins, not Excel's Normal 0.7 in at each side.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const cli = wb.worksheets[0].pageSetup.margins!;
    for (const layout of layouts) {
      const s: FakeSheet = host.fake.sheet(layout.name)!;
      expect(s.page.margins, layout.name).toEqual({ left: cli.left * 72, right: cli.right * 72, top: cli.top * 72, bottom: cli.bottom * 72, header: cli.header * 72, footer: cli.footer * 72 });
      const headers = (s.rows[layout.table!.headerRow] ?? []).map((c) => String(c?.v ?? ''));
      const titleCols = /^\$A:\$([A-Z])$/.exec(s.page.titleColumns ?? '');
      checkLegible(
        {
          headers,
          // The add-in sets widths in points: 7 px a character on screen and 5 of padding.
          px: headers.map((_, c) => ((s.columnWidths.get(c)! / 0.75 - 5) / 7) * PRINTED_CHAR_PX + 5),
          fitted: s.page.fitToWidth,
          scale: s.page.scale,
          breaksBefore: s.page.columnBreaks,
          titleCols: titleCols ? titleCols[1].charCodeAt(0) - 64 : 0,
          // Margins in points.
          printablePx: ((A4_WIDE_IN * 72 - s.page.margins.left - s.page.margins.right) / 72) * 96,
        },
        layout.name,
      );
    }
  }, 300_000);

  it('every amount still shows: each ¥ cell, 小计 and 合计 included, in a column as wide as its shown text', async () => {
    const shown = (n: number) => `${n < 0 ? '-' : ''}¥${Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const tooNarrow: string[] = [];
    let large = 0;
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (!cell.numFmt?.includes('¥') || cell.isMerged) return;
          const v = cell.value;
          const n = typeof v === 'number' ? v : v && typeof v === 'object' && 'result' in v && typeof v.result === 'number' ? v.result : null;
          if (n === null) return;
          if (Math.abs(n) >= 1e9) large++;
          const width = ws.getColumn(cell.col).width ?? 8.43;
          if (width < shown(n).length) tooNarrow.push(`${ws.name}!${cell.address} ${shown(n)} in width ${width}`);
        }),
      );
    }
    expect(large).toBeGreaterThan(0); // a 3,000-unit project's totals are in the billions
    expect(tooNarrow).toEqual([]);
  });
});
