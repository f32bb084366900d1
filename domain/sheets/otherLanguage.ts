import { findTable, readBack, type Grid } from './carryOver';
import type { SheetDescription } from './description';
import type { SheetLayout } from './layout';

/**
 * A sheet written with the other --lang (费用台账 before Fee ledger), read as if written in this
 * one, so that its rows pair with the new sheet's: in its row identity columns, a value `from` (this
 * run's sheet in the other language) writes is put as `to` (the sheet written now) writes it at the
 * same cell — Deed tax → 契税, Commercial loan → 商业贷款. Headers need nothing (findTable reads
 * either language), nor the signature block's labels; typed values are never touched. When the two
 * layouts are not cell for cell the same sheet, or a value has two translations, it stays as it was
 * (its row then goes to 未放回的录入, not lost).
 */
export function inLanguageOf(d: SheetDescription, old: Grid, from: SheetLayout, to: SheetLayout): Grid {
  const table = findTable(d, old);
  if (!table || from.values.length !== to.values.length) return old;
  const words = new Map<string, string | null>();
  from.values.forEach((row, r) =>
    row.forEach((v, c) => {
      const [a, b] = [readBack(v), readBack(to.values[r][c] ?? null)];
      if (typeof a !== 'string' || typeof b !== 'string' || a.trim() === b.trim()) return;
      words.set(a.trim(), words.has(a.trim()) && words.get(a.trim()) !== b ? null : b);
    }),
  );
  const keys = new Set([...(d.rowKey ?? []), ...(d.formerRowKeys ?? []).flat(), ...(d.rowTieBreak ?? [])]);
  const cols = new Set([...keys].map((k) => table.cols.get(k)).filter((c) => c !== undefined));
  return old.map((row, r) => (r <= table.headerRow || !row ? row : row.map((v, c) => (typeof v === 'string' && cols.has(c) ? (words.get(v.trim()) ?? v) : v))));
}
