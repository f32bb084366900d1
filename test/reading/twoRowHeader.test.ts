import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { gbCsvFile } from './sheetFile';
import { UserError } from '../../pipeline/errors';
import { readBankFile, readJournalFile } from '../../pipeline/read';

/**
 * A header that takes two rows: a group label (发生额, 金额) merged over the money-out and money-in
 * columns, whose names are on the row below. Read as one header, or refused naming the rows: never
 * read as a one-row header, which put the fee under 发生额 as money in and left the credits unread.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-two-row-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Row = (string | number | Date | null)[];

/** An .xlsx (sheet 明细) with `merges` merged, as a portal writes its header. */
async function mergedXlsx(name: string, rows: Row[], merges: string[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('明细');
  for (const r of rows) ws.addRow(r);
  for (const m of merges) ws.mergeCells(m);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

const csvLine = (r: Row): string => r.map((c) => (c === null ? '' : String(c))).join(',');

/** 680,000 and 450,000 in (贷方), a 50 fee out (借方), rows 3–5 of the file. */
const DATA: Row[] = [
  ['2026-11-03', '按揭放款 张伟 3-2-1501', null, 680000, 1680000],
  ['2026-11-04', '手续费', 50, null, 1679950],
  ['2026-11-05', '按揭放款 李娜 3-2-1502', null, 450000, 2129950],
];
const MERGES = ['A1:A2', 'B1:B2', 'C1:D1', 'E1:E2'];

async function readBoth(name: string, header: Row[]) {
  const csv = await readBankFile(gbCsvFile(dir, `${name}.csv`, [...header, ...DATA].map(csvLine)));
  const xlsx = await readBankFile(await mergedXlsx(`${name}.xlsx`, [...header, ...DATA], MERGES));
  return [csv, xlsx];
}

function reading(r: Awaited<ReturnType<typeof readBankFile>>) {
  return {
    headerRow: r.headerRow,
    headerRows: r.headerRows,
    count: r.transactionCount,
    credits: r.credits.toFixed(2),
    debits: r.debits.toFixed(2),
    rows: r.transactions.map((t) => [t.source.row, t.amount.toFixed(2)]),
    rejected: r.rejected.map((x) => [x.source.row, x.column ?? null]),
    skipped: r.skipped.map((x) => x.source.row),
  };
}

const EXPECTED = {
  headerRow: 1,
  headerRows: 2,
  count: 3,
  credits: '1130000.00',
  debits: '50.00',
  rows: [
    [3, '680000.00'],
    [4, '-50.00'],
    [5, '450000.00'],
  ],
  rejected: [],
  skipped: [],
};

describe('two-row headers', () => {
  it('发生额 over 借方发生额 | 贷方发生额 (CSV and merged XLSX): both columns, with their signs, on the rows a person sees', async () => {
    for (const r of await readBoth('full-names', [
      ['交易日期', '摘要', '发生额', null, '余额'],
      [null, null, '借方发生额', '贷方发生额', null],
    ])) {
      expect(reading(r)).toEqual(EXPECTED);
      expect(r.profileReason.zh).toContain('两行表头：第 1–2 行');
      expect(r.profileReason.en).toContain('two-row header: rows 1–2');
      expect(r.warnings).toEqual([]);
    }
  });

  it('金额 over 借 | 贷: the short labels are read with the group label (借方金额, 贷方金额)', async () => {
    for (const r of await readBoth('short-labels', [
      ['交易日期', '摘要', '金额', null, '余额'],
      [null, null, '借', '贷', null],
    ])) {
      expect(reading(r)).toEqual(EXPECTED);
      expect(r.profileReason.zh).toContain('支出 debit=借方金额');
      expect(r.profileReason.zh).toContain('收入 credit=贷方金额');
    }
  });

  it('a group label no reader knows (发生金额) over full names is read by the names below it', async () => {
    for (const r of await readBoth('unknown-group', [
      ['交易日期', '摘要', '发生金额', null, '余额'],
      [null, null, '借方发生额', '贷方发生额', null],
    ])) {
      expect(reading(r)).toEqual(EXPECTED);
    }
  });

  it("a bank's profile whose columns are split over two header rows is still that bank's (ccb-corporate, title block above)", async () => {
    const f = await mergedXlsx(
      'ccb-two-rows.xlsx',
      [
        ['中国建设银行单位客户账户交易明细'],
        ['账号', '44050100000000001234'],
        ['账户名称', '某某置业有限公司'],
        ['交易时间', '发生额', null, '余额', '币种', '对方户名', '对方账号', '对方开户机构', '记账日期', '摘要', '备注', '账户明细编号-交易流水号'],
        [null, '借方发生额（支取）', '贷方发生额（收入）'],
        [new Date(Date.UTC(2026, 10, 3, 10, 22, 13)), null, 960000, 2960000, '人民币', '王五', '6217000000001234', '建行某支行', '20261103', '个人住房贷款放款', '5-1-0802', 'CCB-1'],
        [new Date(Date.UTC(2026, 10, 4, 8, 0, 0)), 240000, null, 2720000, '人民币', '某某置业有限公司', '44050100000000009999', '建行某支行', '20261104', '转一般户', null, 'CCB-2'],
        [new Date(Date.UTC(2026, 10, 5, 9, 0, 0)), null, '96万', 2720000, '人民币', '赵六', null, null, '20261105', '个人住房贷款放款', null, 'CCB-3'],
      ],
      ['A4:A5', 'B4:C4', 'D4:D5', 'E4:E5'],
    );
    const r = await readBankFile(f);
    expect(r.profile).toBe('ccb-corporate');
    expect(r.account).toBe('44050100000000001234');
    expect(reading(r)).toEqual({
      headerRow: 4,
      headerRows: 2,
      count: 2,
      credits: '960000.00',
      debits: '240000.00',
      rows: [
        [6, '960000.00'],
        [7, '-240000.00'],
      ],
      rejected: [[8, 'C']],
      skipped: [],
    });
  });

  it('a title line above a one-row header with 借方发生额 | 贷方发生额 is no two-row header', async () => {
    const r = await readBankFile(gbCsvFile(dir, 'title.csv', ['某某置业有限公司 银行对账单', csvLine(['交易日期', '摘要', '借方发生额', '贷方发生额', '余额']), ...DATA.map(csvLine)]));
    expect(reading(r)).toEqual({ ...EXPECTED, headerRow: 2, headerRows: 1 });
    expect(r.profileReason.zh).not.toContain('两行表头');
  });

  it('a two-row header that cannot be read is refused, naming the file, the sheet and the rows, instead of being read as one row', async () => {
    const header: Row[] = [
      ['交易日期', '摘要', '发生额', null, '余额'],
      [null, null, '本币', '外币', null],
    ];
    const csv = gbCsvFile(dir, 'currencies.csv', [...header, ...DATA].map(csvLine));
    const xlsx = await mergedXlsx('currencies.xlsx', [...header, ...DATA], MERGES);
    for (const [file, sheet] of [
      [csv, undefined],
      [xlsx, '明细'],
    ] as const) {
      const err = await readBankFile(file).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(UserError);
      const e = err as UserError;
      expect(e.where).toMatchObject({ file: path.basename(file), sheet, row: 1 });
      expect(e.text.zh).toContain(path.basename(file));
      expect(e.text.zh).toContain('第 1–2 行');
      expect(e.text.zh).toContain('本币');
      expect(e.text.en).toContain('rows 1–2');
      expect(e.text.en).toContain('two rows');
      if (sheet) {
        expect(e.text.zh).toContain('工作表“明细”');
        expect(e.text.en).toContain('sheet "明细"');
      }
    }
  });

  it("a totals line's rows start under the header's second row, not on it", async () => {
    // A 小计 of rows 3–5 (in 1,130,000.00, out 50.00) printing 1,130,100.00 in.
    const header: Row[] = [
      ['交易日期', '摘要', '发生额', null, '余额'],
      [null, null, '借方发生额', '贷方发生额', null],
    ];
    const subtotal: Row = ['小计', null, 50, 1130100, null];
    const csv = await readBankFile(gbCsvFile(dir, 'subtotal.csv', [...header, ...DATA, subtotal].map(csvLine)));
    const xlsx = await readBankFile(await mergedXlsx('subtotal.xlsx', [...header, ...DATA, subtotal], MERGES));
    expect(csv.warnings.map((w) => w.zh)).toEqual(['文件 subtotal.csv 第 6 行的合计与读到的交易不一致：收入合计 1130100.00，第 3–5 行各行合计 1130000.00（相差 100.00）']);
    expect(xlsx.warnings.map((w) => w.en)).toEqual(["File subtotal.xlsx, sheet \"明细\": the statement's totals line (row 6) disagrees with the rows read: money in 1130100.00 vs 1130000.00 from rows 3–5 (difference 100.00)"]);
  });

  it("a journal's 本日合计 under a two-row header (金额 over 借方 | 贷方) names its lines from under the header", async () => {
    const r = await readJournalFile(
      await mergedXlsx(
        'kingdee-two-rows.xlsx',
        [
          ['序时账'],
          ['日期', '凭证字号', '摘要', '科目代码', '科目名称', '金额', null, '辅助核算'],
          [null, null, null, null, null, '借方', '贷方', null],
          ['2026-11-03', '记-0012', '收3栋2单元1501按揭款', '1002.01', '银行存款-工行监管户', 1200000, null, null],
          ['2026-11-03', '记-0012', '收3栋2单元1501按揭款', '2203', '预收账款', null, 1200000, '客户:张三;房号:3-2-1501'],
          ['2026-11-03', null, '本日合计', null, null, 1200000, 1200001, null],
        ],
        ['A2:A3', 'B2:B3', 'C2:C3', 'D2:D3', 'E2:E3', 'F2:G2', 'H2:H3'],
      ),
    );
    expect([r.profile, r.headerRow, r.headerRows]).toEqual(['kingdee-journal', 2, 2]);
    expect(r.lines.map((l) => l.source.row)).toEqual([4, 5]);
    expect(r.warnings.map((w) => w.zh)).toEqual(['文件 kingdee-two-rows.xlsx 工作表“明细” 第 6 行的本日合计与读到的凭证行不一致：贷方合计 1200001.00，第 4–5 行合计 1200000.00（相差 1.00）']);
  });
});
