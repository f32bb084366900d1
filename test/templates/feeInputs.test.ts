import { describe, expect, it } from 'vitest';
import { buildFeeLedger, depositLines, depositProblems, depositSheet, feeLedgerSheet } from '../../domain/fees/ledger';
import { depositProblemIssues, feeInputErrors, feeProblemIssues } from '../../domain/fees/issues';
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

  it('reports the register errors in the columns the fees read (a 备案日期 after the day of the run among them, as anjie progress does), not an ID number', () => {
    const checked = validateRegister(registerSheet([{ totalPrice: '约109万' }, { filingDate: '2026-12-01', buyer1IdNumber: '110105194912310021' }]), {
      description: loadSheetDescription('register'),
      today: '2026-11-24',
    });
    expect(checked.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['BAD_AMOUNT', 'DATE_FUTURE', 'ID_CHECKSUM']));
    expect(feeInputErrors(checked.issues, sheet).map((i) => `${i.code} ${i.location.column}${i.location.row}`)).toEqual([`BAD_AMOUNT ${sheet.columns.totalPrice}2`, `DATE_FUTURE ${sheet.columns.filingDate}3`]);
  });
});

describe('a collected cell of "/" (or full-width ／), which clerks write for none as often as "-"', () => {
  it('is nothing collected, as "-" is: no BAD_AMOUNT, and each fee is 少收 by what is due, not 无法计算', () => {
    const none = (mark: string) => ({ deedTaxCollected: mark, maintenanceFundCollected: mark, registrationFeeCollected: mark });
    const sheet = registerSheet([none('-'), none('/'), none('／'), { ...none(' / '), registrationFeeCollected: '／' }]);
    const { units, issues } = parseRegisterSheet(sheet);
    expect(issues).toEqual([]);
    const ledger = buildFeeLedger(units, rules, { city: 'beijing' });
    expect(ledger.problems).toEqual([]);
    const lines = (room: string) => ledger.lines.filter((l) => l.unit.room === room).map((l) => [l.fee, l.collected?.toFixed(2), l.outstanding?.toFixed(2), l.status]);
    expect(lines('101').map((l) => [l[1], l[3]])).toEqual([
      ['0.00', 'underpaid'],
      ['0.00', 'underpaid'],
      ['0.00', 'underpaid'],
    ]);
    for (const room of ['102', '103', '104']) expect(lines(room)).toEqual(lines('101'));
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

describe('fees from register values read but not usable as written (the register calls each an error)', () => {
  // Each row differs from BASE (a filed 100㎡ first home at ¥1,090,000, every fee collected in full) in one cell.
  const sheet = registerSheet([
    { floorArea: -100 }, // 1-1-101: a slipped minus sign
    { floorArea: 0 }, // 1-1-102: 0 typed for "not measured yet"
    { totalPrice: 0, downPayment: 0 }, // 1-1-103
    { totalPrice: -1090000, downPayment: -1090000 }, // 1-1-104
    { usage: '普通住宅' }, // 1-1-105: not in the 用途 list (住宅、商业、车位、办公)
    { deedTaxCollected: -100 }, // 1-1-106
    { buyer1IdType: '营业执照' }, // 1-1-107: not in the 证件类型 list
  ]);
  const checked = validateRegister(sheet, { description: loadSheetDescription('register'), today: '2026-11-24' });
  const ledger = buildFeeLedger(checked.units, rules, { city: 'beijing' });
  const status = (room: string) => Object.fromEntries(ledger.lines.filter((l) => l.unit.room === room).map((l) => [l.fee, l.status]));

  it('the register reports each of these cells as an error', () => {
    const codes = feeInputErrors(checked.issues, sheet).map((i) => `${i.code} ${i.location.column}${i.location.row}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        `AREA_NOT_POSITIVE ${sheet.columns.floorArea}2`,
        `AREA_NOT_POSITIVE ${sheet.columns.floorArea}3`,
        `PRICE_ZERO ${sheet.columns.totalPrice}4`,
        `NEGATIVE_AMOUNT ${sheet.columns.totalPrice}5`,
        `BAD_VALUE ${sheet.columns.usage}6`,
        `NEGATIVE_AMOUNT ${sheet.columns.deedTaxCollected}7`,
        `BAD_VALUE ${sheet.columns.buyer1IdType}8`,
      ]),
    );
  });

  it('an area of −100㎡ or 0㎡ makes 契税 and 维修资金 无法计算, not 1% of the price and a 维修资金 of −¥20,000 or ¥0 refunded on the 多收名单', () => {
    expect(status('101')).toEqual({ deedTax: 'unknown', maintenanceFund: 'unknown', registration: 'settled' });
    expect(status('102')).toEqual({ deedTax: 'unknown', maintenanceFund: 'unknown', registration: 'settled' });
  });

  it('a price of 0 or below makes 契税 无法计算, not a deed tax of ¥0 or −¥10,000 and the ¥10,000 collected refunded', () => {
    expect(status('103')).toEqual({ deedTax: 'unknown', maintenanceFund: 'settled', registration: 'settled' });
    expect(status('104')).toEqual({ deedTax: 'unknown', maintenanceFund: 'settled', registration: 'settled' });
  });

  it('a 用途 off the list is not taken for non-residential: no 3% deed tax, 550 registration or 非住宅 rate charged to a home', () => {
    // As the rules read it: 3% of 1,000,000 = 30,000 (20,000 more than collected) and 550 (470 more) — both wrong for a home.
    expect(status('105')).toEqual({ deedTax: 'unknown', maintenanceFund: 'unknown', registration: 'unknown', stampDuty: 'unknown' });
  });

  it('a 已收契税 below 0 is not read as collected: 契税 is 无法计算, not 少收 ¥10,100', () => {
    const deed = ledger.lines.find((l) => l.unit.room === '106' && l.fee === 'deedTax')!;
    expect([deed.collected, deed.outstanding, deed.status]).toEqual([null, null, 'unknown']);
  });

  it('a 证件类型1 off the list is not taken for a person: 契税 of the home is 无法计算, not 1% for what may be a company (3%)', () => {
    expect(status('107')).toEqual({ deedTax: 'unknown', maintenanceFund: 'settled', registration: 'settled', stampDuty: 'unknown' });
  });

  it('nobody is on either list for these cells, every fee is listed at the cell to correct, and the totals tie', () => {
    expect(ledger.underpaid).toEqual([]);
    expect(ledger.overpaid).toEqual([]);
    const located = feeProblemIssues(ledger, sheet).map((i) => `${i.location.column}${i.location.row} ${i.message.zh}`);
    expect(located).toEqual(
      expect.arrayContaining([
        `${sheet.columns.floorArea}2 滨江花园 1-1-101 契税无法计算：建筑面积 -100.00㎡ 应大于 0，请改正该单元格`,
        `${sheet.columns.floorArea}3 滨江花园 1-1-102 专项维修资金无法计算：建筑面积 0.00㎡ 应大于 0，请改正该单元格`,
        `${sheet.columns.totalPrice}5 滨江花园 1-1-104 契税无法计算：合同总价 -¥1,090,000.00 应大于 0，请改正该单元格`,
        `${sheet.columns.usage}6 滨江花园 1-1-105 登记费（含工本费）无法计算：用途「普通住宅」不在该列的列表中，请改正该单元格`,
        `${sheet.columns.deedTaxCollected}7 滨江花园 1-1-106 契税无法计算：已收契税 -¥100.00 不能为负数，请改正该单元格`,
        `${sheet.columns.buyer1IdType}8 滨江花园 1-1-107 契税无法计算：证件类型1「营业执照」不在该列的列表中，请改正该单元格`,
      ]),
    );
    // What still counts, by hand: 维修资金 20,000 on 103, 104, 106, 107; 登记费 80 on every row but 105 — all collected in full.
    const t = ledger.totals;
    expect([t.due.toFixed(2), t.collected.toFixed(2), t.outstanding.toFixed(2)]).toEqual(['80480.00', '80480.00', '0.00']);
  });
});

describe('fees of a unit whose 备案日期 cannot be read', () => {
  it('with nothing collected, its fees are 无法计算 at the 备案日期 cell, not 未到收取: whether they are due is what the date says', () => {
    // Nothing collected yet; filed (due: 少收) or not (未到收取) is what the unreadable date would tell.
    const sheet = registerSheet([{ filingDate: '2025年13月5日', deedTaxCollected: null, maintenanceFundCollected: null, registrationFeeCollected: null }]);
    const checked = validateRegister(sheet, { description: loadSheetDescription('register'), today: '2026-11-24' });
    expect(checked.issues.filter((i) => i.code === 'BAD_DATE').map((i) => `${i.location.column}${i.location.row}`)).toEqual([`${sheet.columns.filingDate}2`]);
    const ledger = buildFeeLedger(checked.units, rules, { city: 'beijing' });
    expect(ledger.lines.map((l) => l.status)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(ledger.totals.notYetDue.toFixed(2)).toBe('0.00');
    expect([ledger.underpaid, ledger.overpaid]).toEqual([[], []]);
    const located = feeProblemIssues(ledger, sheet).map((i) => `${i.location.column}${i.location.row} ${i.message.zh}`);
    expect(located[0]).toBe(`${sheet.columns.filingDate}2 滨江花园 1-1-101 契税无法计算：备案日期无法识别，不能判断是否已到收取，请改正该单元格`);
    expect(located).toHaveLength(3);
  });
});

describe('按揭保证金 of a unit whose credit or refund date cannot be read (BAD_DATE)', () => {
  // Each a ¥700,000 loan at 中国建设银行 (5%: a ¥35,000 deposit).
  const loan = { downPayment: 390000, loanType: '商业贷款', commercialLoan: 700000, bank: '中国建设银行' };
  const sheet = registerSheet([
    { ...loan, commercialDisbursedDate: '2026-10-03', depositRefundedDate: '2026-13-45' }, // 1-1-101: refunded on a day mistyped
    { ...loan, commercialDisbursedDate: '待定' }, // 1-1-102
    { ...loan, disbursedDate: '下周' }, // 1-1-103: no 商贷放款日期, the 放款日期 unreadable
    { ...loan, commercialDisbursedDate: '2026-10-03' }, // 1-1-104: credited, held by the bank
    { ...loan, commercialDisbursedDate: '2026-10-03', depositRefundedDate: '#N/A' }, // 1-1-105: a formula showing an error (FORMULA_ERROR)
  ]);
  const checked = validateRegister(sheet, { description: loadSheetDescription('register'), today: '2026-11-25' });
  const lines = depositLines(checked.units, rules, { today: '2026-11-25' });
  const at = (column: string, row: number) => `${sheet.columns[column]}${row}`;

  it('is 无法计算 at that cell, not ¥35,000 still held (a refund typo) or nothing withheld (a credit typo)', () => {
    expect(depositProblems(lines).map((p) => `${at(p.column!, p.unit.source!.row)} ${p.problem.zh} / ${p.problem.en}`)).toEqual([
      `${at('depositRefundedDate', 2)} 保证金退还日期无法识别，不能判断保证金是否已退还 / the deposit refund date cannot be read, so whether the deposit was refunded is not known`,
      `${at('commercialDisbursedDate', 3)} 商贷放款日期无法识别，不能判断银行是否已扣存保证金 / the commercial disbursement date cannot be read, so whether the bank holds the deposit is not known`,
      `${at('disbursedDate', 4)} 放款日期无法识别，不能判断银行是否已扣存保证金 / the disbursement date cannot be read, so whether the bank holds the deposit is not known`,
      `${at('depositRefundedDate', 6)} 保证金退还日期无法识别，不能判断保证金是否已退还 / the deposit refund date cannot be read, so whether the deposit was refunded is not known`,
    ]);
  });

  it('the sheet lists them without figures, outside its 合计: the banks hold ¥35,000 of 1-1-104, not ¥70,000', () => {
    const layout = depositSheet(lines, rules, loadSheetDescription('deposits'), { lang: 'zh' });
    const header = layout.values.findIndex((r) => r.includes('未退金额'));
    const h = layout.values[header];
    const money = (v: unknown) => (v && typeof v === 'object' && ('value' in v || 'result' in v) ? String((v as { value?: unknown; result?: unknown }).value ?? (v as { result: unknown }).result) : v);
    const rows = layout.values.slice(header + 1, header + 7).map((r) => [r[0], money(r[h.indexOf('未退金额')]) ?? null, r[h.indexOf('比例来源')]]);
    expect(rows).toEqual([
      [1, null, '无法计算：保证金退还日期无法识别，不能判断保证金是否已退还'],
      [2, null, '无法计算：商贷放款日期无法识别，不能判断银行是否已扣存保证金'],
      [3, null, '无法计算：放款日期无法识别，不能判断银行是否已扣存保证金'],
      [4, '35000.00', '银行约定（deposit-ccb）'],
      [5, null, '无法计算：保证金退还日期无法识别，不能判断保证金是否已退还'],
      ['合计（1户）', '35000.00', null],
    ]);
    expect(layout.values.slice(0, header).find((r) => r[0] === '无法计算：')?.[1]).toBe('4 项未计入合计，见比例来源为“无法计算”的行');
  });

  it('anjie fees lists the register’s BAD_DATE (or FORMULA_ERROR) at each cell once, with the deposit it leaves 无法计算 there', () => {
    const bad = [at('depositRefundedDate', 2), at('commercialDisbursedDate', 3), at('disbursedDate', 4), at('depositRefundedDate', 6)];
    expect(feeInputErrors(checked.issues, sheet).map((i) => `${i.code} ${i.location.column}${i.location.row}`)).toEqual(bad.map((c, k) => `${k < 3 ? 'BAD_DATE' : 'FORMULA_ERROR'} ${c}`));
    expect(depositProblemIssues(depositProblems(lines), sheet).map((i) => `${i.code} ${i.location.column}${i.location.row}`)).toEqual(bad.map((c) => `DEPOSIT_NOT_COMPUTED ${c}`));
  });
});

describe('按揭保证金 of a unit whose refund is dated before its credit, or with no credit at all (STAGE_ORDER)', () => {
  // Each a ¥700,000 loan at 中国建设银行 (5%: a ¥35,000 deposit), withheld by the bank when it credits the loan.
  const loan = { downPayment: 390000, loanType: '商业贷款', commercialLoan: 700000, bank: '中国建设银行' };
  const sheet = registerSheet([
    { ...loan, disbursedDate: '2026-10-03', commercialDisbursedDate: '2026-10-03', depositRefundedDate: '2026-09-20' }, // 1-1-101: refunded 13 days before the credit
    { ...loan, depositRefundedDate: '2026-11-20' }, // 1-1-102: refunded, never credited
    { ...loan, disbursedDate: '2026-10-03', commercialDisbursedDate: '2026-10-03', depositRefundedDate: '2026-10-03' }, // 1-1-103: refunded the day of the credit
    { ...loan, disbursedDate: '2026-10-03', commercialDisbursedDate: '2026-10-03' }, // 1-1-104: credited, held by the bank
  ]);
  const checked = validateRegister(sheet, { description: loadSheetDescription('register'), today: '2026-11-25' });
  const lines = depositLines(checked.units, rules, { today: '2026-11-25' });
  const refundAt = (row: number) => `${sheet.columns.depositRefundedDate}${row}`;

  it('the register calls 1-1-101’s refund out of order (the premise)', () => {
    expect(checked.issues.filter((i) => i.code === 'STAGE_ORDER').map((i) => `${i.location.column}${i.location.row}`)).toEqual([refundAt(2)]);
  });

  it('is 无法计算 at the refund date, naming both dates, not ¥35,000 refunded by a bank that had not withheld it', () => {
    expect(depositProblems(lines).map((p) => `${p.column} ${p.unit.unitKey} ${p.problem.zh} / ${p.problem.en}`)).toEqual([
      'depositRefundedDate 1-1-101 保证金退还日期 2026-09-20 早于商贷放款日期 2026-10-03：银行放款时才扣存保证金，不能判断保证金是否已退还 / the deposit refund date 2026-09-20 is before the commercial disbursement date 2026-10-03: the bank withholds the deposit when it credits the loan, so whether the deposit was refunded is not known',
      'depositRefundedDate 1-1-102 保证金退还日期 2026-11-20 已填，但没有放款日期：银行放款时才扣存保证金，未放款的无从退还 / the deposit refund date 2026-11-20 is filled in but there is no disbursement date: the bank withholds the deposit when it credits the loan, and cannot refund one it never withheld',
    ]);
  });

  it('the sheet lists them without figures, outside its 合计, and says how many: ¥70,000 of deposits on 1-1-103 and 1-1-104, ¥35,000 held', () => {
    const layout = depositSheet(lines, rules, loadSheetDescription('deposits'), { lang: 'zh' });
    const header = layout.values.findIndex((r) => r.includes('未退金额'));
    const h = layout.values[header];
    const money = (v: unknown) => (v && typeof v === 'object' && ('value' in v || 'result' in v) ? String((v as { value?: unknown; result?: unknown }).value ?? (v as { result: unknown }).result) : v);
    const rows = layout.values.slice(header + 1, header + 6).map((r) => [r[0], money(r[h.indexOf('保证金金额')]) ?? null, money(r[h.indexOf('未退金额')]) ?? null, r[h.indexOf('比例来源')]]);
    expect(rows).toEqual([
      [1, null, null, '无法计算：保证金退还日期 2026-09-20 早于商贷放款日期 2026-10-03：银行放款时才扣存保证金，不能判断保证金是否已退还'],
      [2, null, null, '无法计算：保证金退还日期 2026-11-20 已填，但没有放款日期：银行放款时才扣存保证金，未放款的无从退还'],
      [3, '35000.00', '0.00', '银行约定（deposit-ccb）'],
      [4, '35000.00', '35000.00', '银行约定（deposit-ccb）'],
      ['合计（2户）', '70000.00', '35000.00', null],
    ]);
    expect(layout.values.slice(0, header).find((r) => r[0] === '无法计算：')?.[1]).toBe('2 项未计入合计，见比例来源为“无法计算”的行');
  });

  it('anjie fees and the pane list each once, as DEPOSIT_NOT_COMPUTED at the refund date; the register’s STAGE_ORDER there is not listed again', () => {
    expect(depositProblemIssues(depositProblems(lines), sheet).map((i) => `${i.code} ${i.location.column}${i.location.row}`)).toEqual([`DEPOSIT_NOT_COMPUTED ${refundAt(2)}`, `DEPOSIT_NOT_COMPUTED ${refundAt(3)}`]);
    expect(feeInputErrors(checked.issues, sheet).filter((i) => i.location.column === sheet.columns.depositRefundedDate)).toEqual([]);
  });

  it('a refund after the credit as 商贷放款日期 says, though the 放款日期 is later (a 组合贷’s provident credit), is computed: refunded', () => {
    const combined = registerSheet([{ ...loan, loanType: '组合贷款', commercialDisbursedDate: '2026-10-03', disbursedDate: '2026-11-10', depositRefundedDate: '2026-11-20' }]);
    const r = validateRegister(combined, { description: loadSheetDescription('register'), today: '2026-11-25' });
    expect(depositProblems(depositLines(r.units, rules, { today: '2026-11-25' }))).toEqual([]);
  });
});

describe('按揭保证金 of a register without a 贷款银行 column', () => {
  // Three ¥700,000 loans, no 保证金比例 of their own, and no bank: no ratio to take.
  const loan = { downPayment: 390000, loanType: '商业贷款', commercialLoan: 700000 };
  const sheet = registerSheet([loan, loan, loan]);
  const checked = validateRegister(sheet, { description: loadSheetDescription('register'), today: '2026-11-25' });
  const lines = depositLines(checked.units, rules, { today: '2026-11-25' });

  it('the register says once, at its header row, that the column is missing (the premise)', () => {
    expect(feeInputErrors(checked.issues, sheet).map((i) => `${i.code} ${i.location.row} ${i.location.column ?? ''}`)).toEqual(['COLUMN_MISSING 1 ']);
  });

  it('each deposit is 无法计算 on its sheet, saying why', () => {
    const layout = depositSheet(lines, rules, loadSheetDescription('deposits'), { lang: 'zh' });
    const header = layout.values.findIndex((r) => r.includes('比例来源'));
    const why = layout.values.slice(header + 1, header + 4).map((r) => r[layout.values[header].indexOf('比例来源')]);
    expect(why).toEqual(Array(3).fill('无法计算：贷款银行不详（台账没有「贷款银行」列），无法确定保证金比例'));
  });

  it('anjie fees and the pane say it once, at the header row with how many deposits, not at each unit’s row with no cell there', () => {
    const issues = depositProblemIssues(depositProblems(lines), sheet);
    expect(issues.map((i) => [i.code, i.location.row, i.location.column, i.message.zh, i.message.en])).toEqual([
      [
        'DEPOSIT_NOT_COMPUTED',
        1,
        undefined,
        '3 项按揭保证金无法计算：贷款银行不详（台账没有「贷款银行」列），无法确定保证金比例；未计入按揭保证金表的合计，各户见该表比例来源为“无法计算”的行',
        '3 guarantee deposit(s) cannot be computed: the register has no lending bank column, so the deposit ratio is not known; left out of the totals of the 按揭保证金 sheet, each marked "Cannot compute" under Ratio from',
      ],
    ]);
  });
});

describe('fees of a unit whose row the register repeats (DUPLICATE_UNIT)', () => {
  // Each row is BASE (a filed 100㎡ first home at ¥1,090,000: 契税 10,000, 维修资金 20,000, 登记费 80) with its room.
  const sheet = registerSheet([
    {}, // row 2: 1-1-101, every fee collected in full
    { deedTaxCollected: 9000 }, // row 3: 1-1-102, 契税 ¥1,000 short
    { room: '101' }, // row 4: 1-1-101 again, every fee collected in full
    { room: '102', deedTaxCollected: 9000 }, // row 5: 1-1-102 again, 契税 ¥1,000 short
  ]);
  const checked = validateRegister(sheet, { description: loadSheetDescription('register'), today: '2026-11-24' });
  const ledger = buildFeeLedger(checked.units, rules, { city: 'beijing' });
  const rowOf = (l: { unit: { source?: { row: number } } }) => l.unit.source?.row;

  it('the register calls the repeated rows DUPLICATE_UNIT errors, among the errors in the columns the fees read', () => {
    expect(feeInputErrors(checked.issues, sheet).map((i) => `${i.code} ${i.location.column}${i.location.row}`)).toEqual([`DUPLICATE_UNIT ${sheet.columns.room}4`, `DUPLICATE_UNIT ${sheet.columns.room}5`]);
  });

  it('every row is in the ledger once; the first row of a unit is charged as usual, the repeated row is 无法计算 (与台账第 N 行重复)', () => {
    expect(ledger.lines.map((l) => `${rowOf(l)} ${l.fee} ${l.status}`)).toEqual([
      '2 deedTax settled',
      '2 maintenanceFund settled',
      '2 registration settled',
      '3 deedTax underpaid',
      '3 maintenanceFund settled',
      '3 registration settled',
      '4 deedTax unknown',
      '4 maintenanceFund unknown',
      '4 registration unknown',
      '5 deedTax unknown',
      '5 maintenanceFund unknown',
      '5 registration unknown',
    ]);
    const repeated = ledger.lines.filter((l) => rowOf(l) === 4);
    expect(repeated.map((l) => [l.due, l.outstanding])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
    expect(repeated[0].computed[0].basis.zh).toBe('无法计算：与台账第 2 行重复，该户费用按第 2 行计算；请删除重复行或改正房号');
    expect(repeated[0].computed[0].basis.en).toBe("Cannot compute: repeats register row 2: the unit's fees are charged on row 2; delete the repeated row or correct the unit");
  });

  it('the totals count each unit once, and 1-1-102 is on the 少收名单 once for ¥1,000', () => {
    // Rows 2 and 3 only: due 2 × 30,080 = 60,160; collected 30,080 + 29,080 = 59,160; outstanding 1,000.
    const t = ledger.totals;
    expect([t.due.toFixed(2), t.collected.toFixed(2), t.outstanding.toFixed(2), t.underpaid.toFixed(2), t.overpaid.toFixed(2)]).toEqual(['60160.00', '59160.00', '1000.00', '1000.00', '0.00']);
    expect(ledger.underpaid.map((b) => [rowOf(b), b.unit.unitKey, b.difference.toFixed(2)])).toEqual([[3, '1-1-102', '1000.00']]);
    expect(ledger.overpaid).toEqual([]);
    // What rows 4 and 5 say was collected (30,080 + 29,080) is in no total, and said so.
    expect([ledger.uncounted.lines, ledger.uncounted.collected.toFixed(2)]).toEqual([6, '59160.00']);
  });

  it('the ledger sheet shows the repeated row without figures, saying what it says was collected', () => {
    const layout = feeLedgerSheet(ledger, loadSheetDescription('fee-ledger'), { lang: 'zh' });
    const cells = layout.values.flat().map((v) => String(v));
    expect(cells).toContain('无法计算：与台账第 2 行重复，该户费用按第 2 行计算；请删除重复行或改正房号（已收 ¥10,000.00，未计入合计）');
  });

  it('each fee of a repeated row is listed at its 房号 cell, naming the row it repeats', () => {
    const located = feeProblemIssues(ledger, sheet).map((i) => `${i.location.column}${i.location.row} ${i.message.zh}`);
    expect(located).toEqual([
      `${sheet.columns.room}4 滨江花园 1-1-101 契税无法计算：与台账第 2 行重复，该户费用按第 2 行计算；请删除重复行或改正房号`,
      `${sheet.columns.room}4 滨江花园 1-1-101 专项维修资金无法计算：与台账第 2 行重复，该户费用按第 2 行计算；请删除重复行或改正房号`,
      `${sheet.columns.room}4 滨江花园 1-1-101 登记费（含工本费）无法计算：与台账第 2 行重复，该户费用按第 2 行计算；请删除重复行或改正房号`,
      `${sheet.columns.room}5 滨江花园 1-1-102 契税无法计算：与台账第 3 行重复，该户费用按第 3 行计算；请删除重复行或改正房号`,
      `${sheet.columns.room}5 滨江花园 1-1-102 专项维修资金无法计算：与台账第 3 行重复，该户费用按第 3 行计算；请删除重复行或改正房号`,
      `${sheet.columns.room}5 滨江花园 1-1-102 登记费（含工本费）无法计算：与台账第 3 行重复，该户费用按第 3 行计算；请删除重复行或改正房号`,
    ]);
  });

  it('the same unit in two projects is two units: both charged', () => {
    const two = validateRegister(registerSheet([{}, { project: '翠湖苑', room: '101' }]), { description: loadSheetDescription('register'), today: '2026-11-24' });
    const l = buildFeeLedger(two.units, rules, { city: 'beijing' });
    expect(l.lines.map((x) => x.status)).toEqual(['settled', 'settled', 'settled', 'settled', 'settled', 'settled']);
    expect(l.totals.due.toFixed(2)).toBe('60160.00');
  });

  it('按揭保证金: the bank holds one deposit on the unit’s loan, listed on its first row; the repeated row is listed without figures', () => {
    // 中国建设银行 holds 5% (deposit.json): 700,000 × 5% = 35,000 on row 2, nothing counted on row 3.
    const loan = { downPayment: 390000, loanType: '商业贷款', commercialLoan: 700000, bank: '中国建设银行' };
    const repeated = registerSheet([loan, { ...loan, room: '101' }]);
    const r = validateRegister(repeated, { description: loadSheetDescription('register'), today: '2026-11-24' });
    expect(r.issues.filter((i) => i.severity === 'error').map((i) => `${i.code} ${i.location.row}`)).toEqual(['DUPLICATE_UNIT 3']);
    const layout = depositSheet(depositLines(r.units, rules), rules, loadSheetDescription('deposits'), { lang: 'zh' });
    const header = layout.values.findIndex((row) => row.includes('保证金金额'));
    const h = layout.values[header];
    const money = (v: unknown) => (v && typeof v === 'object' && 'value' in v ? String((v as { value: unknown }).value) : v);
    const rows = layout.values.slice(header + 1, header + 3).map((row) => [row[h.indexOf('房号')], money(row[h.indexOf('保证金金额')]), row[h.indexOf('比例来源')]]);
    expect(rows).toEqual([
      ['1-1-101', '35000.00', '银行约定（deposit-ccb）'],
      ['1-1-101', null, '无法计算：与台账第 2 行重复，该户保证金按第 2 行计算；请删除重复行或改正房号'],
    ]);
    // Said as a fee of that row is, at its 房号 cell.
    expect(depositProblemIssues(depositProblems(depositLines(r.units, rules)), repeated).map((i) => `${i.code} ${i.location.column}${i.location.row} ${i.message.zh}`)).toEqual([
      `DEPOSIT_NOT_COMPUTED ${repeated.columns.room}3 滨江花园 1-1-101 按揭保证金无法计算：与台账第 2 行重复，该户保证金按第 2 行计算；请删除重复行或改正房号`,
    ]);
  });
});
