import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { cli, scenario, tempDir, writeBank, writeFinance } from './files';
import { unit } from './helpers';

/** One small hand-made bank file, journal and (where it matters) register per flag. */
describe('reconcile scenarios, one per flag (files → anjie reconcile → JSON)', () => {
  it('MATCHED: same unit and amount, every factor listed', async () => {
    const s = await scenario({
      bank: [{ ref: 'B001', amount: '700000.00', name: '张三', memo: '个人住房贷款放款 3栋2单元1501' }],
      finance: [{ voucher: '记-0001', amount: '700000', customer: '张三', unit: '3-2-1501' }],
    });
    expect(s.bank('B001')).toMatchObject({ outcome: 'MATCHED', flags: [], rule: 'UNIT_AMOUNT', factors: { amount: 'agree', unit: 'agree', buyer: 'agree', date: 'agree' } });
    expect(s.fin('记-0001').counterparts).toEqual([{ side: 'bank', file: '工行.csv', sheet: '', row: s.bank('B001').row }]);
    expect(s.json.rows).toHaveLength(2);
  });

  it('AMOUNT_MISMATCH: same unit, digits swapped in the booking', async () => {
    const s = await scenario({
      bank: [{ ref: 'B001', amount: '2860000', name: '陶勇', memo: '4-1-601按揭' }],
      finance: [{ voucher: '记-0001', amount: '2680000', customer: '陶勇', unit: '4-1-601' }],
    });
    for (const r of [s.bank('B001'), s.fin('记-0001')]) expect(r).toMatchObject({ outcome: 'AMOUNT_MISMATCH', flags: ['AMOUNT_MISMATCH'] });
    expect(s.bank('B001').explanation.zh).toContain('差额¥180,000.00');
  });

  it('MISSING_IN_FINANCE and MISSING_IN_BANK', async () => {
    const s = await scenario({
      bank: [{ ref: 'B001', amount: '900000', name: '李四', memo: '5-1-201按揭' }],
      finance: [{ voucher: '记-0001', amount: '650000', customer: '王五', unit: '6-2-302', date: '2026-11-28' }],
    });
    expect(s.bank('B001')).toMatchObject({ outcome: 'MISSING_IN_FINANCE', flags: ['MISSING_IN_FINANCE'], counterparts: [] });
    expect(s.fin('记-0001')).toMatchObject({ outcome: 'MISSING_IN_BANK', flags: ['MISSING_IN_BANK'], counterparts: [] });
  });

  it('DUPLICATE_BANK: the same 流水号 exported in two overlapping files; the first file is the original', async () => {
    const row = { ref: 'ABC2026111600008', date: '2026-11-16', amount: '2775000', name: '秦露', memo: '2-1-502放款' };
    const s = await scenario({
      bank: { '农行_01至16.csv': [row], '农行_16至30.csv': [{ ...row }, { ref: 'ABC2026111700001', date: '2026-11-17', amount: '1000', memo: '结息' }] },
      finance: [{ voucher: '记-0001', amount: '2775000', customer: '秦露', unit: '2-1-502', date: '2026-11-16' }],
    });
    const rows = s.json.rows.filter((r) => r.side === 'bank' && r.outcome !== 'NOT_MORTGAGE');
    expect(rows.map((r) => [r.file, r.outcome, r.flags])).toEqual([
      ['农行_01至16.csv', 'MATCHED', []],
      ['农行_16至30.csv', 'DUPLICATE_BANK', ['DUPLICATE_BANK']],
    ]);
    expect(rows[1].explanation.zh).toContain('农行_01至16.csv');
  });

  it('DUPLICATE_FINANCE: booked twice; the later voucher carries only the duplicate flag', async () => {
    const s = await scenario({
      bank: [{ ref: 'B001', amount: '1500000', name: '周八', memo: '3-1-901按揭' }],
      finance: [
        { voucher: '记-0001', amount: '1500000', customer: '周八', unit: '3-1-901' },
        { voucher: '记-0009', amount: '1500000', customer: '周八', unit: '3-1-901', date: '2026-11-05', summary: '补记：收3-1-901周八按揭款' },
      ],
    });
    expect(s.fin('记-0001')).toMatchObject({ outcome: 'MATCHED', flags: [] });
    expect(s.fin('记-0009')).toMatchObject({ outcome: 'DUPLICATE_FINANCE', flags: ['DUPLICATE_FINANCE'], counterparts: [] });
    expect(s.bank('B001').outcome).toBe('MATCHED');
  });

  it('组合贷 with equal parts, booked on two days with their own 摘要: two bookings, not DUPLICATE_FINANCE', async () => {
    const bookings = [
      { voucher: '记-0001', amount: '500000', customer: '张三', unit: '3-2-1501', date: '2026-11-03', summary: '张三商贷' },
      { voucher: '记-0002', amount: '500000', customer: '张三', unit: '3-2-1501', date: '2026-11-10', summary: '张三公积金贷款' },
    ];
    const commercial = { ref: 'B001', amount: '500000', name: '张三', memo: '3-2-1501', date: '2026-11-03' };
    // The centre's credit names neither unit nor buyer: nothing ties it to 3-2-1501, so it and the
    // provident booking stay open side by side, for a person to pair (not "booked twice").
    const s = await scenario({
      bank: [commercial, { ref: 'B002', amount: '500000', name: '某市住房公积金管理中心', memo: '公积金贷款发放', date: '2026-11-10' }],
      finance: bookings,
    });
    expect(s.json.totals.flags.DUPLICATE_FINANCE).toBe(0);
    expect(s.bank('B001')).toMatchObject({ outcome: 'MATCHED', flags: [], counterparts: [{ side: 'finance', row: s.fin('记-0001').row }] });
    expect(s.fin('记-0002')).toMatchObject({ outcome: 'MISSING_IN_BANK', flags: ['MISSING_IN_BANK'] });
    expect(s.bank('B002')).toMatchObject({ outcome: 'MISSING_IN_FINANCE', flags: ['MISSING_IN_FINANCE'] });
    // When the memo names the buyer, the provident credit meets its own booking.
    const t = await scenario({
      bank: [commercial, { ref: 'B002', amount: '500000', name: '某市住房公积金管理中心', memo: '公积金贷款发放 张三', date: '2026-11-10' }],
      finance: bookings,
    });
    expect(t.json.rows.map((r) => r.outcome)).toEqual(['MATCHED', 'MATCHED', 'MATCHED', 'MATCHED']);
    expect(t.bank('B002').counterparts).toEqual([expect.objectContaining({ side: 'finance', row: t.fin('记-0002').row })]);
  });

  it('DUPLICATE_FINANCE: the same booking entered twice (same day, same 摘要) is still caught', async () => {
    const s = await scenario({
      bank: [{ ref: 'B001', amount: '500000', name: '张三', memo: '3-2-1501', date: '2026-11-03' }],
      finance: [
        { voucher: '记-0001', amount: '500000', customer: '张三', unit: '3-2-1501', date: '2026-11-03', summary: '张三商贷' },
        { voucher: '记-0002', amount: '500000', customer: '张三', unit: '3-2-1501', date: '2026-11-03', summary: '张三 商贷' },
      ],
    });
    expect(s.fin('记-0001')).toMatchObject({ outcome: 'MATCHED', flags: [] });
    expect(s.fin('记-0002')).toMatchObject({ outcome: 'DUPLICATE_FINANCE', flags: ['DUPLICATE_FINANCE'], counterparts: [] });
    expect(s.bank('B001').outcome).toBe('MATCHED');
  });


  it('NOT_MORTGAGE keywords: a disbursement net of a fee, or booked with collected taxes, is still a disbursement; a down payment named on one side is set aside on both', async () => {
    const s = await scenario({
      bank: [
        { ref: 'B001', amount: '999980', name: '张三', memo: '个人住房贷款放款 3-2-1501 已扣手续费20元' },
        { ref: 'B002', amount: '800000', name: '李四', memo: '个人住房贷款放款 3-2-1502' },
        { ref: 'B003', amount: '300000', name: '王五', memo: '房款 3-2-1503' },
        { ref: 'B004', amount: '-25', memo: '汇划手续费' },
      ],
      finance: [
        { voucher: '记-0001', amount: '1000000', customer: '张三', unit: '3-2-1501' },
        { voucher: '记-0002', amount: '800000', customer: '李四', unit: '3-2-1502', summary: '收3-2-1502李四按揭款(含代收契税)' },
        { voucher: '记-0003', amount: '300000', customer: '王五', unit: '3-2-1503', summary: '收3-2-1503王五首付款' },
      ],
    });
    // Was NOT_MORTGAGE ("银行手续费") on the bank side and MISSING_IN_BANK for its booking.
    expect(s.bank('B001')).toMatchObject({ outcome: 'AMOUNT_MISMATCH', counterparts: [{ side: 'finance', row: s.fin('记-0001').row }] });
    // Was NOT_MORTGAGE ("代收税费") for the booking and MISSING_IN_FINANCE for its credit.
    expect(s.bank('B002')).toMatchObject({ outcome: 'MATCHED', counterparts: [{ side: 'finance', row: s.fin('记-0002').row }] });
    // The credit was MISSING_IN_FINANCE, carried month after month.
    expect(s.bank('B003')).toMatchObject({ outcome: 'NOT_MORTGAGE', counterparts: [] });
    expect(s.bank('B003').explanation.zh).toContain('首付/定金');
    expect(s.fin('记-0003').outcome).toBe('NOT_MORTGAGE');
    expect(s.bank('B004').outcome).toBe('NOT_MORTGAGE');
    // Nothing is missing; the ¥20 the books hold more than the bank credited (the fee, not yet booked) is carried to next month,
    // and so is the bank's ¥25 fee finance has not booked (a timing item, closed by next month's booking).
    expect(s.json.open.map((o) => [o.side, o.outcome, o.amount, o.text.slice(0, 9)])).toEqual([
      ['bank', 'MISSING_IN_FINANCE', '-25.00', '非按揭跨期未达 t'],
      ['finance', 'MISSING_IN_BANK', '20.00', '金额不符差额待更正'],
    ]);
  });

  it('a down payment set aside on one side never takes a loan of the same unit and amount with it', async () => {
    const down = { voucher: '记-1', amount: '300000', customer: '张三', unit: '1-1-101', date: '2026-11-01', summary: '收1-1-101张三首付款' };
    const loan = { voucher: '记-2', amount: '300000', customer: '张三', unit: '1-1-101', date: '2026-11-10', summary: '收1-1-101张三按揭款' };
    // Both on the statement and both booked: the down payment is set aside, the loan matches (all four were NOT_MORTGAGE).
    const both = await scenario({
      bank: [
        { ref: 'B1', amount: '300000', name: '张三', memo: '首付款 1-1-101', date: '2026-11-01' },
        { ref: 'B2', amount: '300000', name: '张三', memo: '个人住房贷款放款 1-1-101', date: '2026-11-10' },
      ],
      finance: [down, loan],
    });
    expect([both.bank('B1').outcome, both.fin('记-1').outcome]).toEqual(['NOT_MORTGAGE', 'NOT_MORTGAGE']);
    expect(both.bank('B2')).toMatchObject({ outcome: 'MATCHED', counterparts: [{ side: 'finance', row: both.fin('记-2').row }] });
    // The down payment came into another account: the loan credit, even one whose memo names no loan, is the loan's.
    const loanOnly = await scenario({ bank: [{ ref: 'B2', amount: '300000', name: '张三', memo: '房款 1-1-101', date: '2026-11-10' }], finance: [down, loan] });
    expect(loanOnly.bank('B2')).toMatchObject({ outcome: 'MATCHED', counterparts: [{ side: 'finance', row: loanOnly.fin('记-2').row }] });
    expect(loanOnly.fin('记-1').outcome).toBe('NOT_MORTGAGE');
    // A credit set aside by the fee keyword does not take the unit's two loan bookings with it.
    const fee = await scenario({
      bank: [
        { ref: 'B1', amount: '500000', name: '甲', memo: '1-1-101 个人住房贷款放款', date: '2026-11-03' },
        { ref: 'B2', amount: '500000', memo: '手续费退回 1-1-101', date: '2026-11-04' },
      ],
      finance: [
        { voucher: '记-1', amount: '500000', customer: '甲', unit: '1-1-101', date: '2026-11-03', summary: '收1-1-101甲按揭款(商贷)' },
        { voucher: '记-2', amount: '500000', customer: '甲', unit: '1-1-101', date: '2026-11-04', summary: '收1-1-101甲按揭款(公积金)' },
      ],
    });
    expect(fee.fin('记-1').outcome).not.toBe('NOT_MORTGAGE');
    expect(fee.fin('记-2').outcome).not.toBe('NOT_MORTGAGE');
    expect(fee.bank('B1').outcome).toBe('MATCHED');
    // A down payment in two equal instalments, named only on the statement: both bookings are set aside with them.
    const instalments = await scenario({
      bank: [
        { ref: 'B1', amount: '100000', name: '张三', memo: '首付款 1-1-101', date: '2026-11-01' },
        { ref: 'B2', amount: '100000', name: '张三', memo: '首付款 1-1-101', date: '2026-11-05' },
      ],
      finance: [
        { voucher: '记-1', amount: '100000', customer: '张三', unit: '1-1-101', date: '2026-11-01', summary: '收1-1-101张三房款' },
        { voucher: '记-2', amount: '100000', customer: '张三', unit: '1-1-101', date: '2026-11-05', summary: '收1-1-101张三房款(二期)' },
      ],
    });
    expect(instalments.json.rows.map((r) => r.outcome)).toEqual(['NOT_MORTGAGE', 'NOT_MORTGAGE', 'NOT_MORTGAGE', 'NOT_MORTGAGE']);
  });

  it('not DUPLICATE_FINANCE: the bank charging the same fee three times, or two nameless credits of one amount, each booked once', async () => {
    const fee = (ref: string) => ({ ref, amount: '-25', memo: '汇划手续费' });
    const feeBooking = (voucher: string) => ({ voucher, amount: '-25', summary: '支付汇划手续费' });
    const odd = (ref: string, date: string) => ({ ref, amount: '70.48', memo: '汇入', date });
    const oddBooking = (voucher: string, date: string) => ({ voucher, amount: '70.48', summary: '收到汇入款', date });
    const s = await scenario({
      bank: [fee('B001'), fee('B002'), fee('B003'), odd('B004', '2026-11-04'), odd('B005', '2026-11-18')],
      finance: [feeBooking('记-0001'), feeBooking('记-0002'), feeBooking('记-0003'), oddBooking('记-0004', '2026-11-04'), oddBooking('记-0005', '2026-11-18')],
    });
    // Each was a "重复入账：应冲销重复的一笔" on 余额调节表, offset in the non-mortgage section.
    expect(s.json.totals.flags.DUPLICATE_FINANCE).toBe(0);
    for (const v of ['记-0001', '记-0002', '记-0003']) expect(s.fin(v).outcome).toBe('NOT_MORTGAGE');
    for (const v of ['记-0004', '记-0005']) expect(s.fin(v).outcome).not.toBe('DUPLICATE_FINANCE');
    // The same nameless booking entered twice against one credit is still a repeat.
    const t = await scenario({ bank: [odd('B004', '2026-11-04')], finance: [oddBooking('记-0004', '2026-11-04'), oddBooking('记-0005', '2026-11-04')] });
    expect(t.fin('记-0005').outcome).toBe('DUPLICATE_FINANCE');
  });
  it('WRONG_UNIT: the register says whose credit it is; finance booked it to the neighbouring unit', async () => {
    const s = await scenario({
      register: [unit({ unitKey: '2-2-603', buyer: '赵敏', commercial: '1833000' }), unit({ unitKey: '2-2-604', buyer: '钱多', commercial: '1500000' })],
      bank: [{ ref: 'B001', amount: '1833000', name: '赵敏', memo: '个人住房贷款放款' }],
      finance: [{ voucher: '记-0001', amount: '1833000', customer: '赵敏', unit: '2-2-604' }],
    });
    for (const r of [s.bank('B001'), s.fin('记-0001')]) expect(r).toMatchObject({ outcome: 'WRONG_UNIT', flags: ['WRONG_UNIT'] });
    expect(s.bank('B001').factors).toMatchObject({ unit: 'differ', amount: 'agree', buyer: 'agree' });
    expect(s.fin('记-0001').explanation.zh).toContain('2-2-603');
  });

  it('WRONG_UNIT by buyer: the right unit, but booked to a customer the register does not have for it', async () => {
    const s = await scenario({
      register: [unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '1000000' }), unit({ unitKey: '5-1-101', buyer: '李四', commercial: '800000' })],
      bank: [{ ref: 'B001', amount: '1000000', name: '张三', memo: '放款 3-2-1501' }],
      finance: [{ voucher: '记-0001', amount: '1000000', customer: '李四', unit: '3-2-1501' }],
    });
    for (const r of [s.bank('B001'), s.fin('记-0001')]) expect(r).toMatchObject({ outcome: 'WRONG_UNIT', flags: ['WRONG_UNIT'], rule: 'UNIT_AMOUNT' });
    expect(s.bank('B001').factors).toMatchObject({ unit: 'agree', amount: 'agree', buyer: 'differ' });
    expect(s.fin('记-0001').explanation.zh).toContain('台账中3-2-1501的购房人为张三');
    expect(s.fin('记-0001').explanation.zh).toContain('李四');
    expect(s.fin('记-0001').explanation.en).toContain('the register has 张三 as the buyer of 3-2-1501');
  });

  it('WRONG_UNIT by buyer without a register: a person paid, finance booked another person', async () => {
    const s = await scenario({
      bank: [{ ref: 'B001', amount: '1000000', name: '张三', memo: '放款 3-2-1501' }],
      finance: [{ voucher: '记-0001', amount: '1000000', customer: '李四', unit: '3-2-1501' }],
    });
    for (const r of [s.bank('B001'), s.fin('记-0001')]) expect(r).toMatchObject({ outcome: 'WRONG_UNIT', flags: ['WRONG_UNIT'] });
    expect(s.bank('B001').explanation.zh).toContain('到账付款人（主借款人）为张三，财务却记在客户李四名下');
  });

  it('not WRONG_UNIT: a co-buyer of the unit, the provident-fund centre or a bank as payer, co-buyers listed together, a spaced name', async () => {
    const coBuyers = unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '1000000' });
    coBuyers.buyers.push({ name: '王芳', idType: '身份证', idNumber: '11010519491231002X' });
    // With the register: the booking names the contract's other buyer (the credit names the 主借款人).
    const s = await scenario({
      register: [coBuyers, unit({ unitKey: '5-1-101', buyer: '李四', commercial: '800000' })],
      bank: [{ ref: 'B001', amount: '1000000', name: '张三', memo: '放款 3-2-1501' }],
      finance: [{ voucher: '记-0001', amount: '1000000', customer: '王芳', unit: '3-2-1501' }],
    });
    for (const r of s.json.rows) expect(r).toMatchObject({ outcome: 'MATCHED', flags: [] });
    // Without a register: payers that are not people, names that overlap, blanks inside a name.
    const t = await scenario({
      bank: [
        { ref: 'B001', amount: '600000', name: '某市住房公积金管理中心', memo: '公积金贷款发放 1-1-101' },
        { ref: 'B002', amount: '700000', name: '中国工商银行股份有限公司某支行', memo: '个人住房贷款放款 1-1-102' },
        { ref: 'B003', amount: '800000', name: '张三、李四', memo: '放款 1-1-103' },
        { ref: 'B004', amount: '900000', name: '欧阳 娜娜', memo: '放款 1-1-104' },
        { ref: 'B005', amount: '500000', name: 'ZHANG SAN', memo: '放款 1-1-105' },
      ],
      finance: [
        { voucher: '记-0001', amount: '600000', customer: '赵六', unit: '1-1-101' },
        { voucher: '记-0002', amount: '700000', customer: '钱七', unit: '1-1-102' },
        { voucher: '记-0003', amount: '800000', customer: '李四', unit: '1-1-103' },
        { voucher: '记-0004', amount: '900000', customer: '欧阳娜娜', unit: '1-1-104' },
        { voucher: '记-0005', amount: '500000', customer: '张三', unit: '1-1-105' },
      ],
    });
    expect(t.json.rows.map((r) => [r.outcome, r.flags])).toEqual(t.json.rows.map(() => ['MATCHED', []]));
  });

  it('LATE_BOOKING: next day is in time, two days later is late', async () => {
    const s = await scenario({
      bank: [
        { ref: 'B001', amount: '800000', name: '甲一', memo: '1-1-101', date: '2026-11-03', time: '16:30:00' },
        { ref: 'B002', amount: '810000', name: '乙二', memo: '1-1-102', date: '2026-11-03', time: '09:00:00' },
      ],
      finance: [
        { voucher: '记-0001', amount: '800000', customer: '甲一', unit: '1-1-101', date: '2026-11-04' },
        { voucher: '记-0002', amount: '810000', customer: '乙二', unit: '1-1-102', date: '2026-11-07' },
      ],
    });
    expect(s.fin('记-0001')).toMatchObject({ outcome: 'MATCHED', flags: [] });
    expect(s.fin('记-0002')).toMatchObject({ outcome: 'MATCHED', flags: ['LATE_BOOKING'] });
    expect(s.bank('B002').explanation.zh).toContain('晚4天');
  });

  it('LATE_BOOKING beyond the date window: same buyer and amount booked 10 days later is one late booking, not two missing rows', async () => {
    const s = await scenario({
      bank: [{ ref: 'B001', amount: '1000000', name: '张三', memo: '个人住房贷款放款', date: '2026-11-03' }],
      finance: [{ voucher: '记-0001', amount: '1000000', customer: '张三', date: '2026-11-13', summary: '收张三按揭款' }],
    });
    for (const r of [s.bank('B001'), s.fin('记-0001')]) expect(r).toMatchObject({ outcome: 'MATCHED', flags: ['LATE_BOOKING'], rule: 'NEAR_BUYER_LATE', factors: { amount: 'agree', buyer: 'agree', date: 'differ' } });
    expect(s.bank('B001').counterparts).toEqual([expect.objectContaining({ side: 'finance', row: s.fin('记-0001').row })]);
    expect(s.fin('记-0001').explanation.zh).toContain('2026-11-03到账，2026-11-13才入账，晚10天，超过24小时');
    expect(s.json.totals.flags.MISSING_IN_FINANCE + s.json.totals.flags.MISSING_IN_BANK).toBe(0);
  });

  it('not paired beyond the date window: two equal credits (AMBIGUOUS), another buyer, more than 31 days, or booked long before the credit', async () => {
    const s = await scenario({
      bank: [
        { ref: 'B001', amount: '1000000', name: '张三', memo: '贷款发放', date: '2026-11-01' },
        { ref: 'B002', amount: '1000000', name: '张三', memo: '贷款发放', date: '2026-11-03' },
        { ref: 'B003', amount: '700000', name: '李四', memo: '贷款发放', date: '2026-11-02' },
        { ref: 'B004', amount: '650000', name: '孙七', memo: '贷款发放', date: '2026-11-28' },
        { ref: 'B005', amount: '820000', name: '周八', memo: '贷款发放', date: '2026-11-25' },
      ],
      finance: [
        { voucher: '记-0001', amount: '1000000', customer: '张三', date: '2026-11-13', summary: '收张三按揭款' },
        { voucher: '记-0002', amount: '700000', customer: '王五', date: '2026-11-14', summary: '收王五按揭款' },
        { voucher: '记-0003', amount: '650000', customer: '孙七', date: '2026-10-20', summary: '收孙七按揭款' },
        { voucher: '记-0004', amount: '820000', customer: '周八', date: '2026-11-10', summary: '收周八按揭款' },
      ],
      period: '2026-11',
    });
    // A tie: nothing paired, both credits listed.
    expect(s.fin('记-0001')).toMatchObject({ outcome: 'AMBIGUOUS' });
    expect(s.fin('记-0001').counterparts.map((c) => c.row).sort()).toEqual([s.bank('B001').row, s.bank('B002').row].sort());
    // Another buyer: two open items.
    expect(s.bank('B003').outcome).toBe('MISSING_IN_FINANCE');
    expect(s.fin('记-0002').outcome).toBe('MISSING_IN_BANK');
    // 39 days before: outside even the near window.
    expect(s.bank('B004')).toMatchObject({ outcome: 'MISSING_IN_FINANCE', counterparts: [] });
    expect(s.bank('B004').explanation.zh).not.toContain('未自动配对');
    // Booked 15 days before the credit: not paired, each names the other.
    expect(s.bank('B005')).toMatchObject({ outcome: 'MISSING_IN_FINANCE', flags: ['MISSING_IN_FINANCE'], counterparts: [], rule: null });
    expect(s.fin('记-0004')).toMatchObject({ outcome: 'MISSING_IN_BANK', flags: ['MISSING_IN_BANK'], counterparts: [] });
    expect(s.bank('B005').explanation.zh).toContain(`第${s.fin('记-0004').row}行在2026-11-10已按同一购房人、同一金额入账，比到账早15天`);
    expect(s.fin('记-0004').explanation.en).toContain('credited the same buyer and amount on 2026-11-25, 15 days after this booking');
  });

  it('LATE_BOOKING in a split, one credit against two bookings: the booking 17 days later is late, the same-day one is not', async () => {
    const s = await scenario({
      bank: [{ ref: 'B001', amount: '1000000', name: '张三', memo: '放款 3-2-1501', date: '2026-11-03' }],
      finance: [
        { voucher: '记-0001', amount: '600000', customer: '张三', unit: '3-2-1501', date: '2026-11-03' },
        { voucher: '记-0002', amount: '400000', customer: '张三', unit: '3-2-1501', date: '2026-11-20' },
      ],
    });
    expect(s.bank('B001')).toMatchObject({ outcome: 'MATCHED', flags: ['LATE_BOOKING', 'SPLIT_MATCH'], rule: 'SPLIT' });
    expect(s.fin('记-0002')).toMatchObject({ outcome: 'MATCHED', flags: ['LATE_BOOKING', 'SPLIT_MATCH'] });
    expect(s.fin('记-0001')).toMatchObject({ outcome: 'MATCHED', flags: ['SPLIT_MATCH'] });
    // The sentence names the late booking and how late it was.
    const late = s.fin('记-0002');
    const at = `序时账.xlsx${late.sheet ? `[${late.sheet}]` : ''}`;
    for (const r of [s.bank('B001'), late]) {
      expect(r.explanation.zh).toContain(`${at} 第${late.row}行于2026-11-20入账，比2026-11-03的到账晚17天，超过24小时`);
      expect(r.explanation.en).toContain(`${at} row ${late.row} was booked 2026-11-20, 17 days after the credit of 2026-11-03`);
    }
  });

  it('LATE_BOOKING in a split, two credits (组合贷) against one booking: booked 9 days after the first credit is late', async () => {
    const s = await scenario({
      register: [unit({ unitKey: '3-1-704', buyer: '吴用', commercial: '1200000', provident: '600000' })],
      bank: [
        { ref: 'B001', amount: '1200000', name: '吴用', memo: '个人住房贷款放款', date: '2026-11-01' },
        { ref: 'B002', amount: '600000', name: '某市住房公积金管理中心', memo: '公积金贷款发放 吴用', date: '2026-11-10' },
      ],
      finance: [{ voucher: '记-0001', amount: '1800000', customer: '吴用', unit: '3-1-704', date: '2026-11-10', summary: '收3-1-704吴用组合贷款' }],
    });
    expect(s.bank('B001')).toMatchObject({ outcome: 'MATCHED', flags: ['LATE_BOOKING', 'SPLIT_MATCH'], rule: 'SPLIT' });
    expect(s.fin('记-0001')).toMatchObject({ outcome: 'MATCHED', flags: ['LATE_BOOKING', 'SPLIT_MATCH'] });
    // Booked the day the provident-fund credit came: in time for that one.
    expect(s.bank('B002')).toMatchObject({ outcome: 'MATCHED', flags: ['SPLIT_MATCH'] });
    expect(s.fin('记-0001').explanation.zh).toContain('于2026-11-10入账，比2026-11-01的到账晚9天，超过24小时');
    expect(s.fin('记-0001').explanation.en).toContain('9 days after the credit of 2026-11-01');
  });

  it('a split booked within a day of each credit is not LATE_BOOKING', async () => {
    const s = await scenario({
      bank: [{ ref: 'B001', amount: '1000000', name: '张三', memo: '放款 3-2-1501', date: '2026-11-03', time: '16:30:00' }],
      finance: [
        { voucher: '记-0001', amount: '600000', customer: '张三', unit: '3-2-1501', date: '2026-11-03' },
        { voucher: '记-0002', amount: '400000', customer: '张三', unit: '3-2-1501', date: '2026-11-04' },
      ],
    });
    for (const r of [s.bank('B001'), s.fin('记-0001'), s.fin('记-0002')]) expect(r).toMatchObject({ outcome: 'MATCHED', flags: ['SPLIT_MATCH'], rule: 'SPLIT' });
    expect(s.bank('B001').explanation.zh).not.toContain('超过24小时');
  });

  it('DEPOSIT_WITHHELD: credit = loan × (1 − 5%), whole loan booked; the refund later matched to its unit', async () => {
    const s = await scenario({
      register: [unit({ unitKey: '1-2-501', buyer: '孙八', commercial: '800000', ratio: '0.05' })],
      bank: [
        { ref: 'B001', amount: '760000', name: '孙八', memo: '个人住房贷款放款' },
        { ref: 'B002', amount: '40000', name: '中国工商银行某支行', memo: '退还按揭保证金', date: '2026-11-27' },
      ],
      finance: [
        { voucher: '记-0001', amount: '800000', customer: '孙八', unit: '1-2-501' },
        { voucher: '记-0002', amount: '40000', customer: '孙八', unit: '1-2-501', summary: '收回1-2-501按揭保证金', date: '2026-11-27' },
      ],
    });
    expect(s.bank('B001')).toMatchObject({ outcome: 'MATCHED', flags: ['DEPOSIT_WITHHELD'], rule: 'DEPOSIT_WITHHELD' });
    expect(s.fin('记-0001')).toMatchObject({ outcome: 'MATCHED', flags: ['DEPOSIT_WITHHELD'] });
    expect(s.bank('B001').explanation.zh).toContain('保证金¥40,000.00');
    expect(s.bank('B002')).toMatchObject({ outcome: 'MATCHED', rule: 'DEPOSIT_REFUND' });
    expect(s.fin('记-0002').outcome).toBe('MATCHED');
  });

  it('DEPOSIT_WITHHELD with the bank\'s default ratio: the register row has none, ICBC withholds 10% (templates/fees/deposit.json)', async () => {
    const s = await scenario({
      register: [unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '1000000', bank: '中国工商银行' })],
      bank: [{ ref: 'B001', amount: '900000', name: '张三', memo: '个人住房贷款放款 3-2-1501' }],
      finance: [{ voucher: '记-0001', amount: '1000000', customer: '张三', unit: '3-2-1501' }],
    });
    for (const r of [s.bank('B001'), s.fin('记-0001')]) expect(r).toMatchObject({ outcome: 'MATCHED', flags: ['DEPOSIT_WITHHELD'], rule: 'DEPOSIT_WITHHELD' });
    expect(s.bank('B001').explanation.zh).toContain('保证金¥100,000.00（贷款¥1,000,000.00×10%，台账未填比例，按中国工商银行的默认比例（templates/fees/deposit.json 规则 deposit-icbc））');
    expect(s.bank('B001').explanation.en).toContain("中国工商银行's default ratio");
    // The register's own ratio wins over the bank's, and says so.
    const t = await scenario({
      register: [unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '1000000', bank: '中国工商银行', ratio: '0.05' })],
      bank: [{ ref: 'B001', amount: '950000', name: '张三', memo: '个人住房贷款放款 3-2-1501' }],
      finance: [{ voucher: '记-0001', amount: '1000000', customer: '张三', unit: '3-2-1501' }],
    });
    expect(t.bank('B001')).toMatchObject({ outcome: 'MATCHED', flags: ['DEPOSIT_WITHHELD'] });
    expect(t.bank('B001').explanation.zh).toContain('×5%，比例取自台账');
  });

  it('DEPOSIT_WITHHELD read off the voucher (net booked, deposit on 其他应收款-按揭保证金), no register', async () => {
    const s = await scenario({
      bank: [{ ref: 'B001', amount: '760000', name: '孙八', memo: '1-2-501放款' }],
      finance: [{ voucher: '记-0001', amount: '760000', deposit: '40000', customer: '孙八', unit: '1-2-501' }],
    });
    expect(s.bank('B001')).toMatchObject({ outcome: 'MATCHED', flags: ['DEPOSIT_WITHHELD'] });
  });

  it('SPLIT_MATCH: 组合贷 — a bank credit and a provident-fund credit against one booking', async () => {
    const s = await scenario({
      register: [unit({ unitKey: '3-1-704', buyer: '吴用', commercial: '1200000', provident: '600000' })],
      bank: [
        { ref: 'B001', amount: '1200000', name: '吴用', memo: '个人住房贷款放款', date: '2026-11-11' },
        { ref: 'B002', amount: '600000', name: '某市住房公积金管理中心', memo: '公积金贷款发放 吴用', date: '2026-11-12' },
      ],
      // Booked the day after the first credit: in time for both (two days after would be LATE_BOOKING, as for a pair).
      finance: [{ voucher: '记-0001', amount: '1800000', customer: '吴用', unit: '3-1-704', date: '2026-11-12', summary: '收3-1-704吴用组合贷款' }],
    });
    for (const r of [s.bank('B001'), s.bank('B002'), s.fin('记-0001')]) expect(r).toMatchObject({ outcome: 'MATCHED', flags: ['SPLIT_MATCH'], rule: 'SPLIT' });
    expect(s.fin('记-0001').counterparts.map((c) => c.row)).toEqual([s.bank('B001').row, s.bank('B002').row]);
  });

  it('REVERSED: credited, reversed the same afternoon (冲正 原流水号), credited again and booked', async () => {
    const s = await scenario({
      bank: [
        { ref: 'B001', amount: '990000', name: '郑和', memo: '1-2-2903按揭', time: '10:05:00' },
        { ref: 'B002', amount: '-990000', name: '郑和', memo: '冲正 原流水号B001', time: '15:20:00' },
        { ref: 'B003', amount: '990000', name: '郑和', memo: '1-2-2903按揭', date: '2026-11-04' },
      ],
      finance: [{ voucher: '记-0001', amount: '990000', customer: '郑和', unit: '1-2-2903', date: '2026-11-04' }],
    });
    expect(s.bank('B001')).toMatchObject({ outcome: 'REVERSED', flags: ['REVERSED'], rule: 'REVERSAL' });
    expect(s.bank('B002')).toMatchObject({ outcome: 'REVERSED', counterparts: [{ side: 'bank', row: s.bank('B001').row }] });
    expect(s.bank('B003').outcome).toBe('MATCHED');
    expect(s.fin('记-0001').outcome).toBe('MATCHED');
  });

  it('REVERSED: a 红字冲销 quoting its voucher cancels that booking, not the correct one booked after it', async () => {
    // Booked to the neighbouring unit by mistake, reversed the next day quoting 记-0001, booked again correctly.
    const s = await scenario({
      bank: [{ ref: 'B001', amount: '700000', name: '张三', memo: '个贷放款 3-2-1501', date: '2026-11-03' }],
      finance: [
        { voucher: '记-0001', amount: '700000', customer: '张三', unit: '3-2-1502', date: '2026-11-03' },
        { voucher: '记-0002', amount: '-700000', customer: '张三', unit: '3-2-1502', date: '2026-11-04', summary: '红字冲销记-0001' },
        { voucher: '记-0003', amount: '700000', customer: '张三', unit: '3-2-1501', date: '2026-11-04' },
      ],
    });
    const at = (v: string) => ({ side: 'finance', file: '序时账.xlsx', sheet: '序时账', row: s.fin(v).row });
    expect(s.fin('记-0001')).toMatchObject({ outcome: 'REVERSED', flags: ['REVERSED'], rule: 'REVERSAL', counterparts: [at('记-0002')] });
    expect(s.fin('记-0002')).toMatchObject({ outcome: 'REVERSED', flags: ['REVERSED'], rule: 'REVERSAL', counterparts: [at('记-0001')] });
    expect(s.fin('记-0002').explanation.zh).toBe(`冲正/冲销序时账.xlsx[序时账] 第${s.fin('记-0001').row}行的¥700,000.00，两行相互抵销，不参与匹配。`);
    // The correct booking meets the credit: no 串户.
    expect(s.fin('记-0003')).toMatchObject({ outcome: 'MATCHED', flags: [], counterparts: [{ side: 'bank', row: s.bank('B001').row }] });
    expect(s.bank('B001')).toMatchObject({ outcome: 'MATCHED', flags: [], counterparts: [at('记-0003')] });
    // Without the voucher quoted, the booking of the same unit and customer is still the one reversed.
    const t = await scenario({
      bank: [{ ref: 'B001', amount: '700000', name: '张三', memo: '个贷放款 3-2-1501', date: '2026-11-03' }],
      finance: [
        { voucher: '记-0001', amount: '700000', customer: '张三', unit: '3-2-1502', date: '2026-11-03' },
        { voucher: '记-0002', amount: '-700000', customer: '张三', unit: '3-2-1502', date: '2026-11-04', summary: '红字冲销' },
        { voucher: '记-0003', amount: '700000', customer: '张三', unit: '3-2-1501', date: '2026-11-04' },
      ],
    });
    expect(t.fin('记-0002').counterparts.map((c) => c.row)).toEqual([t.fin('记-0001').row]);
    expect(t.fin('记-0003')).toMatchObject({ outcome: 'MATCHED', flags: [] });
  });

  it('REVERSED: a 10:00 冲正 reverses the 09:00 credit, not the 15:00 re-credit of the same day', async () => {
    const s = await scenario({
      bank: [
        { ref: 'B001', amount: '700000', name: '张三', memo: '个贷放款 3-2-1501', time: '09:00:00' },
        { ref: 'B002', amount: '-700000', name: '张三', memo: '冲正', time: '10:00:00' },
        { ref: 'B003', amount: '700000', name: '张三', memo: '个贷放款 3-2-1501', time: '15:00:00' },
      ],
      finance: [{ voucher: '记-0001', amount: '700000', customer: '张三', unit: '3-2-1501', date: '2026-11-04' }],
    });
    expect(s.bank('B002')).toMatchObject({ outcome: 'REVERSED', rule: 'REVERSAL', counterparts: [{ side: 'bank', row: s.bank('B001').row }] });
    expect(s.bank('B001')).toMatchObject({ outcome: 'REVERSED', counterparts: [{ side: 'bank', row: s.bank('B002').row }] });
    expect(s.bank('B001').explanation.zh).toBe(`¥700,000.00已被工行.csv 第${s.bank('B002').row}行冲正/冲销，两行相互抵销，不参与匹配。`);
    expect(s.bank('B003')).toMatchObject({ outcome: 'MATCHED', flags: [], counterparts: [{ side: 'finance', row: s.fin('记-0001').row }] });
    expect(s.fin('记-0001')).toMatchObject({ outcome: 'MATCHED', flags: [] });
  });

  it('REVERSED: a mistaken 冲销 reversed again (冲回记-0002) cancels with it; the first booking meets the credit on time', async () => {
    const s = await scenario({
      bank: [{ ref: 'B001', amount: '700000', name: '张三', memo: '个贷放款 3-2-1501', date: '2026-11-03' }],
      finance: [
        { voucher: '记-0001', amount: '700000', customer: '张三', unit: '3-2-1501', date: '2026-11-03' },
        { voucher: '记-0002', amount: '-700000', customer: '张三', unit: '3-2-1501', date: '2026-11-05', summary: '冲销记-0001（误冲）' },
        { voucher: '记-0003', amount: '700000', customer: '张三', unit: '3-2-1501', date: '2026-11-06', summary: '冲回记-0002' },
      ],
    });
    const at = (v: string) => ({ side: 'finance', file: '序时账.xlsx', sheet: '序时账', row: s.fin(v).row });
    expect(s.fin('记-0002')).toMatchObject({ outcome: 'REVERSED', flags: ['REVERSED'], rule: 'REVERSAL', counterparts: [at('记-0003')] });
    expect(s.fin('记-0003')).toMatchObject({ outcome: 'REVERSED', flags: ['REVERSED'], rule: 'REVERSAL', counterparts: [at('记-0002')] });
    expect(s.fin('记-0002').explanation.zh).toBe(`本行冲正/冲销¥700,000.00，已被序时账.xlsx[序时账] 第${s.fin('记-0003').row}行冲回，两行相互抵销，不参与匹配。`);
    expect(s.fin('记-0003').explanation.zh).toBe(`冲回序时账.xlsx[序时账] 第${s.fin('记-0002').row}行的冲正/冲销（¥700,000.00），两行相互抵销，不参与匹配。`);
    // Booked the day it was credited: no LATE_BOOKING.
    expect(s.fin('记-0001')).toMatchObject({ outcome: 'MATCHED', flags: [], counterparts: [{ side: 'bank', row: s.bank('B001').row }] });
    expect(s.bank('B001')).toMatchObject({ outcome: 'MATCHED', flags: [], counterparts: [at('记-0001')] });
    // The bank's own: a 冲正 of B001 made in error, undone by a credit quoting the 冲正's 流水号.
    const t = await scenario({
      bank: [
        { ref: 'B001', amount: '700000', name: '张三', memo: '个贷放款 3-2-1501', time: '09:00:00' },
        { ref: 'B002', amount: '-700000', name: '张三', memo: '冲正 原流水号B001', time: '10:00:00' },
        { ref: 'B003', amount: '700000', name: '张三', memo: '冲回 原流水号B002', time: '11:00:00' },
      ],
      finance: [{ voucher: '记-0001', amount: '700000', customer: '张三', unit: '3-2-1501' }],
    });
    expect(t.bank('B002')).toMatchObject({ outcome: 'REVERSED', counterparts: [{ side: 'bank', row: t.bank('B003').row }] });
    expect(t.bank('B003')).toMatchObject({ outcome: 'REVERSED', counterparts: [{ side: 'bank', row: t.bank('B002').row }] });
    expect(t.bank('B001')).toMatchObject({ outcome: 'MATCHED', flags: [], counterparts: [{ side: 'finance', row: t.fin('记-0001').row }] });
  });

  it('a debit without a reversal word or a quoted 流水号 20 days after a credit is not its reversal; the next day it is', async () => {
    const credit = { ref: 'B006', amount: '700000', name: '李四', memo: '放款 3-2-1502', date: '2026-11-05' };
    const booking = { voucher: '记-0003', amount: '700000', customer: '李四', unit: '3-2-1502', date: '2026-11-05' };
    const s = await scenario({ bank: [credit, { ref: 'B005', amount: '-700000', name: '李四', memo: '退款 3-2-1502', date: '2026-11-25' }], finance: [booking] });
    expect(s.bank('B005')).toMatchObject({ outcome: 'NOT_MORTGAGE', flags: ['NOT_MORTGAGE'], counterparts: [] });
    // The credit the statement shows meets its booking: not MISSING_IN_BANK.
    expect(s.bank('B006')).toMatchObject({ outcome: 'MATCHED', flags: [], counterparts: [{ side: 'finance', row: s.fin('记-0003').row }] });
    expect(s.fin('记-0003')).toMatchObject({ outcome: 'MATCHED', flags: [] });
    // The same debit the next day, same party and unit: the money went straight back.
    const t = await scenario({ bank: [credit, { ref: 'B005', amount: '-700000', name: '李四', memo: '退款 3-2-1502', date: '2026-11-06' }], finance: [booking] });
    expect(t.bank('B005')).toMatchObject({ outcome: 'REVERSED', counterparts: [{ side: 'bank', row: t.bank('B006').row }] });
    expect(t.fin('记-0003').outcome).toBe('MISSING_IN_BANK');
  });

  it('REVERSED alone: a 冲正 that fits two credits equally is paired with neither, and says which two', async () => {
    // One buyer, two units, the same amount; the 冲正 names the buyer only.
    const s = await scenario({
      bank: [
        { ref: 'B001', amount: '500000', name: '张三', memo: '放款 3-2-1501', time: '09:00:00' },
        { ref: 'B002', amount: '500000', name: '张三', memo: '放款 3-2-1502', time: '09:30:00' },
        { ref: 'B003', amount: '-500000', name: '张三', memo: '冲正', time: '11:00:00' },
      ],
      finance: [
        { voucher: '记-0001', amount: '500000', customer: '张三', unit: '3-2-1501' },
        { voucher: '记-0002', amount: '500000', customer: '张三', unit: '3-2-1502' },
      ],
    });
    expect(s.bank('B003')).toMatchObject({ outcome: 'REVERSED', flags: ['REVERSED'], counterparts: [] });
    expect(s.bank('B003').explanation.zh).toBe(`冲正/冲销行，可能被冲正的原交易有多笔（工行.csv 第${s.bank('B001').row}行、工行.csv 第${s.bank('B002').row}行），同样合适，未自动配对，请人工核对。`);
    for (const ref of ['B001', 'B002']) expect(s.bank(ref)).toMatchObject({ outcome: 'MATCHED', flags: [] });
  });

  it('NOT_MORTGAGE: interest, a fee and a down payment on both sides, payroll paid out', async () => {
    const s = await scenario({
      bank: [
        { ref: 'B001', amount: '1234.56', memo: '结息 利息收入', date: '2026-11-20' },
        { ref: 'B002', amount: '-15.50', memo: '电子汇划费 手续费' },
        { ref: 'B003', amount: '200000', name: '武静', memo: '首付款 1-1-701' },
        { ref: 'B004', amount: '-450000', name: '代发工资', memo: '代发工资 2026年10月' },
      ],
      finance: [
        { voucher: '记-0001', amount: '1234.56', summary: '工行结息', date: '2026-11-20' },
        { voucher: '记-0002', amount: '-15.50', summary: '工行汇划手续费' },
        { voucher: '记-0003', amount: '200000', customer: '武静', unit: '1-1-701', summary: '收1-1-701武静首付款' },
        { voucher: '记-0004', amount: '-450000', summary: '发放2026年10月工资' },
      ],
    });
    for (const r of s.json.rows) expect(r).toMatchObject({ outcome: 'NOT_MORTGAGE', flags: ['NOT_MORTGAGE'], counterparts: [] });
    expect(s.bank('B001').explanation.zh).toContain('利息');
    expect(s.json.totals.bank.byOutcome.NOT_MORTGAGE).toEqual({ rows: 4, amount: '-248780.94' });
  });

  it('a foreign-currency statement row is set aside (NOT_MORTGAGE, naming its currency), never matched, and in no ¥ total', async () => {
    const s = await scenario({
      bankProfile: 'ccb-corporate',
      bank: {
        '建行.xlsx': [
          { ref: 'B001', amount: '1000000', name: '张三', memo: '放款 3-2-1501', time: '09:00:00', balance: '1000000' },
          // The same figure as 李四's booking, but in dollars: not his disbursement.
          { ref: 'B002', amount: '500000', name: '李四', memo: '放款 5-1-101', currency: 'USD', time: '10:00:00', balance: '500000' },
          { ref: 'B003', amount: '-3.72', memo: 'MICROSOFT*XBOX', currency: 'USD', date: '2026-11-20', time: '11:00:00', balance: '499996.28' },
        ],
      },
      finance: [
        { voucher: '记-0001', amount: '1000000', customer: '张三', unit: '3-2-1501' },
        { voucher: '记-0002', amount: '500000', customer: '李四', unit: '5-1-101' },
      ],
    });
    expect(s.bank('B001')).toMatchObject({ outcome: 'MATCHED', flags: [] });
    for (const ref of ['B002', 'B003']) expect(s.bank(ref)).toMatchObject({ outcome: 'NOT_MORTGAGE', flags: ['NOT_MORTGAGE'], counterparts: [], rule: null });
    expect(s.bank('B002').explanation.zh).toBe('外币（USD）交易500000.00 USD，不是人民币按揭放款，单列不参与匹配，不计入人民币（¥）合计。');
    expect(s.bank('B003').explanation.en).toContain('USD transaction of -3.72 USD');
    expect(s.fin('记-0002')).toMatchObject({ outcome: 'MISSING_IN_BANK' });
    // ¥ totals hold the yuan row only; the tie-out is still true to the fen; the dollars are listed apart.
    const bank = s.json.totals.bank;
    expect(bank).toMatchObject({ rows: 3, amount: '1000000.00', byOutcome: { MATCHED: { rows: 1, amount: '1000000.00' }, NOT_MORTGAGE: { rows: 2, amount: '0.00' } } });
    expect(s.json.totals.foreignCurrency).toEqual({ USD: { rows: 2, amount: '499996.28' } });
    expect(s.stdout).toContain('外币流水 Foreign-currency rows: 2 笔');
    // 汇总 says so; 余额调节表 takes the yuan balance, and lists the dollar rows under 不计入.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(s.out);
    const texts = (name: string) => wb.getWorksheet(name)!.getSheetValues().flatMap((r) => (Array.isArray(r) ? r.map((c) => String(c ?? '')) : []));
    expect(texts('汇总').some((t) => t.startsWith('外币流水 Foreign-currency rows: 2 笔已单列为非按揭款'))).toBe(true);
    const bal = wb.getWorksheet('余额调节表')!;
    expect(bal.getCell('E4').value).toBe(1000000);
    expect(texts('余额调节表').filter((t) => t.startsWith('外币（USD）流水'))).toHaveLength(2);
  });

  it('OUT_OF_PERIOD: a credit of 10-31 in the file is reported, and still explains the 11-02 booking', async () => {
    const s = await scenario({
      bank: [
        { ref: 'B001', amount: '2720000', name: '蒋东', memo: '1#2-601蒋东按揭贷款', date: '2026-10-31' },
        { ref: 'B002', amount: '5000', name: '某人', memo: '9-9-909', date: '2026-12-01' },
      ],
      finance: [{ voucher: '记-0001', amount: '2720000', customer: '蒋东', unit: '1-2-601', date: '2026-11-02' }],
    });
    expect(s.bank('B001')).toMatchObject({ outcome: 'OUT_OF_PERIOD', flags: ['OUT_OF_PERIOD', 'LATE_BOOKING'] });
    expect(s.fin('记-0001')).toMatchObject({ outcome: 'MATCHED', flags: ['LATE_BOOKING'] });
    expect(s.bank('B002')).toMatchObject({ outcome: 'OUT_OF_PERIOD', flags: ['OUT_OF_PERIOD'] });
  });

  it('AMBIGUOUS: two identical credits of one buyer, one booking — nothing auto-matched, both candidates listed', async () => {
    const s = await scenario({
      bank: [
        { ref: 'B001', amount: '300000', name: '甲', memo: '贷款发放', time: '10:00:00' },
        { ref: 'B002', amount: '300000', name: '甲', memo: '贷款发放', time: '11:00:00' },
      ],
      finance: [{ voucher: '记-0001', amount: '300000', customer: '甲', summary: '收甲按揭款' }],
    });
    const f = s.fin('记-0001');
    expect(f).toMatchObject({ outcome: 'AMBIGUOUS', flags: ['AMBIGUOUS'] });
    expect(f.counterparts.map((c) => c.row).sort()).toEqual([s.bank('B001').row, s.bank('B002').row].sort());
    expect(s.bank('B001').outcome).toBe('AMBIGUOUS');
  });

  it('UNPARSEABLE: a row whose amount is not a number is listed with its row and reason; its booking shows as missing', async () => {
    const dir = await tempDir();
    const file = await writeBank(dir, '工行.csv', [
      { ref: 'B001', amount: '123456.78', name: '丙', memo: '7-7-707' },
      { ref: 'B002', amount: '500', name: '丁', memo: '结息' },
    ]);
    const text = await fs.readFile(file, 'utf8');
    expect(text).toContain('123456.78');
    await fs.writeFile(file, text.replace('123456.78', '12三456.78'));
    const fin = await writeFinance(dir, '序时账.xlsx', [{ voucher: '记-0001', amount: '123456.78', customer: '丙', unit: '7-7-707' }]);
    const res = await cli(['reconcile', '--bank', file, '--finance', fin, '--period', '2026-11', '--out', path.join(dir, 'o.xlsx'), '--json', path.join(dir, 'o.json')]);
    expect(res.code).toBe(0);
    const json = JSON.parse(await fs.readFile(path.join(dir, 'o.json'), 'utf8'));
    const bad = json.rows.find((r: { outcome: string }) => r.outcome === 'UNPARSEABLE');
    expect(bad).toMatchObject({ side: 'bank', file: '工行.csv', flags: ['UNPARSEABLE'], counterparts: [] });
    expect(bad.explanation.zh.length).toBeGreaterThan(10);
    expect(json.rows.find((r: { side: string }) => r.side === 'finance').outcome).toBe('MISSING_IN_BANK');
    expect(res.stdout).toContain('未解析 rejected 1');
  });
});
