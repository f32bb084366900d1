import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { exactFen, Money, MoneySum, negatedMoney, parseAmount, plainMoney } from '../../domain/money';
import { moneyOfNumber, parseDateCell, parseMoneyCell } from '../../pipeline/read/cells';
import { parseDate } from '../../domain/dates';

/**
 * The reading fast paths build the same decimal.js values as the general code, field for field:
 * a value that differed only inside (say a zero word left at the end) could compare equal and still
 * print or round differently later.
 */
function fields(d: Decimal | null): unknown {
  if (d === null) return null;
  const x = d as unknown as { s: number; e: number; d: number[] };
  // Own keys in order and instanceof too: plainMoney builds its values with a constructor of its own.
  return { s: x.s, e: x.e, d: [...x.d], text: d.toFixed(), ctor: d.constructor === Money, keys: Object.keys(d).join(), isMoney: d instanceof Money && Money.isDecimal(d) };
}

const digits = fc.stringMatching(/^[0-9]{0,25}$/);
/** Plain decimal text as exports write it, with leading/trailing zeros, "1234.", ".5", "-0.00". */
const plainText = fc
  .tuple(fc.constantFrom('', '-'), digits, fc.option(digits, { nil: undefined }))
  .map(([sign, int, frac]) => `${sign}${int}${frac === undefined ? '' : `.${frac}`}`);

describe('plainMoney: new Money(text) without the decimal.js string parser', () => {
  it('builds exactly what new Money builds, for any plain decimal text', () => {
    fc.assert(
      fc.property(plainText, (t) => {
        const built = plainMoney(t);
        if (!/\d/.test(t)) return built === null;
        expect(fields(built)).toEqual(fields(new Money(t)));
        return true;
      }),
      { numRuns: 3000 },
    );
  });

  it.each(['0', '-0', '0.00', '-0.00', '1234.56', '-1234.56', '10000000', '0.0000001', '1234567', '0.1234567', '12345678.9', '1234.', '.5', '000120.500', '9999999999999999999999999.99'])(
    '%s',
    (t) => {
      expect(fields(plainMoney(t))).toEqual(fields(new Money(t)));
    },
  );

  it('refuses anything that is not plain decimal text', () => {
    for (const t of ['', '-', '.', '+1', '1,234.56', '1.2.3', '1e5', ' 1', '1 ', '--1', '¥1', 'NaN', 'Infinity', '１２']) expect(plainMoney(t)).toBeNull();
  });
});

describe('negatedMoney: x.negated() without the generic copy', () => {
  it('builds exactly what x.negated() builds, for any plain amount', () => {
    fc.assert(
      fc.property(plainText.filter((t) => /\d/.test(t)), (t) => {
        const x = new Money(t);
        expect(fields(negatedMoney(x))).toEqual(fields(x.negated()));
        expect(fields(x)).toEqual(fields(new Money(t))); // the operand is left as it was
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with x.negated() on zeros, huge and tiny exponents, and values that are not Money', () => {
    const odd = [new Money(0), new Money('-0'), new Money('1e9000000000000000'), new Money('1e-9000000000000000'), new Money('9.99e8999999999999999'), new Money('1.5e-8999999999999999')];
    // Fields only: toFixed of these would be quadrillions of digits.
    const raw = (d: Decimal) => ({ s: d.s, e: d.e, d: d.d === null ? null : [...d.d], ctor: d.constructor === Money, keys: Object.keys(d).join() });
    for (const x of odd) expect(raw(negatedMoney(x))).toEqual(raw(x.negated()));
    for (const x of [new Money(NaN), new Money(Infinity), new Money(-Infinity)]) expect(negatedMoney(x).toString()).toBe(x.negated().toString());
    const plain = new Decimal('12.5'); // another decimal.js constructor keeps its own
    expect(negatedMoney(plain).constructor).toBe(Decimal);
    expect(negatedMoney(plain).toString()).toBe('-12.5');
  });
});

describe('parseAmount: the plain fast path gives what the general path gives', () => {
  // A leading space keeps the text out of the fast path; the general path folds the space away.
  const viaGeneralPath = (t: string) => parseAmount(` ${t}`);
  const grouped = fc.integer({ min: 0, max: 999_999_999 }).map((n) => n.toLocaleString('en-US'));
  const amountText = fc
    .tuple(fc.constantFrom('', '+', '-'), fc.oneof(digits.filter((d) => d.length > 0), grouped), fc.option(digits, { nil: undefined }))
    .map(([sign, int, frac]) => `${sign}${int}${frac === undefined ? '' : `.${frac}`}`);

  it('same value or the same refusal, for signed, grouped and plain amounts', () => {
    fc.assert(
      fc.property(amountText, (t) => {
        const fast = parseAmount(t);
        const general = viaGeneralPath(t);
        expect(fast.ok).toBe(general.ok);
        if (fast.ok && general.ok) expect(fields(fast.value)).toEqual(fields(general.value));
        if (!fast.ok && !general.ok) expect(fast.reason.en).toBe(general.reason.en.replace(`" ${t}"`, `"${t}"`));
        return true;
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['-0.00', '0'],
    ['+10000.00', '10000'],
    ['-1,234.56', '-1234.56'],
    ['1234', '1234'],
  ])('%s → %s (zero is positive zero)', (t, expected) => {
    const r = parseAmount(t);
    expect(r.ok && r.value?.toFixed()).toBe(expected);
    expect(r.ok && r.value?.isNegative()).toBe(expected.startsWith('-'));
  });
});

describe('parseMoneyCell: plain and empty text read before trimming give what the trimmed text gives', () => {
  const cellText = fc.oneof(plainText, fc.constantFrom('', '-', '--', '1,234.56', '¥5.00', 'CNY 12.50', '12.00元', 'abc'));
  it('same value, currency or refusal with and without surrounding spaces', () => {
    fc.assert(
      fc.property(cellText, fc.constantFrom(' ', '\t', '\u3000'), (t, pad) => {
        const fast = parseMoneyCell(t);
        const general = parseMoneyCell(`${pad}${t}${pad}`);
        expect(fast.ok).toBe(general.ok);
        if (fast.ok && general.ok) {
          expect(fields(fast.value)).toEqual(fields(general.value));
          expect(fast.currency).toBe(general.currency);
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseMoneyCell: cell amounts keep their exact decimal value', () => {
  it.each([
    ['1,234,567.89', '1234567.89'],
    ['-0.00', '-0.00'],
    ['+10000.00', '10000.00'],
    ['1234.', '1234.'],
    ['¥-5.00', '-5.00'],
    ['8,000.00(CN)', '8000.00'],
  ])('%s', (cell, asMoney) => {
    const r = parseMoneyCell(cell);
    expect(r.ok).toBe(true);
    if (r.ok) expect(fields(r.value)).toEqual(fields(new Money(asMoney)));
  });
});

describe('MoneySum: statement totals summed in fen give what a chain of decimal.js additions gives', () => {
  /** Amounts as statements hold them (whole fen, up to 10^15 yuan) and, now and then, some that are not. */
  const wholeFen = fc.tuple(fc.constantFrom('', '-'), fc.bigInt({ min: 0n, max: 10n ** 17n })).map(([sign, fen]) => new Money(`${sign}${fen}`).div(100));
  const other = fc.oneof(
    fc.tuple(fc.constantFrom('', '-'), digits.filter((d) => d.length > 0), digits).map(([sign, int, frac]) => new Money(`${sign}${int}.${frac}`)),
    fc.constantFrom(new Money('0.001'), new Money('-0'), new Money('1e30'), new Money('123456789012345678901234567890.123456789012345')),
  );
  const amounts = fc.array(fc.oneof({ weight: 8, arbitrary: wholeFen }, { weight: 1, arbitrary: other }), { maxLength: 40 });
  const zero = new Money(0);

  it('same sum, field for field, for money in and money out', () => {
    fc.assert(
      fc.property(amounts, (list) => {
        const sum = new MoneySum();
        const difference = new MoneySum();
        let chain = zero;
        let negChain = zero;
        for (const a of list) {
          sum.add(a);
          difference.subtract(a);
          chain = chain.plus(a);
          negChain = negChain.minus(a);
        }
        expect(fields(sum.value(zero))).toEqual(fields(chain));
        expect(fields(difference.value(zero))).toEqual(fields(negChain));
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('nothing added: the zero it is given', () => {
    expect(new MoneySum().value(zero)).toBe(zero);
  });

  it('exactFen: the whole fen of a value, or null when it is not a whole number of fen', () => {
    fc.assert(
      fc.property(fc.oneof(wholeFen, other), (a) => {
        const fen = a.times(100);
        const expected = fen.isInteger() && fen.abs().lte(Number.MAX_SAFE_INTEGER) ? fen.toNumber() : null;
        const got = exactFen(a);
        // beyond 21 digits exactFen may give up early; it never gives a wrong number
        if (got === null) expect(expected === null || a.sd() > 21).toBe(true);
        else expect(got).toBe(expected === 0 ? 0 : expected);
        return true;
      }),
      { numRuns: 3000 },
    );
    expect(exactFen(new Money('1399000.00'))).toBe(139900000);
    expect(exactFen(new Money('-0.05'))).toBe(-5);
    expect(exactFen(new Money('0.001'))).toBeNull();
    expect(exactFen(new Money('90071992547409.93'))).toBeNull();
  });
});

describe('parseDateCell: the "YYYY-MM-DD HH:mm:ss" fast path (and its last-date shortcut) reads what parseDate reads', () => {
  const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
  // years the reader accepts (1900–2999); months and days up to 13 and 32, times up to 25:61:61
  const dateText = fc.tuple(fc.constantFrom('2024', '2026', '1900', '2100'), two(13), two(32)).map(([y, m, d]) => `${y}-${m}-${d}`);
  const timeText = fc.option(fc.tuple(two(25), two(61), two(61)).map(([h, m, s]) => ` ${h}:${m}:${s}`), { nil: '' });
  // Runs of rows: the same date repeated (as sorted statements have it), then another.
  const rows = fc.array(fc.tuple(dateText, fc.array(timeText, { minLength: 1, maxLength: 4 })), { maxLength: 10 });

  it('same date and time, or refused by both, row after row', () => {
    fc.assert(
      fc.property(rows, (runs) => {
        for (const [date, times] of runs) {
          for (const time of times) {
            const text = date + time;
            const general = parseDate(text);
            const fast = parseDateCell(text);
            expect(fast.ok).toBe(general.ok);
            if (fast.ok && general.ok) expect([fast.date, fast.time]).toEqual([general.date, general.time]);
          }
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('moneyOfNumber: new Money(n) for a number cell, through plainMoney', () => {
  it('builds the same value as new Money(n), field for field, for any finite number', () => {
    const amount = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: -1e12, max: 1e12 }).map((f) => f / 100), // amounts as XLSX holds them
      fc.constantFrom(0, -0, 1e-7, 1e21, -1.5e-10, 2 ** 53 + 2, 0.1 + 0.2, 5, 1e7, -12345678.9),
    );
    fc.assert(
      fc.property(amount, (n) => {
        expect(fields(moneyOfNumber(n))).toEqual(fields(new Money(n)));
      }),
      { numRuns: 20000 },
    );
  });
});
