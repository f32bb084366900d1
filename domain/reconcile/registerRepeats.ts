import type Decimal from 'decimal.js';
import type { RegisterUnit } from '../register';
import type { Bilingual } from '../text';

/**
 * A register row repeating an earlier row's unit (DUPLICATE_UNIT of anjie validate: the same 房号 in
 * the same project). Reconciliation expects of the unit what its first row says, as the fee ledger
 * charges it on its first row: the later rows are not read for matching (not their loans, buyers,
 * bank or deposit ratio), so which row a credit is compared with no longer depends on the order of
 * the rows, and the report names the rows (按户, the explanations, and the register's errors on stdout
 * and 汇总). Not the buyers either: a later row is a mistyped 房号 as often as a correction, and a name
 * only it gives would take a credit naming no unit to this unit's booking of the same amount.
 */
export interface RegisterRepeat {
  unit: string;
  project: string;
  /** The row the unit's expectation is taken from: its first. */
  first: RegisterUnit;
  /** The later rows of the unit, in order. */
  later: RegisterUnit[];
  /** Of what matching reads, what a later row says otherwise than the first (商贷金额, 贷款银行 …), in column order; empty when they agree. */
  differs: Bilingual[];
}

const FIELDS: { label: Bilingual; same: (a: RegisterUnit, b: RegisterUnit) => boolean }[] = [
  { label: { zh: '买受人', en: 'buyers' }, same: (a, b) => names(a) === names(b) },
  { label: { zh: '主借款人', en: 'main borrower' }, same: (a, b) => (a.mainBorrower ?? '').trim() === (b.mainBorrower ?? '').trim() },
  { label: { zh: '贷款类型', en: 'loan type' }, same: (a, b) => a.loanType === b.loanType },
  { label: { zh: '贷款银行', en: 'lending bank' }, same: (a, b) => (a.bank ?? '') === (b.bank ?? '') },
  { label: { zh: '商贷金额', en: 'commercial loan' }, same: (a, b) => sameAmount(a.commercialLoan, b.commercialLoan) },
  { label: { zh: '公积金金额', en: 'provident loan' }, same: (a, b) => sameAmount(a.providentLoan, b.providentLoan) },
  { label: { zh: '保证金比例', en: 'deposit ratio' }, same: (a, b) => sameAmount(a.depositRatio, b.depositRatio) },
];

function names(u: RegisterUnit): string {
  return u.buyers.map((b) => b.name.trim()).join('\u0000');
}

/** Equal amounts (a blank and 0 alike: no loan either way). */
function sameAmount(a: Decimal | null, b: Decimal | null): boolean {
  if (!a || a.isZero()) return !b || b.isZero();
  return !!b && a.eq(b);
}

/**
 * The register with each unit once, on its first row (`units`: the very array given when no unit
 * repeats, so a register without repeats is read as it always was), and the units that repeat, in
 * the order of their first rows. A unit is its code within its project (1-1-101 of 项目A and of 项目B
 * are two units, as anjie validate counts them); a row without a code is kept. One pass.
 */
export function firstRowsOfUnits(register: readonly RegisterUnit[]): { units: readonly RegisterUnit[]; repeats: RegisterRepeat[] } {
  const seen = new Map<string, RegisterRepeat | RegisterUnit>();
  const repeats: RegisterRepeat[] = [];
  let units: RegisterUnit[] | null = null;
  for (let at = 0; at < register.length; at++) {
    const u = register[at];
    if (!u.unitKey) {
      units?.push(u);
      continue;
    }
    const key = `${u.project}\u241f${u.unitKey}`;
    const had = seen.get(key);
    if (had === undefined) {
      seen.set(key, u);
      units?.push(u);
      continue;
    }
    // The first repeat: from here on the kept rows are copied.
    units ??= register.slice(0, at);
    let r: RegisterRepeat;
    if ('later' in had) r = had;
    else {
      r = { unit: u.unitKey, project: u.project, first: had, later: [], differs: [] };
      seen.set(key, r);
      repeats.push(r);
    }
    r.later.push(u);
    for (const f of FIELDS) if (!f.same(r.first, u) && !r.differs.includes(f.label)) r.differs.push(f.label);
  }
  for (const r of repeats) r.differs.sort((a, b) => FIELDS.findIndex((f) => f.label === a) - FIELDS.findIndex((f) => f.label === b));
  return { units: units ?? register, repeats };
}

/** "第 2 行与第 5 行" (or "第 2 行与第 5/9 行"): the unit's rows, the first first. */
function rowsText(r: RegisterRepeat): Bilingual {
  const row = (u: RegisterUnit) => (u.source ? String(u.source.row) : '?');
  const later = r.later.map(row);
  return { zh: `第 ${row(r.first)} 行与第 ${later.join('/')} 行`, en: `rows ${row(r.first)} and ${later.join(', ')}` };
}

/**
 * The 按户 line's word on a unit the register repeats (its 差异类型, beside the outcomes): which rows,
 * what they disagree on, and that the line's 台账 columns and every match of the unit went by the
 * first. No 、 in it: the column joins its labels with 、.
 */
export function repeatLabel(r: RegisterRepeat): string {
  const first = r.first.source ? `第 ${r.first.source.row} 行` : '第一行';
  const differs = r.differs.length ? `，${r.differs.map((d) => d.zh).join('/')}不一致` : '';
  return `台账重复：${rowsText(r).zh}为同一房号${differs}，按${first}核对`;
}

