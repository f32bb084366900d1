import Decimal from 'decimal.js';
import { addDays, daysBetween, isoWeekMonday, type LocalDate } from '../dates';
import { formatYuan, toChineseUppercase } from '../money';
import type { RegisterUnit } from '../register';
import type { Lang, SheetDescription } from '../sheets/description';
import type { SheetLayout } from '../sheets/layout';
import { layoutSheet, type SheetBlock, type SheetRow } from '../sheets/layoutSheet';
import { STAGE_COLUMNS } from '../registerValidation/parse';
import { currentStage, LOAN_TYPE_NAMES, requiredStages, STAGES, type StageDates, type StageKey } from '../stages';
import type { Bilingual } from '../text';
import type { StageThresholds } from './thresholds';

/**
 * The weekly progress sheet (按揭进度表) of one project for ISO week W (Monday–Sunday).
 *
 * - Each loan part is its own line: a 组合贷款 gives a 商贷 line under its bank and a 公积金 line
 *   under 住房公积金; full-payment units have no line.
 * - A unit is finished when the last stage its loan type requires is dated (domain/stages
 *   requiredStages: 保证金退还 for 商贷/组合, 放款 for 公积金); finished units have no line but count
 *   in the disbursement summary (本周/累计放款), not in 在途 or 待放款.
 * - Everything is as of the week's Sunday (or `asOf`): later dates are ignored, so an old week
 *   can be reproduced. Days in stage = asOf − the current stage's date; overdue when above the
 *   stage's limit in templates/stages.json. "Changed this week": the current stage is dated
 *   within the week.
 * - Disbursed amount of a part: its 商贷/公积金放款金额 and date; for a single-part loan without
 *   them, the 放款 stage date stands for the whole loan.
 * - A register row repeating an earlier row's unit (DUPLICATE_UNIT, RegisterUnit.duplicateOf) is 无法判断
 *   too, naming the first row: the unit is placed and counted by its first row, the repeated row is
 *   listed after the 合计 and in no count at all (not even 本周/累计放款), so no total has the unit twice.
 * - A register cell the unit's place depends on that could not be read (RegisterUnit.unreadable: a
 *   放款日期 "2026-13-45", a 商贷金额 "下周", a 贷款类型 off the list) is not read as blank: the unit
 *   is 无法判断 (model.undecided), listed after the 合计 with the cells to correct, never in 在途,
 *   待放款 or a stage's count; a part whose disbursement cells were all read still counts in
 *   本周/累计放款. The cells it depends on: 贷款类型; the dates of the stages after its current one
 *   (any of them could move it on or finish it); the part's loan amount, 放款金额 and 放款日期 (and
 *   the 放款 stage date that stands for them); 保证金比例 when it decides whether the loan is finished.
 * - A date in those cells after `today` cannot have happened (a 2027 typed for 2026, a credit typed
 *   ahead): read as reached it would count a 本周放款 not yet credited, read as not reached a loan
 *   perhaps long credited as 在途 with all of it 待放款. The unit is 无法判断 as for an unreadable
 *   cell, naming the date; later dates no longer count as reached even when the as-of date is after today.
 */
export type LoanPart = 'commercial' | 'providentFund';

export const PROVIDENT_CENTRE: Bilingual = { zh: '住房公积金管理中心', en: 'Housing provident fund centre' };
export const PART_NAMES: Record<LoanPart, Bilingual> = {
  commercial: { zh: '商贷', en: 'Commercial' },
  providentFund: { zh: '公积金', en: 'Provident fund' },
};
const NO_BANK: Bilingual = { zh: '（未填银行）', en: '(no bank)' };

export interface ProgressLine {
  unit: RegisterUnit;
  part: LoanPart;
  loanAmount: Decimal;
  /** Disbursed as of the as-of date. */
  disbursed: Decimal;
  toDisburse: Decimal;
  stage: StageKey | null;
  stageDate: LocalDate | null;
  daysInStage: number | null;
  limitDays: number | null;
  overdue: boolean;
  changedThisWeek: boolean;
}

export interface GroupSummary {
  weekCount: number;
  weekAmount: Decimal;
  cumulativeCount: number;
  cumulativeAmount: Decimal;
  /** Unfinished units (lines). */
  openCount: number;
  toDisburseAmount: Decimal;
  /** Unfinished lines per current stage. */
  stageCounts: Partial<Record<StageKey | 'none', number>>;
}

export interface ProgressGroup {
  part: LoanPart;
  /** The bank (商贷) or 住房公积金管理中心. */
  bank: string;
  label: Bilingual;
  /** Unfinished lines, by stage then unit. */
  lines: ProgressLine[];
  summary: GroupSummary;
}

/** A unit whose place on the sheet the register cannot tell (无法判断): in no count of 在途 or 待放款. */
export interface UndecidedUnit {
  unit: RegisterUnit;
  /** The register columns (keys) whose cells could not be read, in register order; of a repeated row, its 房号 column. */
  columns: string[];
  /** 无法判断 and why, naming the register row and columns (the sheet's 当前阶段 cell). */
  reason: Bilingual;
  /** A row repeating an earlier row's unit (RegisterUnit.duplicateOf): that row's number. The unit is placed and counted by it; this row is in no count at all. */
  repeats?: number;
  /** Of `columns`, those read but dated after today (the others could not be read), with their dates. */
  future?: { today: LocalDate; dates: Partial<Record<string, LocalDate>> };
}

export interface ProgressModel {
  project: string;
  week: string;
  monday: LocalDate;
  sunday: LocalDate;
  asOf: LocalDate;
  groups: ProgressGroup[];
  /**
   * lineCount counts loan lines (笔); unitCount and the summary's counts count units (户) — a
   * 组合贷款 unit has a line in two groups and counts once here, its two loans' amounts both.
   */
  totals: GroupSummary & { loanAmount: Decimal; disbursed: Decimal; lineCount: number; unitCount: number };
  /** Units whose place cannot be told (a cell they depend on unreadable), by unit: on no line above, in no count but a disbursement read in full; and rows repeating an earlier row's unit (`repeats`), in no count at all. */
  undecided: UndecidedUnit[];
}

export interface ProgressOptions {
  week: string;
  thresholds: StageThresholds;
  /** Defaults to the week's Sunday. */
  asOf?: LocalDate;
  /** Bank order (the register's bank list); others follow alphabetically. */
  bankOrder?: readonly string[];
  /** The register's column letters by key (RegisterSheet.columns): a 无法判断 names the cells to correct by them. */
  columns?: Partial<Record<string, string>>;
  /** Dates after it cannot have happened (Asia/Shanghai today); none: every date up to the as-of date is read. */
  today?: LocalDate;
}

const ZERO = new Decimal(0);

function stagesAsOf(dates: StageDates, asOf: LocalDate): StageDates {
  const out: StageDates = {};
  for (const k in dates) {
    if (!Object.prototype.hasOwnProperty.call(dates, k)) continue;
    const v = dates[k as StageKey];
    if (v && v <= asOf) out[k as StageKey] = v;
  }
  return out;
}

/** The last required stage per loan type and deposit (a handful of combinations, worked out once). */
const lastRequired = new Map<string, StageKey>();

function isFinished(u: RegisterUnit, dates: StageDates, hasDeposit = !(u.depositRatio && u.depositRatio.isZero())): boolean {
  // A bank that holds no deposit (ratio 0 in the row) ends the loan at 他项权证移交.
  const key = `${u.loanType}|${hasDeposit}`;
  let last = lastRequired.get(key);
  if (last === undefined) {
    const req = requiredStages(u.loanType, { hasDeposit });
    last = req[req.length - 1];
    lastRequired.set(key, last);
  }
  return Boolean(dates[last]);
}

function partDisbursement(u: RegisterUnit, part: LoanPart, loan: Decimal): { amount: Decimal; date: LocalDate } | null {
  const amount = part === 'commercial' ? u.commercialDisbursed : u.providentDisbursed;
  const date = part === 'commercial' ? u.commercialDisbursedDate : u.providentDisbursedDate;
  if (amount && date) return { amount, date };
  if (date) return { amount: loan, date };
  if (u.loanType !== 'combined' && u.stages.disbursed) return { amount: amount ?? loan, date: u.stages.disbursed };
  return null;
}

/** The register columns the progress sheet reads a unit's place from, with their names for a 无法判断. */
const COLUMN_NAMES: Record<string, Bilingual> = {
  loanType: { zh: '贷款类型', en: 'loan type' },
  commercialLoan: { zh: '商贷金额', en: 'commercial loan' },
  providentLoan: { zh: '公积金金额', en: 'provident fund loan' },
  depositRatio: { zh: '保证金比例', en: 'deposit ratio' },
  // As the register's header names them (templates/sheets/register.json), in stage order.
  contractDate: { zh: '签约日期', en: 'contract date' },
  filingDate: { zh: '备案日期', en: 'filing date' },
  docsCompleteDate: { zh: '资料收齐日期', en: 'documents complete' },
  sentToBankDate: { zh: '送银行日期', en: 'sent to bank' },
  bankInterviewDate: { zh: '面签日期', en: 'signed at bank' },
  approvedDate: { zh: '审批通过日期', en: 'loan approved' },
  mortgageRegisteredDate: { zh: '抵押登记日期', en: 'mortgage registered' },
  disbursedDate: { zh: '放款日期', en: 'disbursed' },
  certificateHandedOverDate: { zh: '他项权证移交日期', en: 'certificate handed over' },
  depositRefundedDate: { zh: '保证金退还日期', en: 'deposit refunded' },
  commercialDisbursed: { zh: '商贷放款金额', en: 'commercial disbursed amount' },
  commercialDisbursedDate: { zh: '商贷放款日期', en: 'commercial disbursement date' },
  providentDisbursed: { zh: '公积金放款金额', en: 'provident disbursed amount' },
  providentDisbursedDate: { zh: '公积金放款日期', en: 'provident disbursement date' },
};
const COLUMN_ORDER = Object.keys(COLUMN_NAMES);
const PART_COLUMNS: Record<LoanPart, string[]> = {
  commercial: ['commercialLoan', 'commercialDisbursed', 'commercialDisbursedDate'],
  providentFund: ['providentLoan', 'providentDisbursed', 'providentDisbursedDate'],
};

/** The part's disbursement cells that could not be read (the 放款 stage date too where it stands for them). */
function unreadPayment(u: RegisterUnit, part: LoanPart, bad: ReadonlySet<string>): string[] {
  const out = PART_COLUMNS[part].filter((k) => bad.has(k));
  const ownDate = part === 'commercial' ? u.commercialDisbursedDate : u.providentDisbursedDate;
  if (u.loanType !== 'combined' && !ownDate && bad.has(STAGE_COLUMNS.disbursed)) out.push(STAGE_COLUMNS.disbursed);
  return out;
}

/** The unit's date cells the sheet reads (stage dates, 放款日期 of each loan) dated after `today`, by column key. */
function futureDates(u: RegisterUnit, today: LocalDate): Partial<Record<string, LocalDate>> | null {
  let out: Partial<Record<string, LocalDate>> | null = null;
  const note = (key: string, date: LocalDate | null | undefined) => {
    if (date && date > today) (out ??= {})[key] = date;
  };
  for (const s of STAGES) note(STAGE_COLUMNS[s.key], u.stages[s.key]);
  note('commercialDisbursedDate', u.commercialDisbursedDate);
  note('providentDisbursedDate', u.providentDisbursedDate);
  return out;
}

/** 无法判断：台账第 12 行「放款日期」（T 列）无法识别 …, or「放款日期」（T 列）2027-11-24 晚于今天 … */
function undecidedReason(u: RegisterUnit, columns: readonly string[], letters: Partial<Record<string, string>> | undefined, future?: UndecidedUnit['future']): Bilingual {
  const row = u.source?.row;
  const cell = (k: string, lang: Lang) => {
    const letter = letters?.[k];
    const name = COLUMN_NAMES[k][lang];
    const date = future?.dates[k] ? ` ${future.dates[k]}` : '';
    return lang === 'zh' ? `「${name}」${letter ? `（${letter} 列）` : ''}${date.trim()}` : `${name}${letter ? ` (column ${letter})` : ''}${date}`;
  };
  const unread = columns.filter((k) => !future?.dates[k]);
  const late = columns.filter((k) => future?.dates[k]);
  // Not naming today's date: a register regenerated another day with the same slip gives the same sheet (the terminal and the pane name it).
  const zh = [unread.length ? `${unread.map((k) => cell(k, 'zh')).join('、')}无法识别` : '', late.length ? `${late.map((k) => cell(k, 'zh')).join('、')} 晚于今天` : ''];
  const en = [unread.length ? `${unread.map((k) => cell(k, 'en')).join(', ')} cannot be read` : '', late.length ? `${late.map((k) => cell(k, 'en')).join(', ')} ${late.length > 1 ? 'are' : 'is'} after today` : ''];
  return {
    zh: `无法判断：台账${row ? `第 ${row} 行` : ''}${zh.filter(Boolean).join('，')}，改正后重新生成`,
    en: `Cannot tell: ${row ? `register row ${row}, ` : ''}${en.filter(Boolean).join(', ')}; correct and generate again`,
  };
}

/** 无法判断：台账第 14 行与第 6 行重复（「房号编码」（B 列）），该户按第 6 行计 … */
function repeatedReason(u: RegisterUnit, first: { row: number; column: 'unitKey' | 'room' }, letters: Partial<Record<string, string>> | undefined): Bilingual {
  const row = u.source?.row;
  const letter = letters?.[first.column];
  const name = first.column === 'unitKey' ? { zh: '房号编码', en: 'unit code' } : { zh: '房号', en: 'room' };
  return {
    zh: `无法判断：台账${row ? `第 ${row} 行` : '此行'}与第 ${first.row} 行重复（「${name.zh}」${letter ? `（${letter} 列）` : ''}），该户按第 ${first.row} 行计，此行未计入任何户数与金额；请删除重复行或改正房号`,
    en: `Cannot tell: ${row ? `register row ${row}` : 'this row'} repeats row ${first.row} (${name.en}${letter ? `, column ${letter}` : ''}): the unit is counted by row ${first.row}, this row in no count or amount; delete the repeated row or correct the unit`,
  };
}

function emptySummary(): GroupSummary {
  return { weekCount: 0, weekAmount: ZERO, cumulativeCount: 0, cumulativeAmount: ZERO, openCount: 0, toDisburseAmount: ZERO, stageCounts: {} };
}

export function buildProgress(units: readonly RegisterUnit[], opts: ProgressOptions): ProgressModel {
  const monday = isoWeekMonday(opts.week);
  const sunday = addDays(monday, 6);
  const asOf = opts.asOf ?? sunday;
  // A stage is reached by the as-of date, and by today: a date after today has not happened (it makes the unit 无法判断 below).
  const reachedBy = opts.today && opts.today < asOf ? opts.today : asOf;
  const groups = new Map<string, ProgressGroup>();
  const stageOrder = new Map(STAGES.map((s) => [s.key, s.order]));
  // Units (户) for the totals: a 组合贷款's two lines are one unit.
  const weekUnits = new Set<RegisterUnit>();
  const disbursedUnits = new Set<RegisterUnit>();
  const openUnitStages = new Map<RegisterUnit, StageKey | 'none'>();
  const undecided: UndecidedUnit[] = [];

  for (const u of units) {
    // A row repeating an earlier row's unit: the unit counts once, by that row; this one is listed, in no count.
    if (u.duplicateOf) {
      undecided.push({ unit: u, columns: [u.duplicateOf.column], reason: repeatedReason(u, u.duplicateOf, opts.columns), repeats: u.duplicateOf.row });
      continue;
    }
    // A date after today is as good as unreadable: when it could move the unit on or date its credit, the unit is 无法判断.
    const late = opts.today ? futureDates(u, opts.today) : null;
    const bad = new Set([...(u.unreadable ?? []), ...Object.keys(late ?? {})]);
    // A 贷款类型 that could not be read is not 一次性付款: which loans, and under which bank, is not known.
    if (!u.loanType) {
      if (bad.has('loanType')) undecided.push({ unit: u, columns: COLUMN_ORDER.filter((k) => bad.has(k)), reason: undecidedReason(u, COLUMN_ORDER.filter((k) => bad.has(k)), opts.columns) });
      continue;
    }
    const parts: [LoanPart, Decimal | null][] = [];
    if (u.loanType !== 'providentFund') parts.push(['commercial', u.commercialLoan]);
    if (u.loanType !== 'commercial') parts.push(['providentFund', u.providentLoan]);
    const dates = stagesAsOf(u.stages, reachedBy);
    const finished = isFinished(u, dates);
    const stage = currentStage(dates);
    const stageDate = stage ? (dates[stage] ?? null) : null;
    let unread: string[] = [];
    if (bad.size) {
      // A stage after the current one whose date cannot be read may be reached: the unit may be further on, or finished.
      const current = stage ? stageOrder.get(stage)! : -Infinity;
      const cells = new Set(STAGES.filter((s) => s.order > current && bad.has(STAGE_COLUMNS[s.key])).map((s) => STAGE_COLUMNS[s.key]));
      for (const [part] of parts) for (const k of unreadPayment(u, part, bad)) cells.add(k);
      if (bad.has('depositRatio') && isFinished(u, dates, true) !== isFinished(u, dates, false)) cells.add('depositRatio');
      unread = COLUMN_ORDER.filter((k) => cells.has(k));
    }
    if (unread.length) {
      const dated = late && unread.some((k) => late[k]) ? { today: opts.today!, dates: Object.fromEntries(unread.filter((k) => late[k]).map((k) => [k, late[k]!])) } : undefined;
      undecided.push({ unit: u, columns: unread, reason: undecidedReason(u, unread, opts.columns, dated), ...(dated ? { future: dated } : {}) });
    }
    for (const [part, amount] of parts) {
      const loan = amount ?? ZERO;
      const bank = part === 'commercial' ? (u.bank ?? NO_BANK.zh) : PROVIDENT_CENTRE.zh;
      const key = `${part}|${bank}`;
      let g = groups.get(key);
      if (!g) {
        const bankName = part === 'commercial' ? (u.bank ? { zh: u.bank, en: u.bank } : NO_BANK) : PROVIDENT_CENTRE;
        g = {
          part,
          bank,
          label: { zh: `${PART_NAMES[part].zh} · ${bankName.zh}`, en: `${PART_NAMES[part].en} · ${bankName.en}` },
          lines: [],
          summary: emptySummary(),
        };
        groups.set(key, g);
      }
      // Of a unit that cannot be placed, a disbursement read in full still counts (本周/累计放款); nothing else does.
      if (unread.length && unreadPayment(u, part, bad).length) continue;
      const d = partDisbursement(u, part, loan);
      const disbursed = d && d.date <= asOf ? d.amount : ZERO;
      // max(0, loan − disbursed) without Decimal.max, which copies both arguments
      const left = loan.minus(disbursed);
      const toDisburse = left.isNeg() || left.isZero() ? ZERO : left;
      const s = g.summary;
      if (d && d.date >= monday && d.date <= sunday && d.date <= asOf) {
        s.weekCount += 1;
        s.weekAmount = s.weekAmount.plus(d.amount);
        weekUnits.add(u);
      }
      if (d && d.date <= asOf) {
        s.cumulativeCount += 1;
        s.cumulativeAmount = s.cumulativeAmount.plus(d.amount);
        disbursedUnits.add(u);
      }
      if (finished || unread.length) continue;
      // Only the lines listed below: a finished unit's withheld deposit is not still to be lent.
      s.toDisburseAmount = s.toDisburseAmount.plus(toDisburse);
      const daysInStage = stageDate ? daysBetween(stageDate, asOf) : null;
      const limitDays = stage ? (opts.thresholds[stage] ?? null) : null;
      g.lines.push({
        unit: u,
        part,
        loanAmount: loan,
        disbursed,
        toDisburse,
        stage,
        stageDate,
        daysInStage,
        limitDays,
        overdue: daysInStage !== null && limitDays !== null && daysInStage > limitDays,
        changedThisWeek: stageDate !== null && stageDate >= monday && stageDate <= sunday,
      });
      s.openCount += 1;
      const sk = stage ?? 'none';
      s.stageCounts[sk] = (s.stageCounts[sk] ?? 0) + 1;
      openUnitStages.set(u, sk);
    }
  }

  const bankRank = (b: string) => {
    const i = opts.bankOrder?.indexOf(b) ?? -1;
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const ordered = [...groups.values()].sort(
    (a, b) =>
      (a.part === b.part ? 0 : a.part === 'commercial' ? -1 : 1) ||
      bankRank(a.bank) - bankRank(b.bank) ||
      (a.bank < b.bank ? -1 : a.bank > b.bank ? 1 : 0),
  );
  for (const g of ordered) {
    g.lines.sort(
      (a, b) =>
        (stageOrder.get(a.stage as StageKey) ?? 0) - (stageOrder.get(b.stage as StageKey) ?? 0) ||
        (a.unit.unitKey < b.unit.unitKey ? -1 : a.unit.unitKey > b.unit.unitKey ? 1 : 0),
    );
  }

  const totals = { ...emptySummary(), loanAmount: ZERO, disbursed: ZERO, lineCount: 0, unitCount: openUnitStages.size };
  for (const g of ordered) {
    const s = g.summary;
    totals.weekAmount = totals.weekAmount.plus(s.weekAmount);
    totals.cumulativeAmount = totals.cumulativeAmount.plus(s.cumulativeAmount);
    totals.toDisburseAmount = totals.toDisburseAmount.plus(s.toDisburseAmount);
    for (const l of g.lines) {
      totals.loanAmount = totals.loanAmount.plus(l.loanAmount);
      totals.disbursed = totals.disbursed.plus(l.disbursed);
      totals.lineCount += 1;
    }
  }
  totals.weekCount = weekUnits.size;
  totals.cumulativeCount = disbursedUnits.size;
  totals.openCount = openUnitStages.size;
  for (const sk of openUnitStages.values()) totals.stageCounts[sk] = (totals.stageCounts[sk] ?? 0) + 1;
  const project = [...new Set(units.map((u) => u.project))].join('、');
  // By unit, a unit's rows in register order (a repeated row after the one it repeats).
  undecided.sort((a, b) => (a.unit.unitKey < b.unit.unitKey ? -1 : a.unit.unitKey > b.unit.unitKey ? 1 : 0) || (a.unit.source?.row ?? 0) - (b.unit.source?.row ?? 0));
  return { project, week: opts.week, monday, sunday, asOf, groups: ordered, totals, undecided };
}

/**
 * 贷款类型 of a line. The two lines of a 组合贷款 say which loan each is — 组合贷款（商贷）,
 * 组合贷款（公积金）: a sorted sheet no longer sits under its bank headings, and regenerating tells
 * the two apart by it (the description's rowTieBreak) to keep what was typed on each.
 */
function loanTypeText(u: RegisterUnit, part: LoanPart, lang: Lang): string | null {
  if (!u.loanType) return null;
  const name = LOAN_TYPE_NAMES[u.loanType][lang];
  if (u.loanType !== 'combined') return name;
  return lang === 'zh' ? `${name}（${PART_NAMES[part].zh}）` : `${name} (${PART_NAMES[part].en.toLowerCase()})`;
}

const OPEN_STAGES = STAGES.filter((s) => s.key !== 'depositRefunded');
const CHANGED_FILL = 'FFFFEB9C';

/** The progress sheet layout: the summary blocks and 大写 totals, then the table grouped by bank with 小计/合计. */
export function progressSheet(model: ProgressModel, description: SheetDescription, opts: { lang: Lang; sheetName?: string }): SheetLayout {
  const { lang } = opts;
  const zh = lang === 'zh';
  const yes = zh ? '是' : 'Yes';
  const stageName = (k: StageKey | null) => (k ? STAGES.find((s) => s.key === k)!.name[lang] : zh ? '未开始' : 'Not started');
  const rows: SheetRow[] = [];
  let seq = 0;
  // What every row of a unit shows of it, numbered in sheet order: a loan's line and a 无法判断 row alike.
  const unitCells = (u: RegisterUnit) => ({ seq: ++seq, unitKey: u.unitKey, mainBorrower: u.mainBorrower, contractNo: u.contractNo, totalPrice: u.totalPrice, follower: u.follower, remarks: u.remarks });
  for (const g of model.groups) {
    if (!g.lines.length) continue;
    rows.push({ kind: 'group', label: g.label[lang], values: {} });
    for (const l of g.lines) {
      rows.push({
        values: {
          ...unitCells(l.unit),
          loanType: loanTypeText(l.unit, l.part, lang),
          loanAmount: l.loanAmount,
          disbursed: l.disbursed,
          toDisburse: l.toDisburse,
          stage: stageName(l.stage),
          stageDate: l.stageDate,
          daysInStage: l.daysInStage,
          limitDays: l.limitDays,
          overdue: l.overdue ? yes : null,
          changed: l.changedThisWeek ? yes : null,
        },
        ...(l.changedThisWeek ? { highlight: CHANGED_FILL } : {}),
      });
    }
    rows.push({ kind: 'subtotal', label: zh ? `小计（${g.lines.length}户）` : `Subtotal (${g.lines.length})`, values: {} });
  }
  rows.push({ kind: 'total', label: zh ? `合计（${model.totals.unitCount}户，${model.totals.lineCount}笔）` : `Total (${model.totals.unitCount} units, ${model.totals.lineCount} loans)`, values: {} });
  // Below the 合计, outside every sum: the units whose place the register cannot tell, each with the cells to correct.
  // Units whose cells cannot be read, and rows repeating an earlier row's unit (not a unit of their own).
  const repeatedRows = model.undecided.filter((x) => x.repeats !== undefined).length;
  const unreadUnits = model.undecided.length - repeatedRows;
  // Why those units cannot be told: cells not read, dates after today, or both.
  const dated = model.undecided.some((x) => x.future);
  const unreadCells = model.undecided.some((x) => x.repeats === undefined && x.columns.some((k) => !x.future?.dates[k]));
  const why = dated ? (unreadCells ? { zh: '台账单元格无法识别或日期晚于今天', en: 'register cells cannot be read or are dated after today' } : { zh: '台账日期晚于今天', en: 'register dates after today' }) : { zh: '台账单元格无法识别', en: 'register cells cannot be read' };
  if (model.undecided.length) {
    const what = zh ? [unreadUnits ? `${unreadUnits}户` : '', repeatedRows ? `重复行 ${repeatedRows} 行` : ''] : [unreadUnits ? `${unreadUnits} ${unreadUnits === 1 ? 'unit' : 'units'}` : '', repeatedRows ? `${repeatedRows} repeated ${repeatedRows === 1 ? 'row' : 'rows'}` : ''];
    rows.push({ kind: 'group', label: zh ? `无法判断（${what.filter(Boolean).join('，')}，未计入合计）` : `Cannot tell (${what.filter(Boolean).join(', ')}, not in the totals)`, values: {} });
    for (const x of model.undecided) {
      rows.push({
        values: {
          ...unitCells(x.unit),
          loanType: x.unit.loanType ? LOAN_TYPE_NAMES[x.unit.loanType][lang] : null,
          stage: x.reason[lang],
        },
      });
    }
  }

  const money = '¥#,##0.00';
  // The 合计 counts units: where a 组合贷款 made it less than the column above, say why.
  const linesOf = (count: (s: GroupSummary) => number) => model.groups.reduce((n, g) => n + count(g.summary), 0);
  const combinedOnce =
    linesOf((s) => s.weekCount) !== model.totals.weekCount ||
    linesOf((s) => s.cumulativeCount) !== model.totals.cumulativeCount ||
    linesOf((s) => s.openCount) !== model.totals.openCount;
  const totalNote = combinedOnce ? (zh ? '组合贷款计1户' : 'combined loans count once') : '';
  const groupsWithTotal = [...model.groups.map((g) => ({ part: PART_NAMES[g.part][lang], bank: g.part === 'commercial' ? g.bank : PROVIDENT_CENTRE[lang], s: g.summary })), { part: zh ? '合计' : 'Total', bank: totalNote, s: model.totals as GroupSummary }];
  const summary: SheetBlock = {
    title: zh ? '各银行汇总' : 'Summary per bank',
    headers: zh
      ? ['类别', '银行', '本周放款户数', '本周放款金额', '累计放款户数', '累计放款金额', '在途户数', '待放款金额']
      : ['Loan', 'Bank', 'Disbursed this week (units)', 'Disbursed this week', 'Disbursed to date (units)', 'Disbursed to date', 'Open units', 'To disburse'],
    rows: groupsWithTotal.map((x) => [x.part, x.bank, x.s.weekCount, x.s.weekAmount, x.s.cumulativeCount, x.s.cumulativeAmount, x.s.openCount, x.s.toDisburseAmount]),
    formats: [null, null, '0', money, '0', money, '0', money],
    totalRow: true,
  };
  const stageBlock: SheetBlock = {
    title: zh ? '在途各阶段户数' : 'Open units per stage',
    headers: [zh ? '类别' : 'Loan', zh ? '银行' : 'Bank', zh ? '未开始' : 'Not started', ...OPEN_STAGES.map((s) => s.name[lang])],
    rows: groupsWithTotal.map((x) => [x.part, x.bank, x.s.stageCounts.none ?? 0, ...OPEN_STAGES.map((s) => x.s.stageCounts[s.key] ?? 0)]),
    formats: [null, null, ...new Array<string>(OPEN_STAGES.length + 1).fill('0')],
    totalRow: true,
  };
  const words: SheetBlock = {
    title: zh ? '合计金额（大写）' : 'Totals in words (大写)',
    headers: zh ? ['项目', '金额', '大写'] : ['Item', 'Amount', 'In words'],
    rows: [
      [zh ? '本周放款' : 'Disbursed this week', model.totals.weekAmount, toChineseUppercase(model.totals.weekAmount)],
      [zh ? '累计放款' : 'Disbursed to date', model.totals.cumulativeAmount, toChineseUppercase(model.totals.cumulativeAmount)],
      [zh ? '待放款' : 'To disburse', model.totals.toDisburseAmount, toChineseUppercase(model.totals.toDisburseAmount)],
    ],
    formats: [null, money, null],
    wideLast: true,
  };
  return layoutSheet(description, rows, {
    lang,
    sheetName: opts.sheetName,
    title: zh ? `${model.project} 按揭进度表（${model.week}）` : `${model.project} weekly mortgage progress (${model.week})`,
    info: [
      { label: { zh: '项目：', en: 'Project:' }, value: model.project },
      { label: { zh: '周次：', en: 'Week:' }, value: zh ? `${model.week}（${model.monday} 至 ${model.sunday}）` : `${model.week} (${model.monday} to ${model.sunday})` },
      { label: { zh: '截至日期：', en: 'As of:' }, value: { kind: 'date', date: model.asOf }, format: 'yyyy-mm-dd' },
      {
        label: { zh: '本周放款：', en: 'This week:' },
        value: zh
          ? `${model.totals.weekCount} 户，${formatYuan(model.totals.weekAmount)}`
          : `${model.totals.weekCount} unit(s), ${formatYuan(model.totals.weekAmount)}`,
      },
      ...(model.undecided.length
        ? [
            {
              label: { zh: '无法判断：', en: 'Cannot tell:' },
              value: zh
                ? `${[unreadUnits ? `${unreadUnits} 户（${why.zh}）` : '', repeatedRows ? `重复行 ${repeatedRows} 行（与台账前面的行房号相同）` : ''].filter(Boolean).join('，')}，未计入在途与待放款，见表末`
                : `${[unreadUnits ? `${unreadUnits} unit(s) (${why.en})` : '', repeatedRows ? `${repeatedRows} repeated row(s) (the unit of an earlier register row)` : ''].filter(Boolean).join(', ')}, not in the open units or to disburse: see the end of the table`,
            },
          ]
        : []),
    ],
    blocks: [summary, stageBlock, words],
    // The table header repeats on every printed page: below a long table the summaries printed under it.
    blocksFirst: true,
  });
}
