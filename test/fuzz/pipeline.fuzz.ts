import { describe, expect, it } from 'vitest';
import { fuzzPipeline } from './pipeline';

/**
 * `npm run fuzz`: the pipeline property with many runs and a new seed each time.
 *   FUZZ_RUNS=2000 npm run fuzz          more runs (default 500)
 *   FUZZ_SEED=12345 npm run fuzz         replay a failing seed (printed below)
 */
const runs = Number(process.env.FUZZ_RUNS ?? 500);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);

describe(`fuzz: reading + reconcile (${runs} runs, seed ${seed})`, () => {
  it('never crashes and keeps every row exactly once, totals to the fen', async () => {
    process.stdout.write(`fuzz seed ${seed}, ${runs} runs (replay with FUZZ_SEED=${seed})\n`);
    const tally = await fuzzPipeline(runs, seed);
    process.stdout.write(`fuzz: ${tally.reconciled} reconciled, ${tally.refused} refused with a UserError\n`);
    expect(tally.reconciled + tally.refused).toBe(runs);
  }, 24 * 3600_000);
});
