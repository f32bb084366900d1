import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FakeExcel } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import SignoffPanel from '../../addin/ui/panels/SignoffPanel';
import { AnjieProvider } from '../../addin/ui/context';

function render(lang: 'zh' | 'en'): string {
  return renderToString(
    <AnjieProvider host={memoryHost(new FakeExcel())} initialLang={lang}>
      <SignoffPanel />
    </AnjieProvider>,
  );
}

describe('签核 panel', () => {
  it('is the tab App.tsx loads, and says plainly that protection guards against accidents and the fingerprint is the proof', () => {
    const zh = render('zh');
    expect(zh).toContain('data-testid="panel-signoff"');
    expect(zh).toContain('保护只防误操作');
    expect(zh).toContain('指纹才是证明');
    expect(zh).toContain('data-testid="signoff-verify"');
    const en = render('en');
    expect(en).toContain('only guards against accidents');
    expect(en).toContain('the fingerprint is the proof');
  });
});
