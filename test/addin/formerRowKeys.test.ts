import { describe, expect, it } from 'vitest';
import { buildProgress, progressSheet } from '../../domain/progress/build';
import { fingerprint, planCarry, readBack } from '../../domain/sheets/carryOver';
import { sheetDescription, stageThresholds } from '../../addin/services/templates';
import { smallRegister } from '../templates/smallRegister';

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
