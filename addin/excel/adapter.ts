/// <reference types="office-js" />
/**
 * The only place that talks to Excel (Office.js). Reads the register wherever it is, writes
 * SheetLayouts, highlights validation issues and selects cells.
 *
 * Rules kept here (Excel on the web limits, Office.js performance guidance):
 *  - one 2-D values assignment per block of rows, never a range per cell; values before formats;
 *  - a block is ≤ 5,000 rows and ≤ REQUEST_BUDGET bytes of queued writes, one context.sync each,
 *    so no request comes near the 5 MB payload limit;
 *  - suspendApiCalculationUntilNextSync before every write batch;
 *  - Excel.run({ delayForCellEdit: true }); *OrNullObject + isNullObject for lookups;
 *  - requirement sets checked with isSetSupported before use.
 */
import type { Issue } from '../../domain/issues';
import { parseRecord, planCarry, type CarriedEntry, type CarryPlan, type CarryReport } from '../../domain/sheets/carryOver';
import { shanghaiToday } from '../../domain/dates';
import type { CellStyle, RangeRef, SheetLayout } from '../../domain/sheets/layout';
import type { Lang, SheetDescription } from '../../domain/sheets/description';
import { cellAddress, qualify, rangeAddress } from './address';
import { jsonBytes, toCssColor, toExcelValue, widthToPoints, type ExcelScalar } from './cells';
import { AddinError, cancelled, throwIfAborted } from './errors';
import type { ExcelHost } from './host';
import { hasSection, sectionMark, withSection, withoutSection, type HighlightScope } from './highlightNote';

export const RUN_OPTIONS: Excel.RunOptions = { delayForCellEdit: true };
/** Rows per block, about 5,000 (at most BLOCK_ROWS_MAX): at most one context.sync per block. */
export const BLOCK_ROWS = 5000;
export const BLOCK_ROWS_MAX = 5500;
/** Bytes of queued writes per request; Excel on the web refuses requests over 5 MB. */
export const REQUEST_BUDGET = 4 * 1024 * 1024;
/** Cells per read block, and bytes a read block may weigh (responses have the same 5 MB limit). */
export const READ_BLOCK_CELLS = 200_000;
export const READ_BUDGET = 3 * 1024 * 1024;
const HEADER_SCAN_ROWS = 30;
const SHEETS_PER_READ = 100;
const HEADER_SCAN_COLS = 200;
const HIGHLIGHT_SETTING = 'anjie.highlights';
/** Per generated sheet: what Anjie wrote into its input columns (domain/sheets/carryOver.ts). */
export const INPUTS_SETTING = 'anjie.inputs';

export interface Progress {
  done: number;
  total: number;
}
export interface RunControl {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

/* ------------------------------------------------------------ requirements */

export interface RequirementReport {
  ok: boolean;
  /** Optional features this Excel lacks (notes, print setup). */
  missingOptional: string[];
}

export function checkRequirements(host: ExcelHost): RequirementReport {
  if (!host.isSetSupported('ExcelApi', '1.8')) {
    throw new AddinError(
      {
        zh: '此 Excel 版本过旧，不支持安杰所需的功能（ExcelApi 1.8：数据验证、工作表保护）。请使用 Microsoft 365 版 Excel、Excel 2019 或更新版本，或 Excel 网页版。',
        en: 'This version of Excel is too old for Anjie (it needs ExcelApi 1.8: data validation, sheet protection). Use Excel for Microsoft 365, Excel 2019 or later, or Excel on the web.',
      },
      'unsupported',
    );
  }
  const missingOptional: string[] = [];
  if (!host.isSetSupported('ExcelApi', '1.18')) missingOptional.push('notes');
  if (!host.isSetSupported('ExcelApi', '1.9')) missingOptional.push('print');
  return { ok: true, missingOptional };
}

/* ---------------------------------------------------------------- register */

export interface RegisterLocation {
  sheet: string;
  /** 0-based index of the header row and of the first column. */
  headerRow: number;
  firstCol: number;
  headers: string[];
  /** 0-based index of the last row with a value (≥ headerRow). */
  lastRow: number;
}

/**
 * Finds the register by its header row, on any sheet, whether it is an Excel table or a plain
 * range: the first row (in the top 30 of a sheet's used range) that `isHeader` accepts.
 */
export async function findRegister(host: ExcelHost, isHeader: (cells: string[]) => boolean): Promise<RegisterLocation | null> {
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
    for (const p of probes) {
      const rows = p.top.values;
      for (let r = 0; r < rows.length; r++) {
        const cells = rows[r].map((v) => (typeof v === 'string' ? v.trim() : String(v)));
        if (!isHeader(cells)) continue;
        const first = cells.findIndex((c) => c !== '');
        let last = cells.length - 1;
        while (last > first && cells[last] === '') last--;
        return {
          sheet: p.name,
          headerRow: r,
          firstCol: first,
          headers: cells.slice(first, last + 1),
          lastRow: Math.max(r, p.used.rowIndex + p.used.rowCount - 1),
        };
      }
    }
    return null;
  });
}

export interface RegisterData {
  location: RegisterLocation;
  /** Data rows as Excel returns them (numbers for dates), trailing empty rows dropped. */
  rows: ExcelScalar[][];
  /** 1-based Excel row number of rows[0]. */
  firstDataRow: number;
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
  await host.run(RUN_OPTIONS, async (context) => {
    const ws = context.workbook.worksheets.getItemOrNullObject(loc.sheet);
    ws.load('name');
    await context.sync();
    if (ws.isNullObject) throw notFound(loc.sheet);
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
  return { location: loc, rows, firstDataRow: loc.headerRow + 2 };
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

function notFound(sheet: string): AddinError {
  return new AddinError(
    { zh: `找不到工作表“${sheet}”，它可能已被删除或改名。请重新校验。`, en: `Sheet "${sheet}" was not found; it may have been deleted or renamed. Validate again.` },
    'not-found',
  );
}

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
  return host.run(RUN_OPTIONS, async (context) => {
    const item = context.workbook.settings.getItemOrNullObject(key);
    item.load('value');
    await context.sync();
    return item.isNullObject || typeof item.value !== 'string' ? null : item.value;
  });
}

/** `name`, or "name (2)", "name (3)" … : the first that no sheet has (Excel compares sheet names without case). */
export function freeSheetName(name: string, taken: readonly string[]): string {
  const used = new Set(taken.map((n) => n.toLowerCase()));
  if (!used.has(name.toLowerCase())) return name;
  for (let k = 2; ; k++) {
    const candidate = `${name} (${k})`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
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

export interface WriteOptions extends RunControl {
  /** Make the data table an Excel table with this name (the register). */
  excelTable?: string;
  activate?: boolean;
  password?: string;
  /**
   * A check made before the old sheet is replaced, at no extra round trip when it has nothing to
   * look at: the sheet named `probe` is looked up with the first request, and only when it exists
   * does `check` run (in the same Excel.run). If it throws, the new sheet is dropped and the
   * workbook is left as it was. Used to refuse overwriting a signed sheet.
   */
  guard?: { probe: string; check: (context: Excel.RequestContext) => Promise<void> };
  /**
   * The description the layout was built from: what people typed into its input columns on the
   * sheet being replaced goes to the new row with the same identity (`rowKey`), and what could
   * not be placed is reported (domain/sheets/carryOver.ts). The old sheet is read while the new
   * one is written, riding on requests that go out anyway.
   */
  keepInputs?: SheetDescription;
  /** Workbook settings saved with the final request (they travel with the file), e.g. the fee ledger's city. */
  settings?: Record<string, string>;
}

export interface WriteReport {
  sheet: string;
  rows: number;
  blocks: number;
  syncs: number;
  maxRequestBytes: number;
  replaced: boolean;
  /** With keepInputs: what was carried over from the sheet replaced (null: there was none). */
  inputs?: CarryReport | null;
}

interface Block {
  start: number;
  end: number; // exclusive
  values: ExcelScalar[][];
  bytes: number;
}

function denseWidth(layout: SheetLayout): number {
  let w = layout.columnWidths.length;
  for (const row of layout.values) w = Math.max(w, row.length);
  return Math.max(1, w);
}

/** JSON size of one cell value in a request (UTF-8), without building the JSON. */
function scalarBytes(v: ExcelScalar): number {
  if (typeof v === 'number') return String(v).length;
  if (typeof v === 'boolean') return v ? 4 : 5;
  let n = 2;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    n += c < 0x20 || c === 0x22 || c === 0x5c ? 6 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
  }
  return n;
}

/** Splits the layout's rows into blocks of ≤ 5,000 rows whose values and formats fit the request budget. */
export function planBlocks(layout: SheetLayout, width = denseWidth(layout), budget = REQUEST_BUDGET): Block[] {
  const rowFormatBytes = new Array<number>(layout.values.length).fill(0);
  for (const nf of layout.numberFormats) {
    const per = (nf.format.length * 3 + 3) * nf.range.cols;
    for (let r = nf.range.row; r < nf.range.row + nf.range.rows && r < rowFormatBytes.length; r++) rowFormatBytes[r] += per;
  }
  // Even blocks of about 5,000 rows: 10,021 rows are two blocks of ~5,011, not 5,000 + 5,000 + 21.
  const n = layout.values.length;
  const rowsPerBlock = Math.min(BLOCK_ROWS_MAX, Math.ceil(n / Math.max(1, Math.round(n / BLOCK_ROWS))));
  const blocks: Block[] = [];
  let cur: Block | null = null;
  layout.values.forEach((row, r) => {
    const values: ExcelScalar[] = new Array(width);
    let bytes = rowFormatBytes[r] + 2;
    for (let c = 0; c < width; c++) {
      const v = toExcelValue(row[c] ?? null);
      values[c] = v;
      bytes += scalarBytes(v) + 1;
    }
    if (!cur || cur.values.length >= rowsPerBlock || cur.bytes + bytes > budget) {
      cur = { start: r, end: r, values: [], bytes: 0 };
      blocks.push(cur);
    }
    cur.values.push(values);
    cur.end = r + 1;
    cur.bytes += bytes;
  });
  if (blocks.length === 0) blocks.push({ start: 0, end: 1, values: [new Array<ExcelScalar>(width).fill('')], bytes: 0 });
  return blocks;
}

/** Queues writes and syncs whenever the next one would push the request over the budget. */
class Sender {
  bytes = 0;
  syncs = 0;
  maxBytes = 0;
  constructor(private readonly context: Excel.RequestContext) {}
  private fresh = true;
  async need(bytes: number): Promise<void> {
    if (this.bytes > 0 && this.bytes + bytes > REQUEST_BUDGET) await this.sync();
    if (this.fresh) {
      // Every write request runs with calculation suspended.
      this.context.workbook.application.suspendApiCalculationUntilNextSync();
      this.fresh = false;
    }
    this.bytes += bytes;
  }
  async sync(): Promise<void> {
    this.synced();
    await this.context.sync();
  }
  /** Records a context.sync() the caller made itself. */
  synced(): void {
    this.maxBytes = Math.max(this.maxBytes, this.bytes);
    this.bytes = 0;
    this.syncs++;
    this.fresh = true;
  }
}

function sub(ws: Excel.Worksheet, r: RangeRef): Excel.Range {
  return ws.getRangeByIndexes(r.row, r.col, r.rows, r.cols);
}

function applyStyle(range: Excel.Range, style: CellStyle): void {
  const f = range.format;
  if (style.fill) f.fill.color = toCssColor(style.fill);
  if (style.bold !== undefined) f.font.bold = style.bold;
  if (style.fontColor) f.font.color = toCssColor(style.fontColor);
  if (style.fontSize) f.font.size = style.fontSize;
  if (style.align) f.horizontalAlignment = (style.align[0].toUpperCase() + style.align.slice(1)) as Excel.HorizontalAlignment;
  if (style.wrap !== undefined) f.wrapText = style.wrap;
  if (style.border) {
    for (const edge of ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideHorizontal', 'InsideVertical'] as const) {
      f.borders.getItem(edge).style = 'Continuous';
    }
  }
}

interface QueueOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  excelTable?: string;
  notesOk: boolean;
  printOk: boolean;
  /** Called after each sync between blocks (after the first, the caller's lookups are readable). */
  afterSync?: () => void;
}

/**
 * Queues a whole layout onto a new, empty worksheet: values block by block (one 2-D assignment
 * each, then that block's number formats, one sync between blocks), then styles, widths, merges,
 * validations, conditional formats, freeze panes, print setup, notes, unlocked cells. Protection
 * and the final sync are the caller's. Returns the Excel table created, if any.
 */
async function queueLayout(ws: Excel.Worksheet, layout: SheetLayout, send: Sender, o: QueueOptions): Promise<{ table: Excel.Table | null; blocks: number }> {
  const width = denseWidth(layout);
  const blocks = planBlocks(layout, width);
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (o.signal?.aborted) throw cancelled();
    if (i > 0) {
      await send.sync();
      o.afterSync?.();
    }
    await send.need(b.bytes);
    // Values first (one 2-D assignment), then this block's number formats.
    ws.getRangeByIndexes(b.start, 0, b.values.length, width).values = b.values;
    for (const nf of layout.numberFormats) {
      const r0 = Math.max(nf.range.row, b.start);
      const r1 = Math.min(nf.range.row + nf.range.rows, b.end);
      if (r1 <= r0) continue;
      const grid = Array.from({ length: r1 - r0 }, () => new Array<string>(nf.range.cols).fill(nf.format));
      ws.getRangeByIndexes(r0, nf.range.col, r1 - r0, nf.range.cols).numberFormat = grid;
    }
    o.onProgress?.({ done: b.end, total: layout.values.length });
  }
  if (o.signal?.aborted) throw cancelled();
  // Formats, widths and sheet features (small payloads), with the last block.
  for (const st of layout.styles) {
    await send.need(jsonBytes(st) + 200);
    applyStyle(sub(ws, st.range), st.style);
  }
  await send.need(layout.columnWidths.length * 60);
  layout.columnWidths.forEach((w, c) => {
    ws.getRangeByIndexes(0, c, 1, 1).format.columnWidth = widthToPoints(w);
  });
  for (const m of layout.merges) {
    await send.need(80);
    sub(ws, m).merge(false);
  }
  for (const v of layout.validations) {
    await send.need(jsonBytes(v) + 200);
    const dv = sub(ws, v.range).dataValidation;
    dv.clear();
    dv.rule = { list: { inCellDropDown: true, source: v.list.join(',') } };
    dv.ignoreBlanks = v.allowBlank;
    dv.errorAlert = { showAlert: true, style: 'Stop', title: 'Anjie', message: `${v.error.zh} / ${v.error.en}` };
  }
  for (const cf of layout.conditionalFormats) {
    await send.need(jsonBytes(cf) + 200);
    const f = sub(ws, cf.range).conditionalFormats.add('Custom');
    f.custom.rule.formula = cf.formula.startsWith('=') ? cf.formula : `=${cf.formula}`;
    if (cf.style.fill) f.custom.format.fill.color = toCssColor(cf.style.fill);
    if (cf.style.bold !== undefined) f.custom.format.font.bold = cf.style.bold;
    if (cf.style.fontColor) f.custom.format.font.color = toCssColor(cf.style.fontColor);
  }
  if (layout.freeze.rows > 0 && layout.freeze.cols > 0) ws.freezePanes.freezeAt(ws.getRangeByIndexes(0, 0, layout.freeze.rows, layout.freeze.cols));
  else if (layout.freeze.rows > 0) ws.freezePanes.freezeRows(layout.freeze.rows);
  else if (layout.freeze.cols > 0) ws.freezePanes.freezeColumns(layout.freeze.cols);
  if (o.printOk) {
    ws.pageLayout.orientation = layout.print.orientation === 'landscape' ? 'Landscape' : 'Portrait';
    ws.pageLayout.paperSize = 'A4';
    if (layout.print.fitToWidth) ws.pageLayout.zoom = { horizontalFitToPages: 1 };
    if (layout.print.repeatRows) ws.pageLayout.setPrintTitleRows(`$${layout.print.repeatRows.from + 1}:$${layout.print.repeatRows.to + 1}`);
  }
  if (o.notesOk) {
    for (const n of layout.notes) {
      await send.need(jsonBytes(n.text) + 100);
      ws.notes.add(cellAddress(n.row, n.col), n.text);
    }
  }
  let table: Excel.Table | null = null;
  if (o.excelTable && layout.table) {
    const t = layout.table;
    const last = Math.max(t.lastDataRow, t.firstDataRow);
    table = ws.tables.add(ws.getRangeByIndexes(t.headerRow, 0, last - t.headerRow + 1, t.cols), true);
    table.style = 'TableStyleLight9';
  }
  for (const u of layout.unlocked) {
    await send.need(100);
    sub(ws, u).format.protection.locked = false;
  }
  if (layout.hidden) ws.visibility = 'Hidden';
  return { table, blocks: blocks.length };
}

const PROTECT_OPTIONS: Excel.WorksheetProtectionOptions = {
  allowFormatCells: true,
  allowAutoFilter: true,
  allowSort: true,
  allowFormatColumns: true,
  allowFormatRows: true,
  allowEditObjects: true,
};

/**
 * Writes a SheetLayout as a sheet named layout.name, replacing any sheet of that name. The new
 * sheet is built under a temporary name and swapped in at the end, so a cancelled or failed
 * run leaves the workbook as it was. Syncs: max(2, blocks); with keepInputs, replacing a sheet
 * written in one block takes one more (the old sheet can only be read once the first request
 * has told that it exists, and what was typed must be read before the final request places it),
 * and an old sheet too large to read alongside the blocks takes one per further read block.
 */
export async function writeLayout(host: ExcelHost, layout: SheetLayout, opts: WriteOptions = {}): Promise<WriteReport> {
  const temp = `~anjie${Date.now().toString(36).slice(-6)}`;
  let replaced = false;
  let blocks = 0;
  let inputs: CarryReport | null | undefined;
  const report = await host.run(RUN_OPTIONS, async (context) => {
    const wb = context.workbook;
    const send = new Sender(context);
    const old = wb.worksheets.getItemOrNullObject(layout.name);
    old.load('position');
    const probe = opts.guard ? wb.worksheets.getItemOrNullObject(opts.guard.probe).load('name') : null;
    const settingKey = `${INPUTS_SETTING}.${layout.name}`;
    const record = opts.keepInputs ? wb.settings.getItemOrNullObject(settingKey).load('value') : null;
    const reader = opts.keepInputs ? new OldSheetReader(old, send, layout) : null;
    const ws = wb.worksheets.add(temp);
    let oldKnown = false;
    try {
      const queued = await queueLayout(ws, layout, send, {
        ...opts,
        notesOk: host.isSetSupported('ExcelApi', '1.18'),
        printOk: host.isSetSupported('ExcelApi', '1.9'),
        afterSync: () => {
          oldKnown = true;
          reader?.pump();
        },
      });
      blocks = queued.blocks;
      const table = queued.table;
      if (!oldKnown) await send.sync();
      // `probe` went out with the first request too.
      if (probe && opts.guard && !probe.isNullObject) await opts.guard.check(context);
      if (reader && record && opts.keepInputs) {
        if (opts.signal?.aborted) throw cancelled();
        const grid = await reader.finish();
        // `record` went out with the first request.
        const before = record.isNullObject ? null : parseRecord(record.value);
        const plan = planCarry(opts.keepInputs, layout, grid, before);
        await queueCells(ws, plan.cells, send);
        await send.need(jsonBytes(plan.record) + 100);
        wb.settings.add(settingKey, plan.record);
        inputs = plan.report;
        if (inputs?.unplaced.length) {
          await keepUnplaced(context, send, layout.name, inputs.unplaced);
          inputs.savedTo = UNPLACED_SHEET;
        }
      }
      // Swap the finished sheet in. `old` was loaded with the first request (send.sync()), which the lint rule cannot see.
      // eslint-disable-next-line office-addins/call-sync-before-read
      if (!old.isNullObject) {
        replaced = true;
        old.delete();
        // eslint-disable-next-line office-addins/call-sync-after-load, office-addins/call-sync-before-read
        ws.position = old.position;
      }
      ws.name = layout.name;
      if (table && opts.excelTable) table.name = opts.excelTable; // after the old sheet (and its table) is gone
      if (layout.protect) ws.protection.protect(PROTECT_OPTIONS, opts.password);
      if (opts.activate && !layout.hidden) ws.activate();
      for (const [key, value] of Object.entries(opts.settings ?? {})) wb.settings.add(key, value);
      await send.sync();
    } catch (e) {
      // Leave nothing half-written: drop the temporary sheet.
      const again = context.workbook.worksheets.getItemOrNullObject(temp);
      again.load('name');
      try {
        await context.sync();
        if (!again.isNullObject) {
          again.delete();
          await context.sync();
        }
      } catch {
        /* the original error is the one to report */
      }
      throw e;
    }
    return { syncs: send.syncs, maxRequestBytes: send.maxBytes };
  });
  return { sheet: layout.name, rows: layout.values.length, blocks, replaced, ...report, ...(opts.keepInputs ? { inputs: inputs ?? null } : {}) };
}

/** Where typed entries whose row is gone after regenerating a sheet are kept (appended each time). */
export const UNPLACED_SHEET = '未放回的录入';

/**
 * Copies typed entries that have no row in a regenerated sheet to UNPLACED_SHEET, one row per
 * value (date, sheet, row identity, column, value), below what earlier runs put there: the
 * pane's message lists them, this keeps them. One or two syncs, only when there are such entries.
 */
async function keepUnplaced(context: Excel.RequestContext, send: Sender, sheet: string, entries: readonly CarriedEntry[]): Promise<void> {
  const found = context.workbook.worksheets.getItemOrNullObject(UNPLACED_SHEET);
  found.load('name');
  await context.sync();
  send.synced();
  let ws: Excel.Worksheet;
  let next = 0;
  if (found.isNullObject) {
    ws = context.workbook.worksheets.add(UNPLACED_SHEET);
  } else {
    ws = found;
    const used = ws.getUsedRangeOrNullObject(true);
    used.load('rowIndex,rowCount');
    await context.sync();
    send.synced();
    next = used.isNullObject ? 0 : used.rowIndex + used.rowCount;
  }
  const rows: ExcelScalar[][] = next === 0 ? [['日期 Date', '工作表 Sheet', '行 Row', '列 Column', '填写的内容 Typed value']] : [];
  const today = shanghaiToday();
  for (const e of entries) for (const v of e.values) rows.push([today, sheet, e.row.join(' '), `${v.column.zh} ${v.column.en}`, v.value].map((x) => toExcelValue(x)));
  await send.need(jsonBytes(rows) + 200);
  ws.getRangeByIndexes(next, 0, rows.length, 5).values = rows;
}

/** Typed values carried over, one 2-D assignment per run of consecutive cells in a column. */
async function queueCells(ws: Excel.Worksheet, cells: CarryPlan['cells'], send: Sender): Promise<void> {
  const sorted = [...cells].sort((a, b) => a.col - b.col || a.row - b.row);
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j].col === sorted[i].col && sorted[j].row === sorted[j - 1].row + 1) j++;
    const values = sorted.slice(i, j).map((c) => [toExcelValue(c.value)]);
    await send.need(jsonBytes(values) + 100);
    ws.getRangeByIndexes(sorted[i].row, sorted[i].col, j - i, 1).values = values;
    i = j;
  }
}

/**
 * Reads the sheet a writeLayout replaces (values of its used range, from A1) while the new one is
 * written: each read block is queued right after a sync and comes back with the next request that
 * goes out anyway; only what is still unread when the new sheet is done costs round trips of its
 * own. Blocks are sized like readRegister's (≤ READ_BLOCK_CELLS cells, about READ_BUDGET bytes),
 * the first by what the new layout's rows weigh, since the old sheet looks like the new one.
 */
class OldSheetReader {
  private started = false;
  private used: Excel.Range | null = null;
  private pending: { range: Excel.Range; at: number } | null = null;
  private rows: ExcelScalar[][] = [];
  /** Rows and columns of the old sheet's used range from A1; -1 until the first block is back. */
  private bottom = -1;
  private width: number;
  private perBlock: number;
  constructor(
    private readonly old: Excel.Worksheet,
    private readonly send: Sender,
    layout: SheetLayout,
  ) {
    this.width = denseWidth(layout);
    let bytes = 0;
    let sampled = 0;
    for (let r = 0; r < layout.values.length; r += 16, sampled++) for (const v of layout.values[r]) bytes += scalarBytes(toExcelValue(v ?? null)) + 1;
    this.perBlock = this.blockRows(bytes / Math.max(1, sampled), layout.values.length + 64);
  }
  private blockRows(perRow: number, want = Infinity): number {
    const cells = Math.floor(READ_BLOCK_CELLS / Math.max(1, this.width));
    return Math.max(1, Math.min(want, cells, Math.floor(READ_BUDGET / Math.max(1, perRow * 1.25))));
  }
  /** After a sync: takes in the block that came back and queues the next (the first call starts). */
  pump(): void {
    if (!this.started) {
      this.started = true;
      // `old` was looked up with the first request, which has gone out when this is called.
      if (this.old.isNullObject) return;
      this.used = this.old.getUsedRangeOrNullObject(true);
      this.used.load('rowIndex,rowCount,columnIndex,columnCount');
      this.queue();
      return;
    }
    if (!this.pending || this.pending.at === this.send.syncs) return;
    this.take();
    if (!this.done()) this.queue();
  }
  private queue(): void {
    const from = this.rows.length;
    const n = this.bottom < 0 ? this.perBlock : Math.min(this.perBlock, this.bottom - from);
    const range = this.old.getRangeByIndexes(from, 0, n, this.width);
    range.load('values');
    this.pending = { range, at: this.send.syncs };
  }
  private take(): void {
    const values = this.pending!.range.values as ExcelScalar[][];
    this.pending = null;
    if (this.bottom < 0) {
      if (this.used!.isNullObject) {
        this.bottom = 0;
        return;
      }
      this.bottom = this.used!.rowIndex + this.used!.rowCount;
      const right = this.used!.columnIndex + this.used!.columnCount;
      if (right > this.width) {
        // Wider than the new sheet: read it again at its own width.
        this.width = right;
        this.perBlock = this.blockRows(this.width * 12);
        return;
      }
    }
    let bytes = 0;
    let sampled = 0;
    for (let k = 0; k < values.length; k += 16, sampled++) for (const v of values[k]) bytes += scalarBytes(v ?? '') + 1;
    for (const row of values) if (this.rows.length < this.bottom) this.rows.push(row);
    this.perBlock = this.blockRows(bytes / Math.max(1, sampled));
  }
  private done(): boolean {
    return this.bottom >= 0 && this.rows.length >= this.bottom;
  }
  /** The old sheet's values from A1, or null when there was none; syncs for what is still unread. */
  async finish(): Promise<ExcelScalar[][] | null> {
    this.pump();
    if (this.old.isNullObject) return null;
    while (!this.done()) {
      // One sync per block still unread, by design (each response stays under the limit).
      if (this.pending && this.pending.at === this.send.syncs) await this.send.sync();
      this.pump();
    }
    return this.rows;
  }
}

/**
 * Adds many small sheets that do not exist yet (per-unit title-search sheets) in as few requests
 * as the 5 MB budget allows, instead of two round trips per sheet. Names already present are skipped.
 */
export async function writeNewSheets(
  host: ExcelHost,
  layouts: readonly SheetLayout[],
  opts: RunControl & { password?: string } = {},
): Promise<{ written: string[]; skipped: string[]; syncs: number; maxRequestBytes: number }> {
  return host.run(RUN_OPTIONS, async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load('items/name');
    await context.sync();
    const existing = new Set(sheets.items.map((w) => w.name.toLowerCase()));
    const send = new Sender(context);
    const written: string[] = [];
    const skipped: string[] = [];
    const o = { notesOk: host.isSetSupported('ExcelApi', '1.18'), printOk: host.isSetSupported('ExcelApi', '1.9') };
    for (const layout of layouts) {
      if (opts.signal?.aborted) break; // the sheets before stay (sent below); the rest are not written
      if (existing.has(layout.name.toLowerCase())) {
        skipped.push(layout.name);
        continue;
      }
      existing.add(layout.name.toLowerCase());
      await send.need(200);
      const ws = sheets.add(layout.name);
      try {
        await queueLayout(ws, layout, send, { ...o, signal: opts.signal });
      } catch (err) {
        if (!(err instanceof AddinError && err.kind === 'cancelled')) throw err;
        ws.delete(); // cancelled part way through this sheet: none of it stays, whatever was already sent
        break;
      }
      if (layout.protect) ws.protection.protect(PROTECT_OPTIONS, opts.password);
      written.push(layout.name);
      opts.onProgress?.({ done: written.length + skipped.length, total: layouts.length });
    }
    await send.sync();
    if (opts.signal?.aborted) throw cancelled(written);
    return { written, skipped, syncs: send.syncs + 1, maxRequestBytes: send.maxBytes };
  });
}

/**
 * Values of the used range of each named sheet that exists (0-based grid from A1). The first
 * request reads up to 100 sheets; later ones as many as fit READ_BUDGET by what a sheet weighed
 * (and READ_BLOCK_CELLS cells), so a project of thousands of small per-unit sheets takes a few
 * round trips, not one per hundred sheets, and no response comes near the 5 MB limit.
 */
export async function readSheets(host: ExcelHost, names: readonly string[]): Promise<Map<string, ExcelScalar[][]>> {
  return host.run(RUN_OPTIONS, async (context) => {
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
  });
}

/* -------------------------------------------------------------- highlights */

interface HighlightRecord {
  sheet: string;
  cells: string[]; // "C12"
  /** Each cell's own fill before Anjie highlighted it ('#RRGGBB'), null for none; absent in records of older versions (their cells are cleared). */
  fills?: (string | null)[];
  /** Each cell's severity: 'e' error, 'w' warning (absent in older records). */
  sev?: ('e' | 'w')[];
}

export interface HighlightReport {
  highlighted: number;
  cleared: number;
  /** Issues that have no cell to point at (listed in the pane only). */
  withoutCell: number;
  /** Sheets with issues that are protected against formatting (signed): listed in the pane, not marked. */
  locked: string[];
}

const FILL = { error: '#FFC7CE', warning: '#FFEB9C' } as const;
const OUR_FILLS = new Set<string>(Object.values(FILL));
const SCOPES: readonly HighlightScope[] = ['register', 'titleSearch'];

/** A loaded fill colour as the record keeps it: Excel reports a cell without fill as white. */
function ownFill(color: string | null): string | null {
  const c = color?.toUpperCase() ?? null;
  return c === '#FFFFFF' ? null : c;
}

/** What another kind of validation has marked: "Sheet!C12" → its severity and the cell's own fill. */
type Claims = Map<string, { sev: 'error' | 'warning'; own: string | null }>;

function claimsOf(records: readonly HighlightRecord[]): Claims {
  const claims: Claims = new Map();
  for (const rec of records)
    rec.cells.forEach((cell, k) => {
      const key = `${rec.sheet}!${cell}`;
      const sev = rec.sev?.[k] === 'w' ? 'warning' : 'error';
      const prev = claims.get(key);
      claims.set(key, { sev: prev?.sev === 'error' ? 'error' : sev, own: prev?.own ?? rec.fills?.[k] ?? null });
    });
  return claims;
}

/**
 * Takes away the highlights of the previous validation of this kind, then marks each issue's cell:
 * a fill (red for errors, yellow for warnings) and the messages in the cell's note.
 * - A highlighted cell gets its own fill back afterwards (the person's colour coding is theirs);
 *   one the person has re-coloured meanwhile keeps the new colour.
 * - A note the person wrote stays: the messages go in a section after it, and only that section
 *   is removed again (highlightNote.ts). Excel refuses a second note on a cell.
 * - Each kind of validation (scope) keeps its own highlights: validating title searches leaves the
 *   register's alone, and a cell both mark stays marked until both have cleared it.
 * - Marks that moved with their cells (rows sorted, the sheet renamed) are found by their notes and
 *   cleared too.
 * Four syncs (three when nothing is to be marked; one more when marks have moved).
 */
export async function highlightIssues(host: ExcelHost, issues: readonly Issue[], lang: Lang, scope: HighlightScope = 'register'): Promise<HighlightReport> {
  const notesOk = host.isSetSupported('ExcelApi', '1.18');
  return host.run(RUN_OPTIONS, async (context) => {
    const wb = context.workbook;
    const settings = SCOPES.map((s) => {
      const item = wb.settings.getItemOrNullObject(`${HIGHLIGHT_SETTING}.${s}`);
      item.load('value');
      return { scope: s, item };
    });
    wb.worksheets.load('items/name');
    await context.sync();
    const existing = new Map(wb.worksheets.items.map((ws) => [ws.name, ws] as const));
    const recordsOf = (s: HighlightScope) => {
      const { item } = settings.find((x) => x.scope === s)!;
      return item.isNullObject ? [] : parseRecords(item.value);
    };
    const previous = recordsOf(scope);
    const others = claimsOf(SCOPES.filter((s) => s !== scope).flatMap(recordsOf));
    // Which sheets take fills and notes: a signed sheet is protected and may take neither.
    const inPlay = new Set([...previous.map((r) => r.sheet), ...issues.map((i) => i.location.sheet ?? '')].filter((n) => existing.has(n)));
    const protections = new Map(
      [...inPlay].map((n) => {
        const p = existing.get(n)!.protection;
        p.load('protected,options');
        return [n, p] as const;
      }),
    );

    // 1. Read what the previously highlighted cells look like now, and their notes.
    let cleared = 0;
    const stale: { sheet: string; key: string; fill: Excel.RangeFill; own: string | null | undefined; note: Excel.Note | null }[] = [];
    // Thousands of cells: the Sender syncs early whenever a request would pass the budget.
    const send = new Sender(context);
    for (const rec of previous) {
      const ws = existing.get(rec.sheet);
      if (!ws) continue;
      for (let k = 0; k < rec.cells.length; k++) {
        const addr = rec.cells[k];
        await send.need(160);
        const fill = ws.getRange(addr).format.fill;
        fill.load('color');
        let note: Excel.Note | null = null;
        if (notesOk) {
          note = ws.notes.getItemOrNullObject(addr);
          note.load('content');
        }
        stale.push({ sheet: rec.sheet, key: `${rec.sheet}!${addr}`, fill, own: rec.fills?.[k], note });
      }
    }
    // Every note of the sheets in play, to find this validation's marks that moved with their cells
    // (rows sorted, or inserted above; the sheet renamed) and are no longer where the record says.
    const scans = notesOk ? [...inPlay].map((sheet) => ({ sheet, notes: existing.get(sheet)!.notes.load('items/content') })) : [];
    await context.sync();
    send.synced();
    const canFill = (sheet: string) => {
      const p = protections.get(sheet);
      return !p || !p.protected || !!p.options.allowFormatCells;
    };
    const canNote = (sheet: string) => {
      const p = protections.get(sheet);
      return notesOk && (!p || !p.protected || !!p.options.allowEditObjects);
    };
    // Only when a sheet holds more of this validation's notes than were found where recorded does
    // it cost a request: the moved ones' cells, which are then cleared like the others (their own
    // fill, recorded by address, is not known: a fill of ours is removed).
    const found = new Map<string, number>();
    for (const x of stale) if (x.note && !x.note.isNullObject && hasSection(x.note.content, scope)) found.set(x.sheet, (found.get(x.sheet) ?? 0) + 1);
    const moved: { sheet: string; cell: Excel.Range; note: Excel.Note }[] = [];
    for (const { sheet, notes } of scans) {
      if (!canFill(sheet)) continue;
      const ours = notes.items.filter((n) => hasSection(n.content, scope));
      if (ours.length <= (found.get(sheet) ?? 0)) continue;
      for (const note of ours) {
        await send.need(160);
        const cell = note.getLocation().load('address');
        cell.format.fill.load('color');
        moved.push({ sheet, cell, note });
      }
    }
    if (moved.length) await send.sync();
    const known = new Set(stale.map((x) => x.key));
    for (const { sheet, cell, note } of moved) {
      const key = `${sheet}!${cell.address.slice(cell.address.lastIndexOf('!') + 1)}`;
      if (!known.has(key)) stale.push({ sheet, key, fill: cell.format.fill, own: undefined, note });
    }

    // 2. Give still-highlighted cells their own fill back (or the other validation's colour), and
    //    take this validation's section out of their notes.
    for (const { sheet, key, fill, own, note } of stale) {
      if (!canFill(sheet)) continue; // protected: its highlights stay, and stay recorded, until it can be changed
      if (note && !note.isNullObject && canNote(sheet)) {
        const rest = withoutSection(note.content, scope);
        if (rest !== note.content) {
          await send.need(80 + jsonBytes(rest ?? ''));
          if (rest === null) note.delete();
          else note.content = rest;
        }
      }
      if (!OUR_FILLS.has(fill.color?.toUpperCase() ?? '')) continue; // re-coloured by the person: theirs now
      await send.need(160);
      const other = others.get(key);
      if (other) fill.color = FILL[other.sev];
      else if (own) fill.color = own;
      else fill.clear();
      cleared++;
    }
    const byCell = new Map<string, { sheet: string; cell: string; severity: 'error' | 'warning'; lines: string[] }>();
    let withoutCell = 0;
    const locked = new Set<string>();
    for (const issue of issues) {
      const { sheet, row, column } = issue.location;
      if (!sheet || !row || !column || !existing.has(sheet) || issue.location.file) {
        withoutCell++;
        continue;
      }
      if (!canFill(sheet)) {
        locked.add(sheet); // listed in the pane, not marked on the sheet
        continue;
      }
      const key = `${sheet}!${column}${row}`;
      const entry = byCell.get(key) ?? { sheet, cell: `${column}${row}`, severity: issue.severity, lines: [] };
      if (issue.severity === 'error') entry.severity = 'error';
      const fix = issue.fix ? ` ${lang === 'zh' ? '处理：' : 'Fix: '}${issue.fix[lang]}` : '';
      entry.lines.push(`${issue.message[lang]}${fix}`);
      byCell.set(key, entry);
    }
    // 3. The new cells' own fills and notes (read after step 2's changes), then mark them and remember.
    const marked = [...byCell.entries()].map(([key, e]) => {
      const ws = existing.get(e.sheet)!;
      return { key, e, fill: ws.getRange(e.cell).format.fill, note: canNote(e.sheet) ? ws.notes.getItemOrNullObject(e.cell) : null };
    });
    for (const m of marked) {
      await send.need(240);
      m.fill.load('color');
      m.note?.load('content');
    }
    if (marked.length) await send.sync();
    const records = new Map<string, HighlightRecord>();
    // Highlights on a sheet that could not be changed are still there: kept in the record.
    for (const rec of previous) if (existing.has(rec.sheet) && !canFill(rec.sheet)) records.set(rec.sheet, rec);
    for (const { key, e, fill, note } of marked) {
      const ws = existing.get(e.sheet)!;
      const text = note && !note.isNullObject ? withSection(note.content, scope, e.lines) : `${sectionMark(scope)}${e.lines.join('\n')}`;
      await send.need(200 + (note ? jsonBytes(text) : 0));
      const other = others.get(key);
      // A cell the other validation marks keeps the fill it had before either did.
      const current = ownFill(fill.color);
      const own = other ? other.own : OUR_FILLS.has(current ?? '') ? null : current;
      fill.color = FILL[other?.sev === 'error' ? 'error' : e.severity];
      if (note) {
        if (note.isNullObject) ws.notes.add(e.cell, text);
        else note.content = text;
      }
      const rec = records.get(e.sheet) ?? { sheet: e.sheet, cells: [], fills: [], sev: [] };
      rec.cells.push(e.cell);
      rec.fills!.push(own);
      rec.sev!.push(e.severity === 'error' ? 'e' : 'w');
      records.set(e.sheet, rec);
    }
    const record = JSON.stringify([...records.values()]);
    await send.need(jsonBytes(record) + 100);
    wb.settings.add(`${HIGHLIGHT_SETTING}.${scope}`, record);
    await send.sync();
    return { highlighted: marked.length, cleared, withoutCell, locked: [...locked].sort() };
  });
}

function parseRecords(value: unknown): HighlightRecord[] {
  try {
    const v = typeof value === 'string' ? JSON.parse(value) : value;
    return Array.isArray(v) ? v.filter((r) => r && typeof r.sheet === 'string' && Array.isArray(r.cells)) : [];
  } catch {
    return [];
  }
}

/* ------------------------------------------------------------------ select */

/** Activates the sheet and selects the cell (or range) so the person sees it. */
export async function selectCell(host: ExcelHost, sheet: string, address: string): Promise<void> {
  await host.run(RUN_OPTIONS, async (context) => {
    const ws = context.workbook.worksheets.getItemOrNullObject(sheet);
    ws.load('name');
    await context.sync();
    if (ws.isNullObject) throw notFound(sheet);
    ws.activate();
    ws.getRange(address).select();
    await context.sync();
  });
}

/** "按揭台账!C12" for messages. */
export function describeCell(sheet: string, row0: number, col0: number): string {
  return qualify(sheet, rangeAddress(row0, col0, 1, 1));
}
