import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base36 } from '../../domain/reconcile/duplicates';

/**
 * The report records each statement row's 53-bit hash in base 36 ("seen"), and next month's run looks
 * its own rows' hashes up among them: the hand-written conversion must write every number exactly as
 * n.toString(36) does, or a row read last month would look unread.
 */
describe('base36', () => {
  it('writes every whole number below 2^53 as toString(36) does', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (n) => {
        expect(base36(n)).toBe(n.toString(36));
      }),
      { numRuns: 20_000 },
    );
  });

  it('also just below and at multiples of 36 near 2^53, where n / 36 is a hair under a whole number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2 ** 42, max: Math.floor((2 ** 53 - 1) / 36) }), fc.integer({ min: -2, max: 1 }), (k, d) => {
        const n = 36 * k + d;
        expect(base36(n)).toBe(n.toString(36));
      }),
      { numRuns: 20_000 },
    );
    for (const n of [0, 1, 35, 36, 37, 2 ** 32 - 1, 2 ** 32, 36 ** 10 - 1, 36 ** 10, 2 ** 53 - 2, 2 ** 53 - 1]) expect(base36(n)).toBe(n.toString(36));
  });
});
