import { describe, expect, it } from 'vitest';
import type { SheetDescription } from '../../domain/sheets/description';
import type { CellValue, SheetLayout } from '../../domain/sheets/layout';
import { inLanguageOf } from '../../domain/sheets/otherLanguage';

/** A fee list: its rows are the unit and the fee; 备注 is typed. */
const d = {
  id: 'fees',
  name: { zh: '费用', en: 'Fees' },
  columns: [
    { key: 'unit', header: { zh: '房号', en: 'Unit' }, type: 'text', computed: true },
    { key: 'fee', header: { zh: '费用项目', en: 'Fee' }, type: 'text', computed: true },
    { key: 'remarks', header: { zh: '备注', en: 'Remarks' }, type: 'text' },
  ],
  rowKey: ['unit', 'fee'],
} as unknown as SheetDescription;

const layout = (values: CellValue[][]) => ({ values }) as unknown as SheetLayout;
const en = layout([['Unit', 'Fee', 'Remarks'], ['3-2-101', 'Deed tax', null], ['3-2-101', 'Maintenance fund', null]]);
const zh = layout([['房号', '费用项目', '备注'], ['3-2-101', '契税', null], ['3-2-101', '专项维修资金', null]]);

describe('a sheet written with the other --lang, read as this one writes it', () => {
  it('puts its fee names in this language, and leaves what was typed (even a fee\'s English name) and unknown rows as they were', () => {
    const old = [['Unit', 'Fee', 'Remarks'], ['3-2-101', 'Deed tax', 'Deed tax paid'], ['3-2-101', 'Maintenance fund', 'Deed tax'], ['3-2-109', 'Stamp duty', 'x']];
    expect(inLanguageOf(d, old, en, zh)).toEqual([['Unit', 'Fee', 'Remarks'], ['3-2-101', '契税', 'Deed tax paid'], ['3-2-101', '专项维修资金', 'Deed tax'], ['3-2-109', 'Stamp duty', 'x']]);
  });

  it('leaves a name with two translations, or a sheet the two layouts do not match cell for cell, as it was', () => {
    const old = [['Unit', 'Fee', 'Remarks'], ['3-2-101', 'Deed tax', 'a']];
    const twice = layout([['房号', '费用项目', '备注'], ['3-2-101', '契税', null], ['3-2-101', '印花税', null]]);
    const enTwice = layout([['Unit', 'Fee', 'Remarks'], ['3-2-101', 'Deed tax', null], ['3-2-101', 'Deed tax', null]]);
    expect(inLanguageOf(d, old, enTwice, twice)).toEqual(old);
    expect(inLanguageOf(d, old, layout(en.values.slice(0, 2)), zh)).toEqual(old);
  });
});
