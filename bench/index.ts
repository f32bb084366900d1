/**
 * `npm run bench` entry (compiled to lib/bench/index.js). Each area adds one line below.
 * `npm run bench -- --quick` runs the small sizes only.
 */
import { runReadingBench } from './reading';
import { runReconcileBench } from './reconcile';
import { runAddinBench } from './addin';
import { runSignoffBench } from './signoff';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  await runReadingBench(args);
  await runReconcileBench(args);
  await runAddinBench(args);
  await runSignoffBench(args);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
