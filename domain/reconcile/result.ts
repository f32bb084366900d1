import type Decimal from 'decimal.js';
import { FenSum, Money, toFixed2, yuanOfFen } from '../money';
import { dayNumber, monthEnd } from '../dates';
import type { Bilingual } from '../text';
import { explain } from './explain';
import { flagsOf, hasFlag, outcomeOf, textOf, type Item } from './item';
import { isForeign } from './build';
import { base36, isReexportedLine, seenFinanceHash, seenHash, statementText } from './duplicates';
import { factorsOf } from './finish';
import { bookedLedgerOf, ledgerOf, statementAccountOf } from './accounts';
import type { Engine } from './engine';
import { timingRuleOf } from './setAside';
import type { AmountKey } from './amountKey';
import { DIFFERENCE_TEXT, DUPLICATE_TEXT, FLAGS, TIMING_TEXT, WITHHELD_TEXT, WRONG_ACCOUNT_TEXT, type Factors, type Flag, type Outcome, type RuleId, type Side, type SourceKey } from './types';

/** One row of the JSON contract (docs/reconcile-json.md). */
export interface RowResult {
  side: Side;
  file: string;
  sheet: string;
  row: number;
  outcome: Outcome;
  flags: Flag[];
  counterparts: SourceKey[];
  rule: RuleId | null;
  explanation: Bilingual;
  factors: Factors | null;
}

export function keyOf(it: Item): SourceKey {
  return { side: it.side, file: it.file, sheet: it.sheet, row: it.row };
}

export function rowResult(it: Item, engine: Engine): RowResult {
  const outcome = outcomeOf(it);
  const others = outcome === 'AMBIGUOUS' ? (it.cands ?? []) : (it.cps ?? []);
  return {
    side: it.side,
    file: it.file,
    sheet: it.sheet,
    row: it.row,
    outcome,
    flags: flagsOf(it),
    counterparts: others.map(keyOf),
    rule: it.rule,
    explanation: explain(it, engine),
    factors: factorsOf(it, engine.config.dateWindowDays),
  };
}

export interface Bucket {
  rows: number;
  amount: Decimal;
}

export interface GroupTotals {
  rows: number;
  amount: Decimal;
  byOutcome: Map<Outcome, Bucket>;
}

export interface Totals {
  bank: GroupTotals;
  finance: GroupTotals;
  /** Bank side per bank code (ICBC …). */
  byBank: Map<string, GroupTotals>;
  /** Finance side per bank-deposit account (科目名称). */
  byAccount: Map<string, GroupTotals>;
  /** Rows carrying each flag (a row can carry several). */
  flags: Map<Flag, number>;
  /** Rows read per input file. */
  files: { side: Side; file: string; rows: number; rejected: number }[];
  carriedIn: number;
  /**
   * Statement rows in a currency other than CNY, per currency (sorted): set aside as NOT_MORTGAGE,
   * counted as rows there with ¥0.00 (like UNPARSEABLE rows), their own amounts only here.
   */
  foreignCurrency: Map<string, Bucket>;
  /** MATCHED rows ÷ rows that are disbursement candidates (all rows except NOT_MORTGAGE, REVERSED, duplicates, UNPARSEABLE). */
  matchRate: Decimal;
  matchedRows: number;
  candidateRows: number;
}

/** Outcomes of rows set aside before matching: not disbursement candidates, so outside every match rate. */
export const SET_ASIDE_OUTCOMES: ReadonlySet<Outcome> = new Set<Outcome>(['NOT_MORTGAGE', 'REVERSED', 'DUPLICATE_BANK', 'DUPLICATE_FINANCE', 'UNPARSEABLE']);

/**
 * Flags that leave a row needing someone's action this month (`anjie reconcile --fail-on-mismatch`
 * exits 1 when a row carries one): money recorded on one side only (MISSING_IN_*, carried-in items
 * still open included), a pair booked wrongly (AMOUNT_MISMATCH, WRONG_UNIT, WRONG_ACCOUNT), a
 * pairing nobody can decide (AMBIGUOUS), a booking made twice (DUPLICATE_FINANCE: the books are
 * off by it) and a row that could not be read (UNPARSEABLE). Not: interest, fees, payroll and the
 * like (NOT_MORTGAGE, every month), reversal pairs (REVERSED, they cancel), the same statement row in
 * two exports (DUPLICATE_BANK: the statement holds it once), rows of another month (OUT_OF_PERIOD:
 * reconciled in their own month; one still open also carries MISSING_IN_*), and the notes on a
 * matched row (LATE_BOOKING, DEPOSIT_WITHHELD, SPLIT_MATCH).
 */
export const ACTION_FLAGS: readonly Flag[] = ['UNPARSEABLE', 'DUPLICATE_FINANCE', 'AMBIGUOUS', 'WRONG_UNIT', 'WRONG_ACCOUNT', 'AMOUNT_MISMATCH', 'MISSING_IN_FINANCE', 'MISSING_IN_BANK'];

/** Whether some row carries one of ACTION_FLAGS. */
export function needsAction(t: Totals): boolean {
  return ACTION_FLAGS.some((f) => (t.flags.get(f) ?? 0) > 0);
}

function group(): GroupTotals {
  return { rows: 0, amount: new Money(0), byOutcome: new Map() };
}

export function computeTotals(engine: Engine, inputFiles: readonly { side: Side; file: string }[] = []): Totals {
  const t: Totals = {
    bank: group(),
    finance: group(),
    byBank: new Map(),
    byAccount: new Map(),
    flags: new Map(),
    files: [],
    carriedIn: 0,
    foreignCurrency: new Map(),
    matchRate: new Money(0),
    matchedRows: 0,
    candidateRows: 0,
  };
  const files = new Map<string, { side: Side; file: string; rows: number; rejected: number }>();
  const SET_ASIDE = SET_ASIDE_OUTCOMES;
  // One bucket per side × bank/account × outcome, summed in fen; the totals are built from the buckets.
  // Consecutive rows mostly share side, bank/account and outcome: the last bucket is reused without a key string.
  const buckets = new Map<string, { side: Side; who: string; outcome: Outcome; rows: number; fen: FenSum }>();
  let last: { side: Side; who: string; outcome: Outcome; rows: number; fen: FenSum } | undefined;
  const flagCounts = new Array<number>(FLAGS.length).fill(0);
  let lastFile: { side: Side; file: string; rows: number; rejected: number } | undefined;
  const foreign = new Map<string, { rows: number; fen: FenSum }>();
  // A booking carried in from last month counts under its 科目 (named as this month's journal names
  // it), not apart: 银行存款-建行监管户 would look short by it.
  let ledgerNames: Map<string, string> | null = null;
  const carriedAccount = (it: Item): string => {
    const ledger = it.carried?.ledger;
    if (!ledger) return '(上期结转)';
    if (!ledgerNames) {
      ledgerNames = new Map();
      for (const x of engine.items) {
        const l = x.fin;
        if (l && !ledgerNames.has(ledgerOf(l))) ledgerNames.set(ledgerOf(l), l.accountName || l.accountCode);
      }
    }
    return ledgerNames.get(ledger) ?? ledger;
  };
  for (let at = 0; at < engine.items.length; at++) {
    const it = engine.items[at];
    const outcome = outcomeOf(it);
    const side = it.side;
    const rej = it.rej;
    let who: string;
    if (side === 'bank') who = it.bankCode ?? (rej ? '(未解析)' : '');
    else {
      const fin = it.fin;
      who = fin ? fin.accountName || fin.accountCode : rej ? '(未解析)' : carriedAccount(it);
    }
    let bk = last;
    if (!bk || bk.side !== side || bk.who !== who || bk.outcome !== outcome) {
      const k = `${side}\u0000${who}\u0000${outcome}`;
      bk = buckets.get(k);
      if (!bk) buckets.set(k, (bk = { side, who, outcome, rows: 0, fen: new FenSum() }));
      last = bk;
    }
    bk.rows++;
    // Unparseable rows have no amount they can be trusted for: they count as rows, with ¥0.00; so do
    // rows in another currency, whose amounts are not yuan (kept per currency instead).
    if (outcome === 'NOT_MORTGAGE' && isForeign(it)) {
      const cur = it.bank?.currency ?? '?';
      let fx = foreign.get(cur);
      if (!fx) foreign.set(cur, (fx = { rows: 0, fen: new FenSum() }));
      fx.rows++;
      fx.fen.add(it.key);
    } else if (!rej) bk.fen.add(it.key);
    // Each flag raised on the row, lowest bit first (FLAGS order).
    for (let bits = it.flags, f = 0; bits; bits >>>= 1, f++) if (bits & 1) flagCounts[f]++;
    if (it.carried) t.carriedIn++;
    else {
      const file = it.file;
      if (!lastFile || lastFile.file !== file || lastFile.side !== side) {
        const fk = `${side}|${file}`;
        lastFile = files.get(fk);
        if (!lastFile) files.set(fk, (lastFile = { side, file, rows: 0, rejected: 0 }));
      }
      lastFile.rows++;
      if (rej) lastFile.rejected++;
    }
    if (!SET_ASIDE.has(outcome)) {
      t.candidateRows++;
      if (outcome === 'MATCHED') t.matchedRows++;
    }
  }
  FLAGS.forEach((f, i) => {
    if (flagCounts[i]) t.flags.set(f, flagCounts[i]);
  });
  for (const cur of [...foreign.keys()].sort()) {
    const fx = foreign.get(cur)!;
    t.foreignCurrency.set(cur, { rows: fx.rows, amount: yuanOfFen(fx.fen.total()) });
  }
  for (const bk of buckets.values()) {
    const amount = yuanOfFen(bk.fen.total());
    const side = bk.side === 'bank' ? t.bank : t.finance;
    const per = bk.side === 'bank' ? t.byBank : t.byAccount;
    let g = per.get(bk.who);
    if (!g) per.set(bk.who, (g = group()));
    for (const target of [side, g]) {
      target.rows += bk.rows;
      target.amount = target.amount.plus(amount);
      const b = target.byOutcome.get(bk.outcome);
      if (b) {
        b.rows += bk.rows;
        b.amount = b.amount.plus(amount);
      } else target.byOutcome.set(bk.outcome, { rows: bk.rows, amount });
    }
  }
  // A file that was read but held no rows still belongs in the tie-out, with 0 rows.
  for (const f of inputFiles) {
    const fk = `${f.side}|${f.file}`;
    if (!files.has(fk)) files.set(fk, { side: f.side, file: f.file, rows: 0, rejected: 0 });
  }
  t.files = [...files.values()];
  t.matchRate = t.candidateRows ? new Money(t.matchedRows).div(t.candidateRows).toDecimalPlaces(4, Money.ROUND_HALF_UP) : new Money(0);
  return t;
}

function bucketJson(b: Bucket): { rows: number; amount: string } {
  return { rows: b.rows, amount: toFixed2(b.amount) };
}

/** Outcomes in a fixed order for the JSON (MATCHED, then the flags' priority order). */
export const OUTCOME_ORDER: Outcome[] = ['MATCHED', ...FLAGS];

function groupJson(g: GroupTotals): unknown {
  const byOutcome: Record<string, unknown> = {};
  for (const o of OUTCOME_ORDER) {
    const b = g.byOutcome.get(o);
    if (b) byOutcome[o] = bucketJson(b);
  }
  return { rows: g.rows, amount: toFixed2(g.amount), byOutcome };
}

function sortedEntries<V>(m: Map<string, V>): [string, V][] {
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function totalsJson(t: Totals): unknown {
  const flags: Record<string, number> = {};
  for (const f of FLAGS) flags[f] = t.flags.get(f) ?? 0;
  return {
    bank: groupJson(t.bank),
    finance: groupJson(t.finance),
    byBank: Object.fromEntries(sortedEntries(t.byBank).map(([k, g]) => [k, groupJson(g)])),
    byAccount: Object.fromEntries(sortedEntries(t.byAccount).map(([k, g]) => [k, groupJson(g)])),
    flags,
    files: t.files,
    carriedIn: t.carriedIn,
    foreignCurrency: Object.fromEntries([...t.foreignCurrency].map(([k, b]) => [k, bucketJson(b)])),
    matchedRows: t.matchedRows,
    candidateRows: t.candidateRows,
    matchRate: t.matchRate.toFixed(4),
  };
}

/** Outcomes that stay open and are carried into next month's run by --previous. */
export const OPEN_OUTCOMES: Outcome[] = ['MISSING_IN_FINANCE', 'MISSING_IN_BANK', 'AMBIGUOUS'];

export interface OpenItemJson {
  side: Side;
  file: string;
  sheet: string;
  row: number;
  period: string;
  outcome: Outcome;
  date: string;
  time: string | null;
  amount: string;
  reference: string | null;
  unit: string | null;
  name: string | null;
  text: string;
  bank: string | null;
  /** The 科目 of the row's account (Engine.ledgers) or booking: which account it belongs to on 分户调节 next month. */
  ledger: string | null;
  /** A booking's 凭证字号, so that next month's report shows it and a 冲销 quoting it finds it; null for a statement row. */
  voucher: string | null;
  /** Only on a booking carried as booked to the wrong account (WRONG_ACCOUNT_TEXT): the 科目 of the account its money reached. */
  belongsTo?: string;
}


/**
 * What a row is carried into next month as, or null when nothing of it is open at the period's end:
 * - a row left open (MISSING_IN_*, AMBIGUOUS), also one whose primary outcome is OUT_OF_PERIOD
 *   because it stands in for last month's open row exported again (Item.carriedCopy);
 * - a row paired only with rows dated after the period's end (a credit of 11-30 booked on 12-01 in
 *   an export that runs into December): at the period's end it is recorded on one side only, as
 *   余额调节表 lists it, and next month the other side's row, in its own month's export, pairs with it.
 */
function openStatus(it: Item, endDay: number): Outcome | null {
  // Cheapest tests first: this runs on every row of a month (two million), nearly all plain pairs within it.
  if (it.flags & OPEN_BITS) {
    if (it.rej) return null;
    for (const f of OPEN_OUTCOMES) if (hasFlag(it, f as Flag)) return f;
  }
  if (!it.hasCps) return null;
  const only = it.partner;
  if (only) {
    if (!(only.day > endDay) || only.side === it.side || only.carried) return null;
  } else for (const c of it.cps!) if (!(c.day > endDay) || c.side === it.side || c.carried) return null;
  if (it.rule === 'REVERSAL' || it.rej || (!it.carried && it.day > endDay)) return null;
  return it.side === 'bank' ? 'MISSING_IN_FINANCE' : 'MISSING_IN_BANK';
}

const OPEN_BITS = FLAGS.reduce((m, f, k) => (OPEN_OUTCOMES.includes(f) ? m | (1 << k) : m), 0);
const ERROR_BITS = FLAGS.reduce((m, f, k) => (f === 'DUPLICATE_FINANCE' || f === 'AMOUNT_MISMATCH' || f === 'WRONG_ACCOUNT' ? m | (1 << k) : m), 0);



/**
 * The deposit the bank withheld from a whole-loan booking (DEPOSIT_WITHHELD: booked 1,000,000,
 * credited 950,000), or null: 企业已收银行未收 at the period's end, as 余额调节表 lists it, until the
 * bank refunds it as a credit of its own. Carried as the booking's open part, so that next month's
 * refund pairs with it instead of showing as MISSING_IN_FINANCE.
 */
/**
 * Units whose withheld deposit the bank refunded this month and finance booked as a refund
 * (DEPOSIT_REFUND pairs): a whole-loan booking of such a unit holds the deposit twice.
 */
export function refundedUnits(engine: Engine): ReadonlySet<string> {
  const units = new Set<string>();
  for (const it of engine.items) if (it.side === 'bank' && it.unit && it.rule === 'DEPOSIT_REFUND' && it.hasCps) units.add(it.unit);
  return units;
}

function withheldPart(it: Item, endDay: number, refunded: ReadonlySet<string>): Decimal | null {
  if (it.side !== 'finance' || !hasFlag(it, 'DEPOSIT_WITHHELD')) return null;
  const credit = it.partner;
  if (!credit || credit.side !== 'bank') return null;
  // Refunded this month and the refund booked too: not waiting for the bank, booked twice (an error, see below).
  if (it.unit && refunded.has(it.unit)) return null;
  if ((!it.carried && it.day > endDay) || (!credit.carried && credit.day > endDay)) return null;
  const d = new Money(it.amount).minus(credit.amount);
  return d.gt(0) ? d : null;
}

/**
 * A 记账差错 that leaves the books off at the period's end, as 余额调节表 lists it under 二, or null:
 * a booking entered twice (DUPLICATE_FINANCE, not 冲销 this month), carried whole; the pair of an
 * AMOUNT_MISMATCH, carried as its difference on the side that has more (the bank credited 505,000 and
 * finance booked 500,500: the bank row's 4,500). Next month the books still hold it, or its correction
 * (a 冲销 quoting the voucher, a booking of the difference): carried, the correction closes it, and
 * left alone it is listed again, so the 未解释差额 stays zero either way.
 */
function errorPart(it: Item, endDay: number): { outcome: Outcome; amount: Decimal; text: string } | null {
  const after = (x: Item) => !x.carried && x.day > endDay;
  if (after(it)) return null;
  if (it.side === 'finance' && outcomeOf(it) === 'DUPLICATE_FINANCE') {
    if (hasFlag(it, 'REVERSED') || !it.amount.gt(0) || isReexportedLine(it)) return null;
    return { outcome: 'MISSING_IN_BANK', amount: it.amount, text: DUPLICATE_TEXT };
  }
  if (!hasFlag(it, 'AMOUNT_MISMATCH')) return null;
  const other = it.partner;
  if (!other || other.side === it.side || after(other)) return null;
  const d = new Money(it.amount).minus(other.amount);
  if (!d.gt(0)) return null;
  return { outcome: it.side === 'bank' ? 'MISSING_IN_FINANCE' : 'MISSING_IN_BANK', amount: d, text: DIFFERENCE_TEXT };
}

/**
 * The booking of a WRONG_ACCOUNT pair, as 分户调节 lists it (the account the money reached short by
 * it, the account whose 科目 holds it over by it), or null: a plain pair of equal amounts, the
 * credit's account linked to a 科目 (or the credit carried in with one), the booking on another.
 * Carried whole with the 科目 it belongs on, so that next month's 分户调节 still shows both accounts
 * off by it until finance moves it, and the transfer that moves it closes it (setAside.ts,
 * settleWrongAccounts). A group (a 组合贷 whose credits reached two accounts) is not carried.
 */
function wrongAccountPart(it: Item, endDay: number, engine: Engine): { belongsTo: string } | null {
  if (it.side !== 'finance' || !hasFlag(it, 'WRONG_ACCOUNT') || hasFlag(it, 'AMOUNT_MISMATCH')) return null;
  const credit = it.partner;
  if (!credit || credit.side !== 'bank' || credit.partner !== it || credit.key !== it.key || !it.amount.gt(0)) return null;
  if ((!it.carried && it.day > endDay) || (!credit.carried && credit.day > endDay)) return null;
  const credited = credit.bank ? (engine.ledgers.get(statementAccountOf(credit.bank))?.ledger ?? null) : (credit.carried?.ledger ?? null);
  const booked = bookedLedgerOf(it);
  return credited !== null && booked !== null && credited !== booked ? { belongsTo: credited } : null;
}

/**
 * The fees and interest of the period one side recorded and the other did not (yet), carried into
 * next month as timing items (TIMING_TEXT): the period's NOT_MORTGAGE rows are paired across the
 * sides by amount in date order (a fee with its booking, whatever words the booking uses, as section
 * 三's totals balance them); a fee or interest row left over is recorded on its side only. Nothing
 * is carried when the two sides' totals agree (section 三 balances them: a month's fees booked as
 * one sum), nor a row that closed last month's item. A row of this month's export standing in for
 * last month's item (Item.carriedCopy) and not closed is carried on.
 * Per account when every such row's account is known (a statement row's linked 科目, a booking's
 * 科目): ICBC's fee is not balanced by a booking of CCB's, as 分户调节 signs each account against its
 * own 科目; else (a row of an unlinked account) all accounts together, as before.
 */
export function timingItems(engine: Engine): ReadonlySet<Item> {
  const known = timingOf.get(engine);
  if (known) return known;
  const out = new Set<Item>();
  const rows: Item[] = [];
  for (let at = 0; at < engine.items.length; at++) {
    const it = engine.items[at];
    const n = it.note;
    if (n?.kind !== 'notMortgage' || n.timing || n.reason === 'zero' || n.reason === 'currency' || it.carried) continue;
    if (it.carriedCopy) {
      if (it.carriedCopy.text.startsWith(TIMING_TEXT) && outcomeOf(it) === 'NOT_MORTGAGE') out.add(it);
      continue;
    }
    // A row dated last month that last month's report did not read (Engine.unseen) is this month's to reconcile.
    if (outcomeOf(it) !== 'NOT_MORTGAGE' || (!it.date.startsWith(engine.period) && !engine.unseen.has(it))) continue;
    rows.push(it);
  }
  const accountOf = (it: Item): string | null => (it.bank ? (engine.ledgers.get(statementAccountOf(it.bank))?.ledger ?? null) : bookedLedgerOf(it));
  const accounts = rows.map(accountOf);
  const byAccount = !accounts.includes(null);
  type Pools = { bank: Map<AmountKey, Item[]>; finance: Map<AmountKey, Item[]> };
  const groups = new Map<string, Pools>();
  for (let at = 0; at < rows.length; at++) {
    const it = rows[at];
    const account = byAccount ? accounts[at]! : '';
    let pools = groups.get(account);
    if (!pools) groups.set(account, (pools = { bank: new Map(), finance: new Map() }));
    const pool = pools[it.side];
    const list = pool.get(it.key);
    if (list) list.push(it);
    else pool.set(it.key, [it]);
  }
  const byDate = (a: Item, b: Item) => a.day - b.day || a.i - b.i;
  for (const pools of groups.values()) {
    const total = (side: 'bank' | 'finance') => [...pools[side].values()].reduce((t, xs) => xs.reduce((u, x) => u.plus(x.amount), t), new Money(0));
    // Section 三's totals agree (on this account): nothing of its rows is carried.
    const sides = total('bank').eq(total('finance')) ? [] : (['bank', 'finance'] as const);
    for (const side of sides) {
      for (const [key, list] of pools[side]) {
        const other = pools[side === 'bank' ? 'finance' : 'bank'].get(key)?.length ?? 0;
        if (list.length <= other) continue;
        for (const x of list.sort(byDate).slice(other)) if (timingRuleOf(x)) out.add(x);
      }
    }
  }
  timingOf.set(engine, out);
  return out;
}
const timingOf = new WeakMap<Engine, ReadonlySet<Item>>();

/**
 * The rows of one side this run read dated in its period, as next month's run recognises them
 * exported again (statement rows: seenIdentity; journal lines: seenFinanceIdentity), in the order of
 * their hashes and each once: next month's run (--previous) takes a row of its export dated this
 * month as reconciled here only when it is one of them (ReconcileInput.seen, seenFinance).
 */
export function seenRows(engine: Engine, side: Side): string[] {
  return Array.from(seenHashes(engine, side), base36);
}

/**
 * seenRows joined by `sep` into texts of at most `maxChars` characters each (an id is never split),
 * none for an empty side: what the JSON and the workbook write. Made from the sorted hashes a chunk
 * at a time, so a million ids never live as a million strings through the write: kept in the
 * engine's cache as strings, the two sides' lists raised the 1M-row run's peak by ~125 MB and its
 * write by seconds of collection.
 */
export function seenTexts(engine: Engine, side: Side, sep: string, maxChars: number): string[] {
  const hashes = seenHashes(engine, side);
  const out: string[] = [];
  // Each text joined from a short-lived list of its ids: built by +=, it would stay a rope of a node
  // per id until written, the million nodes as heavy as the strings.
  let ids: string[] = [];
  let length = 0;
  for (let k = 0; k < hashes.length; k++) {
    const id = base36(hashes[k]);
    if (ids.length && length + sep.length + id.length > maxChars) {
      out.push(ids.join(sep));
      ids = [];
      length = 0;
    }
    length += (ids.length ? sep.length : 0) + id.length;
    ids.push(id);
  }
  if (ids.length) out.push(ids.join(sep));
  return out;
}

/** The sorted distinct hashes of seenRows, worked out once (the JSON and the workbook both write them). */
export function seenHashes(engine: Engine, side: Side): Float64Array {
  const cache = side === 'bank' ? seenOf : seenFinanceOf;
  const known = cache.get(engine);
  if (known) return known;
  const period = engine.period;
  const hash = side === 'bank' ? seenHash : seenFinanceHash;
  const hashes = new Float64Array(engine.items.length);
  let n = 0;
  for (let at = 0; at < engine.items.length; at++) {
    const it = engine.items[at];
    if (it.side === side && !it.rej && !it.carried && it.date.startsWith(period)) hashes[n++] = hash(it);
  }
  // Numbers sorted natively, then each once: a million strings sorted and kept in a Set took seconds.
  const sorted = hashes.subarray(0, n).sort();
  let m = 0;
  for (let k = 0; k < n; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[m++] = sorted[k];
  const out = sorted.slice(0, m);
  cache.set(engine, out);
  return out;
}
const seenOf = new WeakMap<Engine, Float64Array>();
const seenFinanceOf = new WeakMap<Engine, Float64Array>();

/** The open items of this run, with what the next run needs to match them (docs/reconcile-json.md, "open"). */
export function openItems(engine: Engine): readonly OpenItemJson[] {
  // Asked for by the JSON and by the workbook's _anjie_open: one scan of every row, not two.
  return openList(engine).out;
}

/**
 * The row each of openItems' items is of, in the same order: the workbook writes beside each the
 * 差异 line that shows it, the key next month's --previous reads that line's notes by.
 */
export function openItemRows(engine: Engine): readonly Item[] {
  return openList(engine).rows;
}

/**
 * The words an open item carries to next month (its 摘要 there, and what next month's rules read):
 * a statement row's memo and payer, the payer left out when the memo already names them
 * ("按揭款 1#2-601 蒋晓东" paid by 蒋晓东 read "… 蒋晓东 蒋晓东" on next month's report).
 */
function openText(it: Item): string {
  const b = it.bank;
  return b ? statementText(b.memo, b.counterpartyName) : textOf(it).trim();
}

function openList(engine: Engine): { out: readonly OpenItemJson[]; rows: readonly Item[] } {
  const known = openItemsOf.get(engine);
  if (known) return known;
  const out: OpenItemJson[] = [];
  const rows: Item[] = [];
  const endDay = dayNumber(monthEnd(engine.period));
  let refunded: ReadonlySet<string> | null = null;
  let timing: ReadonlySet<Item> | null = null;
  for (let at = 0; at < engine.items.length; at++) {
    const it = engine.items[at];
    let outcome = openStatus(it, endDay);
    let amount = it.amount;
    let text = openText(it);
    // A booking to the wrong account carried again keeps the 科目 it belongs on.
    let belongsTo = it.carried?.belongsTo && text.startsWith(WRONG_ACCOUNT_TEXT) ? it.carried.belongsTo : null;
    if (!outcome) {
      const withheld = hasFlag(it, 'DEPOSIT_WITHHELD') ? withheldPart(it, endDay, (refunded ??= refundedUnits(engine))) : null;
      const error = withheld ? null : it.flags & ERROR_BITS ? errorPart(it, endDay) : null;
      const wrong = withheld || error || !(it.flags & ERROR_BITS) ? null : wrongAccountPart(it, endDay, engine);
      if (withheld) {
        outcome = 'MISSING_IN_BANK';
        amount = withheld;
        text = `${WITHHELD_TEXT}${text}`;
      } else if (error) {
        outcome = error.outcome;
        amount = error.amount;
        text = `${error.text}${text}`;
      } else if (wrong) {
        outcome = 'MISSING_IN_BANK';
        text = `${WRONG_ACCOUNT_TEXT}${text}`;
        belongsTo = wrong.belongsTo;
      } else if (hasFlag(it, 'NOT_MORTGAGE') && (timing ??= timingItems(engine)).has(it)) {
        outcome = it.side === 'bank' ? 'MISSING_IN_FINANCE' : 'MISSING_IN_BANK';
        text = `${TIMING_TEXT}${text}`;
      } else continue;
    }
    rows.push(it);
    out.push({
      side: it.side,
      // A row standing in for last month's open row keeps that row's month (how long it has been
      // open), so its file is named with this month's prefix: the row is in this month's file.
      file: it.carriedCopy && !it.carried ? `${engine.period}/${it.file}` : it.file,
      sheet: it.sheet,
      row: it.row,
      period: it.carried?.period ?? it.carriedCopy?.period ?? engine.period,
      outcome,
      date: it.date,
      time: it.time,
      amount: toFixed2(amount),
      reference: it.ref,
      unit: it.unit,
      name: it.name,
      text,
      bank: it.bankCode,
      voucher: it.fin?.voucher || it.carried?.voucher || null,
      ledger: it.fin ? ledgerOf(it.fin) : it.bank ? (engine.ledgers.get(statementAccountOf(it.bank))?.ledger ?? null) : (it.carried?.ledger ?? null),
      // Only on such a booking: every other item, and every report without one, is as it was.
      ...(belongsTo ? { belongsTo } : {}),
    });
  }
  const list = { out, rows };
  openItemsOf.set(engine, list);
  return list;
}
const openItemsOf = new WeakMap<Engine, { out: readonly OpenItemJson[]; rows: readonly Item[] }>();

/**
 * What became of the items carried in with --previous: how many this month closed and how many are
 * still open, and the months those still open have been open since (an item open since September says so).
 */
function carriedSummary(engine: Engine): { total: number; stillOpen: number; fromPeriods: [string, number][]; noted: number; notedOpen: number } {
  let total = 0;
  let stillOpen = 0;
  let noted = 0;
  let notedOpen = 0;
  const periods = new Map<string, number>();
  for (const it of engine.items) {
    const c = it.carried;
    if (!c) continue;
    total++;
    // A carried row exported again stays open through the copy that stands in for it (Item.carriedCopy).
    const n = it.note;
    const open = !!(it.flags & OPEN_BITS || (n?.kind === 'duplicate' && n.of.flags & OPEN_BITS));
    if (open) {
      stillOpen++;
      periods.set(c.period, (periods.get(c.period) ?? 0) + 1);
    }
    if (c.notes?.length) {
      noted++;
      if (open) notedOpen++;
    }
  }
  return { total, stillOpen, fromPeriods: [...periods].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)), noted, notedOpen };
}

/**
 * carriedSummary as one line: "3 项：本期核销 1，仍未达 2（2026-09 起 1 项，2026-10 起 1 项）". The months
 * break down the items still open (a breakdown of all carried items after 仍未达 2 read as 3 open).
 */
export function carriedText(engine: Engine): Bilingual | null {
  const c = carriedSummary(engine);
  if (!c.total) return null;
  const zhFrom = c.fromPeriods.length ? `（${c.fromPeriods.map(([p, n]) => `${p} 起 ${n} 项`).join('，')}）` : '';
  const enFrom = c.fromPeriods.length ? ` (${c.fromPeriods.map(([p, n]) => `${n} since ${p}`).join(', ')})` : '';
  // Notes typed on last month's 差异 (处理人 / 处理结果) came with some of them: how many, so that a
  // note on an item closed this month is accounted for as well as one shown again on 差异.
  const notes = c.noted
    ? {
        zh: `；其中 ${c.noted} 项带上期处理人/处理结果（仍未达 ${c.notedOpen}，已核销 ${c.noted - c.notedOpen}，见差异表/已匹配表）`,
        en: `; ${c.noted} came with last month's 处理人/处理结果 notes (${c.notedOpen} still open, ${c.noted - c.notedOpen} closed; see 差异 / 已匹配)`,
      }
    : { zh: '', en: '' };
  return {
    zh: `${c.total} 项：本期核销 ${c.total - c.stillOpen}，仍未达 ${c.stillOpen}${zhFrom}${notes.zh}`,
    en: `${c.total}: ${c.total - c.stillOpen} closed this month, ${c.stillOpen} still open${enFrom}${notes.en}`,
  };
}
