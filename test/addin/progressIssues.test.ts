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

describe('生成进度表 on a register with a unit entered twice (DUPLICATE_UNIT)', () => {
  it('lists the unit once among the loans and its repeated row once under 无法判断, counts it once, and keeps a note typed on its row there', async () => {
    const fake = new FakeExcel();
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23' });
    const col = (h: string) => sample.headers.indexOf(h);
    fake.state.sheets[0].name = '按揭台账';
    fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
    const host = memoryHost(fake);
    const before = await generateProgress(host, { week: '2026-W47', lang: 'zh' });
    const sheetRows = () => fake.sheet('按揭进度表').rows.map((row) => (row ?? []).map((c) => (c ? String(c.v) : '')));
    // The table's header moves down when the sheet gains its 无法判断 line above it.
    const h = (name: string) => sheetRows().find((row) => row.includes('序号') && row.includes('房号'))!.indexOf(name);
    // A 商业贷款 still on the sheet: its one row.
    const i = sample.rows.findIndex((r) => r[col('贷款类型')] === '商业贷款' && sheetRows().filter((row) => row[h('房号')] === String(r[col('房号编码')])).length === 1);
    expect(i).toBeGreaterThanOrEqual(0);
    const unit = String(sample.rows[i][col('房号编码')]);
    const totalLabel = () => sheetRows().find((row) => row[0].startsWith('合计（'))![0];
    const totalBefore = totalLabel();
    const onSheet = () => sheetRows().flatMap((row, k) => (row[h('房号')] === unit ? [k] : []));
    fake.sheet('按揭进度表').ensure(onSheet()[0], h('备注')).v = '已约面签';

    // The same row again at the register's end: its row number is the register's rows plus the header, plus one.
    fake.seed('按揭台账', { row: sample.rows.length + 1, col: 0 }, [sample.rows[i]]);
    const repeated = sample.rows.length + 2;
    const r = await generateProgress(host, { week: '2026-W47', lang: 'zh' });
    // Counted once: the same lines and 合计（n户，m笔） as before it was entered twice.
    expect([r.lines, totalLabel()]).toEqual([before.lines, totalBefore]);
    const total = sheetRows().findIndex((row) => row[0].startsWith('合计（'));
    const [line, listed, ...more] = onSheet();
    expect([line < total, listed > total, more.length]).toEqual([true, true, 0]);
    expect(sheetRows()[line][h('备注')]).toBe('已约面签');
    expect(sheetRows()[listed][h('当前阶段')]).toContain(`无法判断：台账第 ${repeated} 行与第 ${i + 2} 行重复`);
    const problem = r.problems.filter((p) => p.code === 'PROGRESS_UNDECIDED');
    expect(problem.map((p) => [p.location.row, p.location.columnHeader])).toEqual([[repeated, '房号编码']]);
    expect(r.problems.some((p) => p.code === 'DUPLICATE_UNIT' && p.location.row === repeated)).toBe(true);
  });
});

describe('生成进度表 on a register with a 放款日期 after today and a 房号编码 naming another room', () => {
  it('lists the unit as 无法判断 naming the date, and returns the DATE_FUTURE error and the UNIT_CODE_MISMATCH warning at their cells for the pane', async () => {
    const fake = new FakeExcel();
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23' });
    const col = (h: string) => sample.headers.indexOf(h);
    // A 商业贷款 not yet credited, given 2027-11-16 for its 放款日期: read as not reached it stayed 在途 with its whole loan to disburse.
    const i = sample.rows.findIndex((r) => r[col('贷款类型')] === '商业贷款' && r[col('放款日期')] === null);
    expect(i).toBeGreaterThanOrEqual(0);
    sample.rows[i][col('放款日期')] = '2027-11-16';
    const contract = String(sample.rows[i][col('合同编号')]);
    // Another row's 房号编码 names room 9909, not its own (the sheet names the unit by it).
    const j = sample.rows.findIndex((_r, k) => k !== i);
    sample.rows[j][col('房号编码')] = String(sample.rows[j][col('房号编码')]).replace(/-\d+$/, '-9909');
    fake.state.sheets[0].name = '按揭台账';
    fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);

    const r = await generateProgress(memoryHost(fake), { week: '2026-W47', lang: 'zh' });
    const at = { row: i + 2, column: columnLetter(col('放款日期') + 1) };
    const found = (code: string) => r.problems.filter((p) => p.code === code).map((p) => [p.severity, p.location.sheet, p.location.row, p.location.column]);
    expect(found('PROGRESS_UNDECIDED')).toEqual([['error', '按揭台账', at.row, at.column]]);
    expect(r.problems.find((p) => p.code === 'PROGRESS_UNDECIDED')!.message.zh).toMatch(/无法判断进度：「放款日期」2027-11-16 晚于今天（\d{4}-\d{2}-\d{2}）/);
    expect(found('DATE_FUTURE')).toEqual([['error', '按揭台账', at.row, at.column]]);
    expect(found('UNIT_CODE_MISMATCH')).toEqual([['warning', '按揭台账', j + 2, columnLetter(col('房号编码') + 1)]]);

    const rows = fake.sheet('按揭进度表').rows.map((row) => (row ?? []).map((c) => (c ? String(c.v) : '')));
    const total = rows.findIndex((row) => row[0].startsWith('合计（'));
    const unitRows = rows.flatMap((row, k) => (row.includes(contract) ? [k] : []));
    expect(unitRows).toHaveLength(1);
    expect(unitRows[0]).toBeGreaterThan(total);
    expect(rows[unitRows[0]].join('\t')).toMatch(new RegExp(`无法判断：台账第 ${at.row} 行「放款日期」（${at.column} 列）2027-11-16 晚于今天`));
  });
});
