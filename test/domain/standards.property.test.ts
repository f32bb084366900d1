/**
 * The identifier checks and 大写金额 against the standards as DOMAIN.md cites them, each property
 * stated the standard's own way (not the code's): a check must agree on every input, not only on
 * the examples.
 */
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkChineseUppercase, parseChineseUppercase, toChineseUppercase } from '../../domain/capitalAmount';
import { checkBankAccount, checkResidentId, checkUscc } from '../../domain/identifiers';
import { normaliseUnitCode } from '../../domain/units';

const pad = (n: number, w: number) => String(n).padStart(w, '0');

describe('resident ID, ISO 7064 MOD 11-2', () => {
  it('valid exactly when Σ aᵢ·2^(i−1) ≡ 1 (mod 11), i counted from the right, X = 10', () => {
    const body = fc.tuple(
      fc.constantFrom('11', '31', '44', '65', '81'),
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 1930, max: 2005 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 28 }),
      fc.integer({ min: 0, max: 999 }),
    );
    fc.assert(
      fc.property(body, fc.constantFrom(...'0123456789X'), ([p, area, y, m, d, seq], check) => {
        const id = `${p}${pad(area, 4)}${y}${pad(m, 2)}${pad(d, 2)}${pad(seq, 3)}${check}`;
        let sum = 0;
        for (let i = 1; i <= 18; i++) {
          const ch = id[18 - i];
          sum += (ch === 'X' ? 10 : Number(ch)) * (2 ** (i - 1) % 11);
        }
        expect(checkResidentId(id, '2026-11-30').valid).toBe(sum % 11 === 1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('unified social credit code, GB 32100-2015', () => {
  const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  it('passes exactly when Σ cᵢ·3^i (mod 31) over 17 characters plus the check is ≡ 0; a failure only warns', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CHARS), { minLength: 18, maxLength: 18 }), (chars) => {
        let sum = 0;
        for (let i = 0; i < 17; i++) sum += CHARS.indexOf(chars[i]) * Number(3n ** BigInt(i) % 31n);
        sum += CHARS.indexOf(chars[17]);
        const r = checkUscc(chars.join(''));
        if (sum % 31 === 0) expect(r.valid).toBe(true);
        else expect(r.valid === false && r.warnOnly).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('UnionPay cards, Luhn', () => {
  it('a 62… card of 16–19 digits passes exactly when its Luhn sum is a multiple of 10', () => {
    const LUHN_DOUBLE = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 14, maxLength: 17 }), (rest) => {
        const card = `62${rest.join('')}`;
        const sum = [...card].reverse().reduce((s, ch, i) => s + (i % 2 ? LUHN_DOUBLE[Number(ch)] : Number(ch)), 0);
        expect(checkBankAccount(card).valid).toBe(sum % 10 === 0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('unit codes', () => {
  it('every spelling of building b, 单元 u, room r — full-width too — is the key b-u-r', () => {
    const fullWidth = (s: string) => s.replace(/[0-9#-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 101, max: 99999 }), (b, u, r) => {
        for (const s of [`${b}栋${u}单元${r}`, `${b}-${u}-${r}`, `${b}#${u}-${r}`, `${b}号楼${u}单元${r}室`, `${b}幢${u}单元${r}`, `${b} - ${u} - ${r}`]) {
          expect(normaliseUnitCode(s), s).toBe(`${b}-${u}-${r}`);
          expect(normaliseUnitCode(fullWidth(s)), fullWidth(s)).toBe(`${b}-${u}-${r}`);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('大写金额', () => {
  const amount = fc.bigInt({ min: 0n, max: 99_999_999_999_99n }).map((fen) => new Decimal(fen.toString()).div(100));
  it('what is generated reads back as the amount and passes the check, also with 圆/正 and without 人民币', () => {
    fc.assert(
      fc.property(amount, (v) => {
        const text = toChineseUppercase(v);
        expect(parseChineseUppercase(text)?.eq(v)).toBe(true);
        expect(checkChineseUppercase(text, v).ok).toBe(true);
        expect(checkChineseUppercase(text.replace('人民币', '').replace('元', '圆').replace(/整$/, '正'), v).ok).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('never passes for another amount', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: 1, max: 10_000_000 }), (v, fen) => {
        const other = v.plus(new Decimal(fen).div(100));
        fc.pre(other.lt(1e12));
        expect(checkChineseUppercase(toChineseUppercase(v), other).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
