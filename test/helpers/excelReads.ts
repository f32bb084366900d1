import { readZipEntry } from '../../pipeline/signoff/zipPeek';

/**
 * A workbook's text as Excel reads it, where `_xHHHH_` in a string is the character U+HHHH (as
 * Excel decodes it in shared strings, rich runs and inline strings alike, either case of hex): the
 * reader a test of the OOXML escape needs, since exceljs and Anjie's own readers leave a plain
 * inline string's escapes alone.
 */

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** A string item's text as Excel reads it: its <t>s joined, XML entities then every `_xHHHH_` (either case of hex) decoded. */
function excelString(inner: string): string {
  const xml = [...inner.matchAll(/<t\b[^>]*>([^<]*)<\/t>/g)].map((m) => unescapeXml(m[1])).join('');
  return xml.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** A sheet's text cells as Excel reads them: rows of [column index → text], numbers as written. */
export async function excelSheet(file: string, sheet: string): Promise<string[][]> {
  const wb = (await readZipEntry(file, 'xl/workbook.xml'))!;
  const rels = (await readZipEntry(file, 'xl/_rels/workbook.xml.rels'))!;
  const el = [...wb.matchAll(/<sheet\b[^>]*>/g)].map((m) => m[0]).find((e) => e.includes(` name="${sheet}"`))!;
  const id = /r:id="([^"]+)"/.exec(el)![1];
  const target = new RegExp(`<Relationship\\b[^>]*Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)![1];
  const xml = (await readZipEntry(file, target.startsWith('/') ? target.slice(1) : `xl/${target}`))!;
  const shared = [...((await readZipEntry(file, 'xl/sharedStrings.xml')) ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => excelString(m[1]));
  const rows: string[][] = [];
  for (const c of xml.matchAll(/<c r="([A-Z]+)(\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const [, letters, row, attrs, inner = ''] = c;
    const col = [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    const t = /t="(\w+)"/.exec(attrs)?.[1];
    const v = /<v>([^<]*)<\/v>/.exec(inner)?.[1];
    const text = t === 'inlineStr' ? excelString(inner) : t === 's' ? shared[Number(v)] : v === undefined ? '' : unescapeXml(v);
    (rows[Number(row) - 1] ??= [])[col] = text;
  }
  return rows;
}

