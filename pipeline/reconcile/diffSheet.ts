import { Money } from '../../domain/money';
import { explain } from '../../domain/reconcile';
import { bankMemo, bankName, customers, finSummary, groupNotes, groupOf, problemLabel, projectCell, refs, sideCols, sum, units, vouchers } from './reportRows';
import { TableSheet, num, type SheetContext } from './reportTable';

/** 差异: one line per problem — both sides, the difference, the flag, the explanation — and empty 处理人 / 处理结果 for people (or last month's, brought forward). */
export async function writeDiffSheet(c: SheetContext, problemLeaders: readonly number[]): Promise<string[]> {
  const { wb, rec, items, pii, maxRows, noted, projects } = c;
  const period = rec.engine.period;
  const diff = new TableSheet(
    wb,
    '差异',
    [
      { header: '序号', width: 7, kind: 'int' },
      { header: '差异类型', width: 16, repeats: true, wrap: true },
      { header: '银行文件', width: 18, repeats: true, wrap: true },
      { header: '银行行号', width: 9 },
      { header: '到账日期', width: 11, kind: 'date' },
      { header: '银行金额', width: 15, kind: 'money' },
      { header: '对方户名', width: 16, wrap: true },
      { header: '银行摘要', width: 22, wrap: true },
      // Wide enough for a 22-digit 流水号 (CCB) on one line; several (a reversal's pair) wrap at the ", ".
      { header: '流水号', width: 24, wrap: true },
      { header: '财务文件', width: 18, repeats: true, wrap: true },
      { header: '财务行号', width: 9 },
      { header: '入账日期', width: 11, kind: 'date' },
      { header: '凭证号', width: 10 },
      { header: '财务摘要', width: 22, wrap: true },
      { header: '财务金额', width: 15, kind: 'money' },
      // A register of several projects: whose 1-1-101 the line is about, as on 按户 (filtered to hand each project's lines to its team).
      ...(projects ? [{ header: '项目', width: 16, repeats: true as const, wrap: true as const }] : []),
      { header: '房号', width: 12, wrap: true },
      { header: '客户', width: 10, wrap: true },
      { header: '差额(银行−财务)', width: 15, kind: 'money' },
      { header: '说明', width: 40, wrap: true },
      { header: 'Explanation', width: 50, wrap: true },
      { header: '处理人', width: 10 },
      // Wrapped: a note brought forward from last month (【10月】…) shows whole.
      { header: '处理结果', width: 20, wrap: true },
    ],
    maxRows,
    // People work through this list on paper too: three pages across (bank side; finance side and
    // difference; explanation and the columns they fill in), each with 序号 and 差异类型, at a
    // legible scale, rather than 22 columns shrunk to a third onto one page. 项目, when there, is on the second.
    { breaksAfter: [8, projects ? 18 : 17], titleCols: 2, scale: 75 },
  );
  await diff.start();
  let n = 0;
  for (const k of problemLeaders) {
    const it = items[k];
    const g = groupOf(it);
    const b = g.filter((x) => x.side === 'bank');
    const f = g.filter((x) => x.side === 'finance');
    const bc = sideCols(b);
    const fc = sideCols(f);
    const d = bc.amount === null && fc.amount === null ? null : num(new Money(bc.amount === null ? 0 : sum(b)).minus(fc.amount === null ? 0 : sum(f)));
    const e = explain(it, rec.engine);
    const note = noted ? groupNotes(g, noted, period, pii) : null;
    const cells = [++n, problemLabel(g), bc.file, bc.rows, bc.date, bc.amount, bankName(b, pii), bankMemo(b, pii), refs(b), fc.file, fc.rows, fc.date, vouchers(f), finSummary(f, pii), fc.amount, units(g), customers(f, pii), d, e.zh, e.en, note?.by ?? null, note?.result ?? null];
    if (projects) cells.splice(15, 0, projectCell(g, projects));
    await diff.add(cells);
  }
  await diff.end('无差异：所有款项均已匹配 / No differences: every row of the month was matched');
  return diff.names;
}
