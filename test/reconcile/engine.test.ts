import { describe, expect, it } from 'vitest';
import { factorsOf, openItems, reconcile, rowResult, type ReconcileInput } from '../../domain/reconcile';
import { bank, config, journal, unit } from './helpers';

function run(p: Partial<ReconcileInput>) {
  const r = reconcile({ period: '2026-11', bank: [], finance: [], rejected: [], config: config(), ...p });
  return r.engine.items.map((it) => rowResult(it, r.engine));
}

describe('reconcile engine (records in memory)', () => {
  it('pairs a credit and its booking by unit and amount', () => {
    const rows = run({
      bank: [bank({ amount: '700000.00', memo: '3栋2单元1501张三按揭放款', counterpartyName: '张三' })],
      finance: [journal({ debit: '700000', unitKey: '3-2-1501', customer: '张三' })],
    });
    expect(rows.map((r) => [r.side, r.outcome, r.rule])).toEqual([
      ['bank', 'MATCHED', 'UNIT_AMOUNT'],
      ['finance', 'MATCHED', 'UNIT_AMOUNT'],
    ]);
    expect(rows[0].factors).toEqual({ reference: 'unknown', amount: 'agree', unit: 'agree', buyer: 'agree', date: 'agree' });
    expect(rows[0].explanation.zh).toContain('房号与金额相同');
  });

  it('a masked counterparty account (1234****9876, as some exports print every account, ours too) is not an own-account transfer', () => {
    const masked = { account: '1234****9876', counterpartyAccount: '1234****9876' };
    const rows = run({
      bank: [bank({ ...masked, amount: '1234.56', memo: '他行汇入', counterpartyName: '李四', reference: 'R1' })],
      finance: [journal({ debit: '1234.56', customer: '李四', summary: '收李四汇入款' })],
    });
    expect(outcomes(rows)).toEqual(['bank:' + rows[0].row + ':MATCHED:', 'finance:' + rows[1].row + ':MATCHED:']);
    // Nor does the masked account make a payment to 张三 the reversal of a salary credit from ABC公司.
    const salary = run({
      bank: [
        bank({ ...masked, amount: '1234.56', memo: '工资', counterpartyName: 'ABC公司', date: '2026-11-03' }),
        bank({ ...masked, amount: '-1234.56', memo: '转账', counterpartyName: '张三', date: '2026-11-03' }),
      ],
    });
    expect(salary.map((r) => r.outcome)).not.toContain('REVERSED');
    // An unmasked account of ours still is one.
    const own = run({ bank: [bank({ account: '1001000000000000001', counterpartyAccount: '1001000000000000001', amount: '5000', memo: '划款' })] });
    expect(own[0].explanation.zh).toContain('本单位账户之间的划转');
  });
});

const outcomes = (rows: ReturnType<typeof run>) => rows.map((r) => `${r.side}:${r.row}:${r.outcome}:${r.flags.join('+')}`);

describe('every flag, from records', () => {
  it('reference match beats everything; a late booking is flagged', () => {
    const rows = run({
      bank: [bank({ row: 2, amount: '500000', reference: 'ICBC20261103001', counterpartyName: '李四', date: '2026-11-03' })],
      finance: [journal({ row: 2, debit: '500000', summary: '收按揭款 流水号ICBC20261103001', date: '2026-11-06' })],
    });
    expect(outcomes(rows)).toEqual(['bank:2:MATCHED:LATE_BOOKING', 'finance:2:MATCHED:LATE_BOOKING']);
    expect(rows[0].rule).toBe('REFERENCE');
  });

  it('next-day booking is in time; two days later is LATE_BOOKING', () => {
    const rows = run({
      bank: [bank({ row: 2, amount: '1', memo: '1-1-101', date: '2026-11-03', time: '23:00:00' }), bank({ row: 3, amount: '2', memo: '1-1-102', date: '2026-11-03' })],
      finance: [journal({ row: 2, debit: '1', unitKey: '1-1-101', date: '2026-11-04' }), journal({ row: 3, debit: '2', unitKey: '1-1-102', date: '2026-11-05' })],
    });
    expect(outcomes(rows)).toEqual(['bank:2:MATCHED:', 'bank:3:MATCHED:LATE_BOOKING', 'finance:2:MATCHED:', 'finance:3:MATCHED:LATE_BOOKING']);
  });

  it('same buyer and amount within the window; booked to another unit → WRONG_UNIT', () => {
    const rows = run({
      register: [unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '700000' }), unit({ unitKey: '3-2-1502', buyer: '王五', commercial: '700000' })],
      bank: [bank({ row: 2, amount: '700000', counterpartyName: '张三', memo: '个人住房贷款放款' })],
      finance: [journal({ row: 2, debit: '700000', unitKey: '3-2-1502', customer: '张三' })],
    });
    expect(outcomes(rows)).toEqual(['bank:2:WRONG_UNIT:WRONG_UNIT', 'finance:2:WRONG_UNIT:WRONG_UNIT']);
    expect(rows[0].counterparts).toEqual([{ side: 'finance', file: 'journal.csv', sheet: '', row: 2 }]);
  });

  it('missing on either side', () => {
    const rows = run({
      bank: [bank({ row: 2, amount: '300000', memo: '5-1-201按揭' })],
      finance: [journal({ row: 2, debit: '400000', unitKey: '6-1-201', customer: '赵六', date: '2026-11-20' })],
    });
    expect(outcomes(rows)).toEqual(['bank:2:MISSING_IN_FINANCE:MISSING_IN_FINANCE', 'finance:2:MISSING_IN_BANK:MISSING_IN_BANK']);
  });

  it('same unit, different amount → AMOUNT_MISMATCH with the difference explained', () => {
    const rows = run({
      bank: [bank({ row: 2, amount: '699500', memo: '3-2-1501按揭' })],
      finance: [journal({ row: 2, debit: '700000', unitKey: '3-2-1501' })],
    });
    expect(outcomes(rows)).toEqual(['bank:2:AMOUNT_MISMATCH:AMOUNT_MISMATCH', 'finance:2:AMOUNT_MISMATCH:AMOUNT_MISMATCH']);
    expect(rows[0].explanation.zh).toContain('差额-¥500.00');
  });

  it('duplicate bank row (same 流水号 in two files) and duplicate booking', () => {
    const rows = run({
      bank: [
        bank({ file: 'a.csv', row: 5, amount: '100000', reference: 'R000001', memo: '1-1-101' }),
        bank({ file: 'b.csv', row: 2, amount: '100000', reference: 'R000001', memo: '1-1-101' }),
      ],
      finance: [journal({ row: 2, debit: '100000', unitKey: '1-1-101' }), journal({ row: 3, debit: '100000', unitKey: '1-1-101', date: '2026-11-04' })],
    });
    expect(outcomes(rows)).toEqual(['bank:5:MATCHED:', 'bank:2:DUPLICATE_BANK:DUPLICATE_BANK', 'finance:2:MATCHED:', 'finance:3:DUPLICATE_FINANCE:DUPLICATE_FINANCE']);
  });

  it('combined loan: bank + provident credits against one booking → SPLIT_MATCH', () => {
    const rows = run({
      register: [unit({ unitKey: '2-1-801', buyer: '钱七', commercial: '600000', provident: '400000' })],
      bank: [
        bank({ row: 2, amount: '600000', counterpartyName: '钱七', memo: '2-1-801商贷' }),
        // The provident part the next day, booked that day: within 24 h of both credits (not LATE_BOOKING).
        bank({ row: 3, amount: '400000', counterpartyName: '某市住房公积金管理中心', memo: '公积金贷款', date: '2026-11-04' }),
      ],
      finance: [journal({ row: 2, debit: '1000000', unitKey: '2-1-801', customer: '钱七', date: '2026-11-04' })],
    });
    expect(outcomes(rows)).toEqual(['bank:2:MATCHED:SPLIT_MATCH', 'bank:3:MATCHED:SPLIT_MATCH', 'finance:2:MATCHED:SPLIT_MATCH']);
    expect(rows[2].counterparts.map((c) => c.row)).toEqual([2, 3]);
  });

  it('one credit against two bookings → SPLIT_MATCH', () => {
    const rows = run({
      bank: [bank({ row: 2, amount: '1000000', memo: '2-1-801放款' })],
      finance: [journal({ row: 2, debit: '600000', unitKey: '2-1-801' }), journal({ row: 3, debit: '400000', unitKey: '2-1-801' })],
    });
    expect(outcomes(rows)).toEqual(['bank:2:MATCHED:SPLIT_MATCH', 'finance:2:MATCHED:SPLIT_MATCH', 'finance:3:MATCHED:SPLIT_MATCH']);
  });

  it('deposit withheld: credit = loan × (1 − ratio) against a booking of the whole loan; the refund matched to its unit', () => {
    const rows = run({
      register: [unit({ unitKey: '7-1-1001', buyer: '孙八', commercial: '800000', ratio: '0.05' })],
      bank: [
        bank({ row: 2, amount: '760000', counterpartyName: '孙八', memo: '7-1-1001按揭' }),
        bank({ row: 3, amount: '40000', counterpartyName: '中国工商银行', memo: '按揭保证金退还', date: '2026-11-25' }),
      ],
      finance: [journal({ row: 2, debit: '800000', unitKey: '7-1-1001', customer: '孙八' }), journal({ row: 3, debit: '40000', unitKey: '7-1-1001', summary: '退保证金', date: '2026-11-25' })],
    });
    expect(outcomes(rows)).toEqual(['bank:2:MATCHED:DEPOSIT_WITHHELD', 'bank:3:MATCHED:', 'finance:2:MATCHED:DEPOSIT_WITHHELD', 'finance:3:MATCHED:']);
    expect(rows[0].rule).toBe('DEPOSIT_WITHHELD');
    expect(rows[1].rule).toBe('DEPOSIT_REFUND');
    expect(rows[0].explanation.zh).toContain('¥40,000.00');
  });

  it('reversal pair and debits that are not reversals', () => {
    const rows = run({
      bank: [
        bank({ row: 2, amount: '200000', counterpartyName: '周九', memo: '9-9-909' }),
        bank({ row: 3, amount: '-200000', counterpartyName: '周九', memo: '冲正', date: '2026-11-04' }),
        bank({ row: 4, amount: '-5000', counterpartyName: '某装修公司', memo: '付款' }),
        bank({ row: 5, amount: '12.34', memo: '第四季度结息' }),
      ],
    });
    expect(outcomes(rows)).toEqual(['bank:2:REVERSED:REVERSED', 'bank:3:REVERSED:REVERSED', 'bank:4:NOT_MORTGAGE:NOT_MORTGAGE', 'bank:5:NOT_MORTGAGE:NOT_MORTGAGE']);
    expect(rows[3].explanation.zh).toContain('利息');
  });

  it('a booking reversed by a credit line is REVERSED; the credit counts as money out (debit − credit)', () => {
    const rows = run({
      finance: [
        journal({ row: 2, debit: '300000', customer: '吴十', unitKey: '5-5-505' }),
        journal({ row: 3, credit: '300000', customer: '吴十', unitKey: '5-5-505', summary: '冲销', date: '2026-11-04' }),
        journal({ row: 4, debit: '100', credit: '250000', customer: '郑十一', unitKey: '6-6-606', summary: '退款', date: '2026-11-05' }),
      ],
    });
    expect(outcomes(rows)).toEqual(['finance:2:REVERSED:REVERSED', 'finance:3:REVERSED:REVERSED', 'finance:4:NOT_MORTGAGE:NOT_MORTGAGE']);
  });

  it('a 冲销 quoting a voucher in the forms finance writes it cancels that voucher; a month quoted must be the voucher\'s', () => {
    const booking = (row: number, voucher: string, date: string, summary: string) => journal({ row, voucher, debit: '300000', customer: '吴十', unitKey: '5-5-505', date, summary });
    // Two bookings of one unit and customer (商贷 and 公积金): only the voucher quoted tells them apart.
    for (const quoted of ['冲销记字第0001号', '红字冲销 记1', '冲销11月记-0001']) {
      const rows = run({ finance: [booking(2, '记-0001', '2026-11-02', '吴十商贷'), booking(3, '记-0002', '2026-11-03', '吴十公积金贷款'), journal({ row: 4, voucher: '记-0009', credit: '300000', customer: '吴十', unitKey: '5-5-505', summary: quoted, date: '2026-11-05' })] });
      expect(outcomes(rows), quoted).toEqual(['finance:2:REVERSED:REVERSED', 'finance:3:MISSING_IN_BANK:MISSING_IN_BANK', 'finance:4:REVERSED:REVERSED']);
      expect(rows[2].counterparts, quoted).toEqual([{ side: 'finance', file: 'journal.csv', sheet: '', row: 2 }]);
    }
    // "10月记-2" is October's voucher: November's 记-2 of another customer is not it, nor is 记-12.
    const rows = run({
      finance: [
        journal({ row: 2, voucher: '记-2', debit: '300000', customer: '郑十一', unitKey: '6-6-606', date: '2026-11-02', summary: '郑十一商贷' }),
        journal({ row: 3, voucher: '记-12', debit: '300000', customer: '郑十一', unitKey: '6-6-606', date: '2026-11-02', summary: '郑十一公积金贷款' }),
        journal({ row: 4, voucher: '记-9', credit: '300000', customer: '吴十', unitKey: '5-5-505', summary: '冲销10月记-2', date: '2026-11-05' }),
      ],
    });
    expect(outcomes(rows)).toEqual(['finance:2:MISSING_IN_BANK:MISSING_IN_BANK', 'finance:3:MISSING_IN_BANK:MISSING_IN_BANK', 'finance:4:REVERSED:REVERSED']);
    expect(rows[2].counterparts).toEqual([]);
    expect(rows[2].explanation.zh).toContain('原交易不在本期文件中');
  });

  it('a 冲正 on one statement account never cancels a credit on another', () => {
    const rows = run({
      bank: [
        bank({ row: 2, amount: '200000', counterpartyName: '周九', memo: '9-9-909', account: '1001000000000000002' }),
        bank({ row: 3, amount: '200000', counterpartyName: '周九', memo: '9-9-909', account: '1001000000000000001' }),
        bank({ row: 4, amount: '-200000', counterpartyName: '周九', memo: '冲正', date: '2026-11-04', account: '1001000000000000002' }),
      ],
    });
    expect(outcomes(rows)).toEqual(['bank:2:REVERSED:REVERSED', 'bank:3:MISSING_IN_FINANCE:MISSING_IN_FINANCE', 'bank:4:REVERSED:REVERSED']);
    expect(rows[2].counterparts).toEqual([{ side: 'bank', file: 'icbc.csv', sheet: '', row: 2 }]);
  });

  it('rows carry the signed amount and the reference without surrounding blanks, also into open items', () => {
    const r = reconcile({
      period: '2026-11',
      config: config(),
      rejected: [],
      bank: [bank({ row: 2, amount: '123456.78', reference: '  ICBC0099  ', counterpartyName: '冯十二' })],
      finance: [journal({ row: 2, credit: '654321.09', customer: '陈十三', summary: '退按揭款' })],
    });
    expect(openItems(r.engine).map((o) => [o.side, o.amount, o.reference])).toEqual([['bank', '123456.78', 'ICBC0099']]);
    expect(r.engine.items.map((it) => [it.side, it.amount.toFixed(2), it.ref])).toEqual([
      ['bank', '123456.78', 'ICBC0099'],
      ['finance', '-654321.09', null],
    ]);
  });

  it("an open credit carries its payer's name once: the memo naming the payer is not followed by the name again", () => {
    const r = reconcile({
      period: '2026-11',
      config: config(),
      rejected: [],
      bank: [bank({ row: 2, amount: '480000', memo: '按揭款 1#2-601 蒋晓东', counterpartyName: '蒋晓东' }), bank({ row: 3, amount: '520000', memo: '按揭款 1#2-602', counterpartyName: '韩梅' })],
      finance: [],
    });
    expect(openItems(r.engine).map((o) => o.text)).toEqual(['按揭款 1#2-601 蒋晓东', '按揭款 1#2-602 韩梅']);
  });

  it('out of period rows are reported, not dropped; ties are AMBIGUOUS with the candidates listed', () => {
    const rows = run({
      bank: [
        bank({ row: 2, amount: '100000', date: '2026-10-30', memo: '1-1-101' }),
        bank({ row: 3, amount: '300000', counterpartyName: '甲', date: '2026-11-10' }),
        bank({ row: 4, amount: '300000', counterpartyName: '甲', date: '2026-11-10' , time: '10:00:00'}),
      ],
      finance: [journal({ row: 2, debit: '300000', customer: '甲', date: '2026-11-10' })],
    });
    expect(outcomes(rows)).toEqual(['bank:2:OUT_OF_PERIOD:OUT_OF_PERIOD', 'bank:3:AMBIGUOUS:AMBIGUOUS', 'bank:4:AMBIGUOUS:AMBIGUOUS', 'finance:2:AMBIGUOUS:AMBIGUOUS']);
    expect(rows[3].counterparts.map((c) => c.row)).toEqual([3, 4]);
  });

  it('rejected rows are UNPARSEABLE and never paired', () => {
    const rows = run({
      rejected: [{ side: 'bank', row: { source: { file: 'icbc.csv', sheet: '', row: 9 }, reason: { zh: '金额不是数字', en: 'amount is not a number' }, column: 'D', raw: ['x'] } }],
      finance: [journal({ row: 2, debit: '1000', unitKey: '1-1-101' })],
    });
    expect(outcomes(rows)).toEqual(['bank:9:UNPARSEABLE:UNPARSEABLE', 'finance:2:MISSING_IN_BANK:MISSING_IN_BANK']);
    expect(rows[0].explanation.zh).toContain('金额不是数字');
  });
});

describe('factors of a group', () => {
  it('a group with a member of another unit says unit "differ", not "agree" because another member agrees', () => {
    const r = reconcile({
      period: '2026-11',
      config: config(),
      rejected: [],
      bank: [bank({ row: 2, amount: '600000', counterpartyName: '钱七', memo: '2-1-801商贷' }), bank({ row: 3, amount: '400000', counterpartyName: '钱七', memo: '2-1-801公积金' })],
      finance: [journal({ row: 2, debit: '1000000', unitKey: '2-1-801', customer: '钱七' })],
    });
    const [b1, b2, f] = r.engine.items;
    expect(f.cps).toEqual([b1, b2]);
    expect(factorsOf(f, 7)?.unit).toBe('agree');
    // As a credit for another unit would read, had it been drawn into the group.
    b2.unit = '2-1-802';
    for (const x of [b1, b2, f]) expect(factorsOf(x, 7)?.unit).toBe('differ');
  });
});
