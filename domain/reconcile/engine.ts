import Decimal from 'decimal.js';
import { Money, roundFen, toFixed2 } from '../money';
import { dayNumber } from '../dates';
import { findUnitCode, normaliseName } from '../units';
import { StringIds } from './stringIds';
import { nameWithoutNumbers } from './mask';
import { bankDepositRatio } from '../fees/deposit';
import type { BankTransaction, JournalLine, RejectedRow } from '../records';
import type { RegisterUnit } from '../register';
import {
  FLAGS,
  INFO_FLAGS,
  RULES,
  type CarriedItem,
  type DepositRules,
  type Factors,
  type Flag,
  type NotMortgageRule,
  type Outcome,
  type ReconcileConfig,
  type ReconcileInput,
  type RuleId,
  type Side,
} from './types';

/**
 * The matching engine: pure, deterministic, hash-indexed (no quadratic candidate search).
 *
 * Order of work:
 *  1. every row becomes an Item, sorted by side, file, row (the JSON order);
 *  2. duplicates: the first occurrence is the original, later copies carry only the duplicate flag;
 *  3. rows that are not disbursements (keywords, debits that are not reversals) and reversal pairs are set aside;
 *  4. ordered rules pair bank credits with finance bookings, first match wins:
 *     REFERENCE → UNIT_AMOUNT → BUYER_AMOUNT_DATE → SPLIT → DEPOSIT_WITHHELD / DEPOSIT_REFUND → NEAR_*;
 *     a tie (two equally good candidates) pairs nothing and, unless a later rule settles it, makes the row AMBIGUOUS;
 *  5. flags on matches (WRONG_UNIT, LATE_BOOKING, DEPOSIT_WITHHELD, SPLIT_MATCH), OUT_OF_PERIOD, and what is left is missing.
 */

/** What an Item was made from (kept in Item's bits, not as four nullable fields). */
const KIND_BANK = 0;
const KIND_FIN = 1;
const KIND_REJ = 2;
const KIND_CARRIED = 3;
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
export type AmountKey = number | string;

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];

/**
 * amountKey(d) — the fen of d, rounded half away from zero like toFixed2, read from decimal.js's
 * documented representation (d: base-1e7 digit words, e: decimal exponent, s: sign) instead of
 * formatting a string per row (toFixed costs ~1 µs; this ~30 ns).
 */
export function amountKey(d: Decimal): AmountKey {
  const words = d.d;
  if (!words || d.e > 6) return toFixed2(d); // not finite, or ¥10,000,000 and more (rare): the string form
  if (words[0] === 0) return 0;
  const lead = words[0];
  const leadDigits = lead >= 1e6 ? 7 : lead >= 1e5 ? 6 : lead >= 1e4 ? 5 : lead >= 1e3 ? 4 : lead >= 100 ? 3 : lead >= 10 ? 2 : 1;
  // Place (in fen, 10^place) of each word's last digit; the first word's top digit is at e + 2.
  let place = d.e + 2 - (leadDigits - 1);
  if (place + leadDigits - 1 < -1) return 0; // below a tenth of a fen: rounds to 0.00
  let fen = 0;
  let up = false;
  for (let k = 0; k < words.length; k++, place -= 7) {
    const w = words[k];
    if (place >= 0) {
      fen += w * POW10[place];
      continue;
    }
    // This word holds the fen's last digit (or sits just below it) and the digit that decides rounding.
    const drop = -place;
    fen += Math.floor(w / POW10[drop]);
    up = Math.floor(w / POW10[drop - 1]) % 10 >= 5;
    break;
  }
  if (up) fen += 1;
  // Rounded up to ¥10,000,000.00 (9,999,999.995 and the like): the string form, as every amount from there up has.
  if (fen >= 1e9) return toFixed2(d);
  return d.s < 0 && fen !== 0 ? -fen : fen;
}

/** The toFixed2 text of a key. */
export function fenText(key: AmountKey): string {
  if (typeof key === 'string') return key;
  const abs = key < 0 ? -key : key;
  const cents = abs % 100;
  return `${key < 0 ? '-' : ''}${Math.floor(abs / 100)}.${cents < 10 ? '0' : ''}${cents}`;
}

function isNegativeKey(key: AmountKey): boolean {
  return typeof key === 'number' ? key < 0 : key.charCodeAt(0) === 45; /* '-' */
}
function absKey(key: AmountKey): AmountKey {
  return typeof key === 'number' ? (key < 0 ? -key : key) : key.charCodeAt(0) === 45 ? key.slice(1) : key;
}

export type Note =
  | { kind: 'duplicate'; of: Item }
  | { kind: 'notMortgage'; rule: NotMortgageRule | null; reason: 'keyword' | 'debit' | 'ownAccount' | 'zero' | 'currency' }
  /** `tie`: the rows a reversal may cancel, equally likely, so none was chosen (found is then false). */
  | { kind: 'reversal'; original: boolean; found: boolean; tie?: Item[] }
  | { kind: 'deposit'; loan: Decimal; ratio: Decimal; deposit: Decimal; source: DepositSource | { kind: 'voucher' } }
  | { kind: 'refund'; loan: Decimal; ratio: Decimal; source: DepositSource }
  /** A booking of the buyer and amount more than the date window before the credit (not paired: see noteEarlyBookings). */
  | { kind: 'early'; other: Item };

const BIT: Record<Flag, number> = Object.fromEntries(FLAGS.map((f, k) => [f, 1 << k])) as Record<Flag, number>;
const INFO_MASK = INFO_FLAGS.reduce((m, f) => m | BIT[f], 0);

export function hasFlag(item: Item, flag: Flag): boolean {
  return (item.flags & BIT[flag]) !== 0;
}
function addFlag(item: Item, flag: Flag): void {
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
function nameKey(text: string): string {
  return CJK_NAME.test(text) ? text : nameWithoutNumbers(normaliseName(text));
}

const ZERO = new Money(0);

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

function includesAny(text: string, words: readonly string[]): string | null {
  for (const w of words) if (w && text.includes(w)) return w;
  return null;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A map whose values are one item or several: most keys (a unit and an amount) have one. */
type Multi<K = string> = Map<K, Item | Item[]>;
function madd<K>(m: Multi<K>, key: K, v: Item): void {
  const cur = m.get(key);
  if (cur === undefined) m.set(key, v);
  else if (Array.isArray(cur)) cur.push(v);
  else m.set(key, [cur, v]);
}
function mlist(v: Item | Item[] | undefined): Item[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export interface RegisterIndex {
  byUnit: Map<string, RegisterUnit>;
  nameToUnit: Map<string, string | null>; // null: the name belongs to several units
  /** Unit key → its buyers' and 主借款人's names, normalised (normaliseName). */
  buyersOf: Map<string, string[]>;
  /** Amount key of a loan net of its deposit → unit keys. */
  netToUnits: Map<AmountKey, DepositTerm[]>;
  /** Amount key of a deposit → unit keys. */
  depositToUnits: Map<AmountKey, DepositTerm[]>;
  /** Unit key → the deposit on each of its loans. */
  deposits: Map<string, DepositTerm[]>;
}

function loansOf(u: RegisterUnit): Decimal[] {
  const out: Decimal[] = [];
  if (u.commercialLoan && u.commercialLoan.gt(0)) out.push(u.commercialLoan);
  if (u.providentLoan && u.providentLoan.gt(0)) out.push(u.providentLoan);
  return out;
}

/** Credit net of the deposit: loan × (1 − ratio), to the fen. */
export function netOfDeposit(loan: Decimal, ratio: Decimal): Decimal {
  return roundFen(new Money(loan).times(new Money(1).minus(ratio)));
}
export function depositOf(loan: Decimal, ratio: Decimal): Decimal {
  return roundFen(new Money(loan).times(ratio));
}

/** Where a unit's deposit ratio came from: the register row, or templates/fees/deposit.json (its bank's entry, or the default). */
export type DepositSource = { kind: 'register' } | { kind: 'bank'; id: string; bank: string } | { kind: 'default'; id: string };
const REGISTER_SOURCE: DepositSource = { kind: 'register' };

/** The deposit on one loan of a unit: credit = loan × (1 − ratio). */
export interface DepositTerm {
  unit: string;
  loan: Decimal;
  ratio: Decimal;
  source: DepositSource;
}

function indexRegister(register: readonly RegisterUnit[], depositRules?: DepositRules): RegisterIndex {
  const byUnit = new Map<string, RegisterUnit>();
  const nameToUnit = new Map<string, string | null>();
  const buyersOf = new Map<string, string[]>();
  const netToUnits = new Map<AmountKey, DepositTerm[]>();
  const depositToUnits = new Map<AmountKey, DepositTerm[]>();
  const deposits = new Map<string, DepositTerm[]>();
  const add = (unit: string, loan: Decimal, ratio: Decimal, source: DepositSource) => {
    const term: DepositTerm = { unit, loan, ratio, source };
    push(netToUnits, amountKey(netOfDeposit(loan, ratio)), term);
    push(depositToUnits, amountKey(depositOf(loan, ratio)), term);
    push(deposits, unit, term);
  };
  for (const u of register) {
    if (!u.unitKey) continue;
    byUnit.set(u.unitKey, u);
    const names = new Set<string>();
    if (u.mainBorrower) names.add(nameKey(u.mainBorrower));
    for (const b of u.buyers) if (b.name) names.add(nameKey(b.name));
    const listed = buyersOf.get(u.unitKey) ?? [];
    for (const n of names) {
      if (!n) continue;
      if (!listed.includes(n)) listed.push(n);
      const prev = nameToUnit.get(n);
      if (prev === undefined) nameToUnit.set(n, u.unitKey);
      else if (prev !== u.unitKey) nameToUnit.set(n, null);
    }
    if (listed.length) buyersOf.set(u.unitKey, listed);
    const ratio = u.depositRatio;
    if (ratio) {
      if (ratio.gt(0) && ratio.lt(1)) for (const loan of loansOf(u)) add(u.unitKey, loan, ratio, REGISTER_SOURCE);
    } else if (depositRules && u.commercialLoan && u.commercialLoan.gt(0)) {
      // No ratio of its own: the lending bank's (templates/fees/deposit.json), as the fee ledger
      // computes it (computeDeposit) — on the commercial loan, which the bank lends and withholds from.
      const d = bankDepositRatio(u, depositRules);
      if (d.ratio.gt(0) && d.ratio.lt(1)) add(u.unitKey, u.commercialLoan, d.ratio, d.bank ? { kind: 'bank', id: d.ruleId, bank: d.bank } : { kind: 'default', id: d.ruleId });
    }
  }
  return { byUnit, nameToUnit, buyersOf, netToUnits, depositToUnits, deposits };
}

export interface Engine {
  items: Item[];
  period: string;
  config: ReconcileConfig;
  register: RegisterIndex;
  /** Per statement account (statementAccountOf), the ledger account its money is booked to, where the pairs show one (linkLedgers). */
  ledgers: Map<string, LedgerLink>;
  /** Time spent per phase, ms (for the benchmark). */
  phases: Record<string, number>;
}

/** The longest register buyer name inside a text (names are 2–6 characters), or null when none or several. */
function nameIn(text: string, names: StringIds): string | null {
  let found: string | null = null;
  for (let len = Math.min(6, text.length); len >= 2 && !found; len--) {
    for (let k = 0; k + len <= text.length; k++) {
      const sub = text.slice(k, k + len);
      if (names.has(sub)) {
        if (found && found !== sub) return null;
        found = sub;
      }
    }
  }
  return found;
}

const CNY = 'CNY';
const FOREIGN_NOTE: Note = { kind: 'notMortgage', rule: null, reason: 'currency' };

/**
 * A statement row in another currency than CNY (BankTransaction.currency): set aside as NOT_MORTGAGE
 * before anything else (duplicates, reversals, rules never see it); its row counts, its amount is in
 * no ¥ total or sheet cell (computeTotals keeps it per currency).
 */
export function isForeign(it: Item): boolean {
  const n = it.note;
  return n !== null && n.kind === 'notMortgage' && n.reason === 'currency';
}

export function buildItems(input: ReconcileInput, reg: RegisterIndex): Item[] {
  const items: Item[] = [];
  const providentWords = input.config.providentKeywords;
  // Buyer names the run knows: the register's, and the customers finance booked.
  const names = new StringIds(input.finance.length);
  for (const n of reg.nameToUnit.keys()) if (n) names.add(n);
  for (let at = 0; at < input.finance.length; at++) {
    const l = input.finance[at];
    if (!l.isBankLine || !l.customer) continue;
    const n = nameKey(l.customer);
    if (n) names.add(n);
  }
  // And the buyers of bookings still open from last month: a provident credit "公积金放款 张三" this month is theirs.
  for (const c of input.carried ?? []) if (c.side === 'finance' && c.name) names.add(c.name);
  // A voucher that books a withheld deposit on a 保证金 account next to its bank line.
  const depositOfVoucher = new Map<string, Decimal>();
  for (let at = 0; at < input.finance.length; at++) {
    const l = input.finance[at];
    if (l.isBankLine || !l.debit.gt(0) || !includesAny(l.accountName ?? '', input.config.depositKeywords)) continue;
    const k = `${l.source.file}|${l.date}|${l.voucher}`;
    depositOfVoucher.set(k, (depositOfVoucher.get(k) ?? new Money(0)).plus(l.debit));
  }
  for (let at = 0; at < input.bank.length; at++) {
    const t = input.bank[at];
    const it = new Item(KIND_BANK, 'bank', t, t.amount);
    if (t.currency !== CNY && t.currency) {
      // Not yuan: never a disbursement to match against ¥ bookings, nor part of any ¥ total (see isForeign).
      addFlag(it, 'NOT_MORTGAGE');
      it.note = FOREIGN_NOTE;
      it.aside = true;
      it.taken = true;
      items.push(it);
      continue;
    }
    it.name = t.counterpartyName ? nameKey(t.counterpartyName) || null : null;
    // A provident-fund centre (or any payer the register does not know) is not the buyer: look for a
    // register buyer named in the memo ("公积金贷款发放 张三").
    if (t.memo && names.size && (!it.name || !names.has(it.name))) {
      const inMemo = nameIn(normaliseName(t.memo), names);
      if (inMemo) it.name = inMemo;
      else if (it.name && includesAny(it.name, providentWords)) it.name = null;
    } else if (it.name && includesAny(it.name, providentWords)) it.name = null;
    const memoUnit = t.memo ? findUnitCode(t.memo) : null;
    if (memoUnit) {
      it.unit = memoUnit;
      it.unitFrom = 'memo';
    } else if (it.name) {
      const u = reg.nameToUnit.get(it.name);
      if (u) {
        it.unit = u;
        it.unitFrom = 'register';
      }
    }
    items.push(it);
  }
  for (let at = 0; at < input.finance.length; at++) {
    const l = input.finance[at];
    if (!l.isBankLine) continue;
    const it = new Item(KIND_FIN, 'finance', l, l.credit.isZero() ? l.debit : new Money(l.debit).minus(l.credit));
    it.name = l.customer ? nameKey(l.customer) || null : null;
    it.unit = l.unitKey || null;
    if (it.unit) it.unitFrom = 'journal';
    const dep = depositOfVoucher.size && l.debit.gt(0) ? depositOfVoucher.get(`${l.source.file}|${l.date}|${l.voucher}`) : undefined;
    if (dep) it.voucherDeposit = dep;
    items.push(it);
  }
  for (const c of input.carried ?? []) {
    const it = new Item(KIND_CARRIED, c.side, c, c.amount);
    it.unit = c.unit;
    if (c.unit) it.unitFrom = c.side === 'bank' ? 'memo' : 'journal';
    it.name = c.name ? nameKey(c.name) || null : null;
    items.push(it);
  }
  for (const r of input.rejected) {
    // No amount it can be trusted for: zero, as before.
    const it = new Item(KIND_REJ, r.side, r.row, ZERO);
    it.aside = true;
    it.taken = true;
    addFlag(it, 'UNPARSEABLE');
    items.push(it);
  }
  items.sort(compareKey);
  for (let k = 0; k < items.length; k++) items[k].i = k;
  return items;
}

// ---------------------------------------------------------------- unit ids

/**
 * Dense integer ids (1, 2, …; 0: none) for the units rows carry before matching starts, by row
 * position (Item.i). Grouping a million rows by unit through a Map of strings costs a hash lookup
 * per row per grouping (several, each a cache miss at that size); with ids, every later grouping
 * by those units is a counting sort over typed arrays (see byUnit). Only valid while units do not
 * change: DEPOSIT_REFUND assigns units, so rules after it group by the strings again.
 */
interface UnitIds {
  of: Int32Array;
  count: number;
}

function unitIds(items: readonly Item[]): UnitIds {
  const ids = new StringIds(items.length >> 1);
  const of = new Int32Array(items.length);
  // Finance rows first: their unit strings are kept by the journal lines anyway, and a credit's unit,
  // a new string cut from its memo, is swapped for the equal one its booking holds (one string fewer per row).
  for (const financeFirst of [true, false]) {
    for (let at = 0; at < items.length; at++) {
      const it = items[at];
      const u = it.unit;
      if (!u || (it.side === 'finance') !== financeFirst) continue;
      const id = ids.add(u);
      it.unit = ids.texts[id]; // the first equal string (!== would compare the text, not which string)
      of[it.i] = id + 1;
    }
  }
  return { of, count: ids.size };
}

/** Rows grouped by unit id, each group in the rows' order: rows[start[id]] up to rows[start[id + 1]]. */
interface ByUnit {
  start: Int32Array;
  rows: Item[];
}

/** A counting sort of `rows` (those with a unit) by unit id: no map and no array per unit. */
function groupByUnit(rows: readonly Item[], ids: UnitIds): ByUnit {
  const start = new Int32Array(ids.count + 2);
  for (let at = 0; at < rows.length; at++) {
    const r = rows[at];
    const id = ids.of[r.i];
    if (id) start[id + 1]++;
  }
  for (let id = 1; id < start.length; id++) start[id] += start[id - 1];
  const next = start.slice(0, ids.count + 1);
  const out = new Array<Item>(start[ids.count + 1]);
  for (let at = 0; at < rows.length; at++) {
    const r = rows[at];
    const id = ids.of[r.i];
    if (id) out[next[id]++] = r;
  }
  return { start, rows: out };
}

// ---------------------------------------------------------------- duplicates

/** The bank rows with a 流水号 by reference, in output order: rows[refs.find(ref)]. */
interface RefIndex {
  refs: StringIds;
  rows: (Item | Item[])[];
}

/** Marks duplicates; returns the bank rows with a 流水号 by reference (see markBankDuplicates). */
function markDuplicates(items: Item[], ids: UnitIds): RefIndex {
  const byRef = markBankDuplicates(items);
  markFinanceDuplicates(items, ids);
  return byRef;
}

/**
 * A booking's 摘要 as a repeated entry repeats it: normalised (blanks, full-width forms, case), and
 * without a leading mark of a re-entry ("补记：收3-2-1501张三按揭款" is the booking it says it makes up for).
 */
function summaryKey(it: Item): string {
  const s = normaliseName(it.fin?.summary ?? textOf(it));
  return REENTRY_MARK.test(s) ? s.replace(REENTRY_MARK, '') : s;
}
const REENTRY_MARK = /^(?:补记|补录|补登|补入|重记|重录)[:;,.、。\-—]*/;

function markDuplicate(it: Item, flag: Flag, of: Item): void {
  const carried = it.carried;
  if (carried && !of.carried) of.carriedCopy = carried;
  addFlag(it, flag);
  it.note = { kind: 'duplicate', of };
  it.aside = true;
  it.taken = true;
}

/**
 * The identity of a bank row with a 流水号: bank, reference, amount and date. Each bank numbers its
 * own rows: an ICBC row and a CCB row that happen to share "000123", an amount and a date are two
 * credits, not one exported twice. The statement account is compared as well where both rows know
 * it (sameStatementAccount): a row carried in from last month has none.
 */
function refIdentity(it: Item): string {
  return `${it.bankCode ?? ''}|${it.ref}|${it.fen}|${it.date}`;
}

/** Whether two rows may be from one statement account: equal account numbers, or either unknown. */
function sameStatementAccount(a: Item, b: Item): boolean {
  const x = a.bank?.account;
  const y = b.bank?.account;
  return !x || !y || x.replace(/\s/g, '') === y.replace(/\s/g, '');
}

/**
 * Marks later copies of a bank row as duplicates. Returns every bank row with a 流水号 (duplicates
 * included) by reference, in output order: the REFERENCE rules look rows up in it (skipping taken
 * ones) rather than indexing a million references a second time.
 */
function markBankDuplicates(items: Item[]): RefIndex {
  // Almost every 流水号 occurs once: a reference seen for the first time needs no key string; only
  // references seen twice build the full identity.
  const refs = new StringIds(items.length >> 1);
  const rows: (Item | Item[])[] = [];
  const seen = new Map<string, Item>();
  // refIdentity → its originals, one per statement account (sameStatementAccount).
  const originals = new Map<string, Item[]>();
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    if (it.side !== 'bank' || it.aside) continue;
    let key: string;
    let strong = true;
    if (it.ref) {
      const id = refs.add(it.ref);
      if (id === rows.length) {
        rows.push(it);
        continue;
      }
      const prev = rows[id];
      if (Array.isArray(prev)) prev.push(it);
      else {
        push(originals, refIdentity(prev), prev);
        rows[id] = [prev, it];
      }
      const identity = refIdentity(it);
      const original = originals.get(identity)?.find((o) => sameStatementAccount(o, it));
      if (original) markDuplicate(it, 'DUPLICATE_BANK', original);
      else push(originals, identity, it);
      continue;
    } else {
      const b = it.bank;
      key = `C|${b?.account ?? ''}|${it.date}|${it.time ?? ''}|${it.fen}|${b?.counterpartyName ?? ''}|${b?.counterpartyAccount ?? ''}|${b?.memo ?? ''}|${b?.balance ? toFixed2(b.balance) : ''}`;
      // Without a 流水号, two identical rows in one file are only a duplicate when a time or balance makes them unique.
      strong = !!(it.time || b?.balance);
    }
    const first = seen.get(key);
    if (!first) {
      seen.set(key, it);
      continue;
    }
    if (!strong && first.file === it.file) continue;
    markDuplicate(it, 'DUPLICATE_BANK', first);
  }
  return { refs, rows };
}

/**
 * Finance: the same booking — same account, amount, unit/buyer and normalised 摘要 — entered more often
 * than the bank credited that unit/buyer that amount. Rows are first bucketed by unit (else buyer, else
 * normalised 摘要) — strings the rows already carry — and only the rare buckets with several rows build
 * the full booking key; only the rarer bookings of one unit and amount compare their 摘要.
 *
 * The 摘要 is what tells a repeated entry from a second booking: a 组合贷 of equal parts is two bookings
 * of one unit and amount ("张三商贷" 11-03, "张三公积金贷款" 11-10), and calling the second a duplicate
 * hid the provident credit it was for (MISSING_IN_FINANCE). The date is not compared: a booking entered
 * again days later (补记) is still the same booking. A duplicate worded differently is not caught here;
 * it shows as MISSING_IN_BANK, which does not hide a credit.
 */
function markFinanceDuplicates(items: Item[], ids: UnitIds): void {
  // Rows with a unit are bucketed by unit id (a counting sort); the few without one by buyer, else normalised 摘要.
  const withUnit: Item[] = [];
  const buckets: Multi = new Map();
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    // Money out (fees, payments) is set aside as NOT_MORTGAGE, never reconciled: the bank charging
    // the same 25.00 fee three times is three bookings, not a booking entered three times.
    if (it.side !== 'finance' || it.aside || isNegativeKey(it.key)) continue;
    if (ids.of[it.i]) withUnit.push(it);
    else madd(buckets, it.unit ?? it.name ?? `S|${summaryKey(it)}`, it);
  }
  const groups: Item[][] = [];
  const addGroups = (bucket: readonly Item[]) => {
    const byBooking = new Map<string, Item[]>();
    for (const it of bucket) {
      const who = it.unit || it.name ? `${it.unit ?? ''}|${it.name ?? ''}` : `S|${summaryKey(it)}`;
      push(byBooking, `${bookedLedgerOf(it) ?? ''}|${it.fen}|${who}`, it);
    }
    for (const g of byBooking.values()) {
      if (g.length < 2) continue;
      // Rows without unit and buyer were keyed by their 摘要 already.
      if (!g[0].unit && !g[0].name) {
        groups.push(g);
        continue;
      }
      const bySummary = new Map<string, Item[]>();
      for (const it of g) push(bySummary, summaryKey(it), it);
      for (const same of bySummary.values()) if (same.length > 1) groups.push(same);
    }
  };
  const { start, rows } = groupByUnit(withUnit, ids);
  for (let id = 1; id <= ids.count; id++) if (start[id + 1] - start[id] > 1) addGroups(rows.slice(start[id], start[id + 1]));
  for (const bucket of buckets.values()) if (Array.isArray(bucket)) addGroups(bucket);
  if (!groups.length) return;
  // The bank credits of the same unit or buyer and amount, indexed only for the units and buyers asked about.
  // Bookings with neither unit nor buyer (a credit whose payer and memo name nobody) are compared with
  // the credits of their amount: two such credits of 70.48 booked twice are two bookings, not a repeat.
  const units = new Set<string>();
  const names = new Set<string>();
  const anonymous = new Set<AmountKey>();
  for (const g of groups) {
    if (g[0].unit) units.add(g[0].unit);
    if (g[0].name) names.add(g[0].name);
    if (!g[0].unit && !g[0].name) anonymous.add(g[0].key);
  }
  const byUnit = new Map<string, Item[]>();
  const byName = new Map<string, Item[]>();
  const byAmount = new Map<AmountKey, Item[]>();
  for (let at = 0; at < items.length; at++) {
    const b = items[at];
    if (b.side !== 'bank' || b.aside) continue;
    if (b.unit && units.has(b.unit)) push(byUnit, b.unit, b);
    if (b.name && names.has(b.name)) push(byName, b.name, b);
    if (anonymous.has(b.key)) push(byAmount, b.key, b);
  }
  for (const group of groups) {
    const f0 = group[0];
    const credits = new Set<Item>();
    if (f0.unit) for (const b of byUnit.get(f0.unit) ?? []) if (b.key === f0.key) credits.add(b);
    if (f0.name) for (const b of byName.get(f0.name) ?? []) if (b.key === f0.key) credits.add(b);
    if (!f0.unit && !f0.name) for (const b of byAmount.get(f0.key) ?? []) credits.add(b);
    const originals = Math.max(1, credits.size);
    for (let k = originals; k < group.length; k++) markDuplicate(group[k], 'DUPLICATE_FINANCE', f0);
  }
}

// ---------------------------------------------------------------- not mortgage, reversals

function classify(items: Item[], config: ReconcileConfig): void {
  markReversals(items, config);
  markNotMortgage(items, config);
}

/**
 * Reversals (冲正/冲销): a negative row and the earlier row of the same size it cancels, on the same
 * side and account; both are set aside as REVERSED. Which earlier row, in this order — a tie at the
 * deciding step pairs nothing (a reversal is never paired by guess):
 *  1. the row whose 流水号 (statement) or 凭证字号 (journal) the reversal's text quotes ("冲正 原流水号B001",
 *     "红字冲销记-0001", "冲销10月记-2": a month given must be the row's month);
 *  2. the row whose unit and payer/customer (or counterparty account) both agree with the reversal's;
 *  3. the row where one of them agrees (a row booked to another unit is never one);
 *  4. with a reversal word and nothing to tell rows apart, the only row of that size.
 * "Earlier" is the date, and the time when both rows have one (a 10:00 冲正 cannot reverse the 15:00
 * credit). A negative row without a reversal word that quotes nothing is a reversal only of a row of
 * the same or the previous day that steps 2–3 find: otherwise it is an ordinary debit (NOT_MORTGAGE,
 * see markNotMortgage) and the credit stays to be matched. Rows carried in from last month
 * (`--previous`) take part: a 11-02 冲正 of the 10-31 credit still open cancels it, and neither is open any more.
 * First, a positive row with a reversal word that quotes a reversal's 流水号/凭证字号 ("冲回记-0002")
 * reverses that reversal: the two cancel, and the row the reversal had named stays to be matched.
 */
function markReversals(items: Item[], config: ReconcileConfig): void {
  const negatives: Item[] = [];
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    if (!it.taken && isNegativeKey(it.key)) negatives.push(it);
  }
  if (!negatives.length) return;
  // Only the sizes some negative row has are indexed, per side.
  const negativesBySize = { bank: new Map<AmountKey, Item[]>(), finance: new Map<AmountKey, Item[]>() };
  for (const it of negatives) push(negativesBySize[it.side], absKey(it.key), it);
  const positives = { bank: new Map<AmountKey, Item[]>(), finance: new Map<AmountKey, Item[]>() };
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    if (it.taken || isNegativeKey(it.key)) continue;
    if (negativesBySize[it.side].has(it.key)) push(positives[it.side], it.key, it);
  }
  const quotes = new QuotedIds();
  const words = config.reversalKeywords;

  // A reversal reversed ("冲回记-0002"): the positive row that quotes it cancels it.
  for (const side of ['bank', 'finance'] as const) {
    for (const [size, list] of positives[side]) {
      const negs = negativesBySize[side].get(size)!;
      for (const p of list) {
        if (p.taken) continue;
        const text = textOf(p);
        if (!includesAny(text, words)) continue;
        const quoted = negs.filter((n) => !n.taken && notAfter(n, p) && sameAccount(n, p) && quotes.of(text, n));
        if (quoted.length === 1) cancelOut(p, quoted[0]);
      }
    }
  }

  // Each reversal in time order, so an earlier one has taken its row before a later one looks.
  const order = negatives.filter((n) => !n.taken).sort((a, b) => dayOrder(a) - dayOrder(b) || timeOrder(a, b) || a.i - b.i);
  for (const n of order) {
    const text = textOf(n);
    const revWord = includesAny(text, words) !== null;
    const cands = (positives[n.side].get(absKey(n.key)) ?? []).filter((p) => !p.taken && notAfter(p, n) && sameAccount(p, n));
    let best: Item | null = null;
    let tie: Item[] | null = null;
    const quoted = cands.filter((p) => quotes.of(text, p));
    if (quoted.length) {
      if (quoted.length === 1) best = quoted[0];
      else tie = quoted;
    } else {
      let top = -1;
      let tops: Item[] = [];
      for (const p of cands) {
        // Without a reversal word, only a debit of the same or the next day for the same party is one.
        if (!revWord && n.day - p.day > 1) continue;
        const r = partyRank(p, n);
        if (r > top) {
          top = r;
          tops = [p];
        } else if (r === top && r >= 0) tops.push(p);
      }
      if (top >= 1 || (top === 0 && revWord)) {
        if (tops.length === 1) best = tops[0];
        else tie = tops;
      }
    }
    if (best) cancelOut(n, best);
    else if (revWord) {
      addFlag(n, 'REVERSED');
      n.note = tie ? { kind: 'reversal', original: false, found: false, tie } : { kind: 'reversal', original: false, found: false };
      n.aside = true;
      n.taken = true;
    }
  }
}

/** Sets `reversal` and the `original` it cancels aside as REVERSED, each the other's counterpart. */
function cancelOut(reversal: Item, original: Item): void {
  addFlag(reversal, 'REVERSED');
  addFlag(original, 'REVERSED');
  reversal.rule = original.rule = 'REVERSAL';
  reversal.cps = [original];
  original.cps = [reversal];
  reversal.note = { kind: 'reversal', original: false, found: true };
  original.note = { kind: 'reversal', original: true, found: true };
  reversal.aside = original.aside = true;
  reversal.taken = original.taken = true;
}

function dayOrder(x: Item): number {
  const d = x.day;
  return Number.isNaN(d) ? Number.MAX_SAFE_INTEGER : d;
}
function timeOrder(a: Item, b: Item): number {
  const ta = a.time;
  const tb = b.time;
  return !ta || !tb || ta === tb ? 0 : ta < tb ? -1 : 1;
}

/** `a` was recorded no later than `b`: by date, and on the same date by time when both rows have one. */
function notAfter(a: Item, b: Item): boolean {
  const da = a.day;
  const db = b.day;
  if (Number.isNaN(da) || Number.isNaN(db)) return a.date <= b.date;
  if (da !== db) return da < db;
  return timeOrder(a, b) <= 0;
}

/** Both rows on one bank account: the same bank and statement account, or the same 科目 (where the rows say). */
function sameAccount(a: Item, b: Item): boolean {
  if (a.side === 'bank') {
    if (a.bankCode && b.bankCode && a.bankCode !== b.bankCode) return false;
    const x = a.bank?.account;
    const y = b.bank?.account;
    return !x || !y || x === y;
  }
  const x = bookedLedgerOf(a);
  const y = bookedLedgerOf(b);
  return x === null || y === null || x === y;
}

/**
 * How well an earlier row's party fits a reversal's: 2 when the unit and the payer/customer (or the
 * counterparty account) both agree, 1 when one agrees, 0 when neither side says, −1 when the
 * unit differs or the party differs and no unit agrees (never the row it reverses).
 */
function partyRank(p: Item, n: Item): number {
  const unit = !p.unit || !n.unit ? 0 : p.unit === n.unit ? 1 : -1;
  if (unit < 0) return -1;
  const pa = p.bank?.counterpartyAccount;
  const na = n.bank?.counterpartyAccount;
  let party = 0;
  // A masked account (1234****9876) names nobody: some exports mask every account alike.
  if ((p.name && p.name === n.name) || (pa && pa === na && !pa.includes('*'))) party = 1;
  else if (p.name && n.name) party = -1;
  if (party < 0 && unit === 0) return -1;
  return unit + Math.max(party, 0);
}

/**
 * Whether a text quotes a row's own identifier: a statement row's 流水号 (not as part of a longer
 * run of digits or letters), or a booking's 凭证字号 in the forms finance writes it — "记-0012",
 * "记12", "记字第12号", "10月记-12" (a month given must be the booking's).
 */
class QuotedIds {
  private readonly parts = new Map<string, { word: string; no: string } | null>();
  private readonly finders = new Map<string, RegExp>();
  /** Per text, the 凭证字号 it quotes by word: number → the months given (0 for none). */
  private lastText: string | null = null;
  private lastFound = new Map<string, Map<string, number[]>>();

  of(text: string, row: Item): boolean {
    const ref = row.ref;
    if (ref) return quotesToken(text, ref);
    const voucher = row.fin?.voucher || row.carried?.voucher;
    if (!voucher) return false;
    const v = this.voucherParts(voucher);
    if (!v) return false;
    const months = this.found(text, v.word).get(v.no);
    if (!months) return false;
    const month = Number(row.date.slice(5, 7));
    return months.some((m) => m === 0 || m === month);
  }

  private voucherParts(voucher: string): { word: string; no: string } | null {
    let v = this.parts.get(voucher);
    if (v === undefined) {
      const m = VOUCHER_ID.exec(voucher);
      v = m ? { word: m[1], no: String(Number(m[2])) } : null;
      this.parts.set(voucher, v);
    }
    return v;
  }

  private found(text: string, word: string): Map<string, number[]> {
    if (text !== this.lastText) {
      this.lastText = text;
      this.lastFound = new Map();
    }
    let byNo = this.lastFound.get(word);
    if (byNo) return byNo;
    byNo = new Map();
    this.lastFound.set(word, byNo);
    if (!text.includes(word)) return byNo;
    let re = this.finders.get(word);
    if (!re) {
      const w = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      re = new RegExp(`(?:(\\d{1,2})\\s*月份?\\s*)?${w}\\s*字?\\s*第?\\s*[-－—_]?\\s*(\\d{1,8})(?!\\d)(?!\\s*[-－—]\\s*\\d)`, 'g');
      this.finders.set(word, re);
    }
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) push(byNo, String(Number(m[2])), m[1] ? Number(m[1]) : 0);
    return byNo;
  }
}

/** 凭证字号: its word and number ("记-0012" → 记, 0012; "记字第12号" → 记, 12). */
const VOUCHER_ID = /^\s*([^\d\s\-－—_]+?)\s*字?\s*第?\s*[-－—_]?\s*(\d{1,8})\s*号?\s*$/;

/** Does `text` hold `token`, not as part of a longer run of digits (or of letters) on either side? */
function quotesToken(text: string, token: string): boolean {
  const kind = (c: number) => (c >= 48 && c <= 57 ? 1 : ((c | 32) >= 97 && (c | 32) <= 122 ? 2 : 0));
  const first = kind(token.charCodeAt(0));
  const last = kind(token.charCodeAt(token.length - 1));
  for (let at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
    const before = at > 0 ? kind(text.charCodeAt(at - 1)) : 0;
    const after = at + token.length < text.length ? kind(text.charCodeAt(at + token.length)) : 0;
    if ((before === 0 || before !== first) && (after === 0 || after !== last)) return true;
  }
  return false;
}

/**
 * Does a text contain any of the words? What one regular expression alternating the words answers,
 * found by looking each character up in a table of the words' first characters and comparing words
 * only where one starts: a statement's memo holds none of them, and the alternation tried every
 * word at every position, 2–3 times per row (about a second at a million rows).
 */
export class KeywordScan {
  private readonly first = new Uint8Array(65536);
  private readonly byFirst = new Map<number, string[]>();
  constructor(words: readonly string[]) {
    for (const w of words) {
      if (!w) continue;
      const c = w.charCodeAt(0);
      this.first[c] = 1;
      const list = this.byFirst.get(c);
      if (list) list.push(w);
      else this.byFirst.set(c, [w]);
    }
  }

  test(text: string): boolean {
    const first = this.first;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (first[c] === 0) continue;
      for (const w of this.byFirst.get(c)!) if (text.startsWith(w, i)) return true;
    }
    return false;
  }
}

/**
 * Finds the rows that mention any keyword of a set of rules, with one KeywordScan over all their words.
 * When no keyword contains whitespace (none can then span the spaces textOf joins the parts with)
 * each part is tested on its own, without building the joined text for every row.
 */
function keywordTest(rules: NotMortgageRule[]): ((it: Item) => boolean) | null {
  const words = rules.flatMap((r) => r.keywords).filter(Boolean);
  if (!words.length) return null;
  const scan = new KeywordScan(words);
  if (words.some((w) => /\s/.test(w))) return (it) => scan.test(textOf(it));
  return (it) => {
    const b = it.bank;
    if (b) return (!!b.memo && scan.test(b.memo)) || (!!b.counterpartyName && scan.test(b.counterpartyName));
    const f = it.fin;
    if (f) {
      if (f.summary && scan.test(f.summary)) return true;
      const aux = f.auxiliary;
      for (const k in aux) if (scan.test(aux[k])) return true;
      return false;
    }
    return scan.test(textOf(it));
  };
}

/** Rows that are not disbursements: keywords, own-account transfers, debits, zero amounts. */
function markNotMortgage(items: Item[], config: ReconcileConfig): void {
  const ownAccounts = new Set<string>();
  // Every row of a statement repeats its account: normalise each distinct text once.
  const accountsSeen = new Set<string>();
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    const account = it.bank?.account;
    if (!account || accountsSeen.has(account)) continue;
    accountsSeen.add(account);
    // A masked number (1234****9876, as some exports print every account) says nothing about whose it is.
    if (!account.includes('*')) ownAccounts.add(account.replace(/\s/g, ''));
  }
  const ownNames = new Set(config.ownAccountNames.map((n) => normaliseName(n)));
  const bankRules = config.notMortgage.filter((r) => r.side !== 'finance');
  const finRules = config.notMortgage.filter((r) => r.side !== 'bank');
  // One alternation per side finds rows worth a closer look; the first rule (in file order) that matches names it.
  const bankTest = keywordTest(bankRules);
  const finTest = keywordTest(finRules);
  const disbursementWords = config.disbursementKeywords?.length ? config.disbursementKeywords : null;
  // Money in set aside by a keyword, by unit: the other side's row of that unit and amount is the same money.
  const byUnit = new Map<string, Item[]>();
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    if (it.aside || it.carried) continue;
    const isBank = it.side === 'bank';
    const test = isBank ? bankTest : finTest;
    let hit: NotMortgageRule | null = null;
    if (test && test(it)) {
      const text = textOf(it);
      for (const r of isBank ? bankRules : finRules) {
        if (includesAny(text, r.keywords)) {
          hit = r;
          break;
        }
      }
    }
    // A credit that says it is a disbursement stays one whatever else its memo mentions: "个人住房贷款放款
    // 3-2-1501 已扣手续费20元" is a loan net of a fee (AMOUNT_MISMATCH if so), "收张三按揭款(含代收契税)" a booking of it.
    if (hit?.yieldsToDisbursement && disbursementWords && !isNegativeKey(it.key) && includesAny(textOf(it), disbursementWords)) hit = null;
    let reason: 'keyword' | 'debit' | 'ownAccount' | 'zero' | null = hit ? 'keyword' : null;
    const b = it.bank;
    if (!reason && b) {
      const cpa = b.counterpartyAccount?.replace(/\s/g, '');
      if ((cpa && ownAccounts.has(cpa)) || (it.name && ownNames.has(it.name))) reason = 'ownAccount';
    }
    if (!reason) reason = signReason(it);
    if (reason) {
      setAsideNotMortgage(it, hit, reason);
      if (hit && it.unit && !isNegativeKey(it.key)) push(byUnit, it.unit, it);
    }
  }
  if (byUnit.size) setAsideCounterparts(items, byUnit, disbursementWords, config.nearWindowDays);
}

function setAsideNotMortgage(it: Item, rule: NotMortgageRule | null, reason: 'keyword' | 'debit' | 'ownAccount' | 'zero'): void {
  addFlag(it, 'NOT_MORTGAGE');
  it.note = { kind: 'notMortgage', rule, reason };
  it.aside = true;
  it.taken = true;
}

/**
 * The other side of money set aside by a keyword: a bank credit "房款 3-2-1501" of 300,000 whose
 * booking reads "首付款 3-2-1501" is that down payment too (one side's words are enough), not a
 * credit finance never booked, carried month after month. Per unit, amount and side: the rows of
 * the other side that name no loan (disbursementKeywords), money in, within `window` days of a
 * set-aside row, are set aside when there are no more of them than set-aside rows (instalments of
 * one down payment pair off) and no other row of that unit and amount on the set-aside rows' side
 * is still in play, last month's open rows included (a loan of the same amount as the down payment
 * stays to be matched).
 */
function setAsideCounterparts(items: Item[], byUnit: Map<string, Item[]>, disbursementWords: readonly string[] | null, window: number): void {
  // Per set-aside group (unit, amount, side): the rows of the other side it may be.
  const groups = new Map<string, { aside: Item[]; rows: Item[] }>();
  const groupOfAside = (x: Item) => `${x.unit}|${x.side}|${x.key}`;
  for (const xs of byUnit.values())
    for (const x of xs) {
      const k = groupOfAside(x);
      const g = groups.get(k);
      if (g) g.aside.push(x);
      else groups.set(k, { aside: [x], rows: [] });
    }
  // Rows still in play of those units (carried ones too): a booking of the loan beside the down payment's.
  const competing = new Set<string>();
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    if (it.aside || !it.unit || isNegativeKey(it.key) || !byUnit.has(it.unit)) continue;
    competing.add(`${it.unit}|${it.side}|${it.key}`);
    if (it.carried || (disbursementWords && includesAny(textOf(it), disbursementWords))) continue;
    const g = groups.get(`${it.unit}|${it.side === 'bank' ? 'finance' : 'bank'}|${it.key}`);
    if (g && g.aside.some((x) => Math.abs(x.day - it.day) <= window)) g.rows.push(it);
  }
  for (const [k, g] of groups) {
    if (!g.rows.length || g.rows.length > g.aside.length || competing.has(k)) continue;
    const note = g.aside[0].note;
    if (note?.kind !== 'notMortgage') continue;
    for (const r of g.rows) setAsideNotMortgage(r, note.rule, 'keyword');
  }
}

/** 'debit' for a negative amount, 'zero' for zero; the Decimal decides when the fen rounds to 0. */
function signReason(it: Item): 'debit' | 'zero' | null {
  const k = it.key;
  if (typeof k === 'number' && k !== 0) return k < 0 ? 'debit' : null; // at least a fen away from zero
  if (it.amount.lt(0)) return 'debit';
  if (it.amount.isZero()) return 'zero';
  return null;
}

// ---------------------------------------------------------------- pairing helpers

function pair(bank: Item[], fin: Item[], rule: RuleId): void {
  for (const b of bank) {
    b.taken = true;
    b.rule = rule;
    b.cps = fin;
    clearTie(b);
  }
  for (const f of fin) {
    f.taken = true;
    f.rule = rule;
    f.cps = bank;
    clearTie(f);
  }
}

function clearTie(x: Item): void {
  x.cands = null;
  x.rivals = null;
  x.combos = null;
}

/** a ∪ b in output order. */
function mergeRows(a: Item[] | null, b: readonly Item[]): Item[] {
  const set = new Set(a ?? []);
  for (const y of b) set.add(y);
  return [...set].sort((x, y) => x.i - y.i);
}

/**
 * Adds to a row's tie: candidates (rows of the other side it could be paired with), rivals (rows of
 * its own side that could take the same candidates) and, for a split, the combinations of candidates
 * that each add up to it. Only this row's record changes (see recordTie for both sides at once).
 */
function addTie(x: Item, cands: readonly Item[], rivals: readonly Item[] = [], combos: Item[][] | null = null): void {
  x.cands = mergeRows(x.cands, cands);
  const r = rivals.filter((y) => y !== x);
  if (r.length) x.rivals = mergeRows(x.rivals, r);
  if (combos && combos.length) x.combos = [...(x.combos ?? []), ...combos];
}

/** A tie of `a` among `cands`; each candidate lists `a` among its own. */
function recordTie(a: Item, cands: Item[]): void {
  addTie(a, cands);
  for (const c of cands) addTie(c, [a]);
}

/**
 * Pairs each row of one side with the one group of counterparts only it can take. `found` holds, per
 * row, every group of the other side it could be paired with (one booking, or two rows that add up to
 * it). A row is paired only when it has exactly one group and no other row's groups use any member of
 * it: uniqueness is checked from both sides, as pairGroup does, so two equal rows against one group
 * are a tie, not a win for the earlier row. Otherwise every row involved is a tie (AMBIGUOUS unless a
 * later rule settles it) listing its candidates and its rivals. Rows are judged on the same state, so
 * the outcome does not depend on their order.
 */
function pairUnique(found: Map<Item, Item[][]>, make: (row: Item, group: Item[]) => void): void {
  if (!found.size) return;
  // Member → the rows whose groups use it (in `found`'s order, each once).
  const claims = new Map<Item, Item[]>();
  for (const [row, groups] of found)
    for (const g of groups)
      for (const m of g) {
        const l = claims.get(m);
        if (!l) claims.set(m, [row]);
        else if (l[l.length - 1] !== row) l.push(row);
      }
  const ties: Item[] = [];
  for (const [row, groups] of found) {
    let contested = groups.length !== 1;
    for (const g of groups) for (const m of g) if (claims.get(m)!.length > 1) contested = true;
    if (contested) ties.push(row);
    else make(row, groups[0]);
  }
  for (const row of ties) {
    const groups = found.get(row)!;
    const members = new Set<Item>();
    for (const g of groups) for (const m of g) members.add(m);
    const rivals = new Set<Item>();
    for (const m of members) for (const r of claims.get(m)!) if (r !== row) rivals.add(r);
    addTie(row, [...members], [...rivals], groups[0].length > 1 ? groups : null);
    for (const m of members) {
      // A member's rivals: the rows its claimants could take instead of it (not its partner in a split).
      const other = new Set<Item>();
      for (const r of claims.get(m)!) for (const g of found.get(r)!) if (!g.includes(m)) for (const y of g) other.add(y);
      for (const r of claims.get(m)!) for (const g of found.get(r)!) if (g.includes(m)) for (const y of g) other.delete(y);
      addTie(m, claims.get(m)!, [...other]);
    }
  }
}

const MAX_GROUP = 64;

/**
 * Pairs finance rows with bank rows inside one candidate group by mutual unique best score.
 * score: higher is better; null = not a candidate. Equal best scores are a tie: nothing is paired.
 */
function pairGroup(fins: Item[], banks: Item[], score: (f: Item, b: Item) => number | null, rule: RuleId): void {
  const F = fins.filter((f) => !f.taken);
  const B = banks.filter((b) => !b.taken);
  if (F.length === 0 || B.length === 0) return;
  if (F.length === 1 && B.length === 1) {
    if (score(F[0], B[0]) !== null) pair([B[0]], [F[0]], rule);
    return;
  }
  if (F.length > MAX_GROUP || B.length > MAX_GROUP) {
    // Too many look-alikes to tell apart: every one is ambiguous.
    for (const f of F) recordTie(f, B);
    return;
  }
  let progress = true;
  while (progress) {
    progress = false;
    const fl = F.filter((f) => !f.taken);
    const bl = B.filter((b) => !b.taken);
    if (!fl.length || !bl.length) return;
    const bestB = new Map<Item, Item | null>();
    const bestF = new Map<Item, { s: number; f: Item | null }>();
    for (const f of fl) {
      let top = -Infinity;
      let who: Item | null = null;
      let tie = false;
      for (const b of bl) {
        const s = score(f, b);
        if (s === null) continue;
        if (s > top) {
          top = s;
          who = b;
          tie = false;
        } else if (s === top) tie = true;
        const cur = bestF.get(b);
        if (!cur || s > cur.s) bestF.set(b, { s, f });
        else if (s === cur.s) bestF.set(b, { s, f: null });
      }
      bestB.set(f, tie ? null : who);
    }
    for (const f of fl) {
      const b = bestB.get(f);
      if (!b || b.taken || f.taken) continue;
      if (bestF.get(b)?.f === f) {
        pair([b], [f], rule);
        progress = true;
      }
    }
    if (!progress) {
      // Stalled: no open row is the unique best of its own unique best, so no pairing of the rest is
      // unique. Every open row with a candidate is a tie — not only the top-scored ones: a row left
      // out showed as missing (MISSING_IN_FINANCE) beside two AMBIGUOUS bookings that could be its
      // counterpart. Each lists every row it could be paired with and, as rivals, the rows of its
      // own side that could take one of them.
      const candsOf = new Map<Item, Item[]>();
      for (const f of fl) {
        const c = bl.filter((b) => score(f, b) !== null);
        if (c.length) candsOf.set(f, c);
      }
      for (const b of bl) {
        const c = fl.filter((f) => score(f, b) !== null);
        if (c.length) candsOf.set(b, c);
      }
      for (const [x, cands] of candsOf) {
        const rivals = new Set<Item>();
        for (const c of cands) for (const y of candsOf.get(c)!) if (y !== x) rivals.add(y);
        addTie(x, cands, [...rivals]);
      }
    }
  }
}

function sum(items: Item[]): Decimal {
  let s: Decimal = new Money(0);
  for (const x of items) s = s.plus(x.amount);
  return s;
}

function days(a: Item, b: Item): number {
  return Math.abs(b.day - a.day);
}

type Score = (f: Item, b: Item) => number | null;

/**
 * Runs pairGroup over the rows that share a key (a unit, a buyer) and, with `sameAmount`, the same
 * amount. Rows are grouped by the key string they already carry and split by amount only where a
 * key has several rows, rather than building a "key|amount" string for every row. Groups are
 * disjoint on both sides, so the order they are visited in does not change what is paired.
 */
function runKeyed(fins: readonly Item[], banks: readonly Item[], keyOf: (x: Item) => string | null, sameAmount: boolean, score: Score, rule: RuleId): void {
  const fm: Multi = new Map();
  for (let at = 0; at < fins.length; at++) {
    const f = fins[at];
    const k = keyOf(f);
    if (k) madd(fm, k, f);
  }
  if (!fm.size) return;
  const bm: Multi = new Map();
  for (let at = 0; at < banks.length; at++) {
    const b = banks[at];
    const k = keyOf(b);
    if (k) madd(bm, k, b);
  }
  for (const [k, fl] of fm) {
    const bl = bm.get(k);
    if (bl === undefined) continue;
    if (!Array.isArray(fl) && !Array.isArray(bl)) {
      // One booking, one credit: the common case, no arrays.
      if ((!sameAmount || fl.key === bl.key) && !fl.taken && !bl.taken && score(fl, bl) !== null) pair([bl], [fl], rule);
      continue;
    }
    if (sameAmount) pairByAmount(mlist(fl), mlist(bl), score, rule);
    else pairGroup(mlist(fl), mlist(bl), score, rule);
  }
}

/** pairGroup for each amount that both lists have. */
function pairByAmount(fl: Item[], bl: Item[], score: Score, rule: RuleId): void {
  const fins: Multi<AmountKey> = new Map();
  for (const f of fl) madd(fins, f.key, f);
  const banks: Multi<AmountKey> = new Map();
  for (const b of bl) madd(banks, b.key, b);
  for (const [key, F] of fins) {
    const B = banks.get(key);
    if (B !== undefined) pairGroup(mlist(F), mlist(B), score, rule);
  }
}

/**
 * The rows not yet paired, per side, in output order. Each rule takes its rows from here (see
 * remaining) instead of walking every item: after the first rules only a few thousand are left.
 */
interface Open {
  bank: Item[];
  finance: Item[];
}

function openRows(items: Item[]): Open {
  const open: Open = { bank: [], finance: [] };
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    if (!it.taken) open[it.side].push(it);
  }
  return open;
}

/** The unpaired rows of one side, in output order. */
function remaining(open: Open, side: Side): Item[] {
  const list = open[side];
  let k = 0;
  while (k < list.length && !list[k].taken) k++;
  if (k === list.length) return list; // nothing paired since last time
  return (open[side] = list.filter((x) => !x.taken));
}

/**
 * Whether REF_TOKEN would find anything: a run of 6+ ASCII letters or digits. Most 摘要 and
 * 辅助核算 values hold none, and asking the expression for its (empty) matches cost ~0.4 s per
 * million bookings.
 */
export function hasRefToken(s: string): boolean {
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const lower = c | 32; // 'A'–'Z' → 'a'–'z'
    if ((c >= 48 && c <= 57) || (lower >= 97 && lower <= 122)) {
      if (++run >= 6) return true;
    } else run = 0;
  }
  return false;
}

/** Reference-like tokens (6+ letters or digits) of a finance row's text, part by part (no token spans the spaces textOf adds). */
const REF_TOKEN = /[0-9A-Za-z]{6,}/g;
function refTokens(f: Item): string[] | null {
  const l = f.fin;
  if (!l) return textOf(f).match(REF_TOKEN);
  let out: string[] | null = l.summary && hasRefToken(l.summary) ? l.summary.match(REF_TOKEN) : null;
  const aux = l.auxiliary;
  for (const k in aux) {
    const m = hasRefToken(aux[k]) ? aux[k].match(REF_TOKEN) : null;
    if (m) out = out ? out.concat(m) : m;
  }
  return out;
}

// ---------------------------------------------------------------- rules

/** byRef: the bank rows with a 流水号 by reference (markBankDuplicates); rows already taken are skipped. */
function ruleReference(open: Open, byRef: RefIndex, near: boolean): void {
  if (byRef.refs.size === 0) return;
  for (const f of remaining(open, 'finance')) {
    const tokens = refTokens(f);
    if (!tokens) continue;
    let cands: Set<Item> | null = null;
    for (const t of tokens) {
      const id = byRef.refs.find(t);
      if (id < 0) continue;
      for (const b of mlist(byRef.rows[id])) if (!b.taken) (cands ??= new Set<Item>()).add(b);
    }
    if (!cands) continue;
    const list = [...cands].filter((b) => (near ? b.key !== f.key : b.key === f.key));
    if (list.length === 1) pair(list, [f], near ? 'NEAR_REFERENCE' : 'REFERENCE');
    else if (list.length > 1) recordTie(f, list);
  }
}

/** Same unit and amount; units are grouped by id (see UnitIds), as runKeyed would by string. */
function ruleUnitAmount(open: Open, ids: UnitIds): void {
  const score: Score = (f, b) => (f.name && f.name === b.name ? 100000 : 0) - days(f, b);
  const F = groupByUnit(remaining(open, 'finance'), ids);
  const B = groupByUnit(remaining(open, 'bank'), ids);
  for (let id = 1; id <= ids.count; id++) {
    const fs = F.start[id];
    const fe = F.start[id + 1];
    const bs = B.start[id];
    const be = B.start[id + 1];
    if (fs === fe || bs === be) continue;
    if (fe - fs === 1 && be - bs === 1) {
      // One booking, one credit: the common case, no arrays.
      const f = F.rows[fs];
      const b = B.rows[bs];
      if (f.key === b.key && !f.taken && !b.taken) pair([b], [f], 'UNIT_AMOUNT');
      continue;
    }
    pairByAmount(F.rows.slice(fs, fe), B.rows.slice(bs, be), score, 'UNIT_AMOUNT');
  }
}

function ruleBuyerAmount(open: Open, window: number): void {
  runKeyed(
    remaining(open, 'finance'),
    remaining(open, 'bank'),
    (x) => x.name,
    true,
    (f, b) => {
      const d = days(f, b);
      return d <= window ? -d : null;
    },
    'BUYER_AMOUNT_DATE',
  );
}

interface Pools {
  bankByUnit: Map<string, Item[]>;
  bankByName: Map<string, Item[]>;
  bankByFen: Map<AmountKey, Item[]>;
  finByUnit: Map<string, Item[]>;
  finByName: Map<string, Item[]>;
  finByFen: Map<AmountKey, Item[]>;
}

function pools(open: Open): Pools {
  const p: Pools = { bankByUnit: new Map(), bankByName: new Map(), bankByFen: new Map(), finByUnit: new Map(), finByName: new Map(), finByFen: new Map() };
  for (const it of remaining(open, 'bank')) {
    if (it.unit) push(p.bankByUnit, it.unit, it);
    if (it.name) push(p.bankByName, it.name, it);
    push(p.bankByFen, it.key, it);
  }
  for (const it of remaining(open, 'finance')) {
    if (it.unit) push(p.finByUnit, it.unit, it);
    if (it.name) push(p.finByName, it.name, it);
    push(p.finByFen, it.key, it);
  }
  return p;
}

function live(list: Item[] | undefined): Item[] {
  return list ? list.filter((x) => !x.taken) : [];
}

/** Pairs from `cands` whose amounts add up to `target`, within the window of `anchor`. */
function pairsSumming(cands: Item[], target: Decimal, anchor: Item, window: number): [Item, Item][] {
  const list = [...new Set(cands)].filter((c) => !c.taken && days(c, anchor) <= window && c.amount.lt(target)).sort((a, b) => a.i - b.i);
  if (list.length > MAX_GROUP) return [];
  const byFen = new Map<AmountKey, Item[]>();
  for (let at = 0; at < list.length; at++) {
    const c = list[at];
    push(byFen, c.key, c);
  }
  const out: [Item, Item][] = [];
  for (let at = 0; at < list.length; at++) {
    const a = list[at];
    const rest = amountKey(new Money(target).minus(a.amount));
    for (const b of byFen.get(rest) ?? []) if (b.i > a.i) out.push([a, b]);
  }
  return out;
}

function ruleSplit(open: Open, reg: RegisterIndex, window: number): void {
  let p = pools(open);
  // (a) a bank credit plus a provident-fund credit (two credits) against one booking.
  // A row found by the buyer's name whose own unit is known and another is not a part of this unit's
  // loan: a buyer of two units (3-2-1501 and 3-2-1502) had the 1502 credit absorbed into 1501's 组合贷.
  const sameUnit = (x: Item, y: Item) => !x.unit || !y.unit || x.unit === y.unit;
  const twoCredits = new Map<Item, Item[][]>();
  for (const f of remaining(open, 'finance')) {
    const cands: Item[] = live(f.unit ? p.bankByUnit.get(f.unit) : undefined);
    if (f.name) for (const b of live(p.bankByName.get(f.name))) if (sameUnit(b, f)) cands.push(b);
    const u = f.unit ? reg.byUnit.get(f.unit) : undefined;
    if (u) {
      for (const loan of loansOf(u)) {
        for (const b of live(p.bankByFen.get(amountKey(loan)))) if (!b.unit || b.unit === f.unit) cands.push(b);
      }
      for (const d of reg.deposits.get(u.unitKey) ?? []) for (const b of live(p.bankByFen.get(amountKey(netOfDeposit(d.loan, d.ratio))))) if (!b.unit || b.unit === f.unit) cands.push(b);
    }
    if (cands.length < 2) continue;
    const found = pairsSumming(cands, f.amount, f, window);
    if (found.length) twoCredits.set(f, found);
  }
  pairUnique(twoCredits, (f, banks) => {
    pair(banks, [f], 'SPLIT');
    for (const x of [...banks, f]) addFlag(x, 'SPLIT_MATCH');
  });
  p = pools(open);
  // (b) one credit against two bookings.
  const twoBookings = new Map<Item, Item[][]>();
  for (const b of remaining(open, 'bank')) {
    const cands: Item[] = live(b.unit ? p.finByUnit.get(b.unit) : undefined);
    if (b.name) for (const f of live(p.finByName.get(b.name))) if (sameUnit(b, f)) cands.push(f);
    if (cands.length < 2) continue;
    const found = pairsSumming(cands, b.amount, b, window);
    if (found.length) twoBookings.set(b, found);
  }
  pairUnique(twoBookings, (b, fins) => {
    pair([b], fins, 'SPLIT');
    for (const x of [b, ...fins]) addFlag(x, 'SPLIT_MATCH');
  });
}

function ruleDeposit(open: Open, reg: RegisterIndex, config: ReconcileConfig): void {
  if (!reg.netToUnits.size) return;
  const p = pools(open);
  // (a) credit = loan × (1 − ratio) while finance booked the whole loan.
  const withheld = new Map<Item, Item[][]>();
  const terms = new Map<Item, Map<Item, DepositTerm>>();
  for (const b of remaining(open, 'bank')) {
    const nets = (reg.netToUnits.get(b.key) ?? []).filter((n) => !b.unit || n.unit === b.unit);
    const fins = new Map<Item, DepositTerm>();
    for (const n of nets) {
      const loanKey = amountKey(n.loan);
      for (const f of live(p.finByUnit.get(n.unit))) if (f.key === loanKey) fins.set(f, n);
      if (b.name) for (const f of live(p.finByName.get(b.name))) if (f.key === loanKey && (!f.unit || f.unit === n.unit)) fins.set(f, n);
    }
    if (!fins.size) continue;
    withheld.set(
      b,
      [...fins.keys()].map((f) => [f]),
    );
    terms.set(b, fins);
  }
  pairUnique(withheld, (b, [f]) => {
    const n = terms.get(b)!.get(f)!;
    pair([b], [f], 'DEPOSIT_WITHHELD');
    addFlag(b, 'DEPOSIT_WITHHELD');
    addFlag(f, 'DEPOSIT_WITHHELD');
    const note: Note = { kind: 'deposit', loan: n.loan, ratio: n.ratio, deposit: new Money(n.loan).minus(b.amount), source: n.source };
    b.note = note;
    f.note = note;
  });
  // (b) the later refund of the deposit, matched to its unit (credits with a withheld candidate are left to (a)).
  const refunds = new Map<Item, Item[][]>();
  const depositOfRefund = new Map<Item, Map<Item, DepositTerm>>();
  for (const b of remaining(open, 'bank')) {
    if (withheld.has(b)) continue;
    const deps = (reg.depositToUnits.get(b.key) ?? []).filter((n) => (b.unit ? n.unit === b.unit : includesAny(textOf(b), config.depositKeywords) !== null));
    // Every unit whose deposit it could be: a refund naming no unit, of a deposit two units share,
    // is a tie (AMBIGUOUS, both bookings named), not a credit nobody booked.
    const terms = new Map<Item, DepositTerm>();
    for (const d of deps) for (const f of live(p.finByUnit.get(d.unit))) if (f.key === b.key && !terms.has(f)) terms.set(f, d);
    if (!terms.size) continue;
    refunds.set(
      b,
      [...terms.keys()].map((f) => [f]),
    );
    depositOfRefund.set(b, terms);
  }
  pairUnique(refunds, (b, ff) => {
    const d = depositOfRefund.get(b)!.get(ff[0])!;
    pair([b], ff, 'DEPOSIT_REFUND');
    const note: Note = { kind: 'refund', loan: d.loan, ratio: d.ratio, source: d.source };
    b.note = note;
    ff[0].note = note;
    if (!b.unit) {
      b.unit = d.unit;
      b.unitFrom = 'register';
    }
  });
}

/**
 * Same buyer and amount, booked more than the date window (`window`, 7 days) and at most `nearWindow`
 * (31) days after the credit: one late booking, not a credit nobody booked and a booking without a
 * credit. Paired only when the pairing is unique on both sides (equal candidates are a tie →
 * AMBIGUOUS); rows already in a tie of an earlier rule are left to it. finishMatches then flags the
 * pair LATE_BOOKING (always: more than 7 days is more than 24 h). A booking long *before* the credit
 * is not paired here: see noteEarlyBookings.
 */
function ruleBuyerLate(open: Open, window: number, nearWindow: number): void {
  const late: Score = (f, b) => {
    if (f.cands || b.cands) return null;
    const d = f.day - b.day;
    return d > window && d <= nearWindow ? 0 : null;
  };
  runKeyed(remaining(open, 'finance'), remaining(open, 'bank'), (x) => x.name, true, late, 'NEAR_BUYER_LATE');
}

/**
 * A booking of the same buyer and amount more than the date window *before* the credit (and at most
 * `nearWindow` days): finance recorded money the bank had not credited, which is 企业已收银行未收 for
 * those days. It is not paired — no flag says "booked early", and pairing it would accept it silently
 * — so both rows stay MISSING_IN_BANK / MISSING_IN_FINANCE; when the two are each other's only such
 * row, each explanation names the other as the likely counterpart. Runs after every rule, on the
 * rows still open (a few thousand at most), per buyer.
 */
function noteEarlyBookings(open: Open, window: number, nearWindow: number): void {
  const fins: Multi = new Map();
  for (const f of remaining(open, 'finance')) if (f.name && !f.cands) madd(fins, f.name, f);
  if (!fins.size) return;
  const banks: Multi = new Map();
  for (const b of remaining(open, 'bank')) if (b.name && !b.cands && fins.has(b.name)) madd(banks, b.name, b);
  for (const [name, bl] of banks) {
    const F = mlist(fins.get(name));
    const B = mlist(bl);
    if (F.length > MAX_GROUP || B.length > MAX_GROUP) continue;
    // Each row's one early counterpart, or null when it has several.
    const only = new Map<Item, Item | null>();
    for (const f of F)
      for (const b of B) {
        const d = b.day - f.day;
        if (f.key !== b.key || !(d > window && d <= nearWindow)) continue;
        only.set(f, only.has(f) ? null : b);
        only.set(b, only.has(b) ? null : f);
      }
    for (const [x, y] of only) if (y && only.get(y) === x) x.note = { kind: 'early', other: y };
  }
}

function ruleNear(open: Open, byRef: RefIndex, window: number, shortWindow: number, config: ReconcileConfig): void {
  ruleReference(open, byRef, true);
  ruleBuyerLate(open, shortWindow, window);
  const within = (f: Item, b: Item) => days(f, b) <= window;
  // Rows already in a tie of an earlier rule are left to it: a near match would pair them by amount
  // difference or date (a 组合贷 tie became two AMOUNT_MISMATCH pairs) where a person must choose.
  const differentAmount: Score = (f, b) => (!f.cands && !b.cands && within(f, b) && f.key !== b.key ? -days(f, b) : null);
  // Same unit (then same buyer), different amount.
  runKeyed(remaining(open, 'finance'), remaining(open, 'bank'), (x) => x.unit, false, differentAmount, 'NEAR_UNIT');
  runKeyed(remaining(open, 'finance'), remaining(open, 'bank'), (x) => x.name, false, differentAmount, 'NEAR_BUYER');
  // Same amount within the (short) date window, but the unit or buyer disagrees (串户). Round amounts
  // recur in a big month, so this weakest rule pairs only a lone credit with a lone booking: when
  // several leftovers share the amount nothing is paired (and no tie is claimed) — they stay missing.
  const fins: Multi<AmountKey> = new Map();
  const banks: Multi<AmountKey> = new Map();
  for (const f of remaining(open, 'finance')) if (!f.cands) madd(fins, f.key, f);
  if (!fins.size) return;
  for (const b of remaining(open, 'bank')) if (!b.cands) madd(banks, b.key, b);
  // A buyer disagrees only when payer and customer are both people (payerClash): a bank or the
  // provident-fund centre paying is not a buyer, and its credit is no 串户 of the booking's buyer.
  const clash = (f: Item, b: Item) => days(f, b) <= shortWindow && (!!(f.unit && b.unit && f.unit !== b.unit) || payerClash(b, f, config));
  for (const [key, fl] of fins) {
    const bl = banks.get(key);
    if (bl === undefined) continue;
    const F = mlist(fl).filter((f) => !f.taken && mlist(bl).some((b) => !b.taken && days(f, b) <= shortWindow));
    const B = mlist(bl).filter((b) => !b.taken && F.some((f) => days(f, b) <= shortWindow));
    if (F.length === 1 && B.length === 1 && clash(F[0], B[0])) pair(B, F, 'NEAR_AMOUNT_DATE');
  }
}

// ---------------------------------------------------------------- 串户 by buyer

/**
 * Why a pair whose units agree (or one side has none) was still booked to the wrong buyer (串户;
 * the name on the credit is the 主借款人, DOMAIN.md), or null when nothing says so:
 * - `register`: the register lists the unit, and the booking's customer is none of its buyers or
 *   its 主借款人 (a co-buyer or the contract holder booked instead of the borrower is not 串户);
 * - `payer`: the unit is not in the register (or there is none), the credit's payer is a person and
 *   the booking names another person. Payers that are not people (the provident-fund centre, a bank,
 *   a company), names that are not plainly Chinese personal names, and lists that share a name
 *   ("张三、李四" against "李四") are never a clash: a missed 串户 is better than a false one.
 * Called only for pairs whose names differ (rare): the common pair costs one string comparison.
 */
export type BuyerClash = { kind: 'register'; unit: string; buyers: string[] } | { kind: 'payer'; payer: string; customer: string };

export function buyerClash(b: Item, f: Item, reg: RegisterIndex, config: ReconcileConfig): BuyerClash | null {
  const customer = f.name;
  if (!customer || b.name === customer) return null;
  const unit = f.unit ?? b.unit;
  if (unit && reg.byUnit.size) {
    if (reg.nameToUnit.get(customer) === unit) return null;
    const buyers = reg.buyersOf.get(unit);
    if (buyers) {
      // The customer cell may hold more than the name ("张三、李四", "张三(主贷)"): any buyer in it will do.
      for (const n of buyers) if (customer.includes(n) || n.includes(customer)) return null;
      return { kind: 'register', unit, buyers };
    }
  }
  return payerClash(b, f, config) ? { kind: 'payer', payer: b.name!, customer } : null;
}

/**
 * The credit's payer and the booking's customer are both plainly people (personNames) and share no
 * name. A payer that is not a person — a bank's loan centre paying out a loan, a bank refunding a
 * deposit, the provident-fund centre, a company — never clashes: it is not "the buyer on the credit".
 */
export function payerClash(b: Item, f: Item, config: ReconcileConfig): boolean {
  if (!b.name || !f.name || b.name === f.name) return false;
  const payers = personNames(b.name, config);
  const customers = payers && personNames(f.name, config);
  if (!payers || !customers) return false;
  for (const p of payers) if (customers.includes(p)) return false;
  return true;
}

const HAN_NAME = /^[\u4e00-\u9fff]{2,4}$/;
/** A name with a middle dot (阿依古丽·买买提), as normaliseName writes it. */
const DOTTED_NAME = /^[\u4e00-\u9fff]{1,10}(?:·[\u4e00-\u9fff]{1,10})+$/;
const NAME_SEPARATORS = /[、,;/&+]/;
/** Words of organisations, not people: a payer holding one is never compared as a person. */
const ORG_WORDS = ['银行', '公司', '中心', '管理', '支行', '分行', '分理处', '营业', '有限', '集团', '公积金', '基金', '财政', '政府', '委员会', '信用社', '合作社', '事务所', '储蓄', '邮政', '证券', '保险', '信托', '农商', '农信', '医院', '学校', '大学', '协会', '商会', '工会'];
const ORG_ENDINGS = '局厅署处所站院部社厂店行司';

/** The personal names in a normalised name text ("张三、李四" → [张三, 李四]), or null when any part is not plainly one. */
function personNames(text: string, config: ReconcileConfig): string[] | null {
  const parts = text.split(NAME_SEPARATORS).filter(Boolean);
  if (!parts.length) return null;
  for (const p of parts) {
    if (!HAN_NAME.test(p) && !DOTTED_NAME.test(p)) return null;
    if (ORG_ENDINGS.includes(p[p.length - 1]) || includesAny(p, ORG_WORDS) || includesAny(p, config.providentKeywords)) return null;
  }
  return parts;
}

// ---------------------------------------------------------------- after matching

/** The rows of one match: the row, its counterparts and theirs (a split has three). */
export function matchGroup(it: Item): Item[] {
  const set = new Set<Item>([it]);
  for (const c of it.cps ?? []) {
    set.add(c);
    for (const d of c.cps ?? []) set.add(d);
  }
  return [...set].sort((x, y) => x.i - y.i);
}

/**
 * Whether a booking carries a reference at all: a reference-like token (what REFERENCE looks for, see
 * refTokens) in its 摘要 or 辅助核算. A booking without one does not say which 流水号 it is for, so
 * the reference factor is unknown for it, not differ (docs/reconcile-json.md: "one side does not carry it").
 */
export function carriesRef(f: Item): boolean {
  const l = f.fin;
  if (!l) return hasRefToken(textOf(f));
  if (l.summary && hasRefToken(l.summary)) return true;
  const aux = l.auxiliary;
  for (const k in aux) if (hasRefToken(aux[k])) return true;
  return false;
}

function cmpOne(a: string | null, b: string | null): Factors['unit'] {
  return !a || !b ? 'unknown' : a === b ? 'agree' : 'differ';
}

export function factorsOf(it: Item, window: number): Factors | null {
  if (it.cpCount === 0 || it.rule === 'REVERSAL') return null;
  const partner = it.partner;
  if (partner !== null && partner.partner !== null && partner.side !== it.side) {
    const b = it.side === 'bank' ? it : partner;
    const f = it.side === 'bank' ? partner : it;
    return {
      reference: !b.ref ? 'unknown' : mentions(f, b.ref) ? 'agree' : carriesRef(f) ? 'differ' : 'unknown',
      amount: b.key === f.key ? 'agree' : 'differ',
      unit: cmpOne(b.unit, f.unit),
      buyer: cmpOne(b.name, f.name),
      date: Math.abs(f.day - b.day) <= window ? 'agree' : 'differ',
    };
  }
  const members = matchGroup(it);
  const banks = members.filter((c) => c.side === 'bank');
  const fins = members.filter((c) => c.side === 'finance');
  // For a split, compare the group of the other side with this row's group.
  const bankSum = banks.reduce((s, x) => s.plus(x.amount), new Money(0));
  const finSum = fins.reduce((s, x) => s.plus(x.amount), new Money(0));
  const refs = banks.map((b) => b.ref).filter((r): r is string => !!r);
  const reference: Factors['reference'] =
    refs.length === 0 ? 'unknown' : refs.some((r) => fins.some((f) => textOf(f).includes(r))) ? 'agree' : fins.some(carriesRef) ? 'differ' : 'unknown';
  const amount: Factors['amount'] = bankSum.eq(finSum) ? 'agree' : 'differ';
  const values = (list: Item[], get: (x: Item) => string | null) => list.map(get).filter((v): v is string => !!v);
  const cmp = (get: (x: Item) => string | null): Factors['unit'] => {
    const bv = values(banks, get);
    const fv = values(fins, get);
    if (!bv.length || !fv.length) return 'unknown';
    return bv.some((v) => fv.includes(v)) ? 'agree' : 'differ';
  };
  // A unit agrees only when no member's unit differs from one of the other side: a credit for
  // 3-2-1502 in a group booked to 3-2-1501 is money of another unit, whatever its partner says.
  const bu = values(banks, (x) => x.unit);
  const fu = values(fins, (x) => x.unit);
  const unit: Factors['unit'] = !bu.length || !fu.length ? 'unknown' : bu.every((v) => fu.every((w) => w === v)) ? 'agree' : 'differ';
  const maxDays = Math.max(...banks.flatMap((b) => fins.map((f) => days(b, f))));
  return { reference, amount, unit, buyer: cmp((x) => x.name), date: maxDays <= window ? 'agree' : 'differ' };
}

function finishMatches(items: Item[], reg: RegisterIndex, config: ReconcileConfig): void {
  const done = new Set<Item>();
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    if (!it.hasCps || it.rule === 'REVERSAL') continue;
    // The common case, one credit and one booking, without building the group.
    const partner = it.partner;
    const one = partner !== null && partner.partner !== null;
    if (one) {
      if (it.side !== 'bank') continue; // visited from its bank row
      const b = it;
      const f = partner;
      if (b.unit && f.unit && b.unit !== f.unit) {
        addFlag(b, 'WRONG_UNIT');
        addFlag(f, 'WRONG_UNIT');
      } else if (it.rule === 'NEAR_AMOUNT_DATE' && payerClash(b, f, config)) {
        addFlag(b, 'WRONG_UNIT');
        addFlag(f, 'WRONG_UNIT');
      } else if (f.name && b.name !== f.name && buyerClash(b, f, reg, config)) {
        // Same unit, but the booking's customer is not the unit's buyer (register) or not the payer.
        addFlag(b, 'WRONG_UNIT');
        addFlag(f, 'WRONG_UNIT');
      }
      if (b.key !== f.key && it.rule !== 'DEPOSIT_WITHHELD') {
        addFlag(b, 'AMOUNT_MISMATCH');
        addFlag(f, 'AMOUNT_MISMATCH');
      }
      if (f.day - b.day >= 2) {
        addFlag(b, 'LATE_BOOKING');
        addFlag(f, 'LATE_BOOKING');
      }
      if (!f.voucherDeposit && !reg.netToUnits.size) continue;
    } else if (done.has(it)) continue;
    const members = one ? [it, partner] : matchGroup(it);
    if (!one) for (const m of members) done.add(m);
    const banks = members.filter((x) => x.side === 'bank');
    const fins = members.filter((x) => x.side === 'finance');
    if (!banks.length || !fins.length) continue;
    const raise = (flag: Flag) => members.forEach((m) => addFlag(m, flag));
    if (!one) {
      const f = factorsOf(it, config.dateWindowDays);
      if (!f) continue;
      if (f.unit === 'differ' || (it.rule === 'NEAR_AMOUNT_DATE' && fins.some((x) => banks.some((b) => payerClash(b, x, config))))) raise('WRONG_UNIT');
      else if (f.buyer !== 'agree' && fins.some((x) => banks.every((b) => buyerClash(b, x, reg, config) !== null))) raise('WRONG_UNIT');
      if (f.amount === 'differ' && it.rule !== 'DEPOSIT_WITHHELD') raise('AMOUNT_MISMATCH');
      // The credit's 24-hour booking deadline (docs/reconcile-json.md, LATE_BOOKING), as for a plain pair:
      // each booking of the group against each credit it covers. So the group is late when its latest
      // booking came two or more days after its earliest credit, and, as a late pair does, the late
      // booking and the credit(s) it was late for carry the flag; a booking in time stays unflagged.
      for (const x of fins)
        for (const b of banks)
          if (x.day - b.day >= 2) {
            addFlag(b, 'LATE_BOOKING');
            addFlag(x, 'LATE_BOOKING');
          }
    }
    // The journal itself says the deposit was withheld: the voucher books it on a 保证金 account.
    const vd = fins.find((x) => x.voucherDeposit);
    if (vd && !hasFlag(it, 'DEPOSIT_WITHHELD') && it.rule !== 'DEPOSIT_REFUND') {
      const deposit = vd.voucherDeposit!;
      const loan = sum(banks).plus(deposit);
      const note: Note = { kind: 'deposit', loan, ratio: new Money(deposit).div(loan).toDecimalPlaces(4, Decimal.ROUND_HALF_UP), deposit, source: { kind: 'voucher' } };
      for (const m of members) {
        addFlag(m, 'DEPOSIT_WITHHELD');
        m.note = note;
      }
    }
    // A credit net of the unit's deposit, whatever rule matched it.
    if (!hasFlag(it, 'DEPOSIT_WITHHELD') && it.rule !== 'DEPOSIT_REFUND') {
      for (const b of banks) {
        const unit = b.unit ?? fins[0].unit;
        const net = (reg.netToUnits.get(b.key) ?? []).find((n) => n.unit === unit);
        if (!net) continue;
        const note: Note = { kind: 'deposit', loan: net.loan, ratio: net.ratio, deposit: new Money(net.loan).minus(b.amount), source: net.source };
        addFlag(b, 'DEPOSIT_WITHHELD');
        b.note = note;
        for (const x of fins) {
          addFlag(x, 'DEPOSIT_WITHHELD');
          x.note = note;
        }
      }
    }
  }
}

// ---------------------------------------------------------------- WRONG_ACCOUNT

/** The ledger account (科目) a statement account's money is booked to, and how many of its pairs show it. */
export interface LedgerLink {
  /** accountCode, or the 科目名称 when the journal has no code. */
  ledger: string;
  /** "1002.01 银行存款-工行监管户", for sentences. */
  label: string;
  pairs: number;
  /** Pairs of the statement account counted (by rules that are not near matches). */
  of: number;
}

/** A statement account must show this many pairs, this share of them on one 科目, before it is linked. */
const LINK_MIN_PAIRS = 4;
const LINK_SHARE = 0.8;
const LINKING_RULES = new Set<RuleId>(['REFERENCE', 'UNIT_AMOUNT', 'BUYER_AMOUNT_DATE', 'SPLIT', 'DEPOSIT_WITHHELD', 'DEPOSIT_REFUND']);

/** A statement row's account: bank code and account number (the file's name when the statement gives no number). */
export function statementAccountOf(b: BankTransaction): string {
  return `${b.bank}\u0000${b.account ?? `\u0001${b.source.file}`}`;
}

/**
 * statementAccountOf over rows in file order: rows of one account follow each other, so the key is
 * built again (a string and a Map look-up per row at a million rows) only when the account changes;
 * `changed` says whether it did on the last call.
 */
export class StatementAccounts {
  changed = false;
  private account: string | null | undefined;
  private bank = '';
  private file = '';
  private key = '';
  keyOf(b: BankTransaction): string {
    this.changed = b.account !== this.account || b.bank !== this.bank || (b.account === null && b.source.file !== this.file);
    if (this.changed) {
      this.key = statementAccountOf(b);
      this.account = b.account;
      this.bank = b.bank;
      this.file = b.source.file;
    }
    return this.key;
  }
}

/** A journal line's 科目: its code, or its name when the journal has no code. */
export function ledgerOf(l: JournalLine): string {
  return l.accountCode || l.accountName;
}

/** The 科目 a booking is on: its journal line's, or for a booking carried in from last month the one it was carried with (null in reports before it was). */
export function bookedLedgerOf(x: Item): string | null {
  const l = x.fin;
  return l ? ledgerOf(l) : (x.carried?.ledger ?? null);
}

/**
 * Which 科目 each statement account is booked to, learnt from the month's pairs: the journal keeps
 * one 银行存款 sub-account per bank account, so nearly all of an account's credits are booked to
 * one 科目. Only accounts with LINK_MIN_PAIRS pairs or more made by exact rules, LINK_SHARE of them
 * on one 科目, are linked; an account booked to several 科目 alike is left unlinked (nothing to flag).
 */
function linkLedgers(items: Item[]): Map<string, LedgerLink> {
  const count = (byLedger: Map<string, { n: number; label: string }>, c: Item) => {
    const l = c.fin;
    if (!l) return;
    const ledger = ledgerOf(l);
    const e = byLedger.get(ledger);
    if (e) e.n++;
    else byLedger.set(ledger, { n: 1, label: [l.accountCode, l.accountName].filter(Boolean).join(' ') });
  };
  const counts = new Map<string, Map<string, { n: number; label: string }>>();
  const accounts = new StatementAccounts();
  let byLedger: Map<string, { n: number; label: string }> | undefined;
  for (let at = 0; at < items.length; at++) {
    const b = items[at].bank;
    const rule = items[at].rule;
    if (!b || !rule || !LINKING_RULES.has(rule)) continue;
    const key = accounts.keyOf(b);
    if (accounts.changed) {
      byLedger = counts.get(key);
      if (!byLedger) counts.set(key, (byLedger = new Map()));
    }
    const p = items[at].partner;
    if (p) count(byLedger!, p);
    else for (const c of items[at].cps ?? []) count(byLedger!, c);
  }
  const links = new Map<string, LedgerLink>();
  for (const [key, byL] of counts) {
    let of = 0;
    let top: [string, { n: number; label: string }] | null = null;
    for (const e of byL) {
      of += e[1].n;
      if (!top || e[1].n > top[1].n) top = e;
    }
    if (top && of >= LINK_MIN_PAIRS && top[1].n >= of * LINK_SHARE) links.set(key, { ledger: top[0], label: top[1].label, pairs: top[1].n, of });
  }
  return links;
}

/**
 * WRONG_ACCOUNT on a paired group when its bookings' 科目 are not those its credits' accounts are
 * linked to: money in one bank account booked to another's 科目 (or a 组合贷 whose two credits
 * reached two accounts booked on one), so each account's book balance is off by it. A group with a
 * credit from an unlinked account is left alone.
 */
function flagWrongAccounts(items: Item[], links: Map<string, LedgerLink>): void {
  if (!links.size) return;
  // Its link is looked up again only when the account changes.
  const accounts = new StatementAccounts();
  let lastLink: LedgerLink | undefined;
  const linkOf = (b: BankTransaction): LedgerLink | undefined => {
    const key = accounts.keyOf(b);
    if (accounts.changed) lastLink = links.get(key);
    return lastLink;
  };
  // A credit carried in from last month has no statement row: its account's 科目 is the one it was carried with.
  const creditLedger = (x: Item): string | null => {
    const b = x.bank;
    return b ? (linkOf(b)?.ledger ?? null) : (x.carried?.ledger ?? null);
  };
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    if ((!it.bank && !it.carried) || it.side !== 'bank' || !it.hasCps || it.rule === 'REVERSAL') continue;
    const p = it.partner;
    if (p && p.partner) {
      // A plain pair, most of a month: no group to build.
      const credited = creditLedger(it);
      const booked = credited === null ? null : bookedLedgerOf(p);
      if (booked !== null && booked !== credited) {
        addFlag(it, 'WRONG_ACCOUNT');
        addFlag(p, 'WRONG_ACCOUNT');
      }
      continue;
    }
    const group = matchGroup(it);
    if (group.some((x) => x.side === 'bank' && x.i < it.i)) continue; // judged once, from its first credit
    const linked = new Set<string>();
    let unlinked = false;
    for (const x of group) {
      if (x.side !== 'bank') continue;
      const ledger = creditLedger(x);
      if (ledger !== null) linked.add(ledger);
      else unlinked = true;
    }
    if (unlinked) continue;
    const booked = new Set<string>();
    for (const x of group) {
      const ledger = x.side === 'finance' ? bookedLedgerOf(x) : null;
      if (ledger !== null) booked.add(ledger);
    }
    // Each account's money on its own 科目: a 组合贷 whose provident part reached another account but
    // was booked with the bank part leaves both accounts off, as a plain misbooking does.
    const same = booked.size === linked.size && [...booked].every((l) => linked.has(l));
    if (booked.size && !same) for (const x of group) addFlag(x, 'WRONG_ACCOUNT');
  }
}

/**
 * Keeps of an open row's tie only the candidates, rivals and combinations still open (a later rule
 * may have paired some elsewhere); true when a candidate is left, i.e. the row is AMBIGUOUS.
 */
function openTie(it: Item): boolean {
  const cands = it.cands;
  if (!cands) return false;
  const open = cands.filter((c) => !c.taken);
  if (!open.length) {
    clearTie(it);
    return false;
  }
  if (open.length !== cands.length) it.cands = open;
  const rivals = it.rivals?.filter((r) => !r.taken);
  it.rivals = rivals && rivals.length ? rivals : null;
  const combos = it.combos?.filter((g) => g.every((c) => !c.taken));
  it.combos = combos && combos.length ? combos : null;
  return true;
}

/** date.slice(0, 7) === period, without a new string per row. */
function inPeriod(date: string, period: string): boolean {
  return period.length === 7 ? date.startsWith(period) : date.slice(0, 7) === period;
}

export function reconcileItems(input: ReconcileInput): Engine {
  const phases: Record<string, number> = {};
  let t0 = Date.now();
  const lap = (name: string) => {
    const t = Date.now();
    phases[name] = (phases[name] ?? 0) + (t - t0);
    t0 = t;
  };
  const reg = indexRegister(input.register ?? [], input.depositRatios);
  const items = buildItems(input, reg);
  lap('index');
  const ids = unitIds(items);
  const byRef = markDuplicates(items, ids);
  classify(items, input.config);
  lap('classify');
  const { dateWindowDays, nearWindowDays } = input.config;
  const open = openRows(items);
  ruleReference(open, byRef, false);
  ruleUnitAmount(open, ids);
  ruleBuyerAmount(open, dateWindowDays);
  ruleSplit(open, reg, nearWindowDays);
  ruleDeposit(open, reg, input.config);
  ruleNear(open, byRef, nearWindowDays, dateWindowDays, input.config);
  noteEarlyBookings(open, dateWindowDays, nearWindowDays);
  lap('rules');
  finishMatches(items, reg, input.config);
  const ledgers = linkLedgers(items);
  flagWrongAccounts(items, ledgers);
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    if (it.aside) continue;
    if (!it.taken) {
      if (openTie(it)) addFlag(it, 'AMBIGUOUS');
      else if (!it.carried && !it.carriedCopy && !inPeriod(it.date, input.period)) {
        /* out of period and unmatched: OUT_OF_PERIOD alone */
      } else addFlag(it, it.side === 'bank' ? 'MISSING_IN_FINANCE' : 'MISSING_IN_BANK');
    } else clearTie(it);
  }
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    if (it.rej || it.carried) continue;
    const date = it.date;
    if (date && !inPeriod(date, input.period)) addFlag(it, 'OUT_OF_PERIOD');
  }
  lap('finish');
  return { items, period: input.period, config: input.config, register: reg, ledgers, phases };
}
