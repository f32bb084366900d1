import { describe, expect, it } from 'vitest';
import { scenario } from './files';
import { unit } from './helpers';

/** 串户 (WRONG_UNIT) and the unit: NEAR_AMOUNT_DATE needs a person as the "other buyer"; a 组合贷 takes no credit of another unit. */
describe('NEAR_AMOUNT_DATE: only a person who paid can be the "other buyer" of 串户', () => {
  it('a bank loan centre paying out a loan is not a buyer: no 串户 against the booking of 张三', async () => {
    const s = await scenario({
      bank: [{ ref: 'B001', amount: '700000', name: '中国建设银行个人贷款中心', memo: '个人住房贷款发放', date: '2026-11-03' }],
      finance: [{ voucher: '记-0001', amount: '700000', customer: '张三', unit: '3-2-1501', date: '2026-11-03' }],
    });
    // Before: both WRONG_UNIT, "串户：银行对应购房人中国建设银行个人贷款中心，财务记在张三".
    // Nothing ties the two but amount and date, which a near match never accepts silently: both stay open.
    expect(s.bank('B001')).toMatchObject({ outcome: 'MISSING_IN_FINANCE', flags: ['MISSING_IN_FINANCE'], counterparts: [], rule: null });
    expect(s.fin('记-0001')).toMatchObject({ outcome: 'MISSING_IN_BANK', flags: ['MISSING_IN_BANK'], counterparts: [], rule: null });
    expect(s.json.totals.flags.WRONG_UNIT).toBe(0);
    for (const r of s.json.rows) expect(r.explanation.zh).not.toContain('串户');
  });

  it('a bank refunding a ¥50,000 按揭保证金 is not a buyer: no 串户 against the refund booked for 张三', async () => {
    const s = await scenario({
      register: [unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '1000000', ratio: '0.05' }), unit({ unitKey: '3-2-1502', buyer: '李四', commercial: '1000000', ratio: '0.05' })],
      bank: [
        { ref: 'B001', amount: '950000', name: '张三', memo: '个贷放款 3-2-1501', date: '2026-11-03' },
        { ref: 'B002', amount: '50000', name: '中国工商银行', memo: '按揭保证金退还', date: '2026-11-20' },
        { ref: 'B003', amount: '50000', name: '中国工商银行', memo: '保证金退还 3-2-1502', date: '2026-11-21' },
      ],
      finance: [
        { voucher: '记-0001', amount: '1000000', customer: '张三', unit: '3-2-1501', date: '2026-11-03' },
        { voucher: '记-0002', amount: '50000', customer: '张三', unit: '3-2-1501', date: '2026-11-20', summary: '收3-2-1501保证金退还' },
        { voucher: '记-0003', amount: '50000', customer: '李四', unit: '3-2-1502', date: '2026-11-21', summary: '收3-2-1502保证金退还' },
      ],
    });
    expect(s.json.totals.flags.WRONG_UNIT).toBe(0);
    // The refund naming no unit is 1501's: 1502's deposit went to the refund that names 1502.
    expect(s.bank('B002')).toMatchObject({ outcome: 'MATCHED', rule: 'DEPOSIT_REFUND', counterparts: [expect.objectContaining({ row: s.fin('记-0002').row })] });
    for (const r of s.json.rows) expect(r.explanation.zh).not.toContain('串户');
    // The rest is as before: the net credit against the whole loan, the refund that names its unit.
    expect(s.bank('B001')).toMatchObject({ outcome: 'MATCHED', flags: ['DEPOSIT_WITHHELD'] });
    expect(s.bank('B003')).toMatchObject({ outcome: 'MATCHED', counterparts: [expect.objectContaining({ row: s.fin('记-0003').row })] });
  });

  it('a person who paid and another person booked, same amount and date, is still 串户', async () => {
    const s = await scenario({
      bank: [{ ref: 'B001', amount: '700000', name: '李四', memo: '个人住房贷款发放', date: '2026-11-03' }],
      finance: [{ voucher: '记-0001', amount: '700000', customer: '张三', date: '2026-11-03' }],
    });
    for (const r of [s.bank('B001'), s.fin('记-0001')]) expect(r).toMatchObject({ outcome: 'WRONG_UNIT', flags: ['WRONG_UNIT'], rule: 'NEAR_AMOUNT_DATE' });
    expect(s.fin('记-0001').explanation.zh).toContain('串户：到账付款人（主借款人）为李四，财务却记在客户张三名下');
  });
});

describe('a 组合贷 takes only credits of its own unit', () => {
  const bank = [
    { ref: 'B001', amount: '600000', name: '张三', memo: '放款 3-2-1501', date: '2026-11-03' },
    { ref: 'B002', amount: '400000', name: '张三', memo: '放款 3-2-1502', date: '2026-11-03' },
  ];
  const finance = [{ voucher: '记-0001', amount: '1000000', customer: '张三', unit: '3-2-1501', date: '2026-11-03' }];
  const registers = {
    'without a register': undefined,
    'with both units in the register': [unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '600000' }), unit({ unitKey: '3-2-1502', buyer: '张三', commercial: '400000' })],
  };
  for (const [label, register] of Object.entries(registers)) {
    it(`张三 owns 3-2-1501 and 3-2-1502: the 1502 credit is not absorbed into the booking of 1501 (${label})`, async () => {
      const s = await scenario({ bank, finance, register });
      // Before: SPLIT_MATCH of both credits against 记-0001, "一致：金额、房号、购房人、日期", no flag.
      expect(s.json.totals.flags.SPLIT_MATCH).toBe(0);
      expect(s.bank('B002')).toMatchObject({ outcome: 'MISSING_IN_FINANCE', counterparts: [] });
      // The booking meets the credit of its own unit, ¥400,000 apart.
      const f = s.fin('记-0001');
      expect(f).toMatchObject({ outcome: 'AMOUNT_MISMATCH', counterparts: [expect.objectContaining({ side: 'bank', row: s.bank('B001').row })] });
      expect(f.explanation.zh).toContain('差额-¥400,000.00');
    });
  }
});
