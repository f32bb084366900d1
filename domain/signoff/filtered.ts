/**
 * A filter is not a change (docs/signoff-canonical-form.md §2 "Filtered subtotals").
 *
 * Generated sheets total with SUBTOTAL(9, …) so that a filtered table shows filtered totals; the
 * canonical form signs cached values, so a filter applied (and saved) after signing changes what
 * the 小计 / 合计 cells hold although nobody edited anything. A changed cell is put down to the
 * filter only when all of this holds, on what the workbook holds now:
 * - it is a number signed as a number and still one, and its formula is SUBTOTAL(9|109, range)
 *   over one range that does not hold the cell itself;
 * - its sheet has an autofilter with criteria (a filterColumn), and rows of the range inside the
 *   filter's rows are hidden;
 * - every cell of the range is as signed (other SUBTOTAL cells, which SUBTOTAL skips, aside), and
 *   none of them is a date or an error;
 * - the signed value is the sum of the range's numbers, all rows counted (the sheet was signed
 *   unfiltered), and the value now is the sum over the rows not hidden (what the filter shows),
 *   each to Excel's 15 significant digits.
 * A sheet signed while filtered and cleared (or filtered otherwise) after is not covered: which
 * rows were hidden at signing is nowhere recorded, so its subtotals are reported changed.
 */
import Decimal from 'decimal.js';
import type { CanonEntry, CanonValue, CellChange } from './canonical';
import { parseRange } from './scope';

/** What a reader sees now of a signed sheet's filter and formulas. */
export interface SheetFilterFacts {
  /** Rows of the autofilter's range (1-based, header row included), when it has criteria; null when the sheet has no filter with criteria. */
  filterRows: { top: number; bottom: number } | null;
  /** Rows now hidden (1-based). */
  hiddenRows: ReadonlySet<number>;
  /** The formula of a cell, without its "=" (undefined when the cell holds none, or the reader cannot tell it). */
  formula(row: number, col: number): string | undefined;
  /** The cell holds a SUBTOTAL formula (SUBTOTAL skips such cells in its range). */
  isSubtotal(row: number, col: number): boolean;
}

const SUBTOTAL = /^\s*SUBTOTAL\s*\(\s*(9|109)\s*,\s*(\$?[A-Z]{1,3}\$?[0-9]{1,7}(?::\$?[A-Z]{1,3}\$?[0-9]{1,7})?)\s*\)\s*$/i;

/** The range of a SUBTOTAL(9|109, range) formula (null for anything else). */
export function subtotalRange(formula: string | undefined): { top: number; left: number; bottom: number; right: number } | null {
  if (formula === undefined) return null;
  const m = SUBTOTAL.exec(formula.replace(/^=/, ''));
  if (!m) return null;
  return parseRange(m[2].toUpperCase());
}

function sameAt15(sum: Decimal, v: CanonValue): boolean {
  return Number(sum.toString()).toPrecision(15) === Number(v.value).toPrecision(15);
}

/** Whether one changed cell is a SUBTOTAL whose change the sheet's filter alone explains (see above). */
function explainedByFilter(c: CellChange, facts: SheetFilterFacts, signedAt: (row: number, col: number) => CanonValue | null, currentAt: (row: number, col: number) => CanonValue | null): boolean {
  if (!c.before || !c.after || c.before.type !== 'n' || c.after.type !== 'n') return false;
  if (!facts.filterRows) return false;
  const box = subtotalRange(facts.formula(c.row, c.col));
  if (!box) return false;
  if (c.row >= box.top && c.row <= box.bottom && c.col >= box.left && c.col <= box.right) return false;
  // bound the work: a SUBTOTAL over a whole column is not what the generators write
  if ((box.bottom - box.top + 1) * (box.right - box.left + 1) > 1_000_000) return false;
  const hidden = (row: number) => facts.hiddenRows.has(row) && row >= facts.filterRows!.top && row <= facts.filterRows!.bottom;
  let anyHidden = false;
  let all = new Decimal(0);
  let shown = new Decimal(0);
  for (let row = box.top; row <= box.bottom; row++) {
    const rowHidden = hidden(row);
    for (let col = box.left; col <= box.right; col++) {
      if (facts.isSubtotal(row, col)) continue;
      const before = signedAt(row, col);
      const now = currentAt(row, col);
      if (!before && !now) continue;
      if (!before || !now || before.type !== now.type || before.value !== now.value) return false;
      if (before.type === 'd' || before.type === 'e') return false;
      if (before.type !== 'n') continue; // SUBTOTAL(9) leaves text and logical values out
      const n = new Decimal(before.value);
      all = all.plus(n);
      if (rowHidden) anyHidden = true;
      else shown = shown.plus(n);
    }
  }
  return anyHidden && sameAt15(all, c.before) && sameAt15(shown, c.after);
}

/**
 * Splits changed cells into those a filter explains (see above) and the rest. `signed` and
 * `current` are the whole signed and current contents; `facts(sheet)` what the reader sees of a
 * sheet's filter and formulas (null: nothing known, nothing explained).
 */
export function explainFilteredSubtotals(changes: readonly CellChange[], signed: readonly CanonEntry[], current: readonly CanonEntry[], facts: (sheet: string) => SheetFilterFacts | null): { changes: CellChange[]; filtered: CellChange[] } {
  const candidates = changes.filter((c) => c.before?.type === 'n' && c.after?.type === 'n');
  if (candidates.length === 0) return { changes: [...changes], filtered: [] };
  const index = (entries: readonly CanonEntry[]) => {
    const m = new Map<string, CanonValue>();
    for (const e of entries) m.set(`${e.sheet}\u0000${e.row}\u0000${e.col}`, { type: e.type, value: e.value });
    return m;
  };
  const before = index(signed);
  const after = index(current);
  const factsOf = new Map<string, SheetFilterFacts | null>();
  const filtered = new Set<CellChange>();
  for (const c of candidates) {
    if (!factsOf.has(c.sheet)) factsOf.set(c.sheet, facts(c.sheet));
    const f = factsOf.get(c.sheet);
    if (!f) continue;
    const at = (m: Map<string, CanonValue>) => (row: number, col: number) => m.get(`${c.sheet}\u0000${row}\u0000${col}`) ?? null;
    if (explainedByFilter(c, f, at(before), at(after))) filtered.add(c);
  }
  return { changes: changes.filter((c) => !filtered.has(c)), filtered: changes.filter((c) => filtered.has(c)) };
}

/**
 * Changed SUBTOTAL cells (number to number) with hidden rows in their range: a filter may be why
 * they show other figures, though it could not be shown to be (no filter known — Excel before
 * ExcelApi 1.9 does not tell —, a cell of the range edited, or the sheet signed while filtered).
 * Clearing the filter (showing all rows) and verifying again tells.
 */
export function filterHints(changes: readonly CellChange[], facts: (sheet: string) => SheetFilterFacts | null): CellChange[] {
  return changes.filter((c) => {
    if (c.before?.type !== 'n' || c.after?.type !== 'n') return false;
    const f = facts(c.sheet);
    const box = f ? subtotalRange(f.formula(c.row, c.col)) : null;
    if (!f || !box) return false;
    for (let row = box.top; row <= box.bottom; row++) if (f.hiddenRows.has(row)) return true;
    return false;
  });
}

/**
 * A sheet whose autofilter has criteria and hides rows of its range: signed now, its 小计 / 合计
 * would be the filtered sums, not the sheet's totals, and once the filter is cleared nothing
 * recorded says which rows were hidden (the first signature refuses it: filteredAtSigning).
 */
export function hidesRowsByFilter(facts: SheetFilterFacts): boolean {
  const rows = facts.filterRows;
  if (!rows) return false;
  for (const row of facts.hiddenRows) if (row >= rows.top && row <= rows.bottom) return true;
  return false;
}
