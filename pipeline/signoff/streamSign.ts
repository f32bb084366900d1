import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import type { SignoffRecord } from '../../domain/signoff/record';
import { RECORD_SHEET, recordsToTable } from '../../domain/signoff/recordTable';
import type { Scope } from '../../domain/signoff/scope';
import { blockFill, type SignatureSlots } from '../../domain/signoff/signatureBlock';
import { columnLetter } from '../../domain/issues';
import { dayNumber } from '../../domain/dates';
import { entryBytes, verifiedEntryChunks, type ZipEntryInfo } from '../read/guards';
import { currentLimits } from '../io/limits';
import { ZipOut } from '../reconcile/xlsx';
import type { WorkbookParts } from './streamSheet';
import { NEEDS_X_ESCAPE, escapeXString } from '../io/xString';

/**
 * Writes a signed (or unsealed) workbook without loading it into exceljs: every part is copied as it is, except
 * - xl/workbook.xml, its relationships and [Content_Types].xml, which gain the very hidden
 *   签核记录 sheet when the workbook has none yet;
 * - xl/styles.xml, which gains a text ('@') style for the record cells and a yyyy-mm-dd copy of
 *   each signature date cell's style;
 * - each signed sheet: the cells of its signature block get the names and date, and the sheet
 *   its protection (as exceljs's protect() writes it), streamed through;
 * - the 签核记录 sheet, written anew from the records.
 * Nothing else changes: column page breaks, the Normal font, page numbering, and everything
 * exceljs would have dropped or rewritten stay as they were (colBreaks.ts is not needed here).
 */

const XmlStream = createRequire(__filename)('exceljs/lib/utils/xml-stream') as new () => { xml: string };
const SheetProtectionXform = createRequire(__filename)('exceljs/lib/xlsx/xform/sheet/sheet-protection-xform') as new () => { render(stream: unknown, model: unknown): void };

/** The <sheetProtection> element exceljs's protect(password, options) writes. */
async function protectionXml(password: string): Promise<string> {
  const ws = new ExcelJS.Workbook().addWorksheet('x');
  await ws.protect(password, { selectLockedCells: true, selectUnlockedCells: false, formatCells: false, formatColumns: true, formatRows: true });
  const stream = new XmlStream();
  new SheetProtectionXform().render(stream, (ws as unknown as { sheetProtection: unknown }).sheetProtection);
  return stream.xml;
}

function esc(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/**
 * Text as an inline string's <is>: XML-illegal control characters left out, leading/trailing spaces
 * kept. A text holding `_xHHHH_` literally (a cell's text with `_x000D_` in the record's copy) is
 * written as one rich run with the escapes escaped (escapeXString): Excel, LibreOffice and the
 * add-in decode a plain inline string's escapes but exceljs and the streaming reader do not, while
 * all of them decode a run's, so every reader gets the text back. Other texts are written as before.
 */
function inlineText(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
  if (NEEDS_X_ESCAPE.test(clean)) return `<is><r><t xml:space="preserve">${esc(escapeXString(clean))}</t></r></is>`;
  return `<is><t xml:space="preserve">${esc(clean)}</t></is>`;
}

/** Styles: cellXfs count and a copy of xf `from` (or a plain one) with number format `numFmtId`. */
class StylePatch {
  private added: string[] = [];
  private xfs: string[] = [];
  private numFmts: string[] = [];
  private base: number;
  private dateFmtId: number | null = null;
  private readonly cache = new Map<string, number>();
  constructor(private readonly xml: string) {
    const x0 = xml.indexOf('<cellXfs');
    const x1 = xml.indexOf('</cellXfs>', x0);
    const body = x0 >= 0 && x1 >= 0 ? xml.slice(xml.indexOf('>', x0) + 1, x1) : '';
    for (const m of body.matchAll(/<xf\b[^>]*?\/>|<xf\b[^>]*>[\s\S]*?<\/xf>/g)) this.xfs.push(m[0]);
    this.base = this.xfs.length;
    for (const m of xml.matchAll(/<numFmt\b[^>]*?\/?>/g)) this.numFmts.push(m[0]);
  }

  private numFmtFor(code: string): number {
    for (const f of this.numFmts) {
      const c = /formatCode="([^"]*)"/.exec(f)?.[1];
      const id = /numFmtId="(\d+)"/.exec(f)?.[1];
      if (c === code && id) return Number(id);
    }
    if (this.dateFmtId === null) {
      const ids = this.numFmts.map((f) => Number(/numFmtId="(\d+)"/.exec(f)?.[1] ?? 0));
      this.dateFmtId = Math.max(163, ...ids) + 1;
      this.numFmts.push(`<numFmt numFmtId="${this.dateFmtId}" formatCode="${esc(code)}"/>`);
      this.newNumFmt = this.numFmts[this.numFmts.length - 1];
    }
    return this.dateFmtId;
  }
  private newNumFmt: string | null = null;

  /** The index of xf `from` with number format `numFmtId` (or the date format 'yyyy-mm-dd' when 'date'). */
  styleWith(from: number | undefined, fmt: number | 'date'): number {
    const numFmtId = fmt === 'date' ? this.numFmtFor('yyyy-mm-dd') : fmt;
    const key = `${from ?? ''}:${numFmtId}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    const src = from !== undefined && this.xfs[from] ? this.xfs[from] : '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';
    let xf = /\snumFmtId="\d+"/.test(src) ? src.replace(/\snumFmtId="\d+"/, ` numFmtId="${numFmtId}"`) : src.replace(/^<xf\b/, `<xf numFmtId="${numFmtId}"`);
    xf = /\sapplyNumberFormat="[^"]*"/.test(xf) ? xf.replace(/\sapplyNumberFormat="[^"]*"/, ' applyNumberFormat="1"') : xf.replace(/^<xf\b/, '<xf applyNumberFormat="1"');
    const index = this.base + this.added.length;
    this.added.push(xf);
    this.cache.set(key, index);
    return index;
  }

  result(): string {
    let xml = this.xml;
    if (this.newNumFmt) {
      if (/<numFmts\b[^>]*\/>/.test(xml)) xml = xml.replace(/<numFmts\b[^>]*\/>/, `<numFmts count="1">${this.newNumFmt}</numFmts>`);
      else if (xml.includes('</numFmts>')) xml = xml.replace('</numFmts>', `${this.newNumFmt}</numFmts>`).replace(/<numFmts\b([^>]*?)count="\d+"/, (_m, a: string) => `<numFmts${a}count="${this.numFmts.length}"`);
      else xml = xml.replace(/(<styleSheet\b[^>]*>)/, `$1<numFmts count="1">${this.newNumFmt}</numFmts>`);
    }
    if (this.added.length) {
      xml = xml.replace('</cellXfs>', `${this.added.join('')}</cellXfs>`).replace(/<cellXfs\b([^>]*?)count="\d+"/, (_m, a: string) => `<cellXfs${a}count="${this.base + this.added.length}"`);
    }
    return xml;
  }
}

export interface StreamSignInput {
  parts: WorkbookParts;
  out: string;
  records: readonly SignoffRecord[];
  scope: Scope;
  /** Per scope sheet, its signature block (none: nothing filled in). */
  slots: Map<string, SignatureSlots | null>;
  /** The protection password ('' for none); undefined protects only sheets not protected yet, keeping an earlier signer's password. */
  password: string | undefined;
  /** Unsealing: the scope sheets' protection is removed instead (and the block emptied, as blockFill gives for unsealed records). */
  unprotect?: boolean;
}

/** Day serial of a date in the workbook's date system (exceljs's dateToExcel of the date at 00:00 UTC). */
function dateSerial(date: string, date1904: boolean): number {
  return dayNumber(date) + 25569 - (date1904 ? 1462 : 0);
}

interface BlockCells {
  row: number;
  cells: Map<number, { kind: 'text'; text: string } | { kind: 'date'; serial: number } | null>;
  dateCol: number;
}

/** The signature row rewritten: the slot cells replaced (keeping their other attributes' style), in column order. */
function rewriteRow(rowXml: string, block: BlockCells, styles: StylePatch): string {
  const open = /^<row\b[^>]*?(\/?)>/.exec(rowXml);
  if (!open) return rowXml;
  const selfClosed = open[1] === '/';
  const inner = selfClosed ? '' : rowXml.slice(open[0].length, rowXml.lastIndexOf('</row>'));
  const cells: { col: number; xml: string; style?: number }[] = [];
  for (const m of inner.matchAll(/<c\b([^>]*?)(?:\/>|>[\s\S]*?<\/c>)/g)) {
    const ref = /\br="([A-Z]+)\d+"/.exec(m[1])?.[1];
    const col = ref ? [...ref].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) : 0;
    const s = /\bs="(\d+)"/.exec(m[1])?.[1];
    cells.push({ col, xml: m[0], style: s !== undefined ? Number(s) : undefined });
  }
  for (const [col, value] of block.cells) {
    const at = cells.findIndex((c) => c.col === col);
    const old = at >= 0 ? cells[at] : undefined;
    const ref = `${columnLetter(col)}${block.row}`;
    let style = old?.style;
    if (col === block.dateCol) style = styles.styleWith(old?.style, 'date');
    const s = style !== undefined ? ` s="${style}"` : '';
    const xml = value === null ? (s ? `<c r="${ref}"${s}/>` : '') : value.kind === 'text' ? `<c r="${ref}"${s} t="inlineStr">${inlineText(value.text)}</c>` : `<c r="${ref}"${s}><v>${value.serial}</v></c>`;
    if (old) cells[at] = { col, xml, style };
    else cells.push({ col, xml, style });
  }
  cells.sort((a, b) => a.col - b.col);
  const head = selfClosed ? open[0].replace(/\/>$/, '>') : open[0];
  return `${head}${cells.map((c) => c.xml).join('')}</row>`;
}

/** Elements that come after sheetProtection in a worksheet (ECMA-376 CT_Worksheet). */
const AFTER_PROTECTION = /<(?:protectedRanges|scenarios|autoFilter|sortState|dataConsolidate|customSheetViews|mergeCells|phoneticPr|conditionalFormatting|dataValidations|hyperlinks|printOptions|pageMargins|pageSetup|headerFooter|rowBreaks|colBreaks|customProperties|cellWatches|ignoredErrors|smartTags|drawing|legacyDrawing|legacyDrawingHF|drawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)\b|<\/worksheet>/;

/** A scope sheet's part, streamed through: its signature row rewritten and its protection set. */
async function writeSheet(file: string, e: ZipEntryInfo, sink: { write(b: Buffer): Promise<void> }, block: BlockCells | null, styles: StylePatch, protection: { xml: string; replace: boolean }): Promise<void> {
  let buf = '';
  let rowDone = block === null;
  let tail: string | null = null;
  const rowTag = block ? new RegExp(`<row\\b[^>]*?\\sr="${block.row}"[^>]*?>`) : null;
  for await (const chunk of verifiedEntryChunks(file, e, currentLimits())) {
    const text = chunk.toString('latin1');
    if (tail !== null) {
      tail += text;
      continue;
    }
    buf += text;
    if (!rowDone && rowTag) {
      const m = rowTag.exec(buf);
      if (m) {
        const selfClosed = m[0].endsWith('/>');
        const end = selfClosed ? m.index + m[0].length : buf.indexOf('</row>', m.index);
        if (end < 0) continue;
        const stop = selfClosed ? end : end + 6;
        const rowXml = Buffer.from(buf.slice(m.index, stop), 'latin1').toString('utf8');
        await sink.write(Buffer.from(buf.slice(0, m.index), 'latin1'));
        await sink.write(Buffer.from(rewriteRow(rowXml, block!, styles), 'utf8'));
        buf = buf.slice(stop);
        rowDone = true;
      } else if (buf.includes('</sheetData>')) rowDone = true; // no such row (cannot happen: its labels were read)
      else {
        // keep what could be the start of the row's tag
        const keep = buf.lastIndexOf('<');
        if (keep > 0) {
          await sink.write(Buffer.from(buf.slice(0, keep), 'latin1'));
          buf = buf.slice(keep);
        }
        continue;
      }
    }
    const sd = buf.indexOf('</sheetData>');
    if (sd >= 0) {
      await sink.write(Buffer.from(buf.slice(0, sd), 'latin1'));
      tail = buf.slice(sd);
      buf = '';
    } else if (buf.length > 64) {
      await sink.write(Buffer.from(buf.slice(0, buf.length - 16), 'latin1'));
      buf = buf.slice(buf.length - 16);
    }
  }
  if (tail === null) {
    await sink.write(Buffer.from(buf, 'latin1'));
    return;
  }
  const has = /<sheetProtection\b/.test(tail);
  if (protection.replace || !has) {
    tail = tail.replace(/<sheetProtection\b[^>]*?\/>|<sheetProtection\b[^>]*>[\s\S]*?<\/sheetProtection>/, '');
    const at = tail.search(AFTER_PROTECTION);
    const calc = tail.indexOf('</sheetCalcPr>') >= 0 ? tail.indexOf('</sheetCalcPr>') + 14 : -1;
    const pos = calc >= 0 && calc < at ? calc : at;
    tail = tail.slice(0, pos) + protection.xml + tail.slice(pos);
  }
  await sink.write(Buffer.from(tail, 'latin1'));
}

/**
 * The 签核记录 sheet's XML, in pieces: one row per record, text cells in the '@' style. A cell at a
 * time: a record's row holds the whole canonical text (~50M characters for a 100k-row report),
 * which was made into one string, then one buffer, besides the text itself.
 */
function* recordSheetXml(records: readonly SignoffRecord[], textStyle: number): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>';
  const rows = recordsToTable(records);
  for (let r = 0; r < rows.length; r++) {
    yield `<row r="${r + 1}">`;
    for (let c = 0; c < rows[r].length; c++) {
      const v = rows[r][c];
      const ref = `${columnLetter(c + 1)}${r + 1}`;
      if (typeof v === 'number') yield `<c r="${ref}"><v>${v}</v></c>`;
      else if (v !== '') yield `<c r="${ref}" s="${textStyle}" t="inlineStr">${inlineText(v)}</c>`;
    }
    yield '</row>';
  }
  yield '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';
}

export async function writeSigned(input: StreamSignInput): Promise<void> {
  const { parts, out, records, scope } = input;
  const file = parts.file;
  const text = async (name: string) => {
    const e = parts.entries.find((x) => x.name === name);
    return e ? (await entryBytes(file, e)).toString('utf8') : null;
  };
  const stylesXml = await text('xl/styles.xml');
  if (stylesXml === null) throw new Error('no xl/styles.xml');
  const styles = new StylePatch(stylesXml);
  const textStyle = styles.styleWith(undefined, 49);
  const fill = blockFill(records);
  const blocks = new Map<string, BlockCells>();
  for (const s of scope.sheets) {
    const slots = input.slots.get(s.sheet);
    if (!slots) continue;
    const cells: BlockCells['cells'] = new Map();
    cells.set(slots.preparedBy.col, fill.preparedBy ? { kind: 'text', text: fill.preparedBy } : null);
    cells.set(slots.reviewedBy.col, fill.reviewedBy ? { kind: 'text', text: fill.reviewedBy } : null);
    cells.set(slots.date.col, fill.date ? { kind: 'date', serial: dateSerial(fill.date, parts.date1904) } : null);
    blocks.set(s.sheet, { row: slots.row, cells, dateCol: slots.date.col });
  }
  const protection = input.unprotect ? { xml: '', replace: true } : { xml: await protectionXml(input.password ?? ''), replace: input.password !== undefined && input.password !== '' };
  const scopeParts = new Map<string, string>();
  for (const s of scope.sheets) {
    const e = parts.parts.get(s.sheet);
    if (e) scopeParts.set(e.name, s.sheet);
  }
  // The record sheet: replaced in place, or added as a new part.
  const existing = parts.parts.get(RECORD_SHEET);
  let recordPart = existing?.name;
  let workbookXml = await text('xl/workbook.xml');
  let relsXml = await text('xl/_rels/workbook.xml.rels');
  let typesXml = await text('[Content_Types].xml');
  if (workbookXml === null || relsXml === null || typesXml === null) throw new Error('workbook parts missing');
  if (!recordPart) {
    let n = 1;
    while (parts.entries.some((x) => x.name === `xl/worksheets/sheet${n}.xml`)) n++;
    recordPart = `xl/worksheets/sheet${n}.xml`;
    let rid = 1;
    while (relsXml.includes(`Id="rId${rid}"`)) rid++;
    const sheetId = Math.max(0, ...[...workbookXml.matchAll(/<sheet\b[^>]*?\ssheetId="(\d+)"/g)].map((m) => Number(m[1]))) + 1;
    workbookXml = workbookXml.replace('</sheets>', `<sheet name="${RECORD_SHEET}" sheetId="${sheetId}" state="veryHidden" r:id="rId${rid}"/></sheets>`);
    if (!/xmlns:r=/.test(workbookXml.slice(0, workbookXml.indexOf('<sheets')))) throw new Error('workbook.xml without the r namespace');
    relsXml = relsXml.replace('</Relationships>', `<Relationship Id="rId${rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${n}.xml"/></Relationships>`);
    typesXml = typesXml.replace('</Types>', `<Override PartName="/${recordPart}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`);
  }
  const zip = new ZipOut(out);
  const written = new Set<string>();
  for (const e of parts.entries) {
    if (e.name === recordPart || e.name === 'xl/styles.xml') continue;
    written.add(e.name);
    if (e.name === 'xl/workbook.xml') await zip.file(e.name, workbookXml);
    else if (e.name === 'xl/_rels/workbook.xml.rels') await zip.file(e.name, relsXml);
    else if (e.name === '[Content_Types].xml') await zip.file(e.name, typesXml);
    else if (scopeParts.has(e.name)) {
      const sheet = scopeParts.get(e.name)!;
      const entry = await zip.entry(e.name);
      await writeSheet(file, e, entry, blocks.get(sheet) ?? null, styles, protection);
      await entry.end();
    } else {
      const entry = await zip.entry(e.name);
      for await (const chunk of verifiedEntryChunks(file, e, currentLimits())) await entry.write(chunk);
      await entry.end();
    }
  }
  const rec = await zip.entry(recordPart);
  for (const piece of recordSheetXml(records, textStyle)) await rec.write(Buffer.from(piece, 'utf8'));
  await rec.end();
  await zip.file('xl/styles.xml', styles.result()); // last: the signature rows added their date styles
  await zip.close();
}
