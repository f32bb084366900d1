import { bi, type Bilingual } from './text';
import { isValidDate, type LocalDate } from './dates';

/**
 * The ten stages a sold unit goes through at the mortgage & title desk (DOMAIN.md), loan types,
 * and the stage-date rules.
 *
 * Which stages are required (a later stage may not be dated while one of these is empty):
 * - no loan (full payment, loanType null): 1 签约, 2 网签备案;
 * - every loan type: stages 1–8 (签约 … 放款), in order;
 * - stages 9 他项权证移交 and 10 保证金退还 only for commercial and combined loans with a
 *   guarantee deposit (opts.hasDeposit, default true for those two types); provident-fund loans
 *   and loans without a deposit may date 9/10 or leave them empty without a gap being reported.
 * Dates of all dated stages, required or not, must never go backwards in stage order (equal
 * dates are fine). Values that are not YYYY-MM-DD dates are ignored here (the reader reports them).
 */
export type StageKey =
  | 'signed' // 1 签约
  | 'filed' // 2 网签备案
  | 'docsComplete' // 3 资料收齐
  | 'sentToBank' // 4 送银行
  | 'bankInterview' // 5 面签
  | 'approved' // 6 审批通过
  | 'mortgageRegistered' // 7 抵押/预告登记
  | 'disbursed' // 8 放款
  | 'certificateHandedOver' // 9 他项权证移交
  | 'depositRefunded'; // 10 保证金退还

export interface StageDef {
  key: StageKey;
  order: number; // 1..10
  name: Bilingual; // { zh: '签约', en: 'Contract signed' }
}

export type LoanType = 'commercial' | 'providentFund' | 'combined'; // 商业贷款 / 公积金贷款 / 组合贷款

export const STAGES: readonly StageDef[] = Object.freeze([
  { key: 'signed', order: 1, name: bi('签约', 'Contract signed') },
  { key: 'filed', order: 2, name: bi('网签备案', 'Contract filed') },
  { key: 'docsComplete', order: 3, name: bi('资料收齐', 'Loan documents complete') },
  { key: 'sentToBank', order: 4, name: bi('送银行', 'Sent to bank') },
  { key: 'bankInterview', order: 5, name: bi('面签', 'Signed at bank') },
  { key: 'approved', order: 6, name: bi('审批通过', 'Loan approved') },
  { key: 'mortgageRegistered', order: 7, name: bi('抵押/预告登记', 'Mortgage registered') },
  { key: 'disbursed', order: 8, name: bi('放款', 'Loan disbursed') },
  { key: 'certificateHandedOver', order: 9, name: bi('他项权证移交', 'Certificate handed to bank') },
  { key: 'depositRefunded', order: 10, name: bi('保证金退还', 'Deposit refunded') },
] satisfies StageDef[]);

export const LOAN_TYPE_NAMES: Record<LoanType, Bilingual> = {
  commercial: bi('商业贷款', 'Commercial loan'),
  providentFund: bi('公积金贷款', 'Provident fund loan'),
  combined: bi('组合贷款', 'Combined loan'),
};

export function stageDef(key: StageKey): StageDef {
  const def = STAGES.find((s) => s.key === key);
  if (!def) throw new RangeError(`unknown stage ${key}`);
  return def;
}

const LOAN_WORDS: [LoanType, string[]][] = [
  [
    'combined',
    ['组合贷款', '组合贷', '组合', '组合按揭', '商贷+公积金', '公积金+商贷', 'combined', 'combinedloan', 'combination', 'combinationloan', 'mixed'],
  ],
  [
    'providentFund',
    ['公积金贷款', '公积金', '住房公积金贷款', '住房公积金', '公积金按揭', '公贷', 'providentfund', 'providentfundloan', 'hpf', 'housingprovidentfund'],
  ],
  [
    'commercial',
    ['商业贷款', '商贷', '按揭', '商业按揭', '银行按揭', '银行贷款', '商业性贷款', 'commercial', 'commercialloan', 'bankloan', 'mortgage'],
  ],
];
const FULL_PAYMENT_WORDS = ['一次性付款', '一次性', '全款', '全额付款', '现金', 'fullpayment', 'cash', 'none', '无'];

function loanWord(text: string): string {
  return text.normalize('NFKC').replace(/[\s_\-()（）]+/g, '').toLowerCase();
}

/** 商贷, 商业贷款, 按揭, 公积金, 组合, combined … → the loan type; null for anything else (incl. full payment). */
export function parseLoanType(text: string): LoanType | null {
  const w = loanWord(text);
  for (const [type, words] of LOAN_WORDS) if (words.includes(w)) return type;
  return null;
}

/** Like parseLoanType, but tells full payment ("一次性付款", "全款") apart from unrecognised text (null). */
export function parsePaymentMethod(text: string): LoanType | 'fullPayment' | null {
  const type = parseLoanType(text);
  if (type) return type;
  return FULL_PAYMENT_WORDS.includes(loanWord(text)) ? 'fullPayment' : null;
}

export type StageDates = Partial<Record<StageKey, LocalDate | null>>;

export interface StageProblem {
  code: 'STAGE_ORDER' | 'STAGE_GAP';
  stage: StageKey;
  /** The earlier stage it conflicts with. */
  other: StageKey;
  message: Bilingual;
}

export interface StageRuleOptions {
  /** The bank holds a guarantee deposit for this loan (makes stages 9–10 required for commercial/combined). Default true. */
  hasDeposit?: boolean;
}

/** The stages required for a loan type, in order. */
export function requiredStages(loanType: LoanType | null, opts: StageRuleOptions = {}): StageKey[] {
  if (loanType === null) return ['signed', 'filed'];
  const upTo = loanType !== 'providentFund' && (opts.hasDeposit ?? true) ? 10 : 8;
  return STAGES.filter((s) => s.order <= upTo).map((s) => s.key);
}

function dated(dates: StageDates, key: StageKey): LocalDate | null {
  const v = dates[key];
  return typeof v === 'string' && isValidDate(v) ? v : null;
}

/**
 * Stage dates never go backwards; a later stage cannot be dated while an earlier required one is empty.
 * STAGE_ORDER: a stage dated before the nearest earlier dated stage (one problem per such pair).
 * STAGE_GAP: a required stage left empty while a later stage is dated (one problem per empty
 * stage, naming the first dated stage after it).
 */
export function checkStages(dates: StageDates, loanType: LoanType | null, opts: StageRuleOptions = {}): StageProblem[] {
  const problems: StageProblem[] = [];
  const required = new Set(requiredStages(loanType, opts));

  let prev: StageDef | null = null;
  for (const s of STAGES) {
    const d = dated(dates, s.key);
    if (d === null) continue;
    if (prev) {
      const pd = dated(dates, prev.key) as LocalDate;
      if (d < pd) {
        problems.push({
          code: 'STAGE_ORDER',
          stage: s.key,
          other: prev.key,
          message: bi(
            `"${s.name.zh}"日期 ${d} 早于前一阶段"${prev.name.zh}"的日期 ${pd}`,
            `"${s.name.en}" (${d}) is dated before the earlier stage "${prev.name.en}" (${pd})`,
          ),
        });
      }
    }
    prev = s;
  }

  for (const e of STAGES) {
    if (!required.has(e.key) || dated(dates, e.key) !== null) continue;
    const later = STAGES.find((s) => s.order > e.order && dated(dates, s.key) !== null);
    if (!later) continue;
    problems.push({
      code: 'STAGE_GAP',
      stage: later.key,
      other: e.key,
      message: bi(
        `"${later.name.zh}"已有日期 ${dated(dates, later.key)}，但之前的"${e.name.zh}"没有日期`,
        `"${later.name.en}" is dated ${dated(dates, later.key)} but the earlier stage "${e.name.en}" has no date`,
      ),
    });
  }
  return problems;
}

/** The last stage reached (highest order with a date), or null. */
export function currentStage(dates: StageDates): StageKey | null {
  let current: StageKey | null = null;
  for (const s of STAGES) if (dated(dates, s.key) !== null) current = s.key;
  return current;
}
