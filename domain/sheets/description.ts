import type { Bilingual } from '../text';

/**
 * A sheet described once as data (templates/sheets/*.json, validated on load with
 * `parseSheetDescription` from ./schema — the pipeline reads the files, the add-in bundles the
 * same JSON). `layoutSheet` (./layoutSheet) turns a description plus rows into a SheetLayout.
 * Free of exceljs and Office.js.
 */
export type ColumnType = 'text' | 'money' | 'date' | 'integer' | 'decimal' | 'percent' | 'enum' | 'id-number' | 'phone';

/** The look of a cell, as data (the same fields as layout CellStyle). */
export interface StyleDescription {
  bold?: boolean;
  /** ARGB fill, e.g. "FFFFF2CC". */
  fill?: string;
  fontColor?: string;
  align?: 'left' | 'center' | 'right';
  wrap?: boolean;
}

export interface ColumnDescription {
  key: string;
  header: Bilingual;
  type: ColumnType;
  required?: boolean;
  width?: number;
  /** Excel number format; defaults by type (money '¥#,##0.00', date 'yyyy-mm-dd', text '@'). */
  numberFormat?: string;
  /** Allowed values for enum columns (becomes an in-cell dropdown). */
  values?: string[];
  /** Computed by Anjie; locked when the sheet is protected. */
  computed?: boolean;
  /** Summed (SUBTOTAL(9, …)) in 小计 / 合计 rows. */
  total?: 'sum';
  align?: 'left' | 'center' | 'right';
  /** Wrap long text in the data cells; a row whose text needs more lines is made taller to fit it (domain/sheets/wrap). */
  wrap?: boolean;
}

/**
 * A conditional format as data: when the cell of `column` in a data row equals `equals` (or is
 * greater than `greaterThan`), style that cell — or the whole row when `wholeRow`.
 */
export interface ConditionalFormatDescription {
  column: string;
  /** Text to match; bilingual when the cell's text depends on the sheet language. */
  equals?: string | Bilingual;
  greaterThan?: number;
  wholeRow?: boolean;
  style: StyleDescription;
  /** What the colour means, for the legend line under the table. */
  meaning?: Bilingual;
}

/**
 * A sheet too wide to read fitted to one page's width (the register's 53 columns printed at a fifth
 * of their size) printed as several pages across instead: at `scale` percent (at most: less when a
 * page's columns, widened for large amounts, would not fit A4 at it), a new page at each
 * column of `newPageAt` (the first column of a group read together), the first `repeatColumns`
 * columns (what names the row) repeated at the left of every page. fitToWidth is then false: Excel
 * ignores page breaks on a page fitted to a width.
 */
export interface PagesAcross {
  scale: number;
  repeatColumns: number;
  /** Column keys, in column order. */
  newPageAt: string[];
}

export interface SheetDescription {
  id: string;
  name: Bilingual;
  title?: Bilingual;
  columns: ColumnDescription[];
  /**
   * Non-zero: freeze everything down to and including the table's header row (title and info
   * rows above it included; no rows when those would take more than a third of a laptop's window,
   * as summary blocks or a long 注意 above the table do). The header is always one row.
   */
  frozenRows: number;
  frozenColumns?: number;
  print: { orientation: 'landscape' | 'portrait'; fitToWidth: boolean; repeatHeader: boolean; pagesAcross?: PagesAcross };
  signature: boolean; // 制表 / 审核(经理) / 日期
  protect?: boolean;
  conditionalFormats?: ConditionalFormatDescription[];
  /** Lines printed under the table (sources, how a figure is computed). */
  footnotes?: Bilingual[];
  /** Autofilter on the table header (default true). */
  autoFilter?: boolean;
  /**
   * Computed columns whose values together identify a data row (the unit; the unit and the fee).
   * When the add-in regenerates the sheet, what people typed into its input (non-computed)
   * columns goes to the new row with the same identity (domain/sheets/carryOver.ts); rows that
   * share an identity are told apart by `rowTieBreak`, then by order. Without it, nothing typed is
   * carried over.
   */
  rowKey?: string[];
  /**
   * Computed columns that tell apart rows sharing a `rowKey` (the two loans of a 组合贷款: the
   * lender, then the amount). Rows are paired on all of them, then on each one alone (a lender
   * corrected in the register still pairs on the amount), then in order (true duplicates). A
   * column the old sheet lacks (written by an older version) is skipped. Optional: a sheet
   * without it pairs such rows in order.
   */
  rowTieBreak?: string[];
  /**
   * The rowKeys this sheet had before, newest first: a sheet written then is still read (its rows
   * paired by the former key when it lacks a column of the rowKey), and the record of what Anjie
   * wrote on it, fingerprinted under the former identity, still tells Anjie's values from typed ones.
   */
  formerRowKeys?: string[][];
}

export type Lang = 'zh' | 'en';
