import { describe, expect, it } from 'vitest';
import { dateToExcelSerial } from '../../domain/dates';
import { FakeExcel, type FakeSheet } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { generateProgress } from '../../addin/services/actions';
import { computeFees } from '../../addin/services/fees';
import { createTitleSearch } from '../../addin/services/titleSearch';
import { signInExcel, unsealInExcel, verifyInExcel } from '../../addin/signoff/service';

/**
 * The names typed into a generated sheet's signature block (制表 / 审核(经理) / 日期) stay when the
 * sheet is regenerated, as any typed input does — unless the sheet replaced was signed and the
 * person chose to overwrite it: those names attest to the content replaced.
 */
function workbook() {
  const sample = sampleRegister({ units: 30, asOf: '2026-11-23', collectFeesFor: 'beijing' });
  const fake = new FakeExcel();
  fake.state.sheets[0].name = '按揭台账';
  fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
  return { fake, host: memoryHost(fake) };
}

/** The value cells of the sheet's signature block: right of 制表： / 审核(经理)： / 日期：(or the English labels). */
function block(s: FakeSheet): { row: number; cols: [number, number, number] } {
  for (let r = s.rows.length - 1; r >= 0; r--) {
    const texts = (s.rows[r] ?? []).map((c) => (c ? String(c.v) : ''));
    const at = (labels: string[]) => texts.findIndex((t) => labels.includes(t));
    const a = at(['制表：', 'Prepared by:']);
    if (a < 0) continue;
    return { row: r, cols: [a + 1, at(['审核(经理)：', 'Reviewed (manager):']) + 1, at(['日期：', 'Date:']) + 1] };
  }
  throw new Error(`no signature block on ${s.name}`);
}

function typeNames(s: FakeSheet, names: [string, string, string | number]): void {
  const b = block(s);
  b.cols.forEach((c, i) => {
    const cell = s.ensure(b.row, c);
    expect(cell.unlocked, 'the block is open for typing').toBe(true);
    cell.v = names[i];
  });
}
const names = (s: FakeSheet) => {
  const b = block(s);
  return b.cols.map((c) => s.cell(b.row, c)?.v ?? '');
};
const DATE = dateToExcelSerial('2026-11-20');

describe('the signature block of a regenerated sheet', () => {
  it('keeps the names typed on the 按揭进度表 and says the figures were written anew', async () => {
    const { fake, host } = workbook();
    await generateProgress(host, { week: '2026-W47', lang: 'zh' });
    typeNames(fake.sheet('按揭进度表'), ['张三', '李经理', DATE]);
    const again = await generateProgress(host, { week: '2026-W48', lang: 'zh' });
    expect(String(fake.sheet('按揭进度表').cell(0, 0)?.v)).toContain('2026-W48');
    expect(names(fake.sheet('按揭进度表'))).toEqual(['张三', '李经理', DATE]);
    const notice = again.notices.map((n) => n.zh).join('\n');
    expect(notice).toContain('签字栏的填写（制表 张三；审核(经理) 李经理；日期 2026-11-20）已保留');
    expect(again.notices.map((n) => n.en).join('\n')).toContain('The signature block (Prepared by 张三; Reviewed (manager) 李经理; Date 2026-11-20) was kept');
  });

  it('keeps them on the fee ledger, 少收名单 and 查册汇总 too, and on an English sheet', async () => {
    const { fake, host } = workbook();
    await computeFees(host, { city: 'beijing', lang: 'zh' });
    typeNames(fake.sheet('费用台账'), ['王丽', '赵经理', DATE]);
    typeNames(fake.sheet('少收名单'), ['周婷', '', DATE]);
    await computeFees(host, { city: 'beijing', lang: 'zh' });
    expect(names(fake.sheet('费用台账'))).toEqual(['王丽', '赵经理', DATE]);
    expect(names(fake.sheet('少收名单'))).toEqual(['周婷', '', DATE]);

    const scope = { kind: 'stage' as const, stage: 'mortgageRegistered' as const };
    const ts = await createTitleSearch(host, { scope, lang: 'zh' });
    typeNames(fake.sheet(ts.summary), ['孙悦', '钱经理', DATE]);
    const again = await createTitleSearch(host, { scope, lang: 'zh' });
    expect(names(fake.sheet(ts.summary))).toEqual(['孙悦', '钱经理', DATE]);
    expect(again.notices[0].zh).toContain('签字栏的填写（制表 孙悦；审核(经理) 钱经理；日期 2026-11-20）已保留');

    // An English sheet: the block is found by its English labels.
    await generateProgress(host, { week: '2026-W47', lang: 'en' });
    typeNames(fake.sheet('Weekly progress'), ['Zhang San', 'Li', DATE]);
    await generateProgress(host, { week: '2026-W47', lang: 'en' });
    expect(names(fake.sheet('Weekly progress'))).toEqual(['Zhang San', 'Li', DATE]);
  });

  it('does not carry the names of a signature the person chose to overwrite; they stay in the sign-off record', async () => {
    const { fake, host } = workbook();
    await generateProgress(host, { week: '2026-W47', lang: 'zh' });
    await computeFees(host, { city: 'beijing', lang: 'zh' });
    typeNames(fake.sheet('少收名单'), ['周婷', '', DATE]); // not signed: stays
    await signInExcel(host, { name: '王经理', role: '制表', sheets: ['按揭进度表', '费用台账'], now: '2026-11-23T10:00:00' });
    expect(names(fake.sheet('按揭进度表'))[0]).toBe('王经理'); // signing wrote it

    const r = await generateProgress(host, { week: '2026-W48', lang: 'zh', overwriteSigned: true });
    expect(names(fake.sheet('按揭进度表'))).toEqual(['', '', '']);
    expect(r.notices.map((n) => n.zh).join('\n')).toContain('原表已签核，签字栏（制表 王经理；日期 2026-11-23）是对被覆盖内容的签核，未带入新表');
    expect((await verifyInExcel(host)).status).toBe('changed');

    const f = await computeFees(host, { city: 'beijing', lang: 'zh', overwriteSigned: true });
    expect(names(fake.sheet('费用台账'))).toEqual(['', '', '']);
    expect(names(fake.sheet('少收名单'))).toEqual(['周婷', '', DATE]);
    expect(f.notices.map((n) => n.zh).join('\n')).toContain('“费用台账”：原表已签核');

    // Unsealed: the block is emptied by the unseal, and what is typed afterwards stays again.
    await unsealInExcel(host, { name: '王经理', reason: '重出', now: '2026-11-23T11:00:00' });
    typeNames(fake.sheet('按揭进度表'), ['张三', '', '']);
    await generateProgress(host, { week: '2026-W48', lang: 'zh' });
    expect(names(fake.sheet('按揭进度表'))).toEqual(['张三', '', '']);
  });
});
