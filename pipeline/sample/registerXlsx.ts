import ExcelJS from 'exceljs';
import type Decimal from 'decimal.js';
import type { ColumnDescription } from '../../domain/sheets/description';
import type { RegisterUnit } from '../../domain/register';
import { loadSheetDescription } from '../render/templates';
import { escapeXStrings } from '../io/xString';
import { homesZh, loanTypeZh } from './register';
import { FIXED_TIME, normaliseZip } from './zip';

export const REGISTER_SHEET = '按揭台账';

type CellOut = string | number | Date | null;

function money(d: Decimal | null): number | null {
  // The edge: a money value becomes a JS number only in the Excel cell.
  return d === null ? null : Number(d.toFixed(2));
}

function date(d: string | null | undefined): Date | null {
  if (!d) return null;
  return new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))));
}

/** The value of one register column (templates/sheets/register.json key) for a unit. */
export function registerCell(u: RegisterUnit, key: string): CellOut {
  const b = u.buyers;
  const s = u.stages;
  switch (key) {
    case 'project': return u.project;
    case 'building': return u.building;
    case 'unit': return u.unit;
    case 'room': return u.room;
    case 'unitKey': return u.unitKey;
    case 'usage': return u.usage;
    case 'buildingType': return u.buildingType;
    case 'floorArea': return u.floorArea === null ? null : Number(u.floorArea.toFixed(2));
    case 'buyer1Name': return b[0]?.name ?? null;
    case 'buyer1IdType': return b[0]?.idType ?? null;
    case 'buyer1IdNumber': return b[0]?.idNumber ?? null;
    case 'buyer1Phone': return b[0]?.phone ?? null;
    case 'buyer2Name': return b[1]?.name ?? null;
    case 'buyer2IdType': return b[1]?.idType ?? null;
    case 'buyer2IdNumber': return b[1]?.idNumber ?? null;
    case 'buyer3Name': return b[2]?.name ?? null;
    case 'buyer3IdNumber': return b[2]?.idNumber ?? null;
    case 'buyer4Name': return b[3]?.name ?? null;
    case 'buyer4IdNumber': return b[3]?.idNumber ?? null;
    case 'mainBorrower': return u.mainBorrower;
    case 'contractNo': return u.contractNo;
    case 'contractDate': return date(u.contractDate);
    case 'filingDate': return date(u.filingDate);
    case 'filingNo': return u.filingNo;
    case 'totalPrice': return money(u.totalPrice);
    case 'downPayment': return money(u.downPayment);
    case 'loanType': return loanTypeZh(u.loanType);
    case 'bank': return u.bank;
    case 'commercialLoan': return money(u.commercialLoan);
    case 'providentLoan': return money(u.providentLoan);
    case 'loanTermMonths': return u.loanTermMonths;
    case 'depositRatio': return u.depositRatio === null ? null : Number(u.depositRatio.toString());
    case 'docsCompleteDate': return date(s.docsComplete);
    case 'sentToBankDate': return date(s.sentToBank);
    case 'bankInterviewDate': return date(s.bankInterview);
    case 'approvedDate': return date(s.approved);
    case 'mortgageRegisteredDate': return date(s.mortgageRegistered);
    case 'disbursedDate': return date(s.disbursed);
    case 'certificateHandedOverDate': return date(s.certificateHandedOver);
    case 'depositRefundedDate': return date(s.depositRefunded);
    case 'commercialDisbursed': return money(u.commercialDisbursed);
    case 'commercialDisbursedDate': return date(u.commercialDisbursedDate);
    case 'providentDisbursed': return money(u.providentDisbursed);
    case 'providentDisbursedDate': return date(u.providentDisbursedDate);
    case 'householdHomes': return homesZh(u.householdHomes);
    case 'deedTaxCollected': return money(u.deedTaxCollected);
    case 'maintenanceFundCollected': return money(u.maintenanceFundCollected);
    case 'registrationFeeCollected': return money(u.registrationFeeCollected);
    case 'propertyUnitNo': return u.propertyUnitNo;
    case 'titleSearchDate': return date(u.titleSearchDate);
    case 'follower': return u.follower;
    case 'reviewer': return u.reviewer;
    case 'remarks': return u.remarks;
    default:
      // A column added to the template later: left empty rather than guessed.
      return null;
  }
}

function numberFormat(c: ColumnDescription): string | undefined {
  if (c.numberFormat) return c.numberFormat;
  switch (c.type) {
    case 'money': return '#,##0.00';
    case 'date': return 'yyyy-mm-dd';
    case 'decimal': return '0.00';
    case 'percent': return '0%';
    case 'integer': return '0';
    case 'id-number':
    case 'phone':
    case 'text': return '@';
    default: return undefined;
  }
}

/**
 * The register as the desk keeps it: one sheet 按揭台账, the zh headers of
 * templates/sheets/register.json in their order on row 1, one unit per row from row 2.
 */
export async function registerWorkbook(units: readonly RegisterUnit[]): Promise<Buffer> {
  const desc = loadSheetDescription('register');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Anjie';
  wb.lastModifiedBy = 'Anjie';
  wb.created = FIXED_TIME;
  wb.modified = FIXED_TIME;
  const ws = wb.addWorksheet(REGISTER_SHEET, { views: [{ state: 'frozen', xSplit: desc.frozenColumns ?? 0, ySplit: 1 }] });
  ws.columns = desc.columns.map((c) => ({ key: c.key, width: c.width ?? Math.max(8, Math.min(24, c.header.zh.length * 2 + 4)) }));
  const header = ws.getRow(1);
  desc.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header.zh;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  const formats = desc.columns.map(numberFormat);
  units.forEach((u, r) => {
    const row = ws.getRow(r + 2);
    desc.columns.forEach((c, i) => {
      const v = registerCell(u, c.key);
      if (v === null) return;
      const cell = row.getCell(i + 1);
      cell.value = v;
      const f = formats[i];
      if (f) cell.numFmt = f;
    });
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: desc.columns.length } };
  escapeXStrings(wb); // a 备注 holding `_x000D_` reads back as typed, not as a line break
  const raw = await wb.xlsx.writeBuffer();
  return normaliseZip(new Uint8Array(raw as ArrayBuffer));
}
