import type { Bilingual } from '../text';

/**
 * A sheet described once as data (templates/sheets/*.json, validated on load by the pipeline
 * and bundled into the add-in). STUB of the contract — the templates work (issue 6) owns it
 * and may extend it; keep it free of exceljs and Office.js.
 */
export type ColumnType = 'text' | 'money' | 'date' | 'integer' | 'decimal' | 'percent' | 'enum' | 'id-number' | 'phone';

export interface ColumnDescription {
  key: string;
  header: Bilingual;
  type: ColumnType;
  required?: boolean;
  width?: number;
  /** Excel number format; defaults by type (money '¥#,##0.00', date 'yyyy-mm-dd'). */
  numberFormat?: string;
  /** Allowed values for enum columns (becomes an in-cell dropdown). */
  values?: string[];
  /** Computed by Anjie; locked when the sheet is protected. */
  computed?: boolean;
}

export interface SheetDescription {
  id: string;
  name: Bilingual;
  title?: Bilingual;
  columns: ColumnDescription[];
  /** Header rows frozen at the top (the header plus any title rows above it). */
  frozenRows: number;
  frozenColumns?: number;
  print: { orientation: 'landscape' | 'portrait'; fitToWidth: boolean; repeatHeader: boolean };
  signature: boolean; // 制表 / 审核(经理) / 日期
  protect?: boolean;
}

export type Lang = 'zh' | 'en';
