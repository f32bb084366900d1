import { describe, expect, it } from 'vitest';
import { reconcile, rowResult, type ReconcileInput } from '../../domain/reconcile';
import { bank, config, journal, unit } from './helpers';

function run(p: Partial<ReconcileInput>) {
  const r = reconcile({ period: '2026-11', bank: [], finance: [], rejected: [], config: config(), ...p });
  return r.engine.items.map((it) => rowResult(it, r.engine));
}

describe('a booking or credit that repeats a matched one in other words', () => {
  it('a second booking of the same unit and amount, worded differently, says it may be booked twice and names the first', () => {
    const rows = run({
      bank: [bank({ row: 2, amount: '700000', memo: '3栋2单元1501张三按揭放款', counterpartyName: '张三', date: '2026-11-03' })],
      finance: [
        journal({ row: 2, debit: '700000', unitKey: '3-2-1501', customer: '张三', summary: '收张三按揭款', date: '2026-11-03' }),
        journal({ row: 3, debit: '700000', unitKey: '3-2-1501', customer: '张三', summary: '按揭放款 3-2-1501', date: '2026-11-05' }),
      ],
    });
    const second = rows.find((r) => r.side === 'finance' && r.row === 3)!;
    // Still what it is — the bank shows no second credit — but the person is told where to look first.
    expect(second.outcome).toBe('MISSING_IN_BANK');
    expect(second.explanation.zh).toContain('可能重复入账');
    expect(second.explanation.zh).toContain('journal.csv 第2行');
    expect(second.explanation.en).toContain('booked twice');
    expect(rows.find((r) => r.side === 'finance' && r.row === 2)!.outcome).toBe('MATCHED');
  });

  it('a second credit of the same unit and amount says the bank may have paid twice', () => {
    const rows = run({
      bank: [
        bank({ row: 2, amount: '700000', memo: '3-2-1501 张三 放款', counterpartyName: '张三', reference: 'A1', date: '2026-11-03' }),
        bank({ row: 3, amount: '700000', memo: '3-2-1501 张三 放款', counterpartyName: '张三', reference: 'A2', date: '2026-11-04' }),
      ],
      finance: [journal({ row: 2, debit: '700000', unitKey: '3-2-1501', customer: '张三', date: '2026-11-03' })],
    });
    const second = rows.find((r) => r.side === 'bank' && r.row === 3)!;
    expect(second.outcome).toBe('MISSING_IN_FINANCE');
    expect(second.explanation.zh).toContain('可能重复到账');
    expect(second.explanation.zh).toContain('icbc.csv 第2行');
  });

  it('says nothing of the kind for another unit, another amount, or a booking weeks apart', () => {
    const rows = run({
      bank: [bank({ row: 2, amount: '700000', memo: '3-2-1501 张三 放款', counterpartyName: '张三', date: '2026-11-03' })],
      finance: [
        journal({ row: 2, debit: '700000', unitKey: '3-2-1501', customer: '张三', date: '2026-11-03' }),
        journal({ row: 3, debit: '700000', unitKey: '3-2-1502', customer: '李四', summary: '李四房款', date: '2026-11-03' }),
        journal({ row: 4, debit: '690000', unitKey: '3-2-1501', customer: '张三', summary: '按揭 3-2-1501', date: '2026-11-03' }),
        journal({ row: 5, debit: '700000', unitKey: '3-2-1501', customer: '张三', summary: '张三按揭款', date: '2026-11-29' }),
      ],
    });
    for (const r of rows.filter((x) => x.side === 'finance' && x.row > 2)) {
      expect(r.outcome).toBe('MISSING_IN_BANK');
      expect(r.explanation.zh).not.toContain('可能重复');
    }
  });

  it('not for a 组合贷 whose two loans are of the same amount: the register expects two credits of it', () => {
    const rows = run({
      register: [unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '500000', provident: '500000', ratio: '0' })],
      bank: [bank({ row: 2, amount: '500000', memo: '3-2-1501 张三 商贷放款', counterpartyName: '张三', reference: 'A1', date: '2026-11-03' })],
      finance: [
        journal({ row: 2, debit: '500000', unitKey: '3-2-1501', customer: '张三', summary: '收张三商业贷款', date: '2026-11-03' }),
        journal({ row: 3, debit: '500000', unitKey: '3-2-1501', customer: '张三', summary: '收张三按揭款（第二笔）', date: '2026-11-04' }),
      ],
    });
    const second = rows.find((r) => r.side === 'finance' && r.row === 3)!;
    expect(second.outcome).toBe('MISSING_IN_BANK');
    expect(second.explanation.zh).not.toContain('可能重复');
  });

  it('not between a commercial and a provident-fund booking, nor between two banks’ credits', () => {
    const fins = run({
      bank: [bank({ row: 2, amount: '500000', memo: '3-2-1501 张三 放款', counterpartyName: '张三', reference: 'A1', date: '2026-11-03' })],
      finance: [
        journal({ row: 2, debit: '500000', unitKey: '3-2-1501', customer: '张三', summary: '收张三按揭款', date: '2026-11-03' }),
        journal({ row: 3, debit: '500000', unitKey: '3-2-1501', customer: '张三', summary: '收张三公积金贷款', date: '2026-11-05' }),
      ],
    });
    const provident = fins.find((r) => r.side === 'finance' && r.row === 3)!;
    expect(provident.outcome).toBe('MISSING_IN_BANK');
    expect(provident.explanation.zh).not.toContain('可能重复');
    const banks = run({
      bank: [
        bank({ row: 2, amount: '500000', memo: '3-2-1501 张三 放款', counterpartyName: '张三', reference: 'A1', date: '2026-11-03' }),
        bank({ row: 2, file: 'ccb.csv', bank: 'CCB', account: '2002000000000000002', amount: '500000', memo: '3-2-1501 张三 放款', counterpartyName: '张三', reference: 'B1', date: '2026-11-04' }),
      ],
      finance: [journal({ row: 2, debit: '500000', unitKey: '3-2-1501', customer: '张三', summary: '收张三按揭款', date: '2026-11-03' })],
    });
    const ccb = banks.find((r) => r.side === 'bank' && r.file === 'ccb.csv')!;
    expect(ccb.outcome).toBe('MISSING_IN_FINANCE');
    expect(ccb.explanation.zh).not.toContain('可能重复');
  });
});
