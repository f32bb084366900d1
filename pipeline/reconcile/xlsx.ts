import * as fs from 'node:fs';
import { once } from 'node:events';
import type { TransformOptions } from 'node:stream';
import * as zlib from 'node:zlib';
import { ByteChunks, decimalDigits, writeDigits } from '../io/byteChunks';
import { EXCEL_MAX_CELL_CHARS, safeText, startsLikeFormula } from '../io/safeCell';
import { NEEDS_X_ESCAPE, escapeXString } from '../io/xString';
import { FIXED_DOS_DATE, FIXED_DOS_TIME } from '../io/zipDates';
import { PAGE_NUMBERS, headerText } from '../../domain/sheets/layout';
import { linesHeight, wrappedLines } from '../../domain/sheets/wrap';

/**
 * A lean streaming XLSX writer for the reconciliation report. exceljs' streaming writer measured
 * ~14,000 rows/s (100,000 rows × 16 cells: 7 s CPU, 12.7 s with column styles) — far too slow for a
 * month of a million pairs — so the report is written as SpreadsheetML directly: inline strings
 * (a small shared-strings table for the columns whose few texts repeat on every row), a fixed
 * style table, one deflate stream per sheet, a ZIP with data descriptors. It writes what the
 * report needs and nothing else: real numbers and dates, ¥ and date formats, frozen header rows,
 * autofilter, column widths, A4 landscape fit-to-width with repeated header rows, a page header and
 * page numbers, hidden sheets and formulas. Text is always written as text (never a formula), with XML-illegal characters removed,
 * and a text holding `_xHHHH_` or a carriage return as Excel writes it (escapeXString), so that it reads back as it was.
 */

/** Cell styles (indexes into cellXfs below). */
export const S = {
  text: 0,
  header: 1,
  money: 2,
  date: 3,
  pct: 4,
  bold: 5,
  boldMoney: 6,
  input: 7,
  title: 8,
  int: 9,
  /** Text format "@": input text that starts like a formula stays text even when edited in Excel. */
  literal: 10,
  /** Text wrapped within the column's width: the row grows instead of the text being cut off or running on. */
  wrap: 11,
  /** S.wrap in the text format "@" (as S.literal is to S.text). */
  wrapLiteral: 12,
  /** Text set in from the left: beside a right-aligned figure it would start where the figure ends and read as one with it. */
  indent: 13,
} as const;
export type StyleId = (typeof S)[keyof typeof S];

export type XCell = string | number | Date | null | undefined | { formula: string; result?: number | string };

export interface XColumn {
  width: number;
  style?: StyleId;
  /**
   * The column holds a few texts repeated on many rows (a rule name, a file name, flags): each is
   * written once in the shared-strings table and the cells refer to it by number. Never for text
   * that differs row by row (names, memos, references): that would only grow the table.
   */
  shared?: boolean;
}

export interface XSheetOptions {
  name: string;
  cols: XColumn[];
  /** Rows frozen at the top (and repeated on each printed page). */
  freezeRows?: number;
  /** Put an autofilter on header row 1 over every column. */
  autoFilter?: boolean;
  orientation?: 'landscape' | 'portrait';
  state?: 'visible' | 'hidden' | 'veryHidden';
  /**
   * A sheet too wide for one page printed as several pages across, each legible, instead of the
   * whole width shrunk onto one: a page starts after each column in `breaksAfter` (0-based), the
   * first `titleCols` columns and the frozen header rows are repeated on every page, and every page
   * is printed at `scale` percent. Without it the sheet is fitted to one page's width.
   */
  print?: { breaksAfter: number[]; titleCols: number; scale: number };
  /**
   * Printed at the top left of every page (the sheet's name at the right, page numbers in the
   * footer), so a loose page of a signed printout still says which report and period it is from.
   * The workbook's own (XlsxWriter) when not given.
   */
  pageHeader?: string;
}

const FONT = 'Microsoft YaHei';

// Every cell is centred vertically, as the generated sheets' are (pipeline/render): in a row made tall
// by a wrapped explanation, bottom-aligned cells sat against the next row's top and read as part of it.
const STYLES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="2"><numFmt numFmtId="164" formatCode="¥#,##0.00"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></numFmts>' +
  `<fonts count="3"><font><sz val="10"/><name val="${FONT}"/><charset val="134"/></font><font><b/><sz val="10"/><name val="${FONT}"/><charset val="134"/></font><font><b/><sz val="14"/><name val="${FONT}"/><charset val="134"/></font></fonts>` +
  '<fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" applyAlignment="1"><alignment vertical="center"/></xf></cellStyleXfs>' +
  '<cellXfs count="14">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="center"/></xf>' +
  '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="center"/></xf>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="center"/></xf>' +
  '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="center"/></xf>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="center"/></xf>' +
  '<xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyAlignment="1"><alignment vertical="center"/></xf>' +
  '<xf numFmtId="164" fontId="0" fillId="3" borderId="0" xfId="0" applyNumberFormat="1" applyFill="1" applyAlignment="1"><alignment vertical="center"/></xf>' +
  '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="center"/></xf>' +
  '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="center"/></xf>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="center"/></xf>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="left" indent="1" vertical="center"/></xf>' +
  '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

// eslint-disable-next-line no-control-regex
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;
const ESC = /[&<>"]/;

/** What scanText found: a character xmlText replaces or escapes (control characters other than tab, LF and CR; & < > "; U+FFFE, U+FFFF, surrogates). */
const XML_WORK = 1;
/** What scanText found: `_` or a carriage return, without which a text cannot need the `_xHHHH_` escape (NEEDS_X_ESCAPE). */
const X_MAYBE = 2;

/** Per ASCII code unit, what scanText reports for it (XML_WORK, X_MAYBE or 0). */
const ASCII_NEEDS_WORK = new Uint8Array(128);
for (let c = 0; c < 32; c++) if (c !== 9 && c !== 10 && c !== 13) ASCII_NEEDS_WORK[c] = XML_WORK;
for (const ch of '&<>"') ASCII_NEEDS_WORK[ch.charCodeAt(0)] = XML_WORK;
ASCII_NEEDS_WORK[13] = X_MAYBE;
ASCII_NEEDS_WORK['_'.charCodeAt(0)] = X_MAYBE;

/**
 * One scan for the common case: text with nothing to replace or escape is written as it is, and
 * only a text holding `_` or a carriage return is tested for the `_xHHHH_` escape (one regex call
 * on each cell cost about as much as this scan). XML_WORK is the same test as
 * /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF&<>"]/, as a loop: on cells of a
 * few characters the regex call cost more than the scan.
 */
function scanText(s: string): number {
  let found = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 128) found |= ASCII_NEEDS_WORK[c];
    else if (c >= 0xd800 && (c <= 0xdfff || c >= 0xfffe)) found |= XML_WORK;
  }
  return found;
}

export function xmlText(s: string): string {
  return xmlTextScanned(s, s.length > EXCEL_MAX_CELL_CHARS ? XML_WORK : scanText(s));
}

/** xmlText of a text scanText has looked at (`found`; XML_WORK for one over Excel's limit). */
function xmlTextScanned(s: string, found: number): string {
  if (!(found & XML_WORK)) return s;
  // The shared rules (pipeline/io/safeCell): illegal characters become U+FFFD, long text is cut and marked.
  const t = s.length > EXCEL_MAX_CELL_CHARS || ILLEGAL.test(s) ? safeText(s) : s;
  if (!ESC.test(t)) return t;
  return t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Does the text start or end with white space (String.prototype.trim's definition), so it needs xml:space="preserve"? */
function hasEdgeSpace(t: string): boolean {
  const a = t.charCodeAt(0);
  const z = t.charCodeAt(t.length - 1);
  // Printable ASCII at both ends (nearly every cell) cannot be trimmed; anything else asks trim().
  if (a > 32 && a < 127 && z > 32 && z < 127) return false;
  return t !== t.trim();
}

const LETTERS: string[] = [];
function colLetter(i: number): string {
  let s = LETTERS[i];
  if (s) return s;
  let n = i + 1;
  s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  LETTERS[i] = s;
  return s;
}

const EPOCH = Date.UTC(1899, 11, 30);
function serial(d: Date): number {
  return (d.getTime() - EPOCH) / 86400000;
}

/**
 * The constant XML around a cell's row number and value, as bytes built once per style instead of
 * text once per cell: `<c r="` + column letter + row number + one of these + value + the closing piece.
 */
const byStyle = (piece: (sAttr: string) => string): Buffer[] =>
  Array.from({ length: Math.max(...Object.values(S)) + 1 }, (_, st) => Buffer.from(piece(st ? ` s="${st}"` : '')));
const AFTER_REF_TEXT = byStyle((sa) => `"${sa} t="inlineStr"><is><t>`);
const AFTER_REF_TEXT_PRESERVE = byStyle((sa) => `"${sa} t="inlineStr"><is><t xml:space="preserve">`);
const AFTER_REF_TEXT_RUN = byStyle((sa) => `"${sa} t="inlineStr"><is><r><t xml:space="preserve">`);
const AFTER_REF_VALUE = byStyle((sa) => `"${sa}><v>`);
const AFTER_REF_SHARED = byStyle((sa) => `"${sa} t="s"><v>`);
const CLOSE_TEXT = Buffer.from('</t></is></c>');
const CLOSE_TEXT_RUN = Buffer.from('</t></r></is></c>');
const CLOSE_VALUE = Buffer.from('</v></c>');
const ROW_OPEN = Buffer.from('<row r="');
const ROW_OPEN_END = Buffer.from('">');
const ROW_HEIGHT = Buffer.from('" customHeight="1" ht="');
const ROW_CLOSE = Buffer.from('</row>');

/**
 * Every character startsLikeFormula looks for (= + - @ tab CR) is at or below '@' (64): a text that
 * starts above it needs no regex test (nearly every cell starts with a letter, digit or Chinese).
 */
const FORMULA_START_MAX = 64;

/**
 * Rows are encoded to UTF-8 piece by piece straight into a buffer of this size, which goes to the
 * zip entry when full: markup from bytes made once, numbers digit by digit, text by
 * ByteChunks.text. (Concatenating each row's text and encoding it took longer: the row's string is
 * built from ~70 pieces, flattened, and walked again to encode it.)
 */
const CHUNK_BYTES = 1 << 20;

// ---------------------------------------------------------------- shared strings

/**
 * Bounds on the shared-strings table. It holds the texts of `shared` columns only, a few dozen in a
 * month's report; these caps keep it small whatever the input (readers load the whole table before
 * any sheet): past them a text is written inline, as every other text is.
 */
const MAX_SHARED_STRINGS = 10_000;
const MAX_SHARED_CHARS = 1_000;

/**
 * xl/sharedStrings.xml, filled while the sheets are written and written after them (readers find
 * it through the workbook's relationships, not by its place in the zip). A text is stored as it
 * would have been written inline (xmlText, xml:space="preserve" when it has edge spaces), so the
 * cell reads back the same. A shared-string cell is `<c r="A2" t="s"><v>0</v></c>`: about half
 * the bytes of the inline cell, and its index comes from one Map lookup instead of checking,
 * escaping and encoding the text again on every row.
 */
export class SharedStrings {
  /** Text → its index in the table as ASCII digits. */
  private readonly index = new Map<string, Buffer>();
  private readonly items: string[] = [];
  /** Cells that refer to the table (the `count` attribute). */
  private refs = 0;

  get size(): number {
    return this.items.length;
  }

  /** The index digits of `text`, added to the table if new; null when the text is to be written inline. */
  ref(text: string): Buffer | null {
    let id = this.index.get(text);
    if (id === undefined) {
      if (text.length > MAX_SHARED_CHARS || this.items.length >= MAX_SHARED_STRINGS) return null;
      id = Buffer.from(String(this.items.length), 'latin1');
      let t = xmlText(text);
      // A shared string's `_xHHHH_` escapes are decoded by every reader: a literal one is escaped (escapeXString).
      if (NEEDS_X_ESCAPE.test(t)) t = escapeXString(t);
      this.items.push(hasEdgeSpace(t) ? `<si><t xml:space="preserve">${t}</t></si>` : `<si><t>${t}</t></si>`);
      this.index.set(text, id);
    }
    this.refs++;
    return id;
  }

  xml(): string {
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.refs}" uniqueCount="${this.items.length}">${this.items.join('')}</sst>`;
  }
}

// ---------------------------------------------------------------- zip

/**
 * zlib level 1. Measured on the 100k-pair 已匹配 sheet (86.5 MB of XML): level 1 → 10.6 MB in 0.30 s
 * CPU, level 3 → 9.6 MB in 0.45 s, level 6 → 8.5 MB in 1.0 s. A fifth smaller is not worth three
 * times the compression time on a report that is written every run.
 */
const DEFLATE_LEVEL = 1;
/** Bytes of XML waiting for compression before a write waits (bounded memory). */
const DEFLATE_BACKLOG = 4 << 20;
/**
 * Bytes of compressed output deflate fills before handing them on. zlib's default, 16 KB, meant a
 * round trip to the thread pool, a fresh 16 KB Buffer and a 'data' event for every 16 KB of
 * output: ~9,000 of each for a million-row report, ~1 s of the main thread's time (allocating the
 * Buffers alone was ~0.5 s). As large as a chunk of XML (CHUNK_BYTES), so that compressing one
 * chunk is one trip to the thread pool, never two (see nextTurn). The compressed
 * bytes are the same whatever the output chunk size.
 */
const DEFLATE_OUT_CHUNK = 1 << 20;

/**
 * Lets the event loop run once. Each chunk deflate compresses on the thread pool comes back to this
 * thread as a callback, and only then does deflate start on the next chunk. Building rows and
 * awaiting promises never lets those callbacks run, so without a turn per chunk compression stood
 * still until the backlog was full and the sheet waited for all of it: at a million pairs ~3.9 s
 * of a 17.8 s workbook spent waiting (with this turn, ~0.6 s of 12.5 s).
 */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A zip entry being written: its bytes in order, then end(). The entry keeps the buffers it is given. */
interface EntrySink {
  /** `consumed` is called once compression no longer needs `buf`, so the caller may reuse it. */
  write: (buf: Buffer, consumed?: () => void) => Promise<void>;
  end: () => Promise<void>;
}

interface ZipEntry {
  name: Buffer;
  crc: number;
  csize: number;
  usize: number;
  offset: number;
}

/** A zip written front to back, each entry deflated (level 1), with fixed dates: the same entries give the same bytes. */
export class ZipOut {
  private readonly out: fs.WriteStream;
  private offset = 0;
  private readonly entries: ZipEntry[] = [];
  private failed: Promise<never>;
  /** The one wait for the file's 'drain' that every write finding its buffer full shares, as an entry's writes share the deflater's. */
  private outDrain: Promise<unknown> | null = null;
  constructor(file: string) {
    this.out = fs.createWriteStream(file, { highWaterMark: 1 << 20 });
    this.failed = new Promise<never>((_, reject) => this.out.once('error', reject));
    this.failed.catch(() => undefined);
  }

  private async put(buf: Buffer): Promise<void> {
    this.offset += buf.length;
    if (!this.out.write(buf)) await (this.outDrain ??= Promise.race([once(this.out, 'drain'), this.failed]).finally(() => (this.outDrain = null)));
  }

  private localHeader(name: Buffer): Buffer {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(0x0808, 6); // data descriptor follows; UTF-8 names
    h.writeUInt16LE(8, 8); // deflate
    h.writeUInt16LE(FIXED_DOS_TIME, 10);
    h.writeUInt16LE(FIXED_DOS_DATE, 12); // 1980-01-01: fixed, so the same content gives the same bytes
    h.writeUInt16LE(name.length, 26);
    return Buffer.concat([h, name]);
  }

  /** A streamed entry: write text chunks, then end(). */
  async entry(nameText: string): Promise<EntrySink> {
    const name = Buffer.from(nameText, 'utf8');
    const entry: ZipEntry = { name, crc: 0, csize: 0, usize: 0, offset: this.offset };
    await this.put(this.localHeader(name));
    // Deflate runs on libuv's thread pool. A deep input buffer lets the main thread go on building
    // the next megabyte of XML while the previous one is compressed on the other core (with the
    // default 16 KB buffer every write waited for its own compression). Level 1: see DEFLATE_LEVEL.
    const options: zlib.ZlibOptions & TransformOptions = { level: DEFLATE_LEVEL, memLevel: 9, chunkSize: DEFLATE_OUT_CHUNK, writableHighWaterMark: DEFLATE_BACKLOG };
    const deflate = zlib.createDeflateRaw(options);
    const pending: Buffer[] = [];
    deflate.on('data', (c: Buffer) => pending.push(c));
    // A row of many megabytes (_anjie_open's record of the rows read, at a million rows) hands on
    // several chunks before any is awaited: they share one wait for 'drain' instead of adding a
    // listener each, which past ten made Node print a MaxListenersExceededWarning on the terminal.
    let deflateDrain: Promise<unknown> | null = null;
    const drainOut = async () => {
      while (pending.length) {
        const c = pending.shift()!;
        entry.csize += c.length;
        await this.put(c);
      }
    };
    return {
      write: async (buf: Buffer, consumed?: () => void) => {
        entry.crc = zlib.crc32(buf, entry.crc);
        entry.usize += buf.length;
        if (entry.usize > 0xffffffff) throw new Error('sheet larger than 4 GB');
        if (!deflate.write(buf, consumed && (() => consumed()))) await (deflateDrain ??= once(deflate, 'drain').finally(() => (deflateDrain = null)));
        else await nextTurn();
        await drainOut();
      },
      end: async () => {
        deflate.end();
        await once(deflate, 'end');
        await drainOut();
        const d = Buffer.alloc(16);
        d.writeUInt32LE(0x08074b50, 0);
        d.writeUInt32LE(entry.crc >>> 0, 4);
        d.writeUInt32LE(entry.csize, 8);
        d.writeUInt32LE(entry.usize, 12);
        await this.put(d);
        this.entries.push(entry);
      },
    };
  }

  async file(name: string, content: string | Buffer): Promise<void> {
    const e = await this.entry(name);
    await e.write(typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    await e.end();
  }

  async close(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4);
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(0x0808, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(FIXED_DOS_TIME, 12);
      h.writeUInt16LE(FIXED_DOS_DATE, 14);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(e.csize, 20);
      h.writeUInt32LE(e.usize, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      await this.put(Buffer.concat([h, e.name]));
    }
    const size = this.offset - start;
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(size, 12);
    end.writeUInt32LE(start, 16);
    await this.put(end);
    this.out.end();
    await Promise.race([once(this.out, 'finish'), this.failed]);
  }
}

// ---------------------------------------------------------------- workbook

interface SheetInfo {
  name: string;
  state: XSheetOptions['state'];
  filterRef: string | null;
  printRows: number;
  /** Columns repeated at the left of every printed page (XSheetOptions.print). */
  printCols: number;
}

export class XSheet {
  /** The sheet's XML as UTF-8; the zip entry reads each chunk and hands it back for reuse. */
  private readonly out: ByteChunks;
  /** The zip entry's write of the chunk `out` last handed on, until append() returns it to be awaited. */
  private written: Promise<void> | null = null;
  private rowNo = 0;
  private readonly styles: StyleId[];
  /** Per column: are its texts written to the shared-strings table (XColumn.shared)? */
  private readonly sharedCols: boolean[];
  /** The current row's number in ASCII digits (written once per cell), and how many there are. */
  private readonly rowDigits = new Uint8Array(16);
  private rowDigitCount = 0;
  /** `<c r="` + column letter, per column, as bytes. */
  private readonly cellOpen: Buffer[] = [];
  /** Columns whose texts wrap (S.wrap): each row is given the height they need (rows written with styles of their own are measured by those). */
  private readonly wrapCols: number[];
  /** Per column, the last text wrappedHeight measured and the lines it needs (file names repeat row after row). */
  private readonly measuredText: (string | undefined)[] = [];
  private readonly measuredLines: number[] = [];
  constructor(
    private readonly opts: XSheetOptions,
    private readonly sink: EntrySink,
    private readonly info: SheetInfo,
    /** The workbook's shared-strings table; without it every text is written inline. */
    private readonly sst: SharedStrings | null = null,
  ) {
    this.styles = opts.cols.map((c) => c.style ?? S.text);
    this.sharedCols = opts.cols.map((c) => !!c.shared && sst !== null);
    this.wrapCols = this.styles.flatMap((st, i) => (st === S.wrap ? [i] : []));
    this.out = new ByteChunks(CHUNK_BYTES, (chunk, consumed) => {
      // Several chunks of one long row are all awaited (a failed write must not go unhandled).
      const write = this.sink.write(chunk, consumed);
      this.written = this.written ? Promise.all([this.written, write]).then(() => undefined) : write;
    });
  }

  get rows(): number {
    return this.rowNo;
  }

  async start(): Promise<void> {
    const o = this.opts;
    let head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}>${o.print ? '' : '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'}<sheetViews><sheetView workbookViewId="0">`;
    if (o.freezeRows) head += `<pane ySplit="${o.freezeRows}" topLeftCell="A${o.freezeRows + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/>`;
    head += '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>';
    o.cols.forEach((c, i) => {
      head += `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"${c.style ? ` style="${c.style}"` : ''}/>`;
    });
    head += '</cols><sheetData>';
    await this.append(head);
  }

  /**
   * Appends one row; `styles` overrides the columns' styles cell by cell. Returns a promise only
   * when a piece of text was handed to the zip entry (about once per megabyte): await it then.
   */
  row(cells: readonly XCell[], styles?: readonly (StyleId | undefined)[] | StyleId): void | Promise<void> {
    const r = ++this.rowNo;
    const out = this.out;
    this.rowDigitCount = decimalDigits(r);
    writeDigits(this.rowDigits, 0, this.rowDigitCount, r);
    out.bytes(ROW_OPEN);
    out.bytes(this.rowDigits, this.rowDigitCount);
    // Rows written with styles of their own get heights too when those styles wrap (余额调节表's detail lines;
    // a header whose labels are wider than their columns, as on 分户调节).
    const height =
      styles === undefined ? (this.wrapCols.length ? this.wrappedHeight(cells) : 0) : typeof styles === 'number' ? (styles === S.header ? this.wrappedHeight(cells, cells.map(() => S.header)) : 0) : this.wrappedHeight(cells, styles);
    if (height) {
      out.bytes(ROW_HEIGHT);
      out.ascii(String(height));
    }
    out.bytes(ROW_OPEN_END);
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i];
      if (v === null || v === undefined || v === '') continue;
      let st: StyleId = typeof styles === 'number' ? styles : (styles?.[i] ?? this.styles[i] ?? S.text);
      if (typeof v === 'string') {
        if ((st === S.text || st === S.wrap) && v.charCodeAt(0) <= FORMULA_START_MAX && startsLikeFormula(v)) st = st === S.wrap ? S.wrapLiteral : S.literal;
        const id = this.sharedCols[i] ? this.sst!.ref(v) : null;
        if (id !== null) {
          this.cellRef(i);
          out.bytes(AFTER_REF_SHARED[st]);
          out.bytes(id);
          out.bytes(CLOSE_VALUE);
          continue;
        }
        const found = v.length > EXCEL_MAX_CELL_CHARS ? XML_WORK | X_MAYBE : scanText(v);
        const t = xmlTextScanned(v, found);
        this.cellRef(i);
        if (found & X_MAYBE && NEEDS_X_ESCAPE.test(t)) {
          // A text holding `_xHHHH_` literally (a bank memo with `_x000D_` in it) or a carriage return,
          // written as it is, is read by Excel and LibreOffice with the escape decoded (a line break for
          // `_x000D_`, A for `_x0041_`), and a carriage return as a line feed. As sign-off writes it
          // (streamSign): one rich run with the escapes escaped (escapeXString), which every reader
          // decodes, exceljs and the streaming reader included (they leave a plain inline string's alone).
          out.bytes(AFTER_REF_TEXT_RUN[st]);
          out.text(escapeXString(t));
          out.bytes(CLOSE_TEXT_RUN);
          continue;
        }
        out.bytes(hasEdgeSpace(t) ? AFTER_REF_TEXT_PRESERVE[st] : AFTER_REF_TEXT[st]);
        out.text(t);
        out.bytes(CLOSE_TEXT);
      } else if (typeof v === 'number') {
        if (!Number.isFinite(v)) continue;
        this.cellRef(i);
        out.bytes(AFTER_REF_VALUE[st]);
        out.num(v);
        out.bytes(CLOSE_VALUE);
      } else if (v instanceof Date) {
        this.cellRef(i);
        out.bytes(AFTER_REF_VALUE[st]);
        out.num(serial(v));
        out.bytes(CLOSE_VALUE);
      } else {
        out.text(this.formulaCell(`<c r="${colLetter(i)}${r}`, st, v));
      }
    }
    out.bytes(ROW_CLOSE);
    return this.takeWritten();
  }

  /**
   * The height (points) a row needs for its wrapped texts to show whole, or 0 when one line is
   * enough (the estimate the generated sheets use too: domain/sheets/wrap).
   */
  private wrappedHeight(cells: readonly XCell[], styles?: readonly (StyleId | undefined)[]): number {
    let lines = 1;
    const n = styles ? cells.length : this.wrapCols.length;
    for (let w = 0; w < n; w++) {
      const i = styles ? w : this.wrapCols[w];
      const st = styles ? (styles[i] ?? this.styles[i]) : S.wrap;
      if (st !== S.wrap && st !== S.header) continue;
      const v = cells[i];
      if (typeof v !== 'string' || !this.opts.cols[i]) continue;
      const perLine = Math.max(1, this.opts.cols[i].width - 1);
      // Most cells are short (a name) or repeat the row above's (a file name): neither is measured.
      if (v.length * 2.2 <= perLine && v.indexOf('\n') < 0) continue;
      if (v === this.measuredText[i]) {
        if (this.measuredLines[i] > lines) lines = this.measuredLines[i];
        continue;
      }
      const need = wrappedLines(v, this.opts.cols[i].width);
      this.measuredText[i] = v;
      this.measuredLines[i] = need;
      if (need > lines) lines = need;
    }
    return lines > 1 ? linesHeight(lines) : 0;
  }

  /** `<c r="` + the cell's reference (column letter and row number) up to its closing quote. */
  private cellRef(col: number): void {
    this.out.bytes(this.cellOpen[col] ?? (this.cellOpen[col] = Buffer.from('<c r="' + colLetter(col))));
    this.out.bytes(this.rowDigits, this.rowDigitCount);
  }

  /** Encodes text into the current chunk; when it did not fit, the filled chunk went to the zip entry: returns that write. */
  private append(text: string): void | Promise<void> {
    this.out.text(text);
    return this.takeWritten();
  }

  private takeWritten(): Promise<void> | undefined {
    const w = this.written;
    this.written = null;
    return w ?? undefined;
  }

  private formulaCell(ref: string, st: StyleId, v: { formula: string; result?: number | string }): string {
    const sa = st ? ` s="${st}"` : '';
    const res = v.result === undefined ? '' : typeof v.result === 'number' ? `<v>${v.result}</v>` : `<v>${xmlText(v.result)}</v>`;
    return `${ref}"${sa}${typeof v.result === 'string' ? ' t="str"' : ''}><f>${xmlText(v.formula)}</f>${res}</c>`;
  }

  async end(): Promise<void> {
    const o = this.opts;
    const last = colLetter(o.cols.length - 1);
    let tail = '</sheetData>';
    if (o.autoFilter && this.rowNo >= 1) {
      const ref = `A1:${last}${Math.max(1, this.rowNo)}`;
      tail += `<autoFilter ref="${ref}"/>`;
      this.info.filterRef = `$A$1:$${last}$${Math.max(1, this.rowNo)}`;
    }
    // Pages across first, so the pages of the same rows come out one after the other.
    const fit = o.print ? `pageOrder="overThenDown" scale="${o.print.scale}"` : 'fitToWidth="1" fitToHeight="0"';
    tail += `<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="${o.orientation ?? 'landscape'}" ${fit}/>`;
    // Page x of y as the generated workbooks print it (domain/sheets/layout), the sheet's name at the right.
    const header = `${o.pageHeader ? `&L${headerText(o.pageHeader)}` : ''}&R&A`;
    tail += `<headerFooter><oddHeader>${xmlText(header)}</oddHeader><oddFooter>${xmlText(`&C${PAGE_NUMBERS}`)}</oddFooter></headerFooter>`;
    // Excel ignores manual breaks on a fitted page, hence the scale.
    if (o.print?.breaksAfter.length) tail += colBreaksXml(o.print.breaksAfter);
    tail += '</worksheet>';
    await this.append(tail);
    this.out.finish();
    await this.takeWritten();
    await this.sink.end();
  }
}

/**
 * A <colBreaks> element: a manual page break after each 0-based column (a break's id is the column it
 * falls before). This writer's wide sheets, and the generated sheets exceljs cannot give breaks
 * (pipeline/render writes them into its file, signoff/colBreaks puts them back after signing).
 */
export function colBreaksXml(breaksAfter: readonly number[]): string {
  return `<colBreaks count="${breaksAfter.length}" manualBreakCount="${breaksAfter.length}">${breaksAfter.map((c) => `<brk id="${c + 1}" max="1048575" man="1"/>`).join('')}</colBreaks>`;
}

export class XlsxWriter {
  private readonly zip: ZipOut;
  private readonly sheets: SheetInfo[] = [];
  private readonly sst = new SharedStrings();
  /** `pageHeader`: each sheet's XSheetOptions.pageHeader unless the sheet gives its own. */
  constructor(
    file: string,
    private readonly defaults: { pageHeader?: string } = {},
  ) {
    this.zip = new ZipOut(file);
  }

  /** Sheets are written one after the other: end() the previous one first. */
  async sheet(opts: XSheetOptions): Promise<XSheet> {
    const info: SheetInfo = { name: opts.name, state: opts.state, filterRef: null, printRows: opts.freezeRows ?? 0, printCols: opts.print?.titleCols ?? 0 };
    this.sheets.push(info);
    const sink = await this.zip.entry(`xl/worksheets/sheet${this.sheets.length}.xml`);
    const ws = new XSheet({ pageHeader: this.defaults.pageHeader, ...opts }, sink, info, this.sst);
    await ws.start();
    return ws;
  }

  async close(): Promise<void> {
    const q = (name: string) => `'${name.replace(/'/g, "''")}'`;
    let wb = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook ${NS}><bookViews><workbookView activeTab="0"/></bookViews><sheets>`;
    this.sheets.forEach((s, i) => {
      wb += `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}"${s.state && s.state !== 'visible' ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`;
    });
    wb += '</sheets>';
    const names: string[] = [];
    this.sheets.forEach((s, i) => {
      if (s.filterRef) names.push(`<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${xmlText(q(s.name))}!${s.filterRef}</definedName>`);
      const titles = [...(s.printCols ? [`$A:$${colLetter(s.printCols - 1)}`] : []), ...(s.printRows ? [`$1:$${s.printRows}`] : [])];
      if (titles.length) names.push(`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${titles.map((t) => `${xmlText(q(s.name))}!${t}`).join(',')}</definedName>`);
    });
    if (names.length) wb += `<definedNames>${names.join('')}</definedNames>`;
    wb += '<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>';
    await this.zip.file('xl/workbook.xml', wb);
    await this.zip.file('xl/styles.xml', STYLES_XML);
    const hasSst = this.sst.size > 0;
    if (hasSst) await this.zip.file('xl/sharedStrings.xml', this.sst.xml());
    let rels = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">';
    this.sheets.forEach((_, i) => {
      rels += `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`;
    });
    rels += `<Relationship Id="rId${this.sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`;
    if (hasSst) rels += `<Relationship Id="rId${this.sheets.length + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`;
    rels += '</Relationships>';
    await this.zip.file('xl/_rels/workbook.xml.rels', rels);
    await this.zip.file(
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    );
    let ct =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>';
    this.sheets.forEach((_, i) => {
      ct += `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`;
    });
    if (hasSst) ct += '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>';
    ct += '</Types>';
    await this.zip.file('[Content_Types].xml', ct);
    await this.zip.close();
  }
}
