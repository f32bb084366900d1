import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TaskStatus } from '../../addin/ui/App';

describe('the running operation', () => {
  it('is a status region whose progress bar is named by what runs', () => {
    const task = { label: { zh: '校验台账', en: 'Validating' }, progress: { done: 3, total: 10 } };
    const html = renderToString(<TaskStatus task={task} lang="zh" onCancel={() => undefined} />).replace(/<!-- -->/g, '');
    expect(html).toMatch(/data-testid="task" role="status"/);
    expect(html).toMatch(/role="progressbar"[^>]*aria-label="校验台账"|aria-label="校验台账"[^>]*role="progressbar"/);
    expect(html).toContain('校验台账 3 / 10');
    expect(html).toContain('取消');
    // The pane switched while it runs: the task says it in the new language.
    const en = renderToString(<TaskStatus task={task} lang="en" onCancel={() => undefined} />).replace(/<!-- -->/g, '');
    expect(en).toContain('Validating 3 / 10');
    expect(en).toMatch(/aria-label="Validating"/);
  });
});
