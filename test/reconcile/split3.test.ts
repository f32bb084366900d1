import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { reconcile, rowResult, type ReconcileInput } from '../../domain/reconcile';
import { scenario, type JsonRow } from './files';
import { bank, config, journal, unit } from './helpers';

/** Where a JSON row points: "bank 6", "finance 4". */
const at = (r: { side: string; row: number }) => `${r.side} ${r.row}`;
const cps = (r: JsonRow) => r.counterparts.map(at);

/** A sheet's rows as arrays of cell texts (row 1, the header, left out). */
async function sheetRows(file: string, name: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: string[][] = [];
  wb.getWorksheet(name)!.eachRow((row, i) => {
    if (i > 1) out.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v))));
  });
  return out;
}

function run(p: Partial<ReconcileInput>) {
  const r = reconcile({ period: '2026-11', bank: [], finance: [], rejected: [], config: config(), ...p });
  return r.engine.items.map((it) => rowResult(it, r.engine));
}

describe('SPLIT of three parts', () => {
  it('three credits (two commercial tranches + the provident part) against one booking: one SPLIT_MATCH group, not an AMOUNT_MISMATCH and two missing credits', async () => {
    const s = await scenario({
      register: [unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '800000', provident: '200000' }), unit({ unitKey: '3-2-1502', buyer: '张三', commercial: '300000' })],
      bank: [
        { ref: 'B001', amount: '500000', name: '张三', memo: '商贷放款 3-2-1501', date: '2026-11-05' },
        { ref: 'B002', amount: '300000', name: '张三', memo: '商贷二次放款 3-2-1501', date: '2026-11-05' },
        // Found by the register's provident amount (the memo names only the buyer).
        { ref: 'B003', amount: '200000', name: '某市住房公积金管理中心', memo: '公积金放款 张三', date: '2026-11-06' },
        // 张三's other unit: the same amount as B002, but not a part of 1501's loan (a three-way tie if it were).
        { ref: 'B004', amount: '300000', name: '张三', memo: '放款 3-2-1502', date: '2026-11-05' },
      ],
      finance: [
        { voucher: '记-0001', amount: '1000000', customer: '张三', unit: '3-2-1501', date: '2026-11-06', summary: '收3-2-1501张三组合贷' },
        { voucher: '记-0002', amount: '300000', customer: '张三', unit: '3-2-1502', date: '2026-11-05', summary: '收3-2-1502张三按揭款' },
      ],
    });
    // Before: B003 NEAR_UNIT with 记-0001 as AMOUNT_MISMATCH (差额 −¥800,000.00), B001 and B002 MISSING_IN_FINANCE.
    const [b1, b2, b3, b4, f1, f2] = [s.bank('B001'), s.bank('B002'), s.bank('B003'), s.bank('B004'), s.fin('记-0001'), s.fin('记-0002')];
    for (const r of [b1, b2, b3, f1]) expect(r).toMatchObject({ outcome: 'MATCHED', flags: ['SPLIT_MATCH'], rule: 'SPLIT' });
    expect([b4, f2].map((r) => [r.outcome, r.rule])).toEqual([
      ['MATCHED', 'UNIT_AMOUNT'],
      ['MATCHED', 'UNIT_AMOUNT'],
    ]);
    // All parts, both ways.
    expect(cps(f1)).toEqual([at(b1), at(b2), at(b3)]);
    for (const b of [b1, b2, b3]) expect(cps(b)).toEqual([at(f1)]);
    expect(f1.factors).toEqual({ reference: 'unknown', amount: 'agree', unit: 'agree', buyer: 'agree', date: 'agree' });
    expect(f1.explanation.zh).toBe(`与工行.csv 第${b1.row}行、工行.csv 第${b2.row}行、工行.csv 第${b3.row}行按"拆分匹配(组合贷)"规则对应，一致：金额、房号、购房人、日期相近（7天内）；组合贷：3笔到账合计¥1,000,000.00对应一笔入账。`);
    expect(b2.explanation.en).toContain('; combined loan: 3 credits totalling ¥1,000,000.00 against one booking.');
    expect(s.json.totals.flags).toMatchObject({ SPLIT_MATCH: 4, AMOUNT_MISMATCH: 0, MISSING_IN_FINANCE: 0, MISSING_IN_BANK: 0 });
    // 已匹配: one line for the group, each side's parts and total.
    const matched = await sheetRows(s.out, '已匹配');
    const line = matched.find((r) => r.some((c) => c.includes('B001')))!;
    expect(line.join('|')).toContain(`${b1.row}, ${b2.row}, ${b3.row}`);
    expect(line.join('|')).toContain('B001, B002, B003');
    expect(line.filter((c) => c === '1000000')).toHaveLength(2);
  });

  it('one credit booked as three lines (商贷 / 公积金 / 补充): SPLIT_MATCH, each booking names the credit', async () => {
    const s = await scenario({
      bank: [{ ref: 'B001', amount: '1000000', name: '李四', memo: '放款 5-1-201', date: '2026-11-10' }],
      finance: [
        { voucher: '记-0001', amount: '600000', customer: '李四', unit: '5-1-201', date: '2026-11-10', summary: '李四商贷' },
        { voucher: '记-0002', amount: '300000', customer: '李四', unit: '5-1-201', date: '2026-11-10', summary: '李四公积金' },
        { voucher: '记-0003', amount: '100000', customer: '李四', unit: '5-1-201', date: '2026-11-11', summary: '李四补充' },
        // Outside the 31-day window: not a part, though 600k + 300k + 100k would tie with it.
        { voucher: '记-0004', amount: '100000', customer: '李四', unit: '5-1-201', date: '2026-10-01', summary: '李四其他' },
      ],
    });
    const [b, f1, f2, f3] = [s.bank('B001'), s.fin('记-0001'), s.fin('记-0002'), s.fin('记-0003')];
    for (const r of [b, f1, f2, f3]) expect(r).toMatchObject({ outcome: 'MATCHED', flags: ['SPLIT_MATCH'], rule: 'SPLIT' });
    expect(cps(b)).toEqual([at(f1), at(f2), at(f3)]);
    for (const f of [f1, f2, f3]) expect(cps(f)).toEqual([at(b)]);
    expect(s.fin('记-0004').outcome).toBe('OUT_OF_PERIOD');
    expect(b.explanation.zh).toContain('；一笔到账对应3笔入账，合计¥1,000,000.00。');
    // 差异 has no line for it; 已匹配 one, with the three vouchers.
    expect((await sheetRows(s.out, '差异')).filter((r) => r.join('|').includes('记-0001'))).toEqual([]);
    const line = (await sheetRows(s.out, '已匹配')).find((r) => r.some((c) => c.includes('记-0001')))!;
    expect(line.join('|')).toContain('记-0001, 记-0002, 记-0003');
  });

  it('a late three-part split shows in 差异 with all its parts', async () => {
    const s = await scenario({
      bank: [
        { ref: 'B001', amount: '500000', name: '王五', memo: '放款 6-2-302', date: '2026-11-02' },
        { ref: 'B002', amount: '300000', name: '王五', memo: '放款 6-2-302', date: '2026-11-02' },
        { ref: 'B003', amount: '200000', name: '王五', memo: '公积金 6-2-302', date: '2026-11-02' },
      ],
      finance: [{ voucher: '记-0001', amount: '1000000', customer: '王五', unit: '6-2-302', date: '2026-11-09' }],
    });
    for (const ref of ['B001', 'B002', 'B003']) expect(s.bank(ref)).toMatchObject({ outcome: 'MATCHED', flags: ['LATE_BOOKING', 'SPLIT_MATCH'], rule: 'SPLIT' });
    const lines = (await sheetRows(s.out, '差异')).filter((r) => r.join('|').includes('记-0001'));
    expect(lines).toHaveLength(1);
    expect(lines[0].join('|')).toContain('B001, B002, B003');
    expect(lines[0].join('|')).toContain(`${s.bank('B001').row}, ${s.bank('B002').row}, ${s.bank('B003').row}`);
  });

  it('two combinations of three credits add up to the booking: AMBIGUOUS, both combinations listed', async () => {
    const s = await scenario({
      bank: [
        { ref: 'B001', amount: '500000', name: '张三', memo: '放款 3-2-1501', date: '2026-11-03' },
        { ref: 'B002', amount: '300000', name: '张三', memo: '放款 3-2-1501', date: '2026-11-03' },
        { ref: 'B003', amount: '200000', name: '张三', memo: '放款 3-2-1501', date: '2026-11-04' },
        { ref: 'B004', amount: '200000', name: '张三', memo: '放款 3-2-1501', date: '2026-11-05' },
      ],
      finance: [{ voucher: '记-0001', amount: '1000000', customer: '张三', unit: '3-2-1501', date: '2026-11-05' }],
    });
    const [b1, b2, b3, b4, f] = [s.bank('B001'), s.bank('B002'), s.bank('B003'), s.bank('B004'), s.fin('记-0001')];
    expect(s.json.rows.map((r) => [r.outcome, r.rule])).toEqual(Array(5).fill(['AMBIGUOUS', null]));
    expect(cps(f)).toEqual([at(b1), at(b2), at(b3), at(b4)]);
    const w = (r: JsonRow) => `工行.csv 第${r.row}行`;
    expect(f.explanation.zh).toBe(`有2种同样合适的拆分组合（${w(b1)}＋${w(b2)}＋${w(b3)}（合计¥1,000,000.00）；${w(b1)}＋${w(b2)}＋${w(b4)}（合计¥1,000,000.00）），未自动匹配，请人工确认。`);
    // B003 and B004 could each be the third part: each names the other as its rival.
    expect(b3.explanation.zh).toContain(`但${w(b4)}也同样可与其对应`);
    expect(s.json.totals.flags.SPLIT_MATCH).toBe(0);
  });

  it('one combination of three credits, two equal bookings that could take it: AMBIGUOUS', async () => {
    const s = await scenario({
      bank: [
        { ref: 'B001', amount: '500000', name: '张三', memo: '放款 3-2-1501', date: '2026-11-03' },
        { ref: 'B002', amount: '300000', name: '张三', memo: '放款 3-2-1501', date: '2026-11-03' },
        { ref: 'B003', amount: '200000', name: '张三', memo: '放款 3-2-1501', date: '2026-11-04' },
      ],
      finance: [
        { voucher: '记-0001', amount: '1000000', customer: '张三', unit: '3-2-1501', date: '2026-11-04', summary: '收张三组合贷' },
        { voucher: '记-0002', amount: '1000000', customer: '张三', unit: '3-2-1501', date: '2026-11-04', summary: '收3-2-1501按揭款' },
      ],
    });
    const [b1, b2, b3, f1, f2] = [s.bank('B001'), s.bank('B002'), s.bank('B003'), s.fin('记-0001'), s.fin('记-0002')];
    expect(s.json.rows.map((r) => r.outcome)).toEqual(Array(5).fill('AMBIGUOUS'));
    for (const f of [f1, f2]) expect(cps(f)).toEqual([at(b1), at(b2), at(b3)]);
    for (const b of [b1, b2, b3]) expect(cps(b)).toEqual([at(f1), at(f2)]);
    expect(f1.explanation.zh).toBe(`可拆分对应工行.csv 第${b1.row}行＋工行.csv 第${b2.row}行＋工行.csv 第${b3.row}行（合计¥1,000,000.00），但序时账.xlsx[序时账] 第${f2.row}行也同样可与其对应，无法唯一配对，未自动匹配，请人工确认。`);
  });

  it('two parts before three: a booking one pair of credits adds up to takes that pair, though three others add up to it too', () => {
    // 600k + 400k and 600k + 300k + 100k both make 1M: the pair is taken (as an exact credit would be
    // before any split), the two credits left over are missing — not a tie, not a three-part match.
    const rows = run({
      bank: [
        bank({ row: 2, amount: '600000', memo: '放款 3-2-1501' }),
        bank({ row: 3, amount: '400000', memo: '放款 3-2-1501' }),
        bank({ row: 4, amount: '300000', memo: '放款 3-2-1501' }),
        bank({ row: 5, amount: '100000', memo: '放款 3-2-1501' }),
      ],
      finance: [journal({ row: 2, debit: '1000000', unitKey: '3-2-1501' })],
    });
    expect(rows.map((r) => `${r.side}:${r.row}:${r.outcome}:${r.flags.join('+')}`)).toEqual([
      'bank:2:MATCHED:SPLIT_MATCH',
      'bank:3:MATCHED:SPLIT_MATCH',
      'bank:4:MISSING_IN_FINANCE:MISSING_IN_FINANCE',
      'bank:5:MISSING_IN_FINANCE:MISSING_IN_FINANCE',
      'finance:2:MATCHED:SPLIT_MATCH',
    ]);
  });

  it('sums to the fen: 333,333.33 × 2 + 333,333.34 is a split of ¥1,000,000.00; 333,333.33 × 3 is not', () => {
    const three = (last: string) =>
      run({
        bank: [bank({ row: 2, amount: '333333.33', memo: '放款 3-2-1501' }), bank({ row: 3, amount: '333333.33', memo: '放款 3-2-1501' }), bank({ row: 4, amount: last, memo: '放款 3-2-1501' })],
        finance: [journal({ row: 2, debit: '1000000', unitKey: '3-2-1501' })],
      });
    expect(three('333333.34').map((r) => r.rule)).toEqual(Array(4).fill('SPLIT'));
    expect(three('333333.33').some((r) => r.rule === 'SPLIT')).toBe(false);
    // Above ¥10,000,000 (amount keys are strings there): the same, in Decimal.
    const big = run({
      bank: [bank({ row: 2, amount: '6000000.01', memo: '放款 1-1-101' }), bank({ row: 3, amount: '3000000', memo: '放款 1-1-101' }), bank({ row: 4, amount: '2999999.99', memo: '放款 1-1-101' })],
      finance: [journal({ row: 2, debit: '12000000', unitKey: '1-1-101' })],
    });
    expect(big.map((r) => r.rule)).toEqual(Array(4).fill('SPLIT'));
  });

  it('a pathological unit — 60 equal credits and 60 bookings of three of them — is not searched for threes: every row AMBIGUOUS, no combination listed', () => {
    const rows = run({
      bank: Array.from({ length: 60 }, (_, k) => bank({ row: k + 2, amount: '100000', memo: '放款 8-8-808' })),
      finance: Array.from({ length: 60 }, (_, k) => journal({ row: k + 2, debit: '300000', unitKey: '8-8-808', summary: `收按揭款第${k + 1}笔` })),
    });
    expect(new Set(rows.map((r) => r.outcome))).toEqual(new Set(['AMBIGUOUS']));
    expect(rows.some((r) => r.explanation.zh.includes('拆分'))).toBe(false);
  });

  it('20 equal credits of one unit against one booking of three of them: a tie of 1,140 combinations, five named', () => {
    const rows = run({
      bank: Array.from({ length: 20 }, (_, k) => bank({ row: k + 2, amount: '100000', memo: '放款 8-8-808' })),
      finance: [journal({ row: 2, debit: '300000', unitKey: '8-8-808' })],
    });
    expect(new Set(rows.map((r) => r.outcome))).toEqual(new Set(['AMBIGUOUS']));
    const f = rows[rows.length - 1];
    expect(f.counterparts).toHaveLength(20);
    expect(f.explanation.zh).toMatch(/^有1140种同样合适的拆分组合（(icbc\.csv 第\d+行＋){2}icbc\.csv 第\d+行（合计¥300,000\.00）；/);
    expect(f.explanation.zh.match(/合计/g)).toHaveLength(5);
    expect(f.explanation.zh).toContain('；等1140种）');
    expect(f.explanation.en).toContain('; and 1135 more)');
  });
});
