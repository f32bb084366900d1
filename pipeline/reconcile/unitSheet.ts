import type Decimal from 'decimal.js';
import { Money } from '../../domain/money';
import type { RegisterUnit } from '../../domain/register';
import { FLAG_NAMES, hasFlag, outcomeOf, type CarriedNote, type Item, type Reconciliation } from '../../domain/reconcile';
import { RegisterProjects } from '../../domain/reconcile/projects';
import { firstRowsOfUnits, repeatLabel } from '../../domain/reconcile/registerRepeats';
import { StringIds } from '../../domain/reconcile/stringIds';
import { UNIT_NOTE_SEPARATOR, noteCells, type UnitNotesOutcome } from './notes';
import { maskText } from './pii';
import { unitOrderRanks } from './unitOrder';
import type { XCell } from './xlsx';
import { OUTCOME_NAMES, PROJECT_UNTOLD, diffCell, sumCell } from './reportRows';
import { TableSheet, num, type SheetContext } from './reportTable';

/**
 * 按户: one line per unit — 台账 | 财务 | 银行 | 差额 | 差异类型 | 处理人 | 处理结果 (last month's,
 * brought forward) — in unit order. A report of a register of several projects lists each project's
 * units apart, under a 项目 column first (their codes repeat: each has its 1-1-101), project by
 * project in the register's order, and the units whose project cannot be told last, without one
 * (RegisterProjects). A report of one project (or without a register) has no such column: every
 * line would say the same, and its 按户 is as it was before the column existed.
 */

/**
 * A unit's items on one side. Nearly every unit has one, kept without an array: an array per unit
 * and side (with the spare capacity push gives it) was hundreds of MB at a million units.
 */
type UnitItems = Item | Item[] | null;

function withItem(items: UnitItems, it: Item): UnitItems {
  if (items === null) return it;
  if (Array.isArray(items)) {
    items.push(it);
    return items;
  }
  return [items, it];
}

function itemList(items: UnitItems): Item[] {
  return items === null ? [] : Array.isArray(items) ? items : [items];
}

/** The amount key of a line's side without rows (keys are finite: no row has this one). */
const NO_ROW = Infinity;

const LABELLED_INFO_FLAGS = ['LATE_BOOKING', 'DEPOSIT_WITHHELD', 'SPLIT_MATCH'] as const;

const DUE_WITHOUT_ROWS = '台账记录本期放款，银行与财务均无';
const PROJECT_UNKNOWN = `房号为多个项目共用，${PROJECT_UNTOLD}`;
const PROVIDENT_CENTRE = '住房公积金管理中心';

/** The unit under which an item is listed on 按户, or null when it is not listed. */
function unitOfItem(it: Item): string | null {
  if (it.aside || it.rej) return null;
  return it.unit ?? it.cps?.find((c) => c.unit)?.unit ?? null;
}

/**
 * The 按户 units, found before 汇总 is written (汇总 names the sheets 按户 continues on); their
 * lines are gathered only when 按户 is written (lines()), so that 差异 and 已匹配 are written
 * without them in memory. One pass over the items gives each unit a dense id (StringIds: typed
 * arrays, no object per unit) and keeps each item's unit id.
 *
 * Why: at a million units, per-line arrays made here and grown by push were ~100 MB live through
 * 差异 and 已匹配, the run's peak, plus as much again of outgrown copies; and a Map from unit to
 * line, read once per item and again per unit after the sort, cost ~3 s in cache misses.
 */
export class UnitIndex {
  /** Unit → id, in order of first appearance: the items' units, then register units due without rows; with several projects, lineKey(project, unit). */
  private readonly ids: StringIds;
  /** Ids from this one on are register units due this period that no item has. */
  private readonly firstDueOnly: number;
  /** Per item (by index in rec.engine.items): the id of its unit, -1 when it has no 按户 line. */
  private readonly idOfItem: Int32Array;
  /** The register's projects; with several, 按户 lists units per project. */
  private readonly projects: RegisterProjects;

  /** Each unit once, on its first row, as the engine matched against (firstRowsOfUnits). */
  private readonly register: readonly RegisterUnit[];

  constructor(
    private readonly rec: Reconciliation,
    register: readonly RegisterUnit[],
  ) {
    // The engine's own list (RegisterIndex.units) is taken as it is (no second pass over a large register); another list keeps each unit's first row.
    this.register = register === rec.engine.register.units ? register : firstRowsOfUnits(register).units;
    const items = rec.engine.items;
    // The engine's, when it was given this register (it always is; a caller's other list gets its own).
    const engineRegister = rec.engine.register.projects;
    this.projects = engineRegister.indexes(this.register) ? engineRegister : new RegisterProjects(this.register);
    const several = this.projects.several;
    this.ids = new StringIds(items.length >> 1);
    this.idOfItem = new Int32Array(items.length).fill(-1);
    // With several projects, a pair's second row takes the line its first found, when of the same unit (one look at the pair, not two).
    const pairLine = several ? new Map<Item, { unit: string; id: number }>() : null;
    for (let k = 0; k < items.length; k++) {
      const it = items[k];
      const unit = unitOfItem(it);
      if (!unit) continue;
      if (!pairLine) {
        this.idOfItem[k] = this.ids.add(unit);
        continue;
      }
      const found = pairLine.get(it);
      if (found) pairLine.delete(it);
      if (found && found.unit === unit) {
        this.idOfItem[k] = found.id;
        continue;
      }
      const id = (this.idOfItem[k] = this.ids.add(this.lineKey(this.projects.projectOf(unit, it), unit)));
      const partner = it.partner;
      if (partner !== null && partner.partner === it && partner.i > it.i) pairLine.set(partner, { unit, id });
    }
    this.firstDueOnly = this.ids.size;
    const period = rec.engine.period;
    for (const u of this.register) {
      const due = [u.commercialDisbursedDate, u.providentDisbursedDate].some((d) => d && d.slice(0, 7) === period);
      if (!due) continue;
      this.ids.add(several ? this.lineKey(u.project, u.unitKey) : u.unitKey);
    }
  }

  /** A line's key with several projects: the project's place in the register's order (that of "no project" after them), and the unit. */
  private lineKey(project: string | null, unit: string): string {
    const p = project === null ? this.projects.projects.length : this.projects.projects.indexOf(project);
    return `${p}${KEY_SEPARATOR}${unit}`;
  }

  get count(): number {
    return this.ids.size;
  }

  /** With several projects, 按户 has a 项目 column before 房号. */
  get byProject(): boolean {
    return this.projects.several;
  }

  /** The register's projects as 按户 tells them apart: 差异 and 已匹配 give their lines the same 项目. */
  get registerProjects(): RegisterProjects {
    return this.projects;
  }

  /**
   * With several projects, the project of the 按户 line of the item at index k (rec.engine.items),
   * as projectOf gave it when this index was built: 已匹配 names a pair's project without a second
   * look at its rows. null when the line has none; undefined when the item has no 按户 line, or the
   * register one project.
   */
  lineProject(k: number): string | null | undefined {
    const id = this.idOfItem[k];
    if (id < 0 || !this.projects.several) return undefined;
    const key = this.ids.texts[id];
    const p = Number(key.slice(0, key.indexOf(KEY_SEPARATOR)));
    return p < this.projects.projects.length ? this.projects.projects[p] : null;
  }

  /**
   * Last month's 按户 notes (as readUnitNotes keys them) on this month's lines: a note of a line with
   * a 项目 goes to the line of that project and unit, one of a line without (the project could not be
   * told) to such a line of the unit; a note of a report without the column (of one project) to the
   * unit's line in a report of one project, and in one of several to the unit's only line, to none
   * when the unit has lines of several projects (unclear: put on each, it would be on the other
   * project's unit too). Units with no line this month are `missing`. Both named "项目 房号" when
   * the note's line had a project, in order.
   */
  placeNotes(notes: ReadonlyMap<string, readonly CarriedNote[]>): { byId: Map<number, CarriedNote[]>; outcome: UnitNotesOutcome } {
    const byId = new Map<number, CarriedNote[]>();
    const missing = new Set<string>();
    const unclear = new Set<string>();
    let shown = 0;
    const names = this.projects.projects;
    const idOf = (p: number, unit: string) => this.ids.find(`${p}${KEY_SEPARATOR}${unit}`);
    for (const [key, list] of notes) {
      const cut = key.indexOf(UNIT_NOTE_SEPARATOR);
      const unit = cut < 0 ? key : key.slice(cut + 1);
      // null: the report had no 项目 column; '': its line had no project.
      const project = cut < 0 ? null : key.slice(0, cut);
      const ids: number[] = [];
      if (!this.projects.several) {
        // A report of one project: a note of a report of several is its own when of its project.
        const id = this.ids.find(unit);
        if (id >= 0 && (project === null || project === (names[0] ?? ''))) ids.push(id);
      } else if (project === null) {
        for (let p = 0; p <= names.length; p++) if (idOf(p, unit) >= 0) ids.push(idOf(p, unit));
      } else {
        const p = project === '' ? names.length : names.indexOf(project);
        if (p >= 0 && idOf(p, unit) >= 0) ids.push(idOf(p, unit));
      }
      const name = project ? `${project} ${unit}` : unit;
      if (ids.length === 1) {
        const had = byId.get(ids[0]);
        byId.set(ids[0], had ? [...had, ...list] : [...list]);
        shown++;
      } else (ids.length ? unclear : missing).add(name);
    }
    return { byId, outcome: { shown, missing: inUnitOrder([...missing]), unclear: inUnitOrder([...unclear]) } };
  }

  /** The lines in unit order (per project), with their rows and labels; buyers' names masked unless `pii`; `notes`: last month's 按户 notes per line id (placeNotes). */
  lines(pii: boolean, notes: ReadonlyMap<number, readonly CarriedNote[]> | null = null): UnitLines {
    const keys = this.ids.texts;
    const several = this.projects.several;
    const lineOfId = several ? this.projectOrder(keys) : unitOrderRanks(keys);
    const units = new Array<string>(keys.length);
    const projects: (string | null)[] | null = several ? new Array<string | null>(keys.length) : null;
    const names = this.projects.projects;
    for (let id = 0; id < keys.length; id++) {
      const at = lineOfId[id];
      if (!projects) {
        units[at] = keys[id];
        continue;
      }
      const cut = keys[id].indexOf(KEY_SEPARATOR);
      const p = Number(keys[id].slice(0, cut));
      units[at] = keys[id].slice(cut + 1);
      projects[at] = p < names.length ? names[p] : null;
    }
    // One project: the register's unit of the code. Several: that of the line's project, none when it has none.
    const register = projects ? units.map((u, k) => (projects[k] === null ? null : this.projects.unit(projects[k], u))) : new Map(this.register.map((u) => [u.unitKey, u]));
    let onLines: Map<number, readonly CarriedNote[]> | null = null;
    if (notes) {
      onLines = new Map();
      for (const [id, list] of notes) onLines.set(lineOfId[id], list);
    }
    const lines = new UnitLines(units, projects, register, pii, onLines, this.rec.engine.period);
    // A unit of a code several projects share whose rows do not say which: said first, it is why the register's columns are empty.
    if (projects) for (let k = 0; k < units.length; k++) if (projects[k] === null && this.projects.shared(units[k])) lines.addLabel(k, PROJECT_UNKNOWN);
    const items = this.rec.engine.items;
    for (let k = 0; k < items.length; k++) {
      const id = this.idOfItem[k];
      if (id >= 0) lines.addItem(lineOfId[id], items[k]);
    }
    for (let id = this.firstDueOnly; id < keys.length; id++) lines.addLabel(lineOfId[id], DUE_WITHOUT_ROWS);
    // A unit the register repeats: its line's 台账 columns and its matches went by its first row; the rows are named.
    for (const list of this.rec.engine.register.repeats.values())
      for (const r of list) {
        const id = this.ids.find(several ? this.lineKey(r.project, r.unit) : r.unit);
        if (id >= 0) lines.addLabel(lineOfId[id], repeatLabel(r));
      }
    return lines;
  }

  /** Each key's line with several projects: project by project in the register's order, those of no project last; each project's units in unit order. */
  private projectOrder(keys: readonly string[]): Int32Array {
    const groups = new Map<number, number[]>();
    for (let id = 0; id < keys.length; id++) {
      const p = Number(keys[id].slice(0, keys[id].indexOf(KEY_SEPARATOR)));
      const g = groups.get(p);
      if (g) g.push(id);
      else groups.set(p, [id]);
    }
    const out = new Int32Array(keys.length);
    let start = 0;
    for (const p of [...groups.keys()].sort((a, b) => a - b)) {
      const ids = groups.get(p)!;
      const ranks = unitOrderRanks(ids.map((id) => keys[id].slice(keys[id].indexOf(KEY_SEPARATOR) + 1)));
      ids.forEach((id, k) => (out[id] = start + ranks[k]));
      start += ids.length;
    }
    return out;
  }
}

/** Texts (distinct) in unit order. */
function inUnitOrder(texts: readonly string[]): string[] {
  const rank = unitOrderRanks(texts);
  const out = new Array<string>(texts.length);
  texts.forEach((t, k) => (out[rank[k]] = t));
  return out;
}

/** Between a line key's project and unit (no unit code holds it). */
const KEY_SEPARATOR = '\u0001';

/**
 * The 按户 lines in unit order: per line its items and 差异类型 labels, in arrays sized once.
 * fill(n) writes the n-th line's cells when it is written.
 */
class UnitLines {
  private readonly bank: UnitItems[];
  private readonly fin: UnitItems[];
  /**
   * Per line and side, the amount key of its one row when that key is an integer fen, NO_ROW when
   * the side has no row, NaN otherwise (several rows, a string key). The common line, one row a
   * side, gets its amount cells from these numbers alone: read in unit order, the items are
   * scattered over the heap, and fetching them was a cache miss per item (~3 s at a million units).
   */
  private readonly bankKey: Float64Array;
  private readonly finKey: Float64Array;
  /** 差异类型 labels per line, in order of first appearance; null until there is one (most units have none). */
  private readonly labels: (Set<string> | null)[];

  constructor(
    /** The units, sorted. */
    private readonly units: readonly string[],
    /** With several projects, each line's project (null: it cannot be told); null with one. */
    private readonly projects: readonly (string | null)[] | null,
    /** The register's units by code (one project), or each line's register unit (several). */
    private readonly register: ReadonlyMap<string, RegisterUnit> | readonly (RegisterUnit | null)[],
    /** --show-pii: the register's buyer names as typed, ID or phone included. */
    private readonly pii: boolean,
    /** 处理人/处理结果 typed on last month's 按户, per line; null when none. */
    private readonly notes: ReadonlyMap<number, readonly CarriedNote[]> | null,
    private readonly period: string,
  ) {
    const n = units.length;
    this.bank = new Array<UnitItems>(n).fill(null);
    this.fin = new Array<UnitItems>(n).fill(null);
    this.bankKey = new Float64Array(n).fill(NO_ROW);
    this.finKey = new Float64Array(n).fill(NO_ROW);
    this.labels = new Array<Set<string> | null>(n).fill(null);
  }

  get count(): number {
    return this.units.length;
  }

  /** Adds a row to line k, with the labels its outcome and flags give. */
  addItem(k: number, it: Item): void {
    const key = typeof it.key === 'number' ? it.key : NaN;
    if (it.side === 'bank') {
      this.bankKey[k] = this.bank[k] === null ? key : NaN;
      this.bank[k] = withItem(this.bank[k], it);
    } else {
      this.finKey[k] = this.fin[k] === null ? key : NaN;
      this.fin[k] = withItem(this.fin[k], it);
    }
    if (!it.flags) return; // matched, nothing to say
    const o = outcomeOf(it);
    if (o !== 'MATCHED') this.addLabel(k, OUTCOME_NAMES[o].zh);
    for (const f of LABELLED_INFO_FLAGS) if (hasFlag(it, f)) this.addLabel(k, FLAG_NAMES[f].zh);
  }

  addLabel(k: number, label: string): void {
    (this.labels[k] ??= new Set()).add(label);
  }

  /** Fills `cells` with the 按户 row of line k. */
  fill(k: number, cells: XCell[]): XCell[] {
    const unit = this.units[k];
    const reg = this.register;
    const r = reg instanceof Map ? (reg.size ? (reg.get(unit) ?? null) : null) : (reg as readonly (RegisterUnit | null)[])[k];
    const loan = r ? [r.commercialLoan, r.providentLoan].reduce<Decimal>((s, x) => (x ? s.plus(x) : s), new Money(0)) : null;
    const bk = this.bankKey[k];
    const fk = this.finKey[k];
    // With several projects, the line's project first (empty when it cannot be told).
    let c = 0;
    if (this.projects) cells[c++] = this.projects[k];
    cells[c] = unit;
    cells[c + 1] = r?.mainBorrower ? maskText(r.mainBorrower, this.pii) : null;
    // A 公积金 loan has no bank in the register: its lender is the centre (as on 查册汇总), not a blank.
    cells[c + 2] = r ? (r.loanType === 'providentFund' ? PROVIDENT_CENTRE : r.bank) : null;
    cells[c + 3] = loan ? num(loan) : null;
    // A key k of one row gives amountCell's k / 100; no row sums to 0; anything else is summed from the items.
    cells[c + 4] = fk === NO_ROW ? 0 : fk === fk ? fk / 100 : sumCell(itemList(this.fin[k]));
    cells[c + 5] = bk === NO_ROW ? 0 : bk === bk ? bk / 100 : sumCell(itemList(this.bank[k]));
    // diffCell's shortcuts: no rows, or one row a side with the same key, differ by 0.
    cells[c + 6] = bk === fk ? 0 : diffCell(itemList(this.bank[k]), itemList(this.fin[k]));
    const labels = this.labels[k];
    cells[c + 7] = labels ? [...labels].join('、') : null;
    // Last month's note on the unit's line, marked with its month as on 差异 (【10月】…), masked and cut alike.
    const notes = this.notes?.get(k);
    const note = notes ? noteCells(notes, this.period, this.pii) : null;
    cells[c + 8] = note?.by ?? null;
    cells[c + 9] = note?.result ?? null;
    return cells;
  }
}

/** 按户: one line per unit, from the index built before the workbook (its count decides the spill). */
export async function writeUnitSheet(c: SheetContext, unitIndex: UnitIndex, notes: ReadonlyMap<number, readonly CarriedNote[]> | null): Promise<string[]> {
  const { wb, pii, maxRows } = c;
  const byUnit = new TableSheet(
    wb,
    '按户',
    [
      ...(unitIndex.byProject ? [{ header: '项目', width: 14, repeats: true as const }] : []),
      { header: '房号', width: 12 },
      { header: '购房人', width: 12 },
      { header: '贷款银行', width: 20, repeats: true },
      { header: '台账金额', width: 15, kind: 'money' },
      { header: '财务入账', width: 15, kind: 'money' },
      { header: '银行流水', width: 15, kind: 'money' },
      { header: '差额(银行−财务)', width: 15, kind: 'money' },
      { header: '差异类型', width: 30, repeats: true },
      { header: '处理人', width: 10 },
      // Wrapped: a note brought forward from last month (【10月】…) shows whole.
      { header: '处理结果', width: 20, wrap: true },
    ],
    maxRows,
  );
  await byUnit.start();
  // One array refilled for every line: the sheet reads it at once and keeps nothing.
  const unitCells: XCell[] = [];
  const perUnit = unitIndex.lines(pii, notes);
  for (let n = 0; n < perUnit.count; n++) {
    const p = byUnit.add(perUnit.fill(n, unitCells));
    if (p) await p;
  }
  await byUnit.end('无按户的行 / No lines by unit');
  return byUnit.names;
}
