import type { FakeSheet } from '../../addin/host/fake/fakeExcel';

/**
 * A generated 按揭进度表 in the fake Excel as a person reads it: the column of a header, and the
 * rows of its table that name a unit (房号), from the header row down to the first empty row.
 */
export function progressTable(s: FakeSheet): { col: (header: string) => number; rows: number[] } {
  const header = s.rows.findIndex((row) => row?.some((c) => c?.v === '房号') && row.some((c) => c?.v === '序号'));
  const headers = (s.rows[header] ?? []).map((c) => c?.v ?? '');
  const col = (h: string) => headers.indexOf(h);
  const rows: number[] = [];
  for (let r = header + 1; r < s.rows.length; r++) {
    if (!(s.rows[r] ?? []).some((c) => c && c.v !== '')) break;
    if ((s.cell(r, col('房号'))?.v ?? '') !== '') rows.push(r);
  }
  return { col, rows };
}
