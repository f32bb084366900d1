import { describe, expect, it } from 'vitest';
import { dateToExcelSerial } from '../../domain/dates';
import { columnLetter } from '../../domain/issues';
import type { SheetLayout } from '../../domain/sheets/layout';
import { checkRequirements } from '../../addin/excel/requirements';
import { findRegister, readRegister } from '../../addin/excel/registerRead';
import { readSheets, sheetsLabelled } from '../../addin/excel/sheets';
import { writeLayout, writeNewSheets } from '../../addin/excel/writeLayout';
import { highlightIssues } from '../../addin/excel/highlight';
import { selectCell } from '../../addin/excel/select';
import { AddinError, explainError } from '../../addin/excel/errors';
import { FakeExcel, PAYLOAD_LIMIT_BYTES } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { blankRegisterLayout, checkRegister, isRegisterHeader, REGISTER_TABLE_NAME } from '../../addin/services/register';
import { progressLayoutForTest } from './layouts';
import { generateProgress, loadRegister } from '../../addin/services/actions';

function workbookWithRegister(units: number, opts: { sheet?: string; titleRows?: number; badRows?: boolean } = {}) {
  const fake = new FakeExcel();
  const sample = sampleRegister({ units, badRows: opts.badRows });
  const sheet = opts.sheet ?? '台账';
  const top = opts.titleRows ?? 0;
  if (top > 0) fake.seed(sheet, { row: 0, col: 0 }, [['滨江花园 按揭台账（2026年11月）']]);
  fake.seed(sheet, { row: top, col: 1 }, [sample.headers, ...sample.rows]);
  return { fake, host: memoryHost(fake), sample, sheet, top };
}

/** A workbook with one nearly empty sheet 台账, for the highlight tests. */
function blankSheet() {
  const fake = new FakeExcel();
  fake.seed('台账', { row: 0, col: 0 }, [['x']]);
  return { fake, host: memoryHost(fake), s: fake.sheet('台账') };
}

/** An issue pointing at one cell of 台账. */
function cellIssue(cell: string, severity: 'error' | 'warning' = 'error', zh = '校验位不对') {
  return { severity, code: 'ID_CHECKSUM', message: { zh, en: 'bad check digit' }, location: { sheet: '台账', row: Number(cell.slice(1)), column: cell[0] } };
}

describe('the in-memory Excel enforces Office.js rules', () => {
  it('refuses to read a property that was not loaded and synced', async () => {
    const host = memoryHost();
    await host.run({}, async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:B2');
      expect(() => r.values).toThrow(/PropertyNotLoaded|not available/);
      r.load('values');
      expect(() => r.values).toThrow(/not available/); // loaded but not yet synced
      await ctx.sync();
      expect(r.values).toEqual([
        ['', ''],
        ['', ''],
      ]);
    });
  });

  it('refuses a request over 5 MB, as Excel on the web does', async () => {
    const host = memoryHost();
    const big = Array.from({ length: 3000 }, () => Array.from({ length: 100 }, () => '按揭台账按揭台账'));
    await expect(
      host.run({}, async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRangeByIndexes(0, 0, 3000, 100).values = big;
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
    expect(host.fake.maxRequestBytes).toBeGreaterThan(PAYLOAD_LIMIT_BYTES);
  });

  it('makes a null object usable only after checking isNullObject', async () => {
    const host = memoryHost();
    await expect(
      host.run({}, async (ctx) => {
        ctx.workbook.worksheets.getItemOrNullObject('不存在').getRange('A1').values = [['x']];
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidObjectPath' });
  });
});

describe('requirement sets', () => {
  it('says in plain words when Excel is too old, and lists missing optional features', () => {
    expect(() => checkRequirements(memoryHost(new FakeExcel({ excelApi: '1.7' })))).toThrow(AddinError);
    try {
      checkRequirements(memoryHost(new FakeExcel({ excelApi: '1.7' })));
    } catch (e) {
      expect(explainError(e).zh).toContain('Excel 版本过旧');
    }
    expect(checkRequirements(memoryHost(new FakeExcel({ excelApi: '1.8' }))).missingOptional).toEqual(['notes', 'print']);
    expect(checkRequirements(memoryHost(new FakeExcel({ excelApi: '1.18' }))).missingOptional).toEqual([]);
  });
});

describe('finding and reading the register', () => {
  it('finds the register by its header row on any sheet, below title rows, starting in any column', async () => {
    const { host, fake, sample } = workbookWithRegister(20, { sheet: '项目A', titleRows: 2 });
    fake.seed('说明', { row: 0, col: 0 }, [['本工作簿记录滨江花园的按揭进度']]);
    const loc = await findRegister(host, isRegisterHeader);
    expect(loc).toMatchObject({ sheet: '项目A', headerRow: 2, firstCol: 1, lastRow: 2 + 20 });
    expect(loc!.headers).toEqual(sample.headers);
  });

  it('finds nothing in a workbook without a register', async () => {
    const fake = new FakeExcel();
    fake.seed('Sheet1', { row: 0, col: 0 }, [['项目', '金额'], ['a', 1]]);
    expect(await findRegister(memoryHost(fake), isRegisterHeader)).toBeNull();
  });

  it('reads 10,000 rows in blocks with one sync each and never a request over 5 MB', async () => {
    const { host, fake } = workbookWithRegister(10_000);
    const loc = (await findRegister(host, isRegisterHeader))!;
    fake.resetStats();
    const data = await readRegister(host, loc);
    expect(data.rows).toHaveLength(10_000);
    expect(data.firstDataRow).toBe(2);
    // one lookup + a first block of 1,000 rows + blocks of ≤ 200,000 cells (3,773 rows of 53 cells)
    expect(fake.stats.syncs).toBeLessThanOrEqual(1 + 4);
    expect(fake.stats.delayForCellEdit.every(Boolean)).toBe(true);
  });

  it('reads a register of long texts in smaller blocks so no response passes 5 MB', async () => {
    const { host, fake, sample } = workbookWithRegister(12_000);
    const remarks = sample.headers.indexOf('备注');
    const s = fake.sheet('台账');
    for (let r = 1; r <= 12_000; r++) s.ensure(r, remarks + 1).v = '客户要求延期放款，已与银行沟通，等待审批结果后再联系。'.repeat(16); // ~1.3 KB a row
    const loc = (await findRegister(host, isRegisterHeader))!;
    const data = await readRegister(host, loc);
    expect(data.rows).toHaveLength(12_000);
    expect(data.rows[11_999][remarks]).toMatch(/^客户要求延期放款/);
  });
});

describe('reading many small sheets (per-unit title searches)', () => {
  function manySheets(n: number, cell: (k: number) => string) {
    const fake = new FakeExcel();
    const names: string[] = [];
    for (let k = 0; k < n; k++) {
      const name = `1-${Math.floor(k / 100) + 1}-${k}`;
      names.push(name);
      fake.seed(name, { row: 1, col: 0 }, Array.from({ length: 20 }, (_, r) => ['查册日期：', r, cell(k), '', '中国工商银行']));
    }
    return { fake, host: memoryHost(fake), names };
  }

  it('reads 2,400 of them in a few round trips (sized by what a sheet weighs), every grid anchored at A1', async () => {
    const { fake, host, names } = manySheets(2_400, (k) => `备注${k}`);
    fake.resetStats();
    const grids = await readSheets(host, [...names, '没有这个表']);
    expect(grids.size).toBe(2_400);
    expect(grids.get('1-24-2399')?.[1]).toEqual(['查册日期：', 0, '备注2399', '', '中国工商银行']);
    expect(grids.get('1-1-0')?.[0]).toEqual([]);
    expect(fake.stats.syncs).toBeLessThanOrEqual(4);
  });

  it('finds which of 2,400 sheets are 查册表 by their column A in a few round trips, without reading them whole', async () => {
    const { fake, host, names } = manySheets(2_400, (k) => `备注${k}`);
    fake.seed('按揭台账', { row: 0, col: 0 }, [['房号：'], ['查册日期：']]);
    fake.resetStats();
    const found = await sheetsLabelled(host, ['查册日期：'], ['按揭台账']);
    expect(found).toEqual(names);
    expect(await sheetsLabelled(host, ['房号：'], ['按揭台账'])).toEqual([]);
    expect(fake.stats.syncs).toBeLessThanOrEqual(8);
  });

  it('reads heavy sheets no more than a hundred at a time', async () => {
    const { fake, host, names } = manySheets(300, (k) => `${k}：${'银行要求补充收入证明，客户已提交，等待复核。'.repeat(26)}`); // ~35 KB a sheet
    fake.resetStats();
    const grids = await readSheets(host, names);
    expect(grids.size).toBe(300);
    expect(grids.get('1-3-299')?.[20]?.[2]).toMatch(/^299：银行要求/);
    expect(fake.stats.syncs).toBe(4); // the sheet names, then 3 × 100 sheets (~3.5 MB each)
  });
});

describe('validation highlights', () => {
  it('marks exactly the cells with issues, then clears a cell once it is fixed', async () => {
    const { host, fake, sample, sheet } = workbookWithRegister(30, { badRows: true });
    const loc = (await findRegister(host, isRegisterHeader))!;
    const first = checkRegister(await readRegister(host, loc), '2026-11-23');
    const located = first.issues.filter((i) => i.location.row && i.location.column);
    expect(located.length).toBeGreaterThanOrEqual(sample.planted.length);
    const expectedCells = new Set(located.map((i) => `${i.location.column}${i.location.row}`));
    // the planted problems are among them (data row i is Excel row i + 2; data starts in column B)
    const letterOf = (key: string) => columnLetter(2 + sample.headers.indexOf(sheetHeader(key)));
    for (const p of sample.planted) {
      expect(located.some((i) => i.code === p.code && i.location.row === p.row + 2), `${p.code} on row ${p.row + 2}`).toBe(true);
    }
    expect(expectedCells).toContain(`${letterOf('buyer1IdNumber')}4`);

    const report = await highlightIssues(host, first.issues, 'zh');
    expect(report.highlighted).toBe(expectedCells.size);
    const s = fake.sheet(sheet);
    const filled = new Set<string>();
    s.rows.forEach((row, r) => row?.forEach((c, col) => c?.fill && filled.add(`${fake.colLetter(col)}${r + 1}`)));
    expect(filled).toEqual(expectedCells);
    expect(new Set(s.notes.keys())).toEqual(expectedCells);
    const idCell = `${letterOf('buyer1IdNumber')}4`;
    expect(s.notes.get(idCell)).toMatch(/校验/);
    expect(s.cell(3, sample.headers.indexOf(sheetHeader('buyer1IdNumber')) + 1)?.fill).toBe('#FFC7CE');

    // Fix the ID number and validate again: its highlight and note go, the others stay.
    const fixed = sample.rows[2][sample.headers.indexOf(sheetHeader('buyer1IdNumber'))] as string;
    s.ensure(3, sample.headers.indexOf(sheetHeader('buyer1IdNumber')) + 1).v = fixed.slice(0, 17) + checkChar(fixed.slice(0, 17));
    const second = checkRegister(await readRegister(host, loc), '2026-11-23');
    await highlightIssues(host, second.issues, 'zh');
    const after = new Set<string>();
    s.rows.forEach((row, r) => row?.forEach((c, col) => c?.fill && after.add(`${fake.colLetter(col)}${r + 1}`)));
    expect(after.has(idCell)).toBe(false);
    expect(s.notes.has(idCell)).toBe(false);
    expect(after).toEqual(new Set(second.issues.filter((i) => i.location.row).map((i) => `${i.location.column}${i.location.row}`)));
    expect(after.size).toBe(expectedCells.size - 1);
  });

  it('finds its marks again after the rows were sorted or the sheet renamed, and leaves none on a fixed cell', async () => {
    const { host, fake, sample, sheet } = workbookWithRegister(30, { badRows: true });
    const s = fake.sheet(sheet);
    const idCol = sample.headers.indexOf(sheetHeader('buyer1IdNumber')) + 1; // data starts in column B
    const validate = async () => {
      const loc = (await findRegister(host, isRegisterHeader))!;
      const r = checkRegister(await readRegister(host, loc), '2026-11-23');
      await highlightIssues(host, r.issues, 'zh');
      return new Set(r.issues.filter((i) => i.location.row && i.location.column).map((i) => `${i.location.column}${i.location.row}`));
    };
    const marked = () => {
      const out = new Set<string>();
      s.rows.forEach((row, r) => row?.forEach((c, k) => c?.fill && out.add(`${fake.colLetter(k)}${r + 1}`)));
      return out;
    };
    await validate();
    expect(s.cell(3, idCol)?.fill).toBe('#FFC7CE'); // row 4's ID number has a bad check digit
    // Sorted: rows 4 and 20 change places, each with its fills and notes (as Excel moves them).
    const [a, b] = [3, 19];
    [s.rows[a], s.rows[b]] = [s.rows[b], s.rows[a]];
    for (const [key, text] of [...s.notes]) {
      const row = Number(key.replace(/^[A-Z]+/, '')) - 1;
      if (row !== a && row !== b) continue;
      s.notes.delete(key);
      s.notes.set(`${key.replace(/\d+$/, '')}${(row === a ? b : a) + 1}`, text);
    }
    // The bad ID, now on row 20, is corrected; validated again, no mark is left on it.
    const bad = s.cell(b, idCol)!.v as string;
    s.ensure(b, idCol).v = bad.slice(0, 17) + checkChar(bad.slice(0, 17));
    let expected = await validate();
    expect(marked()).toEqual(expected);
    expect(new Set(s.notes.keys())).toEqual(expected);
    // Renamed: the marks are found on the sheet under its new name.
    s.name = '2026年11月台账';
    const renamed = await (async () => {
      const loc = (await findRegister(host, isRegisterHeader))!;
      const r = checkRegister(await readRegister(host, loc), '2026-11-23');
      const fixedRow = r.issues.find((i) => i.location.row && i.location.column)!;
      // every problem fixed but one
      await highlightIssues(host, [fixedRow], 'zh');
      return `${fixedRow.location.column}${fixedRow.location.row}`;
    })();
    expected = new Set([renamed]);
    expect(marked()).toEqual(expected);
    expect(new Set(s.notes.keys())).toEqual(expected);
  });

  it('highlights with fills only on an Excel without notes (ExcelApi 1.8)', async () => {
    const fake = new FakeExcel({ excelApi: '1.8' });
    const sample = sampleRegister({ units: 10, badRows: true });
    fake.seed('台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
    const host = memoryHost(fake);
    const loc = (await findRegister(host, isRegisterHeader))!;
    const { issues } = checkRegister(await readRegister(host, loc), '2026-11-23');
    const r = await highlightIssues(host, issues, 'en');
    expect(r.highlighted).toBeGreaterThan(0);
    expect(fake.sheet('台账').notes.size).toBe(0);
    await expect(fake.run({}, async (ctx) => ctx.workbook.worksheets.getItem('台账').notes)).rejects.toThrow(/1\.18/);
  });

  it("gives highlighted cells the person's own fill back, and leaves a colour the person chose meanwhile", async () => {
    const { host, s } = blankSheet();
    const issue = (cell: string, severity: 'error' | 'warning' = 'error') => ({
      severity,
      code: 'ID_CHECKSUM',
      message: { zh: '校验位不对', en: 'bad check digit' },
      location: { sheet: '台账', row: Number(cell.slice(1)), column: cell[0] },
    });
    const fillOf = (cell: string) => s.cell(Number(cell.slice(1)) - 1, cell.charCodeAt(0) - 65)?.fill;
    s.ensure(1, 10).fill = '#00B050'; // K2: the person's green
    s.ensure(2, 10).fill = '#FFFFFF'; // K3: white, as good as none
    await highlightIssues(host, [issue('K2'), issue('K3', 'warning'), issue('K4'), issue('K5')], 'zh');
    expect(['K2', 'K3', 'K4', 'K5'].map(fillOf)).toEqual(['#FFC7CE', '#FFEB9C', '#FFC7CE', '#FFC7CE']);
    s.ensure(3, 10).fill = '#0070C0'; // K4 re-coloured by the person while highlighted
    // K5 stays a problem: highlighted again, and still goes back to no fill afterwards.
    const second = await highlightIssues(host, [issue('K5')], 'zh');
    expect(['K2', 'K3', 'K4', 'K5'].map(fillOf)).toEqual(['#00B050', undefined, '#0070C0', '#FFC7CE']);
    expect(second.cleared).toBe(3);
    await highlightIssues(host, [], 'zh');
    expect(['K2', 'K3', 'K4', 'K5'].map(fillOf)).toEqual(['#00B050', undefined, '#0070C0', undefined]);
    expect(s.notes.size).toBe(0);
  });

  it("marks a cell that has the person's own note without failing, and gives the note back as it was", async () => {
    const { host, s } = blankSheet();
    const own = '客户说下周补材料';
    s.notes.set('K2', own);
    const report = await highlightIssues(host, [cellIssue('K2'), cellIssue('K3')], 'zh');
    expect(report.highlighted).toBe(2);
    expect(s.notes.get('K2')).toMatch(new RegExp(`^${own}\\n\\n【Anjie·台账校验】校验位不对`));
    expect(s.notes.get('K3')).toBe('【Anjie·台账校验】校验位不对');
    await highlightIssues(host, [], 'zh');
    expect([...s.notes]).toEqual([['K2', own]]);
    expect(s.cell(1, 10)?.fill).toBeUndefined();
  });

  it('keeps a cell marked while another kind of validation still points at it', async () => {
    const { host, s } = blankSheet();
    s.ensure(1, 10).fill = '#00B050'; // K2: the person's green
    await highlightIssues(host, [cellIssue('K2', 'warning')], 'zh', 'register');
    await highlightIssues(host, [cellIssue('K2', 'error', '查册结论与台账不符')], 'zh', 'titleSearch');
    expect(s.cell(1, 10)?.fill).toBe('#FFC7CE');
    expect(s.notes.get('K2')).toBe('【Anjie·台账校验】校验位不对\n\n【Anjie·查册校验】查册结论与台账不符');
    // The title searches are fixed: the register's warning is still there, in its own colour.
    await highlightIssues(host, [], 'zh', 'titleSearch');
    expect(s.cell(1, 10)?.fill).toBe('#FFEB9C');
    expect(s.notes.get('K2')).toBe('【Anjie·台账校验】校验位不对');
    // Then the register: the person's green comes back, and the note goes.
    await highlightIssues(host, [], 'zh', 'register');
    expect(s.cell(1, 10)?.fill).toBe('#00B050');
    expect(s.notes.size).toBe(0);
  });

  it('gives the fill back whichever validation clears a shared cell last', async () => {
    const { host, s } = blankSheet();
    s.ensure(1, 10).fill = '#00B050';
    await highlightIssues(host, [cellIssue('K2')], 'zh', 'titleSearch');
    await highlightIssues(host, [cellIssue('K2', 'warning')], 'zh', 'register');
    expect(s.cell(1, 10)?.fill).toBe('#FFC7CE'); // the error outranks the warning
    await highlightIssues(host, [], 'zh', 'register');
    expect(s.cell(1, 10)?.fill).toBe('#FFC7CE');
    await highlightIssues(host, [], 'zh', 'titleSearch');
    expect(s.cell(1, 10)?.fill).toBe('#00B050');
  });

  it('splits a very large highlight into requests under 5 MB, and clears it all again', async () => {
    const { fake, host } = blankSheet();
    const long = '证件号码校验位不对，请核对身份证原件后改正。'.repeat(15); // ~330 characters, ~1 KB in UTF-8
    const issues = Array.from({ length: 12_000 }, (_, i) => ({
      severity: 'error' as const,
      code: 'ID_CHECKSUM',
      message: { zh: long, en: 'bad' },
      location: { sheet: '台账', row: 2 + (i % 6000), column: i < 6000 ? 'K' : 'L' },
    }));
    const r = await highlightIssues(host, issues, 'zh');
    expect(r.highlighted).toBe(12_000);
    expect(fake.stats.requests.filter((q) => q.bytes > 1024 * 1024).length).toBeGreaterThanOrEqual(3);
    expect(fake.maxRequestBytes).toBeLessThan(PAYLOAD_LIMIT_BYTES);
    expect(fake.sheet('台账').notes.size).toBe(12_000);
    await highlightIssues(host, [], 'zh');
    expect(fake.sheet('台账').notes.size).toBe(0);
    expect(fake.sheet('台账').rows.flat().filter((c) => c?.fill).length).toBe(0);
    expect(fake.maxRequestBytes).toBeLessThan(PAYLOAD_LIMIT_BYTES);
  });

  it('selects the cell of an issue', async () => {
    const { host, fake, sheet } = workbookWithRegister(5);
    fake.seed('其他', { row: 0, col: 0 }, [['x']]);
    await selectCell(host, sheet, 'D7');
    expect(fake.state.selection).toEqual({ sheetId: fake.sheet(sheet).id, box: { row: 6, col: 3, rows: 1, cols: 1 } });
    await expect(selectCell(host, '没有这张表', 'A1')).rejects.toThrow(AddinError);
  });
});

describe('writing a sheet layout', () => {
  it('generates the progress sheet of a 10,000-unit register in at most 3 write syncs, every request under 5 MB', async () => {
    const { host, fake } = workbookWithRegister(10_000);
    const { units, data } = await loadRegister(host, {}, '2026-11-23');
    fake.resetStats();
    // With the date system and sheet names the register read found, as generateProgress has them when it reads the register itself.
    const r = await generateProgress(host, { week: '2026-W47', lang: 'zh', units, date1904: data.date1904, sheets: data.location.workbookSheets });
    expect(r.lines).toBeGreaterThan(1000);
    expect(r.report.syncs).toBeLessThanOrEqual(3);
    expect(fake.stats.syncs).toBe(r.report.syncs);
    expect(fake.maxRequestBytes).toBeLessThan(PAYLOAD_LIMIT_BYTES);
    expect(fake.sheet('按揭进度表').rows.length).toBe(r.report.rows);
  });

  it('writes a 10,000-unit progress sheet in at most 3 syncs, every request under 5 MB', async () => {
    const layout = progressLayoutForTest(10_000);
    const host = memoryHost();
    const report = await writeLayout(host, layout);
    expect(host.fake.stats.syncs).toBeLessThanOrEqual(3);
    expect(report.syncs).toBe(host.fake.stats.syncs);
    expect(host.fake.maxRequestBytes).toBeLessThan(PAYLOAD_LIMIT_BYTES);
    expect(host.fake.stats.delayForCellEdit).toEqual([true]);
    const s = host.fake.sheet(layout.name);
    expectSheetMatchesLayout(s, layout);
    expect(s.protection.protected).toBe(layout.protect);
    expect(s.freeze).toEqual(layout.freeze);
  });

  it('keeps text that Excel would turn into a number, date or formula as the same text', async () => {
    const tricky = ['001', '3-2-15', '=A1+1', '-', '+86 138', 'TRUE', '1/2', '50%', '3栋2单元1501', "'quoted"];
    const layout: SheetLayout = {
      ...progressLayoutForTest(1),
      name: '文本',
      values: [tricky, [1501, { kind: 'money', value: '1234.56' }, { kind: 'date', date: '2026-11-23' }, true, null, null, null, null, null, null]],
      numberFormats: [],
      styles: [],
      merges: [],
      validations: [],
      conditionalFormats: [],
      unlocked: [],
      notes: [],
      protect: false,
      table: null,
    };
    const host = memoryHost();
    await writeLayout(host, layout);
    const s = host.fake.sheet('文本');
    tricky.forEach((t, c) => {
      expect(s.cell(0, c)?.v, t).toBe(t);
      expect(s.cell(0, c)?.f, t).toBeUndefined();
    });
    expect([s.cell(1, 0)?.v, s.cell(1, 1)?.v, s.cell(1, 2)?.v, s.cell(1, 3)?.v]).toEqual([1501, 1234.56, 46349, true]);
  });

  it('replaces the sheet when generated again, keeping its place among the sheets', async () => {
    const host = memoryHost();
    host.fake.seed('其他', { row: 0, col: 0 }, [['x']]);
    await writeLayout(host, progressLayoutForTest(10));
    const names = host.fake.sheetNames();
    await writeLayout(host, progressLayoutForTest(12));
    expect(host.fake.sheetNames()).toEqual(names);
    expectSheetMatchesLayout(host.fake.sheet('按揭进度表'), progressLayoutForTest(12));
  });

  it('leaves the workbook as it was when cancelled part way', async () => {
    const host = memoryHost();
    await writeLayout(host, progressLayoutForTest(10));
    const before = host.fake.sheet('按揭进度表').values({ row: 0, col: 0, rows: 20, cols: 17 });
    const ctl = new AbortController();
    await expect(
      writeLayout(host, progressLayoutForTest(12_000), { signal: ctl.signal, onProgress: () => ctl.abort() }),
    ).rejects.toMatchObject({ kind: 'cancelled' });
    expect(host.fake.sheetNames()).toEqual(['Sheet1', '按揭进度表']);
    expect(host.fake.sheet('按揭进度表').values({ row: 0, col: 0, rows: 20, cols: 17 })).toEqual(before);
  });

  it('cancelled while writing new sheets: the finished ones stay and are named, the one part-written goes', async () => {
    const host = memoryHost();
    const small = { ...progressLayoutForTest(10), name: '1-1-101' };
    const big = { ...progressLayoutForTest(12_000), name: '1-1-102' };
    // Cancelled once part of the big sheet has been sent to Excel (its first request went out).
    const signal = { get aborted() { return host.fake.stats.syncs >= 2; } } as AbortSignal;
    const err = await writeNewSheets(host, [small, big], { signal }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'cancelled' });
    expect((err as AddinError).text.zh).toContain('已写入的 1 个工作表（1-1-101）保留');
    expect(host.fake.sheetNames()).toEqual(['Sheet1', '1-1-101']);
    expectSheetMatchesLayout(host.fake.sheet('1-1-101'), small);
  });

  it('creates a blank register as an Excel table with dropdowns and a frozen header, which is then found', async () => {
    const host = memoryHost();
    const layout = blankRegisterLayout('zh');
    await writeLayout(host, layout, { excelTable: REGISTER_TABLE_NAME, activate: true });
    const s = host.fake.sheet(layout.name);
    expect(host.fake.state.tables.map((t) => t.name)).toEqual([REGISTER_TABLE_NAME]);
    expect(s.validations.length).toBe(layout.validations.length);
    expect(s.validations.find((v) => v.list.includes('商业贷款'))).toBeTruthy();
    expect(s.freeze.rows).toBe(layout.freeze.rows);
    const loc = await findRegister(host, isRegisterHeader);
    expect(loc).toMatchObject({ sheet: layout.name, headerRow: layout.table!.headerRow });
  });
});

function sheetHeader(key: string): string {
  return (
    {
      buyer1IdNumber: '证件号码1',
      room: '房号',
      downPayment: '首付款',
    } as Record<string, string>
  )[key];
}

function checkChar(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = first17.split('').reduce((a, d, i) => a + Number(d) * w[i], 0);
  return '10X98765432'[sum % 11];
}

/** Every layout cell as Excel holds it: numbers, date serials, text (formulas by their text). */
function expectSheetMatchesLayout(s: ReturnType<FakeExcel['sheet']>, layout: SheetLayout): void {
  layout.values.forEach((row, r) =>
    row.forEach((v, c) => {
      const cell = s.cell(r, c);
      let want: unknown;
      if (v === null) want = '';
      else if (typeof v !== 'object') want = v;
      else if (v.kind === 'date') want = dateToExcelSerial(v.date);
      else if (v.kind === 'money') want = Number(v.value);
      else want = undefined;
      if (v && typeof v === 'object' && v.kind === 'formula') expect(cell?.f, `${r},${c}`).toBe(`=${v.formula.replace(/^=/, '')}`);
      else expect(cell?.v ?? '', `${r},${c}`).toEqual(want);
    }),
  );
  const want = new Map<string, string>();
  for (const nf of layout.numberFormats) {
    const { row, col, rows, cols } = nf.range;
    for (let r = row; r < row + rows; r++) for (let c = col; c < col + cols; c++) want.set(`${r},${c}`, nf.format);
  }
  for (const [key, format] of want) {
    const [r, c] = key.split(',').map(Number);
    if (s.cell(r, c)?.nf !== format) expect(s.cell(r, c)?.nf, `format at ${key}`).toBe(format);
  }
}
