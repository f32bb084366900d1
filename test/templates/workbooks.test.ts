import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildFeeLedger, type FeeLedger } from '../../domain/fees/ledger';
import { toFixed2 } from '../../domain/money';
import { buildProgress, type ProgressModel } from '../../domain/progress/build';
import { wrappedLines } from '../../domain/sheets/wrap';
import { readRegister } from '../../pipeline/read/register';
import { loadFeeRules, loadSheetDescription, loadStageThresholds } from '../../pipeline/render/templates';
import { makeUnit } from './helpers';
import { convertToCsv, convertToPdf, moneyText, pdfPages, pdfPageToPng, pdfWords, readCsv, type PdfWord } from './libreoffice';
import { writeRegisterFile } from './registerFile';
import { smallRegister } from './smallRegister';
import { anjie } from '../helpers/cli';

/**
 * Every generated workbook is re-read with exceljs and compared with the model, then opened by
 * LibreOffice (PDF and CSV): the CSV totals must equal the model's. The progress sheet's first
 * PDF page is kept as test-artifacts/templates/progress-page1.png for a person to look at.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-wb-'));
const artifacts = path.resolve(__dirname, '../../test-artifacts/templates');
const f = (name: string) => path.join(dir, name);


async function open(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

function findRow(ws: ExcelJS.Worksheet, test: (a: unknown) => boolean): number {
  for (let r = 1; r <= ws.rowCount; r++) if (test(ws.getCell(r, 1).value)) return r;
  return -1;
}

/** A numeric cell (plain number or formula result) as decimal text to the fen. */
function fen(v: ExcelJS.CellValue): string {
  const n = typeof v === 'object' && v !== null && 'result' in v ? (v as { result: unknown }).result : v;
  if (typeof n !== 'number') throw new Error(`not a number: ${JSON.stringify(v)}`);
  return toFixed2(new Decimal(String(n)));
}

let progressModel: ProgressModel;
let ledger: FeeLedger;
let csv: Map<string, Map<string, string>>;
let pdfs: string[];

beforeAll(async () => {
  // The small register, plus one buyer who paid the deed tax short.
  const units = [
    ...smallRegister(),
    {
      ...makeUnit({ room: '0201', floorArea: '100.00', totalPrice: '1090000.00', downPayment: '1090000.00', loanType: null, bank: null, commercialLoan: null }),
      deedTaxCollected: new Decimal('9000.00'),
      maintenanceFundCollected: new Decimal('9000.00'),
      registrationFeeCollected: new Decimal('80'),
    },
  ];
  await writeRegisterFile(f('R.xlsx'), units);
  for (const args of [
    ['register', 'new', '--out', f('R0.xlsx'), '--rows', '30'],
    ['progress', '--register', f('R.xlsx'), '--week', '2026-W48', '--out', f('P.xlsx')],
    ['progress', '--register', f('R.xlsx'), '--week', '2026-W48', '--out', f('PE.xlsx'), '--lang', 'en'],
    ['title-search', '--register', f('R.xlsx'), '--out', f('T.xlsx')],
    ['fees', '--register', f('R.xlsx'), '--city', 'guangzhou', '--out', f('F.xlsx')],
    ['fees', '--register', f('R.xlsx'), '--city', 'guangzhou', '--out', f('FE.xlsx'), '--lang', 'en'],
  ]) {
    // On Monday 11-30, when the W48 sheet is due: no date of the register is after the day of the run (I is credited that day).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-30T02:00:00Z'));
    const r = await anjie(...args).finally(() => vi.useRealTimers());
    if (r.code !== 0) throw new Error(`anjie ${args.join(' ')} → ${r.code}\n${r.out}\n${r.err}`);
  }
  // The models, from the register as read back.
  const read = await readRegister(f('R.xlsx'));
  progressModel = buildProgress(read.units, { week: '2026-W48', thresholds: loadStageThresholds(), bankOrder: loadSheetDescription('register').columns.find((c) => c.key === 'bank')!.values });
  ledger = buildFeeLedger(read.units, loadFeeRules(), { city: 'guangzhou' });
  const files = ['R0.xlsx', 'P.xlsx', 'T.xlsx', 'F.xlsx'].map(f);
  pdfs = convertToPdf(files, path.join(dir, 'pdf'));
  csv = convertToCsv(files, path.join(dir, 'csv'));
  fs.mkdirSync(artifacts, { recursive: true });
  pdfPageToPng(pdfs[1], path.join(artifacts, 'progress-page1'));
}, 300_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
});

describe('progress workbook (exceljs re-read)', () => {
  it('has the model rows, real numbers and dates, and 合计 equal to the model', async () => {
    const ws = (await open(f('P.xlsx'))).getWorksheet('按揭进度表')!;
    const header = findRow(ws, (v) => v === '序号');
    expect(header).toBeGreaterThan(1);
    const unitCol = 2;
    const rows: string[] = [];
    for (let r = header + 1; r <= ws.rowCount; r++) {
      const v = ws.getCell(r, 1).value;
      if (typeof v === 'number') rows.push(String(ws.getCell(r, unitCol).value));
      if (typeof v === 'string' && v.startsWith('合计')) break;
    }
    expect(rows).toEqual(progressModel.groups.flatMap((g) => g.lines.map((l) => l.unit.unitKey)));
    const total = findRow(ws, (v) => typeof v === 'string' && v.startsWith('合计（'));
    expect(fen(ws.getCell(total, 7).value)).toBe(toFixed2(progressModel.totals.loanAmount));
    expect(fen(ws.getCell(total, 8).value)).toBe(toFixed2(progressModel.totals.disbursed));
    expect(fen(ws.getCell(total, 9).value)).toBe(toFixed2(progressModel.totals.toDisburseAmount));
    const first = header + 2; // a group row, then the first unit
    expect(typeof ws.getCell(first, 7).value).toBe('number');
    expect(ws.getCell(first, 7).numFmt).toBe('¥#,##0.00');
    expect(ws.getCell(first, 11).value).toBeInstanceOf(Date);
    expect(ws.getCell(first, 11).numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell(first, 2).font?.name).toBe('Microsoft YaHei');
  });

  it('the ICBC summary line: 2 disbursements this week, ¥1,000,000.00', async () => {
    const ws = (await open(f('P.xlsx'))).getWorksheet('按揭进度表')!;
    const r = findRow(ws, (v) => v === '商贷') ;
    expect(ws.getCell(r, 2).value).toBe('中国工商银行');
    expect(ws.getCell(r, 3).value).toBe(2);
    expect(fen(ws.getCell(r, 4).value)).toBe('1000000.00');
  });

  it('is set up for printing and signing: A4 landscape, fit to width, header repeated, frozen, filtered, protected', async () => {
    const ws = (await open(f('P.xlsx'))).getWorksheet('按揭进度表')!;
    const header = findRow(ws, (v) => v === '序号');
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.fitToWidth).toBe(1);
    expect(ws.pageSetup.printTitlesRow).toBe(`${header}:${header}`);
    // 序号 and 房号 frozen; no rows, the summaries above the header being a screenful (progress.test)
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 0, xSplit: 2 });
    expect(ws.autoFilter).toBeTruthy();
    expect((ws as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
    // computed cells locked, the follower column left open
    expect(ws.getCell(header + 2, 7).protection?.locked).not.toBe(false);
    expect(ws.getCell(header + 2, 16).protection?.locked).toBe(false);
    const last = ws.rowCount;
    expect([ws.getCell(last, 1).value]).toEqual(['制表：']);
    expect(ws.getRow(last).values).toEqual(expect.arrayContaining(['审核(经理)：', '日期：']));
  });

  it('English headers with --lang en', async () => {
    const wb = await open(f('PE.xlsx'));
    const ws = wb.getWorksheet('Weekly progress')!;
    const header = findRow(ws, (v) => v === 'No.');
    expect(ws.getCell(header, 2).value).toBe('Unit');
    expect(ws.getCell(header, 10).value).toBe('Current stage');
    expect(ws.getCell(ws.rowCount, 1).value).toBe('Prepared by:');
  });
});

describe('fee and title-search workbooks (exceljs re-read)', () => {
  it('each fee line: unit, fee, due and rule id as the model computed them', async () => {
    const ws = (await open(f('F.xlsx'))).getWorksheet('费用台账')!;
    const header = findRow(ws, (v) => v === '序号');
    const got: string[] = [];
    for (let r = header + 1; r <= ws.rowCount; r++) {
      if (typeof ws.getCell(r, 1).value !== 'number') break;
      // 序号, 项目, 房号, 买受人, 费用项目, 计费依据, 规则编号, 应收 …
      const due = ws.getCell(r, 8).value;
      got.push([ws.getCell(r, 3).value, ws.getCell(r, 5).value, due === null ? '' : fen(due), ws.getCell(r, 7).value].join('|'));
    }
    expect(got).toEqual(ledger.lines.map((l) => [l.unit.unitKey, { deedTax: '契税', maintenanceFund: '专项维修资金', registration: '登记费（含工本费）', stampDuty: '印花税' }[l.fee], l.due ? toFixed2(l.due) : '', l.ruleIds.join(', ')].join('|')));
    const wb = await open(f('F.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['费用台账', '少收名单', '多收名单', '按揭保证金']);
  });

  it('on screen the fee lines can be scrolled to: the title, totals and 注意 above the table are not frozen with it, the header still prints on every page and carries the filter', async () => {
    // A 1366×768 laptop shows about 350 pt of the grid at 100 %: the title, five info lines and a
    // 4-line 注意 frozen with the header (9 rows, 207 pt) left a few fee lines of 30 pt under them.
    const frozenPt = (ws: ExcelJS.Worksheet) => {
      let pt = 0;
      for (let r = 1; r <= ((ws.views[0] as { ySplit?: number }).ySplit ?? 0); r++) pt += ws.getRow(r).height ?? 15;
      return pt;
    };
    for (const [file, sheet, first] of [
      ['F.xlsx', '费用台账', '序号'],
      ['FE.xlsx', 'Fee ledger', 'No.'],
    ]) {
      const ws = (await open(f(file))).getWorksheet(sheet)!;
      const header = findRow(ws, (v) => v === first);
      expect(findRow(ws, (v) => v === (file === 'F.xlsx' ? '注意：' : 'Note:'))).toBeLessThan(header);
      expect(frozenPt(ws), file).toBeLessThanOrEqual(120);
      expect((ws.views[0] as { xSplit?: number }).xSplit).toBe(3); // 序号, 项目 and 房号 stay in view across
      expect(ws.pageSetup.printTitlesRow).toBe(`${header}:${header}`);
      expect(ws.autoFilter).toMatch(new RegExp(`^A${header}:`));
    }
    // A short top is still frozen down to the header: 查册汇总's title and info lines.
    const summary = (await open(f('T.xlsx'))).getWorksheet('查册汇总')!;
    expect((summary.views[0] as { ySplit?: number }).ySplit).toBe(findRow(summary, (v) => v === '序号'));
  });

  it('计费依据 wraps in rows tall enough for its lines, and so does the 注意 line across its three columns', async () => {
    const ws = (await open(f('F.xlsx'))).getWorksheet('费用台账')!;
    const header = findRow(ws, (v) => v === '序号');
    const width = (c: number) => ws.getColumn(c).width!;
    let tall = 0;
    for (let r = header + 1; r <= ws.rowCount; r++) {
      if (typeof ws.getCell(r, 1).value !== 'number') break;
      const basis = ws.getCell(r, 6);
      expect(basis.alignment?.wrapText).toBe(true);
      const lines = wrappedLines(String(basis.value), width(6));
      // Other rows keep the default height: only those whose basis needs more lines are taller.
      if (lines === 1) expect(ws.getRow(r).height, `row ${r}`).toBeUndefined();
      else {
        expect(ws.getRow(r).height, `row ${r}`).toBeGreaterThanOrEqual(lines * 14);
        tall++;
      }
    }
    expect(tall).toBeGreaterThanOrEqual(ledger.lines.filter((l) => l.fee === 'deedTax').length);
    const note = findRow(ws, (v) => v === '注意：');
    const value = ws.getCell(note, 2);
    expect(value.value).toBe(ledger.warnings[0].zh);
    expect(value.alignment?.wrapText).toBe(true);
    expect(ws.getRow(note).height).toBeGreaterThanOrEqual(wrappedLines(ledger.warnings[0].zh, width(2) + width(3) + width(4)) * 14);
  });

  it('in Chinese and English, a fee line’s text that does not wrap fits its column (费用项目, 规则编号 …)', async () => {
    for (const [file, sheet, first] of [
      ['F.xlsx', '费用台账', '序号'],
      ['FE.xlsx', 'Fee ledger', 'No.'],
    ]) {
      const wb = await open(f(file));
      const ws = wb.getWorksheet(sheet) ?? wb.worksheets[0];
      const header = findRow(ws, (v) => v === first);
      const cut: string[] = [];
      for (let r = header + 1; r <= ws.rowCount; r++) {
        if (typeof ws.getCell(r, 1).value !== 'number') break;
        ws.getRow(r).eachCell((cell, c) => {
          if (typeof cell.value !== 'string' || cell.alignment?.wrapText) return;
          if (wrappedLines(cell.value, ws.getColumn(c).width ?? 9) > 1) cut.push(`${file} ${cell.address} ${cell.value}`);
        });
      }
      expect(cut).toEqual([]);
    }
  });

  it('the title-search workbook: summary first, then one sheet per unit with the register values prefilled', async () => {
    const wb = await open(f('T.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['查册汇总', ...(await readRegister(f('R.xlsx'))).units.map((u) => u.unitKey)]);
    const ws = wb.getWorksheet('3-2-101')!;
    const loanRow = findRow(ws, (v) => v === '贷款金额（参考）：');
    expect(ws.getCell(loanRow, 2).value).toBe(700000);
    const conclusion = findRow(ws, (v) => v === '结论：');
    expect(ws.getCell(conclusion, 2).dataValidation?.formulae?.[0]).toBe('"正常,异常"');
    expect(ws.getCell(conclusion, 2).protection?.locked).toBe(false);
  });
});

describe('LibreOffice opens every workbook', () => {
  it('converts each to PDF', () => {
    for (const pdf of pdfs) expect(pdfPages(pdf)).toBeGreaterThan(0);
    expect(fs.statSync(path.join(artifacts, 'progress-page1.png')).size).toBeGreaterThan(10_000);
  });

  it('the fee ledger prints every 计费依据 and the 注意 line whole, inside their columns, without lines over one another', async () => {
    const ws = (await open(f('F.xlsx'))).getWorksheet('费用台账')!;
    const header = findRow(ws, (v) => v === '序号');
    const bases: string[] = [];
    for (let r = header + 1; typeof ws.getCell(r, 1).value === 'number'; r++) bases.push(String(ws.getCell(r, 6).value));
    const pages = pdfWords(pdfs[3]).filter((p) => p.some((w) => w.text === '计费依据'));
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    const overlapping = (words: PdfWord[]) =>
      words.flatMap((a, i) => words.slice(i + 1).filter((b) => Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > 1 && Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > a.h / 2).map((b) => `${a.text} × ${b.text}`));
    let printed = '';
    for (const p of pages) {
      const top = p.find((w) => w.text === '计费依据')!;
      const footer = p.find((w) => w.text === 'Page')?.y ?? Infinity;
      // 计费依据 starts right of the 费用项目 header and ends where the rule ids start.
      const feeHeader = p.find((w) => w.text === '费用项目')!;
      const body = p.filter((w) => w.y > top.y + 2 && w.y < footer - 2);
      const left = Math.min(...body.filter((w) => w.x > feeHeader.x + feeHeader.w && w.x < top.x).map((w) => w.x));
      const right = Math.min(...body.filter((w) => /^(deed-tax|maintenance-fund|registration)-/.test(w.text)).map((w) => w.x));
      const column = body.filter((w) => w.x >= left - 1 && w.x < right - 1).sort((a, b) => a.y - b.y || a.x - b.x);
      for (const w of column) expect(w.x + w.w, w.text).toBeLessThanOrEqual(right);
      expect(overlapping(column)).toEqual([]);
      printed += column.map((w) => w.text).join('');
    }
    for (const b of bases) expect(printed).toContain(squeeze(b));
    // The 注意 line: in 应收合计's three merged columns, all of it, before 费用项目's column starts.
    const first = pages[0];
    const label = first.find((w) => w.text === '注意：')!;
    const feeLeft = Math.min(...first.filter((w) => ['契税', '专项维修资金', '登记费（含工本费）'].includes(w.text)).map((w) => w.x));
    const tableTop = first.find((w) => w.text === '序号')!.y;
    const info = first.filter((w) => w.x > label.x + label.w - 1 && w.y < tableTop - 2 && w.y > first.find((x) => x.text === '应收合计：')!.y - 2);
    for (const w of info) expect(w.x + w.w, w.text).toBeLessThanOrEqual(feeLeft);
    expect(overlapping(info)).toEqual([]);
    expect(info.sort((a, b) => a.y - b.y || a.x - b.x).map((w) => w.text).join('')).toContain(squeeze(ledger.warnings[0].zh));
  });

  it('progress CSV: 合计 and the per-bank summary equal the model', () => {
    const rows = readCsv(csv.get(f('P.xlsx'))!.get('按揭进度表')!);
    const total = rows.find((r) => r[0].startsWith('合计（'))!;
    expect([moneyText(total[6]), moneyText(total[7]), moneyText(total[8])]).toEqual([
      toFixed2(progressModel.totals.loanAmount),
      toFixed2(progressModel.totals.disbursed),
      toFixed2(progressModel.totals.toDisburseAmount),
    ]);
    const summaryTotal = rows.filter((r) => r[0] === '合计')[0];
    expect([summaryTotal[2], moneyText(summaryTotal[3]), summaryTotal[4], moneyText(summaryTotal[5])]).toEqual([
      String(progressModel.totals.weekCount),
      toFixed2(progressModel.totals.weekAmount),
      String(progressModel.totals.cumulativeCount),
      toFixed2(progressModel.totals.cumulativeAmount),
    ]);
    expect(rows.some((r) => r.includes('人民币壹佰捌拾万元整'))).toBe(true);
  });

  it('fee ledger CSV: totals to the fen and the underpaid list equal the model', () => {
    const sheets = csv.get(f('F.xlsx'))!;
    const rows = readCsv(sheets.get('费用台账')!);
    const total = rows.find((r) => r[0] === '合计')!;
    expect([moneyText(total[7]), moneyText(total[8]), moneyText(total[9])]).toEqual([
      toFixed2(ledger.totals.due),
      toFixed2(ledger.totals.collected),
      toFixed2(ledger.totals.outstanding),
    ]);
    const under = readCsv(sheets.get('少收名单')!);
    const underRows = under.filter((r) => /^\d+$/.test(r[0]));
    expect(underRows.map((r) => r[2])).toEqual(ledger.underpaid.map((b) => b.unit.unitKey));
    // the hand-made buyer of 3-2-201: deed tax 10,000.00 due, 9,000.00 paid; fund 100 × 90 = 9,000.00 paid in full
    const r0201 = underRows.find((r) => r[2] === '3-2-201')!;
    expect(moneyText(r0201[8])).toBe('1000.00');
    const underTotal = under.find((r) => r[0].startsWith('合计'))!;
    expect(moneyText(underTotal[8])).toBe(toFixed2(ledger.totals.underpaid));
  });

  it('deposit CSV: ICBC 10% of ¥3,400,000.00 + CCB 5% of ¥800,000.00; neither the one refunded (D) nor the one not yet disbursed (C, ¥60,000) is outstanding', () => {
    const rows = readCsv(csv.get(f('F.xlsx'))!.get('按揭保证金')!);
    const total = rows.find((r) => r[0].startsWith('合计'))!;
    const header = rows.find((r) => r[0] === '序号')!;
    const col = (h: string) => header.indexOf(h);
    expect([moneyText(total[col('商贷金额')]), moneyText(total[col('保证金金额')]), moneyText(total[col('未退金额')])]).toEqual(['4200000.00', '380000.00', '280000.00']);
    const icbc = rows.find((r) => r[col('房号')] === '3-2-101')!;
    expect([icbc[col('保证金比例')], icbc[col('比例来源')]]).toEqual(['10.00%', '银行约定（deposit-icbc）']);
  });

  it('title-search CSV: one sheet per unit plus 查册汇总, statuses as the model says', () => {
    const sheets = csv.get(f('T.xlsx'))!;
    expect(sheets.size).toBe(smallRegister().length + 2);
    const rows = readCsv(sheets.get('查册汇总')!);
    const header = rows.findIndex((r) => r[0] === '序号');
    const statusCol = rows[header].indexOf('状态');
    const byUnit = new Map(rows.slice(header + 1).filter((r) => /^\d+$/.test(r[0])).map((r) => [r[1], r[statusCol]]));
    expect(byUnit.get('3-2-101')).toBe('应查未查'); // past 抵押登记, no search
    expect(byUnit.get('3-2-103')).toBe('未查'); // at the bank
    const unitSheet = readCsv(sheets.get('3-2-103')!);
    expect(unitSheet.find((r) => r[0] === '房号：')?.[1]).toBe('3-2-103');
    expect(unitSheet.find((r) => r[0] === '贷款金额（参考）：')?.[1]).toBe('¥600,000.00');
  });

  it('blank register CSV: the register headers in order', () => {
    const rows = readCsv(csv.get(f('R0.xlsx'))!.get('按揭台账')!);
    const header = rows.find((r) => r[0] === '项目')!;
    expect(header.slice(0, loadSheetDescription('register').columns.length)).toEqual(loadSheetDescription('register').columns.map((c) => c.header.zh));
  });
});

describe('blank register and validate exit codes', () => {
  it('the blank register has dropdowns on enum columns and reads back empty', async () => {
    const ws = (await open(f('R0.xlsx'))).getWorksheet('按揭台账')!;
    const header = findRow(ws, (v) => v === '项目');
    const usageCol = loadSheetDescription('register').columns.findIndex((c) => c.key === 'usage') + 1;
    const dv = ws.getCell(header + 5, usageCol).dataValidation;
    expect(dv?.type).toBe('list');
    expect(dv?.formulae?.[0]).toBe('"住宅,商业,车位,办公"');
    const v = await anjie('validate', f('R0.xlsx'), '--today', '2026-11-23');
    expect(v.code).toBe(0);
    expect(v.out).toContain('0 个错误');
  });

  it('exit 1 with errors listed by sheet/row/column, 0 with warnings only', async () => {
    const bad = f('bad.xlsx');
    await writeRegisterFile(bad, [makeUnit({ room: '0101' }), makeUnit({ room: '0102', bank: '火星银行' })]);
    const r = await anjie('validate', bad, '--today', '2026-11-23');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/错误 error\s+按揭台账!AB4 \[贷款银行\] BANK_UNKNOWN/);
    const warn = f('warn.xlsx');
    await writeRegisterFile(warn, [makeUnit({ room: '0101', downPayment: '290000.00', remarks: '优惠 1 万元' })]);
    const w = await anjie('validate', warn, '--today', '2026-11-23');
    expect(w.code).toBe(0);
    expect(w.out).toContain('AMOUNT_SUM');
    const json = await anjie('validate', bad, '--today', '2026-11-23', '--json');
    expect(JSON.parse(json.out).issues[0]).toMatchObject({ severity: 'error', code: 'BANK_UNKNOWN', location: { sheet: '按揭台账', row: 4, column: 'AB' } });
  });

  it('a missing register is a clear error (exit 2), not a crash', async () => {
    const r = await anjie('progress', '--register', f('nope.xlsx'), '--week', '2026-W48', '--out', f('x.xlsx'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('找不到文件');
  });
});
