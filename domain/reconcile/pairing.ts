import Decimal from 'decimal.js';
import { Money } from '../money';
import type { RuleId, Side } from './types';
import type { AmountKey } from './amountKey';
import { Item, type Multi, madd, mlist, textOf } from './item';

/** Pairing primitives the rules share: pair, ties (AMBIGUOUS candidates and rivals), pairing within a group by score, and the open-row pools. */

export function pair(bank: Item[], fin: Item[], rule: RuleId): void {
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

export function clearTie(x: Item): void {
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
export function recordTie(a: Item, cands: Item[]): void {
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
export function pairUnique(found: Map<Item, Item[][]>, make: (row: Item, group: Item[]) => void): void {
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
  // Per tie row, the rows of its groups; per member, the rows it shares a group with (itself among them).
  // Both are gathered in one pass over the groups: a member's rivals were found by walking every group
  // of every row claiming it, for each row using it — 60 equal credits against 60 bookings of two of
  // them (1,770 pairs each) took 35 s.
  const membersOf = new Map<Item, Set<Item>>();
  const partners = new Map<Item, Set<Item>>();
  for (const row of ties) {
    const members = new Set<Item>();
    for (const g of found.get(row)!)
      for (const m of g) {
        members.add(m);
        let with_ = partners.get(m);
        if (!with_) partners.set(m, (with_ = new Set<Item>()));
        for (const y of g) with_.add(y);
      }
    membersOf.set(row, members);
  }
  for (const row of ties) {
    const groups = found.get(row)!;
    const members = membersOf.get(row)!;
    const rivals = new Set<Item>();
    for (const m of members) for (const r of claims.get(m)!) if (r !== row) rivals.add(r);
    addTie(row, [...members], [...rivals], groups[0].length > 1 ? groups : null);
  }
  // A member's rivals: the rows its claimants could take instead of it (not its partners in a split).
  // Every row claiming a member is a tie (contested), so membersOf has it.
  for (const [m, with_] of partners) {
    const other = new Set<Item>();
    for (const r of claims.get(m)!) for (const y of membersOf.get(r)!) if (!with_.has(y)) other.add(y);
    addTie(m, claims.get(m)!, [...other]);
  }
}

export const MAX_GROUP = 64;

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

export function sum(items: Item[]): Decimal {
  let s: Decimal = new Money(0);
  for (const x of items) s = s.plus(x.amount);
  return s;
}

export function days(a: Item, b: Item): number {
  return Math.abs(b.day - a.day);
}

export type Score = (f: Item, b: Item) => number | null;

/**
 * Runs pairGroup over the rows that share a key (a unit, a buyer) and, with `sameAmount`, the same
 * amount. Rows are grouped by the key string they already carry and split by amount only where a
 * key has several rows, rather than building a "key|amount" string for every row. Groups are
 * disjoint on both sides, so the order they are visited in does not change what is paired.
 */
export function runKeyed(fins: readonly Item[], banks: readonly Item[], keyOf: (x: Item) => string | null, sameAmount: boolean, score: Score, rule: RuleId): void {
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
export function pairByAmount(fl: Item[], bl: Item[], score: Score, rule: RuleId): void {
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
export interface Open {
  bank: Item[];
  finance: Item[];
}

export function openRows(items: Item[]): Open {
  const open: Open = { bank: [], finance: [] };
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    if (!it.taken) open[it.side].push(it);
  }
  return open;
}

/** The unpaired rows of one side, in output order. */
export function remaining(open: Open, side: Side): Item[] {
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
export function refTokens(f: Item): string[] | null {
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
