/**
 * Parity: the same SheetLayouts rendered by the CLI's exceljs renderer (saved and read back as a
 * real .xlsx) and by the add-in's Office.js adapter (into the in-memory Excel) hold identical
 * cell values, number formats and dropdown lists.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { dateToExcelSerial } from '../../domain/dates';
import { buildFeeLedger, feeBalanceSheet, feeLedgerSheet } from '../../domain/fees/ledger';
import { buildProgress, progressSheet } from '../../domain/progress/build';
import type { SheetLayout } from '../../domain/sheets/layout';
import { wrappedLines } from '../../domain/sheets/wrap';
import { checkTitleSearches, titleSearchSheet, titleSearchSummarySheet } from '../../domain/titleSearch/index';
import { writeLayout } from '../../addin/excel/writeLayout';
import { FakeExcel, type FakeSheet } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';
import { loadRegister } from '../../addin/services/actions';
import { blankRegisterLayout } from '../../addin/services/register';
import { feeRules, sheetDescription, stageThresholds } from '../../addin/services/templates';
import { renderWorkbook } from '../../pipeline/render/workbook';

async function layouts(): Promise<SheetLayout[]> {
  const fake = new FakeExcel();
  const sample = sampleRegister({ units: 40, asOf: '2026-11-23' });
  fake.seed('Sheet1', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
  const reg = await loadRegister(memoryHost(fake), {}, '2026-11-23');
  const units = reg.units;
  const progress = progressSheet(
    buildProgress(units, { week: '2026-W47', thresholds: stageThresholds() }),
    sheetDescription('progress'),
    { lang: 'zh' },
  );
  const ledger = buildFeeLedger(units, feeRules(), { city: feeRules().maintenanceFund.cities[0].id });
  return [
    blankRegisterLayout('zh'),
    progress,
    titleSearchSheet(units[0], null, sheetDescription('title-search'), { lang: 'zh' }),
    titleSearchSummarySheet(checkTitleSearches(units.slice(0, 10), []), sheetDescription('title-search-summary'), { lang: 'zh', asOf: '2026-11-23' }),
    feeLedgerSheet(ledger, sheetDescription('fee-ledger'), { lang: 'zh' }),
    feeBalanceSheet(ledger, 'underpaid', sheetDescription('fee-balances'), { lang: 'en' }),
  ];
}

/** The layouts rendered both ways: through exceljs (written and read back) and through Office.js into the fake Excel. */
async function renderedBoth() {
  const all = await layouts();
  const wb = await renderWorkbook(all);
  const reread = new ExcelJS.Workbook();
  await reread.xlsx.load((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  const host = memoryHost();
  for (const layout of all) await writeLayout(host, layout);
  return { all, reread, host };
}

/** What Excel holds for an exceljs cell value: numbers, date serials, text, '=formula'. */
function fromExcelJs(v: ExcelJS.CellValue): unknown {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return dateToExcelSerial(v.toISOString().slice(0, 10));
  if (typeof v === 'object' && 'formula' in v) return `=${(v as ExcelJS.CellFormulaValue).formula}`;
  if (typeof v === 'object' && 'richText' in v) return (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
  return v;
}

function fromFake(s: FakeSheet, r: number, c: number): unknown {
  const cell = s.cell(r, c);
  if (!cell) return '';
  return cell.f ?? cell.v;
}

function listAt(s: FakeSheet, r: number, c: number): string[] | null {
  const v = s.validations.find((x) => r >= x.box.row && r < x.box.row + x.box.rows && c >= x.box.col && c < x.box.col + x.box.cols);
  return v ? v.list : null;
}

describe('exceljs and Office.js render a sheet layout identically', () => {
  it('values, number formats and dropdown lists match cell by cell', async () => {
    const { all, reread, host } = await renderedBoth();

    let cells = 0;
    let lists = 0;
    for (const layout of all) {
      const xs = reread.getWorksheet(layout.name)!;
      const fs = host.fake.sheet(layout.name);
      const width = Math.max(layout.columnWidths.length, ...layout.values.map((r) => r.length));
      const mismatches: string[] = [];
      for (let r = 0; r < layout.values.length; r++) {
        for (let c = 0; c < width; c++) {
          const xc = xs.getCell(r + 1, c + 1);
          const where = `${layout.name}!${xc.address}`;
          if (xc.isMerged && xc.master.address !== xc.address) continue; // exceljs echoes the master's value
          const a = fromExcelJs(xc.value);
          const b = fromFake(fs, r, c);
          if (a !== b) mismatches.push(`${where} value ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
          const nfA = xc.numFmt || 'General';
          const nfB = fs.cell(r, c)?.nf ?? 'General';
          if (nfA !== nfB) mismatches.push(`${where} format ${nfA} ≠ ${nfB}`);
          const dv = xc.dataValidation;
          const listA = dv && dv.type === 'list' ? String(dv.formulae?.[0] ?? '').replace(/^"|"$/g, '').split(',') : null;
          const listB = listAt(fs, r, c);
          if (JSON.stringify(listA) !== JSON.stringify(listB)) mismatches.push(`${where} list ${JSON.stringify(listA)} ≠ ${JSON.stringify(listB)}`);
          if (listB) lists++;
          cells++;
        }
      }
      expect(mismatches.slice(0, 10), layout.name).toEqual([]);
    }
    expect(cells).toBeGreaterThan(1000);
    expect(lists).toBeGreaterThan(100);
  });

  it('make the same rows taller for their wrapped text (计费依据, the 注意 line)', async () => {
    const { all, reread, host } = await renderedBoth();
    for (const layout of all) {
      const xs = reread.getWorksheet(layout.name)!;
      const fake = host.fake.sheet(layout.name);
      const heightsA: Record<number, number> = {};
      xs.eachRow({ includeEmpty: true }, (row, n) => {
        if (row.height) heightsA[n - 1] = row.height;
      });
      const heightsB = Object.fromEntries(fake.rowHeights);
      expect(heightsB, layout.name).toEqual(heightsA);
      expect(heightsA, layout.name).toEqual(Object.fromEntries((layout.rowHeights ?? []).map((h) => [h.row, h.height])));
    }
    // The fee ledger's deed-tax lines (one per unit) and its 注意 line are the ones.
    const ledger = all.find((l) => l.name === '费用台账')!;
    const tall = new Set(ledger.rowHeights!.map((h) => h.row));
    const deedTax = ledger.values.flatMap((row, r) => (row[4] === '契税' ? [r] : []));
    expect(deedTax.length).toBeGreaterThan(10);
    for (const r of deedTax) expect(tall.has(r), `row ${r + 1}`).toBe(true);
    expect(tall.has(ledger.values.findIndex((row) => row[0] === '注意：'))).toBe(true);
    // So are the header, where 未收(应收−已收) wraps in its column, and the label 未收合计（应收−已收）：, in column A.
    const header = ledger.table!.headerRow;
    expect(tall.has(header)).toBe(true);
    expect(tall.has(ledger.values.findIndex((row) => row[0] === '未收合计（应收−已收）：'))).toBe(true);
    // No other row is taller, but for 少收 / 多收 (a little long for its three columns) and units of three buyers or more.
    const others = [...tall].filter((r) => r !== header && !deedTax.includes(r) && !['注意：', '少收 / 多收：', '未收合计（应收−已收）：'].includes(String(ledger.values[r][0])));
    for (const r of others) expect(wrappedLines(String(ledger.values[r][3]), ledger.columnWidths[3]), `row ${r + 1}`).toBeGreaterThan(1);
  });

  it('print the same page header (the sheet’s title, with its week or date) and page numbers', async () => {
    const { all, reread, host } = await renderedBoth();
    const printed = all.map((layout) => {
      const hf = reread.getWorksheet(layout.name)!.headerFooter;
      const page = host.fake.sheet(layout.name).page;
      return [layout.name, hf.oddHeader ?? '', hf.oddFooter ?? '', page.leftHeader ? `&L${page.leftHeader}` : '', `&C${page.centerFooter}`];
    });
    for (const [name, header, footer, fakeHeader, fakeFooter] of printed) {
      expect(fakeHeader, name).toBe(header);
      expect(fakeFooter, name).toBe(footer);
      expect(footer, name).toBe('&C第 &P 页 / 共 &N 页  Page &P of &N');
    }
    expect(printed.find(([name]) => name === all[1].name)![1]).toMatch(/^&L.*按揭进度表（2026-W47）$/);
    // Every sheet prints its title (the blank register's 按揭台账（空白） too).
    expect(printed.filter(([, header]) => header.startsWith('&L')).length).toBe(all.length);
  });
});
