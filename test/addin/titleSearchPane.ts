/**
 * A pane over a 12-unit sample register with its 查册表 created (units at or past 资料收齐), and how the
 * tests fill one in: the 查册表 tests of the pane start here.
 */
import { FakeExcel, type FakeSheet } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { createTitleSearch } from '../../addin/services/titleSearch';

/** The 0-based row of a label in column A (the value beside it is in column B). */
export const labelRow = (s: FakeSheet, label: string) => s.rows.findIndex((r) => r?.[0]?.v === label);

export async function paneWithSearchSheets() {
  const fake = new FakeExcel();
  const sample = sampleRegister({ units: 12, asOf: '2026-11-23' });
  fake.state.sheets[0].name = '按揭台账';
  fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
  const host = memoryHost(fake);
  const { created } = await createTitleSearch(host, { scope: { kind: 'stage', stage: 'docsComplete' }, lang: 'zh' });
  return { fake, host, created };
}

/** Types a search's 查册日期 (an Excel serial), 结论, 查册人 and 复核人 beside their labels. */
export function fillSearch(s: FakeSheet, search: { date: number; conclusion: string; searcher: string; reviewer: string }): void {
  s.ensure(labelRow(s, '查册日期：'), 1).v = search.date;
  s.ensure(labelRow(s, '结论：'), 1).v = search.conclusion;
  s.ensure(labelRow(s, '查册人：'), 1).v = search.searcher;
  s.ensure(labelRow(s, '复核人：'), 1).v = search.reviewer;
}
