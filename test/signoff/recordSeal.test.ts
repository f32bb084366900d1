import { copyFileSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { signInExcel, verifyInExcel } from '../../addin/signoff/service';
import { changedHeadline } from '../../addin/signoff/SignoffPanel';
import { previousSignatureWarning } from '../../pipeline/reconcile/previousSignature';
import { readWorkbookRecords } from '../../pipeline/signoff/workbook';
import { fakeFromXlsx, xlsxFromFake } from './bridge';
import { anjie, buildReport, tempDir } from './helpers';

/**
 * A manager's signature is who signed and when, as much as the fingerprint: a 签核人 or 签核时间
 * edited in 签核记录, or an earlier round's row deleted, is an altered record (exit 1), in the CLI,
 * the 签核 panel and reconcile's --previous check; workbooks signed before records were sealed
 * verify as they did.
 */
const SHEET = '按揭进度表';
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'signoff');
const OLD = path.join(FIXTURES, 'signed-v1-two-rounds.xlsx');
const SEALED = path.join(FIXTURES, 'signed-v2-sealed-two-rounds.xlsx');
let dir: string;
let n = 0;
const next = (name: string) => path.join(dir, `${n++}-${name}.xlsx`);

beforeEach(() => {
  dir = tempDir();
});

/** A copy of `file` with 签核记录 edited in its cells (unhidden, typed over, saved), as a person would in Excel. */
async function tamper(file: string, edit: (rec: ExcelJS.Worksheet) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  edit(wb.getWorksheet('签核记录')!);
  const out = next('tampered');
  await wb.xlsx.writeFile(out);
  return out;
}

/** A report signed 制表 李四 and 审核 王经理 by the CLI (签核记录 rows 2 and 3). */
async function signedReport(): Promise<string> {
  const file = next('report');
  await buildReport(file);
  expect((await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表', '--sheets', SHEET)).code).toBe(0);
  expect((await anjie('signoff', 'sign', file, '--name', '王经理', '--role', '审核')).code).toBe(0);
  return file;
}

describe('签核人 and 签核时间 are part of what verify checks', () => {
  it('an edited signer or signing time is an altered record (exit 1) naming the round, the record and the field; nobody signs on over it', async () => {
    const file = await signedReport();
    expect((await anjie('signoff', 'verify', file)).code).toBe(0);

    const otherSigner = await tamper(file, (rec) => {
      rec.getCell('E3').value = '张经理'; // 审核 王经理 → 张经理
    });
    let r = await anjie('signoff', 'verify', otherSigner);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('签核记录已被改动');
    expect(r.out).toContain("签核记录已被改动：第 1 轮「审核」的记录（序号 2）中签核人已被改动 / sign-off record altered: the signer (签核人) of round 1's 审核 (reviewed by) record (No. 2) was changed");
    expect(r.out).not.toContain('签核时间已被改动');
    expect(r.out).not.toContain('intact');
    // The cells are as signed: the verdict says the record, not the content, changed.
    expect(r.out).toContain('ALTERED');
    expect(r.out).not.toContain('改动的单元格');
    // Signing on would seal the forged name as if 王经理's record said so.
    r = await anjie('signoff', 'sign', otherSigner, '--name', '赵总', '--role', '批准');
    expect(r.code, r.out + r.err).toBe(2);
    expect(r.err).toContain('签核记录已被改动');
    expect((await readWorkbookRecords(otherSigner)).length).toBe(2);

    const earlier = await tamper(file, (rec) => {
      rec.getCell('F2').value = '2026-11-01T09:00:00'; // 制表's time backdated
    });
    r = await anjie('signoff', 'verify', earlier);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('第 1 轮「制表」的记录（序号 1）中签核时间已被改动');
    expect(r.out).toContain("the signing time (签核时间) of round 1's 制表 (prepared by) record (No. 1) was changed");

    r = await anjie('signoff', 'verify', '--json', otherSigner);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as { status: string; recordProblems: { kind: string; seq: number; round: number; field: { zh: string } }[] };
    expect(json.status).toBe('changed');
    expect(json.recordProblems).toMatchObject([{ kind: 'field', seq: 2, round: 1, field: { zh: '签核人' } }]);
  });

  it('the 签核 panel says the same for a signer edited in the workbook it signed, and the CLI agrees on the saved file', async () => {
    const file = next('report');
    await buildReport(file);
    const fake = await fakeFromXlsx(file);
    const host = memoryHost(fake);
    await signInExcel(host, { name: '李四', role: '制表', sheets: [SHEET], now: '2026-11-23T10:00:00' });
    await signInExcel(host, { name: '王经理', role: '审核', now: '2026-11-23T11:00:00' });
    expect((await verifyInExcel(host)).status).toBe('intact');
    fake.sheet('签核记录').cell(1, 4)!.v = '李四四'; // E2: 制表's signer
    const v = await verifyInExcel(host);
    expect(v).toMatchObject({ status: 'changed', changes: [], recordProblems: [{ kind: 'field', seq: 1, round: 1 }] });
    if (v.status !== 'changed') throw new Error('unreachable');
    expect(changedHeadline(v, 'zh')).toContain('签核记录已被改动：第 1 轮「制表」的记录（序号 1）中签核人已被改动');
    expect(changedHeadline(v, 'en')).toContain("the signer (签核人) of round 1's 制表 (prepared by) record (No. 1) was changed");
    await expect(signInExcel(host, { name: '赵总', role: '批准', now: '2026-11-23T12:00:00' })).rejects.toThrow(/The sign-off record was altered: the signer \(签核人\) of round 1's 制表/);
    const saved = next('saved');
    await xlsxFromFake(fake, saved);
    const r = await anjie('signoff', 'verify', saved);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('第 1 轮「制表」的记录（序号 1）中签核人已被改动');
  });

  it('reconcile --previous warns of a previous report whose signer was edited', async () => {
    const file = await signedReport();
    const forged = await tamper(file, (rec) => {
      rec.getCell('E2').value = '王五';
    });
    const w = await previousSignatureWarning(forged);
    expect(w?.zh).toContain('签核后已被改动（签核记录中第 1 轮「制表」的记录（序号 1）中签核人已被改动）');
    expect(w?.en).toContain("in its sign-off record, the signer (签核人) of round 1's 制表 (prepared by) record (No. 1) was changed");
    expect(await previousSignatureWarning(file)).toBeNull();
  });
});

describe('a deleted record row', () => {
  it('deleting an earlier round\'s row (or the whole round) from 签核记录 is an altered record, naming the missing record and its round', async () => {
    const file = await signedReport();
    expect((await anjie('signoff', 'unseal', file, '--name', '王经理', '--reason', '金额更正')).code).toBe(0);
    expect((await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表')).code).toBe(0);
    expect((await anjie('signoff', 'verify', file)).code).toBe(0);

    // Rows: 2 = No. 1 (round 1 制表), 3 = No. 2 (round 1 审核), 4 = No. 3 (round 2 制表).
    const reviewGone = await tamper(file, (rec) => rec.spliceRows(3, 1));
    let r = await anjie('signoff', 'verify', reviewGone);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('签核记录已被改动：序号 2 的记录（第 1 轮）已被删除 / sign-off record altered: record No. 2 (round 1) was deleted');

    const roundGone = await tamper(file, (rec) => {
      rec.spliceRows(2, 1);
      rec.spliceRows(2, 1);
    });
    r = await anjie('signoff', 'verify', roundGone);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('序号 1、2 的记录（第 1 轮）已被删除');
    // and the panel, on the same file
    const v = await verifyInExcel(memoryHost(await fakeFromXlsx(roundGone)));
    expect(v.status).toBe('changed');
    if (v.status !== 'changed') throw new Error('unreachable');
    expect(changedHeadline(v, 'zh')).toContain('序号 1、2 的记录（第 1 轮）已被删除');

    // Renumbered after the deletion (序号 3 → 1, 轮次 2 → 1) to hide the hole: the record seal still tells.
    const renumbered = await tamper(file, (rec) => {
      rec.spliceRows(2, 1);
      rec.spliceRows(2, 1);
      rec.getCell('A2').value = 1;
      rec.getCell('B2').value = 1;
    });
    r = await anjie('signoff', 'verify', renumbered);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('中序号已被改动');
    expect(r.out).toContain('中轮次已被改动');
  });
});

describe('workbooks signed before records were sealed', () => {
  it('verify exactly as before (CLI and panel), history included; a deleted earlier row is still noticed from the numbering', async () => {
    let r = await anjie('signoff', 'verify', OLD);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('签核有效，内容未改动 / intact');
    expect((await verifyInExcel(memoryHost(await fakeFromXlsx(OLD)))).status).toBe('intact');
    const records = await readWorkbookRecords(OLD);
    expect(records.map((x) => [x.seq, x.round, x.status, x.role, x.name, x.signedAt, x.seal ?? ''])).toEqual([
      [1, 1, 'unsealed', '制表', '李四', '2026-11-20T09:00:00', ''],
      [2, 1, 'unsealed', '审核', '王经理', '2026-11-20T10:30:00', ''],
      [3, 2, 'active', '制表', '李四', '2026-11-21T09:15:00', ''],
      [4, 2, 'active', '审核', '王经理', '2026-11-21T11:00:00', ''],
      [5, 2, 'active', '批准', '赵总', '2026-11-21T16:45:00', ''],
    ]);

    const firstGone = await tamper(OLD, (rec) => rec.spliceRows(2, 1));
    r = await anjie('signoff', 'verify', firstGone);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('序号 1 的记录（第 1 轮）已被删除');
  });

  it('are sealed when the new version next signs them, so an earlier round\'s signer edited after that is noticed', async () => {
    const file = next('old');
    copyFileSync(OLD, file);
    expect((await anjie('signoff', 'unseal', file, '--name', '赵总', '--reason', '补充资料')).code).toBe(0);
    expect((await anjie('signoff', 'verify', file)).code).toBe(2); // unsealed: nothing active, as before
    expect((await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表')).code).toBe(0);
    expect((await anjie('signoff', 'verify', file)).code).toBe(0);
    expect((await readWorkbookRecords(file)).every((x) => (x.seal ?? '') !== '')).toBe(true);
    const forged = await tamper(file, (rec) => {
      rec.getCell('E3').value = '刘经理'; // round 1's 审核, signed by anjie 0.1.0
    });
    const r = await anjie('signoff', 'verify', forged);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('第 1 轮「审核」的记录（序号 2）中签核人已被改动');
  });

  it('a workbook signed by this version (the fixture) verifies intact in the CLI and the panel, and an edited time in its history is noticed', async () => {
    let r = await anjie('signoff', 'verify', SEALED);
    expect(r.code, r.out).toBe(0);
    expect((await verifyInExcel(memoryHost(await fakeFromXlsx(SEALED)))).status).toBe('intact');
    const forged = await tamper(SEALED, (rec) => {
      rec.getCell('F3').value = '2026-11-20T10:31:00'; // round 1's 审核, a minute later
    });
    r = await anjie('signoff', 'verify', forged);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('第 1 轮「审核」的记录（序号 2）中签核时间已被改动');
  });
});
