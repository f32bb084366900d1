/// <reference types="office-js" />

/**
 * How Anjie talks to Excel (Office.js). addin/excel/ is the only place that does: registerRead,
 * sheets, queue, writeLayout, carryOver, retire, highlight, select, requirements and signoff; the rest of
 * the add-in calls them and never Excel itself (Microsoft's Office-Addin-TaskPane layout).
 *
 * Rules kept here (Excel on the web limits, Office.js performance guidance):
 *  - one 2-D values assignment per block of rows, never a range per cell; values before formats;
 *  - a block is ≤ 5,000 rows and ≤ REQUEST_BUDGET bytes of queued writes, one context.sync each,
 *    so no request comes near the 5 MB payload limit;
 *  - suspendApiCalculationUntilNextSync before every write batch;
 *  - Excel.run({ delayForCellEdit: true }); *OrNullObject + isNullObject for lookups;
 *  - requirement sets checked with isSetSupported before use.
 */

export const RUN_OPTIONS: Excel.RunOptions = { delayForCellEdit: true };
/** Rows per block, about 5,000 (at most BLOCK_ROWS_MAX): at most one context.sync per block. */
export const BLOCK_ROWS = 5000;
export const BLOCK_ROWS_MAX = 5500;
/** Bytes of queued writes per request; Excel on the web refuses requests over 5 MB. */
export const REQUEST_BUDGET = 4 * 1024 * 1024;
/** Cells per read block, and bytes a read block may weigh (responses have the same 5 MB limit). */
export const READ_BLOCK_CELLS = 200_000;
export const READ_BUDGET = 3 * 1024 * 1024;
export const HEADER_SCAN_ROWS = 30;
export const SHEETS_PER_READ = 100;
export const HEADER_SCAN_COLS = 200;
export const HIGHLIGHT_SETTING = 'anjie.highlights';
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
