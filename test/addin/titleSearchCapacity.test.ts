import { describe, expect, it } from 'vitest';
import { createTitleSearch, validateTitleSearch } from '../../addin/services/titleSearch';
import { sheetDescription } from '../../addin/services/templates';
import { readTitleSearchSheet } from '../../domain/titleSearch';
import { registerWorkbook, twoProjects } from './twoProjects';

/** The add-in's 查册表 is protected like the CLI's: a troubled unit's 8 encumbrances must fit in its unlocked rows. */
describe('查册表 written by the add-in', () => {
  it('takes 8 encumbrances (a mortgage, a 预告登记, several courts’ 查封) and reads them back', async () => {
    const t = twoProjects(3);
    const { fake, host } = registerWorkbook(t.headers, t.first);
    const created = await createTitleSearch(host, { scope: { kind: 'stage', stage: 'docsComplete' }, lang: 'zh' });
    const name = created.created[0];
    const s = fake.sheet(name);
    const header = s.rows.findIndex((r) => r?.[0]?.v === '序号');
    const types = ['预告登记', '抵押', '查封', '查封', '查封', '查封', '异议', '限制/冻结'];
    types.forEach((type, i) => {
      const cell = s.ensure(header + 1 + i, 1);
      expect(cell.unlocked, `row ${i + 1}`).toBe(true);
      cell.v = type;
      s.ensure(header + 1 + i, 2).v = `机构${i + 1}`;
    });
    const grid = s.rows.map((r) => (r ?? []).map((c) => c?.v ?? ''));
    expect(readTitleSearchSheet(name, grid, sheetDescription('title-search'))!.encumbrances.map((e) => e.type)).toEqual(types);
    // and 校验查册表 sees the seizures on the 7th row and below too
    s.ensure(s.rows.findIndex((r) => r?.[0]?.v === '结论：'), 1).v = '正常';
    const { issues } = await validateTitleSearch(host, 'zh');
    expect(issues.find((i) => i.code === 'TS_NORMAL_WITH_SEIZURE')?.message.zh).toMatch(/查封、查封、查封、查封、异议$/);
  });

  it('校验查册表 counts a 轮候查封 typed past the dropdown as a seizure, as anjie title-search does', async () => {
    const t = twoProjects(3);
    const { fake, host } = registerWorkbook(t.headers, t.first);
    const created = await createTitleSearch(host, { scope: { kind: 'stage', stage: 'docsComplete' }, lang: 'zh' });
    const s = fake.sheet(created.created[0]);
    const header = s.rows.findIndex((r) => r?.[0]?.v === '序号');
    s.ensure(header + 1, 1).v = '轮候查封';
    s.ensure(header + 1, 2).v = '越秀区人民法院';
    s.ensure(s.rows.findIndex((r) => r?.[0]?.v === '结论：'), 1).v = '正常';
    const { issues } = await validateTitleSearch(host, 'zh');
    expect(issues.filter((i) => i.code === 'TS_NORMAL_WITH_SEIZURE').map((i) => [i.severity, i.location.sheet, i.message.zh])).toEqual([
      ['error', created.created[0], `${created.created[0]} 结论为“正常”，但列有轮候查封`],
    ]);
  });
});
