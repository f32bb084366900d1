import fc from 'fast-check';
import { describe, it } from 'vitest';
import { chainArb, runChain } from './chainProperty';

/**
 * Month-end chains of one or two accounts carried one into the next (the generator, the checks and the
 * generator's constraints: chainProperty.ts). Seeded and kept short here (a few seconds); many more runs
 * with a new seed each time: test/fuzz/chain.fuzz.ts (`npm run fuzz`). CHAIN_RUNS / CHAIN_SEED tune this one.
 */
describe('a chain of monthly reports carried one into the next (property)', () => {
  it('each month ties to the true balances (per account), lists every row once, and keeps open exactly what is unbooked', async () => {
    await fc.assert(
      fc.asyncProperty(chainArb, (c) => runChain(c)),
      { numRuns: Number(process.env.CHAIN_RUNS ?? 40), seed: Number(process.env.CHAIN_SEED ?? 20261124) },
    );
  });
});
