import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { Money, formatYuan, parseAmount, roundFen, toFixed2 } from '../../domain/money';

/** The parsed value as a plain string ("null" for an empty marker), or the failure. */
function read(input: string | number | null | undefined): string {
  const r = parseAmount(input);
  if (!r.ok) return `refused`;
  return r.value === null ? 'null' : r.value.toFixed();
}

describe('parseAmount: every format found in real exports', () => {
  it.each([
    ['1,234.56', '1234.56'],
    ['1234.56', '1234.56'],
    ['¥1,234.56', '1234.56'],
    ['￥1,234.56', '1234.56'],
    ['+10000.00', '10000'],
    ['-1,000.00', '-1000'],
    ['(1,234.56)', '-1234.56'],
    ['（1,234.56）', '-1234.56'],
    ['1,234.56元', '1234.56'],
    ['１，２３４．５６', '1234.56'],
    ['－１２３．４５', '-123.45'],
    ['8,000.00(CN)', '8000'],
    ['-3.90(CN)', '-3.9'],
    ['1,234.56           \t', '1234.56'],
    ['  \t 0.01  ', '0.01'],
    ['1 234.56', '1234.56'],
    ['CNY 123.18', '123.18'],
    ['CNY13.50', '13.5'],
    ['RMB 5', '5'],
    ['人民币1,234.56', '1234.56'],
    ['¥28.16', '28.16'],
    ['¥50.0', '50'],
    ['-¥5.00', '-5'],
    ['¥-5.00', '-5'],
    ['¥(5.00)', '-5'],
    ['1,234,567,890.12', '1234567890.12'],
    ['0', '0'],
    ['-0.00', '0'],
    ['+0.00', '0'],
    ['12', '12'],
    ['0.125', '0.125'],
  ])('%j → %s', (input, expected) => {
    expect(read(input)).toBe(expected);
  });

  it.each(['', '   ', '\t', '-', '--', '-------------------', '－', ' - '])('empty marker %j → null', (input) => {
    expect(parseAmount(input)).toEqual({ ok: true, value: null });
  });

  it('null and undefined cells are empty', () => {
    expect(parseAmount(null)).toEqual({ ok: true, value: null });
    expect(parseAmount(undefined)).toEqual({ ok: true, value: null });
  });

  it.each([
    ['壹万元', '大写'],
    ['1.2.3', '多余'],
    ['12abc', '多余'],
    ['1,23,4.5', '三位'],
    ['12,34.00', '三位'],
    ['1,2345.00', '三位'],
    [',123', '三位'],
    ['JPY 1000.00', '人民币'],
    ['USD 3.72', '人民币'],
    ['--5', '正负号'],
    ['+-5', '正负号'],
    ['(-5)', '正负号'],
    ['¥', '没有数字'],
    ['.5', '多余'],
    ['5.', '多余'],
    ['1e5', '多余'],
    ['xx,yyyy.zz', '多余'],
    ['N/A', '多余'],
  ])('refuses %j with a bilingual reason', (input, zhFragment) => {
    const r = parseAmount(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason.zh).toContain(input);
      expect(r.reason.zh).toContain(zhFragment);
      expect(r.reason.en).toMatch(/^not an amount/);
    }
  });

  it('reads spreadsheet numbers through their shortest text form', () => {
    expect(read(1234.56)).toBe('1234.56');
    expect(read(-0.1)).toBe('-0.1');
    expect(read(0.1 + 0.2)).toBe('0.30000000000000004'); // kept exactly; roundFen makes it 0.30
    expect(read(1e21)).toBe('1000000000000000000000');
    expect(read(-0)).toBe('0');
    expect(roundFen((parseAmount(0.1 + 0.2) as { value: Decimal }).value).toFixed(2)).toBe('0.30');
  });

  it.each([NaN, Infinity, -Infinity])('refuses the cell number %s', (n) => {
    const r = parseAmount(n);
    expect(r.ok).toBe(false);
  });

  it('returns decimal.js values, not floats', () => {
    const r = parseAmount('0.1');
    expect(r.ok && r.value instanceof Decimal).toBe(true);
    const a = (parseAmount('0.1') as { value: Decimal }).value;
    const b = (parseAmount('0.2') as { value: Decimal }).value;
    expect(a.plus(b).toFixed()).toBe('0.3');
  });
});

describe('roundFen: half away from zero (Excel ROUND)', () => {
  it.each([
    ['2.675', '2.68'], // a float would give 2.67
    ['1.005', '1.01'],
    ['0.125', '0.13'],
    ['-0.125', '-0.13'],
    ['-2.675', '-2.68'],
    ['0.124', '0.12'],
    ['-0.124', '-0.12'],
    ['-0.004', '0'],
    ['123456789012.345', '123456789012.35'],
  ])('%s → %s', (input, expected) => {
    expect(roundFen(new Money(input)).toFixed()).toBe(expected);
  });

  it('rounds to other places when asked (registration fees are whole yuan)', () => {
    expect(roundFen(new Money('80.5'), 0).toFixed()).toBe('81');
    expect(roundFen(new Money('-80.5'), 0).toFixed()).toBe('-81');
    expect(roundFen(new Money('80.49'), 0).toFixed()).toBe('80');
  });

  it('works on values from another Decimal constructor too', () => {
    expect(roundFen(new Decimal('0.125')).toFixed()).toBe('0.13');
  });
});

describe('formatYuan and toFixed2', () => {
  it.each([
    ['1234.56', '¥1,234.56', '1234.56'],
    ['-1234.56', '-¥1,234.56', '-1234.56'],
    ['0', '¥0.00', '0.00'],
    ['0.5', '¥0.50', '0.50'],
    ['-0.001', '¥0.00', '0.00'],
    ['1234.565', '¥1,234.57', '1234.57'],
    ['-1234.565', '-¥1,234.57', '-1234.57'],
    ['999', '¥999.00', '999.00'],
    ['1000', '¥1,000.00', '1000.00'],
    ['123456789012.34', '¥123,456,789,012.34', '123456789012.34'],
    ['1e21', '¥1,000,000,000,000,000,000,000.00', '1000000000000000000000.00'],
  ])('%s → %s / %s', (input, yuan, fixed) => {
    expect(formatYuan(new Money(input))).toBe(yuan);
    expect(toFixed2(new Money(input))).toBe(fixed);
  });
});

describe('round trips (property)', () => {
  const fen = fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n });
  const toMoney = (f: bigint) => new Money(f.toString()).div(100);

  it('parseAmount(formatYuan(x)) = x for any amount with 2 decimals', () => {
    fc.assert(
      fc.property(fen, (f) => {
        const x = toMoney(f);
        const r = parseAmount(formatYuan(x));
        return r.ok && r.value !== null && r.value.eq(x);
      }),
      { numRuns: 2000 },
    );
  });

  it('parseAmount(toFixed2(x)) = x and toFixed2 is the plain fen text', () => {
    fc.assert(
      fc.property(fen, (f) => {
        const x = toMoney(f);
        const text = toFixed2(x);
        const abs = (f < 0n ? -f : f).toString().padStart(3, '0');
        const expected = `${f < 0n ? '-' : ''}${abs.slice(0, -2)}.${abs.slice(-2)}`;
        const r = parseAmount(text);
        return text === expected && r.ok && r.value !== null && r.value.eq(x);
      }),
      { numRuns: 2000 },
    );
  });

  it('bank-style variants of the same amount read the same', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 14n }), (f) => {
        const x = toMoney(f);
        const grouped = formatYuan(x).slice(1); // "1,234.56"
        const forms = [`(${grouped})`, `-${grouped}`, `-${grouped}(CN)`, `"-${grouped} \t"`.slice(1, -1), `￥-${grouped}元`];
        return forms.every((t) => {
          const r = parseAmount(t);
          return r.ok && r.value !== null && r.value.eq(x.negated());
        });
      }),
      { numRuns: 500 },
    );
  });
});
