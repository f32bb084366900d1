import type { Command } from 'commander';
import { generateSampleSet, MAX_UNITS, MIN_UNITS, SAMPLE_DEFAULTS, writeSampleSet } from '../sample';
import { UserError } from '../errors';

function wholeNumber(flag: string) {
  return (text: string): number => {
    if (!/^-?\d+$/.test(text.trim())) {
      throw new UserError({ zh: `${flag} 须为整数：${text}`, en: `${flag} must be a whole number: ${text}` });
    }
    return Number(text);
  };
}

export function registerSample(program: Command): void {
  program
    .command('sample')
    .description(
      '生成示例数据：按揭台账、各银行流水、金蝶序时账和列出注入问题的 truth.json（同一种子，文件完全相同） / ' +
        'write the sample data set: register, bank statements, Kingdee journal and truth.json listing the injected problems (same seed, same files)',
    )
    .requiredOption('--out <dir>', '输出目录 / output folder')
    .option('--units <n>', `台账户数（${MIN_UNITS}–${MAX_UNITS}）/ units in the register (${MIN_UNITS}–${MAX_UNITS})`, wholeNumber('--units'), SAMPLE_DEFAULTS.units)
    .option('--seed <n>', '随机种子 / random seed', wholeNumber('--seed'), SAMPLE_DEFAULTS.seed)
    .option('--period <yyyy-mm>', '对账月份 / month reconciled', SAMPLE_DEFAULTS.period)
    .action(async (opts: { out: string; units: number; seed: number; period: string }) => {
      const set = generateSampleSet({ units: opts.units, seed: opts.seed, period: opts.period });
      const written = await writeSampleSet(opts.out, set);
      const t = set.truth;
      process.stdout.write(
        `示例数据已写入 / sample data written to: ${opts.out}\n` +
          `  项目 project ${t.project}，期间 period ${t.period}，种子 seed ${t.seed}\n` +
          `  台账 register: ${t.counts.registerUnits} 户 units；银行流水 bank rows: ${t.counts.bankRows}；序时账 journal lines: ${t.counts.journalLines}\n` +
          `  注入问题 injected problems: ${t.counts.problems}；正常匹配 clean matches: ${t.counts.cleanMatches}\n`,
      );
      for (const f of written) process.stdout.write(`  ${f.file}\n`);
    });
}
