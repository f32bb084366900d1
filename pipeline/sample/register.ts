import Decimal from 'decimal.js';
import { addDays, daysBetween, type LocalDate } from '../../domain/dates';
import { roundFen } from '../../domain/money';
import { normaliseUnitCode } from '../../domain/units';
import type { RegisterUnit, Buyer } from '../../domain/register';
import { computeDeedTax, computeMaintenanceFund, computeRegistrationFees, deedTaxBase, vatInForce } from '../../domain/fees/compute';
import type { FeeRules } from '../../domain/fees/rules';
import type { LoanType, StageDates, StageKey } from '../../domain/stages';
import { ACCOUNTS, COMPANY, PROVIDENT_ACCOUNT, type AccountId } from './accounts';
import { bankTime, businessDays, monthsAfter, type Period } from './calendar';
import { bankCardNumber, PersonFactory, STAFF, pad } from './people';
import type { Rng } from './prng';

/** Where a unit stands at the end of the period, which decides what the bank and finance see. */
export type UnitStatus =
  | 'inPeriod' // loan disbursed during the period: one credit per loan part in the statements
  | 'before' // disbursed in the two months before the period: nothing in this period's files
  | 'open' // loan not yet disbursed
  | 'cash'; // 一次性付款, no loan

export interface Credit {
  account: AccountId;
  date: LocalDate;
  time: string;
  amount: Decimal;
  part: 'commercial' | 'provident';
}

/** A register row plus what the generator knows about it (the people behind it, its credits). */
export interface GeneratedUnit {
  reg: RegisterUnit;
  status: UnitStatus;
  /** The main borrower's personal card (the counterparty account on a commercial credit). */
  card: string | null;
  /** Credits the period's statements carry for this unit (clean, before any injected problem). */
  credits: Credit[];
  /** The fee the desk under-collected, when it did (for truth.json). */
  feeShortfall: { fee: 'deedTax' | 'maintenanceFund'; expected: Decimal; collected: Decimal } | null;
}

export const STAGE_ORDER: readonly StageKey[] = [
  'signed', 'filed', 'docsComplete', 'sentToBank', 'bankInterview', 'approved', 'mortgageRegistered', 'disbursed',
  'certificateHandedOver', 'depositRefunded',
];

/** Days between a stage and the one before it (min, max). */
const GAP: Record<StageKey, [number, number]> = {
  signed: [0, 0],
  filed: [3, 15],
  docsComplete: [2, 18],
  sentToBank: [1, 7],
  bankInterview: [2, 10],
  approved: [3, 14],
  mortgageRegistered: [3, 12],
  disbursed: [2, 9],
  certificateHandedOver: [8, 30],
  depositRefunded: [5, 20],
};

/** Stage dates from `signed` up to `upTo`, walking back from `date` (so they never go backwards). */
export function stagesEndingAt(rng: Rng, upTo: StageKey, date: LocalDate): StageDates {
  const out: StageDates = {};
  const idx = STAGE_ORDER.indexOf(upTo);
  let d = date;
  for (let i = idx; i >= 0; i--) {
    const key = STAGE_ORDER[i]!;
    out[key] = d;
    const [lo, hi] = GAP[key];
    d = addDays(d, -rng.int(lo, hi));
  }
  return out;
}

/** Adds later stages after the last one, each only if it falls on or before `limit`. */
export function extendStages(rng: Rng, stages: StageDates, from: StageKey, keys: StageKey[], limit: LocalDate): void {
  let d = stages[from];
  if (!d) return;
  for (const key of keys) {
    const [lo, hi] = GAP[key];
    const next = addDays(d, rng.int(lo, hi));
    if (next > limit) return;
    stages[key] = next;
    d = next;
  }
}

interface BuildingPlan {
  name: string;
  type: '多层' | '小高层' | '高层';
  units: number;
  floors: number;
  /** Floor area of room 01, 02, … on a floor. */
  areas: string[];
  basePrice: number; // yuan per ㎡
}

/** Floor plans: each building mixes sizes on both sides of 140 ㎡, with 139.50 and 140.50 among them. */
const PLANS: string[][] = [
  ['139.50', '98.62', '118.35', '140.50'],
  ['143.27', '125.66', '89.14', '165.80'],
  ['140.00', '119.92', '139.98', '142.06'],
  ['128.40', '140.50', '96.75', '139.50'],
  ['178.36', '141.12', '138.80', '109.47'],
];

const TYPES: BuildingPlan['type'][] = ['高层', '高层', '小高层', '高层', '多层', '小高层'];

function planBuildings(rng: Rng, residential: number): BuildingPlan[] {
  const out: BuildingPlan[] = [];
  let capacity = 0;
  // About half the rooms are sold, so the sold ones spread through every building.
  for (let b = 1; capacity < residential * 2 || out.length < 4; b++) {
    const type = TYPES[(b - 1) % TYPES.length]!;
    const floors = type === '高层' ? rng.pick([26, 30, 32]) : type === '小高层' ? rng.pick([11, 15, 18]) : 6;
    const perFloor = type === '多层' ? 2 : 4;
    const units = type === '多层' ? 3 : 2;
    const plan = PLANS[(b - 1) % PLANS.length]!.slice(0, perFloor);
    out.push({ name: String(b), type, units, floors, areas: plan, basePrice: rng.int(26, 34) * 1000 + rng.int(0, 9) * 100 });
    capacity += units * (floors - 1) * perFloor;
  }
  return out;
}

interface RoomSlot {
  usage: '住宅' | '商业' | '车位';
  building: string;
  unit: string | null;
  room: string;
  floor: number;
  area: Decimal;
  buildingType: string;
  basePrice: number;
  sortKey: string;
}

function roomSlots(rng: Rng, count: number): RoomSlot[] {
  const parking = Math.max(2, Math.round(count * 0.08));
  const shops = Math.max(2, Math.round(count * 0.04));
  const residential = count - parking - shops;
  const plans = planBuildings(rng, residential);
  const all: RoomSlot[] = [];
  plans.forEach((p, bi) => {
    for (let u = 1; u <= p.units; u++) {
      for (let f = 2; f <= p.floors; f++) {
        p.areas.forEach((a, r) => {
          const room = `${f}${pad(r + 1, 2)}`;
          all.push({
            usage: '住宅', building: p.name, unit: String(u), room, floor: f, area: new Decimal(a), buildingType: p.type,
            basePrice: p.basePrice, sortKey: `${pad(bi, 3)}-${pad(u, 2)}-${pad(Number(room), 5)}`,
          });
        });
      }
    }
  });
  const sold = rng.shuffle(all).slice(0, residential);
  // Street shops in building S1 and parking spaces on level B1: no 单元.
  const shopRooms = rng.shuffle(Array.from({ length: Math.max(shops * 2, 20) }, (_, i) => 101 + i)).slice(0, shops);
  for (const r of shopRooms) {
    const area = new Decimal(rng.int(4500, 12800)).div(100);
    sold.push({ usage: '商业', building: 'S1', unit: null, room: String(r), floor: 1, area, buildingType: '非住宅', basePrice: rng.int(38, 46) * 1000, sortKey: `900-00-${pad(r, 5)}` });
  }
  const parkRooms = rng.shuffle(Array.from({ length: Math.max(parking * 2, 60) }, (_, i) => 101 + i)).slice(0, parking);
  for (const r of parkRooms) {
    const area = new Decimal(rng.int(1200, 1550)).div(100);
    sold.push({ usage: '车位', building: 'B1', unit: null, room: String(r), floor: -1, area, buildingType: '非住宅', basePrice: 0, sortKey: `950-00-${pad(r, 5)}` });
  }
  return sold.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
}

const LOAN_TYPE_ZH: Record<LoanType, string> = { commercial: '商业贷款', providentFund: '公积金贷款', combined: '组合贷款' };
export function loanTypeZh(t: LoanType | null): string {
  return t ? LOAN_TYPE_ZH[t] : '一次性付款';
}

const HOMES_ZH = { 1: '首套', 2: '二套', 3: '三套及以上' } as const;
export function homesZh(n: 1 | 2 | 3 | null): string | null {
  return n === null ? null : HOMES_ZH[n];
}

const BANK_WEIGHTS: readonly (readonly [AccountId, number])[] = [['icbc', 25], ['ccb', 24], ['abc', 20], ['boc', 16], ['cmb', 15]];

/**
 * The register: `count` sold units with buyers, prices and loans that add up to the fen, and
 * stage dates spread over the three months ending with the period.
 */
export function generateUnits(rng: Rng, count: number, period: Period): GeneratedUnit[] {
  const slotRng = rng.fork('slots');
  const peopleRng = rng.fork('people');
  const moneyRng = rng.fork('money');
  const stageRng = rng.fork('stages');
  const people = new PersonFactory(peopleRng);
  const slots = roomSlots(slotRng, count);
  const windowStart = monthsAfter(period.first, -2);
  const periodDays = businessDays(period.first, period.last);
  const beforeDays = businessDays(windowStart, addDays(period.first, -1));
  const usedCredit = new Set<string>();
  const units: GeneratedUnit[] = [];

  for (const slot of slots) {
    const m = moneyRng;
    // ---- buyers
    const main = people.person();
    const buyers: Buyer[] = [{ name: main.name, idType: '身份证', idNumber: main.idNumber, phone: main.phone }];
    const coBuyers = slot.usage === '车位' ? 0 : peopleRng.weighted([[0, 62], [1, 33], [2, 4], [3, 1]] as const);
    for (let i = 0; i < coBuyers; i++) {
      const p = people.person(i === 0 ? { sex: main.sex === 'M' ? 'F' : 'M' } : { surname: people.surnameOf(main.name), minBirthYear: 1995, maxBirthYear: 2006 });
      buyers.push({ name: p.name, idType: '身份证', idNumber: p.idNumber, phone: p.phone });
    }
    // The main borrower is usually the contract holder, sometimes the spouse.
    const mainBorrower = buyers.length > 1 && peopleRng.chance(0.08) ? buyers[1]!.name : main.name;

    // ---- price and loan
    let totalPrice: Decimal;
    if (slot.usage === '车位') totalPrice = new Decimal(m.int(15, 28) * 10000 + m.pick([0, 5000, 8000]));
    else {
      const unitPrice = slot.basePrice + slot.floor * 60 + m.int(-40, 40) * 10;
      totalPrice = roundFen(slot.area.mul(unitPrice));
    }
    const homes: 1 | 2 | 3 | null = slot.usage === '住宅' ? m.weighted([[1, 70], [2, 25], [3, 5]] as const) : null;
    let loanType: LoanType | null;
    if (slot.usage === '车位') loanType = null;
    else if (slot.usage === '商业') loanType = m.chance(0.7) ? 'commercial' : null;
    else loanType = m.weighted([['commercial', 55], ['providentFund', 15], ['combined', 20], [null, 10]] as const);

    let bankId: AccountId | null = null;
    let commercialLoan: Decimal | null = null;
    let providentLoan: Decimal | null = null;
    let loanTermMonths: number | null = null;
    if (loanType) {
      const downRatio = slot.usage === '商业' ? '0.5' : homes === 1 ? m.pick(['0.2', '0.3', '0.3', '0.35']) : m.pick(['0.3', '0.4']);
      const maxLoan = totalPrice.mul(new Decimal(1).minus(downRatio)).div(1000).floor().mul(1000);
      if (loanType === 'commercial') commercialLoan = maxLoan;
      else if (loanType === 'providentFund') providentLoan = Decimal.min(maxLoan, m.pick([800000, 1000000, 1200000]));
      else {
        const p = Decimal.min(maxLoan.minus(300000), m.pick([400000, 600000, 800000, 1000000, 1200000]));
        providentLoan = Decimal.max(p, 100000);
        commercialLoan = maxLoan.minus(providentLoan);
      }
      if (commercialLoan) bankId = m.weighted(BANK_WEIGHTS);
      loanTermMonths = slot.usage === '商业' ? 120 : m.weighted([[360, 70], [300, 15], [240, 10], [180, 5]] as const);
    }

    // ---- where it stands
    let status: UnitStatus = 'cash';
    if (loanType) status = stageRng.weighted([['inPeriod', 33], ['before', 22], ['open', 45]] as const);

    // Amounts credited in the period are unique per account, so every credit has one obvious booking.
    const credits: Credit[] = [];
    if (status === 'inPeriod') {
      const cDate = stageRng.pick(periodDays);
      if (commercialLoan && bankId) {
        while (usedCredit.has(`${bankId}:${commercialLoan.toFixed(2)}`)) commercialLoan = commercialLoan.minus(1000);
        usedCredit.add(`${bankId}:${commercialLoan.toFixed(2)}`);
        credits.push({ account: bankId, date: cDate, time: bankTime(stageRng), amount: commercialLoan, part: 'commercial' });
      }
      if (providentLoan) {
        while (usedCredit.has(`${PROVIDENT_ACCOUNT}:${providentLoan.toFixed(2)}`)) providentLoan = providentLoan.minus(1000);
        usedCredit.add(`${PROVIDENT_ACCOUNT}:${providentLoan.toFixed(2)}`);
        // The provident fund centre pays on its own day, often a few days from the bank.
        const i = periodDays.indexOf(cDate);
        const pDate = loanType === 'combined' ? periodDays[Math.min(periodDays.length - 1, Math.max(0, i + stageRng.int(-3, 3)))]! : cDate;
        credits.push({ account: PROVIDENT_ACCOUNT, date: pDate, time: bankTime(stageRng), amount: providentLoan, part: 'provident' });
      }
    }
    const loan = (commercialLoan ?? new Decimal(0)).plus(providentLoan ?? 0);
    const downPayment = totalPrice.minus(loan);

    // ---- stage dates
    let stages: StageDates;
    let commercialDisbursedDate: LocalDate | null = null;
    let providentDisbursedDate: LocalDate | null = null;
    if (status === 'inPeriod') {
      const last = credits.map((c) => c.date).sort().at(-1)!;
      stages = stagesEndingAt(stageRng, 'disbursed', last);
      // The earlier of two credits (组合贷) must not precede 抵押登记.
      const first = credits.map((c) => c.date).sort()[0]!;
      if (stages.mortgageRegistered! > first) stages = stagesEndingAt(stageRng, 'mortgageRegistered', addDays(first, -stageRng.int(1, 4)));
      stages.disbursed = last;
      if (stageRng.chance(0.35)) extendStages(stageRng, stages, 'disbursed', ['certificateHandedOver'], period.last);
      commercialDisbursedDate = credits.find((c) => c.part === 'commercial')?.date ?? null;
      providentDisbursedDate = credits.find((c) => c.part === 'provident')?.date ?? null;
    } else if (status === 'before') {
      const d = stageRng.pick(beforeDays);
      stages = stagesEndingAt(stageRng, 'disbursed', d);
      // Refunds that would fall inside the period would be statement rows: keep them before it.
      extendStages(stageRng, stages, 'disbursed', ['certificateHandedOver'], period.last);
      extendStages(stageRng, stages, 'certificateHandedOver', ['depositRefunded'], addDays(period.first, -1));
      if (commercialLoan) commercialDisbursedDate = d;
      if (providentLoan) providentDisbursedDate = d;
    } else if (status === 'open') {
      const upTo = stageRng.weighted([['signed', 1], ['filed', 2], ['docsComplete', 2], ['sentToBank', 3], ['bankInterview', 3], ['approved', 3], ['mortgageRegistered', 3]] as const);
      stages = stagesEndingAt(stageRng, upTo, addDays(windowStart, stageRng.int(0, daysBetween(windowStart, period.last))));
    } else {
      const upTo = stageRng.chance(0.85) ? 'filed' : 'signed';
      stages = stagesEndingAt(stageRng, upTo, addDays(windowStart, stageRng.int(0, daysBetween(windowStart, period.last))));
    }

    const unitCode = slot.unit ? `${slot.building}-${slot.unit}-${slot.room}` : `${slot.building}-${slot.room}`;
    const acct = bankId ? ACCOUNTS.find((a) => a.id === bankId)! : null;
    const reg: RegisterUnit = {
      project: COMPANY.project,
      building: slot.building,
      unit: slot.unit,
      room: slot.room,
      unitKey: normaliseUnitCode(unitCode) ?? unitCode,
      usage: slot.usage,
      floorArea: slot.area,
      buyers,
      mainBorrower,
      contractNo: '', // numbered below, in contract-date order
      contractDate: stages.signed ?? null,
      filingDate: stages.filed ?? null,
      filingNo: null,
      totalPrice,
      downPayment,
      loanType,
      bank: acct ? acct.bankName : null,
      commercialLoan,
      providentLoan,
      loanTermMonths,
      depositRatio: loanType ? new Decimal(acct ? acct.depositRatio : '0.05') : null,
      stages,
      commercialDisbursed: commercialDisbursedDate ? commercialLoan : null,
      commercialDisbursedDate,
      providentDisbursed: providentDisbursedDate ? providentLoan : null,
      providentDisbursedDate,
      householdHomes: homes,
      buildingType: slot.buildingType,
      deedTaxCollected: null,
      maintenanceFundCollected: null,
      registrationFeeCollected: null,
      propertyUnitNo: null,
      titleSearchDate: null,
      follower: STAFF.followers[(Number(slot.building.replace(/\D/g, '')) || 0) % STAFF.followers.length] ?? null,
      reviewer: STAFF.reviewer,
      remarks: null,
    };
    const card = commercialLoan && acct ? bankCardNumber(peopleRng, acct.cardBin) : null;
    units.push({ reg, status, card, credits, feeShortfall: null });
  }
  return units;
}

/** After the scenario has moved dates: contract and filing from the stages, numbers, fees, title searches. */
export function finishUnits(rng: Rng, units: GeneratedUnit[], period: Period, rules: FeeRules): void {
  for (const u of units) {
    u.reg.contractDate = u.reg.stages.signed ?? null;
    u.reg.filingDate = u.reg.stages.filed ?? null;
  }
  numberContracts(units);
  collectFees(rng.fork('fees'), units, rules);
  titleSearches(rng.fork('title'), units, period);
}

function numberContracts(units: GeneratedUnit[]): void {
  const byDate = units
    .map((u, i) => ({ u, i }))
    .sort((a, b) => (a.u.reg.contractDate! < b.u.reg.contractDate! ? -1 : a.u.reg.contractDate! > b.u.reg.contractDate! ? 1 : a.i - b.i));
  byDate.forEach(({ u }, n) => {
    const year = u.reg.contractDate!.slice(0, 4);
    u.reg.contractNo = `YQF-${year}-${pad(n + 1, 5)}`;
    if (u.reg.filingDate) u.reg.filingNo = `YS${u.reg.filingDate.replace(/-/g, '')}${pad((n % 900) + 100, 3)}`;
  });
}

/**
 * Fees are collected when the contract is filed, computed with the fee rules in templates/fees
 * (domain/fees); a few are under-collected, which the fee check must find.
 */
function collectFees(rng: Rng, units: GeneratedUnit[], rules: FeeRules): void {
  for (const u of units) {
    const r = u.reg;
    if (!r.filingDate) continue;
    r.deedTaxCollected = computeDeedTax(r, rules, COMPANY.feeCity).amount;
    r.maintenanceFundCollected = computeMaintenanceFund(r, rules, COMPANY.feeCity).amount;
    r.registrationFeeCollected = computeRegistrationFees(r, rules)[0]?.amount ?? null;
    const expectedTax = r.deedTaxCollected;
    const vat = vatInForce(rules, r.contractDate!);
    const onePercent = vat ? roundFen(deedTaxBase(r.totalPrice!, vat).base.mul('0.01')) : null;
    if (r.usage === '住宅' && expectedTax && onePercent && expectedTax.gt(onePercent) && rng.chance(0.12)) {
      // The clerk applied the 1 % rate (first home ≤ 140 ㎡) where a higher one was due.
      u.feeShortfall = { fee: 'deedTax', expected: expectedTax, collected: onePercent };
      r.deedTaxCollected = onePercent;
      r.remarks = '契税少收，待补缴';
    } else if (r.usage === '住宅' && r.maintenanceFundCollected && rng.chance(0.015)) {
      const collected = r.maintenanceFundCollected.minus(500);
      u.feeShortfall = { fee: 'maintenanceFund', expected: r.maintenanceFundCollected, collected };
      r.maintenanceFundCollected = collected;
      r.remarks = '维修资金少收';
    }
  }
}

function titleSearches(rng: Rng, units: GeneratedUnit[], period: Period): void {
  for (const u of units) {
    const r = u.reg;
    const reg = r.stages.mortgageRegistered;
    if (!reg) continue;
    let d = addDays(reg, rng.int(0, 2));
    if (d > period.last) d = reg;
    r.titleSearchDate = d;
    const b = pad(Number(r.building.replace(/\D/g, '')) || 0, 4);
    r.propertyUnitNo = `440106007003GB00128F${b}${pad(Number(r.room), 4)}`;
  }
}
