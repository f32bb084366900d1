import { dateToExcelSerial, excelSerialToDate } from '../dates';
import { findSignatureBlock } from '../signoff/signatureBlock';
import type { Bilingual } from '../text';
import type { ColumnDescription, SheetDescription } from './description';
import type { CellValue, SheetLayout } from './layout';
import { SIGNATURE_LABELS, signatureBlockPosition } from './layoutSheet';
import { linesHeight, wrappedLines } from './wrap';

/**
 * Regenerating a sheet keeps what people typed into it. A generated sheet (费用台账, 少收名单,
 * 按揭进度表) has input columns — the ones its description does not mark `computed`, left unlocked
 * for the desk — and a row identity, `rowKey` (the unit; the unit and the fee). Before the old
 * sheet is replaced, its typed values are read and put on the new row with the same identity.
 * Rows sharing an identity (the two loan parts of a 组合贷款) are told apart by the description's
 * `rowTieBreak` columns (the lender, then the amount): a person who sorted the sheet keeps each
 * loan's entries on that loan. Only rows alike in all of them (true duplicates) go by order.
 *
 * A unit may have another number of rows than it had: a 组合贷款's 商贷 and 公积金 rows become one
 * row when it is 无法判断 (a register cell cannot be read), and two again when the register is
 * corrected. Nothing typed is dropped for that. Several old rows meeting one new row (`joined`):
 * each column's typed values go on it together, each labelled by the row it was typed on (its first
 * tie-break value as shown: 组合贷款（商贷）：缺银行流水；组合贷款（公积金）：待中心审批), or once, bare,
 * when every old row had typed the same. One old row meeting several new rows none of which is that
 * row (`spread`): a value so labelled goes back, part by part, to the rows it names; any other value
 * goes on each of the unit's rows (it was about the unit). The person is told of both.
 *
 * Some input columns start from a generated value (the progress sheet's 跟进人/备注 come from the
 * register). To tell what a person typed from what Anjie wrote, each generation leaves a record:
 * a fingerprint of every non-empty value it wrote into an input column. A cell whose value has
 * its row's fingerprint was written by Anjie and takes the new generated value; any other
 * non-empty value was typed and is kept. Without a record (a sheet of an older version), every
 * non-empty value is taken as typed.
 *
 * Typed values whose row is gone (the unit left the register or the list, a fee line is no longer
 * computed) cannot be placed; they are reported, with their units, never dropped silently.
 *
 * The signature block under the table (制表 / 审核(经理) / 日期) is an input too, and is kept —
 * with one exception. On a sheet nobody signed, the names typed there are not a signature: the
 * sign-off record (domain/signoff) is, and it seals the sheet it covers. They say who prepares
 * and who reviews this weekly sheet, which regenerating does not change, so they stay where they
 * were typed; the person is told, since the figures above them were written anew. A sheet under an
 * active signature is regenerated only when the person chose to overwrite it (addin/services/
 * signedGuard.ts): the names in its block were put there by signing and attest to the content
 * being replaced, so the new sheet starts with an empty block (the signature stays in 签核记录,
 * where Verify reports the sheet as changed) and the person is told that too.
 * Pure: grids are what Excel's Range.values returns ('' for empty, numbers for dates and money).
 */
export type ReadBack = string | number | boolean;

/** Where typed entries whose row is gone after regenerating a sheet are kept (appended each time), by the add-in and the CLI alike. */
export const UNPLACED_SHEET = '未放回的录入';

/** The columns of UNPLACED_SHEET: one row per value. */
export const UNPLACED_HEADER = ['日期 Date', '工作表 Sheet', '行 Row', '列 Column', '填写的内容 Typed value'] as const;
export type Grid = readonly (readonly ReadBack[] | undefined)[];

/** A layout cell as Range.values reads it back once written (a date as a serial of the workbook's date system). */
export function readBack(v: CellValue, date1904 = false): ReadBack {
  if (v === null) return '';
  if (typeof v !== 'object') return v;
  switch (v.kind) {
    case 'date':
      return dateToExcelSerial(v.date, date1904);
    case 'money':
      return Number(v.value);
    case 'formula':
      return v.result === null ? '' : typeof v.result === 'string' && /^-?\d+(\.\d+)?$/.test(v.result) ? Number(v.result) : v.result;
  }
}

function blank(v: ReadBack | undefined): boolean {
  return v === undefined || v === '' || (typeof v === 'string' && v.trim() === '');
}

/** The same value written or read back: text trimmed, numbers as numbers. */
function same(a: ReadBack, b: ReadBack): boolean {
  return norm(a) === norm(b);
}

function norm(v: ReadBack): string {
  return typeof v === 'string' ? `s${v.trim()}` : typeof v === 'number' ? `n${v}` : `b${v}`;
}

export function inputColumns(d: SheetDescription): ColumnDescription[] {
  return d.columns.filter((c) => !c.computed);
}

interface Table {
  headerRow: number;
  /** Column key → 0-based column in the grid. */
  cols: Map<string, number>;
  /** What identifies a row on this sheet: the description's rowKey, or a former one when the sheet (written by an earlier version) lacks a column of it. */
  key: readonly string[];
}

/** The rowKey and the former ones (`formerRowKeys`), newest first. */
function keySets(d: SheetDescription): (readonly string[])[] {
  return d.rowKey?.length ? [d.rowKey, ...(d.formerRowKeys ?? [])] : [];
}

/**
 * The table's header row: the first row holding the headers (Chinese or English) of the
 * identity and input columns. Columns are found by header, so a moved column is still found. A
 * sheet of an earlier version, identified by a former rowKey, is recognised by that one.
 */
export function findTable(d: SheetDescription, grid: Grid): Table | null {
  const sets = keySets(d);
  const inputs = inputColumns(d).map((c) => c.key);
  for (let r = 0; r < grid.length; r++) {
    const texts = (grid[r] ?? []).map((v) => (typeof v === 'string' ? v.trim() : ''));
    const cols = new Map<string, number>();
    for (const c of d.columns) {
      const i = texts.findIndex((t) => t === c.header.zh || t === c.header.en);
      if (i >= 0) cols.set(c.key, i);
    }
    if (!inputs.every((k) => cols.has(k))) continue;
    const key = sets.find((set) => set.every((k) => cols.has(k)));
    if (key) return { headerRow: r, cols, key };
  }
  return null;
}

/**
 * Whether `grid` (a sheet's values from A1) is one Anjie may replace with a sheet of `d`: it is
 * empty, or has a row holding every column header Anjie writes for it, or — when the workbook
 * keeps Anjie's record of what it wrote under that name (`recorded`) — the header row carryOver
 * pairs rows by (findTable: identity and input columns, found on a sheet of an earlier version or
 * with a column deleted). Any other sheet of that name is the person's own (a progress sheet kept
 * by hand for years, even one with a 房号, 跟进人 and 备注 column): never deleted or written over.
 */
export function isGeneratedSheet(d: SheetDescription, grid: Grid, recorded = false): boolean {
  if (grid.every((row) => (row ?? []).every((v) => blank(v)))) return true;
  const whole = grid.some((row) => {
    const texts = new Set((row ?? []).map((v) => (typeof v === 'string' ? v.trim() : '')));
    return d.columns.every((c) => texts.has(c.header.zh) || texts.has(c.header.en));
  });
  return whole || (recorded && findTable(d, grid) !== null);
}

/** What the person is told when a sheet of the name wanted was theirs and the new one went beside it. */
export function besideNotice(wanted: string, left: string, written: string): Bilingual {
  return {
    zh: `工作表“${left}”不是安捷生成的（其中没有${wanted}的表头），未作任何改动；新生成的${wanted}写在它旁边的“${written}”。如要用“${wanted}”这个名字，请先将原表改名或移走，再重新生成。`,
    en: `The sheet "${left}" was not written by Anjie (it has no ${wanted} header row), so it was left as it is; the new ${wanted} was written beside it as "${written}". To use the name "${wanted}", rename or move that sheet first, then generate again.`,
  };
}

interface DataRow {
  row: number;
  /** The identity's values, as shown ("3-2-1501", "契税"), and the first tie-break's when the sheet has it (the lender). */
  ids: string[];
  /** The identity under the table's key: "3-2-1501␟契税". Fingerprints are made with it, and rows are paired by it. */
  id: string;
  /**
   * The other identities its values may have been fingerprinted under: by records of earlier
   * versions, the identity and its occurrence in sheet order ("3-2-1501␟契税␞0"), under the
   * rowKey and under each former rowKey the sheet has the columns of (a progress sheet of the
   * days its rowKey was 房号 + 贷款类型: "3-2-0101␟商业贷款␞0"), and the identity under a former rowKey.
   */
  legacyIds: string[];
  /** The tie-break columns' values (normalised), null where the sheet has no such column or the cell is empty. */
  ties: (string | null)[];
  /** The first tie-break column's value as shown (组合贷款（商贷）), null where none: what labels the row's entries when they are joined with another row's. */
  label: string | null;
}

/**
 * Data rows under the header, down to the first empty row (the spacer under the table). Rows
 * whose first identity column is empty (group headings, 小计, 合计) are not data rows; an empty
 * later one is part of the identity (the 项目 of a register without projects). `key`: the
 * identity to use (default the table's).
 */
function dataRows(d: SheetDescription, grid: Grid, t: Table, key: readonly string[] = t.key): DataRow[] {
  const value = (row: readonly ReadBack[], k: string) => {
    const c = t.cols.get(k)!;
    return blank(row[c]) ? '' : String(row[c]).trim();
  };
  const tieCols = (d.rowTieBreak ?? []).map((k) => t.cols.get(k));
  const shownOrder = key.map((_, i) => i).sort((a, b) => t.cols.get(key[a])! - t.cols.get(key[b])!);
  const others = keySets(d).filter((set) => set.every((k) => t.cols.has(k)));
  const seen = new Map<string, number>();
  const out: DataRow[] = [];
  for (let r = t.headerRow + 1; r < grid.length; r++) {
    const row = grid[r] ?? [];
    if (row.every((v) => blank(v))) break;
    const ids = key.map((k) => value(row, k));
    if (ids[0] === '') continue;
    const id = ids.join('\u241f');
    // As the sheet shows them, left to right ("滨江花园 3-2-1501 契税").
    const shownIds = shownOrder.map((i) => ids[i]).filter((x) => x !== '');
    const legacyIds: string[] = [];
    for (const set of others) {
      const vals = set.map((k) => value(row, k));
      if (vals[0] === '') continue;
      const k = vals.join('\u241f');
      const nth = seen.get(`${set.join()}\u241d${k}`) ?? 0;
      seen.set(`${set.join()}\u241d${k}`, nth + 1);
      if (k !== id) legacyIds.push(k);
      legacyIds.push(`${k}\u241e${nth}`);
    }
    const ties = tieCols.map((c) => (c === undefined || blank(row[c]) ? null : norm(row[c])));
    const first = tieCols[0] === undefined ? undefined : row[tieCols[0]];
    const label = first === undefined || blank(first) ? null : String(first).trim();
    out.push({ row: r, ids: label === null ? shownIds : [...shownIds, label], id, legacyIds, ties, label });
  }
  return out;
}

interface Pairing {
  /** Old row → the new row its entries go to. */
  pairs: Map<DataRow, DataRow>;
  /** A new row that is all its identity has now, where it had several rows: those old rows (sheet order). */
  joined: Map<DataRow, DataRow[]>;
  /** An old row that was all its identity had, where it now has several rows none of which is it: those new rows. */
  spread: Map<DataRow, DataRow[]>;
}

/**
 * Which new row each old row's entries go to. Rows with the same identity are paired on all
 * tie-break columns, then on each alone in order of importance, then in sheet order; a tie-break
 * value missing on either side never pairs. An identity that went from several rows to one, or from
 * one to several none of which matches it on every tie-break, is joined or spread instead.
 */
function pairRows(olds: readonly DataRow[], news: readonly DataRow[], tieCount: number): Pairing {
  const byKey = new Map<string, DataRow[]>();
  for (const n of news) {
    const list = byKey.get(n.id);
    if (list) list.push(n);
    else byKey.set(n.id, [n]);
  }
  const oldByKey = new Map<string, DataRow[]>();
  for (const o of olds) {
    const list = oldByKey.get(o.id);
    if (list) list.push(o);
    else oldByKey.set(o.id, [o]);
  }
  const all = Array.from({ length: tieCount }, (_, i) => i);
  const passes = tieCount ? [all, ...(tieCount > 1 ? all.map((i) => [i]) : []), []] : [[]];
  const out = new Map<DataRow, DataRow>();
  const joined = new Map<DataRow, DataRow[]>();
  const spread = new Map<DataRow, DataRow[]>();
  const alike = (o: DataRow, n: DataRow) => all.every((i) => o.ties[i] !== null && o.ties[i] === n.ties[i]);
  for (const [key, group] of oldByKey) {
    const candidates = byKey.get(key);
    if (!candidates) continue;
    // A 组合贷款's two rows, now its one 无法判断 row (or one unit's rows, now one).
    if (candidates.length === 1 && group.length > 1 && tieCount > 0) {
      joined.set(candidates[0], group);
      continue;
    }
    // Its one 无法判断 row, now its 商贷 and 公积金 rows again.
    if (group.length === 1 && candidates.length > 1 && tieCount > 0 && !candidates.some((c) => alike(group[0], c))) {
      spread.set(group[0], candidates);
      continue;
    }
    const taken = new Set<DataRow>();
    for (const pass of passes) {
      for (const o of group) {
        if (out.has(o)) continue;
        const n = candidates.find((c) => !taken.has(c) && pass.every((i) => o.ties[i] !== null && o.ties[i] === c.ties[i]));
        if (!n) continue;
        out.set(o, n);
        taken.add(n);
      }
    }
  }
  return { pairs: out, joined, spread };
}

/** How entries of several rows are written on one: "组合贷款（商贷）：X；组合贷款（公积金）：Y", in the sheet's language. */
function joinMarks(zh: boolean): { colon: string; sep: string } {
  return zh ? { colon: '：', sep: '；' } : { colon: ': ', sep: '; ' };
}

/** One column's typed values of several old rows, on one row: once when every row typed the same, else each labelled by its row (bare where the rows' labels cannot tell them apart). */
function joinValues(rows: readonly DataRow[], typed: readonly { o: DataRow; v: ReadBack; text: string }[], zh: boolean): ReadBack {
  if (typed.length === rows.length && typed.every((t) => same(t.v, typed[0].v))) return typed[0].v;
  const labels = rows.map((r) => r.label);
  const labelled = labels.every((l) => l !== null) && new Set(labels).size === labels.length;
  const { colon, sep } = joinMarks(zh);
  if (labelled) return typed.map((t) => `${t.o.label}${colon}${t.text}`).join(sep);
  const texts = [...new Set(typed.map((t) => t.text))];
  return texts.length === 1 ? typed[0].v : texts.join(sep);
}

/** A value joined by joinValues, taken apart by the labels of the rows it goes back to (null: it is not such a value). */
function splitJoined(text: string, labels: readonly string[], zh: boolean): Map<string, string> | null {
  const { colon, sep } = joinMarks(zh);
  const hits: { at: number; label: string; start: number }[] = [];
  for (const label of new Set(labels)) {
    const mark = `${label}${colon}`;
    for (let i = text.indexOf(mark); i >= 0; i = text.indexOf(mark, i + 1)) {
      if (i === 0) hits.push({ at: 0, label, start: mark.length });
      else if (text.startsWith(sep, i - sep.length)) hits.push({ at: i - sep.length, label, start: i + mark.length });
    }
  }
  hits.sort((a, b) => a.at - b.at);
  if (!hits.length || hits[0].at !== 0 || new Set(hits.map((h) => h.label)).size !== hits.length) return null;
  const out = new Map<string, string>();
  hits.forEach((h, k) => out.set(h.label, text.slice(h.start, k + 1 < hits.length ? hits[k + 1].at : text.length).trim()));
  return out;
}

/* ------------------------------------------------------------ the record */

const RECORD_VERSION = '1:';

/** 53-bit string hash (two 32-bit multiply–xorshift lanes): fingerprints, not security. */
function hash53(s: string): number {
  let h1 = 0x9e3779b1;
  let h2 = 0x85ebca77;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 0x9e3779b1);
    h2 = Math.imul(h2 ^ ch, 0x5bd1e995);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35);
  return 0x100000000 * (h2 & 0x1fffff) + (h1 >>> 0);
}

/** The fingerprint a record keeps of value `v` Anjie wrote in `column` of the row identified by `id` (exported for tests that write records of earlier forms). */
export function fingerprint(id: string, column: string, v: ReadBack): string {
  return hash53(`${id}\u241d${column}\u241d${norm(v)}`).toString(36);
}

/** Whether `record` says Anjie wrote `v` in `column` of the row: under its identity, or one a record of an earlier version used. */
function writtenBy(record: Set<string> | null): (r: DataRow, column: string, v: ReadBack) => boolean {
  return (r, column, v) => !!record && (record.has(fingerprint(r.id, column, v)) || r.legacyIds.some((id) => record.has(fingerprint(id, column, v))));
}

/** A fingerprint of a whole sheet as read back: whether a sheet taken in before is still as it was. */
export function gridFingerprint(grid: Grid): string {
  return hash53(grid.map((row) => (row ?? []).map((v) => (blank(v) ? '' : norm(v))).join('\u241d')).join('\u241e').replace(/(\u241e)+$/, '')).toString(36);
}

/** The record another generation left (null: none, or one this version does not read). */
export function parseRecord(value: unknown): Set<string> | null {
  if (typeof value !== 'string' || !value.startsWith(RECORD_VERSION)) return null;
  const body = value.slice(RECORD_VERSION.length);
  return new Set(body ? body.split(',') : []);
}

/* ------------------------------------------------------------- the plan */

export interface CarriedEntry {
  /** The sheet it was typed on, when not the one regenerated (a retired sheet whose entries were taken in). */
  sheet?: string;
  /** The row's identity as shown: ["3-2-1501", "契税"]. */
  row: string[];
  values: { column: Bilingual; value: string }[];
}

export interface CarryReport {
  /** False when the old sheet has no table this description recognises: nothing was read from it. */
  recognised: boolean;
  /** Typed values now on the new sheet. */
  kept: number;
  /** Typed values whose row is gone, per old row: not on the new sheet. */
  unplaced: CarriedEntry[];
  /**
   * Typed values whose row is on the new sheet, where another source already put a different
   * entry (the sheet regenerated has its own; the retired sheet's differs): that one stays, these
   * are kept aside like the unplaced ones.
   */
  clashes: CarriedEntry[];
  /** The sheet the unplaced (and clashing) values were copied to, so they are kept (the add-in sets it). */
  savedTo?: string;
  /** Typed values kept where Anjie now writes something else (e.g. the register's 跟进人 changed). */
  overriding: { row: string[]; column: Bilingual; typed: string; generated: string }[];
  /**
   * Units whose rows changed in number (a 组合贷款's two rows and its one 无法判断 row), with what was
   * typed on them, as it was: `joined` onto the one row, each value labelled by its row; `spread`
   * back onto the unit's rows, by the labels or on each. Not in `kept`.
   */
  regrouped: { row: string[]; how: 'joined' | 'spread'; values: { column: Bilingual; value: string }[] }[];
  /** What the signature block held (制表, 审核, 日期 as shown), and whether it was kept or, the sheet being signed, left out. */
  signature?: { values: { label: Bilingual; value: string }[]; kept: boolean };
}

export interface CarryPlan {
  /** Cells of the new layout to set to the typed value (0-based, layout coordinates). */
  cells: { row: number; col: number; value: ReadBack }[];
  /** The record of this generation, to leave with the sheet. */
  record: string;
  /** Null when there was no old sheet. */
  report: CarryReport | null;
  /** With `also`: what was taken in from that sheet. */
  absorbed?: CarryReport;
  /**
   * The new sheet's row heights (in row order): the layout's, except that a row whose wrapping
   * column (备注) gets typed text back is sized for what it finally holds, by the layout's own
   * estimate (domain/sheets/wrap). The layout sized it for what Anjie generated there: a longer
   * note showed cut off, a shorter one typed over a long generated one sat in a tall row.
   */
  rowHeights: { row: number; height: number }[];
}

/** Another sheet whose typed values go into the new one too (the old single 按揭进度表 of a register that now has several projects). */
export interface CarrySource {
  sheet: string;
  grid: Grid;
  record: Set<string> | null;
  /** Under an active signature: its signature block is not carried. */
  signed?: boolean;
}

function shown(v: ReadBack, c: Pick<ColumnDescription, 'type'>, date1904: boolean): string {
  if (c.type === 'date' && typeof v === 'number') {
    try {
      return excelSerialToDate(v, date1904).date;
    } catch {
      /* not a date Excel can show: as it is */
    }
  }
  return String(v).trim();
}

const SIGNATURE_SLOTS: { key: 'preparedBy' | 'reviewedBy' | 'date'; label: Bilingual }[] = [
  { key: 'preparedBy', label: { zh: SIGNATURE_LABELS.zh[0].replace('：', ''), en: SIGNATURE_LABELS.en[0].replace(':', '') } },
  { key: 'reviewedBy', label: { zh: SIGNATURE_LABELS.zh[1].replace('：', ''), en: SIGNATURE_LABELS.en[1].replace(':', '') } },
  { key: 'date', label: { zh: SIGNATURE_LABELS.zh[2].replace('：', ''), en: SIGNATURE_LABELS.en[2].replace(':', '') } },
];

/** The signature block's filled-in cells on the old sheet, put in the new sheet's block (see the note at the top). */
function carrySignature(layout: SheetLayout, old: Grid, keep: boolean, plan: CarryPlan, report: CarryReport, placed: Map<string, ReadBack>, date1904: boolean, sheet?: string): void {
  const to = signatureBlockPosition(layout);
  if (!to) return;
  const texts: { row: number; col: number; text: string }[] = [];
  // The block is at the bottom: look at the last rows only.
  for (let r = Math.max(0, old.length - 60); r < old.length; r++) {
    (old[r] ?? []).forEach((v, col) => {
      if (typeof v === 'string' && v.trim()) texts.push({ row: r, col, text: v });
    });
  }
  const from = findSignatureBlock(texts);
  if (!from) return;
  const values: { label: Bilingual; value: string }[] = [];
  const clashes: { column: Bilingual; value: string }[] = [];
  for (const { key, label } of SIGNATURE_SLOTS) {
    const v = old[from[key].row]?.[from[key].col];
    if (v === undefined || blank(v)) continue;
    const text = key === 'date' ? shown(v, { type: 'date' }, date1904) : String(v).trim();
    const at = `${to[key].row},${to[key].col}`;
    const prior = placed.get(at);
    if (keep && prior !== undefined) {
      // The sheet regenerated has its own name there: that one stays, this one is kept aside.
      if (!same(prior, v)) clashes.push({ column: label, value: text });
      continue;
    }
    values.push({ label, value: text });
    if (!keep) continue;
    placed.set(at, v);
    plan.cells.push({ row: to[key].row, col: to[key].col, value: v });
  }
  if (values.length) report.signature = { values, kept: keep };
  if (clashes.length) report.clashes.push({ ...(sheet ? { sheet } : {}), row: ['签字栏 Signature block'], values: clashes });
}

/**
 * Where the values typed into `old` (the sheet being replaced, as read back; null when there is
 * none) go in `layout` (the new sheet built from `d`), given the record the previous generation
 * left (`parseRecord`). `signed`: the sheet replaced is under an active signature (the person
 * chose to overwrite it), so its signature block is not carried over. `date1904`: the workbook's
 * date system, in which the grids hold their date serials.
 */
export function planCarry(d: SheetDescription, layout: SheetLayout, old: Grid | null, record: Set<string> | null, opts: { signed?: boolean; also?: CarrySource; date1904?: boolean } = {}): CarryPlan {
  const date1904 = opts.date1904 ?? false;
  if (!d.rowKey?.length) {
    // Rows cannot be matched; only the signature block is carried (查册汇总).
    const plan: CarryPlan = { cells: [], record: RECORD_VERSION, report: null, rowHeights: layout.rowHeights ?? [] };
    const report: CarryReport = { recognised: true, kept: 0, unplaced: [], clashes: [], overriding: [], regrouped: [] };
    if (old) carrySignature(layout, old, !opts.signed, plan, report, new Map(), date1904);
    if (report.signature) plan.report = report;
    return plan;
  }
  const inputs = inputColumns(d);
  const grid: ReadBack[][] = layout.values.map((row) => row.map((v) => readBack(v, date1904)));
  const table = findTable(d, grid);
  const rows = table ? dataRows(d, grid, table) : [];
  const prints = new Set<string>();
  for (const r of rows) {
    for (const c of inputs) {
      const g = grid[r.row][table!.cols.get(c.key)!];
      if (!blank(g)) prints.add(fingerprint(r.id, c.key, g));
    }
  }
  const plan: CarryPlan = { cells: [], record: RECORD_VERSION + [...prints].join(','), report: null, rowHeights: layout.rowHeights ?? [] };
  const target: Target = { layout, grid, table, rows, date1904 };
  // Cells placed so far ("row,col" → value): a later source never overwrites an earlier one.
  const placed = new Map<string, ReadBack>();
  if (old) plan.report = carryFrom(d, target, { sheet: layout.name, grid: old, record, signed: opts.signed }, plan, placed, false);
  if (opts.also) plan.absorbed = carryFrom(d, target, opts.also, plan, placed, true);
  if (table) plan.rowHeights = carriedRowHeights(d, layout, table, rows, plan.cells);
  return plan;
}

/** The layout's row heights, each data row that got typed text in a wrapping column estimated again from what it now holds. */
function carriedRowHeights(d: SheetDescription, layout: SheetLayout, table: Table, rows: readonly DataRow[], cells: CarryPlan['cells']): { row: number; height: number }[] {
  const wraps = d.columns.filter((c) => c.wrap && table.cols.has(c.key)).map((c) => table.cols.get(c.key)!);
  const dataRow = new Set(rows.map((r) => r.row));
  const typed = new Map<string, ReadBack>(cells.map((c) => [`${c.row},${c.col}`, c.value]));
  const heights = new Map((layout.rowHeights ?? []).map((h) => [h.row, h.height] as const));
  const touched = new Set(cells.filter((c) => wraps.includes(c.col) && dataRow.has(c.row)).map((c) => c.row));
  for (const row of touched) {
    let lines = 1;
    for (const col of wraps) {
      const key = `${row},${col}`;
      const v = typed.has(key) ? typed.get(key) : layout.values[row]?.[col];
      const width = layout.columnWidths[col];
      if (typeof v === 'string' && width) lines = Math.max(lines, wrappedLines(v, width));
    }
    // One line: the sheet's default height, as the layout leaves such a row.
    if (lines > 1) heights.set(row, linesHeight(lines));
    else heights.delete(row);
  }
  return [...heights].sort((a, b) => a[0] - b[0]).map(([row, height]) => ({ row, height }));
}

interface Target {
  layout: SheetLayout;
  grid: ReadBack[][];
  table: Table | null;
  rows: DataRow[];
  date1904: boolean;
}

/** What was typed on `src` goes into the new sheet (`target`), where nothing was placed yet; `other`: src is not the sheet being replaced. */
function carryFrom(d: SheetDescription, target: Target, src: CarrySource, plan: CarryPlan, placed: Map<string, ReadBack>, other: boolean): CarryReport {
  const { grid, table, rows, date1904 } = target;
  const old = src.grid;
  const record = src.record;
  const inputs = inputColumns(d);
  const was = findTable(d, old);
  // An empty sheet of that name had nothing to carry.
  const empty = old.every((row) => !row || row.every((v) => blank(v)));
  const report: CarryReport = { recognised: (!!was && !!table) || empty, kept: 0, unplaced: [], clashes: [], overriding: [], regrouped: [] };
  if (!was || !table) return report;
  const at = other ? { sheet: src.sheet } : {};
  carrySignature(target.layout, old, !src.signed, plan, report, placed, date1904, other ? src.sheet : undefined);
  // Written by Anjie: the record has the value's fingerprint under the row's identity (or, in a
  // record of an earlier version, under the identity and its occurrence).
  const wrote = writtenBy(record);
  const olds = dataRows(d, old, was);
  // Paired by the identity the old sheet has (a former rowKey when it lacks a column of the rowKey).
  const news = was.key === table.key ? rows : dataRows(d, grid, table, was.key);
  const current = new Map(rows.map((r) => [r.row, r] as const));
  const { pairs, joined, spread } = pairRows(olds, news, d.rowTieBreak?.length ?? 0);
  const joinedOld = new Set([...joined.values()].flat());
  // The unit a regrouped row is of, as shown ("3-2-0106"), without the row's own label.
  const unitIds = (r: DataRow) => {
    const shownRow = current.get(r.row) ?? r;
    return shownRow.label === null ? shownRow.ids : shownRow.ids.slice(0, -1);
  };
  const typedOn = (o: DataRow) =>
    inputs
      .map((c) => ({ c, v: old[o.row]?.[was.cols.get(c.key)!] }))
      .filter((x): x is { c: ColumnDescription; v: ReadBack } => !blank(x.v) && !wrote(o, x.c.key, x.v!));
  /** Puts `v`, typed on `from` (the old row or rows), in column `c` of the new row `to`; 'clash' when another source put a different entry there first (this one is kept aside). */
  const put = (from: readonly DataRow[], c: ColumnDescription, to: DataRow, v: ReadBack): 'placed' | 'there' | 'clash' => {
    const col = table.cols.get(c.key)!;
    const key = `${to.row},${col}`;
    const prior = placed.get(key);
    // The sheet being replaced has its own entry there: it stays; this one, if different, is kept aside.
    if (prior !== undefined) return same(prior, v) ? 'there' : 'clash';
    placed.set(key, v);
    const g = grid[to.row][col];
    if (same(g, v)) return 'placed';
    plan.cells.push({ row: to.row, col, value: v });
    // Typed over a value Anjie still writes as before (the record of the old sheet has it on this row): the person's choice, nothing to say.
    if (!blank(g) && !from.some((o) => wrote(o, c.key, g))) {
      report.overriding.push({ row: (current.get(to.row) ?? to).ids, column: c.header, typed: shown(v, c, date1904), generated: shown(g, c, date1904) });
    }
    return 'placed';
  };
  const zhSheet = (() => {
    const k = d.rowKey![0];
    const h = grid[table.headerRow]?.[table.cols.get(k)!];
    return typeof h === 'string' && h.trim() === d.columns.find((c) => c.key === k)!.header.zh;
  })();
  for (const o of olds) {
    const typed = typedOn(o);
    if (typed.length === 0) continue;
    const tos = spread.get(o);
    if (tos) {
      // One row, now several (its 无法判断 row, now a 组合贷款's two): a value joined from their rows goes back to them, any other on each.
      const labels = tos.map((t) => t.label).filter((l): l is string => l !== null);
      const values: { column: Bilingual; value: string }[] = [];
      const clashes = new Map<DataRow, { column: Bilingual; value: string }[]>();
      for (const { c, v } of typed) {
        const parts = typeof v === 'string' ? splitJoined(v.trim(), labels, zhSheet) : null;
        values.push({ column: c.header, value: shown(v, c, date1904) });
        for (const to of tos) {
          const part = parts ? (to.label === null ? undefined : parts.get(to.label)) : v;
          if (part === undefined || blank(part)) continue;
          if (put([o], c, to, part) === 'clash') clashes.set(to, [...(clashes.get(to) ?? []), { column: c.header, value: shown(part, c, date1904) }]);
        }
      }
      report.regrouped.push({ row: unitIds(tos[0]), how: 'spread', values });
      for (const [to, values] of clashes) report.clashes.push({ ...at, row: (current.get(to.row) ?? to).ids, values });
      continue;
    }
    if (joinedOld.has(o)) continue;
    const to = pairs.get(o);
    if (!to) {
      report.unplaced.push({ ...at, row: o.ids, values: typed.map(({ c, v }) => ({ column: c.header, value: shown(v, c, date1904) })) });
      continue;
    }
    const clashes: { column: Bilingual; value: string }[] = [];
    for (const { c, v } of typed) {
      const done = put([o], c, to, v);
      if (done === 'clash') clashes.push({ column: c.header, value: shown(v, c, date1904) });
      else report.kept += 1;
    }
    if (clashes.length) report.clashes.push({ ...at, row: (current.get(to.row) ?? to).ids, values: clashes });
  }
  // Several rows, now one (a 组合贷款's two, now its 无法判断 row): each column's entries together on it.
  for (const [to, from] of joined) {
    const typed = from.map((o) => ({ o, typed: typedOn(o) }));
    const values: { column: Bilingual; value: string }[] = [];
    const clashes: { column: Bilingual; value: string }[] = [];
    for (const c of inputs) {
      let entries = typed.flatMap(({ o, typed }) => typed.filter((x) => x.c === c).map(({ v }) => ({ o, v, text: shown(v, c, date1904) })));
      if (!entries.length) continue;
      // Only text is joined: different amounts or dates are not written into one cell; the first row's goes on, the others are kept aside.
      if (c.type !== 'text' && entries.some((e) => !same(e.v, entries[0].v))) {
        for (const e of entries.slice(1)) report.unplaced.push({ ...at, row: e.o.ids, values: [{ column: c.header, value: e.text }] });
        entries = entries.slice(0, 1);
      }
      const v = c.type === 'text' ? joinValues(from, entries, zhSheet) : entries[0].v;
      values.push({ column: c.header, value: shown(v, c, date1904) });
      if (put(from, c, to, v) === 'clash') clashes.push({ column: c.header, value: shown(v, c, date1904) });
    }
    if (!values.length) continue;
    report.regrouped.push({ row: unitIds(to), how: 'joined', values });
    if (clashes.length) report.clashes.push({ ...at, row: (current.get(to.row) ?? to).ids, values: clashes });
  }
  return report;
}

/**
 * Every value typed on a sheet (its input columns and signature block), as entries to keep aside:
 * for a sheet retired with no sheet to take them in (its project left the register).
 */
export function typedEntries(d: SheetDescription, sheet: string, old: Grid, record: Set<string> | null, date1904 = false): CarriedEntry[] | null {
  const was = findTable(d, old);
  if (!was) return null;
  const wrote = writtenBy(record);
  const out: CarriedEntry[] = [];
  for (const o of dataRows(d, old, was)) {
    const values = inputColumns(d)
      .map((c) => ({ c, v: old[o.row]?.[was.cols.get(c.key)!] }))
      .filter((x): x is { c: ColumnDescription; v: ReadBack } => !blank(x.v) && !wrote(o, x.c.key, x.v!))
      .map(({ c, v }) => ({ column: c.header, value: shown(v, c, date1904) }));
    if (values.length) out.push({ sheet, row: o.ids, values });
  }
  const texts: { row: number; col: number; text: string }[] = [];
  for (let r = Math.max(0, old.length - 60); r < old.length; r++) (old[r] ?? []).forEach((v, col) => typeof v === 'string' && v.trim() && texts.push({ row: r, col, text: v }));
  const block = findSignatureBlock(texts);
  if (block) {
    const values = SIGNATURE_SLOTS.map(({ key, label }) => ({ label, v: old[block[key].row]?.[block[key].col] }))
      .filter((x): x is { label: Bilingual; v: ReadBack } => x.v !== undefined && !blank(x.v))
      .map(({ label, v }) => ({ column: label, value: shown(v, { type: label.en === 'Date' ? 'date' : 'text' }, date1904) }));
    if (values.length) out.push({ sheet, row: ['签字栏 Signature block'], values });
  }
  return out;
}

/**
 * `old` with the input cells blanked that hold what `layout` writes in that column on a row of the
 * same identity. For a sheet that keeps no record of what Anjie wrote there (a workbook the CLI
 * wrote: a first run's bytes stay as they were), such a value is Anjie's, not typed: a 跟进人 from
 * the register is not "kept" each run, and one the register changed since is typed over only when
 * the person typed it. Every other value is then taken as typed (planCarry with no record).
 */
export function withoutGenerated(d: SheetDescription, layout: SheetLayout, old: Grid, date1904 = false): Grid {
  const was = d.rowKey?.length ? findTable(d, old) : null;
  if (!was) return old;
  const grid: ReadBack[][] = layout.values.map((row) => row.map((v) => readBack(v, date1904)));
  const table = findTable(d, grid);
  if (!table || !was.key.every((k) => table.cols.has(k))) return old;
  const inputs = inputColumns(d);
  const written = new Set<string>();
  for (const r of dataRows(d, grid, table, was.key)) {
    for (const c of inputs) {
      const g = grid[r.row][table.cols.get(c.key)!];
      if (!blank(g)) written.add(`${r.id}\u241d${c.key}\u241d${norm(g)}`);
    }
  }
  const out = old.map((row) => (row ? [...row] : row));
  for (const o of dataRows(d, old, was)) {
    for (const c of inputs) {
      const col = was.cols.get(c.key)!;
      const v = old[o.row]?.[col];
      if (v !== undefined && !blank(v) && written.has(`${o.id}\u241d${c.key}\u241d${norm(v)}`)) out[o.row]![col] = '';
    }
  }
  return out;
}

/* ---------------------------------------------------------- the message */

const LIST_AT_MOST = 20;

/** What the person is told after the sheet was regenerated (null: nothing worth saying). */
export function carryNotice(sheet: string, d: SheetDescription, report: CarryReport | null): Bilingual | null {
  if (!report) return null;
  const zh: string[] = [];
  const en: string[] = [];
  const cols = inputColumns(d).map((c) => c.header);
  // "房号与费用项目" / "Unit and Fee": what identifies a row (and the first tie-break: "房号与贷款类型").
  const order = (k: string) => d.columns.findIndex((c) => c.key === k);
  const ids = [...[...(d.rowKey ?? [])].sort((a, b) => order(a) - order(b)), ...(d.rowTieBreak ?? []).slice(0, 1)].map((k) => d.columns.find((c) => c.key === k)!.header);
  const join = (list: string[], sep: string, last: string) => (list.length > 1 ? `${list.slice(0, -1).join(sep)}${last}${list[list.length - 1]}` : list.join(''));
  const idZh = join(ids.map((h) => h.zh), '、', '与');
  const idEn = join(ids.map((h) => h.en), ', ', ' and ');
  if (!report.recognised) {
    zh.push(`原来的同名工作表里没有找到${d.name.zh}的表头，其中的内容未能带入新表。`);
    en.push(`the sheet it replaced has no ${d.name.en} header row, so nothing in it was carried over.`);
  }
  if (report.kept > 0) {
    zh.push(`已保留上次填写的 ${report.kept} 项内容（${cols.map((c) => c.zh).join('、')}），仍在${idZh}相同的行。`);
    en.push(`${report.kept} typed ${report.kept === 1 ? 'entry was' : 'entries were'} kept (${cols.map((c) => c.en).join(', ')}), on the row with the same ${idEn}.`);
  }
  if (report.unplaced.length > 0) {
    const n = report.unplaced.length;
    const list = (lang: 'zh' | 'en') =>
      report.unplaced
        .slice(0, LIST_AT_MOST)
        .map((e) => `${e.row.join(' ')}${lang === 'zh' ? '（' : ' ('}${e.values.map((x) => `${x.column[lang]} ${x.value}`).join(lang === 'zh' ? '；' : '; ')}${lang === 'zh' ? '）' : ')'}`)
        .join(lang === 'zh' ? '、' : ', ');
    const more = n > LIST_AT_MOST;
    const kept = report.savedTo ? { zh: `已全部记入工作表“${report.savedTo}”`, en: `all of them are copied to the sheet "${report.savedTo}"` } : { zh: '请另行留存', en: 'keep them elsewhere' };
    zh.push(`有 ${n} 行填写的内容在新表中找不到对应的行（新表已没有这一${idZh}），未能带入，${kept.zh}：${list('zh')}${more ? ` 等 ${n} 行` : ''}。`);
    en.push(`${n} ${n === 1 ? 'row' : 'rows'} of typed entries have no row in the new sheet (no row with that ${idEn} any more) and ${n === 1 ? 'was' : 'were'} not carried over; ${kept.en}: ${list('en')}${more ? ` (${n} rows in all)` : ''}.`);
  }
  if (report.clashes.length > 0) {
    const n = report.clashes.length;
    const list = (lang: 'zh' | 'en') =>
      report.clashes
        .slice(0, LIST_AT_MOST)
        .map((e) => `${e.row.join(' ')}${lang === 'zh' ? '（' : ' ('}${e.values.map((x) => `${x.column[lang]} ${x.value}`).join(lang === 'zh' ? '；' : '; ')}${lang === 'zh' ? '）' : ')'}`)
        .join(lang === 'zh' ? '、' : ', ');
    const more = n > LIST_AT_MOST;
    const kept = report.savedTo ? { zh: `，已记入工作表“${report.savedTo}”`, en: `; they are copied to the sheet "${report.savedTo}"` } : { zh: '，请另行留存', en: '; keep them elsewhere' };
    zh.push(`有 ${n} 行填写的内容在新表中有对应的行，但该行已有不同的填写：保留了新表上的填写，这些内容未带入${kept.zh}：${list('zh')}${more ? ` 等 ${n} 行` : ''}。`);
    en.push(`${n} ${n === 1 ? 'row' : 'rows'} of typed entries have their row in the new sheet, but something different is already entered there: that entry stays and these were not carried over${kept.en}: ${list('en')}${more ? ` (${n} rows in all)` : ''}.`);
  }
  for (const how of ['joined', 'spread'] as const) {
    const units = report.regrouped.filter((e) => e.how === how);
    if (!units.length) continue;
    const n = units.length;
    const list = (lang: 'zh' | 'en') =>
      units
        .slice(0, LIST_AT_MOST)
        .map((e) => `${e.row.join(' ')}${lang === 'zh' ? '（' : ' ('}${e.values.map((x) => `${x.column[lang]} ${x.value}`).join(lang === 'zh' ? '；' : '; ')}${lang === 'zh' ? '）' : ')'}`)
        .join(lang === 'zh' ? '、' : ', ');
    const more = n > LIST_AT_MOST;
    if (how === 'joined') {
      zh.push(`有 ${n} 户原来分几行（如组合贷款的商贷、公积金），新表中只有一行（如无法判断），各行填写的内容已一并写入该行，不同的内容注明原来所在的行：${list('zh')}${more ? ` 等 ${n} 户` : ''}。`);
      en.push(`${n} ${n === 1 ? 'unit' : 'units'} had several rows (a combined loan's commercial and provident fund rows) and now ${n === 1 ? 'has' : 'have'} one (cannot be told): what was typed on those rows is all on that row, different entries labelled by the row they were on: ${list('en')}${more ? ` (${n} units in all)` : ''}.`);
    } else {
      zh.push(`有 ${n} 户原来只有一行，新表中分为几行（如组合贷款的商贷、公积金）：该行填写的内容已写回，注明了原来所在行的写回那一行，其余写入该户的每一行：${list('zh')}${more ? ` 等 ${n} 户` : ''}。`);
      en.push(`${n} ${n === 1 ? 'unit' : 'units'} had one row and now ${n === 1 ? 'has' : 'have'} several (a combined loan's commercial and provident fund rows): what was typed on it was put back, an entry labelled with the row it was on on that row, any other on each of the unit's rows: ${list('en')}${more ? ` (${n} units in all)` : ''}.`);
    }
  }
  if (report.overriding.length > 0) {
    const n = report.overriding.length;
    const list = (lang: 'zh' | 'en') =>
      report.overriding
        .slice(0, LIST_AT_MOST)
        .map((o) => (lang === 'zh' ? `${o.row.join(' ')} ${o.column.zh}“${o.typed}”（新生成为“${o.generated}”）` : `${o.row.join(' ')} ${o.column.en} "${o.typed}" (generated: "${o.generated}")`))
        .join(lang === 'zh' ? '、' : ', ');
    zh.push(`有 ${n} 项填写的内容与本次生成的值不同，保留了填写的内容：${list('zh')}${n > LIST_AT_MOST ? ` 等 ${n} 项` : ''}。如需改用生成的值，请清空这些单元格后重新生成。`);
    en.push(`${n} typed ${n === 1 ? 'entry differs' : 'entries differ'} from what Anjie now writes there and ${n === 1 ? 'was' : 'were'} kept: ${list('en')}${n > LIST_AT_MOST ? ` (${n} in all)` : ''}. To take the generated value, clear the cell and regenerate.`);
  }
  if (report.signature) {
    const zhList = report.signature.values.map((v) => `${v.label.zh} ${v.value}`).join('；');
    const enList = report.signature.values.map((v) => `${v.label.en} ${v.value}`).join('; ');
    if (report.signature.kept) {
      zh.push(`签字栏的填写（${zhList}）已保留；表中数据已重新生成，审核人请核对后再确认。`);
      en.push(`The signature block (${enList}) was kept; the figures were written anew, so the reviewer should check them again.`);
    } else {
      zh.push(`原表已签核，签字栏（${zhList}）是对被覆盖内容的签核，未带入新表；签核记录仍在“签核记录”中。`);
      en.push(`The sheet replaced was signed: its signature block (${enList}) attests to the content overwritten and was not carried over; the sign-off record is kept on the sign-off sheet.`);
    }
  }
  return zh.length ? { zh: `“${sheet}”：${zh.join('')}`, en: `"${sheet}": ${en.join(' ')}` } : null;
}
