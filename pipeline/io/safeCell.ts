import type ExcelJS from 'exceljs';
import { maskPersonalText } from '../../domain/reconcile/mask';

/**
 * Safe cell values for every workbook Anjie writes. Text that came from an input file (a bank
 * memo, a counterparty name, a journal 摘要, a file name) is written as text, never as a formula:
 *
 * - exceljs writes a JS string as a string cell, never as `<f>`; on top of that a string that
 *   starts like a formula (=, +, -, @, tab, carriage return) gets the Text number format "@", so
 *   that editing the cell in Excel (F2, Enter) keeps it text instead of evaluating it;
 * - characters XML 1.0 forbids (NUL and the other C0 controls except tab/LF/CR, U+FFFE/U+FFFF,
 *   unpaired surrogates) are replaced by U+FFFD — one NUL in a memo would otherwise make Excel
 *   refuse the whole report;
 * - text longer than Excel's 32,767-character cell limit is cut, saying so.
 *
 * Numbers, dates, booleans, null and Anjie's own formula objects ({ formula }) pass unchanged.
 * For CSV outputs, `safeCsvText` prefixes a formula-like text with an apostrophe (OWASP).
 */
export const EXCEL_MAX_CELL_CHARS = 32_767;
const TRUNCATED = '…[已截断 truncated]';

const FORMULA_START = /^[=+\-@\t\r]/;
// eslint-disable-next-line no-control-regex
const XML_ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Would Excel (or a person editing the cell) take this text for a formula? */
export function startsLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** Text made safe for a cell: XML-illegal characters replaced, cut at Excel's limit. */
export function safeText(text: string): string {
  let s = text.replace(XML_ILLEGAL, '\ufffd');
  if (s.length > EXCEL_MAX_CELL_CHARS) {
    let cut = EXCEL_MAX_CELL_CHARS - TRUNCATED.length;
    const c = s.charCodeAt(cut - 1);
    if (c >= 0xd800 && c <= 0xdbff) cut--; // never split a surrogate pair
    s = s.slice(0, cut) + TRUNCATED;
  }
  return s;
}

/** A cell value with any text made safe; other values unchanged. */
export function safeCellValue<T>(value: T): T | string {
  return typeof value === 'string' ? safeText(value) : value;
}

/** Set a cell's value safely: text stays text (Text format "@" when it starts like a formula). */
export function setSafeValue(cell: ExcelJS.Cell, value: ExcelJS.CellValue): void {
  const v = safeCellValue(value);
  cell.value = v;
  if (typeof v === 'string' && startsLikeFormula(v)) cell.numFmt = '@';
}

/** ws.addRow with every text value made safe and formula-like texts marked as Text. */
export function addSafeRow(ws: ExcelJS.Worksheet, values: readonly unknown[]): ExcelJS.Row {
  const safe = values.map((v) => safeCellValue(v));
  const row = ws.addRow(safe);
  safe.forEach((v, i) => {
    if (typeof v === 'string' && startsLikeFormula(v)) row.getCell(i + 1).numFmt = '@';
  });
  return row;
}

/** A CSV field's text that a spreadsheet will not evaluate: formula-like text gets a leading apostrophe. */
export function safeCsvText(text: string): string {
  return startsLikeFormula(text) ? `'${text}` : text;
}

/**
 * Personal data masked inside a message (error text, a rejected row's reason, a warning), in the
 * DOMAIN.md forms: ID 110105********002X, phone 138****5678, card ****0128. Messages and logs
 * never show them in full; reports show them only with --show-pii. The same patterns as the
 * reports' free text (domain/reconcile/mask.ts): 12–30 digit accounts, phones written with "-" or
 * " " between the groups, 15/18-character IDs.
 */
export function maskPersonalData(text: string): string {
  return maskPersonalText(text);
}
