/**
 * Unit codes (房号) as written in registers, statements and journal 摘要, normalised to one key.
 *
 * Key form: "building-unit-room" ("3-2-1501"), or "building-room" when no 单元 is given
 * ("3栋1501" → "3-1501"). Building may carry letters ("A栋2单元1501" → "A-2-1501", "12B#…").
 * Leading zeros are dropped from every numeric part ("03栋02单元0501" → "3-2-501"), letters are
 * upper-cased, full-width characters are folded (NFKC) and spaces are ignored.
 *
 * Recognised forms: "3栋2单元1501", "3幢2单元1501室", "3号楼2单元1501", "3#楼2单元1501", "3座2单元1501",
 * "3#2-1501", "3#1501", "3栋2-1501", "3-2-1501", "3-1501", full-width "３栋２单元１５０１".
 * Building: 1–3 digits with an optional letter before or after, or a single letter.
 * Unit: 1–2 digits (or a letter) before 单元 or a dash. Room: 3–5 digits, optional 室/号.
 */
export interface UnitCode {
  building: string;
  unit: string | null;
  room: string;
}

const B = String.raw`([A-Za-z]?\d{1,3}[A-Za-z]?|[A-Za-z])`;
const U = String.raw`(\d{1,2}|[A-Za-z])`;
const R = String.raw`(\d{3,5})`;
const BUILDING_MARK = String.raw`(?:号楼|#楼|栋|幢|座|#)`;

/** The forms, each capturing building, unit (maybe absent), room. */
const FORMS: string[] = [
  // 3栋2单元1501室 / 3#2-1501 / 3栋2-1501
  `${B}${BUILDING_MARK}${U}(?:单元|-)${R}(?:室|号)?`,
  // 3栋1501 / 3#1501
  `${B}${BUILDING_MARK}()${R}(?:室|号)?`,
  // 3-2-1501
  `${B}-${U}-${R}(?:室|号)?`,
  // 3-1501
  `${B}-()${R}(?:室|号)?`,
];

const ANCHORED = FORMS.map((f) => new RegExp(`^${f}$`));
/** In free text: not glued to other letters, digits or dashes on either side. */
const IN_TEXT = new RegExp(FORMS.map((f) => `(?<![A-Za-z0-9\\-#])${f}(?![0-9\\-])`).join('|'), 'g');
/** The form "3-2-1501" in FORMS. */
const DASH_FORM = 2;
/**
 * A code already in key form with digits only and no leading zero ("3-2-1501"), as journals' 房号
 * and most bank memos hold it, is its own key: building the key (three upper-casings, zero
 * stripping, a template) cost about a microsecond per row, a million times a month.
 */
const DIGIT_KEY = /^[1-9]\d{0,2}-[1-9]\d?-[1-9]\d{2,4}$/;

/**
 * text.normalize('NFKC'), skipping the call for the usual text made only of ASCII and CJK unified
 * ideographs (U+4E00–U+9FFF), which NFKC leaves as it is: the normalisation was most of the cost.
 */
function nfkc(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80 && (c < 0x4e00 || c > 0x9fff)) return text.normalize('NFKC');
  }
  return text;
}

function fold(text: string): string {
  return nfkc(text)
    .replace(/[\u2010-\u2015\u2212\uFE63]/g, '-')
    .replace(/[\s\u200B\uFEFF]+/g, '');
}

function stripZeros(part: string): string {
  const up = part.toUpperCase();
  // Both rules below need a zero first, or right after a leading letter: most parts have none.
  if (up.charCodeAt(0) !== 48 && up.charCodeAt(1) !== 48) return up;
  if (/^\d+$/.test(up)) return up.replace(/^0+(?=\d)/, '');
  return up.replace(/^([A-Z]?)0+(?=\d)/, '$1');
}

function build(b: string, u: string | undefined, r: string): UnitCode {
  return { building: stripZeros(b), unit: u ? stripZeros(u) : null, room: stripZeros(r) };
}

function key(c: UnitCode): string {
  return c.unit === null ? `${c.building}-${c.room}` : `${c.building}-${c.unit}-${c.room}`;
}

export function parseUnitCode(text: string): UnitCode | null {
  const s = fold(text);
  for (const re of ANCHORED) {
    const m = re.exec(s);
    if (m) return build(m[1], m[2], m[3]);
  }
  return null;
}

/** "3栋2单元1501", "3-2-1501", "3#2-1501", "3幢2单元1501室" (full-width too) → "3-2-1501"; null if not a unit code. */
export function normaliseUnitCode(text: string): string | null {
  if (DIGIT_KEY.test(text)) return text;
  const c = parseUnitCode(text);
  return c ? key(c) : null;
}

/**
 * Printable ASCII and CJK unified ideographs (U+4E00–U+9FFF) are unchanged by NFKC and hold no
 * dash variant, zero-width character or whitespace other than the space: with no run of spaces,
 * findUnitCode's folding would return the text itself.
 */
const FOLDED = /^[\x20-\x7e\u4e00-\u9fff]*$/;
function isFolded(text: string): boolean {
  return FOLDED.test(text) && !text.includes('  ');
}

/**
 * Finds the first unit code inside free text such as a 摘要 ("收3栋2单元1501张三按揭款",
 * "3-2-1501 张三 商贷放款", "客户:张三;房号:3-2-1501") and returns its key.
 * Codes glued to longer digit runs (account numbers, phone numbers, dates) are not taken.
 */
export function findUnitCode(text: string): string | null {
  // Keep word breaks here: "转账 12 3-2-1501" must not become "123-2-1501".
  // Most memos are plain text the folding leaves as it is: skip it (a third of the cost for a statement's every row).
  const s = isFolded(text)
    ? text
    : text
        .normalize('NFKC')
        .replace(/[\u2010-\u2015\u2212\uFE63]/g, '-')
        .replace(/[\u200B\uFEFF]/g, '')
        .replace(/\s+/g, ' ');
  IN_TEXT.lastIndex = 0;
  for (let m = IN_TEXT.exec(s); m; m = IN_TEXT.exec(s)) {
    // groups come in threes, one triple per form
    for (let f = 0; f < FORMS.length; f++) {
      const b = m[1 + f * 3];
      if (b === undefined) continue;
      return f === DASH_FORM && DIGIT_KEY.test(m[0]) ? m[0] : key(build(b, m[2 + f * 3], m[3 + f * 3]));
    }
  }
  return null;
}

/**
 * A room (房号 "1O01") or unit code ("3-2-15O1") that is none only because a letter stands for the
 * digit it looks like, next to a digit: O or o for 0, I or l for 1. Returns the text with those
 * letters as digits when that reads as a room (3–5 digits, 室/号 after) or a unit code, else null.
 * A letter a code may carry (A栋, 12B, B-2-1501) is never asked about: such text reads already.
 */
export function lookalikeDigits(text: string): string | null {
  const s = fold(text);
  const reads = (t: string) => /^\d{3,5}(?:室|号)?$/.test(t) || parseUnitCode(t) !== null;
  if (!/[OoIl]/.test(s) || reads(s)) return null;
  let fixed = s;
  for (let before = ''; before !== fixed; ) {
    before = fixed;
    fixed = fixed.replace(/(?<=\d)[OoIl]|[OoIl](?=\d)/g, (c) => (c === 'O' || c === 'o' ? '0' : '1'));
  }
  return fixed !== s && reads(fixed) ? fixed : null;
}

/**
 * For comparing buyer names: NFKC (full-width letters folded), every kind of whitespace removed,
 * the middle-dot variants of transliterated names (•・･‧∙⋅) folded to "·", Latin letters upper-cased.
 * Honorifics and notes such as "（先生）" are left alone.
 */
export function normaliseName(text: string): string {
  return nfkc(text)
    .replace(/[\s\u200B\uFEFF]+/g, '')
    .replace(/[•・･‧∙⋅]/g, '·')
    .toUpperCase();
}
