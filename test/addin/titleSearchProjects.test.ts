import { describe, expect, it } from 'vitest';
import type { FakeExcel } from '../../addin/host/fake/fakeExcel';
import { loadRegister } from '../../addin/services/actions';
import { createTitleSearch, validateTitleSearch } from '../../addin/services/titleSearch';
import { sheetDescription } from '../../addin/services/templates';
import type { RegisterUnit } from '../../domain/register';
import { readTitleSearchSheet, titleSearchSheetNames } from '../../domain/titleSearch';
import { buildTitleSearchSheets } from '../../pipeline/commands/titleSearch';
import { registerWorkbook, setRegister, twoProjects } from './twoProjects';

/**
 * Two projects of one register may both have a 1-1-201. Each gets its own 查册表 — the second
 * project's named "<项目> <房号>" — and what the desk typed on each stays that unit's.
 */
const SCOPE = { kind: 'stage' as const, stage: 'docsComplete' as const };

/** Fills in a per-unit sheet as the desk does: 查册人 and 说明 (labels in column A, values in B). */
function fill(fake: FakeExcel, sheet: string, searcher: string, remarks: string): void {
  const s = fake.sheet(sheet);
  const row = (label: string) => s.rows.findIndex((r) => r?.[0]?.v === label);
  for (const [label, v] of [['查册人：', searcher], ['说明：', remarks]] as const) {
    const cell = s.ensure(row(label), 1);
    expect(cell.unlocked).toBe(true);
    cell.v = v;
  }
}
function readBack(fake: FakeExcel, sheet: string) {
  const s = fake.sheet(sheet);
  const grid = s.rows.map((r) => (r ?? []).map((c) => c?.v ?? ''));
  return readTitleSearchSheet(sheet, grid, sheetDescription('title-search'))!;
}

describe('查册表 of two projects with the same unit codes', () => {
  it('a register of two such projects is not a register of duplicates', async () => {
    const t = twoProjects(12);
    const { host } = registerWorkbook(t.headers, [...t.first, ...t.second]);
    const r = await loadRegister(host, {}, '2026-11-23');
    expect(r.units).toHaveLength(24);
    expect(r.issues.filter((i) => i.code === 'DUPLICATE_UNIT')).toEqual([]);
  });

  it('gives each unit its own sheet and keeps what was typed on each when created again', async () => {
    const t = twoProjects(12);
    const { fake, host } = registerWorkbook(t.headers, [...t.first, ...t.second]);
    const first = await createTitleSearch(host, { scope: SCOPE, lang: 'zh' });
    const unit = String(t.first[0][t.col('房号编码')]);
    const a = `滨江花园 ${unit}`;
    const b = `翠湖湾 ${unit}`;
    expect(first.created).toEqual(expect.arrayContaining([a, b]));
    expect(new Set(first.created).size).toBe(first.created.length);
    expect(fake.sheetNames()).not.toContain(unit);
    expect(readBack(fake, a).project).toBe('滨江花园');
    expect(readBack(fake, b).project).toBe('翠湖湾');

    fill(fake, a, '甲查册', '滨江的说明');
    fill(fake, b, '乙查册', '翠湖的说明');
    const again = await createTitleSearch(host, { scope: SCOPE, lang: 'zh' });
    expect(again.created).toEqual([]);
    expect(again.kept).toEqual(expect.arrayContaining([a, b]));
    expect([readBack(fake, a).searcher, readBack(fake, a).remarks]).toEqual(['甲查册', '滨江的说明']);
    expect([readBack(fake, b).searcher, readBack(fake, b).remarks]).toEqual(['乙查册', '翠湖的说明']);

    // Each unit's check reads its own sheet: only 翠湖湾's is incomplete once it has a search date and no 复核人.
    const s = fake.sheet(b);
    s.ensure(s.rows.findIndex((r) => r?.[0]?.v === '查册日期：'), 1).v = 46346;
    const v = await validateTitleSearch(host, 'zh');
    const incomplete = v.issues.filter((i) => i.code === 'TS_INCOMPLETE' && i.message.zh.startsWith(unit));
    expect(incomplete.map((i) => i.location.sheet)).toEqual([b]);
  });

  it('keeps the plain name for the project whose sheet had it before the second project came', async () => {
    const t = twoProjects(12);
    const { fake, host } = registerWorkbook(t.headers, t.first);
    await createTitleSearch(host, { scope: SCOPE, lang: 'zh' });
    const unit = String(t.first[0][t.col('房号编码')]);
    fill(fake, unit, '甲查册', '滨江的说明');

    setRegister(fake, t.headers, [...t.first, ...t.second]);
    const r = await createTitleSearch(host, { scope: SCOPE, lang: 'zh' });
    expect(r.created).toContain(`翠湖湾 ${unit}`);
    expect(r.created).not.toContain(`滨江花园 ${unit}`);
    expect(r.kept).toContain(unit);
    expect([readBack(fake, unit).project, readBack(fake, unit).searcher]).toEqual(['滨江花园', '甲查册']);
    expect(readBack(fake, `翠湖湾 ${unit}`).searcher).toBeNull();
    // The summary names 滨江花园's searcher for its unit only.
    const summary = fake.sheet(r.summary).rows.map((row) => (row ?? []).map((c) => (c ? String(c.v) : '')));
    const lines = summary.filter((row) => row[1] === unit);
    expect(lines).toHaveLength(2);
  });

  it('names stay within 31 characters, and two long project names that shorten alike stay apart', () => {
    const unit = (project: string): RegisterUnit => ({ project, unitKey: '12-3-2501' }) as RegisterUnit;
    const units = [unit('某某置业有限公司开发的翠湖湾花园一期'), unit('某某置业有限公司开发的翠湖湾花园二期'), unit('滨江花园')];
    const names = titleSearchSheetNames(units);
    const all = [...names.values()];
    for (const n of all) expect(n.length).toBeLessThanOrEqual(31);
    expect(new Set(all.map((n) => n.toLowerCase())).size).toBe(3);
    expect(names.get(units[2])).toBe('滨江花园 12-3-2501');
    expect(all.every((n) => n.endsWith(' 12-3-2501'))).toBe(true);
    // A unit code only one project has keeps the plain name.
    expect([...titleSearchSheetNames([unit('滨江花园')]).values()]).toEqual(['12-3-2501']);
  });

  it('anjie title-search writes the same names and puts each read-back search on its own unit’s sheet', async () => {
    const t = twoProjects(12);
    const { host } = registerWorkbook(t.headers, [...t.first, ...t.second]);
    const units = (await loadRegister(host, {}, '2026-11-23')).units;
    const unit = String(t.first[0][t.col('房号编码')]);
    const run = buildTitleSearchSheets(units, []);
    const names = run.layouts.map((l) => l.name);
    expect(new Set(names).size).toBe(names.length);
    // Filled in and read back: each sheet's search goes back onto that project's sheet.
    const description = sheetDescription('title-search');
    const records = run.layouts
      .filter((l) => l.name === `滨江花园 ${unit}` || l.name === `翠湖湾 ${unit}`)
      .map((l) => {
        const grid = l.values.map((r) => r.map((v) => (v === null || typeof v === 'object' ? '' : v)));
        const rec = readTitleSearchSheet(l.name, grid, description)!;
        return { ...rec, searcher: l.name.startsWith('滨江') ? '甲查册' : '乙查册' };
      });
    expect(records).toHaveLength(2);
    const again = buildTitleSearchSheets(units, records);
    const searcherOn = (name: string) => {
      const l = again.layouts.find((x) => x.name === name)!;
      return l.values.find((r) => r[0] === '查册人：')?.[1];
    };
    expect(searcherOn(`滨江花园 ${unit}`)).toBe('甲查册');
    expect(searcherOn(`翠湖湾 ${unit}`)).toBe('乙查册');
  });
});
