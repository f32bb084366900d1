import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { FakeExcel, PAYLOAD_LIMIT_BYTES } from '../../addin/host/fake/fakeExcel';
import { SignoffPaneError, defaultSignSheets, paneState, selectCell, signInExcel, unsealInExcel, verifyInExcel } from '../../addin/signoff/service';
import { readWorkbookRecords, verifyWorkbook } from '../../pipeline/signoff/workbook';
import { changedHeadline } from '../../addin/signoff/SignoffPanel';
import { fakeFromXlsx, xlsxFromFake } from './bridge';
import { anjie, buildReport, tempDir } from './helpers';

const SHEET = '按揭进度表';
let dir: string;
let report: string;
let n = 0;
const next = (name: string) => path.join(dir, `${n++}-${name}.xlsx`);

beforeEach(async () => {
  dir = tempDir();
  report = next('report');
  await buildReport(report);
});

/** Types a value into a cell of the fake workbook as a person would (bypassing protection, like Review > Unprotect). */
function typeInto(fake: FakeExcel, sheet: string, row0: number, col0: number, v: string | number): void {
  const cell = fake.sheet(sheet).ensure(row0, col0);
  cell.v = v;
  delete cell.f;
}

describe('sign-off across the add-in (fake Excel) and the CLI', () => {
  it('signs in the add-in, and the CLI verifies the saved workbook: intact, then the changed cell by address', async () => {
    const fake = await fakeFromXlsx(report);
    const host = memoryHost(fake);
    expect((await paneState(host)).nextRole).toBe('制表');
    const rec = await signInExcel(host, { name: '李四', role: '制表', sheets: [SHEET], now: '2026-11-23T10:00:00' });
    expect(rec.scope.sheets[0].exclude).toEqual(['9:9']);
    expect(fake.sheet(SHEET).cell(8, 1)?.v).toBe('李四');
    expect(fake.sheet(SHEET).protection.protected).toBe(true);
    expect(fake.sheet('签核记录').visibility).toBe('VeryHidden');

    const saved = next('addin-signed');
    await xlsxFromFake(fake, saved);
    const r = await anjie('signoff', 'verify', saved);
    expect(r.code, r.out + r.err).toBe(0);
    // the CLI computes the very same fingerprint from exceljs values
    expect((await readWorkbookRecords(saved))[0].fingerprint).toBe(rec.fingerprint);

    typeInto(fake, SHEET, 4, 3, 650000.51); // D5
    const changed = next('addin-changed');
    await xlsxFromFake(fake, changed);
    const v = await anjie('signoff', 'verify', changed);
    expect(v.code).toBe(1);
    expect(v.out).toContain(`${SHEET}!D5`);
  });

  it('signs with the CLI, and the add-in verifies: intact, then changed with the first cells listed and selectable', async () => {
    expect((await anjie('signoff', 'sign', report, '--name', '李四', '--role', '制表', '--sheets', SHEET)).code).toBe(0);
    const fake = await fakeFromXlsx(report);
    const host = memoryHost(fake);
    expect((await verifyInExcel(host)).status).toBe('intact');

    fake.sheet(SHEET).visibility = 'Hidden';
    expect(await verifyInExcel(host)).toMatchObject({ status: 'intact', hiddenSheets: [SHEET] });
    fake.sheet(SHEET).visibility = 'Visible';
    expect(await verifyInExcel(host)).toMatchObject({ status: 'intact', hiddenSheets: [] });

    typeInto(fake, SHEET, 3, 1, '张叁'); // B4
    typeInto(fake, SHEET, 20, 0, '备注'); // A21, an empty cell before
    const v = await verifyInExcel(host);
    expect(v.status).toBe('changed');
    if (v.status !== 'changed') return;
    expect(v.changes.map((c) => `${c.sheet}!${c.ref}`)).toEqual([`${SHEET}!B4`, `${SHEET}!A21`]);
    expect(v.changes[0]).toMatchObject({ before: { type: 's', value: '张三' }, after: { type: 's', value: '张叁' } });
    await selectCell(host, v.changes[0].sheet, v.changes[0].row, v.changes[0].col);
    expect(fake.state.selection?.box).toEqual({ row: 3, col: 1, rows: 1, cols: 1 });
    expect(fake.state.selection?.sheetId).toBe(fake.sheet(SHEET).id);
  });

  it('核验签名 says a signed sheet was renamed (both names, still changed, no cell list), as the CLI does; renamed and edited it is still reported', async () => {
    expect((await anjie('signoff', 'sign', report, '--name', '李四', '--role', '制表', '--sheets', SHEET)).code).toBe(0);
    const fake = await fakeFromXlsx(report);
    const host = memoryHost(fake);
    fake.sheet(SHEET).name = '按揭进度表(已处理)';
    const v = await verifyInExcel(host);
    expect(v).toMatchObject({ status: 'changed', renamedSheets: [{ from: SHEET, to: '按揭进度表(已处理)' }], missingSheets: [], changes: [] });
    if (v.status !== 'changed') return;
    expect(changedHeadline(v, 'zh')).toBe('工作表「按揭进度表」已改名为「按揭进度表(已处理)」，内容与签核时相同。签核后文档已改动（工作表改名），单元格内容未变。');
    expect(changedHeadline(v, 'en')).toContain('Sheet "按揭进度表" was renamed to "按揭进度表(已处理)"');
    typeInto(fake, '按揭进度表(已处理)', 3, 1, '张叁'); // B4
    const edited = await verifyInExcel(host);
    expect(edited).toMatchObject({ status: 'changed', renamedSheets: [], missingSheets: [SHEET] });
    if (edited.status !== 'changed') return;
    expect(edited.changes.length).toBeGreaterThan(0);
    expect(changedHeadline(edited, 'zh')).not.toContain('已改名');
  });

  it('核验签名 calls a record whose scope was edited to leave out a row typed in since an altered record, as the CLI does, and 审核 cannot sign on', async () => {
    expect((await anjie('signoff', 'sign', report, '--name', '李四', '--role', '制表', '--sheets', SHEET)).code).toBe(0);
    const fake = await fakeFromXlsx(report);
    const host = memoryHost(fake);
    typeInto(fake, SHEET, 29, 0, '补充：3-2-1501 已放款'); // A30, empty when signed
    const record = fake.sheet('签核记录').cell(1, 8)!; // 范围 of the first record (I2)
    const scope = JSON.parse(String(record.v)) as { sheets: { exclude: string[] }[] };
    scope.sheets[0].exclude.push('30:30');
    record.v = JSON.stringify(scope);
    const v = await verifyInExcel(host);
    expect(v).toMatchObject({ status: 'changed', recordTampered: true, changes: [] });
    await expect(signInExcel(host, { name: '王经理', role: '审核', sheets: [SHEET], now: '2026-11-23T11:00:00' })).rejects.toThrow(/content changed after 李四/);
  });

  it('CLI 制表 with a password, add-in 审核, CLI 批准: one round, one fingerprint, verify intact on both sides', async () => {
    expect((await anjie('signoff', 'sign', report, '--name', '李四', '--role', '制表', '--sheets', SHEET, '--password', 'pw1')).code).toBe(0);
    const fake = await fakeFromXlsx(report, { [SHEET]: 'pw1' });
    const host = memoryHost(fake);
    expect((await paneState(host)).nextRole).toBe('审核');
    await expect(signInExcel(host, { name: '王经理', role: '审核' })).rejects.toThrow(/password/);
    await signInExcel(host, { name: '王经理', role: '审核', currentPassword: 'pw1' });
    expect(fake.sheet(SHEET).cell(8, 3)?.v).toBe('王经理');
    expect(fake.sheet(SHEET).protection).toEqual({ protected: true, password: 'pw1', allowFormatCells: false, allowEditObjects: false });
    const saved = next('reviewed');
    await xlsxFromFake(fake, saved);
    const r = await anjie('signoff', 'sign', saved, '--name', '赵总', '--role', '批准');
    expect(r.code, r.err).toBe(0);
    const records = await readWorkbookRecords(saved);
    expect(records.map((x) => [x.role, x.name, x.status])).toEqual([
      ['制表', '李四', 'active'],
      ['审核', '王经理', 'active'],
      ['批准', '赵总', 'active'],
    ]);
    expect(new Set(records.map((x) => x.fingerprint)).size).toBe(1);
    expect((await verifyWorkbook(saved)).status).toBe('intact');
    expect(await verifyInExcel(memoryHost(await fakeFromXlsx(saved)))).toMatchObject({ status: 'intact' });
  });

  it('add-in 制表, CLI 审核: the CLI accepts the add-in\'s fingerprint and block', async () => {
    const fake = await fakeFromXlsx(report);
    await signInExcel(memoryHost(fake), { name: '李四', role: '制表', sheets: [SHEET] });
    const saved = next('prepared');
    await xlsxFromFake(fake, saved);
    const r = await anjie('signoff', 'sign', saved, '--name', '王经理', '--role', '审核');
    expect(r.code, r.err).toBe(0);
    expect((await verifyWorkbook(saved)).status).toBe('intact');
  });

  it('refuses to sign while validation errors remain unless a reason is recorded', async () => {
    const host = memoryHost(await fakeFromXlsx(report));
    const err = await signInExcel(host, { name: '李四', role: '制表', validationErrors: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignoffPaneError);
    expect((err as SignoffPaneError).text.zh).toContain('2 个校验错误');
    // Where the errors are listed, and how to sign anyway: the reason field, in both languages.
    expect((err as SignoffPaneError).text.zh).toContain('列在“台账”页');
    expect((err as SignoffPaneError).text.zh).toContain('“仍要签核的原因”栏');
    expect((err as SignoffPaneError).text.en).toContain('listed on the Register tab');
    expect((err as SignoffPaneError).text.en).toContain('"why you sign anyway" field');
    expect((err as SignoffPaneError).needs).toBe('overrideReason');
    const rec = await signInExcel(host, { name: '李四', role: '制表', validationErrors: 2, overrideReason: '两户资料待补，经理已知悉' });
    expect(rec.overrideReason).toBe('两户资料待补，经理已知悉');
  });

  it('unseals in the add-in: old record kept with who and why, block cleared, protection off; the CLI sees the history', async () => {
    expect((await anjie('signoff', 'sign', report, '--name', '李四', '--role', '制表', '--sheets', SHEET)).code).toBe(0);
    const fake = await fakeFromXlsx(report);
    const host = memoryHost(fake);
    await expect(unsealInExcel(host, { name: '王经理', reason: '' })).rejects.toThrow(/reason/);
    await unsealInExcel(host, { name: '王经理', reason: '贷款金额更正', now: '2026-11-24T09:00:00' });
    expect(fake.sheet(SHEET).protection.protected).toBe(false);
    expect(fake.sheet(SHEET).cell(8, 1)?.v ?? '').toBe('');
    expect((await verifyInExcel(host)).status).toBe('unsigned');
    const saved = next('unsealed');
    await xlsxFromFake(fake, saved);
    const show = await anjie('signoff', 'show', saved);
    expect(show.out).toContain('已撤销 unsealed（王经理 2026-11-24T09:00:00：贷款金额更正）');
    expect((await anjie('signoff', 'verify', saved)).code).toBe(2);
  });

  it('signs a large sheet (80,000 cells, over 2 million characters of canonical text) with no request over the 5 MB limit, and verifies it', async () => {
    const fake = new FakeExcel();
    const rows = Array.from({ length: 8000 }, (_, r) => Array.from({ length: 10 }, (_c, c) => (c % 2 ? r * 10 + c + 0.25 : `云栖府${r}栋${c}单元 买受人姓名 备注文字`)));
    fake.seed('大表', { row: 0, col: 0 }, rows);
    const host = memoryHost(fake);
    const rec = await signInExcel(host, { name: '李四', role: '制表', sheets: ['大表'] });
    expect(rec.content.length).toBeGreaterThan(2_000_000);
    expect(fake.maxRequestBytes).toBeLessThan(PAYLOAD_LIMIT_BYTES);
    expect((await verifyInExcel(host)).status).toBe('intact');
    typeInto(fake, '大表', 7999, 9, 1);
    const v = await verifyInExcel(host);
    expect(v.status === 'changed' && v.changes.map((c) => c.ref)).toEqual(['J8000']);
  });

  it('tells an error value from the same text on both sides (valueTypes), and reports a change from one to the other', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('核对');
    ws.getCell('A1').value = { error: '#N/A' } as ExcelJS.CellErrorValue;
    ws.getCell('B1').value = '#N/A';
    ws.getCell('C1').value = { formula: '1/0', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue;
    const file = next('errors');
    await wb.xlsx.writeFile(file);
    expect((await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表')).code).toBe(0);
    const rec = (await readWorkbookRecords(file))[0];
    expect(rec.content).toBe("'核对'!A1\te\t#N/A\n'核对'!B1\ts\t#N/A\n'核对'!C1\te\t#DIV/0!\n");
    const fake = await fakeFromXlsx(file);
    const host = memoryHost(fake);
    expect((await verifyInExcel(host)).status).toBe('intact');
    delete (fake.sheet('核对').cell(0, 0) as { err?: boolean }).err; // the error value becomes the text "#N/A"
    const v = await verifyInExcel(host);
    expect(v.status === 'changed' && v.changes.map((c) => [c.ref, c.before?.type, c.after?.type])).toEqual([['A1', 'e', 's']]);
  });
});

describe('the sheets the 签核 panel ticks when it opens', () => {
  it('the reports, not the register nor each unit’s 查册表: signing protects what it seals, and the desk works in those every day', () => {
    const sheets = ['按揭台账', '按揭进度表-云栖府', '按揭进度表-滨江花园', '费用台账', '少收名单', '多收名单', '查册汇总', '1-1-101', '1-1-102', '未放回的录入'];
    expect(defaultSignSheets(sheets)).toEqual(['按揭进度表-云栖府', '按揭进度表-滨江花园', '费用台账', '少收名单', '多收名单', '查册汇总']);
  });

  it('a workbook without such reports (the monthly reconciliation report) starts with every sheet ticked', () => {
    const sheets = ['汇总', '差异', '已匹配', '按户', '余额调节表'];
    expect(defaultSignSheets(sheets)).toEqual(sheets);
  });
});
