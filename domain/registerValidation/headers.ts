/**
 * How a register sheet is read, the same in Excel (the add-in) and from a file (the CLI): which
 * header names a column, and which rows under the header are not units.
 */
import type { SheetDescription } from '../sheets/description';
import type { RawCell } from './parse';
import { SIGNATURE_LABELS } from '../sheets/layoutSheet';

/**
 * A header or label as compared: full-width forms folded (NFKC), case, white space, brackets,
 * colons and the * that marks a required column ignored — "建筑面积（㎡）", "*房号", "Room:" are
 * read as the template's 建筑面积(㎡), 房号, Room.
 */
export function normaliseLabel(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[\s()（）[\]【】:：*＊]/g, '');
}

/** A header without its bracketed unit at the end: 建筑面积(㎡) → 建筑面积, Loan term (months) → Loan term. */
const UNIT_SUFFIX = /\s*[(（][^()（）]*[)）]$/;

/**
 * Header text (Chinese, English or the key itself) → register column key. A header written
 * without the template's unit (建筑面积, 贷款期限), as registers kept by hand often have it, is
 * the same column.
 */
export function registerHeaderIndex(desc: SheetDescription): Map<string, string> {
  const m = new Map<string, string>();
  for (const c of desc.columns) for (const text of [c.header.zh, c.header.en]) m.set(normaliseLabel(text.replace(UNIT_SUFFIX, '')), c.key);
  // The full headers and keys last: they win over a bare name should one ever collide.
  for (const c of desc.columns) for (const text of [c.header.zh, c.header.en, c.key]) m.set(normaliseLabel(text), c.key);
  return m;
}

/**
 * Is a row naming these register columns (keys) the register's header row? At least five of them,
 * among them 房号 and 合同编号 or 合同总价: the same rule for the add-in and the CLI, which of
 * several sheets with such a row both take the one naming the most columns.
 */
export function isRegisterHeaderKeys(keys: ReadonlySet<string>): boolean {
  return keys.size >= 5 && keys.has('room') && (keys.has('contractNo') || keys.has('totalPrice'));
}

/**
 * How many register columns a row of texts names (by `index`, registerHeaderIndex), or 0 when it is
 * no register header (isRegisterHeaderKeys): of several sheets, the add-in and the CLI both take
 * the one whose header names the most.
 */
export function registerHeaderRank(texts: readonly string[], index: ReadonlyMap<string, string>): number {
  const keys = new Set<string>();
  for (const t of texts) {
    const key = index.get(normaliseLabel(t));
    if (key) keys.add(key);
  }
  return isRegisterHeaderKeys(keys) ? keys.size : 0;
}

const SIGNATURE = new Set([...SIGNATURE_LABELS.zh, ...SIGNATURE_LABELS.en].map(normaliseLabel));
/** 合计/小计/总计, and 汇总: the label Chinese Excel gives a table's total row. */
const TOTAL = /^(合计|小计|总计|汇总|total|subtotal)/;

/**
 * Is a row whose first cell reads `first` a total line or the signature block under the table
 * (not a unit)? `first` as written; null when the cell holds no text.
 */
export function isTotalOrSignatureRow(first: string | null): boolean {
  if (first === null) return false;
  const label = normaliseLabel(first);
  return label !== '' && (SIGNATURE.has(label) || TOTAL.test(label));
}

/**
 * Is a row under the header another header line (the English line under the Chinese one, or the
 * header repeated over a block pasted from another list)? Its 房号 cell reads 房号 (or Room), and at
 * least three of its cells, and at least half of those filled, name their own column (`index`:
 * registerHeaderIndex). 房号 first: every register has that column, and a unit's room is no header,
 * so a unit row costs one look.
 */
export function isRepeatedHeaderRow(cells: Partial<Record<string, RawCell>>, index: ReadonlyMap<string, string>): boolean {
  const room = cells.room;
  if (typeof room !== 'string' || index.get(normaliseLabel(room)) !== 'room') return false;
  let filled = 0;
  let own = 0;
  for (const key in cells) {
    const v = cells[key];
    if (v === null || v === undefined) continue;
    filled++;
    if (typeof v === 'string' && index.get(normaliseLabel(v)) === key) own++;
  }
  return own >= 3 && own * 2 >= filled;
}

/** A total's label anywhere in the text: "3栋小计", "小计（3栋）", "本页合计". */
const TOTAL_ANYWHERE = /合计|小计|总计|subtotal|total/;
const MAY_BE_TOTAL = /计|total/i;

/**
 * A 小计/合计 line labelled in the 楼栋, 单元 or 房号 column rather than the first (where 项目 is
 * merged down the block or left blank): no unit's building or room reads 小计.
 */
export function isTotalInUnitColumns(cells: Partial<Record<string, RawCell>>): boolean {
  for (const v of [cells.building, cells.unit, cells.room]) {
    // Folding (NFKC) only what may be a label: a unit row's three cells cost three quick looks.
    if (typeof v === 'string' && MAY_BE_TOTAL.test(v) && TOTAL_ANYWHERE.test(normaliseLabel(v))) return true;
  }
  return false;
}

/**
 * Is a register row under the header a unit's? Not when none of its cells holds a value (`filled`
 * counts those that do; a cell showing a formula error, as a lookup filled down past the units
 * shows #N/A, holds none), nor a total or signature line, the header repeated, or a note (only the
 * first column filled, no building or room). `first`: the sheet's first column as written, null
 * when it holds no text. The add-in and the CLI read rows alike through this.
 */
export function isUnitRow(cells: Partial<Record<string, RawCell>>, filled: number, first: string | null, index: ReadonlyMap<string, string>): boolean {
  if (filled === 0) return false;
  if (isTotalOrSignatureRow(first) || isTotalInUnitColumns(cells) || isRepeatedHeaderRow(cells, index)) return false;
  return !(filled === 1 && first !== null && !cells.building && !cells.room);
}
