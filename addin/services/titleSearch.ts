/** 查册: per-unit title-search sheets and the 查册汇总 summary, and validation of completed sheets. */
import type { Issue } from '../../domain/issues';
import { sortIssues } from '../../domain/issues';
import type { RegisterUnit } from '../../domain/register';
import type { Lang } from '../../domain/sheets/description';
import { besideNotice, carryNotice } from '../../domain/sheets/carryOver';
import { cleanSheetName } from '../../domain/sheets/layoutSheet';
import type { Bilingual } from '../../domain/text';
import { currentStage, stageDef, STAGES, type StageKey } from '../../domain/stages';
import {
  checkTitleSearches,
  readTitleSearchSheet,
  titleSearchSheet,
  TS_LABELS,
  upgradedTitleSearchSheet,
  titleSearchSheetNames,
  titleSearchSummarySheet,
  type TitleSearchRecord,
} from '../../domain/titleSearch/index';
import type { RunControl } from '../excel/requests';
import { readSheets, selectedRows, sheetsLabelled } from '../excel/sheets';
import { writeLayout, writeNewSheets } from '../excel/writeLayout';
import { highlightIssues } from '../excel/highlight';
import { AddinError, throwIfAborted } from '../excel/errors';
import type { ExcelScalar } from '../excel/cells';
import type { ExcelHost } from '../excel/host';
import type { SheetLayout } from '../../domain/sheets/layout';
import { loadRegister, today, type LoadedRegister } from './actions';
import { noUnitsError, registerColumn, unreadMergesRefusal } from './register';
import { refuseSignedOverwrite, signedGuard, signedSheets, signedSheetsIn } from './signedGuard';
import { sheetDescription } from './templates';
import { keptLanguageNotice, sheetLanguage } from './sheetLanguage';

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
  /** Sheets of the old layout left as they are because signed: the pane offers 覆盖已签核 for them. */
  signedOld: string[];
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
  return (await readUnitSheets(host, units, date1904, registerSheet)).map((s) => s.record);
}

/** readRecords, with each sheet's grid (to rewrite an old one from). */
async function readUnitSheets(host: ExcelHost, units: readonly RegisterUnit[], date1904: boolean, registerSheet: string): Promise<{ record: TitleSearchRecord; grid: ExcelScalar[][] }[]> {
  const description = sheetDescription('title-search');
  const names = await sheetsLabelled(host, [TS_LABELS.unitKey.zh, TS_LABELS.unitKey.en], [registerSheet]);
  const keys = new Set(units.map((u) => u.unitKey));
  const out: { record: TitleSearchRecord; grid: ExcelScalar[][] }[] = [];
  for (const [name, grid] of await readSheets(host, names)) {
    const r = readTitleSearchSheet(name, grid, description, { date1904 });
    if (r && keys.has(r.unitKey)) out.push({ record: { ...r, sheet: name }, grid });
  }
  return out;
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
  const unread = unreadMergesRefusal(reg.unreadMerges, reg.data.location.sheet, { zh: '未创建查册表', en: 'No title-search sheet was created' });
  if (unread) throw unread;
  // Not "choose an earlier stage" or "select the units' rows": the register has none yet.
  if (!reg.units.length) throw noUnitsError({ zh: '未创建查册表，工作簿未作改动', en: 'No title-search sheet was created; the workbook was not changed' }, reg.data.location.sheet, reg.rows);
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
  // Per-unit sheets that exist are kept (one of the old 5-row layout rewritten, its values kept); the summary is rewritten: refuse
  // before writing anything when it is signed.
  const summaryDescription = sheetDescription('title-search-summary');
  // The summary (and the per-unit sheets created with it) stay in the language the workbook's summary was written in.
  const language = await sheetLanguage(host, [{ name: summaryDescription.name, description: summaryDescription }], opts.lang, reg.data.location.workbookSheets);
  throwIfAborted(control.signal);
  const lang = language.lang;
  const summaryName = titleSearchSummarySheet([], summaryDescription, { lang }).name;
  await refuseSignedOverwrite(host, [summaryName], opts.overwriteSigned);
  throwIfAborted(control.signal);
  const description = sheetDescription('title-search');
  // Named with the whole register in view: a code another project shares is qualified even when only one of them is searched now.
  const names = await sheetNames(host, reg.units);
  const layouts = units.map((u) => titleSearchSheet(u, null, description, { lang, sheetName: names.get(u) }));
  const date1904 = reg.data.date1904;
  const w = await writeNewSheets(host, layouts, { ...control, date1904 });
  const read = await readUnitSheets(host, units, date1904, reg.data.location.sheet);
  const upgrade = await upgradeOldSheets(host, units, read, { date1904, overwriteSigned: opts.overwriteSigned, signal: control.signal });
  // Read again only when a sheet was rewritten (its rows moved; its values did not).
  const records = upgrade.rewritten ? await readRecords(host, units, date1904, reg.data.location.sheet) : read.map((x) => x.record);
  const lines = checkTitleSearches(units, records, { registerSheet: reg.data.location.sheet, today: today() });
  const summary = titleSearchSummarySheet(lines, summaryDescription, { lang, asOf: today() });
  // The names typed into its signature block stay (not those of a signature being overwritten).
  const r = await writeLayout(host, summary, { signal: control.signal, activate: true, keepInputs: summaryDescription, signedIn: signedSheetsIn, overwriteSigned: opts.overwriteSigned, guard: opts.overwriteSigned ? signedGuard([summaryName], true) : undefined, date1904 });
  const notice = carryNotice(r.sheet, summaryDescription, r.inputs ?? null);
  const beside = r.besideOf ? besideNotice(summary.name, r.besideOf, r.sheet) : null;
  return { units: units.length, created: w.written, kept: w.skipped, summary: r.sheet, syncs: w.syncs + upgrade.syncs + r.syncs, notices: [...(language.kept.length ? [keptLanguageNotice(language.kept, lang)] : []), ...upgrade.notices, ...(beside ? [beside] : []), ...(notice ? [notice] : [])], signedOld: upgrade.left };
}

/**
 * The per-unit sheets of `units` of an older layout (5 rows for 权利限制, as the add-in wrote them
 * before there were 12) — the one named for the unit and any copy of it — rewritten in the current
 * one from what is on them, every filled value kept and protected as before (domain
 * upgradedTitleSearchSheet): protected, such a sheet could never take a sixth encumbrance. A signed
 * one is left as it is unless the person chose to overwrite signed sheets; the pane says which were
 * rewritten and which were not.
 */
async function upgradeOldSheets(
  host: ExcelHost,
  units: readonly RegisterUnit[],
  sheets: readonly { record: TitleSearchRecord; grid: ExcelScalar[][] }[],
  opts: { date1904: boolean; overwriteSigned?: boolean; signal?: AbortSignal },
): Promise<{ notices: Bilingual[]; syncs: number; rewritten: number; left: string[] }> {
  const upgrade = (keepSignature: boolean) => oldLayoutSheets(units, sheets, { date1904: opts.date1904, keepSignature });
  const layouts = upgrade(true);
  if (!layouts.length) return { notices: [], syncs: 0, rewritten: 0, left: [] };
  const signed = new Set(await signedSheets(host, layouts.map((l) => l.name)));
  // A signed sheet overwritten starts with an empty signature block, as every sheet Anjie regenerates does.
  const unsigned = signed.size && opts.overwriteSigned ? new Map(upgrade(false).map((l) => [l.name, l])) : null;
  let syncs = 1;
  const done: string[] = [];
  for (const layout of layouts) {
    if (signed.has(layout.name) && !opts.overwriteSigned) continue;
    throwIfAborted(opts.signal);
    const write = signed.has(layout.name) ? (unsigned?.get(layout.name) ?? layout) : layout;
    syncs += (await writeLayout(host, write, { signal: opts.signal, date1904: opts.date1904 })).syncs;
    done.push(layout.name);
  }
  const notices: Bilingual[] = [];
  if (done.length) {
    notices.push({
      zh: `权利限制行数不够的旧版查册表已按现行格式重写（所填内容不变）：${few(done, 'zh')}`,
      en: `Title-search sheets of the old layout, with too few rows for encumbrances, were rewritten in the current one (every filled value kept): ${few(done, 'en')}`,
    });
  }
  const left = opts.overwriteSigned ? [] : layouts.filter((l) => signed.has(l.name)).map((l) => l.name);
  if (left.length) {
    notices.push({
      zh: `以下旧版查册表已签核，未重写，权利限制仍只有 5 行；如需更多行，请勾选“覆盖已签核”后再生成：${few(left, 'zh')}`,
      en: `These title-search sheets of the old layout are signed and were not rewritten, so they still have 5 rows for encumbrances; to get more, tick "Overwrite signed" and create again: ${few(left, 'en')}`,
    });
  }
  return { notices, syncs, rewritten: done.length, left };
}

/**
 * The sheets among `sheets` of an older layout (fewer than 12 rows for 权利限制), each as 创建查册表
 * rewrites it (domain upgradedTitleSearchSheet): one layout per sheet of a unit of `units`.
 */
function oldLayoutSheets(
  units: readonly RegisterUnit[],
  sheets: readonly { record: TitleSearchRecord; grid: ExcelScalar[][] }[],
  opts: { date1904: boolean; keepSignature: boolean },
): SheetLayout[] {
  const description = sheetDescription('title-search');
  return sheets.flatMap(({ record, grid }) => {
    // The unit the sheet names (a sheet naming no 项目 where two projects share the code is nobody's to rewrite).
    const of = units.filter((u) => u.unitKey === record.unitKey && (!record.project || record.project === u.project));
    const layout = of.length === 1 ? upgradedTitleSearchSheet(of[0], record.sheet!, grid, description, opts) : null;
    return layout ? [layout] : [];
  });
}

/** Up to 10 sheet names, then how many in all: a project's worth would fill the pane. */
function few(names: readonly string[], lang: Lang): string {
  const shown = names.slice(0, 10).join(lang === 'zh' ? '、' : ', ');
  if (names.length <= 10) return shown;
  return lang === 'zh' ? `${shown} 等 ${names.length} 张` : `${shown} and others, ${names.length} in all`;
}

/** 校验查册表: every completed per-unit sheet checked against the register; issues highlighted. */
export async function validateTitleSearch(host: ExcelHost, lang: Lang, control: RunControl = {}): Promise<{ issues: Issue[]; sheets: number; locked: string[]; notices: Bilingual[]; signedOld: string[] }> {
  const reg = await loadRegister(host, { signal: control.signal });
  // With no unit there is nothing to check a search against: 没有发现问题 would pass for searches checked.
  if (!reg.units.length) throw noUnitsError({ zh: '未校验查册表', en: 'The title searches were not checked' }, reg.data.location.sheet, reg.rows);
  const read = await readUnitSheets(host, reg.units, reg.data.date1904, reg.data.location.sheet);
  const records = read.map((x) => x.record);
  throwIfAborted(control.signal);
  // An old sheet reads back whole (only its table is shorter), so it is checked as any other; the
  // pane says which are old and that 创建查册表 rewrites them, since validating does not.
  const old = oldLayoutSheets(reg.units, read, { date1904: reg.data.date1904, keepSignature: true }).map((l) => l.name);
  const signedOld = old.length ? await signedSheets(host, old) : [];
  const notices = old.length ? oldLayoutNotices(old, signedOld) : [];
  throwIfAborted(control.signal);
  // Found as the register reader finds it (spaces, brackets and a * ignored), so the mark lands on its cell; named as written.
  const dateColumn = registerColumn(reg.data.location, 'titleSearchDate');
  const lines = checkTitleSearches(reg.units, records, {
    registerSheet: reg.data.location.sheet,
    titleSearchDateColumn: dateColumn?.column,
    titleSearchDateHeader: dateColumn?.header,
    today: today(),
  });
  const issues = sortIssues(lines.flatMap((l) => l.issues));
  const { locked } = await highlightIssues(host, issues, lang, 'titleSearch');
  return { issues, sheets: records.length, locked, notices, signedOld };
}

/** What 校验查册表 says of the sheets of the old layout: which, and how 创建查册表 gives them their rows (a signed one only over its signature). */
function oldLayoutNotices(old: readonly string[], signed: readonly string[]): Bilingual[] {
  const notices: Bilingual[] = [];
  const unsigned = old.filter((n) => !signed.includes(n));
  if (unsigned.length) {
    notices.push({
      zh: `以下查册表是旧版格式，权利限制不足 12 行（工作表受保护，不能加行）：${few(unsigned, 'zh')}。已照常校验。点“创建查册表”（范围包含这些房屋）即按现行格式重写，所填内容和签字栏不变。`,
      en: `These title-search sheets are of the old layout, with fewer than 12 rows for encumbrances (the sheet is protected and cannot gain one): ${few(unsigned, 'en')}. They were checked as usual. Press Create title-search sheets with their units in scope to rewrite them in the current layout, every filled value and the signature block kept.`,
    });
  }
  const left = old.filter((n) => signed.includes(n));
  if (left.length) {
    notices.push({
      zh: `以下旧版查册表已签核，已照常校验；“创建查册表”不会重写已签核的表，如需更多行，请勾选“覆盖已签核”后再生成（须重新签核）：${few(left, 'zh')}`,
      en: `These title-search sheets of the old layout are signed and were checked as usual; Create title-search sheets does not rewrite a signed sheet: to get more rows, tick "Overwrite signed" and create again (it must then be signed again): ${few(left, 'en')}`,
    });
  }
  return notices;
}
