/**
 * A 查册表 searched and dated but not finished (no 结论, 查册人 or 复核人) is reported at the cell
 * still to fill in: the pane's problem list takes the manager there, and the cell carries the mark
 * and note, as every other 查册 problem does.
 */
import { describe, expect, it } from 'vitest';
import { validateTitleSearch } from '../../addin/services/titleSearch';
import { fillSearch, labelRow, paneWithSearchSheets } from './titleSearchPane';

describe('a 查册表 dated but not finished', () => {
  it('is reported at the first cell still to fill in (结论, then 查册人, then 复核人), which is marked with the message', async () => {
    const { fake, host, created } = await paneWithSearchSheets();
    const [noReviewer, noConclusion] = created;
    for (const [name, conclusion, reviewer] of [[noReviewer, '正常', ''], [noConclusion, '', '']])
      fillSearch(fake.sheet(name), { date: 46346 /* 2026-11-19 */, conclusion, searcher: '陈晓', reviewer });
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
