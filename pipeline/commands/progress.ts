import type { Command } from 'commander';
import { isoWeekKey, isoWeekMonday, lastIsoWeekOf, type LocalDate } from '../../domain/dates';
import { formatYuan } from '../../domain/money';
import { buildProgress, progressSheet, type ProgressModel } from '../../domain/progress/build';
import { progressInputErrors, progressInputWarnings, progressProblemIssues } from '../../domain/progress/issues';
import type { Issue } from '../../domain/issues';
import { validateRegister } from '../../domain/registerValidation/validate';
import type { RegisterUnit } from '../../domain/register';
import type { Lang } from '../../domain/sheets/description';
import type { SheetLayout } from '../../domain/sheets/layout';
import { UserError } from '../errors';
import { noUnitsError, readRegisterWorkbook } from '../read/register';
import { parseDateOption, parseLang } from '../render/options';
import { loadSheetDescription, loadStageThresholds } from '../render/templates';
import { writeWorkbook } from '../render/workbook';
import { carryTyped } from '../render/carry';
import type { Bilingual } from '../../domain/text';
import { closingLines, issueList, LIST_LIMIT } from './fees';

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
export function buildProgressSheets(units: readonly RegisterUnit[], opts: { week: string; lang?: Lang; asOf?: string; project?: string; columns?: Partial<Record<string, string>>; today?: string }): ProgressRun {
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
  const models = projects.map((p) => buildProgress(units.filter((u) => u.project === p), { week: opts.week, thresholds, asOf: opts.asOf, bankOrder, columns: opts.columns, today: opts.today }));
  const layouts = models.map((m) =>
    progressSheet(m, description, { lang, sheetName: projects.length > 1 ? `${description.name[lang]}-${m.project}` : undefined }),
  );
  return { models, layouts };
}

/** The project a progress sheet's 项目 line names (null: none). */
function projectOf(grid: readonly (readonly unknown[] | undefined)[]): string | null {
  const row = grid.find((r) => ['项目：', 'Project:'].includes(String(r?.[0] ?? '').trim()));
  const v = row ? String(row[1] ?? '').trim() : '';
  return v || null;
}

export interface ProgressFileRun extends ProgressRun {
  /** The register's errors in the columns the progress sheet reads, located by sheet/row/column. */
  registerErrors: Issue[];
  /** The register's warnings in those columns (the unit is placed all the same): listed, not failed on. */
  registerWarnings: Issue[];
  /** The units that could not be placed (无法判断), at each cell to correct. */
  undecided: Issue[];
  /** What became of the entries typed into the --out file written before (carryNotice's words), per sheet. */
  carried: Bilingual[];
}

export async function writeProgress(register: string, out: string, opts: { week: string; lang?: Lang; asOf?: string; project?: string; force?: boolean; today?: string }): Promise<ProgressFileRun> {
  const description = loadSheetDescription('register');
  const { sheet } = await readRegisterWorkbook(register, { description });
  // Read and checked as `anjie validate` does (and `anjie fees`), so a cell it calls an error is not read here as blank.
  const today = opts.today ?? parseDateOption('--today', undefined);
  const checked = validateRegister(sheet, { description, today });
  if (!checked.units.length) throw noUnitsError({ zh: '未生成进度表', en: 'No progress sheet was written' }, register, sheet);
  // A stage or 放款 dated after today has not happened: the unit is 无法判断, as validate's DATE_FUTURE says of the cell.
  const run = buildProgressSheets(checked.units, { ...opts, columns: sheet.columns, today });
  // Regenerating onto a file written before: what the desk typed (跟进人, 备注) stays on its unit's row; what has no row any more goes to 未放回的录入.
  const progress = loadSheetDescription('progress');
  const carried = await carryTyped(out, run.layouts.map((layout) => ({ layout, description: progress })), {
    force: opts.force,
    today,
    retired: [progress],
    inputs: [register],
    // The single 按揭进度表 of a register that had one project: its entries go onto that project's sheet, as the add-in takes them in (addin/services/retiredProgress.ts).
    absorbInto: (name, grid) => {
      if (name !== progress.name.zh && name !== progress.name.en) return null;
      const project = projectOf(grid);
      return run.layouts.find((l) => project !== null && projectOf(l.values) === project)?.name ?? null;
    },
    // A file written with the other --lang: its sheets' entries go back to their rows all the same.
    otherLanguage: () => buildProgressSheets(checked.units, { ...opts, lang: opts.lang === 'en' ? 'zh' : 'en', columns: sheet.columns }).layouts,
  });
  await writeWorkbook(out, carried.unplaced ? [...run.layouts, carried.unplaced] : run.layouts, { inputs: [register], force: opts.force });
  // With --project, only that project's units: another project's errors are not on this sheet.
  const shown = new Set(run.models.flatMap((m) => m.project.split('、')));
  const rows = opts.project ? new Set(checked.units.filter((u) => shown.has(u.project)).map((u) => u.source?.row)) : null;
  // A column missing from the header (COLUMN_MISSING, at the header row) is every project's.
  const shownRows = (i: Issue) => !rows || rows.has(i.location.row) || i.code === 'COLUMN_MISSING';
  const registerErrors = progressInputErrors(checked.issues, sheet).filter(shownRows);
  const registerWarnings = progressInputWarnings(checked.issues, sheet).filter(shownRows);
  return { ...run, registerErrors, registerWarnings, undecided: progressProblemIssues(run.models, sheet), carried: carried.notices };
}

export function progressSummary(run: ProgressFileRun, out: string): string {
  let text = '';
  // A row repeating an earlier row's unit is listed under 无法判断 too, but is no unit of its own.
  const repeated = (m: ProgressModel) => m.undecided.filter((x) => x.repeats !== undefined).length;
  for (const m of run.models) {
    const [u, k] = [m.undecided.length - repeated(m), repeated(m)];
    text += `${m.project} ${m.week}: 在途 ${m.totals.unitCount} 户 ${m.totals.lineCount} 笔，本周放款 ${m.totals.weekCount} 户 ${formatYuan(m.totals.weekAmount)}${u ? `，无法判断 ${u} 户` : ''}${k ? `，重复行 ${k} 行` : ''} / ${m.totals.unitCount} units (${m.totals.lineCount} loans) open, ${m.totals.weekCount} units disbursed this week${u ? `, ${u} unit(s) cannot be told` : ''}${k ? `, ${k} repeated row(s)` : ''}\n`;
  }
  if (run.registerErrors.length) {
    const n = run.registerErrors.length;
    text += `台账中进度表所用的列有 ${n} 处错误 / ${n} register error(s) in the columns the progress sheet reads:\n${issueList(run.registerErrors, LIST_LIMIT)}`;
  }
  if (run.registerWarnings.length) {
    const n = run.registerWarnings.length;
    text += `台账中进度表所用的列有 ${n} 处警告，进度表仍按所填的值生成，请核对 / ${n} register warning(s) in the columns the progress sheet reads; the sheet is made from the values as written, so check them:\n${issueList(run.registerWarnings, LIST_LIMIT)}`;
  }
  if (run.undecided.length) {
    const k = run.models.reduce((sum, m) => sum + repeated(m), 0);
    const n = run.models.reduce((sum, m) => sum + m.undecided.length, 0) - k;
    text +=
      (n ? `无法判断进度的房屋 ${n} 户，列在进度表末尾，未计入在途户数、各阶段户数与待放款金额 / ` + `${n} unit(s) whose progress cannot be told: listed at the end of the progress sheet, not in the open units, the units per stage or the amount to disburse:\n` : '') +
      (k ? `台账中重复的行 ${k} 行，列在进度表末尾“无法判断”下，未计入任何户数与金额（该户按第一行计）/ ${k} repeated register row(s): listed at the end of the progress sheet under "Cannot tell", in no count or amount (the unit counts by its first row):\n` : '') +
      issueList(run.undecided, LIST_LIMIT);
  }
  return text + closingLines(run.carried, out, run.registerErrors.length > 0 || run.undecided.length > 0);
}

export function registerProgress(program: Command): void {
  program
    .command('progress')
    .description('生成每周按揭进度表（按银行分组、小计合计、逾期标记、汇总）/ write the weekly progress sheet (grouped by bank, subtotals, overdue marks, summary)')
    .requiredOption('--register <file>', '按揭台账 .xlsx / the register .xlsx')
    .option('--week <week>', 'ISO 周编号，如 2026-W48（默认本周）/ ISO week such as 2026-W48 (default: this week)')
    .requiredOption('--out <file>', '输出的 .xlsx 文件（已存在时保留其中填写的内容）/ the .xlsx file to write (if it exists, what was typed in it is kept)')
    .option('--as-of <date>', '截至日期（默认该周周日）/ as-of date (default: the week\'s Sunday)')
    .option('--project <name>', '只生成该项目 / only this project')
    .option('--lang <lang>', '表头语言 zh 或 en / header language, zh or en', 'zh')
    .option('--force', '覆盖已签核的文件 / overwrite a signed workbook')
    .option('--today <date>', '以此日期判断“未来日期”与默认周（默认上海今天）/ date used for "in the future" and the default week (default: today in Shanghai)')
    .option('--fail-on-problems', '有无法判断进度的房屋或台账中进度表所用的列有错误时退出码为 1 / exit 1 when a unit\'s progress cannot be told or the register has errors in the columns the progress sheet reads')
    .addHelpText(
      'after',
      '\n台账中无法识别的单元格（放款日期、贷款金额、贷款类型等）不按空白处理：该户列在进度表末尾“无法判断”下，注明要改正的行和列，' +
        '不计入在途户数、各阶段户数与待放款金额（其放款金额与日期都可识别的，仍计入本周/累计放款）；阶段日期或放款日期晚于今天（如把 2026 写成 2027）的同样列为无法判断；' +
        '进度表照常生成，并列出这些房屋和台账错误、警告所在的行列（警告不影响退出码）。\n' +
        'An unreadable register cell (a disbursement date, a loan amount, the loan type…) is never read as blank: the unit is listed at the end of the sheet under "Cannot tell", ' +
        'naming the row and column to correct, and left out of the open units, the units per stage and the amount to disburse (a disbursement whose amount and date were read still counts this week / to date); ' +
        'so is a unit with a stage or disbursement dated after today (2027 typed for 2026); ' +
        'the sheet is still written, and those units and the register errors and warnings are listed by row and column (warnings do not change the exit code).\n' +
        '退出码 / exit codes: 0 已生成（无法判断的房屋是需要处理的发现，不是错误，如 anjie fees 的无法计算）/ written (units that cannot be told are findings, as fees that cannot be computed are for anjie fees); ' +
        '1 --fail-on-problems 且有无法判断的房屋或台账错误 / with --fail-on-problems and such a unit or register error; 2 无法读取或用法错误 / cannot read, or bad usage',
    )
    .action(async (opts: { register: string; week?: string; out: string; asOf?: string; project?: string; lang: string; force?: boolean; today?: string; failOnProblems?: boolean }) => {
      const today = parseDateOption('--today', opts.today);
      const week = checkWeek(opts.week ?? isoWeekKey(today));
      const asOf = opts.asOf ? parseDateOption('--as-of', opts.asOf) : undefined;
      if (asOf) checkAsOf(asOf, week, opts.week !== undefined);
      const run = await writeProgress(opts.register, opts.out, { week, lang: parseLang(opts.lang), asOf, project: opts.project, force: opts.force, today });
      process.stdout.write(progressSummary(run, opts.out));
      if (opts.failOnProblems && (run.registerErrors.length || run.undecided.length)) process.exitCode = 1;
    });
}
