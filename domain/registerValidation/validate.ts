import Decimal from 'decimal.js';
import { sortIssues, type Issue } from '../issues';
import { formatYuan, roundFen } from '../money';
import type { RegisterUnit } from '../register';
import type { SheetDescription } from '../sheets/description';
import { isValidDate } from '../dates';
import { checkStages, requiredStages, STAGES, type LoanType, type StageDates, type StageDef, type StageKey } from '../stages';
import { cellText, isBlankCell, isPlaceholder, locate, parseRegisterRow, STAGE_COLUMNS, unitKeyOf, withoutErrorCells, type RegisterSheet } from './parse';
import { lookalikeDigits, parseUnitCode } from '../units';
import { checkBuyerIds, type SeenIds } from './ids';
import type { Bilingual } from '../text';

/**
 * Register validation (按揭台账校验) with the shared issue model, every issue located by sheet,
 * row and column letter as a person sees them:
 *  COLUMN_MISSING (a required column not in the header row, or 贷款银行 where rows have a commercial loan), REQUIRED, BAD_AMOUNT/BAD_DATE/BAD_NUMBER (unreadable cells),
 *  FORMULA_ERROR (a cell showing #N/A, #REF! …: read as empty, said once), BAD_VALUE (not in the column's
 *  dropdown list), ID_CHECKSUM, ID_LEGACY (a warning: 15-digit ID, no check digit), ID_AS_NUMBER,
 *  ID_OTHER_NAME (a warning: an ID number seen before under another buyer's name),
 *  STAGE_ORDER/STAGE_GAP (domain/stages checkStages; STAGE_ORDER also for a 商贷/公积金 credit dated before
 *  the stage that precedes 放款), AMOUNT_SUM (首付 + 贷款 ≠ 总价 to the fen;
 *  a warning when the row has a remark), LOAN_TYPE (type vs amounts), BANK_MISSING (a blank cell),
 *  BANK_UNKNOWN (not in the register's bank list), DEPOSIT_RATIO (below 0 or 100% and more; a warning above 50%), DUPLICATE_UNIT (within a project),
 *  UNIT_CODE_MISMATCH (a warning: 房号编码 names another unit than 楼栋/单元/房号),
 *  LOOKALIKE_DIGIT (a warning: 房号 or 房号编码 reads as one only with a letter O/o as 0 or I/l as 1, 1O01),
 *  SHARED_UNIT_CODE (a warning: the code is in another project too; reconciliation cannot tell them apart), DUPLICATE_CONTRACT,
 *  DATE_FUTURE (any date after `today`), AREA_NOT_POSITIVE (建筑面积 ≤ 0), NEGATIVE_AMOUNT (an amount below 0), PRICE_ZERO (a
 *  合同总价 of 0).
 */
export interface RegisterValidationOptions {
  /** The register description (required flags, bank list, date columns). */
  description: SheetDescription;
  /** Dates after this are in the future (Asia/Shanghai today; pass it in for reproducible runs). */
  today: string;
  /** Show ID numbers in full in messages (default masked). */
  showPii?: boolean;
}

export interface RegisterValidation {
  units: RegisterUnit[];
  issues: Issue[];
  /** Data rows checked. */
  rows: number;
}

const ZERO = new Decimal(0);
/** Above this a 保证金比例 is surely mistyped (a warning). */
const MAX_DEPOSIT_RATIO = new Decimal('0.5');
const nz = (d: Decimal | null) => d !== null && !d.isZero();
/** Columns with a dropdown list that have their own checks instead of BAD_VALUE. */
const OWN_LIST_CHECK = new Set(['loanType', 'householdHomes', 'bank']);
/** Register column → the stage it dates (the first such stage, as STAGE_COLUMNS lists them). */
const STAGE_OF_COLUMN = new Map<string, StageKey>();
for (const [stage, col] of Object.entries(STAGE_COLUMNS) as [StageKey, string][]) if (!STAGE_OF_COLUMN.has(col)) STAGE_OF_COLUMN.set(col, stage);

/** Required stages per loan type, [without deposit, with deposit]: a handful of combinations, worked out once. */
const requiredCache = new Map<LoanType | null, (ReadonlySet<StageKey> | undefined)[]>();
function requiredSet(loanType: LoanType | null, hasDeposit: boolean): ReadonlySet<StageKey> {
  let byDeposit = requiredCache.get(loanType);
  if (!byDeposit) requiredCache.set(loanType, (byDeposit = []));
  const i = hasDeposit ? 1 : 0;
  return (byDeposit[i] ??= new Set(requiredStages(loanType, { hasDeposit })));
}

/**
 * True only when checkStages is sure to find nothing: every stage value is a valid date, dates
 * never go backwards in stage order, and no dated stage follows an undated required one. Most
 * rows are like that, and this look at each stage once is much cheaper than checkStages; any
 * other row (including any doubt) goes to checkStages, which stays the rule.
 */
export function stagesSurelyInOrder(dates: StageDates, loanType: LoanType | null, hasDeposit: boolean): boolean {
  const required = requiredSet(loanType, hasDeposit);
  let prev: string | null = null;
  let requiredGap = false;
  for (const s of STAGES) {
    const v = dates[s.key];
    if (v === undefined || v === null) {
      if (required.has(s.key)) requiredGap = true;
      continue;
    }
    if (typeof v !== 'string' || !isValidDate(v)) return false;
    if (requiredGap) return false;
    if (prev !== null && v < prev) return false;
    prev = v;
  }
  return true;
}

export function validateRegister(sheet: RegisterSheet, opts: RegisterValidationOptions): RegisterValidation {
  const issues: Issue[] = [];
  const units: RegisterUnit[] = [];
  const cols = opts.description.columns;
  const bankList = cols.find((c) => c.key === 'bank')?.values ?? [];
  const bankSet = new Set(bankList);
  const dateKeys = cols.filter((c) => c.type === 'date').map((c) => c.key);
  // Per-column work decided once, not per row: required columns, and dropdown lists as sets.
  // A required column the sheet lacks is one error at the header, not a cell-less 必填 on every row.
  const requiredCols = cols.filter((c) => c.required && sheet.columns[c.key]);
  for (const c of cols) {
    if (!c.required || sheet.columns[c.key]) continue;
    issues.push(
      columnMissing(sheet, c.key, { zh: `表头中没有必填列「${c.header.zh}」`, en: `The header row has no "${c.header.en}" column, which is required` }, {
        zh: '在表头行加上这一列，列名与 anjie register new 生成的模板相同。',
        en: 'Add the column to the header row, named as in the template from `anjie register new`.',
      }),
    );
  }
  // Rows with a commercial loan in a register without a 贷款银行 column: said once at the header, after the rows.
  let banklessRows = 0;
  const moneyCols = cols.filter((c) => c.type === 'money');
  const listCols = cols.filter((c) => c.values && !OWN_LIST_CHECK.has(c.key)).map((c) => ({ c, values: c.values!, allowed: new Set(c.values) }));
  const seenUnit = new Map<string, number>();
  // Unit code → the first project and row that has it.
  const seenCode = new Map<string, { project: string; row: number }>();
  const seenContract = new Map<string, number>();
  const seenId: SeenIds = new Map();

  for (const row of sheet.rows) {
    // A cell showing a formula error (#N/A) is checked as empty: parseRegisterRow reports it as FORMULA_ERROR, and nothing else is said of it.
    const clean = withoutErrorCells(row);
    const { raw, errors } = clean;
    const at = (key: string) => locate(sheet, raw.row, key);
    const add = (severity: Issue['severity'], code: string, key: string, zh: string, en: string, fix?: { zh: string; en: string }) =>
      issues.push({ severity, code, message: { zh, en }, location: at(key), ...(fix ? { fix } : {}) });

    for (const c of requiredCols) {
      if ((isBlankCell(raw.cells[c.key]) && !errors.includes(c.key)) || isPlaceholder(raw.cells[c.key])) {
        add('error', 'REQUIRED', c.key, `「${c.header.zh}」必填`, `"${c.header.en}" is required`);
      }
    }

    // Values outside a column's dropdown list (loan type, homes and bank have their own checks).
    const offList: string[] = [];
    for (const { c, values, allowed } of listCols) {
      const v = cellText(raw.cells[c.key]);
      if (v !== '' && !allowed.has(v)) {
        offList.push(c.key);
        add('error', 'BAD_VALUE', c.key, `「${c.header.zh}」的值「${v}」不在列表中`, `"${c.header.en}": "${v}" is not one of the allowed values`, {
          zh: `请改为：${values.join('、')}`,
          en: `Use one of: ${values.join(', ')}`,
        });
      }
    }

    const parsed = parseRegisterRow(sheet, row, clean);
    issues.push(...parsed.issues);
    const u = parsed.unit;
    if (!u) continue;
    // A value off the list is not one a rule knows (用途 普通住宅 is not 非住宅, 证件类型 营业执照 not a
    // person): the fees that read it are 无法计算 until the cell is corrected, as for a cell not read.
    if (offList.length) u.unreadable = [...new Set([...(u.unreadable ?? []), ...offList])];
    units.push(u);

    checkBuyerIds(raw, u, seenId, { today: opts.today, showPii: opts.showPii }, add);

    // Stage order.
    const hasDeposit = !(u.depositRatio && u.depositRatio.isZero());
    const stageProblems = stagesSurelyInOrder(u.stages, u.loanType, hasDeposit) ? [] : checkStages(u.stages, u.loanType, { hasDeposit });
    for (const p of stageProblems) {
      // A stage whose date cell could not be read is not "without a date": BAD_DATE already says why.
      if (p.code === 'STAGE_GAP' && u.unreadable?.includes(STAGE_COLUMNS[p.other])) continue;
      add('error', p.code, STAGE_COLUMNS[p.code === 'STAGE_GAP' ? p.other : p.stage], p.message.zh, p.message.en);
    }

    // Each credit is the 放款 of its part (组合贷 has two, often on different days): neither may come
    // before the stage that precedes 放款, as checkStages holds the 放款 date itself.
    const beforeCredit = lastDatedStageBefore(u.stages, 'disbursed');
    if (beforeCredit) {
      for (const [key, date] of [['commercialDisbursedDate', u.commercialDisbursedDate], ['providentDisbursedDate', u.providentDisbursedDate]] as const) {
        if (!date || date >= beforeCredit.date) continue;
        const col = cols.find((c) => c.key === key)!.header;
        const { name } = beforeCredit.stage;
        add('error', 'STAGE_ORDER', key, `「${col.zh}」${date} 早于前一阶段"${name.zh}"的日期 ${beforeCredit.date}`, `"${col.en}" (${date}) is before the earlier stage "${name.en}" (${beforeCredit.date})`);
      }
    }

    // Amounts.
    if (u.totalPrice !== null && !isBlankCell(raw.cells.totalPrice) && !isBlankCell(raw.cells.downPayment)) {
      const loans = (u.commercialLoan ?? ZERO).plus(u.providentLoan ?? ZERO);
      // To the fen, as the sheet shows the amounts: a total an Excel formula worked out carries float
      // dust (1000000.2999999999) that is no difference.
      const diff = roundFen(u.downPayment).plus(roundFen(loans)).minus(roundFen(u.totalPrice));
      if (!diff.isZero()) {
        const zh = `首付款 ${formatYuan(u.downPayment)} + 贷款 ${formatYuan(loans)} ≠ 合同总价 ${formatYuan(u.totalPrice)}（差 ${formatYuan(diff)}）`;
        const en = `Down payment ${formatYuan(u.downPayment)} + loans ${formatYuan(loans)} ≠ total price ${formatYuan(u.totalPrice)} (off by ${formatYuan(diff)})`;
        if (u.remarks) add('warning', 'AMOUNT_SUM', 'totalPrice', `${zh}；备注：${u.remarks}`, `${en}; remark: ${u.remarks}`);
        else add('error', 'AMOUNT_SUM', 'totalPrice', zh, en, { zh: '核对金额，或在备注中说明差额原因。', en: 'Check the amounts, or explain the difference in the remarks.' });
      }
    }

    // Areas and amounts that cannot be: a slipped minus sign, or a 0 typed for "not known yet".
    if (u.floorArea && u.floorArea.lte(0)) {
      add('error', 'AREA_NOT_POSITIVE', 'floorArea', `建筑面积 ${u.floorArea.toString()}㎡ 应大于 0`, `Floor area ${u.floorArea.toString()} ㎡ must be greater than 0`);
    }
    for (const c of moneyCols) {
      const v = (u as unknown as Record<string, unknown>)[c.key];
      if (!(v instanceof Decimal)) continue;
      if (v.isNeg() && !v.isZero()) {
        add('error', 'NEGATIVE_AMOUNT', c.key, `${c.header.zh} ${formatYuan(v)} 不能为负数`, `${c.header.en} ${formatYuan(v)} cannot be negative`);
      } else if (c.key === 'totalPrice' && v.isZero()) {
        add('error', 'PRICE_ZERO', c.key, `${c.header.zh} ${formatYuan(v)} 应大于 0`, `${c.header.en} ${formatYuan(v)} must be greater than 0`);
      }
    }

    // Loan type vs amounts.
    const c = nz(u.commercialLoan);
    const p = nz(u.providentLoan);
    const loanMsg = (zh: string, en: string) => add('error', 'LOAN_TYPE', 'loanType', zh, en);
    if (u.loanType === 'commercial' && (!c || p)) loanMsg('商业贷款应只有商贷金额', 'A commercial loan should have a commercial amount only');
    else if (u.loanType === 'providentFund' && (!p || c)) loanMsg('公积金贷款应只有公积金金额', 'A provident-fund loan should have a provident amount only');
    else if (u.loanType === 'combined' && (!p || !c)) loanMsg('组合贷款应同时有商贷和公积金金额', 'A combined loan needs both a commercial and a provident amount');
    else if (u.loanType === null && cellText(raw.cells.loanType) === '' && !errors.includes('loanType') && (c || p)) loanMsg('有贷款金额但未填贷款类型', 'Loan amounts are given but no loan type');
    else if (u.loanType === null && cellText(raw.cells.loanType) !== '' && (c || p)) loanMsg('一次性付款不应有贷款金额', 'A full payment should have no loan amounts');

    // Deposit ratio: 0 says the bank holds none; below 0 is a slipped minus (no bank holds a negative
    // deposit) and 100% or more would hold the whole loan (the fees and reconcile take neither,
    // unknownDepositRatio); above 50% is likely a typing slip (deposits are commonly 5%–20%) but may be real.
    if (u.depositRatio && u.depositRatio.isNeg() && !u.depositRatio.isZero()) {
      const shown = `${u.depositRatio.times(100).toString()}%`;
      add('error', 'DEPOSIT_RATIO', 'depositRatio', `保证金比例 ${shown} 不能为负数`, `Deposit ratio ${shown} cannot be negative`, {
        zh: '删去负号：写 10% 或 0.1 表示 10%；银行不扣保证金时写 0。',
        en: 'Remove the minus sign: write 10% or 0.1 for 10%; write 0 when the bank holds no deposit.',
      });
    } else if (u.depositRatio && u.depositRatio.gte(1)) {
      const shown = `${u.depositRatio.times(100).toString()}%`;
      add('error', 'DEPOSIT_RATIO', 'depositRatio', `保证金比例 ${shown} 不小于 100%`, `Deposit ratio ${shown} is 100% or more`, {
        zh: '保证金是贷款的一部分（通常 5%–20%）：写 10% 或 0.1 表示 10%，写 10 也表示 10%。',
        en: 'A deposit is a part of the loan (commonly 5%–20%): write 10% or 0.1 for 10%; 10 also means 10%.',
      });
    } else if (u.depositRatio && u.depositRatio.gt(MAX_DEPOSIT_RATIO)) {
      const shown = `${u.depositRatio.times(100).toString()}%`;
      add('warning', 'DEPOSIT_RATIO', 'depositRatio', `保证金比例 ${shown} 不在 0 到 50% 之间`, `Deposit ratio ${shown} is not between 0 and 50%`, {
        zh: '按揭保证金通常为贷款的 5%–20%：写 10% 或 0.1 表示 10%，写 1 表示 1%。',
        en: 'Deposits are commonly 5%–20% of the loan: write 10% or 0.1 for 10%; 1 means 1%.',
      });
    }

    // Bank. Without the column a row has no cell to fill in: the header is told once (below), not each row at no cell.
    if (c && !u.bank && !errors.includes('bank')) {
      if (sheet.columns.bank) add('error', 'BANK_MISSING', 'bank', '有商贷金额但未填贷款银行', 'A commercial loan without a lending bank');
      else {
        u.bankColumnMissing = true;
        banklessRows++;
      }
    }
    if (markBankOffList(u, bankSet)) {
      add('error', 'BANK_UNKNOWN', 'bank', `贷款银行「${u.bank}」不在银行列表中`, `Lending bank "${u.bank}" is not in the bank list`, {
        zh: `请改为列表中的名称：${bankList.join('、')}（或在 templates/sheets/register.json 中增加该银行）。`,
        en: `Use a name from the list: ${bankList.join(', ')} (or add the bank to templates/sheets/register.json).`,
      });
    }

    // A letter O for a 0 (1O01) or an I/l for a 1 in 房号 or 房号编码: the unit would go by a code no
    // statement or journal writes, unmatched, and nothing said. Only where the text reads as a room or
    // code with those letters as digits, so A座, 12B or B-2-1501 are never asked about.
    for (const key of ['room', 'unitKey'] as const) {
      const text = cellText(raw.cells[key]);
      const fixed = text ? lookalikeDigits(text) : null;
      if (!fixed) continue;
      const label = key === 'room' ? { zh: '房号', en: 'Room' } : { zh: '房号编码', en: 'Unit code' };
      add('warning', 'LOOKALIKE_DIGIT', key, `${label.zh}「${text}」中有像数字的字母（O 与 0、I 或 l 与 1），应为「${fixed}」？`, `${label.en} "${text}" has a letter that looks like a digit (O for 0, I or l for 1): should it be ${fixed}?`, {
        zh: `如是数字，请改为 ${fixed}；房号确实带这个字母时可忽略本提示。`,
        en: `If it is a digit, write ${fixed}; if the room really has that letter, ignore this.`,
      });
    }

    // A 房号编码 typed by hand that names another unit than the row's 楼栋/单元/房号: reconciliation
    // and the duplicate check go by the code, the progress sheet shows the parts.
    const codeText = cellText(raw.cells.unitKey);
    if (codeText && u.building && u.room) {
      const partsKey = unitKeyOf(u.building, u.unit, u.room, '');
      const code = parseUnitCode(u.unitKey);
      const parts = partsKey ? parseUnitCode(partsKey) : null;
      if (code && parts && (code.building !== parts.building || code.room !== parts.room || (code.unit && parts.unit && code.unit !== parts.unit))) {
        add('warning', 'UNIT_CODE_MISMATCH', 'unitKey', `房号编码 ${codeText}（${u.unitKey}）与楼栋/单元/房号（${partsKey}）不一致`, `Unit code ${codeText} (${u.unitKey}) does not match the building/unit/room (${partsKey})`, {
          zh: '核对是哪一户，改正房号编码或楼栋/单元/房号。',
          en: 'Check which unit it is and correct the code or the building/unit/room.',
        });
      }
    }

    // Duplicates (reported on the later row, naming the first). A unit is its code within its
    // project: 1-1-101 of 项目A and 1-1-101 of 项目B are two units of one register.
    const unitId = `${u.project}\u241f${u.unitKey}`;
    const firstUnit = seenUnit.get(unitId);
    if (firstUnit !== undefined) {
      const column = sheet.columns.unitKey ? 'unitKey' : 'room';
      add('error', 'DUPLICATE_UNIT', column, `房号 ${u.unitKey} 与第 ${firstUnit} 行重复`, `Unit ${u.unitKey} repeats row ${firstUnit}`);
      // The fees of one unit are due once: charged on its first row, this row's are 无法计算 (not in a total twice).
      u.duplicateOf = { row: firstUnit, column };
    } else {
      seenUnit.set(unitId, raw.row);
      // The same code in another project is a unit of its own, but reconciliation finds a unit by
      // its code alone (domain/reconcile/registerIndex.ts) and cannot tell the two apart.
      const other = u.unitKey ? seenCode.get(u.unitKey) : undefined;
      if (!u.unitKey) {
        /* no code: nothing to share */
      } else if (!other) seenCode.set(u.unitKey, { project: u.project, row: raw.row });
      else if (other.project !== u.project) {
        add(
          'warning',
          'SHARED_UNIT_CODE',
          sheet.columns.unitKey ? 'unitKey' : 'room',
          `房号 ${u.unitKey} 在项目「${other.project}」（第 ${other.row} 行）和「${u.project}」中都有：两户各自有效，但银行流水对账（anjie reconcile）只按房号找房屋，分不清这两个项目的房屋`,
          `Unit ${u.unitKey} is in project "${other.project}" (row ${other.row}) and in "${u.project}": both are valid units, but reconciliation (anjie reconcile) finds a unit by its code alone and cannot tell the two projects' units apart`,
        );
      }
    }
    if (u.contractNo) {
      // "yqf-2026-00134" and full-width "ＹＱＦ－2026－00134" are YQF-2026-00134 retyped, not another contract.
      const contractId = u.contractNo.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
      const firstContract = seenContract.get(contractId);
      if (firstContract !== undefined) {
        add('error', 'DUPLICATE_CONTRACT', 'contractNo', `合同编号 ${u.contractNo} 与第 ${firstContract} 行重复`, `Contract ${u.contractNo} repeats row ${firstContract}`);
      } else seenContract.set(contractId, raw.row);
    }

    // Dates in the future.
    for (const key of dateKeys) {
      const v = raw.cells[key];
      if (v === null || v === undefined || v === '') continue;
      const dateText = dateOf(u, key);
      if (dateText && dateText > opts.today) {
        add('error', 'DATE_FUTURE', key, `日期 ${dateText} 晚于今天（${opts.today}）`, `Date ${dateText} is after today (${opts.today})`);
      }
    }
  }
  if (banklessRows) {
    issues.push(
      columnMissing(
        sheet,
        'bank',
        { zh: `表头中没有「贷款银行」列，有商贷金额的 ${banklessRows} 行都没有贷款银行`, en: `The header row has no "Lending bank" column, so the ${banklessRows} row(s) with a commercial loan have no lending bank` },
        {
          zh: '在表头行加上「贷款银行」列（列名与 anjie register new 生成的模板相同），填写各户的贷款银行。',
          en: "Add the \"Lending bank\" column to the header row, named as in the template from `anjie register new`, with each unit's bank.",
        },
      ),
    );
  }
  return { units, issues: sortIssues(issues), rows: sheet.rows.length };
}

/** A column missing from the header: one error at the header row, with no cell to point at (its key kept for missingColumnOf). */
function columnMissing(sheet: RegisterSheet, key: string, message: Bilingual, fix: Bilingual): Issue {
  const issue: Issue = { severity: 'error', code: 'COLUMN_MISSING', message, location: { file: sheet.file, sheet: sheet.sheet, row: sheet.headerRow }, fix };
  missingColumns.set(issue, key);
  return issue;
}

/** The column (key) of each COLUMN_MISSING validateRegister reported: the issue names it in words only, having no cell to point at. */
const missingColumns = new WeakMap<Issue, string>();

/** The column (key) a COLUMN_MISSING of validateRegister is about; undefined for any other issue. */
export function missingColumnOf(issue: Issue): string | undefined {
  return missingColumns.get(issue);
}

/**
 * The register's errors (validateRegister's issues) at cells of the given columns (keys), leaving out
 * the checks named in `except`, in validate's order: what a command that reads those columns reports
 * of the register (progressInputErrors, reconcileInputErrors).
 */
export function registerErrorsIn(issues: readonly Issue[], sheet: Pick<RegisterSheet, 'columns'>, columns: ReadonlySet<string>, except: ReadonlySet<string>): Issue[] {
  return registerIssuesIn(issues, sheet, columns, except, 'error');
}

/**
 * registerErrorsIn for the issues of one severity (the warnings a command lists apart: progressInputWarnings).
 * A required column of `columns` missing from the header (COLUMN_MISSING, at the header row with no
 * column letter) is one of them too: without 楼栋 or 买受人1 the command reads none of that column.
 */
export function registerIssuesIn(issues: readonly Issue[], sheet: Pick<RegisterSheet, 'columns'>, columns: ReadonlySet<string>, except: ReadonlySet<string>, severity: Issue['severity']): Issue[] {
  const keyOf = new Map<string, string>();
  for (const [key, letter] of Object.entries(sheet.columns)) if (letter) keyOf.set(letter, key);
  return issues.filter((i) => {
    if (i.severity !== severity || except.has(i.code)) return false;
    const key = i.location.column ? keyOf.get(i.location.column) : missingColumnOf(i);
    return key !== undefined && columns.has(key);
  });
}

/**
 * A 贷款银行 outside the register's bank list (`banks`, the 贷款银行 column's values; none: every name
 * goes): no bank's agreed deposit ratio goes by that name, so the unit's bank is marked unreadable and
 * the 按揭保证金 of a row without its own ratio is 无法计算 (computeDeposit) — and anjie reconcile, which
 * marks its register so too, takes no credit of the unit for one net of a guessed deposit. True when marked.
 */
export function markBankOffList(u: RegisterUnit, banks: ReadonlySet<string>): boolean {
  if (!u.bank || !banks.size || banks.has(u.bank)) return false;
  u.unreadable = [...new Set([...(u.unreadable ?? []), 'bank'])];
  return true;
}

/** The last dated stage before `stage` in stage order, with its date. */
function lastDatedStageBefore(dates: StageDates, stage: StageKey): { stage: StageDef; date: string } | null {
  let last: { stage: StageDef; date: string } | null = null;
  for (const s of STAGES) {
    if (s.key === stage) break;
    const d = dates[s.key];
    if (d && isValidDate(d)) last = { stage: s, date: d };
  }
  return last;
}

function dateOf(u: RegisterUnit, key: string): string | null {
  const stage = STAGE_OF_COLUMN.get(key);
  if (stage) return u.stages[stage] ?? null;
  const direct = (u as unknown as Record<string, unknown>)[key];
  return typeof direct === 'string' ? direct : null;
}
