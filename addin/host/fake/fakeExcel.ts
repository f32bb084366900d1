/**
 * An in-memory Excel: exactly the part of the Office.js Excel API that addin/excel/ uses,
 * with Office.js's batching rules enforced so code that works here works in Excel:
 *  - every call and property write is queued and runs only at context.sync(), in order;
 *  - reading a property that was not loaded (and synced) throws PropertyNotLoaded;
 *  - a *OrNullObject lookup must be checked with isNullObject; using a null object throws;
 *  - a request (the writes queued before one sync) larger than 5 MB is refused, as Excel on
 *    the web does; writes to locked cells of a protected sheet are refused.
 * It counts round trips (syncs) and request payload bytes (UTF-8 JSON size of queued writes).
 * Browser-safe (the preview and the browser test use it): no Node built-ins.
 */
import { type Box, cellAddress, colLetters, parseAddress, rangeAddress } from '../../excel/address';

export const PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

export interface FakeCell {
  v: string | number | boolean; // '' = empty
  f?: string; // formula, with '='
  nf?: string;
  fill?: string; // '#RRGGBB'
  bold?: boolean;
  color?: string;
  size?: number;
  align?: string;
  wrap?: boolean;
  border?: boolean;
  unlocked?: boolean;
  quotePrefix?: boolean;
  /** An error value (#N/A, #DIV/0!…): `v` holds its code and valueTypes reads 'Error'. */
  err?: boolean;
}

/** Excel.RangeValueType of a cell, as Range.valueTypes reports it. */
export function valueTypeOf(cell: FakeCell | undefined): 'Empty' | 'String' | 'Double' | 'Boolean' | 'Error' {
  if (!cell) return 'Empty';
  if (cell.err) return 'Error';
  const v = cell.v;
  if (typeof v === 'number') return 'Double';
  if (typeof v === 'boolean') return 'Boolean';
  return v === '' ? 'Empty' : 'String';
}

export interface FakeValidation {
  box: Box;
  list: string[];
  ignoreBlanks: boolean;
  errorMessage: string | null;
}

export interface FakeConditionalFormat {
  box: Box;
  formula: string;
  fill: string | null;
  bold: boolean | null;
  color: string | null;
}

let nextId = 1;

export class FakeSheet {
  readonly id = `{sheet-${nextId++}}`;
  rows: (FakeCell | undefined)[][] = [];
  notes = new Map<string, string>(); // "B3" → text
  validations: FakeValidation[] = [];
  conditionalFormats: FakeConditionalFormat[] = [];
  merges: Box[] = [];
  /** Rows hidden (0-based) by a filter or by hand. */
  hiddenRows = new Set<number>();
  /** The sheet's autofilter (Worksheet.autoFilter, ExcelApi 1.9): its range (header row included) and whether criteria are applied. */
  autoFilter: { box: Box; filtered: boolean } | null = null;
  freeze = { rows: 0, cols: 0 };
  /** allowFormatCells / allowEditObjects: what a protected sheet still lets through (fills; notes). */
  protection: { protected: boolean; password: string | null; allowFormatCells?: boolean; allowEditObjects?: boolean } = { protected: false, password: null };
  columnWidths = new Map<number, number>(); // points
  rowHeights = new Map<number, number>(); // points, rows given a height (0-based)
  page: {
    orientation: string | null;
    paperSize: string | null;
    fitToWidth: boolean;
    /** zoom.scale, percent; null when fitted to pages or left as it was. */
    scale: number | null;
    printOrder: string | null;
    titleRows: string | null;
    titleColumns: string | null;
    /** Manual vertical page breaks: the 0-based columns a page starts at (PageBreak.columnIndex). */
    columnBreaks: number[];
    /** Margins in points; Excel's Normal (0.7 in at the sides, 0.75 top and bottom, 0.3 header and footer) until set. */
    margins: { left: number; right: number; top: number; bottom: number; header: number; footer: number };
    centerHorizontally: boolean;
    leftHeader: string;
    centerFooter: string;
  } = {
    orientation: null,
    paperSize: null,
    fitToWidth: false,
    scale: null,
    printOrder: null,
    titleRows: null,
    titleColumns: null,
    columnBreaks: [],
    margins: { left: 50.4, right: 50.4, top: 54, bottom: 54, header: 21.6, footer: 21.6 },
    centerHorizontally: false,
    leftHeader: '',
    centerFooter: '',
  };
  visibility: 'Visible' | 'Hidden' | 'VeryHidden' = 'Visible';
  constructor(public name: string) {}

  cell(r: number, c: number): FakeCell | undefined {
    return this.rows[r]?.[c];
  }
  ensure(r: number, c: number): FakeCell {
    const row = (this.rows[r] ??= []);
    return (row[c] ??= { v: '' });
  }
  /** Used extent (cells with a value or formula): null when empty. */
  used(valuesOnly: boolean): Box | null {
    let r0 = Infinity;
    let c0 = Infinity;
    let r1 = -1;
    let c1 = -1;
    this.rows.forEach((row, r) => {
      row?.forEach((cell, c) => {
        if (!cell) return;
        const hasValue = cell.v !== '' || cell.f !== undefined;
        if (!hasValue && (valuesOnly || (!cell.fill && !cell.nf))) return;
        r0 = Math.min(r0, r);
        c0 = Math.min(c0, c);
        r1 = Math.max(r1, r);
        c1 = Math.max(c1, c);
      });
    });
    return r1 < 0 ? null : { row: r0, col: c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
  }
  /** Values of a box, '' for empty cells (what Range.values returns; formulas have no cached result here). */
  values(box: Box): (string | number | boolean)[][] {
    const out: (string | number | boolean)[][] = [];
    for (let r = 0; r < box.rows; r++) {
      const row = this.rows[box.row + r];
      const line: (string | number | boolean)[] = new Array(box.cols);
      for (let c = 0; c < box.cols; c++) line[c] = row?.[box.col + c]?.v ?? '';
      out.push(line);
    }
    return out;
  }
}

export interface FakeTable {
  name: string;
  sheetId: string;
  box: Box;
  style: string | null;
}

export class FakeWorkbookState {
  sheets: FakeSheet[] = [];
  tables: FakeTable[] = [];
  settings = new Map<string, unknown>();
  activeSheetId: string | null = null;
  /** `box` is the active area; `areas`, when set, every area of a Ctrl-selection (box among them). */
  selection: { sheetId: string; box: Box; areas?: Box[] } | null = null;
  calculationSuspensions = 0;
  /** The workbook counts dates from 1904 (a Mac workbook): DATE() and date serials are 1462 less. */
  date1904 = false;

  sheet(name: string): FakeSheet | undefined {
    const key = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === key);
  }
  byId(id: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.id === id);
  }
  addSheet(name: string): FakeSheet {
    if (this.sheet(name)) throw officeError('ItemAlreadyExists', `A sheet named ${name} already exists.`);
    const s = new FakeSheet(name);
    this.sheets.push(s);
    if (!this.activeSheetId) this.activeSheetId = s.id;
    return s;
  }
}

export interface RequestStat {
  bytes: number;
  operations: number;
}

export interface FakeStats {
  runs: number;
  syncs: number;
  /** Time spent executing requests "in Excel" (the fake's own work), ms: not add-in script time. */
  hostMs: number;
  requests: RequestStat[];
  delayForCellEdit: boolean[];
  /** Writes queued, by what they set ("values", "format.rowHeight", …): how many Office.js calls a job costs. */
  writes: Record<string, number>;
}

export function officeError(code: string, message: string): Error {
  const e = new Error(message) as Error & { code: string; name: string };
  e.name = 'RichApi.Error';
  e.code = code;
  return e;
}

function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Payload size of one queued write: the JSON Office.js would send for it. */
function payloadBytes(name: string, args: unknown): number {
  return utf8Bytes(JSON.stringify({ n: name, a: args }) ?? '');
}

function excelColor(c: string): string {
  const t = c.trim();
  if (/^#[0-9a-f]{6}$/i.test(t)) return t.toUpperCase();
  const named: Record<string, string> = { white: '#FFFFFF', black: '#000000', red: '#FF0000', yellow: '#FFFF00' };
  if (named[t.toLowerCase()]) return named[t.toLowerCase()];
  throw officeError('InvalidArgument', `Invalid color ${c}`);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function isoToSerial(s: string): number | null {
  const m = ISO_DATE.exec(s);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Math.round(t / 86400000) + 25569;
}

/** What Excel stores when a string is assigned to a cell, as if typed (Range.values). */
function coerce(cell: FakeCell, input: string | number | boolean): void {
  delete cell.f;
  delete cell.err;
  cell.quotePrefix = false;
  if (typeof input !== 'string') {
    cell.v = input;
    return;
  }
  if (input === '') {
    cell.v = '';
    return;
  }
  if (input.startsWith("'")) {
    cell.v = input.slice(1);
    cell.quotePrefix = true;
    return;
  }
  if (input.startsWith('=')) {
    cell.f = input;
    cell.v = '';
    return;
  }
  if (cell.nf === '@') {
    cell.v = input;
    return;
  }
  const t = input.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) {
    cell.v = Number(input);
    return;
  }
  if (/^[+-]?\d+(\.\d+)?%$/.test(t)) {
    cell.v = Number(t.slice(0, -1)) / 100;
    if (!cell.nf || cell.nf === 'General') cell.nf = '0%';
    return;
  }
  if (/^(true|false)$/i.test(t)) {
    cell.v = t.toLowerCase() === 'true';
    return;
  }
  if (/^[+-]./.test(t)) {
    // Typed "+86 138" or "-A1" is a formula in Excel.
    cell.f = `=${t}`;
    cell.v = '';
    return;
  }
  const md = /^(\d{1,2})[-/](\d{1,2})(?:[-/](\d{2,4}))?$/.exec(t);
  if (md) {
    // en-US reading: month/day[/year] becomes a date.
    const y = md[3] ? (md[3].length === 2 ? 2000 + Number(md[3]) : Number(md[3])) : 2026;
    cell.v = Math.round(Date.UTC(y, Number(md[1]) - 1, Number(md[2])) / 86400000) + 25569;
    if (!cell.nf || cell.nf === 'General') cell.nf = 'm/d/yyyy';
    return;
  }
  const serial = isoToSerial(input.trim());
  if (serial !== null) {
    cell.v = serial;
    if (!cell.nf || cell.nf === 'General') cell.nf = 'yyyy-mm-dd';
    return;
  }
  cell.v = input;
}

function normaliseLoad(p?: string | string[] | { select?: string }): string[] {
  if (p === undefined) return ['*'];
  if (Array.isArray(p)) return p.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
  if (typeof p === 'string') return p.split(',').map((x) => x.trim()).filter(Boolean);
  return normaliseLoad(p.select);
}

type Op = { run: () => void; bytes: number };

export class FakeContext {
  queue: Op[] = [];
  readonly workbook: FakeWorkbook;
  constructor(readonly excel: FakeExcel) {
    this.workbook = new FakeWorkbook(this);
  }
  enqueue(run: () => void, bytes = 0): void {
    this.queue.push({ run, bytes });
  }
  async sync(): Promise<void> {
    const ops = this.queue;
    this.queue = [];
    const bytes = ops.reduce((a, o) => a + o.bytes, 0);
    this.excel.stats.syncs++;
    this.excel.stats.requests.push({ bytes, operations: ops.length });
    await Promise.resolve();
    if (bytes > PAYLOAD_LIMIT_BYTES) {
      throw officeError('RequestPayloadSizeLimitExceeded', `The request payload size (${bytes} bytes) has exceeded the limit.`);
    }
    const t0 = performance.now();
    try {
      for (const op of ops) op.run();
    } finally {
      this.excel.stats.hostMs += performance.now() - t0;
    }
    if (this.excel.state.calculationSuspensions > 0) this.excel.state.calculationSuspensions = 0;
  }
  get state(): FakeWorkbookState {
    return this.excel.state;
  }
}

abstract class ClientObject {
  protected loaded = new Map<string, unknown>();
  constructor(readonly context: FakeContext) {}
  /** Properties this object can load, computed at sync time. */
  protected abstract snapshot(wanted?: ReadonlySet<string>): Record<string, unknown>;
  load(p?: string | string[] | { select?: string }): this {
    const names = normaliseLoad(p);
    this.context.enqueue(() => {
      const snap = this.snapshot(names.includes('*') ? undefined : new Set(names));
      const keys = names.includes('*') ? Object.keys(snap) : names;
      // Any load of a *OrNullObject result also tells whether it is null (as in Office.js).
      if ('isNullObject' in snap) this.loaded.set('isNullObject', snap.isNullObject);
      for (const k of keys) {
        // A null object loads as null: its properties read as undefined.
        if (!(k in snap) && snap.isNullObject !== true) throw officeError('InvalidArgument', `Cannot load unknown property ${k}`);
        this.loaded.set(k, snap[k]);
      }
    });
    return this;
  }
  protected get<T>(name: string): T {
    if (!this.loaded.has(name)) {
      throw officeError(
        'PropertyNotLoaded',
        `The property '${name}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
      );
    }
    return this.loaded.get(name) as T;
  }
  protected write(name: string, args: unknown, run: () => void): void {
    // Measuring the payload is the fake's work, not the add-in's: count it as host time.
    const t0 = performance.now();
    const bytes = payloadBytes(name, args);
    const stats = this.context.excel.stats;
    stats.hostMs += performance.now() - t0;
    stats.writes[name] = (stats.writes[name] ?? 0) + 1;
    this.context.enqueue(run, bytes);
  }
  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this.loaded);
  }
}

/* ---------------------------------------------------------------- workbook */

export class FakeWorkbook extends ClientObject {
  readonly worksheets: FakeWorksheetCollection;
  readonly tables: FakeTableCollection;
  readonly settings: FakeSettingCollection;
  readonly application: { suspendApiCalculationUntilNextSync: () => void };
  readonly functions: FakeFunctions;
  constructor(ctx: FakeContext) {
    super(ctx);
    this.worksheets = new FakeWorksheetCollection(ctx);
    this.functions = new FakeFunctions(ctx);
    this.tables = new FakeTableCollection(ctx, null);
    this.settings = new FakeSettingCollection(ctx);
    this.application = {
      suspendApiCalculationUntilNextSync: () =>
        ctx.enqueue(() => {
          ctx.state.calculationSuspensions++;
        }, 40),
    };
  }
  protected snapshot() {
    return {};
  }
  /** Workbook.getSelectedRanges (ExcelApi 1.9): every area of the selection. */
  getSelectedRanges(): FakeAreas {
    if (!this.context.excel.supports('ExcelApi', '1.9')) throw new TypeError('getSelectedRanges is not available before ExcelApi 1.9');
    return new FakeAreas(this.context, () => {
      const sel = this.context.state.selection;
      const sheet = sel ? this.context.state.byId(sel.sheetId) : this.context.state.sheets[0];
      if (!sheet) throw officeError('ItemNotFound', 'No selection');
      return sel && sheet.id === sel.sheetId ? (sel.areas ?? [sel.box]) : [{ row: 0, col: 0, rows: 1, cols: 1 }];
    });
  }
  getSelectedRange(): FakeRange {
    return new FakeRange(this.context, () => {
      const sel = this.context.state.selection;
      // As in Excel: a selection of several areas is not one range.
      if (sel?.areas && sel.areas.length > 1) throw officeError('InvalidSelection', 'The current selection is invalid for this operation.');
      const sheet = sel ? this.context.state.byId(sel.sheetId) : this.context.state.sheets[0];
      if (!sheet) throw officeError('ItemNotFound', 'No selection');
      return { sheet, box: sel && sheet.id === sel.sheetId ? sel.box : { row: 0, col: 0, rows: 1, cols: 1 } };
    });
  }
}

/* --------------------------------------------------------------- functions */

/** Workbook.functions (ExcelApi 1.2): only DATE, computed in the workbook's date system. */
export class FakeFunctions extends ClientObject {
  protected snapshot() {
    return {};
  }
  date(year: number, month: number, day: number): FakeFunctionResult {
    if (!this.context.excel.supports('ExcelApi', '1.2')) throw new TypeError('functions is not available before ExcelApi 1.2');
    return new FakeFunctionResult(this.context, () => {
      // Excel's DATE: years 0–1899 are taken as 1900–3799; a month or day out of range rolls over.
      const t = Date.UTC(year < 1900 ? year + 1900 : year, month - 1, day);
      const days = Math.round((t - Date.UTC(1904, 0, 1)) / 86_400_000);
      // 1900 system: 1904-01-01 is 1462, and dates before 1900-03-01 are one less (its phantom 1900-02-29).
      const serial = this.context.state.date1904 ? days : days + 1462 - (t < Date.UTC(1900, 2, 1) ? 1 : 0);
      return serial < (this.context.state.date1904 ? 0 : 1) ? { error: '#NUM!' } : { value: serial };
    });
  }
}

export class FakeFunctionResult extends ClientObject {
  constructor(
    ctx: FakeContext,
    private readonly compute: () => { value?: number; error?: string },
  ) {
    super(ctx);
  }
  protected snapshot() {
    const r = this.compute();
    return { value: r.value ?? null, error: r.error ?? null };
  }
  get value(): number {
    return this.get('value');
  }
  get error(): string | null {
    return this.get('error');
  }
}

/* -------------------------------------------------------------- worksheets */

type SheetResolver = () => FakeSheet | null;

export class FakeWorksheetCollection extends ClientObject {
  protected snapshot() {
    return {
      items: this.context.state.sheets.map((s) => {
        const w = new FakeWorksheet(this.context, () => s, false);
        w.prime(s);
        return w;
      }),
    };
  }
  get items(): FakeWorksheet[] {
    return this.get('items');
  }
  override load(p?: string | string[] | { select?: string }): this {
    // "items/name": every item comes back with all its scalar properties loaded.
    void p;
    return super.load('items');
  }
  getItem(key: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => {
      const s = this.context.state.sheet(key);
      if (!s) throw officeError('ItemNotFound', `The requested resource doesn't exist: worksheet ${key}`);
      return s;
    }, false);
  }
  getItemOrNullObject(key: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.context.state.sheet(key) ?? null, true);
  }
  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => {
      const st = this.context.state;
      return (st.activeSheetId && st.byId(st.activeSheetId)) || st.sheets[0] || null;
    }, false);
  }
  add(name?: string): FakeWorksheet {
    let created: FakeSheet | null = null;
    this.write('worksheets.add', name, () => {
      const st = this.context.state;
      let n = name;
      if (!n) {
        let i = st.sheets.length + 1;
        while (st.sheet(`Sheet${i}`)) i++;
        n = `Sheet${i}`;
      }
      if (n.length > 31 || /[[\]:*?/\\]/.test(n)) throw officeError('InvalidArgument', `Invalid sheet name ${n}`);
      created = st.addSheet(n);
    });
    return new FakeWorksheet(this.context, () => created, false);
  }
}

export class FakeWorksheet extends ClientObject {
  constructor(
    ctx: FakeContext,
    private readonly resolveSheet: SheetResolver,
    private readonly nullable: boolean,
  ) {
    super(ctx);
  }
  /** The sheet at execution time; throws for a null object used without checking isNullObject. */
  sheet(): FakeSheet {
    const s = this.resolveSheet();
    if (!s) {
      if (this.nullable) throw officeError('InvalidObjectPath', 'The object is a null object (check isNullObject before using it).');
      throw officeError('ItemNotFound', 'Worksheet not found');
    }
    return s;
  }
  prime(s: FakeSheet): void {
    for (const [k, v] of Object.entries(this.describe(s))) this.loaded.set(k, v);
  }
  private describe(s: FakeSheet) {
    return {
      name: s.name,
      id: s.id,
      position: this.context.state.sheets.indexOf(s),
      visibility: s.visibility,
    };
  }
  protected snapshot() {
    const s = this.resolveSheet();
    if (!s) {
      if (!this.nullable) throw officeError('ItemNotFound', 'Worksheet not found');
      return { isNullObject: true, name: undefined, id: undefined, position: undefined, visibility: undefined };
    }
    return { isNullObject: false, ...this.describe(s) };
  }
  get isNullObject(): boolean {
    return this.get('isNullObject');
  }
  get name(): string {
    return this.get('name');
  }
  set name(v: string) {
    this.write('name', v, () => {
      const s = this.sheet();
      const other = this.context.state.sheet(v);
      if (other && other !== s) throw officeError('ItemAlreadyExists', `A sheet named ${v} already exists.`);
      s.name = v;
    });
  }
  get id(): string {
    return this.get('id');
  }
  get position(): number {
    return this.get('position');
  }
  set position(p: number) {
    this.write('position', p, () => {
      const st = this.context.state;
      const s = this.sheet();
      st.sheets.splice(st.sheets.indexOf(s), 1);
      st.sheets.splice(Math.min(p, st.sheets.length), 0, s);
    });
  }
  get visibility(): string {
    return this.get('visibility');
  }
  set visibility(v: 'Visible' | 'Hidden' | 'VeryHidden') {
    this.write('visibility', v, () => {
      this.sheet().visibility = v;
    });
  }
  activate(): void {
    this.write('activate', null, () => {
      this.context.state.activeSheetId = this.sheet().id;
    });
  }
  delete(): void {
    this.write('delete', null, () => {
      const st = this.context.state;
      const s = this.sheet();
      if (st.sheets.filter((x) => x.visibility === 'Visible' && x !== s).length === 0) {
        throw officeError('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
      }
      st.sheets.splice(st.sheets.indexOf(s), 1);
      st.tables = st.tables.filter((t) => t.sheetId !== s.id);
      if (st.activeSheetId === s.id) st.activeSheetId = st.sheets[0]?.id ?? null;
      if (st.selection?.sheetId === s.id) st.selection = null;
    });
  }
  getRange(address?: string): FakeRange {
    return new FakeRange(this.context, () => {
      const sheet = this.sheet();
      if (!address) return { sheet, box: { row: 0, col: 0, rows: 1048576, cols: 16384 } };
      return { sheet, box: parseAddress(address).box };
    });
  }
  getRangeByIndexes(row: number, col: number, rows: number, cols: number): FakeRange {
    return new FakeRange(this.context, () => {
      if (rows < 1 || cols < 1) throw officeError('InvalidArgument', 'Range must have at least one row and column.');
      return { sheet: this.sheet(), box: { row, col, rows, cols } };
    });
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    return new FakeRange(
      this.context,
      () => {
        const sheet = this.sheet();
        const box = sheet.used(!!valuesOnly);
        return box ? { sheet, box } : null;
      },
      true,
    );
  }
  readonly freezePanes = {
    freezeRows: (n: number) =>
      this.write('freezeRows', n, () => {
        this.sheet().freeze = { rows: n, cols: 0 };
      }),
    freezeColumns: (n: number) =>
      this.write('freezeColumns', n, () => {
        this.sheet().freeze = { rows: 0, cols: n };
      }),
    freezeAt: (r: FakeRange | string) =>
      this.write('freezeAt', typeof r === 'string' ? r : 'range', () => {
        const box = typeof r === 'string' ? parseAddress(r).box : r.target().box;
        this.sheet().freeze = { rows: box.row + box.rows, cols: box.col + box.cols };
      }),
    unfreeze: () =>
      this.write('unfreeze', null, () => {
        this.sheet().freeze = { rows: 0, cols: 0 };
      }),
  };
  get protection(): FakeProtection {
    return new FakeProtection(this.context, () => this.sheet());
  }
  get tables(): FakeTableCollection {
    return new FakeTableCollection(this.context, () => this.sheet());
  }
  get notes(): FakeNoteCollection {
    if (!this.context.excel.supports('ExcelApi', '1.18')) throw new TypeError('worksheet.notes is not available before ExcelApi 1.18');
    return new FakeNoteCollection(this.context, () => this.sheet());
  }
  get pageLayout(): FakePageLayout {
    return new FakePageLayout(this.context, () => this.sheet());
  }
  get verticalPageBreaks(): FakeVerticalPageBreaks {
    if (!this.context.excel.supports('ExcelApi', '1.9')) throw new TypeError('worksheet.verticalPageBreaks is not available before ExcelApi 1.9');
    return new FakeVerticalPageBreaks(this.context, () => this.sheet());
  }
  get autoFilter(): FakeAutoFilter {
    if (!this.context.excel.supports('ExcelApi', '1.9')) throw new TypeError('worksheet.autoFilter is not available before ExcelApi 1.9');
    return new FakeAutoFilter(this.context, () => this.sheet());
  }
}

/** Worksheet.autoFilter (ExcelApi 1.9): enabled, isDataFiltered and its range; apply(range) sets the range, criteria are not modelled. */
export class FakeAutoFilter extends ClientObject {
  constructor(
    ctx: FakeContext,
    private readonly sheet: () => FakeSheet,
  ) {
    super(ctx);
  }
  protected snapshot() {
    const f = this.sheet().autoFilter;
    return { enabled: !!f, isDataFiltered: !!f?.filtered };
  }
  get enabled(): boolean {
    return this.get('enabled');
  }
  get isDataFiltered(): boolean {
    return this.get('isDataFiltered');
  }
  /** The filter put on `range` (header row first), no criteria: what a generated sheet gets. */
  apply(range: FakeRange | string): void {
    this.write('autoFilter.apply', typeof range === 'string' ? range : 'range', () => {
      const box = typeof range === 'string' ? parseAddress(range).box : range.target().box;
      this.sheet().autoFilter = { box, filtered: false };
    });
  }
  getRangeOrNullObject(): FakeRange {
    return new FakeRange(
      this.context,
      () => {
        const sheet = this.sheet();
        return sheet.autoFilter ? { sheet, box: sheet.autoFilter.box } : null;
      },
      true,
    );
  }
}

export class FakeProtection extends ClientObject {
  constructor(
    ctx: FakeContext,
    private readonly sheet: () => FakeSheet,
  ) {
    super(ctx);
  }
  protected snapshot() {
    const p = this.sheet().protection;
    return { protected: p.protected, options: { allowFormatCells: !!p.allowFormatCells, allowEditObjects: !!p.allowEditObjects } };
  }
  get protected(): boolean {
    return this.get('protected');
  }
  get options(): { allowFormatCells: boolean; allowEditObjects: boolean } {
    return this.get('options');
  }
  protect(options?: { allowFormatCells?: boolean; allowEditObjects?: boolean }, password?: string): void {
    this.write('protect', { options, password: password ? '***' : undefined }, () => {
      const s = this.sheet();
      if (s.protection.protected) throw officeError('InvalidOperation', 'The worksheet is already protected.');
      s.protection = { protected: true, password: password ?? null, allowFormatCells: !!options?.allowFormatCells, allowEditObjects: !!options?.allowEditObjects };
    });
  }
  unprotect(password?: string): void {
    this.write('unprotect', null, () => {
      const s = this.sheet();
      if (s.protection.password && s.protection.password !== password) throw officeError('InvalidArgument', 'The password is incorrect.');
      s.protection = { protected: false, password: null };
    });
  }
}

/** A client object that reads and sets the sheet's print settings (FakeSheet.page). */
abstract class FakePageObject extends ClientObject {
  constructor(
    ctx: FakeContext,
    protected readonly sheet: () => FakeSheet,
  ) {
    super(ctx);
  }
  /** Queues setting one print setting, as Office.js queues a property set until sync. */
  protected setPage<K extends keyof FakeSheet['page']>(key: K, v: FakeSheet['page'][K], args: unknown = v): void {
    this.write(key, args, () => {
      this.sheet().page[key] = v;
    });
  }
}

export class FakePageLayout extends FakePageObject {
  protected snapshot() {
    const p = this.sheet().page;
    return { orientation: p.orientation, paperSize: p.paperSize };
  }
  set orientation(v: string) {
    this.setPage('orientation', v);
  }
  set paperSize(v: string) {
    this.setPage('paperSize', v);
  }
  set zoom(v: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number }) {
    this.write('zoom', v, () => {
      const p = this.sheet().page;
      p.fitToWidth = v.horizontalFitToPages === 1;
      p.scale = v.scale ?? null;
    });
  }
  set printOrder(v: string) {
    this.setPage('printOrder', v);
  }
  set leftMargin(v: number) {
    this.setMargin('left', v);
  }
  set rightMargin(v: number) {
    this.setMargin('right', v);
  }
  set topMargin(v: number) {
    this.setMargin('top', v);
  }
  set bottomMargin(v: number) {
    this.setMargin('bottom', v);
  }
  set headerMargin(v: number) {
    this.setMargin('header', v);
  }
  set footerMargin(v: number) {
    this.setMargin('footer', v);
  }
  set centerHorizontally(v: boolean) {
    this.setPage('centerHorizontally', v);
  }
  private setMargin(side: keyof FakeSheet['page']['margins'], v: number): void {
    this.write(`${side}Margin`, v, () => {
      if (!(v >= 0)) throw officeError('InvalidArgument', `A margin is points, 0 or more: ${v}`);
      this.sheet().page.margins[side] = v;
    });
  }
  setPrintTitleRows(rows: string): void {
    this.write('setPrintTitleRows', rows, () => {
      this.sheet().page.titleRows = rows;
    });
  }
  setPrintTitleColumns(columns: string): void {
    this.write('setPrintTitleColumns', columns, () => {
      // "The range must span the entire column."
      if (!/^\$?[A-Z]+:\$?[A-Z]+$/.test(columns)) throw officeError('InvalidArgument', `Not whole columns: ${columns}`);
      this.sheet().page.titleColumns = columns;
    });
  }
  get headersFooters(): { defaultForAllPages: FakeHeaderFooter } {
    return { defaultForAllPages: new FakeHeaderFooter(this.context, this.sheet) };
  }
}

/** Worksheet.verticalPageBreaks (ExcelApi 1.9): add(range) puts a manual break before the range's first column. */
export class FakeVerticalPageBreaks extends FakePageObject {
  protected snapshot() {
    return { count: this.sheet().page.columnBreaks.length };
  }
  add(range: FakeRange | string): void {
    this.write('verticalPageBreaks.add', typeof range === 'string' ? range : 'range', () => {
      const col = (typeof range === 'string' ? parseAddress(range).box : range.target().box).col;
      const breaks = this.sheet().page.columnBreaks;
      if (col > 0 && !breaks.includes(col)) breaks.push(col);
      breaks.sort((a, b) => a - b);
    });
  }
}

/** The sections of a sheet's page header and footer that the add-in sets (ExcelApi 1.9). */
export class FakeHeaderFooter extends FakePageObject {
  protected snapshot() {
    const p = this.sheet().page;
    return { leftHeader: p.leftHeader, centerFooter: p.centerFooter };
  }
  set leftHeader(v: string) {
    this.setPage('leftHeader', v);
  }
  set centerFooter(v: string) {
    this.setPage('centerFooter', v);
  }
}

/* ------------------------------------------------------------------- notes */

export class FakeNoteCollection extends ClientObject {
  constructor(
    ctx: FakeContext,
    private readonly sheet: () => FakeSheet,
  ) {
    super(ctx);
  }
  protected snapshot() {
    const sheet = this.sheet();
    return {
      count: sheet.notes.size,
      // "items/content": each note comes back with its content loaded.
      items: [...sheet.notes.keys()].map((key) => {
        const n = new FakeNote(this.context, () => (sheet.notes.has(key) ? { sheet, key } : null), false);
        n.prime(sheet.notes.get(key)!);
        return n;
      }),
    };
  }
  get items(): FakeNote[] {
    return this.get('items');
  }
  override load(p?: string | string[] | { select?: string }): this {
    const names = normaliseLoad(p);
    return super.load(names.some((n) => n.startsWith('items')) ? 'items' : names);
  }
  add(cellAddress: string | FakeRange, content: string): FakeNote {
    let key = '';
    this.write('notes.add', { cellAddress: typeof cellAddress === 'string' ? cellAddress : 'range', content }, () => {
      const s = this.sheet();
      refuseObjectsIfProtected(s);
      const box = typeof cellAddress === 'string' ? parseAddress(cellAddress).box : cellAddress.target().box;
      if (box.rows !== 1 || box.cols !== 1) throw officeError('InvalidArgument', 'A note goes on one cell.');
      key = cellAddress_(box);
      if (s.notes.has(key)) throw officeError('InvalidArgument', `The cell ${key} already has a note.`);
      s.notes.set(key, content);
    });
    return new FakeNote(this.context, () => ({ sheet: this.sheet(), key }), false);
  }
  getItemOrNullObject(address: string): FakeNote {
    return new FakeNote(
      this.context,
      () => {
        const s = this.sheet();
        const key = cellAddress_(parseAddress(address).box);
        return s.notes.has(key) ? { sheet: s, key } : null;
      },
      true,
    );
  }
}

/** Notes are objects: a protected sheet takes them only when it allows editing objects. */
function refuseObjectsIfProtected(s: FakeSheet): void {
  if (s.protection.protected && !s.protection.allowEditObjects) throw officeError('AccessDenied', 'Cannot edit objects on a protected sheet.');
}

function cellAddress_(box: Box): string {
  return cellAddress(box.row, box.col);
}

export class FakeNote extends ClientObject {
  constructor(
    ctx: FakeContext,
    private readonly resolveNote: () => { sheet: FakeSheet; key: string } | null,
    private readonly nullable: boolean,
  ) {
    super(ctx);
  }
  private note() {
    const n = this.resolveNote();
    if (!n) throw officeError(this.nullable ? 'InvalidObjectPath' : 'ItemNotFound', 'Note not found');
    return n;
  }
  protected snapshot() {
    const n = this.resolveNote();
    if (!n) return { isNullObject: true, content: undefined };
    return { isNullObject: false, content: n.sheet.notes.get(n.key) };
  }
  prime(content: string): void {
    this.loaded.set('isNullObject', false);
    this.loaded.set('content', content);
  }
  /** Note.getLocation: the cell the note is on (a range of its own: it stays valid if the note is then deleted). */
  getLocation(): FakeRange {
    let at: RangeTarget | null = null;
    return new FakeRange(this.context, () => {
      if (!at) {
        const n = this.note();
        at = { sheet: n.sheet, box: parseAddress(n.key).box };
      }
      return at;
    });
  }
  get isNullObject(): boolean {
    return this.get('isNullObject');
  }
  get content(): string {
    return this.get('content');
  }
  set content(text: string) {
    this.write('note.content', text, () => {
      const n = this.note();
      refuseObjectsIfProtected(n.sheet);
      n.sheet.notes.set(n.key, text);
    });
  }
  delete(): void {
    this.write('note.delete', null, () => {
      const n = this.note();
      refuseObjectsIfProtected(n.sheet);
      n.sheet.notes.delete(n.key);
    });
  }
}

/* ------------------------------------------------------------------ tables */

export class FakeTableCollection extends ClientObject {
  constructor(
    ctx: FakeContext,
    private readonly sheet: (() => FakeSheet) | null,
  ) {
    super(ctx);
  }
  private list(): FakeTable[] {
    const st = this.context.state;
    if (!this.sheet) return st.tables;
    const id = this.sheet().id;
    return st.tables.filter((t) => t.sheetId === id);
  }
  protected snapshot() {
    return {
      items: this.list().map((t) => {
        const tb = new FakeTableObject(this.context, () => t, false);
        tb.prime(t);
        return tb;
      }),
    };
  }
  get items(): FakeTableObject[] {
    return this.get('items');
  }
  override load(p?: string | string[] | { select?: string }): this {
    void p;
    return super.load('items');
  }
  add(address: string | FakeRange, hasHeaders: boolean): FakeTableObject {
    let made: FakeTable | null = null;
    this.write('tables.add', { address: typeof address === 'string' ? address : 'range', hasHeaders }, () => {
      const st = this.context.state;
      let sheet: FakeSheet;
      let box: Box;
      if (typeof address === 'string') {
        const p = parseAddress(address);
        sheet = p.sheet ? st.sheet(p.sheet)! : this.sheet ? this.sheet() : st.byId(st.activeSheetId!)!;
        box = p.box;
      } else ({ sheet, box } = address.target());
      if (!hasHeaders) throw officeError('NotImplemented', 'fake: tables without headers are not modelled');
      if (box.rows < 2) throw officeError('InvalidArgument', 'A table needs a header row and at least one data row.');
      for (const t of st.tables) {
        if (t.sheetId === sheet.id && overlaps(t.box, box)) throw officeError('InvalidOperation', 'Tables cannot overlap.');
      }
      let i = st.tables.length + 1;
      while (st.tables.some((t) => t.name === `Table${i}`)) i++;
      made = { name: `Table${i}`, sheetId: sheet.id, box, style: 'TableStyleMedium2' };
      st.tables.push(made);
    });
    return new FakeTableObject(this.context, () => made, false);
  }
  getItemOrNullObject(name: string): FakeTableObject {
    return new FakeTableObject(this.context, () => this.list().find((t) => t.name === name) ?? null, true);
  }
}

function overlaps(a: Box, b: Box): boolean {
  return a.row < b.row + b.rows && b.row < a.row + a.rows && a.col < b.col + b.cols && b.col < a.col + a.cols;
}

export class FakeTableObject extends ClientObject {
  constructor(
    ctx: FakeContext,
    private readonly resolveTable: () => FakeTable | null,
    private readonly nullable: boolean,
  ) {
    super(ctx);
  }
  private table(): FakeTable {
    const t = this.resolveTable();
    if (!t) throw officeError(this.nullable ? 'InvalidObjectPath' : 'ItemNotFound', 'Table not found');
    return t;
  }
  prime(t: FakeTable): void {
    this.loaded.set('name', t.name);
    this.loaded.set('style', t.style);
  }
  protected snapshot() {
    const t = this.resolveTable();
    if (!t) return { isNullObject: true, name: undefined, style: undefined };
    return { isNullObject: false, name: t.name, style: t.style };
  }
  get isNullObject(): boolean {
    return this.get('isNullObject');
  }
  get name(): string {
    return this.get('name');
  }
  set name(v: string) {
    this.write('table.name', v, () => {
      if (!/^[A-Za-z_\u4e00-\u9fff][\w.\u4e00-\u9fff]*$/.test(v)) throw officeError('InvalidArgument', `Invalid table name ${v}`);
      if (this.context.state.tables.some((t) => t.name === v && t !== this.table())) throw officeError('ItemAlreadyExists', v);
      this.table().name = v;
    });
  }
  set style(v: string) {
    this.write('table.style', v, () => {
      this.table().style = v;
    });
  }
  getRange(): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this.table();
      return { sheet: this.context.state.byId(t.sheetId)!, box: t.box };
    });
  }
}

/* ---------------------------------------------------------------- settings */

export class FakeSettingCollection extends ClientObject {
  protected snapshot() {
    return {};
  }
  add(key: string, value: unknown): void {
    this.write('settings.add', { key, value }, () => {
      this.context.state.settings.set(key, JSON.parse(JSON.stringify(value)));
    });
  }
  getItemOrNullObject(key: string): FakeSetting {
    return new FakeSetting(this.context, key);
  }
}

export class FakeSetting extends ClientObject {
  constructor(
    ctx: FakeContext,
    private readonly key: string,
  ) {
    super(ctx);
  }
  protected snapshot() {
    const st = this.context.state.settings;
    if (!st.has(this.key)) return { isNullObject: true, value: undefined, key: undefined };
    return { isNullObject: false, value: JSON.parse(JSON.stringify(st.get(this.key))), key: this.key };
  }
  get isNullObject(): boolean {
    return this.get('isNullObject');
  }
  get value(): unknown {
    return this.get('value');
  }
  delete(): void {
    this.write('setting.delete', this.key, () => {
      if (!this.context.state.settings.delete(this.key)) throw officeError('InvalidObjectPath', 'null object');
    });
  }
}

/* ------------------------------------------------------------------ ranges */

type RangeTarget = { sheet: FakeSheet; box: Box };

/**
 * A range's fill, loadable as in Office.js: `color` is '#RRGGBB', '#FFFFFF' for a cell without
 * fill (Excel does not tell the two apart), null when the cells of the range differ.
 */
class FakeRangeFill extends ClientObject {
  constructor(
    ctx: FakeContext,
    private readonly range: FakeRange,
  ) {
    super(ctx);
  }
  protected snapshot() {
    const { sheet, box } = this.range.target();
    const colors = new Set<string>();
    for (let r = 0; r < box.rows; r++) for (let c = 0; c < box.cols; c++) colors.add(sheet.cell(box.row + r, box.col + c)?.fill ?? '#FFFFFF');
    return { color: colors.size === 1 ? [...colors][0] : null };
  }
  get color(): string | null {
    return this.get('color');
  }
  // A protected sheet takes fills only when it allows formatting cells (Excel's allowFormatCells).
  set color(v: string) {
    this.range.setEach('format.fill.color', v, (c) => (c.fill = excelColor(v)), 'cells');
  }
  clear(): void {
    this.range.setEach('format.fill.clear', null, (c) => delete c.fill, 'cells');
  }
}

/**
 * A RangeAreas whose `areas` come back with their positions loaded: the selection
 * (getSelectedRanges), or the merged areas of a range (getMergedAreasOrNullObject: a null object
 * when there are none, which `boxes` says by returning null).
 */
export class FakeAreas extends ClientObject {
  constructor(
    ctx: FakeContext,
    private readonly boxes: () => Box[] | null,
  ) {
    super(ctx);
  }
  protected snapshot() {
    const boxes = this.boxes();
    if (!boxes) return { isNullObject: true };
    return { isNullObject: false, areas: { items: boxes.map((b) => ({ rowIndex: b.row, columnIndex: b.col, rowCount: b.rows, columnCount: b.cols })) } };
  }
  override load(p?: string | string[] | { select?: string }): this {
    // "areas/items/rowIndex,…": the areas come back with their positions loaded.
    void p;
    return super.load('areas');
  }
  get isNullObject(): boolean {
    return this.get('isNullObject');
  }
  get areas(): { items: { rowIndex: number; columnIndex: number; rowCount: number; columnCount: number }[] } {
    return this.get('areas');
  }
}

export class FakeRange extends ClientObject {
  constructor(
    ctx: FakeContext,
    private readonly resolveTarget: () => RangeTarget | null,
    private readonly nullable = false,
  ) {
    super(ctx);
  }
  target(): RangeTarget {
    const t = this.resolveTarget();
    if (!t) throw officeError('InvalidObjectPath', 'The object is a null object (check isNullObject before using it).');
    return t;
  }
  protected snapshot(wanted?: ReadonlySet<string>) {
    const t = this.resolveTarget();
    if (!t) {
      if (!this.nullable) throw officeError('ItemNotFound', 'Range not found');
      return { isNullObject: true };
    }
    const { sheet, box } = t;
    const want = (k: string) => !wanted || wanted.has(k);
    const grids = ['values', 'formulas', 'numberFormat', 'valueTypes'].filter(want).length;
    if (grids > 0 && box.rows * box.cols > 5_000_000) throw officeError('ResponsePayloadSizeLimitExceeded', 'Range too large to load.');
    let hidden = 0;
    if (want('rowHidden')) for (let r = 0; r < box.rows; r++) if (sheet.hiddenRows.has(box.row + r)) hidden++;
    return {
      isNullObject: false,
      address: `${sheet.name}!${rangeAddress(box.row, box.col, box.rows, box.cols)}`,
      // Office.js: true when every row is hidden, false when none is, null when some are.
      rowHidden: want('rowHidden') ? (hidden === 0 ? false : hidden === box.rows ? true : null) : undefined,
      rowIndex: box.row,
      columnIndex: box.col,
      rowCount: box.rows,
      columnCount: box.cols,
      // Grids only when asked for (the fake's own time is reported apart from the add-in's).
      values: want('values') ? checkedResponse(sheet.values(box)) : undefined,
      formulas: want('formulas') ? this.grid(box, sheet, (c) => c?.f ?? c?.v ?? '') : undefined,
      numberFormat: want('numberFormat') ? this.grid(box, sheet, (c) => c?.nf ?? 'General') : undefined,
      valueTypes: want('valueTypes') ? this.grid(box, sheet, valueTypeOf) : undefined,
    };
  }
  private grid<T>(box: Box, sheet: FakeSheet, f: (c: FakeCell | undefined) => T): T[][] {
    const out: T[][] = [];
    for (let r = 0; r < box.rows; r++) {
      const line: T[] = [];
      for (let c = 0; c < box.cols; c++) line.push(f(sheet.cell(box.row + r, box.col + c)));
      out.push(line);
    }
    return out;
  }
  get isNullObject(): boolean {
    return this.get('isNullObject');
  }
  get address(): string {
    return this.get('address');
  }
  get rowIndex(): number {
    return this.get('rowIndex');
  }
  get rowHidden(): boolean | null {
    return this.get('rowHidden');
  }
  get columnIndex(): number {
    return this.get('columnIndex');
  }
  get rowCount(): number {
    return this.get('rowCount');
  }
  get columnCount(): number {
    return this.get('columnCount');
  }
  get values(): (string | number | boolean)[][] {
    return this.get('values');
  }
  set values(v: (string | number | boolean | null)[][]) {
    this.write('values', v, () => {
      const { sheet, box } = this.target();
      checkDims(box, v, 'values');
      this.checkWritable(sheet, box);
      v.forEach((row, r) =>
        row.forEach((x, c) => {
          if (x === null) return; // null leaves the cell as it is
          coerce(sheet.ensure(box.row + r, box.col + c), x);
        }),
      );
    });
  }
  get formulas(): unknown[][] {
    return this.get('formulas');
  }
  get valueTypes(): string[][] {
    return this.get('valueTypes');
  }
  get numberFormat(): string[][] {
    return this.get('numberFormat');
  }
  set numberFormat(v: (string | null)[][]) {
    this.write('numberFormat', v, () => {
      const { sheet, box } = this.target();
      checkDims(box, v, 'numberFormat');
      v.forEach((row, r) =>
        row.forEach((x, c) => {
          if (x !== null) sheet.ensure(box.row + r, box.col + c).nf = x;
        }),
      );
    });
  }
  private checkWritable(sheet: FakeSheet, box: Box): void {
    if (!sheet.protection.protected) return;
    this.each(box, sheet, (cell) => {
      if (!cell.unlocked) throw officeError('AccessDenied', 'The cell or chart you are trying to change is on a protected sheet.');
    });
  }
  private each(box: Box, sheet: FakeSheet, f: (cell: FakeCell) => void): void {
    for (let r = 0; r < box.rows; r++) for (let c = 0; c < box.cols; c++) f(sheet.ensure(box.row + r, box.col + c));
  }
  /** Queues `f` for every cell of the range (used by the range's format objects too). */
  /** `formatting`: true, refused on any protected sheet; 'cells', refused unless the protection allows formatting cells. */
  setEach(name: string, value: unknown, f: (cell: FakeCell) => void, formatting: boolean | 'cells' = true): void {
    this.write(name, value, () => {
      const { sheet, box } = this.target();
      const p = sheet.protection;
      if (p.protected && (formatting === true || (formatting === 'cells' && !p.allowFormatCells))) throw officeError('AccessDenied', 'Cannot format cells on a protected sheet.');
      if (box.rows * box.cols > 2_000_000) throw officeError('NotImplemented', 'fake: whole-sheet formatting is not modelled');
      this.each(box, sheet, f);
    });
  }
  get worksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.target().sheet, false);
  }
  getCell(row: number, col: number): FakeRange {
    return new FakeRange(this.context, () => {
      const { sheet, box } = this.target();
      return { sheet, box: { row: box.row + row, col: box.col + col, rows: 1, cols: 1 } };
    });
  }
  select(): void {
    this.write('select', null, () => {
      const { sheet, box } = this.target();
      const st = this.context.state;
      st.activeSheetId = sheet.id;
      st.selection = { sheetId: sheet.id, box };
    });
  }
  getMergedAreasOrNullObject(): FakeAreas {
    if (!this.context.excel.supports('ExcelApi', '1.13')) throw new TypeError('Range.getMergedAreasOrNullObject is not available before ExcelApi 1.13');
    return new FakeAreas(this.context, () => {
      const { sheet, box } = this.target();
      const hits = sheet.merges.filter((m) => overlaps(m, box));
      return hits.length ? hits : null;
    });
  }
  merge(across?: boolean): void {
    this.write('merge', across ?? false, () => {
      const { sheet, box } = this.target();
      if (sheet.merges.some((m) => overlaps(m, box))) throw officeError('InvalidOperation', 'Cannot merge overlapping ranges.');
      sheet.merges.push(box);
    });
  }
  clear(): void {
    this.write('clear', null, () => {
      const { sheet, box } = this.target();
      this.checkWritable(sheet, box);
      for (let r = 0; r < box.rows; r++) {
        const row = sheet.rows[box.row + r];
        if (!row) continue;
        for (let c = 0; c < box.cols; c++) delete row[box.col + c];
      }
    });
  }
  readonly format = ((range: FakeRange) => ({
    fill: new FakeRangeFill(range.context, range),
    font: {
      set bold(v: boolean) {
        range.setEach('format.font.bold', v, (c) => (c.bold = v));
      },
      set color(v: string) {
        range.setEach('format.font.color', v, (c) => (c.color = excelColor(v)));
      },
      set size(v: number) {
        range.setEach('format.font.size', v, (c) => (c.size = v));
      },
    },
    set horizontalAlignment(v: string) {
      range.setEach('format.horizontalAlignment', v, (c) => (c.align = v));
    },
    set wrapText(v: boolean) {
      range.setEach('format.wrapText', v, (c) => (c.wrap = v));
    },
    set columnWidth(v: number) {
      range.write('format.columnWidth', v, () => {
        const { sheet, box } = range.target();
        for (let c = 0; c < box.cols; c++) sheet.columnWidths.set(box.col + c, v);
      });
    },
    set rowHeight(v: number) {
      range.write('format.rowHeight', v, () => {
        const { sheet, box } = range.target();
        for (let r = 0; r < box.rows; r++) sheet.rowHeights.set(box.row + r, v);
      });
    },
    protection: {
      set locked(v: boolean) {
        range.setEach('format.protection.locked', v, (c) => (c.unlocked = !v));
      },
    },
    borders: {
      getItem(_edge: string) {
        return {
          set style(v: string) {
            range.setEach('format.borders.style', v, (c) => (c.border = v !== 'None'));
          },
        };
      },
    },
  }))(this);
  readonly dataValidation = ((range: FakeRange) => {
    const pending: { list?: string[]; ignoreBlanks?: boolean; errorMessage?: string | null } = {};
    const apply = () => {
      const { sheet, box } = range.target();
      const existing = sheet.validations.find((v) => v.box.row === box.row && v.box.col === box.col && v.box.rows === box.rows && v.box.cols === box.cols);
      const v = existing ?? { box, list: [], ignoreBlanks: true, errorMessage: null };
      if (pending.list) v.list = pending.list;
      if (pending.ignoreBlanks !== undefined) v.ignoreBlanks = pending.ignoreBlanks;
      if (pending.errorMessage !== undefined) v.errorMessage = pending.errorMessage;
      if (!existing) {
        if (sheet.validations.some((o) => overlaps(o.box, box))) throw officeError('InvalidOperation', 'fake: overlapping data validation; clear first');
        sheet.validations.push(v);
      }
    };
    return {
      clear() {
        range.write('dataValidation.clear', null, () => {
          const { sheet, box } = range.target();
          sheet.validations = sheet.validations.filter((v) => !overlaps(v.box, box));
        });
      },
      set rule(r: { list?: { inCellDropDown: boolean; source: string } }) {
        range.write('dataValidation.rule', r, () => {
          if (!r.list) throw officeError('NotImplemented', 'fake: only list validation is modelled');
          if (r.list.source.length > 255) throw officeError('InvalidArgument', 'A list source is limited to 255 characters.');
          pending.list = r.list.source.split(',');
          apply();
        });
      },
      set ignoreBlanks(b: boolean) {
        range.write('dataValidation.ignoreBlanks', b, () => {
          pending.ignoreBlanks = b;
          apply();
        });
      },
      set errorAlert(a: { message?: string; showAlert?: boolean; style?: string; title?: string }) {
        range.write('dataValidation.errorAlert', a, () => {
          pending.errorMessage = a.message ?? null;
          apply();
        });
      },
    };
  })(this);
  readonly conditionalFormats = ((range: FakeRange) => ({
    add(type: string) {
      if (type !== 'Custom') throw officeError('NotImplemented', 'fake: only custom conditional formats are modelled');
      const cf: FakeConditionalFormat = { box: { row: 0, col: 0, rows: 1, cols: 1 }, formula: '', fill: null, bold: null, color: null };
      range.write('conditionalFormats.add', type, () => {
        cf.box = range.target().box;
        range.target().sheet.conditionalFormats.push(cf);
      });
      return {
        custom: {
          rule: {
            set formula(f: string) {
              range.write('cf.formula', f, () => (cf.formula = f));
            },
          },
          format: {
            fill: {
              set color(c: string) {
                range.write('cf.fill', c, () => (cf.fill = excelColor(c)));
              },
            },
            font: {
              set bold(b: boolean) {
                range.write('cf.bold', b, () => (cf.bold = b));
              },
              set color(c: string) {
                range.write('cf.color', c, () => (cf.color = excelColor(c)));
              },
            },
          },
        },
      };
    },
    clearAll() {
      range.write('conditionalFormats.clearAll', null, () => {
        const { sheet, box } = range.target();
        sheet.conditionalFormats = sheet.conditionalFormats.filter((c) => !overlaps(c.box, box));
      });
    },
  }))(this);
}

/** Excel on the web refuses a response over 5 MB too. */
function checkedResponse<T>(grid: T[][]): T[][] {
  let bytes = 0;
  for (const row of grid) for (const v of row) bytes += typeof v === 'string' ? utf8Bytes(v) + 3 : 8;
  if (bytes > PAYLOAD_LIMIT_BYTES) throw officeError('ResponsePayloadSizeLimitExceeded', `The response payload size (${bytes} bytes) has exceeded the limit.`);
  return grid;
}

function checkDims(box: Box, v: unknown[][], what: string): void {
  if (!Array.isArray(v) || v.length !== box.rows || v.some((r) => !Array.isArray(r) || r.length !== box.cols)) {
    throw officeError(
      'InvalidArgument',
      `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${what}: ${box.rows}×${box.cols}).`,
    );
  }
}

/* ------------------------------------------------------------------- entry */

export interface FakeExcelOptions {
  /** Highest ExcelApi version this "Excel" supports (default 1.18). */
  excelApi?: string;
  displayLanguage?: string;
  /** The workbook uses the 1904 date system (default: 1900). */
  date1904?: boolean;
}

function versionAtLeast(have: string, want: string): boolean {
  const [a1, a2 = 0] = have.split('.').map(Number);
  const [b1, b2 = 0] = want.split('.').map(Number);
  return a1 > b1 || (a1 === b1 && a2 >= b2);
}

export class FakeExcel {
  state = new FakeWorkbookState();
  stats: FakeStats = { runs: 0, syncs: 0, hostMs: 0, requests: [], delayForCellEdit: [], writes: {} };
  excelApi: string;
  displayLanguage: string;
  constructor(opts: FakeExcelOptions = {}) {
    this.excelApi = opts.excelApi ?? '1.18';
    this.displayLanguage = opts.displayLanguage ?? 'zh-CN';
    this.state.date1904 = opts.date1904 ?? false;
    this.state.addSheet('Sheet1');
  }
  supports(name: string, version: string): boolean {
    return name === 'ExcelApi' && versionAtLeast(this.excelApi, version);
  }
  resetStats(): void {
    this.stats = { runs: 0, syncs: 0, hostMs: 0, requests: [], delayForCellEdit: [], writes: {} };
  }
  /** Excel.run: a fresh context; whatever is still queued when the batch returns is synced. */
  async run<T>(options: { delayForCellEdit?: boolean }, batch: (ctx: FakeContext) => Promise<T>): Promise<T> {
    this.stats.runs++;
    this.stats.delayForCellEdit.push(!!options.delayForCellEdit);
    const ctx = new FakeContext(this);
    const result = await batch(ctx);
    if (ctx.queue.length > 0) await ctx.sync();
    return result;
  }
  /** Largest request payload so far, in bytes. */
  get maxRequestBytes(): number {
    return this.stats.requests.reduce((m, r) => Math.max(m, r.bytes), 0);
  }

  /* ---- direct access for tests and the preview (not part of the Office.js surface) ---- */
  sheetNames(): string[] {
    return this.state.sheets.map((s) => s.name);
  }
  sheet(name: string): FakeSheet {
    const s = this.state.sheet(name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }
  /** Puts plain values into a sheet (creating it), as if a person had typed or pasted them. */
  seed(sheetName: string, topLeft: { row: number; col: number }, values: (string | number | boolean | null)[][]): FakeSheet {
    const s = this.state.sheet(sheetName) ?? this.state.addSheet(sheetName);
    values.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v === null || v === '') return;
        s.ensure(topLeft.row + r, topLeft.col + c).v = v;
      }),
    );
    return s;
  }
  /** Selects `box`, or several areas (Ctrl-click): the last is the active one. */
  select(sheetName: string, box: Box | Box[]): void {
    const s = this.sheet(sheetName);
    const areas = Array.isArray(box) ? box : [box];
    this.state.selection = { sheetId: s.id, box: areas[areas.length - 1], ...(areas.length > 1 ? { areas } : {}) };
    this.state.activeSheetId = s.id;
  }
  colLetter(i: number): string {
    return colLetters(i);
  }
}
