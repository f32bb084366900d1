/**
 * 校验查册表 in the pane reads a 查册表 as anjie title-search --searches does (domain/titleSearch):
 * a 查册日期 in the future and a 结论 pasted past the dropdown (无异常) are errors at their cells.
 */
import { describe, expect, it } from 'vitest';
import { dateToExcelSerial } from '../../domain/dates';
import { FakeExcel, type FakeSheet } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { createTitleSearch, validateTitleSearch } from '../../addin/services/titleSearch';

const labelRow = (s: FakeSheet, label: string) => s.rows.findIndex((r) => r?.[0]?.v === label);

describe('校验查册表: a 查册日期 in the future, a 结论 not in the dropdown', () => {
  it('reports each at its cell (labels in column A, values in B)', async () => {
    const fake = new FakeExcel();
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23' });
    fake.state.sheets[0].name = '按揭台账';
    fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
    const host = memoryHost(fake);
    const { created } = await createTitleSearch(host, { scope: { kind: 'stage', stage: 'docsComplete' }, lang: 'zh' });
    const [future, pasted] = created;
    for (const [name, date, conclusion] of [[future, '2099-02-12', '正常'], [pasted, '2026-11-19', '无异常']]) {
      const s = fake.sheet(name);
      s.ensure(labelRow(s, '查册日期：'), 1).v = dateToExcelSerial(date);
      s.ensure(labelRow(s, '结论：'), 1).v = conclusion;
      s.ensure(labelRow(s, '查册人：'), 1).v = '陈晓';
      s.ensure(labelRow(s, '复核人：'), 1).v = '王经理';
    }
    const v = await validateTitleSearch(host, 'zh');
    const at = (name: string, label: string) => `${name}!B${labelRow(fake.sheet(name), label) + 1}`;
    const found = v.issues.filter((i) => i.code === 'TS_DATE_FUTURE' || i.code === 'TS_CONCLUSION').map((i) => [i.severity, i.code, `${i.location.sheet}!${i.location.column}${i.location.row}`]);
    expect(found).toEqual([
      ['error', 'TS_DATE_FUTURE', at(future, '查册日期：')],
      ['error', 'TS_CONCLUSION', at(pasted, '结论：')],
    ]);
    expect(v.issues.find((i) => i.code === 'TS_CONCLUSION')!.message.zh).toBe(`${pasted} 结论「无异常」不是下拉列表中的选项（正常、异常）`);
    expect(v.issues.find((i) => i.code === 'TS_DATE_FUTURE')!.message.zh).toMatch(new RegExp(`^${future} 查册日期 2099-02-12 晚于今天（\\d{4}-\\d{2}-\\d{2}）$`));
  });
});
