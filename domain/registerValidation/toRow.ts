import type { RegisterUnit } from '../register';
import type { SheetRow } from '../sheets/layoutSheet';
import { LOAN_TYPE_NAMES, type StageKey } from '../stages';
import { HOMES_NAMES, STAGE_COLUMNS } from './parse';

/** A RegisterUnit as a register sheet row (keys of templates/sheets/register.json), for writing a register back out. */
export function registerUnitToRow(u: RegisterUnit): SheetRow {
  const values: SheetRow['values'] = {
    project: u.project,
    building: u.building,
    unit: u.unit,
    room: u.room,
    unitKey: u.unitKey,
    usage: u.usage,
    buildingType: u.buildingType,
    floorArea: u.floorArea,
    mainBorrower: u.mainBorrower,
    contractNo: u.contractNo,
    filingNo: u.filingNo,
    totalPrice: u.totalPrice,
    downPayment: u.downPayment,
    loanType: u.loanType ? LOAN_TYPE_NAMES[u.loanType].zh : '一次性付款',
    bank: u.bank,
    commercialLoan: u.commercialLoan ?? undefined,
    providentLoan: u.providentLoan ?? undefined,
    loanTermMonths: u.loanTermMonths,
    depositRatio: u.depositRatio ?? undefined,
    commercialDisbursed: u.commercialDisbursed ?? undefined,
    commercialDisbursedDate: u.commercialDisbursedDate,
    providentDisbursed: u.providentDisbursed ?? undefined,
    providentDisbursedDate: u.providentDisbursedDate,
    householdHomes: u.householdHomes ? HOMES_NAMES[u.householdHomes] : null,
    deedTaxCollected: u.deedTaxCollected ?? undefined,
    maintenanceFundCollected: u.maintenanceFundCollected ?? undefined,
    registrationFeeCollected: u.registrationFeeCollected ?? undefined,
    propertyUnitNo: u.propertyUnitNo,
    titleSearchDate: u.titleSearchDate,
    follower: u.follower,
    reviewer: u.reviewer,
    remarks: u.remarks,
  };
  u.buyers.forEach((b, i) => {
    values[`buyer${i + 1}Name`] = b.name;
    values[`buyer${i + 1}IdType`] = b.idType;
    values[`buyer${i + 1}IdNumber`] = b.idNumber;
    values[`buyer${i + 1}Phone`] = b.phone ?? null;
  });
  for (const [stage, key] of Object.entries(STAGE_COLUMNS) as [StageKey, string][]) values[key] = u.stages[stage] ?? null;
  return { values };
}
