/**
 * Child process of bench/reading.ts: reads one file with the streaming reader and prints
 * { rows, ms, maxRssMB } as JSON. Run in its own process so peak RSS is the reader's own.
 */
import { performance } from 'node:perf_hooks';
import { streamBankFile } from '../pipeline/read';
import { peakRssBytes } from './peakRss';

async function main(): Promise<void> {
  const file = process.argv[2];
  let rows = 0;
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const summary = await streamBankFile(file, {}, (tx) => {
    if (tx.amount) rows++;
  }).finally(() => clearInterval(timer));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  const maxRssMB = Math.max(peak, peakRssBytes()) / 1048576;
  process.stdout.write(JSON.stringify({ rows, ms, cpuMs, maxRssMB, profile: summary.profile, rejected: summary.rejected.length, credits: summary.credits.toFixed(2) }) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
