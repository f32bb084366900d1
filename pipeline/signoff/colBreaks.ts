import { promises as fs } from 'node:fs';
import { entryBytes, readZipDirectory, verifiedEntryChunks, workbookPreamble, type ZipEntryInfo } from '../read/guards';
import { sheetsByPart } from '../read/xlsxFast';
import { ZipOut } from '../reconcile/xlsx';
import { readZipEntry } from './zipPeek';
import { withTempFile } from '../io/atomicWrite';

/**
 * exceljs 4.4 neither reads nor writes column page breaks (<colBreaks>), so a workbook it
 * rewrites when it is signed loses them: the reconciliation report's 差异 would print with
 * Excel's own breaks instead of its three pages across (bank side; finance side; explanation).
 * They are read from the workbook before signing and put back into the one exceljs wrote.
 *
 * exceljs also writes its own Normal font (Calibri 11) as the workbook's first font, whatever the
 * workbook had. That font's digit width is the unit of every column width, so the reconciliation
 * report (Normal font Microsoft YaHei 10) printed about a tenth wider once signed: 已匹配's 流水号
 * went onto a page of its own. The first font is put back too (cells keep their own fonts: exceljs
 * gives each an index of its own, never the first).
 */

/** Sheet name → its worksheet part's path in the zip ("xl/worksheets/sheet2.xml"). */
export async function sheetParts(file: string, entries: readonly ZipEntryInfo[]): Promise<Map<string, string>> {
  const sheets = (await workbookPreamble(file)).model?.sheets ?? [];
  const parts = new Map<string, string>();
  for (const [part, sheet] of await sheetsByPart(file, entries, sheets)) parts.set(sheet.name, part);
  return parts;
}

function readable(e: ZipEntryInfo | undefined): e is ZipEntryInfo {
  return !!e && !e.encrypted && (e.method === 0 || e.method === 8) && Number.isFinite(e.uncompressedSize);
}

/**
 * The <colBreaks> element of a worksheet part, or null. The part is scanned as it is inflated,
 * keeping only a few bytes between chunks: the element comes after the sheet's rows, and a
 * report's sheet may be tens of megabytes. Markup is ASCII, so chunks are read as latin1.
 */
async function colBreaksOf(file: string, e: ZipEntryInfo): Promise<string | null> {
  let carry = '';
  let found: string | null = null;
  for await (const chunk of verifiedEntryChunks(file, e)) {
    const text = carry + chunk.toString('latin1');
    if (found === null) {
      const at = text.indexOf('<colBreaks');
      if (at < 0) {
        carry = text.slice(-16);
        continue;
      }
      found = text.slice(at);
    } else found += chunk.toString('latin1');
    const end = found.indexOf('</colBreaks>');
    if (end >= 0) return found.slice(0, end + '</colBreaks>'.length);
    carry = '';
  }
  return null;
}

/** Each sheet's <colBreaks> element, by sheet name; empty when there are none (or the zip is not one this reads). */
export async function readColBreaks(file: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const entries = await readZipDirectory(file).catch(() => null);
  const parts = entries ? await sheetParts(file, entries).catch(() => null) : null;
  if (!entries || !parts) return found;
  for (const [sheet, part] of parts) {
    const e = entries.find((x) => x.name === part);
    if (!readable(e)) continue;
    // A part that cannot be read here keeps what exceljs made of it: signing does not fail over page breaks.
    const xml = await colBreaksOf(file, e).catch(() => null);
    if (xml !== null) found.set(sheet, xml);
  }
  return found;
}

/** The first <font> of a styles part (the Normal style's font), or null. */
export function defaultFontOf(stylesXml: string): string | null {
  const m = /<fonts\b[^>]*>\s*(<font\b[^>]*\/>|<font\b[^>]*>[\s\S]*?<\/font>)/.exec(stylesXml);
  return m ? m[1] : null;
}

/** The Normal font of the workbook at `file` (xl/styles.xml), or null when it cannot be read. */
export async function readDefaultFont(file: string): Promise<string | null> {
  const xml = await readZipEntry(file, 'xl/styles.xml');
  return xml === null ? null : defaultFontOf(xml);
}

/** Elements that follow colBreaks in a worksheet (ECMA-376 CT_Worksheet): colBreaks goes before the first present. */
const AFTER_COL_BREAKS = /<(?:customProperties|cellWatches|ignoredErrors|smartTags|drawing|legacyDrawing|legacyDrawingHF|drawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)\b|<\/worksheet>/;

/** The workbook at `file` (written by exceljs) with each sheet's column breaks and, when given, its Normal font put back; rewritten in place. */
export async function restoreColBreaks(file: string, breaks: ReadonlyMap<string, string>, defaultFont: string | null = null): Promise<void> {
  if (!breaks.size && defaultFont === null) return;
  const entries = await readZipDirectory(file);
  if (!entries || !entries.every(readable)) return;
  const parts = await sheetParts(file, entries);
  const into = new Map<string, string>();
  for (const [sheet, xml] of breaks) {
    const part = parts.get(sheet);
    if (part) into.set(part, xml);
  }
  if (!into.size && defaultFont === null) return;
  const rewritten = `${file}.breaks`;
  await withTempFile(rewritten, async () => {
    const zip = new ZipOut(rewritten);
    for (const e of entries) {
      let bytes = await entryBytes(file, e);
      const xml = into.get(e.name);
      if (xml !== undefined) {
        const text = bytes.toString('utf8');
        const at = text.search(AFTER_COL_BREAKS);
        if (at >= 0 && !/<colBreaks\b/.test(text)) bytes = Buffer.from(text.slice(0, at) + xml + text.slice(at), 'utf8');
      } else if (defaultFont !== null && e.name === 'xl/styles.xml') {
        const text = bytes.toString('utf8');
        const font = defaultFontOf(text);
        if (font !== null && font !== defaultFont) bytes = Buffer.from(text.replace(font, () => defaultFont), 'utf8');
      }
      await zip.file(e.name, bytes);
    }
    await zip.close();
    await fs.rename(rewritten, file);
  });
}
