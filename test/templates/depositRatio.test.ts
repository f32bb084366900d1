import { describe, expect, it } from 'vitest';
import { computeDeposit } from '../../domain/fees/compute';
import { feeInputErrors } from '../../domain/fees/issues';
import { depositLines, depositSheet } from '../../domain/fees/ledger';
import { parseRegisterSheet, type RawCell } from '../../domain/registerValidation/parse';
import { validateRegister } from '../../domain/registerValidation/validate';
import { loadFeeRules, loadSheetDescription } from '../../pipeline/render/templates';

/** Rows with only a 保证金比例 (and what makes a unit and a commercial loan). */
function sheet(ratios: RawCell[]) {
  return {
    sheet: '按揭台账',
    headerRow: 1,
    columns: { building: 'A', room: 'B', depositRatio: 'C', commercialLoan: 'D', bank: 'E' },
    headers: { depositRatio: '保证金比例' },
    rows: ratios.map((r, i) => ({ row: i + 2, cells: { building: '1', room: `${101 + i}`, depositRatio: r, commercialLoan: 700000, bank: '中国建设银行' } })),
  };
}

describe('保证金比例 as typed in the register', () => {
  it('reads a bare number of 1 or more as a percentage and one below 1 as a fraction, whether a number or text', () => {
    const cells: RawCell[] = [1, '1', 2, '2', 10, '10', '10%', '1%', 0.1, '0.1', '0.05', 0.5, '12.5', '12.5％'];
    const { units, issues } = parseRegisterSheet(sheet(cells));
    expect(issues).toEqual([]);
    expect(units.map((u) => u.depositRatio?.toString())).toEqual(['0.01', '0.01', '0.02', '0.02', '0.1', '0.1', '0.1', '0.01', '0.1', '0.1', '0.05', '0.5', '0.125', '0.125']);
    // 1 is 1% of the loan, not all of it.
    expect(computeDeposit(units[0], loadFeeRules()).amount?.toFixed(2)).toBe('7000.00');
  });

  it('anjie validate (and the add-in) warn on a ratio above 50%', () => {
    const r = validateRegister(
      { ...sheet([0.8, '60', 0.5, '5%', 0]), file: 'r.xlsx' },
      { description: loadSheetDescription('register'), today: '2026-11-23' },
    );
    const warnings = r.issues.filter((i) => i.code === 'DEPOSIT_RATIO');
    expect(warnings.map((w) => [w.severity, w.location.row, w.location.column, w.message.zh])).toEqual([
      ['warning', 2, 'C', '保证金比例 80% 不在 0 到 50% 之间'],
      ['warning', 3, 'C', '保证金比例 60% 不在 0 到 50% 之间'],
    ]);
  });

  it('a ratio that cannot be read is not replaced by the bank’s: the deposit is 无法计算', () => {
    const { units } = parseRegisterSheet(sheet(['十个点']));
    const d = computeDeposit(units[0], loadFeeRules());
    expect([d.amount, d.problem?.zh]).toEqual([null, '保证金比例无法识别']);
  });

  it('a 商贷金额 below 0 (NEGATIVE_AMOUNT in the register) has no deposit: 无法计算, not −¥70,000 taken off the sheet’s 合计', () => {
    const rows = sheet(['10%']);
    rows.rows[0].cells.commercialLoan = -700000;
    const { units } = parseRegisterSheet(rows);
    const d = computeDeposit(units[0], loadFeeRules());
    expect([d.amount, d.problem?.zh, d.problem?.en]).toEqual([null, '商贷金额 -¥700,000.00 不能为负数', 'the commercial loan -¥700,000.00 cannot be negative']);
  });

  it('a 保证金比例 below 0 (a slipped minus) is an error, not a warning: the deposit is 无法计算, not −¥70,000 off the sheet’s 合计; above 50% stays a warning', () => {
    const r = validateRegister({ ...sheet(['-10%', -10, '60%']), file: 'r.xlsx' }, { description: loadSheetDescription('register'), today: '2026-11-23' });
    expect(r.issues.filter((i) => i.code === 'DEPOSIT_RATIO').map((i) => [i.severity, i.location.row, i.location.column, i.message.zh])).toEqual([
      ['error', 2, 'C', '保证金比例 -10% 不能为负数'],
      ['error', 3, 'C', '保证金比例 -10% 不能为负数'],
      ['warning', 4, 'C', '保证金比例 60% 不在 0 到 50% 之间'],
    ]);
    const d = computeDeposit(r.units[0], loadFeeRules());
    expect([d.amount, d.problem?.zh, d.problem?.en]).toEqual([null, '保证金比例 -10% 不能为负数', 'the deposit ratio -10% cannot be negative']);
    // The sheet lists the loan without figures: its 保证金金额 is empty, so the 合计 is the 60% row's alone.
    const layout = depositSheet(depositLines(r.units, loadFeeRules()), loadFeeRules(), loadSheetDescription('deposits'), { lang: 'zh' });
    const header = layout.values.findIndex((row) => row.includes('保证金金额'));
    const h = layout.values[header];
    const money = (v: unknown) => (v && typeof v === 'object' && 'value' in v ? String((v as { value: unknown }).value) : v);
    const rows = layout.values.slice(header + 1, header + 5).map((row) => [row[0], money(row[h.indexOf('保证金金额')]), row[h.indexOf('比例来源')]]);
    expect(rows.slice(0, 3)).toEqual([
      [1, null, '无法计算：保证金比例 -10% 不能为负数'],
      [2, null, '无法计算：保证金比例 -10% 不能为负数'],
      [3, '420000.00', '台账填写'],
    ]);
    expect(rows[3][1]).toMatchObject({ kind: 'formula', result: '420000.00' });
  });

  it('a 保证金比例 of 100% or more (a 1000 typed for 10%) is an error too: the deposit is 无法计算, not the whole loan or more off the credit', () => {
    const r = validateRegister({ ...sheet(['100%', 1000, '50%']), file: 'r.xlsx' }, { description: loadSheetDescription('register'), today: '2026-11-23' });
    expect(r.issues.filter((i) => i.code === 'DEPOSIT_RATIO').map((i) => [i.severity, i.location.row, i.message.zh])).toEqual([
      ['error', 2, '保证金比例 100% 不小于 100%'],
      ['error', 3, '保证金比例 1000% 不小于 100%'],
    ]);
    const rules = loadFeeRules();
    expect(r.units.map((u) => computeDeposit(u, rules)).map((d) => [d.amount?.toFixed(2) ?? null, d.problem?.zh ?? null])).toEqual([
      [null, '保证金比例 100% 不小于 100%，保证金不会等于或超过贷款本身'],
      [null, '保证金比例 1000% 不小于 100%，保证金不会等于或超过贷款本身'],
      ['350000.00', null],
    ]);
  });

  it('no 贷款银行 at all (BANK_MISSING) and no 保证金比例 of its own: 无法计算 at the bank cell, not the 10% default; a ratio of its own still computes', () => {
    const rows = sheet([null, '8%']);
    for (const row of rows.rows) row.cells.bank = '';
    const r = validateRegister({ ...rows, file: 'r.xlsx' }, { description: loadSheetDescription('register'), today: '2026-11-23' });
    expect(r.issues.filter((i) => i.code === 'BANK_MISSING').map((i) => i.location.row)).toEqual([2, 3]);
    const rules = loadFeeRules();
    expect(r.units.map((u) => computeDeposit(u, rules)).map((d) => [d.amount?.toFixed(2) ?? null, d.problem?.zh ?? null, d.column ?? null])).toEqual([
      [null, '未填贷款银行，无法确定保证金比例', 'bank'],
      ['56000.00', null, null],
    ]);
  });

  it('a register without a 贷款银行 column: the 按揭保证金 says the column is missing, not that no bank was filled in; the fees list the column once', () => {
    const rows = sheet([null, null, '8%']);
    delete (rows.columns as Partial<typeof rows.columns>).bank;
    for (const row of rows.rows) delete (row.cells as Partial<typeof row.cells>).bank;
    const r = validateRegister({ ...rows, file: 'r.xlsx' }, { description: loadSheetDescription('register'), today: '2026-11-23' });
    const rules = loadFeeRules();
    const absent = { zh: '贷款银行不详（台账没有「贷款银行」列），无法确定保证金比例', en: 'the register has no lending bank column, so the deposit ratio is not known' };
    expect(r.units.map((u) => computeDeposit(u, rules)).map((d) => [d.amount?.toFixed(2) ?? null, d.problem ?? null])).toEqual([
      [null, absent],
      [null, absent],
      ['56000.00', null],
    ]);
    // (This sheet lacks the other required columns too: each is listed once, as COLUMN_MISSING.)
    expect(feeInputErrors(r.issues, rows).filter((i) => i.message.zh.includes('贷款银行')).map((i) => [i.code, i.location.row])).toEqual([['COLUMN_MISSING', 1]]);
  });

  it('a 贷款银行 not in the bank list (建设银行 for 中国建设银行) and no 保证金比例 of its own: 无法计算, not the 10% default for a loan whose bank may hold 5%', () => {
    const rows = sheet([null, '8%']);
    for (const row of rows.rows) row.cells.bank = '建设银行';
    const r = validateRegister({ ...rows, file: 'r.xlsx' }, { description: loadSheetDescription('register'), today: '2026-11-23' });
    expect(r.issues.filter((i) => i.code === 'BANK_UNKNOWN').map((i) => i.location.row)).toEqual([2, 3]);
    const [bankOnly, ownRatio] = r.units.map((u) => computeDeposit(u, loadFeeRules()));
    expect([bankOnly.amount, bankOnly.problem?.zh, bankOnly.problem?.en]).toEqual([
      null,
      '贷款银行「建设银行」不在银行列表中，无法确定保证金比例',
      'the lending bank "建设银行" is not in the bank list, so the deposit ratio is not known',
    ]);
    // The row's own ratio does not depend on the bank: 8% of 700,000.
    expect([ownRatio.amount?.toFixed(2), ownRatio.problem]).toEqual(['56000.00', undefined]);
  });
});
