import { describe, expect, it } from 'vitest';
import { reconcile, rowResult, type ReconcileInput } from '../../domain/reconcile';
import { bank, config, journal, unit } from './helpers';

function run(p: Partial<ReconcileInput>) {
  const r = reconcile({ period: '2026-11', bank: [], finance: [], rejected: [], config: config(), ...p });
  return r.engine.items.map((it) => rowResult(it, r.engine));
}

/** The provident-fund centre's credit as it often reads: the centre as payer, no buyer, no unit. */
const centreCredit = (amount: string, date = '2026-11-05') =>
  bank({ row: 2, amount, memo: '公积金贷款发放', counterpartyName: '广州住房公积金管理中心', date });

describe('a provident-fund credit that names neither buyer nor unit', () => {
  it('pairs with the booking of the one unit whose register provident loan is its amount, and says so', () => {
    const rows = run({
      register: [
        unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '700000', provident: '300000', ratio: '0' }),
        unit({ unitKey: '3-2-1502', buyer: '李四', commercial: '600000', provident: '400000', ratio: '0' }),
      ],
      bank: [centreCredit('300000')],
      finance: [journal({ row: 2, debit: '300000', unitKey: '3-2-1501', customer: '张三', summary: '收张三公积金贷款', date: '2026-11-05' })],
    });
    expect(rows.map((r) => [r.side, r.outcome, r.rule])).toEqual([
      ['bank', 'MATCHED', 'PROVIDENT_REGISTER'],
      ['finance', 'MATCHED', 'PROVIDENT_REGISTER'],
    ]);
    expect(rows[0].explanation.zh).toContain('台账');
    expect(rows[0].explanation.zh).toContain('公积金');
  });

  it('pairs nothing when two units’ provident loans are of that amount and both have such a booking: a tie, both named', () => {
    const rows = run({
      register: [
        unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '700000', provident: '300000', ratio: '0' }),
        unit({ unitKey: '3-2-1502', buyer: '李四', commercial: '600000', provident: '300000', ratio: '0' }),
      ],
      bank: [centreCredit('300000')],
      finance: [
        journal({ row: 2, debit: '300000', unitKey: '3-2-1501', customer: '张三', summary: '收张三公积金贷款', date: '2026-11-05' }),
        journal({ row: 3, debit: '300000', unitKey: '3-2-1502', customer: '李四', summary: '收李四公积金贷款', date: '2026-11-05' }),
      ],
    });
    expect(rows.map((r) => r.outcome)).toEqual(['AMBIGUOUS', 'AMBIGUOUS', 'AMBIGUOUS']);
    expect(rows[0].counterparts).toHaveLength(2);
  });

  it('pairs nothing for a commercial bank payer, a booking outside the date window, or an amount no provident loan has', () => {
    const register = [unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '700000', provident: '300000', ratio: '0' })];
    const booking = journal({ row: 2, debit: '300000', unitKey: '3-2-1501', customer: '张三', summary: '收张三公积金贷款', date: '2026-11-05' });
    const bankPayer = run({ register, bank: [bank({ row: 2, amount: '300000', memo: '贷款发放', counterpartyName: '中国建设银行深圳分行', date: '2026-11-05' })], finance: [booking] });
    expect(bankPayer.map((r) => r.outcome)).toEqual(['MISSING_IN_FINANCE', 'MISSING_IN_BANK']);
    const late = run({ register, bank: [centreCredit('300000', '2026-11-20')], finance: [booking] });
    expect(late.map((r) => r.rule)).not.toContain('PROVIDENT_REGISTER');
    const other = run({ register, bank: [centreCredit('250000')], finance: [journal({ row: 2, debit: '250000', unitKey: '3-2-1501', customer: '张三', date: '2026-11-05' })] });
    expect(other.map((r) => r.rule)).not.toContain('PROVIDENT_REGISTER');
  });
});
