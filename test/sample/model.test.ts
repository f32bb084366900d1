import Decimal from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkResidentId } from '../../domain/identifiers';
import { checkStages } from '../../domain/stages';
import { generateSampleSet, type SampleSet } from '../../pipeline/sample';

const ORDER = [
  'signed', 'filed', 'docsComplete', 'sentToBank', 'bankInterview', 'approved', 'mortgageRegistered', 'disbursed',
  'certificateHandedOver', 'depositRefunded',
] as const;

let set: SampleSet;

beforeAll(() => {
  set = generateSampleSet({ seed: 7 });
});

describe('sample register', () => {
  it('has the requested number of units, 240 by default, each with a unique unit key', () => {
    expect(set.register).toHaveLength(240);
    expect(new Set(set.register.map((u) => u.unitKey)).size).toBe(240);
    expect(generateSampleSet({ units: 75, seed: 7 }).register).toHaveLength(75);
  });

  it('adds up to the fen: down payment + commercial loan + provident loan = total price', () => {
    for (const u of set.register) {
      const sum = u.downPayment.plus(u.commercialLoan ?? 0).plus(u.providentLoan ?? 0);
      expect(sum.eq(u.totalPrice!), `${u.unitKey}: ${sum.toFixed(2)} ≠ ${u.totalPrice!.toFixed(2)}`).toBe(true);
      expect(u.downPayment.gt(0)).toBe(true);
      expect(u.totalPrice!.decimalPlaces()).toBeLessThanOrEqual(2);
    }
  });

  it('gives every buyer a valid 18-digit resident ID, and some units two to four buyers', () => {
    const ids = set.register.flatMap((u) => u.buyers.map((b) => b.idNumber));
    for (const id of ids) {
      expect(id).toMatch(/^\d{17}[\dX]$/);
      expect(checkResidentId(id).valid, id).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
    const counts = set.register.map((u) => u.buyers.length);
    expect(Math.max(...counts)).toBeLessThanOrEqual(4);
    expect(counts.filter((c) => c > 1).length).toBeGreaterThan(20);
    expect(counts.some((c) => c >= 3)).toBe(true);
    for (const u of set.register) for (const b of u.buyers) expect(b.phone).toMatch(/^1[3-9]\d{9}$/);
  });

  it('has stage dates that never go backwards and no later stage dated while an earlier one is empty', () => {
    for (const u of set.register) {
      const dated = ORDER.map((k) => u.stages[k] ?? null);
      const last = dated.reduce((i, d, j) => (d ? j : i), -1);
      for (let i = 0; i <= last; i++) expect(dated[i], `${u.unitKey} stage ${ORDER[i]}`).not.toBeNull();
      for (let i = 1; i <= last; i++) expect(dated[i]! >= dated[i - 1]!, `${u.unitKey}: ${ORDER[i]} ${dated[i]} before ${ORDER[i - 1]} ${dated[i - 1]}`).toBe(true);
      expect(u.contractDate).toBe(u.stages.signed);
      expect(checkStages(u.stages, u.loanType), u.unitKey).toEqual([]);
      if (u.loanType === null) expect(u.stages.docsComplete ?? null).toBeNull();
    }
  });

  it('spreads disbursements over the three months ending with the period, never after it', () => {
    const months = new Set(set.register.map((u) => u.stages.disbursed?.slice(0, 7)).filter(Boolean));
    expect([...months].sort()).toEqual(expect.arrayContaining(['2026-09', '2026-10', '2026-11']));
    for (const u of set.register) for (const d of Object.values(u.stages)) if (d) expect(d <= '2026-11-30').toBe(true);
  });

  it('has all three loan types and full payments, four or more banks and provident fund loans', () => {
    const types = new Set(set.register.map((u) => u.loanType));
    expect(types).toEqual(new Set(['commercial', 'providentFund', 'combined', null]));
    const banks = new Set(set.register.map((u) => u.bank).filter(Boolean));
    expect(banks.size).toBeGreaterThanOrEqual(4);
    for (const u of set.register) {
      if (u.loanType === 'providentFund') expect(u.providentLoan && u.commercialLoan === null && u.bank === null).toBeTruthy();
      if (u.loanType === 'combined') expect(u.providentLoan?.gt(0) && u.commercialLoan?.gt(0) && u.bank).toBeTruthy();
      if (u.loanType === 'commercial') expect(u.commercialLoan?.gt(0) && u.providentLoan === null && u.bank).toBeTruthy();
      if (u.loanType === null) expect(u.commercialLoan === null && u.providentLoan === null && u.downPayment.eq(u.totalPrice!)).toBe(true);
    }
  });

  it('has floor areas on both sides of 140 ㎡, including 139.50 and 140.50, and all three usages', () => {
    const areas = set.register.map((u) => u.floorArea!);
    expect(areas.some((a) => a.lt(140))).toBe(true);
    expect(areas.some((a) => a.gt(140))).toBe(true);
    expect(areas.some((a) => a.eq('139.50'))).toBe(true);
    expect(areas.some((a) => a.eq('140.50'))).toBe(true);
    expect(new Set(set.register.map((u) => u.usage))).toEqual(new Set(['住宅', '商业', '车位']));
    expect(new Set(set.register.map((u) => u.householdHomes))).toEqual(new Set([1, 2, 3, null]));
  });

  it('records disbursed amounts and dates for units past 放款 only', () => {
    for (const u of set.register) {
      if (u.stages.disbursed) {
        if (u.commercialLoan) expect(u.commercialDisbursed?.eq(u.commercialLoan) && u.commercialDisbursedDate).toBeTruthy();
        if (u.providentLoan) expect(u.providentDisbursed?.eq(u.providentLoan) && u.providentDisbursedDate).toBeTruthy();
      } else {
        expect(u.commercialDisbursed ?? u.providentDisbursed ?? u.commercialDisbursedDate ?? u.providentDisbursedDate ?? null).toBeNull();
      }
    }
  });

  it('lists the under-collected fees in the truth file, and they are below what is due', () => {
    expect(set.truth.feeShortfalls.length).toBeGreaterThan(0);
    for (const f of set.truth.feeShortfalls) {
      expect(new Decimal(f.collected).lt(f.expected)).toBe(true);
      const u = set.register.find((x) => x.unitKey === f.unitKey)!;
      const collected = f.fee === 'deedTax' ? u.deedTaxCollected : u.maintenanceFundCollected;
      expect(collected?.toFixed(2)).toBe(f.collected);
    }
  });
});

describe('sample ground truth', () => {
  const FLAGS = ['AMOUNT_MISMATCH', 'MISSING_IN_FINANCE', 'MISSING_IN_BANK', 'DUPLICATE_BANK', 'DUPLICATE_FINANCE', 'WRONG_UNIT', 'WRONG_ACCOUNT', 'LATE_BOOKING', 'DEPOSIT_WITHHELD', 'SPLIT_MATCH', 'REVERSED', 'NOT_MORTGAGE', 'OUT_OF_PERIOD'];

  it('injects every kind of problem, each with the rows involved', () => {
    expect(new Set(set.truth.problems.map((p) => p.flag))).toEqual(new Set(FLAGS));
    for (const p of set.truth.problems) {
      expect(p.rows.length, p.id).toBeGreaterThan(0);
      expect(p.description.zh && p.description.en).toBeTruthy();
    }
    const dup = set.truth.problems.find((p) => p.flag === 'DUPLICATE_BANK')!;
    const bankRows = dup.rows.filter((r) => r.side === 'bank');
    expect(new Set(bankRows.map((r) => r.file)).size).toBe(2);
  });

  it('accounts for every bank row and every bank-deposit journal line: an injected problem or a clean match', () => {
    const key = (r: { file: string; sheet: string; row: number }) => `${r.file}|${r.sheet}|${r.row}`;
    const covered = new Map<string, number>();
    for (const p of set.truth.problems) for (const r of p.rows) covered.set(key(r), (covered.get(key(r)) ?? 0) + 1);
    for (const m of set.truth.cleanMatches) for (const r of [...m.bank, ...m.finance]) covered.set(key(r), (covered.get(key(r)) ?? 0) + 1);
    const bank = set.statements.flatMap((s) => s.transactions.map((t) => t.source));
    const finance = set.journal.lines.filter((l) => l.isBankLine).map((l) => l.source);
    for (const s of [...bank, ...finance]) expect(covered.get(key(s)), key(s)).toBe(1);
    expect(covered.size).toBe(bank.length + finance.length);
  });

  it('has clean matches that agree: same amount, same day, booked to the unit the credit belongs to', () => {
    const byRow = new Map(set.journal.lines.map((l) => [`${l.source.row}`, l]));
    const units = new Map(set.register.map((u) => [u.unitKey, u]));
    expect(set.truth.cleanMatches.length).toBeGreaterThan(40);
    for (const m of set.truth.cleanMatches) {
      expect(m.bank).toHaveLength(1);
      expect(m.finance).toHaveLength(1);
      expect(m.bank[0]!.amount).toBe(m.amount);
      expect(m.finance[0]!.amount).toBe(m.amount);
      expect(m.finance[0]!.date).toBe(m.bank[0]!.date);
      expect(byRow.get(`${m.finance[0]!.row}`)!.unitKey).toBe(m.unitKey);
      const u = units.get(m.unitKey)!;
      const loan = m.part === 'commercial' ? u.commercialLoan : u.providentLoan;
      expect(loan?.toFixed(2)).toBe(m.amount);
    }
  });

  it('credits the withheld-deposit loan at loan × (1 − ratio) and refunds the deposit later', () => {
    const p = set.truth.problems.find((x) => x.flag === 'DEPOSIT_WITHHELD')!;
    const u = set.register.find((x) => x.unitKey === p.unitKey)!;
    const credit = p.rows.find((r) => r.role === 'credit')!;
    const refund = p.rows.find((r) => r.role === 'refund')!;
    const loan = u.commercialLoan!;
    expect(new Decimal(credit.amount).eq(loan.mul(new Decimal(1).minus(u.depositRatio!)))).toBe(true);
    expect(new Decimal(credit.amount).plus(refund.amount).eq(loan)).toBe(true);
    expect(refund.date > credit.date).toBe(true);
  });
});

describe('sample sets of other sizes, seeds and months', () => {
  const configs = [
    { units: 50, seed: 1, period: '2027-01' },
    { units: 51, seed: 99, period: '2026-02' },
    { units: 64, seed: -5, period: '2025-12' },
    { units: 400, seed: 123456789, period: '2026-05' },
  ];
  for (const c of configs) {
    it(`${c.units} units, seed ${c.seed}, ${c.period}: every problem injected, every row accounted for, money adds up`, () => {
      const s = generateSampleSet(c);
      expect(s.register).toHaveLength(c.units);
      expect(s.truth.problems.map((p) => p.flag).sort()).toEqual(
        ['AMOUNT_MISMATCH', 'DEPOSIT_WITHHELD', 'DUPLICATE_BANK', 'DUPLICATE_FINANCE', 'LATE_BOOKING', 'MISSING_IN_BANK', 'MISSING_IN_FINANCE', 'NOT_MORTGAGE', 'NOT_MORTGAGE', 'NOT_MORTGAGE', 'NOT_MORTGAGE', 'NOT_MORTGAGE', 'OUT_OF_PERIOD', 'REVERSED', 'SPLIT_MATCH', 'WRONG_ACCOUNT', 'WRONG_UNIT'],
      );
      const key = (r: { file: string; row: number }) => `${r.file}|${r.row}`;
      const rows = [...s.truth.problems.flatMap((p) => p.rows), ...s.truth.cleanMatches.flatMap((m) => [...m.bank, ...m.finance])].map(key);
      const all = [...s.statements.flatMap((x) => x.transactions.map((t) => key(t.source))), ...s.journal.lines.filter((l) => l.isBankLine).map((l) => key(l.source))];
      expect(rows.sort()).toEqual(all.sort());
      const last = s.period.last;
      for (const u of s.register) {
        expect(u.downPayment.plus(u.commercialLoan ?? 0).plus(u.providentLoan ?? 0).eq(u.totalPrice!)).toBe(true);
        expect(checkStages(u.stages, u.loanType)).toEqual([]);
        for (const d of Object.values(u.stages)) if (d) expect(d <= last).toBe(true);
      }
      const out = s.truth.problems.find((p) => p.flag === 'OUT_OF_PERIOD')!.rows.find((r) => r.side === 'bank')!;
      expect(out.date < s.period.first).toBe(true);
      for (const t of s.statements.flatMap((x) => x.transactions)) {
        if (key(t.source) !== key(out)) expect(t.date >= s.period.first && t.date <= last, key(t.source)).toBe(true);
      }
    });
  }
});
