/**
 * The developer's bank accounts in the sample set: one account per lending bank, each exported
 * in that bank's own statement layout (templates/banks/<profile>.json), and the ledger
 * sub-account (1002.xx 银行存款-…) finance books it to.
 */
export type AccountId = 'icbc' | 'ccb' | 'abc' | 'boc' | 'cmb';

export interface SampleAccount {
  id: AccountId;
  bankName: string; // 中国工商银行 — as in the register's 贷款银行 column
  bankCode: string; // ICBC
  short: string; // 工行 — used in file names and ledger names
  profile: string; // bank statement profile id
  account: string;
  branch: string;
  ledgerCode: string;
  ledgerName: string;
  /** Guarantee deposit ratio this bank asks for (保证金比例). */
  depositRatio: string;
  /** First six digits of this bank's personal debit cards (buyers' accounts). */
  cardBin: string;
}

export const COMPANY = {
  name: '广州云栖置业有限公司',
  project: '云栖府',
  /** City id of the maintenance-fund rates (templates/fees/maintenance-fund.json). */
  feeCity: 'guangzhou',
  providentCentre: '广州住房公积金管理中心',
  providentCentreAccount: '44050158040109000128',
};

export const ACCOUNTS: readonly SampleAccount[] = [
  {
    id: 'icbc', bankName: '中国工商银行', bankCode: 'ICBC', short: '工行', profile: 'icbc-corporate',
    account: '3602000109900112587', branch: '中国工商银行广州天河支行',
    ledgerCode: '1002.01', ledgerName: '银行存款-工行监管户', depositRatio: '0.10', cardBin: '622202',
  },
  {
    id: 'ccb', bankName: '中国建设银行', bankCode: 'CCB', short: '建行', profile: 'ccb-corporate',
    account: '44050158040109001234', branch: '中国建设银行广州天河支行',
    ledgerCode: '1002.02', ledgerName: '银行存款-建行监管户', depositRatio: '0.05', cardBin: '621700',
  },
  {
    id: 'abc', bankName: '中国农业银行', bankCode: 'ABC', short: '农行', profile: 'abc-corporate',
    account: '44040101040023456', branch: '中国农业银行广州番禺支行',
    ledgerCode: '1002.03', ledgerName: '银行存款-农行监管户', depositRatio: '0.10', cardBin: '622848',
  },
  {
    id: 'boc', bankName: '中国银行', bankCode: 'BOC', short: '中行', profile: 'boc-corporate',
    account: '367774590128', branch: '中国银行广州海珠支行',
    ledgerCode: '1002.04', ledgerName: '银行存款-中行监管户', depositRatio: '0.05', cardBin: '621661',
  },
  {
    id: 'cmb', bankName: '招商银行', bankCode: 'CMB', short: '招行', profile: 'cmb-corporate',
    account: '571909876510802', branch: '招商银行广州分行营业部',
    ledgerCode: '1002.05', ledgerName: '银行存款-招行基本户', depositRatio: '0.05', cardBin: '621483',
  },
];

/** The provident fund centre pays its loans into the account at its entrusted bank. */
export const PROVIDENT_ACCOUNT: AccountId = 'ccb';

export function accountOf(id: AccountId): SampleAccount {
  const a = ACCOUNTS.find((x) => x.id === id);
  if (!a) throw new Error(`unknown sample account ${id}`);
  return a;
}

export function accountOfBank(bankName: string): SampleAccount {
  const a = ACCOUNTS.find((x) => x.bankName === bankName);
  if (!a) throw new Error(`no sample account at ${bankName}`);
  return a;
}

/** Finance's other ledger accounts used by the sample vouchers. */
export const LEDGER = {
  advance: { code: '2203', name: '预收账款' },
  deposit: { code: '1221.01', name: '其他应收款-按揭保证金' },
  interest: { code: '6603.01', name: '财务费用-利息收入' },
  fees: { code: '6603.02', name: '财务费用-手续费' },
  payroll: { code: '2211', name: '应付职工薪酬' },
  salaryExpense: { code: '6601.01', name: '销售费用-工资' },
};
