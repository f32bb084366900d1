import Decimal from 'decimal.js';
import type { RegisterUnit } from '../../domain/register';

/**
 * Hand-made register rows for the templates tests (until the sample register lands, and to
 * keep expectations small enough to check by hand). Defaults: a first home, commercial loan.
 */
export type UnitInit = Partial<Omit<RegisterUnit, 'floorArea' | 'totalPrice' | 'downPayment' | 'commercialLoan' | 'providentLoan'>> & {
  floorArea?: string;
  totalPrice?: string;
  downPayment?: string;
  commercialLoan?: string | null;
  providentLoan?: string | null;
};

const d = (s: string | null | undefined) => (s === null || s === undefined ? null : new Decimal(s));

export function makeUnit(init: UnitInit = {}): RegisterUnit {
  const { floorArea, totalPrice, downPayment, commercialLoan, providentLoan, ...rest } = init;
  const room = rest.room ?? '1501';
  const building = rest.building ?? '3';
  const unit = rest.unit === undefined ? '2' : rest.unit;
  return {
    project: '滨江花园',
    building,
    unit,
    room,
    unitKey: [building, unit, room].filter((x) => x !== null).join('-'),
    usage: '住宅',
    floorArea: new Decimal(floorArea ?? '100.00'),
    buyers: [{ name: '张三', idType: '身份证', idNumber: '11010519491231002X', phone: '13812345678' }],
    mainBorrower: '张三',
    contractNo: `HT-${building}-${unit ?? ''}-${room}`,
    contractDate: '2025-03-01',
    filingDate: null,
    filingNo: null,
    totalPrice: new Decimal(totalPrice ?? '1000000.00'),
    downPayment: new Decimal(downPayment ?? '300000.00'),
    loanType: 'commercial',
    bank: '中国工商银行',
    commercialLoan: commercialLoan === undefined ? new Decimal('700000.00') : d(commercialLoan),
    providentLoan: d(providentLoan),
    loanTermMonths: 360,
    depositRatio: null,
    stages: { signed: '2025-03-01' },
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
    follower: '李四',
    reviewer: null,
    remarks: null,
    ...rest,
    ...(rest.unitKey ? {} : { unitKey: [building, unit, room].filter((x) => x !== null).join('-') }),
  };
}
