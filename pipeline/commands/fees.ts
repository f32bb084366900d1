import type { Command } from 'commander';
import { buildFeeLedger, depositLines, depositProblems, depositSheet, feeBalanceSheet, feeLedgerSheet, type DepositProblem, type FeeLedger } from '../../domain/fees/ledger';
import { depositProblemIssues, feeInputErrors, feeInputWarnings, feeProblemIssues } from '../../domain/fees/issues';
import { cityNames, findCity } from '../../domain/fees/rules';
import type { Issue } from '../../domain/issues';
import { formatYuan } from '../../domain/money';
import type { RegisterUnit } from '../../domain/register';
import type { Lang } from '../../domain/sheets/description';
import type { SheetLayout } from '../../domain/sheets/layout';
import { validateRegister } from '../../domain/registerValidation/validate';
import { UserError } from '../errors';
import { noUnitsError, readRegisterWorkbook } from '../read/register';
import { parseDateOption, parseLang } from '../render/options';
import { loadFeeRules, loadSheetDescription } from '../render/templates';
import { writeWorkbook } from '../render/workbook';
import { carryTyped } from '../render/carry';
import type { Bilingual } from '../../domain/text';
import { formatIssue } from './validate';

export interface FeesRun {
  ledger: FeeLedger;
  /** The 按揭保证金 lines listed 无法计算 (outside the sheet's 合计). */
  deposits: DepositProblem[];
  layouts: SheetLayout[];
}

/** The fee ledger, 少收名单, 多收名单 and 按揭保证金 sheets, with a city's maintenance-fund rule. */
export function buildFeeSheets(units: readonly RegisterUnit[], opts: { city: string; lang?: Lang; showPii?: boolean; columns?: Partial<Record<string, string>>; today?: string }): FeesRun {
  const rules = loadFeeRules();
  if (!findCity(rules, opts.city)) {
    const known = cityNames(rules);
    throw new UserError(
      { zh: `没有城市「${opts.city}」的维修资金规则`, en: `No maintenance-fund rule for city "${opts.city}"` },
      {},
      {
        zh: `可用城市：${known.map((c) => `${c.name.zh}（${c.id}）`).join('、')}；其他城市请在 templates/fees/maintenance-fund.json 中添加。`,
        en: `Known cities: ${known.map((c) => `${c.name.en} (${c.id})`).join(', ')}; add others to templates/fees/maintenance-fund.json.`,
      },
    );
  }
  const lang = opts.lang ?? 'zh';
  // A signing, filing, credit or refund dated after `today` has not happened: what it decides is 无法计算, as validate's DATE_FUTURE says of the cell.
  const ledger = buildFeeLedger(units, rules, { city: opts.city, columns: opts.columns, today: opts.today });
  const balances = loadSheetDescription('fee-balances');
  // Each deposit once, for its sheet and for the list of those that cannot be computed.
  const deposits = depositLines(units, rules, { today: opts.today });
  const layouts = [
    feeLedgerSheet(ledger, loadSheetDescription('fee-ledger'), { lang }),
    feeBalanceSheet(ledger, 'underpaid', balances, { lang, showPii: opts.showPii }),
    // Full phones are for calling buyers who underpaid (as the add-in's 显示完整电话); refunds need no call list.
    feeBalanceSheet(ledger, 'overpaid', balances, { lang }),
    depositSheet(deposits, rules, loadSheetDescription('deposits'), { lang }),
  ];
  return { ledger, deposits: depositProblems(deposits), layouts };
}

export interface FeesFileRun extends FeesRun {
  /** The register's errors in the columns the fees read, located by sheet/row/column. */
  registerErrors: Issue[];
  /** The register's warnings in those columns (a 保证金比例 above 50%): computed from all the same. */
  registerWarnings: Issue[];
  /** The fees that could not be computed (状态 无法计算), at the cell to fill in or correct. */
  uncomputed: Issue[];
  /** The 按揭保证金 that could not be computed (DEPOSIT_NOT_COMPUTED), at the cell to correct (at the header row, once, for a column the register lacks). */
  uncomputedDeposits: Issue[];
  /** What became of the entries typed into the --out file written before (carryNotice's words), per sheet. */
  carried: Bilingual[];
}

export async function writeFees(
  register: string,
  out: string,
  opts: { city: string; lang?: Lang; showPii?: boolean; force?: boolean; today?: string },
): Promise<FeesFileRun> {
  const description = loadSheetDescription('register');
  const { sheet } = await readRegisterWorkbook(register, { description });
  // Read and checked as `anjie validate` does, so a cell it calls an error is not read here as 0.
  const today = opts.today ?? parseDateOption('--today', undefined);
  const checked = validateRegister(sheet, { description, today, showPii: opts.showPii });
  // Four empty sheets and 应收 ¥0.00 would be no ledger: a blank register is told to fill in its units.
  if (!checked.units.length) throw noUnitsError({ zh: '未计算费用', en: 'The fees were not computed' }, register, sheet);
  // The register's header says which collected columns it has: one it lacks is not "nothing collected".
  const run = buildFeeSheets(checked.units, { ...opts, columns: sheet.columns, today });
  // Regenerating onto a file written before: what the desk typed (已缴, 缴纳日期, 票据号 …) stays on its unit's and fee's row; what has no row any more goes to 未放回的录入.
  const descriptions = [loadSheetDescription('fee-ledger'), loadSheetDescription('fee-balances'), loadSheetDescription('fee-balances'), loadSheetDescription('deposits')];
  const carried = await carryTyped(out, run.layouts.map((layout, i) => ({ layout, description: descriptions[i] })), {
    force: opts.force,
    today,
    retired: descriptions,
    inputs: [register],
    // A file written with the other --lang: its sheets' entries go back to their rows all the same.
    otherLanguage: () => buildFeeSheets(checked.units, { ...opts, lang: opts.lang === 'en' ? 'zh' : 'en', columns: sheet.columns, today }).layouts,
  });
  await writeWorkbook(out, carried.unplaced ? [...run.layouts, carried.unplaced] : run.layouts, { inputs: [register], force: opts.force });
  return { ...run, registerErrors: feeInputErrors(checked.issues, sheet), registerWarnings: feeInputWarnings(checked.issues, sheet), uncomputed: feeProblemIssues(run.ledger, sheet), uncomputedDeposits: depositProblemIssues(run.deposits, sheet), carried: carried.notices };
}

/** At most `limit` issues as `anjie validate` prints them, then how many more there are. */
export function issueList(issues: readonly Issue[], limit: number): string {
  const lines = issues.slice(0, limit).map((i) => formatIssue(i).replace(/^/gm, '  '));
  if (issues.length > limit) lines.push(`  …另有 ${issues.length - limit} 项 / ${issues.length - limit} more`);
  return `${lines.join('\n')}\n`;
}

export const LIST_LIMIT = 20;

/** What became of the entries typed into the file written over: each sheet's notice, Chinese then English. */
function carriedText(notices: readonly Bilingual[]): string {
  return notices.map((n) => `${n.zh}\n${n.en}\n`).join('');
}

/** How a generator's summary ends (anjie fees, anjie progress): what was carried over, where the file is, and, when the register has problems to fix, to correct it and run again. */
export function closingLines(carried: readonly Bilingual[], out: string, registerToFix: boolean): string {
  let text = carriedText(carried) + `已生成 / written: ${out}\n`;
  if (registerToFix) text += `请改正台账后重新生成（anjie validate 列出台账的全部问题）/ correct the register and run again (anjie validate lists all its problems)\n`;
  return text;
}

export function feesSummary(run: FeesFileRun, out: string): string {
  const { ledger } = run;
  const t = ledger.totals;
  let text =
    `应收 ${formatYuan(t.due)}，已收 ${formatYuan(t.collected)}，未收 ${formatYuan(t.outstanding)}；少收 ${ledger.underpaid.length} 户 ${formatYuan(t.underpaid)}，多收 ${ledger.overpaid.length} 户 ${formatYuan(t.overpaid)}，未到收取 ${formatYuan(t.notYetDue)}\n` +
    `due ${formatYuan(t.due)}, collected ${formatYuan(t.collected)}, outstanding ${formatYuan(t.outstanding)}; ${ledger.underpaid.length} underpaid ${formatYuan(t.underpaid)}, ${ledger.overpaid.length} overpaid ${formatYuan(t.overpaid)}, not yet due ${formatYuan(t.notYetDue)}\n`;
  for (const w of ledger.warnings) text += `注意 note: ${w.zh}\n             ${w.en}\n`;
  if (run.registerErrors.length) {
    const n = run.registerErrors.length;
    text += `台账中费用所用的列有 ${n} 处错误 / ${n} register error(s) in the columns the fees read:\n${issueList(run.registerErrors, LIST_LIMIT)}`;
  }
  if (run.registerWarnings.length) {
    const n = run.registerWarnings.length;
    text += `台账中费用所用的列有 ${n} 处警告，费用仍按所填的值计算，请核对 / ${n} register warning(s) in the columns the fees read; the fees are computed from the values as written, so check them:\n${issueList(run.registerWarnings, LIST_LIMIT)}`;
  }
  if (run.uncomputed.length) {
    // The lines left out, not the messages: a missing 已收 column is one message for every unit's line.
    const n = ledger.uncounted.lines;
    text +=
      `无法计算的费用 ${n} 项，未计入合计，也不在少收/多收名单上（其已收 ${formatYuan(ledger.uncounted.collected)}）/ ` +
      `${n} fee(s) could not be computed: left out of the totals and off the under/overpaid lists (collected on them ${formatYuan(ledger.uncounted.collected)}):\n` +
      issueList(run.uncomputed, LIST_LIMIT);
  }
  if (run.uncomputedDeposits.length) {
    // The deposits left out, not the messages: a missing 贷款银行 column is one message for every unit's deposit.
    const n = run.deposits.length;
    text +=
      `无法计算的按揭保证金 ${n} 项，未计入按揭保证金表的合计 / ` +
      `${n} guarantee deposit(s) could not be computed: left out of the totals of the 按揭保证金 sheet:\n` +
      issueList(run.uncomputedDeposits, LIST_LIMIT);
  }
  return text + closingLines(run.carried, out, problemsToFix(run));
}

/** What --fail-on-problems fails on, and what asks for the register to be corrected. */
function problemsToFix(run: FeesFileRun): boolean {
  return run.registerErrors.length > 0 || run.uncomputed.length > 0 || run.uncomputedDeposits.length > 0;
}

export function registerFees(program: Command): void {
  program
    .command('fees')
    .description('生成代收代缴费用台账（契税、维修资金、登记费），列出少收与多收的买受人 / write the fee ledger (deed tax, maintenance fund, registration) with buyers who under- or overpaid')
    .requiredOption('--register <file>', '按揭台账 .xlsx / the register .xlsx')
    .requiredOption('--city <city>', '维修资金所在城市，如 beijing、上海 / city of the maintenance-fund rule, e.g. beijing, 上海')
    .requiredOption('--out <file>', '输出的 .xlsx 文件（已存在时保留其中填写的内容）/ the .xlsx file to write (if it exists, what was typed in it is kept)')
    .option('--lang <lang>', '表头语言 zh 或 en / header language, zh or en', 'zh')
    .option('--show-pii', '在少收名单上显示完整电话（默认打码）/ show full phone numbers on the underpaid list (masked by default)')
    .option('--force', '覆盖已签核的文件 / overwrite a signed workbook')
    .option('--today <date>', '以此日期判断“未来日期”（默认上海今天）/ date used for "in the future" (default: today in Shanghai)')
    .option('--fail-on-problems', '有费用或按揭保证金无法计算、或台账中费用所用的列有错误时退出码为 1 / exit 1 when a fee or guarantee deposit could not be computed or the register has errors in the columns the fees read')
    .addHelpText(
      'after',
      '\n台账中无法读取或空缺的单元格（合同总价、建筑面积、已收契税等）不按 0 计算：该费用记为“无法计算”，不计入合计，也不进入少收/多收名单；' +
        '台账照常生成，并列出这些费用和台账错误所在的行列。\n' +
        'A blank or unreadable register cell (total price, floor area, deed tax collected…) is never read as 0: that fee is "Cannot compute", ' +
        'left out of the totals and off the under/overpaid lists; the ledger is still written, and those fees and the register errors are listed by row and column.\n' +
        '按揭保证金无法计算的（保证金比例有误、贷款银行不在列表中且没有自填比例、重复的房号、商贷金额有误、放款或退还日期有误）同样按行列列出，不计入按揭保证金表的合计。\n' +
        'A guarantee deposit that cannot be computed (a wrong 保证金比例, a bank off the list with no ratio of its own, a repeated unit, a wrong loan, a wrong credit or refund date) is listed the same way and left out of the 按揭保证金 sheet\'s totals.\n' +
        '日期晚于今天（如把 2026 写成 2027）同 anjie progress 一样列为台账错误（--today 指定今天）：签约日期晚于今天的，该户费用无法计算；备案日期晚于今天且尚未收费的，不能判断是否已到收取，同样无法计算；放款日期或保证金退还日期晚于今天或无法识别的（如 2026-13-45、待定），以及保证金退还日期早于放款日期或没有放款日期的，按揭保证金无法计算。\n' +
        'A date after today (2027 typed for 2026; --today gives the day) is a register error, as for anjie progress: a contract date after today makes the unit\'s fees "Cannot compute"; so does a filing date after today when nothing was collected (whether the fees are due is not known); a disbursement or deposit-refund date after today, or one that cannot be read (2026-13-45, 待定), or a refund dated before the disbursement or without one, makes its guarantee deposit "Cannot compute".\n' +
        '退出码 / exit codes: 0 已生成（无法计算的费用是需要处理的发现，不是错误，如 anjie reconcile 的差异）/ written (fees that could not be computed are findings, as differences are for anjie reconcile); ' +
        '1 --fail-on-problems 且有无法计算的费用、按揭保证金或台账错误 / with --fail-on-problems and such a fee, deposit or register error; 2 无法读取或用法错误 / cannot read, or bad usage',
    )
    .action(async (opts: { register: string; city: string; out: string; lang: string; showPii?: boolean; force?: boolean; today?: string; failOnProblems?: boolean }) => {
      const today = parseDateOption('--today', opts.today);
      const run = await writeFees(opts.register, opts.out, { city: opts.city, lang: parseLang(opts.lang), showPii: opts.showPii, force: opts.force, today });
      process.stdout.write(feesSummary(run, opts.out));
      if (opts.failOnProblems && problemsToFix(run)) process.exitCode = 1;
    });
}
