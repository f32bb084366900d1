/**
 * A 查册表 searched and dated but not finished (no 结论, 查册人 or 复核人) is reported at the cell
 * still to fill in: the pane's problem list takes the manager there, and the cell carries the mark
 * and note, as every other 查册 problem does.
 */
import { describe, expect, it } from 'vitest';
import { FakeExcel, type FakeSheet } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { createTitleSearch, validateTitleSearch } from '../../addin/services/titleSearch';

const labelRow = (s: FakeSheet, label: string) => s.rows.findIndex((r) => r?.[0]?.v === label);

describe('a 查册表 dated but not finished', () => {
  it('is reported at the first cell still to fill in (结论, then 查册人, then 复核人), which is marked with the message', async () => {
    const fake = new FakeExcel();
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23' });
    fake.state.sheets[0].name = '按揭台账';
    fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
    const host = memoryHost(fake);
    const { created } = await createTitleSearch(host, { scope: { kind: 'stage', stage: 'docsComplete' }, lang: 'zh' });
    const [noReviewer, noConclusion] = created;
    for (const [name, conclusion, reviewer] of [[noReviewer, '正常', ''], [noConclusion, '', '']]) {
      const s = fake.sheet(name);
      s.ensure(labelRow(s, '查册日期：'), 1).v = 46346; // 2026-11-19
      s.ensure(labelRow(s, '结论：'), 1).v = conclusion;
      s.ensure(labelRow(s, '查册人：'), 1).v = '陈晓';
      s.ensure(labelRow(s, '复核人：'), 1).v = reviewer;
    }
    const v = await validateTitleSearch(host, 'zh');
    const incomplete = v.issues.filter((i) => i.code === 'TS_INCOMPLETE').map((i) => [i.message.zh, `${i.location.sheet}!${i.location.column}${i.location.row}`]);
    // Labels are in column A, what is filled in beside them in column B (1-based rows: index + 1).
    const at = (name: string, label: string) => `${name}!B${labelRow(fake.sheet(name), label) + 1}`;
    expect(incomplete).toEqual([
      [`${noReviewer} 查册表未填：复核人`, at(noReviewer, '复核人：')],
      [`${noConclusion} 查册表未填：结论、复核人`, at(noConclusion, '结论：')],
    ]);
    const note = fake.sheet(noReviewer).notes.get(`B${labelRow(fake.sheet(noReviewer), '复核人：') + 1}`);
    expect(JSON.stringify(note)).toContain(`${noReviewer} 查册表未填：复核人`);
  });
});
