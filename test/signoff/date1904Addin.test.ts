import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dateToExcelSerial } from '../../domain/dates';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { signInExcel, verifyInExcel } from '../../addin/signoff/service';
import { readWorkbookRecords, signWorkbook, verifyWorkbook } from '../../pipeline/signoff/workbook';
import { fakeFromXlsx, xlsxFromFake } from './bridge';
import { tempDir, write1904Workbook } from './helpers';

/**
 * Sign-off in a 1904-date-system workbook (a Mac workbook): the add-in fingerprints a date cell as
 * the day it shows, as the CLI does, so a signature made by either verifies in the other.
 */
async function mac1904(): Promise<string> {
  const file = path.join(tempDir(), '进度表1904.xlsx');
  await write1904Workbook(file);
  return file;
}

describe('sign-off in a 1904-date-system workbook', () => {
  it('the add-in verifies a workbook the CLI signed: intact', async () => {
    const file = await mac1904();
    await signWorkbook(file, { name: '陈静', role: '制表', now: '2026-11-24T10:00:00' });
    const fake = await fakeFromXlsx(file);
    expect(fake.state.date1904).toBe(true);
    expect(fake.sheet('进度表').cell(0, 1)?.v).toBe(44887);
    expect((await verifyInExcel(memoryHost(fake))).status).toBe('intact');
  });

  it('the add-in signs the dates the cells show, verifies intact, and the CLI agrees on the saved workbook', async () => {
    const fake = await fakeFromXlsx(await mac1904());
    const host = memoryHost(fake);
    const rec = await signInExcel(host, { name: '陈静', role: '制表', sheets: ['进度表'], now: '2026-11-24T10:00:00' });
    expect(rec.content).toContain("'进度表'!B1\td\t2026-11-23T00:00:00\n");
    // The block's date cell holds the 1904 serial of the signing day: Excel shows 2026-11-24.
    const dated = fake.sheet('进度表').rows[2]?.find((c) => c?.nf === 'yyyy-mm-dd');
    expect(dated?.v).toBe(dateToExcelSerial('2026-11-24', true));
    expect((await verifyInExcel(host)).status).toBe('intact');

    const saved = path.join(tempDir(), 'addin-signed.xlsx');
    await xlsxFromFake(fake, saved);
    expect((await readWorkbookRecords(saved))[0].fingerprint).toBe(rec.fingerprint);
    expect((await verifyWorkbook(saved)).status).toBe('intact');
  });
});
