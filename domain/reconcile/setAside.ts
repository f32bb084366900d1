import { normaliseName } from '../units';
import { dayNumber, monthEnd } from '../dates';
import { DIFFERENCE_TEXT, DUPLICATE_TEXT, TIMING_TEXT, WRONG_ACCOUNT_TEXT, type NotMortgageRule, type ReconcileConfig } from './types';
import { bookedLedgerOf, statementAccountOf, type LedgerLink } from './accounts';
import { Money } from '../money';
import { type AmountKey, absKey, amountKey, isNegativeKey } from './amountKey';
import { Item, addFlag, hasFlag, includesAny, push, textOf } from './item';
import { voucherFinder, voucherIdentity, voucherNumber, voucherParts } from './voucher';

/** Rows set aside before matching: NOT_MORTGAGE (keywords, debits, own-account transfers, down payments) and reversal pairs (REVERSED). */

export function classify(items: Item[], config: ReconcileConfig): void {
  markReversals(items, config);
  markNotMortgage(items, config);
}

/** A booking carried in as booked to the wrong account last month (result.ts, wrongAccountPart). */
export function isWrongAccountCarry(it: Item): boolean {
  const c = it.carried;
  return !!c && c.side === 'finance' && !!c.belongsTo && !!c.ledger && c.text.startsWith(WRONG_ACCOUNT_TEXT);
}

/** The rule that set a row aside when it is carried across the month's end (fees, interest: carriedAcrossMonthEnd), else null. */
export function timingRuleOf(it: Item): NotMortgageRule | null {
  const n = it.note;
  return n?.kind === 'notMortgage' && n.reason === 'keyword' && n.rule?.carriedAcrossMonthEnd ? n.rule : null;
}

/**
 * Last month's booking entered twice (carried with DUPLICATE_TEXT) and not reversed (冲销) this month
 * (markReversals, in classify): its credit was paired with the first entry last month, and the books
 * hold it once too often until finance reverses it. Held out of matching: no statement row closes it,
 * in particular not that credit exported again at the top of this month's statement (an export from
 * 10-31), which last month's report reconciled with the first entry. Still MISSING_IN_BANK, carried on.
 */
export function holdDuplicateBookings(items: Item[]): void {
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    const c = it.carried;
    if (!c || it.taken || c.side !== 'finance' || !c.text.startsWith(DUPLICATE_TEXT)) continue;
    it.aside = true;
    it.taken = true;
    addFlag(it, 'MISSING_IN_BANK');
  }
}

/**
 * Before matching: last month's fees and interest carried as timing items (TIMING_TEXT), and this
 * month's rows standing in for them (a carried row exported again, set aside), are held out of the
 * matching rules; settleTimingItems closes them after the month's pairs have linked each statement
 * account to its 科目 (linkLedgers), so that an item closes only against a row of its own account.
 */
export function holdTimingItems(items: Item[]): Item[] {
  const carried: Item[] = [];
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    const c = it.carried ?? (hasFlag(it, 'NOT_MORTGAGE') ? it.carriedCopy : undefined);
    if (c && (!it.taken || !it.carried) && c.text.startsWith(TIMING_TEXT)) carried.push(it);
  }
  for (const c of carried) {
    c.aside = true;
    c.taken = true;
  }
  return carried;
}

/**
 * Last month's fees and interest recorded on one side only (carried with TIMING_TEXT, result.ts),
 * after classify: set aside, never matched with a loan. Each closes against this month's row of the
 * other side set aside as NOT_MORTGAGE, of the same amount: one of the same rule (a fee against a
 * fee), of any later date (a fee booked two or three months late still closes its item), else, within
 * nearWindowDays, one set aside by no keyword (a debit worded otherwise); among those, oldest item first
 * with the earliest row (two ¥20 fees closed by two ¥20 bookings pair in date order, whatever order the
 * files list them in), ties by row order;
 * an item only against a row of its own account, where both are known: a statement row's item (it
 * carries its account's 科目 as `ledger`) against a booking on that 科目, a booking's item (carried
 * with the 科目 it is booked to) against a statement row of the account linked to that 科目 (`ledgers`). Both stay NOT_MORTGAGE, each naming the other, so section 三 holds both and its
 * difference no longer counts last month's again. One not closed is MISSING_IN_* again (未达 on
 * 余额调节表: its side's balance holds it, the other's not) and is carried on. A row of this month's
 * export standing in for the item (a statement from 12-28, Item.carriedCopy) is already NOT_MORTGAGE:
 * it closes the same way, and one not closed is carried on by timingItems.
 */
export function settleTimingItems(items: Item[], carried: readonly Item[], config: ReconcileConfig, ledgers: ReadonlyMap<string, LedgerLink>): void {
  if (!carried.length) return;
  // The 科目 of a row of this month: a booking's own, a statement row's account's (linked from the month's pairs).
  const accountLedgerOf = (x: Item): string | null => (x.bank ? (ledgers.get(statementAccountOf(x.bank))?.ledger ?? null) : bookedLedgerOf(x));
  const keys = new Set(carried.map((c) => c.key));
  const rows = new Map<AmountKey, Item[]>();
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    if (!it.carried && !it.carriedCopy && keys.has(it.key) && hasFlag(it, 'NOT_MORTGAGE') && it.note?.kind === 'notMortgage') push(rows, it.key, it);
  }
  const rules = config.notMortgage.filter((r) => r.carriedAcrossMonthEnd);
  const window = config.nearWindowDays;
  // Every (item, row) that may close it: a row of the item's rule (rank 0), else a debit worded otherwise within the window (rank 1).
  const metas = carried.map((c) => {
    const text = (c.carried ?? c.carriedCopy)!.text.slice(TIMING_TEXT.length);
    const rule = rules.find((r) => r.side !== (c.side === 'bank' ? 'finance' : 'bank') && includesAny(text, r.keywords)) ?? null;
    // The item keeps its account's 科目 (a statement row's linked one, a booking's own): a row of another
    // account's 科目 is another account's fee.
    const ledger = (c.carried ?? c.carriedCopy)!.ledger ?? null;
    return { c, rule, ledger, by: null as Item | null };
  });
  const pairs: { m: (typeof metas)[number]; x: Item; rank: number }[] = [];
  for (const m of metas) {
    const { c, rule, ledger } = m;
    for (const x of rows.get(c.key) ?? []) {
      const n = x.note;
      if (x.side === c.side || n?.kind !== 'notMortgage' || n.timing || !(x.day - c.day >= -window)) continue;
      if (ledger !== null) {
        const other = accountLedgerOf(x);
        if (other !== null && other !== ledger) continue;
      }
      const rank = rule && n.rule?.id === rule.id ? 0 : n.reason === 'debit' ? 1 : 2;
      // Booked later than nearWindowDays: only a row of the same rule (a fee booked as a fee) closes it.
      if (rank > 1 || (rank > 0 && x.day - c.day > window)) continue;
      pairs.push({ m, x, rank });
    }
  }
  // Oldest item first, each with the earliest row that may close it, whatever order the files list
  // them in: two ¥20 fees of 12-05 and 12-20 booked on 01-03 and 01-10 pair 12-05 with 01-03 and 12-20
  // with 01-10, in order, as a clerk clears open items (the nearest pair first would cross them).
  pairs.sort((a, b) => a.rank - b.rank || a.m.c.day - b.m.c.day || a.m.c.i - b.m.c.i || a.x.day - b.x.day || a.x.i - b.x.i);
  const used = new Set<Item>();
  for (const p of pairs) {
    if (p.m.by || used.has(p.x)) continue;
    p.m.by = p.x;
    used.add(p.x);
  }
  const left: OpenTiming[] = [];
  for (const { c, rule, ledger, by } of metas) {
    if (by && by.note?.kind === 'notMortgage') {
      closeTiming(c, rule, by);
      by.note = { ...by.note, timing: c };
    } else if (rule) left.push({ item: c, rule, ledger });
    else if (c.carried) addFlag(c, c.side === 'bank' ? 'MISSING_IN_FINANCE' : 'MISSING_IN_BANK');
  }
  if (!left.length) return;
  const summed = left.length > 1 ? settleTimingSums(items, left, window, accountLedgerOf) : null;
  for (const { item: c } of left) if (c.carried && !summed?.has(c)) addFlag(c, c.side === 'bank' ? 'MISSING_IN_FINANCE' : 'MISSING_IN_BANK');
}

/** A carried timing item (or this month's row standing in for it) closed by `by`, this month's row of the other side. */
function closeTiming(c: Item, rule: NotMortgageRule | null, by: Item): void {
  addFlag(c, 'NOT_MORTGAGE');
  c.note = !c.carried && c.note?.kind === 'notMortgage' ? { ...c.note, timing: by } : { kind: 'notMortgage', rule, reason: rule ? 'keyword' : 'debit', timing: by };
}

/** A timing item left open by settleTimingItems' one-to-one pass, with the rule its words name and its account's 科目. */
interface OpenTiming {
  item: Item;
  rule: NotMortgageRule;
  ledger: string | null;
}

/**
 * Several timing items finance (or the bank) recorded later as one sum: December's fees of ¥20 and
 * ¥30, carried, booked in January as one ¥50 "12月手续费". A row of this month of the other side,
 * set aside by the same rule, closes a group of the items left open of one kind — same side, rule,
 * account (科目 and bank) and sign — when its amount is exactly the sum of the whole group, or of the
 * group's items from one month, two items or more, none dated more than nearWindowDays after the row. Bounded:
 * at most one candidate sum per group and month (no search over subsets). Never by guess: a row whose
 * amount is the sum of two different groups (December's and January's fees both ¥50, or the fees of two
 * accounts a booking does not tell apart) closes none and names them (`timingTie`); rows in item order,
 * so the first such row takes a group and reruns agree. Once every row has had its turn, a tied row is
 * tried again against the groups left (a later row may have closed one, its account known, or the sum
 * of both): one left, it closes it; none, it names no groups. Returns the items closed.
 */
function settleTimingSums(items: Item[], left: OpenTiming[], window: number, accountLedgerOf: (x: Item) => string | null): Set<Item> {
  const groups = new Map<string, OpenTiming[]>();
  for (const o of left) {
    const c = o.item;
    push(groups, `${c.side}|${o.rule.id}|${o.ledger ?? ''}|${c.bankCode ?? ''}|${isNegativeKey(c.key) ? '-' : '+'}`, o);
  }
  const bySum = new Map<AmountKey, OpenTiming[][]>();
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    const byPeriod = new Map<string, OpenTiming[]>();
    for (const o of g) push(byPeriod, (o.item.carried ?? o.item.carriedCopy)!.period, o);
    const sets = [g, ...[...byPeriod.values()].filter((s) => s.length >= 2 && s.length < g.length)];
    for (const set of sets) push(bySum, amountKey(set.reduce((t, o) => t.plus(o.item.amount), new Money(0))), set);
  }
  const closed = new Set<Item>();
  if (!bySum.size) return closed;
  // The groups still open that row x (a NOT_MORTGAGE row of rule `rule`) may close.
  const fitsOf = (x: Item, sets: OpenTiming[][], rule: NotMortgageRule): OpenTiming[][] =>
    sets.filter((set) => {
      const first = set[0];
      if (first.item.side === x.side || first.rule.id !== rule.id || set.some((o) => closed.has(o.item) || x.day - o.item.day < -window)) return false;
      if (first.ledger === null) return true;
      const other = accountLedgerOf(x);
      return other === null || other === first.ledger;
    });
  const close = (x: Item, set: OpenTiming[]): void => {
    const members = set.map((o) => o.item).sort((a, b) => a.i - b.i);
    for (const o of set) {
      closeTiming(o.item, o.rule, x);
      closed.add(o.item);
    }
    if (x.note?.kind === 'notMortgage') x.note = { ...untied(x.note), timing: members[0], timingSum: members };
  };
  // Rows whose amount fitted two groups or more when their turn came, in item order.
  let tied: Item[] = [];
  for (let at = 0; at < items.length; at++) {
    const x = items[at];
    const n = x.note;
    if (x.carried || x.carriedCopy || n?.kind !== 'notMortgage' || n.timing || !n.rule || !hasFlag(x, 'NOT_MORTGAGE')) continue;
    const sets = bySum.get(x.key);
    if (!sets) continue;
    const fits = fitsOf(x, sets, n.rule);
    if (fits.length > 1) {
      x.note = { ...n, timingTie: fits.map((set) => set.map((o) => o.item)) };
      tied.push(x);
    } else if (fits.length) close(x, fits[0]);
  }
  // A later row may have closed one of a tied row's groups (its account known, or the sum of both):
  // the tied row is tried again against what is left, until nothing changes, so that it closes the one
  // group left (as it would have, had it come after that row) and claims no tie that no longer exists.
  for (let changed = tied.length > 0; changed; ) {
    changed = false;
    const still: Item[] = [];
    for (const x of tied) {
      const n = x.note;
      if (n?.kind !== 'notMortgage' || !n.rule) continue;
      const fits = fitsOf(x, bySum.get(x.key)!, n.rule);
      if (fits.length > 1) {
        if (fits.length !== n.timingTie?.length) x.note = { ...n, timingTie: fits.map((set) => set.map((o) => o.item)) };
        still.push(x);
        continue;
      }
      changed = true;
      if (fits.length) close(x, fits[0]);
      else x.note = untied(n);
    }
    tied = still;
  }
  return closed;
}

/** A NOT_MORTGAGE note without the groups it was tied between. */
function untied(n: Extract<Item['note'], { kind: 'notMortgage' }>): Extract<Item['note'], { kind: 'notMortgage' }> {
  const out = { ...n };
  delete out.timingTie;
  return out;
}

/**
 * Last month's WRONG_ACCOUNT bookings (carried in with --previous): the money reached one account
 * (`belongsTo`), its booking sits on another account's 科目 (`ledger`). Such a booking waits for no
 * credit (the bank's came last month): it is set aside before matching. Finance corrects it with a
 * transfer, +X on the 科目 it belongs on and −X on the 科目 it was booked to: two lines of this
 * month's journal, in the period, either of one voucher that names the booking (quotes its 凭证字号,
 * or gives its unit or customer), or each quoting its 凭证字号 ("调整10月记-0063科目", "冲销10月记-0063"
 * and "更正10月记-0063"). Those two and the carried booking cancel out on each account and in total:
 * all three are REVERSED, the carried booking naming both lines, each line the booking. Not corrected,
 * the booking stays open (MISSING_IN_BANK, carried again), so next month's 分户调节 still shows each
 * account off by it. An own-account transfer of the same amount that names neither the booking nor its
 * unit is no correction.
 */
export function settleWrongAccounts(items: Item[], period: string): void {
  const carried: Item[] = [];
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    if (it.carried && !it.taken && isWrongAccountCarry(it)) carried.push(it);
  }
  if (!carried.length) return;
  const sizes = new Set(carried.map((c) => absKey(c.key)));
  const endDay = dayNumber(monthEnd(period));
  // This month's bank lines of those sizes, still in play, by 科目 and sign.
  const lines = new Map<string, Item[]>();
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    const l = it.fin;
    if (!l || it.taken || !sizes.has(absKey(it.key)) || it.day > endDay) continue;
    const ledger = bookedLedgerOf(it);
    if (ledger !== null) push(lines, `${ledger}|${it.key}`, it);
  }
  const quotes = new QuotedIds();
  const namesIt = (x: Item, c: Item) => quotes.of(textOf(x), c) || (!!c.unit && x.unit === c.unit) || (!!c.name && x.name === c.name);
  const contradicts = (x: Item, c: Item) => !!x.unit && !!c.unit && x.unit !== c.unit;
  // One voucher however each line spells its 凭证字号 (记-0012, 记-12): each line's voucherIdentity once.
  const voucherIds = new Map<Item, string>();
  const voucherIdOf = (x: Item) => {
    let v = voucherIds.get(x);
    if (v === undefined) voucherIds.set(x, (v = voucherIdentity(x.fin!.voucher)));
    return v;
  };
  const sameVoucher = (a: Item, b: Item) => !!a.fin!.voucher && a.file === b.file && a.date === b.date && (a.fin!.voucher === b.fin!.voucher || voucherIdOf(a) === voucherIdOf(b));
  for (const c of carried) {
    c.aside = true;
    c.taken = true;
    const to = c.carried!;
    const minusKey = negKey(c);
    const plus = (lines.get(`${to.belongsTo}|${c.key}`) ?? []).filter((x) => !x.taken && !contradicts(x, c) && x.day >= c.day);
    const minus = (lines.get(`${to.ledger}|${minusKey}`) ?? []).filter((x) => !x.taken && !contradicts(x, c) && x.day >= c.day);
    let fix: [Item, Item] | null = null;
    for (const p of plus) {
      for (const m of minus) {
        if ((sameVoucher(p, m) && (namesIt(p, c) || namesIt(m, c))) || (quotes.of(textOf(p), c) && quotes.of(textOf(m), c))) {
          fix = [p, m];
          break;
        }
      }
      if (fix) break;
    }
    if (!fix) {
      addFlag(c, 'MISSING_IN_BANK');
      continue;
    }
    for (const x of [c, ...fix]) {
      addFlag(x, 'REVERSED');
      x.rule = 'REVERSAL';
      x.aside = true;
      x.taken = true;
      x.note = { kind: 'reversal', original: x === c, found: true, account: true };
    }
    c.cps = [...fix].sort((a, b) => a.i - b.i);
    fix[0].cps = [c];
    fix[1].cps = [c];
  }
}

/** The amount key of −amount (a positive row's size as a negative key). */
function negKey(it: Item): AmountKey {
  return amountKey(new Money(it.amount).neg());
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
 * the same or the previous day that steps 2–3 find (or, of any day, of an amount difference carried in
 * from last month: the fee the bank deducted from a credit, booked now): otherwise it is an ordinary
 * debit (NOT_MORTGAGE, see markNotMortgage) and the credit stays to be matched. Rows carried in from last month
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
        // Without a reversal word, only a debit of the same or the next day for the same party is one;
        // or of the unit of last month's amount difference (the fee the bank deducted, booked now).
        if (!revWord && n.day - p.day > 1 && !p.carried?.text.startsWith(DIFFERENCE_TEXT)) continue;
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
export function sameAccount(a: Item, b: Item): boolean {
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
 * "记12", "记字第12号", "10月记-12", full-width "记－００１２" (a month given must be the booking's): by its word
 * and number as voucherIdentity reads them, so the 摘要 and the journal's column need not spell it alike.
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
      v = voucherParts(voucher);
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
      re = voucherFinder(word);
      this.finders.set(word, re);
    }
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) push(byNo, voucherNumber(m[2]), m[1] ? Number(voucherNumber(m[1])) : 0);
    return byNo;
  }
}

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
