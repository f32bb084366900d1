import type Decimal from 'decimal.js';
import { Money, toFixed2 } from '../../domain/money';
import { amountWidth } from '../../domain/sheets/fit';
import { FLAG_NAMES, FLAGS, INFO_FLAGS, OUTCOME_ORDER, SET_ASIDE_OUTCOMES, carriedText, type GroupTotals, type Reconciliation } from '../../domain/reconcile';
import { bankProfiles } from '../read/profile';
import { S, XlsxWriter, type StyleId, type XCell } from './xlsx';
import { OUTCOME_NAMES } from './reportRows';
import { unitNotesText, type UnitNotesOutcome } from './notes';
import { num } from './reportTable';
import type { FileMessage } from './workbook';

/** 汇总: counts and amounts per bank and per flag, the auto-match rate, and the tie-out of each side's total to the fen. */

export async function writeSummary(wb: XlsxWriter, rec: Reconciliation, notes: string[], notices: readonly string[] = [], projects: readonly string[] | null = null, unitNotes: UnitNotesOutcome | null = null, fileMessages: readonly FileMessage[] = []): Promise<void> {
  // The rows are gathered first and the sheet written after, its columns as wide as their amounts.
  const lines: { values: XCell[]; styles: StyleId[] }[] = [];
  const t = rec.totals;
  const add = async (values: XCell[], opts: { bold?: boolean; header?: boolean; title?: boolean; money?: number[]; pct?: number[] } = {}) => {
    const base: StyleId = opts.title ? S.title : opts.header ? S.header : opts.bold ? S.bold : S.text;
    const styles: StyleId[] = values.map(() => base);
    for (const c of opts.money ?? []) styles[c - 1] = opts.bold ? S.boldMoney : S.money;
    for (const c of opts.pct ?? []) styles[c - 1] = S.pct;
    // A text after a figure is set in: flush against it, "94.74%" and "162 / 171" printed as
    // "94.74%162 / 171", the carried-in count 2 and "2 项：本期核销…" as "22 项…", ¥0.00 and 相符 ✓ as one.
    values.forEach((v, i) => {
      if (i && typeof v === 'string' && v && typeof values[i - 1] === 'number' && styles[i] === S.text) styles[i] = S.indent;
    });
    lines.push({ values, styles });
  };
  await add(['按揭下款对账报告 / Disbursement reconciliation report'], { title: true });
  for (const n of notices) await add([n], { bold: true });
  await add(['对账期间 Period', rec.engine.period]);
  if (projects) await add(['项目 Project', projects.join('、')]);
  await add(['自动匹配率 Auto-match rate', t.matchRate.toNumber(), `${t.matchedRows} / ${t.candidateRows}`], { pct: [2] });
  await add([]);
  await add(['结果 Outcome', '名称', '银行笔数', '银行金额', '财务笔数', '财务金额'], { header: true });
  // Outcomes only: LATE_BOOKING, DEPOSIT_WITHHELD and SPLIT_MATCH ride on MATCHED rows (see the flags table).
  for (const o of OUTCOME_ORDER.filter((x) => !(INFO_FLAGS as readonly string[]).includes(x))) {
    const b = t.bank.byOutcome.get(o);
    const f = t.finance.byOutcome.get(o);
    await add([o, OUTCOME_NAMES[o].zh, b?.rows ?? 0, num(b?.amount ?? new Money(0)), f?.rows ?? 0, num(f?.amount ?? new Money(0))], { money: [4, 6] });
  }
  await add(['TOTAL', '合计', t.bank.rows, num(t.bank.amount), t.finance.rows, num(t.finance.amount)], { bold: true, money: [4, 6] });
  await add([]);
  await add(['勾稽 Tie-out', '', '笔数', '合计金额', '已匹配+各结果', '差额', '结论'], { header: true });
  for (const [label, g] of [
    ['银行流水 Bank', t.bank],
    ['财务入账 Finance', t.finance],
  ] as [string, GroupTotals][]) {
    let parts = new Money(0);
    let rows = 0;
    for (const b of g.byOutcome.values()) {
      parts = parts.plus(b.amount);
      rows += b.rows;
    }
    const diff = g.amount.minus(parts);
    const ok = diff.isZero() && rows === g.rows;
    await add([label, '合计 = 已匹配 + 各差异', g.rows, num(g.amount), num(parts), num(diff), ok ? '相符 ✓' : '不符 ✗'], { money: [4, 5, 6] });
  }
  await add([]);
  // Per bank and per account, the rate is the top figure's: MATCHED rows ÷ candidate rows. Rows set
  // aside (非按揭, 冲正, 重复, 未解析) are counted in their own columns, not as unmatched: a duplicate
  // copy made one bank 75 % under an overall 100 %.
  const groupHeader = ['笔数', '金额', '单列笔数', '单列金额', '已匹配笔数', '已匹配金额', '未匹配笔数', '未匹配金额', '匹配率'];
  await add(['银行 Bank', '名称', ...groupHeader], { header: true });
  const perGroup = async (key: string, g: GroupTotals, name = '') => {
    const m = g.byOutcome.get('MATCHED');
    const mr = m?.rows ?? 0;
    const ma = m?.amount ?? new Money(0);
    let sr = 0;
    let sa: Decimal = new Money(0);
    for (const [o, b] of g.byOutcome)
      if (SET_ASIDE_OUTCOMES.has(o)) {
        sr += b.rows;
        sa = sa.plus(b.amount);
      }
    const candidates = g.rows - sr;
    const rate = candidates ? new Money(mr).div(candidates).toDecimalPlaces(4, Money.ROUND_HALF_UP).toNumber() : 0;
    await add([key || '(未知)', name, g.rows, num(g.amount), sr, num(sa), mr, num(ma), candidates - mr, num(g.amount.minus(sa).minus(ma)), rate], { money: [4, 6, 8, 10], pct: [11] });
  };
  // The bank's Chinese name beside its code (ABC → 中国农业银行), as the outcome and flag tables name theirs.
  const bankNames = new Map<string, string>();
  for (const p of bankProfiles()) if (!bankNames.has(p.bank)) bankNames.set(p.bank, p.name.zh.split(/\s/)[0]);
  for (const [k, g] of [...t.byBank.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) await perGroup(k, g, bankNames.get(k) ?? '');
  await add([]);
  await add(['财务科目 Finance account', '', ...groupHeader], { header: true });
  for (const [k, g] of [...t.byAccount.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) await perGroup(k, g);
  await add(['匹配率 = 已匹配笔数 ÷（笔数 − 单列笔数），与自动匹配率同一口径；单列为非按揭款、冲正/冲销、重复、无法解析的行 / Match rate = matched ÷ (rows − set aside), as the auto-match rate; set aside: not mortgage, reversed, duplicate, unparseable rows']);
  await add([]);
  await add(['标记 Flag', '名称', '行数(含该标记)'], { header: true });
  for (const f of FLAGS) await add([f, FLAG_NAMES[f].zh, t.flags.get(f) ?? 0]);
  await add([]);
  const fx = foreignSummary(t);
  if (fx) {
    await add([fx]);
    await add([]);
  }
  await add(['文件 File', '方 Side', '读入行数', '其中未解析'], { header: true });
  for (const f of t.files) await add([f.file, f.side === 'bank' ? '银行' : '财务', f.rows, f.rejected]);
  const carried = carriedText(rec.engine);
  if (carried) await add(['上期结转未达项 Carried in', '', t.carriedIn, carried.zh]);
  if (unitNotes) await add(['上期按户处理人/处理结果 Unit notes', '', unitNotes.shown + unitNotes.missing.length + unitNotes.unclear.length, unitNotesText(unitNotes).zh]);
  await add([]);
  // What reading the inputs said (a 合计 line that disagrees with the rows, the register's errors, an
  // incomplete --previous): the person who signs reads 汇总, not the run's stdout.
  if (fileMessages.length) {
    await add(['读取提示 File messages', '方 Side', '类型 Kind', '内容 Message'], { header: true });
    for (const m of fileMessages) await add([m.file, SIDE_NAMES[m.side], m.kind === 'warning' ? '警告 warning' : '注意 note', `${m.text.zh} / ${m.text.en}`]);
    await add([]);
  }
  for (const n of notes) await add([n]);
  if (notes.length) await add([]);
  await add(['说明：金额为带符号合计（银行收入为正、支出为负；财务借方为正、贷方为负）；未解析行与外币流水计笔数不计金额。']);
  await add([]);
  await add(['制表：', '', '审核：', '', '日期：', ''], { bold: true });
  // Column A is wide enough for a bank's file name ("农行_监管户_2026-11-01至11-23.xlsx"), which the file
  // table lists there. A column of amounts is as wide as its widest: a month's ¥2,008,545,265.24 in
  // 已匹配+各结果 (a column of counts below it, 14 wide) showed the tie-out the manager signs as ###.
  const widths = [36, 22, 12, 18, 14, 18, 14, 18, 14, 18, 12];
  for (const { values, styles } of lines)
    values.forEach((v, i) => {
      if (typeof v === 'number' && (styles[i] === S.money || styles[i] === S.boldMoney)) widths[i] = Math.max(widths[i], amountWidth(v));
    });
  const ws = await wb.sheet({ name: '汇总', cols: widths.map((w) => ({ width: w })), orientation: 'landscape' });
  for (const { values, styles } of lines) await ws.row(values, styles);
  await ws.end();
}

const SIDE_NAMES: Record<FileMessage['side'], string> = { bank: '银行', finance: '财务', register: '台账', previous: '上期' };

/** The 汇总 line on statement rows in other currencies set aside, or null when there are none. */
export function foreignSummary(t: Reconciliation['totals']): string | null {
  if (!t.foreignCurrency.size) return null;
  let rows = 0;
  for (const b of t.foreignCurrency.values()) rows += b.rows;
  const zh = [...t.foreignCurrency].map(([cur, b]) => `${cur} ${b.rows} 笔 ${toFixed2(b.amount)}`);
  const en = [...t.foreignCurrency].map(([cur, b]) => `${cur}: ${b.rows} row(s), ${toFixed2(b.amount)}`);
  return `外币流水 Foreign-currency rows: ${rows} 笔已单列为非按揭款，不参与匹配，不计入人民币金额合计（${zh.join('；')}） / ${rows} row(s) set aside as NOT_MORTGAGE, not matched, not in the ¥ totals (${en.join('; ')})`;
}
