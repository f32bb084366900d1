/**
 * A workbook keeps the language its generated sheets were first written in: a desk member whose
 * pane is in English regenerates the team's 按揭进度表 (费用台账 …, 查册汇总) in Chinese, in place,
 * with what was typed on it, instead of adding "Weekly progress" beside it. A fresh workbook, or
 * one whose sheet of that name is the desk's own, takes the pane's language.
 */
import { describe, expect, it } from 'vitest';
import { FakeExcel, type FakeSheet } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { generateProgress } from '../../addin/services/actions';
import { computeFees } from '../../addin/services/fees';
import { createTitleSearch } from '../../addin/services/titleSearch';
import { signInExcel } from '../../addin/signoff/service';
import { registerWorkbook, setRegister, twoProjects } from './twoProjects';

function workbook(opts: { collectFeesFor?: string } = {}) {
  const sample = sampleRegister({ units: 12, asOf: '2026-11-23', ...opts });
  const fake = new FakeExcel();
  fake.state.sheets[0].name = '按揭台账';
  fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
  return { sample, fake, host: memoryHost(fake) };
}

/** The sheet's table: its header row (the one holding `first` and `second`), a column by header, the rows under it down to the first empty one. */
function table(s: FakeSheet, first: string, second: string) {
  const header = s.rows.findIndex((row) => row?.some((c) => c?.v === first) && row.some((c) => c?.v === second));
  expect(header, `${s.name}: header row with ${first} and ${second}`).toBeGreaterThanOrEqual(0);
  const headers = (s.rows[header] ?? []).map((c) => c?.v ?? '');
  const col = (h: string) => {
    const i = headers.indexOf(h);
    if (i < 0) throw new Error(`${s.name}: no column ${h}`);
    return i;
  };
  const rows: number[] = [];
  for (let r = header + 1; r < s.rows.length && (s.rows[r] ?? []).some((c) => c && c.v !== ''); r++) rows.push(r);
  return { col, rows, at: (r: number, h: string) => s.cell(r, col(h))?.v ?? '' };
}

/** Types into an input cell, as the desk does (the protected sheet leaves it open). */
function type(s: FakeSheet, row: number, col: number, value: string): void {
  const cell = s.ensure(row, col);
  expect(cell.unlocked).toBe(true);
  cell.v = value;
}

describe('生成进度表 with the pane in English', () => {
  it('regenerates the team’s Chinese 按揭进度表 in Chinese, the 备注 typed there kept, and no "Weekly progress" beside it', async () => {
    const { fake, host } = workbook();
    await generateProgress(host, { week: '2026-W47', lang: 'zh' });
    let t = table(fake.sheet('按揭进度表'), '房号', '备注');
    // A unit with one row on the sheet (a 组合贷款 has two).
    const row = t.rows.find((r) => t.at(r, '房号') !== '' && t.rows.filter((q) => t.at(q, '房号') === t.at(r, '房号')).length === 1)!;
    const unit = t.at(row, '房号');
    type(fake.sheet('按揭进度表'), row, t.col('备注'), '客户周五来签字');
    const before = fake.sheetNames();

    const r = await generateProgress(host, { week: '2026-W48', lang: 'en' });
    expect(r.report.sheet).toBe('按揭进度表');
    expect(fake.sheetNames()).toEqual(before);
    t = table(fake.sheet('按揭进度表'), '房号', '备注');
    const now = t.rows.filter((q) => t.at(q, '房号') === unit);
    expect(now).toHaveLength(1);
    expect(t.at(now[0], '备注')).toBe('客户周五来签字');
    expect(r.notices[0].en).toBe('This workbook already has "按揭进度表", written by Anjie in Chinese, so this run kept to Chinese and wrote into it (what was typed there carried over as usual) instead of adding an English sheet beside it. To switch to English, rename or move it first, then generate again.');
    expect(r.notices[0].zh).toBe('工作簿里已有安捷以中文生成的“按揭进度表”，本次仍以中文生成并写回该表（其中填写的内容照常带入），没有另建英文工作表。如要改用英文，请先将该表改名或移走，再重新生成。');
  });

  it('a signed 按揭进度表 is not written over from an English pane either', async () => {
    const { fake, host } = workbook();
    await generateProgress(host, { week: '2026-W47', lang: 'zh' });
    await signInExcel(host, { name: '王经理', role: '制表', sheets: ['按揭进度表'], now: '2026-11-23T10:00:00' });
    await expect(generateProgress(host, { week: '2026-W48', lang: 'en' })).rejects.toThrow(/按揭进度表/);
    expect(fake.sheetNames()).not.toContain('Weekly progress');
  });

  it('a fresh workbook takes the pane’s language', async () => {
    const { fake, host } = workbook();
    const r = await generateProgress(host, { week: '2026-W48', lang: 'en' });
    expect(r.report.sheet).toBe('Weekly progress');
    expect(fake.sheetNames()).not.toContain('按揭进度表');
    expect(r.notices).toEqual([]);
  });

  it('a 按揭进度表 the desk made by hand does not make the new sheet Chinese: it is left alone and "Weekly progress" is written', async () => {
    const { fake, host } = workbook();
    fake.seed('按揭进度表', { row: 0, col: 0 }, [['房号', '客户', '进度'], ['1-1-101', '张三', '已面签']]);
    const r = await generateProgress(host, { week: '2026-W48', lang: 'en' });
    expect(r.report.sheet).toBe('Weekly progress');
    expect(fake.sheet('按揭进度表').values({ row: 0, col: 0, rows: 2, cols: 3 })).toEqual([['房号', '客户', '进度'], ['1-1-101', '张三', '已面签']]);
  });
});

describe('生成进度表 with the pane in English, a register of two projects', () => {
  it('rewrites 按揭进度表-滨江花园 and 按揭进度表-翠湖湾, no "Weekly progress-…" sheets', async () => {
    const t = twoProjects(6);
    const { fake, host } = registerWorkbook(t.headers, [...t.first, ...t.second]);
    await generateProgress(host, { week: '2026-W47', lang: 'zh' });
    const before = fake.sheetNames();
    expect(before).toEqual(expect.arrayContaining(['按揭进度表-滨江花园', '按揭进度表-翠湖湾']));
    const r = await generateProgress(host, { week: '2026-W48', lang: 'en' });
    expect(r.reports.map((x) => x.sheet)).toEqual(['按揭进度表-滨江花园', '按揭进度表-翠湖湾']);
    expect(fake.sheetNames()).toEqual(before);
  });

  it('a register that gained a second project: its projects’ sheets follow the Chinese 按揭进度表 of the one-project days', async () => {
    const t = twoProjects(6);
    const { fake, host } = registerWorkbook(t.headers, t.first);
    await generateProgress(host, { week: '2026-W47', lang: 'zh' });
    setRegister(fake, t.headers, [...t.first, ...t.second]);
    const r = await generateProgress(host, { week: '2026-W48', lang: 'en' });
    expect(r.reports.map((x) => x.sheet)).toEqual(['按揭进度表-滨江花园', '按揭进度表-翠湖湾']);
    expect(fake.sheetNames().filter((n) => n.startsWith('Weekly progress'))).toEqual([]);
  });
});

describe('计算费用 with the pane in English', () => {
  it('regenerates 费用台账, 少收名单, 多收名单 and 按揭保证金 in Chinese, the 备注 typed on 少收名单 kept, no English sheets added', async () => {
    const { fake, host } = workbook({ collectFeesFor: 'beijing' });
    const first = await computeFees(host, { city: 'beijing', lang: 'zh' });
    expect(first.underpaid.length).toBeGreaterThan(0);
    const unit = first.underpaid[0].unitKey;
    let t = table(fake.sheet('少收名单'), '房号', '备注');
    const row = t.rows.find((r) => t.at(r, '房号') === unit)!;
    type(fake.sheet('少收名单'), row, t.col('备注'), '电话已通知');
    const before = fake.sheetNames();

    const r = await computeFees(host, { city: 'beijing', lang: 'en' });
    expect(r.reports.map((x) => x.sheet)).toEqual(['费用台账', '少收名单', '多收名单', '按揭保证金']);
    expect(fake.sheetNames()).toEqual(before);
    for (const english of ['Fee ledger', 'Underpaid', 'Overpaid', 'Guarantee deposits']) expect(fake.sheetNames()).not.toContain(english);
    t = table(fake.sheet('少收名单'), '房号', '备注');
    expect(t.at(t.rows.find((q) => t.at(q, '房号') === unit)!, '备注')).toBe('电话已通知');
    expect(r.notices[0].en).toBe('This workbook already has "费用台账", "少收名单", "多收名单", "按揭保证金", written by Anjie in Chinese, so this run kept to Chinese and wrote into them (what was typed there carried over as usual) instead of adding English sheets beside them. To switch to English, rename or move them first, then generate again.');
  });
});

describe('创建查册表 with the pane in English', () => {
  it('rewrites the Chinese 查册汇总, no "Title search summary" beside it', async () => {
    const { fake, host } = workbook();
    await createTitleSearch(host, { scope: { kind: 'stage', stage: 'docsComplete' }, lang: 'zh' });
    const r = await createTitleSearch(host, { scope: { kind: 'stage', stage: 'docsComplete' }, lang: 'en' });
    expect(r.summary).toBe('查册汇总');
    expect(fake.sheetNames()).not.toContain('Title search summary');
    expect(r.notices[0].zh).toContain('工作簿里已有安捷以中文生成的“查册汇总”');
  });
});
