import type Decimal from 'decimal.js';
import { Money, MoneySum } from '../../domain/money';
import { findUnitCode, normaliseUnitCode } from '../../domain/units';
import type { JournalLine, RejectedRow } from '../../domain/records';
import type { Bilingual } from '../../domain/text';
import { UserError } from '../errors';
import { AmountPool, cellString, cleanText, columnLetter, detached, parseDateCell, parseMoneyCell, rowSpanText, TextInterner, type Cell } from './cells';
import type { Interpreter, SheetContext } from './engine';
import { COMMON_FOOTERS, refNames, type JournalProfile } from './profile';
import { checkSectionTotal, commaSplitAmount, commaSplitReason, repeatedPageLine } from './statement';

const ZERO = new Money(0);

/** A paged export's header and title lines again on each page are said as such, as statements say it, not "not a date 日期". */
const NOT_A_JOURNAL_LINE: Bilingual = { zh: '凭证行', en: 'a journal line' };

/**
 * The summary lines Kingdee and Yonyou print among the voucher lines: the label in 摘要 (or the first
 * cell), no voucher, no account, the sums in 借方 / 贷方. Part of the export's layout, not journal lines.
 * 本日合计 and 小计 add up the lines since the previous summary line, 本月合计 / 本期合计 those since the previous
 * month's, 合计 / 总计 those since the previous 合计 / 总计 (an export running two accounts or periods one after
 * the other closes each with its 合计) or every line above it (a grand total); 本年累计 includes months before
 * the export, so it cannot be checked.
 */
const JOURNAL_SUMMARIES = ['本日合计', '本月合计', '本期合计', '本年累计', '合计', '总计', '小计'] as const;
type JournalSummary = (typeof JOURNAL_SUMMARIES)[number];
/** The first characters of the summary labels: most lines are ruled out by them. */
const SUMMARY_FIRST = new Set(JOURNAL_SUMMARIES.map((w) => w.charAt(0)));

/** The one object shared by every line without 辅助核算 (read only: lines never change it). */
const NO_AUXILIARY: Record<string, string> = Object.freeze({}) as Record<string, string>;

function isSeparator(c: number): boolean {
  return c === 59 /* ; */ || c === 0xff1b /* ； */ || c === 124 /* | */ || c === 10;
}

/** Line terminators, which the value of a pair may only have at its ends (the old pattern's ".*?"). */
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/**
 * "客户:张三;房号:3-2-1501" → { 客户: '张三', 房号: '3-2-1501' }.
 * Parts are split at ; ； | or a line break; a part is "key:value" (or ：), both trimmed; an empty
 * value is left out; a later key wins. Written out by hand (it was one split and one regular
 * expression per part, a tenth of a journal's reading time); the same results, including the odd
 * cases: a key of only spaces is its last space, a value with a line break inside is no pair.
 */
export function parseAuxiliary(text: string | null): Record<string, string> {
  if (!text || (text.indexOf(':') < 0 && text.indexOf('：') < 0)) return NO_AUXILIARY;
  let out: Record<string, string> | null = null;
  const n = text.length;
  let start = 0;
  while (start <= n) {
    let end = start;
    while (end < n && !isSeparator(text.charCodeAt(end))) end++;
    const pair = pairOf(text, start, end);
    if (pair) (out ??= {})[pair[0]] = pair[1];
    start = end + 1;
  }
  return out ?? NO_AUXILIARY;
}

function pairOf(text: string, from: number, to: number): [string, string] | null {
  let colon = from;
  while (colon < to && text.charCodeAt(colon) !== 58 && text.charCodeAt(colon) !== 0xff1a) colon++;
  if (colon >= to || colon === from) return null;
  const head = text.slice(from, colon);
  const value = text.slice(colon + 1, to).trim();
  if (!value || LINE_TERMINATOR.test(value)) return null;
  return [head.trim() || head.slice(-1), value];
}

const CUSTOMER_KEYS = ['客户', '客户名称', '购房人', '业主', '往来单位', '客户姓名'];
const UNIT_KEYS = ['房号', '房间', '房产', '房源', '单元', '房屋', '房间号'];

function customerOf(aux: Record<string, string>): string | null {
  for (const k of CUSTOMER_KEYS) if (aux[k]) return aux[k];
  return null;
}

/** The unit's key; the value itself when it is already in key form ("3-2-1501"), so a kept value stays shared. */
function unitOf(aux: Record<string, string>): string | null {
  for (const k of UNIT_KEYS) {
    const v = aux[k];
    if (v) {
      const u = normaliseUnitCode(v) ?? findUnitCode(v);
      if (u) return u === v ? v : u;
    }
  }
  return null;
}

/** "1002.01 银行存款-工行" → code 1002.01, name 银行存款-工行. */
export function splitAccount(text: string | null): { code: string; name: string } {
  if (!text) return { code: '', name: '' };
  const m = /^([0-9][0-9.]*)\s*(.*)$/.exec(text.trim());
  if (!m) return { code: '', name: text.trim() };
  return { code: m[1].replace(/\.$/, ''), name: m[2].trim() };
}

/** The text of a row's first non-empty cell, or null for an empty row. */
function firstText(cells: Cell[]): string | null {
  for (const c of cells) {
    const t = cellString(c);
    if (t.length > 0) return t;
  }
  return null;
}

/** The auxiliary record with its values shared: one pool per key (客户 names repeat, 房号 codes hardly). */
function keptAuxiliary(aux: Record<string, string>, pools: Map<string, TextInterner>): Record<string, string> {
  for (const k in aux) {
    let pool = pools.get(k);
    if (pool === undefined) pools.set(k, (pool = new TextInterner(Infinity)));
    aux[k] = pool.intern(aux[k]);
  }
  return aux;
}

export class JournalInterpreter implements Interpreter {
  private readonly idx: Record<string, number>;
  private readonly footers: string[];
  /** First characters of the footers: most lines are ruled out by one look-up (null: an empty footer matches every line). */
  private readonly footerStarts: Set<string> | null;
  private readonly dateCtx: { date1904: boolean };
  private skipLeft: number;
  private prev: { voucher: string; date: string } | null = null;
  private lastAccount: { a: Cell; b: Cell; account: { code: string; name: string } } | null = null;
  /**
   * A million-line journal is held whole for the reconciliation: the repeated strings a line keeps
   * (dates, vouchers, account codes and names, buyers, units) are kept once each, never as a slice
   * of the file text they were read from. Unbounded: the pooled copies are kept by the lines anyway.
   * One pool per kind of text, so that each judges on its own whether its texts repeat (see
   * TextInterner): vouchers and units hardly do, and pooling them cost more than it saved.
   */
  private readonly texts = { date: new TextInterner(Infinity), voucher: new TextInterner(Infinity), account: new TextInterner(Infinity), customer: new TextInterner(Infinity), unit: new TextInterner(Infinity) };
  private readonly auxTexts = new Map<string, TextInterner>();
  /** One Decimal per repeated debit or credit (see AmountPool). */
  private readonly amounts = new AmountPool();
  /** Where the lines a 本日合计 or 小计 (day) and a 本月合计 (month) adds up start: index into `lines` and row. */
  private day: { at: number; row: number };
  private month: { at: number; row: number };
  /** Where the lines a 合计 / 总计 adds up start: the header's next row, or the previous 合计's. */
  private section: { at: number; row: number };
  /** The lines the last 合计 / 总计 added up: a 总计 right under it, with no line of its own, restates them. */
  private closed: { at: number; row: number; to: number } | null = null;
  /** Where every line of the sheet starts: a 合计 may be the grand total of every line above it. */
  private readonly all: { at: number; row: number };

  constructor(
    private readonly p: JournalProfile,
    private readonly ctx: SheetContext,
    readonly lines: JournalLine[],
    readonly rejected: RejectedRow[],
    readonly warnings: Bilingual[],
  ) {
    const h = ctx.header;
    const need = (ref: string | string[] | undefined, what: string): number => {
      const i = h.find(ref);
      if (i < 0) {
        throw new UserError(
          { zh: `版式 ${p.id} 的${what}列“${refNames(ref).join('/')}”不在表头中`, en: `Profile ${p.id}: its ${what} column "${refNames(ref).join('/')}" is not in the header` },
          { file: ctx.file, sheet: ctx.sheet || undefined, row: ctx.headerRow },
        );
      }
      return i;
    };
    const c = p.columns;
    this.idx = {
      date: need(c.date, '日期 date'),
      voucher: need(c.voucher, '凭证字号 voucher'),
      summary: need(c.summary, '摘要 summary'),
      code: h.find(c.accountCode),
      name: h.find(c.accountName),
      account: h.find(c.account),
      debit: need(c.debit, '借方 debit'),
      credit: need(c.credit, '贷方 credit'),
      aux: h.find(c.auxiliary),
    };
    if (this.idx.code < 0 && this.idx.account < 0) need(c.accountCode ?? c.account, '科目 account');
    this.footers = [...p.footer, ...COMMON_FOOTERS];
    this.footerStarts = this.footers.includes('') ? null : new Set(this.footers.map((f) => f.charAt(0)));
    this.dateCtx = { date1904: ctx.date1904 };
    this.skipLeft = p.skipAfterHeader;
    this.day = { at: lines.length, row: ctx.headerRow + ctx.headerRows };
    this.month = { ...this.day };
    this.section = { ...this.day };
    this.all = { ...this.day };
  }

  /** The summary label of a row with neither voucher nor account whose 摘要 (or first cell) starts with one; else null. */
  private summaryLabel(cells: Cell[], first: string): JournalSummary | null {
    const i = this.idx;
    const s = cells[i.summary] ?? null;
    if (!(typeof s === 'string' && SUMMARY_FIRST.has(s.trimStart().charAt(0))) && !SUMMARY_FIRST.has(first.charAt(0))) return null;
    const texts = [cellString(s), first].map((t) => t.replace(/\s+/g, ''));
    const label = JOURNAL_SUMMARIES.find((w) => texts.some((t) => t.startsWith(w)));
    if (label === undefined || cleanText(cells[i.voucher] ?? null) !== null) return null;
    const { code, name } = this.accountOf(cells);
    return code || name ? null : label;
  }

  /** A summary line: checked against the lines it adds up (a warning when it disagrees), never a journal line. */
  private summaryLine(cells: Cell[], row: number, label: JournalSummary): void {
    const group = label === '本日合计' || label === '小计';
    const total = label === '合计' || label === '总计';
    const to = row - 1;
    let span = { ...(group ? this.day : this.month), to };
    let above: { at: number; row: number; to: number } | undefined;
    if (total) {
      span = this.closed !== null && this.section.at === this.lines.length ? this.closed : { ...this.section, to };
      if (span.at > this.all.at) above = { ...this.all, to };
      this.closed = span;
      this.section = { at: this.lines.length, row: row + 1 };
    }
    const next = { at: this.lines.length, row: row + 1 };
    this.day = next;
    if (!group) this.month = { ...next };
    if (label === '本年累计') return;
    const check = ({ at, row: from, to }: { at: number; row: number; to: number }): { diffs: Bilingual[] } => {
      const debits = new MoneySum();
      const credits = new MoneySum();
      for (; at < this.lines.length; at++) {
        debits.add(this.lines[at].debit);
        credits.add(this.lines[at].credit);
      }
      const rows = from <= to ? { zh: `${rowSpanText(from, to).zh}合计`, en: `from ${rowSpanText(from, to).en}` } : { zh: '其上没有凭证行，合计', en: 'with no journal line above it, so' };
      const diffs: Bilingual[] = [];
      const compare = (col: number, read: Decimal, zh: string, en: string): void => {
        const r = parseMoneyCell(cells[col] ?? null);
        if (!r.ok || r.value === null || r.value.eq(read)) return;
        const by = r.value.minus(read).abs().toFixed(2);
        diffs.push({ zh: `${zh}合计 ${r.value.toFixed(2)}，${rows.zh} ${read.toFixed(2)}（相差 ${by}）`, en: `${en} ${r.value.toFixed(2)} vs ${read.toFixed(2)} ${rows.en} (difference ${by})` });
      };
      compare(this.idx.debit, debits.value(ZERO), '借方', 'debit');
      compare(this.idx.credit, credits.value(ZERO), '贷方', 'credit');
      return { diffs };
    };
    const { diffs } = checkSectionTotal(check, span, above);
    if (!diffs.length) return;
    const where = this.ctx.sheet ? { zh: `文件 ${this.ctx.file} 工作表“${this.ctx.sheet}”`, en: `File ${this.ctx.file}, sheet "${this.ctx.sheet}"` } : { zh: `文件 ${this.ctx.file}`, en: `File ${this.ctx.file}` };
    this.warnings.push({
      zh: `${where.zh} 第 ${row} 行的${label}与读到的凭证行不一致：${diffs.map((d) => d.zh).join('；')}`,
      en: `${where.en}: the ${label} line (row ${row}) disagrees with the journal lines read: ${diffs.map((d) => d.en).join('; ')}`,
    });
  }

  private reject(cells: Cell[], row: number, reason: Bilingual, col?: number): void {
    this.rejected.push({ source: { file: this.ctx.file, sheet: this.ctx.sheet, row }, reason, column: col !== undefined && col >= 0 ? columnLetter(col) : undefined, raw: cells.map((x) => cellString(x)) });
  }

  row(cells: Cell[], row: number): void {
    const first = firstText(cells);
    if (first === null) return;
    if (this.skipLeft > 0) {
      this.skipLeft--;
      return;
    }
    const i = this.idx;
    const label = this.summaryLabel(cells, first);
    if (label !== null) return this.summaryLine(cells, row, label);
    if ((this.footerStarts === null || this.footerStarts.has(first.charAt(0))) && this.footers.some((f) => first.startsWith(f))) {
      // A footer (合计, 注：…) names no account. A line that does is a voucher line whose date and
      // voucher are left to the line above and whose 摘要 happens to start like a footer
      // ("累计折旧", "小计：手续费"): it is read, not dropped. A footer word in the date column
      // (制单人：…,,审核人：…,,记账：… spread over the columns) is no voucher line, whatever follows.
      const { code, name } = this.accountOf(cells);
      if (!code && !name) return;
      const dateText = cleanText(cells[i.date] ?? null);
      if (dateText !== null && this.footers.some((f) => f !== '' && dateText.startsWith(f))) return;
    }
    if (this.ctx.text && cells.length > this.ctx.header.keys.length) {
      const split = commaSplitAmount(cells, [i.debit, i.credit]);
      if (split >= 0) return this.reject(cells, row, commaSplitReason(cells, split, this.ctx.header.keys.length), split);
    }
    let voucher = cleanText(cells[i.voucher] ?? null);
    const d = parseDateCell(cells[i.date] ?? null, this.dateCtx);
    if (!d.ok) return this.reject(cells, row, repeatedPageLine(cells, this.ctx.header.keys, this.ctx.titleText, NOT_A_JOURNAL_LINE) ?? d.reason, i.date);
    let date = d.date;
    if (voucher === null) {
      // Continuation line of the voucher above (some exports write the voucher once).
      if (!this.prev) return this.reject(cells, row, { zh: '凭证字号为空', en: 'the voucher number is missing' }, i.voucher);
      voucher = this.prev.voucher;
      date = date ?? this.prev.date;
    }
    if (date === null) return this.reject(cells, row, { zh: '日期为空', en: 'the date is missing' }, i.date);
    const { code, name } = this.accountOf(cells);
    if (!code && !name) return this.reject(cells, row, { zh: '科目为空', en: 'the account is missing' }, i.code >= 0 ? i.code : i.account);
    const dr = this.amounts.parse(cells[i.debit] ?? null);
    if (!dr.ok) return this.reject(cells, row, dr.reason, i.debit);
    const cr = this.amounts.parse(cells[i.credit] ?? null);
    if (!cr.ok) return this.reject(cells, row, cr.reason, i.credit);
    if (dr.value === null && cr.value === null) return this.reject(cells, row, { zh: '借方和贷方都没有金额', en: 'neither debit nor credit has an amount' });
    const summary = cleanText(cells[i.summary] ?? null) ?? '';
    const auxiliary = keptAuxiliary(parseAuxiliary(i.aux >= 0 ? cleanText(cells[i.aux] ?? null) : null), this.auxTexts);
    const fromSummary = parseAuxiliary(summary);
    const keep = this.texts;
    // A buyer read from the kept 辅助核算 is that kept text; from the 摘要 it is pooled here.
    const customer = customerOf(auxiliary) ?? keep.customer.intern(customerOf(fromSummary));
    const unitKey = keep.unit.intern(unitOf(auxiliary) ?? unitOf(fromSummary) ?? (summary ? findUnitCode(summary) : null));
    const isBankLine = code !== '' && this.p.bankAccountCodes.some((b) => code.startsWith(b));
    this.prev = { voucher, date };
    this.lines.push({
      source: { file: this.ctx.file, sheet: this.ctx.sheet, row },
      profile: this.p.id,
      date: keep.date.intern(date),
      voucher: keep.voucher.intern(voucher),
      summary: detached(summary), // rarely repeats: not pooled, only detached from the file text
      accountCode: keep.account.intern(code),
      accountName: keep.account.intern(name),
      debit: dr.value ?? ZERO,
      credit: cr.value ?? ZERO,
      auxiliary,
      customer,
      unitKey,
      isBankLine,
    });
  }

  /** The line's account code and name; the last cells' answer again when they repeat, as a journal's few accounts do line after line. */
  private accountOf(cells: Cell[]): { code: string; name: string } {
    const i = this.idx;
    const a = cells[i.code >= 0 ? i.code : i.account] ?? null;
    const b = i.code >= 0 && i.name >= 0 ? (cells[i.name] ?? null) : null;
    const memo = this.lastAccount;
    if (memo !== null && memo.a === a && memo.b === b) return memo.account;
    let account: { code: string; name: string };
    if (i.code >= 0) {
      const code = splitAccount(cleanText(a)).code || (cleanText(a) ?? '');
      account = { code, name: i.name >= 0 ? (cleanText(b) ?? '') : '' };
    } else account = splitAccount(cleanText(a));
    this.lastAccount = { a, b, account };
    return account;
  }

  end(): void {
    fillFromVoucher(this.lines);
  }
}

/**
 * A bank line without customer or unit takes them from the same voucher's other lines — only
 * when those lines name exactly one (several different ones: left empty, never guessed).
 */
export function fillFromVoucher(lines: JournalLine[]): void {
  const voucherKey = (l: JournalLine): string => `${l.date.slice(0, 7)}|${l.voucher}`;
  // Only the vouchers with a bank line that lacks something are grouped: usually few or none.
  const wanted = new Set<string>();
  const wantedVouchers = new Set<string>();
  for (let at = 0; at < lines.length; at++) {
    const l = lines[at];
    if (!l.isBankLine || (l.customer !== null && l.unitKey !== null)) continue;
    wanted.add(voucherKey(l));
    wantedVouchers.add(l.voucher);
  }
  if (wanted.size === 0) return;
  const groups = new Map<string, JournalLine[]>();
  for (let at = 0; at < lines.length; at++) {
    const l = lines[at];
    if (!wantedVouchers.has(l.voucher)) continue; // no key string built for the million other lines
    const k = voucherKey(l);
    if (!wanted.has(k)) continue;
    const g = groups.get(k);
    if (g) g.push(l);
    else groups.set(k, [l]);
  }
  for (const g of groups.values()) {
    const customers = new Set(g.filter((l) => !l.isBankLine && l.customer).map((l) => l.customer as string));
    const units = new Set(g.filter((l) => !l.isBankLine && l.unitKey).map((l) => l.unitKey as string));
    for (const l of g) {
      if (!l.isBankLine) continue;
      if (l.customer === null && customers.size === 1) l.customer = [...customers][0];
      if (l.unitKey === null && units.size === 1) l.unitKey = [...units][0];
    }
  }
}

export function journalTotals(lines: JournalLine[]): { bankLines: number; debits: Decimal; credits: Decimal } {
  // Summed as exact fen (MoneySum): two decimal.js additions per line were ~1 s of reading a million-line journal.
  const debits = new MoneySum();
  const credits = new MoneySum();
  let bankLines = 0;
  for (let at = 0; at < lines.length; at++) {
    const l = lines[at];
    if (!l.isBankLine) continue;
    bankLines++;
    debits.add(l.debit);
    credits.add(l.credit);
  }
  return { bankLines, debits: debits.value(ZERO), credits: credits.value(ZERO) };
}
