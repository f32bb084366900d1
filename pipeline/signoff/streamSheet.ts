import { createRequire } from 'node:module';
import type { RawValue } from '../../domain/signoff/canonical';
import { entryText, readZipDirectory, verifiedEntryChunks, workbookPreamble, type ZipEntryInfo } from '../read/guards';
import { currentLimits } from '../io/limits';
import { plainNumberAt } from '../read/xlsxSheet';
import { sheetsByPart } from '../read/xlsxFast';

/**
 * A streaming reader of a workbook's cells for the sign-off, giving each cell the very raw value
 * exceljs's full (non-streaming) load gives it (pipeline/signoff/cells.ts), so the fingerprint is
 * the one signing with exceljs computed — but without building exceljs's model of every cell:
 * a 100,000-row report took 79 s and 4.3 GB that way. The worksheet part is inflated in chunks and
 * read one <row> at a time; nothing of a row is kept once its cells are handed on.
 *
 * What it mirrors of exceljs 4.4 (xlsx/xform/sheet/cell-xform.js, strings/*, style/styles-xform.js):
 * - a cell's number format is its style's (cellXfs) only when s is not 0: the workbook's custom
 *   code, else exceljs's built-in table, Chinese ids 27–36/50–58 as their zh-CN codes (cjkFormats.ts);
 * - a number (or a formula's cached result) whose format exceljs takes for a date (its own,
 *   case-sensitive test) is the Date exceljs's excelToDate makes of it, 1900 or 1904 system;
 * - t="s" shared strings (rich text joined; `_xHHHH_` escapes decoded as exceljs does), t="str"
 *   decoded twice (XML, then exceljs's xmlDecode), inline strings, t="b", t="e", numbers by
 *   parseFloat; a formula is a formula when <f> has text or a t attribute, its result dropped when falsy;
 * - cells of a merged area other than its top-left one are empty.
 * Anything it does not mirror exactly — hyperlinks, a cell without an address, rows or cells out
 * of order, a shared string index that does not exist, prefixed (x:) markup — throws NotStreamable,
 * and the caller reads the workbook with exceljs as before: slower, never a different fingerprint.
 */

export class NotStreamable extends Error {
  constructor(why: string) {
    super(`not streamable: ${why}`);
    this.name = 'NotStreamable';
  }
}

type DefaultFormats = Record<number, { f?: string; 'zh-cn'?: string }>;
const requireHere = createRequire(__filename);
const DEFAULT_FORMATS = requireHere('exceljs/lib/xlsx/defaultnumformats') as DefaultFormats;
const EXCELJS_UTILS = requireHere('exceljs/lib/utils/utils') as { isDateFmt(fmt: string | undefined): boolean; excelToDate(v: unknown, date1904: boolean): Date };

/** exceljs's default format code of a built-in id, Chinese date ids included (cjkFormats.ts). */
function builtinFormat(id: number): string | undefined {
  const d = DEFAULT_FORMATS[id];
  if (!d) return undefined;
  return d.f ?? d['zh-cn'];
}

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text content as an XML parser hands it over: line ends normalised, entities and character references decoded. */
export function xmlText(raw: string): string {
  let s = raw.indexOf('\r') >= 0 ? raw.replace(/\r\n?/g, '\n') : raw;
  if (s.indexOf('&') >= 0) s = s.replace(ENTITY, (_m, hex: string | undefined, dec: string | undefined, name: string | undefined) => (name ? NAMED[name] : String.fromCodePoint(hex ? parseInt(hex, 16) : Number(dec))));
  return s;
}

/** exceljs's utils.xmlDecode, applied again to a t="str" value. */
function exceljsXmlDecode(text: string): string {
  return text.replace(/&([a-z]*);/g, (c) => (c === '&lt;' ? '<' : c === '&gt;' ? '>' : c === '&amp;' ? '&' : c === '&apos;' ? "'" : c === '&quot;' ? '"' : c));
}

/** exceljs's TextXform: `_xHHHH_` escapes decoded (upper-case hex only, as it does). */
function textXform(text: string): string {
  return text.replace(/_x([0-9A-F]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

const ATTR = /([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attrOf(attrs: string, name: string): string | undefined {
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(attrs); m; m = ATTR.exec(attrs)) if (m[1] === name) return xmlText(m[2] ?? m[3]);
  return undefined;
}

/** The <t> texts and <r> runs of a shared or inline string: plain text, or null for an item exceljs reads as an empty object. */
const PLAIN_T = /^<t(?:\s+xml:space="preserve")?>([^<]*)<\/t>$/;

function stringItem(inner: string, rich: 'join' | 'inline'): string | null {
  const plain = PLAIN_T.exec(inner);
  if (plain) return rich === 'join' ? textXform(xmlText(plain[1])) : xmlText(plain[1]);
  const parts: { tag: 'r' | 't'; text: string }[] = [];
  const re = /<(\/?)([A-Za-z:]+)\b([^>]*?)(\/?)>/g;
  let depth = 0;
  let cur: { tag: 'r' | 't'; text: string } | null = null;
  let tOpen = -1;
  for (let m = re.exec(inner); m; m = re.exec(inner)) {
    const [, close, tag, , selfClose] = m;
    if (tag.includes(':')) throw new NotStreamable('prefixed markup in a string');
    if (!close && !selfClose) depth++;
    if (close) depth--;
    if (tag === 'rPh' || tag === 'phoneticPr') {
      if (!close && !selfClose) {
        // skip the phonetic run whole: exceljs drops it
        const end = inner.indexOf('</rPh>', m.index);
        if (tag === 'rPh') {
          if (end < 0) throw new NotStreamable('unclosed rPh');
          re.lastIndex = end + 6;
          depth--;
        }
      }
      continue;
    }
    if (tag === 'r' && depth <= 1 && !close && !selfClose) cur = { tag: 'r', text: '' };
    else if (tag === 'r' && close) {
      if (cur) parts.push(cur);
      cur = null;
    } else if (tag === 't') {
      if (selfClose) {
        if (cur) cur.text += '';
        else parts.push({ tag: 't', text: '' });
      } else if (!close) tOpen = m.index + m[0].length;
      else {
        const text = xmlText(inner.slice(tOpen, m.index));
        if (cur) cur.text += text;
        else parts.push({ tag: 't', text });
      }
    }
  }
  if (!parts.length) return null;
  const kinds = new Set(parts.map((p) => p.tag));
  if (kinds.size > 1) throw new NotStreamable('text and rich runs mixed');
  if (parts[0].tag === 't') {
    // exceljs: the last <t> of a shared string wins; an inline string's <t>s are appended, undecoded.
    return rich === 'join' ? textXform(parts[parts.length - 1].text) : parts.map((p) => p.text).join('');
  }
  return parts.map((p) => textXform(p.text)).join('');
}

/** Shared strings as exceljs reads them: a string, or null for an item with neither text nor runs. */
export function parseSharedStrings(xml: string): (string | null)[] {
  const out: (string | null)[] = [];
  const re = /<si\b[^>]*?(\/?)>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    if (m[1] === '/') {
      out.push(null);
      continue;
    }
    const end = xml.indexOf('</si>', re.lastIndex);
    if (end < 0) throw new NotStreamable('sharedStrings: <si> without </si>');
    out.push(stringItem(xml.slice(re.lastIndex, end), 'join'));
    re.lastIndex = end + 5;
  }
  if (/<\w+:si\b/.test(xml)) throw new NotStreamable('prefixed shared strings');
  return out;
}

/** Number format code per style index, as exceljs's getStyleModel gives it (undefined: none). */
export function parseStyleFormats(xml: string): (string | undefined)[] {
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<numFmt\b([^>]*?)\/?>/g)) {
    const id = attrOf(m[1], 'numFmtId');
    const code = attrOf(m[1], 'formatCode');
    if (id !== undefined && code !== undefined) custom.set(parseInt(id, 10), code);
  }
  const out: (string | undefined)[] = [];
  const x0 = xml.indexOf('<cellXfs');
  if (x0 < 0) return out;
  const x1 = xml.indexOf('</cellXfs>', x0);
  const part = xml.slice(x0, x1 < 0 ? undefined : x1);
  for (const m of part.matchAll(/<xf\b([^>]*?)\/?>/g)) {
    const id = parseInt(attrOf(m[1], 'numFmtId') ?? '0', 10);
    out.push(id ? (custom.get(id) ?? builtinFormat(id)) : undefined);
  }
  return out;
}

/** "B5" → row 5, col 2; null when not a plain reference. */
export function decodeRef(ref: string): { row: number; col: number } | null {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else break;
  }
  if (i === 0 || i === ref.length) return null;
  const row = Number(ref.slice(i));
  if (!Number.isInteger(row) || row < 1) return null;
  return { row, col };
}

export interface StreamedCell {
  row: number;
  col: number;
  value: RawValue;
  /** A formula without a cached result (exceljs: none, or a falsy one it drops but cell.result keeps). */
  uncached: boolean;
}

export interface WorkbookParts {
  file: string;
  entries: ZipEntryInfo[];
  /** Sheet name → its worksheet part. */
  parts: Map<string, ZipEntryInfo>;
  sheets: { name: string; state?: string; rId: string }[];
  date1904: boolean;
  formats: (string | undefined)[];
  shared: (string | null)[];
}

/** The workbook's structure and tables for streamed reading; throws NotStreamable when this reader cannot mirror exceljs on it. */
export async function openWorkbookParts(file: string): Promise<WorkbookParts> {
  const entries = await readZipDirectory(file);
  if (!entries) throw new NotStreamable('zip directory');
  for (const e of entries) if (e.encrypted || (e.method !== 0 && e.method !== 8) || !Number.isFinite(e.compressedSize)) throw new NotStreamable(`entry ${e.name}`);
  const pre = await workbookPreamble(file);
  const sheets = pre.model?.sheets ?? [];
  if (!sheets.length) throw new NotStreamable('no sheets');
  const byPart = await sheetsByPart(file, entries, sheets);
  const parts = new Map<string, ZipEntryInfo>();
  for (const [part, sh] of byPart) {
    const e = entries.find((x) => x.name === part);
    if (e) parts.set(sh.name, e);
  }
  const st = entries.find((e) => e.name === 'xl/styles.xml');
  const ss = entries.find((e) => e.name === 'xl/sharedStrings.xml');
  return {
    file,
    entries,
    parts,
    sheets,
    date1904: !!pre.properties?.model.date1904,
    formats: st ? parseStyleFormats(await entryText(file, st)) : [],
    shared: ss ? parseSharedStrings(await entryText(file, ss)) : [],
  };
}

/** The part after </sheetData> (merges, hyperlinks …), scanned while inflating, the rows not kept (searched as bytes: no string is made of them). */
export async function sheetTail(file: string, e: ZipEntryInfo): Promise<string> {
  let carry: Buffer = Buffer.alloc(0);
  let tail: Buffer[] | null = null;
  for await (const chunk of verifiedEntryChunks(file, e, currentLimits())) {
    if (tail !== null) {
      tail.push(chunk);
      continue;
    }
    // '</sheetData>' split between two chunks
    const edge = Buffer.concat([carry, chunk.subarray(0, 11)]);
    const over = edge.indexOf('</sheetData>');
    if (over >= 0) {
      tail = [edge.subarray(over), chunk.subarray(11)];
      continue;
    }
    const at = chunk.indexOf('</sheetData>');
    if (at >= 0) tail = [chunk.subarray(at)];
    else carry = chunk.subarray(Math.max(0, chunk.length - 11));
  }
  return tail ? Buffer.concat(tail).toString('utf8') : '';
}

/** Cells of merged areas other than their top-left one (exceljs reads them as empty). */
function mergedFollowers(tail: string): (row: number, col: number) => boolean {
  const boxes: { r0: number; c0: number; r1: number; c1: number }[] = [];
  for (const m of tail.matchAll(/<mergeCell\b([^>]*?)\/?>/g)) {
    const ref = attrOf(m[1], 'ref');
    if (!ref) continue;
    const [a, b] = ref.split(':');
    const p = decodeRef(a.replace(/\$/g, ''));
    const q = decodeRef((b ?? a).replace(/\$/g, ''));
    if (!p || !q) throw new NotStreamable(`merge ${ref}`);
    boxes.push({ r0: Math.min(p.row, q.row), c0: Math.min(p.col, q.col), r1: Math.max(p.row, q.row), c1: Math.max(p.col, q.col) });
  }
  if (!boxes.length) return () => false;
  const byRow = new Map<number, typeof boxes>();
  for (const b of boxes) for (let r = b.r0; r <= b.r1; r++) (byRow.get(r) ?? byRow.set(r, []).get(r)!).push(b);
  return (row, col) => {
    const list = byRow.get(row);
    if (!list) return false;
    return list.some((b) => col >= b.c0 && col <= b.c1 && (row !== b.r0 || col !== b.c0));
  };
}

const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const ROW_OPEN = /<row\b([^>]*?)(\/?)>/g;

function elementText(inner: string, tag: 'v' | 'f'): { present: boolean; text: string | undefined; attrs: string } {
  const open = inner.indexOf(`<${tag}`);
  if (open < 0) return { present: false, text: undefined, attrs: '' };
  const gt = inner.indexOf('>', open);
  const attrs = inner.slice(open + 2, inner[gt - 1] === '/' ? gt - 1 : gt);
  if (inner[gt - 1] === '/') return { present: true, text: undefined, attrs };
  const close = inner.indexOf(`</${tag}>`, gt);
  const raw = inner.slice(gt + 1, close < 0 ? undefined : close);
  return { present: true, text: raw === '' ? undefined : xmlText(raw), attrs };
}

/**
 * One cell's raw value as exceljs's load and cells.ts give it: exceljs's model (cell-xform parse +
 * reconcile), then `withCachedResult` and `rawValueOf`.
 */
function cellValue(wb: WorkbookParts, t: string | undefined, sAttr: string | undefined, inner: string | undefined): { value: RawValue; uncached: boolean } {
  const styleId = sAttr !== undefined ? parseInt(sAttr, 10) : undefined;
  const format = styleId ? wb.formats[styleId] : undefined; // exceljs: no style for s="0"
  const exceljsDate = EXCELJS_UTILS.isDateFmt(format);
  const toDate = (v: unknown): RawValue => ({ kind: 'date', epochMs: EXCELJS_UTILS.excelToDate(v, wb.date1904).getTime(), format });
  if (inner === undefined || inner === '') return { value: null, uncached: false };
  if (inner.includes('<x:') || inner.includes('<is:')) throw new NotStreamable('prefixed cell markup');
  const f = elementText(inner, 'f');
  let valueText: string | undefined;
  if (t === 'inlineStr') {
    const is0 = inner.indexOf('<is');
    if (is0 >= 0) {
      const gt = inner.indexOf('>', is0);
      if (inner[gt - 1] !== '/') {
        const end = inner.indexOf('</is>', gt);
        const text = stringItem(inner.slice(gt + 1, end < 0 ? undefined : end), 'inline');
        valueText = text === null ? undefined : text;
      }
    }
    if (valueText === undefined) valueText = elementText(inner, 'v').text;
  } else valueText = elementText(inner, 'v').text;
  const isFormula = f.present && ((f.text !== undefined && f.text !== '') || attrOf(f.attrs, 't') !== undefined);
  if (isFormula) {
    if (!valueText) return { value: null, uncached: true };
    let result: unknown;
    if (t === 'str') result = exceljsXmlDecode(valueText);
    else if (t === 'b') result = parseInt(valueText, 10) !== 0;
    else if (t === 'e') result = { error: valueText };
    else result = parseFloat(valueText);
    if (exceljsDate) return { value: toDate(result), uncached: false };
    if (typeof result === 'string') return { value: { kind: 'text', text: result }, uncached: false };
    if (typeof result === 'boolean') return { value: { kind: 'boolean', value: result }, uncached: false };
    if (typeof result === 'number') return { value: { kind: 'number', value: result, format }, uncached: false };
    return { value: { kind: 'error', code: String((result as { error: string }).error) }, uncached: false };
  }
  if (valueText === undefined) return { value: null, uncached: false };
  switch (t) {
    case 's': {
      const i = parseInt(valueText, 10);
      if (!(i >= 0 && i < wb.shared.length)) throw new NotStreamable(`shared string ${valueText}`);
      const s = wb.shared[i];
      return { value: s === null ? null : { kind: 'text', text: s }, uncached: false };
    }
    case 'str':
      return { value: { kind: 'text', text: exceljsXmlDecode(valueText) }, uncached: false };
    case 'inlineStr':
      return { value: { kind: 'text', text: valueText }, uncached: false };
    case 'b':
      return { value: { kind: 'boolean', value: parseInt(valueText, 10) !== 0 }, uncached: false };
    case 'e':
      return { value: { kind: 'error', code: valueText }, uncached: false };
    default: {
      const n = parseFloat(valueText);
      if (exceljsDate) return { value: toDate(n), uncached: false };
      return { value: { kind: 'number', value: n, format }, uncached: false };
    }
  }
}

/** Per style index: its number format and whether exceljs takes it for a date (both asked of every number). */
function styleTable(wb: WorkbookParts): (styleId: number) => { format: string | undefined; date: boolean } {
  const known: { format: string | undefined; date: boolean }[] = [];
  return (styleId) => {
    let k = known[styleId];
    if (!k) {
      const format = styleId ? wb.formats[styleId] : undefined; // exceljs: no style for s="0"
      k = known[styleId] = { format, date: EXCELJS_UTILS.isDateFmt(format) };
    }
    return k;
  };
}

/** Digits only (at most 9): their value; else -1. */
function plainIndex(s: string, a: number, b: number): number {
  if (b <= a || b - a > 9) return -1;
  let n = 0;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}

const T_NONE = 0;
const T_S = 1;
const T_STR = 2;
const T_INLINE = 3;
const T_OTHER = 4;

interface RowContext {
  wb: WorkbookParts;
  style: ReturnType<typeof styleTable>;
  follower: (row: number, col: number) => boolean;
}

/**
 * The cells of one row in the shapes generated reports are written in, read straight from the
 * latin1 view of its bytes (`s`, positions = byte offsets into `bytes`) — no regular expression,
 * no string per attribute, text decoded from UTF-8 once: <c r="B5" s="3" t="s|str|inlineStr|n">
 * holding nothing, <v>…</v>, or <is><t>…</t></is>. false, nothing pushed, when the row holds
 * anything else (a formula, a boolean, an attribute in single quotes, whitespace between cells, a
 * cell out of order …): the caller reads that row as before (slowRow), so what this gives is what
 * cellValue gives for the same cell.
 */
function fastRow(ctx: RowContext, s: string, bytes: Buffer, a: number, b: number, rowNo: number, cells: StreamedCell[]): boolean {
  let i = a;
  let lastCol = 0;
  while (i < b) {
    if (s.charCodeAt(i) !== 60 || s.charCodeAt(i + 1) !== 99 || s.charCodeAt(i + 2) !== 32) return false; // '<c '
    i += 3;
    let col = 0;
    let row = 0;
    let t = T_NONE;
    let styleId = -1;
    let selfClosed = false;
    for (;;) {
      if (i >= b) return false;
      const c = s.charCodeAt(i);
      if (c === 62) {
        i++;
        break;
      }
      if (c === 47) {
        if (s.charCodeAt(i + 1) !== 62) return false;
        i += 2;
        selfClosed = true;
        break;
      }
      if (c === 32) {
        i++;
        continue;
      }
      const nameStart = i;
      for (let n = c; (n >= 97 && n <= 122) || (n >= 65 && n <= 90) || (n >= 48 && n <= 58) || n === 95; n = s.charCodeAt(++i));
      const nameLength = i - nameStart;
      if (nameLength === 0 || s.charCodeAt(i) !== 61 || s.charCodeAt(i + 1) !== 34) return false; // name="
      const v0 = i + 2;
      const v1 = s.indexOf('"', v0);
      if (v1 < 0 || v1 >= b) return false;
      const gt = s.indexOf('>', v0);
      if (gt >= 0 && gt < v1) return false; // the cell's markup ends at a '>', even in a value
      i = v1 + 1;
      if (nameLength !== 1) continue;
      const name = s.charCodeAt(nameStart);
      if (name === 114) {
        // r: letters then digits, nothing else
        let j = v0;
        col = 0;
        for (let k = s.charCodeAt(j); k >= 65 && k <= 90; k = s.charCodeAt(++j)) col = col * 26 + (k - 64);
        if (j === v0) return false;
        row = plainIndex(s, j, v1);
        if (row < 1) return false;
      } else if (name === 116) {
        const len = v1 - v0;
        if (len === 1 && s.charCodeAt(v0) === 115) t = T_S;
        else if (len === 1 && s.charCodeAt(v0) === 110) t = T_NONE; // "n": a number, as without t
        else if (len === 3 && s.startsWith('str', v0)) t = T_STR;
        else if (len === 9 && s.startsWith('inlineStr', v0)) t = T_INLINE;
        else t = T_OTHER;
      } else if (name === 115) {
        styleId = plainIndex(s, v0, v1);
        if (styleId < 0) return false;
      }
    }
    if (t === T_OTHER || row !== rowNo || col <= lastCol) return false;
    lastCol = col;
    if (selfClosed) continue; // empty
    // the content, up to its </c>
    let v0: number;
    let v1: number;
    if (s.startsWith('</c>', i)) {
      i += 4;
      continue; // empty
    }
    if (s.startsWith('<v>', i)) {
      v0 = i + 3;
      v1 = s.indexOf('<', v0);
      if (v1 < 0 || v1 >= b || !s.startsWith('</v></c>', v1)) return false;
      i = v1 + 8;
      if (t === T_INLINE) return false;
    } else if (t === T_INLINE && s.startsWith('<is><t', i)) {
      let j = i + 6;
      if (s.startsWith(' xml:space="preserve"', j)) j += 21;
      if (s.charCodeAt(j) !== 62) return false;
      v0 = j + 1;
      v1 = s.indexOf('<', v0);
      if (v1 < 0 || v1 >= b || !s.startsWith('</t></is></c>', v1)) return false;
      i = v1 + 13;
    } else return false;
    if (ctx.follower(row, col)) continue;
    if (v1 === v0 && t !== T_INLINE) continue; // <v></v>: no value
    let value: RawValue;
    if (t === T_S) {
      const k = plainIndex(s, v0, v1);
      if (k < 0 || k >= ctx.wb.shared.length) return false;
      const text = ctx.wb.shared[k];
      if (text === null) continue;
      value = { kind: 'text', text };
    } else if (t === T_NONE) {
      const n = plainNumberAt(bytes, v0, v1);
      if (Number.isNaN(n)) return false;
      const st = ctx.style(styleId < 0 ? 0 : styleId);
      value = st.date ? { kind: 'date', epochMs: EXCELJS_UTILS.excelToDate(n, ctx.wb.date1904).getTime(), format: st.format } : { kind: 'number', value: n, format: st.format };
    } else {
      // text: as read by an XML parser (UTF-8, entities, line ends), then exceljs's decoding of a t="str"
      let plain = true;
      for (let j = v0; j < v1; j++) {
        const c = s.charCodeAt(j);
        if (c >= 128 || c === 38 || c === 13) {
          plain = false;
          break;
        }
      }
      let text = plain ? s.slice(v0, v1) : xmlText(bytes.toString('utf8', v0, v1));
      if (t === T_STR) text = exceljsXmlDecode(text);
      value = { kind: 'text', text };
    }
    cells.push({ row, col, value, uncached: false });
  }
  return true;
}

/** One row's cells read with regular expressions from its decoded text, every shape cellValue knows. */
function slowRow(wb: WorkbookParts, follower: (row: number, col: number) => boolean, inner: string, rowNo: number, cells: StreamedCell[]): void {
  let lastCol = 0;
  CELL.lastIndex = 0;
  for (let c = CELL.exec(inner); c; c = CELL.exec(inner)) {
    let ref: string | undefined;
    let t: string | undefined;
    let st: string | undefined;
    ATTR.lastIndex = 0;
    for (let a = ATTR.exec(c[1]); a; a = ATTR.exec(c[1])) {
      const v = a[2] ?? a[3];
      if (a[1] === 'r') ref = v;
      else if (a[1] === 't') t = v;
      else if (a[1] === 's') st = v;
    }
    const pos = ref ? decodeRef(ref) : null;
    if (!pos || pos.row !== rowNo || pos.col <= lastCol) throw new NotStreamable('cell without an address, or out of order');
    lastCol = pos.col;
    if (follower(pos.row, pos.col)) continue;
    const { value, uncached } = cellValue(wb, t, st, c[2]);
    if (value === null && !uncached) continue;
    cells.push({ row: pos.row, col: pos.col, value, uncached });
  }
}

/**
 * Streams the cells of sheet `name` row by row (ascending), each row's cells by column, to
 * `onRow`; merged followers and empty cells are left out. false when the workbook has no such sheet.
 * The part is read as latin1 (one character per byte, so positions are byte offsets): its markup is
 * ASCII, and a text is decoded from its bytes as UTF-8 once, when a cell's value is made of it.
 */
export async function streamSheetCells(wb: WorkbookParts, name: string, onRow: (row: number, cells: StreamedCell[]) => void): Promise<boolean> {
  const e = wb.parts.get(name);
  if (!e) return false;
  const tail = await sheetTail(wb.file, e);
  if (/<(?:\w+:)?hyperlink\b/.test(tail)) throw new NotStreamable('hyperlinks');
  const follower = mergedFollowers(tail);
  const ctx: RowContext = { wb, style: styleTable(wb), follower };
  let bytes: Buffer = Buffer.alloc(0);
  let buf = '';
  let lastRow = 0;
  let inData = false;
  let done = false;
  const utf8 = (a: number, b: number) => bytes.toString('utf8', a, b);
  const handleRows = (final: boolean) => {
    let at = 0;
    if (!inData) {
      const sd = buf.indexOf('<sheetData');
      const gt = sd < 0 ? -1 : buf.indexOf('>', sd);
      if (gt < 0) {
        if (/<\w+:worksheet\b/.test(buf)) throw new NotStreamable('prefixed worksheet');
        at = final ? buf.length : sd >= 0 ? sd : Math.max(0, buf.length - 32);
        return at;
      }
      inData = true;
      at = gt + 1;
      if (buf[at - 2] === '/') {
        done = true;
        return at;
      }
    }
    const endData = buf.indexOf('</sheetData>', at); // buf does not change while its rows are read
    for (;;) {
      ROW_OPEN.lastIndex = at;
      const m = ROW_OPEN.exec(buf);
      if (!m || (endData >= 0 && endData < m.index)) {
        if (endData >= 0) done = true;
        break;
      }
      let rowEnd: number;
      const innerStart = m.index + m[0].length;
      let innerEnd: number;
      if (m[2] === '/') {
        rowEnd = innerStart;
        innerEnd = innerStart;
      } else {
        const close = buf.indexOf('</row>', m.index);
        if (close < 0) {
          waitingForRowEnd = true; // the rest of the row is in the next chunks
          break;
        }
        rowEnd = close + 6;
        innerEnd = close;
      }
      at = rowEnd;
      let rowNo = m[1].startsWith(' r="') ? plainIndex(m[1], 4, m[1].indexOf('"', 4)) : -1; // the usual <row r="5" …>
      if (rowNo < 0) {
        const rowAttrs = /[\u0080-\u00ff]/.test(m[1]) ? utf8(m.index + 4, m.index + 4 + m[1].length) : m[1];
        const rAttr = attrOf(rowAttrs, 'r');
        rowNo = rAttr !== undefined ? Number(rAttr) : NaN;
      }
      if (!Number.isInteger(rowNo) || rowNo <= lastRow) throw new NotStreamable('row without a number, or out of order');
      lastRow = rowNo;
      const cells: StreamedCell[] = [];
      if (!fastRow(ctx, buf, bytes, innerStart, innerEnd, rowNo, cells)) {
        cells.length = 0;
        slowRow(wb, follower, utf8(innerStart, innerEnd), rowNo, cells);
      }
      if (cells.length) onRow(rowNo, cells);
    }
    return at;
  };
  // A row longer than a chunk (the 签核记录 row holds the whole canonical text) is gathered in
  // pieces and joined once its </row> has come: appending each chunk to it and searching it again
  // made reading that row quadratic (minutes for a 100,000-row report's record).
  let waitingForRowEnd = false;
  let pieces: Buffer[] = [];
  let rest = bytes;
  const take = (final: boolean) => {
    buf = bytes.toString('latin1');
    const at = handleRows(final);
    rest = bytes.subarray(at);
  };
  for await (const chunk of verifiedEntryChunks(wb.file, e, currentLimits())) {
    if (done) continue;
    if (waitingForRowEnd) {
      const last = pieces.length ? pieces[pieces.length - 1] : rest;
      if (chunk.indexOf('</row>') < 0 && Buffer.concat([last.subarray(-5), chunk.subarray(0, 5)]).indexOf('</row>') < 0) {
        pieces.push(chunk);
        continue;
      }
      bytes = Buffer.concat([rest, ...pieces, chunk]);
      pieces = [];
      waitingForRowEnd = false;
    } else bytes = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    take(false);
  }
  if (!done) {
    bytes = Buffer.concat([rest, ...pieces]);
    take(true);
  }
  return true;
}
