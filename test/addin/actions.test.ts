import { describe, expect, it } from 'vitest';
import { FakeExcel } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { createRegister, generateProgress, validateRegisterInExcel } from '../../addin/services/actions';
import { computeFees, feeCities } from '../../addin/services/fees';
import { createTitleSearch, validateTitleSearch } from '../../addin/services/titleSearch';

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

  it('creates title-search sheets for the rows selected in the register only', async () => {
    const { host, fake } = sampleWorkbook();
    fake.select('按揭台账', { row: 1, col: 0, rows: 3, cols: 1 }); // Excel rows 2–4: the first three units
    const r = await createTitleSearch(host, { scope: { kind: 'selected' }, lang: 'zh' });
    expect(r.units).toBe(3);
    expect(r.created).toEqual(['1-1-201', '1-1-202', '1-1-203']);
  });

  it('computes the fee ledger and the underpaid list for a city', async () => {
    const { host, fake } = sampleWorkbook();
    const city = feeCities()[0].id;
    const r = await computeFees(host, { city, lang: 'zh' });
    expect(r.units).toBe(60);
    expect(fake.sheetNames()).toEqual(expect.arrayContaining(['费用台账', '少收名单']));
    // The sample register records no fees collected: every unit with a computable fee owes it.
    expect(r.underpaid.length).toBeGreaterThan(0);
    expect(r.underpaid[0].shortfall).toMatch(/^¥[\d,]+\.\d\d$/);
  });

  it('creates a register in an empty workbook and refuses a second one', async () => {
    const host = memoryHost();
    const r = await createRegister(host, 'zh');
    expect(r.emptyWorkbook).toBe(true);
    await expect(createRegister(host, 'zh')).rejects.toThrow(/already has a register/);
  });
});
