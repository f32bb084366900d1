import type { LocalDate } from '../dates';

/**
 * A sheet laid out cell by cell: the one form both renderers consume (exceljs in pipeline/,
 * Office.js in addin/). Built by pure code from a sheet description plus rows, so the two
 * renderers can only differ in how they write, never in what they write.
 * All addresses are 0-based (row, col) inside the sheet; renderers add 1 for Excel.
 */
export type CellValue =
  | null
  | string
  | number
  | boolean
  /** A calendar date; written as a real Excel date. */
  | { kind: 'date'; date: LocalDate }
  /** Money kept as decimal text until the very edge ("1234.56"). */
  | { kind: 'money'; value: string }
  /** A formula with its computed result, so readers without a calc engine see the value. */
  | { kind: 'formula'; formula: string; result: string | number | null };

export interface CellStyle {
  bold?: boolean;
  /** ARGB fill, e.g. "FFFFF2CC". */
  fill?: string;
  fontColor?: string;
  align?: 'left' | 'center' | 'right';
  wrap?: boolean;
  border?: boolean;
  fontSize?: number;
}

export interface RangeRef {
  row: number;
  col: number;
  rows: number; // height, >= 1
  cols: number; // width, >= 1
}

export interface ListValidation {
  range: RangeRef;
  /** Allowed values (in-cell dropdown). */
  list: string[];
  allowBlank: boolean;
  error: { zh: string; en: string };
}

export interface ConditionalFormat {
  range: RangeRef;
  /** An Excel formula relative to the top-left cell of the range, e.g. "$N5=\"是\"". */
  formula: string;
  style: CellStyle;
}

/** Page margins, inches: both renderers print with these (narrower at the sides than Excel's Normal 0.7, for the width). */
export const PAGE_MARGINS = { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 } as const;

/** The width of A4 less the side margins, inches. */
export function printableInches(orientation: 'landscape' | 'portrait'): number {
  return (orientation === 'landscape' ? 11.69 : 8.27) - PAGE_MARGINS.left - PAGE_MARGINS.right;
}

/**
 * Pixels (96 dpi, at 100 %) a column `width` characters wide takes on paper, the Normal font being
 * Calibri 11: its digit is 7.43 px, which Excel's screen rounds to 7 but printing and LibreOffice do
 * not (a page 5 % wider than on screen), and 5 of padding, as the add-in sets a width.
 */
export function printedColumnPixels(width: number): number {
  return width * 7.5 + 5;
}

export interface PrintSetup {
  orientation: 'landscape' | 'portrait';
  paperSize: 'A4';
  fitToWidth: boolean;
  /** 0-based inclusive rows repeated at the top of each printed page. */
  repeatRows: { from: number; to: number } | null;
  /**
   * Printed as several pages across instead of fitted to one page's width (fitToWidth false), as the
   * reconciliation report's wide sheets are (XSheetOptions.print): at `scale` percent, a new page after
   * each 0-based column of `breaksAfter`, the first `titleCols` columns repeated at the left of every
   * page, pages numbered across, then down.
   */
  pagesAcross?: { breaksAfter: number[]; titleCols: number; scale: number };
  /** Printed at the top left of every page (the sheet's title: what it is, and its week or date), so a loose page still says. */
  header?: string;
}

/** Page x of y in Excel's header/footer codes: the footer of every generated sheet and of the report. */
export const PAGE_NUMBERS = '第 &P 页 / 共 &N 页  Page &P of &N';

/** A text for a header or footer section: the codes start with "&", so the text's own "&" is doubled. */
export function headerText(text: string): string {
  return text.replace(/&/g, '&&');
}

export interface SheetLayout {
  name: string; // sheet tab name (≤ 31 chars, no []:*?/\)
  /** Dense 2-D values, rows × columns; one values assignment per block in Office.js. */
  values: CellValue[][];
  /** Number format per cell range (Excel format codes, e.g. '¥#,##0.00', 'yyyy-mm-dd'). */
  numberFormats: { range: RangeRef; format: string }[];
  styles: { range: RangeRef; style: CellStyle }[];
  columnWidths: number[]; // in Excel character units, one per column
  /**
   * Rows made taller (points) so their wrapped text shows whole (domain/sheets/wrap), in row order;
   * the other rows keep the default height. Readers do not fit rows to wrapped text on opening a file.
   */
  rowHeights?: { row: number; height: number }[];
  merges: RangeRef[];
  /** Rows/columns frozen at the top/left. */
  freeze: { rows: number; cols: number };
  /**
   * The data table's header row and extent (for filters and for finding the table again).
   * lastDataRow: the table's last row (小计, 合计 and rows after the 合计 included). filterLastRow:
   * the last row the autofilter (or Excel table) covers, from headerRow: the row above the first 合计
   * (lastDataRow when there is none), so a filter never hides the 合计.
   */
  table: { headerRow: number; firstDataRow: number; lastDataRow: number; filterLastRow: number; cols: number } | null;
  validations: ListValidation[];
  conditionalFormats: ConditionalFormat[];
  /** Cells left unlocked when the sheet is protected (inputs); everything else is locked. */
  unlocked: RangeRef[];
  protect: boolean;
  print: PrintSetup;
  /** Notes (comments) on cells, e.g. validation messages. */
  notes: { row: number; col: number; text: string }[];
  hidden?: boolean;
}
