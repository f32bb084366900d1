/**
 * 凭证字号 as finance's exports spell them: one voucher whatever the spelling (voucherIdentity), and
 * where a text quotes one (voucherFinder). One set of pieces for both, so that what is one voucher
 * in a journal's column is one voucher in a 摘要 quoting it.
 */

/** The word: no digit (ASCII or full-width), blank or dash. */
const WORD = '[^\\d０-９\\s\\-－—–_＿]';
/** A dash between word and number, as exports write it. */
const DASH = '[-－—–_＿]';
/** A digit, ASCII or full-width. */
const DIGIT = '[\\d０-９]';

/** The word; 字, 第 and a dash if written; the number; 号 if written: 记-0005, 记字第5号, 记 5, 记－０００５. */
const VOUCHER_SPELLING = new RegExp(`^\\s*(${WORD}+?)\\s*字?\\s*第?\\s*${DASH}?\\s*(${DIGIT}+)\\s*号?\\s*$`);

/** A voucher's number as voucherIdentity writes it: ASCII digits without leading zeros (０００５ → 5; 0 stays 0). */
export function voucherNumber(digits: string): string {
  let at = 0;
  while (at < digits.length - 1 && (digits.charCodeAt(at) === 48 || digits.charCodeAt(at) === 0xff10)) at++;
  let no = '';
  for (let i = at; i < digits.length; i++) {
    const c = digits.charCodeAt(i);
    no += c >= 0xff10 ? String.fromCharCode(c - 0xff10 + 48) : digits[i];
  }
  return no;
}

/**
 * A 凭证字号 spelt one way whatever the export's spelling: its word, "-" and its number without leading
 * zeros (记-0005, 记字第5号, 记 5, 记－０００５ → 记-5; 收-5 and 记-50 stay other vouchers). A text that is
 * no word and number (a number alone, 2026-11-0005) is kept as it is. The last answer is kept: a
 * voucher's lines come one after another.
 */
export function voucherIdentity(voucher: string): string {
  if (voucher === lastVoucher) return lastIdentity;
  const m = VOUCHER_SPELLING.exec(voucher);
  let id = voucher;
  if (m) {
    const digits = m[2];
    const no = voucherNumber(digits);
    // Spelt so already (记-5): the text itself, no copy.
    id = no === digits && voucher.length === m[1].length + 1 + digits.length && voucher.charCodeAt(m[1].length) === 45 ? voucher : `${m[1]}-${no}`;
  }
  lastVoucher = voucher;
  lastIdentity = id;
  return id;
}
let lastVoucher = '';
let lastIdentity = '';

/** A 凭证字号's word and number as voucherIdentity reads them ("记-0012" → 记, 12; "记字第１２号" → 记, 12); null for a text that is none. */
export function voucherParts(voucher: string): { word: string; no: string } | null {
  const m = VOUCHER_SPELLING.exec(voucher);
  return m ? { word: m[1], no: voucherNumber(m[2]) } : null;
}

/**
 * Where a text quotes a voucher of this word, spelt as voucherIdentity reads a 凭证字号, with the
 * month if it gives one ("冲销10月记-0063", "红字冲销记字第63号", "冲销记－００６３"): group 1 the month,
 * group 2 the number (voucherNumber reads both). Not a number that runs on into more digits or into
 * "-digits" (记-12-3 is no 记-12).
 */
export function voucherFinder(word: string): RegExp {
  const w = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?:(${DIGIT}{1,2})\\s*月份?\\s*)?${w}\\s*字?\\s*第?\\s*${DASH}?\\s*(${DIGIT}+)(?!${DIGIT})(?!\\s*[-－—–]\\s*${DIGIT})`, 'g');
}
