import { maskAccount, maskId, maskPhone } from '../identifiers';

/**
 * Personal data inside free text (memos, 摘要, reasons, raw rejected cells): resident ID numbers,
 * mobile phone numbers and card/account numbers are masked in the DOMAIN.md forms. Bare digit runs
 * only: references with letters (ICBC2026…) are left alone.
 */
const ID = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
const PHONE = /(?<![0-9A-Za-z])(1[3-9]\d{9})(?![0-9A-Za-z])/g;
const ACCOUNT = /(?<![0-9A-Za-z*])(\d{8,14}|\d{16}|\d{19,30})(?![0-9A-Za-z])/g;

export function maskPersonalText(text: string): string {
  if (!text || !/\d{8}/.test(text)) return text;
  return text.replace(ID, (m) => maskId(m)).replace(PHONE, (m) => maskPhone(m)).replace(ACCOUNT, (m) => maskAccount(m));
}
