import type Decimal from 'decimal.js';
import { checkChineseUppercase, parseAmount, parseChineseUppercase, parseWanAmount } from './money';

/**
 * An amount as people type it from a contract or certificate, in yuan, exact (the 查册表's 金额, the
 * register's amounts): a number, or text as a certificate states 债权数额 — "700000.00", "120万",
 * "人民币120.5万元", with 整 (or 正) after 元 ("70万元整", "700000元整"), or in words,
 * "人民币柒拾万元整" (大写金额, with or without 人民币, 整 or 正, 元 or 圆).
 * Words are read only when written as the payment-settlement rules allow (checkChineseUppercase; 整
 * may lack after 元, as after "70万元"): a typo such as 柒万拾元整 is refused, not read as ¥70,010.
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
  if (!/[零壹贰叁肆伍陆柒捌玖]/.test(text)) return null;
  const value = parseChineseUppercase(text);
  if (!value) return null;
  const written = (t: string) => checkChineseUppercase(t, value).ok;
  return written(text) || (/[元圆]$/.test(text) && written(`${text}整`)) ? value : null;
}
