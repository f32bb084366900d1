import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import type { Row } from 'exceljs';
import iconv from 'iconv-lite';
import { UserError } from '../errors';
import { readFileBytes, verifyWorksheetParts, workbookPreamble } from './guards';
import { streamXlsxFast } from './xlsxFast';
import type { Cell } from './cells';

/**
 * Row sources: every container (CSV/TXT in any encoding, XLSX, legacy XLS via LibreOffice)
 * becomes a sequence of sheets of rows `(cells, rowNumber)`, streamed, with the row number a
 * person sees (Excel row; for text, the line on which the record starts).
 */
export interface RowSink {
  /** Return false to ignore the sheet (its rows are then not delivered). */
  sheetStart(name: string, info: { hidden: boolean; date1904: boolean; text: boolean }): boolean;
  row(cells: Cell[], rowNumber: number): void;
  sheetEnd(): void;
}

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';
export type Container = 'text' | 'xlsx' | 'xls' | 'html' | 'xml';

export async function sniffContainer(file: string): Promise<Container> {
  let b = readFileBytes(file, 512);
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return 'xlsx';
  if (b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'xls';
  // Excel's "XML Spreadsheet 2003" (and an HTML "xls") may be saved in UTF-8 with a BOM, or in UTF-16, with a BOM or (written by
  // a portal, or re-encoded) without one: its markup is then every other byte, so it is looked for in
  // the decoded text, not in the bytes.
  const utf16 = utf16Of(b);
  if (utf16) b = readFileBytes(file, 1024); // the same 512 characters
  // UTF-8's BOM is skipped too: a tool that writes it puts it before the <?xml or <html.
  const utf8Bom = !utf16 && b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
  const decoded = utf16 ? utf16Text(b, utf16) : b.toString('latin1', utf8Bom ? 3 : 0);
  const text = decoded.trimStart().toLowerCase();
  const head = text.slice(0, 64);
  if (head.startsWith('<html') || head.startsWith('<!doctype html') || head.startsWith('<table')) return 'html';
  // Excel 2003 XML ("XML Spreadsheet"), which some portals save as .xls: LibreOffice reads it.
  if (head.startsWith('<?xml') && /progid="excel\.sheet"|urn:schemas-microsoft-com:office:spreadsheet/.test(text)) return 'xml';
  return 'text';
}

/** A UTF-16 text's byte order and BOM length (by its BOM, else by its zero bytes, as detectEncoding tells); null when it is not UTF-16. */
function utf16Of(b: Uint8Array): { le: boolean; bom: number } | null {
  const e = detectEncoding(b);
  return e.encoding === 'utf-16le' || e.encoding === 'utf-16be' ? { le: e.encoding === 'utf-16le', bom: e.bom } : null;
}

/** UTF-16 bytes as text, the BOM left out (a last odd byte too). */
function utf16Text(b: Buffer, u: { le: boolean; bom: number }): string {
  const body = b.subarray(u.bom, u.bom + ((b.length - u.bom) & ~1));
  return (u.le ? body : Buffer.from(body).swap16()).toString('utf16le');
}

/** BOM first; then UTF-16 without BOM by its zero bytes; then UTF-8 if the bytes are valid UTF-8; else GB18030. */
export function detectEncoding(sample: Uint8Array): { encoding: TextEncoding; bom: number } {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (sample.length >= 2 && sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (sample.length >= 2 && sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const n = Math.min(sample.length, 2000) & ~1;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) evenZero++;
    if (sample[i + 1] === 0) oddZero++;
  }
  // The other lane is zero only for the few characters U+xx00, which Chinese text has (一 开 退 最):
  // a handful of them, not none, against the ASCII characters' many zeros.
  if (n >= 4 && oddZero > n / 6 && evenZero * 16 < oddZero) return { encoding: 'utf-16le', bom: 0 };
  if (n >= 4 && evenZero > n / 6 && oddZero * 16 < evenZero) return { encoding: 'utf-16be', bom: 0 };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return { encoding: 'utf-8', bom: 0 };
  } catch {
    // A few invalid bytes in otherwise valid UTF-8 (a damaged file) stay UTF-8; GBK text decoded as UTF-8 is mostly invalid.
    const t = new TextDecoder('utf-8').decode(sample, { stream: true });
    // Counted natively (a loop over every character of the sample ran cold before each text file):
    // the non-ASCII characters in order; the replacement characters among them are bad, the rest good.
    const nonAscii = t.replace(/[^\u0080-\uffff]+/g, '');
    const bad = nonAscii.split('\ufffd').length - 1;
    const good = nonAscii.length - bad;
    return { encoding: bad * 20 < good ? 'utf-8' : 'gb18030', bom: 0 };
  }
}

interface Decoder {
  write(chunk: Uint8Array): string;
  end(): string;
}

function makeDecoder(encoding: TextEncoding): Decoder {
  try {
    const td = new TextDecoder(encoding, { ignoreBOM: false });
    return { write: (c) => td.decode(c, { stream: true }), end: () => td.decode() };
  } catch {
    // Node built without full ICU: iconv-lite knows every encoding we use.
    const d = iconv.getDecoder(encoding === 'utf-16be' ? 'utf16-be' : encoding);
    let first = true;
    return {
      write: (c) => {
        let s = d.write(Buffer.from(c.buffer, c.byteOffset, c.byteLength));
        if (first && s.length) {
          if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
          first = false;
        }
        return s;
      },
      end: () => d.end() ?? '',
    };
  }
}

/** A quoted field longer than this is taken as a stray quote (bounded memory on a broken file). */
const QUOTE_SPAN_LIMIT = 1 << 20;

/** Where the unquoted field at `from` ends: the next delimiter or line break, or the end of the text. */
function fieldEnd(text: string, from: number, delimiter: number): number {
  let k = from;
  for (const n = text.length; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c === delimiter || c === 10 || c === 13) break;
  }
  return k;
}

/**
 * A field written ="6222020200112233445" — the way bank portals and ERPs keep Excel from turning a
 * long account number or 流水号 into 6.22202E+18 — is the text between the quotes, as Excel shows it
 * when it opens the file. Any other field starting with "=" (a memo "=1+2 汇入") is kept as written.
 * Fields with a quote always come through DelimitedParser.record, so only those are looked at.
 */
const TEXT_FORMULA = /^="([^"]*)"$/;
function textFormulaValue(value: string): string {
  const m = TEXT_FORMULA.exec(value);
  return m ? m[1] : value;
}

/**
 * A quote-aware delimited-text parser fed with decoded chunks. Lenient the way real exports
 * need: text after a closing quote up to the delimiter is kept ("3985734"\t), a quote inside an
 * unquoted field is literal, CRLF / LF / CR all end a record. Records keep the line they start on.
 */
export class DelimitedParser {
  private rest = '';
  private line = 1;
  private stopped = false;
  private readonly delimChar: string;
  constructor(
    private readonly delim: number,
    private readonly onRecord: (fields: string[], line: number) => boolean | void,
  ) {
    this.delimChar = String.fromCharCode(delim);
  }

  push(chunk: string): void {
    if (this.stopped) return;
    if (this.rest.length === 0) return this.parse(chunk, false);
    const nl = chunk.indexOf('\n');
    if (nl < 0 || this.rest.includes('"') || chunk.lastIndexOf('"', nl) >= 0) return this.parse(this.rest + chunk, false);
    // The record the previous chunk ended inside is finished by the first line break here (no quote
    // in between): parse it on its own, then the rest of the chunk in place. rest + chunk would copy
    // the whole megabyte chunk into a new string first (~5% of the time of reading a statement).
    this.parse(this.rest + chunk.slice(0, nl + 1), false);
    if (this.stopped) return;
    const after = chunk.slice(nl + 1); // a view into the chunk, not a copy
    this.parse(this.rest.length ? this.rest + after : after, false);
  }

  end(): void {
    if (this.stopped) return;
    if (this.rest.length) this.parse(this.rest, true);
    this.rest = '';
  }

  private emit(fields: string[], line: number): boolean {
    if (this.onRecord(fields, line) === false) {
      this.stopped = true;
      return false;
    }
    return true;
  }

  private parse(text: string, final: boolean): void {
    const n = text.length;
    let i = 0;
    while (i < n) {
      i = this.plainLines(text, i);
      if (i < 0) return;
      if (i >= n) break;
      i = this.record(text, i, this.line, final);
      if (i < 0) return;
    }
    this.rest = '';
  }

  /**
   * The fast path: emits the whole lines without quotes (or a lone CR) from i on, each split
   * natively, and returns where it stopped — a record for `record` (quotes, a lone CR, a line the
   * chunk ends inside) or the end of the text —, or -1 when the sink stopped. Its loop holds nothing
   * else: V8 optimises it while it meets only plain lines, and code first reached after that (the
   * record a chunk ends inside, once per chunk) used to throw the optimised loop away each time.
   */
  private plainLines(text: string, from: number): number {
    const n = text.length;
    const delimChar = this.delimChar;
    let i = from;
    let nextQuote = text.indexOf('"', i);
    let nextCr = text.indexOf('\r', i);
    while (i < n) {
      if (nextQuote >= 0 && nextQuote < i) nextQuote = text.indexOf('"', i);
      const nl = text.indexOf('\n', i);
      if (nl < 0 || (nextQuote >= 0 && nextQuote < nl)) return i;
      if (nextCr >= 0 && nextCr < i) nextCr = text.indexOf('\r', i);
      if (nextCr >= 0 && nextCr < nl - 1) return i; // a lone CR ends a record inside this line
      const end = nextCr === nl - 1 && nl > i ? nl - 1 : nl;
      const start = i;
      i = nl + 1;
      // this.line is counted here, not in a local stored on the way out: a store first reached after
      // the loop was optimised would throw the optimised code away.
      if (!this.emit(text.slice(start, end).split(delimChar), this.line++)) return -1;
    }
    return i;
  }

  /**
   * Parses the record at `recStart` (starting on line `recLine`) field by field and emits it.
   * Returns where the next record starts, with this.line set to its line; or -1 when parse must
   * return: the record needs the next chunk (kept in this.rest), the text ended, or the sink stopped.
   */
  private record(text: string, recStart: number, recLine: number, final: boolean): number {
    const n = text.length;
    const D = this.delim;
    let i = recStart;
    let line = recLine;
    const fields: string[] = [];
    for (;;) {
      let value: string;
      if (i < n && text.charCodeAt(i) === 34) {
        let j = i + 1;
        value = '';
        let closed = false;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) break;
          value += text.slice(j, q);
          if (q + 1 < n && text.charCodeAt(q + 1) === 34) {
            value += '"';
            j = q + 2;
            continue;
          }
          if (q + 1 >= n && !final) break; // cannot tell "" from " yet
          i = q + 1;
          closed = true;
          break;
        }
        if (!closed && (final || n - i > QUOTE_SPAN_LIMIT)) {
          // A quote that never closes (or spans more than 1 MiB) is a literal character, not a
          // quoted field: the rest of the line is this field and the following lines stay records.
          const k = fieldEnd(text, i + 1, D);
          value = text.slice(i, k);
          i = k;
          closed = true;
        } else if (!closed) {
          return this.keepRest(text, recStart, recLine);
        }
        // count the line breaks inside the quoted value
        for (let p = value.indexOf('\n'); p >= 0; p = value.indexOf('\n', p + 1)) line++;
        const k = fieldEnd(text, i, D);
        if (k === n && !final) return this.keepRest(text, recStart, recLine);
        if (k > i) value += text.slice(i, k);
        i = k;
      } else {
        const k = fieldEnd(text, i, D);
        if (k === n && !final) return this.keepRest(text, recStart, recLine);
        value = text.slice(i, k);
        i = k;
      }
      fields.push(value.charCodeAt(0) === 61 /* = */ ? textFormulaValue(value) : value);
      if (i >= n) {
        this.rest = '';
        this.line = line;
        this.emit(fields, recLine);
        return -1;
      }
      const c = text.charCodeAt(i);
      if (c === D) {
        i++;
        if (i >= n && !final) return this.keepRest(text, recStart, recLine);
        if (i >= n) {
          fields.push('');
          this.rest = '';
          this.line = line;
          this.emit(fields, recLine);
          return -1;
        }
        continue;
      }
      if (c === 13) {
        if (i + 1 >= n && !final) return this.keepRest(text, recStart, recLine);
        i++;
        if (i < n && text.charCodeAt(i) === 10) i++;
      } else i++;
      line++;
      if (!this.emit(fields, recLine)) return -1;
      this.line = line;
      return i;
    }
  }

  /** The record at recStart continues in the next chunk: keep it for then. */
  private keepRest(text: string, recStart: number, recLine: number): number {
    this.rest = text.slice(recStart);
    this.line = recLine;
    return -1;
  }
}

export interface TextSample {
  encoding: TextEncoding;
  bom: number;
  text: string;
  truncated: boolean;
}

export async function readTextSample(file: string, bytes = 65536): Promise<TextSample> {
  const b = readFileBytes(file, bytes);
  const { encoding, bom } = detectEncoding(b);
  const dec = makeDecoder(encoding);
  const text = dec.write(b);
  return { encoding, bom, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, truncated: b.length === bytes };
}

/** Parse the records of a decoded sample (for detection); the last record may be cut short. */
export function sampleRecords(sample: TextSample, delimiter: string, max = 200): { cells: string[]; line: number }[] {
  const out: { cells: string[]; line: number }[] = [];
  const p = new DelimitedParser(delimiter.charCodeAt(0), (fields, line) => {
    out.push({ cells: fields, line });
    return out.length < max;
  });
  p.push(sample.text);
  if (!sample.truncated) p.end();
  return out;
}

export async function streamText(file: string, encoding: TextEncoding, delimiter: string, sink: RowSink, sheetName: string): Promise<void> {
  if (!sink.sheetStart(sheetName, { hidden: false, date1904: false, text: true })) return;
  const dec = makeDecoder(encoding);
  let first = true;
  const parser = new DelimitedParser(delimiter.charCodeAt(0), (fields, line) => {
    sink.row(fields, line);
  });
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let s = dec.write(chunk);
    if (first && s.length) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      first = false;
    }
    parser.push(s);
  }
  parser.push(dec.end());
  parser.end();
  sink.sheetEnd();
}

function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('');
    if ('formula' in o || 'sharedFormula' in o) return o.result !== undefined && o.result !== null ? toCell(o.result) : `=${String(o.formula ?? o.sharedFormula)}`; // no cached value: keep the formula so the row is rejected naming it
    if ('error' in o) return String(o.error);
    if ('text' in o) return toCell(o.text);
  }
  return String(v);
}

/** The fast reader (xlsxFast.ts); ANJIE_XLSX_READER=exceljs reads with exceljs' streaming reader instead. */
export async function streamXlsx(file: string, sink: RowSink): Promise<void> {
  if (process.env.ANJIE_XLSX_READER === 'exceljs') return streamXlsxExceljs(file, sink);
  return streamXlsxFast(file, sink);
}

export async function streamXlsxExceljs(file: string, sink: RowSink): Promise<void> {
  await verifyWorksheetParts(file); // the fast reader checks these parts as it inflates them; exceljs does not
  // Loaded only here: exceljs takes most of a second to load, and the fast reader does not need it.
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  Object.assign(reader, await workbookPreamble(file)); // sheet names and date system before any sheet (exceljs is racy without)
  for await (const ws of reader) {
    const w = ws as unknown as { name: string; state?: string } & AsyncIterable<Row>;
    const props = (reader as unknown as { properties?: { model?: { date1904?: boolean } } }).properties;
    const date1904 = !!props?.model?.date1904;
    const hidden = w.state === 'hidden' || w.state === 'veryHidden';
    const wanted = sink.sheetStart(w.name, { hidden, date1904, text: false });
    for await (const row of w) {
      if (!wanted) continue;
      const values = row.values as unknown[];
      const cells: Cell[] = new Array(Math.max(values.length - 1, 0));
      for (let i = 1; i < values.length; i++) cells[i - 1] = toCell(values[i]);
      sink.row(cells, row.number);
    }
    if (wanted) sink.sheetEnd();
  }
}

function findOnPath(names: string[]): string | null {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const n of names) for (const d of dirs) if (fs.existsSync(path.join(d, n))) return path.join(d, n);
  return null;
}

let loProfile: string | null = null;
const conversions = new Map<string, string>();
/** One LibreOffice user profile per process (its first start is the slow part), removed at exit. */
function libreOfficeProfile(): string {
  if (!loProfile) {
    loProfile = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-lo-'));
    const dir = loProfile;
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return loProfile;
}

/**
 * An XML Spreadsheet 2003 or HTML "xls" saved in UTF-16 (with a BOM, as Excel's Unicode save writes it,
 * or without one) as UTF-8 bytes, its declared encoding (encoding="UTF-16", charset=utf-16) said as
 * UTF-8; null when the file is not UTF-16.
 */
async function markupAsUtf8(file: string): Promise<Buffer | null> {
  const utf16 = utf16Of(readFileBytes(file, 1024));
  if (!utf16) return null;
  const text = utf16Text(await fs.promises.readFile(file), utf16);
  return Buffer.from(text.replace(/^(\s*<\?xml[^>]*?encoding\s*=\s*["'])utf-16(?:le|be)?(["'])/i, '$1UTF-8$2').replace(/(<meta[^>]*charset\s*=\s*["']?)utf-16(?:le|be)?/gi, '$1utf-8'), 'utf8');
}

/** Convert a legacy .xls (or an HTML "xls") to .xlsx with LibreOffice; the caller removes `dir`. */
export async function convertWithLibreOffice(file: string): Promise<{ xlsx: string; dir: string }> {
  const soffice = process.env.ANJIE_SOFFICE ?? findOnPath(['soffice', 'libreoffice']);
  const base = path.basename(file);
  if (!soffice) {
    throw new UserError(
      { zh: `无法读取旧版 Excel 文件（.xls）：未安装 LibreOffice。`, en: `Cannot read the legacy Excel file (.xls): LibreOffice is not installed.` },
      { file: base },
      {
        zh: '用 Excel 或 WPS 打开该文件并“另存为” .xlsx 后再读取；或安装 LibreOffice 后运行：soffice --headless --convert-to xlsx 文件名.xls',
        en: 'Open the file in Excel or WPS and save it as .xlsx, then read that; or install LibreOffice and run: soffice --headless --convert-to xlsx FILE.xls',
      },
    );
  }
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'anjie-xls-'));
  // The same unchanged file converted earlier in this process: reuse that conversion.
  const st = await fs.promises.stat(file);
  const key = `${path.resolve(file)}|${st.size}|${st.mtimeMs}`;
  const cached = conversions.get(key);
  if (cached && fs.existsSync(cached)) {
    const copy = path.join(dir, 'input.xlsx');
    await fs.promises.copyFile(cached, copy);
    return { xlsx: copy, dir };
  }
  // An HTML table or 2003 XML is opened by Calc's import only under .xls (as Excel does); under .xlsx LibreOffice writes nothing.
  const markup = await sniffContainer(file);
  const ext = markup === 'html' || markup === 'xml' ? '.xls' : path.extname(file) || '.xls';
  const input = path.join(dir, 'input' + ext);
  // LibreOffice's 2003-XML import takes UTF-16 bytes for UTF-8 and reads only garbage: it gets the text in UTF-8.
  const recoded = markup === 'html' || markup === 'xml' ? await markupAsUtf8(file) : null;
  if (recoded) await fs.promises.writeFile(input, recoded);
  else await fs.promises.copyFile(file, input);
  const outDir = path.join(dir, 'out');
  const xlsxOut = path.join(outDir, 'input.xlsx');
  const convert = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      execFile(
        soffice,
        [`-env:UserInstallation=file://${libreOfficeProfile()}`, '--headless', '--norestore', '--convert-to', 'xlsx', '--outdir', outDir, input],
        { timeout: 180_000 },
        (err, _stdout, stderr) => (err ? reject(new Error(`${err.message} ${stderr}`)) : resolve()),
      );
    });
  // LibreOffice now and then exits without output when other instances are starting: try twice.
  await convert()
    .catch(() => undefined)
    .then(async () => {
      if (!fs.existsSync(xlsxOut)) {
        await new Promise((r) => setTimeout(r, 500));
        await convert();
      }
    })
    .catch(async (err: Error) => {
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw new UserError(
      { zh: `LibreOffice 无法转换该文件：${base}`, en: `LibreOffice could not convert the file: ${base} (${err.message.slice(0, 200)})` },
      { file: base },
      { zh: '用 Excel 或 WPS 打开该文件并另存为 .xlsx。', en: 'Open the file in Excel or WPS and save it as .xlsx.' },
    );
  });
  const xlsx = path.join(outDir, 'input.xlsx');
  if (!fs.existsSync(xlsx)) {
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw new UserError(
      { zh: `LibreOffice 没有生成 .xlsx：${base}`, en: `LibreOffice produced no .xlsx for ${base}` },
      { file: base },
      { zh: '用 Excel 或 WPS 打开该文件并另存为 .xlsx。', en: 'Open the file in Excel or WPS and save it as .xlsx.' },
    );
  }
  const keep = path.join(libreOfficeProfile(), `converted-${conversions.size}.xlsx`);
  await fs.promises.copyFile(xlsx, keep);
  conversions.set(key, keep);
  return { xlsx, dir };
}
