import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { computeDeedTax, computeDeposit, computeRegistrationFees, computeStampDuty, computeUnitFees } from '../../domain/fees/compute';
import { depositLines, depositProblems, depositSheet } from '../../domain/fees/ledger';
import { loadFeeRules, loadSheetDescription } from '../../pipeline/render/templates';
import { makeUnit } from './helpers';

const rules = loadFeeRules();
/** A city the rules name for nothing but its maintenance fund. */
const CITY = 'hangzhou';

describe('deed tax (契税)', () => {
  // Price 10,000 元/㎡, VAT 9% excluded from the base (templates/fees/deed-tax.json vatRate).
  it('2024 rules: a first home of 139.5㎡ pays 1%, of 140.5㎡ pays 1.5%', () => {
    const small = makeUnit({ floorArea: '139.50', totalPrice: '1395000.00', contractDate: '2025-06-01', householdHomes: 1 });
    // 1,395,000 / 1.09 = 1,279,816.5137… → base 1,279,816.51; × 1% = 12,798.1651 → 12,798.17
    const a = computeDeedTax(small, rules, CITY);
    expect(a.amount?.toFixed(2)).toBe('12798.17');
    expect(a.ruleId).toBe('deed-tax-2024-16');
    const big = makeUnit({ floorArea: '140.50', totalPrice: '1405000.00', contractDate: '2025-06-01', householdHomes: 1 });
    // 1,405,000 / 1.09 = 1,288,990.8256… → 1,288,990.83; × 1.5% = 19,334.86245 → 19,334.86
    const b = computeDeedTax(big, rules, CITY);
    expect(b.amount?.toFixed(2)).toBe('19334.86');
    expect(b.ruleId).toBe('deed-tax-2024-16');
  });

  it('a contract signed before 2024-12-01 uses the 2016 rules (90㎡ threshold)', () => {
    const u = makeUnit({ floorArea: '100.00', totalPrice: '1090000.00', contractDate: '2024-11-30', householdHomes: 1 });
    // base 1,000,000.00; 100㎡ > 90㎡ first home → 1.5% = 15,000.00
    const r = computeDeedTax(u, rules, CITY);
    expect(r.ruleId).toBe('deed-tax-2016-23');
    expect(r.amount?.toFixed(2)).toBe('15000.00');
    // the same unit a day later: 100㎡ ≤ 140㎡ → 1% = 10,000.00
    const later = computeDeedTax({ ...u, contractDate: '2024-12-01' }, rules, CITY);
    expect(later.ruleId).toBe('deed-tax-2024-16');
    expect(later.amount?.toFixed(2)).toBe('10000.00');
  });

  it('before 2024-12-01 a second home in 北京、上海、广州、深圳 pays 3%: those cities had no second-home rate (财税〔2016〕23号 第三条)', () => {
    const u = makeUnit({ floorArea: '100.00', totalPrice: '2180000.00', contractDate: '2024-06-01', householdHomes: 2 });
    // base 2,000,000.00; elsewhere 100㎡ > 90㎡ second home → 2% = 40,000.00
    expect(computeDeedTax(u, rules, CITY).amount?.toFixed(2)).toBe('40000.00');
    for (const city of ['guangzhou', 'beijing', 'shanghai', 'shenzhen', '广州', 'Shanghai']) {
      const r = computeDeedTax(u, rules, city);
      expect(r.amount?.toFixed(2), city).toBe('60000.00');
      expect(r.basis.zh).toContain('不适用二套优惠');
    }
    // A first home there kept its relief, and from 2024-12-01 the second-home rates apply everywhere.
    expect(computeDeedTax({ ...u, householdHomes: 1 }, rules, 'guangzhou').amount?.toFixed(2)).toBe('30000.00');
    expect(computeDeedTax({ ...u, contractDate: '2024-12-01' }, rules, 'guangzhou').amount?.toFixed(2)).toBe('20000.00');
  });

  it('a home of exactly the threshold (90.00㎡ under the 2016 rules, 140.00㎡ from 2024-12-01) pays the ≤ rate, first or second home; 0.01㎡ more pays the > rate', () => {
    // base 1,090,000 ÷ 1.09 = 1,000,000.00 (VAT 9% on both dates)
    const tax = (contractDate: string, floorArea: string, householdHomes: 1 | 2) => computeDeedTax(makeUnit({ floorArea, totalPrice: '1090000.00', contractDate, householdHomes }), rules, CITY).amount?.toFixed(2);
    expect(tax('2024-06-01', '90.00', 1)).toBe('10000.00'); // 唯一住房 ≤90㎡ 1%
    expect(tax('2024-06-01', '90.01', 1)).toBe('15000.00'); // >90㎡ 1.5%
    expect(tax('2024-06-01', '90.00', 2)).toBe('10000.00'); // 第二套 ≤90㎡ 1%
    expect(tax('2024-06-01', '90.01', 2)).toBe('20000.00'); // >90㎡ 2%
    expect(tax('2025-06-01', '140.00', 1)).toBe('10000.00'); // ≤140㎡ 1%
    expect(tax('2025-06-01', '140.01', 1)).toBe('15000.00'); // >140㎡ 1.5%
    expect(tax('2025-06-01', '140.00', 2)).toBe('10000.00'); // second home ≤140㎡ 1%
    expect(tax('2025-06-01', '140.01', 2)).toBe('20000.00'); // >140㎡ 2%
  });

  it('second home above 140㎡ 2%, third home 3%, missing homes count is a problem not a guess', () => {
    const u = makeUnit({ floorArea: '150.00', totalPrice: '2180000.00', contractDate: '2025-01-10', householdHomes: 2 });
    expect(computeDeedTax(u, rules, CITY).amount?.toFixed(2)).toBe('40000.00'); // 2,000,000 × 2%
    expect(computeDeedTax({ ...u, householdHomes: 3 }, rules, CITY).amount?.toFixed(2)).toBe('60000.00');
    const unknown = computeDeedTax({ ...u, householdHomes: null }, rules, CITY);
    expect(unknown.amount).toBeNull();
    expect(unknown.problem?.zh).toMatch(/家庭住房套数/);
  });
});

describe('registration fee, stamp duty, maintenance fund, deposit', () => {
  it('a home pays 80 yuan registration and no certificate fee; a shop 550; two extra certificates 20', () => {
    const [reg, cert] = computeRegistrationFees(makeUnit(), rules);
    expect(reg.amount?.toFixed(2)).toBe('80.00');
    expect(reg.ruleId).toBe('registration-2016-2559');
    expect(cert.amount?.toFixed(2)).toBe('0.00');
    const [shop, certs] = computeRegistrationFees(makeUnit({ usage: '商业' }), rules, 3);
    expect(shop.amount?.toFixed(2)).toBe('550.00');
    expect(certs.amount?.toFixed(2)).toBe('20.00');
    expect(certs.ruleId).toBe('certificate-fee-2016-2559');
  });

  it('stamp duty: exempt for an individual buying a home, 0.05% on a shop', () => {
    const home = computeStampDuty(makeUnit(), rules);
    expect(home.amount?.toFixed(2)).toBe('0.00');
    expect(home.ruleId).toBe('stamp-duty-2008-137');
    const shop = computeStampDuty(makeUnit({ usage: '商业', totalPrice: '1234567.00' }), rules);
    expect(shop.amount?.toFixed(2)).toBe('617.28'); // 617.2835
    expect(shop.ruleId).toBe('stamp-duty-law-2022');
  });

  it('maintenance fund by city: per ㎡ by building type, or a % of the price', () => {
    const u = makeUnit({ floorArea: '89.37', totalPrice: '1000000.00', buildingType: '多层' });
    const bj = computeUnitFees(u, rules, { city: '北京' }).find((f) => f.kind === 'maintenanceFund')!;
    expect(bj.amount?.toFixed(2)).toBe('8937.00'); // 89.37 × 100
    expect(bj.ruleId).toBe('maintenance-fund-beijing');
    const sh = computeUnitFees(u, rules, { city: 'shanghai' }).find((f) => f.kind === 'maintenanceFund')!;
    expect(sh.amount?.toFixed(2)).toBe('20000.00'); // 2% of 1,000,000
    const none = computeUnitFees(u, rules, { city: 'Atlantis' }).find((f) => f.kind === 'maintenanceFund')!;
    expect(none.amount).toBeNull();
  });

  it('a city whose rules lack the 非住宅 rate: a 车位 points at the rules file, not at the register', () => {
    const noShops = {
      ...rules,
      maintenanceFund: {
        ...rules.maintenanceFund,
        cities: rules.maintenanceFund.cities.map((c) => (c.id === 'beijing' ? { ...c, ratesPerSqm: { 多层: '100', 高层: '200' } } : c)),
      },
    };
    const spot = computeUnitFees(makeUnit({ usage: '车位', floorArea: '12.50', buildingType: null }), noShops, { city: 'beijing' }).find((f) => f.kind === 'maintenanceFund')!;
    expect(spot.amount).toBeNull();
    // Nothing in the 车位's row can fix it: no register column to correct, the message names the rules file.
    expect(spot.column).toBeUndefined();
    expect(spot.problem?.zh).toContain('maintenance-fund.json');
    // A home whose building type has no rate is still pointed at its 建筑类型 cell.
    const villa = computeUnitFees(makeUnit({ buildingType: '别墅' }), noShops, { city: 'beijing' }).find((f) => f.kind === 'maintenanceFund')!;
    expect(villa.column).toBe('buildingType');
  });

  it('deposit: the row ratio wins over the bank ratio; amounts round half away from zero', () => {
    const u = makeUnit({ commercialLoan: '700000.05', bank: '中国建设银行' });
    const byBank = computeDeposit(u, rules);
    expect(byBank.ruleId).toBe('deposit-ccb');
    expect(byBank.amount?.toFixed(2)).toBe('35000.00'); // 35,000.0025 → 35,000.00
    const own = computeDeposit({ ...u, depositRatio: new Decimal('0.1') }, rules);
    expect(own.ruleId).toBe('register');
    expect(own.amount?.toFixed(2)).toBe('70000.01'); // 70,000.005 → 70,000.01
  });
});

describe('按揭保证金 sheet', () => {
  it('比例来源 says in words where each ratio came from (the register, the bank’s agreement, the general default), with the rule id', () => {
    const units = [
      makeUnit({ unitKey: '1-1-101', commercialLoan: '700000.00', bank: '中国建设银行', depositRatio: new Decimal('0.08') }),
      makeUnit({ unitKey: '1-1-102', commercialLoan: '700000.00', bank: '中国建设银行' }),
      makeUnit({ unitKey: '1-1-103', commercialLoan: '700000.00', bank: '某某农村商业银行' }),
    ];
    const layout = depositSheet(depositLines(units, rules), rules, loadSheetDescription('deposits'), { lang: 'zh' });
    const header = layout.values.findIndex((r) => r.includes('比例来源'));
    const col = layout.values[header].indexOf('比例来源');
    const byUnit = new Map(layout.values.slice(header + 1).map((r) => [r[layout.values[header].indexOf('房号')], r[col]]));
    expect([byUnit.get('1-1-101'), byUnit.get('1-1-102'), byUnit.get('1-1-103')]).toEqual(['台账填写', '银行约定（deposit-ccb）', '通用默认（deposit-default）']);
  });
});

describe('按揭保证金 未退金额', () => {
  it('counts only deposits the bank holds: a loan not yet disbursed has withheld nothing, a refunded one holds nothing', () => {
    const held = makeUnit({ unitKey: '1-1-201', commercialLoan: '700000.00', bank: '中国建设银行', commercialDisbursedDate: '2026-11-03' });
    const notYet = makeUnit({ unitKey: '1-1-202', commercialLoan: '800000.00', bank: '中国建设银行' });
    const back = makeUnit({ unitKey: '1-1-203', commercialLoan: '900000.00', bank: '中国建设银行', commercialDisbursedDate: '2026-10-03' });
    back.stages = { ...back.stages, depositRefunded: '2026-11-20' };
    const layout = depositSheet(depositLines([held, notYet, back], rules), rules, loadSheetDescription('deposits'), { lang: 'zh' });
    const header = layout.values.findIndex((r) => r.includes('未退金额'));
    const h = layout.values[header];
    const money = (v: unknown) => (v && typeof v === 'object' && 'value' in v ? (v as { value: string }).value : v);
    const byUnit = new Map(layout.values.slice(header + 1, header + 4).map((r) => [r[h.indexOf('房号')], [money(r[h.indexOf('保证金金额')]), money(r[h.indexOf('未退金额')])]]));
    expect([...byUnit.values()].map((x) => x.map(String))).toEqual([
      ['35000.00', '35000.00'],
      ['40000.00', '0.00'],
      ['45000.00', '0.00'],
    ]);
  });

  it('a refund dated after the day of the run has not happened: the deposit is 无法计算 at 保证金退还日期, not ¥0 outstanding', () => {
    const back = makeUnit({ unitKey: '1-1-203', commercialLoan: '900000.00', bank: '中国建设银行', commercialDisbursedDate: '2026-10-03' });
    back.stages = { ...back.stages, depositRefunded: '2026-12-20' };
    const lines = depositLines([back], rules, { today: '2026-11-25' });
    expect(depositProblems(lines).map((p) => [p.column, p.problem.zh])).toEqual([['depositRefundedDate', '保证金退还日期 2026-12-20 晚于今天（2026-11-25），不能判断保证金是否已退还']]);
    const layout = depositSheet(lines, rules, loadSheetDescription('deposits'), { lang: 'zh' });
    const header = layout.values.findIndex((r) => r.includes('未退金额'));
    const row = layout.values[header + 1];
    expect(row[layout.values[header].indexOf('未退金额')] ?? null).toBeNull();
    expect(row[layout.values[header].indexOf('比例来源')]).toBe('无法计算：保证金退还日期 2026-12-20 晚于今天，不能判断保证金是否已退还');
    // Run on the 21st, it was refunded: nothing held.
    const after = depositLines([back], rules, { today: '2026-12-21' });
    expect(after[0].deposit.amount?.toFixed(2)).toBe('45000.00');
    expect(depositProblems(after)).toEqual([]);
  });
});
