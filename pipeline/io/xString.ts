import type ExcelJS from 'exceljs';

/**
 * OOXML reads `_xHHHH_` in a string (a shared string, a rich run, an inline string as Excel and
 * LibreOffice read it) as the character U+HHHH: a memo holding `_x000D_` literally, written as it
 * is, shows a line break in Excel and `_x0041_` shows `A`. Every workbook writer escapes its texts
 * as Excel does (escapeXString): the reconciliation report (reconcile/xlsx.ts), the exceljs
 * workbooks (escapeXStrings) and sign-off's own writers.
 */

/** Text that does not survive being written into OOXML as it is: a literal `_xHHHH_` (Excel and LibreOffice decode either case of hex), or a carriage return (an XML parser reads it as a line feed). */
export const NEEDS_X_ESCAPE = /_x[0-9A-Fa-f]{4}_|\r/;

/**
 * A text as OOXML stores it where `_xHHHH_` escapes are decoded (shared strings, rich runs), as
 * Excel writes it: the `_` of each `_xHHHH_` the text holds literally written `_x005F_` (a cell in
 * which `_x000D_` was typed is saved `_x005F_x000D_`), and a carriage return `_x000D_`. Excel,
 * LibreOffice and exceljs (textXform) read back the text given; written as it is, a literal
 * `_x000D_` is read as a carriage return, and a carriage return as a line feed.
 */
export function escapeXString(text: string): string {
  return text.replace(/_(?=x[0-9A-Fa-f]{4}_)/g, '_x005F_').replace(/\r/g, '_x000D_');
}

/**
 * exceljs (4.4) writes a text as it is, so a cell holding `_x000D_` literally was saved as a
 * carriage return (exceljs itself reads it back so), and a cell holding a carriage return as a line
 * feed. Before an exceljs workbook is written, each text cell (and rich run, and hyperlink text) is
 * escaped as Excel writes it (escapeXString), which exceljs, Excel and LibreOffice read back as the
 * text it was. The workbook's cells hold the escaped texts afterwards: call it just before writing.
 * Formula results are left as they are: exceljs neither escapes nor decodes them.
 */
export function escapeXStrings(wb: ExcelJS.Workbook): void {
  const fix = (t: string) => (NEEDS_X_ESCAPE.test(t) ? escapeXString(t) : t);
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.isMerged && cell.master !== cell) return;
        const v = cell.value;
        if (typeof v === 'string') {
          if (NEEDS_X_ESCAPE.test(v)) cell.value = escapeXString(v);
        } else if (v && typeof v === 'object' && 'richText' in v) {
          if (v.richText.some((r) => NEEDS_X_ESCAPE.test(r.text))) cell.value = { ...v, richText: v.richText.map((r) => ({ ...r, text: fix(r.text) })) };
        } else if (v && typeof v === 'object' && 'hyperlink' in v && typeof v.text === 'string') {
          if (NEEDS_X_ESCAPE.test(v.text)) cell.value = { ...v, text: escapeXString(v.text) };
        }
      });
    });
  }
}
