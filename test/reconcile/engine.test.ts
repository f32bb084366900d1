import { describe, expect, it } from 'vitest';
import { reconcile, rowResult, type ReconcileInput } from '../../domain/reconcile';
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
});
