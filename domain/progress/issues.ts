import type { Issue } from '../issues';
import type { RegisterSheet } from '../registerValidation/parse';
import { registerErrorsIn, registerIssuesIn } from '../registerValidation/validate';
import { STAGE_COLUMNS } from '../registerValidation/parse';
import type { ProgressModel } from './build';

/**
 * What a progress run tells the desk besides the sheet, as issues of the one issue model (located by
 * sheet, row and column, as domain/fees/issues does for the fees): the register's errors in the
 * columns the progress sheet reads, and the units it could not place (无法判断).
 */

/** Register columns the progress sheet places a unit and its figures by (and the unit's identity). */
export const PROGRESS_INPUT_COLUMNS: ReadonlySet<string> = new Set([
  // one sheet per project
  'project',
  'building',
  'unit',
  'room',
  'unitKey',
  'loanType',
  'bank',
  'commercialLoan',
  'providentLoan',
  'depositRatio',
  ...Object.values(STAGE_COLUMNS),
  'commercialDisbursed',
  'commercialDisbursedDate',
  'providentDisbursed',
  'providentDisbursedDate',
]);

/**
 * Checks that say nothing about the progress sheet: a unit code two projects share (SHARED_UNIT_CODE) is
 * about reconciliation, each project has its own sheet; a 保证金比例 outside 0–50% (DEPOSIT_RATIO) — the
 * sheet asks of it only whether it is 0. A date after today (DATE_FUTURE) does count: such a stage or
 * 放款 has not happened, and the unit is 无法判断 (buildProgress).
 */
const NOT_PROGRESS_CHECKS: ReadonlySet<string> = new Set(['SHARED_UNIT_CODE', 'DEPOSIT_RATIO']);

/** The register's errors in the columns the progress sheet reads (an unreadable 放款日期, a 放款日期 after today, stages out of order, a loan type that disagrees with the amounts…). */
export function progressInputErrors(issues: readonly Issue[], sheet: Pick<RegisterSheet, 'columns'>): Issue[] {
  return registerErrorsIn(issues, sheet, PROGRESS_INPUT_COLUMNS, NOT_PROGRESS_CHECKS);
}

/**
 * The register's warnings in the columns the progress sheet reads: a 房号编码 naming another unit than
 * 楼栋/单元/房号 (UNIT_CODE_MISMATCH), an O typed for a 0 in 房号 (LOOKALIKE_DIGIT) — the sheet names
 * the unit by them. Findings to look at, not failures: the unit is placed and counted all the same.
 */
export function progressInputWarnings(issues: readonly Issue[], sheet: Pick<RegisterSheet, 'columns'>): Issue[] {
  return registerIssuesIn(issues, sheet, PROGRESS_INPUT_COLUMNS, NOT_PROGRESS_CHECKS, 'warning');
}

/** Each unit the sheet could not place (无法判断), at each register cell to correct; a repeated row at its 房号. */
export function progressProblemIssues(models: readonly Pick<ProgressModel, 'undecided'>[], sheet: Pick<RegisterSheet, 'file' | 'sheet' | 'columns' | 'headers'>): Issue[] {
  return models.flatMap((m) =>
    m.undecided.flatMap((x) => {
      // A group's register repeats unit codes across projects: the project tells the desk which 1-1-102.
      const unit = x.unit.project ? `${x.unit.project} ${x.unit.unitKey}` : x.unit.unitKey;
      const row = x.unit.source?.row;
      if (x.repeats !== undefined) {
        // A row repeating an earlier row's unit: one issue, at its 房号 (where DUPLICATE_UNIT is too), saying what the sheet did with it.
        const k = x.columns[0];
        return [
          {
            severity: 'error',
            code: 'PROGRESS_UNDECIDED',
            message: {
              zh: `${unit} 台账${row ? `第 ${row} 行` : '此行'}与第 ${x.repeats} 行重复：此行列在进度表末尾“无法判断”下，未计入任何户数与金额，该户按第 ${x.repeats} 行计；请删除重复行或改正房号`,
              en: `${unit}: ${row ? `register row ${row}` : 'this row'} repeats row ${x.repeats}; it is listed at the end of the progress sheet under "Cannot tell", in no count or amount, the unit counted by row ${x.repeats}; delete the repeated row or correct the unit`,
            },
            location: { file: sheet.file, sheet: sheet.sheet, row, ...(sheet.columns[k] ? { column: sheet.columns[k], columnHeader: sheet.headers[k] } : {}) },
          } satisfies Issue,
        ];
      }
      return x.columns.map((k): Issue => {
        // A date after today (a 2027 typed for 2026) was read, but cannot have happened.
        const date = x.future?.dates[k];
        const what = date
          ? { zh: `「${sheet.headers[k] ?? k}」${date} 晚于今天（${x.future!.today}）`, en: `the "${sheet.headers[k] ?? k}" date ${date} is after today (${x.future!.today})` }
          : { zh: `「${sheet.headers[k] ?? k}」无法识别`, en: `the "${sheet.headers[k] ?? k}" cell cannot be read` };
        return {
          severity: 'error',
          code: 'PROGRESS_UNDECIDED',
          message: {
            zh: `${unit} 无法判断进度：${what.zh}，该户列在进度表末尾“无法判断”下，未计入在途户数与待放款金额`,
            en: `${unit}: its progress cannot be told, ${what.en}; the unit is listed at the end of the progress sheet under "Cannot tell", not in the open units or the amount to disburse`,
          },
          location: { file: sheet.file, sheet: sheet.sheet, row: x.unit.source?.row, ...(sheet.columns[k] ? { column: sheet.columns[k], columnHeader: sheet.headers[k] } : {}) },
        };
      });
    }),
  );
}
