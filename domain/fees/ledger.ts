import Decimal from 'decimal.js';
import type { LocalDate } from '../dates';
import { maskPhone } from '../identifiers';
import { formatYuan, roundFen } from '../money';
import type { RegisterUnit } from '../register';
import { STAGES } from '../stages';
import type { Lang, SheetDescription } from '../sheets/description';
import type { SheetLayout } from '../sheets/layout';
import { layoutSheet, type InfoLine, type SheetRow } from '../sheets/layoutSheet';
import type { Bilingual } from '../text';
import { computeDeposit, computeUnitFees, FEE_NAMES, type ComputedFee, type DepositComputation, type FeeKind, type FeeOptions } from './compute';
import { cityName, type FeeRules } from './rules';

/**
 * The fee ledger (代收代缴费用台账): per unit, each buyer fee computed from the rules (amount and
 * rule id) against what the register says was collected; outstanding = due − collected. The
 * register has one collected column per fee: 已收契税, 已收维修资金, 已收登记费 (登记费 + 工本费
 * together). 印花税 lines appear only when not exempt; the desk does not collect it (no register
 * column), so they are shown for information (不代收): the amount is in the basis text, not in the
 * 应收 column, and counts in no total or list.
 * A line whose due cannot be computed (a register cell blank or unreadable, no rule in force), or
 * whose collected amount cannot be read, is 无法计算: no figures in its money columns (what was
 * collected is stated in the basis), in no total and on neither list; `problems` says what to fix.
 * So every total ties: 应收 − 已收 = 未收, line by line and in the 合计 row.
 * A row repeating an earlier row's unit (DUPLICATE_UNIT, validateRegister) is listed, its fees 无法计算
 * (与台账第 N 行重复): the unit's fees are charged once, on its first row, and counted once in the totals.
 * Fees fall due when the contract is filed (网签备案): a unit not yet filed (no 备案日期 and no later stage
 * dated: filedByLaterStage) with nothing collected at all is 未到收取 (not yet due) and stays off the underpaid list. A 签约日期 or 备案日期 after the day of the
 * run (opts.today, DATE_FUTURE) has not happened: it is read as one that cannot be read (无法计算, at that cell).
 * Buyers who underpaid (to notify) and who overpaid (to refund) are listed per unit.
 */
export type LedgerFee = 'deedTax' | 'maintenanceFund' | 'registration' | 'stampDuty';
export type LineStatus = 'settled' | 'underpaid' | 'overpaid' | 'unknown' | 'notCollected' | 'notYetDue';

export const LEDGER_FEE_NAMES: Record<LedgerFee, Bilingual> = {
  deedTax: FEE_NAMES.deedTax,
  maintenanceFund: FEE_NAMES.maintenanceFund,
  registration: { zh: '登记费（含工本费）', en: 'Registration + certificate fee' },
  stampDuty: FEE_NAMES.stampDuty,
};
export const STATUS_TEXT: Record<LineStatus, Bilingual> = {
  settled: { zh: '相符', en: 'Settled' },
  underpaid: { zh: '少收', en: 'Underpaid' },
  overpaid: { zh: '多收', en: 'Overpaid' },
  unknown: { zh: '无法计算', en: 'Cannot compute' },
  notCollected: { zh: '不代收', en: 'Not collected' },
  notYetDue: { zh: '未到收取', en: 'Not yet due' },
};

export interface LedgerLine {
  unit: RegisterUnit;
  fee: LedgerFee;
  /** The computed fee(s) behind this line (registration: 登记费 and 工本费). */
  computed: ComputedFee[];
  /** The fee as computed; for a 不代收 line, information only (not in the 应收 column). */
  due: Decimal | null;
  ruleIds: string[];
  /** As the register says; null: not collected by the desk (印花税), or the cell cannot be read. */
  collected: Decimal | null;
  /** due − collected (positive: the buyer still owes); null when either is not known or the desk does not collect the fee. */
  outstanding: Decimal | null;
  status: LineStatus;
}

export interface UnitBalance {
  unit: RegisterUnit;
  lines: LedgerLine[];
  due: Decimal;
  collected: Decimal;
  /** Underpaid: Σ(due − collected) of the short lines; overpaid: Σ(collected − due) of the over lines. */
  difference: Decimal;
}

export interface FeeProblem {
  unit: RegisterUnit;
  fee: LedgerFee;
  problem: Bilingual;
  /** The register column (key) to fill in or correct, when one cell is the cause. */
  column?: string;
}

export interface FeeLedger {
  /** The maintenance-fund city's name (as the rules name it, else as given). */
  city: Bilingual;
  lines: LedgerLine[];
  underpaid: UnitBalance[];
  overpaid: UnitBalance[];
  /**
   * Over the lines the desk collects whose due and collected are known (not 无法计算, not 不代收):
   * due − collected = outstanding to the fen; outstanding = underpaid − overpaid + not yet due.
   */
  totals: { due: Decimal; collected: Decimal; outstanding: Decimal; underpaid: Decimal; overpaid: Decimal; notYetDue: Decimal };
  /** 无法计算 lines: how many, and what the register says was collected on them (in no total). */
  uncounted: { lines: number; collected: Decimal };
  /** Lines whose fee could not be computed, with the reason. */
  problems: FeeProblem[];
  /** Warnings about the rules used (example maintenance-fund rates), to show beside the totals. */
  warnings: Bilingual[];
  /** The rule ids used whose rates are examples (maintenance-fund.json `example: true`), for the pane to say in the desk's words. */
  exampleRules: string[];
  /**
   * Collected columns (已收契税 …) the register has no column for (LedgerOptions.columns): their lines
   * are 无法计算 — no column is not "nothing collected" — said once per column, with how many lines.
   */
  missingColumns: { fee: LedgerFee; key: string; name: Bilingual; lines: number }[];
}

export interface LedgerOptions extends FeeOptions {
  /**
   * The register's columns as found in its header (key → letter), when read from a sheet. A fee whose
   * collected column is not among them cannot be checked against what was collected. Left out (units
   * built in memory): every collected column is taken to be there.
   */
  columns?: Partial<Record<string, string>>;
}

const ZERO = new Decimal(0);

function sum(ds: (Decimal | null)[]): Decimal | null {
  if (ds.some((d) => d === null)) return null;
  return ds.reduce<Decimal>((a, d) => a.plus(d as Decimal), ZERO);
}

/** The register column of what was collected for each fee the desk collects. */
const COLLECTED: Record<Exclude<LedgerFee, 'stampDuty'>, { key: 'deedTaxCollected' | 'maintenanceFundCollected' | 'registrationFeeCollected'; name: Bilingual }> = {
  deedTax: { key: 'deedTaxCollected', name: { zh: '已收契税', en: 'deed tax collected' } },
  maintenanceFund: { key: 'maintenanceFundCollected', name: { zh: '已收维修资金', en: 'maintenance fund collected' } },
  registration: { key: 'registrationFeeCollected', name: { zh: '已收登记费', en: 'registration fee collected' } },
};

/** Lines whose figures count in the totals and the 合计 row. */
const counted = (l: LedgerLine) => l.status !== 'unknown' && l.status !== 'notCollected';

export function buildFeeLedger(units: readonly RegisterUnit[], rules: FeeRules, opts: LedgerOptions): FeeLedger {
  const lines: LedgerLine[] = [];
  const problems: FeeProblem[] = [];
  const examples = new Set<string>();
  const absent = (key: string) => opts.columns !== undefined && !opts.columns[key];
  const missing = new Map<LedgerFee, number>();
  for (const unit of units) {
    const fees = computeUnitFees(unit, rules, opts);
    const of = (k: FeeKind) => fees.filter((f) => f.kind === k);
    const groups: [LedgerFee, ComputedFee[]][] = [
      ['deedTax', of('deedTax')],
      ['maintenanceFund', of('maintenanceFund')],
      ['registration', [...of('registrationFee'), ...of('certificateFee')]],
    ];
    // Nothing collected: every collected cell blank (one filled but unreadable says something was).
    const nothingCollected = Object.values(COLLECTED).every((c) => unit[c.key] === null && !unit.unreadable?.includes(c.key));
    // A 备案日期 that cannot be read does not say "not filed": with nothing collected, whether the fees are due is unknown.
    // Nor does one after the day of the run (DATE_FUTURE): a filing to come, or a 2027 typed for 2026.
    const filedLater = opts.today && unit.filingDate && unit.filingDate > opts.today ? unit.filingDate : null;
    const filingUnknown = nothingCollected && ((unit.unreadable?.includes('filingDate') ?? false) || filedLater !== null);
    const notYetDue = !unit.filingDate && nothingCollected && !filingUnknown && !filedByLaterStage(unit, opts.today);
    const stamp = of('stampDuty');
    if (stamp.some((f) => f.amount === null || !f.amount.isZero())) groups.push(['stampDuty', stamp]);
    for (const [fee, computed] of groups) {
      const due = sum(computed.map((c) => c.amount));
      for (const c of computed) {
        if (c.problem) problems.push({ unit, fee, problem: c.problem, ...(c.column ? { column: c.column } : {}) });
        if (c.example && c.ruleId) examples.add(c.ruleId);
      }
      const source = fee === 'stampDuty' ? null : COLLECTED[fee];
      // A collected amount below 0 (a slipped minus sign; the register calls it an error) is no more
      // what was collected than one that cannot be read: the line is 无法计算, not 少收 by due + it.
      const typed = source === null ? null : unit[source.key];
      const negative = typed !== null && typed.isNeg() && !typed.isZero();
      // A register without the column says nothing of what was collected: not 0 (every buyer 少收 the whole fee).
      const noColumn = source !== null && absent(source.key);
      if (noColumn) missing.set(fee, (missing.get(fee) ?? 0) + 1);
      const unreadable = source !== null && ((unit.unreadable?.includes(source.key) ?? false) || negative || noColumn);
      if (source && unreadable && !noColumn) {
        const problem = negative
          ? { zh: `${source.name.zh} ${formatYuan(typed)} 不能为负数，请改正该单元格`, en: `the ${source.name.en} ${formatYuan(typed)} cannot be negative: correct the cell` }
          : { zh: `${source.name.zh}无法识别，请改正该单元格`, en: `the ${source.name.en} cannot be read: correct the cell` };
        problems.push({ unit, fee, problem, column: source.key });
      }
      // To the fen, as shown: a cell holding 9999.9999999 (a formula result) was 10,000.00 collected.
      const collected = source === null || unreadable ? null : roundFen(unit[source.key] ?? ZERO);
      let outstanding = due === null || collected === null ? null : due.minus(collected);
      const undecided = source !== null && filingUnknown && outstanding !== null && outstanding.gt(0);
      if (undecided) {
        const problem = filedLater
          ? { zh: `备案日期 ${filedLater} 晚于今天（${opts.today}），不能判断是否已到收取，请改正该单元格`, en: `the filing date ${filedLater} is after today (${opts.today}), so whether the fee is due is not known: correct the cell` }
          : { zh: '备案日期无法识别，不能判断是否已到收取，请改正该单元格', en: 'the filing date cannot be read, so whether the fee is due is not known: correct the cell' };
        problems.push({ unit, fee, problem, column: 'filingDate' });
        outstanding = null;
      }
      const status: LineStatus =
        due === null || unreadable || undecided
          ? 'unknown'
          : source === null
            ? 'notCollected'
            : notYetDue && outstanding!.gt(0)
              ? 'notYetDue'
              : outstanding!.gt(0)
                ? 'underpaid'
                : outstanding!.lt(0)
                  ? 'overpaid'
                  : 'settled';
      // A zero 工本费 is shown only through its rule in the model, not in the line's text.
      const shown = computed.filter((c, k) => k === 0 || c.amount === null || !c.amount.isZero());
      lines.push({ unit, fee, computed: shown, due, ruleIds: shown.map((c) => c.ruleId).filter((x): x is string => x !== null), collected, outstanding, status });
    }
  }
  const byUnit = new Map<RegisterUnit, LedgerLine[]>();
  for (const l of lines) byUnit.set(l.unit, [...(byUnit.get(l.unit) ?? []), l]);
  const balances = (status: 'underpaid' | 'overpaid'): UnitBalance[] => {
    const out: UnitBalance[] = [];
    for (const unit of units) {
      const ls = (byUnit.get(unit) ?? []).filter((l) => l.status === status);
      if (!ls.length) continue;
      const due = ls.reduce((a, l) => a.plus(l.due ?? 0), ZERO);
      const collected = ls.reduce((a, l) => a.plus(l.collected ?? 0), ZERO);
      out.push({ unit, lines: ls, due, collected, difference: status === 'underpaid' ? due.minus(collected) : collected.minus(due) });
    }
    return out;
  };
  const underpaid = balances('underpaid');
  const overpaid = balances('overpaid');
  const inTotals = lines.filter(counted);
  const totals = {
    due: inTotals.reduce((a, l) => a.plus(l.due!), ZERO),
    collected: inTotals.reduce((a, l) => a.plus(l.collected!), ZERO),
    outstanding: inTotals.reduce((a, l) => a.plus(l.outstanding!), ZERO),
    underpaid: underpaid.reduce((a, b) => a.plus(b.difference), ZERO),
    overpaid: overpaid.reduce((a, b) => a.plus(b.difference), ZERO),
    notYetDue: inTotals.reduce((a, l) => (l.status === 'notYetDue' ? a.plus(l.outstanding!) : a), ZERO),
  };
  const unknown = lines.filter((l) => l.status === 'unknown');
  const uncounted = { lines: unknown.length, collected: unknown.reduce((a, l) => a.plus(l.collected ?? 0), ZERO) };
  const warnings = [...examples].map((ruleId) => ({
    zh: `维修资金按示例费率计算（${ruleId}，templates/fees/maintenance-fund.json 中 example 为 true）：请按当地现行通知核对费率，核对后将 example 改为 false`,
    en: `The maintenance fund was computed with example rates (${ruleId}, example: true in templates/fees/maintenance-fund.json): check them against the city's current notice, then set example to false`,
  }));
  const missingColumns = [...missing].map(([fee, n]) => {
    const c = COLLECTED[fee as Exclude<LedgerFee, 'stampDuty'>];
    return { fee, key: c.key, name: c.name, lines: n };
  });
  return { city: cityName(rules, opts.city), lines, underpaid, overpaid, totals, uncounted, problems, warnings, exampleRules: [...examples], missingColumns };
}

function buyerNames(u: RegisterUnit): string {
  return u.buyers.map((b) => b.name).join('、');
}

/** The 计费依据 text of a line; a line outside the totals says why, and what its figures were. */
function basisText(l: LedgerLine, lang: Lang): string {
  const text = l.computed.map((c) => c.basis[lang]).join(lang === 'zh' ? '；' : '; ');
  const zh = lang === 'zh';
  if (l.status === 'notCollected' && l.due) return zh ? `${text} = ${formatYuan(l.due)}（不代收，仅供参考）` : `${text} = ${formatYuan(l.due)} (not collected by the desk; for information)`;
  if (l.status === 'unknown' && l.collected && !l.collected.isZero()) {
    return zh ? `${text}（已收 ${formatYuan(l.collected)}，未计入合计）` : `${text} (collected ${formatYuan(l.collected)}, not in the totals)`;
  }
  return text;
}

export function feeLedgerSheet(ledger: FeeLedger, description: SheetDescription, opts: { lang: Lang }): SheetLayout {
  const { lang } = opts;
  const rows: SheetRow[] = ledger.lines.map((l, i) => {
    // Only lines in the totals carry figures, so the 合计 row ties: 应收 − 已收 = 未收.
    const figures = counted(l);
    return {
      values: {
        seq: i + 1,
        project: l.unit.project,
        unitKey: l.unit.unitKey,
        buyer: buyerNames(l.unit),
        fee: LEDGER_FEE_NAMES[l.fee][lang],
        basis: basisText(l, lang),
        ruleId: l.ruleIds.join(', '),
        due: figures ? (l.due ?? undefined) : undefined,
        collected: figures ? (l.collected ?? undefined) : undefined,
        outstanding: figures ? (l.outstanding ?? undefined) : undefined,
        status: STATUS_TEXT[l.status][lang],
      },
    };
  });
  rows.push({ kind: 'total', label: lang === 'zh' ? '合计' : 'Total', values: {} });
  const zh = lang === 'zh';
  const city = ledger.city[lang];
  const t = ledger.totals;
  const info: InfoLine[] = [
    { label: { zh: '维修资金城市：', en: 'Maintenance-fund city:' }, value: city },
    { label: { zh: '应收合计：', en: 'Total due:' }, value: t.due, format: '¥#,##0.00' },
    { label: { zh: '已收合计：', en: 'Total collected:' }, value: t.collected, format: '¥#,##0.00' },
    { label: { zh: '未收合计（应收−已收）：', en: 'Outstanding (due − collected):' }, value: t.outstanding, format: '¥#,##0.00' },
    {
      label: { zh: '少收 / 多收：', en: 'Underpaid / overpaid:' },
      value: zh
        ? `少收 ${ledger.underpaid.length} 户 ${formatYuan(t.underpaid)}；多收 ${ledger.overpaid.length} 户 ${formatYuan(t.overpaid)}；未到收取 ${formatYuan(t.notYetDue)}`
        : `${ledger.underpaid.length} underpaid ${formatYuan(t.underpaid)}; ${ledger.overpaid.length} overpaid ${formatYuan(t.overpaid)}; not yet due ${formatYuan(t.notYetDue)}`,
    },
  ];
  if (ledger.uncounted.lines) {
    const u = ledger.uncounted;
    info.push({
      label: { zh: '无法计算：', en: 'Cannot compute:' },
      value: zh
        ? `${u.lines} 项未计入合计（其已收 ${formatYuan(u.collected)}），见状态“无法计算”的行`
        : `${u.lines} line(s) left out of the totals (collected on them ${formatYuan(u.collected)}); see the lines marked "Cannot compute"`,
    });
  }
  for (const m of ledger.missingColumns) {
    const fee = LEDGER_FEE_NAMES[m.fee];
    info.push({
      label: { zh: '注意：', en: 'Note:' },
      value: zh ? `台账没有「${m.name.zh}」列，${fee.zh}未与已收核对（状态“无法计算”）` : `The register has no ${m.name.zh} (${m.name.en}) column: ${fee.en} is not checked against what was collected ("Cannot compute")`,
    });
  }
  for (const w of ledger.warnings) info.push({ label: { zh: '注意：', en: 'Note:' }, value: w[lang] });
  return layoutSheet(description, rows, {
    lang,
    title: zh ? `代收代缴费用台账（${city}）` : `Fees collected on the buyers' behalf (${city})`,
    info,
  });
}

/** The sheet names of 少收名单 and 多收名单 in each language (the add-in looks for them before choosing the language to write). */
export const FEE_BALANCE_SHEETS: Record<'underpaid' | 'overpaid', Bilingual> = {
  underpaid: { zh: '少收名单', en: 'Underpaid' },
  overpaid: { zh: '多收名单', en: 'Overpaid' },
};

export function feeBalanceSheet(
  ledger: FeeLedger,
  which: 'underpaid' | 'overpaid',
  description: SheetDescription,
  opts: { lang: Lang; showPii?: boolean },
): SheetLayout {
  const { lang } = opts;
  const zh = lang === 'zh';
  const list = which === 'underpaid' ? ledger.underpaid : ledger.overpaid;
  const rows: SheetRow[] = list.map((b, i) => {
    // The first phone the register has: a couple often gives only the second buyer's.
    const phone = b.unit.buyers.find((x) => x.phone)?.phone ?? null;
    return {
      values: {
        seq: i + 1,
        project: b.unit.project,
        unitKey: b.unit.unitKey,
        buyer: buyerNames(b.unit),
        phone: phone ? (opts.showPii ? phone : maskPhone(phone)) : null,
        items: b.lines
          .map((l) => {
            const gap = which === 'underpaid' ? (l.outstanding ?? ZERO) : (l.outstanding ?? ZERO).neg();
            return `${LEDGER_FEE_NAMES[l.fee][lang]} ${formatYuan(gap)}`;
          })
          .join(zh ? '；' : '; '),
        due: b.due,
        collected: b.collected,
        difference: b.difference,
      },
    };
  });
  rows.push({ kind: 'total', label: zh ? `合计（${list.length}户）` : `Total (${list.length})`, values: {} });
  const names = {
    underpaid: { sheet: FEE_BALANCE_SHEETS.underpaid, title: { zh: '少收费用通知名单（请通知买受人补交）', en: 'Buyers who underpaid (to be notified)' } },
    overpaid: { sheet: FEE_BALANCE_SHEETS.overpaid, title: { zh: '多收费用名单（请办理退还）', en: 'Buyers who overpaid (to be refunded)' } },
  }[which];
  // Phones in full are personal data the person asked for on this run: the sheet says so where it is read first.
  const pii = opts.showPii ? (zh ? '（含完整电话号码，属个人信息，仅供通知买受人，请勿外传）' : ' (full phone numbers: personal data, only for calling the buyers; do not pass on)') : '';
  return layoutSheet(description, rows, { lang, sheetName: names.sheet[lang], title: `${names.title[lang]}${pii}` });
}

/** Where a deposit ratio came from, in words, with the rule id of templates/fees/deposit.json to look it up. */
function depositSource(ruleId: string | null, rules: FeeRules, lang: Lang): string | null {
  if (ruleId === null) return null;
  if (ruleId === 'register') return lang === 'zh' ? '台账填写' : 'Register';
  if (ruleId === rules.deposit.default.id) return lang === 'zh' ? `通用默认（${ruleId}）` : `General default (${ruleId})`;
  return lang === 'zh' ? `银行约定（${ruleId}）` : `Bank's ratio (${ruleId})`;
}

/** A 按揭保证金 that could not be computed (listed 无法计算 on the sheet), at the register cell to correct. */
export interface DepositProblem {
  unit: RegisterUnit;
  problem: Bilingual;
  /** The register column (key) to correct. */
  column?: string;
}

/** A unit's 按揭保证金, computed once (depositLines) for the sheet and for its 无法计算 list. */
export interface DepositLine {
  unit: RegisterUnit;
  deposit: DepositComputation;
  /** On the sheet in place of the problem's words, which name the day of the run: regenerated another day, the same slip reads the same. */
  shown?: Bilingual;
}

/** The register date cells the 未退金额 goes by, named as the problem list names them. */
const DEPOSIT_DATES = {
  commercialDisbursedDate: { zh: '商贷放款日期', en: 'commercial disbursement date' },
  disbursedDate: { zh: '放款日期', en: 'disbursement date' },
  depositRefundedDate: { zh: '保证金退还日期', en: 'deposit refund date' },
};

/**
 * The deposit's credit or refund date that cannot be read (BAD_DATE: 2026-13-45, 待定) or is after the day of the
 * run (DATE_FUTURE) does not say whether the bank holds the deposit: the line is 无法计算 at that cell, not ¥35,000
 * held (a refund date unread is not "not refunded") or nothing withheld (a credit date unread is not "not credited").
 */
function depositDateUnknown(unit: RegisterUnit, today: LocalDate | undefined): Omit<DepositLine, 'unit'> | null {
  const unread = (key: string) => unit.unreadable?.includes(key) ?? false;
  // An unreadable 商贷放款日期 is the commercial credit's own: the 放款日期 is no stand-in for it.
  const credit: keyof typeof DEPOSIT_DATES = unit.commercialDisbursedDate || unread('commercialDisbursedDate') ? 'commercialDisbursedDate' : 'disbursedDate';
  const dates: [keyof typeof DEPOSIT_DATES, LocalDate | null | undefined, Bilingual][] = [
    [credit, unit.commercialDisbursedDate ?? unit.stages.disbursed, { zh: '不能判断银行是否已扣存保证金', en: 'so whether the bank holds the deposit is not known' }],
    ['depositRefundedDate', unit.stages.depositRefunded, { zh: '不能判断保证金是否已退还', en: 'so whether the deposit was refunded is not known' }],
  ];
  const unknown = dates.find(([column, date]) => unread(column) || (today && date && date > today));
  if (!unknown) return null;
  const [column, date, why] = unknown;
  const name = DEPOSIT_DATES[column];
  const cannot = (problem: Bilingual) => ({ ratio: null, amount: null, ruleId: null, column, problem });
  if (unread(column)) return { deposit: cannot({ zh: `${name.zh}无法识别，${why.zh}`, en: `the ${name.en} cannot be read, ${why.en}` }) };
  return {
    deposit: cannot({ zh: `${name.zh} ${date} 晚于今天（${today}），${why.zh}`, en: `the ${name.en} ${date} is after today (${today}), ${why.en}` }),
    shown: { zh: `${name.zh} ${date} 晚于今天，${why.zh}`, en: `the ${name.en} ${date} is after today, ${why.en}` },
  };
}

/**
 * A refund the bank cannot have made: dated before the credit, or with no credit at all (it withholds the deposit
 * when it credits the loan; validateRegister calls it STAGE_ORDER). Which date is wrong is not known, so neither is
 * whether the deposit is refunded or still held: the line is 无法计算 at the refund date, naming both dates.
 */
function refundBeforeCredit(unit: RegisterUnit): Omit<DepositLine, 'unit'> | null {
  const refund = unit.stages.depositRefunded;
  const credit = unit.commercialDisbursedDate ?? unit.stages.disbursed ?? null;
  if (!refund || (credit && credit <= refund)) return null;
  const { zh, en } = DEPOSIT_DATES[unit.commercialDisbursedDate ? 'commercialDisbursedDate' : 'disbursedDate'];
  const problem = credit
    ? {
        zh: `保证金退还日期 ${refund} 早于${zh} ${credit}：银行放款时才扣存保证金，不能判断保证金是否已退还`,
        en: `the deposit refund date ${refund} is before the ${en} ${credit}: the bank withholds the deposit when it credits the loan, so whether the deposit was refunded is not known`,
      }
    : {
        zh: `保证金退还日期 ${refund} 已填，但没有${zh}：银行放款时才扣存保证金，未放款的无从退还`,
        en: `the deposit refund date ${refund} is filled in but there is no ${en}: the bank withholds the deposit when it credits the loan, and cannot refund one it never withheld`,
      };
  return { deposit: { ratio: null, amount: null, ruleId: null, column: 'depositRefundedDate', problem } };
}

/** The stages after 网签备案 (资料收齐 … 保证金退还): a bank takes a loan's papers, approves and credits it only on a filed contract. */
const AFTER_FILING = STAGES.filter((s) => s.key !== 'signed' && s.key !== 'filed').map((s) => s.key);

/**
 * A unit with no 备案日期 but a later stage that has happened (by the day of the run) was filed: the blank
 * is a gap in the register (STAGE_GAP), not a filing to come, so its fees are due — not 未到收取, which
 * kept a disbursed buyer who paid nothing off 少收名单.
 */
function filedByLaterStage(unit: RegisterUnit, today: LocalDate | undefined): boolean {
  const happened = (d: LocalDate | null | undefined) => !!d && (!today || d <= today);
  return happened(unit.commercialDisbursedDate) || AFTER_FILING.some((k) => happened(unit.stages[k]));
}

/** Each unit's 按揭保证金, in register order: what depositSheet lists and depositProblems reports; `today`: the day of the run (left out: dates as written). */
export function depositLines(units: readonly RegisterUnit[], rules: FeeRules, opts: { today?: LocalDate } = {}): DepositLine[] {
  return units.map((unit) => {
    const deposit = computeDeposit(unit, rules);
    // A date unread or to come is said first: the order of a date not known is not either.
    const unknown = deposit.amount ? (depositDateUnknown(unit, opts.today) ?? refundBeforeCredit(unit)) : null;
    return unknown ? { unit, ...unknown } : { unit, deposit };
  });
}

/** The 按揭保证金 lines the sheet lists as 无法计算, in its order: outside its 合计, so the desk is told which and why. */
export function depositProblems(lines: readonly DepositLine[]): DepositProblem[] {
  return lines.flatMap(({ unit, deposit: d }) => (d.problem ? [{ unit, problem: d.problem, ...(d.column ? { column: d.column } : {}) }] : []));
}

/** 按揭保证金 per commercial loan: ratio (row, bank or default — 比例来源 says which), amount, and what is not yet refunded. */
export function depositSheet(lines: readonly DepositLine[], rules: FeeRules, description: SheetDescription, opts: { lang: Lang }): SheetLayout {
  const { lang } = opts;
  const zh = lang === 'zh';
  const rows: SheetRow[] = [];
  let uncounted = 0;
  for (const { unit: u, deposit: d, shown } of lines) {
    if (d.problem) {
      // Listed without figures, so the loan is not silently missing from the sheet.
      rows.push({ values: { seq: rows.length + 1, project: u.project, unitKey: u.unitKey, buyer: u.mainBorrower, bank: u.bank, ruleId: `${zh ? '无法计算：' : 'Cannot compute: '}${(shown ?? d.problem)[lang]}` } });
      uncounted++;
      continue;
    }
    if (!d.amount) continue;
    const refunded = u.stages.depositRefunded ?? null;
    // The bank withholds the deposit when it disburses: before that there is nothing to refund.
    const disbursed = u.commercialDisbursedDate ?? u.stages.disbursed ?? null;
    rows.push({
      values: {
        seq: rows.length + 1,
        project: u.project,
        unitKey: u.unitKey,
        buyer: u.mainBorrower,
        bank: u.bank,
        loan: u.commercialLoan ?? undefined,
        ratio: d.ratio ?? undefined,
        ruleId: depositSource(d.ruleId, rules, lang),
        deposit: d.amount,
        disbursedDate: disbursed,
        certificateDate: u.stages.certificateHandedOver ?? null,
        refundedDate: refunded,
        outstanding: refunded || !disbursed ? ZERO : d.amount,
      },
    });
  }
  // The 合计 counts the loans it adds up; those without figures are said apart, as on the fee ledger.
  const counted = rows.length - uncounted;
  rows.push({ kind: 'total', label: zh ? `合计（${counted}户）` : `Total (${counted})`, values: {} });
  const info: InfoLine[] = uncounted
    ? [
        {
          label: { zh: '无法计算：', en: 'Cannot compute:' },
          value: zh ? `${uncounted} 项未计入合计，见比例来源为“无法计算”的行` : `${uncounted} line(s) left out of the totals; see the lines marked "Cannot compute" under Ratio from`,
        },
      ]
    : [];
  return layoutSheet(description, rows, { lang, ...(info.length ? { info } : {}) });
}
