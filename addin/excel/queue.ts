/// <reference types="office-js" />
import type { CarryReport, CarrySource } from '../../domain/sheets/carryOver';
import { type CellStyle, type RangeRef, type SheetLayout, PAGE_MARGINS, PAGE_NUMBERS, headerText } from '../../domain/sheets/layout';
import type { SheetDescription } from '../../domain/sheets/description';
import { cellAddress, colLetters } from './address';
import { jsonBytes, toCssColor, toExcelValue, widthToPoints, type ExcelScalar } from './cells';
import { cancelled } from './errors';
import { BLOCK_ROWS, BLOCK_ROWS_MAX, type Progress, REQUEST_BUDGET, type RunControl } from './requests';

/** A SheetLayout's writes queued in blocks of ≤ 5,000 rows and ≤ REQUEST_BUDGET bytes, one context.sync per block. */

export interface WriteOptions extends RunControl {
  /** Make the data table an Excel table with this name (the register). */
  excelTable?: string;
  activate?: boolean;
  password?: string;
  /**
   * A check made before the old sheet is replaced, at no extra round trip when it has nothing to
   * look at: the sheet named `probe` is looked up with the first request, and only when it exists
   * does `check` run (in the same Excel.run). If it throws, the new sheet is dropped and the
   * workbook is left as it was. Used to refuse overwriting a signed sheet; when the person chose
   * to overwrite, it returns the signed sheets instead, and a signed sheet's signature block is
   * not carried over (domain/sheets/carryOver.ts).
   */
  guard?: { probe: string; check: (context: Excel.RequestContext) => Promise<readonly string[] | void> };
  /**
   * The description the layout was built from: what people typed into its input columns on the
   * sheet being replaced goes to the new row with the same identity (`rowKey`), and what could
   * not be placed is reported (domain/sheets/carryOver.ts). The old sheet is read while the new
   * one is written, riding on requests that go out anyway.
   */
  keepInputs?: SheetDescription;
  /**
   * With keepInputs: another sheet whose typed values go into this one where the sheet replaced
   * has none (the single 按揭进度表 of a register that now has several projects). It is read by the
   * caller and left as it is here.
   */
  absorb?: CarrySource;
  /**
   * With keepInputs, instead of `absorb`: sheets to look up with the first request (no round trip
   * of their own); when one exists, `found` is called in the same batch with those that do, and
   * returns what to absorb (or nothing). For the retired single 按揭进度表.
   */
  lookFor?: { sheets: readonly string[]; found: (context: Excel.RequestContext, present: string[]) => Promise<CarrySource | undefined> };
  /**
   * With keepInputs, for the sheet written beside one of that name Anjie did not write: which of the
   * sheets named are under an active signature (services/signedGuard signedSheetsIn). A signed
   * "name (k)" Anjie wrote earlier is replaced only with `overwriteSigned`, else the next "(k)" is used.
   */
  signedIn?: (context: Excel.RequestContext, sheets: readonly string[]) => Promise<readonly string[]>;
  overwriteSigned?: boolean;
  /** Workbook settings saved with the final request (they travel with the file), e.g. the fee ledger's city. */
  settings?: Record<string, string>;
  /**
   * The workbook counts dates from 1904 (addin/excel/dateSystem.ts), as the caller found with a read
   * it made anyway (RegisterData.date1904). Unknown: found before the first write, one round trip
   * more, when the layout holds a date.
   */
  date1904?: boolean;
}

export interface WriteReport {
  /** The sheet written: the layout's name, or "name (k)" beside a sheet of that name Anjie did not write (`besideOf`). */
  sheet: string;
  /** With keepInputs: the sheet of the layout's name, not one Anjie wrote, left as it is (the new one is `sheet`). */
  besideOf?: string;
  rows: number;
  blocks: number;
  syncs: number;
  maxRequestBytes: number;
  replaced: boolean;
  /** With keepInputs: what was carried over from the sheet replaced (null: there was none). */
  inputs?: CarryReport | null;
  /** With absorb: what was taken in from that sheet. */
  absorbed?: CarryReport;
}

interface Block {
  start: number;
  end: number; // exclusive
  values: ExcelScalar[][];
  bytes: number;
}

export function denseWidth(layout: SheetLayout): number {
  let w = layout.columnWidths.length;
  for (const row of layout.values) w = Math.max(w, row.length);
  return Math.max(1, w);
}

/** JSON size of one cell value in a request (UTF-8), without building the JSON. */
export function scalarBytes(v: ExcelScalar): number {
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
export function planBlocks(layout: SheetLayout, width = denseWidth(layout), budget = REQUEST_BUDGET, date1904 = false): Block[] {
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
      const v = toExcelValue(row[c] ?? null, date1904);
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
export class Sender {
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
  /**
   * The caller sets the row heights (writeLayout, once it knows what typed text goes back): a
   * height set here could only be raised afterwards, not taken back to the sheet's default.
   */
  rowHeightsLater?: boolean;
  /** Called after each sync between blocks (after the first, the caller's lookups are readable). */
  afterSync?: () => void;
  date1904?: boolean;
}

/**
 * Queues a whole layout onto a new, empty worksheet: values block by block (one 2-D assignment
 * each, then that block's number formats, one sync between blocks), then styles, widths, row heights, merges,
 * validations, conditional formats, freeze panes, print setup, notes, unlocked cells. Protection
 * and the final sync are the caller's. Returns the Excel table created, if any.
 */
export async function queueLayout(ws: Excel.Worksheet, layout: SheetLayout, send: Sender, o: QueueOptions): Promise<{ table: Excel.Table | null; blocks: number }> {
  const width = denseWidth(layout);
  const blocks = planBlocks(layout, width, REQUEST_BUDGET, o.date1904);
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
  if (!o.rowHeightsLater) await queueRowHeights(ws, layout.rowHeights ?? [], send);
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
    // The CLI's margins (points here): Excel's Normal 0.7 in at each side took 0.6 in of the width a
    // sheet's columns are fitted to, or its pages sized for.
    const pl = ws.pageLayout;
    pl.leftMargin = PAGE_MARGINS.left * 72;
    pl.rightMargin = PAGE_MARGINS.right * 72;
    pl.topMargin = PAGE_MARGINS.top * 72;
    pl.bottomMargin = PAGE_MARGINS.bottom * 72;
    pl.headerMargin = PAGE_MARGINS.header * 72;
    pl.footerMargin = PAGE_MARGINS.footer * 72;
    pl.centerHorizontally = true;
    const across = layout.print.pagesAcross;
    if (across) {
      // Several pages across at a legible scale, as the CLI's renderer prints it: the first columns repeated
      // at the left of each page, a page break before the first column of each group.
      await send.need(200 + across.breaksAfter.length * 100);
      ws.pageLayout.zoom = { scale: across.scale };
      ws.pageLayout.printOrder = 'OverThenDown';
      if (across.titleCols) ws.pageLayout.setPrintTitleColumns(`$A:$${colLetters(across.titleCols - 1)}`);
      for (const c of across.breaksAfter) ws.verticalPageBreaks.add(ws.getRangeByIndexes(0, c + 1, 1, 1));
    } else if (layout.print.fitToWidth) ws.pageLayout.zoom = { horizontalFitToPages: 1 };
    if (layout.print.repeatRows) ws.pageLayout.setPrintTitleRows(`$${layout.print.repeatRows.from + 1}:$${layout.print.repeatRows.to + 1}`);
    // As the CLI's renderer prints it (pipeline/render/workbook.ts): the title at the top, page x of y below.
    const hf = ws.pageLayout.headersFooters.defaultForAllPages;
    if (layout.print.header) hf.leftHeader = headerText(layout.print.header);
    hf.centerFooter = PAGE_NUMBERS;
  }
  if (o.notesOk) {
    for (const n of layout.notes) {
      await send.need(jsonBytes(n.text) + 100);
      ws.notes.add(cellAddress(n.row, n.col), n.text);
    }
  }
  // The filter the CLI's renderer writes (pipeline/render/workbook.ts), header to the row above the 合计
  // (filterLastRow): a sheet's filter is part of its description, whichever edge renders it. ExcelApi 1.9,
  // as the print setup; an Excel table brings its own.
  if (o.printOk && layout.table && !o.excelTable) {
    const t = layout.table;
    ws.autoFilter.apply(ws.getRangeByIndexes(t.headerRow, 0, Math.max(t.filterLastRow, t.firstDataRow) - t.headerRow + 1, t.cols));
  }
  let table: Excel.Table | null = null;
  if (o.excelTable && layout.table) {
    const t = layout.table;
    // As the autofilter (layout.table.filterLastRow): a table's filter must not hide the 合计 either.
    const last = Math.max(t.filterLastRow, t.firstDataRow);
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

/** Rows made taller for their wrapped text (in row order): one write per run of neighbouring rows of the same height. */
export async function queueRowHeights(ws: Excel.Worksheet, heights: readonly { row: number; height: number }[], send: Sender): Promise<void> {
  for (let k = 0; k < heights.length; ) {
    let n = 1;
    while (k + n < heights.length && heights[k + n].row === heights[k].row + n && heights[k + n].height === heights[k].height) n++;
    await send.need(60);
    ws.getRangeByIndexes(heights[k].row, 0, n, 1).format.rowHeight = heights[k].height;
    k += n;
  }
}

export const PROTECT_OPTIONS: Excel.WorksheetProtectionOptions = {
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
