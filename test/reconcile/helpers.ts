import { Money } from '../../domain/money';
import type { BankTransaction, JournalLine } from '../../domain/records';
import type { RegisterUnit } from '../../domain/register';
import type { ReconcileConfig } from '../../domain/reconcile';
import * as fs from 'node:fs';
import * as path from 'node:path';

export function config(): ReconcileConfig {
  const raw = JSON.parse(fs.readFileSync(path.join(__dirname, '../../templates/reconcile.json'), 'utf8'));
  delete raw.$comment;
  return raw as ReconcileConfig;
}

let bankRow = 1;
let finRow = 1;
export function resetRows(): void {
  bankRow = 1;
  finRow = 1;
}

export function bank(p: Partial<Omit<BankTransaction, 'amount' | 'balance'>> & { amount: string; balance?: string; file?: string; row?: number }): BankTransaction {
  const { file, row, amount, balance, ...rest } = p;
  return {
    source: { file: file ?? 'icbc.csv', sheet: '', row: row ?? ++bankRow },
    profile: 'test',
    bank: 'ICBC',
    account: '1001000000000000001',
    date: '2026-11-03',
    time: null,
    currency: 'CNY',
    counterpartyName: null,
    counterpartyAccount: null,
    memo: null,
    reference: null,
    ...rest,
    amount: new Money(amount),
    balance: balance === undefined ? null : new Money(balance),
  };
}

export function journal(p: Partial<Omit<JournalLine, 'debit' | 'credit'>> & { debit?: string; credit?: string; file?: string; row?: number }): JournalLine {
  const { file, row, debit, credit, ...rest } = p;
  return {
    source: { file: file ?? 'journal.csv', sheet: '', row: row ?? ++finRow },
    profile: 'test',
    date: '2026-11-03',
    voucher: `记-${finRow}`,
    summary: '收按揭款',
    accountCode: '1002.01',
    accountName: '银行存款-工行监管户',
    auxiliary: {},
    customer: null,
    unitKey: null,
    isBankLine: true,
    ...rest,
    debit: new Money(debit ?? '0'),
    credit: new Money(credit ?? '0'),
  };
}

export function unit(p: { unitKey: string; buyer: string; commercial?: string; provident?: string; ratio?: string; bank?: string }): RegisterUnit {
  const [building, u, room] = p.unitKey.split('-');
  return {
    project: '测试项目',
    building,
    unit: u ?? null,
    room: room ?? u,
    unitKey: p.unitKey,
    usage: '住宅',
    floorArea: new Money('100'),
    buyers: [{ name: p.buyer, idType: '身份证', idNumber: '11010519491231002X' }],
    mainBorrower: p.buyer,
    contractNo: `HT-${p.unitKey}`,
    contractDate: '2026-06-01',
    filingDate: null,
    filingNo: null,
    totalPrice: new Money('2000000'),
    downPayment: new Money('600000'),
    loanType: p.commercial && p.provident ? 'combined' : p.provident ? 'providentFund' : 'commercial',
    bank: p.bank ?? '中国工商银行',
    commercialLoan: p.commercial ? new Money(p.commercial) : null,
    providentLoan: p.provident ? new Money(p.provident) : null,
    loanTermMonths: 360,
    depositRatio: p.ratio ? new Money(p.ratio) : null,
    stages: {},
    commercialDisbursed: null,
    commercialDisbursedDate: null,
    providentDisbursed: null,
    providentDisbursedDate: null,
    householdHomes: 1,
    buildingType: '高层',
    deedTaxCollected: null,
    maintenanceFundCollected: null,
    registrationFeeCollected: null,
    propertyUnitNo: null,
    titleSearchDate: null,
    follower: null,
    reviewer: null,
    remarks: null,
  };
}
