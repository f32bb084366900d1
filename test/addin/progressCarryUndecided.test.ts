import { describe, expect, it } from 'vitest';
import { FakeExcel, type FakeSheet } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { generateProgress } from '../../addin/services/actions';
import { sheetDescription } from '../../addin/services/templates';
import { carryNotice, planCarry } from '../../domain/sheets/carryOver';
import type { SheetLayout } from '../../domain/sheets/layout';
import { progressTable } from './progressTable';

/**
 * A 组合贷款 has two rows on the progress sheet (商贷, 公积金); when a register cell it is placed by
 * cannot be read it is 无法判断, one row below the 合计, and two rows again once the register is
 * corrected. What the desk typed on its rows (跟进人, 备注) goes with it every time: the two rows'
 * entries together on the one row, each labelled by the row it was typed on, and back on each row.
 */
type Row = (string | number | null)[];

interface Table {
  s: FakeSheet;
  col: (header: string) => number;
  rows: number[];
}

function table(fake: FakeExcel): Table {
  const s = fake.sheet('按揭进度表');
  const { col, rows } = progressTable(s);
  return { s, col, rows };
}
const read = (t: Table, row: number, header: string) => t.s.cell(row, t.col(header))?.v ?? '';
const rowsOf = (t: Table, unit: string) => t.rows.filter((r) => read(t, r, '房号') === unit);
/** Types into an input cell, as the desk does: only a cell the protected sheet leaves open. */
function type(t: Table, row: number, header: string, value: string): void {
  const cell = t.s.ensure(row, t.col(header));
  expect(cell.unlocked, `${header} is an input column`).toBe(true);
  cell.v = value;
}

describe('按揭进度表: a 组合贷款 going 无法判断 and back keeps what was typed on its rows', () => {
  it('joins its two rows’ 备注 on its one 无法判断 row, labelled by row, and puts them back on each row when the register is corrected', async () => {
    const sample = sampleRegister({ units: 80, asOf: '2026-11-23' });
    const fake = new FakeExcel();
    fake.state.sheets[0].name = '按揭台账';
    const setRegister = (rows: Row[]) => {
      fake.state.sheets.find((s) => s.name === '按揭台账')!.rows = [];
      fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...rows]);
    };
    setRegister(sample.rows);
    const host = memoryHost(fake);
    const week = { week: '2026-W47', lang: 'zh' as const };
    await generateProgress(host, week);
    let t = table(fake);

    const combined = [...new Set(t.rows.map((r) => String(read(t, r, '房号'))))].filter((u) => rowsOf(t, u).length === 2);
    expect(combined.length).toBeGreaterThanOrEqual(3);
    const [u1, u2, u3] = combined;
    const [c1, p1] = rowsOf(t, u1);
    expect([read(t, c1, '贷款类型'), read(t, p1, '贷款类型')]).toEqual(['组合贷款（商贷）', '组合贷款（公积金）']);
    type(t, c1, '备注', '缺银行流水');
    type(t, p1, '备注', '待中心审批');
    // The same follower typed on both rows (no sample follower has this name).
    type(t, c1, '跟进人', '孙悦');
    type(t, p1, '跟进人', '孙悦');
    // u2: only its 公积金 row has a note; its 商贷 row keeps what Anjie wrote.
    const [c2, p2] = rowsOf(t, u2);
    const generated = { c2: read(t, c2, '备注'), p2Follower: read(t, p2, '跟进人') };
    type(t, p2, '备注', '公积金中心催办');

    // The register's 保证金退还日期 of u1, u2 and u3 is typed as no date: a stage after theirs, so all three are 无法判断.
    const keyCol = sample.headers.indexOf('房号编码');
    const refundCol = sample.headers.indexOf('保证金退还日期');
    expect(Math.min(keyCol, refundCol)).toBeGreaterThanOrEqual(0);
    const broken = sample.rows.map((r) => ([u1, u2, u3].includes(String(r[keyCol])) ? r.map((v, i) => (i === refundCol ? '2026-13-45' : v)) : [...r]));
    setRegister(broken);
    const r2 = await generateProgress(host, week);
    t = table(fake);
    const total = t.s.rows.findIndex((row) => String(row?.[0]?.v ?? '').startsWith('合计（'));
    for (const u of [u1, u2, u3]) {
      expect(rowsOf(t, u), u).toHaveLength(1);
      expect(rowsOf(t, u)[0]).toBeGreaterThan(total);
    }
    const [x1] = rowsOf(t, u1);
    expect(read(t, x1, '当前阶段')).toContain('无法判断');
    expect(read(t, x1, '备注')).toBe('组合贷款（商贷）：缺银行流水；组合贷款（公积金）：待中心审批');
    expect(read(t, x1, '跟进人')).toBe('孙悦');
    expect(read(t, rowsOf(t, u2)[0], '备注')).toBe('组合贷款（公积金）：公积金中心催办');
    const notice = r2.notices.map((n) => n.zh).join('');
    expect(notice).toContain('有 2 户原来分几行（如组合贷款的商贷、公积金），新表中只有一行（如无法判断），各行填写的内容已一并写入该行');
    expect(notice).not.toContain('找不到对应的行');

    // While it cannot be told, the desk notes on u3's one row what it is waiting for.
    type(t, rowsOf(t, u3)[0], '备注', '客户下周补资料');

    // The register is corrected: two rows each again.
    setRegister(sample.rows);
    const r3 = await generateProgress(host, week);
    t = table(fake);
    const [c1b, p1b] = rowsOf(t, u1);
    expect([read(t, c1b, '贷款类型'), read(t, p1b, '贷款类型')]).toEqual(['组合贷款（商贷）', '组合贷款（公积金）']);
    expect([read(t, c1b, '备注'), read(t, p1b, '备注')]).toEqual(['缺银行流水', '待中心审批']);
    expect([read(t, c1b, '跟进人'), read(t, p1b, '跟进人')]).toEqual(['孙悦', '孙悦']);
    const [c2b, p2b] = rowsOf(t, u2);
    expect([read(t, c2b, '备注'), read(t, p2b, '备注'), read(t, p2b, '跟进人')]).toEqual([generated.c2, '公积金中心催办', generated.p2Follower]);
    // Typed about the unit, not one loan: on both its rows.
    expect(rowsOf(t, u3).map((r) => read(t, r, '备注'))).toEqual(['客户下周补资料', '客户下周补资料']);
    const back = r3.notices.map((n) => n.zh).join('');
    expect(back).toContain('有 3 户原来只有一行，新表中分为几行（如组合贷款的商贷、公积金）：该行填写的内容已写回');
    expect(back).not.toContain('找不到对应的行');
  });
});

describe('carrying a unit’s entries between its rows, without Excel', () => {
  const d = sheetDescription('progress');
  const col = (k: string) => d.columns.findIndex((c) => c.key === k);
  /** A progress table in `lang` with the given rows of 1-1-201: [贷款类型, amount (null: none, a 无法判断 row), 跟进人, 备注]. */
  const table = (lang: 'zh' | 'en', rows: [string, number | null, string | null, string | null][]) => {
    const values: (string | number | null)[][] = [
      d.columns.map((c) => c.header[lang]),
      ...rows.map(([loanType, amount, follower, remarks], i) => {
        const row: (string | number | null)[] = d.columns.map(() => null);
        row[col('seq')] = i + 1;
        row[col('unitKey')] = '1-1-201';
        row[col('loanType')] = loanType;
        row[col('loanAmount')] = amount;
        row[col('follower')] = follower;
        row[col('remarks')] = remarks;
        return row;
      }),
    ];
    const layout = { name: 'Weekly progress', values, numberFormats: [], styles: [], columnWidths: [], merges: [], freeze: { rows: 0, cols: 0 }, table: null, validations: [], conditionalFormats: [], unlocked: [], protect: false, print: { orientation: 'landscape', paperSize: 'A4', fitToWidth: true, repeatRows: null }, notes: [] } as unknown as SheetLayout;
    return { layout, grid: values.map((r) => r.map((v) => v ?? '')) };
  };
  const at = (row: number, key: string) => ({ row, col: col(key) });

  it('on an English sheet: joined with ": " and "; ", and taken apart again, a note added after a part staying with that part', () => {
    const two = table('en', [['Combined loan (commercial)', 800000, null, 'bank statement missing'], ['Combined loan (provident fund)', 600000, null, 'waiting for the centre']]);
    const one = table('en', [['Combined loan', null, null, null]]);
    const joined = planCarry(d, one.layout, two.grid, null);
    expect(joined.cells).toEqual([{ ...at(1, 'remarks'), value: 'Combined loan (commercial): bank statement missing; Combined loan (provident fund): waiting for the centre' }]);
    expect(carryNotice('Weekly progress', d, joined.report)!.en).toContain('1 unit had several rows');

    // The desk adds to the commercial part while the unit cannot be told.
    const edited = table('en', [['Combined loan', null, null, 'Combined loan (commercial): bank statement missing, asked again; Combined loan (provident fund): waiting for the centre']]);
    const regenerated = table('en', [['Combined loan (commercial)', 800000, null, null], ['Combined loan (provident fund)', 600000, null, null]]);
    const spread = planCarry(d, regenerated.layout, edited.grid, null);
    expect(spread.cells).toEqual([
      { ...at(1, 'remarks'), value: 'bank statement missing, asked again' },
      { ...at(2, 'remarks'), value: 'waiting for the centre' },
    ]);
  });

  it('a follower typed alike on both rows goes on the one row once; only rows that differ are labelled', () => {
    const two = table('zh', [['组合贷款（商贷）', 800000, '孙悦', '缺流水'], ['组合贷款（公积金）', 600000, '孙悦', null]]);
    const one = table('zh', [['组合贷款', null, null, null]]);
    const plan = planCarry(d, one.layout, two.grid, null);
    expect(plan.cells).toEqual([
      { ...at(1, 'follower'), value: '孙悦' },
      { ...at(1, 'remarks'), value: '组合贷款（商贷）：缺流水' },
    ]);
    expect(plan.report).toMatchObject({ kept: 0, unplaced: [], regrouped: [{ row: ['1-1-201'], how: 'joined' }] });
  });

  it('a single-loan unit back from 无法判断 keeps its note on its one row, as before', () => {
    const undecided = table('zh', [['商业贷款', null, null, '等银行回复']]);
    const normal = table('zh', [['商业贷款', 800000, null, null]]);
    const plan = planCarry(d, normal.layout, undecided.grid, null);
    expect(plan.cells).toEqual([{ ...at(1, 'remarks'), value: '等银行回复' }]);
    expect(plan.report).toMatchObject({ kept: 1, regrouped: [] });
  });
});
