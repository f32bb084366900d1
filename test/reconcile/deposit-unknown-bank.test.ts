import { describe, expect, it } from 'vitest';
import { reconcile, rowResult, type ReconcileInput } from '../../domain/reconcile';
import type { RegisterUnit } from '../../domain/register';
import { loadFeeRules } from '../../pipeline/render/templates';
import { scenario } from './files';
import { bank, config, journal, unit } from './helpers';

/**
 * anjie reconcile takes a credit for one net of the deposit (DEPOSIT_WITHHELD) and a credit for its
 * refund (DEPOSIT_REFUND) from the unit's deposit ratio. A row with no ratio of its own whose 贷款银行 is
 * off the register's bank list (建设银行 for 中国建设银行), or whose 保证金比例 cannot be read, has no ratio
 * anyone agreed: the fee ledger's 按揭保证金 is 无法计算 for it, and reconcile must not take the 10% general
 * default for it either (CCB holds 5%: a ¥630,000 credit on a ¥700,000 loan was "matched" as 10% withheld).
 */

const deposit = loadFeeRules().deposit;

function run(register: RegisterUnit[], p: Partial<ReconcileInput>) {
  const r = reconcile({ period: '2026-11', bank: [], finance: [], rejected: [], config: config(), register, depositRatios: deposit, ...p });
  return { rows: r.engine.items.map((it) => rowResult(it, r.engine)), totals: r.totals };
}
const outcomes = (rows: ReturnType<typeof run>['rows']) => rows.map((r) => `${r.side}:${r.row}:${r.outcome}:${r.flags.join('+')}`);

/** 张三's 3-2-1501: a ¥700,000 commercial loan, no 保证金比例 in the row; `marks` as the register reader leaves them. */
const offList = (bankName: string, marks: string[]) => ({ ...unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '700000', bank: bankName }), unreadable: marks });
const credit = (amount: string) => bank({ row: 2, amount, counterpartyName: '张三', memo: '3-2-1501按揭放款' });
const booking = journal({ row: 2, debit: '700000', unitKey: '3-2-1501', customer: '张三' });
const REASON = '3-2-1501的贷款银行「建设银行」不在银行列表中，无法确定保证金比例';

describe('reconcile: a unit whose deposit ratio is not known is not matched on a guessed one', () => {
  it('a credit of the loan less the 10% default is not DEPOSIT_WITHHELD: the pair is AMOUNT_MISMATCH, ¥70,000 short, and says why the deposit was not checked', () => {
    const { rows, totals } = run([offList('建设银行', ['bank'])], { bank: [credit('630000')], finance: [booking] });
    expect(outcomes(rows)).toEqual(['bank:2:AMOUNT_MISMATCH:AMOUNT_MISMATCH', 'finance:2:AMOUNT_MISMATCH:AMOUNT_MISMATCH']);
    for (const r of rows) {
      // 630,000 − 700,000
      expect(r.explanation.zh).toContain('差额-¥70,000.00');
      expect(r.explanation.zh).toContain(`${REASON}，未按扣留保证金核对差额，请改正台账后重新对账`);
      expect(r.explanation.en).toContain('for 3-2-1501, the lending bank "建设银行" is not in the bank list, so the deposit ratio is not known: the difference was not checked as a withheld deposit');
    }
    expect(totals.flags.get('DEPOSIT_WITHHELD') ?? 0).toBe(0);
  });

  it('the credit net of the 5% CCB really holds is AMOUNT_MISMATCH too (¥35,000 short), saying the ratio is not known rather than leaving the desk to guess', () => {
    const { rows } = run([offList('建设银行', ['bank'])], { bank: [credit('665000')], finance: [booking] });
    expect(outcomes(rows)).toEqual(['bank:2:AMOUNT_MISMATCH:AMOUNT_MISMATCH', 'finance:2:AMOUNT_MISMATCH:AMOUNT_MISMATCH']);
    expect(rows[0].explanation.zh).toContain(`差额-¥35,000.00；${REASON}`);
  });

  it('a refund of the guessed deposit (¥70,000) is not DEPOSIT_REFUND of 3-2-1501: both rows stay open, the booking saying why', () => {
    const { rows } = run([offList('建设银行', ['bank'])], {
      bank: [bank({ row: 3, amount: '70000', counterpartyName: '中国建设银行', memo: '按揭保证金退还', date: '2026-11-25' })],
      finance: [journal({ row: 3, debit: '70000', unitKey: '3-2-1501', summary: '退保证金', date: '2026-11-25' })],
    });
    expect(outcomes(rows)).toEqual(['bank:3:MISSING_IN_FINANCE:MISSING_IN_FINANCE', 'finance:3:MISSING_IN_BANK:MISSING_IN_BANK']);
    expect(rows[1].explanation.zh).toContain(`${REASON}，未按保证金（扣留或退还）核对`);
  });

  it('a 保证金比例 that cannot be read is not replaced by the bank’s 10% either', () => {
    const { rows } = run([offList('中国工商银行', ['depositRatio'])], { bank: [credit('630000')], finance: [booking] });
    expect(outcomes(rows)).toEqual(['bank:2:AMOUNT_MISMATCH:AMOUNT_MISMATCH', 'finance:2:AMOUNT_MISMATCH:AMOUNT_MISMATCH']);
    expect(rows[0].explanation.zh).toContain('3-2-1501的保证金比例无法识别，未按扣留保证金核对差额');
  });

  it('a 保证金比例 below 0 (−10%, an error in the register) is no deposit: neither the loan × 1.1 nor the bank’s ratio is matched as DEPOSIT_WITHHELD, and the row says why', () => {
    const negative = unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '700000', ratio: '-0.1', bank: '中国建设银行' });
    for (const amount of ['770000', '630000', '665000']) {
      const { rows, totals } = run([negative], { bank: [credit(amount)], finance: [booking] });
      expect(outcomes(rows)).toEqual(['bank:2:AMOUNT_MISMATCH:AMOUNT_MISMATCH', 'finance:2:AMOUNT_MISMATCH:AMOUNT_MISMATCH']);
      expect(totals.flags.get('DEPOSIT_WITHHELD') ?? 0).toBe(0);
      // A credit short of the booking (the 10% meant, CCB's 5%) says the deposit was not checked, and why.
      if (amount !== '770000') expect(rows[0].explanation.zh).toContain('3-2-1501的保证金比例 -10% 不能为负数，未按扣留保证金核对差额');
    }
  });

  it('a 保证金比例 of 100% (an error in the register) is no deposit either: a short credit says why it was not checked as one', () => {
    const whole = unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '700000', ratio: '1', bank: '中国建设银行' });
    const { rows, totals } = run([whole], { bank: [credit('630000')], finance: [booking] });
    expect(outcomes(rows)).toEqual(['bank:2:AMOUNT_MISMATCH:AMOUNT_MISMATCH', 'finance:2:AMOUNT_MISMATCH:AMOUNT_MISMATCH']);
    expect(totals.flags.get('DEPOSIT_WITHHELD') ?? 0).toBe(0);
    expect(rows[0].explanation.zh).toContain('3-2-1501的保证金比例 100% 不小于 100%，保证金不会等于或超过贷款本身，未按扣留保证金核对差额');
  });

  it('no 贷款银行 at all (BANK_MISSING) is no agreement either: ¥630,000 on a ¥700,000 loan is AMOUNT_MISMATCH, saying why, not DEPOSIT_WITHHELD on the 10% default', () => {
    const blank = { ...unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '700000' }), bank: null };
    const { rows, totals } = run([blank], { bank: [credit('630000')], finance: [booking] });
    expect(outcomes(rows)).toEqual(['bank:2:AMOUNT_MISMATCH:AMOUNT_MISMATCH', 'finance:2:AMOUNT_MISMATCH:AMOUNT_MISMATCH']);
    expect(totals.flags.get('DEPOSIT_WITHHELD') ?? 0).toBe(0);
    expect(rows[0].explanation.zh).toContain('3-2-1501的未填贷款银行，无法确定保证金比例，未按扣留保证金核对差额');
  });

  it('a bank on the list without a row ratio still gets its agreed ratio: 中国建设银行 5%, ¥665,000 is DEPOSIT_WITHHELD', () => {
    const { rows } = run([offList('中国建设银行', [])], { bank: [credit('665000')], finance: [booking] });
    expect(outcomes(rows)).toEqual(['bank:2:MATCHED:DEPOSIT_WITHHELD', 'finance:2:MATCHED:DEPOSIT_WITHHELD']);
    expect(rows[0].explanation.zh).toContain('保证金¥35,000.00（贷款¥700,000.00×5%');
  });
});

describe('anjie reconcile reads a 贷款银行 off the register’s bank list as anjie fees does', () => {
  it('register file → JSON: the ¥630,000 credit of 建设银行’s unit is AMOUNT_MISMATCH, not DEPOSIT_WITHHELD on the 10% default; each row once, totals as read', async () => {
    const s = await scenario({
      register: [unit({ unitKey: '3-2-1501', buyer: '张三', commercial: '700000', bank: '建设银行' })],
      bank: [{ ref: 'B001', amount: '630000', name: '张三', memo: '个人住房贷款放款 3-2-1501' }],
      finance: [{ voucher: '记-0001', amount: '700000', customer: '张三', unit: '3-2-1501' }],
    });
    for (const r of [s.bank('B001'), s.fin('记-0001')]) expect(r).toMatchObject({ outcome: 'AMOUNT_MISMATCH', flags: ['AMOUNT_MISMATCH'] });
    expect(s.bank('B001').explanation.zh).toContain(`差额-¥70,000.00；${REASON}`);
    expect(s.json.rows).toHaveLength(2);
    expect(s.json.totals.flags.DEPOSIT_WITHHELD).toBe(0);
    const t = s.json.totals as unknown as { bank: { amount: string; byOutcome: Record<string, { amount: string }> }; finance: { amount: string; byOutcome: Record<string, { amount: string }> } };
    expect([t.bank.amount, t.bank.byOutcome.AMOUNT_MISMATCH.amount, t.finance.amount, t.finance.byOutcome.AMOUNT_MISMATCH.amount]).toEqual(['630000.00', '630000.00', '700000.00', '700000.00']);
  });
});
