import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { readZipEntry } from '../../pipeline/signoff/zipPeek';
import { anjie } from '../helpers/cli';


describe('the monthly reconciliation report can be signed as a whole', () => {
  let dir = '';
  afterAll(async () => {
    process.exitCode = undefined;
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('signs every sheet (余额调节表 included), verifies intact, and names a changed cell', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'anjie-recon-sign-'));
    const sample = path.join(dir, 'sample');
    expect((await anjie('sample', '--out', sample, '--units', '60')).code).toBe(0);
    const files = (await fs.readdir(sample)).sort();
    const bank = files.filter((f) => /^(工行|建行|农行|中行|招行)/.test(f)).map((f) => path.join(sample, f));
    const report = path.join(dir, '对账报告.xlsx');
    const rec = await anjie('reconcile', '--bank', ...bank, '--finance', path.join(sample, files.find((f) => f.startsWith('序时账'))!), '--period', '2026-11', '--out', report);
    expect(rec.code).toBe(0);
    const unsigned = path.join(dir, 'unsigned.xlsx');
    await fs.copyFile(report, unsigned);

    const signed = await anjie('signoff', 'sign', report, '--name', '李会计', '--role', '制表');
    expect(signed.err).toBe('');
    expect(signed.code).toBe(0);
    expect(signed.out).toContain('余额调节表');
    expect((await anjie('signoff', 'verify', report)).code).toBe(0);
    // Each sheet's signature block shows who signed, 余额调节表's too, and is left out of what is signed.
    expect(signed.out).toMatch(/余额调节表 \(excl\. \d+:\d+\)/);
    const read = new ExcelJS.Workbook();
    await read.xlsx.readFile(report);
    for (const name of ['汇总', '余额调节表']) {
      const prepared: unknown[] = [];
      read.getWorksheet(name)!.eachRow((row) => row.eachCell((c) => void (c.value === '制表：' && prepared.push(row.getCell(Number(c.col) + 1).value))));
      expect(prepared, name).toEqual(['李会计']);
    }
    // Signing rewrites the workbook through exceljs, which drops column page breaks: 差异 keeps its three pages across.
    const breaks = async (f: string) => /<colBreaks\b.*?<\/colBreaks>/s.exec((await readZipEntry(f, 'xl/worksheets/sheet2.xml')) ?? '')?.[0];
    expect(await breaks(report)).toBe(await breaks(unsigned));
    expect(await breaks(report)).toMatch(/<brk id="9" .*<brk id="18" /);
    // It writes its own Normal font too (Calibri 11), whose digit width is the unit of every column width: the
    // report's font is put back, so it prints as wide as before signing. Its pages stay numbered through the
    // workbook (exceljs would start every sheet again at 1).
    const normalFont = async (f: string) => /<fonts\b[^>]*>\s*(<font\b.*?<\/font>)/s.exec((await readZipEntry(f, 'xl/styles.xml')) ?? '')?.[1];
    expect(await normalFont(report)).toBe(await normalFont(unsigned));
    expect(await normalFont(report)).toContain('Microsoft YaHei');
    for (let i = 1; i <= 6; i++) expect(await readZipEntry(report, `xl/worksheets/sheet${i}.xml`)).not.toContain('useFirstPageNumber');

    // Someone edits the statement balance in the reconciliation statement afterwards.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(report);
    const ws = wb.getWorksheet('余额调节表')!;
    ws.getCell('E4').value = 1;
    await wb.xlsx.writeFile(report);
    const verify = await anjie('signoff', 'verify', report);
    expect(verify.code).toBe(1);
    expect(verify.out + verify.err).toContain('余额调节表!E4');
  });
});
