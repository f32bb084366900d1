import type { ReconcileConfig, ReconcileInput } from './types';
import { type LedgerLink, flagWrongAccounts, linkLedgers } from './accounts';
import { buildItems } from './build';
import { markDuplicates, seenFinanceHas, seenIdentity, unitIds } from './duplicates';
import { finishMatches } from './finish';
import { Item, addFlag, hasFlag } from './item';
import { isForeign } from './build';
import { previousMonth } from '../dates';
import { clearTie, openRows } from './pairing';
import { type RegisterIndex, indexRegister } from './registerIndex';
import { noteEarlyBookings, ruleBuyerAmount, ruleDeposit, ruleProvidentByRegister, ruleNear, ruleReference, ruleSplit, ruleUnitAmount } from './rules';
import { classify, holdDuplicateBookings, holdTimingItems, settleTimingItems, settleWrongAccounts } from './setAside';

/**
 * The matching engine: pure, deterministic, hash-indexed (no quadratic candidate search).
 *
 * Order of work:
 *  1. every row becomes an Item, sorted by side, file, row (the JSON order) — build.ts, item.ts;
 *  2. duplicates: the first occurrence is the original, later copies carry only the duplicate flag — duplicates.ts;
 *  3. last month's WRONG_ACCOUNT bookings and the transfers that correct them, then rows that are not disbursements (keywords, debits that are not reversals) and reversal pairs are set aside, and last month's fees and interest on one side only are closed by this month's other side — setAside.ts;
 *  4. ordered rules pair bank credits with finance bookings, first match wins — rules.ts, pairing.ts:
 *     REFERENCE → UNIT_AMOUNT → BUYER_AMOUNT_DATE → PROVIDENT_REGISTER → SPLIT → DEPOSIT_WITHHELD / DEPOSIT_REFUND → NEAR_*;
 *     a tie (two equally good candidates) pairs nothing and, unless a later rule settles it, makes the row AMBIGUOUS;
 *  5. flags on matches (WRONG_UNIT, LATE_BOOKING, DEPOSIT_WITHHELD, SPLIT_MATCH) — finish.ts, buyers.ts; WRONG_ACCOUNT — accounts.ts;
 *     OUT_OF_PERIOD, and what is left is missing (here).
 */

export interface Engine {
  items: Item[];
  period: string;
  config: ReconcileConfig;
  register: RegisterIndex;
  /** Per statement account (statementAccountOf), the ledger account its money is booked to, where the pairs show one (linkLedgers). */
  ledgers: Map<string, LedgerLink>;
  /**
   * Statement rows and journal lines dated last month that last month's report did not read
   * (ReconcileInput.seen, seenFinance): not reconciled there, so reconciled now; one left unpaired is
   * open (MISSING_IN_FINANCE or MISSING_IN_BANK beside OUT_OF_PERIOD) and carried on. Empty without a
   * record of last month's rows (of a side: that side's rows are not looked at).
   */
  unseen: ReadonlySet<Item>;
  /** Time spent per phase, ms (for the benchmark). */
  phases: Record<string, number>;
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
  const byRef = markDuplicates(items, ids, input.period, input.seenFinance ?? null);
  settleWrongAccounts(items, input.period);
  classify(items, input.config);
  holdDuplicateBookings(items);
  const timing = holdTimingItems(items);
  lap('classify');
  const { dateWindowDays, nearWindowDays } = input.config;
  const open = openRows(items);
  ruleReference(open, byRef, false);
  ruleUnitAmount(open, ids);
  ruleBuyerAmount(open, dateWindowDays);
  ruleProvidentByRegister(open, reg, input.config, dateWindowDays);
  ruleSplit(open, reg, nearWindowDays);
  ruleDeposit(open, reg, input.config);
  ruleNear(open, byRef, nearWindowDays, dateWindowDays, input.config);
  noteEarlyBookings(open, dateWindowDays, nearWindowDays);
  lap('rules');
  finishMatches(items, reg, input.config);
  const ledgers = linkLedgers(items);
  flagWrongAccounts(items, ledgers);
  // Last month's fees and interest, closed once each statement account's 科目 is known (holdTimingItems).
  settleTimingItems(items, timing, input.config, ledgers);
  const unseen = input.seen || input.seenFinance ? unseenRows(items, input.period, input.seen ?? null, input.seenFinance ?? null) : new Set<Item>();
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    if (it.aside) continue;
    if (!it.taken) {
      if (openTie(it)) addFlag(it, 'AMBIGUOUS');
      else if (!it.carried && !it.carriedCopy && !inPeriod(it.date, input.period) && !unseen.has(it)) {
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
  return { items, period: input.period, config: input.config, register: reg, ledgers, unseen, phases };
}

/**
 * The statement rows and journal lines dated last month, neither last month's open items (carried, or
 * exported again) nor copies of another row, that last month's report did not read (`seen`: its
 * statement rows of its period; `seenFinance`: its journal lines). A side without a record (a report
 * written before it existed) is not looked at: its rows are taken as reconciled last month, as before.
 */
function unseenRows(items: readonly Item[], period: string, seen: ReadonlySet<string> | null, seenFinance: ReadonlySet<string> | null): Set<Item> {
  const out = new Set<Item>();
  const last = previousMonth(period);
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    if (it.rej || it.carried || it.carriedCopy || !it.date || !inPeriod(it.date, last)) continue;
    if (it.side === 'bank') {
      if (!seen || hasFlag(it, 'DUPLICATE_BANK') || isForeign(it)) continue;
      if (!seen.has(seenIdentity(it))) out.add(it);
    } else if (seenFinance && !hasFlag(it, 'DUPLICATE_FINANCE') && !seenFinanceHas(seenFinance, it)) out.add(it);
  }
  return out;
}
