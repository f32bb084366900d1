import type Decimal from 'decimal.js';
import type { LocalDate } from '../dates';
import type { BankTransaction, JournalLine, RejectedRow } from '../records';
import type { RegisterUnit } from '../register';
import type { FeeRules } from '../fees/rules';
import type { Bilingual } from '../text';

export type Side = 'bank' | 'finance';

/** Every flag the reconciliation raises. The order is the priority used to pick a row's outcome. */
export const FLAGS = [
  'UNPARSEABLE',
  'DUPLICATE_BANK',
  'DUPLICATE_FINANCE',
  'NOT_MORTGAGE',
  'REVERSED',
  'OUT_OF_PERIOD',
  'AMBIGUOUS',
  'WRONG_UNIT',
  'WRONG_ACCOUNT',
  'AMOUNT_MISMATCH',
  'MISSING_IN_FINANCE',
  'MISSING_IN_BANK',
  // Flags a matched row may carry; they never make the outcome.
  'LATE_BOOKING',
  'DEPOSIT_WITHHELD',
  'SPLIT_MATCH',
] as const;
export type Flag = (typeof FLAGS)[number];
export type Outcome = 'MATCHED' | Flag;

/** Flags that leave a row MATCHED. */
export const INFO_FLAGS: readonly Flag[] = ['LATE_BOOKING', 'DEPOSIT_WITHHELD', 'SPLIT_MATCH'];

export const FLAG_NAMES: Record<Flag, Bilingual> = {
  UNPARSEABLE: { zh: '无法解析', en: 'Unparseable row' },
  DUPLICATE_BANK: { zh: '银行重复流水', en: 'Duplicate bank row' },
  DUPLICATE_FINANCE: { zh: '重复入账', en: 'Booked twice' },
  NOT_MORTGAGE: { zh: '非按揭款', en: 'Not a mortgage disbursement' },
  REVERSED: { zh: '冲正/冲销', en: 'Reversed' },
  OUT_OF_PERIOD: { zh: '不属本期', en: 'Out of period' },
  AMBIGUOUS: { zh: '多个候选', en: 'Ambiguous' },
  WRONG_UNIT: { zh: '串户', en: 'Wrong unit or buyer' },
  WRONG_ACCOUNT: { zh: '入账科目与到账账户不符', en: 'Booked to another bank account' },
  AMOUNT_MISMATCH: { zh: '金额不符', en: 'Amount mismatch' },
  MISSING_IN_FINANCE: { zh: '未入账(银行已收企业未收)', en: 'Missing in finance' },
  MISSING_IN_BANK: { zh: '银行未达(企业已收银行未收)', en: 'Missing in bank' },
  LATE_BOOKING: { zh: '入账超过24小时', en: 'Booked more than 24 h late' },
  DEPOSIT_WITHHELD: { zh: '扣留保证金', en: 'Deposit withheld' },
  SPLIT_MATCH: { zh: '拆分匹配(组合贷)', en: 'Split match' },
};

/** Matching rules, in the order they run; each match records the one that made it. */
export const RULES = ['REFERENCE', 'UNIT_AMOUNT', 'BUYER_AMOUNT_DATE', 'PROVIDENT_REGISTER', 'SPLIT', 'DEPOSIT_WITHHELD', 'DEPOSIT_REFUND', 'NEAR_REFERENCE', 'NEAR_BUYER_LATE', 'NEAR_UNIT', 'NEAR_BUYER', 'NEAR_AMOUNT_DATE', 'REVERSAL'] as const;
export type RuleId = (typeof RULES)[number];

export const RULE_NAMES: Record<RuleId, Bilingual> = {
  REFERENCE: { zh: '流水号相同', en: 'Same reference' },
  UNIT_AMOUNT: { zh: '房号与金额相同', en: 'Same unit and amount' },
  BUYER_AMOUNT_DATE: { zh: '购房人与金额相同且日期相近', en: 'Same buyer and amount within the date window' },
  PROVIDENT_REGISTER: { zh: '公积金中心到账，按台账公积金贷款金额定房号', en: 'Provident-fund credit, unit from the register’s provident loan' },
  SPLIT: { zh: '拆分匹配(组合贷)', en: 'Split match (combined loan)' },
  DEPOSIT_WITHHELD: { zh: '扣保证金后放款', en: 'Credit net of the withheld deposit' },
  DEPOSIT_REFUND: { zh: '保证金退还', en: 'Deposit refund' },
  NEAR_REFERENCE: { zh: '流水号相同但金额不符', en: 'Same reference, different amount' },
  NEAR_BUYER_LATE: { zh: '购房人与金额相同但入账晚于日期窗口', en: 'Same buyer and amount, booked after the date window' },
  NEAR_UNIT: { zh: '房号相同但金额不符', en: 'Same unit, different amount' },
  NEAR_BUYER: { zh: '购房人相同但金额不符', en: 'Same buyer, different amount' },
  NEAR_AMOUNT_DATE: { zh: '金额与日期相符但房号/购房人不符', en: 'Same amount and date, different unit or buyer' },
  REVERSAL: { zh: '冲正配对', en: 'Reversal pair' },
};

/** The five factors compared on every match (ERPNext-style, factor by factor). */
export const FACTORS = ['reference', 'amount', 'unit', 'buyer', 'date'] as const;
export type Factor = (typeof FACTORS)[number];
/** agree / differ / unknown (one side does not carry it). */
export type FactorState = 'agree' | 'differ' | 'unknown';
export type Factors = Record<Factor, FactorState>;

/** Keyword rules for rows that are not disbursements, loaded from templates/reconcile.json. */
export interface NotMortgageRule {
  id: string; // interest, fee, downPayment, ownTransfer, payroll …
  name: Bilingual;
  /** Which side's text the keywords are looked for in. */
  side: 'bank' | 'finance' | 'both';
  keywords: string[];
  /**
   * Money that may ride along with a disbursement (a fee deducted from it, taxes collected with it):
   * a row whose text also has a disbursementKeywords word is a disbursement, not set aside.
   */
  yieldsToDisbursement?: boolean;
  /**
   * Rows of this rule often fall on either side of a month's end (a fee charged 12-31, booked 01-02):
   * one recorded on one side only is carried into next month as a timing item (TIMING_TEXT) and
   * closed there by the other side's row, instead of showing as a difference in both months.
   */
  carriedAcrossMonthEnd?: boolean;
}

/** The 按揭保证金 ratios per bank (templates/fees/deposit.json). */
export type DepositRules = Pick<FeeRules['deposit'], 'default' | 'banks'>;

export interface ReconcileConfig {
  /** Rule BUYER_AMOUNT_DATE: the credit and the booking at most this many days apart. */
  dateWindowDays: number;
  /** Near matches and split matches: at most this many days apart. */
  nearWindowDays: number;
  notMortgage: NotMortgageRule[];
  /** Words that mark a reversal (冲正, 退回 …). */
  reversalKeywords: string[];
  /** Words that mark a provident-fund credit (公积金). */
  providentKeywords: string[];
  /** Words that say a row is a loan disbursement, so a not-mortgage keyword beside them (手续费, 契税) does not set it aside. */
  disbursementKeywords?: string[];
  /** Words that mark a deposit refund (保证金). */
  depositKeywords: string[];
  /** The company's own account names: a counterparty with one of these names is an own-account transfer. */
  ownAccountNames: string[];
}

/** An open item carried in from last month's report (see docs/reconcile-json.md, "open"). */
export interface CarriedItem {
  side: Side;
  file: string;
  sheet: string;
  row: number;
  period: string;
  outcome: Outcome;
  date: LocalDate;
  time: string | null;
  /** Signed as on its side: bank credit positive; finance debit − credit. */
  amount: Decimal;
  reference: string | null;
  unit: string | null;
  name: string | null;
  text: string;
  bank: string | null;
  /** The 科目 the row is booked to (finance) or its account is linked to (bank); absent in reports before it was carried. */
  ledger?: string | null;
  /** A booking's 凭证字号 (null for a statement row); absent in reports before it was carried. */
  voucher?: string | null;
  /**
   * A booking carried as booked to the wrong account (WRONG_ACCOUNT_TEXT): the 科目 of the account its
   * money reached, where it belongs (`ledger` is the 科目 it was booked to). Absent on every other item.
   */
  belongsTo?: string | null;
  /**
   * What people wrote on last month's 差异 line for this item (处理人 / 处理结果), when --previous
   * was a workbook and the line had any: shown again on this month's line. Absent from JSON reports.
   */
  notes?: readonly CarriedNote[];
}

/** A 处理人 / 处理结果 note typed on a 差异 line, as carried with the item it was written for. */
export interface CarriedNote {
  /** 处理人, as typed (trimmed); null when left empty. */
  by: string | null;
  /** 处理结果 without the month mark the report put before it (【10月】); null when empty. */
  result: string | null;
  /** The month (YYYY-MM) the note was written in: its mark's month, else the report's period. */
  period: string;
}

export interface ReconcileInput {
  period: string; // YYYY-MM
  bank: readonly BankTransaction[];
  /** Every journal line read; only isBankLine lines are reconciled, the others are context. */
  finance: readonly JournalLine[];
  rejected: readonly { side: Side; row: RejectedRow }[];
  register?: readonly RegisterUnit[];
  /**
   * The per-bank deposit ratios of templates/fees/deposit.json (read by the pipeline, as for the fee
   * ledger): a register unit without a ratio of its own takes its lending bank's, else the default —
   * none when its bank is marked off the register's list or its ratio unreadable (unknownDepositRatio).
   * Absent: only ratios in the register are used.
   */
  depositRatios?: DepositRules;
  carried?: readonly CarriedItem[];
  /**
   * With --previous from a report that records them: the statement rows last month's report read,
   * dated in its period (seenIdentity). A row of this month's export dated last month that is not
   * among them was never reconciled (a credit the bank back-dated after last month's run): it is
   * reconciled here (Engine.unseen). Absent: every such row is taken as reconciled last month.
   */
  seen?: ReadonlySet<string>;
  /**
   * The same for the journal: the journal lines last month's report read, dated in its period
   * (seenFinanceIdentity). A line of this month's journal dated last month that is not among them
   * (a voucher dated the 30th, posted after last month's run) is reconciled here (Engine.unseen).
   * Absent: every such line is taken as reconciled last month.
   */
  seenFinance?: ReadonlySet<string>;
  config: ReconcileConfig;
  /** Every bank and finance file read, so one without data rows still shows in the totals. */
  files?: readonly { side: Side; file: string }[];
}

export interface SourceKey {
  side: Side;
  file: string;
  sheet: string;
  row: number;
}

export interface OutcomeTotals {
  rows: number;
  amount: Decimal;
}

export interface SideTotals {
  rows: number;
  amount: Decimal;
  byOutcome: Partial<Record<Outcome, OutcomeTotals>>;
}

/** The start of the text of an open item that is the part of a booking's deposit withheld (its amount is that part, not the booking's). */
export const WITHHELD_TEXT = '扣留保证金待退还 deposit withheld: ';
/** The start of the text of an open item that is a booking entered twice (DUPLICATE_FINANCE), not yet 冲销. */
export const DUPLICATE_TEXT = '重复入账待冲销 booked twice: ';
/** The start of the text of an open item that is the difference of an AMOUNT_MISMATCH pair (its amount is the difference, on the side that has more). */
export const DIFFERENCE_TEXT = '金额不符差额待更正 amount difference: ';
/**
 * The start of the text of an open item that is a booking of a WRONG_ACCOUNT pair not yet moved to its
 * account's 科目: the money reached the account of `belongsTo`, the booking sits on `ledger`.
 */
export const WRONG_ACCOUNT_TEXT = '记错账户待更正 wrong account: ';

/**
 * The start of the text of an open item that is a fee or interest one side recorded in the month and
 * the other did not (charged 12-31, booked 01-02): section 三's difference, carried so that next month's
 * row of the other side closes it instead of showing the same difference again (settleTimingItems).
 */
export const TIMING_TEXT = '非按揭跨期未达 timing: ';

/** An open item that is a part of its row (a withheld deposit, an amount difference): its 差异 line shows the row's amount, not the item's. */
export function isPartText(text: string): boolean {
  return text.startsWith(WITHHELD_TEXT) || text.startsWith(DIFFERENCE_TEXT);
}
