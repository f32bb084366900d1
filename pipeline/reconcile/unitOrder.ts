/**
 * The order of the 按户 lines, as a person reads a unit list: by building, then 单元, then room,
 * each as a number ("1-1-201" before "1-1-1002", "2-1-101" before "10-1-101"), a code without a
 * 单元 ("3-1501") first in its building; then the codes with letters or other forms ("A-2-1501",
 * "12B-1-101"), in natural order (runs of digits compared as numbers).
 */

/** Largest part sizes of the numeric key form (domain/units: building 1–3 digits, 单元 1–2, room 3–5). */
const UNIT_SLOTS = 101; // no 单元, or 单元 1–99 (+1)
const ROOM_SLOTS = 100_000;

/**
 * "B-U-R" or "B-R" with digits only and no leading zero (the normalised key form, one text per
 * unit) as one number that orders them: building, then 单元 (none first), then room. -1 for any
 * other text. At most 999·101·10⁵ + 10⁵: an exact double.
 */
function numericKey(t: string): number {
  const parts = [0, 0, 0];
  const lengths = [0, 0, 0];
  let p = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 45) {
      if (lengths[p] === 0 || ++p > 2) return -1;
    } else if (c >= 48 && c <= 57) {
      if (lengths[p] === 0 && c === 48) return -1; // a leading zero: not the key form
      parts[p] = parts[p] * 10 + (c - 48);
      lengths[p]++;
    } else return -1;
  }
  if (p === 0) return -1;
  const room = parts[p];
  const roomLength = lengths[p];
  if (lengths[0] > 3 || roomLength < 3 || roomLength > 5 || (p === 2 && lengths[1] > 2)) return -1;
  const unit = p === 2 ? parts[1] + 1 : 0;
  return (parts[0] * UNIT_SLOTS + unit) * ROOM_SLOTS + room;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Natural order: runs of digits compared as numbers, other characters by code unit; ties ("3-01", "3-1") by code units. */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (!isDigit(ca) || !isDigit(cb)) {
      if (ca !== cb) return ca - cb;
      i++;
      j++;
      continue;
    }
    let ea = i;
    while (ea < a.length && isDigit(a.charCodeAt(ea))) ea++;
    let eb = j;
    while (eb < b.length && isDigit(b.charCodeAt(eb))) eb++;
    while (i < ea - 1 && a.charCodeAt(i) === 48) i++;
    while (j < eb - 1 && b.charCodeAt(j) === 48) j++;
    if (ea - i !== eb - j) return ea - i - (eb - j);
    for (; i < ea; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return a.charCodeAt(i) - b.charCodeAt(j);
  }
  if (i < a.length || j < b.length) return i < a.length ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Each text's place (0, 1, …) in unit order (see the top of this file); the texts are distinct.
 *
 * Why numbers: a JS comparator called n·log n times over a million unit strings scattered on the
 * heap took ~2 s. Nearly every unit is in the key form, whose numbers (numericKey) are distinct as
 * the texts are: one native sort of a Float64Array orders them and each finds its place by binary
 * search. Only the few other codes go through naturalCompare.
 */
export function unitOrderRanks(texts: readonly string[]): Int32Array {
  const keys = new Float64Array(texts.length);
  const others: number[] = [];
  for (let id = 0; id < texts.length; id++) {
    keys[id] = numericKey(texts[id]);
    if (keys[id] < 0) others.push(id);
  }
  const sorted = new Float64Array(texts.length - others.length);
  let n = 0;
  for (let id = 0; id < texts.length; id++) if (keys[id] >= 0) sorted[n++] = keys[id];
  sorted.sort();
  const ranks = new Int32Array(texts.length);
  for (let id = 0; id < texts.length; id++) {
    const key = keys[id];
    if (key < 0) continue;
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    ranks[id] = lo;
  }
  others.sort((a, b) => naturalCompare(texts[a], texts[b]));
  for (let k = 0; k < others.length; k++) ranks[others[k]] = sorted.length + k;
  return ranks;
}
