import type { RegisterUnit } from '../../domain/register';
import { openItems, openItemRows, seenTexts, type CarriedNote, type Item, type Reconciliation } from '../../domain/reconcile';
import { toFixed2 } from '../../domain/money';
import type { Bilingual } from '../../domain/text';
import { writeAtomically, type OutputGroup } from '../io/atomicWrite';
import { maskText, openItemOut } from './pii';
import { writeAccountSheet } from './balanceByAccount';
import { XlsxWriter, type XCell } from './xlsx';
import type { UnitNotesOutcome } from './notes';
import { writeBalanceSheet } from './balanceSheet';
import { carriedRepeats, diffLineOf, groupOf, isLeader, isMatchedGroup, isPlainPair, isProblemGroup, notedItems, voucherOf } from './reportRows';
import { TableSheet, type SheetContext } from './reportTable';
import { writeSummary } from './summarySheet';
import { UnitIndex, writeUnitSheet } from './unitSheet';
import { writeDiffSheet } from './diffSheet';
import { writeMatchedSheet } from './matchedSheet';

/**
 * The reconciliation report workbook (docs/reconcile-json.md, "The report workbook"): 汇总, 差异, 已匹配, 按户, 未解析, 余额调节表 / 分户调节 and the signature block, written in one pass by the streaming writer in xlsx.ts; each sheet's rows come from reportRows, summarySheet, balanceSheet and unitSheet.
 */

/** Excel's limit is 1,048,576 rows per sheet; a sheet that would pass it continues on "name(2)", … */
export const EXCEL_MAX_ROWS = 1_048_576;
export const OPEN_SHEET = '_anjie_open';
/** _anjie_open!E1: the cells after it record the statement rows the report read (seenRows). */
export const SEEN_MARK = 'seen/1';
/** After the statement rows' cells and an empty one: the cells after it record the journal lines the report read. */
export const SEEN_FINANCE_MARK = 'seenFinance/1';

export interface WorkbookOptions {
  /** Lands together with the run's other outputs, or not at all (OutputGroup). */
  group?: OutputGroup;
  showPii?: boolean;
  inputs?: readonly string[];
  register?: readonly RegisterUnit[];
  /** Rows per sheet before spilling (tests lower it); default Excel's limit. */
  maxRows?: number;
  /** Lines shown first on 汇总, under the title (files left out with --keep-going). */
  notices?: readonly string[];
  /** --project: the register's projects reconciled, named on 汇总 under the period. */
  projects?: readonly string[] | null;
  /** 处理人/处理结果 typed on last month's 按户, per unit: shown on this month's line of the unit. */
  unitNotes?: ReadonlyMap<string, readonly CarriedNote[]>;
  /** Bank files left out with --keep-going: recorded in _anjie_open!D1, so that next month's run says its open items are incomplete. */
  notRead?: readonly string[];
  /** Last month's report was given (--previous): rows dated before the period not carried in were reconciled in it. */
  previous?: boolean;
  /** What reading each input said (masked): listed on 汇总, where the person who signs sees them, not only on stdout. */
  fileMessages?: readonly FileMessage[];
}

/** A reader's warning or notice about one input file (a 合计 line that disagrees with the rows, the register's errors…). */
export interface FileMessage {
  side: 'bank' | 'finance' | 'register' | 'previous';
  file: string;
  kind: 'warning' | 'notice';
  text: Bilingual;
}

export interface WorkbookInfo {
  sheets: string[];
  /** Sheets that continued on further sheets. */
  spills: { sheet: string; continuedOn: string[] }[];
  /** The units that came with notes on last month's 按户, and which of them have no 按户 line this month; null when none did. */
  unitNotes: UnitNotesOutcome | null;
}

export async function writeReconcileWorkbook(target: string, rec: Reconciliation, opts: WorkbookOptions = {}): Promise<WorkbookInfo> {
  const pii = !!opts.showPii;
  const maxRows = opts.maxRows ?? EXCEL_MAX_ROWS;
  const items = rec.engine.items;
  // Count lines first so 汇总 (written first) can say where long sheets continue.
  // The leaders of 差异's groups and the rejected rows are kept (by index, in item order): those
  // sheets, short next to 已匹配, are then written without another pass over every item.
  const problemLeaders: number[] = [];
  const rejectedRows: number[] = [];
  let matched = 0;
  for (let k = 0; k < items.length; k++) {
    const it = items[k];
    if (it.rej) rejectedRows.push(k);
    if (isPlainPair(it)) {
      if (it.i < it.partner!.i) matched++; // counted once, at its leader
      continue;
    }
    if (!isLeader(it)) continue;
    const g = groupOf(it);
    if (isProblemGroup(g)) problemLeaders.push(k);
    if (isMatchedGroup(g)) matched++;
  }
  const problems = problemLeaders.length;
  const rejected = rejectedRows.length;
  const register = opts.register ?? [];
  const unitIndex = new UnitIndex(rec, register);
  // Last month's 按户 notes: on the lines of their units, and the units without a line this month named.
  const placed = opts.unitNotes?.size ? unitIndex.placeNotes(opts.unitNotes) : null;
  const unitNotes = placed?.byId ?? null;
  const unitNotesOutcome: UnitNotesOutcome | null = placed?.outcome ?? null;
  const spillNames = (name: string, n: number) => {
    const parts = Math.max(1, Math.ceil(n / (maxRows - 1)));
    return Array.from({ length: parts }, (_, k) => (k === 0 ? name : `${name}(${k + 1})`));
  };
  const notes: string[] = [];
  const spills: WorkbookInfo['spills'] = [];
  for (const [name, n] of [
    ['差异', problems],
    ['已匹配', matched],
    ['按户', unitIndex.count],
    ['未解析', rejected],
  ] as [string, number][]) {
    const names = spillNames(name, n);
    if (names.length > 1) {
      spills.push({ sheet: name, continuedOn: names.slice(1) });
      notes.push(`${name}超过 Excel 每表 ${maxRows.toLocaleString('en-US')} 行上限，续表：${names.slice(1).join('、')} / "${name}" continues on sheets ${names.slice(1).join(', ')}`);
    }
  }
  // Rows carrying 处理人/处理结果 notes brought forward from last month's 差异 (a handful, and none
  // at all without --previous: then nothing is looked up for any row below).
  const noted = rec.totals.carriedIn > 0 ? notedItems(items) : null;
  // Carried rows exported again: the lines of the repeats, for _anjie_open column C.
  const repeats = rec.totals.carriedIn > 0 ? carriedRepeats(items) : null;
  const sheets: string[] = [];
  await writeAtomically(
    target,
    async (temp) => {
      // Every printed page says which report it is of: the month and, with --project, the projects.
      const wb = new XlsxWriter(temp, { pageHeader: `按揭下款对账报告 ${rec.engine.period}${opts.projects ? ` ${opts.projects.join('、')}` : ''}` });
      await writeSummary(wb, rec, notes, opts.notices, opts.projects, unitNotesOutcome, opts.fileMessages);
      sheets.push('汇总');

      const c: SheetContext = { wb, rec, items, pii, maxRows, noted, projects: unitIndex.byProject ? unitIndex.registerProjects : null };
      sheets.push(...(await writeDiffSheet(c, problemLeaders)));
      sheets.push(...(await writeMatchedSheet(c, unitIndex)));
      sheets.push(...(await writeUnitSheet(c, unitIndex, unitNotes)));
      sheets.push(...(await writeRejectedSheet(c, rejectedRows)));

      const balance = await writeBalanceSheet(wb, rec, pii, maxRows, !!opts.previous);
      if (balance) sheets.push('余额调节表');
      if (balance?.accounts) {
        await writeAccountSheet(wb, rec.engine.period, balance.accounts);
        sheets.push('分户调节');
      }

      await writeOpenSheet(c, problemLeaders, repeats, opts.projects ?? null, opts.notRead ?? []);
      await wb.close();
    },
    { inputs: opts.inputs, group: opts.group },
  );
  return { sheets, spills, unitNotes: unitNotesOutcome };
}

/** 未解析: the rows no reader could read, each with its file, sheet, row, column and why. */
async function writeRejectedSheet(c: SheetContext, rejectedRows: readonly number[]): Promise<string[]> {
  const { wb, items, pii, maxRows } = c;
  const rej = new TableSheet(
    wb,
    '未解析',
    [
      { header: '方', width: 6, repeats: true },
      { header: '文件', width: 20, repeats: true },
      { header: '工作表', width: 12, repeats: true },
      { header: '行号', width: 8, kind: 'int' },
      { header: '列', width: 6, repeats: true },
      { header: '原因', width: 40 },
      { header: 'Reason', width: 40 },
      { header: '原始内容', width: 60 },
    ],
    maxRows,
  );
  await rej.start();
  for (const k of rejectedRows) {
    const it = items[k];
    if (!it.rej) continue;
    await rej.add([it.side === 'bank' ? '银行' : '财务', it.file, it.sheet || null, it.row, it.rej.column ?? null, maskText(it.rej.reason.zh, pii), maskText(it.rej.reason.en, pii), maskText(it.rej.raw.join(' | '), pii)]);
  }
  await rej.end('无未解析的行：各文件的每一行均已读入（各文件行数见“汇总”） / No rows were rejected: every row of every file was read (rows per file: see 汇总)');
  return rej.names;
}

/**
 * Open items for next month's --previous, in a very hidden sheet: one JSON object per row, and
 * beside it (column B) the 序号 of the 差异 line that shows the item, by which next month's run
 * finds the 处理人/处理结果 typed on that line (pipeline/reconcile/notes.ts); column C, when
 * rows repeating the item (a carried row exported again) have 差异 lines of their own, those lines
 * and the rows they show, as JSON, so a note typed there comes back with the item too. Readers
 * before the key look at column A only, readers before column C at A and B. Row 1: the key, the
 * period, with --project the projects as a JSON list (C1), with bank files left out by
 * --keep-going their names as a JSON list (D1), and from E1 on the rows the report read (seen).
 */
async function writeOpenSheet(c: SheetContext, problemLeaders: readonly number[], repeats: ReadonlyMap<Item, Item[]> | null, projects: readonly string[] | null, notRead: readonly string[]): Promise<void> {
  const { wb, rec, items, pii } = c;
  const hidden = await wb.sheet({ name: OPEN_SHEET, cols: [{ width: 20 }, { width: 10 }], state: 'veryHidden' });
  // C1 with --project: the projects whose open items these are (next month's run checks it).
  const first: XCell[] = ['anjie-open/1', rec.engine.period, projects ? JSON.stringify(projects) : null, notRead.length ? JSON.stringify(notRead) : null];
  // E1 and on: the statement rows of the period (seenRows), for next month's --previous: 'seen/1' and
  // the rows, space-separated, in cells under Excel's 32,767 characters; then an empty cell (where a
  // reader of 'seen/1' alone stops), SEEN_FINANCE_MARK and the journal lines the same way.
  first.push(SEEN_MARK, ...seenTexts(rec.engine, 'bank', ' ', 30_000));
  first.push(null, SEEN_FINANCE_MARK, ...seenTexts(rec.engine, 'finance', ' ', 30_000));
  await hidden.row(first);
  const openRows = openItemRows(rec.engine);
  // Each open item's text is capped so the JSON stays inside Excel's 32,767-character cell limit.
  for (const [k, o] of openItems(rec.engine).entries()) {
    const out = openItemOut(o, pii);
    const json = JSON.stringify({ ...out, text: out.text.slice(0, 8000) });
    const line = diffLineOf(openRows[k], items, problemLeaders);
    const also = repeats?.get(openRows[k]);
    await hidden.row(also ? [json, line, repeatLines(also, items, problemLeaders)] : [json, line]);
  }
  await hidden.end();
}

/** _anjie_open column C: the 差异 lines of the rows repeating an item, each with what it shows of its row; null when none has a line. */
function repeatLines(repeats: readonly Item[], items: readonly Item[], problemLeaders: readonly number[]): string | null {
  const out = [];
  for (const x of repeats) {
    const line = diffLineOf(x, items, problemLeaders);
    if (line !== null) out.push({ line, file: x.file, sheet: x.sheet, row: x.row, date: x.date || null, amount: toFixed2(x.amount), reference: x.ref || null, voucher: voucherOf(x) });
  }
  return out.length ? JSON.stringify(out) : null;
}
