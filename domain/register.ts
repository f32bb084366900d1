import type Decimal from 'decimal.js';
import type { LocalDate } from './dates';
import type { LoanType, StageDates } from './stages';

/**
 * One row of the register (按揭台账): one sold unit. The column layout (headers, order,
 * formats) is the sheet description templates/sheets/register.json; this is the typed model.
 */
export interface Buyer {
  name: string;
  idType: string; // 身份证 / 护照 / 港澳通行证 / 台胞证 / 统一社会信用代码
  idNumber: string;
  phone?: string;
}

export interface RegisterUnit {
  /** Where it was read from (absent when built in memory). */
  source?: { file: string; sheet: string; row: number };
  project: string;
  building: string;
  unit: string | null;
  room: string;
  /** Normalised unit key "3-2-1501" (domain/units normaliseUnitCode). */
  unitKey: string;
  usage: string; // 住宅 / 商业 / 车位
  /** ㎡, rounded to 0.01 when read; null when the cell is blank or cannot be read. */
  floorArea: Decimal | null;
  buyers: Buyer[]; // 1..4
  /** 主借款人 — may differ from the contract holder (buyers[0]). */
  mainBorrower: string;
  contractNo: string;
  contractDate: LocalDate | null;
  filingDate: LocalDate | null;
  filingNo: string | null;
  /** null when the cell is blank or cannot be read (never a 0 that a fee would be computed from). */
  totalPrice: Decimal | null;
  downPayment: Decimal;
  loanType: LoanType | null; // null: full payment (一次性付款)
  bank: string | null; // lending bank for the commercial part, e.g. 中国工商银行
  commercialLoan: Decimal | null;
  providentLoan: Decimal | null;
  loanTermMonths: number | null;
  depositRatio: Decimal | null; // 0.10 for 10%
  stages: StageDates;
  /** Disbursements as the desk recorded them (commercial and provident separately). */
  commercialDisbursed: Decimal | null;
  commercialDisbursedDate: LocalDate | null;
  providentDisbursed: Decimal | null;
  providentDisbursedDate: LocalDate | null;
  /** 家庭住房套数 counting this one (deed tax): 1 首套, 2 二套, 3 三套及以上. */
  householdHomes: 1 | 2 | 3 | null;
  buildingType: string | null; // 多层 / 小高层 / 高层 / 别墅 / 非住宅 (maintenance fund rates)
  deedTaxCollected: Decimal | null;
  maintenanceFundCollected: Decimal | null;
  registrationFeeCollected: Decimal | null;
  propertyUnitNo: string | null; // 不动产单元号
  titleSearchDate: LocalDate | null;
  follower: string | null; // 跟进人
  reviewer: string | null;
  remarks: string | null;
  /**
   * Register column keys whose cell was filled but could not be read (an amount written "壹万元", a
   * date that is not one): the field holds null, not what the cell meant, so a figure that needs it
   * (a fee, a collected amount) is not computed. Also the keys of cells holding a value outside the
   * column's list (用途 普通住宅): the field keeps the text, but no rule goes by it. Absent when every cell was read.
   */
  unreadable?: readonly string[];
  /**
   * Set by validateRegister on a row that repeats an earlier row's unit (same project and 房号: DUPLICATE_UNIT):
   * the first row's number, and the column the error is at. The unit's fees are charged once, on that
   * first row; this row's are 无法计算. Absent on a unit's first (or only) row.
   */
  duplicateOf?: { row: number; column: 'unitKey' | 'room' };
  /**
   * Set by validateRegister on a unit with a commercial loan when the register's header has no 贷款银行
   * column (said once, COLUMN_MISSING): its bank is not known, rather than left blank in its row.
   */
  bankColumnMissing?: true;
}
