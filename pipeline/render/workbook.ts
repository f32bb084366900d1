import ExcelJS from 'exceljs';
import { dayNumber } from '../../domain/dates';
import { columnLetter } from '../../domain/issues';
import { type CellStyle, type CellValue, type RangeRef, type SheetLayout, PAGE_MARGINS, PAGE_NUMBERS, headerText } from '../../domain/sheets/layout';
import { colBreaksXml } from '../reconcile/xlsx';
import { restoreColBreaks } from '../signoff/colBreaks';
import { assertNotSigned } from '../signoff/workbook';
import { writeAtomically } from '../io/atomicWrite';
import { compactValidations } from '../io/dataValidations';
import { setSafeValue } from '../io/safeCell';
import { escapeXStrings } from '../io/xString';
import { FIXED_DOCUMENT_DATE, writeXlsxFile } from '../io/zipDates';

/**
 * The exceljs renderer: SheetLayout[] (domain/sheets/layoutSheet) → a real workbook. Numbers
 * and dates are written as numbers and dates, money as a number only here at the edge
 * (Number(decimal text)), with the layout's formats, styles, row heights, merges, frozen panes, autofilter,
 * dropdowns, conditional formats, protection of computed cells, A4 print setup, page header and footer.
 */
export interface RenderOptions {
  /** Font for every cell; Excel on Windows has Microsoft YaHei, LibreOffice substitutes a CJK font. */
  font?: string;
  fontSize?: number;
}

export const DEFAULT_FONT = 'Microsoft YaHei';

const NUMERIC_TEXT = /^-?\d+(\.\d+)?$/;

/** exceljs takes a Date's UTC fields as the calendar date. A date that is none (2026-13-45) throws, as the add-in's writer does, rather than rolling over to 2027-02-14. */
function localDateToJs(date: string): Date {
  return new Date(dayNumber(date) * 86_400_000);
}

export function toExcelValue(v: CellValue): ExcelJS.CellValue {
  if (v === null) return null;
  if (typeof v !== 'object') return v;
  switch (v.kind) {
    case 'date':
      return localDateToJs(v.date);
    case 'money':
      return Number(v.value); // the edge: decimal text → the number Excel stores
    case 'formula': {
      const result = typeof v.result === 'string' && NUMERIC_TEXT.test(v.result) ? Number(v.result) : v.result;
      return { formula: v.formula, result: result ?? undefined } as ExcelJS.CellFormulaValue;
    }
  }
}

function forEachCell(r: RangeRef, fn: (row: number, col: number) => void): void {
  for (let i = 0; i < r.rows; i++) for (let j = 0; j < r.cols; j++) fn(r.row + i, r.col + j);
}

function excelRange(r: RangeRef): string {
  const a = `${columnLetter(r.col + 1)}${r.row + 1}`;
  const b = `${columnLetter(r.col + r.cols)}${r.row + r.rows}`;
  return a === b ? a : `${a}:${b}`;
}

function applyStyle(cell: ExcelJS.Cell, s: CellStyle, font: string, size: number): void {
  cell.font = { name: font, size: s.fontSize ?? size, bold: s.bold ?? false, ...(s.fontColor ? { color: { argb: s.fontColor } } : {}) };
  if (s.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: s.fill } };
  cell.alignment = { vertical: 'middle', ...(s.align ? { horizontal: s.align } : {}), ...(s.wrap ? { wrapText: true } : {}) };
  if (s.border) {
    const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF808080' } };
    cell.border = { top: thin, left: thin, bottom: thin, right: thin };
  }
}

export async function renderSheet(wb: ExcelJS.Workbook, layout: SheetLayout, opts: RenderOptions = {}): Promise<ExcelJS.Worksheet> {
  const font = opts.font ?? DEFAULT_FONT;
  const size = opts.fontSize ?? 10;
  const frozen = layout.freeze.rows > 0 || layout.freeze.cols > 0;
  const across = layout.print.pagesAcross;
  const ws = wb.addWorksheet(layout.name, {
    views: [frozen ? { state: 'frozen', xSplit: layout.freeze.cols, ySplit: layout.freeze.rows } : { state: 'normal' }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: layout.print.orientation,
      fitToPage: layout.print.fitToWidth && !across,
      fitToWidth: 1,
      fitToHeight: 0,
      // Several pages across: at a scale, the column breaks written with the file (writeWorkbook).
      ...(across ? { scale: across.scale, pageOrder: 'overThenDown' as const } : {}),
      ...(across?.titleCols ? { printTitlesColumn: `A:${columnLetter(across.titleCols)}` } : {}),
      horizontalCentered: true,
      margins: { ...PAGE_MARGINS },
      ...(layout.print.repeatRows ? { printTitlesRow: `${layout.print.repeatRows.from + 1}:${layout.print.repeatRows.to + 1}` } : {}),
    },
    headerFooter: { ...(layout.print.header ? { oddHeader: `&L${headerText(layout.print.header)}` } : {}), oddFooter: `&C${PAGE_NUMBERS}` },
  });
  if (layout.hidden) ws.state = 'hidden';
  layout.columnWidths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  for (const { row, height } of layout.rowHeights ?? []) ws.getRow(row + 1).height = height;

  // Styles accumulate per cell, later entries overriding only the fields they set.
  const styles = new Map<string, CellStyle>();
  for (const { range, style } of layout.styles) {
    forEachCell(range, (r, c) => {
      const key = `${r},${c}`;
      styles.set(key, { ...(styles.get(key) ?? {}), ...style });
    });
  }

  const width = layout.columnWidths.length;
  layout.values.forEach((row, r) => {
    for (let c = 0; c < Math.max(width, row.length); c++) {
      const cell = ws.getCell(r + 1, c + 1);
      const v = row[c] ?? null;
      if (v !== null) setSafeValue(cell, toExcelValue(v));
      applyStyle(cell, styles.get(`${r},${c}`) ?? {}, font, size);
    }
  });
  for (const { range, format } of layout.numberFormats) {
    forEachCell(range, (r, c) => {
      ws.getCell(r + 1, c + 1).numFmt = format;
    });
  }
  for (const m of layout.merges) ws.mergeCells(m.row + 1, m.col + 1, m.row + m.rows, m.col + m.cols);

  if (layout.table) {
    const t = layout.table;
    ws.autoFilter = { from: { row: t.headerRow + 1, column: 1 }, to: { row: t.filterLastRow + 1, column: t.cols } };
  }
  // A range each (compactValidations, as the workbook is written, keeps them from overlapping).
  const validations = (ws as unknown as { dataValidations: { add(ref: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  for (const v of layout.validations) {
    validations.add(excelRange(v.range), {
      type: 'list',
      allowBlank: v.allowBlank,
      formulae: [`"${v.list.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: '输入无效 / Invalid entry',
      error: `${v.error.zh} / ${v.error.en}`,
    });
  }
  layout.conditionalFormats.forEach((cf, i) => {
    ws.addConditionalFormatting({
      ref: excelRange(cf.range),
      rules: [
        {
          type: 'expression',
          priority: i + 1,
          formulae: [cf.formula],
          style: {
            ...(cf.style.fill ? { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: cf.style.fill } } } : {}),
            ...(cf.style.fontColor || cf.style.bold ? { font: { ...(cf.style.fontColor ? { color: { argb: cf.style.fontColor } } : {}), ...(cf.style.bold ? { bold: true } : {}) } } : {}),
          },
        },
      ],
    });
  });
  for (const n of layout.notes) ws.getCell(n.row + 1, n.col + 1).note = n.text;

  if (layout.protect) {
    for (const u of layout.unlocked) {
      forEachCell(u, (r, c) => {
        ws.getCell(r + 1, c + 1).protection = { locked: false };
      });
    }
    await ws.protect('', {
      selectLockedCells: true,
      selectUnlockedCells: true,
      autoFilter: true,
      sort: true,
      formatColumns: true,
      formatRows: true,
    });
  }
  return ws;
}

export async function renderWorkbook(layouts: readonly SheetLayout[], opts: RenderOptions = {}): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Anjie';
  wb.created = FIXED_DOCUMENT_DATE; // reports are deterministic: no run time inside
  wb.modified = FIXED_DOCUMENT_DATE;
  const used = new Set<string>();
  for (const layout of layouts) {
    let name = layout.name;
    for (let k = 2; used.has(name.toLowerCase()); k++) name = `${layout.name.slice(0, 28)}(${k})`;
    used.add(name.toLowerCase());
    await renderSheet(wb, name === layout.name ? layout : { ...layout, name }, opts);
  }
  return wb;
}

/** Renders and writes through a temporary file (writeAtomically). */
export async function writeWorkbook(
  target: string,
  layouts: readonly SheetLayout[],
  opts: RenderOptions & { inputs?: readonly string[]; /** overwrite a signed workbook */ force?: boolean } = {},
): Promise<void> {
  // A signed workbook is evidence: regenerate over it only when the person says so.
  await assertNotSigned(target, opts.force ?? false);
  const wb = await renderWorkbook(layouts, opts);
  // A text typed as `_x000D_` (a 备注 in the register) is written so that Excel shows it as typed, not as a line break.
  escapeXStrings(wb);
  compactValidations(wb);
  // exceljs cannot write column page breaks: they go into the file it wrote (as signing puts them back).
  const breaks = new Map<string, string>();
  layouts.forEach((layout, i) => {
    const across = layout.print.pagesAcross;
    if (across?.breaksAfter.length) breaks.set(wb.worksheets[i].name, colBreaksXml(across.breaksAfter));
  });
  // Same inputs, same bytes: the zip entries carry a fixed date, not the time of the run.
  await writeAtomically(
    target,
    async (temp) => {
      await writeXlsxFile(wb, temp);
      await restoreColBreaks(temp, breaks);
    },
    { inputs: opts.inputs },
  );
}
