import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FakeExcel } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import SignoffPanel from '../../addin/ui/panels/SignoffPanel';
import { changeText, changedHeadline, scopeText, signedText } from '../../addin/signoff/SignoffPanel';
import { paneState, signInExcel, unsealInExcel, verifyInExcel } from '../../addin/signoff/service';
import { AnjieProvider } from '../../addin/ui/context';

function render(lang: 'zh' | 'en'): string {
  return renderToString(
    <AnjieProvider host={memoryHost(new FakeExcel())} initialLang={lang}>
      <SignoffPanel />
    </AnjieProvider>,
  );
}

/** The panel as it opens on a workbook (`state` read from it by paneState), as HTML without React's text separators. */
function panelHtml(host: ReturnType<typeof memoryHost>, state: Awaited<ReturnType<typeof paneState>>, lang: 'zh' | 'en'): string {
  return renderToString(
    <AnjieProvider host={host} initialLang={lang}>
      <SignoffPanel initialState={state} />
    </AnjieProvider>,
  ).replace(/<!-- -->/g, '');
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

  it('calls checking the signatures 核验签名 / Verify signatures, apart from 校验 (validating the register)', () => {
    const zh = render('zh').replace(/<!-- -->/g, '');
    expect(zh).toMatch(/data-testid="signoff-verify"[^>]*>核验签名<\/button>/);
    expect(zh).toContain('签核后任何改动都会在“核验签名”中按单元格列出');
    expect(zh).not.toContain('校验');
    const en = render('en').replace(/<!-- -->/g, '');
    expect(en).toMatch(/data-testid="signoff-verify"[^>]*>Verify signatures<\/button>/);
    expect(en).toContain('listed cell by cell by Verify signatures');
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

describe('签核 panel: a changed cell', () => {
  it('names the kinds when the kind of value changed, so an amount retyped as text does not read "800000 → 800000"', () => {
    const n = { type: 'n' as const, value: '800000' };
    const s = { type: 's' as const, value: '800000' };
    expect(changeText({ before: n, after: s }, 'zh')).toBe('800000（数字） → 800000（文本）');
    expect(changeText({ before: n, after: s }, 'en')).toBe('800000 (number) → 800000 (text)');
    expect(changeText({ before: n, after: { type: 'n', value: '800001' } }, 'zh')).toBe('800000 → 800001');
    expect(changeText({ before: null, after: s }, 'zh')).toBe('（空） → 800000');
  });
});

describe('签核 panel: a signed sheet renamed or deleted', () => {
  it('says which signed sheet is gone, before the list of its cells', () => {
    const result = { status: 'changed' as const, records: [], active: [], signedFingerprint: 'a', currentFingerprint: 'b', changes: [], recordTampered: false, inconsistent: false, recordProblems: [], missingSheets: ['按揭进度表'], renamedSheets: [], hiddenSheets: [] };
    expect(changedHeadline(result, 'zh')).toBe('签核的工作表已不存在（被改名或删除）：按揭进度表。签核后内容已改动：0 个单元格。点击单元格可跳转。');
    expect(changedHeadline(result, 'en')).toContain('no longer in the workbook (renamed or deleted): 按揭进度表');
    expect(changedHeadline({ ...result, missingSheets: [] }, 'zh')).not.toContain('不存在');
  });
});

describe('签核 panel: unsealing a fully signed workbook', () => {
  it('asks for the current protection password, which the hidden sign section no longer offers', async () => {
    const fake = new FakeExcel();
    fake.seed('Sheet1', { row: 0, col: 0 }, [['房号', '金额'], ['3-2-1501', 800000]]);
    const host = memoryHost(fake);
    await signInExcel(host, { name: '李四', role: '制表', password: 'pw1', now: '2026-11-23T10:00:00' });
    await signInExcel(host, { name: '王经理', role: '审核', currentPassword: 'pw1', now: '2026-11-23T11:00:00' });
    await signInExcel(host, { name: '赵总', role: '批准', currentPassword: 'pw1', now: '2026-11-23T12:00:00' });
    const state = await paneState(host);
    expect(state.nextRole).toBeNull();
    const html = renderToString(
      <AnjieProvider host={host} initialLang="zh">
        <SignoffPanel initialState={state} />
      </AnjieProvider>,
    );
    expect(html).toContain('data-testid="signoff-unseal"');
    expect(html).toContain('data-testid="signoff-current-password"');
    await expect(unsealInExcel(host, { name: '赵总', reason: '金额更正' })).rejects.toThrow(/password/);
    await unsealInExcel(host, { name: '赵总', reason: '金额更正', currentPassword: 'pw1' });
    expect(fake.sheet('Sheet1').protection.protected).toBe(false);
  });
});

describe('签核 panel: a change only in spaces or invisible characters', () => {
  it('quotes text with spaces at either end and writes out invisible characters', () => {
    const s = (value: string) => ({ type: 's' as const, value });
    expect(changeText({ before: s('张三'), after: s('张三 ') }, 'zh')).toBe('张三 → 「张三 」');
    expect(changeText({ before: s('１２３'), after: s('１２３\u200b') }, 'zh')).toBe('１２３ → １２３<U+200B>');
    expect(changeText({ before: s('3-2 1501'), after: s('3-2\u00a01501') }, 'en')).toBe('3-2 1501 → 3-2<U+00A0>1501');
  });
});

describe('签核 panel: read by the desk', () => {
  it('gives the number of changed cells first, says when only the first 50 are listed, then what a click does', () => {
    const change = (k: number) => ({ sheet: '费用台账', ref: `B${k}`, address: `费用台账!B${k}`, row: k, col: 2, before: null, after: { type: 'n' as const, value: '1' } });
    const result = { status: 'changed' as const, records: [], active: [], signedFingerprint: 'a', currentFingerprint: 'b', changes: Array.from({ length: 1771 }, (_, k) => change(k + 1)), recordTampered: false, inconsistent: false, recordProblems: [], missingSheets: [], renamedSheets: [], hiddenSheets: [] };
    expect(changedHeadline(result, 'zh')).toBe('签核后内容已改动：1,771 个单元格（下面列出前 50 个）。点击单元格可跳转。');
    expect(changedHeadline(result, 'en')).toBe('Changed after signing: 1,771 cell(s) (the first 50 listed below). Click a cell to go to it.');
    expect(changedHeadline({ ...result, changes: result.changes.slice(0, 3) }, 'zh')).toBe('签核后内容已改动：3 个单元格。点击单元格可跳转。');
  });

  it('sets its section titles apart as headings, so 当前签核 does not run into 本工作簿尚未签核', () => {
    const zh = render('zh');
    expect(zh).toMatch(/<h3[^>]*>当前签核<\/h3>/);
    expect(zh).toMatch(/<h3[^>]*>签核<\/h3>/);
  });

  it('says in words what the signatures cover, not "按揭进度表 (excl. 121:121)"', () => {
    const scope = { sheets: [{ sheet: '按揭进度表', ranges: ['A1:XFD1048576'], exclude: ['121:121'] }, { sheet: '费用台账', ranges: ['A1:XFD1048576'], exclude: [] }] };
    expect(scopeText(scope, 'zh')).toBe('签核范围：按揭进度表、费用台账（签字栏除外）');
    expect(scopeText(scope, 'en')).toBe('Covers: 按揭进度表, 费用台账 (signature rows excluded)');
    expect(scopeText({ sheets: [{ sheet: 'Sheet1', ranges: ['A1:F20'], exclude: [] }] }, 'zh')).toBe('签核范围：Sheet1!A1:F20');
  });

  it('says what unsealing does before it is done', async () => {
    const { host } = await signedByPreparer();
    const state = await paneState(host);
    const html = (lang: 'zh' | 'en') => panelHtml(host, state, lang);
    expect(html('zh')).toContain('撤销后，当前全部签核失效：工作表取消保护，签字栏的姓名和日期清空，之后须从“制表”起重新签核。');
    expect(html('zh')).toContain('签核范围：Sheet1（签字栏除外）');
    expect(html('zh')).not.toContain('excl.');
    expect(html('en')).toContain('Unsealing ends every current signature');
  });
});

describe('签核 panel in English', () => {
  it('writes its colons as English does, in what a signature said and in an unsealed one’s history line', async () => {
    const fake = new FakeExcel();
    fake.seed('Sheet1', { row: 0, col: 0 }, [['房号', '金额'], ['3-2-1501', 800000]]);
    const host = memoryHost(fake);
    const rec = await signInExcel(host, { name: '李四', role: '制表', now: '2026-11-23T10:00:00' });
    expect(signedText(rec, 'en')).toBe(`Signed: 制表 (prepared by) 李四 · Fingerprint ${rec.fingerprint.slice(0, 16)}…`);
    expect(signedText(rec, 'zh')).toBe(`已签核：制表 李四 · 指纹 ${rec.fingerprint.slice(0, 16)}…`);
    await unsealInExcel(host, { name: '王经理', reason: '金额更正', now: '2026-11-23T11:00:00' });
    const state = await paneState(host);
    const html = (lang: 'zh' | 'en') => panelHtml(host, state, lang);
    expect(html('en')).toContain('unsealed 王经理 2026-11-23 11:00:00: 金额更正');
    expect(html('zh')).toContain('已撤销 王经理 2026-11-23 11:00:00：金额更正');
  });
});

describe('签核 panel: a reconciliation report with carried open items', () => {
  /** A report as `anjie reconcile` writes it, in short: 汇总 and 差异 visible, the open items carried to next month in the very hidden _anjie_open. */
  function report(): FakeExcel {
    const fake = new FakeExcel();
    fake.state.sheets[0].name = '汇总';
    fake.seed('汇总', { row: 0, col: 0 }, [['期间', '2026-11']]);
    fake.seed('差异', { row: 0, col: 0 }, [['凭证号', '金额'], ['记-2', 300000]]);
    fake.seed('_anjie_open', { row: 0, col: 0 }, [['kind', 'ref'], ['finance', '记-2']]);
    fake.sheet('_anjie_open').visibility = 'VeryHidden';
    return fake;
  }

  it('tells the signer who ticks only some sheets that the carried open items (_anjie_open) are signed with the report, as they are', async () => {
    const host = memoryHost(report());
    const state = await paneState(host);
    expect(state.sheets).toEqual(['汇总', '差异']);
    expect(state.carried).toBe(true);
    const html = (lang: 'zh' | 'en') => panelHtml(host, state, lang);
    expect(html('zh')).toMatch(/data-testid="signoff-carried"[^>]*>结转的未达项（隐藏工作表 _anjie_open）随报告一并签核。</);
    expect(html('en')).toMatch(/data-testid="signoff-carried"[^>]*>The carried open items \(hidden sheet _anjie_open\) are signed with the report\.</);
    // What the line says is what signing does: only 汇总 ticked, the open items are in the scope.
    const rec = await signInExcel(host, { name: '王经理', role: '制表', sheets: ['汇总'], now: '2026-12-01T09:00:00' });
    expect(rec.scope.sheets.map((s) => s.sheet)).toEqual(['汇总', '_anjie_open']);
  });

  it('says nothing of it for a workbook without carried open items (a progress sheet, a fee ledger)', async () => {
    const fake = new FakeExcel();
    fake.seed('Sheet1', { row: 0, col: 0 }, [['房号'], ['3-2-1501']]);
    fake.seed('按揭进度表', { row: 0, col: 0 }, [['房号'], ['3-2-1501']]);
    const host = memoryHost(fake);
    const state = await paneState(host);
    expect(state.carried).toBe(false);
    expect(panelHtml(host, state, 'zh')).not.toContain('signoff-carried');
  });
});

/** A sheet signed 制表 by 李四 on the in-memory host. */
async function signedByPreparer() {
  const fake = new FakeExcel();
  fake.seed('Sheet1', { row: 0, col: 0 }, [['房号', '金额'], ['3-2-1501', 800000], ['制表：', '', '审核(经理)：', '', '日期：', '']]);
  const host = memoryHost(fake);
  await signInExcel(host, { name: '李四', role: '制表', now: '2026-11-23T10:00:00' });
  return { fake, host };
}

describe('签核 panel: a 状态 typed to unsealed in 签核记录', () => {
  it('shows the round still in force and the record altered, as 核验签名 says, not 本工作簿尚未签核', async () => {
    const { fake, host } = await signedByPreparer();
    // typed in Excel: the record's 状态 (C2) set to unsealed and an 撤销人 (L2) beside it, to edit the cells freely
    const rec = fake.sheet('签核记录');
    rec.cell(1, 2)!.v = 'unsealed';
    rec.cell(1, 11)!.v = '李四';
    expect((await verifyInExcel(host)).status).toBe('changed');
    const state = await paneState(host);
    const zh = panelHtml(host, state, 'zh');
    expect(zh).not.toContain('本工作簿尚未签核');
    expect(zh).toContain('签核记录已被改动：第 1 轮「制表」的记录（序号 1）的状态被手工改为已撤销（撤销不是由签核工具完成的）');
    // the round in force is shown with what it covers (as verify compares with it), the alteration above it
    expect(zh).toContain('data-testid="signoff-altered"');
    expect(zh).toContain('签核范围：Sheet1（签字栏除外）');
    const en = panelHtml(host, state, 'en').replace(/&#x27;/g, "'");
    expect(en).not.toContain('This workbook is not signed');
    expect(en).toContain("The sign-off record was altered: the status (状态) of round 1's 制表 (prepared by) record (No. 1) was set to unsealed by hand");
  });

  it('offers neither a signature nor an unseal over it (both are refused), and says why before anyone fills in the form', async () => {
    const { fake, host } = await signedByPreparer();
    const rec = fake.sheet('签核记录');
    rec.cell(1, 2)!.v = 'unsealed';
    rec.cell(1, 11)!.v = '李四';
    const zh = panelHtml(host, await paneState(host), 'zh');
    expect(zh).toContain('签核记录已被改动，不能在其上签核');
    expect(zh).toContain('不能在其上撤销签核');
    for (const control of ['signoff-role', 'signoff-sign"', 'signoff-unseal"', 'signoff-unseal-name']) expect(zh).not.toContain(`data-testid="${control}`);
    // as the pane would have offered them: both are refused
    await expect(signInExcel(host, { name: '王经理', role: '审核', now: '2026-11-23T11:00:00' })).rejects.toThrow(/The sign-off record was altered/);
    await expect(unsealInExcel(host, { name: '王经理', reason: '改数' })).rejects.toThrow(/The sign-off record was altered/);
  });

  it('a signer edited: no signature is offered, but the round can still be unsealed, with the current password field', async () => {
    const { fake, host } = await signedByPreparer();
    fake.sheet('签核记录').cell(1, 4)!.v = '李四四'; // E2: 制表's signer
    const en = panelHtml(host, await paneState(host), 'en');
    expect(en).toContain('data-testid="signoff-no-sign"');
    expect(en).not.toContain('data-testid="signoff-role"');
    expect(en).not.toContain('data-testid="signoff-no-unseal"');
    expect(en).toContain('data-testid="signoff-unseal"');
    expect(en).toContain('data-testid="signoff-current-password"');
    await unsealInExcel(host, { name: '王经理', reason: '签核人被改' });
    expect((await paneState(host)).active).toEqual([]);
  });
});
