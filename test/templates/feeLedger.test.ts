import { describe, expect, it } from 'vitest';
import Decimal from 'decimal.js';
import { buildFeeLedger, feeBalanceSheet } from '../../domain/fees/ledger';
import { loadFeeRules, loadSheetDescription } from '../../pipeline/render/templates';
import { makeUnit } from './helpers';

const rules = loadFeeRules();

describe('fee ledger', () => {
  // Beijing example rates: 高层 200 元/㎡. Contract 2025-03-01 → 2024 deed-tax rules.
  const paid = makeUnit({ room: '0101', floorArea: '100.00', totalPrice: '1090000.00' });
  // deed tax: 1,090,000 / 1.09 = 1,000,000.00 × 1% = 10,000.00; fund 100 × 200 = 20,000.00; registration 80
  const exact = { ...paid, deedTaxCollected: new Decimal('10000.00'), maintenanceFundCollected: new Decimal('20000.00'), registrationFeeCollected: new Decimal('80') };
  const short = { ...makeUnit({ room: '0102', floorArea: '100.00', totalPrice: '1090000.00', buyers: [{ name: '钱七', idType: '身份证', idNumber: '11010519491231002X', phone: '13912345678' }] }), deedTaxCollected: new Decimal('9000.00'), maintenanceFundCollected: new Decimal('20000.00'), registrationFeeCollected: null };
  const over = { ...makeUnit({ room: '0103', floorArea: '100.00', totalPrice: '1090000.00' }), deedTaxCollected: new Decimal('10000.00'), maintenanceFundCollected: new Decimal('20100.00'), registrationFeeCollected: new Decimal('80') };

  it('an underpaid buyer: deed tax ¥1,000.00 short and the ¥80 registration fee not collected', () => {
    const l = buildFeeLedger([exact, short, over], rules, { city: 'beijing' });
    expect(l.underpaid.map((b) => [b.unit.room, b.difference.toFixed(2), b.lines.map((x) => x.fee)])).toEqual([['0102', '1080.00', ['deedTax', 'registration']]]);
    expect(l.overpaid.map((b) => [b.unit.room, b.difference.toFixed(2)])).toEqual([['0103', '100.00']]);
    const deed = l.lines.find((x) => x.unit.room === '0102' && x.fee === 'deedTax')!;
    expect([deed.due?.toFixed(2), deed.outstanding?.toFixed(2), deed.status, deed.ruleIds]).toEqual(['10000.00', '1000.00', 'underpaid', ['deed-tax-2024-16']]);
    // totals to the fen: due 3 × (10,000 + 20,000 + 80); collected 30,080 + 29,000 + 30,180
    expect(l.totals.due.toFixed(2)).toBe('90240.00');
    expect(l.totals.collected.toFixed(2)).toBe('89260.00');
    expect(l.totals.outstanding.toFixed(2)).toBe('980.00');
  });

  it('a fee that cannot be computed is listed as a problem, not guessed', () => {
    const l = buildFeeLedger([{ ...exact, buildingType: null }], rules, { city: 'beijing' });
    const fund = l.lines.find((x) => x.fee === 'maintenanceFund')!;
    expect([fund.due, fund.status]).toEqual([null, 'unknown']);
    expect(l.problems[0].problem.zh).toMatch(/建筑类型/);
  });
});

describe('fees not yet due', () => {
  it('a unit not yet filed with nothing collected is 未到收取, not an underpaid buyer', () => {
    const fresh = makeUnit({ room: '0301', floorArea: '100.00', totalPrice: '1090000.00' });
    const filed = { ...fresh, room: '0302', unitKey: '3-2-0302', filingDate: '2025-03-05' };
    const l = buildFeeLedger([fresh, filed], rules, { city: 'beijing' });
    expect(l.lines.filter((x) => x.unit === fresh).map((x) => x.status)).toEqual(['notYetDue', 'notYetDue', 'notYetDue']);
    expect(l.underpaid.map((b) => b.unit.room)).toEqual(['0302']);
    expect(l.underpaid[0].difference.toFixed(2)).toBe('30080.00'); // 10,000 + 20,000 + 80
  });

  it('a unit without a 备案日期 whose loan is disbursed was filed: its fees are due, the buyer on 少收名单', () => {
    // A bank credits a loan only on a filed contract: the blank 备案日期 is a gap in the register (STAGE_GAP), not a filing to come.
    const fresh = makeUnit({ room: '0303', floorArea: '100.00', totalPrice: '1090000.00' });
    const credited = { ...fresh, stages: { ...fresh.stages, disbursed: '2025-04-10' } };
    const l = buildFeeLedger([credited], rules, { city: 'beijing', today: '2025-05-01' });
    expect(l.lines.map((x) => x.status)).toEqual(['underpaid', 'underpaid', 'underpaid']);
    expect(l.underpaid.map((b) => [b.unit.room, b.difference.toFixed(2)])).toEqual([['0303', '30080.00']]);
    expect(l.totals.notYetDue.toFixed(2)).toBe('0.00');
  });

  it('a later stage dated after the day of the run does not make the fees due', () => {
    const fresh = makeUnit({ room: '0304', floorArea: '100.00', totalPrice: '1090000.00' });
    const toCome = { ...fresh, stages: { ...fresh.stages, sentToBank: '2025-06-01' } };
    const l = buildFeeLedger([toCome], rules, { city: 'beijing', today: '2025-05-01' });
    expect(l.lines.map((x) => x.status)).toEqual(['notYetDue', 'notYetDue', 'notYetDue']);
  });
});

describe('collected amounts with digits below the fen', () => {
  // A register cell holding a formula result (=ROUND(…) left out, or a float like 9999.999999) keeps
  // its decimals when read; the ledger shows it to the fen, so it must count it to the fen too.
  it('are counted to the fen: a buyer who paid the fee is not on the 少收名单, and 应收 − 已收 = 未收 on the sheet', () => {
    // Beijing 高层 200 元/㎡; deed tax 1,090,000 / 1.09 × 1% = 10,000.00; fund 20,000.00; registration 80.
    const base = makeUnit({ room: '0401', floorArea: '100.00', totalPrice: '1090000.00', filingDate: '2025-03-05' });
    const paid = { ...base, deedTaxCollected: new Decimal('9999.9999999'), maintenanceFundCollected: new Decimal('20000.00'), registrationFeeCollected: new Decimal('80') };
    // 10,000.00 − 100.005 → 100.01 collected (half away from zero): 9,899.99 short.
    const short = { ...base, room: '0402', unitKey: '3-2-0402', deedTaxCollected: new Decimal('100.005'), maintenanceFundCollected: new Decimal('20000.00'), registrationFeeCollected: new Decimal('80') };
    const l = buildFeeLedger([paid, short], rules, { city: 'beijing' });
    expect(l.underpaid.map((b) => [b.unit.room, b.difference.toFixed(2)])).toEqual([['0402', '9899.99']]);
    const deed = l.lines.find((x) => x.unit.room === '0401' && x.fee === 'deedTax')!;
    expect([deed.collected?.toString(), deed.outstanding?.toString(), deed.status]).toEqual(['10000', '0', 'settled']);
    // due 2 × 30,080.00 = 60,160.00; collected 30,080.00 + 20,180.01 = 50,260.01; outstanding 9,899.99
    expect([l.totals.due.toFixed(2), l.totals.collected.toString(), l.totals.outstanding.toString()]).toEqual(['60160.00', '50260.01', '9899.99']);
  });
});

describe('少收名单: the phone to call', () => {
  // The register has 联系电话1..4, one per buyer; a couple often gives only the second buyer's.
  it('is the first buyer phone the register has, not blank when buyer 1 left it empty', () => {
    const base = makeUnit({
      room: '0501',
      floorArea: '100.00',
      totalPrice: '1090000.00',
      filingDate: '2025-03-05',
      buyers: [
        { name: '赵一', idType: '身份证', idNumber: '11010519491231002X' },
        { name: '钱二', idType: '身份证', idNumber: '11010519491231002X', phone: '13912345678' },
      ],
    });
    const l = buildFeeLedger([base], rules, { city: 'beijing' });
    expect(l.underpaid).toHaveLength(1);
    const sheet = feeBalanceSheet(l, 'underpaid', loadSheetDescription('fee-balances'), { lang: 'zh' });
    const header = sheet.table!.headerRow;
    const col = sheet.values[header].indexOf('联系电话');
    expect(sheet.values[sheet.table!.firstDataRow][col]).toBe('139****5678');
  });
});
