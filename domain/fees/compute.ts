import Decimal from 'decimal.js';
import type { LocalDate } from '../dates';
import { formatYuan, roundFen } from '../money';
import type { RegisterUnit } from '../register';
import type { Bilingual } from '../text';
import { bankDepositRatio, unknownDepositRatio } from './deposit';
import { cityEntries, cityName, findCity, ruleInForce, type FeeRules, type VatRate } from './rules';

/**
 * Fees collected on the buyer's behalf (代收代缴), computed from the dated rules in
 * templates/fees/. Every fee records the id of the rule it used; a fee that cannot be computed
 * (a register cell it needs blank or unreadable, no rule in force) has amount null and a `problem`
 * saying what to fill in or correct — never an amount computed from a 0 standing in for a blank. Money rounds half away from zero to the fen; registration
 * fees to the whole yuan.
 */
export type FeeKind = 'deedTax' | 'maintenanceFund' | 'registrationFee' | 'certificateFee' | 'stampDuty';

export const FEE_NAMES: Record<FeeKind, Bilingual> = {
  deedTax: { zh: '契税', en: 'Deed tax' },
  maintenanceFund: { zh: '专项维修资金', en: 'Maintenance fund' },
  registrationFee: { zh: '不动产登记费', en: 'Registration fee' },
  certificateFee: { zh: '证书工本费', en: 'Certificate fee' },
  stampDuty: { zh: '印花税', en: 'Stamp duty' },
};

export interface ComputedFee {
  kind: FeeKind;
  amount: Decimal | null;
  ruleId: string | null;
  /** How the amount was reached, for the ledger's 计费依据 column. */
  basis: Bilingual;
  problem?: Bilingual;
  /** With a problem: the register column (key) to fill in or correct, when one cell is the cause. */
  column?: string;
  /** The rate is an example from templates/fees (maintenance-fund.json `example: true`), not a city's notice. */
  example?: boolean;
}

export interface FeeOptions {
  /** Maintenance-fund city id or name (templates/fees/maintenance-fund.json). */
  city: string;
  /** Title certificates issued for the unit (default 1; each beyond the free one costs 工本费). */
  certificates?: number;
  /** The day of the run: a 签约日期 after it has not happened (signedLater). Left out: dates are taken as written. */
  today?: LocalDate;
}

const pct = (d: Decimal) => `${d.times(100).toString()}%`;
const area = (d: Decimal) => `${d.toFixed(2)}㎡`;

/** The register columns a fee reads, by name, for the message when one is blank or unreadable. */
const COLUMNS: Record<string, Bilingual> = {
  contractDate: { zh: '签约日期', en: 'contract date' },
  usage: { zh: '用途', en: 'usage' },
  totalPrice: { zh: '合同总价', en: 'total price' },
  floorArea: { zh: '建筑面积', en: 'floor area' },
  householdHomes: { zh: '家庭住房套数（首套/二套/三套及以上）', en: 'household homes count (首套/二套/三套及以上)' },
  buildingType: { zh: '建筑类型（多层/小高层/高层/别墅）', en: 'building type (多层/小高层/高层/别墅)' },
  buyer1IdType: { zh: '证件类型1', en: 'ID type 1' },
};

function isIndividual(unit: RegisterUnit): boolean {
  return (unit.buyers[0]?.idType ?? '身份证') !== '统一社会信用代码';
}

/**
 * A register value the fees cannot go by as written, though the cell was read: a 用途 or 证件类型1
 * outside the column's list (validateRegister marks it unreadable: 普通住宅 is not 非住宅 at 3% and
 * 550, 营业执照 not a person at 1%), or an area or price not above 0 (a slipped minus sign, a 0 for
 * "not known yet": a fee of 0 or below would put the buyer on 多收名单 for a refund). Null when usable.
 */
function unusable(kind: FeeKind, unit: RegisterUnit, column: 'usage' | 'buyer1IdType' | 'floorArea' | 'totalPrice', ruleId: string | null): ComputedFee | null {
  const names = COLUMNS[column];
  if (column === 'usage' || column === 'buyer1IdType') {
    if (!unit.unreadable?.includes(column)) return null;
    const value = column === 'usage' ? unit.usage : (unit.buyers[0]?.idType ?? '');
    return missing(kind, `${names.zh}「${value}」不在该列的列表中，请改正该单元格`, `the ${names.en} "${value}" is not one of the column's values: correct the cell`, ruleId, column);
  }
  const value = column === 'floorArea' ? unit.floorArea : unit.totalPrice;
  if (!value || value.gt(0)) return null;
  const shown = column === 'floorArea' ? area(value) : formatYuan(value);
  return missing(kind, `${names.zh} ${shown} 应大于 0，请改正该单元格`, `the ${names.en} ${shown} must be greater than 0: correct the cell`, ruleId, column);
}

function missing(kind: FeeKind, zh: string, en: string, ruleId: string | null = null, column?: string): ComputedFee {
  return { kind, amount: null, ruleId, basis: { zh: `无法计算：${zh}`, en: `Cannot compute: ${en}` }, problem: { zh, en }, ...(column ? { column } : {}) };
}

/** A fee that needs a register cell that is blank ("缺少合同总价") or filled but unreadable ("合同总价无法识别"). */
export function lacking(kind: FeeKind, unit: Pick<RegisterUnit, 'unreadable'>, column: string, ruleId: string | null = null, names: Bilingual = COLUMNS[column]): ComputedFee {
  return unit.unreadable?.includes(column)
    ? missing(kind, `${names.zh}无法识别，请改正该单元格`, `the ${names.en} cannot be read: correct the cell`, ruleId, column)
    : missing(kind, `缺少${names.zh}`, `the ${names.en} is missing`, ruleId, column);
}

/** The floor area as compared and shown: to 0.01㎡ (half away from zero), as the register reads it. */
function floorArea(unit: RegisterUnit): Decimal | null {
  return unit.floorArea && unit.floorArea.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** The VAT entry of deed-tax.json in force on a date (the rate taken out of the price for the base). */
export function vatInForce(rules: FeeRules, on: LocalDate): { rate: Decimal; entry: VatRate } | null {
  const entry = ruleInForce(rules.deedTax.vatRates, on);
  if (!entry) return null;
  return { rate: new Decimal(rules.deedTax.vatMethod === 'simple' ? entry.simple : entry.general), entry };
}

/** The deed-tax base: the price without VAT, rounded to the fen, with how it was reached. */
export function deedTaxBase(price: Decimal, vat: { rate: Decimal; entry: VatRate }): { base: Decimal; how: Bilingual } {
  if (vat.rate.isZero()) return { base: roundFen(price), how: { zh: `合同价，${vat.entry.name.zh}`, en: `price, ${vat.entry.name.en}` } };
  const divisor = vat.rate.plus(1).toString();
  return {
    base: roundFen(price.div(vat.rate.plus(1))),
    how: { zh: `合同价÷${divisor}，${vat.entry.name.zh}`, en: `price ÷ ${divisor}, ${vat.entry.name.en}` },
  };
}

/**
 * `city`: where the home is (a maintenance-fund city id or name): some rules exclude cities from the
 * second-home rates (财税〔2016〕23号: 北京、上海、广州、深圳).
 */
export function computeDeedTax(unit: RegisterUnit, rules: FeeRules, city: string): ComputedFee {
  if (!unit.contractDate) return lacking('deedTax', unit, 'contractDate');
  const rule = ruleInForce(rules.deedTax.rules, unit.contractDate);
  if (!rule) return missing('deedTax', `签约日期 ${unit.contractDate} 没有适用的契税规则`, `no deed-tax rule in force on ${unit.contractDate}`);
  if (!unit.usage) return lacking('deedTax', unit, 'usage', rule.id);
  if (!unit.totalPrice) return lacking('deedTax', unit, 'totalPrice', rule.id);
  // Who buys matters for a home only (an organisation pays otherRate); a non-residential unit pays one rate.
  const bad = unusable('deedTax', unit, 'usage', rule.id) ?? unusable('deedTax', unit, 'totalPrice', rule.id) ?? (unit.usage === '住宅' ? unusable('deedTax', unit, 'buyer1IdType', rule.id) : null);
  if (bad) return bad;
  const vat = vatInForce(rules, unit.contractDate);
  if (!vat) return missing('deedTax', `签约日期 ${unit.contractDate} 没有适用的增值税税率（deed-tax.json vatRates）`, `no VAT rate in force on ${unit.contractDate} (deed-tax.json vatRates)`, rule.id);
  const { base, how } = deedTaxBase(unit.totalPrice, vat);
  const threshold = new Decimal(rule.areaThreshold);
  /** The area comparison, for the rates that depend on it; null when the area is not known. */
  const compare = () => {
    const a = floorArea(unit);
    if (!a) return null;
    const small = a.lte(threshold);
    return { small, text: `${area(a)} ${small ? '≤' : '>'} ${threshold.toString()}㎡` };
  };
  let rate: Decimal;
  let why: Bilingual;
  if (unit.usage !== '住宅') {
    rate = new Decimal(rule.nonResidentialRate);
    why = { zh: `非住宅（${unit.usage}）`, en: `non-residential (${unit.usage})` };
  } else if (!isIndividual(unit)) {
    rate = new Decimal(rule.otherRate);
    why = { zh: '单位购房', en: 'bought by an organisation' };
  } else if (unit.householdHomes === 2 && excludesSecondHome(rule.secondHomeExcludedCities, city, rules)) {
    const name = cityName(rules, city);
    rate = new Decimal(rule.otherRate);
    why = { zh: `二套，${name.zh}不适用二套优惠`, en: `second home, no second-home rate in ${name.en}` };
  } else if (unit.householdHomes === 1 || unit.householdHomes === 2) {
    const badArea = unusable('deedTax', unit, 'floorArea', rule.id);
    if (badArea) return badArea;
    const cmp = compare();
    if (!cmp) return lacking('deedTax', unit, 'floorArea', rule.id);
    const rates = unit.householdHomes === 1 ? rule.firstHome : rule.secondHome;
    rate = new Decimal(cmp.small ? rates.atOrBelow : rates.above);
    why = unit.householdHomes === 1 ? { zh: `首套，${cmp.text}`, en: `first home, ${cmp.text}` } : { zh: `二套，${cmp.text}`, en: `second home, ${cmp.text}` };
  } else if (unit.householdHomes === 3) {
    rate = new Decimal(rule.otherRate);
    why = { zh: '三套及以上', en: 'third home or more' };
  } else {
    return lacking('deedTax', unit, 'householdHomes', rule.id);
  }
  const amount = roundFen(base.times(rate));
  return {
    kind: 'deedTax',
    amount,
    ruleId: rule.id,
    basis: {
      zh: `${formatYuan(base)}（${how.zh}）× ${pct(rate)}（${why.zh}）`,
      en: `${formatYuan(base)} (${how.en}) × ${pct(rate)} (${why.en})`,
    },
  };
}

function excludesSecondHome(excluded: readonly string[] | undefined, city: string, rules: FeeRules): boolean {
  if (!excluded?.length) return false;
  const id = findCity(rules, city)?.id ?? city.trim().toLowerCase();
  return excluded.includes(id);
}

export function computeRegistrationFees(unit: RegisterUnit, rules: FeeRules, certificates = 1): ComputedFee[] {
  if (!unit.contractDate) return [lacking('registrationFee', unit, 'contractDate')];
  const rule = ruleInForce(rules.registration.rules, unit.contractDate);
  if (!rule) return [missing('registrationFee', `签约日期 ${unit.contractDate} 没有适用的登记费规则`, `no registration-fee rule in force on ${unit.contractDate}`)];
  if (!unit.usage) return [lacking('registrationFee', unit, 'usage', rule.id)];
  const badUsage = unusable('registrationFee', unit, 'usage', rule.id);
  if (badUsage) return [badUsage];
  const residential = unit.usage === '住宅';
  const fee = roundFen(new Decimal(residential ? rule.residential : rule.nonResidential), 0);
  const extra = Math.max(0, certificates - rule.freeCertificates);
  const certFee = roundFen(new Decimal(rule.extraCertificate).times(extra), 0);
  return [
    {
      kind: 'registrationFee',
      amount: fee,
      ruleId: rule.id,
      basis: residential
        ? { zh: `住宅类每件 ${fee.toString()} 元`, en: `residential, ${fee.toString()} yuan per registration` }
        : { zh: `非住宅类每件 ${fee.toString()} 元（${unit.usage}）`, en: `non-residential (${unit.usage}), ${fee.toString()} yuan per registration` },
    },
    {
      kind: 'certificateFee',
      amount: certFee,
      ruleId: rule.extraCertificateRuleId,
      basis: {
        zh: `工本费：证书 ${certificates} 本，首 ${rule.freeCertificates} 本免费`,
        en: `certificate fee: ${certificates} certificate(s), first ${rule.freeCertificates} free`,
      },
    },
  ];
}

export function computeStampDuty(unit: RegisterUnit, rules: FeeRules): ComputedFee {
  if (!unit.contractDate) return lacking('stampDuty', unit, 'contractDate');
  const rule = ruleInForce(rules.stampDuty.rules, unit.contractDate);
  if (!rule) return missing('stampDuty', `签约日期 ${unit.contractDate} 没有适用的印花税规则`, `no stamp-duty rule in force on ${unit.contractDate}`);
  if (!unit.usage) return lacking('stampDuty', unit, 'usage', rule.id);
  const badUsage = unusable('stampDuty', unit, 'usage', rule.id) ?? (rule.exemptUsages.includes(unit.usage) ? unusable('stampDuty', unit, 'buyer1IdType', rule.id) : null);
  if (badUsage) return badUsage;
  if (rule.exemptUsages.includes(unit.usage) && isIndividual(unit)) {
    return { kind: 'stampDuty', amount: new Decimal(0), ruleId: rule.id, basis: { zh: '个人购买住房免征', en: 'individual buying housing: exempt' } };
  }
  if (!unit.totalPrice) return lacking('stampDuty', unit, 'totalPrice', rule.rateRuleId);
  const badPrice = unusable('stampDuty', unit, 'totalPrice', rule.rateRuleId);
  if (badPrice) return badPrice;
  const rate = new Decimal(rule.rate);
  return {
    kind: 'stampDuty',
    amount: roundFen(unit.totalPrice.times(rate)),
    ruleId: rule.rateRuleId,
    basis: { zh: `合同价 × ${pct(rate)}`, en: `price × ${pct(rate)}` },
  };
}

/**
 * 专项维修资金 with the city's entry in force on the contract date (maintenance-fund.json may hold
 * several dated entries per city); `city` is an id or a name.
 */
export function computeMaintenanceFund(unit: RegisterUnit, rules: FeeRules, city: string): ComputedFee {
  const entries = cityEntries(rules, city);
  if (!entries.length) return missing('maintenanceFund', `没有城市「${city}」的维修资金规则`, `no maintenance-fund rule for city "${city}"`);
  if (!unit.contractDate) return lacking('maintenanceFund', unit, 'contractDate');
  const entry = ruleInForce(entries, unit.contractDate);
  const name = entries[0].name;
  if (!entry) {
    return missing('maintenanceFund', `${name.zh}在签约日期 ${unit.contractDate} 没有适用的维修资金费率`, `${name.en} has no maintenance-fund rate in force on ${unit.contractDate}`);
  }
  const ruleId = entry.ruleId;
  // Only an entry marked example says so in the basis (and makes the ledger warn).
  const example = entry.example ? { zh: '，示例费率', en: ', example rate' } : { zh: '', en: '' };
  const flag = entry.example ? { example: true } : {};
  if (entry.method === 'percent-of-price') {
    if (!unit.totalPrice) return lacking('maintenanceFund', unit, 'totalPrice', ruleId);
    const badPrice = unusable('maintenanceFund', unit, 'totalPrice', ruleId);
    if (badPrice) return badPrice;
    const p = new Decimal(entry.percentOfPrice ?? '0');
    return {
      kind: 'maintenanceFund',
      amount: roundFen(unit.totalPrice.times(p)),
      ruleId,
      basis: { zh: `${name.zh}：合同价 × ${pct(p)}${entry.example ? '（示例费率）' : ''}`, en: `${name.en}: price × ${pct(p)}${entry.example ? ' (example rate)' : ''}` },
      ...flag,
    };
  }
  if (!unit.usage) return lacking('maintenanceFund', unit, 'usage', ruleId);
  const badUsage = unusable('maintenanceFund', unit, 'usage', ruleId);
  if (badUsage) return badUsage;
  const type = unit.usage === '住宅' ? unit.buildingType : '非住宅';
  if (!type) return lacking('maintenanceFund', unit, 'buildingType', ruleId);
  const rate = entry.ratesPerSqm?.[type];
  if (rate === undefined) {
    // 非住宅 comes from the usage, not from a register cell: the rate is to be added to the rules file.
    if (unit.usage !== '住宅') {
      return missing('maintenanceFund', `${name.zh} 没有「${type}」的费率，请在 templates/fees/maintenance-fund.json 中添加`, `${name.en} has no rate for "${type}": add it to templates/fees/maintenance-fund.json`, ruleId);
    }
    return missing('maintenanceFund', `${name.zh} 没有「${type}」的费率`, `${name.en} has no rate for "${type}"`, ruleId, 'buildingType');
  }
  const a = floorArea(unit);
  if (!a) return lacking('maintenanceFund', unit, 'floorArea', ruleId);
  const badArea = unusable('maintenanceFund', unit, 'floorArea', ruleId);
  if (badArea) return badArea;
  const r = new Decimal(rate);
  return {
    kind: 'maintenanceFund',
    amount: roundFen(a.times(r)),
    ruleId,
    basis: {
      zh: `${name.zh}：${area(a)} × ${r.toString()}元/㎡（${type}${example.zh}）`,
      en: `${name.en}: ${area(a)} × ${r.toString()} yuan/㎡ (${type}${example.en})`,
    },
    ...flag,
  };
}

/** Why a row repeating an earlier row's unit (DUPLICATE_UNIT) has no fees (or deposit) of its own: they are on that first row. */
function repeatsRow(unit: RegisterUnit, what: Bilingual): Bilingual | null {
  if (!unit.duplicateOf) return null;
  const n = unit.duplicateOf.row;
  return { zh: `与台账第 ${n} 行重复，该户${what.zh}按第 ${n} 行计算；请删除重复行或改正房号`, en: `repeats register row ${n}: the unit's ${what.en} on row ${n}; delete the repeated row or correct the unit` };
}

/**
 * A 签约日期 after the day of the run (2027 typed for 2026, DATE_FUTURE) has not happened: as one that cannot be
 * read, it says no rule in force, so the fees are 无法计算 at that cell, not charged under the rules of a day to come.
 * The sheet's words leave out the day of the run (regenerated another day, the same slip reads the same); the problem names it.
 */
function signedLater(unit: RegisterUnit, today: LocalDate | undefined): { basis: Bilingual; problem: Bilingual } | null {
  const date = unit.contractDate;
  if (!today || !date || date <= today) return null;
  return {
    basis: { zh: `无法计算：签约日期 ${date} 晚于今天`, en: `Cannot compute: the contract date ${date} is after today` },
    problem: { zh: `签约日期 ${date} 晚于今天（${today}），请改正该单元格`, en: `the contract date ${date} is after today (${today}): correct the cell` },
  };
}

/**
 * All buyer fees of a unit, in ledger order: 契税, 维修资金, 登记费, 工本费, 印花税. A row repeating an
 * earlier row's unit (DUPLICATE_UNIT) gets 契税, 维修资金 and 登记费 无法计算, at its 房号: the unit's fees are
 * charged once, on its first row, so no total counts them twice. So does a row signed after `opts.today`, at its 签约日期.
 */
export function computeUnitFees(unit: RegisterUnit, rules: FeeRules, opts: FeeOptions): ComputedFee[] {
  const repeated = repeatsRow(unit, { zh: '费用', en: 'fees are charged' });
  if (repeated && unit.duplicateOf) {
    const column = unit.duplicateOf.column;
    return (['deedTax', 'maintenanceFund', 'registrationFee'] as const).map((kind) => missing(kind, repeated.zh, repeated.en, null, column));
  }
  const later = signedLater(unit, opts.today);
  if (later) return (['deedTax', 'maintenanceFund', 'registrationFee'] as const).map((kind) => ({ ...missing(kind, later.problem.zh, later.problem.en, null, 'contractDate'), basis: later.basis }));
  return [
    computeDeedTax(unit, rules, opts.city),
    computeMaintenanceFund(unit, rules, opts.city),
    ...computeRegistrationFees(unit, rules, opts.certificates ?? 1),
    computeStampDuty(unit, rules),
  ];
}

export interface DepositComputation {
  ratio: Decimal | null;
  amount: Decimal | null;
  /** 'register' when the row's own ratio was used, else the bank's (or the default) rule id. */
  ruleId: string | null;
  /** The deposit cannot be computed: the loan amount or the row's ratio could not be read, the bank is off the list, or the row repeats an earlier row's unit. */
  problem?: Bilingual;
  /** With a problem: the register column (key) to correct (商贷金额, 保证金比例, 贷款银行, or the repeated 房号). */
  column?: string;
}

/** 按揭保证金 on the commercial loan: the row's ratio, else the bank's, else the default. */
export function computeDeposit(unit: RegisterUnit, rules: FeeRules): DepositComputation {
  const cannot = (problem: Bilingual, column: string): DepositComputation => ({ ratio: null, amount: null, ruleId: null, problem, column });
  const unreadable = (key: string, zh: string, en: string) => (unit.unreadable?.includes(key) ? cannot({ zh: `${zh}无法识别`, en: `the ${en} cannot be read` }, key) : null);
  const badLoan = unreadable('commercialLoan', '商贷金额', 'commercial loan');
  if (badLoan) return badLoan;
  if (!unit.commercialLoan || unit.commercialLoan.isZero()) return { ratio: null, amount: null, ruleId: null };
  // A row repeating an earlier row's unit: the bank holds one deposit on the unit's loan, listed on that first row.
  const repeated = repeatsRow(unit, { zh: '保证金', en: 'deposit is computed' });
  if (repeated && unit.duplicateOf) return cannot(repeated, unit.duplicateOf.column);
  // A slipped minus sign (the register calls it an error) is no loan to hold a deposit on: a negative one would come off the 合计.
  if (unit.commercialLoan.isNeg()) {
    const shown = formatYuan(unit.commercialLoan);
    return cannot({ zh: `商贷金额 ${shown} 不能为负数`, en: `the commercial loan ${shown} cannot be negative` }, 'commercialLoan');
  }
  // A ratio typed in the row but unreadable is not replaced by the bank's: the row meant another one.
  const badRatio = unreadable('depositRatio', '保证金比例', 'deposit ratio');
  if (badRatio) return badRatio;
  // A negative ratio (an error in the register) would come off the 合计; a bank off the register's list
  // (建设银行 for 中国建设银行) is no bank's agreement: not the general default.
  const unknown = unknownDepositRatio(unit);
  // The row's own ratio is the cell to correct; without one, the bank's name is.
  if (unknown) return cannot(unknown, unit.depositRatio ? 'depositRatio' : 'bank');
  let ratio: Decimal;
  let ruleId: string;
  if (unit.depositRatio) {
    ratio = unit.depositRatio;
    ruleId = 'register';
  } else {
    ({ ratio, ruleId } = bankDepositRatio(unit, rules.deposit));
  }
  return { ratio, amount: roundFen(unit.commercialLoan.times(ratio)), ruleId };
}
