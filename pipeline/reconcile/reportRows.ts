import type Decimal from 'decimal.js';
import { Money } from '../../domain/money';
import { FLAG_NAMES, flagsOf, hasFlag, isForeign, matchGroup, outcomeOf, type Item, type Outcome, type CarriedNote } from '../../domain/reconcile';
import type { RegisterProjects } from '../../domain/reconcile/projects';
import { noteCells, notesOfItem } from './notes';
import { maskAcct, maskText } from './pii';
import { dateCell, num } from './reportTable';

/** What a line of 差异 / 已匹配 shows of its rows: the match group, each side's file, rows, dates, amounts and texts (masked unless --show-pii), and notes brought forward. */

export function maskAccount(a: string, pii: boolean): string {
  return maskAcct(a, pii) ?? a;
}

export const OUTCOME_NAMES: Record<Outcome, { zh: string; en: string }> = { MATCHED: { zh: '已匹配', en: 'Matched' }, ...FLAG_NAMES };

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

export function sum(items: readonly Item[]): Decimal {
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
export function amountCell(x: Item): number {
  const k = x.key;
  return typeof k === 'number' ? k / 100 : Number(k);
}

/** num(sum(items)), with the common one-item case taken from the fen. */
export function sumCell(items: readonly Item[]): number {
  if (items.length === 0) return 0;
  if (items.length === 1) return amountCell(items[0]);
  return num(sum(items));
}

/** num(sum(a) − sum(b)); one item against one with the same fen (a clean match) is 0 without Decimal work. */
export function diffCell(a: readonly Item[], b: readonly Item[]): number {
  if (a.length === 1 && b.length === 1 && a[0].key === b[0].key) return 0; // equal keys ⇔ equal fen
  if (a.length === 0 && b.length === 0) return 0;
  return num(sum(a).minus(sum(b)));
}

const dateCache = new Map<string, Date | null>();
export function cachedDate(d: string): Date | null {
  let v = dateCache.get(d);
  if (v === undefined) {
    v = dateCell(d);
    if (dateCache.size > 10_000) dateCache.clear();
    dateCache.set(d, v);
  }
  return v;
}

export function sideCols(items: Item[]): SideCols {
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

export function groupOf(it: Item): Item[] {
  if (!it.hasCps || outcomeOf(it) === 'AMBIGUOUS') return [it];
  const p = it.partner;
  if (p !== null && p.partner !== null) return it.i < p.i ? [it, p] : [p, it];
  return matchGroup(it);
}

/** Matched one to one with no flag on either row: a 已匹配 line and nothing else (most rows of a month). */
export function isPlainPair(it: Item): boolean {
  const p = it.partner;
  return it.flags === 0 && p !== null && p.flags === 0 && p.partner === it;
}

/** One bank row matched to one finance row of the same amount: the commonest group, with nothing to reconcile. */
export function isCleanPair(it: Item): boolean {
  const p = it.partner;
  return p !== null && p.side !== it.side && p.partner === it && p.key === it.key;
}

export function isLeader(it: Item): boolean {
  if (!it.hasCps) return true;
  const p = it.partner;
  if (p !== null && p.partner === it) return it.i < p.i; // a plain pair: no array made
  for (const c of it.cps ?? []) {
    if (c.i < it.i) return false;
    for (const d of c.cps ?? []) if (d.i < it.i) return false;
  }
  return true;
}

export function problemLabel(group: Item[]): string {
  const outcomes = new Set<Outcome>();
  for (const x of group) {
    const o = outcomeOf(x);
    if (o !== 'MATCHED') outcomes.add(o);
    else for (const f of flagsOf(x)) outcomes.add(f);
  }
  return [...outcomes].map((o) => OUTCOME_NAMES[o].zh).join('、');
}

export function isProblemGroup(group: Item[]): boolean {
  return group.some((x) => outcomeOf(x) !== 'MATCHED' || hasFlag(x, 'LATE_BOOKING') || hasFlag(x, 'DEPOSIT_WITHHELD'));
}
export function isMatchedGroup(group: Item[]): boolean {
  return group.length > 1 && group.some((x) => outcomeOf(x) === 'MATCHED');
}

// The text columns below join the values of a group's items; most groups have one item per side,
// so each helper first answers that case without building arrays and sets.

/** A carried-in row's buyer (its open item's name): the payer or customer it was carried with. */
function carriedName(x: Item, side: 'bank' | 'finance'): string {
  return x.carried?.side === side ? (x.carried.name ?? '') : '';
}
export function bankNameOf(x: Item, pii: boolean): string | null {
  const v = x.bank?.counterpartyName ?? carriedName(x, 'bank');
  return v ? maskText(v, pii) : null;
}
export function bankMemoOf(x: Item, pii: boolean): string | null {
  const v = x.bank?.memo ?? (x.carried?.side === 'bank' ? x.carried.text : '');
  return v ? maskText(v, pii) : null;
}
export function voucherOf(x: Item): string | null {
  return x.fin?.voucher || x.carried?.voucher || null;
}
export function customerOf(x: Item, pii: boolean): string | null {
  const v = x.fin?.customer ?? carriedName(x, 'finance');
  return v ? maskText(v, pii) : null;
}

export function bankName(items: Item[], pii: boolean): string | null {
  if (items.length === 1) return bankNameOf(items[0], pii);
  const v = items.map((x) => x.bank?.counterpartyName ?? carriedName(x, 'bank')).filter(Boolean);
  return v.length ? maskText([...new Set(v)].join('、'), pii) : null;
}
export function bankMemo(items: Item[], pii: boolean): string | null {
  if (items.length === 1) return bankMemoOf(items[0], pii);
  const v = items.map((x) => x.bank?.memo ?? (x.carried?.side === 'bank' ? x.carried.text : '')).filter(Boolean);
  return v.length ? maskText(v.join(' | '), pii) : null;
}
export function refs(items: Item[]): string | null {
  if (items.length === 1) return items[0].ref || null;
  const v = items.map((x) => x.ref ?? '').filter(Boolean);
  return v.length ? v.join(', ') : null;
}
export function vouchers(items: Item[]): string | null {
  if (items.length === 1) return voucherOf(items[0]);
  const v = items.map((x) => voucherOf(x) ?? '').filter(Boolean);
  return v.length ? v.join(', ') : null;
}
export function finSummary(items: Item[], pii: boolean): string | null {
  if (items.length === 1) {
    const x = items[0];
    const v = x.fin?.summary ?? (x.carried?.side === 'finance' ? x.carried.text : '');
    return v ? maskText(v, pii) : null;
  }
  const v = items.map((x) => x.fin?.summary ?? (x.carried?.side === 'finance' ? x.carried.text : '')).filter(Boolean);
  return v.length ? maskText(v.join(' | '), pii) : null;
}
export function units(items: Item[]): string | null {
  if (items.length === 1) return items[0].unit || null;
  if (items.length === 2 && items[0].unit === items[1].unit) return items[0].unit || null;
  const v = [...new Set(items.map((x) => x.unit ?? '').filter(Boolean))];
  return v.length ? v.join(', ') : null;
}

/** The 项目 of a line whose unit code several projects share and whose rows do not say which project's unit it is (按户 lists such a unit without 项目, saying the same). */
export const PROJECT_UNTOLD = '未能确定所属项目';

/**
 * The 项目 cell of a 差异 or 已匹配 line in a report of several projects: the project of each row's
 * unit as 按户 gives it (RegisterProjects.projectOf: the code's project, or of a shared code what the
 * rows of the match say), so the line is about the unit on that project's 按户 line. Rows of
 * different projects' units name each, in the register's order; a shared code the rows do not tell
 * apart says PROJECT_UNTOLD rather than guessing; a line with no unit, or units the register does
 * not have, is empty (as on 按户).
 */
export function projectCell(items: readonly Item[], projects: RegisterProjects): string | null {
  let one: string | null = null;
  let more: Set<string> | null = null;
  let untold = false;
  for (const x of items) {
    if (!x.unit) continue;
    const p = projects.projectOf(x.unit, x);
    if (p === null) untold ||= projects.shared(x.unit);
    else if (one === null || one === p) one = p;
    else (more ??= new Set([one])).add(p);
  }
  const several = more;
  const named = several ? projects.projects.filter((p) => several.has(p)) : one === null ? [] : [one];
  if (untold) named.push(PROJECT_UNTOLD);
  return named.length ? named.join('、') : null;
}

export function customers(items: Item[], pii: boolean): string | null {
  if (items.length === 1) return customerOf(items[0], pii);
  const v = [...new Set(items.map((x) => x.fin?.customer ?? carriedName(x, 'finance')).filter(Boolean))];
  return v.length ? maskText(v.join('、'), pii) : null;
}

// ---------------------------------------------------------------- notes brought forward

/**
 * The rows whose carried item came with 处理人/处理结果 notes (notesOfItem), or null when none has.
 * A carried row that this month's export repeats, where this month's row stands in for it
 * (Item.carriedCopy), shows its notes on that row's line only: shown on its own 银行重复流水 line as
 * well, the note would be updated on either and read back from one (the other's line is recorded
 * in _anjie_open column C, carriedRepeats, so a note typed there still comes back).
 */
export function notedItems(items: readonly Item[]): Set<Item> | null {
  const out = new Set<Item>();
  for (let k = 0; k < items.length; k++) {
    const x = items[k];
    if (!(x.carried || x.carriedCopy) || !notesOfItem(x)) continue;
    const n = x.note;
    if (x.carried && n?.kind === 'duplicate' && n.of.carriedCopy === x.carried) continue;
    out.add(x);
  }
  return out.size ? out : null;
}

/**
 * Per row, the rows set aside as repeating it (DUPLICATE_BANK / DUPLICATE_FINANCE) where one of
 * the two was carried in: last month's open row exported again. Each has a 差异 line of its own,
 * and a note typed there is about the item carried on (docs/reconcile-json.md, "Notes brought
 * forward"); null when there are none. Only a run with --previous asks.
 */
export function carriedRepeats(items: readonly Item[]): Map<Item, Item[]> | null {
  let out: Map<Item, Item[]> | null = null;
  for (let k = 0; k < items.length; k++) {
    const x = items[k];
    const n = x.note;
    if (n?.kind !== 'duplicate' || !(x.carried || n.of.carried)) continue;
    out ??= new Map();
    const list = out.get(n.of);
    if (list) list.push(x);
    else out.set(n.of, [x]);
  }
  return out;
}

/** The 处理人/处理结果 cells of a line of group `g`, or null when none of its rows brought a note. */
export function groupNotes(g: readonly Item[], noted: ReadonlySet<Item>, period: string, pii: boolean): { by: string | null; result: string | null } | null {
  let notes: CarriedNote[] | null = null;
  for (const x of g) if (noted.has(x)) (notes ??= []).push(...notesOfItem(x)!);
  return notes ? noteCells(notes, period, pii) : null;
}

/**
 * The 序号 of the 差异 line that shows row x, or null when no line does: the line of the group
 * whose leader (an index in `leaders`, ascending, the 差异 lines in order) holds x.
 */
export function diffLineOf(x: Item, items: readonly Item[], leaders: readonly number[]): number | null {
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
