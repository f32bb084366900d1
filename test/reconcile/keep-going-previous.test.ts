import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir, writeBank, writeFinance } from './files';

describe('--previous: last month’s report written with --keep-going', () => {
  it('is taken, with a warning naming the files it did not read: its open items lack their rows, and its bookings of them show as open', async () => {
    const dir = await tempDir();
    const icbc = await writeBank(dir, '工行_10.csv', [{ ref: 'B1', amount: '100000', name: '甲', memo: '1-1-101', date: '2026-10-10' }]);
    const ccb = path.join(dir, '建行_10.csv');
    await fs.writeFile(ccb, 'garbage,not,a,bank\n1,2,3,4\n');
    const fin = await writeFinance(dir, '序时账_10.xlsx', [
      { voucher: '记-1', amount: '100000', unit: '1-1-101', date: '2026-10-10' },
      { voucher: '记-2', amount: '200000', unit: '1-1-102', date: '2026-10-11', account: { code: '1002.02', name: '银行存款-建行监管户' } },
    ]);
    const oct = await cli(['reconcile', '--bank', icbc, ccb, '--finance', fin, '--period', '2026-10', '--out', path.join(dir, 'r10.xlsx'), '--json', path.join(dir, 'r10.json'), '--keep-going']);
    expect(oct.code).toBe(2);
    const icbc11 = await writeBank(dir, '工行_11.csv', [{ ref: 'B2', amount: '300000', name: '乙', memo: '1-1-103', date: '2026-11-10' }]);
    const fin11 = await writeFinance(dir, '序时账_11.xlsx', [{ voucher: '记-1', amount: '300000', unit: '1-1-103', date: '2026-11-10' }]);
    for (const prev of ['r10.xlsx', 'r10.json']) {
      const nov = await cli(['reconcile', '--bank', icbc11, '--finance', fin11, '--period', '2026-11', '--out', path.join(dir, `r11-${prev}.xlsx`), '--previous', path.join(dir, prev)]);
      expect(nov.code, nov.stderr).toBe(0);
      expect(nov.stdout, prev).toContain('上期报告是用 --keep-going 生成的，未读取 建行_10.csv');
    }
    // A complete report says nothing of the kind.
    const full = await cli(['reconcile', '--bank', icbc, '--finance', fin, '--period', '2026-10', '--out', path.join(dir, 'f10.xlsx')]);
    expect(full.code).toBe(0);
    const nov = await cli(['reconcile', '--bank', icbc11, '--finance', fin11, '--period', '2026-11', '--out', path.join(dir, 'f11.xlsx'), '--previous', path.join(dir, 'f10.xlsx')]);
    expect(nov.stdout).not.toContain('--keep-going');
  });
});
