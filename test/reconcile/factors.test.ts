import { describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { scenario, tempDir } from './files';
import { unit } from './helpers';

/** What the factors and the sentence say about each of reference, amount, unit, buyer and date. */
describe('factors: what a sentence calls agreeing, differing or unknown', () => {
  it('a booking that carries no 流水号 leaves the reference unknown — not "不一致：流水号"; one naming another 流水号 differs; one naming it agrees', async () => {
    const s = await scenario({
      bank: [
        { ref: 'ICBC20261103001', amount: '500000', name: '张三', memo: '放款 3-2-1501', date: '2026-11-03' },
        { ref: 'ICBC20261103002', amount: '600000', name: '李四', memo: '放款 3-2-1502', date: '2026-11-03' },
        { ref: 'ICBC20261103003', amount: '700000', name: '王五', memo: '放款 3-2-1503', date: '2026-11-03' },
      ],
      finance: [
        { voucher: '记-0001', amount: '500000', customer: '张三', unit: '3-2-1501', date: '2026-11-03', summary: '收3-2-1501张三按揭款' },
        { voucher: '记-0002', amount: '600000', customer: '李四', unit: '3-2-1502', date: '2026-11-03', summary: '收李四按揭款 流水号ICBC20261103009' },
        { voucher: '记-0003', amount: '700000', customer: '王五', unit: '3-2-1503', date: '2026-11-03', summary: '收王五按揭款 流水号ICBC20261103003' },
      ],
    });
    // Before: "一致：金额、房号、购房人、日期；不一致：流水号" and reference "differ" for the booking without any 流水号.
    for (const r of [s.bank('ICBC20261103001'), s.fin('记-0001')]) {
      expect(r.factors).toEqual({ reference: 'unknown', amount: 'agree', unit: 'agree', buyer: 'agree', date: 'agree' });
      expect(r.explanation.zh).not.toContain('不一致');
      expect(r.explanation.en).not.toContain('differing');
    }
    expect(s.fin('记-0002').factors).toMatchObject({ reference: 'differ' });
    expect(s.fin('记-0002').explanation.zh).toContain('不一致：流水号');
    expect(s.fin('记-0003')).toMatchObject({ rule: 'REFERENCE', factors: { reference: 'agree' } });
  });
});

describe('the date factor', () => {
  it('a booking 6 days late: the date is "close (within 7 days)", not "一致：日期" beside "晚6天，超过24小时"', async () => {
    const s = await scenario({
      bank: [{ ref: 'B001', amount: '500000', name: '张三', memo: '放款 3-2-1501', date: '2026-11-03' }],
      finance: [{ voucher: '记-0001', amount: '500000', customer: '张三', unit: '3-2-1501', date: '2026-11-09' }],
    });
    const f = s.fin('记-0001');
    expect(f).toMatchObject({ outcome: 'MATCHED', flags: ['LATE_BOOKING'], factors: { date: 'agree' } });
    expect(f.explanation.zh).toBe(`与工行.csv 第${s.bank('B001').row}行按"房号与金额相同"规则对应，一致：金额、房号、购房人、日期相近（7天内）；2026-11-03到账，2026-11-09才入账，晚6天，超过24小时。`);
    expect(f.explanation.en).toContain('agreeing: amount, unit, buyer, date (within 7 days); credited 2026-11-03, booked 2026-11-09: 6 days later, more than 24 hours');
  });

  it('says the window the run was configured with', async () => {
    const dir = await tempDir();
    const config = JSON.parse(await fs.readFile(path.join(__dirname, '../../templates/reconcile.json'), 'utf8'));
    config.dateWindowDays = 3;
    await fs.writeFile(path.join(dir, 'reconcile.json'), JSON.stringify(config));
    const s = await scenario({
      dir,
      bank: [{ ref: 'B001', amount: '500000', name: '张三', memo: '放款 3-2-1501', date: '2026-11-03' }],
      finance: [{ voucher: '记-0001', amount: '500000', customer: '张三', unit: '3-2-1501', date: '2026-11-03' }],
      args: ['--config', path.join(dir, 'reconcile.json')],
    });
    expect(s.bank('B001').explanation.zh).toContain('一致：金额、房号、购房人、日期相近（3天内）。');
  });
});

describe('the buyer factor', () => {
  it('a credit paid by a bank or its loan centre (no buyer named in the memo): the buyer is unknown, not "不一致：购房人" — the payer is no buyer', async () => {
    const s = await scenario({
      bank: [
        { ref: 'B001', amount: '700000', name: '中国建设银行股份有限公司深圳分行', memo: '个人住房贷款放款 3-2-1501', date: '2026-11-03' },
        { ref: 'B002', amount: '650000', name: '招商银行个人贷款中心', memo: '按揭放款 3-2-1502', date: '2026-11-03' },
        // A person paying for the buyer still differs (not 串户: the customer is the register's buyer).
        { ref: 'B003', amount: '600000', name: '王五', memo: '放款 3-2-1503', date: '2026-11-03' },
        // A 组合贷 whose two credits both come from lenders: unknown too.
        { ref: 'B004', amount: '500000', name: '工商银行深圳罗湖支行', memo: '放款 3-2-1504', date: '2026-11-03' },
        { ref: 'B005', amount: '300000', name: '工商银行深圳罗湖支行', memo: '放款 3-2-1504', date: '2026-11-04' },
      ],
      finance: [
        { voucher: '记-0001', amount: '700000', customer: '张三', unit: '3-2-1501', date: '2026-11-03' },
        { voucher: '记-0002', amount: '650000', customer: '李四', unit: '3-2-1502', date: '2026-11-03' },
        { voucher: '记-0003', amount: '600000', customer: '赵六', unit: '3-2-1503', date: '2026-11-03' },
        { voucher: '记-0004', amount: '800000', customer: '孙七', unit: '3-2-1504', date: '2026-11-04' },
      ],
      register: [unit({ unitKey: '3-2-1503', buyer: '赵六', commercial: '600000' })],
    });
    // Before: buyer "differ" and "一致：金额、房号、日期相近（7天内）；不一致：购房人" for each lender's credit.
    for (const [ref, v] of [
      ['B001', '记-0001'],
      ['B002', '记-0002'],
    ]) {
      for (const r of [s.bank(ref), s.fin(v)]) {
        expect(r).toMatchObject({ outcome: 'MATCHED', flags: [], rule: 'UNIT_AMOUNT', factors: { reference: 'unknown', amount: 'agree', unit: 'agree', buyer: 'unknown', date: 'agree' } });
        expect(r.explanation.zh).toContain('一致：金额、房号、日期相近（7天内）。');
        expect(r.explanation.zh).not.toContain('不一致');
        expect(r.explanation.en).not.toContain('differing');
      }
    }
    // Both plain matches of one rule and file: the JSON writer's sentence for a factor set (factorCodeOf)
    // must tell them apart, or one row's sentence and factors are the other's.
    for (const r of [s.bank('B003'), s.fin('记-0003')]) {
      expect(r).toMatchObject({ outcome: 'MATCHED', flags: [], rule: 'UNIT_AMOUNT', factors: { buyer: 'differ' } });
      expect(r.explanation.zh).toContain('；不一致：购房人。');
    }
    for (const r of [s.bank('B004'), s.fin('记-0004')]) expect(r).toMatchObject({ rule: 'SPLIT', factors: { unit: 'agree', buyer: 'unknown' } });
    expect(s.fin('记-0004').explanation.zh).not.toContain('不一致');
  });
});
