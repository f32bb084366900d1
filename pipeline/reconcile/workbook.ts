import type Decimal from 'decimal.js';
import { Money, roundFen, toFixed2 } from '../../domain/money';
import type { RegisterUnit } from '../../domain/register';
import {
  FLAG_NAMES,
  FLAGS,
  INFO_FLAGS,
  OUTCOME_ORDER,
  RULE_NAMES,
  SET_ASIDE_OUTCOMES,
  explain,
  factorPhraseOf,
  flagsOf,
  hasFlag,
  isForeign,
  openItems,
  openItemRows,
  outcomeOf,
  carriedText,
  refundedUnits,
  StatementAccounts,
  type Flag,
  type GroupTotals,
  type Item,
  type Outcome,
  type Reconciliation,
  type CarriedNote,
} from '../../domain/reconcile';
import { StringIds } from '../../domain/reconcile/stringIds';
import { writeAtomically, type OutputGroup } from '../io/atomicWrite';
import { bankProfiles } from '../read/profile';
import { noteCells, notesOfItem } from './notes';
import { maskAcct, maskText, openItemOut } from './pii';
import { balanceByAccount, closingRows, writeAccountSheet, type ByAccount } from './balanceByAccount';
import { unitOrderRanks } from './unitOrder';
import { S, XlsxWriter, type StyleId, type XCell, type XSheet, type XSheetOptions } from './xlsx';

function maskAccount(a: string, pii: boolean): string {
  return maskAcct(a, pii) ?? a;
}

/** Excel's limit is 1,048,576 rows per sheet; a sheet that would pass it continues on "name(2)", … */
export const EXCEL_MAX_ROWS = 1_048_576;
export const OPEN_SHEET = '_anjie_open';

export interface WorkbookOptions {
  /** Lands together with the run's other outputs, or not at all (OutputGroup). */
  group?: OutputGroup;
  showPii?: boolean;
  inputs?: readonly string[];
  register?: readonly RegisterUnit[];
  /** Rows per sheet before spilling (tests lower it); default Excel's limit. */
  maxRows?: number;
  /** Lines shown first on 汇总, under the title (files left out with --keep-going). */
  notices?: readonly string[];
}

export interface WorkbookInfo {
  sheets: string[];
  /** Sheets that continued on further sheets. */
  spills: { sheet: string; continuedOn: string[] }[];
}

const OUTCOME_NAMES: Record<Outcome, { zh: string; en: string }> = { MATCHED: { zh: '已匹配', en: 'Matched' }, ...FLAG_NAMES };

interface Col {
  header: string;
  width: number;
  kind?: 'text' | 'money' | 'date' | 'int' | 'pct';
  /** A few texts repeated row after row (rule, file, flags): kept in the shared-strings table (XColumn.shared). */
  repeats?: true;
  /** Text that can outgrow the column (sentences, names, files): wrapped, so all of it shows on screen and on paper. */
  wrap?: true;
}

function num(d: Decimal): number {
  return roundFen(d).toNumber();
}
function dateCell(d: string | null | undefined): Date | null {
  if (!d || !/^\d{4}-\d{2}-\d{2}$/.test(d)) return null;
  return new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))));
}

const KIND_STYLE: Record<NonNullable<Col['kind']>, StyleId> = { text: S.text, money: S.money, date: S.date, int: S.int, pct: S.pct };

/** A table sheet written row by row, continuing on further sheets past the row limit. */
class TableSheet {
  private ws: XSheet | null = null;
  private part = 0;
  readonly names: string[] = [];
  constructor(
    private readonly wb: XlsxWriter,
    private readonly name: string,
    private readonly cols: Col[],
    private readonly maxRows: number,
    private readonly print?: XSheetOptions['print'],
  ) {}

  private async open(): Promise<void> {
    this.part++;
    const name = this.part === 1 ? this.name : `${this.name}(${this.part})`;
    this.names.push(name);
    this.ws = await this.wb.sheet({ name, cols: this.cols.map((c) => ({ width: c.width, style: c.wrap ? S.wrap : KIND_STYLE[c.kind ?? 'text'], shared: c.repeats })), freezeRows: 1, autoFilter: true, print: this.print });
    await this.ws.row(
      this.cols.map((c) => c.header),
      S.header,
    );
  }

  async start(): Promise<void> {
    await this.open();
  }

  /** Returns a promise only when the caller must wait (a chunk went to the zip, or a new sheet was started). */
  add(values: XCell[]): void | Promise<void> {
    if (this.ws!.rows >= this.maxRows) return this.continueWith(values);
    return this.ws!.row(values);
  }

  private async continueWith(values: XCell[]): Promise<void> {
    await this.ws!.end();
    await this.open();
    await this.ws!.row(values);
  }

  async end(): Promise<void> {
    await this.ws!.end();
  }
}

// ---------------------------------------------------------------- rows of the report

interface SideCols {
  file: string | null;
  rows: string | number | null;
  date: Date | null;
  amount: number | null;
}

/** The row number as a number when there is one row; "4, 5" (with the sheet when sheets differ) for several. */
function joinRows(items: Item[]): string | number {
  if (items.length === 1) return items[0].row;
  const sheets = new Set(items.map((x) => `${x.file}|${x.sheet}`));
  return items.map((x) => (sheets.size > 1 && x.sheet ? `${x.sheet}!${x.row}` : String(x.row))).join(', ');
}

function sum(items: readonly Item[]): Decimal {
  let s = new Money(0);
  for (const x of items) s = s.plus(x.amount);
  return s;
}

/**
 * The amount cell of one item: the number num(x.amount) gives, without the Decimal work — this runs
 * for every row of the report. An integer fen key divided by 100 is that number exactly (the
 * division is correctly rounded, so it is the double nearest to the two-decimal value, as
 * Number(x.fen) is) without making the fen's string; a string key is the fen itself.
 */
function amountCell(x: Item): number {
  const k = x.key;
  return typeof k === 'number' ? k / 100 : Number(k);
}

/** num(sum(items)), with the common one-item case taken from the fen. */
function sumCell(items: readonly Item[]): number {
  if (items.length === 0) return 0;
  if (items.length === 1) return amountCell(items[0]);
  return num(sum(items));
}

/** num(sum(a) − sum(b)); one item against one with the same fen (a clean match) is 0 without Decimal work. */
function diffCell(a: readonly Item[], b: readonly Item[]): number {
  if (a.length === 1 && b.length === 1 && a[0].key === b[0].key) return 0; // equal keys ⇔ equal fen
  if (a.length === 0 && b.length === 0) return 0;
  return num(sum(a).minus(sum(b)));
}

const dateCache = new Map<string, Date | null>();
function cachedDate(d: string): Date | null {
  let v = dateCache.get(d);
  if (v === undefined) {
    v = dateCell(d);
    if (dateCache.size > 10_000) dateCache.clear();
    dateCache.set(d, v);
  }
  return v;
}

function sideCols(items: Item[]): SideCols {
  if (!items.length) return { file: null, rows: null, date: null, amount: null };
  if (items.length === 1) {
    const x = items[0];
    // The cell is the edge where money becomes a JS number; the two-decimal string converts exactly.
    // A row in another currency has no ¥ amount: its explanation gives the amount and currency.
    return { file: x.file, rows: x.row, date: cachedDate(x.date), amount: x.rej || (x.flags && isForeign(x)) ? null : amountCell(x) };
  }
  const files = [...new Set(items.map((x) => x.file))].join(', ');
  return { file: files, rows: joinRows(items), date: dateCell(items[0].date), amount: items.some((x) => x.rej) ? null : num(sum(items)) };
}

function groupOf(it: Item): Item[] {
  if (!it.hasCps || outcomeOf(it) === 'AMBIGUOUS') return [it];
  const p = it.partner;
  if (p !== null && p.partner !== null) return it.i < p.i ? [it, p] : [p, it];
  const set = new Set<Item>([it]);
  for (const c of it.cps ?? []) {
    set.add(c);
    for (const d of c.cps ?? []) set.add(d);
  }
  return [...set].sort((a, b) => a.i - b.i);
}

/** Matched one to one with no flag on either row: a 已匹配 line and nothing else (most rows of a month). */
function isPlainPair(it: Item): boolean {
  const p = it.partner;
  return it.flags === 0 && p !== null && p.flags === 0 && p.partner === it;
}

/** One bank row matched to one finance row of the same amount: the commonest group, with nothing to reconcile. */
function isCleanPair(it: Item): boolean {
  const p = it.partner;
  return p !== null && p.side !== it.side && p.partner === it && p.key === it.key;
}

function isLeader(it: Item): boolean {
  if (!it.hasCps) return true;
  const p = it.partner;
  if (p !== null && p.partner === it) return it.i < p.i; // a plain pair: no array made
  for (const c of it.cps ?? []) {
    if (c.i < it.i) return false;
    for (const d of c.cps ?? []) if (d.i < it.i) return false;
  }
  return true;
}

function problemLabel(group: Item[]): string {
  const outcomes = new Set<Outcome>();
  for (const x of group) {
    const o = outcomeOf(x);
    if (o !== 'MATCHED') outcomes.add(o);
    else for (const f of flagsOf(x)) outcomes.add(f);
  }
  return [...outcomes].map((o) => OUTCOME_NAMES[o].zh).join('、');
}

function isProblemGroup(group: Item[]): boolean {
  return group.some((x) => outcomeOf(x) !== 'MATCHED' || hasFlag(x, 'LATE_BOOKING') || hasFlag(x, 'DEPOSIT_WITHHELD'));
}
function isMatchedGroup(group: Item[]): boolean {
  return group.length > 1 && group.some((x) => outcomeOf(x) === 'MATCHED');
}

// The text columns below join the values of a group's items; most groups have one item per side,
// so each helper first answers that case without building arrays and sets.

/** A carried-in row's buyer (its open item's name): the payer or customer it was carried with. */
function carriedName(x: Item, side: 'bank' | 'finance'): string {
  return x.carried?.side === side ? (x.carried.name ?? '') : '';
}
function bankNameOf(x: Item, pii: boolean): string | null {
  const v = x.bank?.counterpartyName ?? carriedName(x, 'bank');
  return v ? maskText(v, pii) : null;
}
function bankMemoOf(x: Item, pii: boolean): string | null {
  const v = x.bank?.memo ?? (x.carried?.side === 'bank' ? x.carried.text : '');
  return v ? maskText(v, pii) : null;
}
function voucherOf(x: Item): string | null {
  return x.fin?.voucher || x.carried?.voucher || null;
}
function customerOf(x: Item, pii: boolean): string | null {
  const v = x.fin?.customer ?? carriedName(x, 'finance');
  return v ? maskText(v, pii) : null;
}

function bankName(items: Item[], pii: boolean): string | null {
  if (items.length === 1) return bankNameOf(items[0], pii);
  const v = items.map((x) => x.bank?.counterpartyName ?? carriedName(x, 'bank')).filter(Boolean);
  return v.length ? maskText([...new Set(v)].join('、'), pii) : null;
}
function bankMemo(items: Item[], pii: boolean): string | null {
  if (items.length === 1) return bankMemoOf(items[0], pii);
  const v = items.map((x) => x.bank?.memo ?? (x.carried?.side === 'bank' ? x.carried.text : '')).filter(Boolean);
  return v.length ? maskText(v.join(' | '), pii) : null;
}
function refs(items: Item[]): string | null {
  if (items.length === 1) return items[0].ref || null;
  const v = items.map((x) => x.ref ?? '').filter(Boolean);
  return v.length ? v.join(', ') : null;
}
function vouchers(items: Item[]): string | null {
  if (items.length === 1) return voucherOf(items[0]);
  const v = items.map((x) => voucherOf(x) ?? '').filter(Boolean);
  return v.length ? v.join(', ') : null;
}
function finSummary(items: Item[], pii: boolean): string | null {
  if (items.length === 1) {
    const x = items[0];
    const v = x.fin?.summary ?? (x.carried?.side === 'finance' ? x.carried.text : '');
    return v ? maskText(v, pii) : null;
  }
  const v = items.map((x) => x.fin?.summary ?? (x.carried?.side === 'finance' ? x.carried.text : '')).filter(Boolean);
  return v.length ? maskText(v.join(' | '), pii) : null;
}
function units(items: Item[]): string | null {
  if (items.length === 1) return items[0].unit || null;
  if (items.length === 2 && items[0].unit === items[1].unit) return items[0].unit || null;
  const v = [...new Set(items.map((x) => x.unit ?? '').filter(Boolean))];
  return v.length ? v.join(', ') : null;
}
function customers(items: Item[], pii: boolean): string | null {
  if (items.length === 1) return customerOf(items[0], pii);
  const v = [...new Set(items.map((x) => x.fin?.customer ?? carriedName(x, 'finance')).filter(Boolean))];
  return v.length ? maskText(v.join('、'), pii) : null;
}

// ---------------------------------------------------------------- notes brought forward

/** The rows whose carried item came with 处理人/处理结果 notes (notesOfItem), or null when none has. */
function notedItems(items: readonly Item[]): Set<Item> | null {
  const out = new Set<Item>();
  for (let k = 0; k < items.length; k++) {
    const x = items[k];
    if ((x.carried || x.carriedCopy) && notesOfItem(x)) out.add(x);
  }
  return out.size ? out : null;
}

/** The 处理人/处理结果 cells of a line of group `g`, or null when none of its rows brought a note. */
function groupNotes(g: readonly Item[], noted: ReadonlySet<Item>, period: string, pii: boolean): { by: string | null; result: string | null } | null {
  let notes: CarriedNote[] | null = null;
  for (const x of g) if (noted.has(x)) (notes ??= []).push(...notesOfItem(x)!);
  return notes ? noteCells(notes, period, pii) : null;
}

/**
 * The 序号 of the 差异 line that shows row x, or null when no line does: the line of the group
 * whose leader (an index in `leaders`, ascending, the 差异 lines in order) holds x.
 */
function diffLineOf(x: Item, items: readonly Item[], leaders: readonly number[]): number | null {
  for (const y of groupOf(x)) {
    let lo = 0;
    let hi = leaders.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = leaders[mid];
      if (v === y.i) {
        if (groupOf(items[v]).includes(x)) return mid + 1;
        break;
      }
      if (v < y.i) lo = mid + 1;
      else hi = mid - 1;
    }
  }
  return null;
}

// ---------------------------------------------------------------- 汇总

async function writeSummary(wb: XlsxWriter, rec: Reconciliation, notes: string[], notices: readonly string[] = []): Promise<void> {
  // Column A is wide enough for a bank's file name ("农行_监管户_2026-11-01至11-23.xlsx"), which the file table lists there.
  const ws = await wb.sheet({ name: '汇总', cols: [36, 22, 12, 18, 14, 18, 14, 18, 14, 18, 12].map((w) => ({ width: w })), orientation: 'landscape' });
  const t = rec.totals;
  const add = async (values: XCell[], opts: { bold?: boolean; header?: boolean; money?: number[]; pct?: number[] } = {}) => {
    const base: StyleId = opts.header ? S.header : opts.bold ? S.bold : S.text;
    const styles: StyleId[] = values.map(() => base);
    for (const c of opts.money ?? []) styles[c - 1] = opts.bold ? S.boldMoney : S.money;
    for (const c of opts.pct ?? []) styles[c - 1] = S.pct;
    await ws.row(values, styles);
  };
  await ws.row(['按揭下款对账报告 / Disbursement reconciliation report'], S.title);
  for (const n of notices) await add([n], { bold: true });
  await add(['对账期间 Period', rec.engine.period]);
  await add(['自动匹配率 Auto-match rate', t.matchRate.toNumber(), `${t.matchedRows} / ${t.candidateRows}`], { pct: [2] });
  await add([]);
  await add(['结果 Outcome', '名称', '银行笔数', '银行金额', '财务笔数', '财务金额'], { header: true });
  // Outcomes only: LATE_BOOKING, DEPOSIT_WITHHELD and SPLIT_MATCH ride on MATCHED rows (see the flags table).
  for (const o of OUTCOME_ORDER.filter((x) => !(INFO_FLAGS as readonly string[]).includes(x))) {
    const b = t.bank.byOutcome.get(o);
    const f = t.finance.byOutcome.get(o);
    await add([o, OUTCOME_NAMES[o].zh, b?.rows ?? 0, num(b?.amount ?? new Money(0)), f?.rows ?? 0, num(f?.amount ?? new Money(0))], { money: [4, 6] });
  }
  await add(['TOTAL', '合计', t.bank.rows, num(t.bank.amount), t.finance.rows, num(t.finance.amount)], { bold: true, money: [4, 6] });
  await add([]);
  await add(['勾稽 Tie-out', '', '笔数', '合计金额', '已匹配+各结果', '差额', '结论'], { header: true });
  for (const [label, g] of [
    ['银行流水 Bank', t.bank],
    ['财务入账 Finance', t.finance],
  ] as [string, GroupTotals][]) {
    let parts = new Money(0);
    let rows = 0;
    for (const b of g.byOutcome.values()) {
      parts = parts.plus(b.amount);
      rows += b.rows;
    }
    const diff = g.amount.minus(parts);
    const ok = diff.isZero() && rows === g.rows;
    await add([label, '合计 = 已匹配 + 各差异', g.rows, num(g.amount), num(parts), num(diff), ok ? '相符 ✓' : '不符 ✗'], { money: [4, 5, 6] });
  }
  await add([]);
  // Per bank and per account, the rate is the top figure's: MATCHED rows ÷ candidate rows. Rows set
  // aside (非按揭, 冲正, 重复, 未解析) are counted in their own columns, not as unmatched: a duplicate
  // copy made one bank 75 % under an overall 100 %.
  const groupHeader = ['笔数', '金额', '单列笔数', '单列金额', '已匹配笔数', '已匹配金额', '未匹配笔数', '未匹配金额', '匹配率'];
  await add(['银行 Bank', '名称', ...groupHeader], { header: true });
  const perGroup = async (key: string, g: GroupTotals, name = '') => {
    const m = g.byOutcome.get('MATCHED');
    const mr = m?.rows ?? 0;
    const ma = m?.amount ?? new Money(0);
    let sr = 0;
    let sa: Decimal = new Money(0);
    for (const [o, b] of g.byOutcome)
      if (SET_ASIDE_OUTCOMES.has(o)) {
        sr += b.rows;
        sa = sa.plus(b.amount);
      }
    const candidates = g.rows - sr;
    const rate = candidates ? new Money(mr).div(candidates).toDecimalPlaces(4, Money.ROUND_HALF_UP).toNumber() : 0;
    await add([key || '(未知)', name, g.rows, num(g.amount), sr, num(sa), mr, num(ma), candidates - mr, num(g.amount.minus(sa).minus(ma)), rate], { money: [4, 6, 8, 10], pct: [11] });
  };
  // The bank's Chinese name beside its code (ABC → 中国农业银行), as the outcome and flag tables name theirs.
  const bankNames = new Map<string, string>();
  for (const p of bankProfiles()) if (!bankNames.has(p.bank)) bankNames.set(p.bank, p.name.zh.split(/\s/)[0]);
  for (const [k, g] of [...t.byBank.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) await perGroup(k, g, bankNames.get(k) ?? '');
  await add([]);
  await add(['财务科目 Finance account', '', ...groupHeader], { header: true });
  for (const [k, g] of [...t.byAccount.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) await perGroup(k, g);
  await add(['匹配率 = 已匹配笔数 ÷（笔数 − 单列笔数），与自动匹配率同一口径；单列为非按揭款、冲正/冲销、重复、无法解析的行 / Match rate = matched ÷ (rows − set aside), as the auto-match rate; set aside: not mortgage, reversed, duplicate, unparseable rows']);
  await add([]);
  await add(['标记 Flag', '名称', '行数(含该标记)'], { header: true });
  for (const f of FLAGS) await add([f, FLAG_NAMES[f].zh, t.flags.get(f) ?? 0]);
  await add([]);
  const fx = foreignSummary(t);
  if (fx) {
    await add([fx]);
    await add([]);
  }
  await add(['文件 File', '方 Side', '读入行数', '其中未解析'], { header: true });
  for (const f of t.files) await add([f.file, f.side === 'bank' ? '银行' : '财务', f.rows, f.rejected]);
  const carried = carriedText(rec.engine);
  if (carried) await add(['上期结转未达项 Carried in', '', t.carriedIn, carried.zh]);
  await add([]);
  for (const n of notes) await add([n]);
  if (notes.length) await add([]);
  await add(['说明：金额为带符号合计（银行收入为正、支出为负；财务借方为正、贷方为负）；未解析行与外币流水计笔数不计金额。']);
  await add([]);
  await add(['制表：', '', '审核：', '', '日期：', ''], { bold: true });
  await ws.end();
}

/** The 汇总 line on statement rows in other currencies set aside, or null when there are none. */
export function foreignSummary(t: Reconciliation['totals']): string | null {
  if (!t.foreignCurrency.size) return null;
  let rows = 0;
  for (const b of t.foreignCurrency.values()) rows += b.rows;
  const zh = [...t.foreignCurrency].map(([cur, b]) => `${cur} ${b.rows} 笔 ${toFixed2(b.amount)}`);
  const en = [...t.foreignCurrency].map(([cur, b]) => `${cur}: ${b.rows} row(s), ${toFixed2(b.amount)}`);
  return `外币流水 Foreign-currency rows: ${rows} 笔已单列为非按揭款，不参与匹配，不计入人民币金额合计（${zh.join('；')}） / ${rows} row(s) set aside as NOT_MORTGAGE, not matched, not in the ¥ totals (${en.join('; ')})`;
}

// ---------------------------------------------------------------- 余额调节表

/**
 * Where a row stands on 余额调节表 (docs/reconcile-json.md, "余额调节表"):
 * - transit: 未达账项, recorded on one side only (MISSING_IN_FINANCE, MISSING_IN_BANK, carried-in
 *   items still open, unpaired OUT_OF_PERIOD rows dated before the period end, a pair whose other
 *   side is dated after it, the part of a matched group one side has more of: a withheld deposit);
 * - error: recorded on both sides, but wrongly or not to be told apart (AMOUNT_MISMATCH and
 *   WRONG_UNIT and WRONG_ACCOUNT pairs, DUPLICATE_FINANCE copies, AMBIGUOUS rows): bank − book, posted to the book side;
 * - unchecked: set aside by matching and never paired across the sides (NOT_MORTGAGE, REVERSED):
 *   each side's rows and total, their difference posted to the book side;
 * - excluded: not in either period-end balance (DUPLICATE_BANK copies, rows dated after the period)
 *   or of unknown amount (UNPARSEABLE).
 */
export type TransitKind = 'bankIn' | 'bankOut' | 'bookIn' | 'bookOut';

const TRANSIT_LABELS: Record<TransitKind, string> = {
  bankIn: '银行已收企业未收',
  bankOut: '银行已付企业未付',
  bookIn: '企业已收银行未收',
  bookOut: '企业已付银行未付',
};

export interface BalanceLine {
  /** Transit: the amount its label adds or subtracts (≥ 0); error: bank − book; otherwise null. */
  amount: Decimal | null;
  bank: Item[];
  fin: Item[];
  note: string;
}

export interface BalanceLines {
  transit: Record<TransitKind, BalanceLine[]>;
  errors: BalanceLine[];
  unchecked: { bank: Item[]; fin: Item[] };
  excluded: BalanceLine[];
}

const ERROR_NOTES: [Flag, string][] = [
  ['AMOUNT_MISMATCH', '双方均已记账，只计差额（银行−账面）；待查明哪一方记错并更正'],
  ['WRONG_UNIT', '双方均已记账，房号/购房人不符；金额相同则不影响余额，需更正明细账'],
  ['WRONG_ACCOUNT', '双方均已记账，但记入了另一银行账户的科目；合并调节不影响余额，分户调节时两个账户各差此数，需改记正确科目'],
];

function carriedNote(it: Item): string {
  return it.carried ? `上期(${it.carried.period})结转，本期仍未达：` : '';
}

/** Classifies every row for 余额调节表 (see BalanceLine's sections), in item order within each. */
export function balanceLines(rec: Reconciliation): BalanceLines {
  const items = rec.engine.items;
  // A date after the period's last day sorts after `${period}\uffff` (dates are YYYY-MM-DD).
  const periodEnd = `${rec.engine.period}\uffff`;
  // Carried-in rows are from earlier periods: in their side's balance whatever their date.
  const after = (x: Item): boolean => !x.carried && x.date > periodEnd;
  const out: BalanceLines = { transit: { bankIn: [], bankOut: [], bookIn: [], bookOut: [] }, errors: [], unchecked: { bank: [], fin: [] }, excluded: [] };
  const later = (rows: Item[], note: string) => out.excluded.push({ amount: null, bank: rows.filter((x) => x.side === 'bank'), fin: rows.filter((x) => x.side === 'finance'), note });
  // Banks with a statement this month, asked only of credits carried in: one of a bank without one
  // (a forgotten export) is in no statement balance here (load warns on stdout).
  let statementBanks: Set<string> | null = null;
  const noStatement = (x: Item): boolean => {
    if (!x.carried || x.side !== 'bank') return false;
    if (!statementBanks) {
      statementBanks = new Set();
      for (const y of items) if (y.bank) statementBanks.add(y.bank.bank);
    }
    return !statementBanks.has(x.bankCode ?? '');
  };
  let refunded: ReadonlySet<string> | null = null;
  const withheldTwice = (g: Item[]): boolean => g.some((x) => x.side === 'finance' && hasFlag(x, 'DEPOSIT_WITHHELD') && !!x.unit && (refunded ??= refundedUnits(rec.engine)).has(x.unit));
  const oneSided = (rows: Item[], note: string) => {
    const s = sum(rows);
    if (s.isZero()) return;
    const bankSide = rows[0].side === 'bank';
    const kind: TransitKind = bankSide ? (s.gt(0) ? 'bankIn' : 'bankOut') : s.gt(0) ? 'bookIn' : 'bookOut';
    out.transit[kind].push({ amount: s.abs(), bank: bankSide ? rows : [], fin: bankSide ? [] : rows, note });
  };
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    // Most rows of a month: a clean pair, both in the period, nothing to list.
    if (isPlainPair(it) && isCleanPair(it)) continue;
    const o = outcomeOf(it);
    if (it.rej) {
      later([it], '无法解析，金额未知：不在本表内；若差额不为零，请先核对这些行');
      continue;
    }
    if (o === 'DUPLICATE_BANK') {
      later([it], '同一笔流水在另一导出文件中重复出现：对账单余额只含一次');
      continue;
    }
    if (o === 'NOT_MORTGAGE' && isForeign(it)) {
      later([it], `外币（${it.bank?.currency ?? '?'}）流水 ${it.fen}：不计入人民币余额`);
      continue;
    }
    if (o === 'NOT_MORTGAGE' || o === 'REVERSED') {
      if (after(it)) later([it], `${OUTCOME_NAMES[o].zh}，期后记录：不计入本期余额`);
      else (it.side === 'bank' ? out.unchecked.bank : out.unchecked.fin).push(it);
      continue;
    }
    if (o === 'DUPLICATE_FINANCE' || o === 'AMBIGUOUS') {
      if (after(it)) later([it], `${OUTCOME_NAMES[o].zh}，期后记录：不计入本期余额`);
      else {
        const bankSide = it.side === 'bank';
        const note = o === 'AMBIGUOUS' ? '多个候选，无法确定与哪一笔对应：待查，按单方记录计入' : '重复入账：银行只到账一次，应冲销重复的一笔';
        out.errors.push({ amount: bankSide ? it.amount : new Money(it.amount).neg(), bank: bankSide ? [it] : [], fin: bankSide ? [] : [it], note: carriedNote(it) + note });
      }
      continue;
    }
    if (it.hasCps && !isLeader(it)) continue;
    const g = it.hasCps ? groupOf(it) : [it];
    const bank: Item[] = [];
    const fin: Item[] = [];
    const post: Item[] = [];
    for (const x of g) (after(x) ? post : x.side === 'bank' ? bank : fin).push(x);
    const label = problemLabel(g);
    if (post.length) later(post, `${label ? label + '，' : ''}期后记录：不计入本期余额${bank.length || fin.length ? '；本期一方列为未达账项' : ''}`);
    if (bank.length && fin.length) {
      const d = sum(bank).minus(sum(fin));
      const error = ERROR_NOTES.find(([f]) => g.some((x) => hasFlag(x, f)));
      if (error) out.errors.push({ amount: d, bank, fin, note: `${label}：${error[1]}` });
      else if (!d.isZero() && d.lt(0) && withheldTwice(g)) {
        out.errors.push({ amount: d, bank, fin, note: '扣留保证金已由银行本期退还，退还款也已入账，但放款时企业已按贷款全额入账：保证金重复入账，应冲销其一' });
      } else if (!d.isZero()) {
        const note = g.some((x) => hasFlag(x, 'DEPOSIT_WITHHELD')) ? '扣留保证金：企业按贷款全额入账，银行按净额到账，差额待银行退还' : `${label || '已匹配'}：双方金额不等，差额为单方记录`;
        if (d.gt(0)) out.transit.bankIn.push({ amount: d, bank, fin, note });
        else out.transit.bookIn.push({ amount: d.neg(), bank, fin, note });
      }
    } else if (bank.length || fin.length) {
      const rows = bank.length ? bank : fin;
      if (rows.every(noStatement)) {
        later(rows, `${carriedNote(rows[0])}本期没有该银行的对账单，不在本期对账单余额内（请补充其对账单）`);
        continue;
      }
      const note = post.length ? `对方期后才${bank.length ? '入账' : '到账'}（${post[0].date}）` : OUTCOME_NAMES[outcomeOf(rows[0])].zh;
      oneSided(rows, carriedNote(rows[0]) + note);
    }
  }
  return out;
}

/**
 * Writes 余额调节表 when the statements carry balances, and returns the per-account split for 分户调节
 * (written after it by the caller: sheets are written one after the other); null when no statement
 * has a balance.
 */
async function writeBalanceSheet(wb: XlsxWriter, rec: Reconciliation, pii: boolean, maxRows: number): Promise<ByAccount | null> {
  const items = rec.engine.items;
  const period = rec.engine.period;
  const accounts = new StatementAccounts();
  // Each account's first row, for its label.
  const firstRow = new Map<string, Item>();
  // Accounts with a yuan row up to the period's end but no balance on it (a statement without a balance column).
  const noBalance = new Set<string>();
  const periodEnd = `${period}\uffff`;
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    const b = it.bank;
    if (!b) continue;
    const key = accounts.keyOf(b);
    if (accounts.changed && !firstRow.has(key)) firstRow.set(key, it);
    if (!b.balance && !isForeign(it) && !hasFlag(it, 'DUPLICATE_BANK') && it.date <= periodEnd) noBalance.add(key);
  }
  // A row in another currency carries that currency's balance, not the yuan one (closingRows leaves it out).
  const last = closingRows(items, period);
  // "ICBC ****0128"; two accounts of one bank whose numbers end alike also name their file.
  const accountLabels = new Map<string, string>();
  const masked = (it: Item) => (it.bank!.account ? `${it.bankCode ?? ''} ${maskAccount(it.bank!.account, pii)}` : `${it.bankCode ?? ''} ${it.file}`);
  const seen = new Map<string, number>();
  for (const it of firstRow.values()) seen.set(masked(it), (seen.get(masked(it)) ?? 0) + 1);
  for (const [key, it] of firstRow) accountLabels.set(key, seen.get(masked(it))! > 1 ? `${masked(it)}（${it.file}）` : masked(it));
  if (!last.size) return null;
  let statement = new Money(0);
  for (const it of last.values()) statement = statement.plus(it.bank!.balance!);
  const lines = balanceLines(rec);
  const total = (ls: BalanceLine[]) => ls.reduce<Decimal>((s, l) => s.plus(l.amount ?? 0), new Money(0));
  const bankIn = total(lines.transit.bankIn);
  const bankOut = total(lines.transit.bankOut);
  const bookIn = total(lines.transit.bookIn);
  const bookOut = total(lines.transit.bookOut);
  const errors = total(lines.errors);
  const uncheckedBank = sum(lines.unchecked.bank);
  const uncheckedFin = sum(lines.unchecked.fin);
  const unchecked = uncheckedBank.minus(uncheckedFin);

  // Column A is wide enough for the bold "未解释差额（应为零） Unexplained difference"; the longest label wraps (below).
  const ws = await wb.sheet({ name: '余额调节表', cols: [46, 18, 4, 34, 18, 34, 16, 48].map((w) => ({ width: w })), orientation: 'landscape' });
  const put = async (values: XCell[], money: number[] = [], bold = false) => {
    const styles: StyleId[] = values.map(() => (bold ? S.bold : S.text));
    for (const c of money) styles[c - 1] = bold ? S.boldMoney : S.money;
    await ws.row(values, styles);
  };
  await ws.row([`银行存款余额调节表 ${period}`], S.title);
  // On the accounts' row: the top block's formulas refer to fixed rows below it (B4 …).
  const split = balanceByAccount(rec, lines, (key) => accountLabels.get(key)!, last);
  const splitNote = split.accounts
    ? `（本表为 ${split.accounts.filter((a) => a.ledger).length} 个账户的合并调节；各账户对其明细科目的调节见“分户调节”表）`
    : split.why !== '只有一个账户'
      ? `（本表为多个账户的合并调节，未能分户调节：${split.why}）`
      : '';
  // Its lines hold every account's rows: without each account's closing balance the book balance cannot be inferred.
  const unknown = [...noBalance].filter((k) => !last.has(k)).map((k) => accountLabels.get(k)!);
  const unknownNote = unknown.length ? `；${unknown.join('、')}的对账单无余额列：对账单余额未含该账户，未达账项却含其款项，合并数无法调节，也无法推算账面余额（请向银行取得其期末余额${split.accounts ? '；其他账户见“分户调节”' : ''}）` : '';
  // Statements that give no account number are told apart by file: two files of one bank may be two
  // parts of one account's month, whose closing balance is then counted twice.
  const byFileOnly = new Map<string, string[]>();
  for (const it of last.values()) if (!it.bank!.account) byFileOnly.set(it.bankCode ?? '', [...(byFileOnly.get(it.bankCode ?? '') ?? []), it.file]);
  const twice = [...byFileOnly].filter(([, fs]) => fs.length > 1);
  const twiceNote = twice.length ? `；${twice.map(([b, fs]) => `${b} 的 ${fs.length} 个对账单（${fs.join('、')}）没有账号，按不同账户各取期末余额相加：若是同一账户的几段导出，对账单余额重复计算了，请合并为一个文件后重新对账`).join('；')}` : '';
  await put(['对账单账户：' + [...last.keys()].map((k) => accountLabels.get(k)).join('；') + splitNote + unknownNote + twiceNote]);
  await put(['企业账面 Book', '', '', '银行对账单 Statement', ''], [], true);
  await ws.row(['账面余额（请财务填写）', null, '', '对账单余额', num(statement)], [S.text, S.input, S.text, S.text, S.money]);
  await put(['加：银行已收企业未收', num(bankIn), '', '加：企业已收银行未收', num(bookIn)], [2, 5]);
  await put(['减：银行已付企业未付', num(bankOut), '', '减：企业已付银行未付', num(bookOut)], [2, 5]);
  await put(['加/减：记账差错/待查（银行−账面，见二）', num(errors)], [2]);
  await ws.row(['加/减：非按揭收支及冲正差额（银行−账面，未逐笔核对，见三）', num(unchecked)], [S.wrap, S.money]);
  const adjStatement = statement.plus(bookIn).minus(bookOut);
  // Until finance fills in B4 these show a visible, cached text: an empty cached result cannot be
  // told from "never calculated" by readers (and sign-off refuses formulas without a value).
  // Short enough for column B (the whole "待填账面余额 / enter book balance" was cut off there).
  const pending = '待填B4 / fill B4';
  await put(['调节后余额', { formula: `IF(ISNUMBER(B4),B4+B5-B6+B7+B8,"${pending}")`, result: pending }, '', '调节后余额', { formula: 'E4+E5-E6', result: num(adjStatement) }], [2, 5], true);
  const noStatement = `缺${unknown.join('、')}的对账单余额 / a statement has no balance`;
  if (unknown.length) {
    await put(['未解释差额（应为零） Unexplained difference', noStatement], [], true);
    await put(['按本表推算的账面余额', noStatement]);
  } else {
    await put(['未解释差额（应为零） Unexplained difference', { formula: `IF(ISNUMBER(B4),B9-E9,"${pending}")`, result: pending }], [2], true);
    await put(['按本表推算的账面余额', num(adjStatement.minus(bankIn).plus(bankOut).minus(errors).minus(unchecked))], [2]);
  }
  await put(['公式：账面余额 + 银行已收企业未收 − 银行已付企业未付 ± 记账差错 ± 未逐笔核对差额 = 对账单余额 + 企业已收银行未收 − 企业已付银行未付']);
  await put(['未达账项只列一方已记账、另一方尚未记账的款项；双方都已记账但记错的，列在"记账差错/待查"，只计其差额；账面余额填入后，调节后余额仍不相等的部分即未解释差额。']);

  const where = (xs: Item[]): string | null => (xs.length ? xs.map((x) => `${x.file} ${x.sheet ? x.sheet + '!' : ''}${x.row}（${x.date}）`).join('；') : null);
  const amountOf = (xs: Item[]): number | null => (xs.length && !xs.some((x) => x.rej || isForeign(x)) ? sumCell(xs) : null);
  const detailStyles: StyleId[] = [S.text, S.money, S.text, S.wrap, S.money, S.wrap, S.money, S.wrap];
  // The sheet stays within Excel's rows (a month whose rows are nearly all open, a mistyped
  // --period): past this many detail lines the rest are counted, not listed, and every subtotal
  // still includes them (the fixed rows of the statement need fewer than 60).
  const room = maxRows - 60;
  let omitted = 0;
  const fits = (): boolean => {
    if (ws.rows < room) return true;
    omitted++;
    return false;
  };
  const notListed = async () => {
    if (!omitted) return;
    await put([`另有 ${omitted} 项未逐行列出（超出 Excel 每表行数上限；上下合计已含这些项），逐项见“差异”表和 JSON / ${omitted} more not listed one by one (Excel's row limit; the totals include them): see 差异 and the JSON`]);
    omitted = 0;
  };
  const line = async (label: string, l: BalanceLine) => {
    if (!fits()) return;
    const p = ws.row([label, l.amount === null ? null : num(l.amount), '', where(l.bank), amountOf(l.bank), where(l.fin), amountOf(l.fin), l.note], detailStyles);
    if (p) await p;
  };
  const head = async (title: string) => {
    await put([]);
    await ws.row([title], S.bold);
    await ws.row(['项目', '调节金额', '', '银行记录（文件 行号 日期）', '银行金额', '财务记录（文件 行号 日期）', '财务金额', '说明'], S.header);
  };

  await head('一、未达账项（一方已记账、另一方尚未记账）');
  for (const [kind, sub] of Object.entries(lines.transit) as [TransitKind, BalanceLine[]][]) {
    for (const l of sub) await line(TRANSIT_LABELS[kind], l);
    await notListed();
    await put([`${TRANSIT_LABELS[kind]} 小计（${sub.length} 笔）`, num(total(sub))], [2], true);
  }

  await head('二、记账差错/待查（双方均已记账但有误，或无法确定对应；按"银行−账面"调整账面，须更正）');
  for (const l of lines.errors) await line('记账差错/待查', l);
  await notListed();
  await put([`记账差错/待查 小计（${lines.errors.length} 项）`, num(errors)], [2], true);

  await head('三、非按揭收支及冲正（匹配时剔除，未逐笔核对：两方各自合计，差额计入账面方）');
  const setAside = async (x: Item) => {
    if (!fits()) return;
    const bankSide = x.side === 'bank';
    const n = x.note;
    const why = n?.kind === 'notMortgage' ? (n.rule?.name.zh ?? { debit: '支出', ownAccount: '本单位账户间划转', zero: '零金额', keyword: '', currency: '外币' }[n.reason]) : n?.kind === 'reversal' ? (n.found ? '冲正及被冲正的原笔' : n.tie ? '冲正，原笔有多笔同样可能，未配对' : '冲正，原笔不在本期文件中') : '';
    // A carried-in row reversed this month is no longer open: not "本期仍未达".
    const carried = x.carried ? (n?.kind === 'reversal' ? `上期(${x.carried.period})结转，本期冲正/冲销：` : carriedNote(x)) : '';
    const p = ws.row([OUTCOME_NAMES[outcomeOf(x)].zh, null, '', bankSide ? where([x]) : null, bankSide ? amountCell(x) : null, bankSide ? null : where([x]), bankSide ? null : amountCell(x), carried + why || null], detailStyles);
    if (p) await p;
  };
  for (const x of lines.unchecked.bank) await setAside(x);
  for (const x of lines.unchecked.fin) await setAside(x);
  await notListed();
  await put([`银行方合计（${lines.unchecked.bank.length} 笔）`, null, '', '', num(uncheckedBank)], [5], true);
  await put([`账面方合计（${lines.unchecked.fin.length} 笔）`, null, '', '', null, '', num(uncheckedFin)], [7], true);
  await put(['差额（银行−账面）', num(unchecked)], [2], true);

  await head('四、不计入本表（期后记录、重复导出的流水、无法解析的行）');
  for (const l of lines.excluded) await line('不计入', l);
  await notListed();
  await put([`不计入 合计（${lines.excluded.length} 项）`], [], true);

  await put([]);
  await put(['制表：', '', '', '审核：', ''], [], true);
  await put(['日期：', ''], [], true);
  await ws.end();
  return split;
}

// ---------------------------------------------------------------- 按户

/**
 * A unit's items on one side. Nearly every unit has one, kept without an array: an array per unit
 * and side (with the spare capacity push gives it) was hundreds of MB at a million units.
 */
type UnitItems = Item | Item[] | null;

function withItem(items: UnitItems, it: Item): UnitItems {
  if (items === null) return it;
  if (Array.isArray(items)) {
    items.push(it);
    return items;
  }
  return [items, it];
}

function itemList(items: UnitItems): Item[] {
  return items === null ? [] : Array.isArray(items) ? items : [items];
}

/** The amount key of a line's side without rows (keys are finite: no row has this one). */
const NO_ROW = Infinity;

const LABELLED_INFO_FLAGS = ['LATE_BOOKING', 'DEPOSIT_WITHHELD', 'SPLIT_MATCH'] as const;

const DUE_WITHOUT_ROWS = '台账记录本期放款，银行与财务均无';
const PROVIDENT_CENTRE = '住房公积金管理中心';

/** The unit under which an item is listed on 按户, or null when it is not listed. */
function unitOfItem(it: Item): string | null {
  if (it.aside || it.rej) return null;
  return it.unit ?? it.cps?.find((c) => c.unit)?.unit ?? null;
}

/**
 * The 按户 units, found before 汇总 is written (汇总 names the sheets 按户 continues on); their
 * lines are gathered only when 按户 is written (lines()), so that 差异 and 已匹配 are written
 * without them in memory. One pass over the items gives each unit a dense id (StringIds: typed
 * arrays, no object per unit) and keeps each item's unit id.
 *
 * Why: at a million units, per-line arrays made here and grown by push were ~100 MB live through
 * 差异 and 已匹配, the run's peak, plus as much again of outgrown copies; and a Map from unit to
 * line, read once per item and again per unit after the sort, cost ~3 s in cache misses.
 */
class UnitIndex {
  /** Unit → id, in order of first appearance: the items' units, then register units due without rows. */
  private readonly ids: StringIds;
  /** Ids from this one on are register units due this period that no item has. */
  private readonly firstDueOnly: number;
  /** Per item (by index in rec.engine.items): the id of its unit, -1 when it has no 按户 line. */
  private readonly idOfItem: Int32Array;

  constructor(
    private readonly rec: Reconciliation,
    private readonly register: readonly RegisterUnit[],
  ) {
    const items = rec.engine.items;
    this.ids = new StringIds(items.length >> 1);
    this.idOfItem = new Int32Array(items.length).fill(-1);
    for (let k = 0; k < items.length; k++) {
      const unit = unitOfItem(items[k]);
      if (unit) this.idOfItem[k] = this.ids.add(unit);
    }
    this.firstDueOnly = this.ids.size;
    const period = rec.engine.period;
    for (const u of register) {
      const due = [u.commercialDisbursedDate, u.providentDisbursedDate].some((d) => d && d.slice(0, 7) === period);
      if (due) this.ids.add(u.unitKey);
    }
  }

  get count(): number {
    return this.ids.size;
  }

  /** The lines in unit order, with their rows and labels; buyers' names masked unless `pii`. */
  lines(pii: boolean): UnitLines {
    const units = this.ids.texts;
    const lineOfId = unitOrderRanks(units);
    const sorted = new Array<string>(units.length);
    for (let id = 0; id < units.length; id++) sorted[lineOfId[id]] = units[id];
    const lines = new UnitLines(sorted, new Map(this.register.map((u) => [u.unitKey, u])), pii);
    const items = this.rec.engine.items;
    for (let k = 0; k < items.length; k++) {
      const id = this.idOfItem[k];
      if (id >= 0) lines.addItem(lineOfId[id], items[k]);
    }
    for (let id = this.firstDueOnly; id < units.length; id++) lines.addLabel(lineOfId[id], DUE_WITHOUT_ROWS);
    return lines;
  }
}

/**
 * The 按户 lines in unit order: per line its items and 差异类型 labels, in arrays sized once.
 * fill(n) writes the n-th line's cells when it is written.
 */
class UnitLines {
  private readonly bank: UnitItems[];
  private readonly fin: UnitItems[];
  /**
   * Per line and side, the amount key of its one row when that key is an integer fen, NO_ROW when
   * the side has no row, NaN otherwise (several rows, a string key). The common line, one row a
   * side, gets its amount cells from these numbers alone: read in unit order, the items are
   * scattered over the heap, and fetching them was a cache miss per item (~3 s at a million units).
   */
  private readonly bankKey: Float64Array;
  private readonly finKey: Float64Array;
  /** 差异类型 labels per line, in order of first appearance; null until there is one (most units have none). */
  private readonly labels: (Set<string> | null)[];

  constructor(
    /** The units, sorted. */
    private readonly units: readonly string[],
    private readonly register: ReadonlyMap<string, RegisterUnit>,
    /** --show-pii: the register's buyer names as typed, ID or phone included. */
    private readonly pii: boolean,
  ) {
    const n = units.length;
    this.bank = new Array<UnitItems>(n).fill(null);
    this.fin = new Array<UnitItems>(n).fill(null);
    this.bankKey = new Float64Array(n).fill(NO_ROW);
    this.finKey = new Float64Array(n).fill(NO_ROW);
    this.labels = new Array<Set<string> | null>(n).fill(null);
  }

  get count(): number {
    return this.units.length;
  }

  /** Adds a row to line k, with the labels its outcome and flags give. */
  addItem(k: number, it: Item): void {
    const key = typeof it.key === 'number' ? it.key : NaN;
    if (it.side === 'bank') {
      this.bankKey[k] = this.bank[k] === null ? key : NaN;
      this.bank[k] = withItem(this.bank[k], it);
    } else {
      this.finKey[k] = this.fin[k] === null ? key : NaN;
      this.fin[k] = withItem(this.fin[k], it);
    }
    if (!it.flags) return; // matched, nothing to say
    const o = outcomeOf(it);
    if (o !== 'MATCHED') this.addLabel(k, OUTCOME_NAMES[o].zh);
    for (const f of LABELLED_INFO_FLAGS) if (hasFlag(it, f)) this.addLabel(k, FLAG_NAMES[f].zh);
  }

  addLabel(k: number, label: string): void {
    (this.labels[k] ??= new Set()).add(label);
  }

  /** Fills `cells` with the 按户 row of line k. */
  fill(k: number, cells: XCell[]): XCell[] {
    const unit = this.units[k];
    const r = this.register.size ? (this.register.get(unit) ?? null) : null;
    const loan = r ? [r.commercialLoan, r.providentLoan].reduce<Decimal>((s, x) => (x ? s.plus(x) : s), new Money(0)) : null;
    const bk = this.bankKey[k];
    const fk = this.finKey[k];
    cells[0] = unit;
    cells[1] = r?.mainBorrower ? maskText(r.mainBorrower, this.pii) : null;
    // A 公积金 loan has no bank in the register: its lender is the centre (as on 查册汇总), not a blank.
    cells[2] = r ? (r.loanType === 'providentFund' ? PROVIDENT_CENTRE : r.bank) : null;
    cells[3] = loan ? num(loan) : null;
    // A key k of one row gives amountCell's k / 100; no row sums to 0; anything else is summed from the items.
    cells[4] = fk === NO_ROW ? 0 : fk === fk ? fk / 100 : sumCell(itemList(this.fin[k]));
    cells[5] = bk === NO_ROW ? 0 : bk === bk ? bk / 100 : sumCell(itemList(this.bank[k]));
    // diffCell's shortcuts: no rows, or one row a side with the same key, differ by 0.
    cells[6] = bk === fk ? 0 : diffCell(itemList(this.bank[k]), itemList(this.fin[k]));
    const labels = this.labels[k];
    cells[7] = labels ? [...labels].join('、') : null;
    cells[8] = null;
    cells[9] = null;
    return cells;
  }
}

// ---------------------------------------------------------------- 已匹配

/**
 * The 已匹配 cells of a plain pair (isPlainPair, one bank row and one finance row) into `cells`:
 * what sideCols and the text helpers give for one item per side; no flags, so no 标记.
 */
function plainPairCells(cells: XCell[], it: Item, rec: Reconciliation, pii: boolean): XCell[] {
  const cp = it.partner!;
  const b = it.side === 'bank' ? it : cp;
  const f = it.side === 'bank' ? cp : it;
  cells[0] = it.rule ? RULE_NAMES[it.rule].zh : '';
  cells[1] = factorPhraseOf(it, rec.engine.config.dateWindowDays).agreeZh;
  cells[2] = null;
  cells[3] = b.file;
  cells[4] = b.row;
  cells[5] = cachedDate(b.date);
  cells[6] = b.rej ? null : amountCell(b);
  cells[7] = bankNameOf(b, pii);
  cells[8] = bankMemoOf(b, pii);
  cells[9] = b.ref || null;
  cells[10] = f.file;
  cells[11] = f.row;
  cells[12] = cachedDate(f.date);
  cells[13] = voucherOf(f);
  cells[14] = f.rej ? null : amountCell(f);
  // units() of the group in output order, as groupOf gives it (it is the leader).
  cells[15] = it.unit === cp.unit ? it.unit || null : units([it, cp]);
  cells[16] = customerOf(f, pii);
  return cells;
}

// ---------------------------------------------------------------- the workbook

export async function writeReconcileWorkbook(target: string, rec: Reconciliation, opts: WorkbookOptions = {}): Promise<WorkbookInfo> {
  const pii = !!opts.showPii;
  const maxRows = opts.maxRows ?? EXCEL_MAX_ROWS;
  const items = rec.engine.items;
  // Count lines first so 汇总 (written first) can say where long sheets continue.
  // The leaders of 差异's groups and the rejected rows are kept (by index, in item order): those
  // sheets, short next to 已匹配, are then written without another pass over every item.
  const problemLeaders: number[] = [];
  const rejectedRows: number[] = [];
  let matched = 0;
  for (let k = 0; k < items.length; k++) {
    const it = items[k];
    if (it.rej) rejectedRows.push(k);
    if (isPlainPair(it)) {
      if (it.i < it.partner!.i) matched++; // counted once, at its leader
      continue;
    }
    if (!isLeader(it)) continue;
    const g = groupOf(it);
    if (isProblemGroup(g)) problemLeaders.push(k);
    if (isMatchedGroup(g)) matched++;
  }
  const problems = problemLeaders.length;
  const rejected = rejectedRows.length;
  const register = opts.register ?? [];
  const unitIndex = new UnitIndex(rec, register);
  const spillNames = (name: string, n: number) => {
    const parts = Math.max(1, Math.ceil(n / (maxRows - 1)));
    return Array.from({ length: parts }, (_, k) => (k === 0 ? name : `${name}(${k + 1})`));
  };
  const notes: string[] = [];
  const spills: WorkbookInfo['spills'] = [];
  for (const [name, n] of [
    ['差异', problems],
    ['已匹配', matched],
    ['按户', unitIndex.count],
    ['未解析', rejected],
  ] as [string, number][]) {
    const names = spillNames(name, n);
    if (names.length > 1) {
      spills.push({ sheet: name, continuedOn: names.slice(1) });
      notes.push(`${name}超过 Excel 每表 ${maxRows.toLocaleString('en-US')} 行上限，续表：${names.slice(1).join('、')} / "${name}" continues on sheets ${names.slice(1).join(', ')}`);
    }
  }
  // Rows carrying 处理人/处理结果 notes brought forward from last month's 差异 (a handful, and none
  // at all without --previous: then nothing is looked up for any row below).
  const noted = rec.totals.carriedIn > 0 ? notedItems(items) : null;
  const period = rec.engine.period;
  const sheets: string[] = [];
  await writeAtomically(
    target,
    async (temp) => {
      const wb = new XlsxWriter(temp);
      await writeSummary(wb, rec, notes, opts.notices);
      sheets.push('汇总');

      const diff = new TableSheet(
        wb,
        '差异',
        [
          { header: '序号', width: 7, kind: 'int' },
          { header: '差异类型', width: 16, repeats: true, wrap: true },
          { header: '银行文件', width: 18, repeats: true, wrap: true },
          { header: '银行行号', width: 9 },
          { header: '到账日期', width: 11, kind: 'date' },
          { header: '银行金额', width: 15, kind: 'money' },
          { header: '对方户名', width: 16, wrap: true },
          { header: '银行摘要', width: 22, wrap: true },
          // Wide enough for a 22-digit 流水号 (CCB) on one line; several (a reversal's pair) wrap at the ", ".
          { header: '流水号', width: 24, wrap: true },
          { header: '财务文件', width: 18, repeats: true, wrap: true },
          { header: '财务行号', width: 9 },
          { header: '入账日期', width: 11, kind: 'date' },
          { header: '凭证号', width: 10 },
          { header: '财务摘要', width: 22, wrap: true },
          { header: '财务金额', width: 15, kind: 'money' },
          { header: '房号', width: 12, wrap: true },
          { header: '客户', width: 10, wrap: true },
          { header: '差额(银行−财务)', width: 15, kind: 'money' },
          { header: '说明', width: 40, wrap: true },
          { header: 'Explanation', width: 50, wrap: true },
          { header: '处理人', width: 10 },
          // Wrapped: a note brought forward from last month (【10月】…) shows whole.
          { header: '处理结果', width: 20, wrap: true },
        ],
        maxRows,
        // People work through this list on paper too: three pages across (bank side; finance side and
        // difference; explanation and the columns they fill in), each with 序号 and 差异类型, at a
        // legible scale, rather than 22 columns shrunk to a third onto one page.
        { breaksAfter: [8, 17], titleCols: 2, scale: 75 },
      );
      await diff.start();
      let n = 0;
      for (const k of problemLeaders) {
        const it = items[k];
        const g = groupOf(it);
        const b = g.filter((x) => x.side === 'bank');
        const f = g.filter((x) => x.side === 'finance');
        const bc = sideCols(b);
        const fc = sideCols(f);
        const d = bc.amount === null && fc.amount === null ? null : num(new Money(bc.amount === null ? 0 : sum(b)).minus(fc.amount === null ? 0 : sum(f)));
        const e = explain(it, rec.engine);
        const note = noted ? groupNotes(g, noted, period, pii) : null;
        await diff.add([++n, problemLabel(g), bc.file, bc.rows, bc.date, bc.amount, bankName(b, pii), bankMemo(b, pii), refs(b), fc.file, fc.rows, fc.date, vouchers(f), finSummary(f, pii), fc.amount, units(g), customers(f, pii), d, e.zh, e.en, note?.by ?? null, note?.result ?? null]);
      }
      await diff.end();
      sheets.push(...diff.names);

      const ok = new TableSheet(
        wb,
        '已匹配',
        [
          { header: '规则', width: 22, repeats: true },
          { header: '一致因素', width: 22, repeats: true, wrap: true },
          { header: '标记', width: 16, repeats: true, wrap: true },
          // As on 差异: file names, names and memos wrap rather than being cut off at the next column
          // (the two 农行 files differ only past "农行_监管户_2026-11-0"), and a 22-digit 流水号 fits.
          // The page has room for a common file name ("中行_监管户_2026-11.csv") on one line.
          { header: '银行文件', width: 26, repeats: true, wrap: true },
          { header: '银行行号', width: 9 },
          { header: '到账日期', width: 11, kind: 'date' },
          { header: '银行金额', width: 15, kind: 'money' },
          { header: '对方户名', width: 16, wrap: true },
          { header: '银行摘要', width: 24, wrap: true },
          { header: '流水号', width: 24, wrap: true },
          { header: '财务文件', width: 22, repeats: true, wrap: true },
          { header: '财务行号', width: 9 },
          { header: '入账日期', width: 11, kind: 'date' },
          { header: '凭证号', width: 10 },
          { header: '财务金额', width: 15, kind: 'money' },
          { header: '房号', width: 12, wrap: true },
          { header: '客户', width: 10, wrap: true },
          // Filled only on a line that closes an item carried in with a note typed on last month's 差异:
          // what was done about it stays beside the row that closed it.
          { header: '上期处理人', width: 10 },
          { header: '上期处理结果', width: 24, wrap: true },
        ],
        maxRows,
        // Printed as two pages across (the rule and the bank side; the finance side), 规则 on both,
        // rather than 17 columns shrunk to under half their size onto one page.
        { breaksAfter: [9], titleCols: 1, scale: 62 },
      );
      await ok.start();
      // One array refilled for every plain pair: the sheet reads it at once and keeps nothing.
      const pairCells: XCell[] = [];
      for (let at = 0; at < items.length; at++) {
        const it = items[at];
        if (!it.hasCps || !isLeader(it)) continue;
        if (isPlainPair(it) && it.side !== it.partner!.side && (noted === null || !(noted.has(it) || noted.has(it.partner!)))) {
          // Most lines of the month: the same cells as the general case below gives a group of two,
          // filled straight from the two items (no group, side lists or column objects per pair).
          const p = ok.add(plainPairCells(pairCells, it, rec, pii));
          if (p) await p;
          continue;
        }
        const g = groupOf(it);
        if (!isMatchedGroup(g)) continue;
        const b = g.filter((x) => x.side === 'bank');
        const f = g.filter((x) => x.side === 'finance');
        const bc = sideCols(b);
        const fc = sideCols(f);
        const agree = factorPhraseOf(it, rec.engine.config.dateWindowDays).agreeZh;
        const marks = g.some((x) => x.flags) ? [...new Set(g.flatMap((x) => flagsOf(x)))].map((fl) => FLAG_NAMES[fl].zh).join('、') : '';
        const cells: XCell[] = [it.rule ? RULE_NAMES[it.rule].zh : '', agree, marks || null, bc.file, bc.rows, bc.date, bc.amount, bankName(b, pii), bankMemo(b, pii), refs(b), fc.file, fc.rows, fc.date, vouchers(f), fc.amount, units(g), customers(f, pii)];
        const note = noted ? groupNotes(g, noted, period, pii) : null;
        if (note) cells.push(note.by, note.result);
        await ok.add(cells);
      }
      await ok.end();
      sheets.push(...ok.names);

      const byUnit = new TableSheet(
        wb,
        '按户',
        [
          { header: '房号', width: 12 },
          { header: '购房人', width: 12 },
          { header: '贷款银行', width: 20, repeats: true },
          { header: '台账金额', width: 15, kind: 'money' },
          { header: '财务入账', width: 15, kind: 'money' },
          { header: '银行流水', width: 15, kind: 'money' },
          { header: '差额(银行−财务)', width: 15, kind: 'money' },
          { header: '差异类型', width: 30, repeats: true },
          { header: '处理人', width: 10 },
          { header: '处理结果', width: 20 },
        ],
        maxRows,
      );
      await byUnit.start();
      // One array refilled for every line: the sheet reads it at once and keeps nothing.
      const unitCells: XCell[] = [];
      const perUnit = unitIndex.lines(pii);
      for (let n = 0; n < perUnit.count; n++) {
        const p = byUnit.add(perUnit.fill(n, unitCells));
        if (p) await p;
      }
      await byUnit.end();
      sheets.push(...byUnit.names);

      const rej = new TableSheet(
        wb,
        '未解析',
        [
          { header: '方', width: 6, repeats: true },
          { header: '文件', width: 20, repeats: true },
          { header: '工作表', width: 12, repeats: true },
          { header: '行号', width: 8, kind: 'int' },
          { header: '列', width: 6, repeats: true },
          { header: '原因', width: 40 },
          { header: 'Reason', width: 40 },
          { header: '原始内容', width: 60 },
        ],
        maxRows,
      );
      await rej.start();
      for (const k of rejectedRows) {
        const it = items[k];
        if (!it.rej) continue;
        await rej.add([it.side === 'bank' ? '银行' : '财务', it.file, it.sheet || null, it.row, it.rej.column ?? null, maskText(it.rej.reason.zh, pii), maskText(it.rej.reason.en, pii), maskText(it.rej.raw.join(' | '), pii)]);
      }
      await rej.end();
      sheets.push(...rej.names);

      const balance = await writeBalanceSheet(wb, rec, pii, maxRows);
      if (balance) sheets.push('余额调节表');
      if (balance?.accounts) {
        await writeAccountSheet(wb, rec.engine.period, balance.accounts);
        sheets.push('分户调节');
      }

      // Open items for next month's --previous, in a very hidden sheet: one JSON object per row,
      // and beside it (column B) the 序号 of the 差异 line that shows the item, by which next month's
      // run finds the 处理人/处理结果 typed on that line (pipeline/reconcile/notes.ts). Readers before
      // the key look at column A only.
      const hidden = await wb.sheet({ name: OPEN_SHEET, cols: [{ width: 20 }, { width: 10 }], state: 'veryHidden' });
      await hidden.row(['anjie-open/1', rec.engine.period]);
      const openRows = openItemRows(rec.engine);
      // Each open item's text is capped so the JSON stays inside Excel's 32,767-character cell limit.
      for (const [k, o] of openItems(rec.engine).entries()) {
        const out = openItemOut(o, pii);
        await hidden.row([JSON.stringify({ ...out, text: out.text.slice(0, 8000) }), diffLineOf(openRows[k], items, problemLeaders)]);
      }
      await hidden.end();
      await wb.close();
    },
    { inputs: opts.inputs, group: opts.group },
  );
  return { sheets, spills };
}

