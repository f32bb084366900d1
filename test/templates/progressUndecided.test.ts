import { describe, expect, it } from 'vitest';
import { buildProgress, progressSheet, type ProgressModel } from '../../domain/progress/build';
import type { RegisterUnit } from '../../domain/register';
import { loadSheetDescription, loadStageThresholds } from '../../pipeline/render/templates';
import { smallRegister } from './smallRegister';

/**
 * A register cell the progress sheet places a unit by that could not be read (validateRegister and
 * parseRegisterRow list it in RegisterUnit.unreadable and leave the field null) is not read as blank:
 * the unit is 无法判断, listed below the 合计 with the cell to correct, in no count of 在途 or 待放款.
 * Figures worked out by hand from smallRegister (week 2026-W48, Mon 11-23 – Sun 11-29).
 */
const thresholds = loadStageThresholds();
const bankOrder = ['中国工商银行', '中国建设银行'];

/** smallRegister with one room's fields changed and its unreadable cells, read from register row `row`. */
function withUnreadable(room: string, change: Partial<RegisterUnit>, unreadable: string[], row = 12): RegisterUnit[] {
  return smallRegister().map((u) => (u.room === room ? { ...u, ...change, unreadable, source: { file: 'R.xlsx', sheet: '按揭台账', row } } : u));
}
const build = (units: RegisterUnit[]) => buildProgress(units, { week: '2026-W48', thresholds, bankOrder, columns: { disbursedDate: 'T', providentDisbursedDate: 'X', loanType: 'N', depositRatio: 'R', filingDate: 'J' } });
const lineRooms = (m: ProgressModel) => m.groups.flatMap((g) => g.lines.map((l) => l.unit.room));

describe('progress: a unit whose register cells cannot be read is 无法判断, not 在途', () => {
  it('E (CCB 800,000) with its 放款日期 "2026-13-45": not on the CCB lines, in no 在途 or 待放款, listed below the 合计 naming row 12 column T', () => {
    const { disbursed: _, ...stages } = smallRegister().find((u) => u.room === '0105')!.stages;
    const m = build(withUnreadable('0105', { stages }, ['disbursedDate']));
    expect(lineRooms(m)).not.toContain('0105');
    const ccb = m.groups.find((g) => g.bank === '中国建设银行')!;
    // Read as blank, E was 在途 at 抵押登记 with 800,000 still to disburse.
    expect([ccb.summary.openCount, ccb.summary.toDisburseAmount.toFixed(2), ccb.summary.weekCount]).toEqual([0, '0.00', 0]);
    // Open: A B C F G I (6 units, 7 lines: F twice); to disburse C 600,000 + I 900,000 + F's provident 200,000 + G 400,000.
    expect([m.totals.unitCount, m.totals.lineCount, m.totals.toDisburseAmount.toFixed(2)]).toEqual([6, 7, '2100000.00']);
    // This week: A 700,000 and F's commercial 300,000; E's credit cannot be dated.
    expect([m.totals.weekCount, m.totals.weekAmount.toFixed(2)]).toEqual([2, '1000000.00']);
    expect(m.undecided.map((x) => [x.unit.room, x.columns])).toEqual([['0105', ['disbursedDate']]]);
    expect(m.undecided[0].reason.zh).toBe('无法判断：台账第 12 行「放款日期」（T 列）无法识别，改正后重新生成');

    const layout = progressSheet(m, loadSheetDescription('progress'), { lang: 'zh' });
    const at = (text: string) => layout.values.findIndex((r) => r.includes(text));
    const total = at('合计（6户，7笔）');
    const group = at('无法判断（1户，未计入合计）');
    const row = layout.values.findIndex((r) => r.includes(m.undecided[0].reason.zh));
    // Below the 合计 (outside its SUBTOTAL range), E's one row in the table.
    expect(total).toBeGreaterThan(0);
    expect([group > total, row > group]).toEqual([true, true]);
    expect(layout.values.filter((r) => r.includes(m.undecided[0].unit.unitKey)).length).toBe(1);
    expect(layout.values.find((r) => r[0] === '无法判断：')![1]).toBe('1 户（台账单元格无法识别），未计入在途与待放款，见表末');
  });

  it('F (组合贷款) with its 公积金放款日期 unreadable: its commercial credit of this week still counts, neither of its loans is 在途', () => {
    const m = build(withUnreadable('0106', {}, ['providentDisbursedDate']));
    expect(lineRooms(m)).not.toContain('0106');
    const icbc = m.groups.find((g) => g.bank === '中国工商银行')!;
    // ICBC this week: A 700,000 + F 300,000 (read in full); 公积金 to disburse: G 400,000 only.
    expect([icbc.summary.weekCount, icbc.summary.weekAmount.toFixed(2)]).toEqual([2, '1000000.00']);
    const pf = m.groups.find((g) => g.part === 'providentFund')!;
    expect([pf.summary.openCount, pf.summary.toDisburseAmount.toFixed(2)]).toEqual([1, '400000.00']);
    expect([m.totals.weekCount, m.totals.unitCount]).toEqual([3, 6]);
    expect(m.undecided.map((x) => [x.unit.room, x.columns])).toEqual([['0106', ['providentDisbursedDate']]]);
  });

  it('a 贷款类型 that cannot be read is not 一次性付款: the unit is 无法判断, not left off the sheet', () => {
    const m = build(withUnreadable('0108', { loanType: null }, ['loanType'], 9));
    expect(m.undecided.map((x) => [x.unit.room, x.reason.en])).toEqual([['0108', 'Cannot tell: register row 9, loan type (column N) cannot be read; correct and generate again']]);
    expect(m.totals.unitCount).toBe(7);
  });

  it('a 保证金比例 that cannot be read is 无法判断 only where it decides: B, certificate handed over, may be finished', () => {
    const m = build(withUnreadable('0102', {}, ['depositRatio']));
    expect(lineRooms(m)).not.toContain('0102');
    expect(m.undecided.map((x) => x.columns)).toEqual([['depositRatio']]);
    // B's 10-10 disbursement is read in full: still in 累计放款 (A 700k + B 500k + D 400k + E 800k + F 300k).
    expect(m.totals.cumulativeAmount.toFixed(2)).toBe('2700000.00');
    // C, at 送银行, is not finished with or without a deposit: its ratio does not decide its place.
    const c = build(withUnreadable('0103', { depositRatio: null }, ['depositRatio']));
    expect(c.undecided).toEqual([]);
    expect(lineRooms(c)).toContain('0103');
  });

  it('an unreadable date of a stage the unit has passed does not move it: C stays at 送银行', () => {
    const { filed: _, ...stages } = smallRegister().find((u) => u.room === '0103')!.stages;
    const m = build(withUnreadable('0103', { stages }, ['filingDate']));
    expect(m.undecided).toEqual([]);
    const c = m.groups.flatMap((g) => g.lines).find((l) => l.unit.room === '0103')!;
    expect([c.stage, c.daysInStage]).toEqual(['sentToBank', 28]);
  });
});

describe('progress: a register row repeating an earlier row’s unit (DUPLICATE_UNIT) counts once', () => {
  /** smallRegister on register rows 2–10, then E (0105) again on row 11 and F (0106, 组合贷款) again on row 12, as validateRegister marks them. */
  function withRepeats(): RegisterUnit[] {
    const base = smallRegister().map((u, i) => ({ ...u, source: { file: 'R.xlsx', sheet: '按揭台账', row: i + 2 } }));
    const again = (room: string, row: number, first: number): RegisterUnit => ({ ...base.find((u) => u.room === room)!, source: { file: 'R.xlsx', sheet: '按揭台账', row }, duplicateOf: { row: first, column: 'unitKey' } });
    return [...base, again('0105', 11, 6), again('0106', 12, 7)];
  }
  const opts = { week: '2026-W48', thresholds, bankOrder, columns: { unitKey: 'B' } };

  it('E and F repeated: every total is that of the register without the repeats; each repeated row is listed once, under 无法判断, naming its first row', () => {
    const m = buildProgress(withRepeats(), opts);
    // By hand, smallRegister alone: open A B C E F G I (7 units, 8 lines: F twice); to disburse C 600,000 + I 900,000 + F's provident 200,000 + G 400,000.
    expect([m.totals.unitCount, m.totals.lineCount, m.totals.openCount, m.totals.toDisburseAmount.toFixed(2)]).toEqual([7, 8, 7, '2100000.00']);
    // This week: A 700,000, E 800,000, F's commercial 300,000; to date also B 500,000 and D 400,000.
    expect([m.totals.weekCount, m.totals.weekAmount.toFixed(2), m.totals.cumulativeCount, m.totals.cumulativeAmount.toFixed(2)]).toEqual([3, '1800000.00', 5, '2700000.00']);
    const ccb = m.groups.find((g) => g.bank === '中国建设银行')!;
    expect([ccb.lines.length, ccb.summary.openCount, ccb.summary.weekCount, ccb.summary.weekAmount.toFixed(2), ccb.summary.stageCounts.disbursed]).toEqual([1, 1, 1, '800000.00', 1]);
    const pf = m.groups.find((g) => g.part === 'providentFund')!;
    // 公积金: F 200,000 and G 400,000, one line each.
    expect([pf.lines.length, pf.summary.openCount, pf.summary.toDisburseAmount.toFixed(2)]).toEqual([2, 2, '600000.00']);
    // Stages of the open units: A E F at 放款 (F once), B at 他项权证移交, C at 送银行, G at 审批通过, I at 抵押登记 (its 11-30 credit is after the week).
    expect(m.totals.stageCounts).toEqual({ disbursed: 3, certificateHandedOver: 1, sentToBank: 1, approved: 1, mortgageRegistered: 1 });
    expect(m.undecided.map((x) => [x.unit.room, x.unit.source?.row, x.repeats, x.columns])).toEqual([
      ['0105', 11, 6, ['unitKey']],
      ['0106', 12, 7, ['unitKey']],
    ]);
    expect(m.undecided[0].reason.zh).toBe('无法判断：台账第 11 行与第 6 行重复（「房号编码」（B 列）），该户按第 6 行计，此行未计入任何户数与金额；请删除重复行或改正房号');

    const layout = progressSheet(m, loadSheetDescription('progress'), { lang: 'zh' });
    const rowsOf = (unitKey: string) => layout.values.map((r, i) => [r, i] as const).filter(([r]) => r.includes(unitKey)).map(([, i]) => i);
    const total = layout.values.findIndex((r) => r.includes('合计（7户，8笔）'));
    const group = layout.values.findIndex((r) => r.includes('无法判断（重复行 2 行，未计入合计）'));
    expect([total > 0, group > total]).toEqual([true, true]);
    // E: its CCB line and its repeated row below the 合计; F: its two loan lines and its repeated row.
    expect(rowsOf('3-2-0105').map((i) => i > group)).toEqual([false, true]);
    expect(rowsOf('3-2-0106').map((i) => i > group)).toEqual([false, false, true]);
    expect(layout.values.find((r) => r[0] === '无法判断：')![1]).toBe('重复行 2 行（与台账前面的行房号相同），未计入在途与待放款，见表末');
  });

  it('a row repeating a unit whose cell cannot be read: both listed, the unread unit once as 户, the repeat as 行', () => {
    const units = withRepeats().filter((u) => u.source?.row !== 12);
    const { disbursed: _, ...stages } = units[4].stages;
    units[4] = { ...units[4], stages, unreadable: ['disbursedDate'] };
    const m = buildProgress(units, opts);
    expect(m.undecided.map((x) => [x.unit.source?.row, x.repeats ?? null])).toEqual([
      [6, null],
      [11, 6],
    ]);
    const layout = progressSheet(m, loadSheetDescription('progress'), { lang: 'en' });
    expect(layout.values.some((r) => r.includes('Cannot tell (1 unit, 1 repeated row, not in the totals)'))).toBe(true);
  });
});
