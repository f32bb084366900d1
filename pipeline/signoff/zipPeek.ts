import { entryText, readZipDirectory } from '../read/guards';

/**
 * Reads one small entry of a ZIP (an .xlsx) through its central directory, without loading the
 * rest: enough to see whether a workbook has a 签核记录 sheet before paying for a full exceljs
 * load of what may be a million-row report. Returns null when the file is not a ZIP this simple
 * reader understands (encrypted, other compression, ZIP64 sizes) — callers then fall back to a full load.
 */
export async function readZipEntry(file: string, entryName: string): Promise<string | null> {
  try {
    const e = (await readZipDirectory(file))?.find((x) => x.name === entryName);
    if (!e || e.encrypted || (e.method !== 0 && e.method !== 8) || !Number.isFinite(e.compressedSize) || e.compressedSize > 64 * 1024 * 1024) return null;
    return await entryText(file, e);
  } catch {
    return null;
  }
}

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
}

/** false only when the workbook certainly has no sheet named `sheet`; true when it has or when unsure. */
export async function mayHaveSheet(file: string, sheet: string): Promise<boolean> {
  const xml = await readZipEntry(file, 'xl/workbook.xml');
  if (xml === null) return true;
  for (const m of xml.matchAll(/<(?:\w+:)?sheet\b[^>]*?\sname\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    if (unescapeXml(m[1] ?? m[2]) === sheet) return true;
  }
  return false;
}
