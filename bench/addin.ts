/**
 * Add-in benchmark: a 10,000-unit register in the in-memory Excel; prints round trips (syncs),
 * request payload bytes and script time (wall time minus the time the fake spends "being
 * Excel") for validating the register and for writing the weekly progress sheet. Target:
 * ≤ 300 ms script time. Figures only, no assertions.
 */
import { FakeExcel } from '../addin/host/fake/fakeExcel';
import { memoryHost } from '../addin/host/fake/memoryHost';
import { sampleRegister } from '../addin/host/fake/sampleRegister';
import { generateProgress, loadRegister, validateRegisterInExcel } from '../addin/services/actions';

function line(label: string, fake: FakeExcel, wallMs: number): void {
  const bytes = fake.stats.requests.map((r) => r.bytes);
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  const script = wallMs - fake.stats.hostMs;
  process.stdout.write(
    `  ${label.padEnd(34)} syncs ${String(fake.stats.syncs).padStart(2)}  largest request ${kb(Math.max(0, ...bytes)).padStart(8)}  ` +
      `requests [${bytes.map(kb).join(', ')}]  script ${script.toFixed(0)} ms (wall ${wallMs.toFixed(0)} ms, in fake Excel ${fake.stats.hostMs.toFixed(0)} ms)\n`,
  );
}

export async function runAddinBench(args: string[]): Promise<void> {
  const units = args.includes('--quick') ? 2000 : 10_000;
  process.stdout.write(`\nadd-in (in-memory Excel, ${units.toLocaleString('en-US')}-unit register)\n`);
  const fake = new FakeExcel();
  const sample = sampleRegister({ units, badRows: true, asOf: '2026-11-23' });
  fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
  const host = memoryHost(fake);
  const asOf = '2026-11-23';

  // Warm-up (JIT), not measured.
  await validateRegisterInExcel(host, 'zh', {}, asOf);

  fake.resetStats();
  let t = performance.now();
  const v = await validateRegisterInExcel(host, 'zh', {}, asOf);
  line(`validate ${v.register.rows} rows (${v.register.issues.length} issues)`, fake, performance.now() - t);

  const reg = await loadRegister(host, {}, asOf);
  await generateProgress(host, { week: '2026-W47', lang: 'zh', units: reg.units }); // warm-up
  fake.resetStats();
  t = performance.now();
  const p = await generateProgress(host, { week: '2026-W47', lang: 'zh', units: reg.units });
  line(`progress sheet ${p.report.rows} rows (write)`, fake, performance.now() - t);

  fake.resetStats();
  t = performance.now();
  const p2 = await generateProgress(host, { week: '2026-W47', lang: 'zh' });
  line(`progress ${p2.lines} lines (read + write)`, fake, performance.now() - t);
}
