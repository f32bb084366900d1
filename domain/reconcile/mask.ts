import { maskAccount, maskId, maskPhone } from '../identifiers';

/**
 * Personal data inside free text (memos, 摘要, names, reasons, raw rejected cells, messages):
 * resident ID numbers, mobile phone numbers and card/account numbers are masked in the DOMAIN.md
 * forms (110105********002X, 138****5678, ****0128). Bare digit runs only: references with letters
 * (ICBC2026…) are left alone.
 *
 * - ID: 18 characters (17 digits and a digit or X) or 15 digits;
 * - mobile phone: 1[3-9]x xxxx xxxx, written together or with "-" or " " between the three
 *   groups, optionally after +86 / 0086 / 86 (which is kept); a landline with its area code,
 *   021-12345678 / 0755-8600123 (masked as 021****5678);
 * - account: any other run of 12–30 digits, or groups of four joined by "-" or " " (6214 8302 1234 5678,
 *   the last group may be shorter).
 * Full-width digits (１３８…) are read as digits.
 */
const ID = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
const PHONE = /(?<![0-9A-Za-z])((?:\+|00)?86[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?![0-9A-Za-z])/g;
const LANDLINE = /(?<![0-9A-Za-z])0\d{2,3}-\d{7,8}(?![0-9A-Za-z])/g;
const ACCOUNT = /(?<![0-9A-Za-z*])(?:\d{12,30}|\d{4}(?:[- ]\d{4}){2,6}(?:[- ]\d{1,3})?)(?![0-9A-Za-z])/g;

/**
 * Does the text hold anything the patterns above could mask? Every one of them contains `ddd dddd dddd`
 * (each separator "-", " " or none: 11 digits in a row, a phone in groups, three groups of a card
 * number) or, a landline, `d-ddddddd`. One pass of one regex over the text (measured as cheap as
 * the `\d{8}` it replaces; an alternation starting `\d(?:\d{10}|…)` took twice as long): most
 * cells (names, memos with a unit and a date) fail it and are returned as they are.
 */
const MAYBE = /[\d\uff10-\uff19]{3}[- ]?[\d\uff10-\uff19]{4}[- ]?[\d\uff10-\uff19]{4}|[\d\uff10-\uff19]-[\d\uff10-\uff19]{7}/;
const FULL_WIDTH = /[\uff10-\uff19]/;
const FULL_WIDTH_DIGITS = /[\uff10-\uff19]/g;

export function maskPersonalText(text: string): string {
  if (!text || text.length < 11 || !MAYBE.test(text)) return text;
  if (FULL_WIDTH.test(text)) {
    // Rare: read as ASCII digits; the text is returned as it was when nothing in it is masked.
    const ascii = text.replace(FULL_WIDTH_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
    const masked = maskAscii(ascii);
    return masked === ascii ? text : masked;
  }
  return maskAscii(text);
}

function maskAscii(text: string): string {
  return text
    .replace(ID, (m) => maskId(m))
    .replace(PHONE, (_m, prefix: string | undefined, phone: string) => (prefix ?? '') + maskPhone(phone))
    .replace(LANDLINE, (m) => maskPhone(m))
    .replace(ACCOUNT, (m) => maskAccount(m));
}

/**
 * An ID, phone or account number typed into a name cell (对方户名 "孙霞13900001111", 辅助核算
 * "客户:武美玲(13611112222)", "张三(440106199001011234)"), with the label before it, written in full or
 * as maskPersonalText masks it ("138****5678", "440106********1234", "****0128"): every 11 or more
 * digits (single "-" or " " between them allowed), and a landline with its area code.
 */
const NAME_NUMBER = /(?:联系电话|电话|手机号?|固话|身份证号?码?|证件号码?|卡号|账号|帐号)?[:：]?(?:\+?\d(?:[- ]?\d){10,}[Xx]?|0\d{2,3}-\d{7,8}|(?:\+?86[- ]?)?\d*\*{4,}\d+[Xx]?)/g;
const EMPTY_BRACKETS = /\(\s*\)|（\s*）|\[\s*\]|【\s*】/g;
const REPEATED_SEPARATORS = /([、,，;；/])[、,，;；/\s]+/g;
const EDGE_SEPARATORS = /^[\s:：,，;；/、_-]+|[\s:：,，;；/、_-]+$/g;

/**
 * A buyer's name without the personal numbers typed into it: "张三(440106199001011234)" → "张三",
 * "孙霞13900001111" → "孙霞". The number is not part of the name, and the name is a matching key:
 * the credit of "孙霞13900001111" is the booking of customer 孙霞 (not a 串户), and a name carried
 * into next month's run (open items, which never hold personal numbers) is the same key there. The
 * masked forms are taken out too, so a name gives the same key masked or not. Names without a digit
 * (nearly all) are returned as they are after one test.
 */
export function nameWithoutNumbers(name: string): string {
  if (!/\d/.test(name)) return name;
  const s = name.replace(NAME_NUMBER, '');
  if (s === name) return name;
  return s.replace(EMPTY_BRACKETS, '').replace(REPEATED_SEPARATORS, '$1').replace(EDGE_SEPARATORS, '');
}
