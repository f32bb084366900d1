import { describe, expect, it } from 'vitest';
import { FakeExcel } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { paneState, signInExcel } from '../../addin/signoff/service';

/** A per-unit 查册表 in short: its labels in column A, 房号： on the third row, as the 查册 tab writes it. */
function unitSheet(fake: FakeExcel, name: string, unit: string, label = '房号：'): void {
  fake.seed(name, { row: 0, col: 0 }, [['查册表'], ['项目：', '滨江花园'], [label, unit], ['结论：', '正常']]);
}

describe('签核 panel: the per-unit 查册表 offered as one choice', () => {
  it('tells them by the 房号 on the sheet, whatever the name, as the 查册 tab does; a sheet merely named like a unit is not one, nor a hidden one', async () => {
    const fake = new FakeExcel();
    fake.state.sheets[0].name = '按揭台账';
    fake.seed('按揭台账', { row: 0, col: 0 }, [['房号', '买受人'], ['1-1-201', '张三']]);
    unitSheet(fake, '1-1-201', '1-1-201');
    unitSheet(fake, '1-1-201 复查', '1-1-201');
    unitSheet(fake, 'Unit 3-2-1501', '3-2-1501', 'Unit:');
    unitSheet(fake, '1-1-301', '1-1-301');
    fake.sheet('1-1-301').visibility = 'Hidden';
    fake.seed('1-1-999', { row: 0, col: 0 }, [['备注'], ['待补']]);
    fake.seed('查册汇总', { row: 0, col: 0 }, [['查册汇总'], ['序号', '房号']]);
    const state = await paneState(memoryHost(fake));
    expect(state.sheets).toEqual(['按揭台账', '1-1-201', '1-1-201 复查', 'Unit 3-2-1501', '1-1-999', '查册汇总']);
    expect(state.unitSheets).toEqual(['1-1-201', '1-1-201 复查', 'Unit 3-2-1501']);
  });

  it('reads 3,000 of them when the tab is shown in a few round trips, and signs exactly the ones ticked', async () => {
    const fake = new FakeExcel();
    fake.state.sheets[0].name = '查册汇总';
    fake.seed('查册汇总', { row: 0, col: 0 }, [['查册汇总'], ['序号', '房号']]);
    const units = Array.from({ length: 3000 }, (_, k) => `${1 + Math.floor(k / 300)}-${1 + (Math.floor(k / 30) % 10)}-${101 + (k % 30)}`);
    for (const u of units) unitSheet(fake, u, u);
    const host = memoryHost(fake);
    const before = fake.stats.syncs;
    const state = await paneState(host);
    // 签核记录 looked up (none yet), the sheets' names, and column A of the 3,001 sheets, 1,000 a request (sheetsLabelled's probe).
    expect(fake.stats.syncs - before).toBeLessThanOrEqual(1 + 1 + Math.ceil(3001 / 1000));
    expect(state.unitSheets).toEqual(units);
    const ticked = ['查册汇总', ...units.slice(0, 2999)];
    const rec = await signInExcel(host, { name: '王经理', role: '制表', sheets: ticked, now: '2026-11-23T10:00:00' });
    expect(rec.scope.sheets.map((s) => s.sheet)).toEqual(ticked);
    expect(fake.sheet(units[2999]).protection.protected).toBe(false);
    // Signed, the sheets are no longer chosen (the next signer signs the same scope): they are not looked into.
    expect((await paneState(host)).unitSheets).toEqual([]);
  });
});
