import Decimal from 'decimal.js';
import { bi, type Bilingual } from './text';

/**
 * 大写金额 (amounts in words) per the payment-settlement rules (支付结算办法 附件 正确填写票据和结算凭证的基本规定).
 *
 * Generated style (one style only):
 * - "人民币" first; digits 壹贰叁肆伍陆柒捌玖, units 拾佰仟 万 亿, 元角分, 零, 整;
 * - 整 after 元 only (never after 角 or 分): 人民币壹仟肆佰零玖元伍角;
 * - a run of zeros inside the number is one 零, also across 万/亿 (壹拾万零柒仟元整, 壹亿零伍元整);
 * - 角 = 0 and 分 ≠ 0: 零 after 元 (人民币壹万陆仟肆佰零玖元零贰分);
 * - 10–19 keep the 壹: 壹拾陆元整, 壹拾万元整;
 * - amounts below one yuan have no 元 part (人民币伍角, 人民币伍分); zero is 人民币零元整;
 * - negative amounts get 负 after 人民币 (人民币负壹佰元整), as written on red-letter documents;
 * - range: |amount| < 1,000,000,000,000 (up to 千亿); larger amounts throw a RangeError.
 * Amounts are rounded half away from zero to the fen first.
 *
 * Accepted when checking (checkChineseUppercase), besides the generated style:
 * - with or without "人民币"; 圆 for 元; 正 for 整; 整/正 after 角 (人民币壹仟肆佰零玖元伍角整);
 * - where a zero run ends at the 万 or 亿 digit (the 千 digit below is not zero), the 零 may be left
 *   out (壹拾万柒仟元整 as well as 壹拾万零柒仟元整);
 * - where the 元 digit is 0 and 角 is not, a 零 after 元 may be added (壹仟陆佰捌拾元零叁角贰分);
 * - spaces anywhere are ignored.
 * Not accepted: 整 missing after 元, 整 after 分, 拾 without 壹 for 10–19, 零 missing where the rules
 * require it, 两/〇/十/百/千/毛/另 and other informal characters.
 */

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const SECTION_UNITS = ['', '万', '亿'];
const LIMIT = new D('1e12');

type Piece = string | { optionalZero: true };

/** Integer part (0 < n < 1e12) as pieces: text, with places where a 零 is optional. */
function integerPieces(n: string): Piece[] {
  const digits = n.split('').map(Number);
  const len = digits.length;
  const out: Piece[] = [];
  let pendingZero = false;
  let sectionHasDigit = false;
  let lastWasSectionUnit = false;
  for (let i = 0; i < len; i++) {
    const p = len - 1 - i; // power of ten
    const d = digits[i];
    if (d === 0) {
      pendingZero = true;
    } else {
      if (pendingZero) {
        // The zero run ends at the 万/亿 digit of a section that was written (壹拾万…) and the
        // 千 digit below is not zero: the rules allow the 零 to be left out (壹拾万柒仟).
        out.push(p % 4 === 3 && lastWasSectionUnit ? { optionalZero: true } : '零');
        pendingZero = false;
      }
      out.push(DIGITS[d] + SMALL_UNITS[p % 4]);
      sectionHasDigit = true;
      lastWasSectionUnit = false;
    }
    if (p % 4 === 0) {
      if (p > 0 && sectionHasDigit) {
        out.push(SECTION_UNITS[p / 4]);
        lastWasSectionUnit = true;
      } else if (p > 0) {
        lastWasSectionUnit = false;
      }
      sectionHasDigit = false;
    }
  }
  return out;
}

interface Parts {
  negative: boolean;
  intStr: string; // digits, no leading zeros ("0" for zero)
  jiao: number;
  fen: number;
}

function splitAmount(value: Decimal): Parts {
  const r = new D(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  if (r.abs().gte(LIMIT)) {
    throw new RangeError(
      `大写金额最多到千亿位，${r.toFixed(2)} 超出范围 / amounts in words go up to 千亿; ${r.toFixed(2)} is out of range`,
    );
  }
  const [intStr, frac] = r.abs().toFixed(2).split('.');
  return { negative: r.isNegative() && !r.isZero(), intStr, jiao: Number(frac[0]), fen: Number(frac[1]) };
}

/** All accepted written forms (without 人民币, 元 not 圆, 整 not 正), the generated one first. */
function variants(parts: Parts): string[] {
  const { intStr, jiao, fen } = parts;
  const sign = parts.negative ? '负' : '';
  const hasInt = intStr !== '0';
  // integer text variants
  let ints: string[] = [''];
  if (hasInt) {
    for (const piece of integerPieces(intStr)) {
      if (typeof piece === 'string') ints = ints.map((t) => t + piece);
      else ints = ints.flatMap((t) => [t + '零', t]);
    }
  }
  const yuanDigitZero = intStr.endsWith('0');
  const result: string[] = [];
  for (const it of ints) {
    if (!hasInt && jiao === 0 && fen === 0) {
      result.push('零元整');
      continue;
    }
    const head = hasInt ? `${it}元` : '';
    if (jiao === 0 && fen === 0) {
      result.push(`${head}整`);
    } else if (jiao === 0) {
      result.push(`${head}${hasInt ? '零' : ''}${DIGITS[fen]}分`);
    } else {
      const tail = `${DIGITS[jiao]}角${fen === 0 ? '' : DIGITS[fen] + '分'}`;
      const heads = hasInt && yuanDigitZero ? [head, `${head}零`] : [head];
      for (const h of heads) {
        result.push(h + tail);
        if (fen === 0) result.push(`${h + tail}整`);
      }
    }
  }
  return result.map((t) => sign + t);
}

/** 人民币壹拾贰万叁仟肆佰伍拾陆元整 — throws RangeError at or above 1e12. */
export function toChineseUppercase(value: Decimal): string {
  return `人民币${variants(splitAmount(value))[0]}`;
}

function canonicalise(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^人民币/, '')
    .replace(/^[:：]/, '')
    .replace(/圆/g, '元')
    .replace(/正$/, '整');
}

/** Checks a written 大写 amount against a number, accepting the allowed 零/整 variants. */
export function checkChineseUppercase(text: string, value: Decimal): { ok: true } | { ok: false; reason: Bilingual } {
  let parts: Parts;
  try {
    parts = splitAmount(value);
  } catch {
    return { ok: false, reason: bi('金额超出大写范围（千亿）', 'amount beyond the range of amounts in words (千亿)') };
  }
  const expected = variants(parts);
  const written = canonicalise(text);
  if (expected.includes(written)) return { ok: true };
  const should = `人民币${expected[0]}`;
  const read = parseChineseUppercase(text);
  const same = read !== null && read.eq(new D(value).toDecimalPlaces(2));
  if (same) {
    return {
      ok: false,
      reason: bi(
        `大写金额"${text}"金额相符但写法不规范，应写作"${should}"`,
        `the amount in words "${text}" has the right value but is not written by the rules; write "${should}"`,
      ),
    };
  }
  return {
    ok: false,
    reason: bi(
      `大写金额"${text}"与小写金额不符，应为"${should}"`,
      `the amount in words "${text}" does not match the figures; it should read "${should}"`,
    ),
  };
}

const DIGIT_VALUE: Record<string, number> = {
  零: 0, 壹: 1, 贰: 2, 叁: 3, 肆: 4, 伍: 5, 陆: 6, 柒: 7, 捌: 8, 玖: 9,
};

/**
 * Lenient reading of an amount in words to a number (for messages and for readers of scanned
 * forms); null when the text is not an amount in words. Does not judge the style: use
 * checkChineseUppercase for that.
 */
export function parseChineseUppercase(text: string): Decimal | null {
  let s = canonicalise(text).replace(/整$/, '');
  let negative = false;
  if (s.startsWith('负')) {
    negative = true;
    s = s.slice(1);
  }
  if (s === '') return null;
  let intText = '';
  let fracText = s;
  const yuan = s.indexOf('元');
  if (yuan >= 0) {
    intText = s.slice(0, yuan);
    fracText = s.slice(yuan + 1);
  }
  // integer part
  let yi = 0;
  let wan = 0;
  let section = 0;
  let num: number | null = null;
  for (const ch of intText) {
    if (ch in DIGIT_VALUE) {
      num = DIGIT_VALUE[ch];
    } else if (ch === '拾' || ch === '佰' || ch === '仟') {
      const unit = ch === '拾' ? 10 : ch === '佰' ? 100 : 1000;
      section += (num ?? (ch === '拾' ? 1 : NaN)) * unit;
      num = null;
    } else if (ch === '万') {
      wan = section + (num ?? 0);
      section = 0;
      num = null;
    } else if (ch === '亿') {
      yi = wan * 10000 + section + (num ?? 0);
      wan = 0;
      section = 0;
      num = null;
    } else {
      return null;
    }
  }
  section += num ?? 0;
  if (Number.isNaN(section)) return null;
  let result = new D(yi).mul(1e8).plus(new D(wan).mul(1e4)).plus(section);
  // fraction part: [零] [X角] [零] [Y分]
  const fm = /^零?(?:([壹贰叁肆伍陆柒捌玖])角)?零?(?:([壹贰叁肆伍陆柒捌玖])分)?$/.exec(fracText);
  if (!fm) return null;
  if (yuan < 0 && !fm[1] && !fm[2]) return null;
  if (fm[1]) result = result.plus(new D(DIGIT_VALUE[fm[1]]).div(10));
  if (fm[2]) result = result.plus(new D(DIGIT_VALUE[fm[2]]).div(100));
  return negative ? result.negated() : result;
}
