import { FLAG_NAMES, RULE_NAMES, factorPhraseOf, flagsOf, type Item, type Reconciliation } from '../../domain/reconcile';
import { disagreeingRepeat, repeatNoted, repeatsDisagree } from '../../domain/reconcile/explain';
import { repeatLabel } from '../../domain/reconcile/registerRepeats';
import type { XCell } from './xlsx';
import type { RegisterProjects } from '../../domain/reconcile/projects';
import { bankMemo, bankName, customerOf, bankMemoOf, bankNameOf, voucherOf, amountCell, cachedDate, customers, groupNotes, groupOf, isLeader, isMatchedGroup, isPlainPair, PROJECT_UNTOLD, projectCell, refs, sideCols, units, vouchers } from './reportRows';
import { TableSheet, type SheetContext } from './reportTable';
import type { UnitIndex } from './unitSheet';

/** 已匹配: one line per matched pair or split, with the rule and the factors that agreed; `unitIndex` gives a pair's 项目 (several projects) as 按户 found it. */
export async function writeMatchedSheet(c: SheetContext, unitIndex: UnitIndex): Promise<string[]> {
  const { wb, rec, items, pii, maxRows, noted, projects } = c;
  const period = rec.engine.period;
  const ok = new TableSheet(
    wb,
    '已匹配',
    [
      { header: '规则', width: 22, repeats: true },
      { header: '一致因素', width: 22, repeats: true, wrap: true },
      { header: '标记', width: 16, repeats: true, wrap: true },
      // As on 差异: file names, names and memos wrap rather than being cut off at the next column
      // (the two 农行 files differ only past "农行_监管户_2026-11-0"), and a 22-digit 流水号 fits.
      // The page has room for a common file name ("中行_监管户_2026-11.csv") on one line.
      { header: '银行文件', width: 26, repeats: true, wrap: true },
      { header: '银行行号', width: 9 },
      { header: '到账日期', width: 11, kind: 'date' },
      { header: '银行金额', width: 15, kind: 'money' },
      { header: '对方户名', width: 16, wrap: true },
      { header: '银行摘要', width: 24, wrap: true },
      { header: '流水号', width: 24, wrap: true },
      { header: '财务文件', width: 22, repeats: true, wrap: true },
      { header: '财务行号', width: 9 },
      { header: '入账日期', width: 11, kind: 'date' },
      { header: '凭证号', width: 10 },
      { header: '财务金额', width: 15, kind: 'money' },
      // A register of several projects: whose 1-1-101 the pair is, as on 按户 and 差异.
      ...(projects ? [{ header: '项目', width: 16, repeats: true as const, wrap: true as const }] : []),
      { header: '房号', width: 12, wrap: true },
      { header: '客户', width: 10, wrap: true },
      // Filled only on a line that closes an item carried in with a note typed on last month's 差异:
      // what was done about it stays beside the row that closed it.
      { header: '上期处理人', width: 10 },
      { header: '上期处理结果', width: 24, wrap: true },
    ],
    maxRows,
    // Printed as two pages across (the rule and the bank side; the finance side), 规则 on both,
    // rather than 17 columns shrunk to under half their size onto one page.
    { breaksAfter: [9], titleCols: 1, scale: 62 },
  );
  await ok.start();
  // One array refilled for every plain pair: the sheet reads it at once and keeps nothing.
  const pairCells: XCell[] = [];
  // A unit the register repeats on rows that disagree: its lines say so in 标记 as 按户 does, a clean pair
  // of it being no sign the register agrees with itself (its explanation says so too: repeatNoted).
  const repeats = repeatsDisagree(rec.engine);
  for (let at = 0; at < items.length; at++) {
    const it = items[at];
    if (!it.hasCps || !isLeader(it)) continue;
    if (isPlainPair(it) && it.side !== it.partner!.side && (noted === null || !(noted.has(it) || noted.has(it.partner!))) && !(repeats && repeatNoted(it, rec.engine))) {
      // Most lines of the month: the same cells as the general case below gives a group of two,
      // filled straight from the two items (no group, side lists or column objects per pair).
      const p = ok.add(plainPairCells(pairCells, it, rec, pii, projects && { projects, line: unitIndex.lineProject(at) }));
      if (p) await p;
      continue;
    }
    const g = groupOf(it);
    if (!isMatchedGroup(g)) continue;
    const b = g.filter((x) => x.side === 'bank');
    const f = g.filter((x) => x.side === 'finance');
    const bc = sideCols(b);
    const fc = sideCols(f);
    const agree = factorPhraseOf(it, rec.engine.config.dateWindowDays).agreeZh;
    const flagged = g.some((x) => x.flags) ? [...new Set(g.flatMap((x) => flagsOf(x)))].map((fl) => FLAG_NAMES[fl].zh).join('、') : '';
    const repeat = repeats ? disagreeingRepeat(g, rec.engine) : null;
    const marks = repeat ? [flagged, repeatLabel(repeat)].filter(Boolean).join('、') : flagged;
    const cells: XCell[] = [it.rule ? RULE_NAMES[it.rule].zh : '', agree, marks || null, bc.file, bc.rows, bc.date, bc.amount, bankName(b, pii), bankMemo(b, pii), refs(b), fc.file, fc.rows, fc.date, vouchers(f), fc.amount, units(g), customers(f, pii)];
    if (projects) cells.splice(15, 0, projectCell(g, projects));
    const note = noted ? groupNotes(g, noted, period, pii) : null;
    if (note) cells.push(note.by, note.result);
    await ok.add(cells);
  }
  await ok.end('无已匹配的款项 / Nothing was matched');
  return ok.names;
}

/**
 * The 已匹配 cells of a plain pair (isPlainPair, one bank row and one finance row) into `cells`:
 * what sideCols and the text helpers give for one item per side; no flags, so no 标记. With
 * `several` (a register of several projects), the pair's 项目 before 房号: `line`, the project of the
 * leader's 按户 line (UnitIndex.lineProject), when the pair is of one unit.
 */
function plainPairCells(cells: XCell[], it: Item, rec: Reconciliation, pii: boolean, several: { projects: RegisterProjects; line: string | null | undefined } | null): XCell[] {
  const cp = it.partner!;
  const b = it.side === 'bank' ? it : cp;
  const f = it.side === 'bank' ? cp : it;
  cells[0] = it.rule ? RULE_NAMES[it.rule].zh : '';
  cells[1] = factorPhraseOf(it, rec.engine.config.dateWindowDays).agreeZh;
  cells[2] = null;
  cells[3] = b.file;
  cells[4] = b.row;
  cells[5] = cachedDate(b.date);
  cells[6] = b.rej ? null : amountCell(b);
  cells[7] = bankNameOf(b, pii);
  cells[8] = bankMemoOf(b, pii);
  cells[9] = b.ref || null;
  cells[10] = f.file;
  cells[11] = f.row;
  cells[12] = cachedDate(f.date);
  cells[13] = voucherOf(f);
  cells[14] = f.rej ? null : amountCell(f);
  // units() of the group in output order, as groupOf gives it (it is the leader).
  const unit = it.unit === cp.unit ? it.unit || null : units([it, cp]);
  if (!several) {
    cells[15] = unit;
    cells[16] = customerOf(f, pii);
    return cells;
  }
  // One unit: the project 按户 found for the pair (projectOf looks at both rows), as projectCell would say it; two units, projectCell of the pair.
  const { projects, line } = several;
  let project: string | null;
  if (it.unit !== cp.unit) project = projectCell([it, cp], projects);
  else if (!it.unit) project = null;
  else {
    const p = line === undefined ? projects.projectOf(it.unit, it) : line;
    project = p ?? (projects.shared(it.unit) ? PROJECT_UNTOLD : null);
  }
  cells[15] = project;
  cells[16] = unit;
  cells[17] = customerOf(f, pii);
  return cells;
}
