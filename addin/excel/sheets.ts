/// <reference types="office-js" />
import type { ExcelScalar } from './cells';
import type { ExcelHost } from './host';
import { scalarBytes } from './queue';
import { HEADER_SCAN_ROWS, READ_BLOCK_CELLS, READ_BUDGET, RUN_OPTIONS, SHEETS_PER_READ } from './requests';

/** Small reads of the workbook: sheet names, Anjie's settings, free sheet names, the selected rows, whole sheets by name. */

/** The workbook's sheet names, and whether no sheet has any value (a register may be created there). */
export async function workbookSheets(host: ExcelHost): Promise<{ names: string[]; empty: boolean }> {
  return host.run(RUN_OPTIONS, async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load('items/name');
    await context.sync();
    const used = sheets.items.map((ws) => ws.getUsedRangeOrNullObject(true).load('address'));
    await context.sync();
    return { names: sheets.items.map((ws) => ws.name), empty: used.every((u) => u.isNullObject) };
  });
}

/** A text Anjie keeps in the workbook's settings, or null when there is none. One sync. */
export async function readSetting(host: ExcelHost, key: string): Promise<string | null> {
  return host.run(RUN_OPTIONS, (context) => readSettingsIn(context, [key]).then((v) => v[0]));
}

/** Settings inside a batch already running (null where there is none). One sync. */
export async function readSettingsIn(context: Excel.RequestContext, keys: readonly string[]): Promise<(string | null)[]> {
  const items = keys.map((key) => context.workbook.settings.getItemOrNullObject(key).load('value'));
  await context.sync();
  return items.map((item) => (item.isNullObject || typeof item.value !== 'string' ? null : item.value));
}

/** `name`, or "name (2)", "name (3)" … : the first that no sheet has (Excel compares sheet names without case). */
export function freeSheetName(name: string, taken: readonly string[]): string {
  const used = new Set(taken.map((n) => n.toLowerCase()));
  if (!used.has(name.toLowerCase())) return name;
  for (let k = 2; ; k++) {
    const candidate = numberedSheetName(name, k);
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/** "name (k)", as Excel numbers a copy, the name shortened so that the whole stays within Excel's 31 characters. */
export function numberedSheetName(name: string, k: number): string {
  const suffix = ` (${k})`;
  return `${[...name].slice(0, 31 - suffix.length).join('').trimEnd()}${suffix}`;
}

/**
 * The rows (0-based) a person has selected on `sheet` within `within` (inclusive), in order, or null
 * when the selection is on another sheet. Every area of a Ctrl-selection counts (ExcelApi 1.9),
 * and rows a filter hides are left out: selecting the visible rows of a filtered register selects
 * those, as the person sees it, not the hidden rows between them. Two syncs.
 */
export async function selectedRows(host: ExcelHost, sheet: string, within: { from: number; to: number }): Promise<number[] | null> {
  return host.run(RUN_OPTIONS, async (context) => {
    const wb = context.workbook;
    // The selection is always on the active sheet.
    const ws = wb.worksheets.getActiveWorksheet();
    ws.load('name');
    const many = host.isSetSupported('ExcelApi', '1.9') ? wb.getSelectedRanges().load('areas/items/rowIndex,areas/items/rowCount') : null;
    const one = many ? null : wb.getSelectedRange().load('rowIndex,rowCount');
    await context.sync();
    if (ws.name !== sheet) return null;
    const areas: { rowIndex: number; rowCount: number }[] = many ? many.areas.items : [one!];
    const picked = new Set<number>();
    for (const a of areas) for (let r = Math.max(a.rowIndex, within.from); r <= Math.min(a.rowIndex + a.rowCount - 1, within.to); r++) picked.add(r);
    const rows = [...picked].sort((x, y) => x - y);
    const probes = rows.map((r) => ws.getRangeByIndexes(r, 0, 1, 1).load('rowHidden'));
    if (rows.length) await context.sync();
    return rows.filter((_, k) => !probes[k].rowHidden);
  });
}

/* ------------------------------------------------------------- write layout */

/**
 * Values of the used range of each named sheet that exists (0-based grid from A1). The first
 * request reads up to 100 sheets; later ones as many as fit READ_BUDGET by what a sheet weighed
 * (and READ_BLOCK_CELLS cells), so a project of thousands of small per-unit sheets takes a few
 * round trips, not one per hundred sheets, and no response comes near the 5 MB limit.
 */
export async function readSheets(host: ExcelHost, names: readonly string[]): Promise<Map<string, ExcelScalar[][]>> {
  return host.run(RUN_OPTIONS, (context) => readSheetsIn(context, names));
}

/** readSheets inside a batch already running (the retired 按揭进度表 a writeLayout found with its first request). */
export async function readSheetsIn(context: Excel.RequestContext, names: readonly string[]): Promise<Map<string, ExcelScalar[][]>> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  await context.sync();
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const found = sheets.items.filter((w) => wanted.has(w.name.toLowerCase()));
  const out = new Map<string, ExcelScalar[][]>();
  let perRead = SHEETS_PER_READ;
  for (let i = 0; i < found.length; ) {
    const batch = found.slice(i, i + perRead);
    i += batch.length;
    const probes = batch.map((w) => {
      const used = w.getUsedRangeOrNullObject(true);
      used.load('rowIndex,columnIndex,values');
      return { name: w.name, used };
    });
    // eslint-disable-next-line office-addins/no-context-sync-in-loop
    await context.sync();
    let bytes = 0;
    let cells = 0;
    for (const p of probes) {
      if (p.used.isNullObject) continue;
      const values = p.used.values as ExcelScalar[][];
      for (const row of values) for (const v of row) bytes += scalarBytes(v ?? '') + 1;
      cells += values.length * (values[0]?.length ?? 0);
      // Re-anchor at A1 so row/column indexes match the layout that wrote the sheet.
      const grid: ExcelScalar[][] = Array.from({ length: p.used.rowIndex }, () => []);
      for (const row of values) grid.push([...new Array<ExcelScalar>(p.used.columnIndex).fill(''), ...row]);
      out.set(p.name, grid);
    }
    // A margin for sheets heavier than these; never fewer than SHEETS_PER_READ.
    const perSheet = Math.max(1, bytes / probes.length) * 1.25;
    const cellsPerSheet = Math.max(1, cells / probes.length) * 1.25;
    perRead = Math.max(SHEETS_PER_READ, Math.floor(Math.min(READ_BUDGET / perSheet, READ_BLOCK_CELLS / cellsPerSheet)));
  }
  return out;
}

/**
 * The sheets (other than `except`) whose column A holds one of `labels` within its first
 * HEADER_SCAN_ROWS rows: what a sheet is for, told by its content, not its name (a copy Excel named
 * "1-1-201 (2)", or one renamed by hand). A column of 30 cells a sheet, PROBES_PER_READ sheets a
 * request, so thousands of per-unit sheets cost a few round trips before any is read whole.
 */
export async function sheetsLabelled(host: ExcelHost, labels: readonly string[], except: readonly string[] = []): Promise<string[]> {
  return host.run(RUN_OPTIONS, async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load('items/name');
    await context.sync();
    const skip = new Set(except.map((n) => n.toLowerCase()));
    return labelledIn(context, sheets.items.filter((w) => !skip.has(w.name.toLowerCase())), labels);
  });
}

/** sheetsLabelled's probe of `candidates` (names loaded), inside a batch already running: a request per PROBES_PER_READ sheets. */
export async function labelledIn(context: Excel.RequestContext, candidates: readonly Excel.Worksheet[], labels: readonly string[]): Promise<string[]> {
  const wanted = new Set(labels);
  const out: string[] = [];
  for (let i = 0; i < candidates.length; i += PROBES_PER_READ) {
    const probes = candidates.slice(i, i + PROBES_PER_READ).map((w) => ({ name: w.name, range: w.getRangeByIndexes(0, 0, HEADER_SCAN_ROWS, 1).load('values') }));
    // eslint-disable-next-line office-addins/no-context-sync-in-loop
    await context.sync();
    for (const p of probes) if ((p.range.values as ExcelScalar[][]).some((row) => wanted.has(String(row[0] ?? '').trim()))) out.push(p.name);
  }
  return out;
}
const PROBES_PER_READ = 1000;

/* -------------------------------------------------------------- highlights */
