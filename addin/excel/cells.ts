/** SheetLayout cells → what Office.js is given. Pure (no Office.js), shared with the tests. */
import { readBack } from '../../domain/sheets/carryOver';
import type { CellStyle, CellValue } from '../../domain/sheets/layout';

export type ExcelScalar = string | number | boolean;

/**
 * Strings Excel would turn into something else when assigned to Range.values (numbers, dates,
 * formulas, percentages, booleans): written with a leading apostrophe so they stay text —
 * "001", "3-2-15", "=A1", "TRUE". Ordinary text (Chinese, letters first) is written as is.
 */
const COERCIBLE = /^[\s=+\-'@]|^[\d\s.,:/%$¥￥()eE-]+$|^(true|false)$/i;

export function toExcelValue(v: CellValue, date1904 = false): ExcelScalar {
  if (typeof v === 'string') return v !== '' && COERCIBLE.test(v) ? `'${v}` : v;
  if (v !== null && typeof v === 'object' && v.kind === 'formula') return v.formula.startsWith('=') ? v.formula : `=${v.formula}`;
  // Anything else is written as Excel reads it back: a date as its serial (in the workbook's date
  // system), money (decimal text up to this edge) as the double a cell holds.
  return readBack(v, date1904);
}

/** "FFFFF2CC" (ARGB) or "#FFF2CC" → "#FFF2CC". */
export function toCssColor(argb: string): string {
  const t = argb.replace(/^#/, '');
  return `#${(t.length === 8 ? t.slice(2) : t).toUpperCase()}`;
}

/** Excel column width in characters → Office.js points (Excel: pixels = trunc(chars × 7 + 5)). */
export function widthToPoints(chars: number): number {
  return Math.round(Math.trunc(chars * 7 + 5) * 0.75 * 100) / 100;
}

export function styleBytes(style: CellStyle): number {
  return JSON.stringify(style).length * 3;
}

/** UTF-8 size of a value's JSON: what a request carries for it. */
export function jsonBytes(value: unknown): number {
  const s = JSON.stringify(value) ?? '';
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
  }
  return n;
}
