import { copyFileSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { signInExcel, unsealInExcel, verifyInExcel } from '../../addin/signoff/service';
import { changedHeadline } from '../../addin/signoff/SignoffPanel';
import { previousSignatureWarning } from '../../pipeline/reconcile/previousSignature';
import { readWorkbookRecords } from '../../pipeline/signoff/workbook';
import { fakeFromXlsx, xlsxFromFake } from './bridge';
import { anjie, buildReport, tempDir } from './helpers';

/**
 * An unseal is the tool's (CLI `signoff unseal`, the panel's 撤销签核), which seals the unseal
 * columns (状态, 撤销人, 撤销时间, 撤销原因). One typed into 签核记录 in Excel — the open round's 状态 set
 * to unsealed and an 撤销人 typed, to edit the signed cells freely — is an altered record, as is an
 * unsealed round typed back to active to revive an old signature.
 */
const SHEET = '按揭进度表';
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'signoff');
const OLD = path.join(FIXTURES, 'signed-v1-two-rounds.xlsx');
const SEALED = path.join(FIXTURES, 'signed-v2-sealed-two-rounds.xlsx');
const UNSEAL_SEALED = path.join(FIXTURES, 'signed-v3-unseal-sealed-two-rounds.xlsx');
let dir: string;
let n = 0;
const next = (name: string) => path.join(dir, `${n++}-${name}.xlsx`);

beforeEach(() => {
  dir = tempDir();
});

/** A copy of `file` with its cells typed over (签核记录 unhidden, the signed sheet unprotected), saved, as a person would in Excel. */
async function tamper(file: string, edit: (rec: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  edit(wb.getWorksheet('签核记录')!, wb);
  const out = next('tampered');
  await wb.xlsx.writeFile(out);
  return out;
}

/** Rows `rows` of 签核记录 typed as the tool's unseal writes them: 状态 unsealed, 撤销人, 撤销时间, 撤销原因. */
function typeUnseal(rec: ExcelJS.Worksheet, rows: number[], by = '王经理'): void {
  for (const r of rows) {
    rec.getCell(`C${r}`).value = 'unsealed';
    rec.getCell(`L${r}`).value = by;
    rec.getCell(`M${r}`).value = '2026-11-24T09:00:00';
    rec.getCell(`N${r}`).value = '金额更正';
  }
}

/** Rows `rows` of 签核记录 typed back to active, the unseal columns cleared. */
function typeActive(rec: ExcelJS.Worksheet, rows: number[]): void {
  for (const r of rows) {
    rec.getCell(`C${r}`).value = 'active';
    for (const c of ['L', 'M', 'N']) rec.getCell(`${c}${r}`).value = '';
  }
}

/** A report signed 制表 李四 and 审核 王经理 by the CLI (签核记录 rows 2 and 3). */
async function signedReport(): Promise<string> {
  const file = next('report');
  await buildReport(file);
  expect((await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表', '--sheets', SHEET)).code).toBe(0);
  expect((await anjie('signoff', 'sign', file, '--name', '王经理', '--role', '审核')).code).toBe(0);
  return file;
}

const UNSEALED_BY_HAND_1 = '签核记录已被改动：第 1 轮「制表」的记录（序号 1）的状态被手工改为已撤销（撤销不是由签核工具完成的） / sign-off record altered: the status (状态) of round 1\'s 制表 (prepared by) record (No. 1) was set to unsealed by hand (not unsealed by the sign-off tool)';
const UNSEALED_BY_HAND_2 = '第 1 轮「审核」的记录（序号 2）的状态被手工改为已撤销（撤销不是由签核工具完成的）';

describe('an unseal typed into 签核记录', () => {
  it('is an altered record in the CLI (exit 1, the round still in force, its changed cells listed), not an unsigned workbook; nobody signs or unseals over it', async () => {
    const file = await signedReport();
    const typed = await tamper(file, (rec, wb) => {
      typeUnseal(rec, [2, 3]);
      wb.getWorksheet(SHEET)!.getCell('D5').value = 660000; // 650,000.50 signed
    });
    let r = await anjie('signoff', 'verify', typed);
    expect(r.code, r.out).toBe(1);
    expect(r.out).not.toContain('未签核');
    expect(r.out).toContain(UNSEALED_BY_HAND_1);
    expect(r.out).toContain(UNSEALED_BY_HAND_2);
    // The signature typed away is still the one in force: the edit of its cells is listed.
    expect(r.out).toContain('按揭进度表!D5');
    // Nothing else about the unseal columns is said: the status typed is the finding.
    expect(r.out).not.toContain('撤销人已被改动');

    const json = JSON.parse((await anjie('signoff', 'verify', '--json', typed)).out) as { status: string; recordProblems: unknown[] };
    expect(json.status).toBe('changed');
    expect(json.recordProblems).toEqual([
      { kind: 'status', seq: 1, round: 1, role: '制表', status: 'unsealed' },
      { kind: 'status', seq: 2, round: 1, role: '审核', status: 'unsealed' },
    ]);

    // A new round over it would seal the typed unseal as the tool's.
    r = await anjie('signoff', 'sign', typed, '--name', '李四', '--role', '制表');
    expect(r.code, r.out + r.err).toBe(2);
    expect(r.err).toContain('签核记录已被改动：第 1 轮「制表」的记录（序号 1）的状态被手工改为已撤销');
    r = await anjie('signoff', 'unseal', typed, '--name', '王经理', '--reason', '金额更正');
    expect(r.code, r.out + r.err).toBe(2);
    expect(r.err).toContain('签核记录已被改动');
    expect((await readWorkbookRecords(typed)).map((x) => x.status)).toEqual(['unsealed', 'unsealed']);
  });

  it('with the cells untouched is ALTERED (the cells as signed), and one record of the round typed is named alone', async () => {
    const file = await signedReport();
    const typed = await tamper(file, (rec) => typeUnseal(rec, [3]));
    const r = await anjie('signoff', 'verify', typed);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('ALTERED');
    expect(r.out).toContain(UNSEALED_BY_HAND_2);
    expect(r.out).not.toContain('序号 1）的状态');
  });

  it('an unseal by the tool still leaves the workbook unsigned (exit 2), as before, and a new round signs over it', async () => {
    const file = await signedReport();
    expect((await anjie('signoff', 'unseal', file, '--name', '王经理', '--reason', '金额更正')).code).toBe(0);
    let r = await anjie('signoff', 'verify', file);
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain('未签核');
    expect((await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表')).code).toBe(0);
    r = await anjie('signoff', 'verify', file);
    expect(r.code, r.out).toBe(0);
    // Its reason edited afterwards is an altered record too.
    const edited = await tamper(file, (rec) => {
      rec.getCell('N2').value = '例行更新';
    });
    r = await anjie('signoff', 'verify', edited);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('签核记录已被改动：第 1 轮「制表」的记录（序号 1）中撤销原因已被改动 / sign-off record altered: the unseal reason (撤销原因) of round 1\'s 制表 (prepared by) record (No. 1) was changed');
  });

  it('the 签核 panel says the same for an unseal typed into the workbook it signed, and refuses to sign a new round over it', async () => {
    const file = next('report');
    await buildReport(file);
    const fake = await fakeFromXlsx(file);
    const host = memoryHost(fake);
    await signInExcel(host, { name: '李四', role: '制表', sheets: [SHEET], now: '2026-11-23T10:00:00' });
    expect((await verifyInExcel(host)).status).toBe('intact');
    const rec = fake.sheet('签核记录');
    rec.cell(1, 2)!.v = 'unsealed'; // C2
    rec.cell(1, 11)!.v = '李四'; // L2
    const v = await verifyInExcel(host);
    expect(v).toMatchObject({ status: 'changed', changes: [], recordProblems: [{ kind: 'status', seq: 1, round: 1, status: 'unsealed' }] });
    if (v.status !== 'changed') throw new Error('unreachable');
    expect(changedHeadline(v, 'zh')).toContain('第 1 轮「制表」的记录（序号 1）的状态被手工改为已撤销（撤销不是由签核工具完成的）');
    expect(changedHeadline(v, 'en')).toContain("the status (状态) of round 1's 制表 (prepared by) record (No. 1) was set to unsealed by hand (not unsealed by the sign-off tool)");
    await expect(signInExcel(host, { name: '李四', role: '制表', sheets: [SHEET], now: '2026-11-23T12:00:00' })).rejects.toThrow(/The sign-off record was altered: the status \(状态\) of round 1's 制表/);
    const saved = next('saved');
    await xlsxFromFake(fake, saved);
    const r = await anjie('signoff', 'verify', saved);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('第 1 轮「制表」的记录（序号 1）的状态被手工改为已撤销');
  });

  it('reconcile --previous warns of a previous report whose signature was typed away', async () => {
    const file = await signedReport();
    const typed = await tamper(file, (rec) => typeUnseal(rec, [2, 3]));
    const w = await previousSignatureWarning(typed);
    expect(w?.zh).toContain('签核记录中第 1 轮「制表」的记录（序号 1）的状态被手工改为已撤销');
    expect(w?.en).toContain("in its sign-off record, the status (状态) of round 1's 制表 (prepared by) record (No. 1) was set to unsealed by hand");
  });
});

describe('an unsealed round typed back to active', () => {
  it('does not revive the old signature: an altered record (exit 1) in the CLI, the panel and reconcile --previous', async () => {
    const file = await signedReport();
    expect((await anjie('signoff', 'unseal', file, '--name', '王经理', '--reason', '金额更正')).code).toBe(0);
    const revived = await tamper(file, (rec) => typeActive(rec, [2, 3]));
    const r = await anjie('signoff', 'verify', revived);
    expect(r.code, r.out).toBe(1);
    expect(r.out).not.toContain('intact');
    expect(r.out).toContain('签核记录已被改动：第 1 轮「制表」的记录（序号 1）的状态被手工改回有效（撤销签核后不能恢复） / sign-off record altered: the status (状态) of round 1\'s 制表 (prepared by) record (No. 1) was set back to active by hand (an unsealed signature cannot be restored)');
    expect(r.out).toContain('第 1 轮「审核」的记录（序号 2）的状态被手工改回有效');
    const v = await verifyInExcel(memoryHost(await fakeFromXlsx(revived)));
    expect(v.status).toBe('changed');
    if (v.status !== 'changed') throw new Error('unreachable');
    expect(changedHeadline(v, 'zh')).toContain('第 1 轮「制表」的记录（序号 1）的状态被手工改回有效');
    expect((await previousSignatureWarning(revived))?.zh).toContain('签核记录中第 1 轮「审核」的记录（序号 2）的状态被手工改回有效');
    // Signing on as 批准 over the revived round is refused.
    const s = await anjie('signoff', 'sign', revived, '--name', '赵总', '--role', '批准');
    expect(s.code, s.out + s.err).toBe(2);
    expect(s.err).toContain('签核记录已被改动');
  });

  it('the panel\'s own unseal is sealed the same way', async () => {
    const file = next('report');
    await buildReport(file);
    const fake = await fakeFromXlsx(file);
    const host = memoryHost(fake);
    await signInExcel(host, { name: '李四', role: '制表', sheets: [SHEET], now: '2026-11-23T10:00:00' });
    await unsealInExcel(host, { name: '王经理', reason: '贷款金额更正', now: '2026-11-24T09:00:00' });
    expect((await verifyInExcel(host)).status).toBe('unsigned');
    const rec = fake.sheet('签核记录');
    rec.cell(1, 2)!.v = 'active';
    for (const c of [11, 12, 13]) rec.cell(1, c)!.v = '';
    const v = await verifyInExcel(host);
    expect(v).toMatchObject({ status: 'changed', recordProblems: [{ kind: 'status', seq: 1, round: 1, status: 'active' }] });
  });
});

describe('workbooks written before unseals were sealed', () => {
  it('verify exactly as before: rounds unsealed by the versions before (v1 unsealed, v2 sealed and unsealed) are no altered record', async () => {
    for (const f of [OLD, SEALED]) {
      const r = await anjie('signoff', 'verify', f);
      expect(r.code, r.out).toBe(0);
      expect(r.out).toContain('签核有效，内容未改动 / intact');
      expect(r.out).not.toContain('签核记录已被改动');
      expect((await verifyInExcel(memoryHost(await fakeFromXlsx(f)))).status).toBe('intact');
    }
  });

  it('once this version signs or unseals them, a typed unseal of theirs is noticed', async () => {
    const file = next('sealed');
    copyFileSync(SEALED, file);
    expect((await anjie('signoff', 'unseal', file, '--name', '赵总', '--reason', '补充资料')).code).toBe(0);
    expect((await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表')).code).toBe(0);
    expect((await anjie('signoff', 'verify', file)).code).toBe(0);
    // Rows: 2–3 round 1 (unsealed by the version before), 4–6 round 2 (unsealed now), 7 round 3 制表.
    const revived = await tamper(file, (rec) => typeActive(rec, [2]));
    const r = await anjie('signoff', 'verify', revived);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('第 1 轮「制表」的记录（序号 1）的状态被手工改回有效');
  });

  it('the fixture signed and unsealed by this version verifies intact, and an unseal typed into it is noticed', async () => {
    let r = await anjie('signoff', 'verify', UNSEAL_SEALED);
    expect(r.code, r.out).toBe(0);
    expect((await verifyInExcel(memoryHost(await fakeFromXlsx(UNSEAL_SEALED)))).status).toBe('intact');
    // Rows: 2–3 round 1 (unsealed), 4–6 round 2 (制表, 审核, 批准).
    const typed = await tamper(UNSEAL_SEALED, (rec) => typeUnseal(rec, [4, 5, 6], '赵总'));
    r = await anjie('signoff', 'verify', typed);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('第 2 轮「批准」的记录（序号 5）的状态被手工改为已撤销');
  });
});
