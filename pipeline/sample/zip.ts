import JSZip from 'jszip';
import { FIXED_DOCUMENT_DATE, fixZipDates } from '../io/zipDates';

/** The document dates (docProps/core.xml) every sample workbook carries: those of every workbook anjie writes. */
export const FIXED_TIME = FIXED_DOCUMENT_DATE;

/**
 * Rewrites an .xlsx (a zip) in the original entry order with the document's created/modified dates
 * (docProps/core.xml) set to FIXED_TIME and every entry dated 1980-01-01 00:00:00 (fixZipDates), as
 * every other workbook anjie writes, so the same workbook content always gives the same bytes.
 * exceljs stamps the write time in both places (its streaming writer offers no way to set the
 * document dates); nothing else varies.
 */
export async function normaliseZip(data: Uint8Array): Promise<Buffer> {
  const src = await JSZip.loadAsync(data);
  const out = new JSZip();
  const names: string[] = [];
  src.forEach((relativePath, entry) => {
    if (!entry.dir) names.push(relativePath);
  });
  for (const name of names) {
    let content: Uint8Array | string = await src.file(name)!.async('uint8array');
    if (name === 'docProps/core.xml') content = fixCoreDates(Buffer.from(content).toString('utf8'));
    out.file(name, content, { date: FIXED_TIME, createFolders: false }); // a date JSZip needs; fixZipDates stamps the entries below
  }
  return fixZipDates(await out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' }));
}

/** dcterms:created / dcterms:modified → FIXED_TIME. */
export function fixCoreDates(xml: string): string {
  const iso = FIXED_TIME.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return xml.replace(/(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, `$1${iso}$2`);
}
