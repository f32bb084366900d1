import Decimal from 'decimal.js';
import { columnLetter } from '../issues';
import { roundFen, toFixed2 } from '../money';
import type { Bilingual } from '../text';
import type { ColumnDescription, ColumnType, Lang, SheetDescription, StyleDescription } from './description';
import { amountWidth } from './fit';
import { type CellStyle, type CellValue, type ConditionalFormat, type ListValidation, type PrintSetup, type RangeRef, type SheetLayout, printableInches, printedColumnPixels } from './layout';
import { linesHeight, wrappedLines } from './wrap';

/**
 * layoutSheet(description, rows, options) → SheetLayout: the one pure function that decides
 * where every value, format, style, validation and the signature block go. Both renderers
 * (exceljs in pipeline/render, Office.js in addin/excel) write its output and nothing else.
 *
 * Vertical order of a sheet (0-based rows):
 *   title (merged across) · info lines (label | value) · spacer · table header · data rows
 *   (with 小计/合计 rows in between) · blank input rows · spacer · "after" lines · footnotes ·
 *   blocks (small tables: title, header, rows) · spacer · signature block (制表 / 审核(经理) / 日期).
 *   With blocksFirst, the blocks come after the info lines, above the table header.
 *
 * Styles in `layout.styles` apply in order; a later entry overrides only the fields it sets.
 * A formula's `result` that is decimal text ("1234.56") is a number (money kept exact until the edge).
 */
export type RowValue = CellValue | Decimal | undefined;

export interface SheetRow {
  /** data (default), group (a heading row inside the table), subtotal (小计), total (合计). */
  kind?: 'data' | 'group' | 'subtotal' | 'total';
  values: Record<string, RowValue>;
  /** Text for the first column of group/subtotal/total rows. */
  label?: string;
  /** Fill the row (e.g. units that changed stage this week); ARGB. */
  highlight?: string;
  /** Notes (comments) on cells of this row, by column key. */
  notes?: Record<string, string>;
}

export interface InfoLine {
  label: Bilingual | string;
  value: RowValue;
  /** Number format of the value cell. */
  format?: string;
  /** A person fills this value in: left unlocked, with an optional dropdown. */
  input?: boolean;
  list?: string[];
}

export interface SheetBlock {
  title: string;
  headers: string[];
  rows: RowValue[][];
  /** Number format per block column (null: general). */
  formats?: (string | null)[];
  /** Bold the last row (a 合计 line). */
  totalRow?: boolean;
  /** Let the last column span the rest of the sheet's width (long text such as 大写). */
  wideLast?: boolean;
}

export interface LayoutOptions {
  lang: Lang;
  /** Overrides the description's sheet name (per-unit sheets). Cleaned to Excel's rules. */
  sheetName?: string;
  /** Overrides the description's title text. */
  title?: string;
  info?: InfoLine[];
  after?: InfoLine[];
  blocks?: SheetBlock[];
  /**
   * Put the blocks above the table instead of below it. With the table header repeated on every
   * printed page, blocks below a long table print under that header, whose columns are not theirs.
   */
  blocksFirst?: boolean;
  /** Empty input rows after the data (a new register, an encumbrance table to fill in). */
  blankRows?: number;
  /** Overrides the description's signature flag. */
  signature?: boolean;
}

export const DEFAULT_FORMATS: Record<ColumnType, string> = {
  text: '@',
  money: '¥#,##0.00',
  date: 'yyyy-mm-dd',
  integer: '0',
  decimal: '#,##0.00',
  percent: '0.00%',
  enum: '@',
  'id-number': '@',
  phone: '@',
};

export const SIGNATURE_LABELS: Record<Lang, [string, string, string]> = {
  zh: ['制表：', '审核(经理)：', '日期：'],
  en: ['Prepared by:', 'Reviewed (manager):', 'Date:'],
};

/** Excel's default row height, and the most rows frozen at the top may take: a third of the grid a 1366×768 laptop shows at 100 % (about 350 pt). */
const DEFAULT_ROW_PT = 15;
const MAX_FROZEN_PT = 120;
/** The widest an info label makes column A of a sheet printed pages across; a longer label wraps. */
const LABEL_WIDTH = 16;

const HEADER_STYLE: CellStyle = { bold: true, fill: 'FFD9E1F2', align: 'center', wrap: true, border: true };
const TITLE_STYLE: CellStyle = { bold: true, fontSize: 14, align: 'center' };
const GROUP_STYLE: CellStyle = { bold: true, fill: 'FFEDEDED', align: 'left' };
const SUBTOTAL_STYLE: CellStyle = { bold: true, fill: 'FFF2F2F2' };
const TOTAL_STYLE: CellStyle = { bold: true, fill: 'FFE2EFDA' };
const NOTE_STYLE: CellStyle = { fontColor: 'FF595959', wrap: false };
const LABEL_STYLE: CellStyle = { bold: true, align: 'right' };
const INPUT_STYLE: CellStyle = { fill: 'FFFFF9E6', border: true };

export function formatFor(column: ColumnDescription): string {
  return column.numberFormat ?? DEFAULT_FORMATS[column.type];
}

export function headerText(column: ColumnDescription, lang: Lang): string {
  return column.header[lang];
}

/** Excel's sheet-name rules: ≤ 31 characters, none of []:*?/\ . */
export function cleanSheetName(name: string): string {
  const cleaned = name.replace(/[[\]:*?/\\]/g, '-').trim();
  return (cleaned || 'Sheet').slice(0, 31);
}

function text(label: Bilingual | string, lang: Lang): string {
  return typeof label === 'string' ? label : label[lang];
}

function isDecimal(v: unknown): v is Decimal {
  return Decimal.isDecimal(v);
}

/** A row value as a cell value for a column type (money stays decimal text). */
export function toCellValue(v: RowValue, type: ColumnType | null): CellValue {
  if (v === undefined || v === null) return null;
  if (isDecimal(v)) {
    if (type === 'money' || type === null) return { kind: 'money', value: toFixed2(roundFen(v)) };
    return v.toNumber(); // areas, ratios, counts: not money
  }
  if (typeof v === 'string') {
    if (v === '') return null;
    if (type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return { kind: 'date', date: v };
    if (type === 'money' && /^-?\d+(\.\d+)?$/.test(v)) return { kind: 'money', value: v };
  }
  return v;
}

/** The exact decimal of a cell for totals, or null for text/empty. */
function cellNumber(v: CellValue): Decimal | null {
  if (v === null || typeof v === 'boolean') return null;
  if (typeof v === 'number') return new Decimal(v);
  if (typeof v === 'string') return null;
  if (v.kind === 'money') return new Decimal(v.value);
  if (v.kind === 'formula') {
    if (typeof v.result === 'number') return new Decimal(v.result);
    if (typeof v.result === 'string' && /^-?\d+(\.\d+)?$/.test(v.result)) return new Decimal(v.result);
  }
  return null;
}

function range(row: number, col: number, rows = 1, cols = 1): RangeRef {
  return { row, col, rows, cols };
}

function addr(row: number, col: number): string {
  return `${columnLetter(col + 1)}${row + 1}`;
}

function styleOf(s: StyleDescription): CellStyle {
  const out: CellStyle = {};
  if (s.bold !== undefined) out.bold = s.bold;
  if (s.fill) out.fill = s.fill;
  if (s.fontColor) out.fontColor = s.fontColor;
  if (s.align) out.align = s.align;
  if (s.wrap !== undefined) out.wrap = s.wrap;
  return out;
}

/** Contiguous runs of row indices. */
function runs(indices: number[]): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  for (const i of [...indices].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && last.to === i - 1) last.to = i;
    else out.push({ from: i, to: i });
  }
  return out;
}

export function layoutSheet(description: SheetDescription, rows: readonly SheetRow[], options: LayoutOptions): SheetLayout {
  const { lang } = options;
  const cols = description.columns;
  const signature = options.signature ?? description.signature;
  const blocks = options.blocks ?? [];
  const width = Math.max(cols.length, signature ? 6 : 1, options.info?.length || options.after?.length ? 2 : 1, ...blocks.map((b) => b.headers.length));
  const pagesAcross = pagesAcrossOf(description);
  // Printed several pages across, the title is centred over the first page and the signature block
  // kept on it, not centred over seven pages (on the fourth) or spread across three.
  const firstPage = pagesAcross ? Math.min(width, pagesAcross.breaksAfter[0] + 1) : width;

  const grid: CellValue[][] = [];
  const ensureRow = (r: number) => {
    while (grid.length <= r) grid.push(new Array<CellValue>(width).fill(null));
  };
  const put = (r: number, c: number, v: CellValue) => {
    ensureRow(r);
    grid[r][c] = v;
  };
  const numberFormats: SheetLayout['numberFormats'] = [];
  const styles: SheetLayout['styles'] = [];
  const merges: RangeRef[] = [];
  const validations: ListValidation[] = [];
  const conditionalFormats: ConditionalFormat[] = [];
  const unlocked: RangeRef[] = [];
  const notes: SheetLayout['notes'] = [];
  /** Info and after lines: the row of each text value and how many columns it spans. */
  const infoValues: { row: number; cols: number }[] = [];
  /** Rows of info and after lines (their label in column A). */
  const labelRows: number[] = [];
  /** Header rows (the blocks' and the table's), which wrap. */
  const headerRows: { row: number; headers: string[] }[] = [];

  let r = 0;
  const titleText = options.title ?? description.title?.[lang];
  if (titleText) {
    put(r, 0, titleText);
    merges.push(range(r, 0, 1, firstPage));
    styles.push({ range: range(r, 0, 1, firstPage), style: TITLE_STYLE });
    r += 1;
  }

  const infoLines = (lines: InfoLine[]) => {
    for (const line of lines) {
      put(r, 0, text(line.label, lang));
      styles.push({ range: range(r, 0), style: LABEL_STYLE });
      labelRows.push(r);
      const valueCols = Math.max(1, Math.min(3, width - 1));
      put(r, 1, toCellValue(line.value, null));
      styles.push({ range: range(r, 1, 1, valueCols), style: { align: 'left' } });
      if (valueCols > 1) merges.push(range(r, 1, 1, valueCols));
      if (typeof grid[r][1] === 'string') infoValues.push({ row: r, cols: valueCols });
      if (line.format) numberFormats.push({ range: range(r, 1), format: line.format });
      else if (typeof grid[r][1] === 'string') numberFormats.push({ range: range(r, 1), format: '@' });
      if (line.input) {
        unlocked.push(range(r, 1, 1, valueCols));
        styles.push({ range: range(r, 1, 1, valueCols), style: INPUT_STYLE });
        if (line.list) {
          validations.push({
            range: range(r, 1),
            list: line.list,
            allowBlank: true,
            error: { zh: `请从列表中选择：${line.list.join('、')}`, en: `Choose from the list: ${line.list.join(', ')}` },
          });
        }
      }
      r += 1;
    }
  };

  if (options.info?.length) {
    infoLines(options.info);
    r += 1; // spacer
  }

  // Small tables (summaries): below the table by default; above it with blocksFirst.
  const writeBlocks = () => {
    for (const block of blocks) {
      r += 1;
      put(r, 0, block.title);
      styles.push({ range: range(r, 0, 1, Math.max(1, block.headers.length)), style: { bold: true, fontSize: 12 } });
      r += 1;
      block.headers.forEach((h, i) => put(r, i, h));
      styles.push({ range: range(r, 0, 1, block.headers.length), style: HEADER_STYLE });
      headerRows.push({ row: r, headers: block.headers });
      r += 1;
      const first = r;
      const lastCol = block.headers.length - 1;
      const spanLast = block.wideLast && width - 1 > lastCol;
      if (spanLast) merges.push(range(r - 1, lastCol, 1, width - lastCol));
      for (const row of block.rows) {
        row.forEach((v, i) => put(r, i, toCellValue(v, null)));
        if (spanLast) merges.push(range(r, lastCol, 1, width - lastCol));
        r += 1;
      }
      if (block.rows.length) {
        styles.push({ range: range(first, 0, block.rows.length, block.headers.length), style: { border: true } });
        (block.formats ?? []).forEach((f, i) => {
          if (f) numberFormats.push({ range: range(first, i, block.rows.length, 1), format: f });
        });
        if (block.totalRow) styles.push({ range: range(r - 1, 0, 1, block.headers.length), style: TOTAL_STYLE });
      }
    }
  };
  if (options.blocksFirst && blocks.length) {
    writeBlocks();
    r += 1; // spacer
  }

  // Table header.
  const headerRow = r;
  cols.forEach((c, i) => put(headerRow, i, headerText(c, lang)));
  headerRows.push({ row: headerRow, headers: cols.map((c) => headerText(c, lang)) });
  styles.push({ range: range(headerRow, 0, 1, cols.length), style: HEADER_STYLE });
  r += 1;

  const firstDataRow = r;
  const dataRowIdx: number[] = [];
  const dataRowSet = new Set<number>();
  const cellNumbers = new Map<number, Decimal | null>();
  const groupRows: number[] = [];
  let groupStart = firstDataRow;
  let firstTotalRow: number | null = null;
  for (const row of rows) {
    const kind = row.kind ?? 'data';
    ensureRow(r);
    if (kind === 'total' && firstTotalRow === null) firstTotalRow = r;
    if (kind === 'data') {
      cols.forEach((c, i) => put(r, i, toCellValue(row.values[c.key], c.type)));
      dataRowIdx.push(r);
      dataRowSet.add(r);
      if (row.highlight) styles.push({ range: range(r, 0, 1, cols.length), style: { fill: row.highlight } });
      for (const [key, note] of Object.entries(row.notes ?? {})) {
        const ci = cols.findIndex((c) => c.key === key);
        if (ci >= 0) notes.push({ row: r, col: ci, text: note });
      }
    } else if (kind === 'group') {
      groupRows.push(r);
      put(r, 0, row.label ?? '');
      if (cols.length > 1) merges.push(range(r, 0, 1, cols.length));
      styles.push({ range: range(r, 0, 1, cols.length), style: GROUP_STYLE });
      groupStart = r + 1;
    } else {
      const from = kind === 'total' ? firstDataRow : groupStart;
      const to = r - 1;
      cols.forEach((c, i) => {
        const given = row.values[c.key];
        if (given !== undefined) put(r, i, toCellValue(given, c.type));
        else if (c.total === 'sum' && to >= from) {
          let sum = new Decimal(0);
          for (let k = from; k <= to; k++) {
            // SUBTOTAL ignores other SUBTOTAL cells: mirror that by summing data rows only.
            if (!dataRowSet.has(k)) continue;
            // Each cell's exact number is made once, for its subtotal and again for the total.
            const at = k * width + i;
            let n = cellNumbers.get(at);
            if (n === undefined) {
              n = cellNumber(grid[k][i]);
              cellNumbers.set(at, n);
            }
            if (n !== null) sum = sum.plus(n); // adding 0 for a text or empty cell changes nothing
          }
          const result = c.type === 'money' ? toFixed2(roundFen(sum)) : sum.toNumber();
          put(r, i, { kind: 'formula', formula: `SUBTOTAL(9,${addr(from, i)}:${addr(to, i)})`, result });
        }
      });
      if (row.label !== undefined) {
        put(r, 0, row.label);
        // The label spans the empty cells before the first figure.
        let span = 1;
        while (span < cols.length && grid[r][span] === null && cols[span].total === undefined) span += 1;
        if (span > 1) merges.push(range(r, 0, 1, span));
      }
      styles.push({ range: range(r, 0, 1, cols.length), style: kind === 'total' ? TOTAL_STYLE : SUBTOTAL_STYLE });
      if (kind === 'subtotal') groupStart = r + 1;
    }
    r += 1;
  }
  const blankFrom = r;
  const blankRows = options.blankRows ?? 0;
  for (let k = 0; k < blankRows; k++) {
    ensureRow(r);
    dataRowIdx.push(r);
    r += 1;
  }
  const lastDataRow = Math.max(firstDataRow, r - 1);
  ensureRow(lastDataRow);
  if (r === firstDataRow) r += 1; // an empty table still has one (empty) row
  const tableRows = lastDataRow - firstDataRow + 1;
  // The autofilter ends above the 合计: Excel hides only rows inside the filter's range, and a 合计
  // inside it (its filter-column cells empty) would vanish under any criterion, just when the person
  // wants the figure for the rows they filtered. What comes after the 合计 (the progress sheet's
  // 无法判断 rows, blank input rows) stays outside too: the range must be one contiguous block, and
  // rows that are in no sum and ask to be corrected are better never hidden than filtered apart
  // from the 合计 that would then sit in the middle of the range.
  const filterLastRow = firstTotalRow === null ? lastDataRow : firstTotalRow - 1;

  styles.push({ range: range(firstDataRow, 0, tableRows, cols.length), style: { border: true } });
  cols.forEach((c, i) => {
    numberFormats.push({ range: range(firstDataRow, i, tableRows, 1), format: formatFor(c) });
    if (c.align) styles.push({ range: range(firstDataRow, i, tableRows, 1), style: { align: c.align } });
    if (c.wrap) styles.push({ range: range(firstDataRow, i, tableRows, 1), style: { wrap: true } });
  });
  // Group headings read from the left, whatever the first column's alignment.
  for (const g of groupRows) styles.push({ range: range(g, 0), style: { align: 'left' } });
  if (blankRows > 0) styles.push({ range: range(blankFrom, 0, blankRows, cols.length), style: { border: true } });

  // Inputs: non-computed cells of data rows; dropdowns on enum columns.
  const inputRuns = runs(dataRowIdx.length ? dataRowIdx : [firstDataRow]);
  cols.forEach((c, i) => {
    for (const run of inputRuns) {
      const rr = range(run.from, i, run.to - run.from + 1, 1);
      if (!c.computed) unlocked.push(rr);
      if (c.values && c.values.length) {
        validations.push({
          range: rr,
          list: c.values,
          allowBlank: !c.required,
          error: { zh: `「${c.header.zh}」请从列表中选择`, en: `"${c.header.en}": choose a value from the list` },
        });
      }
    }
  });

  // Conditional formats from the description, over the data rows.
  for (const cf of description.conditionalFormats ?? []) {
    const ci = cols.findIndex((c) => c.key === cf.column);
    const ref = `$${columnLetter(ci + 1)}${firstDataRow + 1}`;
    const eq = cf.equals === undefined ? undefined : typeof cf.equals === 'string' ? cf.equals : cf.equals[lang];
    const formula = eq !== undefined ? `${ref}="${eq.replace(/"/g, '""')}"` : `AND(ISNUMBER(${ref}),${ref}>${cf.greaterThan})`;
    conditionalFormats.push({
      range: cf.wholeRow ? range(firstDataRow, 0, tableRows, cols.length) : range(firstDataRow, ci, tableRows, 1),
      formula,
      style: styleOf(cf.style),
    });
  }

  if (options.after?.length) {
    r += 1;
    infoLines(options.after);
  }

  const footnotes = [
    ...(description.footnotes ?? []).map((f) => f[lang]),
    ...(description.conditionalFormats ?? []).filter((cf) => cf.meaning).map((cf) => `■ ${cf.meaning![lang]}`),
  ];
  if (footnotes.length) {
    r += 1;
    for (const f of footnotes) {
      put(r, 0, f);
      styles.push({ range: range(r, 0), style: NOTE_STYLE });
      r += 1;
    }
  }

  if (!options.blocksFirst) writeBlocks();

  if (signature) {
    r += 2;
    const labels = SIGNATURE_LABELS[lang];
    const starts = signatureColumns(firstPage);
    labels.forEach((label, k) => {
      put(r, starts[k], label);
      styles.push({ range: range(r, starts[k]), style: LABEL_STYLE });
      styles.push({ range: range(r, starts[k] + 1), style: { border: true } });
      unlocked.push(range(r, starts[k] + 1));
    });
    numberFormats.push({ range: range(r, starts[2] + 1), format: 'yyyy-mm-dd' });
    r += 1;
  }
  ensureRow(r - 1);

  const columnWidths = Array.from({ length: width }, (_, i) => {
    const c = cols[i];
    if (c?.width) return c.width;
    if (c) return defaultWidth(c, lang);
    return 14;
  });
  // Info labels (column A, right-aligned) must show in full. On a sheet printed pages across, column A
  // is on every page: a label wider than LABEL_WIDTH wraps (below) rather than widen it (the fee
  // ledger's 序号 was 25 wide for its 未收合计（应收−已收）：).
  const labels = [...(options.info ?? []), ...(options.after ?? [])].map((l) => textWidth(text(l.label, lang)) + 2);
  if (labels.length) columnWidths[0] = Math.max(columnWidths[0], Math.min(pagesAcross ? LABEL_WIDTH : 26, Math.max(...labels)));
  // Block cells must fit their column (a money figure shown as ### is no use on paper); a header
  // may wrap onto two lines: written in full on one, the progress sheet's summaries (本周放款户数,
  // Certificate handed to bank) widened the table's 序号, 房号 and 主借款人 columns under them.
  for (const block of blocks) {
    const n = block.wideLast ? block.headers.length - 1 : block.headers.length;
    for (let i = 0; i < n; i++) {
      const values = block.rows.map((row) => textWidth(displayText(row[i], block.formats?.[i] ?? null)) + 2);
      const need = Math.min(24, Math.max(headerWidth(block.headers[i]), ...values));
      if (need > columnWidths[i]) columnWidths[i] = need;
    }
  }
  // So must the table's amounts: a column sized for one unit's amount showed a large project's
  // 小计 / 合计 (¥2,460,302,000.00 in a column of 15) as ###. The highest and the lowest are measured.
  cols.forEach((c, i) => {
    if (c.type !== 'money') return;
    let high: Decimal | null = null;
    let low: Decimal | null = null;
    for (let row = firstDataRow; row <= lastDataRow; row++) {
      const n = cellNumber(grid[row][i]);
      if (n === null) continue;
      if (high === null || n.gt(high)) high = n;
      if (low === null || n.lt(low)) low = n;
    }
    if (high === null || low === null) return;
    const need = Math.max(amountWidth(high), amountWidth(low));
    if (need > columnWidths[i]) columnWidths[i] = need;
  });

  // Long text wraps in rows made tall enough for it: 计费依据 in its column, a 注意 line across its
  // merged cells. Only rows that need more than one line are made taller.
  const heights = new Map<number, number>();
  const fits = (row: number, v: CellValue, columnWidth: number): boolean => {
    if (typeof v !== 'string') return true;
    const lines = wrappedLines(v, columnWidth);
    if (lines > 1) heights.set(row, Math.max(heights.get(row) ?? 0, linesHeight(lines)));
    return lines <= 1;
  };
  cols.forEach((c, i) => {
    if (c.wrap) for (const row of dataRowIdx) fits(row, grid[row][i], columnWidths[i]);
  });
  // Headers (the table's and the blocks') wrap in their columns: their rows are made tall enough.
  for (const { row, headers } of headerRows) headers.forEach((h, i) => fits(row, h, columnWidths[i]));
  // A label column A was not widened for wraps.
  for (const row of labelRows) {
    const label = String(grid[row][0]);
    if (textWidth(label) + 2 > columnWidths[0] && !fits(row, label, columnWidths[0])) styles.push({ range: range(row, 0), style: { wrap: true } });
  }
  for (const { row, cols: n } of infoValues) {
    const spanned = columnWidths.slice(1, 1 + n).reduce((a, b) => a + b, 0);
    if (!fits(row, grid[row][1], spanned)) styles.push({ range: range(row, 1, 1, n), style: { wrap: true } });
  }
  const rowHeights = [...heights].sort((a, b) => a[0] - b[0]).map(([row, height]) => ({ row, height }));

  const headerRepeat = description.print.repeatHeader ? { from: headerRow, to: headerRow } : null;
  // Rows are frozen down to the header only when they take a third of a laptop's window or less: the
  // progress sheet's summaries above its table (34 rows, 510 pt) hid the unit rows, and the fee ledger's
  // totals and a 4-line 注意 (9 rows, 207 pt) left a few fee lines to scroll. The header still prints
  // on every page and carries the filter.
  let above = 0;
  for (let row = 0; row <= headerRow; row++) above += heights.get(row) ?? DEFAULT_ROW_PT;
  const freezeRows = description.frozenRows > 0 && above <= MAX_FROZEN_PT ? headerRow + 1 : 0;
  return {
    name: cleanSheetName(options.sheetName ?? description.name[lang]),
    values: grid,
    numberFormats,
    styles,
    columnWidths,
    rowHeights,
    merges,
    freeze: { rows: freezeRows, cols: description.frozenColumns ?? 0 },
    table:
      description.autoFilter === false
        ? null
        : { headerRow, firstDataRow, lastDataRow, filterLastRow, cols: cols.length },
    validations,
    conditionalFormats,
    unlocked,
    protect: description.protect ?? false,
    print: {
      orientation: description.print.orientation,
      paperSize: 'A4',
      fitToWidth: description.print.fitToWidth,
      repeatRows: headerRepeat,
      ...(pagesAcross ? { pagesAcross: { ...pagesAcross, scale: scaleToFit(pagesAcross, columnWidths, description.print.orientation) } } : {}),
      ...(titleText ? { header: titleText } : {}),
    },
    notes,
  };
}

/** The description's pages across with its column keys as 0-based columns (breaksAfter: the column before each new page). */
function pagesAcrossOf(description: SheetDescription): PrintSetup['pagesAcross'] {
  const across = description.print.pagesAcross;
  if (!across) return undefined;
  const breaksAfter = across.newPageAt.map((key) => description.columns.findIndex((c) => c.key === key) - 1);
  return { breaksAfter, titleCols: across.repeatColumns, scale: across.scale };
}

/**
 * The description's scale, or less when a page's columns would not fit A4 at it (amounts widened
 * for a large project's 合计): Excel would move the columns that do not fit to a page of their own.
 */
function scaleToFit(across: NonNullable<PrintSetup['pagesAcross']>, widths: readonly number[], orientation: 'landscape' | 'portrait'): number {
  const px = (cols: number[]) => cols.reduce((sum, c) => sum + printedColumnPixels(widths[c]), 0);
  const starts = [0, ...across.breaksAfter.map((c) => c + 1)];
  const widest = Math.max(
    ...starts.map((from, k) => {
      const to = k + 1 < starts.length ? starts[k + 1] : widths.length;
      const titles = Array.from({ length: Math.min(across.titleCols, from) }, (_, i) => i);
      return px([...titles, ...Array.from({ length: to - from }, (_, i) => from + i)]);
    }),
  );
  return Math.min(across.scale, Math.floor((printableInches(orientation) * 96 * 100) / widest));
}

/** Approximate shown text of a block value (for column widths only). */
function displayText(v: RowValue, format: string | null): string {
  if (v === undefined || v === null) return '';
  if (isDecimal(v)) return format && format.includes("¥") ? `¥${toFixed2(roundFen(v))},,,` : v.toString();
  if (typeof v === 'object') return v.kind === 'date' ? v.date : v.kind === 'money' ? `¥${v.value},,,` : String(v.result ?? '');
  return String(v);
}

/** The width a header needs wrapped onto at most two lines (wrappedLines). */
function headerWidth(h: string): number {
  let w = 4;
  while (w < 24 && wrappedLines(h, w) > 2) w++;
  return w;
}

/** Width in Excel character units: CJK characters count two. */
function textWidth(s: string): number {
  return [...s].reduce((n, ch) => n + (/[\u2e80-\uffff]/.test(ch) ? 2 : 1), 0);
}

function defaultWidth(c: ColumnDescription, lang: Lang): number {
  const byType: Record<ColumnType, number> = {
    text: 12,
    money: 15,
    date: 12,
    integer: 8,
    decimal: 11,
    percent: 9,
    enum: 12,
    'id-number': 21,
    phone: 14,
  };
  // CJK characters are two units wide.
  const headerWidth = [...c.header[lang]].reduce((n, ch) => n + (/[\u2e80-\uffff]/.test(ch) ? 2 : 1), 0) + 2;
  return Math.min(40, Math.max(byType[c.type], headerWidth));
}

/** Label columns of the three signature pairs (the value cell is the one to the right). */
function signatureColumns(width: number): [number, number, number] {
  if (width < 9) return [0, 2, 4];
  const step = Math.floor(width / 3);
  return [0, step, 2 * step];
}

export interface SignatureBlockPosition {
  /** 0-based row of the block. */
  row: number;
  /** 0-based cells where the names and the date are written (right of each label). */
  preparedBy: { row: number; col: number };
  reviewedBy: { row: number; col: number };
  date: { row: number; col: number };
  lang: Lang;
}

/**
 * Where a layout's signature block is: the last row whose first cell is 制表： / Prepared by:.
 * The sign-off work writes names and the date into the returned cells (0-based; add 1 for Excel).
 */
export function signatureBlockPosition(layout: SheetLayout): SignatureBlockPosition | null {
  for (let r = layout.values.length - 1; r >= 0; r--) {
    const row = layout.values[r];
    for (const lang of ['zh', 'en'] as const) {
      const [a, b, c] = SIGNATURE_LABELS[lang];
      if (row[0] !== a) continue;
      const bc = row.indexOf(b);
      const cc = row.indexOf(c);
      if (bc < 0 || cc < 0) continue;
      return { row: r, preparedBy: { row: r, col: 1 }, reviewedBy: { row: r, col: bc + 1 }, date: { row: r, col: cc + 1 }, lang };
    }
  }
  return null;
}
