/**
 * Sign-off's only Office.js calls: read the cells of the signed sheets (values + numberFormat +
 * valueTypes, which is what the canonical form needs), read/write the very hidden 签核记录
 * sheet, fill the signature block, protect/unprotect, select a cell.
 * Rules as in addin/excel/requests.ts: reads in blocks of ≤ READ_BLOCK_CELLS cells, writes under
 * WRITE_BUDGET bytes per request, *OrNullObject + isNullObject for lookups, delayForCellEdit.
 */
import { type RawCell, type RawValue, isDateFormat } from '../../domain/signoff/canonical';
import { RECORD_COLUMNS, RECORD_SHEET, type TableCell } from '../../domain/signoff/recordTable';
import { type Scope, includedBounds } from '../../domain/signoff/scope';
import type { SignatureSlots } from '../../domain/signoff/signatureBlock';
import { loadDate1904 } from './dateSystem';
import { labelledIn } from './sheets';
import { type SheetFilterFacts, subtotalRange } from '../../domain/signoff/filtered';

/** The part of addin/excel/host.ts's ExcelHost that sign-off needs (the real one or the fake). */
export interface SignoffHost {
  run<T>(options: Excel.RunOptions, batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  /** ExcelHost's; without it, nothing past ExcelApi 1.8 is used (the filter check of readFilterFacts). */
  isSetSupported?(name: string, version: string): boolean;
}

export const RUN_OPTIONS: Excel.RunOptions = { delayForCellEdit: true };
/** Cells per read request (responses are limited to 5 MB on the web). */
export const READ_BLOCK_CELLS = 100_000;
/** Bytes of queued writes per request (the limit is 5 MB). */
export const WRITE_BUDGET = 3 * 1024 * 1024;
/** Columns of the records table read at once: 20 parts of ≤ 30,000 characters stay under 2 MB. */
export const READ_RECORD_COLS = 20;
/** Record rows whose fields (16 short texts each) are read at once. */
const READ_RECORD_FIELD_ROWS = 1000;
/** Bytes per single write of a records row segment. */
const WRITE_SEGMENT = 1024 * 1024;

export interface SheetCells {
  cells: RawCell[];
  texts: { row: number; col: number; text: string }[];
  /** false when the workbook has no such sheet. */
  exists: boolean;
  protected: boolean;
  /** Hidden or very hidden. */
  hidden: boolean;
}

/** Days from 1900-system serials to 1904-system ones. */
const SERIAL_1904_SHIFT = 1462;

/**
 * Office.js value + format + type → the canonical form's raw value. The canonical form reads a
 * date-formatted number as a 1900-system serial (exceljs hands the CLI a Date, whatever the
 * system): in a 1904 workbook (`date1904`) such a number is shifted to it, so a date means the day
 * shown, as the CLI reads it.
 */
export function officeRawValue(value: unknown, format: string | undefined, valueType: string | undefined, date1904 = false): RawValue {
  const number = (n: number): RawValue => ({ kind: 'number', value: date1904 && isDateFormat(format) ? n + SERIAL_1904_SHIFT : n, format });
  switch (valueType) {
    case 'Empty':
      return null;
    case 'Error':
      return { kind: 'error', code: String(value) };
    case 'Boolean':
      return { kind: 'boolean', value: value === true };
    case 'Double':
    case 'Integer':
      return typeof value === 'number' ? number(value) : null;
    case 'String':
      return { kind: 'text', text: String(value ?? '') };
  }
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return number(value);
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  return { kind: 'text', text: String(value) };
}

/** Visible worksheet names in tab order, without 签核记录. */
export async function visibleSheets(host: SignoffHost): Promise<string[]> {
  return host.run(RUN_OPTIONS, async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load('items/name,items/visibility');
    await context.sync();
    return sheets.items.filter((s) => s.name !== RECORD_SHEET && s.visibility === 'Visible').map((s) => s.name);
  });
}

/**
 * visibleSheets and allSheets in one round trip (the pane's state), and the visible sheets whose
 * column A names one of `labels` (sheetsLabelled's probe, a round trip per 1,000 sheets; none without labels).
 */
export async function visibleAndAllSheets(host: SignoffHost, labels: readonly string[] = []): Promise<{ visible: string[]; all: string[]; labelled: string[] }> {
  return host.run(RUN_OPTIONS, async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load('items/name,items/visibility');
    await context.sync();
    const all = sheets.items.filter((s) => s.name !== RECORD_SHEET);
    const visible = all.filter((s) => s.visibility === 'Visible');
    const labelled = labels.length ? await labelledIn(context, visible, labels) : [];
    return { visible: visible.map((s) => s.name), all: all.map((s) => s.name), labelled };
  });
}

/** Every sheet's name but 签核记录's, whatever its visibility (a renamed signed sheet may be hidden). */
export async function allSheets(host: SignoffHost): Promise<string[]> {
  return host.run(RUN_OPTIONS, async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load('items/name');
    await context.sync();
    return sheets.items.filter((s) => s.name !== RECORD_SHEET).map((s) => s.name);
  });
}

interface ReadBlock {
  ws: Excel.Worksheet;
  entry: SheetCells;
  /** 0-based top-left and size. */
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/** One request: values, formats and value types of a few blocks (≤ READ_BLOCK_CELLS cells in all). */
async function readBatch(context: Excel.RequestContext, batch: ReadBlock[], date1904: boolean): Promise<void> {
  const ranges = batch.map((b) => b.ws.getRangeByIndexes(b.row, b.col, b.rows, b.cols).load('values,numberFormat,valueTypes'));
  await context.sync();
  batch.forEach((b, i) => {
    const range = ranges[i];
    const values = range.values as unknown[][];
    const formats = range.numberFormat as string[][];
    const types = range.valueTypes as string[][];
    for (let r = 0; r < b.rows; r++) {
      for (let c = 0; c < b.cols; c++) {
        const raw = officeRawValue(values[r][c], formats[r]?.[c], types[r]?.[c], date1904);
        if (raw === null) continue;
        const cell = { row: b.row + r + 1, col: b.col + c + 1 };
        b.entry.cells.push({ ...cell, value: raw });
        if (raw.kind === 'text') b.entry.texts.push({ ...cell, text: raw.text });
      }
    }
  });
}

/** Reads every non-empty cell of each sheet inside the scope's included bounds. */
export async function readSheets(host: SignoffHost, scope: Scope): Promise<Map<string, SheetCells>> {
  return host.run(RUN_OPTIONS, async (context) => {
    const out = new Map<string, SheetCells>();
    const sheets = scope.sheets.map((s) => ({ scope: s, ws: context.workbook.worksheets.getItemOrNullObject(s.sheet) }));
    for (const s of sheets) s.ws.load('name,visibility');
    const is1904 = loadDate1904(context);
    await context.sync();
    const date1904 = is1904();
    const present = sheets.filter((s) => !s.ws.isNullObject);
    const used = present.map((s) => {
      const range = s.ws.getUsedRangeOrNullObject(true);
      range.load('rowIndex,columnIndex,rowCount,columnCount');
      const protection = s.ws.protection;
      protection.load('protected');
      return { ...s, range, protection };
    });
    for (const s of sheets) if (s.ws.isNullObject) out.set(s.scope.sheet, { cells: [], texts: [], exists: false, protected: false, hidden: false });
    await context.sync();
    // Plan the reads: each sheet's used ∩ scope box in blocks of whole rows; small blocks of
    // several sheets share one request, and no request asks for more than READ_BLOCK_CELLS cells.
    const blocks: ReadBlock[] = [];
    for (const s of used) {
      const entry: SheetCells = { cells: [], texts: [], exists: true, protected: s.protection.protected, hidden: s.ws.visibility !== 'Visible' };
      out.set(s.scope.sheet, entry);
      if (s.range.isNullObject) continue;
      const bounds = includedBounds(s.scope);
      if (!bounds) continue;
      // 0-based box of used ∩ bounds
      const top = Math.max(s.range.rowIndex, bounds.top - 1);
      const left = Math.max(s.range.columnIndex, bounds.left - 1);
      const bottom = Math.min(s.range.rowIndex + s.range.rowCount - 1, bounds.bottom - 1);
      const right = Math.min(s.range.columnIndex + s.range.columnCount - 1, bounds.right - 1);
      if (bottom < top || right < left) continue;
      const cols = right - left + 1;
      const blockRows = Math.max(1, Math.floor(READ_BLOCK_CELLS / cols));
      for (let r0 = top; r0 <= bottom; r0 += blockRows) {
        blocks.push({ ws: s.ws, entry, row: r0, col: left, rows: Math.min(blockRows, bottom - r0 + 1), cols });
      }
    }
    let batch: ReadBlock[] = [];
    let cells = 0;
    for (const b of blocks) {
      if (batch.length > 0 && cells + b.rows * b.cols > READ_BLOCK_CELLS) {
        await readBatch(context, batch, date1904);
        batch = [];
        cells = 0;
      }
      batch.push(b);
      cells += b.rows * b.cols;
    }
    if (batch.length > 0) await readBatch(context, batch, date1904);
    return out;
  });
}

/** The 签核记录 table as read (empty when the sheet does not exist). */
export async function readRecordTable(host: SignoffHost): Promise<unknown[][]> {
  return host.run(RUN_OPTIONS, (context) => readRecordTableIn(context));
}

/** readRecordTable inside a batch already running (the signed-sheet guard of writeLayout). */
export async function readRecordTableIn(context: Excel.RequestContext): Promise<unknown[][]> {
  const ws = context.workbook.worksheets.getItemOrNullObject(RECORD_SHEET);
  ws.load('name');
  await context.sync();
  if (ws.isNullObject) return [];
  const used = ws.getUsedRangeOrNullObject(true);
  used.load('rowIndex,columnIndex,rowCount,columnCount');
  await context.sync();
  if (used.isNullObject) return [];
  // The table starts at A1: read from there so column positions are kept. First the record
  // fields of every row (short texts), whose last column says how many content parts follow.
  const rows = used.rowIndex + used.rowCount;
  const cols = used.columnIndex + used.columnCount;
  const out: unknown[][] = [];
  for (let r0 = 0; r0 < rows; r0 += READ_RECORD_FIELD_ROWS) {
    const block = ws.getRangeByIndexes(r0, 0, Math.min(READ_RECORD_FIELD_ROWS, rows - r0), Math.min(RECORD_COLUMNS.length, cols));
    block.load('values');
    // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one per 1,000 records
    await context.sync();
    for (const row of block.values as unknown[][]) out.push([...row]);
  }
  // Then the parts each row says it has, READ_RECORD_COLS parts (of ≤ 30,000 characters) per round
  // trip packed across rows: a year of records costs a few round trips, not one per record. Cells
  // past a row's count and its seal are not read (tableToRecords ignores them, and refuses a row whose count is
  // unreadable before looking at its parts).
  let batch: { row: number; range: Excel.Range }[] = [];
  let parts = 0;
  const flush = async () => {
    await context.sync();
    for (const b of batch) out[b.row].push(...(b.range.values as unknown[][])[0]);
    batch = [];
    parts = 0;
  };
  for (let r = 1; r < rows; r++) {
    // The parts, and the record seal and the unseal seal in the two cells after them (recordSeal.ts;
    // empty in older rows), read with them: a few hundred characters, counted as the hundredth of a part it is.
    const declared = declaredParts(out[r][RECORD_COLUMNS.length - 1]);
    const count = Math.min(declared + 2, cols - RECORD_COLUMNS.length);
    for (let p0 = 0; p0 < count; p0 += READ_RECORD_COLS) {
      const n = Math.min(READ_RECORD_COLS, count - p0);
      const cost = Math.min(n, Math.max(0, declared - p0)) + (p0 + n > declared ? SEAL_SHARE * Math.min(2, p0 + n - declared) : 0);
      if (parts + cost > READ_RECORD_COLS) await flush();
      const range = ws.getRangeByIndexes(r, RECORD_COLUMNS.length + p0, 1, n);
      range.load('values');
      batch.push({ row: r, range });
      parts += cost;
    }
  }
  if (batch.length > 0) await flush();
  return out;
}

/** A record seal's share of a read request, in content parts (≈ 300 of 30,000 characters). */
const SEAL_SHARE = 0.01;

/** A record row's 内容分段 count as written (0 when it is not a whole number). */
function declaredParts(v: unknown): number {
  const n = Number(v === null || v === undefined ? '' : String(v));
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** Text Excel would not keep as typed gets a quote prefix (Excel drops it again on storing). */
function asTyped(v: TableCell | ''): string | number {
  if (typeof v === 'string' && /^[='+\-@]/.test(v)) return `'${v}`;
  return v;
}

function bytesOf(row: (string | number)[]): number {
  let n = 0;
  for (const v of row) n += typeof v === 'string' ? v.length * 3 + 3 : 12;
  return n;
}

export interface SheetWrite {
  sheet: string;
  slots: SignatureSlots | null;
  fill: { preparedBy: string; reviewedBy: string; dateSerial: number | null };
  /** After writing: protect (signed) or leave unprotected (unsealed). */
  protect: boolean;
}

/**
 * Writes the records table, the signature blocks and the protection in as few requests as the
 * payload limit allows. A sheet already protected is unprotected first with `password` (the
 * pane asks for it); the same or new password protects it again.
 */
export async function writeSignoff(
  host: SignoffHost,
  table: TableCell[][],
  sheets: SheetWrite[],
  passwords: { current?: string; next?: string },
): Promise<void> {
  await host.run(RUN_OPTIONS, async (context) => {
    // 1. unprotect the signed sheets first, so a wrong or missing password changes nothing
    const targets = sheets.map((s) => {
      // a navigation property needs no load: it is a proxy, like getItem's result
      const sheet = context.workbook.worksheets.getItem(s.sheet);
      const protection = context.workbook.worksheets.getItem(s.sheet).protection;
      protection.load('protected');
      return { s, sheet, protection };
    });
    const is1904 = loadDate1904(context);
    await context.sync();
    // The block's date is a 1900-system serial (domain dateSerial): the cell takes the workbook's.
    const shift = is1904() ? SERIAL_1904_SHIFT : 0;
    for (const { protection } of targets) {
      if (protection.protected) protection.unprotect(passwords.current);
    }
    await context.sync();

    // 2. the records sheet: create (very hidden) or clear, then rows as text
    let ws = context.workbook.worksheets.getItemOrNullObject(RECORD_SHEET);
    ws.load('name');
    await context.sync();
    if (ws.isNullObject) {
      ws = context.workbook.worksheets.add(RECORD_SHEET);
    } else {
      const protection = ws.protection;
      protection.load('protected');
      await context.sync();
      if (protection.protected) protection.unprotect(passwords.current);
      const used = ws.getUsedRangeOrNullObject(false);
      used.load('address');
      await context.sync();
      if (!used.isNullObject) used.clear();
    }
    ws.visibility = 'VeryHidden' as Excel.SheetVisibility;
    const width = Math.max(...table.map((r) => r.length));
    let pending = 0;
    for (let r = 0; r < table.length; r++) {
      const row = Array.from({ length: width }, (_, c) => asTyped(table[r][c] ?? ''));
      // a row holding a long canonical copy is written in segments of about 1 MB
      let c0 = 0;
      while (c0 < width) {
        let c1 = c0;
        let bytes = 0;
        while (c1 < width && (c1 === c0 || bytes + bytesOf([row[c1]]) <= WRITE_SEGMENT)) bytes += bytesOf([row[c1++]]);
        if (pending + bytes > WRITE_BUDGET) {
          // Not a round trip per row: a flush only once ~3 MB are queued, since Excel refuses a
          // request over 5 MB. Nothing waits on a result (these are writes), so the syncs are as few
          // as the limit allows: one more per ~3 MB of table, none for more rows or sheets
          // (test/addin/recordTableWrite.test.ts counts them).
          // eslint-disable-next-line office-addins/no-context-sync-in-loop -- flushes by payload size, see above
          await context.sync();
          pending = 0;
        }
        const segment = row.slice(c0, c1);
        const range = ws.getRangeByIndexes(r, c0, 1, c1 - c0);
        range.numberFormat = [segment.map(() => '@')];
        range.values = [segment];
        pending += bytes;
        c0 = c1;
      }
    }
    await context.sync();

    // 3. signature blocks, then protection again
    for (const { s, sheet, protection } of targets) {
      if (s.slots) {
        const put = (pos: { row: number; col: number }, v: string | number) => {
          sheet.getRangeByIndexes(pos.row - 1, pos.col - 1, 1, 1).values = [[v]];
        };
        put(s.slots.preparedBy, s.fill.preparedBy);
        put(s.slots.reviewedBy, s.fill.reviewedBy);
        const dateCell = sheet.getRangeByIndexes(s.slots.date.row - 1, s.slots.date.col - 1, 1, 1);
        dateCell.numberFormat = [['yyyy-mm-dd']];
        dateCell.values = [[s.fill.dateSerial === null ? '' : s.fill.dateSerial - shift]];
      }
      if (s.protect) {
        protection.protect({ allowFormatColumns: true, allowFormatRows: true }, passwords.next || passwords.current || undefined);
      }
    }
    await context.sync();
  });
}

/** Activates the sheet and selects one cell (1-based), for "show me the changed cell". */
export async function selectCell(host: SignoffHost, sheet: string, row: number, col: number): Promise<void> {
  await host.run(RUN_OPTIONS, async (context) => {
    const ws = context.workbook.worksheets.getItemOrNullObject(sheet);
    ws.load('name');
    await context.sync();
    if (ws.isNullObject) return;
    ws.activate();
    ws.getRangeByIndexes(row - 1, col - 1, 1, 1).select();
    await context.sync();
  });
}

/** Cells of SUBTOTAL ranges read for their formulas, and rows probed for being hidden, at most (the filter check is skipped past them). */
export const FILTER_CHECK_CELLS = READ_BLOCK_CELLS;
export const FILTER_CHECK_ROWS = 10_000;

/**
 * What Excel says now of the filters and formulas around changed numbers (domain/signoff/filtered.ts),
 * read only when verify found changed numbers, in two requests whatever their count: the sheets'
 * autofilters (ExcelApi 1.9; none known before it) and the changed cells' formulas; then, on a sheet
 * whose autofilter has criteria (before 1.9: any sheet), the formulas of the box its changed SUBTOTALs sum over and
 * whether each of its rows is hidden. A sheet whose box is past FILTER_CHECK_CELLS or FILTER_CHECK_ROWS is left out (its
 * changes stay changes).
 */
export async function readFilterFacts(host: SignoffHost, cells: readonly { sheet: string; row: number; col: number }[]): Promise<Map<string, SheetFilterFacts>> {
  const out = new Map<string, SheetFilterFacts>();
  if (cells.length === 0) return out;
  // Worksheet.autoFilter is ExcelApi 1.9 (not in Excel 2019): before it, the hidden rows and formulas
  // are read all the same, for the hint (filterHints), but no filter is known and nothing explained.
  const filters = !!host.isSetSupported?.('ExcelApi', '1.9');
  return host.run(RUN_OPTIONS, async (context) => {
    const bySheet = new Map<string, { row: number; col: number }[]>();
    for (const c of cells) (bySheet.get(c.sheet) ?? bySheet.set(c.sheet, []).get(c.sheet)!).push(c);
    const sheets = [...bySheet].map(([name, list]) => {
      const ws = context.workbook.worksheets.getItem(name);
      const filter = filters ? ws.autoFilter.load('enabled,isDataFiltered') : null;
      const range = filter ? filter.getRangeOrNullObject().load('rowIndex,rowCount') : null;
      const formulas = list.map((c) => ({ ...c, range: ws.getRangeByIndexes(c.row - 1, c.col - 1, 1, 1).load('formulas') }));
      return { name, ws, filter, range, formulas };
    });
    await context.sync();
    const second = sheets.flatMap((s) => {
      if (s.filter && (!s.filter.enabled || !s.filter.isDataFiltered || s.range!.isNullObject)) return [];
      const own = new Map<string, string>();
      let box: { top: number; left: number; bottom: number; right: number } | null = null;
      for (const f of s.formulas) {
        const text = String((f.range.formulas as unknown[][])[0][0] ?? '');
        own.set(`${f.row}:${f.col}`, text);
        const r = subtotalRange(text);
        if (r) box = box ? { top: Math.min(box.top, r.top), left: Math.min(box.left, r.left), bottom: Math.max(box.bottom, r.bottom), right: Math.max(box.right, r.right) } : r;
      }
      if (!box || box.bottom - box.top + 1 > FILTER_CHECK_ROWS || (box.bottom - box.top + 1) * (box.right - box.left + 1) > FILTER_CHECK_CELLS) return [];
      const b = box;
      const grid = s.ws.getRangeByIndexes(b.top - 1, b.left - 1, b.bottom - b.top + 1, b.right - b.left + 1).load('formulas');
      const rows = Array.from({ length: b.bottom - b.top + 1 }, (_, k) => s.ws.getRangeByIndexes(b.top - 1 + k, 0, 1, 1).load('rowHidden'));
      return [{ s, own, box: b, grid, rows }];
    });
    if (second.length === 0) return out;
    await context.sync();
    for (const { s, own, box, grid, rows } of second) {
      const hiddenRows = new Set<number>();
      rows.forEach((r, k) => {
        if (r.rowHidden) hiddenRows.add(box.top + k);
      });
      const formulas = grid.formulas as unknown[][];
      const subtotal = (row: number, col: number) => {
        if (row < box.top || row > box.bottom || col < box.left || col > box.right) return false;
        const f = formulas[row - box.top]?.[col - box.left];
        return typeof f === 'string' && /^=\s*SUBTOTAL\s*\(/i.test(f);
      };
      out.set(s.name, {
        filterRows: s.range ? { top: s.range.rowIndex + 1, bottom: s.range.rowIndex + s.range.rowCount } : null,
        hiddenRows,
        formula: (row, col) => own.get(`${row}:${col}`),
        isSubtotal: subtotal,
      });
    }
    return out;
  });
}

/**
 * The sheets (of `names`, which exist) whose autofilter has criteria and hides rows of its range
 * (domain/signoff/filtered.ts hidesRowsByFilter), for the round's first signature to refuse: one
 * request whatever their count. Worksheet.autoFilter is ExcelApi 1.9: before it no filter can be
 * told from rows hidden by hand, so none is said filtered (nothing is read).
 */
export async function filteredSheets(host: SignoffHost, names: readonly string[]): Promise<string[]> {
  if (names.length === 0 || !host.isSetSupported?.('ExcelApi', '1.9')) return [];
  return host.run(RUN_OPTIONS, async (context) => {
    const checks = names.map((name) => {
      const filter = context.workbook.worksheets.getItem(name).autoFilter.load('enabled,isDataFiltered');
      // Office.js: rowHidden is false when no row of the range is hidden (true or null when some are)
      const range = filter.getRangeOrNullObject().load('rowHidden');
      return { name, filter, range };
    });
    await context.sync();
    return checks.filter((c) => c.filter.enabled && c.filter.isDataFiltered && !c.range.isNullObject && c.range.rowHidden !== false).map((c) => c.name);
  });
}
