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
