/** 查册: per-unit title-search sheets and the 查册汇总 summary, and validation of completed sheets. */
import type { Issue } from '../../domain/issues';
import { sortIssues } from '../../domain/issues';
import type { RegisterUnit } from '../../domain/register';
import type { Lang } from '../../domain/sheets/description';
import { carryNotice } from '../../domain/sheets/carryOver';
import { cleanSheetName } from '../../domain/sheets/layoutSheet';
import type { Bilingual } from '../../domain/text';
import { currentStage, stageDef, STAGES, type StageKey } from '../../domain/stages';
import {
  checkTitleSearches,
  readTitleSearchSheet,
  titleSearchSheet,
  TS_LABELS,
  titleSearchSheetNames,
  titleSearchSummarySheet,
  type TitleSearchRecord,
} from '../../domain/titleSearch/index';
import type { RunControl } from '../excel/requests';
import { readSheets, selectedRows, sheetsLabelled } from '../excel/sheets';
import { writeLayout, writeNewSheets } from '../excel/writeLayout';
import { highlightIssues } from '../excel/highlight';
import { AddinError, throwIfAborted } from '../excel/errors';
import type { ExcelHost } from '../excel/host';
import { loadRegister, today, type LoadedRegister } from './actions';
import { registerColumn } from './register';
import { refuseSignedOverwrite, signedGuard } from './signedGuard';
import { sheetDescription } from './templates';

export interface TitleSearchResult {
  /** Units in scope. */
  units: number;
  /** Per-unit sheets created now; those that already existed are kept as filled in. */
  created: string[];
  kept: string[];
  summary: string;
  syncs: number;
  /** About what was typed into the summary replaced (its signature block). */
  notices: Bilingual[];
}

export type TitleScope = { kind: 'selected' } | { kind: 'stage'; stage: StageKey };

const ORDER = new Map(STAGES.map((s) => [s.key, s.order]));

/** Units in scope: the register rows selected in Excel, or every unit at or past a stage. */
export async function unitsInScope(host: ExcelHost, reg: LoadedRegister, scope: TitleScope): Promise<RegisterUnit[]> {
  if (scope.kind === 'stage') {
    const min = ORDER.get(scope.stage) ?? 0;
    return reg.units.filter((u) => {
      const s = currentStage(u.stages);
      return s !== null && (ORDER.get(s) ?? 0) >= min;
    });
  }
  const first = reg.data.firstDataRow - 1; // 0-based
  const sel = await selectedRows(host, reg.data.location.sheet, { from: first, to: first + reg.data.rows.length - 1 });
  if (!sel) {
    throw new AddinError({
      zh: `请先在台账工作表“${reg.data.location.sheet}”中选中要查册的行，然后重试。`,
      en: `Select the rows to search in the register sheet "${reg.data.location.sheet}" first, then try again.`,
    });
  }
  // Excel rows are 1-based; the selection is 0-based.
  const rows = new Set(sel);
  return reg.units.filter((u) => u.source && rows.has(u.source.row - 1));
}

/**
 * Every per-unit sheet of `units`, read back, found as `anjie title-search --searches` finds them:
 * by the 房号 on the sheet, whatever its name — the unit code, "<项目> <code>" for a code two
 * projects share, a copy for a re-search ("1-1-201 (2)") or one renamed by hand. Which unit a
 * sheet is for is told by the 房号 and 项目 it names, and of a unit's several sheets the later
 * 查册日期 is its search (recordsByUnit). The register's own sheet is not looked into.
 */
async function readRecords(host: ExcelHost, units: readonly RegisterUnit[], date1904: boolean, registerSheet: string): Promise<TitleSearchRecord[]> {
  const description = sheetDescription('title-search');
  const names = await sheetsLabelled(host, [TS_LABELS.unitKey.zh, TS_LABELS.unitKey.en], [registerSheet]);
  const keys = new Set(units.map((u) => u.unitKey));
  const records: TitleSearchRecord[] = [];
  for (const [name, grid] of await readSheets(host, names)) {
    const r = readTitleSearchSheet(name, grid, description, { date1904 });
    if (r && keys.has(r.unitKey)) records.push({ ...r, sheet: name });
  }
  return records;
}

/**
 * The names the per-unit sheets of `units` get. Only where two projects share a unit code is the
 * workbook asked (one read, of those few plain-named sheets): the project whose sheet already has
 * the plain name keeps it.
 */
async function sheetNames(host: ExcelHost, units: readonly RegisterUnit[]): Promise<Map<RegisterUnit, string>> {
  const projects = new Map<string, Set<string>>();
  for (const u of units) {
    const k = cleanSheetName(u.unitKey).toLowerCase();
    projects.set(k, (projects.get(k) ?? new Set<string>()).add(u.project));
  }
  const shared = [...new Set(units.filter((u) => (projects.get(cleanSheetName(u.unitKey).toLowerCase())?.size ?? 0) > 1).map((u) => cleanSheetName(u.unitKey)))];
  const existing = new Map<string, string | null>();
  if (shared.length) {
    const description = sheetDescription('title-search');
    for (const [name, grid] of await readSheets(host, shared)) existing.set(name, readTitleSearchSheet(name, grid, description)?.project ?? null);
  }
  return titleSearchSheetNames(units, existing);
}

export async function createTitleSearch(
  host: ExcelHost,
  opts: { scope: TitleScope; lang: Lang; overwriteSigned?: boolean },
  control: RunControl = {},
): Promise<TitleSearchResult> {
  const reg = await loadRegister(host, { signal: control.signal });
  const units = await unitsInScope(host, reg, opts.scope);
  if (units.length === 0) {
    // Say which choice found nothing and what to change: the header row selected, or a stage no unit has reached.
    const sheet = reg.data.location.sheet;
    const stage = opts.scope.kind === 'stage' ? stageDef(opts.scope.stage) : undefined;
    throw new AddinError(
      stage
        ? { zh: `没有已到“${stage.name.zh}”阶段的房屋，未创建查册表。可改选较早的阶段。`, en: `No unit has reached "${stage.name.en}"; no title-search sheet was created. Choose an earlier stage.` }
        : {
            zh: `选中的行里没有房屋（可能只选了表头或空行），未创建查册表。请在台账工作表“${sheet}”中选中房屋所在的行，然后重试。`,
            en: `The selected rows hold no unit (only the header or empty rows?); no title-search sheet was created. Select the units' rows in the register sheet "${sheet}", then try again.`,
          },
      'not-found',
    );
  }
  throwIfAborted(control.signal);
  // Per-unit sheets that exist are kept (never rewritten); the summary is rewritten: refuse
  // before writing anything when it is signed.
  const summaryDescription = sheetDescription('title-search-summary');
  const summaryName = titleSearchSummarySheet([], summaryDescription, { lang: opts.lang }).name;
  await refuseSignedOverwrite(host, [summaryName], opts.overwriteSigned);
  throwIfAborted(control.signal);
  const description = sheetDescription('title-search');
  // Named with the whole register in view: a code another project shares is qualified even when only one of them is searched now.
  const names = await sheetNames(host, reg.units);
  const layouts = units.map((u) => titleSearchSheet(u, null, description, { lang: opts.lang, sheetName: names.get(u) }));
  const date1904 = reg.data.date1904;
  const w = await writeNewSheets(host, layouts, { ...control, date1904 });
  const records = await readRecords(host, units, date1904, reg.data.location.sheet);
  const lines = checkTitleSearches(units, records, { registerSheet: reg.data.location.sheet });
  const summary = titleSearchSummarySheet(lines, summaryDescription, { lang: opts.lang, asOf: today() });
  // The names typed into its signature block stay (not those of a signature being overwritten).
  const r = await writeLayout(host, summary, { signal: control.signal, activate: true, keepInputs: summaryDescription, guard: opts.overwriteSigned ? signedGuard([summaryName], true) : undefined, date1904 });
  const notice = carryNotice(r.sheet, summaryDescription, r.inputs ?? null);
  return { units: units.length, created: w.written, kept: w.skipped, summary: summary.name, syncs: w.syncs + r.syncs, notices: notice ? [notice] : [] };
}

/** 校验查册表: every completed per-unit sheet checked against the register; issues highlighted. */
export async function validateTitleSearch(host: ExcelHost, lang: Lang, control: RunControl = {}): Promise<{ issues: Issue[]; sheets: number; locked: string[] }> {
  const reg = await loadRegister(host, { signal: control.signal });
  const records = await readRecords(host, reg.units, reg.data.date1904, reg.data.location.sheet);
  throwIfAborted(control.signal);
  // Found as the register reader finds it (spaces, brackets and a * ignored), so the mark lands on its cell.
  const lines = checkTitleSearches(reg.units, records, {
    registerSheet: reg.data.location.sheet,
    titleSearchDateColumn: registerColumn(reg.data.location, 'titleSearchDate'),
  });
  const issues = sortIssues(lines.flatMap((l) => l.issues));
  const { locked } = await highlightIssues(host, issues, lang, 'titleSearch');
  return { issues, sheets: records.length, locked };
}
