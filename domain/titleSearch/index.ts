import Decimal from 'decimal.js';
import { parseDate, type LocalDate } from '../dates';
import { sortIssues, type Issue } from '../issues';
import { formatYuan } from '../money';
import { readTypedAmount } from '../typedAmount';
import type { RegisterUnit } from '../register';
import type { Lang, SheetDescription } from '../sheets/description';
import type { SheetLayout } from '../sheets/layout';
import { cleanSheetName, layoutSheet, signatureBlockPosition, type InfoLine, type SheetRow } from '../sheets/layoutSheet';
import { findSignatureBlock } from '../signoff/signatureBlock';
import { currentStage, STAGES, type StageKey } from '../stages';
import type { Bilingual } from '../text';

/**
 * Title searches (每户查册表): one sheet per unit plus the 查册汇总 summary, and the checks:
 *  TS_NORMAL_WITH_SEIZURE (error)  conclusion 正常 with a 查封 (轮候查封, 预查封 too) or 异议 listed;
 *  TS_MORTGAGEE (warning)          a 抵押 (抵押权, 预抵押, 抵押权预告登记 too: isMortgage) whose holder is not the lending bank (or 公积金 centre);
 *  TS_MORTGAGE_AMOUNT (warning)    a 抵押 whose amount differs from the loan;
 *  TS_MISSING (error)              a unit past 抵押登记 without a search;
 *  TS_INCOMPLETE (warning)         a search without 查册日期, conclusion, 查册人 or 复核人 (an error
 *                                  when the date lacks on a unit past 抵押登记: it stands for TS_MISSING);
 *  TS_UNREADABLE (error)           a typed 查册日期, 金额 or 登记日期 that is no date / amount; a 金额
 *                                  below zero or with a fraction of a fen too (no encumbrance's is);
 *  TS_DATE_FUTURE (error)          a 查册日期 after `today` (a slip of the year: the search would count as done);
 *  TS_CONCLUSION (error)           a 结论 other than the dropdown's 正常 / 异常 (无异常, 正常无查封 pasted in):
 *                                  the checks read only those two, so a 查封 under 无异常 would pass unseen.
 * A filled-in per-unit sheet is read back with `readTitleSearchSheet` (pure, from a grid of
 * cell values), so the CLI and the add-in validate the same way.
 */
export const ENCUMBRANCE_TYPES = ['预告登记', '抵押', '查封', '异议', '限制/冻结'] as const;
export type EncumbranceType = (typeof ENCUMBRANCE_TYPES)[number];
export const CONCLUSIONS = ['正常', '异常'] as const;

/**
 * What an encumbrance type typed on the sheet is, for the checks: the dropdown offers 查封 and 异议,
 * but a specialist copies the registry's wording, and a seizure in waiting (轮候查封: it takes effect
 * the moment the one before it is lifted) or on a unit not yet first-registered (预查封: it turns into
 * a 查封 when the title is) binds the unit as much as a 查封 does. A 查封 lifted (解除查封, 解封,
 * 查封已解除) binds nothing. Spaces are ignored.
 */
export function restrictionKind(type: string): 'seizure' | 'objection' | null {
  const t = type.replace(/\s/g, '');
  if (/解/.test(t)) return null;
  if (/^(轮候)?(预)?查封(登记)?$|^续(查)?封$/.test(t)) return 'seizure';
  if (/^异议(登记)?$/.test(t)) return 'objection';
  return null;
}
/**
 * Whether an encumbrance type typed on the sheet is a mortgage, for the mortgagee and amount checks:
 * the dropdown offers 抵押, but a specialist copies the registry's wording — 抵押权, 抵押登记, and on
 * an off-plan unit the bank's mortgage registered in advance (预抵押, 抵押权预告登记, 预告抵押), held
 * by the bank for the loan as a 抵押 is. A mortgage released (抵押注销, 注销抵押, 解除抵押) is none,
 * and a bare 预告登记 is the buyer's purchase; a 最高额抵押 secures a ceiling, not the loan, and is
 * left alone. Spaces are ignored.
 */
export function isMortgage(type: string): boolean {
  const t = type.replace(/\s/g, '');
  if (/解|注销/.test(t)) return false;
  return /^(预购商品房)?预?抵押权?(预告)?(登记)?$/.test(t) || /^预告抵押(登记)?$/.test(t);
}

/**
 * Encumbrance rows of a per-unit sheet. Protected, it cannot gain a row, so a troubled unit (a
 * mortgage, a 预告登记, several 查封 and 轮候查封 by different courts) must fit: 12 rows at least,
 * and a sheet written back from a read-back always keeps 3 empty ones below what was filled in.
 */
export const ENCUMBRANCE_ROWS = 12;
export const SPARE_ENCUMBRANCE_ROWS = 3;

export interface Encumbrance {
  type: string;
  holder: string;
  amount: Decimal | null;
  registrationNo: string;
  date: LocalDate | null;
  /** What was typed in 金额 / 登记日期 when it is no amount / date: reported, and written back as typed. */
  amountText?: string;
  /** Why amountText, which reads as an amount, is none an encumbrance can have (the amount it reads as). */
  amountRefused?: { why: 'negative' | 'belowFen'; value: Decimal };
  /**
   * The 金额 cell as typed, written back so when the sheet is written again: text, read or not (the
   * certificate's wording, "70万元整", "人民币柒拾万元整", stays; `amount` is what it reads as). Text
   * of plain figures ("700000.00", "-700000") goes back as that number (layoutSheet's toCellValue), as
   * a number typed does (`amount`, or `amountText` refused).
   */
  amountTyped?: string;
  dateText?: string;
  /** 1-based sheet row, when read from a sheet. */
  row?: number;
}

export interface TitleSearchRecord {
  unitKey: string;
  /** 项目 as the sheet says it (null: the sheet has no such line); tells apart units of the same code in two projects. */
  project?: string | null;
  /** Sheet it was read from (for issue locations). */
  sheet?: string;
  propertyUnitNo: string | null;
  searchDate: LocalDate | null;
  /** What was typed as 查册日期 when it is no date (2026-02-30): reported, and written back as typed. */
  searchDateText?: string;
  rightHolder: string;
  encumbrances: Encumbrance[];
  conclusion: string | null;
  searcher: string | null;
  reviewer: string | null;
  remarks: string | null;
  /** 1-based rows of the conclusion / searcher / reviewer values, when read from a sheet. */
  cells?: { conclusion?: number; searcher?: number; reviewer?: number; searchDate?: number };
}

/** Labels of the per-unit sheet's lines; `readTitleSearchSheet` finds values by them. */
export const TS_LABELS = {
  project: { zh: '项目：', en: 'Project:' },
  unitKey: { zh: '房号：', en: 'Unit:' },
  propertyUnitNo: { zh: '不动产单元号/证书号：', en: 'Property unit / certificate no.:' },
  rightHolder: { zh: '权利人：', en: 'Right holder:' },
  bank: { zh: '贷款银行（参考）：', en: 'Lending bank (for reference):' },
  loan: { zh: '贷款金额（参考）：', en: 'Loan (for reference):' },
  searchDate: { zh: '查册日期：', en: 'Searched on:' },
  conclusion: { zh: '结论：', en: 'Conclusion:' },
  searcher: { zh: '查册人：', en: 'Searched by:' },
  reviewer: { zh: '复核人：', en: 'Reviewed by:' },
  remarks: { zh: '说明：', en: 'Notes:' },
} satisfies Record<string, Bilingual>;

const STAGE_ORDER = new Map(STAGES.map((s) => [s.key, s.order]));
const MORTGAGE_ORDER = STAGE_ORDER.get('mortgageRegistered') ?? 7;

function loanOf(u: RegisterUnit): Decimal | null {
  const c = u.commercialLoan ?? null;
  const p = u.providentLoan ?? null;
  if (!c && !p) return null;
  return (c ?? new Decimal(0)).plus(p ?? 0);
}

function holderMatches(holder: string, expected: string): boolean {
  const h = holder.replace(/\s/g, '');
  const e = expected.replace(/\s/g, '');
  if (!h || !e) return false;
  // "中国工商银行股份有限公司XX支行" holds for "中国工商银行"; "工商银行" too. 中国银行 itself keeps its
  // 中国: without it, "银行" is in every bank's name.
  return h.includes(e) || h.includes(e.replace(/^中国(?=.+银行)/, ''));
}

export function pastMortgageRegistration(u: RegisterUnit): boolean {
  const s = currentStage(u.stages);
  return s !== null && (STAGE_ORDER.get(s) ?? 0) >= MORTGAGE_ORDER;
}

/**
 * `today`: a 查册日期 after it is in the future (Asia/Shanghai today, as register validation has it;
 * without it, not checked).
 */
export function validateTitleSearch(record: TitleSearchRecord, unit: RegisterUnit, opts: { conclusionColumn?: string; tableColumns?: Partial<Record<'type' | 'holder' | 'amount' | 'registrationDate', string>>; today?: LocalDate } = {}): Issue[] {
  const issues: Issue[] = [];
  const sheet = record.sheet ?? unit.unitKey;
  const cc = opts.conclusionColumn ?? 'B';
  const tc = { type: 'B', holder: 'C', amount: 'D', registrationDate: 'F', ...(opts.tableColumns ?? {}) };
  // Typed, but not read: the search would silently count as undated, the amount as unchecked.
  const unreadable = (typed: string, what: Bilingual, kind: 'date' | 'amount', row: number | undefined, column: string) =>
    issues.push({
      severity: 'error',
      code: 'TS_UNREADABLE',
      message: {
        zh: `${unit.unitKey} ${what.zh}「${typed}」无法识别为${kind === 'date' ? '日期' : '金额'}`,
        en: `${unit.unitKey}: ${what.zh} (${what.en}) "${typed}" is not ${kind === 'date' ? 'a date' : 'an amount'}`,
      },
      location: { sheet, row, column: row ? column : undefined },
      fix: kind === 'date' ? { zh: '请写成 2026-11-20 这样的日期。', en: 'Write a date such as 2026-11-20.' } : { zh: '请写成 700000.00、70万元 或 人民币柒拾万元整 这样的金额。', en: 'Write an amount such as 700000.00, 70万元 or 人民币柒拾万元整.' },
    });
  // Read, but no encumbrance's amount: taken, it would pass as checked (a negative one is never the loan).
  const refused = (e: Encumbrance, typed: string, { why, value }: NonNullable<Encumbrance['amountRefused']>) =>
    issues.push({
      severity: 'error',
      code: 'TS_UNREADABLE',
      message:
        why === 'negative'
          ? { zh: `${unit.unitKey} 金额「${typed}」为负数，权利限制的金额不能为负`, en: `${unit.unitKey}: 金额 (amount) "${typed}" is negative; an encumbrance's amount cannot be` }
          : { zh: `${unit.unitKey} 金额「${typed}」即 ${value.toFixed()} 元，有不足一分的尾数`, en: `${unit.unitKey}: 金额 (amount) "${typed}" is ${value.toFixed()} yuan, with a fraction of a fen` },
      location: { sheet, row: e.row, column: e.row ? tc.amount : undefined },
      fix:
        why === 'negative'
          ? { zh: '请按证书填写金额，不带负号，如 700000.00 或 70万元。', en: 'Enter the amount as the certificate states it, without a minus sign, such as 700000.00 or 70万元.' }
          : { zh: '证书上的金额最多到分，请与证书核对后重填（不会自动四舍五入）。', en: 'A certificate states the amount to the fen at most: check it against the certificate and enter it again (it is not rounded for you).' },
    });
  if (record.searchDateText) unreadable(record.searchDateText, { zh: '查册日期', en: 'search date' }, 'date', record.cells?.searchDate, cc);
  if (opts.today && record.searchDate && record.searchDate > opts.today) {
    issues.push({
      severity: 'error',
      code: 'TS_DATE_FUTURE',
      message: { zh: `${unit.unitKey} 查册日期 ${record.searchDate} 晚于今天（${opts.today}）`, en: `${unit.unitKey}: search date ${record.searchDate} is after today (${opts.today})` },
      location: { sheet, row: record.cells?.searchDate, column: record.cells?.searchDate ? cc : undefined },
      fix: { zh: '请按查册结果上的日期填写（年份是否写错？）。', en: 'Enter the date on the search result (is the year right?).' },
    });
  }
  if (record.conclusion && !(CONCLUSIONS as readonly string[]).includes(record.conclusion)) {
    issues.push({
      severity: 'error',
      code: 'TS_CONCLUSION',
      message: {
        zh: `${unit.unitKey} 结论「${record.conclusion}」不是下拉列表中的选项（${CONCLUSIONS.join('、')}）`,
        en: `${unit.unitKey}: conclusion "${record.conclusion}" is not one of the dropdown's (${CONCLUSIONS.join(', ')})`,
      },
      location: { sheet, row: record.cells?.conclusion, column: record.cells?.conclusion ? cc : undefined },
      fix: {
        zh: '请从下拉列表选择“正常”或“异常”：其他写法无法检查（如列有查封却写“无异常”）。',
        en: 'Choose 正常 (normal) or 异常 (abnormal) from the dropdown: other wording cannot be checked (a seizure listed under 无异常 would pass).',
      },
    });
  }
  for (const e of record.encumbrances) {
    if (e.amountText && e.amountRefused) refused(e, e.amountText, e.amountRefused);
    else if (e.amountText) unreadable(e.amountText, { zh: '金额', en: 'amount' }, 'amount', e.row, tc.amount);
    if (e.dateText) unreadable(e.dateText, { zh: '登记日期', en: 'registration date' }, 'date', e.row, tc.registrationDate);
  }
  const seizures = record.encumbrances.filter((e) => restrictionKind(e.type) !== null);
  if (record.conclusion === '正常' && seizures.length) {
    issues.push({
      severity: 'error',
      code: 'TS_NORMAL_WITH_SEIZURE',
      message: {
        zh: `${unit.unitKey} 结论为“正常”，但列有${seizures.map((e) => e.type).join('、')}`,
        en: `${unit.unitKey}: conclusion 正常 (normal) but ${seizures.map((e) => (restrictionKind(e.type) === 'seizure' ? 'a seizure' : 'an objection')).join(' and ')} ${seizures.length > 1 ? 'are' : 'is'} listed`,
      },
      location: { sheet, row: record.cells?.conclusion, column: record.cells?.conclusion ? cc : undefined },
      fix: { zh: '结论应为“异常”，并报告经理。', en: 'The conclusion should be 异常 (abnormal); tell the manager.' },
    });
  }
  for (const e of record.encumbrances.filter((x) => isMortgage(x.type))) {
    const combined = unit.loanType === 'combined';
    const byPf = e.holder.includes('公积金');
    const byCentre = unit.loanType === 'providentFund' || (combined && byPf);
    const expectedHolder = byCentre ? '公积金' : (unit.bank ?? '');
    // A provident-fund loan has no 贷款银行 in the register: name the centre it is checked against.
    const lender = byCentre ? '住房公积金管理中心' : unit.bank;
    if (!holderMatches(e.holder, expectedHolder)) {
      issues.push({
        severity: 'warning',
        code: 'TS_MORTGAGEE',
        message: {
          zh: `${unit.unitKey} 抵押权人「${e.holder}」不是贷款银行「${lender ?? '（未填）'}」`,
          en: `${unit.unitKey}: mortgagee "${e.holder}" is not the lending bank "${lender ?? '(none)'}"`,
        },
        location: { sheet, row: e.row, column: e.row ? tc.holder : undefined },
      });
    }
    const candidates = [
      unit.loanType === 'providentFund' || (combined && byPf) ? unit.providentLoan : unit.commercialLoan,
      combined ? loanOf(unit) : null,
    ].filter((x): x is Decimal => x !== null);
    if (e.amount && candidates.length && !candidates.some((c) => c.eq(e.amount!))) {
      issues.push({
        severity: 'warning',
        code: 'TS_MORTGAGE_AMOUNT',
        message: {
          zh: `${unit.unitKey} 抵押金额 ${formatYuan(e.amount)} 与贷款金额 ${formatYuan(candidates[0])} 不一致`,
          en: `${unit.unitKey}: mortgage amount ${formatYuan(e.amount)} differs from the loan ${formatYuan(candidates[0])}`,
        },
        location: { sheet, row: e.row, column: e.row ? tc.amount : undefined },
      });
    }
  }
  // A conclusion or an encumbrance is a search's result: without its date it would read as never done.
  // (A 查册人 alone may be whoever is to search.)
  if (filledIn(record, unit)) {
    const missing: (Bilingual & { row?: number })[] = [];
    if (!record.searchDate && !record.searchDateText) missing.push({ zh: '查册日期', en: 'search date', row: record.cells?.searchDate });
    if (!record.conclusion) missing.push({ zh: '结论', en: 'conclusion', row: record.cells?.conclusion });
    if (!record.searcher) missing.push({ zh: '查册人', en: 'searched by', row: record.cells?.searcher });
    if (!record.reviewer) missing.push({ zh: '复核人', en: 'reviewed by', row: record.cells?.reviewer });
    if (missing.length) {
      // Undated, the search does not count: for a unit past 抵押登记 that the register has no date
      // for either, this is the one report of it (checkTitleSearches then raises no TS_MISSING), as
      // grave, and it points where the date goes.
      const undated = !record.searchDate && !record.searchDateText;
      const due = undated && !unit.titleSearchDate && pastMortgageRegistration(unit);
      // At the first cell still to fill in (the date when it lacks): the pane takes the person there and marks it.
      const row = missing[0].row;
      issues.push({
        severity: due ? 'error' : 'warning',
        code: 'TS_INCOMPLETE',
        message: { zh: `${unit.unitKey} 查册表未填：${missing.map((m) => m.zh).join('、')}`, en: `${unit.unitKey}: the search lacks ${missing.map((m) => m.en).join(', ')}` },
        location: { sheet, row, column: row ? cc : undefined },
      });
    }
  }
  return issues;
}

/**
 * Whether the sheet records a search of its own: a conclusion, an encumbrance, or a 查册日期 other
 * than the register's, which every generated sheet shows prefilled (a sheet nobody touched is no
 * incomplete search).
 */
function filledIn(record: TitleSearchRecord, unit: RegisterUnit): boolean {
  const ownDate = (record.searchDate && record.searchDate !== unit.titleSearchDate) || record.searchDateText;
  return Boolean(ownDate || record.conclusion || record.encumbrances.length);
}

export function searchDone(unit: RegisterUnit, record: TitleSearchRecord | undefined): boolean {
  return Boolean(record?.searchDate || unit.titleSearchDate);
}

export interface TitleSearchSummaryLine {
  unit: RegisterUnit;
  record: TitleSearchRecord | null;
  /** abnormal: searched and concluded 异常 (a seizure, an objection …): the manager must hear of it, not read 已查. */
  status: 'done' | 'notYet' | 'missing' | 'problems' | 'abnormal';
  issues: Issue[];
}

export const STATUS_NAMES: Record<TitleSearchSummaryLine['status'], Bilingual> = {
  done: { zh: '已查', en: 'Done' },
  notYet: { zh: '未查', en: 'Not yet' },
  missing: { zh: '应查未查', en: 'Missing' },
  problems: { zh: '有问题', en: 'Problems' },
  abnormal: { zh: '结论异常', en: 'Abnormal' },
};

/**
 * Each unit's record: the sheet of its unit code that names its 项目 (every sheet Anjie writes
 * does), or one that names none (typed by hand); of several, the one searched last. A sheet naming
 * another project is never the unit's: 1-1-101 in 项目A and in 项目B each keep their own search.
 */
export function recordsByUnit(units: readonly RegisterUnit[], records: readonly TitleSearchRecord[]): Map<RegisterUnit, TitleSearchRecord> {
  const byKey = new Map<string, TitleSearchRecord[]>();
  for (const r of records) {
    const list = byKey.get(r.unitKey) ?? [];
    list.push(r);
    byKey.set(r.unitKey, list);
  }
  const out = new Map<RegisterUnit, TitleSearchRecord>();
  for (const u of units) {
    const list = byKey.get(u.unitKey);
    if (!list) continue;
    const mine = list.filter((r) => r.project === u.project);
    // Searched twice (the sheet copied for a re-search after a 查封 is lifted): the latest search is the unit's.
    const record = (mine.length ? mine : list.filter((r) => !r.project)).reduce<TitleSearchRecord | undefined>((a, r) => (!a || (r.searchDate ?? '') > (a.searchDate ?? '') ? r : a), undefined);
    if (record) out.set(u, record);
  }
  return out;
}

/**
 * The per-unit sheet names: the unit code, as always (Excel's 31 characters are enough for it and
 * it is what the desk looks for in the tabs). A code that two projects of the register share gets
 * the project in front — "翠湖湾 1-1-101", the project shortened with … to fit — for every project
 * but the one whose sheet already has the plain name (`existing`: sheet name → the 项目 it names),
 * so a sheet filled in before the second project arrived keeps its name. Stable: the same register
 * and workbook give the same names, and a unit's sheet is never renamed.
 */
export function titleSearchSheetNames(units: readonly RegisterUnit[], existing: ReadonlyMap<string, string | null> = new Map()): Map<RegisterUnit, string> {
  const plainOf = (u: RegisterUnit) => cleanSheetName(u.unitKey);
  const groups = new Map<string, RegisterUnit[]>();
  for (const u of units) {
    const k = plainOf(u).toLowerCase();
    const list = groups.get(k) ?? [];
    list.push(u);
    groups.set(k, list);
  }
  const existingLower = new Map([...existing].map(([name, project]) => [name.toLowerCase(), project] as const));
  const taken = new Set<string>([...groups.keys()]);
  const out = new Map<RegisterUnit, string>();
  for (const [k, list] of groups) {
    const projects = [...new Set(list.map((u) => u.project))].sort();
    if (projects.length === 1) {
      for (const u of list) out.set(u, plainOf(u));
      continue;
    }
    const owner = existingLower.get(k);
    const named = new Map<string, string>();
    for (const project of projects) {
      if (project === owner) {
        named.set(project, plainOf(list[0]));
        continue;
      }
      let name = qualifiedName(project, plainOf(list[0]));
      for (let n = 2; taken.has(name.toLowerCase()); n++) name = qualifiedName(project, plainOf(list[0]), n);
      taken.add(name.toLowerCase());
      named.set(project, name);
    }
    for (const u of list) out.set(u, named.get(u.project)!);
  }
  return out;
}

/** "<project> <unit>" within 31 characters: the unit code whole, the project shortened with … (and a number when two shorten alike). */
function qualifiedName(project: string, unit: string, n = 1): string {
  const suffix = n > 1 ? `~${n}` : '';
  const room = 31 - unit.length - 1 - suffix.length;
  const p = cleanSheetName(project);
  if (room < 2) return cleanSheetName(`${p}${suffix} ${unit}`);
  const short = p.length > room ? `${p.slice(0, room - 1)}…` : p;
  return `${short}${suffix} ${unit}`;
}

/**
 * Where a missing search is to be entered, and the fix saying so: on the unit's 查册表 when it has one
 * (its 查册日期 cell; the search's result goes there too), else in the register's 查册日期 column,
 * named by its header as written, else — a register without that column — on a 查册表 to be made.
 */
function missingSearchAt(unit: RegisterUnit, record: TitleSearchRecord | null, opts: { registerSheet?: string; titleSearchDateColumn?: string; titleSearchDateHeader?: string }): Pick<Issue, 'location' | 'fix'> {
  if (record) {
    const sheet = record.sheet ?? unit.unitKey;
    const row = record.cells?.searchDate;
    return {
      location: { sheet, row, column: row ? 'B' : undefined },
      fix: { zh: `尽快查册，并在查册表“${sheet}”中填写查册日期、结论、查册人和复核人。`, en: `Search the title and fill in the search date, conclusion, searched by and reviewed by on the title-search sheet "${sheet}".` },
    };
  }
  const sheet = opts.registerSheet ?? unit.source?.sheet;
  const at = { file: unit.source?.file || undefined, sheet, row: unit.source?.row };
  if (!opts.titleSearchDateColumn) {
    return {
      location: at,
      fix: { zh: '尽快查册，并在该户的查册表中填写查册日期和结论（台账没有查册日期列）。', en: "Search the title and fill in the search date and conclusion on the unit's title-search sheet (the register has no search-date column)." },
    };
  }
  const header = opts.titleSearchDateHeader ?? '查册日期';
  return {
    location: { ...at, column: opts.titleSearchDateColumn, columnHeader: header },
    fix: sheet
      ? { zh: `尽快查册，并在台账“${sheet}”的“${header}”列填写查册日期。`, en: `Search the title and enter the search date in the "${header}" column of the register "${sheet}".` }
      : { zh: `尽快查册，并在台账的“${header}”列填写查册日期。`, en: `Search the title and enter the search date in the register's "${header}" column.` },
  };
}

/**
 * One summary line per unit: status and issues (TS_MISSING for units past 抵押登记 without a search).
 * `titleSearchDateColumn` / `titleSearchDateHeader`: the register's 查册日期 column, its letter and its header as written.
 */
export function checkTitleSearches(units: readonly RegisterUnit[], records: readonly TitleSearchRecord[], opts: { registerSheet?: string; titleSearchDateColumn?: string; titleSearchDateHeader?: string; today?: LocalDate } = {}): TitleSearchSummaryLine[] {
  const byUnit = recordsByUnit(units, records);
  return units.map((unit) => {
    const record = byUnit.get(unit) ?? null;
    const issues = record ? validateTitleSearch(record, unit, { today: opts.today }) : [];
    const done = searchDone(unit, record ?? undefined);
    // A sheet filled in without a (readable) 查册日期 is a search: validateTitleSearch says what it lacks, once.
    if (!done && pastMortgageRegistration(unit) && !(record && filledIn(record, unit))) {
      issues.push({
        severity: 'error',
        code: 'TS_MISSING',
        message: { zh: `${unit.unitKey} 已过抵押登记，但没有查册记录`, en: `${unit.unitKey} is past mortgage registration but has no title search` },
        ...missingSearchAt(unit, record, opts),
      });
    }
    const status: TitleSearchSummaryLine['status'] = issues.some((i) => i.code === 'TS_MISSING')
      ? 'missing'
      : record?.conclusion === '异常'
        ? 'abnormal'
        : issues.length
        ? 'problems'
        : done
          ? 'done'
          : 'notYet';
    return { unit, record, status, issues: sortIssues(issues) };
  });
}

/** The sheet's 查册日期: as read back, else as typed when unreadable (to be corrected there), else the register's. */
function searchDateValue(unit: RegisterUnit, record: TitleSearchRecord | null): InfoLine['value'] {
  if (record?.searchDate) return { kind: 'date', date: record.searchDate };
  if (record?.searchDateText) return record.searchDateText;
  return unit.titleSearchDate ? { kind: 'date', date: unit.titleSearchDate } : null;
}

const stageName = (k: StageKey | null, lang: Lang) => (k ? STAGES.find((s) => s.key === k)!.name[lang] : '');

/** The per-unit sheet: prefilled from the register (and a record, when one was read back). */
export function titleSearchSheet(unit: RegisterUnit, record: TitleSearchRecord | null, description: SheetDescription, opts: { lang: Lang; blankRows?: number; sheetName?: string }): SheetLayout {
  const { lang } = opts;
  const rows: SheetRow[] = (record?.encumbrances ?? []).map((e, i) => ({
    values: { seq: i + 1, type: e.type, holder: e.holder, amount: e.amountTyped ?? e.amount ?? e.amountText, registrationNo: e.registrationNo, registrationDate: e.date ?? e.dateText ?? null },
  }));
  const loan = loanOf(unit);
  const info: InfoLine[] = [
    { label: TS_LABELS.project, value: unit.project },
    { label: TS_LABELS.unitKey, value: unit.unitKey },
    { label: TS_LABELS.propertyUnitNo, value: record?.propertyUnitNo ?? unit.propertyUnitNo, input: true, format: '@' },
    { label: TS_LABELS.rightHolder, value: record?.rightHolder || unit.buyers.map((b) => b.name).join('、'), input: true, format: '@' },
    { label: TS_LABELS.bank, value: unit.loanType === 'providentFund' ? '住房公积金管理中心' : unit.bank },
    { label: TS_LABELS.loan, value: loan ?? undefined, format: '¥#,##0.00' },
    { label: TS_LABELS.searchDate, value: searchDateValue(unit, record), input: true, format: 'yyyy-mm-dd' },
  ];
  const after: InfoLine[] = [
    { label: TS_LABELS.conclusion, value: record?.conclusion ?? null, input: true, list: [...CONCLUSIONS] },
    { label: TS_LABELS.searcher, value: record?.searcher ?? null, input: true },
    { label: TS_LABELS.reviewer, value: record?.reviewer ?? null, input: true },
    { label: TS_LABELS.remarks, value: record?.remarks ?? null, input: true },
  ];
  return layoutSheet(description, rows, {
    lang,
    sheetName: opts.sheetName ?? unit.unitKey,
    title: lang === 'zh' ? `每户查册表 ${unit.unitKey}` : `Title search ${unit.unitKey}`,
    info,
    after,
    blankRows: opts.blankRows ?? Math.max(SPARE_ENCUMBRANCE_ROWS, ENCUMBRANCE_ROWS - rows.length),
  });
}

/**
 * A per-unit sheet of an older layout, with fewer than ENCUMBRANCE_ROWS rows for 权利限制 (the
 * add-in wrote 5), rewritten in the current one: the sheet is protected and cannot gain a row, so
 * a sixth encumbrance had nowhere to go. Built from the sheet's own read-back, as `anjie
 * title-search --searches` writes a sheet back (every value kept, 3 spare rows at least, 12 in
 * all), in the sheet's own language, with what was typed in its signature block (制表 / 审核 /
 * 日期) put back unless `keepSignature` is false. Null when the sheet has its rows already, or is
 * not this unit's.
 */
export function upgradedTitleSearchSheet(
  unit: RegisterUnit,
  sheetName: string,
  grid: readonly (readonly unknown[])[],
  description: SheetDescription,
  opts: { date1904?: boolean; keepSignature?: boolean } = {},
): SheetLayout | null {
  const record = readTitleSearchSheet(sheetName, grid, description, opts);
  if (!record || record.unitKey !== unit.unitKey || (record.project && record.project !== unit.project)) return null;
  const cell = (r: number, c: number) => grid[r]?.[c];
  const first = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());
  const lang: Lang = grid.some((row) => first(row?.[0]) === TS_LABELS.unitKey.zh) ? 'zh' : 'en';
  const headerRow = grid.findIndex((row) => first(row?.[0]) === description.columns[0].header[lang]);
  const conclusionRow = grid.findIndex((row) => first(row?.[0]) === TS_LABELS.conclusion[lang]);
  // The table's rows, and the empty row that sets it apart from 结论：.
  if (headerRow < 0 || conclusionRow <= headerRow || conclusionRow - headerRow - 2 >= ENCUMBRANCE_ROWS) return null;
  const layout = titleSearchSheet(unit, record, description, { lang, sheetName });
  const texts = grid.flatMap((row, r) => (row ?? []).map((v, c) => ({ row: r, col: c, text: typeof v === 'string' ? v : '' })));
  const old = findSignatureBlock(texts);
  const now = signatureBlockPosition(layout);
  // Not on a signed sheet being overwritten: the names there were put by signing the content replaced (domain/sheets/carryOver).
  if (old && now && opts.keepSignature !== false) {
    for (const k of ['preparedBy', 'reviewedBy', 'date'] as const) {
      const v = cell(old[k].row, old[k].col);
      if (typeof v === 'string' || typeof v === 'number') layout.values[now[k].row][now[k].col] = v === '' ? null : v;
    }
  }
  return layout;
}

export function titleSearchSummarySheet(lines: readonly TitleSearchSummaryLine[], description: SheetDescription, opts: { lang: Lang; asOf?: LocalDate }): SheetLayout {
  const { lang } = opts;
  const rows: SheetRow[] = lines.map((l, i) => {
    const u = l.unit;
    const r = l.record;
    const enc = (r?.encumbrances ?? []).map((e) => e.type).join('、');
    return {
      values: {
        seq: i + 1,
        unitKey: u.unitKey,
        buyer: r?.rightHolder || u.buyers.map((b) => b.name).join('、'),
        propertyUnitNo: r?.propertyUnitNo ?? u.propertyUnitNo,
        stage: stageName(currentStage(u.stages), lang),
        bank: u.loanType === 'providentFund' ? '住房公积金管理中心' : u.bank,
        loanAmount: loanOf(u) ?? undefined,
        searchDate: r?.searchDate ?? u.titleSearchDate,
        conclusion: r?.conclusion ?? null,
        // 无 is a finding: only a search with its own date or a conclusion has found nothing.
        encumbrances: enc || (r && filledIn(r, u) ? (lang === 'zh' ? '无' : 'none') : null),
        status: STATUS_NAMES[l.status][lang],
        problems: l.issues.map((x) => `${x.severity === 'error' ? '✖' : '⚠'} ${x.message[lang]}`).join(lang === 'zh' ? '；' : '; ') || null,
      },
    };
  });
  rows.push({ kind: 'total', label: lang === 'zh' ? `合计（${lines.length}户）` : `Total (${lines.length})`, values: {} });
  const count = (s: TitleSearchSummaryLine['status']) => lines.filter((l) => l.status === s).length;
  return layoutSheet(description, rows, {
    lang,
    info: [
      { label: { zh: '户数：', en: 'Units:' }, value: lines.length },
      {
        label: { zh: '状态：', en: 'Status:' },
        value: (['done', 'abnormal', 'problems', 'missing', 'notYet'] as const).map((s) => `${STATUS_NAMES[s][lang]} ${count(s)}`).join(lang === 'zh' ? '，' : ', '),
      },
    ],
  });
}

export { readTypedAmount };

/**
 * Reads a filled-in per-unit sheet back from its cell values (0-based grid, as exceljs or
 * Office.js give them): the labelled lines and the encumbrance table under its header row.
 */
export function readTitleSearchSheet(sheetName: string, grid: readonly (readonly unknown[])[], description: SheetDescription, opts: { date1904?: boolean } = {}): TitleSearchRecord | null {
  const text = (v: unknown): string => (v === null || v === undefined ? '' : v instanceof Date ? (parseDate(v).ok ? ((parseDate(v) as { date: string }).date ?? '') : '') : String(v).trim());
  const labelRow = (label: Bilingual): number => grid.findIndex((row) => [label.zh, label.en].includes(text(row?.[0])));
  const valueOf = (label: Bilingual) => {
    const r = labelRow(label);
    return r < 0 ? { row: undefined, value: null as unknown } : { row: r + 1, value: grid[r]?.[1] ?? null };
  };
  const unitKey = text(valueOf(TS_LABELS.unitKey).value);
  if (!unitKey) return null;
  /** A typed date, or the text typed when it is none (an empty cell or a dash is neither). */
  const dateOf = (v: unknown): { date: LocalDate | null; unreadable?: string } => {
    if (v === null || v === undefined || text(v) === '') return { date: null };
    // Office.js gives a typed date as a serial of the workbook's date system (exceljs: a Date).
    const p = parseDate(v as string | number | Date, { date1904: opts.date1904 });
    return p.ok ? { date: p.date } : { date: null, unreadable: text(v) };
  };
  const headers = description.columns.map((c) => [c.header.zh, c.header.en]);
  const headerRow = grid.findIndex((row) => headers.every((h, i) => h.includes(text(row?.[i]))));
  const encumbrances: Encumbrance[] = [];
  const conclusionRow = labelRow(TS_LABELS.conclusion);
  if (headerRow >= 0) {
    const col = (key: string) => description.columns.findIndex((c) => c.key === key);
    const last = conclusionRow > headerRow ? conclusionRow - 1 : grid.length - 1;
    for (let r = headerRow + 1; r <= last; r++) {
      const row = grid[r] ?? [];
      const type = text(row[col('type')]);
      const holder = text(row[col('holder')]);
      const amountRaw = row[col('amount')];
      const regNo = text(row[col('registrationNo')]);
      const amountText = text(amountRaw);
      if (!type && !holder && !regNo && !amountText) continue;
      // A date or a boolean in 金额 is read as its text: no amount.
      const read = amountText ? readTypedAmount(typeof amountRaw === 'number' ? amountRaw : amountText) : null;
      // Read, but refused: rounded to the fen or taken below zero, it would be an amount the certificate does not state.
      const why = !read ? null : read.isNegative() && !read.isZero() ? 'negative' : read.decimalPlaces() > 2 ? 'belowFen' : null;
      const amount = why ? undefined : read;
      const date = dateOf(row[col('registrationDate')]);
      encumbrances.push({
        type,
        holder,
        amount: amount ?? null,
        ...(amount === undefined ? { amountText } : {}),
        ...(why && read ? { amountRefused: { why, value: read } } : {}),
        // Kept as typed, as what is no amount always was: a sheet written again keeps the certificate's wording.
        ...(typeof amountRaw === 'string' && amountText ? { amountTyped: amountText } : {}),
        registrationNo: regNo,
        date: date.date,
        ...(date.unreadable ? { dateText: date.unreadable } : {}),
        row: r + 1,
      });
    }
  }
  const conclusion = valueOf(TS_LABELS.conclusion);
  const searcher = valueOf(TS_LABELS.searcher);
  const reviewer = valueOf(TS_LABELS.reviewer);
  const searchDate = valueOf(TS_LABELS.searchDate);
  const searched = dateOf(searchDate.value);
  return {
    unitKey,
    project: text(valueOf(TS_LABELS.project).value) || null,
    sheet: sheetName,
    propertyUnitNo: text(valueOf(TS_LABELS.propertyUnitNo).value) || null,
    searchDate: searched.date,
    ...(searched.unreadable ? { searchDateText: searched.unreadable } : {}),
    rightHolder: text(valueOf(TS_LABELS.rightHolder).value),
    encumbrances,
    conclusion: text(conclusion.value) || null,
    searcher: text(searcher.value) || null,
    reviewer: text(reviewer.value) || null,
    remarks: text(valueOf(TS_LABELS.remarks).value) || null,
    cells: { conclusion: conclusion.row, searcher: searcher.row, reviewer: reviewer.row, searchDate: searchDate.row },
  };
}

