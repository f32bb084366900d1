import { describe, expect, it } from 'vitest';
import { buildProgress, progressSheet, type ProgressModel } from '../../domain/progress/build';
import type { RegisterUnit } from '../../domain/register';
import { loadSheetDescription, loadStageThresholds } from '../../pipeline/render/templates';
import { smallRegister } from './smallRegister';

/**
 * A stage or 放款 date after today cannot have happened: a 2027 typed for 2026, or a date typed
 * ahead. Read as reached it put the unit into 本周放款 or a stage it has not reached; read as not
 * reached it put a unit perhaps long disbursed into 在途 with its whole loan 待放款. Either way the
 * signed sheet would be wrong, so the unit is 无法判断, as for a cell that cannot be read.
 * smallRegister, week 2026-W48 (Mon 11-23 – Sun 11-29), run on Wednesday 11-25 or, after its
 * last date (I's 11-30), on 11-30.
 */
const thresholds = loadStageThresholds();
const bankOrder = ['中国工商银行', '中国建设银行'];
const columns = { disbursedDate: 'T', commercialDisbursedDate: 'V', bankInterviewDate: 'P' };
const build = (units: RegisterUnit[], today?: string) => buildProgress(units, { week: '2026-W48', thresholds, bankOrder, columns, today });
const lineRooms = (m: ProgressModel) => m.groups.flatMap((g) => g.lines.map((l) => l.unit.room));
const at = (row: number) => ({ source: { file: 'R.xlsx', sheet: '按揭台账', row } });

describe('progress: a date after today is 无法判断, neither reached nor not reached', () => {
  it('E (CCB 800,000) with its 放款日期 this Friday 11-27, run on Wednesday: not 本周放款, not 在途, listed naming the date and row', () => {
    const units = smallRegister().map((u) => (u.room === '0105' ? { ...u, ...at(12) } : u));
    const m = build(units, '2026-11-25');
    const ccb = m.groups.find((g) => g.bank === '中国建设银行')!;
    // As of Sunday, E was counted as disbursed this week (800,000) though the bank has not credited it yet.
    expect([ccb.summary.weekCount, ccb.summary.weekAmount.toFixed(2), ccb.summary.cumulativeCount, ccb.summary.openCount]).toEqual([0, '0.00', 0, 0]);
    // This week: A 700,000 and F's commercial 300,000 only.
    expect([m.totals.weekCount, m.totals.weekAmount.toFixed(2)]).toEqual([2, '1000000.00']);
    expect(lineRooms(m)).not.toContain('0105');
    // I's 放款日期 11-30 (next Monday) is after today too: 在途 at 抵押登记 before, 无法判断 now.
    expect(m.undecided.map((x) => [x.unit.room, x.columns])).toEqual([['0105', ['disbursedDate']], ['0109', ['disbursedDate']]]);
    expect(m.totals.toDisburseAmount.toFixed(2)).toBe(build(smallRegister()).totals.toDisburseAmount.minus(900000).toFixed(2));
    expect(m.undecided[0].reason.zh).toBe('无法判断：台账第 12 行「放款日期」（T 列）2026-11-27 晚于今天，改正后重新生成');
    expect(m.undecided[0].reason.en).toBe('Cannot tell: register row 12, disbursed (column T) 2026-11-27 is after today; correct and generate again');
    const layout = progressSheet(m, loadSheetDescription('progress'), { lang: 'zh' });
    expect(layout.values.find((r) => r[0] === '无法判断：')![1]).toBe('2 户（台账日期晚于今天），未计入在途与待放款，见表末');
  });

  it('A (ICBC 700,000) with 2027-11-24 typed for its 放款日期 2026-11-24: not 在途 with 700,000 to disburse, but 无法判断', () => {
    const units = smallRegister().map((u) =>
      u.room === '0101' ? { ...u, ...at(8), commercialDisbursedDate: '2027-11-24', stages: { ...u.stages, disbursed: '2027-11-24' } } : u,
    );
    const m = build(units, '2026-11-30');
    expect(lineRooms(m)).not.toContain('0101');
    const icbc = m.groups.find((g) => g.bank === '中国工商银行')!;
    // Read as not reached, A was 在途 at 抵押登记 with its whole 700,000 to disburse.
    expect(icbc.lines.filter((l) => l.unit.room === '0101')).toEqual([]);
    expect(m.undecided.map((x) => [x.unit.room, x.columns])).toEqual([['0101', ['disbursedDate', 'commercialDisbursedDate']]]);
    expect(m.undecided[0].reason.zh).toBe('无法判断：台账第 8 行「放款日期」（T 列）2027-11-24、「商贷放款日期」（V 列）2027-11-24 晚于今天，改正后重新生成');
  });

  it('C (at 送银行) with a 面签日期 after today is 无法判断; with today after every date the sheet is as it was', () => {
    const units = smallRegister().map((u) => (u.room === '0103' ? { ...u, ...at(10), stages: { ...u.stages, bankInterview: '2027-11-02' } } : u));
    const m = build(units, '2026-11-30');
    expect(m.undecided.map((x) => [x.unit.room, x.columns])).toEqual([['0103', ['bankInterviewDate']]]);
    // Without today (or with it after every date) the sheet is as before: E this week, C at 送银行.
    const plain = build(smallRegister());
    const late = build(smallRegister(), '2026-12-31');
    expect([late.totals.weekCount, late.totals.weekAmount.toFixed(2), late.undecided]).toEqual([plain.totals.weekCount, plain.totals.weekAmount.toFixed(2), []]);
  });
});
