import { describe, expect, it } from 'vitest';
import { FakeExcel } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { explainError } from '../../addin/excel/errors';
import { generateProgress } from '../../addin/services/actions';
import { computeFees, feeCities } from '../../addin/services/fees';
import { SignedSheetsError } from '../../addin/services/signedGuard';
import { createTitleSearch } from '../../addin/services/titleSearch';
import { signInExcel, unsealInExcel, verifyInExcel } from '../../addin/signoff/service';

function sampleWorkbook() {
  const fake = new FakeExcel();
  const sample = sampleRegister({ units: 40, asOf: '2026-11-23' });
  fake.state.sheets[0].name = '按揭台账';
  fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
  return { fake, host: memoryHost(fake) };
}

function text(fake: FakeExcel, sheet: string): string {
  const s = fake.sheet(sheet);
  if (!s) return '';
  return s.rows.map((r) => (r ?? []).map((c) => (c ? String(c.v) : '')).join('\t')).join('\n');
}

async function refusal(p: Promise<unknown>): Promise<SignedSheetsError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SignedSheetsError);
  return e as SignedSheetsError;
}

describe('regenerating a signed sheet in the add-in', () => {
  it('refuses the progress sheet while it is signed, in plain Chinese and English, and changes nothing', async () => {
    const { fake, host } = sampleWorkbook();
    await generateProgress(host, { week: '2026-W47', lang: 'zh' });
    await signInExcel(host, { name: '王经理', role: '制表', sheets: ['按揭进度表'], now: '2026-11-23T10:00:00' });
    const signed = text(fake, '按揭进度表');
    const sheetsBefore = fake.sheetNames();
    const syncsBefore = fake.stats.syncs;

    const e = await refusal(generateProgress(host, { week: '2026-W48', lang: 'zh' }));
    expect(e.sheets).toEqual(['按揭进度表']);
    const words = explainError(e);
    expect(words.zh).toContain('“按揭进度表”已签核');
    expect(words.zh).toContain('王经理');
    expect(words.zh).toContain('覆盖已签核');
    expect(words.en).toContain('"按揭进度表" is signed');
    expect(words.en).toContain('Overwrite signed');
    expect(words.en).toContain('nothing was changed');
    // The signature check is named as its button is (核验签名), not 校验, which is validating the register.
    expect(words.zh).toContain('“核验签名”将显示为已改动');
    expect(words.zh).not.toContain('校验');
    expect(words.en).toContain('Verify signatures would then report it as changed');
    // The other way out is named as the sign-off tab's button is (撤销签核 / Unseal): no 解除签核 to look for there.
    expect(words.zh).toContain('或先在“签核”页点“撤销签核”');
    expect(words.zh).not.toContain('解除签核');
    expect(words.en).toContain('or unseal it first on the Sign-off tab (Unseal)');

    // nothing written: same cells, still protected, the signature still verifies
    expect(text(fake, '按揭进度表')).toBe(signed);
    expect(fake.sheetNames()).toEqual(sheetsBefore); // the half-built sheet was dropped
    expect(fake.sheet('按揭进度表')?.protection.protected).toBe(true);
    expect(fake.stats.syncs).toBeGreaterThan(syncsBefore); // it did look
    expect((await verifyInExcel(host)).status).toBe('intact');
  });

  it('overwrites when the person chooses 覆盖已签核 / overwrite signed, and Verify then reports the change', async () => {
    const { fake, host } = sampleWorkbook();
    await generateProgress(host, { week: '2026-W47', lang: 'zh' });
    await signInExcel(host, { name: '王经理', role: '制表', sheets: ['按揭进度表'], now: '2026-11-23T10:00:00' });
    const r = await generateProgress(host, { week: '2026-W48', lang: 'zh', overwriteSigned: true });
    expect(r.week).toBe('2026-W48');
    expect(String(fake.sheet('按揭进度表')?.cell(0, 0)?.v)).toContain('2026-W48');
    const v = await verifyInExcel(host);
    expect(v.status).toBe('changed');
  });

  it('regenerates without asking once the signature is unsealed, and never asks for unsigned sheets', async () => {
    const { fake, host } = sampleWorkbook();
    await generateProgress(host, { week: '2026-W47', lang: 'zh' });
    await generateProgress(host, { week: '2026-W47', lang: 'zh' }); // unsigned: regenerates
    await signInExcel(host, { name: '王经理', role: '制表', sheets: ['按揭进度表'], now: '2026-11-23T10:00:00' });
    // the fee ledger is not under the signature
    const city = feeCities()[0].id;
    await expect(computeFees(host, { city, lang: 'zh' })).resolves.toBeTruthy();
    await unsealInExcel(host, { name: '王经理', reason: '台账更正后重出', now: '2026-11-23T11:00:00' });
    await generateProgress(host, { week: '2026-W48', lang: 'zh' });
    expect(String(fake.sheet('按揭进度表')?.cell(0, 0)?.v)).toContain('2026-W48');
  });

  it('refuses the fee ledger and the title-search summary when signed, before writing any sheet', async () => {
    const { fake, host } = sampleWorkbook();
    const city = feeCities()[0].id;
    await computeFees(host, { city, lang: 'zh' });
    const ts = await createTitleSearch(host, { scope: { kind: 'stage', stage: 'mortgageRegistered' }, lang: 'zh' });
    const ledger = fake.sheetNames().find((n) => n.includes('费用'))!;
    expect(ledger).toBeTruthy();
    await signInExcel(host, { name: '赵审核', role: '制表', sheets: [ledger, ts.summary], now: '2026-11-23T10:00:00' });
    const before = fake.sheetNames().map((n) => `${n}\n${text(fake, n)}`);

    const fees = await refusal(computeFees(host, { city, lang: 'zh' }));
    expect(fees.sheets).toContain(ledger);
    const title = await refusal(createTitleSearch(host, { scope: { kind: 'stage', stage: 'signed' }, lang: 'zh' }));
    expect(title.sheets).toEqual([ts.summary]);
    // no per-unit sheet was added by the refused title search, nothing else changed
    expect(fake.sheetNames().map((n) => `${n}\n${text(fake, n)}`)).toEqual(before);
    expect((await verifyInExcel(host)).status).toBe('intact');

    await computeFees(host, { city, lang: 'zh', overwriteSigned: true });
    await createTitleSearch(host, { scope: { kind: 'stage', stage: 'mortgageRegistered' }, lang: 'zh', overwriteSigned: true });
  });
});

describe('choosing the sheets to sign', () => {
  it('refuses a first signature with no sheet ticked instead of signing (and protecting) every sheet', async () => {
    const { host, fake } = sampleWorkbook();
    await generateProgress(host, { week: '2026-W47', lang: 'zh' });
    const e = await signInExcel(host, { name: '王经理', role: '制表', sheets: [] }).catch((x: unknown) => x);
    expect(explainError(e).zh).toContain('没有选择要签核的工作表，未作任何更改');
    expect(explainError(e).en).toContain('No sheet was chosen to sign');
    expect(fake.sheetNames()).not.toContain('签核记录');
    expect(fake.sheet('按揭台账').protection.protected).toBe(false);
    expect((await verifyInExcel(host)).status).toBe('unsigned');
  });
});
