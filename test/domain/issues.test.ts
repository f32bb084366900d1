import { describe, expect, it } from 'vitest';
import { columnLetter, formatLocation, hasErrors, sortIssues, type Issue } from '../../domain/issues';
import { bi, both } from '../../domain/text';

const issue = (severity: Issue['severity'], code: string, sheet: string, row: number, column: string): Issue => ({
  severity,
  code,
  message: bi('消息', 'message'),
  location: { sheet, row, column },
});

describe('issue model', () => {
  it('column letters as Excel shows them', () => {
    expect([1, 2, 26, 27, 52, 53, 702, 703, 16384].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
  });
  it('locations read like Excel references', () => {
    expect(formatLocation({ sheet: '台账', row: 12, column: 'C' })).toBe('台账!C12');
    expect(formatLocation({ file: 'a.xlsx', sheet: '台账' })).toBe('a.xlsx 台账');
    expect(formatLocation({ file: 'b.csv', row: 3, column: 'D' })).toBe('b.csv D3');
  });
  it('errors first, then sheet, row, column (B before AA), code', () => {
    const sorted = sortIssues([
      issue('warning', 'W', '台账', 1, 'A'),
      issue('error', 'E2', '台账', 5, 'AA'),
      issue('error', 'E1', '台账', 5, 'B'),
      issue('error', 'E0', '台账', 2, 'Z'),
    ]);
    expect(sorted.map((i) => i.code)).toEqual(['E0', 'E1', 'E2', 'W']);
    expect(hasErrors(sorted)).toBe(true);
    expect(hasErrors([issue('warning', 'W', 's', 1, 'A')])).toBe(false);
  });
  it('bilingual text puts Chinese first', () => {
    expect(both(bi('金额不符', 'amount differs'))).toBe('金额不符 / amount differs');
  });
});
