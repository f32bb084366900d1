import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { xlsxFile as sheetFile } from './sheetFile';
import { readBankFile, readJournalFile } from '../../pipeline/read';

/**
 * The summary lines a bank portal or a finance system prints under the rows (总笔数：2, 借方发生额合计：…,
 * 本页小计; a journal's 本日合计 / 本月合计 / 本年累计) are part of the export's layout, as its header is:
 * not a transaction, so not a row for finance to look into in 未解析. What they state that can be
 * checked against the rows read is checked, and a figure that disagrees is a warning.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-summary-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function textFile(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}
const xlsxFile = (name: string, rows: (string | number | Date | null)[][]): Promise<string> => sheetFile(dir, name, rows);

// boc-corporate, split columns. Row 2: money in 1,000,000.00; row 3: money out 30.00. Two transactions, one each way.
const BOC = '交易日期,交易时间,交易流水号,对方户名,对方账号,借方发生额,贷方发生额,余额,用途,摘要';
const BOC_ROWS = ['2026-11-03,10:00:00,B001,张三,6222020200001111,,1000000.00,1000000.00,按揭款,放款', '2026-11-04,09:00:00,B002,,,30.00,,999970.00,手续费,'];

describe("a statement's summary lines under the rows", () => {
  it('总笔数, 借方/贷方发生额合计 and 交易笔数 / 借方笔数 / 贷方笔数 that agree: no rejected row, no warning, nothing listed', async () => {
    const r = await readBankFile(
      textFile('boc-summary.csv', [BOC, ...BOC_ROWS, '总笔数：2,,,,,,,,,', '借方发生额合计：30.00,,,,,,,,,', '贷方发生额合计：1000000.00,,,,,,,,,', '交易笔数：2  借方笔数：1  贷方笔数：1,,,,,,,,,']),
    );
    expect(r.profile).toBe('boc-corporate');
    expect(r.rejected).toEqual([]);
    expect(r.transactions.map((t) => [t.source.row, t.amount.toFixed(2)])).toEqual([
      [2, '1000000.00'],
      [3, '-30.00'],
    ]);
    expect(r.skipped).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it('a stated count or sum that disagrees with the rows read is a warning naming file, row, the stated and the computed figure', async () => {
    const r = await readBankFile(textFile('boc-summary-bad.csv', [BOC, ...BOC_ROWS, '总笔数：3,,,,,,,,,', '借方发生额合计：30.00,,,,,,,,,', '贷方发生额合计：1000000.01,,,,,,,,,', '借方笔数：2  贷方笔数：1,,,,,,,,,']));
    expect(r.rejected).toEqual([]);
    expect(r.transactionCount).toBe(2);
    expect(r.warnings).toEqual([
      {
        zh: '文件 boc-summary-bad.csv 第 4 行的合计与读到的交易不一致：总笔数 3，读到的交易 2 笔（相差 1）',
        en: "File boc-summary-bad.csv: the statement's totals line (row 4) disagrees with the rows read: number of transactions 3 vs 2 read (difference 1)",
      },
      {
        zh: '文件 boc-summary-bad.csv 第 6 行的合计与读到的交易不一致：收入合计 1000000.01，各行合计 1000000.00（相差 0.01）',
        en: "File boc-summary-bad.csv: the statement's totals line (row 6) disagrees with the rows read: money in 1000000.01 vs 1000000.00 from the rows (difference 0.01)",
      },
      {
        zh: '文件 boc-summary-bad.csv 第 7 行的合计与读到的交易不一致：借方（支出）笔数 2，读到的支出 1 笔（相差 1）',
        en: "File boc-summary-bad.csv: the statement's totals line (row 7) disagrees with the rows read: number of debits (money out) 2 vs 1 read (difference 1)",
      },
    ]);
  });

  it('a sum written with thousands commas, even unquoted in a CSV (split into cells at each comma), is read whole', async () => {
    const r = await readBankFile(textFile('boc-summary-commas.csv', [BOC, ...BOC_ROWS, '借方发生额合计：30.00  贷方发生额合计：1,000,000.00,,,,,,,,,', '"贷方发生额合计：1,000,000.00",,,,,,,,,']));
    expect(r.rejected).toEqual([]);
    expect(r.warnings).toEqual([]);
    // A count with a thousands comma is the whole count, not its first digits; the next cell's amount is not part of it.
    const big = await readBankFile(textFile('boc-summary-count.csv', [BOC, ...BOC_ROWS, '总笔数：1,234,,,,,,,,,', '交易笔数,2,"1,000,000.00",,,,,,,']));
    expect(big.warnings.map((w) => w.zh)).toEqual(['文件 boc-summary-count.csv 第 4 行的合计与读到的交易不一致：总笔数 1234，读到的交易 2 笔（相差 1232）']);
  });

  it('a 0.00 row may be counted on either side: 借方笔数 / 贷方笔数 that count it there agree', async () => {
    // Row 4: 利息税 0.00 in 借方, a transaction that moves no money; the bank counts it among its 借方 rows (2), or not (1).
    const rows = [...BOC_ROWS, '2026-11-05,10:00:00,B003,,,0.00,,999970.00,利息税,'];
    const r = await readBankFile(textFile('boc-zero.csv', [BOC, ...rows, '总笔数：3  借方笔数：2  贷方笔数：1,,,,,,,,,', '借方笔数：1  贷方笔数：1,,,,,,,,,']));
    expect(r.transactionCount).toBe(3);
    expect(r.warnings).toEqual([]);
    const bad = await readBankFile(textFile('boc-zero-bad.csv', [BOC, ...rows, '借方笔数：3,,,,,,,,,']));
    expect(bad.warnings.map((w) => w.zh)).toEqual(['文件 boc-zero-bad.csv 第 5 行的合计与读到的交易不一致：借方（支出）笔数 3，读到的支出 1 笔，另有金额为 0.00 的 1 笔（相差 2）']);
  });

  it('本页小计 is a page total like 本页合计: checked against its page and listed as 合计行（已核对）', async () => {
    const ok = await readBankFile(textFile('boc-page.csv', [BOC, ...BOC_ROWS, '本页小计,,,,,30.00,1000000.00,,,']));
    expect(ok.rejected).toEqual([]);
    expect(ok.skipped.map((s) => [s.source.row, s.reason.zh])).toEqual([[4, '合计行（已核对）：收入 1000000.00，支出 30.00']]);
    expect(ok.warnings).toEqual([]);
    const bad = await readBankFile(textFile('boc-page-bad.csv', [BOC, ...BOC_ROWS, '本页小计,,,,,31.00,1000000.00,,,']));
    expect(bad.rejected).toEqual([]);
    expect(bad.warnings.map((w) => w.zh)).toEqual(['文件 boc-page-bad.csv 第 4 行的合计与读到的交易不一致：支出合计 31.00，本页（第 2–3 行）各行合计 30.00（相差 1.00）']);
  });

  it('a 交易笔数 line at the foot of every page counts its own page; a 总笔数 line at the end counts the whole statement', async () => {
    // Page 1: rows 2–3, one in and one out; row 4 its counts. Page 2: rows 5–7, two in (10.00, 20.00) and one out (5.00); row 8 its counts.
    const page2 = ['2026-11-05,10:00:00,B003,李四,6222020200002222,,10.00,999980.00,按揭款,', '2026-11-06,10:00:00,B004,王五,6222020200003333,,20.00,1000000.00,按揭款,', '2026-11-07,10:00:00,B005,,,5.00,,999995.00,手续费,'];
    const lines = (page1: string): string[] => [BOC, ...BOC_ROWS, `${page1},,,,,,,,,`, ...page2, '交易笔数：3  借方笔数：1  贷方笔数：2,,,,,,,,,'];
    const ok = await readBankFile(textFile('boc-pages.csv', [...lines('交易笔数：2  借方笔数：1  贷方笔数：1'), '总笔数：5  借方笔数：2  贷方笔数：3,,,,,,,,,']));
    expect(ok.rejected).toEqual([]);
    expect(ok.transactionCount).toBe(5);
    expect(ok.warnings).toEqual([]);
    // 本页笔数 is a page's count wherever it stands: the last page's too.
    const own = await readBankFile(textFile('boc-pages-own.csv', [BOC, ...BOC_ROWS, '本页笔数：2,,,,,,,,,', ...page2, '本页笔数：3,,,,,,,,,']));
    expect(own.rejected).toEqual([]);
    expect(own.warnings).toEqual([]);
    // A page total stating its count (本页合计：共 2 笔) counts its page's rows too.
    const totals = await readBankFile(textFile('boc-pages-totals.csv', [BOC, ...BOC_ROWS, '本页合计：共 2 笔,,,,,30.00,1000000.00,,,', ...page2, '本页合计：共 3 笔,,,,,5.00,30.00,,,']));
    expect(totals.warnings).toEqual([]);
    expect(totals.skipped.map((x) => [x.source.row, x.reason.zh])).toEqual([
      [4, '合计行（已核对）：收入 1000000.00，支出 30.00，共 2 笔'],
      [8, '合计行（已核对）：收入 30.00，支出 5.00，共 3 笔'],
    ]);
    // Page 1 states 3 rows where it has 2: that row alone is the warning, page 2 still agrees.
    const bad = await readBankFile(textFile('boc-pages-bad.csv', lines('交易笔数：3  借方笔数：1  贷方笔数：1')));
    expect(bad.rejected).toEqual([]);
    expect(bad.warnings).toEqual([
      {
        zh: '文件 boc-pages-bad.csv 第 4 行的合计与读到的交易不一致：总笔数 3，本页（第 2–3 行）读到的交易 2 笔（相差 1）',
        en: "File boc-pages-bad.csv: the statement's totals line (row 4) disagrees with the rows read: number of transactions 3 vs 2 read on the page (rows 2–3) (difference 1)",
      },
    ]);
  });

  it('after two sections each closed by its 合计, a 总笔数 at the end counts its own section or every row of the statement', async () => {
    // Section 1, rows 2–3: 2 rows. Section 2, rows 5–8 (the header again, then its rows): 3 rows, two in and one out. 5 rows in all.
    const section2 = ['2026-11-05,10:00:00,B003,李四,6222020200002222,,10.00,999980.00,按揭款,', '2026-11-06,10:00:00,B004,王五,6222020200003333,,20.00,1000000.00,按揭款,', '2026-11-07,10:00:00,B005,,,5.00,,999995.00,手续费,'];
    const lines = (summary: string): string[] => [BOC, ...BOC_ROWS, '合计,,,,,30.00,1000000.00,,,', BOC, ...section2, '合计,,,,,5.00,30.00,,,', `${summary},,,,,,,,,`];
    for (const summary of ['总笔数：3  借方笔数：1  贷方笔数：2', '总笔数：5  借方笔数：2  贷方笔数：3']) {
      const r = await readBankFile(textFile('boc-sections-count.csv', lines(summary)));
      expect(r.transactionCount, summary).toBe(5);
      expect(r.warnings, summary).toEqual([]);
    }
    // Each section with its own 总笔数, the last one the whole statement's.
    const each = await readBankFile(textFile('boc-sections-each.csv', [BOC, ...BOC_ROWS, '合计,,,,,30.00,1000000.00,,,', '总笔数：2,,,,,,,,,', BOC, ...section2, '合计,,,,,5.00,30.00,,,', '总笔数：5,,,,,,,,,']));
    expect(each.warnings).toEqual([]);
    // Neither its section's 3 nor the statement's 5: said against its section.
    const bad = await readBankFile(textFile('boc-sections-count-bad.csv', lines('总笔数：4')));
    expect(bad.warnings).toEqual([
      {
        zh: '文件 boc-sections-count-bad.csv 第 10 行的合计与读到的交易不一致：总笔数 4，第 5–8 行读到的交易 3 笔（相差 1）',
        en: "File boc-sections-count-bad.csv: the statement's totals line (row 10) disagrees with the rows read: number of transactions 4 vs 3 read in rows 5–8 (difference 1)",
      },
    ]);
  });

  it('a row with a date in its date column is a transaction, even when its first cell starts like a summary line', async () => {
    // A layout read generically whose first column is 摘要: row 2's memo 借方合计调整 starts as 借方合计 does.
    const r = await readBankFile(textFile('memo-first.csv', ['摘要,交易日期,收入金额,支出金额,余额', '借方合计调整,2026-11-03,100.00,,100.00', '放款,2026-11-04,200.00,,300.00', '总笔数：2,,,,']));
    expect(r.profile).toBe('generic');
    expect(r.rejected).toEqual([]);
    expect(r.transactions.map((t) => [t.source.row, t.memo, t.amount.toFixed(2)])).toEqual([
      [2, '借方合计调整', '100.00'],
      [3, '放款', '200.00'],
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('a header repeated on page 2 whose first column is 借方发生额 stays a repeated header, not a summary line', async () => {
    const head = '借方发生额,贷方发生额,交易日期,摘要,余额';
    const r = await readBankFile(textFile('debit-first.csv', [head, ',100.00,2026-11-03,放款,100.00', head, '30.00,,2026-11-04,手续费,70.00']));
    expect(r.profile).toBe('generic');
    expect(r.transactionCount).toBe(2);
    expect(r.rejected.map((x) => [x.source.row, x.reason.zh])).toEqual([[3, '重复的表头行（分页导出时每页都有表头），不是交易']]);
  });

  it('XLSX (ccb-corporate): a label in one cell and its figure in the next are read together; the layout’s own 合计 still checked', async () => {
    const f = await xlsxFile('ccb-summary.xlsx', [
      ['中国建设银行单位客户账户交易明细'],
      ['账号', '44050100000000001234'],
      ['账户名称', '某某置业有限公司'],
      ['起止日期', '2026-11-01 至 2026-11-30'],
      ['交易时间', '借方发生额（支取）', '贷方发生额（收入）', '余额', '币种', '对方户名', '对方账号', '对方开户机构', '记账日期', '摘要', '备注', '账户明细编号-交易流水号'],
      [new Date(Date.UTC(2026, 10, 3, 10, 22, 13)), null, 960000, 2960000, '人民币', '王五', '6217000000001234', '建行某支行', '20261103', '个人住房贷款放款', '5-1-0802', 'CCB-1'],
      [new Date(Date.UTC(2026, 10, 4, 8, 0, 0)), 240000, 0, 2720000, '人民币', '某某置业有限公司', '44050100000000009999', '建行某支行', '20261104', '转一般户', null, 'CCB-2'],
      ['合计', 240000, 960000],
      ['总笔数', 2],
      ['借方发生额合计', 240000, '贷方发生额合计', 960000],
      ['借方笔数', 1, '贷方笔数', 2],
    ]);
    const r = await readBankFile(f);
    expect(r.profile).toBe('ccb-corporate');
    expect(r.transactionCount).toBe(2);
    expect(r.rejected).toEqual([]);
    // Row 7's 0 in 贷方 and 240,000 in 借方 is money out: one credit was read, not the two row 11 states.
    expect(r.warnings.map((w) => w.zh)).toEqual(['文件 ccb-summary.xlsx 工作表“明细” 第 11 行的合计与读到的交易不一致：贷方（收入）笔数 2，读到的收入 1 笔（相差 1）']);
  });
});

// yonyou-journal, CSV. 11-03: 记-1 debit 700,000.00 = credit 700,000.00 (rows 2–3); 11-04: 记-2 debit 0.35 = credit 0.35 (rows 5–6).
// The month: debit 700,000.35, credit 700,000.35. 本年累计 includes earlier months: not checkable.
const YONYOU = '日期,凭证号,摘要,科目,借方,贷方,辅助项';
const journal = (day2Credit: string, monthDebit: string): string[] => [
  YONYOU,
  '2026-11-03,记-1,收12栋1单元1201周八按揭款,1002.01 银行存款-工行,700000.00,,',
  '2026-11-03,记-1,收12栋1单元1201周八按揭款,2203 预收账款,,700000.00,客户：周八',
  '2026-11-03,,本日合计,,700000.00,700000.00,',
  '2026-11-04,记-2,利息,1002.01 银行存款-工行,0.35,,',
  '2026-11-04,记-2,利息,6603 财务费用,,0.35,',
  `2026-11-04,,本日合计,,0.35,${day2Credit},`,
  `,,本月合计,,${monthDebit},700000.35,`,
  ',,本年累计,,9700000.35,9700000.35,',
];

describe("a journal's 本日合计 / 本月合计 / 本年累计 lines", () => {
  it('are not journal lines and not rejected: every voucher line is read, the figures that agree give no warning', async () => {
    const r = await readJournalFile(textFile('yonyou-sums.csv', journal('0.35', '700000.35')));
    expect(r.profile).toBe('yonyou-journal');
    expect(r.rejected).toEqual([]);
    expect(r.lines.map((l) => l.source.row)).toEqual([2, 3, 5, 6]);
    expect([r.bankLines, r.debits.toFixed(2), r.credits.toFixed(2)]).toEqual([2, '700000.35', '0.00']);
    expect(r.warnings).toEqual([]);
  });

  it('a 本日合计 or 本月合计 that disagrees with the lines it adds up is a warning with file, row, stated and computed figure', async () => {
    const r = await readJournalFile(textFile('yonyou-sums-bad.csv', journal('0.36', '700000.45')));
    expect(r.rejected).toEqual([]);
    expect(r.lines).toHaveLength(4);
    expect(r.warnings).toEqual([
      {
        zh: '文件 yonyou-sums-bad.csv 第 7 行的本日合计与读到的凭证行不一致：贷方合计 0.36，第 5–6 行合计 0.35（相差 0.01）',
        en: 'File yonyou-sums-bad.csv: the 本日合计 line (row 7) disagrees with the journal lines read: credit 0.36 vs 0.35 from rows 5–6 (difference 0.01)',
      },
      {
        zh: '文件 yonyou-sums-bad.csv 第 8 行的本月合计与读到的凭证行不一致：借方合计 700000.45，第 2–7 行合计 700000.35（相差 0.10）',
        en: 'File yonyou-sums-bad.csv: the 本月合计 line (row 8) disagrees with the journal lines read: debit 700000.45 vs 700000.35 from rows 2–7 (difference 0.10)',
      },
    ]);
  });

  it('a dated 合计 line at the end adds up every line of the journal: not rejected, checked', async () => {
    // Debits 700,000.00 + 0.35 = 700,000.35 = credits 700,000.00 + 0.35.
    const lines = (credit: string): string[] => [
      YONYOU,
      '2026-11-03,记-1,收按揭款,1002.01 银行存款-工行,700000.00,,',
      '2026-11-03,记-1,收按揭款,2203 预收账款,,700000.00,',
      '2026-11-04,记-2,利息,1002.01 银行存款-工行,0.35,,',
      '2026-11-04,记-2,利息,6603 财务费用,,0.35,',
      `2026-11-30,,合计,,700000.35,${credit},`,
    ];
    const ok = await readJournalFile(textFile('yonyou-total.csv', lines('700000.35')));
    expect(ok.rejected).toEqual([]);
    expect(ok.lines).toHaveLength(4);
    expect(ok.warnings).toEqual([]);
    const bad = await readJournalFile(textFile('yonyou-total-bad.csv', lines('700000.53')));
    expect(bad.rejected).toEqual([]);
    expect(bad.warnings.map((w) => w.zh)).toEqual(['文件 yonyou-total-bad.csv 第 6 行的合计与读到的凭证行不一致：贷方合计 700000.53，第 2–5 行合计 700000.35（相差 0.18）']);
  });

  it('a 小计 line adds up the lines since the summary line above it, as 本日合计 does: checked, not dropped unchecked', async () => {
    // 记-1 rows 2–3: 700,000.00 each side; 记-2 rows 5–6: 0.35 each side.
    const lines = (credit: string): string[] => [
      YONYOU,
      '2026-11-03,记-1,收按揭款,1002.01 银行存款-工行,700000.00,,',
      '2026-11-03,记-1,收按揭款,2203 预收账款,,700000.00,',
      ',,小计,,700000.00,700000.00,',
      '2026-11-04,记-2,利息,1002.01 银行存款-工行,0.35,,',
      '2026-11-04,记-2,利息,6603 财务费用,,0.35,',
      `,,小计,,0.35,${credit},`,
      ',,合计,,700000.35,700000.35,',
    ];
    const ok = await readJournalFile(textFile('yonyou-subtotal.csv', lines('0.35')));
    expect(ok.rejected).toEqual([]);
    expect(ok.lines.map((l) => l.source.row)).toEqual([2, 3, 5, 6]);
    expect(ok.warnings).toEqual([]);
    const bad = await readJournalFile(textFile('yonyou-subtotal-bad.csv', lines('0.53')));
    expect(bad.rejected).toEqual([]);
    expect(bad.warnings.map((w) => w.zh)).toEqual(['文件 yonyou-subtotal-bad.csv 第 7 行的小计与读到的凭证行不一致：贷方合计 0.53，第 5–6 行合计 0.35（相差 0.18）']);
  });

  it('Kingdee XLSX: dated 本日合计 and 本期合计 lines are recognised; a voucher line whose 摘要 merely starts with 本日合计 or 本月合计 is read', async () => {
    const f = await xlsxFile('kingdee-sums.xlsx', [
      ['序时账'],
      ['核算单位：某某置业有限公司', '期间：2026年11月'],
      ['日期', '凭证字号', '摘要', '科目代码', '科目名称', '借方金额', '贷方金额', '辅助核算'],
      ['2026-11-03', '记-0012', '收3栋2单元1501按揭款', '1002.01', '银行存款-工行监管户', 1200000, null, null],
      ['2026-11-03', '记-0012', '收3栋2单元1501按揭款', '2203', '预收账款', null, 1200000, '客户:张三;房号:3-2-1501'],
      ['2026-11-03', null, '本日合计', null, null, 1200000, 1200000, null],
      ['2026-11-05', '记-0015', '本月合计差额调整', '6603', '财务费用', 5, null, null],
      [null, null, '本日合计手续费', '1002.01', '银行存款-工行监管户', null, 5, null],
      ['2026-11-05', null, '本日合计', null, null, 5, 5, null],
      ['2026-11', null, '本期合计', null, null, 1200005, 1200005, null],
      ['2026-11', null, '本年累计', null, null, 8800005, 8800005, null],
    ]);
    const r = await readJournalFile(f);
    expect(r.profile).toBe('kingdee-journal');
    expect(r.rejected).toEqual([]);
    expect(r.lines.map((l) => [l.source.row, l.voucher, l.summary, l.accountCode])).toEqual([
      [4, '记-0012', '收3栋2单元1501按揭款', '1002.01'],
      [5, '记-0012', '收3栋2单元1501按揭款', '2203'],
      [7, '记-0015', '本月合计差额调整', '6603'],
      [8, '记-0015', '本日合计手续费', '1002.01'],
    ]);
    expect(r.warnings).toEqual([]);
  });
});

/**
 * A journal exported as sections one after the other (two accounts' 银行存款 ledgers, two periods), each
 * closed by its 合计: a 合计 adds up the lines since the 合计 above it (or the header), or every line above
 * it (a grand total under the last section), never lines below it. Each 合计 was checked against every
 * line above it, so the second section's right 合计 was warned.
 */
describe("a journal's 合计 with more lines under it", () => {
  // Section 1, rows 2–3: 记-1, 700,000.00 each side. Section 2, rows 5–6: 记-2, 500,000.00 each side.
  const SECTION1 = ['2026-11-03,记-1,收按揭款,1002.01 银行存款-工行,700000.00,,', '2026-11-03,记-1,收按揭款,2203 预收账款,,700000.00,客户：周八'];
  const SECTION2 = ['2026-11-10,记-2,收按揭款,1002.02 银行存款-建行,500000.00,,', '2026-11-10,记-2,收按揭款,2203 预收账款,,500000.00,客户：吴九'];

  it('two accounts one after the other, each closed by its 合计: each adds up its own lines; a wrong one names its own rows', async () => {
    const lines = (credit: string): string[] => [YONYOU, ...SECTION1, ',,合计,,700000.00,700000.00,', ...SECTION2, `,,合计,,500000.00,${credit},`];
    const ok = await readJournalFile(textFile('yonyou-two-sections.csv', lines('500000.00')));
    expect(ok.rejected).toEqual([]);
    expect(ok.lines.map((l) => l.source.row)).toEqual([2, 3, 5, 6]);
    expect(ok.warnings).toEqual([]);
    const bad = await readJournalFile(textFile('yonyou-two-sections-bad.csv', lines('500100.00')));
    expect(bad.warnings).toEqual([
      {
        zh: '文件 yonyou-two-sections-bad.csv 第 7 行的合计与读到的凭证行不一致：贷方合计 500100.00，第 5–6 行合计 500000.00（相差 100.00）',
        en: 'File yonyou-two-sections-bad.csv: the 合计 line (row 7) disagrees with the journal lines read: credit 500100.00 vs 500000.00 from rows 5–6 (difference 100.00)',
      },
    ]);
  });

  it('two periods, each with 本日合计, 本月合计, 本年累计 and its 合计: the December lines add up on their own', async () => {
    const r = await readJournalFile(
      textFile('yonyou-two-periods.csv', [
        YONYOU,
        ...SECTION1,
        '2026-11-03,,本日合计,,700000.00,700000.00,',
        ',,本月合计,,700000.00,700000.00,',
        ',,本年累计,,9700000.00,9700000.00,',
        ',,合计,,700000.00,700000.00,',
        '2026-12-10,记-1,收按揭款,1002.01 银行存款-工行,500000.00,,',
        '2026-12-10,记-1,收按揭款,2203 预收账款,,500000.00,',
        '2026-12-10,,本日合计,,500000.00,500000.00,',
        ',,本月合计,,500000.00,500000.00,',
        ',,本年累计,,10200000.00,10200000.00,',
        ',,合计,,500000.00,500000.00,',
      ]),
    );
    expect(r.rejected).toEqual([]);
    expect(r.lines.map((l) => l.source.row)).toEqual([2, 3, 8, 9]);
    expect(r.warnings).toEqual([]);
  });

  it('the last 合计 (or a 总计 under it) may be the grand total of every line above it; a wrong one is said against its own section', async () => {
    const grand = await readJournalFile(textFile('yonyou-grand.csv', [YONYOU, ...SECTION1, ',,合计,,700000.00,700000.00,', ...SECTION2, ',,合计,,1200000.00,1200000.00,']));
    expect(grand.warnings).toEqual([]);
    const under = (total: string): string[] => [YONYOU, ...SECTION1, ',,合计,,700000.00,700000.00,', ...SECTION2, ',,合计,,500000.00,500000.00,', `,,总计,,${total},${total},`];
    expect((await readJournalFile(textFile('yonyou-sum-of-sums.csv', under('1200000.00')))).warnings).toEqual([]);
    // A 总计 right under a 合计 has no lines of its own: it restates that section, or adds up every line above.
    expect((await readJournalFile(textFile('yonyou-restated.csv', under('500000.00')))).warnings).toEqual([]);
    const wrong = await readJournalFile(textFile('yonyou-grand-bad.csv', under('1300000.00')));
    expect(wrong.warnings.map((w) => w.zh)).toEqual([
      '文件 yonyou-grand-bad.csv 第 8 行的总计与读到的凭证行不一致：借方合计 1300000.00，第 5–6 行合计 500000.00（相差 800000.00）；贷方合计 1300000.00，第 5–6 行合计 500000.00（相差 800000.00）',
    ]);
  });

  it('a 合计 never adds up lines below it: one over the whole journal printed above its last lines is wrong', async () => {
    const r = await readJournalFile(textFile('yonyou-early.csv', [YONYOU, ...SECTION1, ',,合计,,1200000.00,1200000.00,', ...SECTION2]));
    expect(r.lines).toHaveLength(4);
    expect(r.warnings.map((w) => w.zh)).toEqual([
      '文件 yonyou-early.csv 第 4 行的合计与读到的凭证行不一致：借方合计 1200000.00，第 2–3 行合计 700000.00（相差 500000.00）；贷方合计 1200000.00，第 2–3 行合计 700000.00（相差 500000.00）',
    ]);
  });

  it('a 本日合计, 小计 or 本月合计 under a 合计 adds up the lines since the 合计', async () => {
    for (const label of ['本日合计', '小计', '本月合计']) {
      const lines = (debit: string): string[] => [YONYOU, ...SECTION1, ',,合计,,700000.00,700000.00,', ...SECTION2, `,,${label},,${debit},500000.00,`, ',,合计,,500000.00,500000.00,'];
      expect((await readJournalFile(textFile(`yonyou-total-then-${label}.csv`, lines('500000.00')))).warnings).toEqual([]);
      const bad = await readJournalFile(textFile(`yonyou-total-then-${label}-bad.csv`, lines('1200000.00')));
      expect(bad.warnings.map((w) => w.zh)).toEqual([`文件 yonyou-total-then-${label}-bad.csv 第 7 行的${label}与读到的凭证行不一致：借方合计 1200000.00，第 5–6 行合计 500000.00（相差 700000.00）`]);
    }
  });
});
