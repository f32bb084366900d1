import Decimal from 'decimal.js';
import { bi, type Bilingual } from './text';

/**
 * Money is decimal.js from parsing to output. Rounding is half away from zero (Excel ROUND):
 * decimal.js ROUND_HALF_UP rounds ties away from zero for negative values too (-0.125 → -0.13).
 *
 * parseAmount accepts the amount text found in real exports (see its doc comment) and JS numbers
 * from spreadsheet cells; everything else is refused with a bilingual reason.
 */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Money = Decimal;

export type AmountParse =
  | { ok: true; value: Decimal | null } // null: an empty marker ("", "-", "--")
  | { ok: false; reason: Bilingual };

/** The number part: plain digits, or digits grouped by commas in groups of exactly three. */
const NUMBER_RE = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;
/** The common case, a sign and NUMBER_RE with nothing else ("1234.56", "-1,234.56"): read without folding. */
const PLAIN_AMOUNT_RE = /^([+-]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)$/;
/** Cells that mean "no amount": empty, or a run of dashes ("-", "--", "-------------------"). */
const EMPTY_RE = /^-*$/;

function refuse(raw: string, zhWhy: string, enWhy: string): AmountParse {
  return {
    ok: false,
    reason: bi(`无法识别的金额"${raw}"：${zhWhy}`, `not an amount "${raw}": ${enWhy}`),
  };
}

/** Zero is always returned as positive zero. */
function clean(d: Decimal): Decimal {
  return d.isZero() ? new Money(0) : d;
}

/**
 * An amount written in 万 as the desk and certificates write it ("109万", "109.35万元", "人民币20万元"):
 * exact, so read (in yuan), not refused. null for any other text.
 */
export function parseWanAmount(text: string): Decimal | null {
  const m = WAN_RE.exec(text.normalize('NFKC').replace(/[\s,]/g, ''));
  return m ? new Money(m[1]).times(10000) : null;
}
const WAN_RE = /^(?:人民币|[¥￥])?(-?\d+(?:\.\d+)?)万元?$/;

/**
 * Parse amount text as found in real exports; numbers from spreadsheet cells are accepted too.
 *
 * Accepted (spaces, tabs and full-width forms are folded first, NFKC):
 * - "1,234.56", "1234.56", "1234", "0.5"; grouping commas must come in groups of three;
 * - a sign: "+10000.00", "-1,000.00"; parentheses mean negative: "(1,234.56)";
 * - a currency mark before the number: "¥", "￥", "CNY", "RMB", "人民币" ("CNY 123.18", "-¥5.00", "¥-5.00");
 * - after the number: "元", and a "(CN)" / "(CNY)" / "(RMB)" tag as in CMB credit-card exports;
 * - empty markers → value null: "", whitespace, "-", "--" (any run of dashes), null, undefined;
 * - JS numbers (finite only), read through their shortest round-trip text String(n).
 * Refused: words ("壹万元"), other currencies ("JPY 1000.00"), "1.2.3", "12abc", "1,23,4.5",
 * two signs, a sign inside parentheses. Values keep their decimals; round with roundFen.
 */
export function parseAmount(input: string | number | null | undefined): AmountParse {
  if (input === null || input === undefined) return { ok: true, value: null };
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) {
      return {
        ok: false,
        reason: bi(`单元格数值不是有限数：${String(input)}`, `the cell value is not a finite number: ${String(input)}`),
      };
    }
    return { ok: true, value: clean(new Money(String(input))) };
  }
  if (typeof input !== 'string') {
    return refuse(String(input), '不是文本或数字', 'neither text nor a number');
  }
  const plain = PLAIN_AMOUNT_RE.exec(input);
  if (plain) {
    // Same steps as the end of the general path below, without NFKC and the tag/currency patterns,
    // which cannot change text made only of a sign, ASCII digits, commas and a dot.
    const [, sign, body] = plain;
    const digits = body.includes(',') ? body.replace(/,/g, '') : body;
    const value = plainMoney(digits) ?? new Money(digits);
    return { ok: true, value: clean(sign === '-' ? value.negated() : value) };
  }
  const raw = input;
  let s = raw
    .normalize('NFKC')
    .replace(/[\u2212\u2012\u2013\u2014\uFE63]/g, '-') // minus sign, figure/en/em dash, small hyphen-minus
    .replace(/[\s\u200B\uFEFF]+/g, '');
  if (EMPTY_RE.test(s)) return { ok: true, value: null };

  // Trailing tags: "(CN)" as in "8,000.00(CN)", then "元".
  s = s.replace(/\((?:CN|CNY|RMB)\)$/i, '');
  s = s.replace(/元$/, '');

  let negative = false;
  let signs = 0;
  const paren = /^\((.*)\)$/.exec(s);
  if (paren) {
    negative = true;
    signs++;
    s = paren[1];
  }
  // sign, currency, sign — in either order around the currency mark.
  const m = /^([+-]?)(¥|CNY|RMB|人民币)?([+-]?)(.*)$/i.exec(s);
  if (!m) return refuse(raw, '格式不对', 'unrecognised format');
  const [, sign1, , sign2, rest] = m;
  let body = rest;
  // "¥(1,234.56)"
  const innerParen = /^\((.*)\)$/.exec(body);
  if (innerParen && !paren) {
    negative = true;
    signs++;
    body = innerParen[1];
  }
  for (const sg of [sign1, sign2]) {
    if (sg) {
      signs++;
      if (sg === '-') negative = true;
    }
  }
  if (signs > 1) return refuse(raw, '正负号重复', 'more than one sign');
  if (body === '') return refuse(raw, '没有数字', 'no digits');
  if (/^[A-Z]{3}/i.test(body)) return refuse(raw, '不是人民币金额', 'not a CNY amount');
  if (!NUMBER_RE.test(body)) {
    if (/^[\d,]+(\.\d+)?$/.test(body)) {
      return refuse(raw, '千分位逗号应每三位一组', 'thousands separators must group three digits');
    }
    if (/[零壹贰叁肆伍陆柒捌玖拾佰仟万亿一二三四五六七八九十百千]/.test(body)) {
      return refuse(raw, '大写金额不能当作数字读取', 'an amount in words cannot be read as a number');
    }
    return refuse(raw, '含有多余的字符', 'unexpected characters');
  }
  const value = new Money(body.replace(/,/g, ''));
  return { ok: true, value: clean(negative ? value.negated() : value) };
}

/** decimal.js stores digits in base 1e7 words (its LOG_BASE). */
const WORD_DIGITS = 7;
/** Longer texts go through the decimal.js parser (keeps the word arithmetic far from 2^53). */
const PLAIN_MAX_LENGTH = 64;
/** plainMoney's working arrays (it runs synchronously; each result gets its own array). */
const WORD_SCRATCH: number[] = [];
const SHORT_WORDS = [0, 0, 0];

/**
 * `new Money(text)` for plain decimal text — an optional "-", digits, at most one ".", at least one
 * digit ("1234.56", "-0.50", "1234.", ".5") — without decimal.js's string parser, which costs about
 * a microsecond per call (a replace, a regular expression and a substring per 7 digits) and was a
 * third of the time of reading a large statement. Returns null for any other text.
 *
 * It fills in the same fields the parser would (sign s, exponent e, base-1e7 words d, as in
 * decimal.js 10's parseDecimal: no leading or trailing zero words, the first word holding
 * (e + 1) mod 7 digits). test/reading/fastPaths.test.ts checks field for field against `new Money`.
 */
export function plainMoney(text: string): Decimal | null {
  const n = text.length;
  if (n === 0 || n > PLAIN_MAX_LENGTH) return null;
  let i = 0;
  let sign = 1;
  if (text.charCodeAt(0) === 45) {
    sign = -1;
    i = 1;
  }
  let dot = -1;
  let first = -1; // first non-zero digit
  let last = -1; // last non-zero digit
  let digits = 0;
  for (let k = i; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c === 46 && dot < 0) dot = k;
    else if (c >= 48 && c <= 57) {
      digits++;
      if (c !== 48) {
        if (first < 0) first = k;
        last = k;
      }
    } else return null;
  }
  if (digits === 0) return null;
  if (first < 0) return moneyOfFields(sign, 0, [0]); // zero keeps its sign, as in new Money("-0.00")
  if (dot < 0) dot = n;
  const e = first < dot ? dot - first - 1 : dot - first;
  return moneyOfFields(sign, e, digitWords(text, first, last, dot, e));
}

/**
 * A Money with the given decimal.js fields, built by a constructor of its own that does only what
 * Money's does for a parsed value — the own `constructor` property (decimal.js finds its precision
 * and rounding there), then s, e, d in that order — on Money's prototype, so it is a Money in every
 * respect (instanceof, methods, Decimal.isDecimal). `new Money(0)` with its fields overwritten did
 * the same with a type check, an isDecimalInstance call and a [0] array thrown away: ~a third of
 * the cost of a plain amount, twice per statement row.
 */
interface MoneyFields {
  constructor: typeof Money;
  s: number;
  e: number;
  d: number[];
}
const MoneyOfFields = function MoneyOfFields(this: MoneyFields, s: number, e: number, d: number[]): void {
  this.constructor = Money;
  this.s = s;
  this.e = e;
  this.d = d;
} as unknown as new (s: number, e: number, d: number[]) => Decimal;
MoneyOfFields.prototype = Money.prototype;

function moneyOfFields(s: number, e: number, d: number[]): Decimal {
  return new MoneyOfFields(s, e, d);
}

/**
 * x.negated() for a Money, field for field: decimal.js copies x through its generic constructor
 * (type checks, a copy of the words) and finalise then only checks the exponent range, so for a
 * finite Money within that range the result is the same words with the sign turned. A debit on
 * every third statement row paid that generic path. Anything else goes to x.negated().
 */
export function negatedMoney(x: Decimal): Decimal {
  const ctor: unknown = x.constructor;
  const words: number[] | null = x.d;
  if (ctor !== Money || !words || !(x.e <= Money.maxE && x.e >= Money.minE)) return x.negated();
  return moneyOfFields(-x.s, x.e, words.slice());
}

/**
 * The base-1e7 words of the digits text[first..last] (the dot at `dot` skipped), the first word
 * holding (e + 1) mod 7 digits and the last padded with zeros. Amounts need one to three words:
 * those are built as array literals of exactly that size (small integers, packed, as decimal.js
 * builds its own) with no scratch array to reset and copy; longer ones go through the scratch array.
 */
function digitWords(text: string, first: number, last: number, dot: number, e: number): number[] {
  let inWord = (e + 1) % WORD_DIGITS;
  if (inWord <= 0) inWord += WORD_DIGITS;
  const significant = last - first + 1 - (dot > first && dot < last ? 1 : 0);
  const count = significant <= inWord ? 1 : 1 + Math.ceil((significant - inWord) / WORD_DIGITS);
  if (count > 3) return longDigitWords(text, first, last, dot, inWord);
  const w = SHORT_WORDS;
  let word = 0;
  let done = 0;
  for (let k = first; k <= last; k++) {
    if (k === dot) continue;
    word = word * 10 + (text.charCodeAt(k) - 48);
    if (--inWord === 0) {
      w[done++] = word;
      word = 0;
      inWord = WORD_DIGITS;
    }
  }
  if (inWord !== WORD_DIGITS) {
    for (; inWord > 0; inWord--) word *= 10; // the last word, padded
    w[done] = word;
  }
  return count === 1 ? [w[0]] : count === 2 ? [w[0], w[1]] : [w[0], w[1], w[2]];
}

function longDigitWords(text: string, first: number, last: number, dot: number, firstWordDigits: number): number[] {
  const words = WORD_SCRATCH;
  words.length = 0;
  let inWord = firstWordDigits;
  let word = 0;
  for (let k = first; k <= last; k++) {
    if (k === dot) continue;
    word = word * 10 + (text.charCodeAt(k) - 48);
    if (--inWord === 0) {
      words.push(word);
      word = 0;
      inWord = WORD_DIGITS;
    }
  }
  if (inWord !== WORD_DIGITS) {
    for (; inWord > 0; inWord--) word *= 10;
    words.push(word);
  }
  // A copy of exactly the right size: an array grown by push keeps room for 16 words (~130 bytes
  // more per amount, which adds up over the million transactions a reconciliation keeps).
  return words.slice();
}

/** Fen of a two-decimal string ("-1234.50" → -123450n): exact, and far cheaper than a Decimal per row. */
export function fenOfText(fen: string): bigint {
  const dot = fen.indexOf('.');
  return BigInt(dot < 0 ? fen + '00' : fen.slice(0, dot) + fen.slice(dot + 1).padEnd(2, '0').slice(0, 2));
}

/** Yuan of a whole number of fen, as Money. */
export function yuanOfFen(fen: bigint): Decimal {
  return new Money(fen.toString()).div(100);
}

/** Numbers of at most this size add up exactly in a double: their sum is within 2^53. */
const EXACT_HALF = 2 ** 52;

/**
 * Sum of fen, exact: integer fen (safe integers) added as numbers, moved into a bigint before the
 * number could lose a digit; very large ones and two-decimal strings (how the engine keys
 * ¥10,000,000 and more) go to the bigint. Adding numbers costs far less than a decimal.js addition per row.
 */
export class FenSum {
  private small = 0;
  private big = 0n;
  add(fen: number | string): void {
    if (typeof fen === 'string') {
      this.big += fenOfText(fen);
      return;
    }
    if (fen > EXACT_HALF || fen < -EXACT_HALF) {
      this.big += BigInt(fen);
      return;
    }
    this.small += fen;
    if (this.small > EXACT_HALF || this.small < -EXACT_HALF) {
      this.big += BigInt(this.small);
      this.small = 0;
    }
  }
  total(): bigint {
    return this.big + BigInt(this.small);
  }
}

/** Powers of ten that are exact doubles and keep a safe integer's product checkable. */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The value in fen as an exact safe integer, or null when it is not a whole number of fen (or not
 * finite, or beyond 2^53 fen). Read from decimal.js's documented fields (s sign, e exponent, d
 * base-1e7 words) instead of value.times(100), which allocates two Decimals.
 */
export function exactFen(value: Decimal): number | null {
  const words = value.d;
  if (!words) return null;
  if (words[0] === 0) return 0;
  const n = words.length;
  if (n > 3) return null; // more than 21 digits: beyond a safe integer anyway
  const lead = words[0];
  const leadDigits = lead >= 1e6 ? 7 : lead >= 1e5 ? 6 : lead >= 1e4 ? 5 : lead >= 1e3 ? 4 : lead >= 100 ? 3 : lead >= 10 ? 2 : 1;
  // The digits as one integer, without the zeros that pad the last word (its digits sit at the top).
  let last = words[n - 1];
  let lastDigits = n === 1 ? leadDigits : 7;
  while (last % 10 === 0) {
    last /= 10;
    lastDigits--;
  }
  let digits = 0;
  for (let k = 0; k < n - 1; k++) digits = digits * 1e7 + words[k];
  digits = digits * POW10[lastDigits] + last;
  if (!Number.isSafeInteger(digits)) return null;
  // Place in fen (a power of ten) of the last digit: the first digit's place is e + 2.
  const totalDigits = (n === 1 ? 0 : leadDigits + 7 * (n - 2)) + lastDigits;
  const place = value.e + 2 - (totalDigits - 1);
  if (place < 0) return null; // a fraction of a fen
  if (place >= POW10.length) return null;
  const fen = digits * POW10[place];
  if (!Number.isSafeInteger(fen)) return null;
  return value.s < 0 ? -fen : fen;
}

/**
 * A running sum of Money that gives exactly what `zero.plus(a).plus(b)…` gives, summed as integer
 * fen while every amount is a whole number of fen (a bank statement's always are): two decimal.js
 * additions per row were a tenth of the time of reading a large statement. From the first amount
 * that is not (a fraction of a fen, or beyond 2^53 fen) it goes on with decimal.js from the exact
 * sum so far, which is what the plain chain of additions would hold at that point: sums of whole
 * fen are exact in Money's 40 digits.
 */
export class MoneySum {
  private readonly fen = new FenSum();
  private general: Decimal | null = null;
  private any = false;

  add(amount: Decimal): void {
    this.addSigned(amount, false);
  }

  subtract(amount: Decimal): void {
    this.addSigned(amount, true);
  }

  private addSigned(amount: Decimal, minus: boolean): void {
    this.any = true;
    if (this.general === null) {
      const fen = exactFen(amount);
      if (fen !== null) {
        this.fen.add(minus ? -fen : fen);
        return;
      }
      this.general = yuanOfFen(this.fen.total());
    }
    this.general = minus ? this.general.minus(amount) : this.general.plus(amount);
  }

  /** The sum; `zero` (returned as is) when nothing was added. */
  value(zero: Decimal): Decimal {
    if (!this.any) return zero;
    return this.general ?? yuanOfFen(this.fen.total());
  }
}

/** Round half away from zero to the fen (2 dp) unless `dp` says otherwise. */
export function roundFen(value: Decimal, dp = 2): Decimal {
  return clean(new Money(value).toDecimalPlaces(dp, Decimal.ROUND_HALF_UP));
}

function group3(intDigits: string): string {
  return intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** ¥1,234.56 (negative: -¥1,234.56). Rounded to the fen first. */
export function formatYuan(value: Decimal): string {
  const r = roundFen(value);
  const [intPart, frac] = r.abs().toFixed(2).split('.');
  return `${r.isNegative() ? '-' : ''}¥${group3(intPart)}.${frac}`;
}

/** "1234.56" — two decimals, no grouping; the form used in JSON contracts. */
export function toFixed2(value: Decimal): string {
  const r = roundFen(value);
  return (r.isNegative() ? '-' : '') + r.abs().toFixed(2);
}

export { toChineseUppercase, checkChineseUppercase, parseChineseUppercase } from './capitalAmount';
