import { describe, expect, it } from 'vitest';
import type { FakeExcel, FakeSheet } from '../../addin/host/fake/fakeExcel';
import { generateProgress, loadRegister } from '../../addin/services/actions';
import { signInExcel } from '../../addin/signoff/service';
import { registerWorkbook, setRegister, twoProjects } from './twoProjects';
import { progressTable } from './progressTable';

/**
 * A register that gains a second project gets one 按揭进度表 per project; the single 按揭进度表 of
 * the one-project days is retired: what was typed on it goes to its project's new sheet (its 项目
 * line says which), what has no place goes to 未放回的录入, and it is deleted — or, when signed, kept.
 */
const WEEK = { week: '2026-W47', lang: 'zh' as const };

function tableOf(s: FakeSheet) {
  const { col, rows } = progressTable(s);
  const rowOf = (unit: string) => {
    const found = rows.filter((r) => s.cell(r, col('房号'))?.v === unit);
    expect(found.length, unit).toBeGreaterThanOrEqual(1);
    return found[0];
  };
  const read = (unit: string, h: string) => s.cell(rowOf(unit), col(h))?.v ?? '';
  const type = (unit: string, h: string, v: string, open = true) => {
    const cell = s.ensure(rowOf(unit), col(h));
    if (open) expect(cell.unlocked).toBe(true);
    cell.v = v;
  };
  const units = () => rows.map((r) => String(s.cell(r, col('房号'))?.v));
  return { read, type, units };
}

function signature(s: FakeSheet) {
  let r = s.rows.length - 1;
  while (r >= 0 && s.rows[r]?.[0]?.v !== '制表：') r--;
  return { get: () => s.cell(r, 1)?.v ?? '', set: (v: string | number) => (s.ensure(r, 1).v = v) };
}

function kept(fake: FakeExcel): string[][] {
  if (!fake.sheetNames().includes('未放回的录入')) return [];
  return fake
    .sheet('未放回的录入')
    .rows.slice(1)
    .filter(Boolean)
    .map((row) => (row ?? []).slice(1, 5).map((c) => (c ? String(c.v) : '')));
}

describe('the single 按揭进度表 once the register has a second project', () => {
  it('carries what was typed to its project’s new sheet, keeps what has no place, deletes it and says so', async () => {
    const t = twoProjects(30);
    const { fake, host } = registerWorkbook(t.headers, t.first);
    await generateProgress(host, WEEK);
    const single = tableOf(fake.sheet('按揭进度表'));
    const [u1, u2, gone] = single.units();
    single.type(u1, '备注', '等银行面签');
    single.type(u2, '跟进人', '王丽');
    single.type(gone, '备注', '客户要求退房');
    signature(fake.sheet('按揭进度表')).set('张三');

    // 翠湖湾 joins (with the same unit codes); `gone` leaves 滨江花园.
    const keyCol = t.col('房号编码');
    setRegister(fake, t.headers, [...t.first.filter((r) => String(r[keyCol]) !== gone), ...t.second]);
    const r = await generateProgress(host, WEEK);

    expect(r.reports.map((x) => x.sheet)).toEqual(['按揭进度表-滨江花园', '按揭进度表-翠湖湾']);
    expect(fake.sheetNames()).not.toContain('按揭进度表');
    const a = tableOf(fake.sheet('按揭进度表-滨江花园'));
    expect(a.read(u1, '备注')).toBe('等银行面签');
    expect(a.read(u2, '跟进人')).toBe('王丽');
    expect(signature(fake.sheet('按揭进度表-滨江花园')).get()).toBe('张三');
    // 翠湖湾's units of the same codes get nothing of it.
    const b = tableOf(fake.sheet('按揭进度表-翠湖湾'));
    expect(b.read(u1, '备注')).toBe('');
    expect(b.read(u2, '跟进人')).not.toBe('王丽');
    expect(signature(fake.sheet('按揭进度表-翠湖湾')).get()).toBe('');
    // The unit that left: kept aside, under the sheet it was typed on.
    const aside = kept(fake);
    expect(aside.map((x) => [x[0], x[2], x[3]])).toEqual([['按揭进度表', '备注 Remarks', '客户要求退房']]);
    expect(aside[0][1].startsWith(`${gone} `)).toBe(true);
    const said = r.notices.map((n) => n.zh).join('\n');
    expect(said).toContain('工作表“按揭进度表”是台账只有一个项目（滨江花园）时的进度表，现已由各项目的进度表取代，其中填写的内容已带入“按揭进度表-滨江花园”');
    expect(said).toContain('已全部记入工作表“未放回的录入”');
    expect(said).toContain('原表已删除');
    expect(r.notices.map((n) => n.en).join('\n')).toContain('The old sheet was deleted.');
    // The record of what Anjie wrote into the old sheet goes with it.
    expect(fake.state.settings.has('anjie.inputs.按揭进度表')).toBe(false);

    // Regenerating again: nothing more to retire, the entries stay.
    const again = await generateProgress(host, WEEK);
    expect(again.notices.map((n) => n.zh).join('\n')).not.toContain('台账只有一个项目');
    expect(tableOf(fake.sheet('按揭进度表-滨江花园')).read(u1, '备注')).toBe('等银行面签');
  });

  it('copies everything typed to 未放回的录入 when its project left the register', async () => {
    const t = twoProjects(12);
    const { fake, host } = registerWorkbook(t.headers, t.first);
    await generateProgress(host, WEEK);
    const single = tableOf(fake.sheet('按揭进度表'));
    const [u1] = single.units();
    single.type(u1, '备注', '滨江的备注');
    signature(fake.sheet('按揭进度表')).set('张三');
    const third = t.second.map((r) => {
      const row = [...r];
      row[t.col('项目')] = '金沙湾';
      row[t.col('合同编号')] = `JSW-${String(row[t.col('合同编号')])}`;
      return row;
    });
    setRegister(fake, t.headers, [...t.second, ...third]);
    const r = await generateProgress(host, WEEK);
    expect(fake.sheetNames()).not.toContain('按揭进度表');
    const rows = kept(fake);
    expect(rows.map((x) => [x[0], x[2], x[3]])).toEqual([
      ['按揭进度表', '备注 Remarks', '滨江的备注'],
      ['按揭进度表', '制表 Prepared by', '张三'],
    ]);
    expect(rows[0][1].startsWith(`${u1} `)).toBe(true);
    expect(r.notices.map((n) => n.zh).join('\n')).toContain('该项目已不在台账中，其中填写的 2 行内容已全部记入工作表“未放回的录入”');
  });

  it('keeps a signed one as the signed record, takes its entries in without its signature, and says how to remove it', async () => {
    const t = twoProjects(12);
    const { fake, host } = registerWorkbook(t.headers, t.first);
    await generateProgress(host, WEEK);
    const single = tableOf(fake.sheet('按揭进度表'));
    const [u1] = single.units();
    single.type(u1, '备注', '签核前的备注');
    await signInExcel(host, { name: '王经理', role: '制表', sheets: ['按揭进度表'], now: '2026-11-23T10:00:00' });
    setRegister(fake, t.headers, [...t.first, ...t.second]);
    const r = await generateProgress(host, WEEK);
    expect(fake.sheetNames()).toContain('按揭进度表');
    expect(tableOf(fake.sheet('按揭进度表-滨江花园')).read(u1, '备注')).toBe('签核前的备注');
    expect(signature(fake.sheet('按揭进度表-滨江花园')).get()).toBe('');
    expect(r.notices.map((n) => n.zh).join('\n')).toContain('该表已签核，作为签核记录保留未删');
    // Named as the sign-off tab's button is: 撤销签核, not 解除签核.
    expect(r.notices.map((n) => n.zh).join('\n')).toContain('请先在“签核”页点“撤销签核”后删除');
  });

  it('leaves the new sheet’s own entries as they are and keeps the old sheet’s differing ones aside', async () => {
    const t = twoProjects(12);
    const { fake, host } = registerWorkbook(t.headers, t.first);
    await generateProgress(host, WEEK);
    const [u1] = tableOf(fake.sheet('按揭进度表')).units();
    // An earlier run already wrote the per-project sheets and left the single one (the defect).
    const old = fake.sheet('按揭进度表');
    setRegister(fake, t.headers, [...t.first, ...t.second]);
    const stale = structuredClone(old.rows);
    const settings = new Map(fake.state.settings);
    await generateProgress(host, WEEK);
    fake.seed('按揭进度表', { row: 0, col: 0 }, stale.map((row) => (row ?? []).map((c) => c?.v ?? '')));
    fake.state.settings.set('anjie.inputs.按揭进度表', settings.get('anjie.inputs.按揭进度表'));
    tableOf(fake.sheet('按揭进度表')).type(u1, '备注', '旧表上的备注', false); // copied back as plain values
    tableOf(fake.sheet('按揭进度表-滨江花园')).type(u1, '备注', '新表上的备注');

    const r = await generateProgress(host, WEEK);
    expect(tableOf(fake.sheet('按揭进度表-滨江花园')).read(u1, '备注')).toBe('新表上的备注');
    expect(fake.sheetNames()).not.toContain('按揭进度表');
    expect(kept(fake).map((x) => [x[0], x[2], x[3]])).toEqual([['按揭进度表', '备注 Remarks', '旧表上的备注']]);
    // Said as it is: the row is there, its entry differs (not "no row any more").
    const said = r.notices.map((n) => n.zh).join('\n');
    expect(said).toContain('有 1 行填写的内容在新表中有对应的行，但该行已有不同的填写：保留了新表上的填写，这些内容未带入，已记入工作表“未放回的录入”');
    expect(said).toContain('旧表上的备注');
    expect(said).not.toContain('找不到对应的行');
    expect(r.notices.map((n) => n.en).join('\n')).toContain('have their row in the new sheet, but something different is already entered there');
  });

  it('takes a signed one in once: later runs leave it alone, so what the desk changed or cleared since stays, nothing piles up and nothing is said again', async () => {
    const t = twoProjects(12);
    const { fake, host } = registerWorkbook(t.headers, t.first);
    await generateProgress(host, WEEK);
    const [u1] = tableOf(fake.sheet('按揭进度表')).units();
    tableOf(fake.sheet('按揭进度表')).type(u1, '备注', '签核前的备注');
    await signInExcel(host, { name: '王经理', role: '制表', sheets: ['按揭进度表'], now: '2026-11-23T10:00:00' });
    setRegister(fake, t.headers, [...t.first, ...t.second]);
    const first = await generateProgress(host, WEEK);
    const a = () => tableOf(fake.sheet('按揭进度表-滨江花园'));
    expect(a().read(u1, '备注')).toBe('签核前的备注');
    expect(first.notices.map((n) => n.zh).join('\n')).toContain('该表已签核，作为签核记录保留未删');
    // The desk updates the remark on the project's sheet.
    a().type(u1, '备注', '银行已面签');
    const second = await generateProgress(host, WEEK);
    expect(a().read(u1, '备注')).toBe('银行已面签');
    expect(second.notices.map((n) => n.zh).join('\n')).not.toContain('台账只有一个项目');
    expect(kept(fake)).toEqual([]);
    // …then clears it.
    a().type(u1, '备注', '');
    const third = await generateProgress(host, WEEK);
    expect(a().read(u1, '备注')).toBe('');
    expect(third.notices.map((n) => n.zh).join('\n')).not.toContain('台账只有一个项目');
    expect(kept(fake)).toEqual([]);
    expect(fake.sheetNames()).toContain('按揭进度表');
  });

  it('costs no round trip of its own when there is nothing to retire: the first write looks for it', async () => {
    const t = twoProjects(12);
    const { fake, host } = registerWorkbook(t.headers, [...t.first, ...t.second]);
    const s0 = fake.stats.syncs;
    await loadRegister(host);
    const reading = fake.stats.syncs - s0;
    for (const run of ['first', 'again']) {
      const before = fake.stats.syncs;
      const r = await generateProgress(host, WEEK);
      // Reading the register, then the two writes, and nothing else.
      expect(fake.stats.syncs - before, run).toBe(reading + r.reports.reduce((n, x) => n + x.syncs, 0));
    }
  });
});
