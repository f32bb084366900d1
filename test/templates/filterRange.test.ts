/**
 * A filter must not hide the 合计. Excel filters only the rows inside the autofilter's range; a 合计
 * row inside it has empty filter-column cells, so any criterion (逾期 = 是, one bank) hid it — the one
 * figure a specialist filtering wants to see for the rows left. The range covers the header, the data
 * and the 小计 rows, and ends on the row above the 合计; the 无法判断 rows after the 合计 stay outside
 * (never hidden). Row numbers worked out by hand from the small registers below.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { buildFeeLedger, feeLedgerSheet } from '../../domain/fees/ledger';
import { buildProgress, progressSheet } from '../../domain/progress/build';
import type { RegisterUnit } from '../../domain/register';
import { parseRegisterSheet, type RawCell } from '../../domain/registerValidation/parse';
import { columnLetter } from '../../domain/issues';
import type { SheetLayout } from '../../domain/sheets/layout';
import { renderWorkbook } from '../../pipeline/render/workbook';
import { loadFeeRules, loadSheetDescription, loadStageThresholds } from '../../pipeline/render/templates';
import { smallRegister } from './smallRegister';

const thresholds = loadStageThresholds();

/**
 * smallRegister with E's (0105, the one CCB loan) 放款日期 unreadable: E is 无法判断, listed after the 合计.
 * Open lines (progress.test / progressUndecided.test): ICBC A B C F(商贷) I = 5, 公积金 F G = 2; CCB empty, left off.
 * Under the header: 商贷·工行 group, 5 lines, 小计 (rows +1…+7), 公积金 group, 2 lines, 小计 (+8…+11),
 * 合计 (+12), then the 无法判断 group (+13) and E's row (+14).
 */
function progressLayout(): SheetLayout {
  const units: RegisterUnit[] = smallRegister().map((u) => {
    if (u.room !== '0105') return u;
    const { disbursed: _, ...stages } = u.stages;
    return { ...u, stages, unreadable: ['disbursedDate'], source: { file: 'R.xlsx', sheet: '按揭台账', row: 12 } };
  });
  const m = buildProgress(units, { week: '2026-W48', thresholds, bankOrder: ['中国工商银行', '中国建设银行'], columns: { disbursedDate: 'T' } });
  return progressSheet(m, loadSheetDescription('progress'), { lang: 'zh' });
}

/** Two filed homes, each with its three fees (契税, 维修资金, 登记费): six lines under the header (+1…+6), the 合计 at +7. */
function feeLayout(): SheetLayout {
  const base: Record<string, RawCell> = { project: '滨江花园', building: '1', unit: '1', usage: '住宅', buildingType: '高层', floorArea: 100, buyer1Name: '张三', buyer1IdType: '身份证', buyer1IdNumber: '11010519491231002X', contractDate: '2025-03-01', filingDate: '2025-03-05', totalPrice: 1090000, downPayment: 1090000, householdHomes: '首套', deedTaxCollected: 10000, maintenanceFundCollected: 20000, registrationFeeCollected: 80 };
  const keys = [...Object.keys(base), 'room', 'contractNo'];
  const columns = Object.fromEntries(keys.map((k, i) => [k, columnLetter(i + 1)]));
  const rows = ['101', '102'].map((room, i) => ({ row: i + 2, cells: { ...base, room, contractNo: `HT-${i}` } }));
  const { units } = parseRegisterSheet({ file: '按揭台账.xlsx', sheet: '按揭台账', headerRow: 1, columns, headers: Object.fromEntries(keys.map((k) => [k, k])), rows });
  const ledger = buildFeeLedger(units, loadFeeRules(), { city: 'beijing' });
  return feeLedgerSheet(ledger, loadSheetDescription('fee-ledger'), { lang: 'zh' });
}

const rowOf = (layout: SheetLayout, text: string) => layout.values.findIndex((r) => r.some((v) => typeof v === 'string' && v.startsWith(text)));

describe('the autofilter ends above the 合计 (layout)', () => {
  it('progress: header to the last 小计; the 合计 and the 无法判断 rows after it are outside', () => {
    const layout = progressLayout();
    const t = layout.table!;
    expect(layout.values[t.headerRow]).toContain('房号');
    // the 合计 where the hand count puts it, then the 无法判断 block
    expect(rowOf(layout, '合计（')).toBe(t.headerRow + 12);
    expect(rowOf(layout, '无法判断（')).toBe(t.headerRow + 13);
    expect(String(layout.values[t.headerRow + 11][0])).toMatch(/^小计/);
    expect(t.filterLastRow).toBe(t.headerRow + 11);
    // the table itself (borders, formats) still reaches E's 无法判断 row
    expect(t.lastDataRow).toBe(t.headerRow + 14);
    // print titles are the header row, as before; no rows are frozen under the summaries (progress.test)
    expect(layout.print.repeatRows).toEqual({ from: t.headerRow, to: t.headerRow });
    expect(layout.freeze.rows).toBe(0);
  });

  it('progress: the 合计 still sums every data row from the first under the header to the row above it', () => {
    const layout = progressLayout();
    const t = layout.table!;
    const total = layout.values[t.headerRow + 12];
    const sums = total.filter((v): v is { kind: 'formula'; formula: string; result: string | number } => !!v && typeof v === 'object' && v.kind === 'formula');
    expect(sums.length).toBeGreaterThan(0);
    // 1-based: first data row headerRow + 2, the last 小计 headerRow + 12
    for (const s of sums) expect(s.formula).toMatch(new RegExp(`^SUBTOTAL\\(9,[A-Z]+${t.headerRow + 2}:[A-Z]+${t.headerRow + 12}\\)$`));
  });

  it('fee ledger: header and the six fee lines; the 合计 below is outside', () => {
    const layout = feeLayout();
    const t = layout.table!;
    expect(rowOf(layout, '合计')).toBe(t.headerRow + 7);
    expect(t.filterLastRow).toBe(t.headerRow + 6);
  });
});

describe('the exceljs-written file: <autoFilter ref> ends above the 合计', () => {
  it('progress and fee ledger', async () => {
    const progress = progressLayout();
    const fees = feeLayout();
    const wb = await renderWorkbook([progress, fees]);
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    const refs: string[] = [];
    for (const n of Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f)).sort()) {
      const m = /<autoFilter ref="([A-Z]+\d+:[A-Z]+\d+)"/.exec(await zip.file(n)!.async('string'));
      if (m) refs.push(m[1]);
    }
    // 1-based rows: header headerRow + 1; progress ends on its last 小计 (headerRow + 12), the fee ledger on its sixth line (headerRow + 7).
    const p = progress.table!;
    const f = fees.table!;
    expect(refs).toEqual([`A${p.headerRow + 1}:${columnLetter(p.cols)}${p.headerRow + 12}`, `A${f.headerRow + 1}:${columnLetter(f.cols)}${f.headerRow + 7}`]);
    // and the 合计 is the row right under it
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(await wb.xlsx.writeBuffer());
    expect(String(back.worksheets[0].getCell(p.headerRow + 13, 1).value)).toMatch(/^合计（/);
    expect(String(back.worksheets[1].getCell(f.headerRow + 8, 1).value)).toMatch(/^合计/);
  });
});
