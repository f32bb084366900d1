import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../errors';
import { makeOutputFolder } from '../io/atomicWrite';

/** Marks a folder the demo made, so a re-run may clear it without risking anything else. */
const MARKER = '.anjie-demo';

interface Step {
  title: string;
  args: (dir: string, s: SampleFiles) => string[];
  /** Exit codes that still mean the step worked (validate exits 1 when it finds errors). */
  okCodes?: number[];
  outputs: (dir: string) => string[];
}

interface SampleFiles {
  register: string;
  statements: string[];
  journal: string;
}

const PERIOD = '2026-11';
const WEEK = '2026-W48';

const STEPS: Step[] = [
  {
    title: '读取银行流水与序时账 / inspect the bank and finance exports',
    args: (_d, s) => ['inspect', ...s.statements, s.journal],
    outputs: () => [],
  },
  {
    title: '月度下款对账 / monthly disbursement reconciliation',
    args: (d, s) => ['reconcile', '--bank', ...s.statements, '--finance', s.journal, '--register', s.register, '--period', PERIOD, '--out', path.join(d, `对账报告_${PERIOD}.xlsx`), '--json', path.join(d, `对账报告_${PERIOD}.json`)],
    outputs: (d) => [path.join(d, `对账报告_${PERIOD}.xlsx`), path.join(d, `对账报告_${PERIOD}.json`)],
  },
  {
    title: '空白按揭台账 / blank register for a new project',
    args: (d) => ['register', 'new', '--out', path.join(d, '空白台账.xlsx')],
    outputs: (d) => [path.join(d, '空白台账.xlsx')],
  },
  {
    title: '校验按揭台账 / validate the register',
    args: (_d, s) => ['validate', s.register, '--today', '2026-11-30'],
    okCodes: [0, 1],
    outputs: () => [],
  },
  {
    title: `按揭进度表 ${WEEK} / weekly progress sheet`,
    // As of the day validate is run for: a stage dated after the day of the run has not happened (无法判断), so the demo reads the same any day.
    args: (d, s) => ['progress', '--register', s.register, '--week', WEEK, '--today', '2026-11-30', '--out', path.join(d, `按揭进度表_${WEEK}.xlsx`)],
    outputs: (d) => [path.join(d, `按揭进度表_${WEEK}.xlsx`)],
  },
  {
    title: '查册表 / title-search sheets',
    args: (d, s) => ['title-search', '--register', s.register, '--out', path.join(d, '查册表.xlsx')],
    outputs: (d) => [path.join(d, '查册表.xlsx')],
  },
  {
    title: '代收费用台账 / fee ledger',
    // As of the day validate is run for, as the progress sheet: a date after the day of the run is not charged from.
    args: (d, s) => ['fees', '--register', s.register, '--city', 'guangzhou', '--today', '2026-11-30', '--out', path.join(d, '费用台账.xlsx')],
    outputs: (d) => [path.join(d, '费用台账.xlsx')],
  },
  {
    title: '专员制表签核进度表 / a desk member signs the progress sheet as its preparer',
    args: (d) => ['signoff', 'sign', path.join(d, `按揭进度表_${WEEK}.xlsx`), '--name', '陈静', '--role', '制表'],
    outputs: () => [],
  },
  {
    title: '经理审核签核进度表 / the manager signs it as its reviewer',
    args: (d) => ['signoff', 'sign', path.join(d, `按揭进度表_${WEEK}.xlsx`), '--name', '王经理', '--role', '审核'],
    outputs: () => [],
  },
  {
    title: '财务签核对账报告 / finance signs the reconciliation report',
    args: (d) => ['signoff', 'sign', path.join(d, `对账报告_${PERIOD}.xlsx`), '--name', '李会计', '--role', '制表'],
    outputs: () => [],
  },
  {
    title: '核验签核 / verify the signature',
    args: (d) => ['signoff', 'verify', path.join(d, `按揭进度表_${WEEK}.xlsx`)],
    outputs: () => [],
  },
];

async function prepareFolder(dir: string): Promise<void> {
  const entries = await fs.readdir(dir).catch(() => null);
  if (entries && entries.length > 0) {
    if (!entries.includes(MARKER)) {
      throw new UserError(
        { zh: `输出目录不是空的，也不是示例目录：${dir}`, en: `The output folder is neither empty nor a demo folder: ${dir}` },
        { file: dir },
        { zh: '请指定一个空目录，或删除该目录后重试。', en: 'Choose an empty folder, or remove this one and try again.' },
      );
    }
    await fs.rm(dir, { recursive: true, force: true });
  }
  await makeOutputFolder(dir);
  await fs.writeFile(path.join(dir, MARKER), 'Folder written by `anjie demo`; the demo clears it on its next run.\n');
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('在示例数据上运行全部功能 / run every capability on the bundled sample data')
    .option('--out <dir>', '输出目录 / output folder', 'out/demo')
    .action(async (opts: { out: string }) => {
      const { run } = await import('../cli');
      const dir = path.resolve(opts.out);
      await prepareFolder(dir);
      const sampleDir = path.join(dir, 'sample');
      const say = (s: string) => process.stdout.write(s);

      say(`\n== 生成示例数据 / generate the sample set ==\n`);
      const code = await run(['node', 'anjie', 'sample', '--out', sampleDir, '--period', PERIOD]);
      if (code !== 0) throw new UserError({ zh: '示例数据生成失败', en: 'Generating the sample set failed' });
      const files = (await fs.readdir(sampleDir)).sort();
      const s: SampleFiles = {
        register: path.join(sampleDir, files.find((f) => f.startsWith('按揭台账'))!),
        journal: path.join(sampleDir, files.find((f) => f.startsWith('序时账'))!),
        statements: files.filter((f) => /^(工行|建行|农行|中行|招行|交行|浦发|中信)/.test(f)).map((f) => path.join(sampleDir, f)),
      };

      const written: string[] = [sampleDir];
      for (const step of STEPS) {
        say(`\n== ${step.title} ==\n`);
        const rc = await run(['node', 'anjie', ...step.args(dir, s)]);
        if (!(step.okCodes ?? [0]).includes(rc)) {
          throw new UserError({ zh: `示例步骤失败（退出码 ${rc}）：${step.title}`, en: `A demo step failed (exit ${rc}): ${step.title}` });
        }
        written.push(...step.outputs(dir));
      }
      process.exitCode = 0;
      say(`\n== 输出 / outputs ==\n${written.map((f) => `  ${path.relative(process.cwd(), f) || f}`).join('\n')}\n`);
    });
}
