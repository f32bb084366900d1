import type { RegisterUnit } from '../register';
import { matchGroup } from './finish';
import { type Item, mentions, nameKey } from './item';

/**
 * Which project (楼盘) of the register a row is about, for a report that lists units per project (按户).
 *
 * A group register holds several projects, and their unit codes repeat (each has its 1-1-101). A row's
 * unit code names its project when only one project of the register has that code. When several do,
 * the row's text (the bank memo and payer, the journal's 摘要 and 辅助核算, a carried item's text)
 * may name one of them, or its buyer may be the buyer of one of those units only. A row with no
 * such word of its own takes what its match (the rows it was paired with) says. Rows of one match
 * that point to different projects, or that nothing points to, have no project: the report says it
 * cannot tell, rather than showing one project's loan and buyer for another's unit.
 */
export class RegisterProjects {
  /** The register's projects, in the order they first appear in it. */
  readonly projects: string[] = [];
  /** Unit code → the register's units of that code, one per project (the engine gives it each unit's first row: firstRowsOfUnits; of a list with repeats, the last); empty with one project. */
  private readonly byCode = new Map<string, RegisterUnit[]>();
  /** Per register unit, its buyers' and 主借款人's names as compared (nameKey); built when first asked. */
  private readonly names = new Map<RegisterUnit, string[]>();

  constructor(private readonly register: readonly RegisterUnit[]) {
    const seen = new Set<string>();
    for (const u of register) {
      if (!seen.has(u.project)) {
        seen.add(u.project);
        this.projects.push(u.project);
      }
    }
    // One project: its codes are its units' (byUnit); no map of a million codes is kept for nothing.
    if (this.projects.length < 2) return;
    for (const u of register) {
      if (!u.unitKey) continue;
      const list = this.byCode.get(u.unitKey);
      if (!list) this.byCode.set(u.unitKey, [u]);
      else {
        const at = list.findIndex((x) => x.project === u.project);
        if (at >= 0) list[at] = u;
        else list.push(u);
      }
    }
  }

  /** Was this made of that very list of units? */
  indexes(register: readonly RegisterUnit[]): boolean {
    return register === this.register;
  }

  /** More than one project: units are told apart by project as well as code (the other methods answer only then). */
  get several(): boolean {
    return this.projects.length > 1;
  }

  /** The register's unit of this project and code, or null. */
  unit(project: string, code: string): RegisterUnit | null {
    return this.byCode.get(code)?.find((u) => u.project === project) ?? null;
  }

  /** Is this code a unit of more than one project? */
  shared(code: string): boolean {
    return (this.byCode.get(code)?.length ?? 0) > 1;
  }

  /**
   * The project of a row listed under unit `code` (see the top of this file): the code's, when one
   * project has it; else what the rows of its match (the row alone when unpaired) say, each on its
   * own; null when they say nothing or disagree.
   */
  projectOf(code: string, row: Item): string | null {
    const units = this.byCode.get(code);
    if (!units) return null;
    if (units.length === 1) return units[0].project;
    // A plain pair (most rows) is the row and its partner: no group built.
    const partner = row.partner;
    const group = partner !== null && partner.partner === row ? [row, partner] : row.hasCps ? matchGroup(row) : [row];
    let found: string | null = null;
    for (const it of group) {
      const p = this.said(units, it);
      if (p === null) continue;
      if (found !== null && found !== p) return null;
      found = p;
    }
    return found;
  }

  /**
   * The register's unit of `code` that the row itself names (see the top of this file: the code's
   * when one project has it; of a shared code, the project its text names, else the one whose unit
   * has its buyer); null when the register has no such code or the row does not tell.
   */
  unitOfRow(code: string, row: Item): RegisterUnit | null {
    const units = this.byCode.get(code);
    if (!units) return null;
    if (units.length === 1) return units[0];
    const p = this.said(units, row);
    return p === null ? null : units.find((u) => u.project === p)!;
  }

  /** What one row says of which of `units` (one code, several projects) it is: a project its text names, else its buyer's; null when neither tells. */
  private said(units: readonly RegisterUnit[], it: Item): string | null {
    let named: string | null = null;
    for (const u of units) {
      if (!u.project || !names(it, u.project)) continue;
      if (named !== null) return null;
      named = u.project;
    }
    if (named !== null) return named;
    const name = it.name;
    if (!name) return null;
    let buyer: string | null = null;
    for (const u of units) {
      if (!this.buyersOf(u).some((n) => n === name || name.includes(n) || n.includes(name))) continue;
      if (buyer !== null) return null;
      buyer = u.project;
    }
    return buyer;
  }

  private buyersOf(u: RegisterUnit): readonly string[] {
    let list = this.names.get(u);
    if (!list) {
      const all = [u.mainBorrower, ...u.buyers.map((b) => b.name)].filter((n): n is string => !!n).map(nameKey);
      list = [...new Set(all)].filter(Boolean);
      this.names.set(u, list);
    }
    return list;
  }
}

/** Does the row's text name `word`? (mentions, without building a statement row's text.) */
function names(it: Item, word: string): boolean {
  const b = it.bank;
  if (b) return !!(b.memo?.includes(word) || b.counterpartyName?.includes(word));
  return mentions(it, word);
}
