import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { anjie } from '../helpers/cli';
import { makeUnit } from '../templates/helpers';
import { registerCellOf as cellOf, writeRegisterFile } from '../templates/registerFile';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-fees-future-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// The day of the run is 2026-11-25. Beijing 高层, a first home of 100㎡ at ¥1,090,000: 契税 1,090,000 ÷ 1.09 × 1% = 10,000,
// 维修资金 100㎡ × 200 = 20,000, 登记费 80 — ¥30,080 in all.
const TODAY = '2026-11-25';
const home = { totalPrice: '1090000.00', downPayment: '390000.00', commercialLoan: '700000.00', bank: '中国建设银行' };
const paid = { deedTaxCollected: new Decimal(10000), maintenanceFundCollected: new Decimal(20000), registrationFeeCollected: new Decimal(80) };
const past = { signed: '2026-09-01', filed: '2026-09-03', docsComplete: '2026-09-10', sentToBank: '2026-09-12', bankInterview: '2026-09-20', approved: '2026-10-01', mortgageRegistered: '2026-11-10' };
// 0101: 备案日期 2026-12-01, after the day of the run; nothing collected.
const filedLater = makeUnit({ ...home, room: '0101', stages: { signed: '2026-09-01', filed: '2026-12-01' } });
// 0102: 签约日期 2027-09-01 (2027 typed for 2026); nothing collected.
const signedLater = makeUnit({ ...home, room: '0102', stages: { signed: '2027-09-01' } });
// 0103: fees paid in full; its ¥700,000 loan at 建设银行 (5%: ¥35,000 deposit) dated credited on 2026-11-30, after the day of the run.
const creditedLater = makeUnit({ ...home, ...paid, room: '0103', stages: { ...past, disbursed: '2026-11-30' }, commercialDisbursed: new Decimal(665000), commercialDisbursedDate: '2026-11-30' });

/** A sheet's rows as text, cells joined by |. */
async function sheetRows(file: string, name: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows: string[] = [];
  wb.getWorksheet(name)!.eachRow((r) => rows.push((r.values as ExcelJS.CellValue[]).slice(1).map((v) => (v === null || v === undefined ? '' : typeof v === 'object' && 'result' in v ? String(v.result) : String(v))).join('|')));
  return rows;
}

describe('anjie fees on a register with dates after the day of the run (--today)', () => {
  it('lists DATE_FUTURE at each cell as anjie progress does, and charges no fee or deposit from a date that has not happened', async () => {
    const register = path.join(dir, 'R.xlsx');
    await writeRegisterFile(register, [filedLater, signedLater, creditedLater]);
    const out = path.join(dir, 'F.xlsx');
    const r = await anjie('fees', '--register', register, '--city', 'beijing', '--today', TODAY, '--out', out);
    expect(r.code, r.err).toBe(0);
    const [filing, contract, credit] = await Promise.all([cellOf(register, '0101', '备案日期'), cellOf(register, '0102', '签约日期'), cellOf(register, '0103', '商贷放款日期')]);
    // The register errors, worded as anjie validate and anjie progress print them.
    for (const [at, header, date] of [[filing, '备案日期', '2026-12-01'], [contract, '签约日期', '2027-09-01'], [credit, '商贷放款日期', '2026-11-30']]) {
      expect(r.out).toContain(`按揭台账!${at} [${header}] DATE_FUTURE: 日期 ${date} 晚于今天（${TODAY}）`);
    }
    // 0101 is not on 少收名单 for ¥30,080 not yet due or mistyped; whether it is due is not known.
    expect(r.out).toContain(`按揭台账!${filing} [备案日期] FEE_NOT_COMPUTED: 滨江花园 3-2-101 契税无法计算：备案日期 2026-12-01 晚于今天（${TODAY}），不能判断是否已到收取，请改正该单元格`);
    // 0102's fees are not computed under the rules of a day that has not come.
    expect(r.out).toContain(`按揭台账!${contract} [签约日期] FEE_NOT_COMPUTED: 滨江花园 3-2-102 契税无法计算：签约日期 2027-09-01 晚于今天（${TODAY}），请改正该单元格`);
    // 0103's deposit is not counted as held by the bank before the credit.
    expect(r.out).toContain(`按揭台账!${credit} [商贷放款日期] DEPOSIT_NOT_COMPUTED: 滨江花园 3-2-103 按揭保证金无法计算：商贷放款日期 2026-11-30 晚于今天（${TODAY}），不能判断银行是否已扣存保证金`);
    // Only 0103's fees, paid in full, are in the totals: nothing underpaid, nothing not yet due.
    expect(r.out).toContain('应收 ¥30,080.00，已收 ¥30,080.00，未收 ¥0.00；少收 0 户 ¥0.00，多收 0 户 ¥0.00，未到收取 ¥0.00');
    expect((await sheetRows(out, '少收名单')).filter((l) => l.includes('3-2-10'))).toEqual([]);
    const deposits = (await sheetRows(out, '按揭保证金')).filter((l) => l.includes('3-2-103'));
    expect(deposits).toEqual([expect.stringContaining('无法计算：商贷放款日期 2026-11-30 晚于今天')]);
    // The sheets do not name the day of the run: the same register regenerated another day with the same slip gives the same sheets.
    expect(deposits[0]).not.toContain(TODAY);

    const strict = await anjie('fees', '--register', register, '--city', 'beijing', '--today', TODAY, '--out', out, '--fail-on-problems');
    expect(strict.code).toBe(1);
  }, 60_000);

  it('--today says the day of the run: once the dates have come, the fees and the deposit are computed from them', async () => {
    const register = path.join(dir, 'T.xlsx');
    await writeRegisterFile(register, [filedLater, creditedLater]);
    const r = await anjie('fees', '--register', register, '--city', 'beijing', '--today', '2026-12-01', '--out', path.join(dir, 'T-F.xlsx'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toContain('DATE_FUTURE');
    expect(r.out).not.toContain('无法计算');
    // 0101 filed on the 1st, nothing collected: 少收 ¥30,080.
    expect(r.out).toContain('少收 1 户 ¥30,080.00');
    const deposit = (await sheetRows(path.join(dir, 'T-F.xlsx'), '按揭保证金')).find((l) => l.includes('3-2-103'))!;
    expect(deposit.split('|')).toContain('35000');
    const bad = await anjie('fees', '--register', register, '--city', 'beijing', '--today', '2026-13-01', '--out', path.join(dir, 'T-bad.xlsx'));
    expect(bad.code).toBe(2);
  }, 60_000);
});

describe('anjie fees on a register whose credit or refund date cannot be read (BAD_DATE)', () => {
  // 0104: its ¥35,000 deposit refunded on a day mistyped 2026/13/45; 0105: credited 待定; 0106: credited 2026-10-03, held.
  const refundTypo = makeUnit({ ...home, ...paid, room: '0104', stages: { ...past, disbursed: '2026-10-03', depositRefunded: '2026/13/45' }, commercialDisbursed: new Decimal(665000), commercialDisbursedDate: '2026-10-03' });
  const creditTypo = makeUnit({ ...home, ...paid, room: '0105', stages: past, commercialDisbursedDate: '待定' });
  const held = makeUnit({ ...home, ...paid, room: '0106', stages: { ...past, disbursed: '2026-10-03' }, commercialDisbursed: new Decimal(665000), commercialDisbursedDate: '2026-10-03' });

  it('the deposit is 无法计算 at that cell, out of the 合计 of what the banks hold, and the BAD_DATE is listed there once', async () => {
    const register = path.join(dir, 'B.xlsx');
    await writeRegisterFile(register, [refundTypo, creditTypo, held]);
    const out = path.join(dir, 'B-F.xlsx');
    const r = await anjie('fees', '--register', register, '--city', 'beijing', '--today', TODAY, '--out', out);
    expect(r.code, r.err).toBe(0);
    const [refund, credit] = await Promise.all([cellOf(register, '0104', '保证金退还日期'), cellOf(register, '0105', '商贷放款日期')]);
    for (const [at, header] of [[refund, '保证金退还日期'], [credit, '商贷放款日期']]) {
      expect(r.out.split('\n').filter((l) => l.includes(`按揭台账!${at} [${header}] BAD_DATE: 日期无法识别`))).toHaveLength(1);
    }
    expect(r.out).toContain(`按揭台账!${refund} [保证金退还日期] DEPOSIT_NOT_COMPUTED: 滨江花园 3-2-104 按揭保证金无法计算：保证金退还日期无法识别，不能判断保证金是否已退还`);
    expect(r.out).toContain(`按揭台账!${credit} [商贷放款日期] DEPOSIT_NOT_COMPUTED: 滨江花园 3-2-105 按揭保证金无法计算：商贷放款日期无法识别，不能判断银行是否已扣存保证金`);
    const rows = await sheetRows(out, '按揭保证金');
    expect(rows.filter((l) => l.includes('3-2-104') || l.includes('3-2-105'))).toEqual([
      expect.stringContaining('无法计算：保证金退还日期无法识别'),
      expect.stringContaining('无法计算：商贷放款日期无法识别'),
    ]);
    // The banks hold 0106's ¥35,000, not 0104's refunded one too.
    expect(rows.find((l) => l.startsWith('合计'))).toMatch(/^合计（1户）\|.*\|35000(\|[^|]*)?$/);
    const strict = await anjie('fees', '--register', register, '--city', 'beijing', '--today', TODAY, '--out', out, '--fail-on-problems');
    expect(strict.code).toBe(1);
  }, 60_000);
});
