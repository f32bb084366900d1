import type Decimal from 'decimal.js';
import { Money, MoneySum, negatedMoney } from '../../domain/money';
import type { LocalDate } from '../../domain/dates';
import type { BankTransaction, RejectedRow } from '../../domain/records';
import type { Bilingual } from '../../domain/text';
import { UserError } from '../errors';
import { AmountPool, cellString, cleanText, columnLetter, currencyCode, detached, parseDateCell, parseMoneyCell, parseTimeCell, rowSpanText, sidedAmount, splitCounterparty, TextInterner, type Cell, type DateContext, type MoneyParse } from './cells';
import { SignByBalance, type DoubtfulSign } from './balanceSign';
import type { Interpreter, SheetContext } from './engine';
import { COMMON_FOOTERS, normHeader, refNames, type BankProfile } from './profile';

/** A row that is not a money movement (neutral 不计收支, closed transactions): reported, not counted. */
export interface SkippedRow {
  source: { file: string; sheet: string; row: number };
  /** The row's date (rows are skipped only once their date is read). */
  date: LocalDate;
  reason: Bilingual;
}

export interface CurrencyTotals {
  currency: string;
  count: number;
  readonly credits: Decimal;
  readonly debits: Decimal;
}

/** A totals line under the rows (合计, 总计, 本月合计, 本页合计, 小计, 累计, 本年累计), checked against the rows read once all are read. */
export interface FooterTotal {
  file: string;
  sheet: string;
  row: number;
  /** The date of the last row read above it: the date the line is listed under when it is skipped. */
  date: LocalDate | null;
  /** Money in and money out as the line prints them (compared without their sign). */
  credit: Decimal | null;
  debit: Decimal | null;
  /** A signed layout's one total: money in − money out. */
  net: Decimal | null;
  /**
   * Which rows the line adds up: a 本页合计 the page (the rows since the previous 本页合计 or 合计), a 小计 its
   * group (the rows since the previous 小计, page line or 合计), a 累计 the rows of its section up to it (or
   * every row up to it), a 本年累计 the year's (months before the statement among them), any other (合计,
   * 总计, 本月合计, the layout's own labels) its section: every row of the statement, or, when rows follow a
   * 合计 (an export running two periods or accounts one after the other), the rows since the previous
   * such line.
   */
  scope: 'page' | 'group' | 'running' | 'year' | 'all';
  /**
   * The rows the line adds up (first and last row number, money in and out per currency), known once
   * every row above it is counted; null for a line that adds up every row of the statement. A 本年累计's:
   * every row above it, which only its difference from the 本年累计 above it can be checked against.
   */
  span: FooterSpan | null;
  /**
   * A 合计, 累计 or last summary line of a statement of sections: every row above it, which it may add up
   * instead (a grand total under the last section).
   */
  above?: FooterSpan;
  /**
   * Not the profile's own totals line (its `totals` section), but a common 合计/总计/本页合计/小计/累计 line of a
   * layout that has none: it is listed among the skipped rows when it agrees, so it never vanishes.
   */
  listed: boolean;
  /** A bare amount in the label's cell of a layout with separate money-in and money-out columns ("合计：1,234.56"): which side it is, nothing says, so it is not checked. */
  unsided?: Decimal;
  /**
   * What an export's summary line states in words (总笔数：2, 借方笔数：1, 贷方笔数：1): the number of rows
   * read, of money out and of money in; null where it states none. Such a line adds up its page when
   * more rows follow it (a portal printing it at the foot of every page), every row when it ends the
   * sheet (unless the same words closed an earlier page, or they are 本页笔数).
   */
  counts?: { all: number | null; debit: number | null; credit: number | null };
  /** A summary line's first words (交易笔数, 总笔数 …): the last page's line repeats the earlier pages'. */
  summary?: string;
}

/** What a page's rows add up to in one currency: money in and out, and the rows read, of money in and of money out. */
export interface SpanSums {
  credits: Decimal;
  debits: Decimal;
  count: number;
  creditCount: number;
  debitCount: number;
}

/** The rows a 本页合计, 小计 or 累计 line adds up. */
export interface FooterSpan {
  /** First and last row number of the span (the header's next row when it starts at the top). */
  from: number;
  to: number;
  /** Money in and money out (positive) and the rows read per currency, summed as the statement's totals are. */
  sums: Map<string, SpanSums>;
}

/** What reading one statement found, without the transactions themselves. */
export interface StatementAccumulator {
  count: number;
  rejected: RejectedRow[];
  skipped: SkippedRow[];
  warnings: Bilingual[];
  totals: Map<string, CurrencyTally>;
  footerTotals: FooterTotal[];
}

export function newAccumulator(): StatementAccumulator {
  return { count: 0, rejected: [], skipped: [], warnings: [], totals: new Map(), footerTotals: [] };
}

const ZERO = new Money(0);

/** A currency's running totals while reading: money in and out summed exactly (see MoneySum). */
export class CurrencyTally implements CurrencyTotals {
  count = 0;
  /** Rows of money in and of money out (a zero amount is neither: either side's count may hold it), for a summary line's 贷方笔数 / 借方笔数. */
  creditCount = 0;
  debitCount = 0;
  private readonly creditSum = new MoneySum();
  private readonly debitSum = new MoneySum();
  constructor(readonly currency: string) {}

  /** Counts the row; adds a non-zero amount to the credits (money in) or the debits (money out, as a positive sum). */
  add(amount: Decimal): void {
    this.count++;
    if (amount.isZero()) return;
    if (amount.isPositive()) {
      this.creditSum.add(amount);
      this.creditCount++;
    } else {
      this.debitSum.subtract(amount);
      this.debitCount++;
    }
  }

  get credits(): Decimal {
    return this.creditSum.value(ZERO);
  }

  get debits(): Decimal {
    return this.debitSum.value(ZERO);
  }

  /** The totals as a plain object, for summaries that are spread or serialised (getters would be lost). */
  snapshot(): CurrencyTotals {
    return { currency: this.currency, count: this.count, credits: this.credits, debits: this.debits };
  }
}

/**
 * credit − debit exactly as (credit ?? 0).minus(debit ?? 0) computes it, without the subtraction when
 * only one side has an amount: x − 0 and 0 − x only round to Money's precision and turn a zero into
 * +0, so for a non-zero x within the precision x − 0 is x itself and 0 − x is x.negated() (negatedMoney).
 */
function splitAmount(credit: Decimal | null, debit: Decimal | null): Decimal {
  if (debit === null && credit !== null && !credit.isZero() && withinPrecision(credit)) return credit;
  if (credit === null && debit !== null && !debit.isZero() && withinPrecision(debit)) return negatedMoney(debit);
  return (credit ?? ZERO).minus(debit ?? ZERO);
}

/** A non-zero amount printed with a minus. */
function isNegativeAmount(x: Decimal | null): x is Decimal {
  return x !== null && x.isNegative() && !x.isZero();
}

/** x.sd() <= Money.precision; five base-1e7 words (35 digits) or fewer always are, without counting digits. */
function withinPrecision(x: Decimal): boolean {
  return x.d.length <= 5 || x.sd() <= Money.precision;
}

interface KeptTexts {
  date: TextInterner;
  time: TextInterner;
  name: TextInterner;
  account: TextInterner;
  memo: TextInterner;
  /** Amounts repeat (round loan sums); balances do not, and their pool soon judges itself useless. */
  amount: AmountPool;
  balance: AmountPool;
}

function newKeptTexts(): KeptTexts {
  return { date: new TextInterner(), time: new TextInterner(), name: new TextInterner(), account: new TextInterner(), memo: new TextInterner(), amount: new AmountPool(), balance: new AmountPool() };
}

/**
 * For transactions that are kept (readBankFile): one copy of each repeated text, none of them a view
 * into the decoded file (see TextInterner). Streaming readers skip this: it costs a map look-up per
 * text and saves nothing when each transaction is dropped after use.
 */
function shareTexts(tx: BankTransaction, texts: KeptTexts): void {
  tx.date = texts.date.intern(tx.date);
  tx.time = texts.time.intern(tx.time);
  tx.counterpartyName = texts.name.intern(tx.counterpartyName);
  tx.counterpartyAccount = texts.account.intern(tx.counterpartyAccount);
  tx.memo = texts.memo.intern(tx.memo);
  if (tx.reference !== null) tx.reference = detached(tx.reference);
}

/** Printable ASCII other than the space: a character trim() keeps at the start of a text. */
function printableAscii(code: number): boolean {
  return code > 32 && code < 127;
}

/** Index of the first cell that is not empty (white space counts as empty), or -1. */
function firstFilled(cells: Cell[]): number {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c === null) continue;
    if (typeof c !== 'string') return i;
    if (c.length > 0 && printableAscii(c.charCodeAt(0))) return i; // non-empty without trimming it
    if (c.trim().length > 0) return i;
  }
  return -1;
}

/** "1" | "-12" | "¥123" | "(1": what is left of an amount cut at its first thousands comma. */
const AMOUNT_HEAD = /^[-+(]?[¥￥]?\d{1,3}$/;
/** "234" | "234.56" | "567.89)": a group of three digits after a thousands comma. */
const AMOUNT_GROUP = /^\d{3}(\.\d*)?\)?$/;

/**
 * In a text row with more cells than the header has columns: the first amount column whose cell
 * and the next look like an amount cut at an unquoted thousands comma (1,234.56 → "1" | "234.56"),
 * or -1. Every cell after it has moved one column right, so nothing in the row can be trusted.
 */
export function commaSplitAmount(cells: Cell[], moneyCols: readonly number[]): number {
  for (const i of moneyCols) {
    const a = cells[i];
    const b = cells[i + 1];
    if (typeof a === 'string' && typeof b === 'string' && AMOUNT_HEAD.test(a.trim()) && AMOUNT_GROUP.test(b.trim())) return i;
  }
  return -1;
}

export function commaSplitReason(cells: Cell[], col: number, columns: number): Bilingual {
  const shown = `${cellString(cells[col] ?? null)},${cellString(cells[col + 1] ?? null)}`;
  return {
    zh: `本行有 ${cells.length} 个单元格，表头只有 ${columns} 列：金额 ${shown} 中的千分位逗号没有加引号，被当成了分隔符，其后各列都已错位`,
    en: `the row has ${cells.length} cells but the header only ${columns} columns: the thousands comma in the amount ${shown} is not quoted and was taken as a separator, so every later cell has shifted`,
  };
}


/** The row is the header again (most of its labels in their columns): checked only on rows already refused. */
function repeatsHeader(cells: Cell[], keys: readonly string[]): boolean {
  let labels = 0;
  let same = 0;
  keys.forEach((k, i) => {
    if (!k) return;
    labels++;
    const c = cells[i];
    if (typeof c === 'string' && normHeader(c) === k) same++;
  });
  return labels >= 2 && same * 3 >= labels * 2;
}

/** What a row is not, in the reasons for refusing a repeated header or title: statements and journals say it in their own word. */
const NOT_A_TRANSACTION: Bilingual = { zh: '交易', en: 'a transaction' };

/** A paged export's header or title line again on a later page, said as such (checked only on rows already refused); null when it is neither. */
export function repeatedPageLine(cells: Cell[], keys: readonly string[], titleText: string, not: Bilingual = NOT_A_TRANSACTION): Bilingual | null {
  if (repeatsHeader(cells, keys)) return { zh: `重复的表头行（分页导出时每页都有表头），不是${not.zh}`, en: `a repeated header row (a paged export repeats it on each page), not ${not.en}` };
  if (repeatsTitle(cells, titleText)) return repeatedTitle(not);
  return null;
}

function repeatedTitle(not: Bilingual): Bilingual {
  return { zh: `重复的标题行（分页导出时每页都有标题），不是${not.zh}`, en: `a repeated title line (a paged export repeats it on each page), not ${not.en}` };
}

/** The row is a line of the title block above the header again: checked only on rows already refused. */
function repeatsTitle(cells: Cell[], titleText: string): boolean {
  const squash = (t: string): string => t.replace(/\s+/g, ' ').trim();
  const text = squash(cells.map((c) => cellString(c)).join(' '));
  return text !== '' && titleText.split('\n').some((line) => squash(line) === text);
}

/** "6.21484E+18": a long number as Excel writes it in General format, its last digits gone. */
function isScientific(text: string | null): boolean {
  return text !== null && text.length < 16 && (text.includes('E+') || text.includes('e+')) && /^\d(\.\d+)?[Ee]\+\d+$/.test(text);
}

/**
 * A number cell of 16 or more digits (≥ 10^15) in an account or reference column: Excel keeps 15
 * significant digits, so a file opened and saved again by Excel or WPS (or converted by LibreOffice)
 * holds 202611030000000001 as 202611030000000000 — the last digits are gone, and two different
 * references can become the same number. Beyond 2^53 a JavaScript number cannot even hold them.
 */
function lostDigitsNumber(c: Cell): boolean {
  return typeof c === 'number' && Math.abs(c) >= 1e15;
}

/**
 * Words a totals line starts with whatever the layout (the profile's own `totals` labels come first). 本页小计
 * is 本页合计; 本月合计 / 本期合计 close a month's rows as 合计 closes a section.
 */
const TOTAL_WORDS = ['合计', '总计', '本页合计', '本页小计', '本月合计', '本期合计', '小计', '累计', '本年累计'];

/** Footer words of statements only: a page total some portals call 本页小计, and a statement printed month by month. */
const STATEMENT_FOOTERS = ['本页小计', '本月合计', '本期合计', '本年累计'];

/**
 * The first words of the summary lines portals print under the rows, stating the statement's counts
 * and sums in words (总笔数：2, 借方发生额合计：30.00, 交易笔数：2 借方笔数：1 贷方笔数：1): part of the
 * export's layout, as its header is, never a transaction. Only a line without a date in the date
 * column is one.
 */
const SUMMARY_STARTS = ['总笔数', '交易笔数', '本页笔数', '交易总笔数', '总交易笔数', '借方笔数', '贷方笔数', '借方发生额', '贷方发生额', '借方发生总额', '贷方发生总额', '借方合计', '贷方合计'];
const SUMMARY_FIRST = new Set(SUMMARY_STARTS.map((w) => w.charAt(0)));
/**
 * A figure after its label: "：2", ": 1,000.00", "¥30.00", or in the next cell (the cells are joined
 * with a tab, or in a text file with the comma an unquoted "1,000,000.00" was split at).
 */
const AFTER = '[：:,\\s]*';
const FIGURE = '([-+]?[¥￥]?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?)';
/** A count, 1,234 with its thousands comma (not the start of an amount in the next cell: 2,100.00 or 2,100,000.00 is 2). */
const COUNT = '(\\d{1,3}(?:,\\d{3})+(?![\\d.]|,\\d)|\\d+)';
const SUMMARY_COUNT = new RegExp(`(?<![借贷方])(?:交易总笔数|总交易笔数|总笔数|交易笔数|本页笔数)${AFTER}${COUNT}`);
/** The count a totals line states: 合计：共 2 笔. */
const TOTAL_COUNT = new RegExp(`共\\s*${COUNT}\\s*笔`);
const SUMMARY_DEBIT_COUNT = new RegExp(`借方(?:交易)?笔数${AFTER}${COUNT}`);
const SUMMARY_CREDIT_COUNT = new RegExp(`贷方(?:交易)?笔数${AFTER}${COUNT}`);
const SUMMARY_DEBIT = new RegExp(`借方(?:发生额合计|发生总额|发生额|合计)${AFTER}${FIGURE}`);
const SUMMARY_CREDIT = new RegExp(`贷方(?:发生额合计|发生总额|发生额|合计)${AFTER}${FIGURE}`);

/** What the rows added since `before` (the totals at a page's or group's start) add up to, per currency. */
function since(now: Map<string, SpanSums>, before: Map<string, SpanSums>): Map<string, SpanSums> {
  const sums = new Map<string, SpanSums>();
  for (const [currency, t] of now) {
    const b = before.get(currency);
    sums.set(currency, b ? { credits: t.credits.minus(b.credits), debits: t.debits.minus(b.debits), count: t.count - b.count, creditCount: t.creditCount - b.creditCount, debitCount: t.debitCount - b.debitCount } : t);
  }
  return sums;
}

/**
 * The rows one kind of totals line closes (a page, a group, a section) as the statement is read: where
 * the open one starts, the rows the last such line closed, and the statement's totals when those rows
 * were all counted and at the line before (what the closed rows add up to).
 */
class ClosingSpan {
  /** A line of this kind was met and no row since: the next one (the 借 line under the 贷 line) adds up the same rows. */
  closed = false;
  private closedFrom = 0;
  private closedTo = 0;
  private start = new Map<string, SpanSums>();
  private lastStart = new Map<string, SpanSums>();
  constructor(private from: number) {}

  /** A line of this kind at `row` closes the open rows; true when it restates the rows the line above it closed. */
  closeAt(row: number): boolean {
    if (this.closed) return true;
    this.closedFrom = this.from;
    this.closedTo = row - 1;
    return false;
  }

  /** The first and last row the last line closed. */
  closedRows(): { from: number; to: number } {
    return { from: this.closedFrom, to: this.closedTo };
  }

  /** The rows a line at `row` that closes nothing is under: those the line right above it closed, else the open ones. */
  rowsAbove(row: number): { from: number; to: number } {
    return this.closed ? this.closedRows() : { from: this.from, to: row - 1 };
  }

  /** After a totals line at `row` (`ends`: one of this kind): the next rows start under it once this kind is closed. */
  after(ends: boolean, row: number): void {
    if (ends) this.closed = true;
    if (this.closed) this.from = row + 1;
  }

  /** The statement's totals once every row the line closed is counted. */
  reached(now: Map<string, SpanSums>): void {
    this.lastStart = this.start;
    this.start = now;
  }

  /** What the closed rows add up to, the statement's totals being `now`. */
  sumsTo(now: Map<string, SpanSums>): Map<string, SpanSums> {
    return since(now, this.lastStart);
  }

  /** What the open rows add up to, the statement's totals being `now`. */
  openSumsTo(now: Map<string, SpanSums>): Map<string, SpanSums> {
    return since(now, this.start);
  }
}

/** "1" | "¥999" | "1,000": an amount's start that a thousands comma may have cut off (see labelAmount). */
const AMOUNT_SO_FAR = /^[-+(]?[¥￥]?\d{1,3}(,\d{3})*$/;
/** "970.00" | "000" | "970.00 CR" | "970.00贷": the next three digits, and the amount's end when it ends there. */
const AMOUNT_REST = /^\d{3}(\.\d+)?\)?([ \t\u3000]*(CR|DR|Cr|Dr|cr|dr|贷|借))?$/;

function rowRange(rows: number[]): string {
  const shown = rows.slice(0, 10).join(', ');
  return rows.length > 10 ? `${shown} …` : shown;
}

export class BankInterpreter implements Interpreter {
  private readonly date: number;
  private readonly dateFallback: number;
  private readonly time: number;
  private readonly amountCols: number[];
  /** Columns holding money (amounts and the balance), checked for an amount split at an unquoted comma. */
  private readonly moneyCols: number[];
  private readonly signed: number = -1;
  private readonly negate: boolean = false;
  private readonly credit: number = -1;
  private readonly debit: number = -1;
  private readonly dirCol: number = -1;
  private readonly currency: number;
  private readonly name: number;
  private readonly acct: number;
  private readonly combined: number;
  private readonly memo: number[];
  private readonly ref: number;
  private readonly balance: number;
  private readonly skips: { col: number; values: Set<string>; reason: Bilingual }[];
  private readonly footers: string[];
  private readonly footerStarts: Set<string>;
  /** The same first characters as code units. */
  private readonly footerStartCodes: Set<number>;
  private readonly totalLabels: string[];
  private readonly totalCredit: number = -1;
  private readonly totalDebit: number = -1;
  private readonly minCells: number;
  private readonly dateCtx: DateContext;
  private skipLeft: number;
  private readonly badBalance: number[] = [];
  private readonly badTime: number[] = [];
  /** Account or reference cells whose digits are gone: "6.21484E+18", or a number of 16+ digits. */
  private readonly lostDigits: { row: number; col: number; shown: string }[] = [];
  /** Decides the sign of amounts printed negative in an unsigned column, by the running balance. */
  private readonly signs: SignByBalance;
  private readonly account: string | null;
  /** Shared copies of repeated texts, per column, when the transactions are kept (see TextInterner). */
  private readonly texts: KeptTexts | null;
  private lastTally: CurrencyTally | null = null;
  /** The date of the last row whose date was read: a totals line under the rows is listed under it. */
  private lastDate: LocalDate | null = null;
  /**
   * Totals lines whose rows above are not all counted yet (a row whose sign the balance decides
   * waits for the next row): the first row counted below them, or the end, gives them their span.
   */
  private readonly waiting: { line: FooterTotal; from: number; to: number; samePage: boolean; sameGroup: boolean; sameSection: boolean; inSection: { from: number; to: number }; sectionClosed: boolean }[] = [];
  /** A settled line's section (see ClosingSpan.rowsAbove) and every row above it: what a summary line adds up if it turns out to end a sheet of sections. */
  private readonly sectionSpans = new Map<FooterTotal, { section: FooterSpan; above: FooterSpan }>();
  /** The first waiting line's row (Infinity when none waits): a row counted below it settles them. */
  private waitRow = Infinity;
  /** The summary lines since the last row (no row below them yet): if none follows, they end the sheet. */
  private trailing: FooterTotal[] = [];
  /** Every summary line of the sheet so far. */
  private readonly summaries: FooterTotal[] = [];
  /** The row under the header (under its second row when it takes two), where the rows start. */
  private readonly firstRow: number;
  /**
   * The rows a 本页合计 line closes (the page), a 小计 (its group: any 小计, page line or 合计 ends one, a
   * page's end ends its last group) and a 合计 / 总计 or the layout's own totals line (its section, which
   * ends the page and the group too: an export running two periods or accounts one after the other closes
   * each with its 合计). The second such line right under the first (the 借 line under the 贷 line) adds up
   * the same rows.
   */
  private readonly page: ClosingSpan;
  private readonly group: ClosingSpan;
  private readonly section: ClosingSpan;
  /**
   * The sheet's 合计 lines; whether one has a row above it, and a row with a date follows such a one:
   * else each adds up every row of the statement (one over the rows, under the header, too).
   */
  private readonly sectionEnds: FooterTotal[] = [];
  private afterSectionEnd = false;
  private sectioned = false;

  constructor(
    private readonly p: BankProfile,
    private readonly ctx: SheetContext,
    private readonly acc: StatementAccumulator,
    private readonly onTx: (tx: BankTransaction) => void,
    keep: boolean,
  ) {
    this.texts = keep ? newKeptTexts() : null;
    const h = ctx.header;
    const need = (ref: string | string[], what: string): number => {
      const i = h.find(ref);
      if (i < 0) {
        throw new UserError(
          { zh: `版式 ${p.id} 的${what}列“${refNames(ref).join('/')}”不在表头中`, en: `Profile ${p.id}: its ${what} column "${refNames(ref).join('/')}" is not in the header` },
          { file: ctx.file, sheet: ctx.sheet || undefined, row: ctx.headerRow },
        );
      }
      return i;
    };
    this.date = need(p.columns.date, '日期 date');
    this.dateFallback = h.find(p.columns.dateFallback);
    this.time = h.find(p.columns.time);
    const a = p.columns.amount;
    if (a.kind === 'signed') {
      this.signed = need(a.column, '金额 amount');
      this.negate = a.negate;
      this.amountCols = [this.signed];
    } else if (a.kind === 'split') {
      this.credit = need(a.credit, '收入 credit');
      this.debit = need(a.debit, '支出 debit');
      this.amountCols = [this.credit, this.debit];
    } else {
      this.signed = need(a.column, '金额 amount');
      this.dirCol = need(a.direction, '方向 direction');
      this.amountCols = [this.signed, this.dirCol];
    }
    this.currency = h.find(p.columns.currency);
    this.name = h.find(p.columns.counterpartyName);
    this.acct = h.find(p.columns.counterpartyAccount);
    this.combined = h.find(p.columns.counterparty);
    this.memo = p.columns.memo.map((m) => h.find(m)).filter((i) => i >= 0);
    this.ref = h.find(p.columns.reference);
    this.balance = h.find(p.columns.balance);
    this.moneyCols = [this.signed, this.credit, this.debit, this.balance].filter((i) => i >= 0);
    this.skips = p.skip.map((s) => ({ col: h.find(s.column), values: new Set(s.values), reason: s.reason })).filter((s) => s.col >= 0);
    this.footers = [...p.footer, ...COMMON_FOOTERS, ...STATEMENT_FOOTERS];
    this.footerStarts = new Set(this.footers.map((f) => f.charAt(0)));
    this.footerStartCodes = new Set(this.footers.map((f) => f.charCodeAt(0)));
    this.totalLabels = p.totals?.labels ?? [];
    if (p.totals) {
      this.totalCredit = h.find(p.totals.credit);
      this.totalDebit = h.find(p.totals.debit);
    }
    this.minCells = Math.max(this.date, ...this.amountCols) + 1;
    this.skipLeft = p.skipAfterHeader;
    this.dateCtx = { date1904: ctx.date1904 };
    if (p.statementMonth) {
      const m = new RegExp(p.statementMonth).exec(ctx.titleText);
      if (m) this.dateCtx.statement = { year: Number(m[1]), month: Number(m[2]) };
    }
    this.account = ctx.title.account;
    this.firstRow = ctx.headerRow + ctx.headerRows;
    this.page = new ClosingSpan(this.firstRow);
    this.group = new ClosingSpan(this.firstRow);
    this.section = new ClosingSpan(this.firstRow);
    this.signs = new SignByBalance(this.balance >= 0, (tx) => {
      if (tx.source.row > this.waitRow) this.settle(tx.source.row);
      this.tally(tx.currency).add(tx.amount);
      this.acc.count++;
      this.onTx(tx);
    });
  }

  /** The doubt about an amount printed negative in column i (see DoubtfulSign); `amount` is the column's reading. */
  private doubt(cells: Cell[], i: number, amount: Decimal, flag?: string): DoubtfulSign {
    return { alt: negatedMoney(amount), column: this.ctx.header.keys[i] ?? '', letter: columnLetter(i), printed: cellString(cells[i] ?? null), by: flag === undefined ? 'column' : 'flag', flag };
  }

  private reject(cells: Cell[], row: number, reason: Bilingual, col?: number): void {
    this.acc.rejected.push({
      source: { file: this.ctx.file, sheet: this.ctx.sheet, row },
      reason,
      column: col !== undefined && col >= 0 ? columnLetter(col) : undefined,
      raw: cells.map((c) => cellString(c)),
    });
  }

  row(cells: Cell[], row: number): void {
    const first = firstFilled(cells);
    if (first < 0) return; // blank line
    if (this.skipLeft > 0) {
      this.skipLeft--;
      return;
    }
    const c = cells[first];
    // Most rows start with a character no footer starts with (a reference, a date): told apart
    // without trimming the cell. Anything else is checked on its trimmed text.
    if (!(typeof c === 'string' && printableAscii(c.charCodeAt(0)) && !this.footerStartCodes.has(c.charCodeAt(0)))) {
      const firstText = cellString(c);
      if (this.footerStarts.has(firstText.charAt(0))) {
        for (const f of this.footers) {
          if (firstText.startsWith(f)) {
            this.footer(cells, row, firstText);
            return;
          }
        }
      }
      if (SUMMARY_FIRST.has(firstText.charAt(0)) && SUMMARY_STARTS.some((w) => firstText.startsWith(w)) && this.summaryLine(cells, row)) return;
    }
    // Any row ends a closed page, group or section, not only a counted one: a page of neutral rows (不计收支,
    // WeChat's "/") is a page of its own, whose 本页合计 adds up nothing, not the previous page's rows again.
    this.page.closed = false;
    this.group.closed = false;
    this.section.closed = false;
    if (this.trailing.length) this.trailing = [];
    if (this.ctx.text && cells.length < this.minCells) {
      if (repeatsTitle(cells, this.ctx.titleText)) return this.reject(cells, row, repeatedTitle(NOT_A_TRANSACTION));
      this.reject(cells, row, { zh: `本行只有 ${cells.length} 个单元格，表头有 ${this.ctx.header.keys.length} 列`, en: `the row has ${cells.length} cells; the header has ${this.ctx.header.keys.length} columns` });
      return;
    }
    if (this.ctx.text && cells.length > this.ctx.header.keys.length) {
      const split = commaSplitAmount(cells, this.moneyCols);
      if (split >= 0) return this.reject(cells, row, commaSplitReason(cells, split, this.ctx.header.keys.length), split);
    }
    // Date (and time)
    let dcell = cells[this.date] ?? null;
    let dcol = this.date;
    if (this.dateFallback >= 0 && cleanText(dcell) === null) {
      dcell = cells[this.dateFallback] ?? null;
      dcol = this.dateFallback;
    }
    const d = parseDateCell(dcell, this.dateCtx);
    if (!d.ok) return this.reject(cells, row, repeatedPageLine(cells, this.ctx.header.keys, this.ctx.titleText) ?? d.reason, dcol);
    if (d.date === null) return this.reject(cells, row, { zh: '日期为空', en: 'the date is missing' }, dcol);
    this.lastDate = d.date;
    if (this.afterSectionEnd) this.sectioned = true;
    let time = d.time;
    if (this.time >= 0 && this.time !== this.date) {
      const tcell = cells[this.time] ?? null;
      let t = parseTimeCell(tcell);
      if (t === undefined) {
        // A 交易时间 column beside the 记账日期 the date comes from holds the whole timestamp
        // ("2026-11-03 10:00:00"): its time, when it is of the row's day.
        const full = parseDateCell(tcell, this.dateCtx);
        if (full.ok && full.date === d.date && full.time !== null) t = full.time;
      }
      if (t === undefined) this.badTime.push(row);
      else if (t !== null) time = t;
    }
    // Rows that are not money movements
    for (const s of this.skips) {
      if (s.values.has(cellString(cells[s.col] ?? null))) {
        this.acc.skipped.push({ source: { file: this.ctx.file, sheet: this.ctx.sheet, row }, date: d.date, reason: s.reason });
        return;
      }
    }
    // Amount
    let amount: Decimal;
    let doubt: DoubtfulSign | null = null;
    let currencyFromAmount: string | undefined;
    const a = this.p.columns.amount;
    if (a.kind === 'signed') {
      let r = this.amountAt(cells, this.signed);
      // "1,234.56CR" / "1,234.56 借" name their side, the statement's own money in or out, never negated (sidedAmount).
      const sided = r.ok ? null : sidedAmount(cells[this.signed] ?? null);
      if (sided !== null) r = { ok: true, value: sided };
      if (!r.ok) return this.reject(cells, row, r.reason, this.signed);
      if (r.value === null) return this.reject(cells, row, { zh: '金额为空', en: 'the amount is missing' }, this.signed);
      amount = this.negate && sided === null ? negatedMoney(r.value) : r.value;
      currencyFromAmount = r.currency;
    } else if (a.kind === 'split') {
      const cr = this.amountAt(cells, this.credit);
      if (!cr.ok) return this.reject(cells, row, cr.reason, this.credit);
      const dr = this.amountAt(cells, this.debit);
      if (!dr.ok) return this.reject(cells, row, dr.reason, this.debit);
      if (cr.value === null && dr.value === null) return this.reject(cells, row, { zh: '收入和支出两列都没有金额', en: 'neither the money-in nor the money-out column has an amount' });
      if (cr.value !== null && dr.value !== null && !cr.value.isZero() && !dr.value.isZero()) {
        return this.reject(cells, row, { zh: '收入和支出两列都有金额', en: 'both the money-in and the money-out columns have an amount' });
      }
      // An amount in the money-out column is money out, one in the money-in column money in, whatever
      // sign is printed: −|debit|, +|credit|. A minus may also be red ink (a reversal): the balance decides.
      const crv = cr.value;
      const drv = dr.value;
      const crNeg = isNegativeAmount(crv);
      const drNeg = isNegativeAmount(drv);
      amount = splitAmount(crNeg ? negatedMoney(crv) : crv, drNeg ? negatedMoney(drv) : drv);
      if (crNeg || drNeg) doubt = this.doubt(cells, crNeg ? this.credit : this.debit, amount);
      currencyFromAmount = cr.currency ?? dr.currency;
    } else {
      const dirText = cellString(cells[this.dirCol] ?? null);
      const matches = (w: string): boolean => (a.match === 'exact' ? dirText === w : dirText.startsWith(w));
      if (a.neutral.some(matches)) {
        this.acc.skipped.push({ source: { file: this.ctx.file, sheet: this.ctx.sheet, row }, date: d.date, reason: { zh: `不计收支（${dirText}）`, en: `neither in nor out (${dirText})` } });
        return;
      }
      let sign = 0;
      if (a.credit.some(matches)) sign = 1;
      else if (a.debit.some(matches)) sign = -1;
      if (sign === 0) return this.reject(cells, row, { zh: `无法判断收支方向：“${dirText}”`, en: `cannot tell money in from money out: "${dirText}"` }, this.dirCol);
      const r = this.amountAt(cells, this.signed);
      if (!r.ok) return this.reject(cells, row, r.reason, this.signed);
      if (r.value === null) return this.reject(cells, row, { zh: '金额为空', en: 'the amount is missing' }, this.signed);
      // The flag gives the direction, the amount its size: sign × |amount| (a printed minus is not a second
      // negation). A minus may also be red ink (a reversal): the balance decides.
      const neg = isNegativeAmount(r.value);
      const size = neg ? negatedMoney(r.value) : r.value;
      amount = sign > 0 ? size : negatedMoney(size);
      if (neg) doubt = this.doubt(cells, this.signed, amount, dirText);
      currencyFromAmount = r.currency;
    }
    // The rest
    let balance: Decimal | null = null;
    if (this.balance >= 0) {
      const b = this.texts ? this.texts.balance.parse(cells[this.balance] ?? null) : parseMoneyCell(cells[this.balance] ?? null);
      if (b.ok) balance = b.value;
      else {
        balance = sidedAmount(cells[this.balance] ?? null); // "1,600,000.00CR": in credit; "…DR": overdrawn
        if (balance === null) this.badBalance.push(row);
      }
    }
    const lostBefore = this.lostDigits.length;
    let cpName = this.name >= 0 ? cleanText(cells[this.name] ?? null) : null;
    let cpAcct = this.acct >= 0 ? this.intact(cells, this.acct, row) : null;
    if (this.combined >= 0) {
      const s = splitCounterparty(cleanText(cells[this.combined] ?? null));
      cpName = cpName ?? s.name;
      cpAcct = cpAcct ?? s.account;
    }
    let memo: string | null = null;
    for (const i of this.memo) {
      const m = cleanText(cells[i] ?? null);
      if (m !== null && m !== memo) memo = memo === null ? m : `${memo} ${m}`;
    }
    const currency = currencyFromAmount ?? currencyCode(this.currency >= 0 ? cleanText(cells[this.currency] ?? null) : null, this.p.defaultCurrency);
    const tx: BankTransaction = {
      source: { file: this.ctx.file, sheet: this.ctx.sheet, row },
      profile: this.p.id,
      bank: this.p.bank,
      account: this.account,
      date: d.date,
      time,
      amount,
      currency,
      counterpartyName: cpName,
      counterpartyAccount: cpAcct,
      memo,
      reference: this.ref >= 0 ? this.intact(cells, this.ref, row) : null,
      balance,
    };
    if (this.lostDigits.length !== lostBefore) tx.digitsLost = true;
    if (this.ref >= 0 && typeof cells[this.ref] === 'number' && tx.reference !== null) tx.referenceWasNumber = true;
    if (this.texts) shareTexts(tx, this.texts);
    this.signs.add(tx, doubt);
  }

  /**
   * An account or reference cell's text, or null when its digits are gone (scientific notation, a
   * number of 16+ digits): noted for the warning, and never used to match or to find duplicates.
   */
  private intact(cells: Cell[], i: number, row: number): string | null {
    const c = cells[i] ?? null;
    const text = cleanText(c);
    if (text === null || !(lostDigitsNumber(c) || isScientific(text))) return text;
    this.lostDigits.push({ row, col: i, shown: text });
    return null;
  }

  /** The currency's totals; the previous row's when it is the same currency (no map look-up). */
  private tally(currency: string): CurrencyTally {
    const last = this.lastTally;
    if (last !== null && last.currency === currency) return last;
    let t = this.acc.totals.get(currency);
    if (!t) {
      t = new CurrencyTally(currency);
      this.acc.totals.set(currency, t);
    }
    this.lastTally = t;
    return t;
  }

  /** The amount in column i, shared with earlier rows' equal amounts when the transactions are kept. */
  private amountAt(cells: Cell[], i: number): MoneyParse {
    const c = cells[i] ?? null;
    return this.texts ? this.texts.amount.parse(c) : parseMoneyCell(c);
  }

  private footer(cells: Cell[], row: number, label: string): void {
    const read = (i: number): Decimal | null => {
      if (i < 0) return null;
      const r = parseMoneyCell(cells[i] ?? null);
      return r.ok ? r.value : null;
    };
    const scope = label.startsWith('本页合计') || label.startsWith('本页小计') ? 'page' : label.startsWith('小计') ? 'group' : label.startsWith('累计') ? 'running' : label.startsWith('本年累计') ? 'year' : 'all';
    // 合计：共 2 笔 states the rows it adds up: checked as a summary line's 总笔数 is.
    const stated = TOTAL_COUNT.exec(cells.map((c) => cellString(c)).join(this.ctx.text ? ',' : '\t'));
    const counts = stated ? { all: Number(stated[1].replace(/,/g, '')), debit: null, credit: null } : undefined;
    const at = { file: this.ctx.file, sheet: this.ctx.sheet, row, date: this.lastDate, scope, span: null, counts } as const;
    if (this.totalLabels.some((l) => label.startsWith(l))) {
      this.totalLine({ ...at, credit: read(this.totalCredit), debit: read(this.totalDebit), net: null, listed: false });
      return;
    }
    if (!TOTAL_WORDS.some((l) => label.startsWith(l))) return;
    // A totals line the layout does not describe: its figures are in the amount columns, read as a row's are.
    const a = this.p.columns.amount;
    let credit: Decimal | null = null;
    let debit: Decimal | null = null;
    let net: Decimal | null = null;
    let unsided: Decimal | undefined;
    // Or in the label's own cell, when the amount columns are empty: "合计 1,234.56 CR", "合计：1,234.56".
    const own = [this.signed, this.credit, this.debit].every((i) => i < 0 || cleanText(cells[i] ?? null) === null) ? this.labelAmount(cells, label) : null;
    if (a.kind === 'split') {
      credit = read(this.credit);
      debit = read(this.debit);
      // With no column to say its side, only a CR/DR or 贷/借 after it does: a bare amount is left unchecked.
      if (own?.sided) {
        if (own.value.isNegative()) debit = negatedMoney(own.value);
        else credit = own.value;
      } else if (own) unsided = own.value;
    } else if (a.kind === 'signed') {
      // "1,234.56 CR" / "1,234.56DR" / "1,234.56 贷" say their side, as a row's signed amount does: never negated (sidedAmount).
      const v = read(this.signed);
      const sided = v === null ? (sidedAmount(cells[this.signed] ?? null) ?? (own?.sided ? own.value : null)) : null;
      const plain = v ?? (own && !own.sided ? own.value : null);
      net = sided ?? (plain === null ? null : this.negate ? negatedMoney(plain) : plain);
    } else if (own?.sided) {
      if (own.value.isNegative()) debit = negatedMoney(own.value);
      else credit = own.value;
    } else {
      const v = read(this.signed) ?? own?.value ?? null;
      const dirText = cellString(cells[this.dirCol] ?? null);
      const matches = (w: string): boolean => (a.match === 'exact' ? dirText === w : dirText.startsWith(w));
      if (v === null) net = null;
      else if (a.credit.some(matches)) credit = v;
      else if (a.debit.some(matches)) debit = v;
      else net = v;
    }
    this.totalLine({ ...at, credit, debit, net, listed: true, ...(unsided ? { unsided } : {}) });
  }

  /**
   * The amount a totals line prints in its label's own cell after the label ("合计 1,234.56 CR",
   * "合计：¥1,234.56", "合计:30.00借"), sided when a CR/DR or 贷/借 follows it; null when the rest of the
   * cell is no amount (合计：详见回单, 合计：共 2 笔). In a text file an unquoted "合计：1,234.56" was split at
   * its thousands commas: the next cells are its digits.
   */
  private labelAmount(cells: Cell[], label: string): { value: Decimal; sided: boolean } | null {
    const word = TOTAL_WORDS.find((w) => label.startsWith(w));
    if (word === undefined) return null;
    let rest = label.slice(word.length).replace(/^[\s：:]+/, '');
    for (let i = firstFilled(cells) + 1; this.ctx.text && AMOUNT_SO_FAR.test(rest) && i < cells.length; i++) {
      const next = cellString(cells[i] ?? null).trim();
      if (!AMOUNT_REST.test(next)) break;
      rest = `${rest},${next}`;
    }
    const r = parseMoneyCell(rest);
    if (r.ok && r.value !== null) return { value: r.value, sided: false };
    const sided = sidedAmount(rest);
    return sided === null ? null : { value: sided, sided: true };
  }

  /**
   * A summary line under the rows (总笔数：2, 借方发生额合计：30.00 …, its figures after their labels in
   * its own cell or the next): checked, as the layout's own 合计 line, against every row, and not listed
   * (it is layout, not data). False, and the row is read as any other, when the date column holds a
   * date (a transaction) or the row is the header again.
   */
  private summaryLine(cells: Cell[], row: number): boolean {
    const d = parseDateCell(cells[this.date] ?? null, this.dateCtx);
    if ((d.ok && d.date !== null) || repeatsHeader(cells, this.ctx.header.keys)) return false;
    const text = cells.map((c) => cellString(c)).join(this.ctx.text ? ',' : '\t');
    const count = (re: RegExp): number | null => {
      const m = re.exec(text);
      return m ? Number(m[1].replace(/,/g, '')) : null;
    };
    const money = (re: RegExp): Decimal | null => {
      const m = re.exec(text);
      if (!m) return null;
      const r = parseMoneyCell(m[1]);
      return r.ok ? r.value : null;
    };
    // A page's line until it turns out to end the sheet (see end()): its page starts after the previous one's.
    const first = cellString(cells[firstFilled(cells)] ?? null);
    const f: FooterTotal = { file: this.ctx.file, sheet: this.ctx.sheet, row, date: this.lastDate, scope: 'page', span: null, credit: money(SUMMARY_CREDIT), debit: money(SUMMARY_DEBIT), net: null, listed: false, counts: { all: count(SUMMARY_COUNT), debit: count(SUMMARY_DEBIT_COUNT), credit: count(SUMMARY_CREDIT_COUNT) }, summary: SUMMARY_STARTS.find((w) => first.startsWith(w)) };
    this.totalLine(f);
    this.trailing.push(f);
    this.summaries.push(f);
    return true;
  }

  private totalLine(f: FooterTotal): void {
    this.acc.footerTotals.push(f);
    const endsSection = f.scope === 'all';
    const endsPage = f.scope === 'page' || endsSection;
    const endsGroup = endsPage || f.scope === 'group';
    const sameSection = endsSection && this.section.closeAt(f.row);
    const samePage = endsPage && this.page.closeAt(f.row);
    const sameGroup = endsGroup && this.group.closeAt(f.row);
    if (this.waiting.length === 0) this.waitRow = f.row;
    // A line that closes no section is in the one the 合计 right above it closed, else in the open one.
    const sectionClosed = endsSection || this.section.closed;
    const inSection = endsSection ? this.section.closedRows() : this.section.rowsAbove(f.row);
    const span = f.scope === 'page' ? this.page.closedRows() : f.scope === 'group' ? this.group.closedRows() : f.scope === 'year' ? { from: this.firstRow, to: f.row - 1 } : inSection;
    this.waiting.push({ line: f, ...span, samePage, sameGroup, sameSection, inSection, sectionClosed });
    if (endsSection) {
      this.sectionEnds.push(f);
      if (f.date !== null) this.afterSectionEnd = true;
    }
    this.page.after(endsPage, f.row);
    this.group.after(endsGroup, f.row);
    this.section.after(endsSection, f.row);
  }

  /**
   * Every row above the waiting totals lines above `row` is counted: their spans are taken from
   * the totals so far. Lines below it wait on: the row counted now may be one the balance held back
   * (see SignByBalance) while a later page's line was met.
   */
  private settle(row = Infinity): void {
    const now = new Map<string, SpanSums>();
    for (const [currency, t] of this.acc.totals) now.set(currency, { credits: t.credits, debits: t.debits, count: t.count, creditCount: t.creditCount, debitCount: t.debitCount });
    const above = this.waiting.filter((w) => w.line.row < row);
    for (const { line: f, from, to, samePage, sameGroup, sameSection, inSection, sectionClosed } of above) {
      const endsSection = f.scope === 'all';
      const endsPage = f.scope === 'page' || endsSection;
      if ((endsPage || f.scope === 'group') && !sameGroup) this.group.reached(now);
      if (endsPage && !samePage) this.page.reached(now);
      if (endsSection && !sameSection) this.section.reached(now);
      const section = { ...inSection, sums: sectionClosed ? this.section.sumsTo(now) : this.section.openSumsTo(now) };
      const all = { from: this.firstRow, to: f.row - 1, sums: now };
      this.sectionSpans.set(f, { section, above: all });
      if (f.scope === 'page') {
        f.span = { from, to, sums: this.page.sumsTo(now) };
      } else if (f.scope === 'group') {
        f.span = { from, to, sums: this.group.sumsTo(now) };
      } else if (f.scope === 'running') {
        // Cumulative since the statement's first row, or, in an export of two accounts one after the other, since its account's.
        f.span = section;
        if (section.from !== this.firstRow) f.above = all;
      } else if (f.scope === 'year') {
        f.span = all;
      } else {
        f.span = { from, to, sums: this.section.sumsTo(now) };
        f.above = { from: this.firstRow, to, sums: now };
      }
    }
    this.waiting.splice(0, above.length);
    this.waitRow = this.waiting.length ? this.waiting[0].line.row : Infinity;
  }

  end(): void {
    this.signs.end();
    if (this.waiting.length) this.settle();
    // With no row under a 合计 the sheet is one section: its 合计 lines add up every row of the statement.
    for (const f of this.sectionEnds) {
      if (this.sectioned && f.date !== null) continue;
      f.span = null;
      delete f.above;
    }
    // The summary lines that end the sheet state the whole statement, unless they are 本页笔数 or repeat
    // the words of a line that closed an earlier page (the last page's 交易笔数 under a portal's every page):
    // in a sheet of sections, their own section (an export of two accounts one after the other). The last
    // page's or section's line may state every row above it instead, as the last 合计 may.
    const earlier = new Set(this.summaries.filter((f) => !this.trailing.includes(f)).map((f) => f.summary));
    for (const f of this.trailing) {
      if (f.summary === '本页笔数') continue;
      const spans = this.sectionSpans.get(f);
      if (earlier.has(f.summary)) {
        if (spans) f.above = spans.above;
        continue;
      }
      f.scope = 'all';
      f.span = null;
      if (this.sectioned && spans) {
        f.span = spans.section;
        f.above = spans.above;
      }
    }
    this.acc.warnings.push(...this.signs.warnings(this.ctx.file, this.ctx.sheet));
    if (this.badBalance.length) {
      this.acc.warnings.push({
        zh: `${this.badBalance.length} 行的余额不是数字，余额按空处理（第 ${rowRange(this.badBalance)} 行）`,
        en: `${this.badBalance.length} row(s) have a balance that is not a number; balance left empty (rows ${rowRange(this.badBalance)})`,
      });
    }
    if (this.lostDigits.length) {
      const lost = [...this.lostDigits].sort((a, b) => a.row - b.row || a.col - b.col);
      const rows = [...new Set(lost.map((l) => l.row))];
      const shown = lost.slice(0, 10);
      const more = lost.length > shown.length ? ' …' : '';
      const name = (col: number): string => this.ctx.header.keys[col] ?? '';
      const where = this.ctx.sheet ? { zh: `文件 ${this.ctx.file} 工作表“${this.ctx.sheet}”`, en: `File ${this.ctx.file}, sheet "${this.ctx.sheet}"` } : { zh: `文件 ${this.ctx.file}`, en: `File ${this.ctx.file}` };
      this.acc.warnings.push({
        zh: `${where.zh}：${rows.length} 行的对方账号或流水号数字已丢失（科学计数法如 6.21484E+18，或 16 位以上的数字如 202611030000000000：Excel 只保留 15 位有效数字）：文件可能被 Excel/WPS 打开后另存过，请从网银重新导出；这些值已置空，不用于匹配和查重（第 ${rowRange(rows)} 行：${shown.map((l) => `第 ${l.row} 行 ${columnLetter(l.col)} 列 ${name(l.col)} ${l.shown}`).join('；')}${more}）`,
        en: `${where.en}: ${rows.length} row(s) have a counterparty account or reference whose digits are lost (scientific notation like 6.21484E+18, or a number of 16 or more digits like 202611030000000000: Excel keeps 15 significant digits): the file was probably opened and saved again by Excel or WPS; export it again from the bank. These values were left empty and are not used for matching or duplicate detection (rows ${rowRange(rows)}: ${shown.map((l) => `row ${l.row} column ${columnLetter(l.col)} ${name(l.col)} ${l.shown}`).join('; ')}${more})`,
      });
    }
    if (this.badTime.length) {
      this.acc.warnings.push({
        zh: `${this.badTime.length} 行的时间无法识别，时间按空处理（第 ${rowRange(this.badTime)} 行）`,
        en: `${this.badTime.length} row(s) have an unreadable time; time left empty (rows ${rowRange(this.badTime)})`,
      });
    }
  }
}

/** The statement's main currency: the one with the most rows (CNY on a tie). */
export function mainCurrency(acc: StatementAccumulator, fallback: string): CurrencyTotals {
  let best: CurrencyTotals | null = null;
  for (const t of acc.totals.values()) {
    if (!best || t.count > best.count || (t.count === best.count && t.currency === 'CNY')) best = t;
  }
  return best ?? { currency: fallback, count: 0, credits: ZERO, debits: ZERO };
}

/**
 * A 合计 of a sheet of sections (an export running two periods or accounts one after the other, each
 * closed by its 合计) adds up its section, or may be the grand total of every row above it (under the
 * last section): what `check` finds against the section, unless every row above agrees with the line.
 * The journal's 合计 / 总计 are checked so too.
 */
export function checkSectionTotal<S, R extends { diffs: readonly unknown[] }>(check: (span: S) => R, section: S, above: S | undefined): R {
  const own = check(section);
  if (!own.diffs.length || above === undefined) return own;
  const grand = check(above);
  return grand.diffs.length ? own : grand;
}

type InOut = { credits: Decimal; debits: Decimal };

/** One side of a totals line: its figure, what the rows add up to on that side, and whether its sign counts (a net's). */
const SIDES = [
  { of: (f: FooterTotal) => f.credit, rows: (s: InOut) => s.credits, signed: false, zh: '收入', en: 'money in' },
  { of: (f: FooterTotal) => f.debit, rows: (s: InOut) => s.debits, signed: false, zh: '支出', en: 'money out' },
  { of: (f: FooterTotal) => f.net, rows: (s: InOut) => s.credits.minus(s.debits), signed: true, zh: '净额', en: 'net' },
] as const;

type YearToDate = { diffs: Bilingual[]; figures: Bilingual[]; since: number[] };

/**
 * A 本年累计 adds up the year's rows, months before the statement among them: only what it grew by since
 * the 本年累计 above it can be checked, against the rows between them. The lines with no row counted
 * between them are one block (one line, or a 贷 and a 借 line): each side of a block is compared with the
 * same side of the block above, of the same year (a new year's starts again from 0), when each block
 * states that side once (two net lines, 1,000.00 CR and 30.00 DR, cannot be told apart).
 */
function yearToDateChecks(lines: readonly FooterTotal[], currency: string): Map<FooterTotal, YearToDate> {
  const counted = (x: FooterTotal): number => [...(x.span?.sums.values() ?? [])].reduce((n, t) => n + t.count, 0);
  const blocks: FooterTotal[][] = [];
  for (const f of lines) {
    if (f.scope !== 'year' || f.span === null) continue;
    const last = blocks[blocks.length - 1];
    if (last && counted(last[0]) === counted(f)) last.push(f);
    else blocks.push([f]);
  }
  const year = (x: FooterTotal): string | null => (x.date === null ? null : x.date.slice(0, 4));
  const none: InOut = { credits: ZERO, debits: ZERO };
  const out = new Map<FooterTotal, YearToDate>();
  for (let b = 1; b < blocks.length; b++) {
    for (const f of blocks[b]) {
      const diffs: Bilingual[] = [];
      const figures: Bilingual[] = [];
      const since: number[] = [];
      for (const side of SIDES) {
        const printed = side.of(f);
        const stating = (block: FooterTotal[]): FooterTotal[] => block.filter((x) => side.of(x) !== null);
        const above = stating(blocks[b - 1]);
        if (printed === null || f.span === null || stating(blocks[b]).length !== 1 || above.length !== 1) continue;
        const p = above[0];
        if (p.span === null || year(f) === null || year(p) !== year(f)) continue;
        // Money in and out are compared without their sign, as a 合计's are; a net keeps it.
        const now = side.signed ? printed : printed.abs();
        const before = side.signed ? side.of(p)! : side.of(p)!.abs();
        const grew = now.minus(before);
        const rows = side.rows(f.span.sums.get(currency) ?? none).minus(side.rows(p.span.sums.get(currency) ?? none));
        since.push(p.row);
        figures.push({ zh: `${side.zh} ${grew.toFixed(2)}`, en: `${side.en} ${grew.toFixed(2)}` });
        if (grew.eq(rows)) continue;
        const by = grew.minus(rows).abs().toFixed(2);
        const between = { from: p.row + 1, to: f.row - 1 };
        diffs.push({
          zh: `${side.zh}本年累计 ${now.toFixed(2)} − 第 ${p.row} 行的 ${before.toFixed(2)} = ${grew.toFixed(2)}，${rowSpanText(between.from, between.to).zh}各行合计 ${rows.toFixed(2)}（相差 ${by}）`,
          en: `${side.en} year to date ${now.toFixed(2)} − ${before.toFixed(2)} on row ${p.row} = ${grew.toFixed(2)} vs ${rows.toFixed(2)} from ${rowSpanText(between.from, between.to).en} (difference ${by})`,
        });
      }
      if (since.length) out.set(f, { diffs, figures, since: [...new Set(since)] });
    }
  }
  return out;
}

/** Why a totals line that does not disagree is listed among the skipped rows: what was checked, or why nothing was. */
function listedReason(f: FooterTotal, figures: Bilingual[], ytd: YearToDate | null): Bilingual {
  const shown = { zh: figures.map((x) => x.zh).join('，'), en: figures.map((x) => x.en).join(', ') };
  if (f.scope === 'year') {
    return ytd
      ? { zh: `本年累计行（已核对其与第 ${ytd.since.join('、')} 行之差）：${shown.zh}`, en: `year-to-date line (its difference from row ${ytd.since.join(', ')} checked against the rows read): ${shown.en}` }
      : { zh: '本年累计行（未核对：含本对账单以前的交易）', en: 'year-to-date line (not checked: it includes transactions before the statement)' };
  }
  if (figures.length) return { zh: `合计行（已核对）：${shown.zh}`, en: `totals line (checked against the rows read): ${shown.en}` };
  if (f.unsided) return { zh: `合计行（未核对：金额 ${f.unsided.toFixed(2)} 未注明是收入还是支出）`, en: `totals line (not checked: its amount ${f.unsided.toFixed(2)} does not say whether money in or out)` };
  return { zh: '合计行（未核对：本行没有金额）', en: 'totals line (not checked: it has no amount)' };
}

/**
 * Compare the statement's totals lines (its own 合计 line, and a 合计/总计/本页合计/小计/累计 line of a layout
 * without one) with the rows read: a line that disagrees is a warning naming file, row and difference;
 * a common totals line that agrees, or has no amount to check, is listed among the skipped rows.
 */
export function checkFooterTotals(acc: StatementAccumulator, main: CurrencyTotals): void {
  const listed = acc.skipped.length;
  // What a summary line's 总笔数 / 借方笔数 / 贷方笔数 count: every row read, in every currency (a row
  // skipped as no money movement, 不计收支, is still a row the export counts).
  const rowsRead = acc.count + listed;
  let creditRows = 0;
  let debitRows = 0;
  for (const t of acc.totals.values()) {
    creditRows += t.creditCount;
    debitRows += t.debitCount;
  }
  // A row of 0.00 moves no money: the bank may count it among its 借方 or its 贷方 rows.
  const zeroRows = acc.count - creditRows - debitRows;
  const yearToDate = yearToDateChecks(acc.footerTotals, main.currency);
  for (const f of acc.footerTotals) {
    const check = (span: FooterSpan | null): { diffs: Bilingual[]; figures: Bilingual[] } => {
      const diffs: Bilingual[] = [];
      const figures: Bilingual[] = [];
      // A 本页合计 adds up its page, a 小计 its group, a 累计 the rows up to it, a 合计 its section (null: every row of the statement).
      const sums = span === null ? main : (span.sums.get(main.currency) ?? { credits: ZERO, debits: ZERO });
      const of =
        span === null
          ? { zh: '各行合计', en: 'from the rows' }
          : f.scope === 'page'
            ? { zh: `本页（${rowSpanText(span.from, span.to).zh}）各行合计`, en: `from the page's rows (${rowSpanText(span.from, span.to).en})` }
            : { zh: `${rowSpanText(span.from, span.to).zh}各行合计`, en: `from ${rowSpanText(span.from, span.to).en}` };
      const compare = (printed: Decimal | null, rows: Decimal, zh: string, en: string): void => {
        if (printed === null) return;
        const p = f.net === printed ? printed : printed.abs();
        figures.push({ zh: `${zh} ${p.toFixed(2)}`, en: `${en} ${p.toFixed(2)}` });
        if (p.eq(rows)) return;
        const by = p.minus(rows).abs().toFixed(2);
        diffs.push({ zh: `${zh}合计 ${p.toFixed(2)}，${of.zh} ${rows.toFixed(2)}（相差 ${by}）`, en: `${en} ${p.toFixed(2)} vs ${rows.toFixed(2)} ${of.en} (difference ${by})` });
      };
      compare(f.credit, sums.credits, '收入', 'money in');
      compare(f.debit, sums.debits, '支出', 'money out');
      compare(f.net, sums.credits.minus(sums.debits), '净额', 'net');
      // A page's summary line counts the page's rows: those read there, in every currency, and those skipped there.
      let rows = { all: rowsRead, credit: creditRows, debit: debitRows, zero: zeroRows };
      const onPage =
        f.counts && span !== null
          ? f.scope === 'page'
            ? { zh: `本页（${rowSpanText(span.from, span.to).zh}）`, en: ` on the page (${rowSpanText(span.from, span.to).en})` }
            : { zh: rowSpanText(span.from, span.to).zh, en: ` in ${rowSpanText(span.from, span.to).en}` }
          : { zh: '', en: '' };
      if (f.counts && span !== null) {
        rows = { all: 0, credit: 0, debit: 0, zero: 0 };
        for (const t of span.sums.values()) {
          rows.all += t.count;
          rows.credit += t.creditCount;
          rows.debit += t.debitCount;
        }
        rows.zero = rows.all - rows.credit - rows.debit;
        for (let i = 0; i < listed; i++) {
          const x = acc.skipped[i].source;
          if (x.file === f.file && x.sheet === f.sheet && x.row >= span.from && x.row <= span.to) rows.all++;
        }
      }
      const compareCount = (stated: number | null | undefined, read: number, zeros: number, zh: string, readZh: string, en: string): void => {
        if (stated === null || stated === undefined || (stated >= read && stated <= read + zeros)) return;
        const by = Math.abs(stated - read);
        const also = zeros ? { zh: `，另有金额为 0.00 的 ${zeros} 笔`, en: `, and ${zeros} of 0.00` } : { zh: '', en: '' };
        diffs.push({ zh: `${zh} ${stated}，${onPage.zh}${readZh} ${read} 笔${also.zh}（相差 ${by}）`, en: `${en} ${stated} vs ${read} read${onPage.en}${also.en} (difference ${by})` });
      };
      compareCount(f.counts?.all, rows.all, 0, '总笔数', '读到的交易', 'number of transactions');
      if (f.listed && f.counts?.all != null) figures.push({ zh: `共 ${f.counts.all} 笔`, en: `${f.counts.all} transactions` });
      compareCount(f.counts?.credit, rows.credit, rows.zero, '贷方（收入）笔数', '读到的收入', 'number of credits (money in)');
      compareCount(f.counts?.debit, rows.debit, rows.zero, '借方（支出）笔数', '读到的支出', 'number of debits (money out)');
      return { diffs, figures };
    };
    const ytd = yearToDate.get(f) ?? null;
    const { diffs, figures } = f.scope === 'year' ? (ytd ?? { diffs: [], figures: [] }) : checkSectionTotal(check, f.span, f.above);
    const where = f.sheet ? { zh: `文件 ${f.file} 工作表“${f.sheet}”`, en: `File ${f.file}, sheet "${f.sheet}"` } : { zh: `文件 ${f.file}`, en: `File ${f.file}` };
    if (diffs.length) {
      const line = f.scope === 'year' ? { zh: '本年累计', en: 'the year-to-date line' } : { zh: '合计', en: "the statement's totals line" };
      acc.warnings.push({
        zh: `${where.zh} 第 ${f.row} 行的${line.zh}与读到的交易不一致：${diffs.map((d) => d.zh).join('；')}`,
        en: `${where.en}: ${line.en} (row ${f.row}) disagrees with the rows read: ${diffs.map((d) => d.en).join('; ')}`,
      });
      continue;
    }
    if (!f.listed) continue;
    const reason = listedReason(f, figures, ytd);
    if (f.date === null) {
      // No row above it to date it by: it cannot be listed as a row, so it is said.
      acc.warnings.push({ zh: `${where.zh} 第 ${f.row} 行是${reason.zh}，其上没有读到交易`, en: `${where.en}: row ${f.row} is a ${reason.en}, with no transaction read above it` });
      continue;
    }
    acc.skipped.push({ source: { file: f.file, sheet: f.sheet, row: f.row }, date: f.date, reason });
  }
  // In the file's order, with the rows skipped while reading (a totals line between pages).
  if (acc.skipped.length > listed) {
    const sheets = [...new Set(acc.skipped.map((x) => x.source.sheet))];
    acc.skipped.sort((a, b) => sheets.indexOf(a.source.sheet) - sheets.indexOf(b.source.sheet) || a.source.row - b.source.row);
  }
}

export { normHeader };
