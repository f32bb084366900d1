/// <reference types="office-js" />
import type { ExcelScalar } from './cells';
import { loadDate1904 } from './dateSystem';
import { AddinError, throwIfAborted } from './errors';
import type { ExcelHost } from './host';
import { scalarBytes } from './queue';
import { BLOCK_ROWS, HEADER_SCAN_COLS, HEADER_SCAN_ROWS, READ_BLOCK_CELLS, READ_BUDGET, RUN_OPTIONS, type RunControl } from './requests';

/** Finding the register (按揭台账) wherever it is in the workbook and reading its rows in budgeted blocks. */

export interface RegisterLocation {
  sheet: string;
  /** 0-based index of the header row and of the first column. */
  headerRow: number;
  firstCol: number;
  headers: string[];
  /** 0-based index of the last row with a value (≥ headerRow). */
  lastRow: number;
  /** Every sheet's name when the register was found (read for it anyway): what the generated sheets' language is told from (services/sheetLanguage). */
  workbookSheets?: string[];
}

/**
 * Finds the register by its header row, on any sheet, whether it is an Excel table or a plain
 * range: a sheet's first row (in the top 30 of its used range) that `rank` accepts (above 0, or
 * true); of several sheets, the one ranked highest (the first of equals), as the CLI picks it.
 */
export async function findRegister(host: ExcelHost, rank: (cells: string[]) => number | boolean): Promise<RegisterLocation | null> {
  return host.run(RUN_OPTIONS, async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load('items/name');
    await context.sync();
    const used = sheets.items.map((ws) => {
      const u = ws.getUsedRangeOrNullObject(true);
      u.load('rowIndex,columnIndex,rowCount,columnCount');
      return { ws, u };
    });
    await context.sync();
    // Only the top of each sheet that has values, clipped to its used range: a workbook with a
    // hundred title-search sheets must not make this response large.
    const probes = used
      .filter(({ u }) => !u.isNullObject && u.rowIndex < HEADER_SCAN_ROWS)
      .map(({ ws, u }) => {
        const top = ws.getRangeByIndexes(0, 0, Math.min(HEADER_SCAN_ROWS, u.rowIndex + u.rowCount), Math.min(HEADER_SCAN_COLS, u.columnIndex + u.columnCount));
        top.load('values');
        return { name: ws.name, used: u, top };
      });
    if (probes.length === 0) return null;
    await context.sync();
    let best: { location: RegisterLocation; rank: number } | null = null;
    for (const p of probes) {
      const rows = p.top.values;
      for (let r = 0; r < rows.length; r++) {
        const cells = rows[r].map((v) => (typeof v === 'string' ? v.trim() : String(v)));
        const score = Number(rank(cells));
        if (!(score > 0)) continue;
        if (!best || score > best.rank) {
          const first = cells.findIndex((c) => c !== '');
          let last = cells.length - 1;
          while (last > first && cells[last] === '') last--;
          const location = { sheet: p.name, headerRow: r, firstCol: first, headers: cells.slice(first, last + 1), lastRow: Math.max(r, p.used.rowIndex + p.used.rowCount - 1) };
          best = { location, rank: score };
        }
        break; // a sheet's first header row is its register's
      }
    }
    return best ? { ...best.location, workbookSheets: sheets.items.map((ws) => ws.name) } : null;
  });
}

export interface RegisterData {
  location: RegisterLocation;
  /** Data rows as Excel returns them (numbers for dates), trailing empty rows dropped. */
  rows: ExcelScalar[][];
  /** 1-based Excel row number of rows[0]. */
  firstDataRow: number;
  /** The workbook counts dates from 1904: its date serials are 1462 less. */
  date1904: boolean;
  /**
   * This Excel cannot tell merged cells (no ExcelApi 1.13: Excel 2019, say): a value merged down
   * several rows came in its top row only, and the rows under it read empty.
   */
  mergesUnread?: boolean;
}

/** Reads the register's data rows in blocks (≤ 5,000 rows, ≤ 200,000 cells and about 3 MB each; one sync each). */
export async function readRegister(host: ExcelHost, loc: RegisterLocation, control: RunControl = {}): Promise<RegisterData> {
  const cols = loc.headers.length;
  const total = loc.lastRow - loc.headerRow;
  const rows: ExcelScalar[][] = [];
  const maxBlock = Math.max(1, Math.min(BLOCK_ROWS, Math.floor(READ_BLOCK_CELLS / Math.max(1, cols))));
  // The first block is small; later ones are sized by what a row weighed.
  let perBlock = Math.min(maxBlock, 1000);
  let merged: Excel.RangeAreas | null = null;
  let date1904 = false;
  await host.run(RUN_OPTIONS, async (context) => {
    const ws = context.workbook.worksheets.getItemOrNullObject(loc.sheet);
    ws.load('name');
    const is1904 = loadDate1904(context);
    await context.sync();
    if (ws.isNullObject) throw notFound(loc.sheet);
    date1904 = is1904();
    for (let start = 0; start < total; ) {
      throwIfAborted(control.signal);
      const n = Math.min(perBlock, total - start);
      const range = ws.getRangeByIndexes(loc.headerRow + 1 + start, loc.firstCol, n, cols);
      range.load('values');
      if (start === 0 && total > 0 && host.isSetSupported('ExcelApi', '1.13')) {
        // With the first block: the merged cells of the whole table (a 项目 or 楼栋 merged down its rows).
        merged = ws.getRangeByIndexes(loc.headerRow + 1, loc.firstCol, total, cols).getMergedAreasOrNullObject();
        merged.load('areas/items/rowIndex,areas/items/columnIndex,areas/items/rowCount,areas/items/columnCount');
      }
      // One sync per block of ≤ 5,000 rows by design: progress shows and cancel works between blocks.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
      const values = range.values as ExcelScalar[][];
      for (const row of values) rows.push(row);
      // Responses have the same 5 MB limit: size the next block by what a row weighed (every 16th row sampled).
      let bytes = 0;
      let sampled = 0;
      for (let k = 0; k < values.length; k += 16, sampled++) for (const v of values[k]) bytes += scalarBytes(v ?? '') + 1;
      start += n;
      control.onProgress?.({ done: start, total });
      const perRow = (bytes / Math.max(1, sampled)) * 1.25; // margin for rows heavier than the sample
      perBlock = Math.max(1, Math.min(maxBlock, Math.floor(READ_BUDGET / Math.max(1, perRow))));
    }
  });
  const areas = merged as Excel.RangeAreas | null;
  if (areas && !areas.isNullObject) fillMergedDown(rows, areas.areas.items, loc.headerRow + 1, loc.firstCol);
  let end = rows.length;
  while (end > 0 && rows[end - 1].every((v) => v === '' || v === null)) end--;
  rows.length = end;
  return { location: loc, rows, firstDataRow: loc.headerRow + 2, date1904, ...(host.isSetSupported('ExcelApi', '1.13') ? {} : { mergesUnread: true }) };
}

/**
 * A value merged down several rows (项目 or 楼栋 over a block of units) belongs to each of those rows,
 * as the CLI reads it (pipeline/read/register.ts): Excel reports it in the area's top cell only.
 * Across columns it stays in its own column.
 */
function fillMergedDown(rows: ExcelScalar[][], areas: readonly { rowIndex: number; columnIndex: number; rowCount: number; columnCount: number }[], top: number, left: number): void {
  for (const a of areas) {
    const r0 = a.rowIndex - top;
    const c = a.columnIndex - left;
    if (r0 < 0 || r0 >= rows.length || c < 0 || c >= (rows[r0]?.length ?? 0)) continue; // starts above the data or outside the table
    const v = rows[r0][c];
    for (let r = r0 + 1; r < Math.min(rows.length, r0 + a.rowCount); r++) if (rows[r][c] === '' || rows[r][c] === null) rows[r][c] = v;
  }
}

export function notFound(sheet: string): AddinError {
  return new AddinError(
    { zh: `找不到工作表“${sheet}”，它可能已被删除或改名。请重新校验。`, en: `Sheet "${sheet}" was not found; it may have been deleted or renamed. Validate again.` },
    'not-found',
  );
}
