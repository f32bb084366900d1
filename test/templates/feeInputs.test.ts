import { describe, expect, it } from 'vitest';
import { buildFeeLedger } from '../../domain/fees/ledger';
import { feeInputErrors, feeProblemIssues } from '../../domain/fees/issues';
import { columnLetter } from '../../domain/issues';
import { parseRegisterSheet, type RawCell, type RegisterSheet } from '../../domain/registerValidation/parse';
import { validateRegister } from '../../domain/registerValidation/validate';
import { loadFeeRules, loadSheetDescription } from '../../pipeline/render/templates';

const rules = loadFeeRules();

/** A register row as typed: a filed first home of 100㎡ at ¥1,090,000, every fee collected in full (Beijing 高层). */
const BASE: Record<string, RawCell> = {
  project: '滨江花园',
  building: '1',
  unit: '1',
  usage: '住宅',
  buildingType: '高层',
  floorArea: 100,
  buyer1Name: '张三',
  buyer1IdType: '身份证',
  buyer1IdNumber: '11010519491231002X',
  contractNo: 'HT-1',
  contractDate: '2025-03-01',
  filingDate: '2025-03-05',
  totalPrice: 1090000,
  downPayment: 1090000,
  householdHomes: '首套',
  // 1,090,000 ÷ 1.09 × 1% = 10,000; 100㎡ × 200 = 20,000; 80
  deedTaxCollected: 10000,
  maintenanceFundCollected: 20000,
  registrationFeeCollected: 80,
};

function registerSheet(rows: Record<string, RawCell>[]): RegisterSheet {
  const keys = [...new Set([...Object.keys(BASE), 'room', ...rows.flatMap((r) => Object.keys(r))])];
  const columns = Object.fromEntries(keys.map((k, i) => [k, columnLetter(i + 1)]));
  return {
    file: '按揭台账.xlsx',
    sheet: '按揭台账',
    headerRow: 1,
    columns,
    headers: Object.fromEntries(keys.map((k) => [k, k])),
    rows: rows.map((r, i) => ({ row: i + 2, cells: { ...BASE, room: `${101 + i}`, contractNo: `HT-${i}`, ...r } })),
  };
}

describe('fees from register cells that are blank or cannot be read (the review’s repro)', () => {
  const sheet = registerSheet([
    {}, // 1-1-101: all in order
    { totalPrice: '约109万' }, // 1-1-102: unreadable price
    { floorArea: null }, // 1-1-103: blank area
    { deedTaxCollected: '约壹万' }, // 1-1-104: unreadable collected (壹万 alone reads as ¥10,000)
    { usage: null }, // 1-1-105: blank usage
  ]);
  const { units, issues } = parseRegisterSheet(sheet);
  const ledger = buildFeeLedger(units, rules, { city: 'beijing' });
  const line = (room: string, fee: string) => ledger.lines.find((l) => l.unit.room === room && l.fee === fee)!;

  it('reads a blank or unreadable price and area as unknown, not 0, and says which cells could not be read', () => {
    expect(units[1].totalPrice).toBeNull();
    expect(units[2].floorArea).toBeNull();
    expect(units[1].unreadable).toEqual(['totalPrice']);
    expect(units[3].unreadable).toEqual(['deedTaxCollected']);
    expect(issues.map((i) => [i.code, i.location.row, i.location.column])).toEqual([
      ['BAD_AMOUNT', 3, sheet.columns.totalPrice],
      ['BAD_AMOUNT', 5, sheet.columns.deedTaxCollected],
    ]);
  });

  it('an unreadable 合同总价 makes 契税 无法计算 — not ¥0 due and a ¥10,000 refund on the 多收名单', () => {
    const deed = line('102', 'deedTax');
    expect([deed.due, deed.outstanding, deed.status]).toEqual([null, null, 'unknown']);
    expect(deed.computed[0].basis.zh).toContain('合同总价无法识别');
    expect(ledger.overpaid).toEqual([]);
    expect(ledger.underpaid).toEqual([]);
  });

  it('a blank 建筑面积 makes 维修资金 (and the area-dependent 契税) 无法计算, not ¥0 相符', () => {
    expect(line('103', 'maintenanceFund').status).toBe('unknown');
    expect(line('103', 'deedTax').status).toBe('unknown');
    expect(line('103', 'maintenanceFund').computed[0].basis.zh).toContain('缺少建筑面积');
  });

  it('an unreadable 已收契税 is not read as nothing collected', () => {
    const deed = line('104', 'deedTax');
    expect([deed.due?.toFixed(2), deed.collected, deed.status]).toEqual(['10000.00', null, 'unknown']);
  });

  it('a blank 用途 is not taken for non-residential (3% deed tax, 550 registration)', () => {
    expect(['deedTax', 'maintenanceFund', 'registration'].map((f) => line('105', f).status)).toEqual(['unknown', 'unknown', 'unknown']);
  });

  it('lists every such fee at the register cell to correct, and leaves them out of the totals', () => {
    const located = feeProblemIssues(ledger, sheet).map((i) => `${i.location.column}${i.location.row} ${i.message.zh}`);
    expect(located[0]).toBe(`${sheet.columns.totalPrice}3 滨江花园 1-1-102 契税无法计算：合同总价无法识别，请改正该单元格`);
    expect(located.filter((l) => l.includes('1-1-103')).every((l) => l.startsWith(`${sheet.columns.floorArea}4 `))).toBe(true);
    expect(located.some((l) => l.startsWith(`${sheet.columns.deedTaxCollected}5 滨江花园 1-1-104 契税无法计算：已收契税无法识别`))).toBe(true);
    expect(located.filter((l) => l.includes('1-1-105')).every((l) => l.startsWith(`${sheet.columns.usage}6 `))).toBe(true);
    // Only 1-1-101 and the lines that could be computed count: due − collected = outstanding.
    const t = ledger.totals;
    expect(t.due.minus(t.collected).eq(t.outstanding)).toBe(true);
    expect(ledger.uncounted.lines).toBe(ledger.lines.filter((l) => l.status === 'unknown').length);
  });

  it('reports the register errors in the columns the fees read, not a date that is only after the day of the run', () => {
    const checked = validateRegister(registerSheet([{ totalPrice: '约109万' }, { filingDate: '2026-12-01', buyer1IdNumber: '110105194912310021' }]), {
      description: loadSheetDescription('register'),
      today: '2026-11-24',
    });
    expect(checked.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['BAD_AMOUNT', 'DATE_FUTURE', 'ID_CHECKSUM']));
    expect(feeInputErrors(checked.issues, sheet).map((i) => `${i.code} ${i.location.column}${i.location.row}`)).toEqual([`BAD_AMOUNT ${sheet.columns.totalPrice}2`]);
  });
});

describe('fees that cannot be computed in a group register whose projects share unit codes', () => {
  it('names the project with the unit, so the desk can tell 滨江花园 1-1-101 from 翠湖苑 1-1-101', () => {
    const sheet = registerSheet([{ totalPrice: '约壹佰万' }, { project: '翠湖苑', room: '101', totalPrice: '约壹佰万' }]);
    const { units } = parseRegisterSheet(sheet);
    const ledger = buildFeeLedger(units, rules, { city: 'beijing' });
    const messages = feeProblemIssues(ledger, sheet)
      .filter((i) => i.message.zh.includes('契税'))
      .map((i) => [i.location.row, i.message.zh, i.message.en]);
    expect(messages).toEqual([
      [2, '滨江花园 1-1-101 契税无法计算：合同总价无法识别，请改正该单元格', '滨江花园 1-1-101 Deed tax cannot be computed: the total price cannot be read: correct the cell'],
      [3, '翠湖苑 1-1-101 契税无法计算：合同总价无法识别，请改正该单元格', '翠湖苑 1-1-101 Deed tax cannot be computed: the total price cannot be read: correct the cell'],
    ]);
  });
});
