/**
 * How tall a row must be for its wrapped text to show whole. Written into the file, not left to
 * the reader: LibreOffice (and Excel) do not fit rows to wrapped text when they open a file, so a
 * wrapped cell in a row of the default height prints cut off, or over the rows below.
 * Used by the generated sheets (./layoutSheet) and the reconciliation report (pipeline/reconcile/xlsx).
 */

/** Points per line of wrapped 10-point text, and Excel's largest row height. */
export const LINE_PT = 14;
export const MAX_ROW_PT = 409;

/**
 * Lines a text needs when wrapped in a column `width` Excel character units wide, estimated from
 * the text: a CJK character takes about two width units in Microsoft YaHei, anything else about
 * one, and a tenth more allows for words carried to the next line. Line breaks start lines too.
 */
export function wrappedLines(text: string, width: number): number {
  const perLine = Math.max(1, width - 1);
  let units = 0;
  let breaks = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    units += c >= 0x2e80 ? 2 : 1;
    if (c === 10) breaks++;
  }
  return Math.max(Math.ceil((units * 1.1) / perLine), breaks + 1);
}

/** The height (points) of a row of `lines` lines of wrapped text. */
export function linesHeight(lines: number): number {
  return Math.min(MAX_ROW_PT, lines * LINE_PT + 2);
}
