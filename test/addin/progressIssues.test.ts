import { describe, expect, it } from 'vitest';
import { FakeExcel } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { generateProgress } from '../../addin/services/actions';
import { columnLetter } from '../../domain/issues';

describe('生成进度表 on a register with an unreadable 放款日期', () => {
  it('lists the unit as 无法判断 below the 合计, not 在途, and returns it and the register error at the cell for the pane, as 计算费用 does', async () => {
    const fake = new FakeExcel();
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23' });
    const col = (h: string) => sample.headers.indexOf(h);
    // A 商业贷款 not yet credited: read as blank, its 放款日期 would leave it 在途 at its stage.
    const i = sample.rows.findIndex((r) => r[col('贷款类型')] === '商业贷款' && r[col('放款日期')] === null);
    expect(i).toBeGreaterThanOrEqual(0);
    sample.rows[i][col('放款日期')] = '2026-13-45';
    const contract = String(sample.rows[i][col('合同编号')]);
    fake.state.sheets[0].name = '按揭台账';
    fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);

    const r = await generateProgress(memoryHost(fake), { week: '2026-W47', lang: 'zh' });
    // Header on row 1: the unit's row is i + 2; the column as Excel names it.
    const at = { sheet: '按揭台账', row: i + 2, column: columnLetter(col('放款日期') + 1) };
    const undecided = r.problems.filter((p) => p.code === 'PROGRESS_UNDECIDED');
    expect(undecided.map((p) => [p.location.sheet, p.location.row, p.location.column])).toEqual([[at.sheet, at.row, at.column]]);
    expect(undecided[0].message.zh).toContain('无法判断进度');
    expect(r.problems.some((p) => p.code === 'BAD_DATE' && p.location.row === at.row && p.location.column === at.column)).toBe(true);

    const s = fake.sheet('按揭进度表');
    const rows = s.rows.map((row) => (row ?? []).map((c) => (c ? String(c.v) : '')));
    const total = rows.findIndex((row) => row[0].startsWith('合计（'));
    const unitRows = rows.flatMap((row, k) => (row.includes(contract) ? [k] : []));
    expect(unitRows).toHaveLength(1);
    expect(unitRows[0]).toBeGreaterThan(total);
    expect(rows[unitRows[0]].join('\t')).toContain(`无法判断：台账第 ${at.row} 行「放款日期」（${at.column} 列）无法识别`);
  });
});
