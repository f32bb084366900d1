/**
 * What each button in the pane does, without React: find/read the register, run the domain
 * rules, write the sheets through addin/excel. Used by the panels, the tests and the benchmark.
 */
import { isoWeekKey, isoWeekMonday, lastIsoWeekOf, shanghaiToday } from '../../domain/dates';
import type { Issue } from '../../domain/issues';
import { besideNotice, carryNotice, type CarryReport } from '../../domain/sheets/carryOver';
import type { Bilingual } from '../../domain/text';
import { sortIssues } from '../../domain/issues';
import { buildProgress, progressSheet } from '../../domain/progress/build';
import { progressInputErrors, progressInputWarnings, progressProblemIssues } from '../../domain/progress/issues';
import type { RegisterUnit } from '../../domain/register';
import type { Lang } from '../../domain/sheets/description';
import type { RunControl } from '../excel/requests';
import { findRegister, readRegister, type RegisterData } from '../excel/registerRead';
import { freeSheetName, workbookSheets } from '../excel/sheets';
import type { WriteOptions, WriteReport } from '../excel/queue';
import { writeLayout } from '../excel/writeLayout';
import { highlightIssues, type HighlightReport } from '../excel/highlight';
import { AddinError } from '../excel/errors';
import type { ExcelHost } from '../excel/host';
import { signedGuard, signedSheetsIn } from './signedGuard';
import { findRetiredProgressIn, retireProgress, retiredProgressNames, type RetiredProgress } from './retiredProgress';
import { blankRegisterLayout, checkRegister, noUnitsError, registerHeaderRank, REGISTER_TABLE_NAME, toRegisterSheet, unreadMergesRefusal, type UnreadMerge } from './register';
import { sheetDescription, stageThresholds } from './templates';
import { keptLanguageNotice, sheetLanguage } from './sheetLanguage';

export function today(): string {
  return shanghaiToday();
}
export function thisWeek(): string {
  return isoWeekKey(shanghaiToday());
}

export function noRegister(): AddinError {
  return new AddinError(
    {
      zh: '没有找到按揭台账：任何工作表里都没有台账的表头行（项目、楼栋、房号、合同编号……）。请打开台账工作簿，或在“台账”页创建一个。',
      en: 'No register found: no sheet has the register header row (项目, 楼栋, 房号, 合同编号 …). Open the register workbook, or create one on the Register tab.',
    },
    'not-found',
  );
}

export interface LoadedRegister {
  data: RegisterData;
  units: RegisterUnit[];
  issues: Issue[];
  rows: number;
  /** The merged 项目/楼栋 this Excel could not read (checkRegister): generating from them is refused (unreadMergesRefusal). */
  unreadMerges: UnreadMerge[];
}

/** Finds, reads and checks the register. */
export async function loadRegister(host: ExcelHost, control: RunControl = {}, asOf = today()): Promise<LoadedRegister> {
  const loc = await findRegister(host, registerHeaderRank);
  if (!loc) throw noRegister();
  const data = await readRegister(host, loc, control);
  const check = checkRegister(data, asOf);
  return { data, units: check.units, issues: sortIssues(check.issues), rows: check.rows, unreadMerges: check.unreadMerges };
}

/**
 * The register's issues as the workbook is now (read and checked, nothing highlighted), or null when
 * the workbook has no register. Signing asks this itself: a validation run earlier in the pane, or
 * none at all, says nothing about the cells as they are when the manager signs.
 */
export async function registerIssuesNow(host: ExcelHost, asOf = today()): Promise<Issue[] | null> {
  const loc = await findRegister(host, registerHeaderRank);
  if (!loc) return null;
  return sortIssues(checkRegister(await readRegister(host, loc), asOf).issues);
}

export interface ValidationResult {
  register: LoadedRegister;
  highlight: HighlightReport;
}

/** 校验台账: issues listed, offending cells highlighted, earlier highlights cleared. */
export async function validateRegisterInExcel(host: ExcelHost, lang: Lang, control: RunControl = {}, asOf = today()): Promise<ValidationResult> {
  const register = await loadRegister(host, control, asOf);
  const highlight = await highlightIssues(host, register.issues, lang);
  return { register, highlight };
}

/** 创建台账: the blank register (table, dropdowns, formats, frozen header). */
export async function createRegister(host: ExcelHost, lang: Lang, control: RunControl = {}): Promise<WriteReport & { emptyWorkbook: boolean }> {
  const existing = await findRegister(host, registerHeaderRank);
  if (existing) {
    throw new AddinError(
      {
        zh: `工作簿里已有台账（工作表“${existing.sheet}”第 ${existing.headerRow + 1} 行）。如需新台账，请新建一个空白工作簿。`,
        en: `This workbook already has a register (sheet "${existing.sheet}", row ${existing.headerRow + 1}). Start a new, empty workbook for a new register.`,
      },
      'invalid',
    );
  }
  const { names, empty } = await workbookSheets(host);
  // A sheet of that name that is not a register (a list the person keeps, a register with headers
  // the add-in does not know) is theirs: the new register goes beside it, never over it.
  const layout = blankRegisterLayout(lang);
  const report = await writeLayout(host, { ...layout, name: freeSheetName(layout.name, names) }, { ...control, excelTable: REGISTER_TABLE_NAME, activate: true });
  return { ...report, emptyWorkbook: empty };
}

export interface ProgressResult {
  /** The first sheet written (the only one when the register has one project). */
  report: WriteReport;
  /** One sheet per project, as `anjie progress` writes them (按揭进度表-<项目> when there are several). */
  reports: WriteReport[];
  lines: number;
  project: string;
  week: string;
  /** About what was typed into the sheet replaced (跟进人/备注): kept, or not placeable. */
  notices: Bilingual[];
  /**
   * The units that could not be placed (无法判断: listed at the end of the sheet, in no count of 在途
   * or 待放款), then the register's errors and warnings in the columns the sheet reads, located by
   * cell — what `anjie progress` prints.
   */
  problems: Issue[];
}

/**
 * 生成/刷新进度表 for an ISO week ("2026-W48"): one sheet per project, as the CLI writes them (a
 * register holding several projects gets 按揭进度表-<项目> for each). 跟进人/备注 typed on a sheet
 * stay on the unit's row.
 */
export async function generateProgress(
  host: ExcelHost,
  opts: { week: string; lang: Lang; units?: RegisterUnit[]; overwriteSigned?: boolean; date1904?: boolean; sheets?: readonly string[] },
  control: RunControl = {},
): Promise<ProgressResult> {
  const week = opts.week.trim().toUpperCase();
  if (!/^\d{4}-W\d{2}$/.test(week)) {
    throw new AddinError({ zh: `周次格式应为 2026-W48，而不是“${opts.week}”。`, en: `The week should look like 2026-W48, not "${opts.week}".` });
  }
  try {
    isoWeekMonday(week);
  } catch {
    const year = week.slice(0, 4);
    const last = lastIsoWeekOf(year);
    throw new AddinError({
      zh: `${year} 年没有第 ${Number(week.slice(6))} 周：周次应在 ${year}-W01 至 ${last} 之间。`,
      en: `${year} has no week ${Number(week.slice(6))}: the week should be between ${year}-W01 and ${last}.`,
    });
  }
  const loaded = opts.units ? null : await loadRegister(host, { signal: control.signal });
  const unread = loaded && unreadMergesRefusal(loaded.unreadMerges, loaded.data.location.sheet, { zh: '未生成进度表', en: 'The progress sheet was not generated' });
  if (unread) throw unread;
  const units = opts.units ?? loaded!.units;
  // The workbook's date system and sheet names, as the register read found them (unknown with units given: writeLayout and sheetLanguage ask).
  const date1904 = opts.date1904 ?? loaded?.data.date1904;
  if (units.length === 0) {
    const what = { zh: '未生成进度表，工作簿未作改动', en: 'The progress sheet was not generated; the workbook was not changed' };
    if (loaded) throw noUnitsError(what, loaded.data.location.sheet, loaded.rows);
    throw new AddinError({ zh: `${what.zh}：没有房屋。`, en: `${what.en}: there are no units.` }, 'not-found');
  }
  const description = sheetDescription('progress');
  const bankOrder = sheetDescription('register').columns.find((c) => c.key === 'bank')?.values;
  // Where each problem is, by sheet/row/column, as for 计算费用 (units given: no register to point at).
  const sheet = loaded ? toRegisterSheet(loaded.data) : null;
  const projects = [...new Set(units.map((u) => u.project))].sort();
  // The workbook's progress sheets stay in the language they were written in (the single sheet of one project's days too).
  const names = [description.name, ...(projects.length > 1 ? projects.map((p) => ({ zh: `${description.name.zh}-${p}`, en: `${description.name.en}-${p}` })) : [])];
  const language = await sheetLanguage(host, names.map((name) => ({ name, description })), opts.lang, opts.sheets ?? loaded?.data.location.workbookSheets);
  const lang = language.lang;
  const builds = projects.map((project) => {
    const model = buildProgress(
      units.filter((u) => u.project === project),
      // A stage or 放款 dated after today has not happened: the unit is 无法判断, as the register check's DATE_FUTURE says of the cell.
      { week, thresholds: stageThresholds(), bankOrder, columns: sheet?.columns, today: today() },
    );
    const sheetName = projects.length > 1 ? `${description.name[lang]}-${project}` : undefined;
    return { model, layout: progressSheet(model, description, { lang, sheetName }) };
  });
  // The single sheet of the days of one project, now replaced by one per project (./retiredProgress):
  // looked up with the first write's first request, read only when it is there.
  let retired: RetiredProgress[] = [];
  const absorbed = new Map<string, { into: string; report: CarryReport }>();
  const absorbFor = (project: string) => retired.find((r) => r.project === project && !r.absorbedBefore && !absorbed.has(r.sheet));
  const lookFor: WriteOptions['lookFor'] =
    projects.length > 1
      ? {
          sheets: retiredProgressNames(description),
          found: async (context, present) => {
            retired = await findRetiredProgressIn(context, description, present);
            return absorbFor(projects[0]);
          },
        }
      : undefined;
  // Every sheet is checked before the first is replaced.
  const guard = signedGuard(
    builds.map((b) => b.layout.name),
    opts.overwriteSigned,
  );
  const reports: WriteReport[] = [];
  const notices: Bilingual[] = language.kept.length ? [keptLanguageNotice(language.kept, lang)] : [];
  for (const [k, { layout }] of builds.entries()) {
    // The first write looks for the retired sheet (and takes it in when it is of the first project).
    const absorb = k === 0 ? undefined : absorbFor(projects[k]);
    // The first write refuses for all; when overwriting, each write asks whether its own sheet was signed.
    const report = await writeLayout(host, layout, { ...control, activate: k === 0, guard: k === 0 || opts.overwriteSigned ? guard : undefined, keepInputs: description, signedIn: signedSheetsIn, overwriteSigned: opts.overwriteSigned, absorb, date1904, ...(k === 0 ? { lookFor } : {}) });
    reports.push(report);
    const took = k === 0 ? absorbFor(projects[0]) : absorb;
    if (took && report.absorbed) absorbed.set(took.sheet, { into: report.sheet, report: report.absorbed });
    if (report.besideOf) notices.push(besideNotice(layout.name, report.besideOf, report.sheet));
    const notice = carryNotice(report.sheet, description, report.inputs ?? null);
    if (notice) notices.push(notice);
  }
  if (retired.length) notices.push(...(await retireProgress(host, description, retired, absorbed, date1904)));
  const lines = builds.reduce((n, b) => n + b.model.groups.reduce((m, g) => m + g.lines.length, 0), 0);
  const problems = sheet ? [...progressProblemIssues(builds.map((b) => b.model), sheet), ...progressInputErrors(loaded!.issues, sheet), ...progressInputWarnings(loaded!.issues, sheet)] : [];
  return { report: reports[0], reports, lines, project: builds.map((b) => b.model.project).join('、'), week, notices, problems };
}
