import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FakeExcel } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import SignoffPanel from '../../addin/ui/panels/SignoffPanel';
import { signInExcel, verifyInExcel } from '../../addin/signoff/service';
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

  it('signs and verifies on the in-memory preview host', async () => {
    const fake = new FakeExcel();
    fake.seed('Sheet1', { row: 0, col: 0 }, [
      ['房号', '金额'],
      ['3-2-1501', 800000],
      ['制表：', '', '审核(经理)：', '', '日期：', ''],
    ]);
    const host = memoryHost(fake);
    const rec = await signInExcel(host, { name: '李四', role: '制表' });
    expect(rec.cellCount).toBe(4);
    expect(fake.sheet('Sheet1').cell(2, 1)?.v).toBe('李四');
    expect((await verifyInExcel(host)).status).toBe('intact');
  });
});
