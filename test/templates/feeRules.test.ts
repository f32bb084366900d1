import * as fs from 'node:fs';
import * as path from 'node:path';
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { computeDeedTax, computeMaintenanceFund } from '../../domain/fees/compute';
import { buildFeeLedger, feeLedgerSheet } from '../../domain/fees/ledger';
import { FEE_RULE_FILES, parseFeeRules, type FeeRules } from '../../domain/fees/rules';
import { parseRegisterSheet } from '../../domain/registerValidation/parse';
import { loadSheetDescription } from '../../pipeline/render/templates';
import { makeUnit } from './helpers';

type RawRules = { [K in keyof FeeRules]: z.input<(typeof FEE_RULE_FILES)[K]['schema']> };

/** The fee rule files as JSON, to change one thing and validate again. */
function rawRules(): RawRules {
  const out = {} as Record<keyof FeeRules, unknown>;
  for (const key of Object.keys(FEE_RULE_FILES) as (keyof FeeRules)[]) {
    out[key] = JSON.parse(fs.readFileSync(path.join(__dirname, '../../templates/fees', FEE_RULE_FILES[key].file), 'utf8'));
  }
  return out as RawRules;
}
function parsed(raw: RawRules): FeeRules {
  const r = parseFeeRules(raw);
  if (!r.ok) throw new Error(r.problems.join('\n'));
  return r.value;
}
function problems(change: (raw: RawRules) => void): string[] {
  const raw = rawRules();
  change(raw);
  const r = parseFeeRules(raw);
  return r.ok ? [] : r.problems;
}
const rules = parsed(rawRules());
const CITY = 'hangzhou';

describe('deed-tax base: the VAT rate in force on the contract date (deed-tax.json vatRates)', () => {
  // 100㎡ first home: 1.5% under the 2016 rules (> 90㎡).
  const unit = (contractDate: string) => makeUnit({ floorArea: '100.00', totalPrice: '1110000.00', contractDate, householdHomes: 1 });
  it.each([
    ['2016-03-01', '1110000.00', '16650.00', '营业税期间'], // before 营改增: the full price
    ['2017-06-01', '1000000.00', '15000.00', '财税〔2016〕36号'], // ÷ 1.11
    ['2018-06-01', '1009090.91', '15136.36', '财税〔2018〕32号'], // ÷ 1.10
    ['2019-04-01', '1018348.62', '15275.23', '公告2019年第39号'], // ÷ 1.09
  ])('a contract of %s has base %s and tax %s, the basis naming %s', (date, base, tax, source) => {
    const r = computeDeedTax(unit(date), rules, CITY);
    expect(r.amount?.toFixed(2)).toBe(tax);
    expect(r.basis.zh).toContain(`¥${Number(base).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
    expect(r.basis.zh).toContain(source);
  });

  it('a project under the simple method (vatMethod simple) takes 5% out from 2016-05-01', () => {
    const raw = rawRules();
    raw.deedTax.vatMethod = 'simple';
    const simple = parsed(raw);
    // 1,110,000 ÷ 1.05 = 1,057,142.857… → 1,057,142.86 × 1.5% = 15,857.1429 → 15,857.14
    expect(computeDeedTax(unit('2017-06-01'), simple, CITY).amount?.toFixed(2)).toBe('15857.14');
    expect(computeDeedTax(unit('2016-03-01'), simple, CITY).amount?.toFixed(2)).toBe('16650.00');
  });
});

describe('maintenance fund: the city’s entry in force on the contract date', () => {
  const raw = rawRules();
  const beijing = raw.maintenanceFund.cities.find((c) => c.id === 'beijing')!;
  raw.maintenanceFund.cities.push({ ...beijing, ruleId: 'maintenance-fund-beijing-2026', example: false, ratesPerSqm: { ...beijing.ratesPerSqm, 高层: '250' }, effectiveFrom: '2026-01-01' });
  beijing.effectiveTo = '2025-12-31';
  const dated = parsed(raw);

  it('chooses by contract date, each entry with its own rule id', () => {
    const before = computeMaintenanceFund(makeUnit({ contractDate: '2025-12-31' }), dated, 'beijing');
    const after = computeMaintenanceFund(makeUnit({ contractDate: '2026-01-01' }), dated, '北京');
    expect([before.amount?.toFixed(2), before.ruleId]).toEqual(['20000.00', 'maintenance-fund-beijing']);
    expect([after.amount?.toFixed(2), after.ruleId]).toEqual(['25000.00', 'maintenance-fund-beijing-2026']);
  });

  it('无法计算 when no entry is in force, or the contract date is missing', () => {
    const early = computeMaintenanceFund(makeUnit({ contractDate: '2009-12-31' }), dated, 'beijing');
    expect([early.amount, early.problem?.zh]).toEqual([null, '北京在签约日期 2009-12-31 没有适用的维修资金费率']);
    expect(computeMaintenanceFund(makeUnit({ contractDate: null }), dated, 'beijing').amount).toBeNull();
  });

  it('refuses two entries of one city in force at once', () => {
    const p = problems((r) => {
      const bj = r.maintenanceFund.cities[0];
      r.maintenanceFund.cities.push({ ...bj, ruleId: 'maintenance-fund-beijing-2020', effectiveFrom: '2020-01-01' });
    });
    expect(p).toEqual(['maintenance-fund.json cities.3.effectiveFrom: maintenance-fund-beijing 与 maintenance-fund-beijing-2020 的有效期重叠 / maintenance-fund-beijing and maintenance-fund-beijing-2020 overlap in time']);
  });

  it('says 示例费率 only for an entry marked example, and the ledger warns when one was used', () => {
    const u = makeUnit({ contractDate: '2026-03-01' });
    const own = buildFeeLedger([u], dated, { city: 'beijing' });
    expect(own.lines[1].computed[0].basis.zh).toBe('北京：100.00㎡ × 250元/㎡（高层）');
    expect(own.warnings).toEqual([]);
    const example = buildFeeLedger([{ ...u, contractDate: '2025-03-01' }], dated, { city: 'beijing' });
    expect(example.lines[1].computed[0].basis.zh).toBe('北京：100.00㎡ × 200元/㎡（高层，示例费率）');
    expect(example.warnings.map((w) => w.zh)).toEqual([expect.stringContaining('维修资金按示例费率计算（maintenance-fund-beijing')]);
  });
});

describe('fee rule files are refused when malformed, saying where and how to fix it', () => {
  it('a rate of "3" meaning 3% is refused, and told to write 0.03', () => {
    expect(problems((r) => (r.deedTax.rules[0].otherRate = '3'))).toEqual([
      'deed-tax.json rules.0.otherRate: 比例应在 0 到 1 之间：3%请写作 "0.03" / a rate is a fraction between 0 and 1: write 3% as "0.03"',
    ]);
    expect(problems((r) => (r.deposit.banks[1].ratio = '5'))).toEqual([expect.stringMatching(/^deposit\.json banks\.1\.ratio: .*"0\.05"/)]);
    expect(problems((r) => (r.maintenanceFund.cities[1].percentOfPrice = '2'))).toEqual([expect.stringMatching(/^maintenance-fund\.json cities\.1\.percentOfPrice: .*"0\.02"/)]);
  });

  it('refuses dates that are not on the calendar, and effectiveTo before effectiveFrom', () => {
    expect(problems((r) => (r.registration.rules[0].effectiveFrom = '2017-02-30'))).toEqual([
      'registration.json rules.0.effectiveFrom: 不是真实的日期：2017-02-30 / not a calendar date: 2017-02-30',
    ]);
    expect(problems((r) => (r.stampDuty.rules[0].effectiveTo = '2008-10-31'))).toEqual([
      'stamp-duty.json rules.0.effectiveTo: 失效日期 2008-10-31 早于生效日期 2008-11-01 / effectiveTo 2008-10-31 is before effectiveFrom 2008-11-01',
    ]);
  });

  it('refuses a bank or a rule id twice, and an empty ratesPerSqm', () => {
    expect(problems((r) => (r.deposit.banks[2].bank = r.deposit.banks[1].bank))).toEqual(['deposit.json banks.2.bank: 银行重复：中国建设银行 / duplicate bank: 中国建设银行']);
    expect(problems((r) => (r.deposit.banks[2].id = r.deposit.default.id))).toEqual(['deposit.json banks.2.id: 规则编号重复：deposit-default / duplicate rule id: deposit-default']);
    expect(problems((r) => (r.maintenanceFund.cities[2].ruleId = r.maintenanceFund.cities[0].ruleId))).toEqual([
      'maintenance-fund.json cities.2.ruleId: 规则编号重复：maintenance-fund-beijing / duplicate rule id: maintenance-fund-beijing',
    ]);
    expect(problems((r) => (r.maintenanceFund.cities[0].ratesPerSqm = {}))).toEqual([expect.stringMatching(/^maintenance-fund\.json cities\.0\.ratesPerSqm: 每平方米费率不能为空/)]);
  });

  it('a rate written as a number, a field left out or misspelt, a method not offered: said in Chinese, then English, not only zod’s English', () => {
    const rate = problems((r) => ((r.deedTax.rules[0] as Record<string, unknown>).otherRate = 0.03));
    expect(rate).toEqual(['deed-tax.json rules.0.otherRate: 应写成带引号的文本 "0.03"，不是数字 0.03 / write it as text in quotes, "0.03", not the number 0.03']);
    const left = problems((r) => delete (r.deedTax.rules[0] as Record<string, unknown>).nonResidentialRate);
    expect(left).toEqual(['deed-tax.json rules.0.nonResidentialRate: 缺少此项 / this entry is missing']);
    const typo = problems((r) => ((r.registration.rules[0] as Record<string, unknown>).residental = '80'));
    expect(typo).toEqual(['registration.json rules.0: 不认识的字段：residental / unknown field: residental']);
    const method = problems((r) => ((r.maintenanceFund.cities[0] as Record<string, unknown>).method = 'per-sqm'));
    expect(method).toEqual(['maintenance-fund.json cities.0.method: 应为 per-sqm-by-building-type、percent-of-price 之一，不是 "per-sqm" / should be one of per-sqm-by-building-type, percent-of-price, not "per-sqm"']);
  });

  it('a deed-tax rate above 5% is refused: the 契税法 (第三条) sets 3%–5%, so "0.1" is 1% typed as 10% and would be charged', () => {
    expect(problems((r) => (r.deedTax.rules[0].firstHome.atOrBelow = '0.1'))).toEqual([
      'deed-tax.json rules.0.firstHome.atOrBelow: 契税税率不超过 5%（《契税法》第三条 3%–5%）：0.1 即 10%；若是 1%，请写作 "0.01" / a deed-tax rate is at most 5% (Deed Tax Law art. 3: 3%–5%): 0.1 is 10%; for 1%, write "0.01"',
    ]);
    expect(problems((r) => (r.deedTax.rules[1].otherRate = '0.3'))).toEqual([expect.stringMatching(/^deed-tax\.json rules\.1\.otherRate: 契税税率不超过 5%/)]);
    // The ceiling itself and the reliefs below 3% are rates the law allows.
    expect(problems((r) => ((r.deedTax.rules[0].otherRate = '0.05'), (r.deedTax.rules[0].firstHome.atOrBelow = '0.01')))).toEqual([]);
  });

  it('the files as shipped are valid', () => {
    expect(problems(() => undefined)).toEqual([]);
  });
});

describe('floor area and city names as the ledger shows them', () => {
  it('140.004㎡ is read as 140.00㎡ and pays the ≤140㎡ rate, as its basis says', () => {
    const { units } = parseRegisterSheet({
      sheet: '按揭台账',
      headerRow: 1,
      columns: { building: 'A', room: 'B', floorArea: 'C' },
      headers: {},
      rows: [{ row: 2, cells: { building: '1', room: '101', floorArea: 140.004 } }],
    });
    expect(units[0].floorArea?.toString()).toBe('140');
    const u = makeUnit({ floorArea: '140.004', totalPrice: '1090000.00', contractDate: '2025-03-01', householdHomes: 1 });
    const r = computeDeedTax(u, rules, CITY);
    expect(r.basis.zh).toContain('140.00㎡ ≤ 140㎡');
    expect(r.amount?.toFixed(2)).toBe('10000.00'); // 1%, not 1.5%
    expect(computeMaintenanceFund(u, rules, 'beijing').amount?.toFixed(2)).toBe('28000.00'); // 140.00 × 200
  });

  it('names the city as the rules do, in the sheet’s language, whatever was typed for --city', () => {
    const u = makeUnit({ floorArea: '100.00', totalPrice: '2180000.00', contractDate: '2024-06-01', householdHomes: 2 });
    const r = computeDeedTax(u, rules, 'beijing');
    expect(r.basis.zh).toContain('二套，北京不适用二套优惠');
    expect(r.basis.en).toContain('no second-home rate in Beijing');
    const ledger = buildFeeLedger([u], rules, { city: 'beijing' });
    const title = (lang: 'zh' | 'en') => String(feeLedgerSheet(ledger, loadSheetDescription('fee-ledger'), { lang }).values[0][0]);
    expect([title('zh'), title('en')]).toEqual(['代收代缴费用台账（北京）', "Fees collected on the buyers' behalf (Beijing)"]);
  });

  it('keeps Decimal areas exact: 89.375㎡ rounds half away from zero to 89.38㎡', () => {
    const u = makeUnit({ floorArea: '89.375', buildingType: '多层' });
    expect(computeMaintenanceFund(u, rules, 'beijing').amount?.toFixed(2)).toBe(new Decimal('89.38').times(100).toFixed(2));
  });
});
