import type Decimal from 'decimal.js';
import { checkChineseUppercase, parseAmount, parseChineseUppercase, parseWanAmount } from './money';

/**
 * An amount as people type it from a contract or certificate, in yuan, exact (the 查册表's 金额, the
 * register's amounts): a number, or text as a certificate states 债权数额 — "700000.00", "120万",
 * "人民币120.5万元", with 整 (or 正) after 元 ("70万元整", "700000元整"), or in words,
 * "人民币柒拾万元整" (大写金额, with or without 人民币, 整 or 正, 元 or 圆), "柒拾万" (no 元 after
 * 万 or 亿, as "120万" in figures), or in lowercase numerals, "七十万元", "人民币一百零九万元整", "两百万".
 * Words are read only when written as the payment-settlement rules allow (checkChineseUppercase; 整
 * may lack after 元, as after "70万元"): a typo such as 柒万拾元整 is refused, not read as ¥70,010.
 * Lowercase is read as its uppercase, digit for digit (一→壹 … 十→拾 百→佰 千→仟, 〇→零), and held
 * to the same rules, but for what lowercase writes otherwise: 两 is 2 (not before 十), and a leading
 * 十 stands for 一十 (十二万 is ¥120,000). Uppercase and lowercase numerals mixed are refused.
 * null: an empty marker ("-"). Undefined: no amount.
 */
export function readTypedAmount(typed: string | number): Decimal | null | undefined {
  if (typeof typed === 'number') {
    // As Excel shows it, to 15 significant digits: a formula's binary noise (700000.0000000001) is no
    // fraction of a fen the certificate states. Finite only: parseAmount refuses the rest by name.
    const p = parseAmount(Number.isFinite(typed) ? Number(typed.toPrecision(15)) : typed);
    return p.ok ? p.value : undefined;
  }
  const s = typed.normalize('NFKC').replace(/\s+/g, '');
  const figures = s.replace(/元[整正]$/, '元');
  const wan = parseWanAmount(figures);
  if (wan) return wan;
  const p = parseAmount(figures);
  if (p.ok) return p.value;
  return inWords(s) ?? undefined;
}

function inWords(text: string): Decimal | null {
  const upper = asUppercase(text);
  if (upper === null || !/[零壹贰叁肆伍陆柒捌玖]/.test(upper)) return null;
  // 柒拾万 as 柒拾万元, as 120万 is 120万元
  const words = /[万亿]$/.test(upper) ? `${upper}元` : upper;
  const value = parseChineseUppercase(words);
  if (!value) return null;
  const written = (t: string) => checkChineseUppercase(t, value).ok;
  return written(words) || (/[元圆]$/.test(words) && written(`${words}整`)) ? value : null;
}

const LOWERCASE: Record<string, string> = {
  〇: '零', 一: '壹', 二: '贰', 两: '贰', 三: '叁', 四: '肆', 五: '伍', 六: '陆', 七: '柒', 八: '捌', 九: '玖', 十: '拾', 百: '佰', 千: '仟',
};

/**
 * Words in lowercase numerals as their uppercase (七十万元 → 柒拾万元), uppercase as it is; null for
 * numerals of both kinds mixed (柒十万) or 两 before 十 (两十万, which no one writes for 二十万).
 */
function asUppercase(text: string): string | null {
  if (!/[〇一二两三四五六七八九十百千]/.test(text)) return text;
  if (/[壹贰叁肆伍陆柒捌玖拾佰仟]/.test(text) || text.includes('两十')) return null;
  // 十二万 is 一十二万: only as the amount's first digit, as the lowercase way writes it (not 一百十万).
  const [, head, body] = /^((?:人民币[:：]?)?负?)(.*)$/.exec(text)!;
  return head + (body.startsWith('十') ? `一${body}` : body).replace(/[〇一二两三四五六七八九十百千]/g, (c) => LOWERCASE[c]);
}
