import Decimal from 'decimal.js';
import { Money, roundFen } from '../money';
import { bankDepositRatio, unknownDepositRatio } from '../fees/deposit';
import type { RegisterUnit } from '../register';
import type { Bilingual } from '../text';
import type { DepositRules } from './types';
import { type AmountKey, amountKey } from './amountKey';
import { type Item, nameKey, push } from './item';
import { RegisterProjects } from './projects';
import { type RegisterRepeat, firstRowsOfUnits } from './registerRepeats';

/** The register (按揭台账) indexed for matching: loans by unit, units by buyer and by net-of-deposit amount, and each unit's deposit terms. */

export interface RegisterIndex {
  /** The register's rows matched against: each unit once, on its first row (firstRowsOfUnits). */
  units: readonly RegisterUnit[];
  /** Unit key → the units of that code the register repeats (DUPLICATE_UNIT), one per project; their later rows are not read. */
  repeats: Map<string, RegisterRepeat[]>;
  byUnit: Map<string, RegisterUnit>;
  nameToUnit: Map<string, string | null>; // null: the name belongs to several units
  /** Unit key → its buyers' and 主借款人's names, normalised (normaliseName). */
  buyersOf: Map<string, string[]>;
  /** Amount key of a loan net of its deposit → unit keys. */
  netToUnits: Map<AmountKey, DepositTerm[]>;
  /** Amount key of a deposit → unit keys. */
  depositToUnits: Map<AmountKey, DepositTerm[]>;
  /** Unit key → the deposit on each of its loans (of every project that has the code). */
  deposits: Map<string, DepositTerm[]>;
  /**
   * Unit key → its commercial loans whose deposit ratio is not known (unknownDepositRatio: its 保证金比例 is
   * below 0 or cannot be read, or the row gives none and its 贷款银行 is off the register's bank list), with why: no
   * ratio is guessed for them, so no credit is taken for one net of a deposit (the fee ledger's 按揭保证金
   * is 无法计算 for the same rows).
   */
  unknownRatios: Map<string, UnknownRatio[]>;
  /** The register's projects and their units by code. */
  projects: RegisterProjects;
}

/**
 * The register's unit of a row's unit: of a code several projects share, the one the row names
 * (its project in its text, or its buyer: RegisterProjects.unitOfRow); else `byUnit`'s, one project's
 * unit standing for the code as the shared-code warning says.
 */
export function registerUnitOf(reg: RegisterIndex, it: Item): RegisterUnit | undefined {
  if (!it.unit) return undefined;
  if (reg.projects.several && reg.projects.shared(it.unit)) {
    const u = reg.projects.unitOfRow(it.unit, it);
    if (u) return u;
  }
  return reg.byUnit.get(it.unit);
}

/** The deposit terms of a register unit: of its code's, those of its own loans (another project's unit of the code has its own). */
export function depositsOf(reg: RegisterIndex, u: RegisterUnit): DepositTerm[] {
  const terms = reg.deposits.get(u.unitKey) ?? [];
  return reg.projects.several && reg.projects.shared(u.unitKey) ? terms.filter((t) => t.of === u) : terms;
}

export function loansOf(u: RegisterUnit): Decimal[] {
  const out: Decimal[] = [];
  if (u.commercialLoan && u.commercialLoan.gt(0)) out.push(u.commercialLoan);
  if (u.providentLoan && u.providentLoan.gt(0)) out.push(u.providentLoan);
  return out;
}

/** Credit net of the deposit: loan × (1 − ratio), to the fen. */
export function netOfDeposit(loan: Decimal, ratio: Decimal): Decimal {
  return roundFen(new Money(loan).times(new Money(1).minus(ratio)));
}
export function depositOf(loan: Decimal, ratio: Decimal): Decimal {
  return roundFen(new Money(loan).times(ratio));
}

/** Where a unit's deposit ratio came from: the register row, or templates/fees/deposit.json (its bank's entry, or the default). */
export type DepositSource = { kind: 'register' } | { kind: 'bank'; id: string; bank: string } | { kind: 'default'; id: string };
const REGISTER_SOURCE: DepositSource = { kind: 'register' };

/** The deposit on one loan of a unit: credit = loan × (1 − ratio). */
export interface DepositTerm {
  unit: string;
  /** The register unit whose loan it is. */
  of: RegisterUnit;
  loan: Decimal;
  ratio: Decimal;
  source: DepositSource;
}

/** A commercial loan whose deposit ratio is not known, and why (in the fee ledger's words). */
export interface UnknownRatio {
  of: RegisterUnit;
  loan: Decimal;
  why: Bilingual;
}

export function indexRegister(rows: readonly RegisterUnit[], depositRules?: DepositRules): RegisterIndex {
  // A unit the register repeats is expected as its first row says (the fee ledger charges it there):
  // its later rows' loans, buyers and deposit terms would otherwise be mixed in, and byUnit keep the last.
  const { units: register, repeats: repeated } = firstRowsOfUnits(rows);
  const repeats = new Map<string, RegisterRepeat[]>();
  for (const r of repeated) push(repeats, r.unit, r);
  const byUnit = new Map<string, RegisterUnit>();
  const nameToUnit = new Map<string, string | null>();
  const buyersOf = new Map<string, string[]>();
  const netToUnits = new Map<AmountKey, DepositTerm[]>();
  const depositToUnits = new Map<AmountKey, DepositTerm[]>();
  const deposits = new Map<string, DepositTerm[]>();
  const unknownRatios = new Map<string, UnknownRatio[]>();
  const add = (u: RegisterUnit, loan: Decimal, ratio: Decimal, source: DepositSource) => {
    const unit = u.unitKey;
    const term: DepositTerm = { unit, of: u, loan, ratio, source };
    push(netToUnits, amountKey(netOfDeposit(loan, ratio)), term);
    push(depositToUnits, amountKey(depositOf(loan, ratio)), term);
    push(deposits, unit, term);
  };
  for (const u of register) {
    if (!u.unitKey) continue;
    byUnit.set(u.unitKey, u);
    const names = new Set<string>();
    if (u.mainBorrower) names.add(nameKey(u.mainBorrower));
    for (const b of u.buyers) if (b.name) names.add(nameKey(b.name));
    const listed = buyersOf.get(u.unitKey) ?? [];
    for (const n of names) {
      if (!n) continue;
      if (!listed.includes(n)) listed.push(n);
      const prev = nameToUnit.get(n);
      if (prev === undefined) nameToUnit.set(n, u.unitKey);
      else if (prev !== u.unitKey) nameToUnit.set(n, null);
    }
    if (listed.length) buyersOf.set(u.unitKey, listed);
    const ratio = u.depositRatio;
    const unknown = u.commercialLoan && u.commercialLoan.gt(0) ? unknownDepositRatio(u) : null;
    if (unknown && u.commercialLoan) {
      // No ratio to go by (a negative one is a slip, a bank off the list is no bank's agreement, and the default
      // is not its ratio): as the fee ledger's 按揭保证金 is 无法计算, no credit is recognised as net of an invented deposit.
      push(unknownRatios, u.unitKey, { of: u, loan: u.commercialLoan, why: unknown });
    } else if (ratio) {
      if (ratio.gt(0) && ratio.lt(1)) for (const loan of loansOf(u)) add(u, loan, ratio, REGISTER_SOURCE);
    } else if (depositRules && u.commercialLoan && u.commercialLoan.gt(0)) {
      // No ratio of its own: the lending bank's (templates/fees/deposit.json), as the fee ledger
      // computes it (computeDeposit) — on the commercial loan, which the bank lends and withholds from.
      const d = bankDepositRatio(u, depositRules);
      if (d.ratio.gt(0) && d.ratio.lt(1)) add(u, u.commercialLoan, d.ratio, d.bank ? { kind: 'bank', id: d.ruleId, bank: d.bank } : { kind: 'default', id: d.ruleId });
    }
  }
  return { units: register, repeats, byUnit, nameToUnit, buyersOf, netToUnits, depositToUnits, deposits, unknownRatios, projects: new RegisterProjects(register) };
}
