import type { Issue } from '../issues';
import type { RegisterSheet } from '../registerValidation/parse';
import { registerIssuesIn } from '../registerValidation/validate';
import type { Bilingual } from '../text';
import { LEDGER_FEE_NAMES, type DepositProblem, type FeeLedger } from './ledger';

/**
 * What a fee run tells the desk besides the ledger, as issues of the one issue model (located by
 * sheet, row and column, so the CLI prints them as `anjie validate` does and the add-in can list them):
 * the register's errors (and warnings) in the columns the fees read, and the fees and 按揭保证金 that could not be computed.
 */

/** Register columns the fee ledger and the 按揭保证金 sheet read (and the unit's identity). */
export const FEE_INPUT_COLUMNS: ReadonlySet<string> = new Set([
  'building',
  'unit',
  'room',
  'unitKey',
  'usage',
  'buildingType',
  'floorArea',
  'buyer1IdType',
  'contractDate',
  'filingDate',
  'totalPrice',
  'bank',
  'commercialLoan',
  'depositRatio',
  'householdHomes',
  'deedTaxCollected',
  'maintenanceFundCollected',
  'registrationFeeCollected',
]);

type SheetPlace = Pick<RegisterSheet, 'file' | 'sheet' | 'columns' | 'headers'> & { headerRow?: number };

/**
 * Checks that say nothing about the fees: a unit code two projects share (SHARED_UNIT_CODE) is about
 * reconciliation, the fee sheets tell the projects apart. A date after the day of the run (DATE_FUTURE)
 * does count: such a signing or filing has not happened, and its fees are 无法计算 (buildFeeLedger).
 */
const NOT_FEE_CHECKS: ReadonlySet<string> = new Set(['SHARED_UNIT_CODE']);

/**
 * The 按揭保证金 sheet's dates (放款, 他项权证移交, 保证金退还): of their issues the fees' are a date that cannot be
 * read (BAD_DATE, FORMULA_ERROR) or is after the day of the run (DATE_FUTURE) — a credit or refund date so makes
 * the deposit 无法计算 (depositLines); their stage order is progress's, but for a refund before the credit or
 * without one, which depositLines says as the deposit's DEPOSIT_NOT_COMPUTED (the register's STAGE_ORDER not again).
 */
const DEPOSIT_DATE_COLUMNS: ReadonlySet<string> = new Set(['disbursedDate', 'commercialDisbursedDate', 'certificateHandedOverDate', 'depositRefundedDate']);
const DEPOSIT_DATE_CHECKS: ReadonlySet<string> = new Set(['BAD_DATE', 'FORMULA_ERROR', 'DATE_FUTURE']);

/** The register's errors in the columns the fees read (a blank 建筑面积, an unreadable 已收契税, an unknown bank, a 备案日期 after today, a 保证金退还日期 2026-13-45…). */
export function feeInputErrors(issues: readonly Issue[], sheet: Pick<RegisterSheet, 'columns'>): Issue[] {
  return feeInputIssues(issues, sheet, 'error');
}

/**
 * The register's warnings in the columns the fees read: values the fees are computed from all the
 * same, which may be mistyped (a 保证金比例 above 50%, DEPOSIT_RATIO, makes the 按揭保证金 of it).
 */
export function feeInputWarnings(issues: readonly Issue[], sheet: Pick<RegisterSheet, 'columns'>): Issue[] {
  return feeInputIssues(issues, sheet, 'warning');
}

/** Those in the columns the fees read, and a required one of them missing from the header (COLUMN_MISSING: 建筑面积, 用途 …). */
function feeInputIssues(issues: readonly Issue[], sheet: Pick<RegisterSheet, 'columns'>, severity: Issue['severity']): Issue[] {
  const read = new Set(registerIssuesIn(issues, sheet, FEE_INPUT_COLUMNS, NOT_FEE_CHECKS, severity));
  for (const i of registerIssuesIn(issues, sheet, DEPOSIT_DATE_COLUMNS, NOT_FEE_CHECKS, severity)) if (DEPOSIT_DATE_CHECKS.has(i.code)) read.add(i);
  // In the register's order, as anjie validate lists them.
  return issues.filter((i) => read.has(i));
}

/**
 * Each fee that could not be computed (状态 无法计算), at the register cell to fill in or correct; first,
 * once per collected column the register lacks, at its header row, how many lines that leaves unchecked.
 */
export function feeProblemIssues(ledger: Pick<FeeLedger, 'problems'> & Partial<Pick<FeeLedger, 'missingColumns'>>, sheet: SheetPlace): Issue[] {
  const columns: Issue[] = (ledger.missingColumns ?? []).map((m) => {
    const fee = LEDGER_FEE_NAMES[m.fee];
    return {
      severity: 'error',
      code: 'FEE_COLUMN_MISSING',
      message: {
        zh: `台账没有「${m.name.zh}」列：${m.lines} 项${fee.zh}无法与已收核对，状态为“无法计算”，未计入合计，也不在少收/多收名单上`,
        en: `The register has no ${m.name.zh} (${m.name.en}) column: ${m.lines} ${fee.en.toLowerCase()} line(s) cannot be checked against what was collected; they are "Cannot compute", left out of the totals and off the under/overpaid lists`,
      },
      location: { file: sheet.file, sheet: sheet.sheet, ...(sheet.headerRow !== undefined ? { row: sheet.headerRow } : {}) },
      fix: {
        zh: `在表头加上「${m.name.zh}」列，填写每户已收的金额（未收的填 0），然后重新计算。`,
        en: `Add a ${m.name.zh} column to the header, fill in what each unit paid (0 where nothing was), and run again.`,
      },
    };
  });
  return [...columns, ...ledger.problems.map((p) => uncomputedIssue('FEE_NOT_COMPUTED', LEDGER_FEE_NAMES[p.fee], p, sheet))];
}

const DEPOSIT: Bilingual = { zh: '按揭保证金', en: 'Guarantee deposit' };

/**
 * Each 按揭保证金 the sheet lists as 无法计算 (outside its 合计), at the register cell to correct: the
 * register's own error there (BANK_UNKNOWN, DEPOSIT_RATIO…) does not say the deposit sheet has a hole.
 * Its own code, as the deposit is the developer's with the bank, not a fee on the buyer's lists.
 * Those whose column the register lacks (no 贷款银行 column) have no cell: said once, at the header row,
 * with how many — not at 300 unit rows for one column; each unit's line on the sheet still says why.
 */
export function depositProblemIssues(problems: readonly DepositProblem[], sheet: SheetPlace): Issue[] {
  const noColumn = new Map<string, DepositProblem[]>();
  const atCells: Issue[] = [];
  for (const p of problems) {
    if (p.column && !sheet.columns[p.column]) {
      const key = `${p.column}\n${p.problem.zh}`;
      noColumn.set(key, [...(noColumn.get(key) ?? []), p]);
    } else atCells.push(uncomputedIssue('DEPOSIT_NOT_COMPUTED', DEPOSIT, p, sheet));
  }
  const atHeader = [...noColumn.values()].map(([{ problem }, ...rest]): Issue => {
    const n = rest.length + 1;
    return {
      severity: 'error',
      code: 'DEPOSIT_NOT_COMPUTED',
      message: {
        zh: `${n} 项按揭保证金无法计算：${problem.zh}；未计入按揭保证金表的合计，各户见该表比例来源为“无法计算”的行`,
        en: `${n} guarantee deposit(s) cannot be computed: ${problem.en}; left out of the totals of the 按揭保证金 sheet, each marked "Cannot compute" under Ratio from`,
      },
      location: { file: sheet.file, sheet: sheet.sheet, ...(sheet.headerRow !== undefined ? { row: sheet.headerRow } : {}) },
    };
  });
  return [...atHeader, ...atCells];
}

function uncomputedIssue(code: string, what: Bilingual, p: Pick<DepositProblem, 'unit' | 'problem' | 'column'>, sheet: SheetPlace): Issue {
  // A group's register repeats unit codes across projects: the project tells the desk which 1-1-102.
  const unit = p.unit.project ? `${p.unit.project} ${p.unit.unitKey}` : p.unit.unitKey;
  return {
    severity: 'error',
    code,
    message: { zh: `${unit} ${what.zh}无法计算：${p.problem.zh}`, en: `${unit} ${what.en} cannot be computed: ${p.problem.en}` },
    location: {
      file: sheet.file,
      sheet: sheet.sheet,
      row: p.unit.source?.row,
      ...(p.column ? { column: sheet.columns[p.column], columnHeader: sheet.headers[p.column] } : {}),
    },
  };
}
