import fc from 'fast-check';
import { describe, it } from 'vitest';
import { chainArb, runChain } from '../reconcile/chainProperty';

/**
 * `npm run fuzz`: the month-end chain property (test/reconcile/chainProperty.ts) with many runs and a
 * new seed each time.
 *   FUZZ_RUNS=2000 npm run fuzz          more runs (default 500)
 *   FUZZ_SEED=12345 npm run fuzz         replay a failing seed (printed below)
 */
const runs = Number(process.env.FUZZ_RUNS ?? 500);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);

describe(`fuzz: month-end chains carried with --previous (${runs} runs, seed ${seed})`, () => {
  it('each month ties to the true balances (per account), lists every row once, and keeps open exactly what is unbooked', async () => {
    process.stdout.write(`chain fuzz seed ${seed}, ${runs} runs (replay with FUZZ_SEED=${seed})\n`);
    await fc.assert(
      fc.asyncProperty(chainArb, (c) => runChain(c)),
      { numRuns: runs, seed },
    );
  }, 24 * 3600_000);
});
