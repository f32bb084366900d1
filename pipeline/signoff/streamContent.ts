import { createHash } from 'node:crypto';
import { type CanonEntry, type CanonType, type CanonicalContent, canonicalValue, cellRef, columnLetters, columnNumber, escapeText, parseCanonical } from '../../domain/signoff/canonical';
import { type Scope, scopeTester } from '../../domain/signoff/scope';
import { blockExclusion, findSignatureBlock } from '../../domain/signoff/signatureBlock';
import { MAX_CONTENT_CHARS } from '../../domain/signoff/recordTable';
import { type WorkbookParts, streamSheetCells, xmlText } from './streamSheet';
import { verifiedEntryChunks } from '../read/guards';
import { currentLimits } from '../io/limits';

/** The canonical text of the scope is longer than a record can hold (MAX_CONTENT_CHARS); thrown as soon as it is. */
export class ContentTooLarge extends Error {
  /** estimated: found by precheckSize from the parts' bytes, before any line was made. */
  constructor(readonly cells: number, readonly sheet: string, readonly row: number, limit: number, readonly estimated = false) {
    super(`canonical text over ${limit} characters at ${sheet} row ${row}`);
    this.name = 'ContentTooLarge';
  }
}

/** A line's type between its tabs. */
const TYPE_TABS: Record<CanonType, string> = { s: '\ts\t', n: '\tn\t', b: '\tb\t', d: '\td\t', e: '\te\t' };

/** A text cell that might be a signature-block label (domain/signoff/signatureBlock.ts): only these are kept. */
const LABEL = /制表|审核|日期|prepared|reviewed|date/i;

export interface StreamedContent {
  content: CanonicalContent;
  /** Formulas in scope without a cached value, as "sheet!B5". */
  uncached: string[];
  /** Per scope sheet, its text cells that may be signature-block labels. */
  labels: Map<string, { row: number; col: number; text: string }[]>;
}

/**
 * The canonical content of `scope` (domain/signoff/canonical.ts, the same text and fingerprint as
 * `canonicalize` over exceljs's cells) read with the streaming reader: lines are made a row at a
 * time and hashed as they come; the cells are never all held as objects (`entries` is parsed from
 * the text only when verify needs a cell list).
 */
export async function streamContent(wb: WorkbookParts, scope: Scope, opts: { excludeBlocks?: boolean; maxChars?: number; sourceOf?: (sheet: string) => string; precheck?: boolean } = {}): Promise<StreamedContent & { scope: Scope }> {
  const maxChars = opts.maxChars ?? MAX_CONTENT_CHARS;
  if (opts.precheck) {
    const over = await precheckSize(wb, scope, maxChars, !!opts.excludeBlocks);
    if (over) throw over;
  }
  const chunks: string[] = [];
  let pending: string[] = [];
  let pendingChars = 0;
  let chars = 0;
  const flush = () => {
    if (!pending.length) return;
    const chunk = pending.join('');
    chunks.push(chunk);
    pending = [];
    pendingChars = 0;
  };
  /** With excludeBlocks: where each row holding a label starts and ends in the text, and its line count. */
  const labelRows = new Map<string, Map<number, { start: number; end: number; lines: number }>>();
  const cuts: { start: number; end: number; lines: number }[] = [];
  const sheets = scope.sheets.map((s) => ({ ...s, exclude: [...s.exclude], ranges: [...s.ranges] }));
  let cellCount = 0;
  const missingSheets: string[] = [];
  const uncached: string[] = [];
  const labels = new Map<string, { row: number; col: number; text: string }[]>();
  const letters: string[] = [];
  for (const sheetScope of sheets) {
    const inScope = scopeTester(sheetScope);
    const prefix = `'${escapeText(sheetScope.sheet).replace(/'/g, "''")}'!`;
    const own: { row: number; col: number; text: string }[] = [];
    const spans = new Map<number, { start: number; end: number; lines: number }>();
    labelRows.set(sheetScope.sheet, spans);
    const found = await streamSheetCells(wb, opts.sourceOf?.(sheetScope.sheet) ?? sheetScope.sheet, (row, cells) => {
      const start = chars;
      const labelsBefore = own.length;
      const rowText = String(row);
      let lines = 0;
      for (const cell of cells) {
        if (cell.uncached) uncached.push(`${sheetScope.sheet}!${cellRef(cell.row, cell.col)}`);
        if (cell.value?.kind === 'text' && cell.value.text.length <= 40 && LABEL.test(cell.value.text)) own.push({ row: cell.row, col: cell.col, text: cell.value.text });
        if (!inScope(cell.row, cell.col)) continue;
        const v = canonicalValue(cell.value);
        if (!v) continue;
        // the line `${prefix}${cellRef(row, col)}\t${type}\t${escaped value}\n`, in parts joined at the flush (no string per line)
        const letter = (letters[cell.col] ??= columnLetters(cell.col));
        const value = escapeText(v.value);
        pending.push(prefix, letter, rowText, TYPE_TABS[v.type], value, '\n');
        const length = prefix.length + letter.length + rowText.length + 3 + value.length + 1;
        pendingChars += length;
        chars += length;
        cellCount++;
        lines++;
      }
      if (opts.excludeBlocks && own.length > labelsBefore) spans.set(row, { start, end: chars, lines });
      // (the signature row, cut later, is a few dozen characters: not worth reading on for)
      if (chars > maxChars) throw new ContentTooLarge(cellCount, sheetScope.sheet, row, maxChars);
      if (pendingChars >= 1 << 16) flush();
    });
    if (!found) missingSheets.push(sheetScope.sheet);
    labels.set(sheetScope.sheet, own);
    if (opts.excludeBlocks) {
      // The default scope leaves out the signature block's row (docs/signoff-canonical-form.md §1):
      // found once the whole sheet is read, its lines are cut from the text.
      const slots = findSignatureBlock(own);
      if (slots) {
        sheetScope.exclude.push(blockExclusion(slots));
        const span = spans.get(slots.row);
        if (span && span.lines) cuts.push(span);
      }
    }
  }
  flush();
  // The signature rows' lines are cut out chunk by chunk, and the chunks hashed one by one (lines
  // never straddle two, so the digest is the whole text's): the text is joined only when asked
  // for (signing keeps it; an intact verify never does), not held twice at its end.
  const kept = cutOut(chunks, cuts);
  for (const cut of cuts) cellCount -= cut.lines;
  const hash = createHash('sha256');
  for (const chunk of kept) hash.update(chunk, 'utf8');
  const finalScope: Scope = { sheets };
  let entries: CanonEntry[] | null = null;
  let text: string | null = null;
  const content: CanonicalContent = {
    get entries() {
      return (entries ??= parseCanonical(this.text, finalScope));
    },
    cellCount,
    get text() {
      if (text === null) {
        text = kept.length === 1 ? kept[0] : kept.join('');
        kept.length = 0;
      }
      return text;
    },
    fingerprint: hash.digest('hex'),
    missingSheets,
  };
  return { content, uncached, labels, scope: finalScope };
}

/** `chunks` (the text in pieces) without the spans `cuts` (ascending, in the whole text's offsets). */
function cutOut(chunks: string[], cuts: readonly { start: number; end: number }[]): string[] {
  if (!cuts.length) return chunks;
  const out: string[] = [];
  let offset = 0;
  for (const chunk of chunks) {
    const end = offset + chunk.length;
    let kept = '';
    let at = offset;
    for (const cut of cuts) {
      if (cut.end <= at || cut.start >= end) continue;
      kept += chunk.slice(at - offset, Math.max(cut.start, at) - offset);
      at = Math.min(cut.end, end);
    }
    out.push(at === offset ? chunk : kept + chunk.slice(at - offset));
    offset = end;
  }
  return out;
}

/** One cell that certainly gives a canonical line: address, attributes, an optional formula, its value. */
const CELL = /<c r="([A-Z]{1,3})([0-9]{1,7})"([^>]*?)(\/?)>(<f\b[^>]*\/>|<f\b[^>]*>[^<]*<\/f>)?(?:<v>([^<]*)<\/v>|<is><t\b[^>]*>([^<]*)<\/t><\/is>)?/g;

/**
 * Refuses, before any line is made, a scope whose canonical text is certainly longer than
 * `maxChars`: a whole 1M-row report was refused only after 5.5 minutes and 2.57 GB, once its text
 * had been built up to the limit. The worksheet parts are inflated in chunks and their cells
 * counted with a regular expression, nothing kept: a lower bound of each line's length (the
 * sheet prefix, the address, the value as canonicalValue writes it for numbers, dates and shared
 * strings; 1 character for any other value; cells in a shape not matched are not counted). Per
 * sheet, with `excludeBlocks`, its longest row is taken off (the signature block's row, cut later,
 * is one row); cells of merged areas other than the top-left one (read as empty) are not counted
 * (a second pass, only when the first finds the limit passed and the sheet has merges). So it
 * never refuses a scope that fits; what it does not refuse is streamed and checked as before.
 * Only run when the scope's parts are at least an eighth of `maxChars` uncompressed.
 */
export async function precheckSize(wb: WorkbookParts, scope: Scope, maxChars: number, excludeBlocks: boolean): Promise<ContentTooLarge | null> {
  let xmlBytes = 0;
  for (const s of scope.sheets) xmlBytes += wb.parts.get(s.sheet)?.uncompressedSize ?? 0;
  if (!(xmlBytes >= maxChars / 8)) return null;
  const sharedLen: (number | undefined)[] = [];
  // a cell's t and s, by its attributes' text (a report's cells have a few dozen different ones)
  const attrsSeen = new Map<string, { t: string | undefined; styleId: number }>();
  const attrsOf = (attrs: string) => {
    let a = attrsSeen.get(attrs);
    if (!a) {
      a = { t: /\bt="([a-zA-Z]+)"/.exec(attrs)?.[1], styleId: Number(/\bs="([0-9]+)"/.exec(attrs)?.[1] ?? 0) };
      if (attrsSeen.size < 10_000) attrsSeen.set(attrs, a);
    }
    return a;
  };
  let base = 0;
  let baseCells = 0;
  for (const sheetScope of scope.sheets) {
    const entry = wb.parts.get(sheetScope.sheet);
    if (!entry) continue;
    const inScope = scopeTester(sheetScope);
    const prefixLen = `'${escapeText(sheetScope.sheet).replace(/'/g, "''")}'!`.length;
    const scan = async (follower: ((row: number, col: number) => boolean) | null) => {
      let chars = 0;
      let cells = 0;
      let maxRow = 0;
      let rowNo = 0;
      let rowChars = 0;
      let crossed: { row: number; cells: number } | null = null;
      let carry = '';
      let tail: string | null = null;
      const endRow = () => {
        if (rowChars > maxRow) maxRow = rowChars;
        rowChars = 0;
        if (!crossed && base + chars - (excludeBlocks ? maxRow : 0) > maxChars) crossed = { row: rowNo, cells: baseCells + cells };
      };
      const take = (text: string) => {
        CELL.lastIndex = 0;
        for (let m = CELL.exec(text); m; m = CELL.exec(text)) {
          const inline = m[7];
          const v = m[6] ?? inline;
          if (m[4] === '/' || v === undefined || v === '') continue;
          const row = Number(m[2]);
          const col = columnNumber(m[1]);
          if (row !== rowNo) {
            endRow();
            rowNo = row;
          }
          if (!inScope(row, col) || follower?.(row, col)) continue;
          const { t, styleId } = attrsOf(m[3]);
          let len: number;
          if (inline !== undefined) {
            if (t !== 'inlineStr') continue;
            // its text as read: UTF-8, entities decoded, an _xHHHH_ escape taken as one character
            // (printable ASCII without & _ \ is all of that as it is)
            len = plainAscii(inline) ? inline.length : escapeText(xmlText(Buffer.from(inline, 'latin1').toString('utf8')).replace(/_x[0-9A-Fa-f]{4}_/g, '_').normalize('NFC')).length;
          } else if (t === undefined || t === 'n') {
            const cv = canonicalValue({ kind: 'number', value: parseFloat(v), format: styleId ? wb.formats[styleId] : undefined });
            len = cv ? escapeText(cv.value).length : 0;
          } else if (t === 's' && m[5] === undefined) {
            const i = Number(v);
            let n = sharedLen[i];
            if (n === undefined) {
              const str = Number.isInteger(i) ? wb.shared[i] : null;
              n = str ? escapeText(str.normalize('NFC')).length : 0;
              sharedLen[i] = n;
            }
            len = n;
          } else if (t === 's' || t === 'b' || t === 'e' || t === 'str') {
            len = 1;
          } else {
            continue;
          }
          if (len === 0) continue;
          const line = prefixLen + m[1].length + m[2].length + 4 + len;
          chars += line;
          rowChars += line;
          cells++;
        }
      };
      for await (const chunk of verifiedEntryChunks(wb.file, entry, currentLimits())) {
        const s = chunk.toString('latin1');
        if (tail !== null) {
          tail += s;
          continue;
        }
        const text = carry + s;
        const end = text.indexOf('</sheetData>');
        if (end >= 0) {
          take(text.slice(0, end));
          tail = text.slice(end);
          continue;
        }
        const cut = text.lastIndexOf('</row>');
        if (cut < 0) {
          carry = text;
          continue;
        }
        take(text.slice(0, cut));
        carry = text.slice(cut);
      }
      if (tail === null) take(carry);
      endRow();
      return { chars: chars - (excludeBlocks ? maxRow : 0), cells, crossed: crossed as { row: number; cells: number } | null, tail: tail ?? '' };
    };
    let pass = await scan(null);
    if (pass.crossed && /<mergeCell\b/.test(pass.tail)) {
      const boxes = [...pass.tail.matchAll(/<mergeCell\b[^>]*?\bref="\$?([A-Z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Z]{1,3})\$?([0-9]{1,7}))?"/g)].map((m) => ({ c0: columnNumber(m[1]), r0: Number(m[2]), c1: columnNumber(m[3] ?? m[1]), r1: Number(m[4] ?? m[2]) }));
      const follower = (row: number, col: number) => boxes.some((b) => row >= Math.min(b.r0, b.r1) && row <= Math.max(b.r0, b.r1) && col >= Math.min(b.c0, b.c1) && col <= Math.max(b.c0, b.c1) && !(row === Math.min(b.r0, b.r1) && col === Math.min(b.c0, b.c1)));
      // A merge written in another form than ref="A1:B2" is not seen: then nothing is refused here.
      if ((pass.tail.match(/<mergeCell\b/g) ?? []).length !== boxes.length) return null;
      pass = await scan(follower);
    }
    if (pass.crossed) return new ContentTooLarge(pass.crossed.cells, sheetScope.sheet, pass.crossed.row, maxChars, true);
    base += pass.chars;
    baseCells += pass.cells;
  }
  return null;
}

/** Printable ASCII without & _ \ : text whose canonical length is its own. */
function plainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x26 || c === 0x5f || c === 0x5c) return false;
  }
  return true;
}

/** A sheet's text cells that may be signature-block labels (as streamContent collects them), no line made: null when there is no such sheet. */
export async function streamLabels(wb: WorkbookParts, sheet: string): Promise<{ row: number; col: number; text: string }[] | null> {
  const own: { row: number; col: number; text: string }[] = [];
  const found = await streamSheetCells(wb, sheet, (_row, cells) => {
    for (const cell of cells) if (cell.value?.kind === 'text' && cell.value.text.length <= 40 && LABEL.test(cell.value.text)) own.push({ row: cell.row, col: cell.col, text: cell.value.text });
  });
  return found ? own : null;
}

/** The rows of the 签核记录 sheet as tableToRecords takes them (null when there is no such sheet). */
export async function streamRecordRows(wb: WorkbookParts, sheet: string): Promise<unknown[][] | null> {
  const rows: unknown[][] = [];
  const found = await streamSheetCells(wb, sheet, (row, cells) => {
    const values: unknown[] = [];
    for (const c of cells) {
      const v = c.value;
      let x: unknown = '';
      if (v?.kind === 'text') x = v.text;
      else if (v?.kind === 'number') x = v.value;
      else if (v?.kind === 'boolean') x = v.value;
      else if (v?.kind === 'date') x = new Date(v.epochMs);
      else if (v?.kind === 'error') x = { error: v.code };
      values[c.col - 1] = x;
    }
    for (let i = 0; i < values.length; i++) if (values[i] === undefined) values[i] = '';
    rows[row - 1] = values;
  });
  if (!found) return null;
  for (let i = 0; i < rows.length; i++) if (rows[i] === undefined) rows[i] = [];
  return rows;
}
