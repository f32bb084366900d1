import { describe, expect, it } from 'vitest';
import { FakeExcel } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { createRegister, generateProgress, validateRegisterInExcel } from '../../addin/services/actions';
import { computeFees, feeCities, rememberedCity } from '../../addin/services/fees';
import { createTitleSearch, validateTitleSearch } from '../../addin/services/titleSearch';
import { signInExcel } from '../../addin/signoff/service';
import { AddinError, explainError } from '../../addin/excel/errors';

function sampleWorkbook(units = 60) {
  const fake = new FakeExcel();
  const sample = sampleRegister({ units, badRows: true, asOf: '2026-11-23' });
  fake.state.sheets[0].name = '按揭台账';
  fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
  return { fake, host: memoryHost(fake), sample };
}

function text(fake: FakeExcel, sheet: string): string {
  const s = fake.sheet(sheet);
  return s.rows.map((r) => (r ?? []).map((c) => (c ? String(c.v) : '')).join('\t')).join('\n');
}

describe('the pane’s actions on an in-memory workbook', () => {
  it('validates the register and lists the planted problems with their cells', async () => {
    const { host, sample } = sampleWorkbook();
    const r = await validateRegisterInExcel(host, 'zh', {}, '2026-11-23');
    expect(r.register.rows).toBe(60);
    for (const p of sample.planted) expect(r.register.issues.some((i) => i.code === p.code && i.location.row === p.row + 2)).toBe(true);
    expect(r.highlight.highlighted).toBeGreaterThan(0);
  });

  it('reads headers written with full-width brackets or a * for required columns, and skips a table’s 汇总 row, as the CLI does', async () => {
    const fake = new FakeExcel();
    const sample = sampleRegister({ units: 12, asOf: '2026-11-23' });
    const headers = sample.headers.map((h) => (h === '房号' || h === '合同编号' ? `*${h}` : h.replace('(', '（').replace(')', '）')));
    expect(headers).toContain('建筑面积（㎡）');
    const total = sample.headers.map((_, i) => (i === 0 ? '汇总' : ''));
    fake.state.sheets[0].name = '按揭台账';
    fake.seed('按揭台账', { row: 0, col: 0 }, [headers, ...sample.rows, total]);
    const host = memoryHost(fake);
    const clean = await (async () => {
      const f = new FakeExcel();
      f.state.sheets[0].name = '按揭台账';
      f.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
      return validateRegisterInExcel(memoryHost(f), 'zh', {}, '2026-11-23');
    })();
    const r = await validateRegisterInExcel(host, 'zh', {}, '2026-11-23');
    expect(r.register.rows).toBe(12);
    expect(r.register.issues.map((i) => i.code)).toEqual(clean.register.issues.map((i) => i.code));
  });

  it('validates a signed (protected) register: lists the problems, marks nothing it may not change, and says so', async () => {
    const { host, fake } = sampleWorkbook(20);
    const first = await validateRegisterInExcel(host, 'zh', {}, '2026-11-23');
    expect(first.highlight.highlighted).toBeGreaterThan(0);
    const s = fake.sheet('按揭台账');
    const marks = () => {
      const out: string[] = [];
      s.rows.forEach((row, r) => row?.forEach((c, k) => c?.fill && out.push(`${fake.colLetter(k)}${r + 1}`)));
      return out.sort();
    };
    const before = marks();
    const notesBefore = [...s.notes.keys()].sort();
    await signInExcel(host, { name: '王经理', role: '制表', sheets: ['按揭台账'], validationErrors: 99, overrideReason: '测试' });
    expect(s.protection.protected).toBe(true);
    const signed = await validateRegisterInExcel(host, 'zh', {}, '2026-11-23');
    expect(signed.register.issues.length).toBe(first.register.issues.length);
    expect(signed.highlight).toMatchObject({ highlighted: 0, cleared: 0, locked: ['按揭台账'] });
    expect(marks()).toEqual(before);
    expect([...s.notes.keys()].sort()).toEqual(notesBefore);
    // Unprotected again, the next validation clears and marks as usual (its earlier marks were remembered).
    s.protection = { protected: false, password: null };
    const again = await validateRegisterInExcel(host, 'zh', {}, '2026-11-23');
    expect(again.highlight.locked).toEqual([]);
    expect(again.highlight.cleared).toBe(before.length);
    expect(marks()).toEqual(before);
  });

  it('writes the weekly progress sheet for the chosen week, protected, with the project and week in its title', async () => {
    const { host, fake } = sampleWorkbook();
    const r = await generateProgress(host, { week: '2026-W47', lang: 'zh' });
    expect(r.week).toBe('2026-W47');
    expect(r.lines).toBeGreaterThan(0);
    const s = fake.sheet('按揭进度表');
    expect(String(s.cell(0, 0)?.v)).toContain('滨江花园');
    expect(String(s.cell(0, 0)?.v)).toContain('2026-W47');
    expect(s.protection.protected).toBe(true);
    expect(text(fake, '按揭进度表')).toContain('合计');
    await expect(generateProgress(host, { week: '47', lang: 'zh' })).rejects.toThrow(/2026-W48/);
  });

  it('takes a week typed in lower case, and says in plain words when the year has no such week (no register read)', async () => {
    const { host, fake } = sampleWorkbook(10);
    expect((await generateProgress(host, { week: '2026-w47', lang: 'zh' })).week).toBe('2026-W47');
    for (const week of ['2026-W00', '2026-W60', '2025-W53']) {
      fake.resetStats();
      const e = await generateProgress(host, { week, lang: 'zh' }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AddinError);
      expect(explainError(e).zh).toMatch(/年没有第 \d+ 周：周次应在 20\d\d-W01 至 20\d\d-W5[23] 之间/);
      expect(fake.stats.syncs).toBe(0);
    }
    const e = await generateProgress(host, { week: '2026-W54', lang: 'en' }).catch((x: unknown) => x);
    expect(explainError(e).en).toBe('2026 has no week 54: the week should be between 2026-W01 and 2026-W53.');
  });

  it('writes one progress sheet per project, as the CLI does, when the register holds two projects', async () => {
    const fake = new FakeExcel();
    const sample = sampleRegister({ units: 40, asOf: '2026-11-23' });
    const pc = sample.headers.indexOf('项目');
    sample.rows.forEach((r, i) => {
      if (i % 2) r[pc] = '云栖府';
    });
    fake.state.sheets[0].name = '按揭台账';
    fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
    const host = memoryHost(fake);
    const r = await generateProgress(host, { week: '2026-W47', lang: 'zh' });
    expect(r.reports.map((x) => x.sheet)).toEqual(['按揭进度表-云栖府', '按揭进度表-滨江花园']);
    expect(fake.sheetNames()).not.toContain('按揭进度表');
    for (const [project, other] of [
      ['云栖府', '滨江花园'],
      ['滨江花园', '云栖府'],
    ]) {
      const s = fake.sheet(`按揭进度表-${project}`);
      expect(String(s.cell(0, 0)?.v)).toBe(`${project} 按揭进度表（2026-W47）`);
      expect(text(fake, `按揭进度表-${project}`)).not.toContain(other);
    }
  });

  it('creates per-unit title-search sheets for units past a stage and a summary; keeps filled sheets on a second run', async () => {
    const { host, fake } = sampleWorkbook();
    const r = await createTitleSearch(host, { scope: { kind: 'stage', stage: 'mortgageRegistered' }, lang: 'zh' });
    expect(r.units).toBeGreaterThan(0);
    expect(r.created).toHaveLength(r.units);
    for (const name of r.created) expect(fake.sheetNames()).toContain(name);
    expect(fake.sheetNames()).toContain(r.summary);
    const again = await createTitleSearch(host, { scope: { kind: 'stage', stage: 'mortgageRegistered' }, lang: 'zh' });
    expect(again.created).toEqual([]);
    expect(again.kept).toHaveLength(r.units);
    const v = await validateTitleSearch(host, 'zh');
    expect(v.sheets).toBe(r.units);
  });

  it('reads back title-search sheets of units whose keys Excel does not allow as sheet names (201/202)', async () => {
    const { host, fake, sample } = sampleWorkbook();
    const s = fake.sheet('按揭台账');
    const room = sample.headers.indexOf('房号');
    const code = sample.headers.indexOf('房号编码');
    sample.rows.forEach((row, i) => {
      s.ensure(i + 1, code).v = '';
      s.ensure(i + 1, room).v = `${row[room]}/${Number(row[room]) + 1}`;
    });
    const r = await createTitleSearch(host, { scope: { kind: 'stage', stage: 'mortgageRegistered' }, lang: 'zh' });
    expect(r.created.every((name) => !name.includes('/'))).toBe(true);
    const v = await validateTitleSearch(host, 'zh');
    expect(v.sheets).toBe(r.units);
  });

  it('marks a missing title search on the register’s 查册日期 cell however that header is written (*查册日期, 查册 日期, TITLE SEARCH DATE)', async () => {
    for (const header of ['*查册日期', '查册 日期', 'TITLE SEARCH DATE']) {
      const { host, fake, sample } = sampleWorkbook(20);
      const col = sample.headers.indexOf('查册日期');
      fake.sheet('按揭台账').ensure(0, col).v = header;
      const v = await validateTitleSearch(host, 'zh');
      const missing = v.issues.filter((i) => i.code === 'TS_MISSING');
      expect(missing.length).toBeGreaterThan(0);
      for (const i of missing) {
        expect(i.location.column).toBe(fake.colLetter(col));
        // Named as the register heads it, in the location and in what to do.
        expect(i.location.columnHeader).toBe(header);
        expect(i.fix?.zh).toContain(`台账“按揭台账”的“${header}”列`);
        expect(fake.sheet('按揭台账').cell(i.location.row! - 1, col)?.fill).toBe('#FFC7CE');
      }
    }
  });

  it('once 创建查册表 made the unit’s 查册表, a missing search is marked on its 查册日期 cell and the fix names that sheet', async () => {
    const { host, fake, sample } = sampleWorkbook(20);
    const r = await createTitleSearch(host, { scope: { kind: 'stage', stage: 'mortgageRegistered' }, lang: 'zh' });
    const v = await validateTitleSearch(host, 'zh');
    const missing = v.issues.filter((i) => i.code === 'TS_MISSING');
    expect(missing.length).toBeGreaterThan(0);
    const col = sample.headers.indexOf('查册日期');
    for (const i of missing) {
      expect(r.created).toContain(i.location.sheet);
      const s = fake.sheet(i.location.sheet!);
      expect(s.cell(i.location.row! - 1, 0)?.v).toBe('查册日期：');
      expect(i.location.column).toBe('B');
      expect(s.cell(i.location.row! - 1, 1)?.fill).toBe('#FFC7CE');
      expect(i.fix?.zh).toContain(`查册表“${i.location.sheet}”`);
      expect(i.fix?.zh).not.toContain('台账');
    }
    // Not also on the register's 查册日期 column: one mark, where the search is to be entered.
    expect(fake.sheet('按揭台账').rows.some((row) => row?.[col]?.fill === '#FFC7CE')).toBe(false);
  });

  it('validates a completed title-search sheet: 正常 with a 查封 listed is an error on the conclusion cell', async () => {
    const { host, fake } = sampleWorkbook();
    const r = await createTitleSearch(host, { scope: { kind: 'stage', stage: 'mortgageRegistered' }, lang: 'zh' });
    const before = await validateTitleSearch(host, 'zh');
    const missingBefore = before.issues.filter((i) => i.code === 'TS_MISSING').length;
    // A person fills in the first unit's sheet in Excel.
    const name = r.created[0];
    const s = fake.sheet(name);
    const rowOf = (label: string) => s.rows.findIndex((row) => row?.[0]?.v === label);
    const put = (row: number, col: number, v: string | number) => (s.ensure(row, col).v = v);
    put(rowOf('查册日期：'), 1, 46349); // 2026-11-22
    put(rowOf('结论：'), 1, '正常');
    put(rowOf('查册人：'), 1, '陈晓');
    put(rowOf('复核人：'), 1, '林静');
    const header = rowOf('序号');
    put(header + 1, 0, 1);
    put(header + 1, 1, '查封');
    put(header + 1, 2, '某区人民法院');
    put(header + 1, 4, '(2026)查字第1号');
    const after = await validateTitleSearch(host, 'zh');
    const seizure = after.issues.find((i) => i.code === 'TS_NORMAL_WITH_SEIZURE');
    expect(seizure).toMatchObject({ severity: 'error', location: { sheet: name, row: rowOf('结论：') + 1, column: 'B' } });
    expect(s.cell(rowOf('结论：'), 1)?.fill).toBe('#FFC7CE');
    // Validating the register afterwards keeps the title-search highlights (each validation clears only its own).
    await validateRegisterInExcel(host, 'zh', {}, '2026-11-23');
    expect(s.cell(rowOf('结论：'), 1)?.fill).toBe('#FFC7CE');
    expect(after.issues.filter((i) => i.code === 'TS_MISSING').length).toBe(missingBefore - 1);
  });

  it('creates title-search sheets for the rows selected in the register only', async () => {
    const { host, fake } = sampleWorkbook();
    fake.select('按揭台账', { row: 1, col: 0, rows: 3, cols: 1 }); // Excel rows 2–4: the first three units
    const r = await createTitleSearch(host, { scope: { kind: 'selected' }, lang: 'zh' });
    expect(r.units).toBe(3);
    expect(r.created).toEqual(['1-1-201', '1-1-202', '1-1-203']);
  });

  it('says what to change when the choice finds no unit: the header row selected, or a stage none has reached', async () => {
    const { host, fake } = sampleWorkbook();
    fake.select('按揭台账', { row: 0, col: 0, rows: 1, cols: 4 }); // the header row only
    await expect(createTitleSearch(host, { scope: { kind: 'selected' }, lang: 'zh' })).rejects.toMatchObject({
      text: { zh: '选中的行里没有房屋（可能只选了表头或空行），未创建查册表。请在台账工作表“按揭台账”中选中房屋所在的行，然后重试。' },
    });
    await expect(createTitleSearch(host, { scope: { kind: 'stage', stage: 'depositRefunded' }, lang: 'zh' })).rejects.toMatchObject({
      text: { zh: '没有已到“保证金退还”阶段的房屋，未创建查册表。可改选较早的阶段。' },
    });
  });

  it('takes only the visible rows of a filtered register, and every area of a Ctrl-selection', async () => {
    const { host, fake } = sampleWorkbook();
    // A filter hides Excel rows 3 and 4; rows 2–6 are selected, and row 9 with Ctrl.
    fake.sheet('按揭台账').hiddenRows = new Set([2, 3]);
    fake.select('按揭台账', [
      { row: 1, col: 0, rows: 5, cols: 3 },
      { row: 8, col: 2, rows: 1, cols: 1 },
    ]);
    const r = await createTitleSearch(host, { scope: { kind: 'selected' }, lang: 'zh' });
    expect(r.created).toEqual(['1-1-201', '1-1-204', '1-1-301', '1-1-304']); // Excel rows 2, 5, 6 and 9
  });

  it('computes the fee ledger and lists exactly the buyers who underpaid', async () => {
    const fake = new FakeExcel();
    // Units 4, 10, 16 … (0-based 3 + 6k) paid ¥500 too little deed tax; 2, 8, 14 … paid nothing yet.
    const sample = sampleRegister({ units: 30, asOf: '2026-11-23', collectFeesFor: 'beijing' });
    fake.seed('Sheet1', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
    const host = memoryHost(fake);
    expect(feeCities().map((c) => c.id)).toContain('beijing');
    const r = await computeFees(host, { city: 'beijing', lang: 'zh' });
    expect(r.units).toBe(30);
    expect(fake.sheetNames()).toEqual(expect.arrayContaining(['费用台账', '少收名单']));
    const unitKeyCol = sample.headers.indexOf('房号编码');
    const short = sample.rows.filter((_, i) => i % 6 === 3).map((row) => row[unitKeyCol]);
    const unpaid = sample.rows.filter((_, i) => i % 6 === 1).map((row) => row[unitKeyCol]);
    for (const k of short) expect(r.underpaid.find((u) => u.unitKey === k)?.shortfall).toBe('¥500.00');
    // Each names the cell on 少收名单 holding its unit code, for the pane to jump to.
    for (const u of r.underpaid) {
      const m = /^([A-Z]+)(\d+)$/.exec(u.cell ?? '')!;
      expect(fake.sheet('少收名单').cell(Number(m[2]) - 1, m[1].charCodeAt(0) - 65)?.v).toBe(u.unitKey);
    }
    // Nothing collected yet counts as underpaid once the contract is filed (the sample files every contract).
    for (const k of unpaid) expect(r.underpaid.map((u) => u.unitKey)).toContain(k);
    expect(r.underpaid).toHaveLength(short.length + unpaid.length);
    // The pane's heading gives the total owed: the shortfalls added up, to the fen.
    const fen = r.underpaid.reduce((n, u) => n + Number(u.shortfall.replace(/[¥,.]/g, '')), 0);
    expect(r.underpaidTotal).toBe(`¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
    expect(r.overpaid).toBe(0);
  });

  it('writes the 多收名单 beside the 少收名单, as anjie fees does, with the buyers to refund', async () => {
    const fake = new FakeExcel();
    // Collected at Beijing's rates, computed at Guangzhou's (lower maintenance fund): some paid too much.
    const sample = sampleRegister({ units: 40, asOf: '2026-11-23', collectFeesFor: 'beijing' });
    fake.seed('Sheet1', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
    const r = await computeFees(memoryHost(fake), { city: 'guangzhou', lang: 'zh' });
    expect(r.overpaid).toBeGreaterThan(0);
    expect(r.reports.map((x) => x.sheet)).toEqual(['费用台账', '少收名单', '多收名单', '按揭保证金']);
    const over = text(fake, '多收名单');
    expect(over).toContain('多收费用名单（请办理退还）');
    expect(over).toContain(`合计（${r.overpaid}户）`);
    expect(fake.state.activeSheetId).toBe(fake.sheet('少收名单').id);
  });

  it('remembers in the workbook which city its fee ledger was computed for, at no extra round trip', async () => {
    const { host, fake } = sampleWorkbook(12);
    expect(await rememberedCity(host)).toBeNull();
    await computeFees(host, { city: 'beijing', lang: 'zh' });
    const syncs = fake.stats.syncs;
    await computeFees(host, { city: 'guangzhou', lang: 'zh' });
    const again = fake.stats.syncs - syncs;
    expect(await rememberedCity(host)).toBe('guangzhou');
    // The same workbook computed for Beijing again costs no more requests than the Guangzhou run did.
    const before = fake.stats.syncs;
    await computeFees(host, { city: 'beijing', lang: 'zh' });
    expect(fake.stats.syncs - before).toBe(again);
    expect(await rememberedCity(host)).toBe('beijing');
    fake.state.settings.set('anjie.fees.city', 'atlantis'); // a city whose rules are gone
    expect(await rememberedCity(host)).toBeNull();
  });

  it('creates a register in an empty workbook and refuses a second one', async () => {
    const host = memoryHost();
    const r = await createRegister(host, 'zh');
    expect(r.emptyWorkbook).toBe(true);
    // The blank register validates clean: its empty input rows, note line and signature block are not units.
    const v = await validateRegisterInExcel(host, 'zh', {}, '2026-11-23');
    expect(v.register.rows).toBe(0);
    expect(v.register.issues).toEqual([]);
    // One unit typed into the first input row is read and checked.
    const s = host.fake.sheet(r.sheet);
    const header = s.rows.findIndex((row) => row?.[0]?.v === '项目');
    s.ensure(header + 1, 0).v = '滨江花园';
    s.ensure(header + 1, 1).v = '3栋';
    const again = await validateRegisterInExcel(host, 'zh', {}, '2026-11-23');
    expect(again.register.rows).toBe(1);
    expect(again.register.issues.some((i) => i.code === 'REQUIRED' && i.location.row === header + 2 && i.location.column === 'D')).toBe(true);
    await expect(createRegister(host, 'zh')).rejects.toThrow(/already has a register/);
  });

  it("creates the register beside a person's sheet of the same name, never over it", async () => {
    const host = memoryHost();
    const theirs = [
      ['楼栋', '房号', '客户', '电话', '备注'],
      ['3栋', '1501', '张三', '13800138000', '下周签约'],
    ];
    host.fake.seed('按揭台账', { row: 0, col: 0 }, theirs);
    host.fake.seed('按揭台账 (2)', { row: 0, col: 0 }, [['旧表']]);
    const r = await createRegister(host, 'zh');
    expect(r.sheet).toBe('按揭台账 (3)');
    expect(r.replaced).toBe(false);
    expect(r.emptyWorkbook).toBe(false);
    const kept = host.fake.sheet('按揭台账');
    expect(theirs.map((row, i) => row.map((_, j) => kept.cell(i, j)?.v))).toEqual(theirs);
    expect(host.fake.sheet('按揭台账 (2)').cell(0, 0)?.v).toBe('旧表');
    expect(host.fake.sheet('按揭台账 (3)').rows.some((row) => row?.[0]?.v === '项目')).toBe(true);
  });
});
