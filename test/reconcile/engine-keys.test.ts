import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { Money, toFixed2 } from '../../domain/money';
import { amountKey, fenText } from '../../domain/reconcile/amountKey';

/**
 * The engine compares amounts through amountKey (integer fen read from decimal.js's digits) instead of
 * toFixed2 strings: two amounts must get equal keys exactly when they agree to the fen, and the key
 * must read back as the toFixed2 text the report shows.
 */
const decimalText = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 8 }))
  .map(([neg, digits, scale]) => {
    const s = digits.toString().padStart(scale + 1, '0');
    const text = scale ? `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}` : s;
    return (neg ? '-' : '') + text;
  });

describe('amountKey', () => {
  it('reads back as toFixed2, rounding half away from zero', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const d = new Money(text);
        expect(fenText(amountKey(d))).toBe(toFixed2(d));
      }),
      { numRuns: 5000 },
    );
  });

  it('gives equal keys exactly when the amounts agree to the fen', () => {
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        const [x, y] = [new Money(a), new Money(b)];
        expect(amountKey(x) === amountKey(y)).toBe(toFixed2(x) === toFixed2(y));
      }),
      { numRuns: 2000 },
    );
  });

  it('handles the edges: half a fen, tiny and negative zero amounts, ¥10,000,000 and more, other Decimal clones', () => {
    const cases = ['0.005', '-0.005', '0.0049999', '-0.004', '0', '-0', '0.1', '9999999.995', '9999999.994', '10000000', '-12345678.9', '1e-9', '123456789012.345', '0.00000005'];
    for (const c of cases) expect(fenText(amountKey(new Money(c))), c).toBe(toFixed2(new Money(c)));
    expect(amountKey(new Decimal('1399000.00'))).toBe(139900000);
    expect(amountKey(new Money('-0.004'))).toBe(0);
    expect(typeof amountKey(new Money('10000000'))).toBe('string');
    // Rounded up to ¥10,000,000.00 from below: the same key as the amount itself, of either sign.
    expect(amountKey(new Money('9999999.995'))).toBe(amountKey(new Money('10000000')));
    expect(amountKey(new Money('-9999999.995'))).toBe(amountKey(new Money('-10000000.00000')));
    expect(amountKey(new Money('9999999.994'))).toBe(999999999);
  });
});
