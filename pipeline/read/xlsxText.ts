/**
 * XML text helpers of the XLSX reader, on decoded strings: the small parts (workbook relationships,
 * styles, shared strings) and the rare sheet cells that are more than a lone <v> (formulas, inline
 * strings) are read with these. The sheet's bulk is scanned as bytes (xlsxSheet.ts).
 */

export function decodeEntities(s: string): string {
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    const semi = s.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > 12) break;
    const name = s.slice(amp + 1, semi);
    let rep: string | null = null;
    if (name === 'amp') rep = '&';
    else if (name === 'lt') rep = '<';
    else if (name === 'gt') rep = '>';
    else if (name === 'quot') rep = '"';
    else if (name === 'apos') rep = "'";
    else if (name.charCodeAt(0) === 35) {
      const hex = name.charCodeAt(1) === 120 || name.charCodeAt(1) === 88;
      const n = hex ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      if (Number.isFinite(n) && n >= 0 && n <= 0x10ffff) rep = String.fromCodePoint(n);
    }
    if (rep !== null) {
      out += s.slice(from, amp) + rep;
      from = semi + 1;
    }
    amp = s.indexOf('&', rep !== null ? semi + 1 : amp + 1);
  }
  return out + s.slice(from);
}

/** exceljs decodes 'str' and inline-string text a second time (named entities only): kept for identical results. */
export function exceljsDecode(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&([a-z]*);/g, (c) => (c === '&lt;' ? '<' : c === '&gt;' ? '>' : c === '&amp;' ? '&' : c === '&apos;' ? "'" : c === '&quot;' ? '"' : c));
}

/** The value of attribute `name` in the tag text s[from, to), or null. */
export function attr(s: string, from: number, to: number, name: string): string | null {
  let k = from;
  for (;;) {
    const p = s.indexOf(name, k);
    if (p < 0 || p >= to) return null;
    const before = s.charCodeAt(p - 1);
    let q = p + name.length;
    while (s.charCodeAt(q) === 32) q++;
    if ((before === 32 || before === 9 || before === 10 || before === 13) && s.charCodeAt(q) === 61) {
      q++;
      while (s.charCodeAt(q) === 32) q++;
      const quote = s.charCodeAt(q);
      if (quote === 34 || quote === 39) {
        const end = s.indexOf(quote === 34 ? '"' : "'", q + 1);
        if (end < 0 || end > to) return null;
        return s.slice(q + 1, end);
      }
    }
    k = p + name.length;
  }
}

export function tagEndsAt(s: string, gt: number): boolean {
  return s.charCodeAt(gt - 1) === 47;
}

/** Is s[i..] the start of element `name` (followed by space, '>' or '/')? */
export function isTag(s: string, i: number, name: string): boolean {
  if (!s.startsWith(name, i)) return false;
  const c = s.charCodeAt(i + name.length);
  return c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;
}

/**
 * A text element's `_xHHHH_` escapes decoded, as Excel, WPS and LibreOffice read a shared string, a
 * rich run or an inline string (either case of hex): a carriage return is stored `_x000D_`, and a
 * literal `_x000D_` typed in a cell `_x005F_x000D_`. A bank memo with a line break, saved again by
 * Excel or converted from .xls by LibreOffice, showed `_x000D_` in the reconciliation's memos, and
 * a name ending in one ("张三_x000D_") was no longer the name Excel shows. Left to right, so an
 * escaped underscore does not start another escape (pipeline/io/xString.ts writes them so).
 */
export function decodeXEscapes(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Concatenated text of the <t> elements in s[from, to), leaving out phonetic runs (<rPh>), `_xHHHH_` escapes decoded. */
export function textOf(s: string, from: number, to: number): { text: string; any: boolean } {
  let text = '';
  let any = false;
  let i = from;
  while (i < to) {
    const lt = s.indexOf('<', i);
    if (lt < 0 || lt >= to) break;
    if (isTag(s, lt + 1, 'rPh')) {
      const end = s.indexOf('</rPh>', lt);
      i = end < 0 ? to : end + 6;
      continue;
    }
    if (isTag(s, lt + 1, 't')) {
      const gt = s.indexOf('>', lt);
      if (gt < 0) break;
      if (tagEndsAt(s, gt)) {
        i = gt + 1;
        continue;
      }
      const end = s.indexOf('</t>', gt);
      if (end < 0) break;
      if (end > gt + 1) {
        text += decodeXEscapes(decodeEntities(s.slice(gt + 1, end)));
        any = true;
      }
      i = end + 4;
      continue;
    }
    i = lt + 1;
  }
  return { text, any };
}
