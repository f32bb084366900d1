import { describe, expect, it } from 'vitest';
import { dateToExcelSerial, excelSerialToDate } from '../../domain/dates';
import { isDateFormat } from '../../domain/signoff/canonical';
import { FakeExcel } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { generateProgress, loadRegister } from '../../addin/services/actions';
import { createTitleSearch } from '../../addin/services/titleSearch';
import { TS_LABELS, readTitleSearchSheet } from '../../domain/titleSearch';
import { sheetDescription } from '../../addin/services/templates';

/**
 * A workbook in the 1904 date system (a Mac workbook, or "Use 1904 date system") gives and takes
 * date serials 1462 less than the 1900 system: the add-in reads and writes the dates the person sees.
 */
const SHIFT = 1462;
const ASOF = '2026-11-23';
const WEEK = { week: '2026-W47', lang: 'zh' as const };

/** The sample register in a workbook of either date system, its date cells holding that system's serials. */
function workbook(date1904: boolean) {
  const sample = sampleRegister({ units: 40, asOf: ASOF });
  const cols = sheetDescription('register').columns;
  const isDate = sample.headers.map((h) => cols.find((c) => c.header.zh === h)?.type === 'date');
  const rows = sample.rows.map((r) => r.map((v, c) => (date1904 && isDate[c] && typeof v === 'number' ? v - SHIFT : v)));
  const fake = new FakeExcel({ date1904 });
  fake.state.sheets[0].name = '按揭台账';
  fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...rows]);
  return { fake, host: memoryHost(fake), sample, isDate };
}

/** Every date cell of a sheet (a number under a date format): "row,col" → serial. */
function dateCells(fake: FakeExcel, sheet: string): Map<string, number> {
  const out = new Map<string, number>();
  fake.sheet(sheet).rows.forEach((row, r) => row?.forEach((cell, c) => cell && typeof cell.v === 'number' && isDateFormat(cell.nf) && out.set(`${r},${c}`, cell.v)));
  return out;
}

describe('the fake Excel: workbook.functions.date', () => {
  it('is DATE in the workbook’s date system, readable only once loaded and synced', async () => {
    for (const [date1904, want] of [
      [false, 1462],
      [true, 0],
    ] as const) {
      const fake = new FakeExcel({ date1904 });
      await fake.run({}, async (ctx) => {
        const r = ctx.workbook.functions.date(1904, 1, 1);
        const later = ctx.workbook.functions.date(2026, 11, 23).load('value');
        expect(() => later.value).toThrow(/not available/);
        r.load('value');
        await ctx.sync();
        expect(r.value).toBe(want);
        expect(later.value).toBe(dateToExcelSerial('2026-11-23', date1904));
      });
    }
    // The 1900 system's phantom 1900-02-29: 1900-03-01 is 61.
    await new FakeExcel().run({}, async (ctx) => {
      const r = ctx.workbook.functions.date(1900, 3, 1).load('value');
      await ctx.sync();
      expect(r.value).toBe(61);
    });
  });
});

describe('a register in a 1904-date-system workbook', () => {
  it('reads the dates the cells show, as the same register in a 1900 workbook', async () => {
    const a = await loadRegister(workbook(false).host, {}, ASOF);
    const b = await loadRegister(workbook(true).host, {}, ASOF);
    expect(b.units.length).toBe(40);
    expect(b.units.map((u) => [u.contractDate, u.stages])).toEqual(a.units.map((u) => [u.contractDate, u.stages]));
    expect(b.issues).toEqual(a.issues);
    expect([a.data.date1904, b.data.date1904]).toEqual([false, true]);
  });

  it('reads a 1900 workbook as before: a date cell is its 1900 serial', async () => {
    const { host, sample } = workbook(false);
    const { units } = await loadRegister(host, {}, ASOF);
    const col = sample.headers.indexOf(sheetDescription('register').columns.find((c) => c.key === 'contractDate')!.header.zh);
    expect(units[0].contractDate).toBe(excelSerialToDate(sample.rows[0][col] as number).date);
  });

  it('writes the progress sheet with the dates a 1900 workbook shows: each serial 1462 less', async () => {
    const old = workbook(false);
    const mac = workbook(true);
    old.fake.resetStats();
    await generateProgress(old.host, WEEK);
    mac.fake.resetStats();
    await generateProgress(mac.host, WEEK);
    // The date system came with the register read: the writes cost what they cost in a 1900 workbook.
    expect(mac.fake.stats.syncs).toBe(old.fake.stats.syncs);
    const want = dateCells(old.fake, '按揭进度表');
    expect(want.size).toBeGreaterThan(20);
    const got = dateCells(mac.fake, '按揭进度表');
    expect([...got]).toEqual([...want].map(([at, serial]) => [at, serial - SHIFT]));
  });

  it('writes the right dates when the caller does not know the date system, finding it with one sync more', async () => {
    const [one, two] = [workbook(true), workbook(true)];
    const { units, data } = await loadRegister(one.host, {}, ASOF);
    one.fake.resetStats();
    // The sheet names as the register read found them (as generateProgress has them when it reads the register itself): the one sync more is the date system's.
    const known = await generateProgress(one.host, { ...WEEK, units, date1904: data.date1904, sheets: data.location.workbookSheets });
    const want = dateCells(one.fake, '按揭进度表');
    two.fake.resetStats();
    const found = await generateProgress(two.host, { ...WEEK, units, sheets: data.location.workbookSheets });
    expect([...want.values()].every((s) => excelSerialToDate(s, true).date.startsWith('2026-'))).toBe(true);
    expect(dateCells(two.fake, '按揭进度表')).toEqual(want);
    expect(found.report.syncs).toBe(known.report.syncs + 1);
    expect(two.fake.stats.syncs).toBe(found.report.syncs);
  });
});

describe('查册表 in a 1904-date-system workbook', () => {
  const SCOPE = { scope: { kind: 'stage' as const, stage: 'docsComplete' as const }, lang: 'zh' as const };

  it('reads a typed search date as the day shown, and writes the summary with the dates a 1900 workbook shows', async () => {
    const old = workbook(false);
    const mac = workbook(true);
    const made = await createTitleSearch(old.host, SCOPE);
    expect((await createTitleSearch(mac.host, SCOPE)).created).toEqual(made.created);
    // The desk types the same search date on a sheet of each: the day it shows is 2026-11-20.
    const sheet = made.created[0];
    for (const [w, date1904] of [
      [old, false],
      [mac, true],
    ] as const) {
      const s = w.fake.sheet(sheet);
      const cell = s.ensure(s.rows.findIndex((r) => r?.[0]?.v === TS_LABELS.searchDate.zh), 1);
      cell.v = dateToExcelSerial('2026-11-20', date1904);
      await createTitleSearch(w.host, SCOPE);
    }
    // As the add-in reads it back (readRecords): the grid Range.values gives, in the workbook's date system.
    const grid = mac.fake.sheet(sheet).rows.map((r) => (r ?? []).map((c) => c?.v ?? ''));
    expect(readTitleSearchSheet(sheet, grid, sheetDescription('title-search'), { date1904: true })?.searchDate).toBe('2026-11-20');
    for (const name of [...made.created, '查册汇总']) {
      const want = dateCells(old.fake, name);
      expect([...dateCells(mac.fake, name)], name).toEqual([...want].map(([at, serial]) => [at, serial - SHIFT]));
    }
    expect([...dateCells(mac.fake, '查册汇总').values()]).toContain(dateToExcelSerial('2026-11-20', true));
  });
});

