import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkBankAccount,
  checkResidentId,
  checkUscc,
  maskAccount,
  maskId,
  maskPhone,
  residentIdCheckChar,
} from '../../domain/identifiers';

describe('resident ID (GB 11643-1999)', () => {
  it('accepts the DOMAIN.md example, also with lower-case x, spaces or full-width digits', () => {
    for (const id of ['11010519491231002X', '11010519491231002x', ' 110105 19491231 002X ', '１１０１０５１９４９１２３１００２Ｘ']) {
      expect(checkResidentId(id)).toEqual({ valid: true, kind: 'resident-id' });
    }
  });

  it('refuses 340524198001010013: the check character should be X', () => {
    // Hand-computed: Σ digit×weight over 34052419800101001 = 189; 189 mod 11 = 2 → "X".
    const r = checkResidentId('340524198001010013');
    expect(r.valid).toBe(false);
    if (!r.valid) {
      expect(r.warnOnly).toBeUndefined();
      expect(r.reason.zh).toContain('X');
      expect(r.reason.en).toContain('check character');
    }
    expect(checkResidentId('34052419800101001X').valid).toBe(true);
  });

  it('computes the check character (used by the sample generator)', () => {
    // Hand-computed for 11010519491231002: Σ = 167, 167 mod 11 = 2 → "X".
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('34052419800101001')).toBe('X');
    expect(() => residentIdCheckChar('1101051949123100')).toThrow(RangeError);
    expect(() => residentIdCheckChar('1101051949123100A')).toThrow(RangeError);
  });

  it('every single-digit typo is caught (property)', () => {
    const base = '11010519491231002X';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const d = (Number(base[pos]) + delta) % 10;
        const typo = base.slice(0, pos) + String(d) + base.slice(pos + 1);
        return !checkResidentId(typo).valid;
      }),
    );
  });

  it('refuses impossible and future birth dates', () => {
    const r = checkResidentId('110105194902301234');
    expect(r.valid).toBe(false);
    if (!r.valid) expect(r.reason.zh).toContain('19490230');
    const future = checkResidentId('11010519491231002X', '1949-12-30');
    expect(future.valid).toBe(false);
    if (!future.valid) expect(future.reason.en).toContain('future');
    expect(checkResidentId('11010519491231002X', '1949-12-31').valid).toBe(true);
  });

  it('refuses unknown province codes, wrong lengths and letters', () => {
    expect(checkResidentId('00010519491231002X').valid).toBe(false);
    expect(checkResidentId('1101051949123100').valid).toBe(false);
    expect(checkResidentId('1101051949123100211').valid).toBe(false);
    expect(checkResidentId('').valid).toBe(false);
    const letters = checkResidentId('91350200776049653A');
    expect(letters.valid).toBe(false);
    if (!letters.valid) expect(letters.reason.en).toContain('digits only');
  });

  it('accepts legacy 15-digit numbers with a warning, checking the birth date', () => {
    const r = checkResidentId('110105491231002');
    expect(r.valid).toBe(true);
    if (r.valid) {
      expect(r.kind).toBe('resident-id-15');
      expect(r.warning?.zh).toContain('15');
    }
    expect(checkResidentId('110105491331002').valid).toBe(false); // month 13
  });
});

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts the DOMAIN.md example', () => {
    expect(checkUscc('91350200776049653A')).toEqual({ valid: true, kind: 'uscc' });
    expect(checkUscc('91350200776049653a')).toEqual({ valid: true, kind: 'uscc' });
  });
  it('a checksum failure only warns', () => {
    const r = checkUscc('91350200776049653B');
    expect(r.valid).toBe(false);
    if (!r.valid) {
      expect(r.warnOnly).toBe(true);
      expect(r.reason.zh).toContain('A');
    }
  });
  it('wrong length or forbidden characters (I O S V Z) are errors', () => {
    for (const bad of ['9135020077604965', '9135020077604965IA', '91350200776O49653A', '913502007760496S3A']) {
      const r = checkUscc(bad);
      expect(r.valid).toBe(false);
      if (!r.valid) expect(r.warnOnly).toBeFalsy();
    }
  });
});

describe('bank accounts', () => {
  it('UnionPay cards (62…, 16–19 digits) use Luhn', () => {
    // Hand-computed Luhn sum of 6222021234567890128 is 80.
    expect(checkBankAccount('6222021234567890128')).toEqual({ valid: true, kind: 'bank-card' });
    expect(checkBankAccount('6222 0212 3456 7890 128')).toEqual({ valid: true, kind: 'bank-card' });
    const r = checkBankAccount('6222021234567890127');
    expect(r.valid).toBe(false);
    if (!r.valid) {
      expect(r.kind).toBe('bank-card');
      expect(r.warnOnly).toBe(true);
      expect(r.reason.en).toContain('Luhn');
    }
  });
  it('corporate accounts: 8–30 digits, spaces and dashes ignored, no checksum', () => {
    expect(checkBankAccount('1001 2345 6789 0123 456')).toEqual({ valid: true, kind: 'account' });
    expect(checkBankAccount('3100-1234-5678')).toEqual({ valid: true, kind: 'account' });
    expect(checkBankAccount('12345678')).toEqual({ valid: true, kind: 'account' });
    expect(checkBankAccount('123456789012345678901234567890')).toEqual({ valid: true, kind: 'account' });
  });
  it('refuses letters, too short and too long', () => {
    for (const bad of ['1234567', '1234567890123456789012345678901', '6222O21234567890128', 'abc', '']) {
      const r = checkBankAccount(bad);
      expect(r.valid).toBe(false);
      if (!r.valid) expect(r.warnOnly).toBeFalsy();
    }
  });
});

describe('masking', () => {
  it('masks as DOMAIN.md shows', () => {
    expect(maskId('11010519491231002X')).toBe('110105********002X');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskAccount('6222021234560128')).toBe('****0128');
  });
  it('handles spaces, dashes, 15-digit IDs and landlines', () => {
    expect(maskId(' 11010519491231002x ')).toBe('110105********002X');
    expect(maskId('110105491231002')).toBe('110105*****1002');
    expect(maskPhone('138 1234 5678')).toBe('138****5678');
    expect(maskPhone('021-12345678')).toBe('021****5678');
    expect(maskAccount('3100-1234-5678')).toBe('****5678');
  });
  it('never throws on short or odd input and never shows it whole', () => {
    expect(maskId('')).toBe('');
    expect(maskId('12')).toBe('**');
    expect(maskId('12345')).toBe('***45');
    expect(maskPhone('5678')).toBe('**78');
    expect(maskAccount('12345')).toBe('***45');
    fc.assert(
      // Text that already holds mask characters may have them just where the mask goes ("*!!" → "*!!"):
      // it was masked before, so the property is about text without them.
      fc.property(fc.string({ maxLength: 40 }).filter((s) => !s.normalize('NFKC').includes('*')), (s) => {
        for (const f of [maskId, maskPhone, maskAccount]) {
          const out = f(s);
          const compact = s.normalize('NFKC').replace(/[\s\u200B\uFEFF]+/g, '');
          if (compact.length > 0 && out === compact.toUpperCase()) return false;
        }
        return true;
      }),
      { numRuns: 20000 },
    );
  });
});
