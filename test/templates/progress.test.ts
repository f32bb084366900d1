import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { buildProgress, progressSheet } from '../../domain/progress/build';
import { signatureBlockPosition } from '../../domain/sheets/layoutSheet';
import { renderWorkbook } from '../../pipeline/render/workbook';
import { loadSheetDescription, loadStageThresholds } from '../../pipeline/render/templates';
import { smallRegister } from './smallRegister';

const thresholds = loadStageThresholds();
const model = () => buildProgress(smallRegister(), { week: '2026-W48', thresholds, bankOrder: ['中国工商银行', '中国建设银行'] });

describe('weekly progress model (2026-W48, small hand-made register)', () => {
  it('ICBC this week: 2 disbursements for ¥1,000,000.00 (A 700,000 + F commercial part 300,000)', () => {
    const m = model();
    const icbc = m.groups.find((g) => g.part === 'commercial' && g.bank === '中国工商银行')!;
    expect(icbc.summary.weekCount).toBe(2);
    expect(icbc.summary.weekAmount.toFixed(2)).toBe('1000000.00');
    // to date: A 700k + B 500k + D 400k + F 300k; I (11-30) is after the week
    expect(icbc.summary.cumulativeCount).toBe(4);
    expect(icbc.summary.cumulativeAmount.toFixed(2)).toBe('1900000.00');
    // open: A, B, C, F, I (D finished); still to disburse: C 600k + I 900k
    expect(icbc.lines.map((l) => l.unit.room).sort()).toEqual(['0101', '0102', '0103', '0106', '0109']);
    expect(icbc.summary.toDisburseAmount.toFixed(2)).toBe('1500000.00');
  });

  it('groups 商贷 by bank and 公积金 separately, combined loans in both', () => {
    const m = model();
    expect(m.groups.map((g) => g.label.zh)).toEqual(['商贷 · 中国工商银行', '商贷 · 中国建设银行', '公积金 · 住房公积金管理中心']);
    const pf = m.groups[2];
    expect(pf.lines.map((l) => [l.unit.room, l.loanAmount.toFixed(2)])).toEqual([
      ['0107', '400000.00'], // approved (stage 6)
      ['0106', '200000.00'], // disbursed stage reached, provident part still pending
    ]);
    expect(pf.summary.toDisburseAmount.toFixed(2)).toBe('600000.00');
  });

  it('days in stage, overdue and changed-this-week marks', () => {
    const lines = model().groups.flatMap((g) => g.lines);
    const c = lines.find((l) => l.unit.room === '0103')!;
    expect([c.stage, c.daysInStage, c.limitDays, c.overdue]).toEqual(['sentToBank', 28, 15, true]); // 11-01 → 11-29
    const a = lines.find((l) => l.unit.room === '0101')!;
    expect([a.changedThisWeek, a.overdue, a.daysInStage]).toEqual([true, false, 5]);
    const i = lines.find((l) => l.unit.room === '0109')!;
    expect(i.stage).toBe('mortgageRegistered'); // the 11-30 disbursement is after the as-of date
  });

  it('a loan without a guarantee deposit is finished once the certificate is handed over', () => {
    const units = smallRegister().map((u) => (u.room === '0102' ? { ...u, depositRatio: new Decimal('0') } : u));
    const m = buildProgress(units, { week: '2026-W48', thresholds });
    expect(m.groups.flatMap((g) => g.lines.map((l) => l.unit.room))).not.toContain('0102');
    expect(model().groups.flatMap((g) => g.lines.map((l) => l.unit.room))).toContain('0102');
  });

  it('totals: this week 3 for ¥1,800,000.00 (大写), to disburse ¥2,100,000.00', () => {
    const m = model();
    expect(m.totals.weekCount).toBe(3);
    expect(m.totals.weekAmount.toFixed(2)).toBe('1800000.00');
    expect(m.totals.cumulativeAmount.toFixed(2)).toBe('2700000.00');
    expect(m.totals.toDisburseAmount.toFixed(2)).toBe('2100000.00');
    expect(m.totals.lineCount).toBe(8);
    expect(m.totals.unitCount).toBe(7); // 0106 is a 组合贷款: one line under ICBC, one under 公积金
    const layout = progressSheet(m, loadSheetDescription('progress'), { lang: 'zh' });
    const flat = layout.values.flat();
    expect(flat).toContain('人民币壹佰捌拾万元整');
    expect(flat).toContain('人民币贰佰壹拾万元整');
    expect(flat).toContain('小计（5户）');
    expect(flat).toContain('合计（7户，8笔）');
    const sig = signatureBlockPosition(layout)!;
    expect(layout.values[sig.row][sig.reviewedBy.col - 1]).toBe('审核(经理)：');
    expect(sig.row).toBe(layout.values.length - 1);
  });

  it('summary 合计 counts a 组合贷款 once as a unit (户) while both of its loans add to the amounts', () => {
    // F (0106) also gets its provident part on 11-26: F is in ICBC's and 公积金's lines, one unit.
    const units = smallRegister().map((u) => (u.room === '0106' ? { ...u, providentDisbursed: u.providentLoan, providentDisbursedDate: '2026-11-26' } : u));
    const m = buildProgress(units, { week: '2026-W48', thresholds, bankOrder: ['中国工商银行', '中国建设银行'] });
    const layout = progressSheet(m, loadSheetDescription('progress'), { lang: 'zh' });
    const [summaryTotal, stageTotal] = layout.values.filter((r) => r[0] === '合计');
    const money = (v: unknown) => (v as { value: string }).value;
    // this week A, E, F (F's two credits 300,000 + 200,000); to date also B and D; open A B C E F G I
    expect([summaryTotal[2], money(summaryTotal[3]), summaryTotal[4], money(summaryTotal[5]), summaryTotal[6]]).toEqual([3, '2000000.00', 5, '2900000.00', 7]);
    expect(layout.values.flat()).toContain('合计（7户，8笔）');
    // Under ICBC 2 + CCB 1 + 公积金 1 this week's 合计 is 3, not 4: the row says why.
    expect(summaryTotal[1]).toBe('组合贷款计1户');
    // open units per stage: 放款 A E F (F once), 他项权证移交 B, 抵押/预告登记 I, 送银行 C, 审批通过 G
    const header = layout.values.find((r) => r[0] === '类别' && r.includes('放款'))!;
    expect(stageTotal[header.indexOf('放款')]).toBe(3);
    expect(layout.values.flat()).toContain('本周放款：');
    expect(layout.values.find((r) => r[0] === '本周放款：')![1]).toBe('3 户，¥2,000,000.00');
    const en = progressSheet(m, loadSheetDescription('progress'), { lang: 'en' });
    expect(en.values.find((r) => r[0] === 'This week:')![1]).toBe('3 unit(s), ¥2,000,000.00');
    expect(en.values.find((r) => r[0] === 'Total')![1]).toBe('combined loans count once');
  });

  it('a finished unit adds nothing to 待放款: the summary per bank ties to its 小计', () => {
    // D (0104) was credited 360,000 of its 400,000 (10% deposit withheld) and is finished: deposit refunded.
    const units = smallRegister().map((u) => (u.room === '0104' ? { ...u, commercialDisbursed: new Decimal('360000.00'), commercialDisbursedDate: '2026-06-15' } : u));
    const m = buildProgress(units, { week: '2026-W48', thresholds, bankOrder: ['中国工商银行', '中国建设银行'] });
    const layout = progressSheet(m, loadSheetDescription('progress'), { lang: 'zh' });
    const summaryIcbc = layout.values.find((r) => r[0] === '商贷' && r[1] === '中国工商银行')!;
    const subtotalIcbc = layout.values.find((r) => String(r[0]).startsWith('小计'))!;
    const money = (v: unknown) => (v as { value?: string; result?: string }).value ?? (v as { result: string }).result;
    // C 600,000 + I 900,000, as in the table
    expect([money(summaryIcbc[7]), money(subtotalIcbc[8])]).toEqual(['1500000.00', '1500000.00']);
  });

  it('prints the summaries above the unit table: the table header repeats on every page, so summaries below it printed under columns not theirs', () => {
    const layout = progressSheet(model(), loadSheetDescription('progress'), { lang: 'zh' });
    const rowOf = (text: string) => layout.values.findIndex((r) => r[0] === text);
    const header = rowOf('序号');
    expect(layout.print.repeatRows).toEqual({ from: header, to: header });
    for (const title of ['各银行汇总', '在途各阶段户数', '合计金额（大写）']) expect(rowOf(title), title).toBeLessThan(header);
    // Nothing but the table, its notes and the signature after the header.
    expect(layout.values.slice(header + 1).flat()).not.toContain('本周放款户数');
  });

  it('on screen the unit rows can be reached: the summaries above the table are not frozen with it, the header still prints on every page', async () => {
    const wb = await renderWorkbook([progressSheet(model(), loadSheetDescription('progress'), { lang: 'zh' })]);
    const ws = wb.worksheets[0];
    const header = ws.getColumn(1).values.indexOf('序号');
    expect(header).toBeGreaterThan(20); // title, info lines and three summaries above it
    // A 1366×768 laptop shows about 470 px (350 pt) of the grid at 100 %: a frozen top taller than a
    // third of it leaves a few unit rows, or none, and they cannot be scrolled into view under it.
    const view = ws.views[0] as { ySplit?: number; xSplit?: number };
    let frozen = 0;
    for (let r = 1; r <= (view.ySplit ?? 0); r++) frozen += ws.getRow(r).height ?? 15;
    expect(frozen).toBeLessThanOrEqual(120);
    expect(view.xSplit).toBe(2); // 序号 and 房号 stay in view across
    expect(ws.pageSetup.printTitlesRow).toBe(`${header}:${header}`);
    expect(ws.autoFilter).toMatchObject({ from: { row: header, column: 1 } });
  });
});
