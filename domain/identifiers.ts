import { bi, type Bilingual } from './text';

/**
 * Identifier checks and masking. Every check tolerates spaces and full-width characters
 * (NFKC, whitespace removed); a lower-case x check character is accepted.
 *
 * - Resident ID (GB 11643-1999): 18 characters, ISO 7064 MOD 11-2 check, a known province code,
 *   a real birth date not in the future (and not before 1880). Legacy 15-digit numbers
 *   (6 area + YYMMDD born 19YY + 3 sequence, no check digit) are valid with a warning.
 * - USCC (GB 32100-2015): 18 characters from 0-9 A-H J-N P-R T U W-Y; a checksum failure is
 *   `valid: false, warnOnly: true` (real codes that fail exist); wrong length or characters are errors.
 * - Bank accounts: spaces and dashes are ignored; 16–19 digits starting with 62 are UnionPay cards
 *   checked with Luhn (a failure is `warnOnly`); any other 8–30 digit number is taken as a
 *   corporate or other account (no checksum); anything else is invalid.
 * - Masks never throw: too short to mask as specified, all but the last 2 characters are hidden
 *   (2 characters or fewer: all hidden).
 */
export type IdCheck =
  | { valid: true; kind: string; warning?: Bilingual }
  | { valid: false; kind: string; reason: Bilingual; /** true when the failure should only warn (USCC, account checksums) */ warnOnly?: boolean };

function compact(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u200B\uFEFF]+/g, '').toUpperCase();
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_MAP = '10X98765432';
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43',
  '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
]);

/** Check character of an 18-digit resident ID from its first 17 digits (ISO 7064 MOD 11-2). */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError(`身份证号前 17 位应为数字："${first17}" / the first 17 characters must be digits: "${first17}"`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK_MAP[sum % 11];
}

function realDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** Today in Asia/Shanghai as YYYYMMDD. */
function todayCompact(): string {
  const t = new Date(Date.now() + 8 * 3600 * 1000);
  return `${t.getUTCFullYear()}${String(t.getUTCMonth() + 1).padStart(2, '0')}${String(t.getUTCDate()).padStart(2, '0')}`;
}

function idInvalid(kind: string, zh: string, en: string): IdCheck {
  return { valid: false, kind, reason: bi(zh, en) };
}

/**
 * GB 11643-1999: 18 digits with ISO 7064 MOD 11-2 check, or a legacy 15-digit number.
 * `today` (YYYY-MM-DD, default: today in Asia/Shanghai) is the limit for the birth date.
 */
export function checkResidentId(text: string, today?: string): IdCheck {
  const s = compact(text);
  const limit = today ? today.replace(/-/g, '') : todayCompact();
  if (/^\d{17}[\dX]$/.test(s)) {
    const kind = 'resident-id';
    if (!PROVINCES.has(s.slice(0, 2))) {
      return idInvalid(kind, `身份证号地区码 ${s.slice(0, 2)} 不存在`, `no such province code ${s.slice(0, 2)} in the ID number`);
    }
    const birth = s.slice(6, 14);
    const y = Number(birth.slice(0, 4));
    if (!realDate(y, Number(birth.slice(4, 6)), Number(birth.slice(6, 8))) || y < 1880) {
      return idInvalid(kind, `身份证号中的出生日期 ${birth} 不存在`, `the birth date ${birth} in the ID number does not exist`);
    }
    if (birth > limit) {
      return idInvalid(kind, `身份证号中的出生日期 ${birth} 在今天之后`, `the birth date ${birth} in the ID number is in the future`);
    }
    const expected = residentIdCheckChar(s.slice(0, 17));
    if (expected !== s[17]) {
      return idInvalid(
        kind,
        `身份证号校验位不对：末位应为 ${expected}，实为 ${s[17]}（可能有数字录错）`,
        `the ID number's check character should be ${expected}, not ${s[17]} (a digit may be mistyped)`,
      );
    }
    return { valid: true, kind };
  }
  if (/^\d{15}$/.test(s)) {
    const kind = 'resident-id-15';
    if (!PROVINCES.has(s.slice(0, 2))) {
      return idInvalid(kind, `身份证号地区码 ${s.slice(0, 2)} 不存在`, `no such province code ${s.slice(0, 2)} in the ID number`);
    }
    const birth = `19${s.slice(6, 12)}`;
    if (!realDate(Number(birth.slice(0, 4)), Number(birth.slice(4, 6)), Number(birth.slice(6, 8)))) {
      return idInvalid(kind, `身份证号中的出生日期 ${birth} 不存在`, `the birth date ${birth} in the ID number does not exist`);
    }
    return {
      valid: true,
      kind,
      warning: bi('15 位旧身份证号，没有校验位，请核对或换用 18 位号码', 'legacy 15-digit ID number without a check digit; verify it or use the 18-digit number'),
    };
  }
  if (s.length === 18 || s.length === 15) {
    return idInvalid(
      'resident-id',
      '身份证号只能由数字组成（18 位号码末位可为 X）',
      'a resident ID consists of digits only (the last of 18 may be X)',
    );
  }
  return idInvalid(
    'resident-id',
    `身份证号应为 18 位（末位可为 X）或 15 位数字，实为 ${s.length} 位`,
    `a resident ID has 18 characters (last may be X) or 15 digits; this one has ${s.length}`,
  );
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 32100-2015 unified social credit code; a checksum failure is a warning. */
export function checkUscc(text: string): IdCheck {
  const s = compact(text);
  const kind = 'uscc';
  if (s.length !== 18) {
    return idInvalid(kind, `统一社会信用代码应为 18 位，实为 ${s.length} 位`, `a unified social credit code has 18 characters; this one has ${s.length}`);
  }
  for (const ch of s) {
    if (!USCC_CHARS.includes(ch)) {
      return idInvalid(kind, `统一社会信用代码含有不允许的字符"${ch}"`, `the unified social credit code contains the character "${ch}", which is not allowed`);
    }
  }
  let sum = 0;
  let w = 1;
  for (let i = 0; i < 17; i++) {
    sum += USCC_CHARS.indexOf(s[i]) * w;
    w = (w * 3) % 31;
  }
  const expected = USCC_CHARS[(31 - (sum % 31)) % 31];
  if (expected !== s[17]) {
    return {
      valid: false,
      kind,
      warnOnly: true,
      reason: bi(
        `统一社会信用代码校验位应为 ${expected}，实为 ${s[17]}；请与营业执照核对`,
        `the unified social credit code's check character should be ${expected}, not ${s[17]}; compare with the business licence`,
      ),
    };
  }
  return { valid: true, kind };
}

function luhnOk(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Bank card (Luhn) or corporate account (length and characters only). */
export function checkBankAccount(text: string): IdCheck {
  const s = compact(text).replace(/-/g, '');
  if (!/^\d+$/.test(s)) {
    return idInvalid('account', '银行账号只能由数字组成', 'a bank account number must consist of digits only');
  }
  if (/^62\d{14,17}$/.test(s)) {
    if (!luhnOk(s)) {
      return {
        valid: false,
        kind: 'bank-card',
        warnOnly: true,
        reason: bi('银行卡号校验（Luhn）不通过，可能有数字录错', 'the card number fails the Luhn check; a digit may be mistyped'),
      };
    }
    return { valid: true, kind: 'bank-card' };
  }
  if (s.length < 8 || s.length > 30) {
    return idInvalid('account', `银行账号应为 8–30 位数字，实为 ${s.length} 位`, `a bank account number has 8–30 digits; this one has ${s.length}`);
  }
  return { valid: true, kind: 'account' };
}

function maskShort(s: string): string {
  if (s.length <= 2) return '*'.repeat(s.length);
  return '*'.repeat(s.length - 2) + s.slice(-2);
}

/** 110105********002X (first 6 + last 4). */
export function maskId(text: string): string {
  const s = compact(text);
  if (s.length < 11) return maskShort(s);
  return s.slice(0, 6) + '*'.repeat(s.length - 10) + s.slice(-4);
}

/** 138****5678 (first 3 + last 4). */
export function maskPhone(text: string): string {
  const s = compact(text).replace(/-/g, '');
  if (s.length < 11) return maskShort(s);
  return s.slice(0, 3) + '*'.repeat(s.length - 7) + s.slice(-4);
}

/** ****0128 (last 4). */
export function maskAccount(text: string): string {
  const s = compact(text).replace(/-/g, '');
  if (s.length < 8) return maskShort(s);
  return `****${s.slice(-4)}`;
}
