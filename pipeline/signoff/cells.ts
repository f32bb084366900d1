import type ExcelJS from 'exceljs';
import type { RawCell, RawValue } from '../../domain/signoff/canonical';

/**
 * exceljs cell values → the canonical form's raw values (docs/signoff-canonical-form.md).
 * exceljs hands over: null, string, number, boolean, Date (for date-formatted numbers, UTC
 * fields = wall clock), { richText }, { text, hyperlink }, { formula | sharedFormula, result },
 * { error }. Merged cells other than the top-left one are skipped (Office.js reports "" there).
 */
export function rawValueOf(value: ExcelJS.CellValue | undefined, format: string | undefined): RawValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return { kind: 'text', text: value };
  if (typeof value === 'number') return { kind: 'number', value, format };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (value instanceof Date) return { kind: 'date', epochMs: value.getTime(), format };
  if (typeof value === 'object') {
    const v = value as unknown as Record<string, unknown>;
    if ('error' in v) return { kind: 'error', code: String(v.error) };
    if ('formula' in v || 'sharedFormula' in v) return rawValueOf(v.result as ExcelJS.CellValue | undefined, format);
    if (Array.isArray(v.richText)) return { kind: 'text', text: (v.richText as { text: string }[]).map((r) => r.text).join('') };
    if ('hyperlink' in v || 'text' in v) {
      const t = v.text as unknown;
      if (typeof t === 'string') return { kind: 'text', text: t };
      if (t && typeof t === 'object') return rawValueOf(t as ExcelJS.CellValue, format);
      return null;
    }
  }
  return null;
}

function isFormulaWithoutResult(value: ExcelJS.CellValue): boolean {
  if (!value || typeof value !== 'object' || value instanceof Date) return false;
  const v = value as unknown as Record<string, unknown>;
  return ('formula' in v || 'sharedFormula' in v) && (v.result === undefined || v.result === null);
}

/**
 * exceljs's `cell.value` drops a formula's cached result when it is falsy (0, "", FALSE), while
 * `cell.result` keeps it: a SUBTOTAL of 0 would otherwise look uncomputed, or empty.
 */
function withCachedResult(cell: ExcelJS.Cell): ExcelJS.CellValue {
  const value = cell.value;
  if (!value || typeof value !== 'object' || value instanceof Date) return value;
  const v = value as unknown as Record<string, unknown>;
  if (!('formula' in v || 'sharedFormula' in v) || v.result !== undefined) return value;
  const result = (cell as unknown as { result?: unknown }).result;
  return result === undefined ? value : ({ ...v, result } as unknown as ExcelJS.CellValue);
}

export interface SheetRead {
  cells: RawCell[];
  /** Text cells, for finding the signature block. */
  texts: { row: number; col: number; text: string }[];
  /** Addresses ("B5") of formulas that carry no cached result. */
  uncachedFormulas: { row: number; col: number }[];
}

export function readSheetCells(ws: ExcelJS.Worksheet): SheetRead {
  const cells: RawCell[] = [];
  const texts: SheetRead['texts'] = [];
  const uncachedFormulas: SheetRead['uncachedFormulas'] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      if (cell.isMerged && cell.master !== cell) return;
      const value = withCachedResult(cell);
      if (isFormulaWithoutResult(value)) uncachedFormulas.push({ row: rowNumber, col: colNumber });
      const raw = rawValueOf(value, cell.numFmt);
      if (raw === null) return;
      cells.push({ row: rowNumber, col: colNumber, value: raw });
      if (raw.kind === 'text') texts.push({ row: rowNumber, col: colNumber, text: raw.text });
    });
  });
  return { cells, texts, uncachedFormulas };
}
