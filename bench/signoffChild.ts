/**
 * Child process of bench/signoff.ts: signs (`sign FILE`) or verifies (`verify FILE`) one workbook
 * and prints its wall time, CPU time and peak RSS as JSON, so the figures are this run's own and
 * not those of the process that generated the workbook.
 */
import { performance } from 'node:perf_hooks';
import { signWorkbook, verifyWorkbook } from '../pipeline/signoff/workbook';
import { peakRssBytes } from './peakRss';

async function main(): Promise<void> {
  const [op, file] = process.argv.slice(2);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let status = '';
  let cells = 0;
  if (op === 'sign') {
    const { record } = await signWorkbook(file, { name: '李四', role: '制表', now: '2026-11-23T10:00:00' });
    status = 'signed';
    cells = record.cellCount;
  } else {
    const v = await verifyWorkbook(file);
    status = v.status;
    cells = v.status === 'intact' ? v.cellCount : 0;
  }
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMB: peakRssBytes() / 1048576, status, cells }) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
