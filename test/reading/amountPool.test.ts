import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AmountPool, parseMoneyCell, type Cell } from '../../pipeline/read/cells';

/** What a parse result says, as plain data: the amount's exact text, its currency, or why it was refused. */
function said(r: ReturnType<typeof parseMoneyCell>): unknown {
  return r.ok ? { value: r.value === null ? null : r.value.toFixed(), sign: r.value?.isNegative() ?? null, currency: r.currency } : { reason: r.reason };
}

/**
 * Sharing one Decimal between equal amounts only saves memory: whatever a column holds (round loan
 * sums that repeat, unique balances, refused text, numbers from XLSX, a pool that fills up or gives
 * up), every cell reads as it does on its own.
 */
describe('AmountPool', () => {
  const cell: fc.Arbitrary<Cell> = fc.oneof(
    fc.constantFrom('1400000.00', '-1,234.56', '1,234.56', '¥28.16', '12.00元', 'abc', '', null, '  300000.00 ', '0.00', '-0.00', '(1,000.00)', 0, -0, 1400000),
    fc.integer({ min: -1e9, max: 1e9 }).map((n) => `${(n / 100).toFixed(2)}`),
    fc.double({ noNaN: true, min: -1e9, max: 1e9 }),
    fc.string({ maxLength: 12 }),
  );

  it('reads every cell as parseMoneyCell does, for any column', () => {
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 300 }), fc.integer({ min: 1, max: 40 }), (cells, max) => {
        const pool = new AmountPool(max);
        expect(cells.map((c) => said(pool.parse(c)))).toEqual(cells.map((c) => said(parseMoneyCell(c))));
      }),
    );
  });

  it('keeps the sign of a zero number cell, whichever zero came first', () => {
    const pool = new AmountPool();
    expect([0, -0, 0, -0].map((n) => pool.parse(n)).map((r) => r.ok && r.value?.isNegative())).toEqual([false, true, false, true]);
  });

  it('gives equal repeated amounts one shared Decimal, and each row its own amount', () => {
    const pool = new AmountPool();
    const sums = Array.from({ length: 30_000 }, (_, i) => `${(200 + ((i * 7919) % 3000)) * 1000}.00`);
    const read = sums.map((s) => pool.parse(s));
    read.forEach((r, i) => expect(r.ok && r.value?.toFixed(2)).toBe(sums[i]));
    const first = new Map<string, unknown>();
    let shared = 0;
    read.forEach((r, i) => {
      const v = r.ok ? r.value : null;
      if (first.has(sums[i])) shared += first.get(sums[i]) === v ? 1 : 0;
      else first.set(sums[i], v);
    });
    expect(first.size).toBe(3000);
    expect(shared).toBe(27_000); // every repeat is the first one's Decimal
  });

  it('stops pooling a column whose amounts do not repeat (running balances), and still reads them', () => {
    const pool = new AmountPool();
    const balances = Array.from({ length: 10_000 }, (_, i) => `${1_000_000 + i * 13}.27`);
    balances.forEach((b) => expect(said(pool.parse(b))).toEqual(said(parseMoneyCell(b))));
    // After giving up, a balance seen again is parsed afresh: a new Decimal, same value.
    const once = pool.parse(balances[9_999]);
    const twice = pool.parse(balances[9_999]);
    expect(once.ok && twice.ok && once.value !== twice.value && once.value?.eq(twice.value!)).toBe(true);
  });
});
