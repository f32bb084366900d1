/**
 * What a signature covers: an ordered list of sheets, each with the ranges included and the
 * ranges excluded (the signature block, which signing itself fills in). Rows/cols 1-based.
 */

export interface SheetScope {
  sheet: string;
  /** A1 ranges included ("A1:XFD1048576" = the whole sheet). */
  ranges: string[];
  /** A1 ranges excluded even when inside `ranges` (the signature block rows). */
  exclude: string[];
}

export interface Scope {
  sheets: SheetScope[];
}

export interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export const WHOLE_SHEET = 'A1:XFD1048576';
export const MAX_ROW = 1048576;
export const MAX_COL = 16384;

const cellRe = /^\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6})$/;
const colRe = /^\$?([A-Za-z]{1,3})$/;
const rowRe = /^\$?([1-9][0-9]{0,6})$/;

function colNum(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** "A1:C10", "B5", "3:5" (whole rows), "A:C" (whole columns) → a box; null when malformed. */
export function parseRange(range: string): Box | null {
  const [a, b = a, extra] = range.trim().split(':');
  if (extra !== undefined) return null;
  let box: Box;
  const ca = cellRe.exec(a);
  const cb = cellRe.exec(b);
  if (ca && cb) box = { top: Number(ca[2]), left: colNum(ca[1]), bottom: Number(cb[2]), right: colNum(cb[1]) };
  else if (range.includes(':') && rowRe.test(a) && rowRe.test(b)) {
    box = { top: Number(a.replace('$', '')), left: 1, bottom: Number(b.replace('$', '')), right: MAX_COL };
  } else if (range.includes(':') && colRe.test(a) && colRe.test(b)) {
    box = { top: 1, left: colNum(a.replace('$', '')), bottom: MAX_ROW, right: colNum(b.replace('$', '')) };
  } else return null;
  const norm: Box = { top: Math.min(box.top, box.bottom), bottom: Math.max(box.top, box.bottom), left: Math.min(box.left, box.right), right: Math.max(box.left, box.right) };
  if (norm.bottom > MAX_ROW || norm.right > MAX_COL || norm.top < 1 || norm.left < 1) return null;
  return norm;
}

function inBox(box: Box, row: number, col: number): boolean {
  return row >= box.top && row <= box.bottom && col >= box.left && col <= box.right;
}

const boxCache = new Map<string, Box | null>();
function boxOf(range: string): Box | null {
  let b = boxCache.get(range);
  if (b === undefined) {
    b = parseRange(range);
    if (boxCache.size > 10000) boxCache.clear();
    boxCache.set(range, b);
  }
  return b;
}

/** A compiled membership test for one sheet's scope (ranges parsed once). */
export function scopeTester(scope: SheetScope): (row: number, col: number) => boolean {
  const incl = scope.ranges.map(parseRange).filter((b): b is Box => b !== null);
  const excl = scope.exclude.map(parseRange).filter((b): b is Box => b !== null);
  return (row, col) => {
    let included = false;
    for (const b of incl) {
      if (inBox(b, row, col)) {
        included = true;
        break;
      }
    }
    if (!included) return false;
    for (const b of excl) if (inBox(b, row, col)) return false;
    return true;
  };
}

export function inSheetScope(scope: SheetScope, row: number, col: number): boolean {
  let included = false;
  for (const r of scope.ranges) {
    const b = boxOf(r);
    if (b && inBox(b, row, col)) {
      included = true;
      break;
    }
  }
  if (!included) return false;
  for (const r of scope.exclude) {
    const b = boxOf(r);
    if (b && inBox(b, row, col)) return false;
  }
  return true;
}

/** The smallest box holding every included cell (for reading only what is needed). */
export function includedBounds(scope: SheetScope): Box | null {
  let out: Box | null = null;
  for (const r of scope.ranges) {
    const b = boxOf(r);
    if (!b) continue;
    out = out ? { top: Math.min(out.top, b.top), left: Math.min(out.left, b.left), bottom: Math.max(out.bottom, b.bottom), right: Math.max(out.right, b.right) } : b;
  }
  return out;
}

export function validScope(scope: Scope): boolean {
  return scope.sheets.length > 0 && scope.sheets.every((s) => s.sheet !== '' && s.ranges.length > 0 && [...s.ranges, ...s.exclude].every((r) => parseRange(r) !== null));
}

/**
 * Whether a recorded scope has the only form signing writes: each sheet whole (WHOLE_SHEET), less
 * at most its signature block's one row ("41:41"). The scope in 签核记录 is not part of the
 * fingerprint, so a scope edited there to leave out a row or narrow the ranges would let cells
 * added there pass as signed under the very fingerprint quoted elsewhere; verify treats any
 * other form as an altered record.
 */
export function isSignedScopeForm(scope: Scope): boolean {
  return scope.sheets.every((s) => s.ranges.length === 1 && s.ranges[0] === WHOLE_SHEET && s.exclude.length <= 1 && s.exclude.every((r) => /^([1-9][0-9]{0,6}):\1$/.test(r) && Number(r.split(':')[0]) <= MAX_ROW));
}

export function sameScope(a: Scope, b: Scope): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A one-line human description: 按揭进度表 (excl. 40:40); at most `max` sheets named, then "… (+N)". */
export function describeScope(scope: Scope, max = Infinity): string {
  const shown = scope.sheets.slice(0, max);
  const more = scope.sheets.length - shown.length;
  return shown
    .map((s) => {
      const incl = s.ranges.join(',') === WHOLE_SHEET ? '' : s.ranges.join(',');
      const excl = s.exclude.length ? `excl. ${s.exclude.join(',')}` : '';
      const detail = [incl, excl].filter(Boolean).join(' ');
      return detail ? `${s.sheet} (${detail})` : s.sheet;
    })
    .join('; ') + (more > 0 ? ` … (+${more})` : '');
}

/**
 * A reconciliation report's very hidden sheet of open items, which next month's `--previous` carries
 * in (pipeline/reconcile's OPEN_SHEET). The signature of a report covers it even though it is not
 * visible: a manager signing the month signs what it leaves open, and deleting an item there after
 * signing would lose it next month without a word.
 */
export const CARRIED_SHEET = '_anjie_open';

/**
 * The sheets a first signature covers: those asked for (or every visible sheet), and, in a
 * reconciliation report (`all` holds CARRIED_SHEET), its carried open items as well, last.
 */
export function sheetsToSign(asked: readonly string[], all: readonly string[]): string[] {
  return all.includes(CARRIED_SHEET) && !asked.includes(CARRIED_SHEET) ? [...asked, CARRIED_SHEET] : [...asked];
}
