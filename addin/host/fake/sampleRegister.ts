/**
 * A small, deterministic register for the preview, the browser test and the benchmark: the
 * register's own header row (templates/sheets/register.json, Chinese) and N units with valid
 * IDs, loans from several banks and stage dates spread over three months. Browser-safe.
 * `badRows` plants known problems so validation has something to find.
 */
import { addDays, dateToExcelSerial, type LocalDate } from '../../../domain/dates';
import { residentIdCheckChar } from '../../../domain/identifiers';
import Decimal from 'decimal.js';
import { computeUnitFees } from '../../../domain/fees/compute';
import { validateRegister } from '../../../domain/registerValidation/validate';
import { feeRules, sheetDescription } from '../../services/templates';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '建华', '晓东', '丽华'];
const BANKS = ['中国工商银行', '中国建设银行', '中国农业银行', '中国银行', '招商银行'];
const STAGE_KEYS = ['docsCompleteDate', 'sentToBankDate', 'bankInterviewDate', 'approvedDate', 'mortgageRegisteredDate', 'disbursedDate'];

class Lcg {
  constructor(private s: number) {}
  next(): number {
    this.s = (Math.imul(this.s, 1664525) + 1013904223) >>> 0;
    return this.s / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

export interface SampleRegister {
  headers: string[];
  rows: (string | number | null)[][];
  /** Planted problems: [0-based data row, column key, what]. */
  planted: { row: number; key: string; code: string }[];
}

export interface SampleOptions {
  units: number;
  /** The Monday the stages lead up to (dates end before it). */
  asOf?: LocalDate;
  badRows?: boolean;
  seed?: number;
  /**
   * Fill 已收契税 / 已收维修资金 / 已收登记费 from the fee rules of this city: most units paid
   * exactly, every 6th (from the 2nd) nothing yet, every 6th (from the 4th) ¥500 short on deed tax.
   */
  collectFeesFor?: string;
}

export function sampleRegister(opts: SampleOptions): SampleRegister {
  const cols = sheetDescription('register').columns;
  const headers = cols.map((c) => c.header.zh);
  const rng = new Lcg(opts.seed ?? 7);
  const asOf = opts.asOf ?? '2026-11-23';
  const rows: (string | number | null)[][] = [];
  const planted: SampleRegister['planted'] = [];
  for (let i = 0; i < opts.units; i++) {
    const building = 1 + Math.floor(i / 240);
    const unit = 1 + (Math.floor(i / 60) % 4);
    const floor = 2 + (Math.floor(i / 4) % 15);
    const room = `${floor}0${1 + (i % 4)}`;
    const areaD = new Decimal(8900 + rng.int(8000)).div(100); // 89.00–168.99 ㎡, exact
    const area = areaD.toFixed(2);
    // price per ㎡ 15,000–19,999 yuan, rounded to the hundred yuan
    const price = areaD.times(15000 + rng.int(5000)).div(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).times(100).toNumber();
    const loanType = i % 10 === 0 ? '公积金贷款' : i % 7 === 0 ? '组合贷款' : '商业贷款';
    const down = Math.round(price * 0.3);
    const loan = price - down;
    const provident = loanType === '公积金贷款' ? loan : loanType === '组合贷款' ? 600000 : 0;
    const commercial = loan - provident;
    const contract = addDays(asOf, -20 - rng.int(80));
    const birth = `19${70 + rng.int(25)}${String(1 + rng.int(12)).padStart(2, '0')}${String(1 + rng.int(28)).padStart(2, '0')}`;
    // Unique per unit, as real ID numbers are (anjie validate warns when one ID has two names): the
    // district code and the sequence count the units. The draw stays, so the rest of the sample does.
    rng.int(899);
    const first17 = `1101${String(1 + (Math.floor(i / 899) % 99)).padStart(2, '0')}${birth}${100 + (i % 899)}`;
    const id = first17 + residentIdCheckChar(first17);
    const name = SURNAMES[rng.int(SURNAMES.length)] + GIVEN[rng.int(GIVEN.length)];
    const reached = rng.int(STAGE_KEYS.length + 1);
    const v: Record<string, string | number | null> = {
      project: '滨江花园',
      building: `${building}栋`,
      unit: `${unit}单元`,
      room,
      unitKey: `${building}-${unit}-${room}`,
      usage: '住宅',
      buildingType: '高层',
      floorArea: Number(area),
      buyer1Name: name,
      buyer1IdType: '身份证',
      buyer1IdNumber: id,
      buyer1Phone: `138${String(10000000 + rng.int(89999999))}`,
      mainBorrower: name,
      contractNo: `BJHY-${String(i + 1).padStart(5, '0')}`,
      contractDate: dateToExcelSerial(contract),
      filingDate: dateToExcelSerial(addDays(contract, 3)),
      filingNo: `BA${String(i + 1).padStart(6, '0')}`,
      totalPrice: price,
      downPayment: down,
      loanType,
      bank: provident === loan ? null : BANKS[i % BANKS.length],
      commercialLoan: commercial || null,
      providentLoan: provident || null,
      loanTermMonths: 360,
      depositRatio: 0.1,
      householdHomes: i % 5 === 0 ? '二套' : '首套',
      follower: ['陈晓', '林静', '赵磊'][i % 3],
    };
    let d = addDays(contract, 5);
    for (let s = 0; s < reached; s++) {
      d = addDays(d, 2 + rng.int(9));
      if (d >= asOf) break;
      v[STAGE_KEYS[s]] = dateToExcelSerial(d);
      if (STAGE_KEYS[s] === 'disbursedDate') {
        if (commercial) {
          v.commercialDisbursed = commercial;
          v.commercialDisbursedDate = dateToExcelSerial(d);
        }
        if (provident) {
          v.providentDisbursed = provident;
          v.providentDisbursedDate = dateToExcelSerial(d);
        }
      }
    }
    if (opts.badRows) {
      if (i === 2) {
        v.buyer1IdNumber = first17 + (residentIdCheckChar(first17) === '1' ? '2' : '1');
        planted.push({ row: i, key: 'buyer1IdNumber', code: 'ID_CHECKSUM' });
      }
      if (i === 4) {
        v.room = null;
        planted.push({ row: i, key: 'room', code: 'REQUIRED' });
      }
      if (i === 6) {
        v.downPayment = down + 1000;
        planted.push({ row: i, key: 'downPayment', code: 'AMOUNT_SUM' });
      }
    }
    rows.push(cols.map((c) => v[c.key] ?? null));
  }
  if (opts.collectFeesFor) collectFees(rows, cols.map((c) => c.key), opts.collectFeesFor, asOf);
  return { headers, rows, planted };
}

/** Writes what the desk collected into the rows, computed with the same fee rules the ledger uses. */
function collectFees(rows: (string | number | null)[][], keys: string[], city: string, asOf: LocalDate): void {
  const letters = keys.map((_, i) => String(i));
  const sheet = {
    sheet: 'sample',
    headerRow: 1,
    columns: Object.fromEntries(keys.map((k, i) => [k, letters[i]])),
    headers: Object.fromEntries(keys.map((k) => [k, k])),
    rows: rows.map((r, i) => ({ row: i + 2, cells: Object.fromEntries(keys.map((k, c) => [k, r[c]])) })),
  };
  const { units } = validateRegister(sheet, { description: sheetDescription('register'), today: asOf });
  const rules = feeRules();
  const col = (k: string) => keys.indexOf(k);
  for (const unit of units) {
    const i = (unit.source?.row ?? 0) - 2;
    if (i < 0 || i % 6 === 1) continue;
    const fees = computeUnitFees(unit, rules, { city });
    const amount = (short: number, ...kinds: string[]): number | null => {
      const fs = fees.filter((f) => kinds.includes(f.kind));
      if (fs.some((f) => f.amount === null)) return null;
      // Decimal until the cell: the number Excel stores.
      return Number(fs.reduce((a, f) => a.plus(f.amount!), new Decimal(0)).minus(short).toFixed(2));
    };
    rows[i][col('deedTaxCollected')] = amount(i % 6 === 3 ? 500 : 0, 'deedTax');
    rows[i][col('maintenanceFundCollected')] = amount(0, 'maintenanceFund');
    rows[i][col('registrationFeeCollected')] = amount(0, 'registrationFee', 'certificateFee');
  }
}
