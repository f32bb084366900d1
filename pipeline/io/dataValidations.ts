import type ExcelJS from 'exceljs';
import { columnLetter } from '../../domain/issues';

/**
 * exceljs (4.4) keeps a sheet's data validations cell by cell (it reads a range so too) and squeezes
 * them into ranges as it writes, in text order: AA10 comes before AA3, so AA10:AA202 was written,
 * then AA3:AA202 over it — every dropdown of the blank register twice below its ninth row. Before a
 * workbook is written each sheet's validations are made ranges that do not overlap (each column's
 * runs of one validation, side by side runs of the same rows joined), which exceljs writes as they
 * are: a range as its own sqref, and a cell alone has no like neighbour left to scan into.
 */
type Validation = ExcelJS.DataValidation;
interface WithValidations {
  dataValidations: { model: Record<string, Validation | undefined> };
}

/** The 1-based row and column of each cell of an address or range ("B3", "AA3:AA202"); none for what is neither. */
function cellsOf(ref: string): { row: number; col: number }[] {
  const corner = (a: string) => {
    const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(a);
    if (!m) return null;
    return { col: [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0), row: Number(m[2]) };
  };
  const [a, b = a] = ref.split(':');
  const from = corner(a);
  const to = corner(b);
  if (!from || !to) return [];
  const out: { row: number; col: number }[] = [];
  for (let row = Math.min(from.row, to.row); row <= Math.max(from.row, to.row); row++) {
    for (let col = Math.min(from.col, to.col); col <= Math.max(from.col, to.col); col++) out.push({ row, col });
  }
  return out;
}

export function compactValidations(wb: ExcelJS.Workbook): void {
  for (const ws of wb.worksheets) {
    const store = (ws as unknown as WithValidations).dataValidations;
    const entries = Object.entries(store.model).filter((e): e is [string, Validation] => e[1] !== undefined);
    if (!entries.length) continue;
    // One validation per cell, the last given (as exceljs's own cell-by-cell model has it), by column.
    const kinds: Validation[] = [];
    const kindOf = new Map<string, number>();
    const byColumn = new Map<number, Map<number, number>>();
    for (const [ref, v] of entries) {
      const key = JSON.stringify(v);
      let kind = kindOf.get(key);
      if (kind === undefined) {
        kind = kinds.push(v) - 1;
        kindOf.set(key, kind);
      }
      for (const { row, col } of ref.split(/\s+/).flatMap(cellsOf)) {
        let rows = byColumn.get(col);
        if (!rows) byColumn.set(col, (rows = new Map()));
        rows.set(row, kind);
      }
    }
    // Runs down each column, then runs of the same rows and validation in neighbouring columns joined.
    const runs: { top: number; bottom: number; left: number; right: number; kind: number }[] = [];
    /** The run ending in each column, by its rows and validation. */
    const ending = new Map<string, (typeof runs)[number]>();
    for (const col of [...byColumn.keys()].sort((a, b) => a - b)) {
      const rows = byColumn.get(col)!;
      const column: typeof runs = [];
      for (const row of [...rows.keys()].sort((a, b) => a - b)) {
        const kind = rows.get(row)!;
        const last = column[column.length - 1];
        if (last && last.kind === kind && last.bottom === row - 1) last.bottom = row;
        else column.push({ top: row, bottom: row, left: col, right: col, kind });
      }
      for (const run of column) {
        const beside = ending.get(`${col - 1},${run.top},${run.bottom},${run.kind}`);
        if (beside) beside.right = col;
        else runs.push(run);
        ending.set(`${col},${run.top},${run.bottom},${run.kind}`, beside ?? run);
      }
    }
    const model: Record<string, Validation> = {};
    for (const x of runs) {
      const a = `${columnLetter(x.left)}${x.top}`;
      const b = `${columnLetter(x.right)}${x.bottom}`;
      model[a === b ? a : `${a}:${b}`] = kinds[x.kind];
    }
    store.model = model;
  }
}
