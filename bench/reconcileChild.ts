/**
 * Child process of bench/reconcile.ts: runs one reconciliation end to end (read → match → write
 * JSON and workbook) and prints its figures as JSON, so peak RSS is this run's own.
 * argv: period out json bankFile... -- financeFile
 */
import { performance } from 'node:perf_hooks';
import { runReconcile } from '../pipeline/reconcile/run';
import { peakRssBytes } from './peakRss';

async function main(): Promise<void> {
  const [period, out, json, ...rest] = process.argv.slice(2);
  const sep = rest.indexOf('--');
  const bank = rest.slice(0, sep);
  const finance = rest[sep + 1];
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  timer.unref(); // a failed run must still exit
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let r: Awaited<ReturnType<typeof runReconcile>>;
  try {
    r = await runReconcile({ bank, finance, period, out, json });
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  peak = Math.max(peak, process.memoryUsage.rss(), peakRssBytes());
  const t = r.rec.totals;
  process.stdout.write(
    JSON.stringify({
      ms,
      timings: r.timings,
      phases: r.rec.engine.phases,
      // All threads' CPU (the JSON writer's worker, zlib, GC helpers): CPU above wall time is work on the second core.
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssMB: peak / 1048576,
      bankRows: t.bank.rows,
      financeRows: t.finance.rows,
      matched: t.matchedRows,
      matchRate: t.matchRate.toFixed(4),
      flags: Object.fromEntries(t.flags),
      spills: r.workbook.spills,
    }) + '\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
