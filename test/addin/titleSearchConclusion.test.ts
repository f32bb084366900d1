/**
 * 校验查册表 in the pane reads a 查册表 as anjie title-search --searches does (domain/titleSearch):
 * a 查册日期 in the future and a 结论 pasted past the dropdown (无异常) are errors at their cells.
 */
import { describe, expect, it } from 'vitest';
import { dateToExcelSerial } from '../../domain/dates';
import { validateTitleSearch } from '../../addin/services/titleSearch';
import { fillSearch, labelRow, paneWithSearchSheets } from './titleSearchPane';

describe('校验查册表: a 查册日期 in the future, a 结论 not in the dropdown', () => {
  it('reports each at its cell (labels in column A, values in B)', async () => {
    const { fake, host, created } = await paneWithSearchSheets();
    const [future, pasted] = created;
    for (const [name, date, conclusion] of [[future, '2099-02-12', '正常'], [pasted, '2026-11-19', '无异常']])
      fillSearch(fake.sheet(name), { date: dateToExcelSerial(date), conclusion, searcher: '陈晓', reviewer: '王经理' });
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
