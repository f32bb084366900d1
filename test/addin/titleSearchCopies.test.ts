import { describe, expect, it } from 'vitest';
import type { FakeExcel, FakeSheet } from '../../addin/host/fake/fakeExcel';
import { loadRegister } from '../../addin/services/actions';
import { createTitleSearch, validateTitleSearch } from '../../addin/services/titleSearch';
import { sheetDescription } from '../../addin/services/templates';
import { readTitleSearchSheet } from '../../domain/titleSearch';
import { buildTitleSearchSheets } from '../../pipeline/commands/titleSearch';
import { registerWorkbook, twoProjects } from './twoProjects';

/**
 * A re-search goes on a copy of the unit's sheet ("1-1-201 (2)", as Excel names a copy) when the
 * specialist keeps the first search as it was. The pane reads every 查册表 of the unit, as
 * `anjie title-search --searches` does, and the later 查册日期 wins, whichever sheet comes first.
 */
const SCOPE = { kind: 'stage' as const, stage: 'docsComplete' as const };

function copySheet(fake: FakeExcel, from: string, to: string): FakeSheet {
  const copy = fake.state.addSheet(to);
  copy.rows = fake.sheet(from).rows.map((r) => r?.map((c) => c && { ...c }));
  return copy;
}

/** Fills in a search: 查册日期 (a date serial, as Excel holds it), conclusion, who, encumbrances. */
function search(s: FakeSheet, date: number, conclusion: string, encumbrances: [string, string][], remarks = '') {
  const row = (label: string) => s.rows.findIndex((r) => r?.[0]?.v === label);
  s.ensure(row('查册日期：'), 1).v = date;
  s.ensure(row('结论：'), 1).v = conclusion;
  s.ensure(row('查册人：'), 1).v = '陈晓';
  s.ensure(row('复核人：'), 1).v = '林静';
  s.ensure(row('说明：'), 1).v = remarks;
  const header = row('序号');
  for (let i = 0; i < 12; i++) for (const c of [1, 2]) s.ensure(header + 1 + i, c).v = encumbrances[i]?.[c - 1] ?? '';
}

/** 查册汇总's 状态 of a unit, as the pane wrote it. */
function statusOn(fake: FakeExcel, unitKey: string): string {
  const rows = fake.sheet('查册汇总').rows.map((r) => (r ?? []).map((c) => c?.v ?? ''));
  const header = rows.findIndex((r) => r[0] === '序号');
  return String(rows.find((r) => r[1] === unitKey)![rows[header].indexOf('状态')]);
}

/** What `anjie title-search --searches` says of the same workbook: every sheet read back, then checked. */
async function cliStatus(fake: FakeExcel, host: Parameters<typeof loadRegister>[0], unitKey: string): Promise<string> {
  const reg = await loadRegister(host, {}, '2026-11-23');
  const records = fake.state.sheets.flatMap((s) => readTitleSearchSheet(s.name, s.rows.map((r) => (r ?? []).map((c) => c?.v ?? '')), sheetDescription('title-search')) ?? []);
  return buildTitleSearchSheets(reg.units, records).lines.find((l) => l.unit.unitKey === unitKey)!.status;
}

describe('查册表 copied for a re-search', () => {
  it('the pane takes the later search from the copy "1-1-201 (2)", as the CLI does: a seizure since lifted is no longer 结论异常', async () => {
    const t = twoProjects(3);
    const { fake, host } = registerWorkbook(t.headers, t.first);
    const created = await createTitleSearch(host, { scope: SCOPE, lang: 'zh' });
    const unit = created.created[0];
    search(fake.sheet(unit), 46340, '异常', [['查封', '天河区人民法院']]); // 2026-11-13
    search(copySheet(fake, unit, `${unit} (2)`), 46349, '正常', [], '查封已于2026-11-20解除'); // 2026-11-22

    await createTitleSearch(host, { scope: SCOPE, lang: 'zh' });
    expect(statusOn(fake, unit)).toBe('已查');
    expect(await cliStatus(fake, host, unit)).toBe('done');
    const v = await validateTitleSearch(host, 'zh');
    expect(v.sheets).toBe(created.created.length + 1);

    // The copy now before the original in the tabs, and a later search of the original still listing the 查封 under 正常: that one is judged.
    fake.state.sheets.unshift(fake.state.sheets.splice(fake.state.sheets.findIndex((s) => s.name === `${unit} (2)`), 1)[0]);
    search(fake.sheet(unit), 46350, '正常', [['轮候查封', '越秀区人民法院']]); // 2026-11-23
    const again = await validateTitleSearch(host, 'zh');
    expect(again.issues.filter((i) => i.location.sheet?.startsWith(unit)).map((i) => [i.code, i.location.sheet])).toEqual([['TS_NORMAL_WITH_SEIZURE', unit]]);
    expect(await cliStatus(fake, host, unit)).toBe('problems');
  });

  it('a copy the specialist renamed ("1-1-201 复查") is found by the 房号 on it, and an issue on it is located there', async () => {
    const t = twoProjects(3);
    const { fake, host } = registerWorkbook(t.headers, t.first);
    const created = await createTitleSearch(host, { scope: SCOPE, lang: 'zh' });
    const unit = created.created[0];
    search(fake.sheet(unit), 46340, '异常', [['查封', '天河区人民法院']]);
    search(copySheet(fake, unit, `${unit} 复查`), 46349, '正常', [['预查封', '海珠区人民法院']]);
    const v = await validateTitleSearch(host, 'zh');
    expect(v.issues.filter((i) => i.location.sheet?.startsWith(unit)).map((i) => [i.code, i.location.sheet])).toEqual([['TS_NORMAL_WITH_SEIZURE', `${unit} 复查`]]);
    expect(await cliStatus(fake, host, unit)).toBe('problems');
  });
});
