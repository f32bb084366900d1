import { type SheetFilterFacts, hidesRowsByFilter } from '../../domain/signoff/filtered';
import { parseRange } from '../../domain/signoff/scope';
import { entryText } from '../read/guards';
import { decodeRef, openWorkbookParts, sheetTail, xmlText, type WorkbookParts } from './streamSheet';

/**
 * What a signed sheet's part says of its filter and formulas, for telling a filtered SUBTOTAL
 * from an edited one (domain/signoff/filtered.ts). Read only when verify found changed numbers,
 * from the file itself (exceljs keeps neither an autofilter's criteria nor, reliably, a shared
 * formula's text), as Excel saves a filtered sheet:
 *   <row r="37" … hidden="1">, <c r="G45"><f>SUBTOTAL(9,G36:G44)</f><v>…</v></c>, and after
 *   </sheetData> <autoFilter ref="A34:Q90"><filterColumn colId="2">…</filterColumn></autoFilter>.
 * A shared formula's other cells (<f t="shared" si="0"/>) have no formula text here: they are
 * not explained, but count as SUBTOTAL cells (which SUBTOTAL skips) when their first cell is one.
 */
/** The rows of the sheet's autofilter when it has criteria (a filterColumn), from the part after </sheetData>; null otherwise. */
function filterRowsOf(xml: string, end: number): SheetFilterFacts['filterRows'] {
  const tail = end >= 0 ? xml.slice(end) : '';
  const af = /<autoFilter\b([^>]*?)(\/?)>([\s\S]*?<\/autoFilter>)?/.exec(tail);
  if (!af || af[2] === '/' || !af[3] || !/<filterColumn\b/.test(af[3])) return null;
  const ref = /\bref="([^"]*)"/.exec(af[1]);
  const box = ref ? parseRange(ref[1]) : null;
  return box ? { top: box.top, bottom: box.bottom } : null;
}

/** The rows marked hidden (<row r="37" hidden="1">). */
function hiddenRowsOf(body: string): Set<number> {
  const hiddenRows = new Set<number>();
  for (const m of body.matchAll(/<row\b([^>]*)>/g)) {
    if (/\bhidden="(?:1|true)"/.test(m[1])) {
      const r = /\br="(\d+)"/.exec(m[1]);
      if (r) hiddenRows.add(Number(r[1]));
    }
  }
  return hiddenRows;
}

/**
 * Whether the sheet is filtered with rows hidden by its filter (hidesRowsByFilter of sheetFilterFacts),
 * without reading its cells: a sheet without criteria, as nearly every one signed, costs one look at
 * the part after </sheetData>. What a round's first signature refuses.
 */
export function sheetHidesRowsByFilter(xml: string): boolean {
  const end = xml.indexOf('</sheetData>');
  const filterRows = filterRowsOf(xml, end);
  if (!filterRows) return false;
  return hidesRowsByFilter({ filterRows, hiddenRows: hiddenRowsOf(end >= 0 ? xml.slice(0, end) : xml), formula: () => undefined, isSubtotal: () => false });
}

export function sheetFilterFacts(xml: string): SheetFilterFacts {
  const end = xml.indexOf('</sheetData>');
  const filterRows = filterRowsOf(xml, end);
  const formulas = new Map<string, string>();
  const subtotals = new Set<string>();
  const sharedSubtotal = new Map<string, boolean>();
  const sharedFollowers: { key: string; si: string }[] = [];
  const body = end >= 0 ? xml.slice(0, end) : xml;
  const hiddenRows = hiddenRowsOf(body);
  const cell = /<c\b([^>]*?)(\/?)>/g;
  for (let m = cell.exec(body); m; m = cell.exec(body)) {
    if (m[2] === '/') continue;
    const close = body.indexOf('</c>', cell.lastIndex);
    if (close < 0) break;
    const inner = body.slice(cell.lastIndex, close);
    cell.lastIndex = close + 4;
    if (inner.indexOf('<f') < 0) continue;
    const ref = /\br="([A-Z]{1,3}[0-9]{1,7})"/.exec(m[1]);
    const pos = ref ? decodeRef(ref[1]) : null;
    if (!pos) continue;
    const f = /<f\b([^>]*?)(?:\/>|>([^<]*)<\/f>)/.exec(inner);
    if (!f) continue;
    const key = `${pos.row}:${pos.col}`;
    const si = /\bsi="(\d+)"/.exec(f[1])?.[1];
    const text = f[2] !== undefined && f[2] !== '' ? xmlText(f[2]) : undefined;
    if (text !== undefined) {
      const isSub = /^\s*=?\s*SUBTOTAL\s*\(/i.test(text);
      if (isSub) subtotals.add(key);
      if (si !== undefined && /\bt="shared"/.test(f[1])) sharedSubtotal.set(si, isSub);
      // a shared formula's first cell holds the text for the others; only its own cell is this formula
      formulas.set(key, text);
    } else if (si !== undefined) sharedFollowers.push({ key, si });
  }
  for (const s of sharedFollowers) if (sharedSubtotal.get(s.si)) subtotals.add(s.key);
  return {
    filterRows,
    hiddenRows,
    formula: (row, col) => formulas.get(`${row}:${col}`),
    isSubtotal: (row, col) => subtotals.has(`${row}:${col}`),
  };
}

/** `read` of the named sheets' parts (those the workbook has); an empty map when the file cannot be read part by part. */
async function readSheetParts<T>(file: string, sheets: readonly string[], opened: WorkbookParts | undefined, read: (xml: string) => T): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  let parts: WorkbookParts;
  try {
    parts = opened ?? (await openWorkbookParts(file));
  } catch {
    return out; // nothing known: nothing explained
  }
  for (const sheet of new Set(sheets)) {
    const e = parts.parts.get(sheet);
    if (e) out.set(sheet, read(await entryText(file, e)));
  }
  return out;
}

/** sheetFilterFacts of the named sheets (those the workbook has); an empty map when the file cannot be read part by part. */
export function readFilterFacts(file: string, sheets: readonly string[], opened?: WorkbookParts): Promise<Map<string, SheetFilterFacts>> {
  return readSheetParts(file, sheets, opened, sheetFilterFacts);
}

/**
 * The named sheets filtered with rows hidden by the filter (sheetHidesRowsByFilter), in the order
 * given. A sheet's part after </sheetData> is read first, inflated without keeping its rows: only a
 * sheet whose autofilter has criteria is read whole for its hidden rows (a 100k-row report's
 * first signature made a ~160 MB string of each sheet to look at its tail).
 */
export async function readFilteredSheets(file: string, sheets: readonly string[], opened?: WorkbookParts): Promise<string[]> {
  let parts: WorkbookParts;
  try {
    parts = opened ?? (await openWorkbookParts(file));
  } catch {
    return []; // nothing known: nothing refused
  }
  const out: string[] = [];
  for (const sheet of new Set(sheets)) {
    const e = parts.parts.get(sheet);
    if (!e || !filterRowsOf(await sheetTail(file, e), 0)) continue;
    if (sheetHidesRowsByFilter(await entryText(file, e))) out.push(sheet);
  }
  return sheets.filter((n) => out.includes(n));
}
