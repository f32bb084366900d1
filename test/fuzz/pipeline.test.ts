import { describe, expect, it } from 'vitest';
import { fuzzPipeline } from './pipeline';

/**
 * The bounded, seeded run of the pipeline property (see ./pipeline.ts) that is part of `npm test`.
 * The long run with a fresh seed is `npm run fuzz` (test/fuzz/pipeline.fuzz.ts).
 */
describe('fuzz: reading + reconcile on random, corrupted files (seeded)', () => {
  it('never crashes and keeps every row exactly once, totals to the fen', async () => {
    const tally = await fuzzPipeline(30, 20261123);
    // Both paths are exercised: some corrupted files are refused, most are reconciled.
    expect(tally.reconciled).toBeGreaterThan(0);
    expect(tally.reconciled + tally.refused).toBe(30);
  }, 120_000);
});
