import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../domain/issues';
import { FakeExcel } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { AnjieProvider } from '../../addin/ui/context';
import { IssueList } from '../../addin/ui/IssueList';

/** A register of some thousands of rows with a column left empty: the counts read as the desk writes numbers. */
function issues(errors: number, warnings: number): Issue[] {
  const one = (k: number, severity: 'error' | 'warning'): Issue =>
    ({ severity, code: 'REQUIRED', message: { zh: '「房号」必填', en: '"Room" is required' }, location: { sheet: '按揭台账', row: k + 2, column: 'D' } }) as Issue;
  return [...Array.from({ length: errors }, (_, k) => one(k, 'error')), ...Array.from({ length: warnings }, (_, k) => one(errors + k, 'warning'))];
}

describe('problem list counts', () => {
  it('writes counts with thousands separators, the ones listed and the ones not', () => {
    const html = renderToString(
      <AnjieProvider host={memoryHost(new FakeExcel())} initialLang="zh">
        <IssueList issues={issues(1204, 12)} />
      </AnjieProvider>,
    ).replace(/<!-- -->/g, '');
    expect(html.includes('1,204 错误 · 12 警告'), 'counts').toBe(true);
    expect(html.includes('… 916 条未显示'), 'not shown').toBe(true);
    expect(html.match(/data-testid="issue"/g)?.length).toBe(300);
  });

  it('says what to do about a problem when the check says it, as the cell note does', () => {
    const missing: Issue = {
      severity: 'error',
      code: 'TS_MISSING',
      message: { zh: '1-1-201 已过抵押登记，但没有查册记录', en: '1-1-201 is past mortgage registration but has no title search' },
      location: { sheet: '按揭台账', row: 2, column: 'AX', columnHeader: '查册日期' },
      fix: { zh: '尽快查册，并在台账“按揭台账”的“查册日期”列填写查册日期。', en: 'Search the title and enter the search date in the "查册日期" column of the register "按揭台账".' },
    };
    const render = (lang: 'zh' | 'en') =>
      renderToString(
        <AnjieProvider host={memoryHost(new FakeExcel())} initialLang={lang}>
          <IssueList issues={[missing, ...issues(1, 0)]} />
        </AnjieProvider>,
      ).replace(/<!-- -->/g, '');
    expect(render('zh')).toContain('处理：尽快查册，并在台账“按揭台账”的“查册日期”列填写查册日期。');
    expect(render('en')).toContain('Fix: Search the title and enter the search date in the &quot;查册日期&quot; column of the register &quot;按揭台账&quot;.');
    // The column is named beside its letter.
    expect(render('zh')).toContain('按揭台账!AX2（查册日期）');
    expect(render('zh').match(/data-testid="issue-fix"/g)?.length).toBe(1);
  });
});
