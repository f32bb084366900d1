import { describe, expect, it } from 'vitest';
import { reconcile, rowResult, type ReconcileInput } from '../../domain/reconcile';
import type { BankTransaction, JournalLine } from '../../domain/records';
import { bank, config, journal } from './helpers';

/**
 * WRONG_ACCOUNT: money credited to one bank account but booked to another account's 科目. The
 * journal keeps one 银行存款 sub-account per bank account; which one belongs to which statement
 * account is learnt from the month's own pairs.
 */
function run(p: Partial<ReconcileInput>) {
  const r = reconcile({ period: '2026-11', bank: [], finance: [], rejected: [], config: config(), ...p });
  return r.engine.items.map((it) => rowResult(it, r.engine));
}

const ICBC = { bank: 'ICBC', account: '1202000000000000128', file: 'icbc.csv' };
const CCB = { bank: 'CCB', account: '4400000000000000555', file: 'ccb.csv' };
const ICBC_LEDGER = { accountCode: '1002.01', accountName: '银行存款-工行监管户' };
const CCB_LEDGER = { accountCode: '1002.02', accountName: '银行存款-建行监管户' };

let next = 0;
/** A credit to `acct` and its booking on `ledger`, paired by unit and amount. */
function pair(acct: typeof ICBC, ledger: { accountCode: string; accountName: string }, amount?: string): [BankTransaction, JournalLine] {
  next++;
  const unitKey = `${next}-1-101`;
  const money = amount ?? String(500000 + next * 1000);
  return [bank({ ...acct, row: next + 1, amount: money, memo: `个人住房贷款放款 ${unitKey}` }), journal({ ...ledger, row: next + 1, debit: money, unitKey, summary: `收${unitKey}按揭款` })];
}

function month(pairs: [BankTransaction, JournalLine][]): Partial<ReconcileInput> {
  return { bank: pairs.map((p) => p[0]), finance: pairs.map((p) => p[1]) };
}

const outcomeOf = (rows: ReturnType<typeof run>, file: string, row: number) => rows.find((r) => r.file === file && r.row === row)!;

describe('WRONG_ACCOUNT', () => {
  it('a credit to the ICBC account booked to the CCB account’s 科目 is flagged on both rows, and the sentence says where it belongs', () => {
    const good = [...Array.from({ length: 4 }, () => pair(ICBC, ICBC_LEDGER)), ...Array.from({ length: 4 }, () => pair(CCB, CCB_LEDGER))];
    const wrong = pair(ICBC, CCB_LEDGER);
    const rows = run(month([...good, wrong]));
    const b = outcomeOf(rows, 'icbc.csv', wrong[0].source.row);
    const f = outcomeOf(rows, 'journal.csv', wrong[1].source.row);
    expect([b.outcome, b.flags, f.outcome, f.flags]).toEqual(['WRONG_ACCOUNT', ['WRONG_ACCOUNT'], 'WRONG_ACCOUNT', ['WRONG_ACCOUNT']]);
    expect(b.counterparts).toEqual([{ side: 'finance', file: 'journal.csv', sheet: '', row: wrong[1].source.row }]);
    expect(b.explanation.zh).toContain('却记入1002.02 银行存款-建行监管户');
    expect(b.explanation.zh).toContain('4/5笔已匹配款项记入1002.01 银行存款-工行监管户');
    expect(b.explanation.zh).not.toContain('1202000000000000128');
    // Everything else stays matched.
    expect(rows.filter((r) => r.outcome !== 'MATCHED')).toHaveLength(2);
  });

  it('an account with too few pairs, or booked to several 科目 alike, is not linked: nothing is flagged', () => {
    const few = run(month([pair(ICBC, ICBC_LEDGER), pair(ICBC, ICBC_LEDGER), pair(ICBC, CCB_LEDGER)]));
    expect(few.every((r) => r.outcome === 'MATCHED')).toBe(true);
    const mixed = run(month([...Array.from({ length: 3 }, () => pair(ICBC, ICBC_LEDGER)), ...Array.from({ length: 2 }, () => pair(ICBC, CCB_LEDGER))]));
    expect(mixed.every((r) => r.outcome === 'MATCHED')).toBe(true);
  });

  it('a journal that books every bank to one 科目 (1002 银行存款) raises nothing', () => {
    const one = { accountCode: '1002', accountName: '银行存款' };
    const rows = run(month([...Array.from({ length: 5 }, () => pair(ICBC, one)), ...Array.from({ length: 5 }, () => pair(CCB, one))]));
    expect(rows.every((r) => r.outcome === 'MATCHED')).toBe(true);
  });

  it('statements without an account number are told apart by file', () => {
    const noNo = (file: string) => ({ bank: 'ICBC', account: null as unknown as string, file });
    const rows = run(month([...Array.from({ length: 4 }, () => pair(noNo('a.csv'), ICBC_LEDGER)), ...Array.from({ length: 4 }, () => pair(noNo('b.csv'), CCB_LEDGER)), pair(noNo('b.csv'), ICBC_LEDGER)]));
    expect(rows.filter((r) => r.outcome === 'WRONG_ACCOUNT').map((r) => r.side)).toEqual(['bank', 'finance']);
  });

  it('a 组合贷 whose two credits reached two accounts but was booked on one 科目 is WRONG_ACCOUNT too (each account is off by a part); on one account it is a plain split', () => {
    const good = [...Array.from({ length: 4 }, () => pair(ICBC, ICBC_LEDGER)), ...Array.from({ length: 4 }, () => pair(CCB, CCB_LEDGER))];
    const credits = [bank({ ...ICBC, row: 90, amount: '600000', memo: '个人住房贷款放款 9-9-909', counterpartyName: '周九' }), bank({ ...CCB, row: 91, amount: '300000', memo: '公积金贷款发放 周九 9-9-909', counterpartyName: '住房公积金管理中心' })];
    const booking = journal({ ...ICBC_LEDGER, row: 90, debit: '900000', unitKey: '9-9-909', customer: '周九', summary: '收9-9-909周九组合贷款' });
    const rows = run({ bank: [...good.map((p) => p[0]), ...credits], finance: [...good.map((p) => p[1]), booking] });
    const split = rows.filter((r) => r.flags.includes('SPLIT_MATCH'));
    expect(split.map((r) => [r.outcome, r.flags])).toEqual(Array(3).fill(['WRONG_ACCOUNT', ['WRONG_ACCOUNT', 'SPLIT_MATCH']]));
    // The sentence names the part that reached CCB, not the ICBC part booked where it belongs.
    expect(split[0].explanation.zh).toContain('款项到CCB账户（ccb.csv），却记入1002.01 银行存款-工行监管户');
    // Both parts credited to CCB and booked on CCB's 科目: a split, nothing wrong.
    const same = [bank({ ...CCB, row: 92, amount: '600000', memo: '个人住房贷款放款 9-9-910', counterpartyName: '吴十' }), bank({ ...CCB, row: 93, amount: '300000', memo: '公积金贷款发放 吴十 9-9-910', counterpartyName: '住房公积金管理中心' })];
    const sameBooking = journal({ ...CCB_LEDGER, row: 92, debit: '900000', unitKey: '9-9-910', customer: '吴十', summary: '收9-9-910吴十组合贷款' });
    const ok = run({ bank: [...good.map((p) => p[0]), ...same], finance: [...good.map((p) => p[1]), sameBooking] });
    expect(ok.filter((r) => r.flags.includes('SPLIT_MATCH')).map((r) => [r.outcome, r.flags])).toEqual(Array(3).fill(['MATCHED', ['SPLIT_MATCH']]));
  });
});
