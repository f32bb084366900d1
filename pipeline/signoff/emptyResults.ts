import { entryText, readZipDirectory } from '../read/guards';
import { sheetParts } from './colBreaks';

/**
 * exceljs 4.4 reads a formula whose cached result is the empty string — `<c t="str"><f>…</f><v></v></c>`,
 * as Excel and LibreOffice save `=IF(…,"",…)` — as a formula with no result at all, so signing
 * refused such a workbook as "not calculated" (and opening and saving it again did not help).
 * Of the formulas exceljs found without a result ("sheet!B5"), returns those that really have
 * none: a cell the worksheet part marks t="str" holds the empty string (empty in the canonical form).
 * When the parts cannot be read here, the list is returned unchanged.
 */
export async function reallyUncached(file: string, uncached: readonly string[]): Promise<string[]> {
  if (!uncached.length) return [];
  const entries = await readZipDirectory(file).catch(() => null);
  const parts = entries ? await sheetParts(file, entries).catch(() => null) : null;
  if (!entries || !parts) return [...uncached];
  const xmlOf = new Map<string, string | null>();
  const out: string[] = [];
  for (const address of uncached) {
    const at = address.lastIndexOf('!');
    const sheet = address.slice(0, at);
    const ref = address.slice(at + 1);
    if (!xmlOf.has(sheet)) {
      const e = entries.find((x) => x.name === parts.get(sheet));
      xmlOf.set(sheet, e && !e.encrypted ? await entryText(file, e).catch(() => null) : null);
    }
    const xml = xmlOf.get(sheet);
    const tag = xml ? new RegExp(`<c\\b[^>]*\\sr="${ref}"[^>]*>`).exec(xml)?.[0] : undefined;
    if (!tag || !/\st="str"/.test(tag)) out.push(address);
  }
  return out;
}
