/**
 * Two 监管户 of the month-end chain tests that reconcile per account (分户调节): ICBC and CCB, each
 * with its own 银行存款 科目 and opening balance, and loan amounts distinct per unit.
 */
export const fen = (x: string | number): number => Math.round(Number(x) * 100);
export const amountOf = (u: number): number => 500_000 + u * 1000;

export const ICBC = { bank: 'ICBC', account: '1202000000000000128' };
export const CCB = { bank: 'CCB', account: '4400000000000000555' };
export const ICBC_LEDGER = { accountCode: '1002.01', accountName: '银行存款-工行监管户' };
export const CCB_LEDGER = { accountCode: '1002.02', accountName: '银行存款-建行监管户' };
export const OPENING = { ICBC: 1_000_000, CCB: 2_000_000 };
