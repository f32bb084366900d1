import { describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir, writeBank, writeFinance, type BankIn, type ReconcileJson } from './files';

/** Runs reconcile on statements written with the given bank profiles (file → profile, rows). */
async function run(statements: Record<string, { profile: string; rows: BankIn[]; account?: string }>): Promise<ReconcileJson> {
  const dir = await tempDir();
  const files: string[] = [];
  for (const [file, { profile, rows, account }] of Object.entries(statements)) {
    const out = await writeBank(dir, file, rows, profile);
    // writeBank gives every statement one account number; a second account of the same bank is another number.
    if (account) await fs.writeFile(out, (await fs.readFile(out, 'utf8')).replaceAll('3602000109900112587', account));
    files.push(out);
  }
  const fin = await writeFinance(dir, '序时账.xlsx', [
    { voucher: '记-0001', amount: '500000', customer: '张三', unit: '3-2-1501', date: '2026-11-03' },
    { voucher: '记-0002', amount: '500000', customer: '李四', unit: '5-1-1001', date: '2026-11-03' },
  ]);
  const json = path.join(dir, 'out.json');
  const res = await cli(['reconcile', '--bank', ...files, '--finance', fin, '--period', '2026-11', '--out', path.join(dir, 'out.xlsx'), '--json', json]);
  expect(res.code).toBe(0);
  return JSON.parse(await fs.readFile(json, 'utf8')) as ReconcileJson;
}

const zhang: BankIn = { ref: '000123', amount: '500000', name: '张三', memo: '放款 3-2-1501', date: '2026-11-03' };
const li: BankIn = { ref: '000123', amount: '500000', name: '李四', memo: '放款 5-1-1001', date: '2026-11-03' };

describe('DUPLICATE_BANK: the same 流水号 is one statement row only within one bank (and account)', () => {
  it('an ICBC row and a CCB row sharing 流水号 000123, amount and date are two credits, each matched to its own booking', async () => {
    const json = await run({ '工行.csv': { profile: 'icbc-corporate', rows: [zhang] }, '建行.csv': { profile: 'ccb-corporate', rows: [li] } });
    // Before: the CCB row was DUPLICATE_BANK of the ICBC one, and 李四's booking MISSING_IN_BANK.
    expect(json.totals.flags.DUPLICATE_BANK).toBe(0);
    expect(json.totals.flags.MISSING_IN_BANK).toBe(0);
    const ccb = json.rows.find((r) => r.file === '建行.csv')!;
    const liBooking = json.rows.find((r) => r.side === 'finance' && r.explanation.zh.includes('建行.csv'))!;
    expect(ccb).toMatchObject({ outcome: 'MATCHED', flags: [], counterparts: [expect.objectContaining({ side: 'finance', row: liBooking.row })] });
    expect(json.rows.map((r) => r.outcome)).toEqual(['MATCHED', 'MATCHED', 'MATCHED', 'MATCHED']);
  });

  it('two accounts of one bank: the same 流水号 in each is two credits', async () => {
    const json = await run({
      '工行监管户.csv': { profile: 'icbc-corporate', rows: [zhang] },
      '工行一般户.csv': { profile: 'icbc-corporate', rows: [li], account: '3602000109900199999' },
    });
    expect(json.totals.flags.DUPLICATE_BANK).toBe(0);
    expect(json.rows.map((r) => r.outcome)).toEqual(['MATCHED', 'MATCHED', 'MATCHED', 'MATCHED']);
  });

  it('the same 流水号 in two exports of one ICBC account is still one row exported twice', async () => {
    const json = await run({ '工行_上.csv': { profile: 'icbc-corporate', rows: [zhang] }, '工行_下.csv': { profile: 'icbc-corporate', rows: [{ ...zhang }] } });
    const copy = json.rows.find((r) => r.file === '工行_下.csv')!;
    expect(copy).toMatchObject({ outcome: 'DUPLICATE_BANK', flags: ['DUPLICATE_BANK'], counterparts: [] });
    expect(copy.explanation.zh).toContain('与工行_上.csv 第');
    expect(json.rows.find((r) => r.file === '工行_上.csv')).toMatchObject({ outcome: 'MATCHED' });
  });
});
