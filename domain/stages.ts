import type { Bilingual } from './text';
import type { LocalDate } from './dates';

/** STUB — filled in by the domain-core work (issue 3). Signatures are the contract. */
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

export declare const STAGES: readonly StageDef[];
export declare const LOAN_TYPE_NAMES: Record<LoanType, Bilingual>;
export declare function parseLoanType(text: string): LoanType | null; // 商贷, 商业贷款, 公积金, 组合, combined …

export type StageDates = Partial<Record<StageKey, LocalDate | null>>;

export interface StageProblem {
  code: 'STAGE_ORDER' | 'STAGE_GAP';
  stage: StageKey;
  /** The earlier stage it conflicts with. */
  other: StageKey;
  message: Bilingual;
}
/** Stage dates never go backwards; a later stage cannot be dated while an earlier required one is empty. */
export declare function checkStages(dates: StageDates, loanType: LoanType | null): StageProblem[];
/** The last stage reached (highest order with a date), or null. */
export declare function currentStage(dates: StageDates): StageKey | null;
