import type { Command } from 'commander';
import { isoWeekKey, isoWeekMonday, lastIsoWeekOf, type LocalDate } from '../../domain/dates';
import { formatYuan } from '../../domain/money';
import { buildProgress, progressSheet, type ProgressModel } from '../../domain/progress/build';
import type { RegisterUnit } from '../../domain/register';
import type { Lang } from '../../domain/sheets/description';
import type { SheetLayout } from '../../domain/sheets/layout';
import { UserError } from '../errors';
import { readRegister } from '../read/register';
import { parseDateOption, parseLang } from '../render/options';
import { loadSheetDescription, loadStageThresholds } from '../render/templates';
import { writeWorkbook } from '../render/workbook';

export interface ProgressRun {
  models: ProgressModel[];
  layouts: SheetLayout[];
}

function checkWeek(week: string): string {
  const w = week.trim().toUpperCase();
  if (!/^\d{4}-W\d{2}$/.test(w) || Number(w.slice(6)) < 1 || Number(w.slice(6)) > 53) {
    throw new UserError({ zh: `--week 应为 ISO 周编号，如 2026-W48：${week}`, en: `--week must be an ISO week like 2026-W48: ${week}` });
  }
  // Most years have 52 weeks: 2027-W53 is a typing slip to report, not an internal error.
  const year = w.slice(0, 4);
  const last = lastIsoWeekOf(year);
  if (w > last) {
    throw new UserError({ zh: `${year} 年没有第 ${Number(w.slice(6))} 周：--week 应在 ${year}-W01 至 ${last} 之间`, en: `${year} has no week ${Number(w.slice(6))}: --week must be between ${year}-W01 and ${last}` });
  }
  return w;
}

/**
 * A progress sheet is as of a day of its week or after: one as of a day before its Monday would show
 * the week's loans as not yet disbursed and its stages as not yet reached, under the week's title.
 */
function checkAsOf(asOf: LocalDate, week: string, weekGiven: boolean): void {
  const monday = isoWeekMonday(week);
  if (asOf >= monday) return;
  const which = weekGiven ? { zh: '', en: '' } : { zh: '（未给 --week，默认本周）', en: ' (no --week given: this week)' };
  throw new UserError(
    { zh: `--as-of ${asOf} 早于 ${week}${which.zh} 的第一天（周一 ${monday}）：进度表不能截至它所在周开始之前`, en: `--as-of ${asOf} is before week ${week}${which.en} starts (Monday ${monday}): a progress sheet cannot be as of a day before its own week` },
    {},
    { zh: `给出 ${monday} 或之后的 --as-of，或用 --week ${isoWeekKey(asOf)} 生成 ${asOf} 所在的周`, en: `give an --as-of on or after ${monday}, or --week ${isoWeekKey(asOf)} for the week holding ${asOf}` },
  );
}

/** One progress sheet per project (units grouped by their 项目). */
export function buildProgressSheets(units: readonly RegisterUnit[], opts: { week: string; lang?: Lang; asOf?: string; project?: string }): ProgressRun {
  const lang = opts.lang ?? 'zh';
  const description = loadSheetDescription('progress');
  const thresholds = loadStageThresholds();
  const bankOrder = loadSheetDescription('register').columns.find((c) => c.key === 'bank')?.values ?? [];
  const projects = [...new Set(units.map((u) => u.project))].filter((p) => !opts.project || p === opts.project).sort();
  if (!projects.length) {
    throw new UserError(
      opts.project
        ? { zh: `台账中没有项目「${opts.project}」`, en: `The register has no project "${opts.project}"` }
        : { zh: '台账中没有任何房屋', en: 'The register has no units' },
    );
  }
  const models = projects.map((p) => buildProgress(units.filter((u) => u.project === p), { week: opts.week, thresholds, asOf: opts.asOf, bankOrder }));
  const layouts = models.map((m) =>
    progressSheet(m, description, { lang, sheetName: projects.length > 1 ? `${description.name[lang]}-${m.project}` : undefined }),
  );
  return { models, layouts };
}

export async function writeProgress(register: string, out: string, opts: { week: string; lang?: Lang; asOf?: string; project?: string; force?: boolean }): Promise<ProgressRun> {
  const { units } = await readRegister(register);
  const run = buildProgressSheets(units, opts);
  await writeWorkbook(out, run.layouts, { inputs: [register], force: opts.force });
  return run;
}

export function registerProgress(program: Command): void {
  program
    .command('progress')
    .description('生成每周按揭进度表（按银行分组、小计合计、逾期标记、汇总）/ write the weekly progress sheet (grouped by bank, subtotals, overdue marks, summary)')
    .requiredOption('--register <file>', '按揭台账 .xlsx / the register .xlsx')
    .option('--week <week>', 'ISO 周编号，如 2026-W48（默认本周）/ ISO week such as 2026-W48 (default: this week)')
    .requiredOption('--out <file>', '输出的 .xlsx 文件 / the .xlsx file to write')
    .option('--as-of <date>', '截至日期（默认该周周日）/ as-of date (default: the week\'s Sunday)')
    .option('--project <name>', '只生成该项目 / only this project')
    .option('--lang <lang>', '表头语言 zh 或 en / header language, zh or en', 'zh')
    .option('--force', '覆盖已签核的文件 / overwrite a signed workbook')
    .action(async (opts: { register: string; week?: string; out: string; asOf?: string; project?: string; lang: string; force?: boolean }) => {
      const week = checkWeek(opts.week ?? isoWeekKey(parseDateOption('--today', undefined)));
      const asOf = opts.asOf ? parseDateOption('--as-of', opts.asOf) : undefined;
      if (asOf) checkAsOf(asOf, week, opts.week !== undefined);
      const run = await writeProgress(opts.register, opts.out, { week, lang: parseLang(opts.lang), asOf, project: opts.project, force: opts.force });
      for (const m of run.models) {
        process.stdout.write(
          `${m.project} ${m.week}: 在途 ${m.totals.unitCount} 户 ${m.totals.lineCount} 笔，本周放款 ${m.totals.weekCount} 户 ${formatYuan(m.totals.weekAmount)} / ${m.totals.unitCount} units (${m.totals.lineCount} loans) open, ${m.totals.weekCount} units disbursed this week\n`,
        );
      }
      process.stdout.write(`已生成 / written: ${opts.out}\n`);
    });
}
