import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { signInExcel, verifyInExcel } from '../../addin/signoff/service';
import { readWorkbookRecords } from '../../pipeline/signoff/workbook';
import { cli, tempDir, writeBank, writeFinance } from '../reconcile/files';
import { fakeFromXlsx } from './bridge';

describe('the 签核 panel signs a reconciliation report as anjie signoff sign does', () => {
  it('covers the report’s carried open items (_anjie_open), with the CLI’s scope and fingerprint, and sees an item deleted there', async () => {
    const dir = await tempDir();
    const icbc = await writeBank(dir, '工行_11.csv', [{ ref: 'B2', amount: '250000', name: '乙', memo: '1-1-102', date: '2026-11-20' }]);
    const fin = await writeFinance(dir, '序时账_11.xlsx', [{ voucher: '记-2', amount: '300000', unit: '1-1-103', date: '2026-11-25' }]);
    const report = path.join(dir, 'report.xlsx');
    expect((await cli(['reconcile', '--bank', icbc, '--finance', fin, '--period', '2026-11', '--out', report])).code).toBe(0);
    const byCli = path.join(dir, 'cli.xlsx');
    await fs.copyFile(report, byCli);

    const fake = await fakeFromXlsx(report);
    const host = memoryHost(fake);
    // The pane ticks the visible sheets; the hidden open items come with them.
    const rec = await signInExcel(host, { name: '王经理', role: '制表', now: '2026-12-01T09:00:00' });
    expect(rec.scope.sheets.map((s) => s.sheet)).toContain('_anjie_open');
    expect((await cli(['signoff', 'sign', byCli, '--name', '王经理', '--role', '制表'])).code).toBe(0);
    const [cliRec] = await readWorkbookRecords(byCli);
    expect(cliRec.scope).toEqual(rec.scope);
    expect(cliRec.fingerprint).toBe(rec.fingerprint);
    const intact = await verifyInExcel(host);
    expect(intact.status).toBe('intact');
    if (intact.status === 'intact') expect(intact.hiddenSheets).toEqual([]);

    // An open item (row 3 of _anjie_open: the booking 记-2) cleared after signing.
    const open = fake.sheet('_anjie_open');
    for (let c = 0; c < 3; c++) {
      const cell = open.cell(2, c);
      if (cell) cell.v = '';
    }
    const changed = await verifyInExcel(host);
    expect(changed.status).toBe('changed');
    if (changed.status === 'changed') expect(changed.changes.map((x) => `${x.sheet}!${x.ref}`)).toContain('_anjie_open!A3');
  });
});
