import type { Issue } from '../issues';
import type { RegisterSheet } from '../registerValidation/parse';
import { missingColumnOf, registerErrorsIn } from '../registerValidation/validate';

/**
 * The register's errors a reconciliation reports (on stdout under the register, and in 汇总's
 * 读取提示): those of anjie validate, in the same words and at the same cells, that change what a
 * credit is matched against. Matching reads a unit by its code and project (项目, 楼栋/单元/房号,
 * 房号编码), its buyers' and 主借款人's names (a credit names its payer), its loans (商贷金额,
 * 公积金金额, and 贷款类型, which 按户 and the amounts must agree with), its 贷款银行 and 保证金比例
 * (a credit net of the deposit withheld), and its 放款日期 (按户 lists a unit due this month without
 * rows). So every error in those columns: a cell not read (BAD_AMOUNT, BAD_NUMBER, BAD_VALUE,
 * FORMULA_ERROR, REQUIRED), a bank off the list (BANK_UNKNOWN: no deposit ratio is taken for it), a
 * commercial loan without a bank (BANK_MISSING), a loan type that disagrees with the amounts
 * (LOAN_TYPE), a negative loan (NEGATIVE_AMOUNT), a row repeating a unit (DUPLICATE_UNIT: its first
 * row is matched against, RegisterRepeat), and such a column missing from the header altogether
 * (COLUMN_MISSING of a required one: 项目, 楼栋, 买受人1 — without 买受人1 no credit's payer is compared
 * with the unit's first buyer, and the run said nothing of it; a register without 房号 is not read at all),
 * and a header with neither loan column (missingLoanColumns) or, where units have commercial loans, without
 * 贷款银行 (validate's COLUMN_MISSING, worded for matching: forMatching).
 *
 * Left to anjie validate: the columns matching does not read (IDs, phones, prices and 首付, fees, the
 * stage dates, 合同编号), the order of the stages (STAGE_ORDER, STAGE_GAP — also when at a 放款日期: a
 * date out of order is still the date), a date after today (DATE_FUTURE: it depends on the day of the
 * run), and warnings (SHARED_UNIT_CODE has its own warning in reconcile).
 */
export const RECONCILE_INPUT_COLUMNS: ReadonlySet<string> = new Set([
  'project',
  'building',
  'unit',
  'room',
  'unitKey',
  'buyer1Name',
  'buyer2Name',
  'buyer3Name',
  'buyer4Name',
  'mainBorrower',
  'loanType',
  'bank',
  'commercialLoan',
  'providentLoan',
  'depositRatio',
  'commercialDisbursedDate',
  'providentDisbursedDate',
]);

const NOT_RECONCILE_CHECKS: ReadonlySet<string> = new Set(['DATE_FUTURE', 'STAGE_ORDER', 'STAGE_GAP']);

/** The register's errors (validateRegister's issues) in the columns matching reads, in validate's order. */
export function reconcileInputErrors(issues: readonly Issue[], sheet: Pick<RegisterSheet, 'columns' | 'file' | 'sheet' | 'headerRow'>): Issue[] {
  const missing = missingLoanColumns(sheet);
  const errors = registerErrorsIn(issues, sheet, RECONCILE_INPUT_COLUMNS, NOT_RECONCILE_CHECKS).map(forMatching);
  return missing ? [missing, ...errors] : errors;
}

/**
 * A register with neither a 商贷金额 nor a 公积金金额 column: validate requires neither (a sheet of
 * cash sales needs none), but matching then knows no unit's loan — 按户's 台账 column stays empty
 * and no credit is recognised as net of a withheld deposit — and the run said nothing of it.
 */
function missingLoanColumns(sheet: Pick<RegisterSheet, 'columns' | 'file' | 'sheet' | 'headerRow'>): Issue | null {
  if (sheet.columns.commercialLoan || sheet.columns.providentLoan) return null;
  return {
    severity: 'error',
    code: 'COLUMN_MISSING',
    message: {
      zh: '表头中没有「商贷金额」或「公积金金额」列：对账不知道各户的贷款金额，按户的台账列为空，也无法识别扣留保证金的放款',
      en: 'The header row has no "Commercial loan" or "Provident fund loan" column: reconciliation knows no unit\'s loan, 按户\'s register column stays empty, and no credit is recognised as net of a withheld deposit',
    },
    location: { file: sheet.file, sheet: sheet.sheet, row: sheet.headerRow },
    fix: { zh: '在表头行加上这两列（列名与 anjie register new 生成的模板相同），填写各户的贷款金额。', en: 'Add the two columns to the header row, named as in the template from `anjie register new`, with each unit\'s loans.' },
  };
}

/**
 * validate's COLUMN_MISSING of 贷款银行 (once, where units have commercial loans) in the words of what it
 * costs matching: without a bank no agreed ratio applies, so a unit without a 保证金比例 of its own has no
 * deposit (unknownDepositRatio) and each of its credits says so in its explanation. Any other issue as validate words it.
 */
function forMatching(issue: Issue): Issue {
  if (missingColumnOf(issue) !== 'bank') return issue;
  return {
    ...issue,
    message: {
      zh: '表头中没有「贷款银行」列：有商贷的各户都不知道贷款银行，台账未填保证金比例的无法确定保证金比例（按揭保证金无法计算），其放款未按扣留保证金核对，按户的贷款银行列为空',
      en: 'The header row has no "Lending bank" column: no unit with a commercial loan has a lending bank, so where the register gives no deposit ratio none is known (its 按揭保证金 cannot be computed), its credits are not checked as net of a withheld deposit, and 按户\'s bank column stays empty',
    },
  };
}
