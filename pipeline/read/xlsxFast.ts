import { currentLimits, type Limits } from '../io/limits';
import { entryText, isWorksheetPart, readZipDirectory, verifiedEntryChunks, verifyEntry, workbookPreamble, type ZipEntryInfo } from './guards';
import { detached } from './cells';
import { decodeEntities, attr, isTag, tagEndsAt, textOf } from './xlsxText';
import { SheetReader, type SheetContext } from './xlsxSheet';
import type { RowSink } from './sources';

export { decodeEntities } from './xlsxText';

/**
 * A lean streaming XLSX sheet reader: the sheet XML is inflated in chunks and scanned as bytes
 * (xlsxSheet.ts; no DOM, no SAX events, no regular expression per cell). It gives the same cells as
 * the exceljs streaming reader did (toCell in sources.ts): strings, numbers, Dates for number
 * cells whose style has a date format (1900 or 1904 system), TRUE/FALSE, error text, a formula's
 * cached value — or "=FORMULA" when it has none, so that the row is rejected naming it.
 * One difference: `_xHHHH_` escapes in shared and inline strings are decoded as Excel decodes them
 * (decodeXEscapes), which exceljs' streaming reader does not.
 * Sheets come in zip order, named through the workbook's relationships; hidden rows are read.
 * guardInputFile checked the zip's directory and small parts before this runs; the worksheets and
 * shared strings are inflated once, here, and checked as they stream (verifiedEntryChunks).
 */

const DATE_BUILTIN = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** exceljs' rule: after removing [..] and "..", any of y m d h M s b makes a date format. */
export function isDateFormat(fmt: string): boolean {
  const f = fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]/.test(f);
}

/** A big part (shared strings) as text, inflated and checked once. */
async function verifiedEntryText(file: string, e: ZipEntryInfo, limits: Limits): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of verifiedEntryChunks(file, e, limits)) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Shared strings: plain text, rich text runs joined; an empty plain string is null (as exceljs).
 * Each is detached once, here, so that the table holds only its strings, not views that keep the
 * whole decoded sharedStrings.xml alive while the sheets are read.
 */
function parseSharedStrings(xml: string): (string | null)[] {
  const out: (string | null)[] = [];
  let i = 0;
  for (;;) {
    const si = xml.indexOf('<si', i);
    if (si < 0) break;
    const gt = xml.indexOf('>', si);
    if (gt < 0) break;
    if (!isTag(xml, si + 1, 'si')) {
      i = si + 3;
      continue;
    }
    if (tagEndsAt(xml, gt)) {
      out.push(null);
      i = gt + 1;
      continue;
    }
    const end = xml.indexOf('</si>', gt);
    if (end < 0) throw new Error('sharedStrings.xml: <si> without </si>');
    const { text } = textOf(xml, gt + 1, end);
    // A rich-text run (<r>) among the item's elements. Each search stops at the item's own '</si>':
    // searching for '<r' went on to the end of the part whenever there was none — for every
    // item, so a table of 40,000 plain strings took half a minute (quadratic in its size).
    let rich = false;
    for (let p = xml.indexOf('<', gt + 1); p >= 0 && p < end; p = xml.indexOf('<', p + 1)) {
      if (xml.charCodeAt(p + 1) === 114 /* r */ && isTag(xml, p + 1, 'r')) {
        rich = true;
        break;
      }
    }
    out.push(rich || text.length ? detached(text) : null);
    i = end + 5;
  }
  return out;
}

/** For each style index (cellXfs), whether its number format is a date format. */
function parseDateStyles(xml: string): boolean[] {
  const custom = new Map<number, string>();
  const nf0 = xml.indexOf('<numFmts');
  if (nf0 >= 0) {
    const nf1 = xml.indexOf('</numFmts>', nf0);
    let i = nf0 + 8;
    for (;;) {
      const p = xml.indexOf('<numFmt', i);
      if (p < 0 || (nf1 >= 0 && p > nf1)) break;
      const gt = xml.indexOf('>', p);
      if (gt < 0) break;
      if (isTag(xml, p + 1, 'numFmt')) {
        const id = attr(xml, p, gt, 'numFmtId');
        const code = attr(xml, p, gt, 'formatCode');
        if (id !== null && code !== null) custom.set(parseInt(id, 10), decodeEntities(code));
      }
      i = gt + 1;
    }
  }
  const out: boolean[] = [];
  const x0 = xml.indexOf('<cellXfs');
  if (x0 < 0) return out;
  const x1 = xml.indexOf('</cellXfs>', x0);
  let i = x0 + 8;
  for (;;) {
    const p = xml.indexOf('<xf', i);
    if (p < 0 || (x1 >= 0 && p > x1)) break;
    const gt = xml.indexOf('>', p);
    if (gt < 0) break;
    if (isTag(xml, p + 1, 'xf')) {
      const id = parseInt(attr(xml, p, gt, 'numFmtId') ?? '0', 10);
      const fmt = id ? custom.get(id) : undefined;
      out.push(id ? (fmt !== undefined ? isDateFormat(fmt) : DATE_BUILTIN.has(id)) : false);
    }
    i = gt + 1;
  }
  return out;
}

function parseRels(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  for (;;) {
    const p = xml.indexOf('<Relationship', i);
    if (p < 0) break;
    const gt = xml.indexOf('>', p);
    if (gt < 0) break;
    if (isTag(xml, p + 1, 'Relationship')) {
      const id = attr(xml, p, gt, 'Id');
      const target = attr(xml, p, gt, 'Target');
      if (id !== null && target !== null) out.set(id, decodeEntities(target));
    }
    i = gt + 1;
  }
  return out;
}

function relTargetToPath(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  return 'xl/' + target.replace(/^\.\//, '');
}

/**
 * The workbook's sheets (from workbookPreamble) by the path of each one's worksheet part
 * ("xl/worksheets/sheet2.xml"), through the workbook's relationships; sheets without one are left out.
 */
export async function sheetsByPart<T extends { rId: string }>(file: string, entries: readonly ZipEntryInfo[], sheets: readonly T[]): Promise<Map<string, T>> {
  const relsEntry = entries.find((e) => e.name === 'xl/_rels/workbook.xml.rels');
  const rels = relsEntry ? parseRels(await entryText(file, relsEntry)) : new Map<string, string>();
  const out = new Map<string, T>();
  for (const sh of sheets) {
    const target = rels.get(sh.rId);
    if (target !== undefined) out.set(relTargetToPath(target), sh);
  }
  return out;
}

/** The worksheet parts read as sheets, numbered as exceljs names a sheet without a name. */
const SHEET_PART = /xl\/worksheets\/sheet(\d+)[.]xml/;

export async function streamXlsxFast(file: string, sink: RowSink): Promise<void> {
  const limits = currentLimits();
  const entries = await readZipDirectory(file);
  if (!entries) throw new Error('the zip directory cannot be read');
  const byName = new Map<string, ZipEntryInfo>();
  for (const e of entries) byName.set(e.name, e);
  const pre = await workbookPreamble(file);
  const date1904 = !!pre.properties?.model.date1904;
  const sheetByPath = await sheetsByPart(file, entries, pre.model?.sheets ?? []);
  const ssEntry = byName.get('xl/sharedStrings.xml');
  const shared = ssEntry ? parseSharedStrings(await verifiedEntryText(file, ssEntry, limits)) : [];
  const stEntry = byName.get('xl/styles.xml');
  const dateStyles = stEntry ? parseDateStyles(await entryText(file, stEntry)) : [];
  const ctx: SheetContext = { shared, dateStyles, date1904 };

  for (const e of entries) {
    const m = SHEET_PART.exec(e.name);
    if (!m) continue;
    const info = sheetByPath.get(e.name);
    const name = info?.name ?? `Sheet${m[1]}`;
    const hidden = info?.state === 'hidden' || info?.state === 'veryHidden';
    if (!sink.sheetStart(name, { hidden, date1904, text: false })) {
      await verifyEntry(file, e, limits); // not read, but a damaged workbook is refused whole, as before
      continue;
    }
    const reader = new SheetReader(ctx, (cells, n) => sink.row(cells, n));
    for await (const chunk of verifiedEntryChunks(file, e, limits)) reader.push(chunk);
    reader.end(e.name);
    sink.sheetEnd();
  }
  // Worksheet parts that are no sheet of the workbook (not read) are still checked, as before.
  for (const e of entries) if (isWorksheetPart(e.name) && !SHEET_PART.test(e.name) && e.name !== 'xl/sharedStrings.xml') await verifyEntry(file, e, limits);
}
