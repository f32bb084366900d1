import Decimal from 'decimal.js';
import { formatYuan, roundFen } from '../money';
import type { RegisterUnit } from '../register';
import type { Bilingual } from '../text';
import { bankDepositRatio } from './deposit';
import { findCity, ruleInForce, type FeeRules, type MaintenanceCity } from './rules';

/**
 * Fees collected on the buyer's behalf (代收代缴), computed from the dated rules in
 * templates/fees/. Every fee records the id of the rule it used; a fee that cannot be computed
 * (missing contract date, homes count, building type, no rule in force) has amount null and a
 * `problem` saying what to fill in. Money rounds half away from zero to the fen; registration
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
}

export interface FeeOptions {
  /** Maintenance-fund city id or name (templates/fees/maintenance-fund.json). */
  city: string;
  /** Title certificates issued for the unit (default 1; each beyond the free one costs 工本费). */
  certificates?: number;
}

const pct = (d: Decimal) => `${d.times(100).toString()}%`;
const area = (d: Decimal) => `${d.toFixed(2)}㎡`;

function isIndividual(unit: RegisterUnit): boolean {
  return (unit.buyers[0]?.idType ?? '身份证') !== '统一社会信用代码';
}

function missing(kind: FeeKind, zh: string, en: string, ruleId: string | null = null): ComputedFee {
  return { kind, amount: null, ruleId, basis: { zh: `无法计算：${zh}`, en: `Cannot compute: ${en}` }, problem: { zh, en } };
}

/**
 * `city`: where the home is (a maintenance-fund city id or name): some rules exclude cities from the
 * second-home rates (财税〔2016〕23号: 北京、上海、广州、深圳).
 */
export function computeDeedTax(unit: RegisterUnit, rules: FeeRules, city: string): ComputedFee {
  if (!unit.contractDate) return missing('deedTax', '缺少签约日期', 'the contract date is missing');
  const rule = ruleInForce(rules.deedTax.rules, unit.contractDate);
  if (!rule) return missing('deedTax', `签约日期 ${unit.contractDate} 没有适用的契税规则`, `no deed-tax rule in force on ${unit.contractDate}`);
  const vat = new Decimal(rules.deedTax.vatRate);
  const base = roundFen(unit.totalPrice.div(vat.plus(1)));
  const threshold = new Decimal(rule.areaThreshold);
  const small = unit.floorArea.lte(threshold);
  const cmp = `${area(unit.floorArea)} ${small ? '≤' : '>'} ${threshold.toString()}㎡`;
  let rate: Decimal;
  let why: Bilingual;
  if (unit.usage !== '住宅') {
    rate = new Decimal(rule.nonResidentialRate);
    why = { zh: `非住宅（${unit.usage}）`, en: `non-residential (${unit.usage})` };
  } else if (!isIndividual(unit)) {
    rate = new Decimal(rule.otherRate);
    why = { zh: '单位购房', en: 'bought by an organisation' };
  } else if (unit.householdHomes === 1) {
    rate = new Decimal(small ? rule.firstHome.atOrBelow : rule.firstHome.above);
    why = { zh: `首套，${cmp}`, en: `first home, ${cmp}` };
  } else if (unit.householdHomes === 2 && excludesSecondHome(rule.secondHomeExcludedCities, city, rules)) {
    rate = new Decimal(rule.otherRate);
    why = { zh: `二套，${city}不适用二套优惠`, en: `second home, no second-home rate in ${city}` };
  } else if (unit.householdHomes === 2) {
    rate = new Decimal(small ? rule.secondHome.atOrBelow : rule.secondHome.above);
    why = { zh: `二套，${cmp}`, en: `second home, ${cmp}` };
  } else if (unit.householdHomes === 3) {
    rate = new Decimal(rule.otherRate);
    why = { zh: '三套及以上', en: 'third home or more' };
  } else {
    return missing('deedTax', '缺少家庭住房套数（首套/二套/三套及以上）', 'the household homes count (首套/二套/三套及以上) is missing', rule.id);
  }
  const amount = roundFen(base.times(rate));
  return {
    kind: 'deedTax',
    amount,
    ruleId: rule.id,
    basis: {
      zh: `${formatYuan(base)}（合同价÷${vat.plus(1).toString()}）× ${pct(rate)}（${why.zh}）`,
      en: `${formatYuan(base)} (price ÷ ${vat.plus(1).toString()}) × ${pct(rate)} (${why.en})`,
    },
  };
}

function excludesSecondHome(excluded: readonly string[] | undefined, city: string, rules: FeeRules): boolean {
  if (!excluded?.length) return false;
  const id = findCity(rules, city)?.id ?? city.trim().toLowerCase();
  return excluded.includes(id);
}

export function computeRegistrationFees(unit: RegisterUnit, rules: FeeRules, certificates = 1): ComputedFee[] {
  if (!unit.contractDate) return [missing('registrationFee', '缺少签约日期', 'the contract date is missing')];
  const rule = ruleInForce(rules.registration.rules, unit.contractDate);
  if (!rule) return [missing('registrationFee', `签约日期 ${unit.contractDate} 没有适用的登记费规则`, `no registration-fee rule in force on ${unit.contractDate}`)];
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
  if (!unit.contractDate) return missing('stampDuty', '缺少签约日期', 'the contract date is missing');
  const rule = ruleInForce(rules.stampDuty.rules, unit.contractDate);
  if (!rule) return missing('stampDuty', `签约日期 ${unit.contractDate} 没有适用的印花税规则`, `no stamp-duty rule in force on ${unit.contractDate}`);
  if (rule.exemptUsages.includes(unit.usage) && isIndividual(unit)) {
    return { kind: 'stampDuty', amount: new Decimal(0), ruleId: rule.id, basis: { zh: '个人购买住房免征', en: 'individual buying housing: exempt' } };
  }
  const rate = new Decimal(rule.rate);
  return {
    kind: 'stampDuty',
    amount: roundFen(unit.totalPrice.times(rate)),
    ruleId: rule.rateRuleId,
    basis: { zh: `合同价 × ${pct(rate)}`, en: `price × ${pct(rate)}` },
  };
}

export function computeMaintenanceFund(unit: RegisterUnit, city: MaintenanceCity): ComputedFee {
  const ruleId = `maintenance-fund-${city.id}`;
  if (city.method === 'percent-of-price') {
    const p = new Decimal(city.percentOfPrice ?? '0');
    return {
      kind: 'maintenanceFund',
      amount: roundFen(unit.totalPrice.times(p)),
      ruleId,
      basis: { zh: `${city.name.zh}：合同价 × ${pct(p)}（示例费率）`, en: `${city.name.en}: price × ${pct(p)} (example rate)` },
    };
  }
  const type = unit.usage === '住宅' ? unit.buildingType : '非住宅';
  if (!type) return missing('maintenanceFund', '缺少建筑类型（多层/小高层/高层/别墅）', 'the building type (多层/小高层/高层/别墅) is missing', ruleId);
  const rate = city.ratesPerSqm?.[type];
  if (rate === undefined) return missing('maintenanceFund', `${city.name.zh} 没有「${type}」的费率`, `${city.name.en} has no rate for "${type}"`, ruleId);
  const r = new Decimal(rate);
  return {
    kind: 'maintenanceFund',
    amount: roundFen(unit.floorArea.times(r)),
    ruleId,
    basis: {
      zh: `${city.name.zh}：${area(unit.floorArea)} × ${r.toString()}元/㎡（${type}，示例费率）`,
      en: `${city.name.en}: ${area(unit.floorArea)} × ${r.toString()} yuan/㎡ (${type}, example rate)`,
    },
  };
}

/** All buyer fees of a unit, in ledger order: 契税, 维修资金, 登记费, 工本费, 印花税. */
export function computeUnitFees(unit: RegisterUnit, rules: FeeRules, opts: FeeOptions): ComputedFee[] {
  const city = findCity(rules, opts.city);
  const fund = city
    ? computeMaintenanceFund(unit, city)
    : missing('maintenanceFund', `没有城市「${opts.city}」的维修资金规则`, `no maintenance-fund rule for city "${opts.city}"`);
  return [computeDeedTax(unit, rules, opts.city), fund, ...computeRegistrationFees(unit, rules, opts.certificates ?? 1), computeStampDuty(unit, rules)];
}

export interface DepositComputation {
  ratio: Decimal | null;
  amount: Decimal | null;
  /** 'register' when the row's own ratio was used, else the bank's (or the default) rule id. */
  ruleId: string | null;
}

/** 按揭保证金 on the commercial loan: the row's ratio, else the bank's, else the default. */
export function computeDeposit(unit: RegisterUnit, rules: FeeRules): DepositComputation {
  if (!unit.commercialLoan || unit.commercialLoan.isZero()) return { ratio: null, amount: null, ruleId: null };
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
