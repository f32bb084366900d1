import Decimal from 'decimal.js';
import { Money } from '../money';
import type { ReconcileConfig } from './types';
import { type AmountKey, amountKey } from './amountKey';
import { payerClash } from './buyers';
import { type RefIndex, type UnitIds, groupByUnit } from './duplicates';
import { Item, type Multi, type Note, addFlag, includesAny, madd, mlist, push, textOf } from './item';
import { MAX_GROUP, type Open, type Score, days, pair, pairByAmount, pairUnique, recordTie, refTokens, remaining, runKeyed } from './pairing';
import { type DepositTerm, type RegisterIndex, depositsOf, loansOf, netOfDeposit, registerUnitOf } from './registerIndex';

/** The ordered matching rules: REFERENCE → UNIT_AMOUNT → BUYER_AMOUNT_DATE → PROVIDENT_REGISTER → SPLIT → DEPOSIT_WITHHELD / DEPOSIT_REFUND → NEAR_*. */

/** byRef: the bank rows with a 流水号 by reference (markBankDuplicates); rows already taken are skipped. */
export function ruleReference(open: Open, byRef: RefIndex, near: boolean): void {
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
export function ruleUnitAmount(open: Open, ids: UnitIds): void {
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

export function ruleBuyerAmount(open: Open, window: number): void {
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

/**
 * A credit from the provident-fund centre that names neither buyer nor unit ("公积金贷款发放", the
 * centre as payer: its name is dropped when the rows are built): the register's provident loans say
 * whose it can be. It pairs with the one open booking of its amount, within the date window, of a
 * unit whose provident loan is that amount; several such bookings (two units with equal provident
 * loans) are a tie, AMBIGUOUS with each named. The credit takes the booking's unit, from the register.
 */
export function ruleProvidentByRegister(open: Open, reg: RegisterIndex, config: ReconcileConfig, window: number): void {
  if (!reg.byUnit.size) return;
  const credits: Item[] = [];
  const banks = remaining(open, 'bank');
  for (let k = 0; k < banks.length; k++) {
    const b = banks[k];
    if (b.unit === null && b.name === null && !b.cands && b.amount.gt(0) && includesAny(textOf(b), config.providentKeywords) !== null) credits.push(b);
  }
  if (!credits.length) return;
  const unitsByLoan = new Map<AmountKey, string[]>();
  for (const u of reg.byUnit.values()) if (u.providentLoan && u.providentLoan.gt(0)) push(unitsByLoan, amountKey(u.providentLoan), u.unitKey);
  const wanted = new Set<string>();
  for (const b of credits) for (const u of unitsByLoan.get(b.key) ?? []) wanted.add(u);
  if (!wanted.size) return;
  const finByUnit = new Map<string, Item[]>();
  for (const f of remaining(open, 'finance')) if (f.unit !== null && wanted.has(f.unit)) push(finByUnit, f.unit, f);
  for (const b of credits) {
    const cands: Item[] = [];
    for (const u of unitsByLoan.get(b.key) ?? []) for (const f of finByUnit.get(u) ?? []) if (!f.taken && f.key === b.key && days(f, b) <= window) cands.push(f);
    if (cands.length === 1) {
      pair([b], cands, 'PROVIDENT_REGISTER');
      b.unit = cands[0].unit;
      b.unitFrom = 'register';
    } else if (cands.length > 1) recordTie(b, cands);
  }
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

/**
 * The rows of `cands` that could be a part of a split of `target`: open, less than it, within the
 * window of `anchor`; each once, in output order. (A part less than the whole of a pair is positive
 * by itself: its other part is the rest. A part of three is asked to be positive as well.)
 */
function partsOf(cands: Item[], target: Decimal, anchor: Item, window: number): Item[] {
  return [...new Set(cands)].filter((c) => !c.taken && days(c, anchor) <= window && c.amount.lt(target)).sort((a, b) => a.i - b.i);
}

/** Pairs from `list` (partsOf) whose amounts add up to `target`. */
function pairsSumming(list: Item[], target: Decimal): Item[][] {
  if (list.length > MAX_GROUP) return [];
  const byFen = new Map<AmountKey, Item[]>();
  for (let at = 0; at < list.length; at++) {
    const c = list[at];
    push(byFen, c.key, c);
  }
  const out: Item[][] = [];
  for (let at = 0; at < list.length; at++) {
    const a = list[at];
    const rest = amountKey(new Money(target).minus(a.amount));
    for (const b of byFen.get(rest) ?? []) if (b.i > a.i) out.push([a, b]);
  }
  return out;
}

/**
 * The most candidates a three-part split is looked for among. Every two of them are tried (n(n − 1)/2
 * look-ups for the third, and as many combinations at most times the rows of an amount), so a unit or
 * buyer with more open rows than this — a catch-all customer, one investor's sixty car parks — gets
 * no three-part search at all: its rows stay to the near rules and end ambiguous or missing, as a
 * two-part group of more than MAX_GROUP does. A real month has two to four credits per unit.
 */
export const MAX_SPLIT3 = 24;

/**
 * Threes from `list` (partsOf, each part positive and not in a tie of an earlier rule) whose amounts
 * add up to `anchor`'s, to the fen: in integer fen (amountKey) while the amounts are below
 * ¥10,000,000, in Decimal above. Each combination once, its parts in output order.
 */
function triplesSumming(list: Item[], anchor: Item): Item[][] {
  const parts = list.filter((c) => !c.taken && !c.cands && c.amount.gt(0));
  if (parts.length < 3 || parts.length > MAX_SPLIT3) return [];
  const byFen = new Map<AmountKey, Item[]>();
  for (const c of parts) push(byFen, c.key, c);
  const t = anchor.key;
  const out: Item[][] = [];
  for (let x = 0; x + 2 < parts.length; x++) {
    const a = parts[x];
    for (let y = x + 1; y + 1 < parts.length; y++) {
      const b = parts[y];
      const rest = typeof t === 'number' && typeof a.key === 'number' && typeof b.key === 'number' ? t - a.key - b.key : amountKey(new Money(anchor.amount).minus(a.amount).minus(b.amount));
      for (const c of byFen.get(rest) ?? []) if (c.i > b.i) out.push([a, b, c]);
    }
  }
  return out;
}

/**
 * SPLIT — a 组合贷 or a loan paid or booked in parts: (a) two credits against one booking, (b) one
 * credit against two, then (c) three credits against one booking, (d) one credit against three
 * (a loan disbursed in two tranches plus its provident part; or finance booking one credit as 商贷 /
 * 公积金 / 补充). Every group is paired only when unique from both sides (pairUnique): a booking two
 * combinations add up to, or a combination two bookings could take, is a tie (AMBIGUOUS, the
 * combinations listed).
 *
 * Two parts before three, over the whole month: a three-part group is looked for only among rows that
 * no two-part group took or claimed in a tie, and a booking one pair of credits adds up to is paired
 * with it even when three other credits would add up to it too — as an exact credit of the booking's
 * amount (UNIT_AMOUNT) is paired before any split is tried. Fewer parts are the likelier reading: a
 * 组合贷 is two credits, and the more parts, the more often round amounts add up by chance; the credits
 * left over then show as missing, which is what an accountant must look at either way.
 *
 * The parts of three are found among the same candidates as those of two (same unit, or the buyer's
 * name with no other unit, or the register's loan amounts; within `window`), at most MAX_SPLIT3 of
 * them, so the work per row is bounded whatever the month holds.
 */
export function ruleSplit(open: Open, reg: RegisterIndex, window: number): void {
  let p = pools(open);
  // (a) a bank credit plus a provident-fund credit (two credits) against one booking.
  // A row found by the buyer's name whose own unit is known and another is not a part of this unit's
  // loan: a buyer of two units (3-2-1501 and 3-2-1502) had the 1502 credit absorbed into 1501's 组合贷.
  const sameUnit = (x: Item, y: Item) => !x.unit || !y.unit || x.unit === y.unit;
  const twoCredits = new Map<Item, Item[][]>();
  // The rows with no pair but three or more candidate parts, and those parts: (c) and (d) look among them.
  const creditParts = new Map<Item, Item[]>();
  for (const f of remaining(open, 'finance')) {
    const cands: Item[] = live(f.unit ? p.bankByUnit.get(f.unit) : undefined);
    if (f.name) for (const b of live(p.bankByName.get(f.name))) if (sameUnit(b, f)) cands.push(b);
    // The booking's unit in the register: of a code two projects share, the one whose buyer it names.
    const u = registerUnitOf(reg, f);
    if (u) {
      for (const loan of loansOf(u)) {
        for (const b of live(p.bankByFen.get(amountKey(loan)))) if (!b.unit || b.unit === f.unit) cands.push(b);
      }
      for (const d of depositsOf(reg, u)) for (const b of live(p.bankByFen.get(amountKey(netOfDeposit(d.loan, d.ratio))))) if (!b.unit || b.unit === f.unit) cands.push(b);
    }
    if (cands.length < 2) continue;
    const list = partsOf(cands, f.amount, f, window);
    const found = pairsSumming(list, f.amount);
    if (found.length) twoCredits.set(f, found);
    else if (list.length >= 3) creditParts.set(f, list);
  }
  const creditsToBooking = (f: Item, banks: Item[]) => {
    pair(banks, [f], 'SPLIT');
    for (const x of [...banks, f]) addFlag(x, 'SPLIT_MATCH');
  };
  pairUnique(twoCredits, creditsToBooking);
  p = pools(open);
  // (b) one credit against two bookings.
  const twoBookings = new Map<Item, Item[][]>();
  const bookingParts = new Map<Item, Item[]>();
  for (const b of remaining(open, 'bank')) {
    const cands: Item[] = live(b.unit ? p.finByUnit.get(b.unit) : undefined);
    if (b.name) for (const f of live(p.finByName.get(b.name))) if (sameUnit(b, f)) cands.push(f);
    if (cands.length < 2) continue;
    const list = partsOf(cands, b.amount, b, window);
    const found = pairsSumming(list, b.amount);
    if (found.length) twoBookings.set(b, found);
    else if (list.length >= 3) bookingParts.set(b, list);
  }
  const creditToBookings = (b: Item, fins: Item[]) => {
    pair([b], fins, 'SPLIT');
    for (const x of [b, ...fins]) addFlag(x, 'SPLIT_MATCH');
  };
  pairUnique(twoBookings, creditToBookings);
  // (c) three credits against one booking, (d) one credit against three bookings: rows (a) and (b)
  // left open and out of any tie, among the candidates they were found with (rows are only ever taken,
  // so those lists hold every candidate still open).
  pairUnique(threes(creditParts), creditsToBooking);
  pairUnique(threes(bookingParts), creditToBookings);
}

/** Per open row not in a tie, its three-part combinations (triplesSumming), where it has any. */
function threes(partsOfRow: Map<Item, Item[]>): Map<Item, Item[][]> {
  const found = new Map<Item, Item[][]>();
  for (const [row, list] of partsOfRow) {
    if (row.taken || row.cands) continue;
    const g = triplesSumming(list, row);
    if (g.length) found.set(row, g);
  }
  return found;
}

export function ruleDeposit(open: Open, reg: RegisterIndex, config: ReconcileConfig): void {
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
 * is not paired here: see noteEarlyBookings. A credit carried in with --previous (or this month's
 * export of it) has no upper limit: it is an item last month's 余额调节表 listed as 银行已收企业未收,
 * waiting for exactly this booking, and one booked two or three months late still closes it (the
 * pairing must still be unique on both sides). REFERENCE and UNIT_AMOUNT have no limit either.
 */
function ruleBuyerLate(open: Open, window: number, nearWindow: number): void {
  const late: Score = (f, b) => {
    if (f.cands || b.cands) return null;
    const d = f.day - b.day;
    return d > window && (d <= nearWindow || !!b.carried || !!b.carriedCopy) ? 0 : null;
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
export function noteEarlyBookings(open: Open, window: number, nearWindow: number): void {
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

export function ruleNear(open: Open, byRef: RefIndex, window: number, shortWindow: number, config: ReconcileConfig): void {
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
