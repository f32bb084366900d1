import { createHash } from 'node:crypto';
import { type CanonEntry, type CanonicalContent, canonicalValue, cellRef, escapeText, parseCanonical } from '../../domain/signoff/canonical';
import { type Scope, scopeTester } from '../../domain/signoff/scope';
import { blockExclusion, findSignatureBlock } from '../../domain/signoff/signatureBlock';
import { MAX_CONTENT_CHARS } from '../../domain/signoff/recordTable';
import { type WorkbookParts, streamSheetCells } from './streamSheet';

/** The canonical text of the scope is longer than a record can hold (MAX_CONTENT_CHARS); thrown as soon as it is. */
export class ContentTooLarge extends Error {
  constructor(readonly cells: number, readonly sheet: string, readonly row: number, limit: number) {
    super(`canonical text over ${limit} characters at ${sheet} row ${row}`);
    this.name = 'ContentTooLarge';
  }
}

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
export async function streamContent(wb: WorkbookParts, scope: Scope, opts: { excludeBlocks?: boolean; maxChars?: number; sourceOf?: (sheet: string) => string } = {}): Promise<StreamedContent & { scope: Scope }> {
  const maxChars = opts.maxChars ?? MAX_CONTENT_CHARS;
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
  for (const sheetScope of sheets) {
    const inScope = scopeTester(sheetScope);
    const prefix = `'${escapeText(sheetScope.sheet).replace(/'/g, "''")}'!`;
    const own: { row: number; col: number; text: string }[] = [];
    const spans = new Map<number, { start: number; end: number; lines: number }>();
    labelRows.set(sheetScope.sheet, spans);
    const found = await streamSheetCells(wb, opts.sourceOf?.(sheetScope.sheet) ?? sheetScope.sheet, (row, cells) => {
      const start = chars;
      const labelsBefore = own.length;
      let lines = 0;
      for (const cell of cells) {
        if (cell.uncached) uncached.push(`${sheetScope.sheet}!${cellRef(cell.row, cell.col)}`);
        if (cell.value?.kind === 'text' && cell.value.text.length <= 40 && LABEL.test(cell.value.text)) own.push({ row: cell.row, col: cell.col, text: cell.value.text });
        if (!inScope(cell.row, cell.col)) continue;
        const v = canonicalValue(cell.value);
        if (!v) continue;
        const line = `${prefix}${cellRef(cell.row, cell.col)}\t${v.type}\t${escapeText(v.value)}\n`;
        pending.push(line);
        pendingChars += line.length;
        chars += line.length;
        cellCount++;
        lines++;
      }
      if (opts.excludeBlocks && own.length > labelsBefore) spans.set(row, { start, end: chars, lines });
      // (the signature row, cut later, is a few dozen characters: not worth reading on for)
      if (chars > maxChars) throw new ContentTooLarge(cellCount, sheetScope.sheet, row, maxChars);
      if (pendingChars >= 1 << 20) flush();
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
  let text = chunks.length === 1 ? chunks[0] : chunks.join('');
  chunks.length = 0;
  for (const cut of cuts.reverse()) {
    text = text.slice(0, cut.start) + text.slice(cut.end);
    cellCount -= cut.lines;
  }
  const hash = createHash('sha256').update(text, 'utf8');
  const finalScope: Scope = { sheets };
  let entries: CanonEntry[] | null = null;
  const content: CanonicalContent = {
    get entries() {
      return (entries ??= parseCanonical(text, finalScope));
    },
    cellCount,
    text,
    fingerprint: hash.digest('hex'),
    missingSheets,
  };
  return { content, uncached, labels, scope: finalScope };
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
