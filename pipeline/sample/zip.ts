import JSZip from 'jszip';

/** The fixed timestamp every sample workbook carries (zip entries and document properties). */
export const FIXED_TIME = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));

/**
 * Rewrites an .xlsx (a zip) with every entry stamped FIXED_TIME, in the original entry order,
 * and the document's created/modified dates (docProps/core.xml) set to FIXED_TIME, so the same
 * workbook content always gives the same bytes. exceljs stamps the write time in both places
 * (its streaming writer offers no way to set the document dates); nothing else varies.
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
    out.file(name, content, { date: FIXED_TIME, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' });
}

/** dcterms:created / dcterms:modified → FIXED_TIME. */
export function fixCoreDates(xml: string): string {
  const iso = FIXED_TIME.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return xml.replace(/(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, `$1${iso}$2`);
}
