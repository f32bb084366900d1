import { describe, expect, it } from 'vitest';
import { buildProgress, progressSheet } from '../../domain/progress/build';
import { fingerprint, planCarry, readBack } from '../../domain/sheets/carryOver';
import { sheetDescription, stageThresholds } from '../../addin/services/templates';
import { smallRegister } from '../templates/smallRegister';
import type { FakeExcel } from '../../addin/host/fake/fakeExcel';
import { computeFees } from '../../addin/services/fees';
import { registerWorkbook, twoProjects } from './twoProjects';

/**
 * A sheet written before its rowKey changed keeps its record readable: the record fingerprinted
 * values under the identity of the day (the key's values and their occurrence), which the
 * description lists as a former rowKey.
 */
describe('按揭进度表 written while its rowKey was 房号 + 贷款类型', () => {
  it('tells the 跟进人 Anjie wrote from typed ones, so a register change (李四 → 王五) is followed', () => {
    const d = sheetDescription('progress');
    const opts = { week: '2026-W48', thresholds: stageThresholds(), bankOrder: ['中国工商银行', '中国建设银行'] };
    const before = smallRegister().map((u) => ({ ...u, follower: '李四' }));
    const layout = progressSheet(buildProgress(before, opts), d, { lang: 'zh' });
    // As the earlier version wrote it: both rows of a 组合贷款 said 组合贷款.
    const grid = layout.values.map((r) => r.map((v) => readBack(v))).map((r) => r.map((v) => (typeof v === 'string' && v.startsWith('组合贷款（') ? '组合贷款' : v)));
    const header = grid.findIndex((r) => r.includes('房号') && r.includes('跟进人'));
    const col = (h: string) => grid[header].indexOf(h);
    // Its record: every value written in an input column, under 房号␟贷款类型␞occurrence.
    const prints: string[] = [];
    const seen = new Map<string, number>();
    let typedRow = -1;
    for (let r = header + 1; r < grid.length && grid[r].some((v) => v !== ''); r++) {
      if (grid[r][col('房号')] === '') continue;
      const key = `${grid[r][col('房号')]}\u241f${grid[r][col('贷款类型')]}`;
      const nth = seen.get(key) ?? 0;
      seen.set(key, nth + 1);
      for (const h of ['跟进人', '备注']) if (grid[r][col(h)] !== '') prints.push(fingerprint(`${key}\u241e${nth}`, h === '跟进人' ? 'follower' : 'remarks', grid[r][col(h)]));
      if (typedRow < 0 && String(grid[r][col('贷款类型')]) === '组合贷款' && nth === 1) typedRow = r;
    }
    expect(typedRow).toBeGreaterThan(0);
    // The desk typed over the second loan of the 组合贷款: that one is the person's.
    grid[typedRow][col('跟进人')] = '赵敏';
    const after = smallRegister().map((u) => ({ ...u, follower: '王五' }));
    const next = progressSheet(buildProgress(after, opts), d, { lang: 'zh' });
    const plan = planCarry(d, next, grid, new Set(prints));
    expect(plan.cells).toEqual([{ row: typedRow, col: col('跟进人'), value: '赵敏' }]);
    expect(plan.report).toMatchObject({ kept: 1, unplaced: [] });
    expect(plan.report?.overriding).toHaveLength(1);
    expect(plan.report?.overriding[0]).toMatchObject({ typed: '赵敏', generated: '王五' });
  });
});

describe('费用台账 of a register whose two projects share unit codes', () => {
  const sheet = (fake: FakeExcel) => {
    const s = fake.sheet('费用台账');
    const header = s.rows.findIndex((row) => row?.some((c) => c?.v === '房号') && row.some((c) => c?.v === '序号'));
    const hs = (s.rows[header] ?? []).map((c) => c?.v ?? '');
    const col = (h: string) => hs.indexOf(h);
    const rows: number[] = [];
    for (let r = header + 1; r < s.rows.length; r++) {
      if (!(s.rows[r] ?? []).some((c) => c && c.v !== '')) break;
      if ((s.cell(r, col('房号'))?.v ?? '') !== '') rows.push(r);
    }
    return { s, col, rows, at: (r: number, h: string) => s.cell(r, col(h))?.v ?? '' };
  };

  it('keeps each project’s 票据号 on its own row after the person sorted the sheet', async () => {
    const t = twoProjects(12);
    const { fake, host } = registerWorkbook(t.headers, [...t.first, ...t.second]);
    await computeFees(host, { city: 'beijing', lang: 'zh' });
    const { s, col, rows, at } = sheet(fake);
    const unit = String(at(rows[0], '房号'));
    const deed = rows.filter((r) => at(r, '房号') === unit && at(r, '费用项目') === '契税');
    expect(deed.map((r) => at(r, '项目'))).toEqual(['滨江花园', '翠湖湾']);
    s.ensure(deed[0], col('票据号')).v = 'A-滨江-0001';
    s.ensure(deed[1], col('票据号')).v = 'B-翠湖-0002';
    // Sorted by 票据号 descending: the two rows swap.
    [s.rows[deed[0]], s.rows[deed[1]]] = [s.rows[deed[1]], s.rows[deed[0]]];
    await computeFees(host, { city: 'beijing', lang: 'zh' });
    const again = sheet(fake);
    expect(deed.map((r) => [again.at(r, '项目'), again.at(r, '票据号')])).toEqual([
      ['滨江花园', 'A-滨江-0001'],
      ['翠湖湾', 'B-翠湖-0002'],
    ]);
  });

  it('still reads a ledger written before the 项目 column (by 房号 + 费用项目)', async () => {
    const t = twoProjects(12);
    const { fake, host } = registerWorkbook(t.headers, t.first);
    await computeFees(host, { city: 'beijing', lang: 'zh' });
    const { s, col, rows, at } = sheet(fake);
    const row = rows.find((r) => at(r, '费用项目') === '契税')!;
    const unit = at(row, '房号');
    s.ensure(row, col('票据号')).v = 'FP-OLD-1';
    // As the earlier version wrote it: no 项目 column.
    const p = col('项目');
    for (const r of s.rows) r?.splice(p, 1);
    await computeFees(host, { city: 'beijing', lang: 'zh' });
    const after = sheet(fake);
    const now = after.rows.find((r) => after.at(r, '房号') === unit && after.at(r, '费用项目') === '契税')!;
    expect(after.at(now, '项目')).toBe('滨江花园');
    expect(after.at(now, '票据号')).toBe('FP-OLD-1');
  });
});

describe('按揭保证金 written by the add-in, as anjie fees writes it', () => {
  it('is written beside the fee ledger, and the 备注 the desk typed stays on its unit’s row of its project after a sort', async () => {
    const t = twoProjects(12);
    const { fake, host } = registerWorkbook(t.headers, [...t.first, ...t.second]);
    const first = await computeFees(host, { city: 'beijing', lang: 'zh' });
    expect(first.reports.map((r) => r.sheet)).toContain('按揭保证金');
    const read = () => {
      const s = fake.sheet('按揭保证金');
      const header = s.rows.findIndex((row) => row?.some((c) => c?.v === '房号') && row.some((c) => c?.v === '序号'));
      const hs = (s.rows[header] ?? []).map((c) => c?.v ?? '');
      const col = (h: string) => hs.indexOf(h);
      const rows: number[] = [];
      for (let r = header + 1; r < s.rows.length; r++) if (/^\d+$/.test(String(s.cell(r, col('序号'))?.v ?? ''))) rows.push(r);
      return { s, col, rows, at: (r: number, h: string) => s.cell(r, col(h))?.v ?? '' };
    };
    const { s, col, rows, at } = read();
    // A unit code both projects have: one row each.
    const a = rows.find((r) => rows.some((o) => o !== r && at(o, '房号') === at(r, '房号')))!;
    const b = rows.find((o) => o !== a && at(o, '房号') === at(a, '房号'))!;
    expect(at(a, '项目')).not.toBe(at(b, '项目'));
    const keyOf = (r: number) => `${at(r, '项目')} ${at(r, '房号')}`;
    const [keyA, keyB] = [keyOf(a), keyOf(b)];
    s.ensure(a, col('备注')).v = '退还申请已交';
    s.ensure(b, col('备注')).v = '待他项权证';
    // Sorted: the two rows (their typed 备注 with them) change places.
    [s.rows[a], s.rows[b]] = [s.rows[b], s.rows[a]];
    await computeFees(host, { city: 'beijing', lang: 'zh' });
    const again = read();
    const noted = new Map(again.rows.filter((r) => again.at(r, '备注') !== '').map((r) => [`${again.at(r, '项目')} ${again.at(r, '房号')}`, again.at(r, '备注')]));
    expect(noted).toEqual(new Map([[keyA, '退还申请已交'], [keyB, '待他项权证']]));
  });
});
