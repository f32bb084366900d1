import type { Command } from 'commander';
import { buildFeeLedger, depositSheet, feeBalanceSheet, feeLedgerSheet, type FeeLedger } from '../../domain/fees/ledger';
import { cityNames, findCity } from '../../domain/fees/rules';
import { formatYuan } from '../../domain/money';
import type { RegisterUnit } from '../../domain/register';
import type { Lang } from '../../domain/sheets/description';
import type { SheetLayout } from '../../domain/sheets/layout';
import { UserError } from '../errors';
import { readRegister } from '../read/register';
import { parseLang } from '../render/options';
import { loadFeeRules, loadSheetDescription } from '../render/templates';
import { writeWorkbook } from '../render/workbook';

export interface FeesRun {
  ledger: FeeLedger;
  layouts: SheetLayout[];
}

/** The fee ledger, 少收名单, 多收名单 and 按揭保证金 sheets, with a city's maintenance-fund rule. */
export function buildFeeSheets(units: readonly RegisterUnit[], opts: { city: string; lang?: Lang; showPii?: boolean }): FeesRun {
  const rules = loadFeeRules();
  if (!findCity(rules, opts.city)) {
    const known = cityNames(rules);
    throw new UserError(
      { zh: `没有城市「${opts.city}」的维修资金规则`, en: `No maintenance-fund rule for city "${opts.city}"` },
      {},
      {
        zh: `可用城市：${known.map((c) => c.zh).join('、')}；其他城市请在 templates/fees/maintenance-fund.json 中添加。`,
        en: `Known cities: ${known.map((c) => c.en).join(', ')}; add others to templates/fees/maintenance-fund.json.`,
      },
    );
  }
  const lang = opts.lang ?? 'zh';
  const ledger = buildFeeLedger(units, rules, { city: opts.city });
  const balances = loadSheetDescription('fee-balances');
  const layouts = [
    feeLedgerSheet(ledger, loadSheetDescription('fee-ledger'), { lang }),
    feeBalanceSheet(ledger, 'underpaid', balances, { lang, showPii: opts.showPii }),
    // Full phones are for calling buyers who underpaid (as the add-in's 显示完整电话); refunds need no call list.
    feeBalanceSheet(ledger, 'overpaid', balances, { lang }),
    depositSheet(units, rules, loadSheetDescription('deposits'), { lang }),
  ];
  return { ledger, layouts };
}

export async function writeFees(register: string, out: string, opts: { city: string; lang?: Lang; showPii?: boolean; force?: boolean }): Promise<FeesRun> {
  const { units } = await readRegister(register);
  const run = buildFeeSheets(units, opts);
  await writeWorkbook(out, run.layouts, { inputs: [register], force: opts.force });
  return run;
}

export function registerFees(program: Command): void {
  program
    .command('fees')
    .description('生成代收代缴费用台账（契税、维修资金、登记费），列出少收与多收的买受人 / write the fee ledger (deed tax, maintenance fund, registration) with buyers who under- or overpaid')
    .requiredOption('--register <file>', '按揭台账 .xlsx / the register .xlsx')
    .requiredOption('--city <city>', '维修资金所在城市，如 beijing、上海 / city of the maintenance-fund rule, e.g. beijing, 上海')
    .requiredOption('--out <file>', '输出的 .xlsx 文件 / the .xlsx file to write')
    .option('--lang <lang>', '表头语言 zh 或 en / header language, zh or en', 'zh')
    .option('--show-pii', '在少收名单上显示完整电话（默认打码）/ show full phone numbers on the underpaid list (masked by default)')
    .option('--force', '覆盖已签核的文件 / overwrite a signed workbook')
    .action(async (opts: { register: string; city: string; out: string; lang: string; showPii?: boolean; force?: boolean }) => {
      const run = await writeFees(opts.register, opts.out, { city: opts.city, lang: parseLang(opts.lang), showPii: opts.showPii, force: opts.force });
      const t = run.ledger.totals;
      process.stdout.write(
        `应收 ${formatYuan(t.due)}，已收 ${formatYuan(t.collected)}；少收 ${run.ledger.underpaid.length} 户 ${formatYuan(t.underpaid)}，多收 ${run.ledger.overpaid.length} 户 ${formatYuan(t.overpaid)}\n` +
          `due ${formatYuan(t.due)}, collected ${formatYuan(t.collected)}; ${run.ledger.underpaid.length} underpaid ${formatYuan(t.underpaid)}, ${run.ledger.overpaid.length} overpaid ${formatYuan(t.overpaid)}\n`,
      );
      if (run.ledger.problems.length) {
        process.stdout.write(`无法计算的费用 ${run.ledger.problems.length} 项 / ${run.ledger.problems.length} fee(s) could not be computed:\n`);
        for (const p of run.ledger.problems.slice(0, 20)) process.stdout.write(`  ${p.unit.unitKey}: ${p.problem.zh} / ${p.problem.en}\n`);
      }
      process.stdout.write(`已生成 / written: ${opts.out}\n`);
    });
}
