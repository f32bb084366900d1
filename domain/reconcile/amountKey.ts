import Decimal from 'decimal.js';
import { toFixed2 } from '../money';

/** Amounts to the fen as hash keys: integers for the common case, so a million rows hash without a string each. */

export type AmountKey = number | string;

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];

/**
 * amountKey(d) — the fen of d, rounded half away from zero like toFixed2, read from decimal.js's
 * documented representation (d: base-1e7 digit words, e: decimal exponent, s: sign) instead of
 * formatting a string per row (toFixed costs ~1 µs; this ~30 ns).
 */
export function amountKey(d: Decimal): AmountKey {
  const words = d.d;
  if (!words || d.e > 6) return toFixed2(d); // not finite, or ¥10,000,000 and more (rare): the string form
  if (words[0] === 0) return 0;
  const lead = words[0];
  const leadDigits = lead >= 1e6 ? 7 : lead >= 1e5 ? 6 : lead >= 1e4 ? 5 : lead >= 1e3 ? 4 : lead >= 100 ? 3 : lead >= 10 ? 2 : 1;
  // Place (in fen, 10^place) of each word's last digit; the first word's top digit is at e + 2.
  let place = d.e + 2 - (leadDigits - 1);
  if (place + leadDigits - 1 < -1) return 0; // below a tenth of a fen: rounds to 0.00
  let fen = 0;
  let up = false;
  for (let k = 0; k < words.length; k++, place -= 7) {
    const w = words[k];
    if (place >= 0) {
      fen += w * POW10[place];
      continue;
    }
    // This word holds the fen's last digit (or sits just below it) and the digit that decides rounding.
    const drop = -place;
    fen += Math.floor(w / POW10[drop]);
    up = Math.floor(w / POW10[drop - 1]) % 10 >= 5;
    break;
  }
  if (up) fen += 1;
  // Rounded up to ¥10,000,000.00 (9,999,999.995 and the like): the string form, as every amount from there up has.
  if (fen >= 1e9) return toFixed2(d);
  return d.s < 0 && fen !== 0 ? -fen : fen;
}

/** The toFixed2 text of a key. */
export function fenText(key: AmountKey): string {
  if (typeof key === 'string') return key;
  const abs = key < 0 ? -key : key;
  const cents = abs % 100;
  return `${key < 0 ? '-' : ''}${Math.floor(abs / 100)}.${cents < 10 ? '0' : ''}${cents}`;
}

export function isNegativeKey(key: AmountKey): boolean {
  return typeof key === 'number' ? key < 0 : key.charCodeAt(0) === 45; /* '-' */
}
export function absKey(key: AmountKey): AmountKey {
  return typeof key === 'number' ? (key < 0 ? -key : key) : key.charCodeAt(0) === 45 ? key.slice(1) : key;
}
