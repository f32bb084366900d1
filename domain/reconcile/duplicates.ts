import { toFixed2 } from '../money';
import { normaliseName } from '../units';
import { maskPersonalText } from './mask';
import { StringIds } from './stringIds';
import { DUPLICATE_TEXT, WRONG_ACCOUNT_TEXT, type Flag } from './types';
import { bookedLedgerOf } from './accounts';
import { type AmountKey, isNegativeKey } from './amountKey';
import { Item, type Multi, addFlag, madd, push, textOf } from './item';
import { refTokens } from './pairing';
import { previousMonth } from '../dates';
import { voucherIdentity } from './voucher';

/** Dense unit ids for grouping, then DUPLICATE_BANK and DUPLICATE_FINANCE: the first occurrence is reconciled, later copies carry only the flag. */

/**
 * Dense integer ids (1, 2, …; 0: none) for the units rows carry before matching starts, by row
 * position (Item.i). Grouping a million rows by unit through a Map of strings costs a hash lookup
 * per row per grouping (several, each a cache miss at that size); with ids, every later grouping
 * by those units is a counting sort over typed arrays (see byUnit). Only valid while units do not
 * change: DEPOSIT_REFUND assigns units, so rules after it group by the strings again.
 */
export interface UnitIds {
  of: Int32Array;
  count: number;
}

export function unitIds(items: readonly Item[]): UnitIds {
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
export function groupByUnit(rows: readonly Item[], ids: UnitIds): ByUnit {
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
export interface RefIndex {
  refs: StringIds;
  rows: (Item | Item[])[];
}

/**
 * Marks duplicates; returns the bank rows with a 流水号 by reference (see markBankDuplicates).
 * `seenFinance`: the journal lines last month's report read (ReconcileInput.seenFinance), when it records them.
 */
export function markDuplicates(items: Item[], ids: UnitIds, period: string, seenFinance: ReadonlySet<string> | null = null): RefIndex {
  restoreLeadingZeros(items);
  const byRef = markBankDuplicates(items);
  markFinanceDuplicates(items, ids, period, seenFinance);
  return byRef;
}

/**
 * A booking's 摘要 as a repeated entry repeats it: normalised (blanks, full-width forms, case), and
 * without a leading mark of a re-entry ("补记：收3-2-1501张三按揭款" is the booking it says it makes up for).
 */
function summaryKey(it: Item): string {
  // A carried booking entered twice (or booked to the wrong account) is that booking: its own line, exported again, repeats it.
  const text = it.fin?.summary ?? textOf(it);
  const mark = text.startsWith(DUPLICATE_TEXT) ? DUPLICATE_TEXT.length : text.startsWith(WRONG_ACCOUNT_TEXT) ? WRONG_ACCOUNT_TEXT.length : 0;
  const s = normaliseName(mark ? text.slice(mark) : text);
  return REENTRY_MARK.test(s) ? s.replace(REENTRY_MARK, '') : s;
}
const REENTRY_MARK = /^(?:补记|补录|补登|补入|重记|重录)[:;,.、。\-—]*/;

/**
 * A DUPLICATE_FINANCE row that is the very journal line of its original (same 凭证字号, by voucherIdentity, and date), in
 * another file (two lines of one voucher in one file are booked twice): last month's booking in a journal export that starts before this month. It is in
 * the books once, not booked twice: nothing to 冲销, in no balance.
 */
export function isReexportedLine(it: Item): boolean {
  const of = it.note?.kind === 'duplicate' ? it.note.of : null;
  if (!of || it.side !== 'finance' || of.file === it.file) return false;
  const v = voucherOf(it);
  if (v === '' || of.date !== it.date) return false;
  // One 凭证字号 however each export spells it (last month's 记-0005, this month's 记-5).
  const w = voucherOf(of);
  return v === w || voucherIdentity(v) === voucherIdentity(w);
}

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

/**
 * A bank row without 流水号 as an open item carried to next month keeps it: bank, date, time, amount
 * and its words (memo, and the payer unless the memo names them, masked as the report writes them).
 */
function carriedIdentity(it: Item): string {
  const b = it.bank;
  const text = b ? statementText(b.memo, b.counterpartyName) : (it.carried?.text ?? '');
  return `${it.bankCode ?? ''}|${it.date}|${it.time ?? ''}|${it.fen}|${maskPersonalText(text)}`;
}

/**
 * A statement row as next month's report recognises it when the row is exported again (--previous,
 * "seen"): a 53-bit hash of its 流水号 identity (refIdentity's parts), else of the words an open item
 * keeps (carriedIdentity's). Hashed part by part, with no identity text built: it is asked of every
 * statement row of a month (a million at 1M rows), where building and hashing the texts cost seconds.
 */
export function seenHash(it: Item): number {
  hashStart();
  hashText(it.bankCode ?? '');
  const key = it.key;
  if (it.ref) {
    hashText(it.ref);
    hashAmount(key);
    hashText(it.date);
  } else {
    const b = it.bank;
    hashText(it.date);
    hashText(it.time ?? '');
    hashAmount(key);
    hashText(maskPersonalText(b ? statementText(b.memo, b.counterpartyName) : (it.carried?.text ?? '')));
  }
  return hashEnd();
}

/** seenHash as the report records it (base 36). */
export function seenIdentity(it: Item): string {
  return base36(seenHash(it));
}

/**
 * A journal line as next month's report recognises it when the line is exported again (--previous,
 * "seenFinance"): a 53-bit hash of its 凭证字号 and date — what makes a DUPLICATE_FINANCE line its
 * original's journal line exported again (isReexportedLine) — with its 科目 and amount, which the
 * line keeps in every export (not its 摘要 or 辅助核算, which may be edited on a posted voucher).
 * The 凭证字号 is hashed as voucherIdentity spells it, so that a line exported again as 记-2 after
 * 记-0002 is still the line read. Hashed part by part, as seenHash.
 */
export function seenFinanceHash(it: Item): number {
  return financeHash(it, voucherIdentity(voucherOf(it)));
}

/** seenFinanceHash as the report records it (base 36). */
export function seenFinanceIdentity(it: Item): string {
  return base36(seenFinanceHash(it));
}

/**
 * Did last month's report read this journal line (its "seenFinance" record)? Reports written before
 * the record spelt 凭证字号 as voucherIdentity does hashed them as exported (记-0002): a line whose
 * spelling differs from voucherIdentity's is also looked up so, and is found when finance exported it
 * the same way both months. (The two hashes of one line are equal when it is spelt 记-2 already.)
 */
export function seenFinanceHas(seenFinance: ReadonlySet<string>, it: Item): boolean {
  const voucher = voucherOf(it);
  const canonical = voucherIdentity(voucher);
  return seenFinance.has(base36(financeHash(it, canonical))) || (canonical !== voucher && seenFinance.has(base36(financeHash(it, voucher))));
}

function voucherOf(it: Item): string {
  return it.fin?.voucher || it.carried?.voucher || '';
}

function financeHash(it: Item, voucher: string): number {
  hashStart();
  hashText(voucher);
  hashText(it.date);
  hashText(bookedLedgerOf(it) ?? '');
  hashAmount(it.key);
  return hashEnd();
}

const DIGITS36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A whole number below 2^53 in base 36, as n.toString(36) writes it: V8's radix conversion goes
 * through its general floating-point path (~1 µs a number, a second for a month's million rows).
 * Math.floor(x / 36) is exact: below 2^53 the quotient is under 2^48, where half a unit in the last
 * place (≤ 2^-6) is less than the 1/36 a fraction of it is away from the next whole number.
 */
export function base36(n: number): string {
  let out = '';
  let x = n;
  do {
    const q = Math.floor(x / 36);
    out = DIGITS36[x - q * 36] + out;
    x = q;
  } while (x > 0);
  return out;
}

// cyrb53's state, fed part by part (each part ends with a separator, so "ab|c" and "a|bc" differ).
let h1 = 0;
let h2 = 0;
function hashStart(): void {
  h1 = 0xdeadbeef;
  h2 = 0x41c6ce57;
}
function hashUnit(c: number): void {
  h1 = Math.imul(h1 ^ c, 2654435761);
  h2 = Math.imul(h2 ^ c, 1597334677);
}
function hashText(text: string): void {
  for (let i = 0; i < text.length; i++) hashUnit(text.charCodeAt(i));
  hashUnit(0x1f);
}
/** An amount key (Item.key): the integer fen as two 16-bit-and-more halves, or its text for a large one. */
function hashAmount(key: Item['key']): void {
  if (typeof key === 'number') {
    hashUnit(0x10000 | (key & 0xffff));
    hashUnit(0x20000 | (key >>> 16));
    hashUnit(0x1f);
  } else hashText(key);
}
function hashEnd(): number {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A statement row's words as an open item carries them: its memo, and the payer unless the memo already names them. */
export function statementText(memo: string | null, payer: string | null): string {
  const m = (memo ?? '').trim();
  const p = (payer ?? '').trim();
  return p && !m.includes(p) ? `${m} ${p}`.trim() : m;
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
  // Last month's open rows without a 流水号, and this month's rows that may repeat one, by carriedIdentity.
  const carriedRows = items.some((it) => it.carried && it.side === 'bank' && !it.ref) ? new Map<string, Item>() : null;
  const fresh = new Map<string, Item>();
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    if (it.side !== 'bank' || it.aside) continue;
    if (carriedRows && !it.ref) {
      // One of last month's open rows exported again (a January statement from 12-28): the carried
      // item keeps no account, balance or counterparty account to compare, so it is its repeat by
      // what it keeps. Each carried row takes one repeat; whichever comes first is the original.
      const id = carriedIdentity(it);
      const other = it.carried ? fresh.get(id) : carriedRows.get(id);
      if (other) {
        (it.carried ? fresh : carriedRows).delete(id);
        markDuplicate(it, 'DUPLICATE_BANK', other);
        continue;
      }
      if (it.carried) {
        carriedRows.set(id, it);
        continue;
      }
      if (!fresh.has(id)) fresh.set(id, it);
    }
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
  markResavedCopies(items);
  return { refs, rows };
}

/**
 * A bank that pads its 流水号 with zeros (0021261120000001) loses them when its export is opened in
 * Excel and saved again: the copy holds 21261120000001. Such a row would meet neither the original
 * (two disbursements instead of one row exported twice), nor a booking quoting the reference, nor
 * last month's open item. Its zeros are put back — `ref` reads the original's reference — only when
 * the digits equal exactly one zero-led reference of the same bank elsewhere (another statement,
 * an item carried in; or the 摘要/辅助核算 of a booking when the cell was a number), in another file,
 * and something says the zeros were lost:
 *  - the cell was a number, not text (BankTransaction.referenceWasNumber);
 *  - the other digit references of the row's own file have the padded length; or
 *  - the original's file numbers every row with that many digits (two or more, all that long).
 * Duplicates still need the same bank, amount, date and account (refIdentity), a booking the same amount.
 */
function restoreLeadingZeros(items: Item[]): void {
  // What each file's digit references look like: one pass, no strings made.
  const files = new Map<string, RefShape>();
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    if (it.side !== 'bank') continue;
    const r = it.ref;
    if (!r || !isDigits(r)) continue;
    let f = files.get(it.file);
    if (!f) files.set(it.file, (f = { bank: it.bankCode ?? '', lengths: new Map(), zeroLed: 0, plain: 0, numbers: false }));
    f.lengths.set(r.length, (f.lengths.get(r.length) ?? 0) + 1);
    if (r.charCodeAt(0) === 48) f.zeroLed++;
    else f.plain++;
    if (it.bank?.referenceWasNumber) f.numbers = true;
  }
  // Files that may hold references without their zeros: digit references that are not zero-led, and
  // a number cell among them or another input of the bank with zero-led ones. Usually none.
  const banksPadding = new Set<string>();
  for (const f of files.values()) if (f.zeroLed) banksPadding.add(f.bank);
  const suspect = new Set<string>();
  for (const [file, f] of files) if (f.plain && (f.numbers || [...files].some(([other, g]) => other !== file && g.bank === f.bank && g.zeroLed > 0))) suspect.add(file);
  if (!suspect.size) return;
  // Their rows by bank and digits; the zero-led references found for each.
  const rows = new Map<string, Item[]>();
  // Those whose cell was a number, by their digits alone (a booking names no bank).
  const numbers = new Map<string, Item[]>();
  for (const it of items) {
    const r = it.ref;
    if (it.side !== 'bank' || !it.bank || !r || !suspect.has(it.file) || r.charCodeAt(0) === 48 || !isDigits(r)) continue;
    push(rows, `${it.bankCode ?? ''}|${r}`, it);
    if (it.bank.referenceWasNumber) push(numbers, r, it);
  }
  const found = new Map<Item, Set<string>>();
  const note = (it: Item, ref: string): void => {
    const set = found.get(it);
    if (set) set.add(ref);
    else found.set(it, new Set([ref]));
  };
  for (const o of items) {
    const r = o.ref;
    if (o.side !== 'bank' || !r || r.length < 2 || r.charCodeAt(0) !== 48 || !banksPadding.has(o.bankCode ?? '') || !isDigits(r)) continue;
    const cands = rows.get(`${o.bankCode ?? ''}|${r.replace(/^0+/, '')}`);
    if (!cands) continue;
    const theirs = files.get(o.file);
    // The original's file numbers every row with that many digits.
    const fixed = !!theirs && theirs.lengths.size === 1 && (theirs.lengths.get(r.length) ?? 0) >= 2;
    for (const c of cands) {
      if (c.file === o.file) continue;
      // The cell was a number; or the other references of the row's own file have the padded length.
      if (c.bank?.referenceWasNumber || (files.get(c.file)?.lengths.get(r.length) ?? 0) > 0 || fixed) note(c, r);
    }
  }
  // A booking quoting the zero-led reference: evidence enough for a cell that was a number.
  if (numbers.size) {
    for (const f of items) {
      if (f.side !== 'finance') continue;
      for (const t of refTokens(f) ?? []) {
        if (t.length < 2 || t.charCodeAt(0) !== 48 || !isDigits(t)) continue;
        for (const c of numbers.get(t.replace(/^0+/, '')) ?? []) note(c, t);
      }
    }
  }
  for (const [it, refs] of found) if (refs.size === 1) it.restoreRef([...refs][0]);
}

interface RefShape {
  bank: string;
  /** How many of the file's digit references have each length. */
  lengths: Map<number, number>;
  zeroLed: number;
  plain: number;
  /** A 流水号 cell of the file was a number. */
  numbers: boolean;
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
}

/**
 * A row whose 流水号 or 对方账号 lost its digits (BankTransaction.digitsLost: the bank's file saved
 * again by Excel) meets its original neither by reference nor by the full content key above, so the
 * export and its re-saved copy given together made every credit AMBIGUOUS between them. Such a row is
 * compared on all else the statement shows — account, date, time, amount, payer, memo, balance — with
 * rows of other files, where a time or a balance makes a row unique: the later one is the copy.
 */
function markResavedCopies(items: Item[]): void {
  let any = false;
  for (let at = 0; at < items.length && !any; at++) any = items[at].side === 'bank' && !!items[at].bank?.digitsLost;
  if (!any) return;
  const first = new Map<string, Item>();
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    const b = it.bank;
    if (it.side !== 'bank' || it.aside || !b || !(it.time || b.balance)) continue;
    const key = `${b.account ?? ''}|${it.date}|${it.time ?? ''}|${it.fen}|${b.counterpartyName ?? ''}|${b.memo ?? ''}|${b.balance ? toFixed2(b.balance) : ''}`;
    const prev = first.get(key);
    if (!prev) first.set(key, it);
    else if (prev.file !== it.file && (b.digitsLost || prev.bank?.digitsLost)) markDuplicate(it, 'DUPLICATE_BANK', prev);
  }
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
 *
 * With last month's open bookings carried in (--previous), a line of this month's journal dated before
 * the period that is not one of them (not a carried booking's own line exported again: same 凭证字号
 * and date) was reconciled in last month's report: it is no entry of a carried booking's group. A
 * booking entered twice in November (记-6 reconciled with its credit, 记-7 carried as 重复入账待冲销),
 * both exported again in December's journal from 11-28: 记-7's line is 记-7 again (isReexportedLine),
 * and 记-6's is not a further duplicate of 记-7 (it stays OUT_OF_PERIOD, 余额调节表's 不计入本表, or
 * pairs with its credit exported again); 记-7 alone stays open until its 冲销. A line dated last month
 * that last month's report did not read (`seenFinance`: 记-9, dated 11-30, entered a third time after
 * November's run) was not reconciled there: it stays in the group, a further duplicate.
 */
function markFinanceDuplicates(items: Item[], ids: UnitIds, period: string, seenFinance: ReadonlySet<string> | null): void {
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
  const periodStart = `${period}-01`;
  const lastStart = `${previousMonth(period)}-01`;
  for (let g = 0; g < groups.length; g++) {
    const carried = groups[g].filter((it) => it.carried);
    // Which line is a carried booking's own is known by its 凭证字号 (reports before it was carried have none).
    if (!carried.length || carried.some((c) => !c.carried!.voucher)) continue;
    // A carried booking's own line is known however the export spells its 凭证字号 this month (记-0005 carried, exported again as 记-5): each line's voucherIdentity once.
    const carriedLines = new Set(carried.map((c) => `${voucherIdentity(c.carried!.voucher!)}|${c.date}`));
    // A line of last month that its report did not read (seenFinance: a voucher entered after that run) was not reconciled there: it is one of the group's entries.
    const reconciledLastMonth = (it: Item) => !it.carried && !!it.date && it.date < periodStart && !carriedLines.has(`${voucherIdentity(it.fin?.voucher ?? '')}|${it.date}`) && !(seenFinance && it.date >= lastStart && !seenFinanceHas(seenFinance, it));
    const entries = groups[g].filter((it) => !reconciledLastMonth(it));
    if (entries.length !== groups[g].length) groups[g] = entries;
  }
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
