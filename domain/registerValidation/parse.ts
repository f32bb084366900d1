import Decimal from 'decimal.js';
import { parseDate, type LocalDate } from '../dates';
import type { Issue } from '../issues';
import { parseAmount, parseWanAmount } from '../money';
import { readTypedAmount } from '../typedAmount';
import type { Buyer, RegisterUnit } from '../register';
import { LOAN_TYPE_NAMES, parsePaymentMethod, type LoanType, type StageDates, type StageKey } from '../stages';
import { normaliseUnitCode } from '../units';

/**
 * Register rows as read from a sheet (cell values by column key, with where they were) →
 * RegisterUnit plus the issues met while reading each cell. Pure, so the add-in (values from
 * Office.js) and the CLI (values from exceljs) read a register the same way.
 */
export type RawCell = string | number | boolean | Date | null;

export interface RawRegisterRow {
  /** 1-based row as shown in Excel. */
  row: number;
  cells: Partial<Record<string, RawCell>>;
}

export interface RegisterSheet {
  file?: string;
  sheet: string;
  /** 1-based header row. */
  headerRow: number;
  /** Column letter of every register column key found ("A", "B", …). */
  columns: Partial<Record<string, string>>;
  /** The header text of every column key found. */
  headers: Partial<Record<string, string>>;
  rows: RawRegisterRow[];
  date1904?: boolean;
}

/** The register column holding each stage's date. */
export const STAGE_COLUMNS: Record<StageKey, string> = {
  signed: 'contractDate',
  filed: 'filingDate',
  docsComplete: 'docsCompleteDate',
  sentToBank: 'sentToBankDate',
  bankInterview: 'bankInterviewDate',
  approved: 'approvedDate',
  mortgageRegistered: 'mortgageRegisteredDate',
  disbursed: 'disbursedDate',
  certificateHandedOver: 'certificateHandedOverDate',
  depositRefunded: 'depositRefundedDate',
};

const STAGE_ENTRIES = Object.entries(STAGE_COLUMNS) as [StageKey, string][];
/** Decimal values are immutable: one zero serves every default. */
const ZERO = new Decimal(0);
const RATIO_RE = /^(-?\d+(?:\.\d+)?)(%|％)?$/;
const NUMBER_RE = /^-?\d+(\.\d+)?$/;
/** A number whose commas group thousands, in threes (full-width commas are folded to these first). */
const GROUPED_RE = /^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
/** A loan term in months, or written with its unit as the bank's contract does: 30年, 360个月, 240月. */
const LOAN_TERM_RE = /^(\d+)\s*(年|个?月)?$/;

/**
 * A 保证金比例 as written: "10%" is 10%; a bare number of 1 or more is a percentage (10 → 10%,
 * 1 → 1%); a number below 1 is a fraction (0.1 → 10%). Deposits are commonly 5%–20%, so 1 meaning
 * 100% is never what the desk typed. null when the text is not a number.
 */
export function readRatio(text: string): Decimal | null {
  const m = RATIO_RE.exec(text);
  if (!m) return null;
  const n = new Decimal(m[1]);
  return m[2] || n.abs().gte(1) ? n.div(100) : n;
}

/** For an amount in words the reader does not take: how to write one it does. */
const AMOUNT_HINT = {
  zh: '请写成 1090000.00、109万元、人民币壹佰零玖万元整 或 一百零九万元 这样的金额。',
  en: 'Write an amount such as 1090000.00, 109万元, 人民币壹佰零玖万元整 or 一百零九万元.',
};
const DATE_HINT = {
  zh: '写成年-月-日，如 2026-11-03（或 2026年11月3日），或把单元格设为日期格式后重新输入。',
  en: 'Write year-month-day, e.g. 2026-11-03 (or 2026年11月3日), or format the cell as a date and enter it again.',
};

const LOAN_TYPE_HINT = {
  zh: `请改为：${[...Object.values(LOAN_TYPE_NAMES).map((n) => n.zh), '一次性付款'].join('、')}`,
  en: `Use one of: ${[...Object.values(LOAN_TYPE_NAMES).map((n) => n.zh), '一次性付款'].join(', ')}`,
};

/** Column keys of buyers 1–4, made once (a key built per lookup costs a hash each time). */
export const BUYER_KEYS = [1, 2, 3, 4].map((i) => ({
  name: `buyer${i}Name`,
  phone: `buyer${i}Phone`,
  idType: `buyer${i}IdType`,
  idNumber: `buyer${i}IdNumber`,
}));

export const HOMES_VALUES: Record<string, 1 | 2 | 3> = { 首套: 1, 一套: 1, '1': 1, 二套: 2, '2': 2, 三套及以上: 3, 三套: 3, '3': 3 };
export const HOMES_NAMES: Record<1 | 2 | 3, string> = { 1: '首套', 2: '二套', 3: '三套及以上' };

/**
 * Excel's error values, as a cell shows them when its formula fails (#N/A from a lookup that found
 * nothing, #REF! after a referenced column was deleted). Office.js reads such a cell as this text
 * and the CLI's reader hands it on the same way (pipeline/read/register.ts plainCell).
 */
const EXCEL_ERROR = /^#(?:N\/A|REF!|VALUE!|DIV\/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|PYTHON!|GETTING_DATA)$/;

/** "-", "--", "—", "/" (full-width too): what people type for "none yet", which the register's readers take as empty. */
const PLACEHOLDER = /^[\s\-/\u2012-\u2015\u2212\uFF0D\uFF0F]+$/;
export function isPlaceholder(v: RawCell | undefined): boolean {
  return typeof v === 'string' && PLACEHOLDER.test(v);
}

/** The error value a cell shows (#N/A, #REF! …), or null for any other cell. */
export function excelError(v: RawCell | undefined): string | null {
  return typeof v === 'string' && v.charCodeAt(0) === 35 && EXCEL_ERROR.test(v.trim()) ? v.trim() : null;
}

/**
 * A row whose cells showing a formula error are taken as holding nothing (there is no value to
 * read), with the keys of those cells; the row itself when it has none. Each such cell is a
 * FORMULA_ERROR of its own (parseRegisterRow), not a blank nor a value.
 */
export function withoutErrorCells(raw: RawRegisterRow): { raw: RawRegisterRow; errors: string[] } {
  let errors: string[] | null = null;
  for (const key in raw.cells) if (excelError(raw.cells[key]) !== null) (errors ??= []).push(key);
  if (!errors) return { raw, errors: [] };
  const cells = { ...raw.cells };
  for (const key of errors) cells[key] = null;
  return { raw: { ...raw, cells }, errors };
}

const FORMULA_ERROR_FIX = {
  zh: '检查这一格的公式（#N/A 多为查找的值不存在，#REF! 为引用的单元格已删除），或直接填入值。',
  en: 'Check the cell’s formula (#N/A mostly means a lookup found nothing, #REF! that a cell it refers to was deleted), or type the value in.',
};

/** cellText(v) === '' without making the text (a number or boolean is never blank). */
export function isBlankCell(v: RawCell | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'number' || typeof v === 'boolean') return false;
  return cellText(v) === '';
}

/** Text of a cell as a person reads it ("" for empty). Numbers keep their digits (1501 → "1501"). */
export function cellText(v: RawCell | undefined): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    const p = parseDate(v);
    return p.ok && p.date ? p.date : '';
  }
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  return String(v).trim();
}

export function locate(sheet: RegisterSheet, row: number, key: string): Issue['location'] {
  return { file: sheet.file, sheet: sheet.sheet, row, column: sheet.columns[key], columnHeader: sheet.headers[key] };
}

function stripSuffix(s: string, re: RegExp): string {
  return s.replace(re, '').trim();
}

/** The unit key of a row: the 房号编码 column if it normalises, else 楼栋-单元-房号. */
export function unitKeyOf(building: string, unit: string | null, room: string, code: string): string | null {
  if (code) {
    const k = normaliseUnitCode(code);
    if (k) return k;
  }
  if (!building || !room) return null;
  // 3栋, 3幢, 3座, 3号, 3号楼, 3#, 3#楼, 3栋楼 — every way a building column writes 3 — are building 3.
  const b = stripSuffix(building, /(号楼|[#＃]楼|栋楼|栋|幢|座|号|[#＃]|楼)$/);
  const u = unit ? stripSuffix(unit, /单元$/) : null;
  const r = stripSuffix(room, /(室|号)$/);
  const composed = u ? `${b}栋${u}单元${r}` : `${b}栋${r}`;
  return normaliseUnitCode(composed) ?? [b, u, r].filter(Boolean).join('-');
}

export interface ParsedRow {
  unit: RegisterUnit | null;
  issues: Issue[];
}

/** `clean`: withoutErrorCells(row), when the caller has it already (validateRegister). */
export function parseRegisterRow(sheet: RegisterSheet, row: RawRegisterRow, clean = withoutErrorCells(row)): ParsedRow {
  const issues: Issue[] = [];
  const unreadable: string[] = [];
  // A cell showing a formula error is read as holding nothing, and said to be unreadable (below).
  const { raw, errors } = clean;
  const t = (key: string) => cellText(raw.cells[key]);
  // Numbers typed with the Chinese input method's full-width digits (１２０.５, １０％) read as ASCII.
  const digitsText = (key: string) => t(key).normalize('NFKC');
  const bad = (key: string, code: string, zh: string, en: string, fix?: Issue['fix']) => {
    issues.push({ severity: 'error', code, message: { zh, en }, location: locate(sheet, raw.row, key), ...(fix ? { fix } : {}) });
    if (!unreadable.includes(key)) unreadable.push(key);
  };

  for (const key of errors) {
    const code = excelError(row.cells[key]);
    bad(key, 'FORMULA_ERROR', `单元格为公式错误值 ${code}，读不出内容`, `The cell shows the formula error ${code}: there is no value to read`, FORMULA_ERROR_FIX);
  }

  const money = (key: string): Decimal | null => {
    const v = raw.cells[key];
    // A "/" is "none" as "-" is (parseAmount, shared with the 查册表 and statement readers, takes dashes only).
    if (v === null || v === undefined || v === '' || isPlaceholder(v)) return null;
    if (v instanceof Date || typeof v === 'boolean') {
      bad(key, 'BAD_AMOUNT', `金额无法识别：${cellText(v)}`, `Not an amount: ${cellText(v)}`);
      return null;
    }
    const wan = typeof v === 'string' ? parseWanAmount(v) : null;
    if (wan) return wan;
    const p = parseAmount(v);
    // As a contract states it: 109万元整, or in words (人民币壹佰零玖万元整), read as the 查册表 reads them.
    const typed = !p.ok && typeof v === 'string' ? readTypedAmount(v) : undefined;
    if (typed) return typed;
    if (!p.ok && typeof v === 'string' && /[零壹贰叁肆伍陆柒捌玖拾佰仟万亿〇一二两三四五六七八九十百千]/.test(v)) {
      // Words and 万 are read when written by the rules (人民币壹佰零玖万元整, 109万元): parseAmount's
      // reason, that an amount in words cannot be read as a number, would say no such text is read.
      bad(key, 'BAD_AMOUNT', `金额无法识别："${v.trim()}" 不是按规范书写的金额`, `Not an amount: "${v.trim()}" is not an amount written by the rules`, AMOUNT_HINT);
      return null;
    }
    if (!p.ok) {
      bad(key, 'BAD_AMOUNT', `金额无法识别：${p.reason.zh}`, `Not an amount: ${p.reason.en}`);
      return null;
    }
    return p.value;
  };
  const dateOpts = { date1904: sheet.date1904 };
  const date = (key: string): LocalDate | null => {
    const v = raw.cells[key];
    if (v === null || v === undefined || v === '' || typeof v === 'boolean') return null;
    const p = parseDate(v, dateOpts);
    if (!p.ok) {
      bad(key, 'BAD_DATE', `日期无法识别：${p.reason.zh}`, `Not a date: ${p.reason.en}`, DATE_HINT);
      return null;
    }
    return p.date;
  };
  const decimal = (key: string): Decimal | null => {
    const typed = digitsText(key).replace(/\s/g, '').replace(/(㎡|m2|平方米|平米)$/i, '');
    if (!typed) return null;
    // Commas group thousands (1,200.50); any other is a decimal comma or a slip (88,5), not 885 to guess.
    const s = GROUPED_RE.test(typed) ? typed.replace(/,/g, '') : typed;
    if (!NUMBER_RE.test(s)) {
      bad(key, 'BAD_NUMBER', `不是数字：${typed}`, `Not a number: ${typed}`);
      return null;
    }
    return new Decimal(s);
  };
  // One reading for numbers and text alike (readRatio): "10%" and 10 are 10%, 1 is 1%, 0.1 is 10%.
  const ratio = (key: string): Decimal | null => {
    const v = raw.cells[key];
    if (typeof v === 'number') {
      const n = new Decimal(String(v));
      return n.abs().gte(1) ? n.div(100) : n;
    }
    const s = digitsText(key).replace(/\s/g, '');
    if (!s) return null;
    const r = readRatio(s);
    if (!r) bad(key, 'BAD_NUMBER', `比例无法识别：${s}`, `Not a ratio: ${s}`);
    return r;
  };

  const building = t('building');
  const unitPart = t('unit') || null;
  const room = t('room');
  const unitKey = unitKeyOf(building, unitPart, room, t('unitKey'));

  const buyers: Buyer[] = [];
  for (const k of BUYER_KEYS) {
    const name = t(k.name);
    if (!name) continue;
    const phone = t(k.phone);
    buyers.push({ name, idType: t(k.idType) || '身份证', idNumber: t(k.idNumber).toUpperCase(), ...(phone ? { phone } : {}) });
  }

  const loanText = t('loanType');
  let loanType: LoanType | null = null;
  if (loanText) {
    const method = parsePaymentMethod(loanText);
    loanType = method === 'fullPayment' ? null : method;
    if (method === null) bad('loanType', 'LOAN_TYPE_UNKNOWN', `贷款类型无法识别：${loanText}`, `Unknown loan type: ${loanText}`, LOAN_TYPE_HINT);
  }

  const stages: StageDates = {};
  for (const [stage, key] of STAGE_ENTRIES) {
    const d = date(key);
    if (d) stages[stage] = d;
  }

  // ２ typed with the Chinese input method's full-width digits is the 2 the list reads as 二套.
  const homesText = digitsText('householdHomes');
  const householdHomes = homesText ? (HOMES_VALUES[homesText] ?? null) : null;
  if (homesText && householdHomes === null) {
    bad('householdHomes', 'BAD_VALUE', `家庭住房套数应为 首套/二套/三套及以上：${homesText}`, `Homes held should be 首套/二套/三套及以上: ${homesText}`);
  }
  const termText = digitsText('loanTermMonths');
  let loanTermMonths: number | null = null;
  if (termText) {
    const m = LOAN_TERM_RE.exec(termText);
    if (m) loanTermMonths = Number(m[1]) * (m[2] === '年' ? 12 : 1);
    else bad('loanTermMonths', 'BAD_NUMBER', `贷款期限应为整月数（如 360，或写成 30年）：${termText}`, `Loan term should be whole months (e.g. 360, or written as 30年): ${termText}`);
  }

  const parsed: RegisterUnit = {
    source: sheet.file !== undefined ? { file: sheet.file, sheet: sheet.sheet, row: raw.row } : { file: '', sheet: sheet.sheet, row: raw.row },
    project: t('project'),
    building,
    unit: unitPart,
    room,
    unitKey: unitKey ?? '',
    usage: t('usage'),
    // Rounded to 0.01㎡ as the contract states it, so a threshold (140㎡) compares what the ledger shows.
    floorArea: decimal('floorArea')?.toDecimalPlaces(2, Decimal.ROUND_HALF_UP) ?? null,
    buyers,
    mainBorrower: t('mainBorrower') || buyers[0]?.name || '',
    contractNo: t('contractNo'),
    contractDate: stages.signed ?? null,
    filingDate: stages.filed ?? null,
    filingNo: t('filingNo') || null,
    totalPrice: money('totalPrice'),
    downPayment: money('downPayment') ?? ZERO,
    loanType,
    bank: t('bank') || null,
    commercialLoan: money('commercialLoan'),
    providentLoan: money('providentLoan'),
    loanTermMonths,
    depositRatio: ratio('depositRatio'),
    stages,
    commercialDisbursed: money('commercialDisbursed'),
    commercialDisbursedDate: date('commercialDisbursedDate'),
    providentDisbursed: money('providentDisbursed'),
    providentDisbursedDate: date('providentDisbursedDate'),
    householdHomes,
    buildingType: t('buildingType') || null,
    deedTaxCollected: money('deedTaxCollected'),
    maintenanceFundCollected: money('maintenanceFundCollected'),
    registrationFeeCollected: money('registrationFeeCollected'),
    propertyUnitNo: t('propertyUnitNo') || null,
    titleSearchDate: date('titleSearchDate'),
    follower: t('follower') || null,
    reviewer: t('reviewer') || null,
    remarks: t('remarks') || null,
  };
  if (unreadable.length) parsed.unreadable = unreadable;
  return { unit: unitKey ? parsed : null, issues };
}

export interface ParsedRegister {
  units: RegisterUnit[];
  issues: Issue[];
}

/** Every row of a register sheet; rows without a unit (no building/room) are reported, not dropped silently. */
export function parseRegisterSheet(sheet: RegisterSheet): ParsedRegister {
  const units: RegisterUnit[] = [];
  const issues: Issue[] = [];
  for (const raw of sheet.rows) {
    const r = parseRegisterRow(sheet, raw);
    issues.push(...r.issues);
    if (r.unit) units.push(r.unit);
  }
  return { units, issues };
}
