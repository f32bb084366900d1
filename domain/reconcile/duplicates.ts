import { toFixed2 } from '../money';
import { normaliseName } from '../units';
import { maskPersonalText } from './mask';
import { StringIds } from './stringIds';
import { DUPLICATE_TEXT, WRONG_ACCOUNT_TEXT, type Flag } from './types';
import { bookedLedgerOf } from './accounts';
import { type AmountKey, isNegativeKey } from './amountKey';
import { Item, type Multi, addFlag, madd, push, textOf } from './item';

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

/** Marks duplicates; returns the bank rows with a 流水号 by reference (see markBankDuplicates). */
export function markDuplicates(items: Item[], ids: UnitIds): RefIndex {
  const byRef = markBankDuplicates(items);
  markFinanceDuplicates(items, ids);
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
 * A DUPLICATE_FINANCE row that is the very journal line of its original (same 凭证字号 and date), in
 * another file (two lines of one voucher in one file are booked twice): last month's booking in a journal export that starts before this month. It is in
 * the books once, not booked twice: nothing to 冲销, in no balance.
 */
export function isReexportedLine(it: Item): boolean {
  const of = it.note?.kind === 'duplicate' ? it.note.of : null;
  if (!of || it.side !== 'finance' || of.file === it.file) return false;
  const v = it.fin?.voucher || it.carried?.voucher || '';
  return v !== '' && v === (of.fin?.voucher || of.carried?.voucher || '') && of.date === it.date;
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
