import Decimal from 'decimal.js';
import { Money } from '../money';
import { dayNumber } from '../dates';
import { normaliseName } from '../units';
import { nameWithoutNumbers } from './mask';
import type { BankTransaction, JournalLine, RejectedRow } from '../records';
import { FLAGS, INFO_FLAGS, RULES, type CarriedItem, type Flag, type NotMortgageRule, type Outcome, type RuleId, type Side } from './types';
import { type AmountKey, amountKey, fenText } from './amountKey';
import type { DepositSource } from './registerIndex';

/** One input row as the matching engine holds it (Item), its flags, and the small helpers every rule uses. */

/** What an Item was made from (kept in Item's bits, not as four nullable fields). */
export const KIND_BANK = 0;
export const KIND_FIN = 1;
export const KIND_REJ = 2;
export const KIND_CARRIED = 3;
const KIND_MASK = 3; // bits 0–1: the kind
const SIDE_FINANCE = 4; // bit 2: set on finance rows
const UNIT_FROM_SHIFT = 3; // bits 3–4: where the unit came from
const UNIT_FROM: readonly Item['unitFrom'][] = [null, 'memo', 'register', 'journal'];
const TAKEN = 1 << 5; // bit 5: paired, or set aside
const ASIDE = 1 << 6; // bit 6: set aside before matching
const RULE_SHIFT = 7; // bits 7–10: 1 + the rule's index in RULES, 0 for none
const FLAG_SHIFT = 11; // bits 11–25: the flags (BIT), so every flag fits a small integer with the states
const STATE_MASK = (1 << FLAG_SHIFT) - 1;
/** Stored day of a row without a (valid) date; `day` reads it as NaN, as dayNumber's failure did. */
const NO_DAY = -0x3fffffff;

/** What few rows carry (ties, notes, a voucher's deposit): one optional object instead of three fields on every row. */
interface Rare {
  cands: Item[] | null;
  /** A tie's rows of the same side that could take the same candidates (the AMBIGUOUS sentence names them). */
  rivals: Item[] | null;
  /** A split tie: the combinations of candidates (two credits, or two bookings) that each add up to this row. */
  combos: Item[][] | null;
  note: Note | null;
  voucherDeposit: Decimal | undefined;
  /** A finance line's debit − credit when it has a credit (otherwise the amount is the line's debit). */
  amount: Decimal | undefined;
  /** The item carried in from last month that this row is a later export of (see Item.carriedCopy). */
  copyOf?: CarriedItem;
  /** The 流水号 with the leading zeros Excel dropped put back (see restoreLeadingZeros): `ref` reads it. */
  ref?: string;
}

type Record_ = BankTransaction | JournalLine | RejectedRow | CarriedItem;

/**
 * One input row. The engine holds one per row (two million at 1M + 1M), so it keeps only what the
 * rules compare; where a row is, its date and time are read from the record it was made from
 * (getters) rather than copied, the amount is compared through `key` (see amountKey), yes/no
 * states and the rule are bits of one number, and what few rows carry sits in `rare`: every field
 * is 8 bytes on each of two million rows, allocated, copied by the young-generation GC and kept.
 */
export class Item {
  /** Position in the sorted output. */
  i = 0;
  private readonly src: Record_;
  /** kind (bits 0–1), finance side (bit 2), unitFrom (bits 3–4), taken (5), aside (6), rule (7–10), flags (11–24). */
  private bits: number;
  /** The amount to the fen as a hash/equality key: see amountKey. */
  key: AmountKey;
  /** dayNumber(date), NO_DAY when there is none (see `day`). */
  private dayNo: number;
  unit: string | null = null;
  name: string | null = null;
  /**
   * The counterparts. A plain pair, most of a month, holds its one counterpart itself instead of a
   * one-element array: two arrays less per pair, ~110 bytes of heap at a million pairs.
   */
  private cp: Item | Item[] | null = null;
  private rare: Rare | null = null;

  constructor(kind: number, side: Side, src: Record_, amount: Decimal) {
    this.src = src;
    this.bits = kind | (side === 'finance' ? SIDE_FINANCE : 0);
    // The amount is read from the record (see `amount`); only a finance line with a credit keeps its own.
    if (kind === KIND_FIN && amount !== (src as JournalLine).debit) this.more().amount = amount;
    this.key = amountKey(amount);
    const date = this.date;
    const day = date ? dayOf(date) : NaN;
    this.dayNo = Number.isNaN(day) ? NO_DAY : day;
  }

  get side(): Side {
    return this.bits & SIDE_FINANCE ? 'finance' : 'bank';
  }
  /**
   * Signed: bank as on the statement; finance debit − credit (money into the bank account is
   * positive); zero for an unparseable row. Read from the record rather than kept: at two million
   * rows each field of Item is 16 MB of heap.
   */
  get amount(): Decimal {
    switch (this.bits & KIND_MASK) {
      case KIND_BANK:
        return (this.src as BankTransaction).amount;
      case KIND_FIN:
        return this.rare?.amount ?? (this.src as JournalLine).debit;
      case KIND_CARRIED:
        return (this.src as CarriedItem).amount;
      default:
        return ZERO;
    }
  }
  /** 流水号: the statement's reference without surrounding blanks (null when blank); a carried row's own. */
  get ref(): string | null {
    const kind = this.bits & KIND_MASK;
    if (kind === KIND_BANK) {
      const restored = this.rare?.ref;
      if (restored !== undefined) return restored;
      const r = (this.src as BankTransaction).reference;
      return r ? r.trim() || null : null;
    }
    return kind === KIND_CARRIED ? (this.src as CarriedItem).reference : null;
  }
  /** The flags raised, as BIT values. */
  get flags(): number {
    return this.bits >>> FLAG_SHIFT;
  }
  set flags(flags: number) {
    this.bits = (this.bits & STATE_MASK) | (flags << FLAG_SHIFT);
  }
  get bank(): BankTransaction | null {
    return (this.bits & KIND_MASK) === KIND_BANK ? (this.src as BankTransaction) : null;
  }
  get fin(): JournalLine | null {
    return (this.bits & KIND_MASK) === KIND_FIN ? (this.src as JournalLine) : null;
  }
  get rej(): RejectedRow | null {
    return (this.bits & KIND_MASK) === KIND_REJ ? (this.src as RejectedRow) : null;
  }
  get carried(): CarriedItem | null {
    return (this.bits & KIND_MASK) === KIND_CARRIED ? (this.src as CarriedItem) : null;
  }
  private get where(): { file: string; sheet: string; row: number } {
    return (this.bits & KIND_MASK) === KIND_CARRIED ? (this.src as CarriedItem) : (this.src as BankTransaction | JournalLine | RejectedRow).source;
  }
  get file(): string {
    return this.where.file;
  }
  get sheet(): string {
    return this.where.sheet;
  }
  get row(): number {
    return this.where.row;
  }
  /** The row's date as read ('' for an unparseable row). */
  get date(): string {
    return (this.bits & KIND_MASK) === KIND_REJ ? '' : (this.src as BankTransaction | JournalLine | CarriedItem).date;
  }
  get time(): string | null {
    const kind = this.bits & KIND_MASK;
    return kind === KIND_BANK ? (this.src as BankTransaction).time : kind === KIND_CARRIED ? (this.src as CarriedItem).time : null;
  }
  get bankCode(): string | null {
    const kind = this.bits & KIND_MASK;
    return kind === KIND_BANK ? (this.src as BankTransaction).bank : kind === KIND_CARRIED ? (this.src as CarriedItem).bank : null;
  }
  /** dayNumber(date), or NaN when there is no date. */
  get day(): number {
    return this.dayNo === NO_DAY ? NaN : this.dayNo;
  }
  /** toFixed2(amount). */
  get fen(): string {
    return fenText(this.key);
  }
  /** Paired, or set aside (duplicate, not mortgage, reversal, unparseable). */
  get taken(): boolean {
    return (this.bits & TAKEN) !== 0;
  }
  set taken(on: boolean) {
    this.bits = on ? this.bits | TAKEN : this.bits & ~TAKEN;
  }
  /** Set aside before matching (duplicate, not mortgage, reversal, unparseable). */
  get aside(): boolean {
    return (this.bits & ASIDE) !== 0;
  }
  set aside(on: boolean) {
    this.bits = on ? this.bits | ASIDE : this.bits & ~ASIDE;
  }
  /** The rule that paired the row. */
  get rule(): RuleId | null {
    const r = (this.bits >> RULE_SHIFT) & 15;
    return r ? RULES[r - 1] : null;
  }
  set rule(rule: RuleId | null) {
    this.bits = (this.bits & ~(15 << RULE_SHIFT)) | ((rule ? RULES.indexOf(rule) + 1 : 0) << RULE_SHIFT);
  }
  /** The counterparts (a new array for a plain pair: in loops over every row, use partner). */
  get cps(): Item[] | null {
    const c = this.cp;
    return c instanceof Item ? [c] : c;
  }
  set cps(cps: Item[] | null) {
    this.cp = cps !== null && cps.length === 1 ? cps[0] : cps;
  }
  /** The only counterpart, when there is exactly one (no array made); null otherwise. */
  get partner(): Item | null {
    const c = this.cp;
    return c instanceof Item ? c : null;
  }
  /** Whether counterparts were set (possibly none: `cps` is then []), without making an array. */
  get hasCps(): boolean {
    return this.cp !== null;
  }
  /** How many counterparts (no array made). */
  get cpCount(): number {
    const c = this.cp;
    return c === null ? 0 : c instanceof Item ? 1 : c.length;
  }
  /** Tie candidates (AMBIGUOUS). */
  get cands(): Item[] | null {
    return this.rare ? this.rare.cands : null;
  }
  set cands(cands: Item[] | null) {
    if (cands || this.rare) this.more().cands = cands;
  }
  /** A tie's rivals: rows of this row's side that could take the same candidates. */
  get rivals(): Item[] | null {
    return this.rare ? this.rare.rivals : null;
  }
  set rivals(rivals: Item[] | null) {
    if (rivals || this.rare) this.more().rivals = rivals;
  }
  /** A split tie's combinations of candidates, each adding up to this row. */
  get combos(): Item[][] | null {
    return this.rare ? this.rare.combos : null;
  }
  set combos(combos: Item[][] | null) {
    if (combos || this.rare) this.more().combos = combos;
  }
  get note(): Note | null {
    return this.rare ? this.rare.note : null;
  }
  set note(note: Note | null) {
    if (note || this.rare) this.more().note = note;
  }
  /** Finance: the deposit booked on the same voucher (其他应收款-按揭保证金), when there is one. */
  get voucherDeposit(): Decimal | undefined {
    return this.rare ? this.rare.voucherDeposit : undefined;
  }
  set voucherDeposit(deposit: Decimal | undefined) {
    if (deposit || this.rare) this.more().voucherDeposit = deposit;
  }
  /**
   * The carried-in item this row repeats, when this row was kept as the original and the carried
   * item marked its duplicate (this month's export holds last month's open row again and sorts
   * first): the row stands in for the carried item, open until paired, as the carried item would be.
   */
  /** The 流水号 as the statement shows it, when `ref` is it with the leading zeros Excel dropped put back; else null. */
  get refAsShown(): string | null {
    const restored = this.rare?.ref;
    if (restored === undefined) return null;
    const r = (this.src as BankTransaction).reference;
    return r ? r.trim() : null;
  }
  /** Puts back the leading zeros of a bank row's 流水号 (see restoreLeadingZeros). */
  restoreRef(ref: string): void {
    this.more().ref = ref;
  }
  get carriedCopy(): CarriedItem | undefined {
    return this.rare?.copyOf;
  }
  set carriedCopy(c: CarriedItem | undefined) {
    this.more().copyOf = c;
  }
  private more(): Rare {
    return (this.rare ??= { cands: null, rivals: null, combos: null, note: null, voucherDeposit: undefined, amount: undefined });
  }
  get unitFrom(): 'memo' | 'register' | 'journal' | null {
    return UNIT_FROM[(this.bits >> UNIT_FROM_SHIFT) & 3];
  }
  set unitFrom(from: 'memo' | 'register' | 'journal' | null) {
    this.bits = (this.bits & ~(3 << UNIT_FROM_SHIFT)) | (UNIT_FROM.indexOf(from) << UNIT_FROM_SHIFT);
  }
}

/**
 * An amount to the fen as a key for hashing and equality: the exact integer number of fen when it is
 * below 2^30 in size (under ¥10,000,000, a V8 small integer: no allocation, cheap to hash and
 * compare), otherwise the toFixed2 string. Equal fen ⇔ equal keys (the form depends only on the
 * value); values shown or summed stay Decimals.
 */
export type Note =
  | { kind: 'duplicate'; of: Item }
  /**
   * `timing`: last month's fee or interest carried in as a timing item and the row of this month that closes it, each naming the other (settleTimingItems).
   * `timingSum`, on a row of this month that closes several items booked as one sum: all of them, in output order (`timing` is the first).
   * `timingTie`, on a row of this month whose amount is the sum of two or more different groups of open items: the groups (none was closed).
   */
  | { kind: 'notMortgage'; rule: NotMortgageRule | null; reason: 'keyword' | 'debit' | 'ownAccount' | 'zero' | 'currency'; timing?: Item; timingSum?: readonly Item[]; timingTie?: readonly (readonly Item[])[] }
  /** `tie`: the rows a reversal may cancel, equally likely, so none was chosen (found is then false). */
  /** `account`: last month's WRONG_ACCOUNT booking (`original`) and the two lines of the transfer that moved it to its account's 科目 (settleWrongAccounts). */
  | { kind: 'reversal'; original: boolean; found: boolean; tie?: Item[]; account?: true }
  | { kind: 'deposit'; loan: Decimal; ratio: Decimal; deposit: Decimal; source: DepositSource | { kind: 'voucher' } }
  | { kind: 'refund'; loan: Decimal; ratio: Decimal; source: DepositSource }
  /** A booking of the buyer and amount more than the date window before the credit (not paired: see noteEarlyBookings). */
  | { kind: 'early'; other: Item };

const BIT: Record<Flag, number> = Object.fromEntries(FLAGS.map((f, k) => [f, 1 << k])) as Record<Flag, number>;
const INFO_MASK = INFO_FLAGS.reduce((m, f) => m | BIT[f], 0);

export function hasFlag(item: Item, flag: Flag): boolean {
  return (item.flags & BIT[flag]) !== 0;
}
export function addFlag(item: Item, flag: Flag): void {
  item.flags |= BIT[flag];
}
export function flagsOf(item: Item): Flag[] {
  const out: Flag[] = [];
  for (const f of FLAGS) if (item.flags & BIT[f]) out.push(f);
  return out;
}
export function outcomeOf(item: Item): Outcome {
  if ((item.flags & ~INFO_MASK) === 0) return 'MATCHED';
  for (const f of FLAGS) if (item.flags & BIT[f]) return f;
  return 'MATCHED';
}

export function compareKey(a: { side: Side; file: string; sheet: string; row: number }, b: { side: Side; file: string; sheet: string; row: number }): number {
  if (a.side !== b.side) return a.side < b.side ? -1 : 1;
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.row !== b.row) return a.row - b.row;
  if (a.sheet !== b.sheet) return a.sheet < b.sheet ? -1 : 1;
  return 0;
}

/**
 * The words of a row that rules look at: bank memo and counterparty; journal 摘要 and 辅助核算.
 * Built when asked rather than kept: a million rows of concatenated text is memory a run can do without.
 */
export function textOf(it: Item): string {
  if (it.bank) return `${it.bank.memo ?? ''} ${it.bank.counterpartyName ?? ''}`;
  if (it.fin) {
    const aux = it.fin.auxiliary;
    let extra = '';
    for (const k in aux) extra += ' ' + aux[k];
    return (it.fin.summary ?? '') + extra;
  }
  return it.carried?.text ?? '';
}

/** Does the row's text mention `word`? (Without building the text.) */
export function mentions(it: Item, word: string): boolean {
  if (it.fin) {
    if ((it.fin.summary ?? '').includes(word)) return true;
    const aux = it.fin.auxiliary;
    for (const k in aux) if (aux[k].includes(word)) return true;
    return false;
  }
  return textOf(it).includes(word);
}

const CJK_NAME = /^[\u4e00-\u9fff]{1,8}$/;
/**
 * A buyer name as compared: normaliseName without the ID, phone or account number typed into the
 * name (nameWithoutNumbers), and without new strings for the common plain Chinese name.
 */
export function nameKey(text: string): string {
  return CJK_NAME.test(text) ? text : nameWithoutNumbers(normaliseName(text));
}

export const ZERO = new Money(0);

const dayCache = new Map<string, number>();
function dayOf(date: string): number {
  let n = dayCache.get(date);
  if (n === undefined) {
    try {
      n = dayNumber(date);
    } catch {
      n = NaN;
    }
    if (dayCache.size > 100_000) dayCache.clear();
    dayCache.set(date, n);
  }
  return n;
}

export function includesAny(text: string, words: readonly string[]): string | null {
  for (const w of words) if (w && text.includes(w)) return w;
  return null;
}

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A map whose values are one item or several: most keys (a unit and an amount) have one. */
export type Multi<K = string> = Map<K, Item | Item[]>;
export function madd<K>(m: Multi<K>, key: K, v: Item): void {
  const cur = m.get(key);
  if (cur === undefined) m.set(key, v);
  else if (Array.isArray(cur)) cur.push(v);
  else m.set(key, [cur, v]);
}
export function mlist(v: Item | Item[] | undefined): Item[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}