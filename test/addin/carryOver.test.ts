import { describe, expect, it } from 'vitest';
import { dateToExcelSerial } from '../../domain/dates';
import { planCarry } from '../../domain/sheets/carryOver';
import { parseSheetDescription } from '../../domain/sheets/schema';
import { FakeExcel, PAYLOAD_LIMIT_BYTES, type FakeSheet } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { INPUTS_SETTING } from '../../addin/excel/requests';
import { generateProgress, loadRegister } from '../../addin/services/actions';
import { computeFees } from '../../addin/services/fees';
import { sheetDescription } from '../../addin/services/templates';

/**
 * Regenerating 费用台账, 少收名单 and 按揭进度表 keeps what the desk typed into their input columns,
 * on the row of the same unit (and fee), and reports what has no row any more.
 */
type Row = (string | number | null)[];

function workbook(headers: string[], rows: Row[]) {
  const fake = new FakeExcel();
  fake.state.sheets[0].name = '按揭台账';
  fake.seed('按揭台账', { row: 0, col: 0 }, [headers, ...rows]);
  return { fake, host: memoryHost(fake) };
}

/** The person replaces the register's rows (units added, removed, re-ordered). */
function setRegister(fake: FakeExcel, headers: string[], rows: Row[]): void {
  fake.sheet('按揭台账').rows = [];
  fake.seed('按揭台账', { row: 0, col: 0 }, [headers, ...rows]);
}

interface Table {
  s: FakeSheet;
  col: (header: string) => number;
  /** Data rows (0-based): rows under the header with a 房号, down to the first empty row. */
  rows: number[];
}

function table(fake: FakeExcel, name: string): Table {
  const s = fake.sheet(name);
  const v = (r: number, c: number) => s.cell(r, c)?.v ?? '';
  const header = s.rows.findIndex((row) => row?.some((c) => c?.v === '房号') && row.some((c) => c?.v === '序号'));
  expect(header).toBeGreaterThanOrEqual(0);
  const headers = (s.rows[header] ?? []).map((c) => c?.v ?? '');
  const col = (h: string) => {
    const i = headers.indexOf(h);
    if (i < 0) throw new Error(`no column ${h}`);
    return i;
  };
  const rows: number[] = [];
  for (let r = header + 1; r < s.rows.length; r++) {
    if (!(s.rows[r] ?? []).some((c) => c && c.v !== '')) break;
    if (v(r, col('房号')) !== '') rows.push(r);
  }
  return { s, col, rows };
}

const read = (t: Table, row: number, header: string) => t.s.cell(row, t.col(header))?.v ?? '';

/** Types into an input cell, as the desk does: the cell must be one the protected sheet leaves open. */
function type(t: Table, row: number, header: string, value: string | number): void {
  const cell = t.s.ensure(row, t.col(header));
  expect(cell.unlocked, `${header} is an input column`).toBe(true);
  cell.v = value;
}

/** The rows of a unit (and of one value in another column), in sheet order. */
function rowsOf(t: Table, unit: string, also?: [string, string]): number[] {
  return t.rows.filter((r) => read(t, r, '房号') === unit && (!also || read(t, r, also[0]) === also[1]));
}
function rowOf(t: Table, unit: string, also?: [string, string]): number {
  const rs = rowsOf(t, unit, also);
  expect(rs, `${unit} ${also?.join(' ') ?? ''}`).toHaveLength(1);
  return rs[0];
}

const FEES = { city: 'beijing', lang: 'zh' as const };

describe('费用台账: what the desk typed stays on the unit’s fee row', () => {
  it('keeps 票据号 / 已缴 / 缴纳日期 when the fees are computed again (the review’s repro)', async () => {
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23', collectFeesFor: 'beijing' });
    const { fake, host } = workbook(sample.headers, sample.rows);
    await computeFees(host, FEES);
    let t = table(fake, '费用台账');
    const first = t.rows[0];
    const unit = String(read(t, first, '房号'));
    const fee = String(read(t, first, '费用项目'));
    type(t, first, '票据号', 'FP-20261120-0001');
    type(t, first, '已缴', 1234.5);
    type(t, first, '缴纳日期', dateToExcelSerial('2026-11-20'));

    const again = await computeFees(host, FEES);
    t = table(fake, '费用台账');
    const row = rowOf(t, unit, ['费用项目', fee]);
    expect(read(t, row, '票据号')).toBe('FP-20261120-0001');
    expect(read(t, row, '已缴')).toBe(1234.5);
    expect(read(t, row, '缴纳日期')).toBe(dateToExcelSerial('2026-11-20'));
    expect(t.s.cell(row, t.col('票据号'))?.unlocked).toBe(true); // still open for the desk
    expect(again.notices[0].zh).toMatch(/^“费用台账”：已保留上次填写的 3 项内容/);
    expect(again.notices[0].en).toMatch(/^"费用台账": 3 typed entries were kept/);
    // Nothing else was typed, so nothing else appears.
    for (const r of t.rows) if (r !== row) expect(read(t, r, '票据号')).toBe('');
  });

  it('follows each unit and fee when the register is re-ordered, a unit is added and one removed, and names what has no row any more', async () => {
    const big = sampleRegister({ units: 13, asOf: '2026-11-23', collectFeesFor: 'beijing' });
    const keyCol = big.headers.indexOf('房号编码');
    const rows = big.rows.slice(0, 12);
    const { fake, host } = workbook(big.headers, rows);
    await computeFees(host, FEES);
    let t = table(fake, '费用台账');
    const [a, b, gone, added] = [rows[1], rows[4], rows[2], big.rows[12]].map((r) => String(r[keyCol]));
    // A row is the unit's fee in its project: two projects may share a unit code.
    const project = String(rows[2][big.headers.indexOf('项目')]);
    const aRow = rowOf(t, a, ['费用项目', '契税']);
    type(t, aRow, '票据号', 'FP-A-001');
    type(t, aRow, '已缴', 3210);
    const bRow = rowOf(t, b, ['费用项目', '专项维修资金']);
    type(t, bRow, '票据号', 'FP-B-002');
    type(t, rowOf(t, gone, ['费用项目', '契税']), '票据号', 'FP-GONE-1');
    type(t, rowOf(t, gone, ['费用项目', '专项维修资金']), '已缴', 999);

    // Reversed, without `gone`, with a new unit in the middle.
    const next = [...rows].reverse().filter((r) => String(r[keyCol]) !== gone);
    next.splice(5, 0, big.rows[12]);
    setRegister(fake, big.headers, next);
    const r = await computeFees(host, FEES);

    t = table(fake, '费用台账');
    const aNow = rowOf(t, a, ['费用项目', '契税']);
    expect(aNow).not.toBe(aRow); // the rows did move
    expect(read(t, aNow, '票据号')).toBe('FP-A-001');
    expect(read(t, aNow, '已缴')).toBe(3210);
    expect(read(t, rowOf(t, b, ['费用项目', '专项维修资金']), '票据号')).toBe('FP-B-002');
    // The unit's other fee rows, and the new unit's, are empty.
    expect(read(t, rowOf(t, a, ['费用项目', '专项维修资金']), '票据号')).toBe('');
    for (const row of rowsOf(t, added)) expect([read(t, row, '票据号'), read(t, row, '已缴')]).toEqual(['', '']);
    expect(rowsOf(t, gone)).toEqual([]);
    // Every typed value is somewhere: on its row, or in the message.
    const typed = t.rows.flatMap((row) => [read(t, row, '票据号'), read(t, row, '已缴')]).filter((v) => v !== '');
    expect(typed.sort()).toEqual([3210, 'FP-A-001', 'FP-B-002'].sort());
    const notice = r.notices.find((n) => n.zh.startsWith('“费用台账”：'))!;
    expect(notice.zh).toContain('有 2 行填写的内容在新表中找不到对应的行');
    expect(notice.zh).toContain(`${project} ${gone} 契税（票据号 FP-GONE-1）`);
    expect(notice.zh).toContain(`${project} ${gone} 专项维修资金（已缴 999）`);
    expect(notice.en).toContain('2 rows of typed entries have no row in the new sheet');
    expect(notice.en).toContain(gone);
    expect(r.reports[0].inputs).toMatchObject({ recognised: true, kept: 3 });
    expect(r.reports[0].inputs?.unplaced.map((e) => e.row)).toEqual([
      [project, gone, '契税'],
      [project, gone, '专项维修资金'],
    ]);
    // …and kept on a sheet of their own, which the message names; a later run appends below.
    expect(notice.zh).toContain('已全部记入工作表“未放回的录入”');
    const kept = () => {
      const s = fake.sheet('未放回的录入');
      return s.rows.filter(Boolean).map((row) => (row ?? []).slice(1, 5).map((c) => (c ? String(c.v) : '')));
    };
    expect(kept()).toEqual([
      ['工作表 Sheet', '行 Row', '列 Column', '填写的内容 Typed value'],
      ['费用台账', `${project} ${gone} 契税`, '票据号 Receipt no.', 'FP-GONE-1'],
      ['费用台账', `${project} ${gone} 专项维修资金`, '已缴 Paid to authority', '999'],
    ]);
    // Unit b leaves the register too: its 票据号 is appended below the earlier ones.
    setRegister(fake, big.headers, next.filter((r) => String(r[keyCol]) !== b));
    await computeFees(host, FEES);
    expect(kept().slice(3)).toEqual([['费用台账', `${project} ${b} 专项维修资金`, '票据号 Receipt no.', 'FP-B-002']]);
  });

  it('costs one read round trip more only when a one-block sheet is replaced', async () => {
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23', collectFeesFor: 'beijing' });
    const { host } = workbook(sample.headers, sample.rows);
    const first = await computeFees(host, FEES);
    expect(first.reports.map((x) => x.syncs)).toEqual([2, 2, 2, 2]); // as before: nothing to read
    const again = await computeFees(host, FEES);
    // The old sheet is known to exist only after the first request; its cells come back with a second.
    expect(again.reports.map((x) => x.syncs)).toEqual([3, 3, 3, 3]);
  });
});

describe('少收名单: 通知日期 / 备注 stay on the unit’s row', () => {
  it('keeps them for units still underpaid and names the unit that paid and left the list', async () => {
    // Units 2, 8 (0-based 1, 7) paid nothing yet; 4, 10 (3, 9) paid ¥500 too little deed tax.
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23', collectFeesFor: 'beijing' });
    const keyCol = sample.headers.indexOf('房号编码');
    const deedCol = sample.headers.indexOf('已收契税');
    expect(deedCol).toBeGreaterThanOrEqual(0);
    const { fake, host } = workbook(sample.headers, sample.rows);
    const r1 = await computeFees(host, FEES);
    const [paysUp, stays] = [sample.rows[3], sample.rows[9]].map((r) => String(r[keyCol]));
    const project = String(sample.rows[3][sample.headers.indexOf('项目')]);
    expect(r1.underpaid.map((u) => u.unitKey)).toEqual(expect.arrayContaining([paysUp, stays]));
    let t = table(fake, '少收名单');
    type(t, rowOf(t, paysUp), '通知日期', dateToExcelSerial('2026-11-21'));
    type(t, rowOf(t, paysUp), '备注', '电话已通知');
    const staysBefore = rowOf(t, stays);
    type(t, staysBefore, '通知日期', dateToExcelSerial('2026-11-22'));
    type(t, staysBefore, '备注', '短信已通知，周五来补');

    // The first buyer pays the ¥500.
    const rows = sample.rows.map((r) => [...r]);
    rows[3][deedCol] = Number(rows[3][deedCol]) + 500;
    setRegister(fake, sample.headers, rows);
    const r2 = await computeFees(host, FEES);
    expect(r2.underpaid.map((u) => u.unitKey)).not.toContain(paysUp);

    t = table(fake, '少收名单');
    const staysNow = rowOf(t, stays);
    expect(staysNow).toBe(staysBefore - 1); // one row up: the row above it left the list
    expect(read(t, staysNow, '通知日期')).toBe(dateToExcelSerial('2026-11-22'));
    expect(read(t, staysNow, '备注')).toBe('短信已通知，周五来补');
    expect(t.rows.filter((r) => read(t, r, '备注') !== '')).toEqual([staysNow]);
    const notice = r2.notices.find((n) => n.zh.includes('找不到'))!;
    expect(notice.zh).toContain('有 1 行填写的内容在新表中找不到对应的行（新表已没有这一项目与房号）');
    expect(notice.zh).toContain(`${project} ${paysUp}（通知日期 2026-11-21；备注 电话已通知）`);
    expect(notice.en).toContain(`${project} ${paysUp} (Notified on 2026-11-21; Remarks 电话已通知)`);
  });

  it('leaves a sheet of that name Anjie did not write as it is, writes the list beside it, and says so', async () => {
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23', collectFeesFor: 'beijing' });
    const { fake, host } = workbook(sample.headers, sample.rows);
    // The desk's own call list, kept under that name for years.
    fake.seed('少收名单', { row: 0, col: 0 }, [['客户', '电话'], ['张三', '13800138000']]);
    const r = await computeFees(host, FEES);
    // Not deleted, not written over: the same two rows, nothing else.
    expect(fake.sheet('少收名单').values({ row: 0, col: 0, rows: 3, cols: 3 })).toEqual([['客户', '电话', ''], ['张三', '13800138000', ''], ['', '', '']]);
    expect(r.reports[1].sheet).toBe('少收名单 (2)');
    expect(r.reports[1].besideOf).toBe('少收名单');
    // Right after the desk's sheet, and the list is there (the pane's links go to it).
    const names = fake.sheetNames();
    expect(names.indexOf('少收名单 (2)')).toBe(names.indexOf('少收名单') + 1);
    expect(table(fake, '少收名单 (2)').rows.length).toBe(r.underpaid.length);
    expect(r.underpaid.length).toBeGreaterThan(0);
    // The other three sheets are Anjie's own names, written as usual.
    expect(r.reports.map((x) => x.sheet)).toEqual(['费用台账', '少收名单 (2)', '多收名单', '按揭保证金']);
    expect(r.notices.map((n) => n.zh)).toContain('工作表“少收名单”不是安捷生成的（其中没有少收名单的表头），未作任何改动；新生成的少收名单写在它旁边的“少收名单 (2)”。如要用“少收名单”这个名字，请先将原表改名或移走，再重新生成。');
    expect(r.notices.map((n) => n.en)).toContain('The sheet "少收名单" was not written by Anjie (it has no 少收名单 header row), so it was left as it is; the new 少收名单 was written beside it as "少收名单 (2)". To use the name "少收名单", rename or move that sheet first, then generate again.');

    // Next time the list beside it is the one regenerated (its 备注 kept), not a third sheet.
    const t = table(fake, '少收名单 (2)');
    const unit = String(read(t, t.rows[0], '房号'));
    type(t, t.rows[0], '备注', '已电话通知');
    const again = await computeFees(host, FEES);
    expect(again.reports[1].sheet).toBe('少收名单 (2)');
    expect(fake.sheetNames()).not.toContain('少收名单 (3)');
    const t2 = table(fake, '少收名单 (2)');
    expect(read(t2, rowOf(t2, unit), '备注')).toBe('已电话通知');
    expect(fake.sheet('少收名单').values({ row: 0, col: 0, rows: 2, cols: 2 })).toEqual([['客户', '电话'], ['张三', '13800138000']]);
  });
});

describe('按揭进度表: 跟进人 / 备注 typed on the sheet stay on the unit’s row', () => {
  it('never deletes the desk’s own 按揭进度表, even one with 房号, 跟进人 and 备注 columns: the new one goes beside it', async () => {
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23' });
    const { fake, host } = workbook(sample.headers, sample.rows);
    // The progress sheet the desk kept by hand for years, under the name Anjie writes.
    const own = [
      ['2026年按揭进度（手工）', '', '', '', ''],
      ['房号', '客户', '银行', '跟进人', '备注'],
      ['1-1-101', '张三', '工行', '王丽', '面签已约 11-25'],
      ['1-1-102', '李四', '建行', '周婷', '缺收入证明'],
    ];
    fake.seed('按揭进度表', { row: 0, col: 0 }, own);
    const r = await generateProgress(host, { week: '2026-W47', lang: 'zh' });
    expect(fake.sheet('按揭进度表').values({ row: 0, col: 0, rows: 5, cols: 6 })).toEqual([...own.map((row) => [...row, '']), ['', '', '', '', '', '']]);
    expect(r.report.sheet).toBe('按揭进度表 (2)');
    expect(table(fake, '按揭进度表 (2)').rows.length).toBe(r.lines);
    expect(r.notices[0].zh).toBe('工作表“按揭进度表”不是安捷生成的（其中没有按揭进度表的表头），未作任何改动；新生成的按揭进度表写在它旁边的“按揭进度表 (2)”。如要用“按揭进度表”这个名字，请先将原表改名或移走，再重新生成。');
    // The notice about the sheet replaced is gone with the replacing: nothing was carried from the desk's sheet.
    expect(r.notices.map((n) => n.zh).join('')).not.toContain('未能带入新表');
  });

  it('keeps them through a sort of the sheet and a unit leaving, takes the register’s new 跟进人 where nothing was typed, and tells of a clash', async () => {
    const sample = sampleRegister({ units: 60, asOf: '2026-11-23' });
    const keyCol = sample.headers.indexOf('房号编码');
    const followerCol = sample.headers.indexOf('跟进人');
    const { fake, host } = workbook(sample.headers, sample.rows);
    const week = { week: '2026-W47', lang: 'zh' as const };
    await generateProgress(host, week);
    let t = table(fake, '按揭进度表');

    // A 组合贷款 unit has two rows (商贷, then 公积金) with the same 房号.
    const combined = [...new Set(t.rows.map((r) => String(read(t, r, '房号'))))].find((u) => rowsOf(t, u).length === 2)!;
    expect(combined).toBeDefined();
    const [cCommercial, cProvident] = rowsOf(t, combined);
    type(t, cCommercial, '备注', '商贷：缺银行流水');
    type(t, cProvident, '备注', '公积金：待中心审批');

    const singles = t.rows.filter((r) => rowsOf(t, String(read(t, r, '房号'))).length === 1);
    const [p, untouched, leaves] = [singles[0], singles[1], singles[2]].map((r) => String(read(t, r, '房号')));
    const pRow = rowOf(t, p);
    expect(read(t, pRow, '跟进人')).not.toBe(''); // filled in from the register
    type(t, pRow, '跟进人', '王丽');
    type(t, pRow, '备注', '等银行面签');
    type(t, rowOf(t, leaves), '备注', '客户要求退房');

    // The person sorts the sheet: p's row changes place with the last row.
    const last = t.rows[t.rows.length - 1];
    [t.s.rows[pRow], t.s.rows[last]] = [t.s.rows[last], t.s.rows[pRow]];

    // In the register: the untouched unit gets a new follower, `leaves` is gone.
    const idx = (u: string) => sample.rows.findIndex((r) => String(r[keyCol]) === u);
    const rows = sample.rows.map((r) => [...r]);
    rows[idx(untouched)][followerCol] = '周婷';
    setRegister(
      fake,
      sample.headers,
      rows.filter((r) => String(r[keyCol]) !== leaves),
    );
    const r2 = await generateProgress(host, week);

    t = table(fake, '按揭进度表');
    expect(read(t, rowOf(t, p), '跟进人')).toBe('王丽');
    expect(read(t, rowOf(t, p), '备注')).toBe('等银行面签');
    const [c1, c2] = rowsOf(t, combined);
    expect([read(t, c1, '备注'), read(t, c2, '备注')]).toEqual(['商贷：缺银行流水', '公积金：待中心审批']);
    expect(read(t, rowOf(t, untouched), '跟进人')).toBe('周婷'); // Anjie wrote the old one: the register's new one replaces it
    expect(rowsOf(t, leaves)).toEqual([]);
    const notice = r2.notices[0];
    expect(notice.zh).toContain('已保留上次填写的 4 项内容（跟进人、备注），仍在房号与贷款类型相同的行');
    expect(notice.zh).toContain('有 1 行填写的内容在新表中找不到对应的行（新表已没有这一房号与贷款类型）');
    expect(notice.zh).toContain(`${leaves} `);
    expect(notice.zh).toContain('备注 客户要求退房');
    expect(notice.zh).not.toContain('与本次生成的值不同');

    // The register now names another follower for p: the typed one stays, and the person is told.
    const rows3 = rows.filter((r) => String(r[keyCol]) !== leaves);
    rows3.find((r) => String(r[keyCol]) === p)![followerCol] = '孙悦'; // no sample follower has this name
    setRegister(fake, sample.headers, rows3);
    const r3 = await generateProgress(host, week);
    t = table(fake, '按揭进度表');
    expect(read(t, rowOf(t, p), '跟进人')).toBe('王丽');
    expect(r3.notices[0].zh).toContain(`有 1 项填写的内容与本次生成的值不同，保留了填写的内容：${p} 商业贷款 跟进人`);
    expect(r3.notices[0].zh).toContain('跟进人“王丽”（新生成为“孙悦”）');
    expect(r3.notices[0].en).toContain('Follower "王丽" (generated: "孙悦")');
  });

  it('regenerates a 10,000-unit progress sheet in at most 3 syncs: the old sheet is read alongside the blocks', async () => {
    const sample = sampleRegister({ units: 10_000, asOf: '2026-11-23' });
    const { fake, host } = workbook(sample.headers, sample.rows);
    const { units, data } = await loadRegister(host, {}, '2026-11-23');
    // With the date system and sheet names the register read found, as generateProgress has them when it reads the register itself.
    const week = { week: '2026-W47', lang: 'zh' as const, units, date1904: data.date1904, sheets: data.location.workbookSheets };
    const first = await generateProgress(host, week);
    let t = table(fake, '按揭进度表');
    const far = t.rows[t.rows.length - 3];
    const unit = String(read(t, far, '房号'));
    const also: [string, string] = ['贷款类型', String(read(t, far, '贷款类型'))];
    const nth = rowsOf(t, unit, also).indexOf(far);
    type(t, far, '备注', '末尾一行的备注');
    fake.resetStats();
    const again = await generateProgress(host, week);
    expect(again.report.blocks).toBeGreaterThan(1);
    expect(again.report.syncs).toBe(first.report.syncs);
    expect(again.report.syncs).toBeLessThanOrEqual(3);
    expect(fake.stats.syncs).toBe(again.report.syncs);
    expect(fake.maxRequestBytes).toBeLessThan(PAYLOAD_LIMIT_BYTES);
    t = table(fake, '按揭进度表');
    expect(read(t, rowsOf(t, unit, also)[nth], '备注')).toBe('末尾一行的备注');
    // The record of what Anjie wrote stays small: a fingerprint per generated 跟进人/备注.
    expect(String(fake.state.settings.get(`${INPUTS_SETTING}.按揭进度表`)).length).toBeLessThan(again.lines * 2 * 13);
  });
});

describe('按揭进度表: a long 备注 typed on the sheet shows whole after regenerating', () => {
  /** The 60-unit sample register with every 备注 blank, in a workbook, and the week its progress sheet is for. */
  function withoutRemarks() {
    const sample = sampleRegister({ units: 60, asOf: '2026-11-23' });
    const [keyCol, remarkCol] = [sample.headers.indexOf('房号编码'), sample.headers.indexOf('备注')];
    expect(remarkCol).toBeGreaterThanOrEqual(0);
    const rows = sample.rows.map((r) => [...r]);
    for (const r of rows) r[remarkCol] = null;
    return { sample, keyCol, remarkCol, rows, ...workbook(sample.headers, rows), week: { week: '2026-W47', lang: 'zh' as const } };
  }

  const LONG = '客户资料已齐，银行要求补充近六个月工资流水及完税证明，已电话通知客户本周五前送达，经理已知悉并同意延期审批';

  it('gives its row the height the sheet gives that text when it comes from the register, neighbouring rows in one write', async () => {
    const { sample, keyCol, remarkCol, rows, fake, host, week } = withoutRemarks();
    await generateProgress(host, week);
    let t = table(fake, '按揭进度表');
    // Two neighbouring rows of single-loan units, and a third unit whose 备注 comes from the register.
    const single = t.rows.filter((r) => rowsOf(t, String(read(t, r, '房号'))).length === 1);
    const k = single.findIndex((r, i) => single[i + 1] === r + 1);
    expect(k).toBeGreaterThanOrEqual(0);
    const [b, c] = [String(read(t, single[k], '房号')), String(read(t, single[k + 1], '房号'))];
    const a = String(read(t, single.find((r) => r < single[k] - 1 || r > single[k + 1] + 1)!, '房号'));
    rows.find((r) => String(r[keyCol]) === a)![remarkCol] = LONG;
    setRegister(fake, sample.headers, rows);
    await generateProgress(host, week);
    t = table(fake, '按揭进度表');
    // The height the sheet gives that 备注 when Anjie writes it: more than one line.
    const generated = t.s.rowHeights.get(rowOf(t, a));
    expect(generated).toBeGreaterThan(16);

    fake.resetStats();
    await generateProgress(host, week);
    const heightWritesBefore = fake.stats.writes['format.rowHeight'];
    t = table(fake, '按揭进度表');
    type(t, rowOf(t, b), '备注', LONG);
    type(t, rowOf(t, c), '备注', LONG);
    fake.resetStats();
    await generateProgress(host, week);
    t = table(fake, '按揭进度表');
    expect(read(t, rowOf(t, b), '备注')).toBe(LONG);
    expect([rowOf(t, a), rowOf(t, b), rowOf(t, c)].map((r) => t.s.rowHeights.get(r))).toEqual([generated, generated, generated]);
    // The two neighbouring rows cost one write more than regenerating without them.
    expect(fake.stats.writes['format.rowHeight']).toBe(heightWritesBefore + 1);
  });

  it('gives a row whose long generated 备注 was typed over with a shorter one the height of the shorter text, not the old tall one', async () => {
    const MEDIUM = '银行要求补充近六个月工资流水，已电话通知客户';
    const { sample, keyCol, remarkCol, rows, fake, host, week } = withoutRemarks();
    await generateProgress(host, week);
    let t = table(fake, '按揭进度表');
    const [a, b, m, plain] = t.rows.filter((r) => rowsOf(t, String(read(t, r, '房号'))).length === 1).map((r) => String(read(t, r, '房号')));
    // a and b come with a long 备注 from the register; m with a two-line one, as Anjie writes it.
    for (const [unit, remark] of [[a, LONG], [b, LONG], [m, MEDIUM]]) rows.find((r) => String(r[keyCol]) === unit)![remarkCol] = remark;
    setRegister(fake, sample.headers, rows);
    await generateProgress(host, week);
    t = table(fake, '按揭进度表');
    const heightOf = (unit: string) => t.s.rowHeights.get(rowOf(t, unit));
    const [tall, medium, oneLine] = [heightOf(a), heightOf(m), heightOf(plain)];
    expect(tall).toBeGreaterThan(medium!);
    expect(medium).toBeGreaterThan(16);

    // The desk types shorter notes over the long ones: one line on a, two on b.
    type(t, rowOf(t, a), '备注', '已通知');
    type(t, rowOf(t, b), '备注', MEDIUM);
    await generateProgress(host, week);
    t = table(fake, '按揭进度表');
    expect([read(t, rowOf(t, a), '备注'), read(t, rowOf(t, b), '备注')]).toEqual(['已通知', MEDIUM]);
    expect([heightOf(a), heightOf(b)]).toEqual([oneLine, medium]);
  });
});

describe('按揭进度表: the two loans of a 组合贷款 keep their own entries', () => {
  it('after the person sorts the sheet so the 公积金 row comes first, also when both loans are of the same amount', async () => {
    const sample = sampleRegister({ units: 60, asOf: '2026-11-23' });
    const keyCol = sample.headers.indexOf('房号编码');
    const { fake, host } = workbook(sample.headers, sample.rows);
    const week = { week: '2026-W47', lang: 'zh' as const };
    await generateProgress(host, week);
    let t = table(fake, '按揭进度表');
    const combined = [...new Set(t.rows.map((r) => String(read(t, r, '房号'))))].filter((u) => rowsOf(t, u).length === 2);
    expect(combined.length).toBeGreaterThanOrEqual(2);
    const [u1, u2] = combined;
    // Each row says which loan it is.
    expect(rowsOf(t, u1).map((r) => read(t, r, '贷款类型'))).toEqual(['组合贷款（商贷）', '组合贷款（公积金）']);
    const commercial: [string, string] = ['贷款类型', '组合贷款（商贷）'];
    const provident: [string, string] = ['贷款类型', '组合贷款（公积金）'];
    type(t, rowOf(t, u1, commercial), '备注', '商贷：缺银行流水');
    type(t, rowOf(t, u1, commercial), '跟进人', '王丽');
    type(t, rowOf(t, u1, provident), '备注', '公积金：待中心审批');
    type(t, rowOf(t, u1, provident), '跟进人', '赵敏');
    type(t, rowOf(t, u2, commercial), '备注', 'u2 商贷');
    type(t, rowOf(t, u2, provident), '备注', 'u2 公积金');

    // Sorted: each unit's 公积金 row now above its 商贷 row.
    for (const u of [u1, u2]) {
      const [a, b] = rowsOf(t, u);
      [t.s.rows[a], t.s.rows[b]] = [t.s.rows[b], t.s.rows[a]];
    }
    t = table(fake, '按揭进度表');
    expect(read(t, rowsOf(t, u1)[0], '贷款类型')).toBe('组合贷款（公积金）');

    // And u2's two loans are made the same amount in the register: still told apart.
    const rows = sample.rows.map((r) => [...r]);
    const r2 = rows.find((r) => String(r[keyCol]) === u2)!;
    const [cCol, pCol] = [sample.headers.indexOf('商贷金额'), sample.headers.indexOf('公积金金额')];
    expect(Math.min(cCol, pCol)).toBeGreaterThanOrEqual(0);
    r2[pCol] = r2[cCol];
    setRegister(fake, sample.headers, rows);
    const again = await generateProgress(host, week);

    t = table(fake, '按揭进度表');
    expect(read(t, rowOf(t, u1, commercial), '备注')).toBe('商贷：缺银行流水');
    expect(read(t, rowOf(t, u1, commercial), '跟进人')).toBe('王丽');
    expect(read(t, rowOf(t, u1, provident), '备注')).toBe('公积金：待中心审批');
    expect(read(t, rowOf(t, u1, provident), '跟进人')).toBe('赵敏');
    expect(read(t, rowOf(t, u2, provident), '备注')).toBe('u2 公积金');
    expect(read(t, rowOf(t, u2, commercial), '备注')).toBe('u2 商贷');
    expect(again.notices[0].zh).toContain('已保留上次填写的 6 项内容');
    expect(again.notices[0].zh).not.toContain('找不到');
  });

  it('pairs a sheet written before (both rows 组合贷款) on the amount, and only rows alike in everything in order', () => {
    const d = sheetDescription('progress');
    expect(d.rowKey).toEqual(['unitKey']);
    expect(d.rowTieBreak).toEqual(['loanType', 'loanAmount']);
    const headers = d.columns.map((c) => c.header.zh);
    const col = (k: string) => d.columns.findIndex((c) => c.key === k);
    const line = (loanType: string, amount: number, remark: string | null) => {
      const row: (string | number | null)[] = headers.map(() => null);
      row[col('seq')] = 1;
      row[col('unitKey')] = '1-1-201';
      row[col('loanType')] = loanType;
      row[col('loanAmount')] = amount;
      row[col('remarks')] = remark;
      return row;
    };
    const layout = (rows: (string | number | null)[][]) => ({ ...bare('按揭进度表'), values: [headers, ...rows] });
    const grid = (rows: (string | number | null)[][]) => [headers, ...rows].map((r) => r.map((v) => v ?? ''));
    // Written by an older version and sorted: 公积金 first, both rows 组合贷款.
    const legacy = planCarry(
      d,
      layout([line('组合贷款（商贷）', 800000, null), line('组合贷款（公积金）', 600000, null)]),
      grid([line('组合贷款', 600000, '公积金备注'), line('组合贷款', 800000, '商贷备注')]),
      null,
    );
    expect(legacy.cells).toEqual([
      { row: 2, col: col('remarks'), value: '公积金备注' },
      { row: 1, col: col('remarks'), value: '商贷备注' },
    ]);
    // The same loan twice (a unit entered twice in the register): in order.
    const twins = planCarry(d, layout([line('商业贷款', 1, null), line('商业贷款', 1, null)]), grid([line('商业贷款', 1, 'A'), line('商业贷款', 1, 'B')]), null);
    expect(twins.cells).toEqual([
      { row: 1, col: col('remarks'), value: 'A' },
      { row: 2, col: col('remarks'), value: 'B' },
    ]);
  });
});

function bare(name: string) {
  return {
    name,
    values: [] as (string | number | null)[][],
    numberFormats: [],
    styles: [],
    columnWidths: [],
    merges: [],
    freeze: { rows: 0, cols: 0 },
    table: null,
    validations: [],
    conditionalFormats: [],
    unlocked: [],
    protect: false,
    print: { orientation: 'landscape' as const, paperSize: 'A4' as const, fitToWidth: true, repeatRows: null },
    notes: [],
  };
}

describe('carrying typed values, without Excel', () => {
  it('the three sheets say what identifies a row; an identity must be a computed column', () => {
    expect(sheetDescription('fee-ledger').rowKey).toEqual(['unitKey', 'fee', 'project']);
    expect(sheetDescription('fee-ledger').formerRowKeys).toEqual([['unitKey', 'fee']]);
    expect(sheetDescription('fee-balances').rowKey).toEqual(['unitKey', 'project']);
    expect(sheetDescription('progress').rowKey).toEqual(['unitKey']);
    const d = sheetDescription('fee-balances');
    const r = parseSheetDescription({ ...d, rowKey: ['unitKey', 'remarks', 'nope'] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual(['rowKey.1: "remarks" is an input column; a row\'s identity must be computed', 'rowKey.2: no column "nope"']);
    const tie = parseSheetDescription({ ...d, rowTieBreak: ['remarks'] });
    expect(tie.ok).toBe(false);
    if (!tie.ok) expect(tie.problems).toEqual(['rowTieBreak.0: "remarks" is an input column; a row\'s identity must be computed']);
  });

  it('takes every non-empty input as typed on a sheet without a record (an older version wrote it), and says where it differs', () => {
    const d = sheetDescription('fee-balances');
    const layout = (remark: string | null) => ({
      ...bare('少收名单'),
      values: [
        ['序号', '房号', '买受人', '联系电话', '明细', '应收合计', '已收合计', '差额', '通知日期', '备注'],
        [1, '1-1-201', '张三', null, null, null, null, null, null, remark],
      ],
    });
    const old = layout('已通知').values.map((r) => r.map((v) => v ?? ''));
    const legacy = planCarry(d, layout('台账备注'), old, null);
    expect(legacy.cells).toEqual([{ row: 1, col: 9, value: '已通知' }]);
    expect(legacy.report?.overriding).toEqual([{ row: ['1-1-201'], column: { zh: '备注', en: 'Remarks' }, typed: '已通知', generated: '台账备注' }]);
    // With the record of a generation that wrote 已通知 itself, it is not the person's: the new value stands.
    const wrote = planCarry(d, layout('已通知'), null, null).record;
    const recorded = planCarry(d, layout('台账备注'), old, new Set(wrote.slice(2).split(',')));
    expect(recorded.cells).toEqual([]);
    expect(recorded.report).toMatchObject({ kept: 0, unplaced: [], overriding: [] });
  });
});
