import * as path from 'node:path';
import type { Command } from 'commander';
import ExcelJS from 'exceljs';
import type { Issue } from '../../domain/issues';
import type { RegisterUnit } from '../../domain/register';
import { isGeneratedSheet, planCarry, readBack, type Grid } from '../../domain/sheets/carryOver';
import type { Lang, SheetDescription } from '../../domain/sheets/description';
import type { SheetLayout } from '../../domain/sheets/layout';
import {
  checkTitleSearches,
  readTitleSearchSheet,
  recordsByUnit,
  titleSearchSheet,
  titleSearchSheetNames,
  titleSearchSummarySheet,
  type TitleSearchRecord,
  type TitleSearchSummaryLine,
} from '../../domain/titleSearch';
import { normaliseUnitCode } from '../../domain/units';
import { UserError } from '../errors';
import { noUnitsError, plainCell, readRegister } from '../read/register';
import { parseDateOption, parseLang } from '../render/options';
import { loadSheetDescription } from '../render/templates';
import { writeWorkbook } from '../render/workbook';
import { assertNotSigned } from '../signoff/workbook';
import { existingOutput, readBackCell, refuse, signedIn } from '../render/carry';
import { RECORD_SHEET } from '../../domain/signoff/recordTable';
import { formatIssue } from './validate';
import { withBooleanDate1904 } from '../io/date1904';

/** Reads back the per-unit sheets of a filled-in title-search workbook. */
export async function readTitleSearchWorkbook(file: string): Promise<TitleSearchRecord[]> {
  return (await readSearches(file)).records;
}

/**
 * A filled-in title-search workbook: its per-unit sheets read back, and every sheet's cells as
 * Excel shows them (a date as its serial) with those under an active signature, for what the
 * desk typed in each signature block (制表 / 审核 / 日期) to go onto the sheet written anew.
 */
export interface SearchesWorkbook {
  records: TitleSearchRecord[];
  sheets: ReadonlyMap<string, Grid>;
  signed: ReadonlySet<string>;
}

async function readSearches(file: string): Promise<SearchesWorkbook> {
  const desc = loadSheetDescription('title-search');
  const wb = new ExcelJS.Workbook();
  try {
    await withBooleanDate1904(() => wb.xlsx.readFile(file));
  } catch (err) {
    throw new UserError({ zh: `无法打开查册文件：${(err as Error).message}`, en: `Cannot open the title-search workbook: ${(err as Error).message}` }, { file: path.basename(file) });
  }
  const out: TitleSearchRecord[] = [];
  const sheets = new Map<string, Grid>();
  for (const ws of wb.worksheets) {
    const grid: unknown[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row: unknown[] = [];
      for (let c = 1; c <= Math.max(ws.columnCount, desc.columns.length); c++) row.push(plainCell(ws.getCell(r, c).value));
      grid.push(row);
    }
    const rec = readTitleSearchSheet(ws.name, grid, desc);
    if (rec) out.push(rec);
    sheets.set(ws.name, grid.map((row) => row.map(readBackCell)));
  }
  return { records: out, sheets, signed: signedIn(wb, file) };
}

/** Picks units by code (any spelling: 3栋2单元1501, 3-2-1501 …); unknown codes are a UserError. */
export function selectUnits(units: readonly RegisterUnit[], codes: string | undefined): RegisterUnit[] {
  if (codes === undefined) return [...units];
  const wanted = codes.split(/[,，;；\s]+/).filter(Boolean);
  // --units "" (a list a script built from a query that found nothing) is not "every unit".
  if (!wanted.length) {
    throw new UserError(
      { zh: `--units 没有给出任何房号：${JSON.stringify(codes)}`, en: `--units names no unit: ${JSON.stringify(codes)}` },
      {},
      { zh: '请列出房号，如 --units 3-2-1501,3-2-1502；要生成全部房屋，不给 --units。', en: 'List the units, e.g. --units 3-2-1501,3-2-1502; for every unit, leave --units out.' },
    );
  }
  // Every unit of that code: two projects may have a 1-1-101 each.
  const byKey = new Map<string, RegisterUnit[]>();
  for (const u of units) byKey.set(u.unitKey, [...(byKey.get(u.unitKey) ?? []), u]);
  const unknown: string[] = [];
  const picked: RegisterUnit[] = [];
  for (const w of wanted) {
    const key = normaliseUnitCode(w) ?? w;
    const us = byKey.get(key);
    if (us) picked.push(...us.filter((u) => !picked.includes(u)));
    else unknown.push(w);
  }
  if (unknown.length) {
    throw new UserError(
      { zh: `台账中没有这些房号：${unknown.join('、')}`, en: `These units are not in the register: ${unknown.join(', ')}` },
      {},
      { zh: '房号可写作 3-2-1501 或 3栋2单元1501，用逗号分隔。', en: 'Write units as 3-2-1501 or 3栋2单元1501, separated by commas.' },
    );
  }
  return picked;
}

export interface TitleSearchRun {
  lines: TitleSearchSummaryLine[];
  layouts: SheetLayout[];
  issues: Issue[];
  /**
   * With `searches`: the sheets written (by name) whose 制表 / 审核 / 日期 were carried from the
   * workbook read, and those whose block was not, the sheet read being under an active signature.
   */
  signatures?: { kept: string[]; signed: string[] };
  /** Written onto the --out of an earlier run (no --searches): how many of its per-unit sheets were filled in and read back. */
  readBack?: number;
}

/** The name of a workbook's 查册汇总: the one written now, else the other language's (Title search summary), else none. */
function summaryIn(sheets: ReadonlyMap<string, Grid>, name: string, d: SheetDescription): string | undefined {
  return [name, d.name.zh, d.name.en].find((n) => sheets.has(n));
}

/**
 * `allUnits`: the whole register, when `units` is a choice from it (sheet names look at every project's unit codes).
 * `searches`: the workbook the records were read from; what was typed in the signature block of each
 * unit's sheet (the one its search was read from) and of the summary is put back, as the add-in keeps it
 * (domain/sheets/carryOver) — not from a sheet under an active signature, whose block signing filled in.
 */
export function buildTitleSearchSheets(
  units: readonly RegisterUnit[],
  records: readonly TitleSearchRecord[],
  opts: { lang?: Lang; registerSheet?: string; titleSearchDateColumn?: string; titleSearchDateHeader?: string; allUnits?: readonly RegisterUnit[]; searches?: Omit<SearchesWorkbook, 'records'>; today?: string } = {},
): TitleSearchRun {
  const lang = opts.lang ?? 'zh';
  // A 查册日期 after today is in the future (Asia/Shanghai today unless given, as anjie validate --today).
  const lines = checkTitleSearches(units, records, { registerSheet: opts.registerSheet, titleSearchDateColumn: opts.titleSearchDateColumn, titleSearchDateHeader: opts.titleSearchDateHeader, today: opts.today ?? parseDateOption('--today', undefined) });
  const perUnit = loadSheetDescription('title-search');
  const summaryDescription = loadSheetDescription('title-search-summary');
  const summary = titleSearchSummarySheet(lines, summaryDescription, { lang });
  // A unit code two projects share gets the project in front, except on the sheet that already had the plain name.
  const names = titleSearchSheetNames(opts.allUnits ?? units, new Map(records.filter((r) => r.sheet).map((r) => [r.sheet!, r.project ?? null])));
  const sheets = lines.map((l) => ({ layout: titleSearchSheet(l.unit, l.record, perUnit, { lang, sheetName: names.get(l.unit) }), from: l.record?.sheet }));
  let signatures: TitleSearchRun['signatures'];
  if (opts.searches) {
    const { sheets: grids, signed } = opts.searches;
    const carried = { kept: [] as string[], signed: [] as string[] };
    const keep = (layout: SheetLayout, d: SheetDescription, from: string | undefined) => {
      const grid = from === undefined ? undefined : grids.get(from);
      if (!grid) return;
      // Neither sheet has a row identity: only the signature block is carried.
      const plan = planCarry(d, layout, grid, null, { signed: signed.has(from!) });
      for (const c of plan.cells) layout.values[c.row][c.col] = c.value;
      const block = plan.report?.signature;
      if (block) (block.kept ? carried.kept : carried.signed).push(layout.name);
    };
    // A workbook written with the other --lang has its summary under that language's name.
    keep(summary, summaryDescription, summaryIn(grids, summary.name, summaryDescription));
    for (const s of sheets) keep(s.layout, perUnit, s.from);
    signatures = carried;
  }
  const layouts = [summary, ...sheets.map((s) => s.layout)];
  return { lines, layouts, issues: lines.flatMap((l) => l.issues), ...(signatures ? { signatures } : {}) };
}

export async function writeTitleSearch(register: string, out: string, opts: { units?: string; searches?: string; lang?: Lang; force?: boolean; today?: string } = {}): Promise<TitleSearchRun> {
  const { units, sheet } = await readRegister(register);
  // An empty 查册汇总 of "0 户" is no title search: a blank register is told to fill in its units.
  if (!units.length) throw noUnitsError({ zh: '未生成查册表', en: 'No title-search sheet was written' }, register, sheet);
  const picked = selectUnits(units, opts.units);
  let searches = opts.searches ? await readSearches(opts.searches) : null;
  // Written onto a title-search workbook written before, without --searches: what the desk filled in there (查册日期, 结论, 权利限制, 制表/审核) is read back and written anew, as with --searches; the add-in keeps a sheet that exists as filled in.
  const again = !searches && (await existingOutput(out, [register]));
  if (again) {
    await assertNotSigned(out, opts.force ?? false);
    searches = await readSearches(out);
  }
  const run = buildTitleSearchSheets(picked, searches?.records ?? [], { lang: opts.lang, registerSheet: sheet.sheet, titleSearchDateColumn: sheet.columns.titleSearchDate, titleSearchDateHeader: sheet.headers.titleSearchDate, allUnits: units, searches: searches ?? undefined, today: opts.today });
  if (again && searches) {
    checkNothingLost(out, searches, run);
    run.readBack = run.lines.filter((l) => l.record && typed(l.record)).length;
  } else if (opts.searches && (await existingOutput(out, [register, opts.searches]))) {
    // With --searches onto another file that exists: it is written anew from the searches, so what the desk filled in there differently would be lost.
    await assertNotSigned(out, opts.force ?? false);
    checkOutputKept(out, opts.searches, await readSearches(out), run, units, opts.force ?? false);
  }
  await writeWorkbook(out, run.layouts, { inputs: [register, ...(opts.searches ? [opts.searches] : [])], force: opts.force });
  return run;
}

/** Whether anything was filled in on a per-unit sheet (beyond what Anjie prefills). */
function typed(r: TitleSearchRecord): boolean {
  return Boolean(r.searchDate || r.searchDateText || r.conclusion || r.encumbrances.length || r.searcher || r.reviewer || r.remarks);
}

/**
 * Writing --out anew loses nothing of it: each per-unit sheet filled in is written again (its unit is
 * among those written), the summary is Anjie's, and the file has no other sheet (the person's own);
 * else the run is refused and the file left as it was.
 */
function checkNothingLost(out: string, searches: SearchesWorkbook, run: TitleSearchRun): void {
  const used = new Set(run.lines.map((l) => l.record).filter((r) => r !== null));
  const left = searches.records.filter((r) => !used.has(r) && typed(r));
  if (left.length) {
    const names = left.map((r) => r.sheet ?? r.unitKey);
    throw new UserError(
      {
        zh: `--out 文件中已填写的查册表 ${few(names, 'zh')} 不在本次生成的房号之内，重新生成会丢失其中的填写，已停止，文件未作任何改动`,
        en: `The filled-in title-search sheets ${few(names, 'en')} in the --out file are not among the units written this time; writing the file anew would lose what was filled in, so nothing was written`,
      },
      { file: path.basename(out) },
      { zh: '用 --units 包括这些房号，或换一个 --out 文件', en: 'include those units with --units, or give another --out file' },
    );
  }
  const mine = new Set(searches.records.map((r) => r.sheet?.toLowerCase()));
  const summary = loadSheetDescription('title-search-summary');
  for (const [name, grid] of searches.sheets) {
    if (mine.has(name.toLowerCase()) || name === RECORD_SHEET || isGeneratedSheet(summary, grid)) continue;
    refuse(out, name);
  }
}

/** What was filled in on a per-unit sheet, to compare two sheets of one unit (an amount as its digits). */
function entered(r: TitleSearchRecord): string {
  const { searchDate, searchDateText, conclusion, searcher, reviewer, remarks } = r;
  const encumbrances = r.encumbrances.map((e) => [e.type, e.holder, e.amount?.toString() ?? null, e.amountText ?? null, e.registrationNo, e.date]);
  return JSON.stringify([searchDate, searchDateText ?? null, conclusion, searcher, reviewer, remarks, encumbrances]);
}

/**
 * With --searches, onto an --out that exists and is another file: what is filled in there (a per-unit
 * sheet, a signature block) is kept only where the searches hold the same; a sheet filled in otherwise
 * or for a unit not written would be lost, so the run is refused (unless --force), the file left as it
 * was. A sheet not written for this command (the person's own) is refused even with --force, as without --searches.
 */
function checkOutputKept(out: string, searches: string, old: SearchesWorkbook, run: TitleSearchRun, allUnits: readonly RegisterUnit[], force: boolean): void {
  const mine = new Set(old.records.map((r) => r.sheet?.toLowerCase()));
  const summary = loadSheetDescription('title-search-summary');
  for (const [name, grid] of old.sheets) {
    if (mine.has(name.toLowerCase()) || name === RECORD_SHEET || isGeneratedSheet(summary, grid)) continue;
    refuse(out, name);
  }
  if (force) return;
  const written = new Map(run.lines.map((l) => [l.unit, l.record]));
  const units = [...recordsByUnit(allUnits, old.records)];
  const lost = old.records.filter((r) => {
    if (!typed(r)) return false;
    const unit = units.find(([, x]) => x === r)?.[0];
    const now = unit ? written.get(unit) : undefined;
    return !now || entered(now) !== entered(r);
  }).map((r) => r.sheet ?? r.unitKey);
  // A signature block typed on the file and not the same on the sheet written.
  const perUnit = loadSheetDescription('title-search');
  for (const [i, layout] of run.layouts.entries()) {
    const grid = old.sheets.get(i === 0 ? (summaryIn(old.sheets, layout.name, summary) ?? '') : layout.name);
    if (!grid || lost.includes(layout.name)) continue;
    const plan = planCarry(i === 0 ? summary : perUnit, layout, grid, null);
    if (plan.cells.some((c) => String(readBack(layout.values[c.row][c.col])).trim() !== String(c.value).trim())) lost.push(layout.name);
  }
  if (!lost.length) return;
  throw new UserError(
    {
      zh: `--out 文件中已填写的 ${few(lost, 'zh')} 与 --searches 文件 ${path.basename(searches)} 中的不同（或不在其中），按 --searches 重新生成会丢失 --out 中的这些填写，已停止，文件未作任何改动`,
      en: `What was filled in on ${few(lost, 'en')} in the --out file differs from (or is not in) the --searches file ${path.basename(searches)}; writing the --out file anew from the searches would lose it, so nothing was written`,
    },
    { file: path.basename(out) },
    {
      zh: '要接着用 --out 文件，不给 --searches（会读回其中的填写）；或换一个 --out 文件；确定不要 --out 中的这些填写，加 --force',
      en: 'to go on with the --out file, leave out --searches (what was filled in there is read back); or give another --out file; to discard what was filled in there, add --force',
    },
  );
}

/** Up to 10 sheet names, then how many in all (as the add-in's pane lists them): a project's worth would fill the screen. */
function few(names: readonly string[], lang: Lang): string {
  const shown = names.slice(0, 10).join(lang === 'zh' ? '、' : ', ');
  if (names.length <= 10) return shown;
  return lang === 'zh' ? `${shown} 等 ${names.length} 张` : `${shown} and others, ${names.length} in all`;
}

export function registerTitleSearch(program: Command): void {
  program
    .command('title-search')
    .description('生成每户查册表和查册汇总，并检查查册结果 / write per-unit title-search sheets and the summary, and check the searches')
    .requiredOption('--register <file>', '按揭台账 .xlsx / the register .xlsx')
    .option('--units <codes>', '只生成这些房号，逗号分隔，如 3-2-1501,3-2-1502 / only these units, comma-separated')
    .option('--searches <file>', '已填写的查册表 .xlsx，读回并校验 / a filled-in title-search workbook to read back and check')
    .requiredOption('--out <file>', '输出的 .xlsx 文件（已存在且未给 --searches 时，读回其中已填写的查册表）/ the .xlsx file to write (if it exists and --searches is not given, its filled-in title searches are read back)')
    .option('--lang <lang>', '表头语言 zh 或 en / header language, zh or en', 'zh')
    .option('--force', '覆盖已签核的文件；用 --searches 时也覆盖 --out 中与之不同的填写 / overwrite a signed workbook; with --searches, also what was filled in on --out differently')
    .option('--today <date>', '以此日期判断查册日期是否在未来（默认上海今天）/ date used for a search date "in the future" (default: today in Shanghai)')
    .action(async (opts: { register: string; units?: string; searches?: string; out: string; lang: string; force?: boolean; today?: string }) => {
      const today = parseDateOption('--today', opts.today);
      const run = await writeTitleSearch(opts.register, opts.out, { units: opts.units, searches: opts.searches, lang: parseLang(opts.lang), force: opts.force, today });
      for (const i of run.issues) process.stdout.write(`${formatIssue(i)}\n`);
      const n = (s: string) => run.lines.filter((l) => l.status === s).length;
      process.stdout.write(
        `${run.lines.length} 户：已查 ${n('done')}，结论异常 ${n('abnormal')}，有问题 ${n('problems')}，应查未查 ${n('missing')}，未查 ${n('notYet')} / ${run.lines.length} units: ${n('done')} done, ${n('abnormal')} abnormal, ${n('problems')} with problems, ${n('missing')} missing, ${n('notYet')} not yet due\n`,
      );
      const { kept = [], signed = [] } = run.signatures ?? {};
      if (kept.length) process.stdout.write(`沿用了签字栏（制表/审核/日期）：${few(kept, 'zh')} / signature block (制表/审核/日期) kept on: ${few(kept, 'en')}\n`);
      if (signed.length) process.stdout.write(`原表已签核，签字栏未沿用：${few(signed, 'zh')} / signed, so the signature block was not carried: ${few(signed, 'en')}\n`);
      if (run.readBack) process.stdout.write(`读回了 --out 中已填写的查册表 ${run.readBack} 张，按所填内容重新写出 / read back ${run.readBack} filled-in title-search sheet(s) from --out and wrote them anew\n`);
      process.stdout.write(`已生成 / written: ${opts.out}\n`);
    });
}
