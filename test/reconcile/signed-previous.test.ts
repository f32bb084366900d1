import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { previousSignatureWarning, startPreviousSignatureWarning } from '../../pipeline/reconcile/previousSignature';
import { cli, tempDir, writeBank, writeFinance } from './files';

/** The zip path of a sheet, by its name (workbook.xml and its rels). */
async function sheetPart(zip: JSZip, name: string): Promise<string> {
  const wb = await zip.file('xl/workbook.xml')!.async('string');
  const rid = new RegExp(`<sheet [^>]*name="${name}"[^>]*r:id="([^"]+)"`).exec(wb)![1];
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const target = new RegExp(`<Relationship [^>]*Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels) ?? new RegExp(`<Relationship [^>]*Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels);
  return `xl/${target![1].replace(/^\/?xl\//, '')}`;
}

/** Someone deletes row `row` of the hidden _anjie_open (one open item) in the file itself, nothing else touched. */
async function dropOpenRow(file: string, row: number): Promise<void> {
  const zip = await JSZip.loadAsync(await fs.readFile(file));
  const part = await sheetPart(zip, '_anjie_open');
  const xml = await zip.file(part)!.async('string');
  const edited = xml.replace(new RegExp(`<row r="${row}"[^>]*>.*?</row>`, 's'), '');
  expect(edited).not.toBe(xml);
  zip.file(part, edited);
  await fs.writeFile(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

/** Someone types over round 1's status in 签核记录 (active → actve): the record table can no longer be read. */
async function damageRecord(file: string): Promise<void> {
  const zip = await JSZip.loadAsync(await fs.readFile(file));
  const part = await sheetPart(zip, '签核记录');
  const xml = await zip.file(part)!.async('string');
  const edited = xml.replace('>active<', '>actve<');
  expect(edited).not.toBe(xml);
  zip.file(part, edited);
  await fs.writeFile(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

/** Renames a sheet in the workbook's sheet list only (its part and content untouched). */
async function renameSheet(file: string, from: string, to: string): Promise<void> {
  const zip = await JSZip.loadAsync(await fs.readFile(file));
  const xml = await zip.file('xl/workbook.xml')!.async('string');
  expect(xml).toContain(`name="${from}"`);
  zip.file('xl/workbook.xml', xml.replace(`name="${from}"`, `name="${to}"`));
  await fs.writeFile(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

/** The verify's worker runs compiled: `npm test` builds lib/ before vitest runs. */
const LIB_WORKER = path.resolve(__dirname, '../../lib/pipeline/reconcile/previousSignatureWorker.js');
const LAUNCHER = path.resolve(__dirname, '../../bin/anjie.js');

/** November's report of two open items, signed by the manager; and December's run given a report as --previous. */
async function signedNovember() {
  const dir = await tempDir();
  // November: B1 pairs with 记-1; B2 has no booking (银行已收企业未收), 记-2 no credit (企业已收银行未收): two open items.
  const icbc = await writeBank(dir, '工行_11.csv', [
    { ref: 'B1', amount: '100000', name: '甲', memo: '1-1-101', date: '2026-11-10' },
    { ref: 'B2', amount: '250000', name: '乙', memo: '1-1-102', date: '2026-11-20' },
  ]);
  const fin = await writeFinance(dir, '序时账_11.xlsx', [
    { voucher: '记-1', amount: '100000', unit: '1-1-101', date: '2026-11-10' },
    { voucher: '记-2', amount: '300000', unit: '1-1-103', date: '2026-11-25' },
  ]);
  const report = path.join(dir, 'report.xlsx');
  const nov = await cli(['reconcile', '--bank', icbc, '--finance', fin, '--period', '2026-11', '--out', report]);
  expect(nov.code, nov.stderr).toBe(0);
  const signed = await cli(['signoff', 'sign', report, '--name', '王经理', '--role', '制表']);
  expect(signed.code, signed.stderr).toBe(0);
  const icbc12 = await writeBank(dir, '工行_12.csv', [{ ref: 'C1', amount: '80000', name: '丙', memo: '1-1-104', date: '2026-12-05' }]);
  const fin12 = await writeFinance(dir, '序时账_12.xlsx', [{ voucher: '记-1', amount: '80000', unit: '1-1-104', date: '2026-12-05' }]);
  const decemberArgs = (previous: string) => ['reconcile', '--bank', icbc12, '--finance', fin12, '--period', '2026-12', '--out', path.join(dir, `r12-${path.basename(previous)}`), '--previous', previous];
  const december = (previous: string) => cli(decemberArgs(previous));
  return { dir, report, signed, december, decemberArgs };
}

describe('a signed report’s carried open items (_anjie_open)', () => {
  it('are covered by its signature: an open item deleted from the hidden sheet after signing is a change', async () => {
    const { report, signed } = await signedNovember();
    // The scope names the hidden sheet, so the signer sees what is covered …
    expect(signed.stdout).toContain('_anjie_open');
    // … and the untouched report verifies intact, without calling its (always hidden) open items a hidden signed sheet.
    const intact = await cli(['signoff', 'verify', report]);
    expect(intact.code).toBe(0);
    expect(intact.stdout).not.toContain('签核的工作表现已隐藏');

    await dropOpenRow(report, 3);
    const verify = await cli(['signoff', 'verify', report]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain('签核后内容已改动');
    expect(verify.stdout).toContain('_anjie_open!A3');
  });

  it('December’s run says under the previous file’s line that the report it carries from was changed after signing', async () => {
    const { dir, report, december } = await signedNovember();
    const asSigned = path.join(dir, 'as-signed.xlsx');
    await fs.copyFile(report, asSigned);
    const fromSigned = await december(asSigned);
    expect(fromSigned.code, fromSigned.stderr).toBe(0);
    expect(fromSigned.stdout).toMatch(/上期 previous: as-signed\.xlsx 2 项未达/);
    expect(fromSigned.stdout).not.toContain('签核后已被改动');

    // One open item deleted from the hidden sheet after signing: December carries the one left, and says why it may be short.
    await dropOpenRow(report, 3);
    const fromEdited = await december(report);
    expect(fromEdited.code, fromEdited.stderr).toBe(0);
    const lines = fromEdited.stdout.split('\n');
    const at = lines.findIndex((l) => l.includes('上期 previous: report.xlsx'));
    expect(lines[at]).toContain('1 项未达');
    const warning = lines[at + 1];
    expect(warning).toContain('警告 warning: 上期报告 report.xlsx 签核后已被改动');
    expect(warning).toContain('_anjie_open!A3');
    expect(warning).toContain('anjie signoff verify report.xlsx');
    expect(warning).toContain('/ the previous report report.xlsx was changed after it was signed');
    // December's report says it too, in 汇总's 读取提示, for whoever reads or signs it.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'r12-report.xlsx'));
    const texts: string[] = [];
    wb.getWorksheet('汇总')!.eachRow((row) => row.eachCell((c) => void texts.push(String(c.value))));
    expect(texts.some((t) => t.includes('上期报告 report.xlsx 签核后已被改动'))).toBe(true);
  });

  it('December’s run from a report whose 签核记录 cannot be read says the sign-off record is damaged, and carries its items', async () => {
    const { report, december } = await signedNovember();
    await damageRecord(report);
    const run = await december(report);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    const at = lines.findIndex((l) => l.includes('上期 previous: report.xlsx'));
    expect(lines[at]).toContain('2 项未达');
    expect(lines[at + 1]).toContain('警告 warning: 上期报告 report.xlsx 签核后已被改动（签核记录已损坏）');
    expect(lines[at + 1]).toContain('the previous report report.xlsx was changed after it was signed (its sign-off record is damaged)');
  });

  it('is verified on a worker thread beside the load in the words this thread would use: intact, an open item deleted, a damaged record', async () => {
    expect(existsSync(LIB_WORKER), `${LIB_WORKER} is missing: run npm run build:cli first`).toBe(true);
    const { dir, report } = await signedNovember();
    const onWorker = (file: string) => startPreviousSignatureWarning(file, LIB_WORKER).warning();
    expect(await onWorker(report)).toBeNull();
    const edited = path.join(dir, 'edited.xlsx');
    await fs.copyFile(report, edited);
    await dropOpenRow(edited, 3);
    const changed = await onWorker(edited);
    expect(changed?.zh).toContain('上期报告 edited.xlsx 签核后已被改动');
    expect(changed?.zh).toContain('_anjie_open!A3');
    expect(changed).toEqual(await previousSignatureWarning(edited));
    await damageRecord(report);
    const damaged = await onWorker(report);
    expect(damaged?.zh).toContain('签核后已被改动（签核记录已损坏）');
    expect(damaged).toEqual(await previousSignatureWarning(report));
  });

  it('is verified on this thread when its worker thread dies without answering', async () => {
    const { dir, report } = await signedNovember();
    await dropOpenRow(report, 3);
    const dying = path.join(dir, 'dying-worker.js');
    await fs.writeFile(dying, "throw new Error('out of memory');\n");
    const w = await startPreviousSignatureWarning(report, dying).warning();
    expect(w?.zh).toContain('上期报告 report.xlsx 签核后已被改动');
    expect(w).toEqual(await previousSignatureWarning(report));
  });

  it('bin/anjie.js, as finance starts it (the verify on a worker thread), prints what the run in-process does: an edited report, a damaged record', async () => {
    const { dir, report, december, decemberArgs } = await signedNovember();
    const edited = path.join(dir, 'edited.xlsx');
    await fs.copyFile(report, edited);
    await dropOpenRow(edited, 3);
    await damageRecord(report);
    for (const previous of [edited, report]) {
      const launched = spawnSync(process.execPath, [LAUNCHER, ...decemberArgs(previous)], { encoding: 'utf8' });
      expect(launched.status, launched.stderr).toBe(0);
      expect(launched.stdout).toContain('签核后已被改动');
      expect(launched.stdout).toBe((await december(previous)).stdout);
    }
  });

  it('a report signed before its open items were covered keeps its recorded scope: it verifies as before, and its 审核 signs that scope', async () => {
    const dir = await tempDir();
    const icbc = await writeBank(dir, '工行_11.csv', [{ ref: 'B2', amount: '250000', name: '乙', memo: '1-1-102', date: '2026-11-20' }]);
    const fin = await writeFinance(dir, '序时账_11.xlsx', [{ voucher: '记-2', amount: '300000', unit: '1-1-103', date: '2026-11-25' }]);
    const report = path.join(dir, 'report.xlsx');
    expect((await cli(['reconcile', '--bank', icbc, '--finance', fin, '--period', '2026-11', '--out', report])).code).toBe(0);
    // Signed as before: the hidden sheet under another name is not a report's open items, so the scope is the visible sheets.
    await renameSheet(report, '_anjie_open', 'x_open');
    const prepared = await cli(['signoff', 'sign', report, '--name', '李会计', '--role', '制表']);
    expect(prepared.code, prepared.stderr).toBe(0);
    expect(prepared.stdout).not.toContain('x_open');
    await renameSheet(report, 'x_open', '_anjie_open');
    expect((await cli(['signoff', 'verify', report])).code).toBe(0);
    const reviewed = await cli(['signoff', 'sign', report, '--name', '王经理', '--role', '审核']);
    expect(reviewed.code, reviewed.stderr).toBe(0);
    expect(reviewed.stdout).toContain('范围 scope');
    expect(reviewed.stdout).not.toContain('_anjie_open');
    expect((await cli(['signoff', 'verify', report])).code).toBe(0);
  });
});
