import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { SheetDescription } from '../../domain/sheets/description';
import { layoutSheet, signatureBlockPosition } from '../../domain/sheets/layoutSheet';

const desc: SheetDescription = {
  id: 'demo',
  name: { zh: '演示', en: 'Demo' },
  title: { zh: '演示表', en: 'Demo sheet' },
  columns: [
    { key: 'unit', header: { zh: '房号', en: 'Unit' }, type: 'text' },
    { key: 'state', header: { zh: '状态', en: 'State' }, type: 'enum', values: ['是', '否'], required: true },
    { key: 'amount', header: { zh: '金额', en: 'Amount' }, type: 'money', total: 'sum', computed: true },
    { key: 'on', header: { zh: '日期', en: 'Date' }, type: 'date' },
  ],
  frozenRows: 1,
  print: { orientation: 'landscape', fitToWidth: true, repeatHeader: true },
  signature: true,
  protect: true,
  conditionalFormats: [{ column: 'state', equals: { zh: '是', en: 'Yes' }, wholeRow: true, style: { fill: 'FFFFEB9C' } }],
};

describe('layoutSheet', () => {
  const layout = layoutSheet(
    desc,
    [
      { kind: 'group', label: 'A', values: {} },
      { values: { unit: '1-1-101', state: '是', amount: new Decimal('100.005'), on: '2026-11-23' } },
      { values: { unit: '1-1-102', state: '否', amount: new Decimal('0.10') } },
      { kind: 'subtotal', label: '小计', values: {} },
      { kind: 'group', label: 'B', values: {} },
      { values: { unit: '1-1-201', amount: '50.00' } },
      { kind: 'subtotal', label: '小计', values: {} },
      { kind: 'total', label: '合计', values: {} },
    ],
    { lang: 'zh' },
  );

  it('puts the header under the title, data below, money rounded half away from zero as decimal text, dates as dates', () => {
    expect(layout.values[0][0]).toBe('演示表');
    // The autofilter stops at row 8 (the last 小计), above the 合计 on row 9: a filter must not hide the 合计
    // (the table's extent, lastDataRow, is unchanged).
    expect(layout.table).toEqual({ headerRow: 1, firstDataRow: 2, lastDataRow: 9, filterLastRow: 8, cols: 4 });
    expect(layout.values[1]).toEqual(['房号', '状态', '金额', '日期', null, null]);
    expect(layout.values[3][2]).toEqual({ kind: 'money', value: '100.01' });
    expect(layout.values[3][3]).toEqual({ kind: 'date', date: '2026-11-23' });
    expect(layout.freeze).toEqual({ rows: 2, cols: 0 });
    expect(layout.print.repeatRows).toEqual({ from: 1, to: 1 });
  });

  it('without a 合计 (a register with blank input rows), the filter covers every row of the table', () => {
    // title 0, header 1, two data rows 2–3, two blank input rows 4–5
    const plain = layoutSheet(desc, [{ values: { unit: '1-1-101' } }, { values: { unit: '1-1-102' } }], { lang: 'zh', blankRows: 2 });
    expect(plain.table).toEqual({ headerRow: 1, firstDataRow: 2, lastDataRow: 5, filterLastRow: 5, cols: 4 });
  });

  it('subtotals sum their group, the total sums the data rows only (SUBTOTAL ignores SUBTOTAL)', () => {
    expect(layout.values[5][2]).toEqual({ kind: 'formula', formula: 'SUBTOTAL(9,C4:C5)', result: '100.11' });
    expect(layout.values[8][2]).toEqual({ kind: 'formula', formula: 'SUBTOTAL(9,C8:C8)', result: '50.00' });
    expect(layout.values[9][2]).toEqual({ kind: 'formula', formula: 'SUBTOTAL(9,C3:C9)', result: '150.11' });
    expect(layout.merges).toContainEqual({ row: 9, col: 0, rows: 1, cols: 2 }); // 合计 spans the empty cells before the figure
  });

  it('dropdowns and unlocked cells cover the data rows only, computed columns stay locked', () => {
    const lists = layout.validations.map((v) => v.range);
    expect(lists).toEqual([
      { row: 3, col: 1, rows: 2, cols: 1 },
      { row: 7, col: 1, rows: 1, cols: 1 },
    ]);
    expect(layout.unlocked.some((u) => u.col === 2 && u.row >= 2 && u.row <= 9)).toBe(false);
    expect(layout.unlocked).toContainEqual({ row: 3, col: 0, rows: 2, cols: 1 });
  });

  it('the conditional format follows the sheet language; the signature block is the last row', () => {
    expect(layout.conditionalFormats[0]).toEqual({ range: { row: 2, col: 0, rows: 8, cols: 4 }, formula: '$B3="是"', style: { fill: 'FFFFEB9C' } });
    const en = layoutSheet(desc, [], { lang: 'en' });
    expect(en.conditionalFormats[0].formula).toBe('$B3="Yes"');
    const sig = signatureBlockPosition(layout)!;
    expect(sig.row).toBe(layout.values.length - 1);
    expect([layout.values[sig.row][0], layout.values[sig.row][2], layout.values[sig.row][4]]).toEqual(['制表：', '审核(经理)：', '日期：']);
    expect([sig.preparedBy.col, sig.reviewedBy.col, sig.date.col]).toEqual([1, 3, 5]);
    expect(layout.unlocked).toEqual(expect.arrayContaining([{ row: sig.row, col: 1, rows: 1, cols: 1 }, { row: sig.row, col: 5, rows: 1, cols: 1 }]));
    expect(signatureBlockPosition(en)?.lang).toBe('en');
  });
});

describe('rows of wrapped text', () => {
  const wrapped: SheetDescription = {
    ...desc,
    columns: [...desc.columns, { key: 'remarks', header: { zh: '备注', en: 'Remarks' }, type: 'text', width: 20, wrap: true }],
  };
  const long = '客户要求延期至下月放款，已与银行沟通，等待审批结果后再通知买受人补交材料';
  const layout = layoutSheet(
    wrapped,
    [{ values: { unit: '1-1-101', remarks: '已通知' } }, { values: { unit: '1-1-102', remarks: long } }, { values: { unit: '1-1-103' } }],
    { lang: 'zh', info: [{ label: '注意：', value: long }, { label: '说明：', value: '短' }] },
  );
  const rowOf = (v: string) => layout.values.findIndex((r) => r.includes(v));

  it('are made tall enough for their lines; rows that fit one line keep the default height', () => {
    // 36 CJK characters: 72 units and a tenth more; 19 a line in 备注 (5 lines of 14 points), 38 across the
    // three columns an info value spans (状态 12, 金额 15, 日期 12: 3 lines).
    expect(layout.rowHeights).toEqual([
      { row: rowOf('注意：'), height: 3 * 14 + 2 },
      { row: rowOf('1-1-102'), height: 5 * 14 + 2 },
    ]);
  });

  it('an info line too long for its merged columns wraps across them; a short one does not', () => {
    const wraps = (row: number) => layout.styles.some((s) => s.range.row === row && s.range.col === 1 && s.style.wrap === true);
    expect(wraps(rowOf('注意：'))).toBe(true);
    expect(wraps(rowOf('说明：'))).toBe(false);
  });
});
