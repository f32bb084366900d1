import * as path from 'node:path';
import type { Command } from 'commander';
import ExcelJS from 'exceljs';
import type { Issue } from '../../domain/issues';
import type { RegisterUnit } from '../../domain/register';
import type { Lang } from '../../domain/sheets/description';
import type { SheetLayout } from '../../domain/sheets/layout';
import {
  checkTitleSearches,
  readTitleSearchSheet,
  titleSearchSheet,
  titleSearchSheetNames,
  titleSearchSummarySheet,
  type TitleSearchRecord,
  type TitleSearchSummaryLine,
} from '../../domain/titleSearch';
import { normaliseUnitCode } from '../../domain/units';
import { UserError } from '../errors';
import { plainCell, readRegister } from '../read/register';
import { parseLang } from '../render/options';
import { loadSheetDescription } from '../render/templates';
import { writeWorkbook } from '../render/workbook';
import { formatIssue } from './validate';
import { withBooleanDate1904 } from '../io/date1904';

/** Reads back the per-unit sheets of a filled-in title-search workbook. */
export async function readTitleSearchWorkbook(file: string): Promise<TitleSearchRecord[]> {
  const desc = loadSheetDescription('title-search');
  const wb = new ExcelJS.Workbook();
  try {
    await withBooleanDate1904(() => wb.xlsx.readFile(file));
  } catch (err) {
    throw new UserError({ zh: `无法打开查册文件：${(err as Error).message}`, en: `Cannot open the title-search workbook: ${(err as Error).message}` }, { file: path.basename(file) });
  }
  const out: TitleSearchRecord[] = [];
  for (const ws of wb.worksheets) {
    const grid: unknown[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row: unknown[] = [];
      for (let c = 1; c <= Math.max(ws.columnCount, desc.columns.length); c++) row.push(plainCell(ws.getCell(r, c).value));
      grid.push(row);
    }
    const rec = readTitleSearchSheet(ws.name, grid, desc);
    if (rec) out.push(rec);
  }
  return out;
}

/** Picks units by code (any spelling: 3栋2单元1501, 3-2-1501 …); unknown codes are a UserError. */
export function selectUnits(units: readonly RegisterUnit[], codes: string | undefined): RegisterUnit[] {
  if (!codes) return [...units];
  const wanted = codes.split(/[,，;；\s]+/).filter(Boolean);
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
}

/** `allUnits`: the whole register, when `units` is a choice from it (sheet names look at every project's unit codes). */
export function buildTitleSearchSheets(units: readonly RegisterUnit[], records: readonly TitleSearchRecord[], opts: { lang?: Lang; registerSheet?: string; titleSearchDateColumn?: string; allUnits?: readonly RegisterUnit[] } = {}): TitleSearchRun {
  const lang = opts.lang ?? 'zh';
  const lines = checkTitleSearches(units, records, { registerSheet: opts.registerSheet, titleSearchDateColumn: opts.titleSearchDateColumn });
  const perUnit = loadSheetDescription('title-search');
  const summary = titleSearchSummarySheet(lines, loadSheetDescription('title-search-summary'), { lang });
  // A unit code two projects share gets the project in front, except on the sheet that already had the plain name.
  const names = titleSearchSheetNames(opts.allUnits ?? units, new Map(records.filter((r) => r.sheet).map((r) => [r.sheet!, r.project ?? null])));
  const layouts = [summary, ...lines.map((l) => titleSearchSheet(l.unit, l.record, perUnit, { lang, sheetName: names.get(l.unit) }))];
  return { lines, layouts, issues: lines.flatMap((l) => l.issues) };
}

export async function writeTitleSearch(register: string, out: string, opts: { units?: string; searches?: string; lang?: Lang; force?: boolean } = {}): Promise<TitleSearchRun> {
  const { units, sheet } = await readRegister(register);
  const picked = selectUnits(units, opts.units);
  const records = opts.searches ? await readTitleSearchWorkbook(opts.searches) : [];
  const run = buildTitleSearchSheets(picked, records, { lang: opts.lang, registerSheet: sheet.sheet, titleSearchDateColumn: sheet.columns.titleSearchDate, allUnits: units });
  await writeWorkbook(out, run.layouts, { inputs: [register, ...(opts.searches ? [opts.searches] : [])], force: opts.force });
  return run;
}

export function registerTitleSearch(program: Command): void {
  program
    .command('title-search')
    .description('生成每户查册表和查册汇总，并检查查册结果 / write per-unit title-search sheets and the summary, and check the searches')
    .requiredOption('--register <file>', '按揭台账 .xlsx / the register .xlsx')
    .option('--units <codes>', '只生成这些房号，逗号分隔，如 3-2-1501,3-2-1502 / only these units, comma-separated')
    .option('--searches <file>', '已填写的查册表 .xlsx，读回并校验 / a filled-in title-search workbook to read back and check')
    .requiredOption('--out <file>', '输出的 .xlsx 文件 / the .xlsx file to write')
    .option('--lang <lang>', '表头语言 zh 或 en / header language, zh or en', 'zh')
    .option('--force', '覆盖已签核的文件 / overwrite a signed workbook')
    .action(async (opts: { register: string; units?: string; searches?: string; out: string; lang: string; force?: boolean }) => {
      const run = await writeTitleSearch(opts.register, opts.out, { units: opts.units, searches: opts.searches, lang: parseLang(opts.lang), force: opts.force });
      for (const i of run.issues) process.stdout.write(`${formatIssue(i)}\n`);
      const n = (s: string) => run.lines.filter((l) => l.status === s).length;
      process.stdout.write(
        `${run.lines.length} 户：已查 ${n('done')}，结论异常 ${n('abnormal')}，有问题 ${n('problems')}，应查未查 ${n('missing')}，未查 ${n('notYet')} / ${run.lines.length} units: ${n('done')} done, ${n('abnormal')} abnormal, ${n('problems')} with problems, ${n('missing')} missing, ${n('notYet')} not yet due\n已生成 / written: ${opts.out}\n`,
      );
    });
}
