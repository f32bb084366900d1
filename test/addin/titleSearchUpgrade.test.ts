import { describe, expect, it } from 'vitest';
import type { FakeSheet } from '../../addin/host/fake/fakeExcel';
import { writeNewSheets } from '../../addin/excel/writeLayout';
import { loadRegister } from '../../addin/services/actions';
import { createTitleSearch, validateTitleSearch } from '../../addin/services/titleSearch';
import { signInExcel } from '../../addin/signoff/service';
import { sheetDescription } from '../../addin/services/templates';
import { readTitleSearchSheet, titleSearchSheet } from '../../domain/titleSearch';
import { registerWorkbook, twoProjects } from './twoProjects';

/**
 * A 查册表 the add-in created before the sheet had 12 rows for 权利限制 has 5, and, protected,
 * cannot gain a row: a sixth encumbrance had nowhere to go. 生成/更新 rewrites such a sheet in the
 * current layout from what is on it, every filled value kept, protected as before.
 */
const SCOPE = { kind: 'stage' as const, stage: 'docsComplete' as const };

const grid = (s: FakeSheet) => s.rows.map((r) => (r ?? []).map((c) => c?.v ?? ''));
const rowOf = (s: FakeSheet, label: string) => s.rows.findIndex((r) => r?.[0]?.v === label);
/** Rows under the table header whose 类型 cell a person can type into on the protected sheet. */
const typeRows = (s: FakeSheet) => {
  const rows: number[] = [];
  for (let r = rowOf(s, '序号') + 1; r < rowOf(s, '结论：'); r++) if (s.cell(r, 1)?.unlocked) rows.push(r);
  return rows;
};
/** Types into an unlocked cell, as a person can on the protected sheet (and fails on a locked one). */
function type(s: FakeSheet, row: number, col: number, v: string | number) {
  const cell = s.ensure(row, col);
  expect(cell.unlocked, `${s.name} row ${row + 1} col ${col + 1} is an input`).toBe(true);
  cell.v = v;
}

async function oldSheetWorkbook() {
  const t = twoProjects(3);
  const { fake, host } = registerWorkbook(t.headers, t.first);
  const reg = await loadRegister(host, {}, '2026-11-23');
  const unit = reg.units[0];
  // As the add-in wrote it before: 5 rows for 权利限制.
  await writeNewSheets(host, [titleSearchSheet(unit, null, sheetDescription('title-search'), { lang: 'zh', blankRows: 5, sheetName: unit.unitKey })]);
  const s = fake.sheet(unit.unitKey);
  expect(typeRows(s)).toHaveLength(5);
  expect(s.protection.protected).toBe(true);
  return { fake, host, unit, s };
}

describe('查册表 of the old 5-row layout', () => {
  it('is rewritten by 生成/更新 with 12 rows for 权利限制, every filled value kept, protected; 8 encumbrances then fit', async () => {
    const { fake, host, unit, s } = await oldSheetWorkbook();
    const five: [string, string, number | string, string, number][] = [
      ['预告登记', '中国工商银行股份有限公司广州天河支行', 700000, 'YG-1', 46300],
      ['抵押', '中国工商银行股份有限公司广州天河支行', '70万', 'DY-1', 46301],
      ['查封', '天河区人民法院', '', '(2026)粤0106执1号', 46320],
      ['查封', '越秀区人民法院', '', '(2026)粤0104执2号', 46330],
      ['异议', '赵六', '', 'YY-1', 46335],
    ];
    const header = rowOf(s, '序号');
    five.forEach((values, i) => values.forEach((v, k) => type(s, header + 1 + i, k + 1, v)));
    type(s, rowOf(s, '不动产单元号/证书号：'), 1, '440106001001GB00001F00010001');
    type(s, rowOf(s, '查册日期：'), 1, 46340);
    type(s, rowOf(s, '结论：'), 1, '异常');
    type(s, rowOf(s, '查册人：'), 1, '陈晓');
    type(s, rowOf(s, '复核人：'), 1, '林静');
    type(s, rowOf(s, '说明：'), 1, '两院查封，已报经理');
    const sign = s.rows.findIndex((r) => r?.[0]?.v === '制表：');
    type(s, sign, 1, '陈晓');
    type(s, sign, 3, '王经理');
    type(s, sign, 5, 46341);
    const description = sheetDescription('title-search');
    const before = readTitleSearchSheet(unit.unitKey, grid(s), description)!;
    expect(before.encumbrances).toHaveLength(5);

    // and a copy of it kept for an earlier search, as old
    const copy = fake.state.addSheet(`${unit.unitKey} (2)`);
    copy.rows = s.rows.map((row) => row?.map((c) => c && { ...c }));

    const r = await createTitleSearch(host, { scope: SCOPE, lang: 'zh' });
    expect(r.kept).toContain(unit.unitKey);
    expect(r.notices.map((n) => n.zh).join('\n')).toContain(`权利限制行数不够的旧版查册表已按现行格式重写（所填内容不变）：${unit.unitKey}、${unit.unitKey} (2)`);
    expect(typeRows(fake.sheet(`${unit.unitKey} (2)`)).length).toBeGreaterThanOrEqual(12);
    const up = fake.sheet(unit.unitKey);
    expect(up.protection.protected).toBe(true);
    expect(typeRows(up).length).toBeGreaterThanOrEqual(12);
    // Every value read back as before (rows aside: the table starts where it did), and the signature block as typed.
    const after = readTitleSearchSheet(unit.unitKey, grid(up), description)!;
    const strip = (rec: typeof before) => ({ ...rec, encumbrances: rec.encumbrances.map(({ row: _row, ...e }) => e), cells: undefined });
    expect(strip(after)).toEqual(strip(before));
    expect(after.encumbrances.map((e) => [e.type, e.holder, e.amount?.toFixed(2) ?? null, e.registrationNo, e.date])).toEqual([
      ['预告登记', '中国工商银行股份有限公司广州天河支行', '700000.00', 'YG-1', '2026-10-05'],
      ['抵押', '中国工商银行股份有限公司广州天河支行', '700000.00', 'DY-1', '2026-10-06'],
      ['查封', '天河区人民法院', null, '(2026)粤0106执1号', '2026-10-25'],
      ['查封', '越秀区人民法院', null, '(2026)粤0104执2号', '2026-11-04'],
      ['异议', '赵六', null, 'YY-1', '2026-11-09'],
    ]);
    // 金额 as typed: the number a number, the certificate's 70万 its text (not ¥700,000.00)
    expect([0, 1].map((i) => up.cell(rowOf(up, '序号') + 1 + i, 3)?.v)).toEqual([700000, '70万']);
    const sign2 = up.rows.findIndex((row) => row?.[0]?.v === '制表：');
    expect([up.cell(sign2, 1)?.v, up.cell(sign2, 3)?.v, up.cell(sign2, 5)?.v]).toEqual(['陈晓', '王经理', 46341]);

    // The 6th, 7th and 8th encumbrances now go in.
    const rows = typeRows(up);
    [['查封', '海珠区人民法院'], ['轮候查封', '广州市中级人民法院'], ['限制/冻结', '广州市税务局']].forEach(([t, h], i) => {
      type(up, rows[5 + i], 1, t);
      type(up, rows[5 + i], 2, h);
    });
    expect(readTitleSearchSheet(unit.unitKey, grid(up), description)!.encumbrances.map((e) => e.type)).toEqual(['预告登记', '抵押', '查封', '查封', '异议', '查封', '轮候查封', '限制/冻结']);
    const v = await validateTitleSearch(host, 'zh');
    // Nothing unread or missing (the sample unit's loan is another lender's and amount: those two warnings are the data's).
    expect(v.issues.filter((i) => i.location.sheet === unit.unitKey).map((i) => i.code)).toEqual(['TS_MORTGAGEE', 'TS_MORTGAGE_AMOUNT']);

    // Created again, the sheet is current: not rewritten, nothing said.
    const again = await createTitleSearch(host, { scope: SCOPE, lang: 'zh' });
    expect(again.notices.map((n) => n.zh).join('\n')).not.toContain('旧版查册表');
    expect(readTitleSearchSheet(unit.unitKey, grid(fake.sheet(unit.unitKey)), description)!.encumbrances).toHaveLength(8);
  });

  it('a signed one is left as signed unless 覆盖已签核 is ticked, and the pane says so', async () => {
    const { fake, host, unit, s } = await oldSheetWorkbook();
    type(s, rowOf(s, '结论：'), 1, '正常');
    await signInExcel(host, { name: '王经理', role: '制表', sheets: [unit.unitKey], now: '2026-11-23T10:00:00' });
    const r = await createTitleSearch(host, { scope: SCOPE, lang: 'zh' });
    expect(r.notices.map((n) => n.zh).join('\n')).toContain(`以下旧版查册表已签核，未重写，权利限制仍只有 5 行；如需更多行，请勾选“覆盖已签核”后再生成：${unit.unitKey}`);
    expect(typeRows(fake.sheet(unit.unitKey))).toHaveLength(5);
    // the pane offers 覆盖已签核 for it (shown otherwise only after a refusal)
    expect(r.signedOld).toEqual([unit.unitKey]);
    const forced = await createTitleSearch(host, { scope: SCOPE, lang: 'zh', overwriteSigned: true });
    expect(forced.notices.map((n) => n.zh).join('\n')).toContain(`已按现行格式重写（所填内容不变）：${unit.unitKey}`);
    expect(forced.signedOld).toEqual([]);
    expect(typeRows(fake.sheet(unit.unitKey)).length).toBeGreaterThanOrEqual(12);
    expect(readTitleSearchSheet(unit.unitKey, grid(fake.sheet(unit.unitKey)), sheetDescription('title-search'))!.conclusion).toBe('正常');
    // the name signing put in its block attested to the content replaced: it is not carried onto the new sheet
    const up = fake.sheet(unit.unitKey);
    expect(up.cell(up.rows.findIndex((r) => r?.[0]?.v === '制表：'), 1)?.v ?? '').toBe('');
  });
});

describe('校验查册表 over a 查册表 of the old 5-row layout', () => {
  /** The unit's sheet of the old layout, filled in: a provident-fund mortgage as the register has it, a 查封, and 正常. */
  async function filledOldSheet() {
    const w = await oldSheetWorkbook();
    const { s, unit } = w;
    const header = rowOf(s, '序号');
    // unit 1-1-201 of the sample: a provident-fund loan of ¥1,480,640.00, so 住房公积金管理中心 and that amount are right
    expect([unit.unitKey, unit.loanType, unit.providentLoan?.toFixed(2)]).toEqual(['1-1-201', 'providentFund', '1480640.00']);
    [['抵押', '广州住房公积金管理中心', 1480640, 'DY-1', 46301], ['查封', '天河区人民法院', '', '(2026)粤0106执1号', 46320]].forEach((values, i) =>
      values.forEach((v, k) => type(s, header + 1 + i, k + 1, v)),
    );
    type(s, rowOf(s, '查册日期：'), 1, 46340);
    type(s, rowOf(s, '结论：'), 1, '正常');
    type(s, rowOf(s, '查册人：'), 1, '陈晓');
    type(s, rowOf(s, '复核人：'), 1, '林静');
    return w;
  }

  it('checks the old sheet as any other and says it is of the old layout and that 创建查册表 rewrites it', async () => {
    const { fake, host, unit, s } = await filledOldSheet();
    // A second unit's sheet, of the current layout: not named.
    const reg = await loadRegister(host, {}, '2026-11-23');
    const other = reg.units[1];
    await writeNewSheets(host, [titleSearchSheet(other, null, sheetDescription('title-search'), { lang: 'zh', sheetName: other.unitKey })]);
    const conclusion = rowOf(s, '结论：') + 1; // 1-based: row 17 on the old sheet (row 24 on a current one)
    expect(conclusion).toBe(17);

    fake.resetStats();
    const v = await validateTitleSearch(host, 'zh');
    // Only the real problem, at its cell on the old sheet: 正常 with a 查封 listed. Nothing of the short table.
    expect(v.issues.filter((i) => i.location.sheet === unit.unitKey).map((i) => [i.code, `${i.location.column}${i.location.row}`])).toEqual([['TS_NORMAL_WITH_SEIZURE', `B${conclusion}`]]);
    expect(v.issues.some((i) => i.location.sheet === other.unitKey)).toBe(false);
    // Told, in Chinese and in English, which sheet is old and what to press.
    expect(v.notices).toHaveLength(1);
    expect(v.notices[0].zh).toBe(
      `以下查册表是旧版格式，权利限制不足 12 行（工作表受保护，不能加行）：${unit.unitKey}。已照常校验。点“创建查册表”（范围包含这些房屋）即按现行格式重写，所填内容和签字栏不变。`,
    );
    expect(v.notices[0].en).toContain(`of the old layout, with fewer than 12 rows for encumbrances (the sheet is protected and cannot gain one): ${unit.unitKey}. They were checked as usual. Press Create title-search sheets`);
    expect(v.notices[0].en).not.toContain(other.unitKey);
    // Validating rewrites nothing: the sheet still has its 5 rows.
    expect(typeRows(fake.sheet(unit.unitKey))).toHaveLength(5);
    const syncs = fake.stats.syncs;

    // With nothing old, nothing is said; the old sheet cost one round trip more (whether it is signed), not one a sheet.
    await createTitleSearch(host, { scope: SCOPE, lang: 'zh' });
    fake.resetStats();
    const after = await validateTitleSearch(host, 'zh');
    expect(after.notices).toEqual([]);
    expect(after.issues.filter((i) => i.location.sheet === unit.unitKey).map((i) => i.code)).toEqual(['TS_NORMAL_WITH_SEIZURE']);
    expect(syncs).toBe(fake.stats.syncs + 1);
  });

  it('says a signed old sheet is left as signed by 创建查册表 unless 覆盖已签核 is ticked', async () => {
    const { host, unit } = await filledOldSheet();
    await signInExcel(host, { name: '王经理', role: '制表', sheets: [unit.unitKey], now: '2026-11-23T10:00:00' });
    const v = await validateTitleSearch(host, 'zh');
    expect(v.notices.map((n) => n.zh)).toEqual([`以下旧版查册表已签核，已照常校验；“创建查册表”不会重写已签核的表，如需更多行，请勾选“覆盖已签核”后再生成（须重新签核）：${unit.unitKey}`]);
    expect(v.issues.filter((i) => i.location.sheet === unit.unitKey).map((i) => i.code)).toEqual(['TS_NORMAL_WITH_SEIZURE']);
    expect(v.signedOld).toEqual([unit.unitKey]);
  });
});
