import { describe, expect, it } from 'vitest';
import { FakeExcel } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { generateProgress } from '../../addin/services/actions';

describe('生成进度表 puts the filter the CLI writes on the sheet', () => {
  it('from the table header down to the last row above the 合计, so a filter never hides the 合计 (ExcelApi 1.9)', async () => {
    const fake = new FakeExcel();
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23' });
    fake.state.sheets[0].name = '按揭台账';
    fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
    await generateProgress(memoryHost(fake), { week: '2026-W47', lang: 'zh' });

    const s = fake.sheet('按揭进度表');
    const rows = s.rows.map((row) => (row ?? []).map((c) => (c ? String(c.v) : '')));
    // Found by hand in the sheet: the table's header row (序号 first) and the 合计 row.
    const header = rows.findIndex((row) => row[0] === '序号');
    const total = rows.findIndex((row) => row[0].startsWith('合计（'));
    expect(header).toBeGreaterThanOrEqual(0);
    expect(total).toBeGreaterThan(header);
    expect(s.autoFilter?.box).toEqual({ row: header, col: 0, rows: total - header, cols: rows[header].filter((v) => v !== '').length });
  });

  it('leaves the sheet without one where Excel has no ExcelApi 1.9 (Excel 2019), as the print setup', async () => {
    const fake = new FakeExcel({ excelApi: '1.8' });
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23' });
    fake.state.sheets[0].name = '按揭台账';
    fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
    await generateProgress(memoryHost(fake), { week: '2026-W47', lang: 'zh' });
    expect(fake.sheet('按揭进度表').autoFilter).toBeNull();
  });
});
