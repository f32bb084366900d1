import { describe, expect, it } from 'vitest';
import { isTotalOrSignatureRow, normaliseLabel, registerHeaderIndex } from '../../domain/registerValidation/headers';
import { loadSheetDescription } from '../../pipeline/render/templates';

describe('reading a register sheet (the add-in and the CLI alike)', () => {
  it('reads a header however it is bracketed, spaced or starred', () => {
    for (const h of ['建筑面积（㎡）', ' 建筑面积 (㎡) ', '*建筑面积(㎡)', '＊建筑面积【㎡】']) expect(normaliseLabel(h)).toBe(normaliseLabel('建筑面积(㎡)'));
    expect(normaliseLabel('*房号')).toBe('房号');
    expect(normaliseLabel('Room:')).toBe('room');
  });

  it('takes total lines and the signature block for what they are, and units for units', () => {
    for (const first of ['合计', '小计（3户）', '总计', '汇总', 'Total', ' 合 计 ', '制表：', '审核(经理)：', '审核（经理）']) expect(isTotalOrSignatureRow(first), first).toBe(true);
    for (const first of ['滨江花园', '汇景花园', '3栋', '', null]) expect(isTotalOrSignatureRow(first), String(first)).toBe(false);
  });

  it('knows a column whose header leaves out the unit: 建筑面积 is 建筑面积(㎡), 贷款期限 is 贷款期限(月)', () => {
    const index = registerHeaderIndex(loadSheetDescription('register'));
    const keys = ['建筑面积', '贷款期限', 'Floor area', 'Loan term', '建筑面积(㎡)'].map((h) => index.get(normaliseLabel(h)));
    expect(keys).toEqual(['floorArea', 'loanTermMonths', 'floorArea', 'loanTermMonths', 'floorArea']);
  });
});
