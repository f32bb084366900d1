/**
 * `npm run bench` entry (compiled to lib/bench/index.js). Each area adds one line below.
 * `npm run bench -- --quick` runs the small sizes only.
 */
import { runReadingBench } from './reading';
import { runReconcileBench } from './reconcile';
import { runAddinBench } from './addin';
import { runSignoffBench } from './signoff';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';

/**
 * The machine the figures are from: its processor, load, and a fixed reference loop, so figures
 * from two machines (or one machine on two days) can be compared by how fast each is.
 */
function machineLine(): string {
  const t0 = performance.now();
  let sum = 0;
  for (let i = 0; i < 1_000_000_000; i++) sum += i & 7;
  const loop = (performance.now() - t0) / 1000;
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  return `机器 machine: ${cpus[0]?.model ?? '?'} × ${cpus.length}, Node ${process.version}, load ${load}; reference loop (10⁹ additions${sum < 0 ? '!' : ''}) ${loop.toFixed(2)} s\n`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  process.stdout.write(machineLine());
  await runReadingBench(args);
  await runReconcileBench(args);
  await runAddinBench(args);
  await runSignoffBench(args);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
