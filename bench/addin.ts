/**
 * Add-in benchmark: a 10,000-unit register in the in-memory Excel. For validating the register
 * and for writing the weekly progress sheet it prints round trips (syncs), request payload
 * bytes, and time split into: the add-in's own script time (adapter: finding, reading,
 * converting, queueing writes), the domain rules (validation, progress builder — shared with
 * the CLI), and the fake's time "being Excel" (not add-in time). Target: ≤ 300 ms script time.
 * Figures only, no assertions.
 */
import { findRegister, readRegister } from '../addin/excel/registerRead';
import { writeLayout } from '../addin/excel/writeLayout';
import { highlightIssues } from '../addin/excel/highlight';
import { FakeExcel } from '../addin/host/fake/fakeExcel';
import { memoryHost } from '../addin/host/fake/memoryHost';
import { sampleRegister } from '../addin/host/fake/sampleRegister';
import { registerHeaderRank, toRegisterSheet } from '../addin/services/register';
import { validateRegister } from '../domain/registerValidation/validate';
import { sheetDescription, stageThresholds } from '../addin/services/templates';
import { buildProgress, progressSheet } from '../domain/progress/build';

const ms = (n: number) => `${n.toFixed(0)} ms`;
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

async function timed<T>(fake: FakeExcel, work: () => Promise<T> | T): Promise<{ value: T; script: number; host: number }> {
  const host0 = fake.stats.hostMs;
  const t = performance.now();
  const value = await work();
  const wall = performance.now() - t;
  const host = fake.stats.hostMs - host0;
  return { value, script: wall - host, host };
}

export async function runAddinBench(args: string[]): Promise<void> {
  const count = args.includes('--quick') ? 2000 : 10_000;
  const asOf = '2026-11-23';
  process.stdout.write(`\nadd-in (in-memory Excel, ${count.toLocaleString('en-US')}-unit register; target ≤ 300 ms add-in script time)\n`);
  const fake = new FakeExcel();
  const sample = sampleRegister({ units: count, badRows: true, asOf });
  fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
  const host = memoryHost(fake);

  // Round 0 warms up the JIT; of rounds 1–3 each figure's fastest is printed (a shared machine
  // is noisy, and one slow moment should not hide an improvement in another part).
  type Round = Record<string, number>;
  const rounds: Round[] = [];
  let vFixed = '';
  let pFixed = '';
  for (let round = 0; round < 4; round++) {
    // Validate: find + read (adapter), rules (domain), highlight (adapter).
    fake.resetStats();
    const read = await timed(fake, async () => readRegister(host, (await findRegister(host, registerHeaderRank))!));
    const convert = await timed(fake, () => toRegisterSheet(read.value));
    const rules = await timed(fake, () => validateRegister(convert.value, { description: sheetDescription('register'), today: asOf }));
    const mark = await timed(fake, () => highlightIssues(host, rules.value.issues, 'zh'));
    const vBytes = fake.stats.requests.map((r) => r.bytes);
    vFixed = `  validate ${rules.value.rows} rows: ${fake.stats.syncs} syncs, largest request ${kb(Math.max(...vBytes))}, ${rules.value.issues.length} issues highlighted; `;
    // Progress: builder + layout (domain), write (adapter).
    const model = await timed(fake, () => buildProgress(rules.value.units, { week: '2026-W47', thresholds: stageThresholds() }));
    const built = await timed(fake, () => progressSheet(model.value, sheetDescription('progress'), { lang: 'zh' }));
    fake.resetStats();
    const write = await timed(fake, () => writeLayout(host, built.value));
    const pBytes = fake.stats.requests.map((r) => r.bytes);
    pFixed = `  progress sheet ${built.value.values.length} rows: ${fake.stats.syncs} syncs, requests [${pBytes.map(kb).join(', ')}]; `;
    if (round > 0) {
      rounds.push({
        read: read.script,
        convert: convert.script,
        mark: mark.script,
        addin: read.script + convert.script + mark.script,
        rules: rules.script,
        vHost: read.host + mark.host,
        write: write.script,
        builder: model.script,
        layout: built.script,
        pHost: write.host,
      });
    }
  }
  const b = (k: string) => Math.min(...rounds.map((r) => r[k]));
  process.stdout.write(
    vFixed +
      `add-in script ${ms(b('addin'))} (find+read ${ms(b('read'))}, rows → register model ${ms(b('convert'))}, highlight ${ms(b('mark'))}), ` +
      `domain validation ${ms(b('rules'))}, fake Excel ${ms(b('vHost'))}\n` +
      pFixed +
      `add-in script ${ms(b('write'))}, domain builder ${ms(b('builder'))} + layout ${ms(b('layout'))}, fake Excel ${ms(b('pHost'))}\n`,
  );
}
