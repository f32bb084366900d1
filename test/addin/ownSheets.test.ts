/**
 * A sheet the desk made themselves under a name Anjie writes (查册汇总 here; 按揭进度表 and the fee
 * sheets in carryOver.test.ts) is never deleted or written over: Office.js changes cannot be
 * undone with Ctrl+Z. The generated sheet goes beside it, within Excel's 31-character names.
 */
import { describe, expect, it } from 'vitest';
import { FakeExcel } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { numberedSheetName } from '../../addin/excel/sheets';
import { createTitleSearch } from '../../addin/services/titleSearch';
import { generateProgress } from '../../addin/services/actions';
import { signInExcel, verifyInExcel } from '../../addin/signoff/service';

describe('a sheet named as Anjie names one, that Anjie did not write', () => {
  it('查册汇总 kept by hand stays as it is; the summary is written beside it, and the pane is told where', async () => {
    const fake = new FakeExcel();
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23' });
    fake.state.sheets[0].name = '按揭台账';
    fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
    const own = [
      ['房号', '查册结果', '经办'],
      ['1-1-101', '无查封', '陈晓'],
    ];
    fake.seed('查册汇总', { row: 0, col: 0 }, own);
    const host = memoryHost(fake);
    const r = await createTitleSearch(host, { scope: { kind: 'stage', stage: 'docsComplete' }, lang: 'zh' });
    expect(fake.sheet('查册汇总').values({ row: 0, col: 0, rows: 3, cols: 4 })).toEqual([
      ['房号', '查册结果', '经办', ''],
      ['1-1-101', '无查封', '陈晓', ''],
      ['', '', '', ''],
    ]);
    expect(r.summary).toBe('查册汇总 (2)');
    // Every unit searched has its line on the summary written beside it.
    const beside = fake.sheet('查册汇总 (2)');
    expect(r.created.length).toBeGreaterThan(0);
    for (const name of r.created) expect(beside.rows.some((row) => row?.some((c) => String(c?.v ?? '').includes(name)))).toBe(true);
    expect(r.notices.map((n) => n.zh)).toContain('工作表“查册汇总”不是安捷生成的（其中没有查册汇总的表头），未作任何改动；新生成的查册汇总写在它旁边的“查册汇总 (2)”。如要用“查册汇总”这个名字，请先将原表改名或移走，再重新生成。');

    // Run again: the summary beside it is rewritten, no third sheet.
    const again = await createTitleSearch(host, { scope: { kind: 'stage', stage: 'docsComplete' }, lang: 'zh' });
    expect(again.summary).toBe('查册汇总 (2)');
    expect(fake.sheetNames().filter((n) => n.startsWith('查册汇总'))).toEqual(['查册汇总', '查册汇总 (2)']);
  });

  it('a 按揭进度表 (2) a manager signed is not written over: the new one goes to (3), unless 覆盖已签核 is ticked', async () => {
    const fake = new FakeExcel();
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23' });
    fake.state.sheets[0].name = '按揭台账';
    fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
    fake.seed('按揭进度表', { row: 0, col: 0 }, [['房号', '客户', '进度'], ['1-1-101', '张三', '已面签']]);
    const host = memoryHost(fake);
    const first = await generateProgress(host, { week: '2026-W47', lang: 'zh' });
    expect(first.report.sheet).toBe('按揭进度表 (2)');
    await signInExcel(host, { name: '王经理', role: '制表', sheets: ['按揭进度表 (2)'], now: '2026-11-23T10:00:00' });
    const signed = JSON.stringify(fake.sheet('按揭进度表 (2)').rows.map((r) => r?.map((c) => c?.v)));

    const next = await generateProgress(host, { week: '2026-W48', lang: 'zh' });
    expect(next.report.sheet).toBe('按揭进度表 (3)');
    expect(next.notices[0].zh).toContain('新生成的按揭进度表写在它旁边的“按揭进度表 (3)”');
    expect(JSON.stringify(fake.sheet('按揭进度表 (2)').rows.map((r) => r?.map((c) => c?.v)))).toBe(signed);
    expect((await verifyInExcel(host)).status).toBe('intact');

    // Chosen: the signed one is the one rewritten (the person's own sheet still untouched).
    const over = await generateProgress(host, { week: '2026-W48', lang: 'zh', overwriteSigned: true });
    expect(over.report.sheet).toBe('按揭进度表 (2)');
    expect(fake.sheet('按揭进度表').values({ row: 0, col: 0, rows: 2, cols: 3 })).toEqual([['房号', '客户', '进度'], ['1-1-101', '张三', '已面签']]);
  });

  it('numbers a long name within 31 characters, as Excel allows', () => {
    // 按揭进度表- (6) and a project of 25 characters: 31 in all, the longest a sheet name may be.
    const name = `按揭进度表-${'滨江'.repeat(12)}滨`;
    expect(name.length).toBe(31);
    // " (2)" takes 4: the name keeps its first 27 characters (6 + 21 of the project's).
    expect(numberedSheetName(name, 2)).toBe(`按揭进度表-${'滨江'.repeat(10)}滨 (2)`);
    expect(numberedSheetName(name, 2).length).toBe(31);
    expect(numberedSheetName('少收名单', 12)).toBe('少收名单 (12)');
  });
});
