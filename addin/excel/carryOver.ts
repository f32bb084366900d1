/// <reference types="office-js" />
import { UNPLACED_HEADER, UNPLACED_SHEET, type CarriedEntry, type CarryPlan } from '../../domain/sheets/carryOver';
import { shanghaiToday } from '../../domain/dates';
import type { SheetLayout } from '../../domain/sheets/layout';
import { jsonBytes, toExcelValue, type ExcelScalar } from './cells';
import { Sender, denseWidth, scalarBytes } from './queue';
import { READ_BLOCK_CELLS, READ_BUDGET } from './requests';

/** What a person typed into a generated sheet's input columns, read from the old sheet and put back after regenerating it. */

export { UNPLACED_SHEET } from '../../domain/sheets/carryOver';

/**
 * Copies typed entries that have no row in a regenerated sheet to UNPLACED_SHEET, one row per
 * value (date, sheet, row identity, column, value), below what earlier runs put there: the
 * pane's message lists them, this keeps them. One or two syncs, only when there are such entries.
 */
export async function keepUnplaced(context: Excel.RequestContext, send: Sender, sheet: string, entries: readonly CarriedEntry[]): Promise<void> {
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
  const rows: ExcelScalar[][] = next === 0 ? [[...UNPLACED_HEADER]] : [];
  const today = shanghaiToday();
  for (const e of entries) for (const v of e.values) rows.push([today, e.sheet ?? sheet, e.row.join(' '), `${v.column.zh} ${v.column.en}`, v.value].map((x) => toExcelValue(x)));
  await send.need(jsonBytes(rows) + 200);
  ws.getRangeByIndexes(next, 0, rows.length, 5).values = rows;
}

/** Typed values carried over, one 2-D assignment per run of consecutive cells in a column. */
export async function queueCells(ws: Excel.Worksheet, cells: CarryPlan['cells'], send: Sender): Promise<void> {
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
export class OldSheetReader {
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
