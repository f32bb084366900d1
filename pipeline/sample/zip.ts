import JSZip from 'jszip';

/** The fixed timestamp every sample workbook carries (zip entries and document properties). */
export const FIXED_TIME = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));

/**
 * Rewrites an .xlsx (a zip) with every entry stamped FIXED_TIME, in the original entry order,
 * so the same workbook content always gives the same bytes. exceljs leaves the write time
 * on each zip entry; nothing else in its output varies between runs once the workbook's
 * created/modified properties are fixed.
 */
export async function normaliseZip(data: Uint8Array): Promise<Buffer> {
  const src = await JSZip.loadAsync(data);
  const out = new JSZip();
  const names: string[] = [];
  src.forEach((relativePath, entry) => {
    if (!entry.dir) names.push(relativePath);
  });
  for (const name of names) {
    const content = await src.file(name)!.async('uint8array');
    out.file(name, content, { date: FIXED_TIME, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' });
}
