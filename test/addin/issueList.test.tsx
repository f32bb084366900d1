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
});
