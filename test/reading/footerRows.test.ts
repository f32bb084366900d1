import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { readBankFile } from '../../pipeline/read';

/**
 * Which rows are blank, data or a footer is decided on the first cell that is not empty, after
 * trimming it (the reader tells most data rows apart without trimming): leading white space of any
 * kind must not hide a footer, and must not turn a data row into a blank one.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-footer-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HEADER = '凭证号,本方账号,对方账号,交易时间,借/贷,借方发生额,贷方发生额,对方行号,摘要,用途,对方单位名称,余额,个性化信息';

function icbcFile(name: string, rows: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, iconv.encode(['中国工商银行对公账户明细', '账号：1202020209000012345', HEADER, ...rows].join('\r\n') + '\r\n', 'gb18030'));
  return file;
}

describe('blank, data and footer rows, whatever white space the first cell starts with', () => {
  it('finds footers behind spaces, tabs and full-width spaces, and reads data rows whose reference starts with a space', async () => {
    const f = icbcFile('ws.csv', [
      '0001,1202020209000012345,6222020200001111,2026-11-03 10:22:13,贷,,100.00,,按揭款,,张三,100.00,',
      ' 0002,1202020209000012345,,2026-11-04 09:00:00,借,30.00,,,手续费,,,70.00,',
      '  ,\t, ,,,,,,,,,,',
      ',,,,,,,,,,,,',
      '  合计,,,,,30.00,999.00,,,,,,',
      '\t合计,,,,,31.00,100.00,,,,,,',
      '\u3000合计,,,,,30.00,101.00,,,,,,',
      ',合计,,,,32.00,100.00,,,,,,',
      '以上数据仅供参考,,,,,,,,,,,,',
    ]);
    const r = await readBankFile(f);
    expect(r.transactionCount).toBe(2);
    expect(r.transactions.map((t) => t.reference)).toEqual(['0001', '0002']);
    expect(r.rejected).toEqual([]);
    expect(r.credits.toFixed(2)).toBe('100.00');
    expect(r.debits.toFixed(2)).toBe('30.00');
    // Every 合计 line was taken as the statement's totals and checked: the four that disagree are named by row.
    const rows = r.warnings.map((w) => /row (\d+)/.exec(w.en)?.[1]).filter(Boolean);
    expect(rows).toEqual(['8', '9', '10', '11']);
  });

  it('a row that starts like a reference is data, not a footer, even when a footer word follows', async () => {
    const f = icbcFile('ref.csv', ['R合计01,1202020209000012345,,2026-11-04 09:00:00,借,30.00,,,手续费,,,70.00,']);
    const r = await readBankFile(f);
    expect(r.transactionCount).toBe(1);
    expect(r.transactions[0].reference).toBe('R合计01');
  });

  it("the portal's signature lines under the rows (经办人, 复核人, 打印人) are footer text, not rejected rows", async () => {
    const f = icbcFile('signatures.csv', [
      '0001,1202020209000012345,6222020200001111,2026-11-03 10:22:13,贷,,100.00,,按揭款,,张三,100.00,',
      '打印日期：2026-11-30 10:15:22',
      '经办人：张三    复核：李四',
      '复核人：李四',
      '打印人：王五,,,,,,,,,,,,',
      '打印柜员：007',
    ]);
    const r = await readBankFile(f);
    expect(r.transactionCount).toBe(1);
    expect(r.rejected).toEqual([]);
  });

  it("a paged export's title block repeated on page 2 is rejected as a repeated title, not as a short row", async () => {
    const f = icbcFile('pages.csv', [
      '0001,1202020209000012345,6222020200001111,2026-11-03 10:22:13,贷,,100.00,,按揭款,,张三,100.00,',
      '中国工商银行对公账户明细',
      '账号：1202020209000012345',
      '0002,1202020209000012345,,2026-11-04 09:00:00,借,30.00,,,手续费,,,70.00,',
    ]);
    const r = await readBankFile(f);
    expect(r.transactionCount).toBe(2);
    expect(r.rejected.map((x) => [x.source.row, x.reason.en])).toEqual([
      [5, 'a repeated title line (a paged export repeats it on each page), not a transaction'],
      [6, 'a repeated title line (a paged export repeats it on each page), not a transaction'],
    ]);
  });
});

/**
 * A layout without a totals section (boc-, cmb-, bocom-corporate …) still gets a 合计 line when the
 * clerk adds one, or a portal prints 总计/本页合计/累计 under the rows: it is not data, and it must
 * not vanish either. It is checked against the rows read, as a layout's own 合计 line is: agreeing,
 * it is a skipped line 合计行（已核对）; disagreeing, a warning names the file, the row and the difference.
 */
const BOC = '交易日期,交易时间,交易流水号,对方户名,对方账号,借方发生额,贷方发生额,余额,用途,摘要';
const BOC_ROWS = ['2026-11-03,10:00:00,B001,张三,6222020200001111,,1000000.00,1000000.00,按揭款,放款', '2026-11-04,09:00:00,B002,,,30.00,,999970.00,手续费,'];
function textFile(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}
const skippedOf = (r: Awaited<ReturnType<typeof readBankFile>>): [number, string, string][] => r.skipped.map((s) => [s.source.row, s.date, s.reason.zh]);

describe('a 合计 line in a layout without a totals section', () => {

  it('split columns (boc-corporate): a 合计 that agrees is a skipped line 合计行（已核对）, dated as the last row; one that disagrees is a warning with file, row and difference', async () => {
    const ok = await readBankFile(textFile('boc-ok.csv', [BOC, ...BOC_ROWS, '合计,,,,,30.00,"1,000,000.00",,,']));
    expect(ok.profile).toBe('boc-corporate');
    expect(ok.transactionCount).toBe(2);
    expect(ok.rejected).toEqual([]);
    expect(skippedOf(ok)).toEqual([[4, '2026-11-04', '合计行（已核对）：收入 1000000.00，支出 30.00']]);
    expect(ok.warnings).toEqual([]);
    const bad = await readBankFile(textFile('boc-bad.csv', [BOC, ...BOC_ROWS, '总计,,,,,31.00,1000000.00,,,']));
    expect(bad.transactionCount).toBe(2);
    expect(bad.skipped).toEqual([]);
    expect(bad.warnings).toEqual([
      {
        zh: '文件 boc-bad.csv 第 4 行的合计与读到的交易不一致：支出合计 31.00，各行合计 30.00（相差 1.00）',
        en: "File boc-bad.csv: the statement's totals line (row 4) disagrees with the rows read: money out 31.00 vs 30.00 from the rows (difference 1.00)",
      },
    ]);
  });

  it('a signed amount column (cmb-corporate): 本页合计 / 累计 of the net amount are checked the same way', async () => {
    const CMB = '交易日期,交易时间,交易金额,账户余额,交易类型,对方户名,对方账号,摘要,流水号';
    const r = await readBankFile(
      textFile('cmb.csv', [CMB, '2026-11-03,10:00:00,1000000.00,1000000.00,转账,张三,6222020200001111,放款,C001', '2026-11-04,09:00:00,-30.00,999970.00,收费,,,手续费,C002', '本页合计,,999970.00,,,,,,', '累计,,999970.01,,,,,,']),
    );
    expect(r.profile).toBe('cmb-corporate');
    expect(r.transactionCount).toBe(2);
    expect(skippedOf(r)).toEqual([[4, '2026-11-04', '合计行（已核对）：净额 999970.00']]);
    expect(r.warnings.map((w) => w.zh)).toEqual(['文件 cmb.csv 第 5 行的合计与读到的交易不一致：净额合计 999970.01，第 2–4 行各行合计 999970.00（相差 0.01）']);
  });

  it('a signed layout\'s 合计 printed with CR/DR or 贷/借 after it ("999,970.00 CR") is checked as its rows are read: CR money in, DR money out', async () => {
    const CMB = '交易日期,交易时间,交易金额,账户余额,交易类型,对方户名,对方账号,摘要,流水号';
    const rows = ['2026-11-03,10:00:00,"1,000,000.00CR","1,000,000.00CR",转账,张三,6222020200001111,放款,C001', '2026-11-04,09:00:00,30.00DR,"999,970.00CR",收费,,,手续费,C002'];
    // 1,000,000.00 in − 30.00 out = 999,970.00 net, money in: CR.
    const right = await readBankFile(textFile('cmb-cr.csv', [CMB, ...rows, '合计,,"999,970.00 CR",,,,,,']));
    expect(right.profile).toBe('cmb-corporate');
    expect(right.transactionCount).toBe(2);
    expect(skippedOf(right)).toEqual([[4, '2026-11-04', '合计行（已核对）：净额 999970.00']]);
    expect(right.warnings).toEqual([]);
    const cn = await readBankFile(textFile('cmb-dai.csv', [CMB, ...rows, '合计,,999970.00 贷,,,,,,']));
    expect(skippedOf(cn)).toEqual([[4, '2026-11-04', '合计行（已核对）：净额 999970.00']]);
    // One fen off: the warning names the row and the difference.
    const wrong = await readBankFile(textFile('cmb-cr-bad.csv', [CMB, ...rows, '合计,,"999,970.01CR",,,,,,']));
    expect(wrong.warnings.map((w) => w.zh)).toEqual(['文件 cmb-cr-bad.csv 第 4 行的合计与读到的交易不一致：净额合计 999970.01，各行合计 999970.00（相差 0.01）']);
    expect(skippedOf(wrong)).toEqual([]);
    // DR is money out: a net of money in printed DR is 999,970.00 the wrong way, 1,999,940.00 apart.
    const side = await readBankFile(textFile('cmb-dr-bad.csv', [CMB, ...rows, '合计,,"999,970.00 DR",,,,,,']));
    expect(side.warnings.map((w) => w.zh)).toEqual(['文件 cmb-dr-bad.csv 第 4 行的合计与读到的交易不一致：净额合计 -999970.00，各行合计 999970.00（相差 1999940.00）']);
  });

  it('a 合计 with its amount, and its CR/DR or 借/贷, in the label\'s own cell ("合计 999,970.00 CR", "合计：999970.00") is checked as in the amount column', async () => {
    const CMB = '交易日期,交易时间,交易金额,账户余额,交易类型,对方户名,对方账号,摘要,流水号';
    const rows = ['2026-11-03,10:00:00,"1,000,000.00CR","1,000,000.00CR",转账,张三,6222020200001111,放款,C001', '2026-11-04,09:00:00,30.00DR,"999,970.00CR",收费,,,手续费,C002'];
    // Net of the rows: 1,000,000.00 in − 30.00 out = 999,970.00 in.
    for (const [name, line] of [
      ['cmb-first-cr.csv', '"合计 999,970.00 CR",,,,,,,,'],
      ['cmb-first-dai.csv', '合计：999970.00贷,,,,,,,,'],
      ['cmb-first-plain.csv', '"合计：¥999,970.00",,,,,,,,'],
      // Unquoted in a CSV, its thousands comma splits it over two cells: read whole, not as 999.
      ['cmb-first-split.csv', '合计：999,970.00,,,,,,,'],
    ]) {
      const r = await readBankFile(textFile(name, [CMB, ...rows, line]));
      expect(r.transactionCount, name).toBe(2);
      expect(r.warnings, name).toEqual([]);
      expect(skippedOf(r), name).toEqual([[4, '2026-11-04', '合计行（已核对）：净额 999970.00']]);
    }
    const wrong = await readBankFile(textFile('cmb-first-dr.csv', [CMB, ...rows, '"合计 999,970.00 DR",,,,,,,,']));
    expect(wrong.warnings.map((w) => w.zh)).toEqual(['文件 cmb-first-dr.csv 第 4 行的合计与读到的交易不一致：净额合计 -999970.00，各行合计 999970.00（相差 1999940.00）']);
    // Split columns: CR/贷 is the money-in total, DR/借 the money-out one.
    const boc = await readBankFile(textFile('boc-first.csv', [BOC, ...BOC_ROWS, '"合计 1,000,000.00 CR",,,,,,,,,', '合计：31.00借,,,,,,,,,']));
    expect(skippedOf(boc)).toEqual([[4, '2026-11-04', '合计行（已核对）：收入 1000000.00']]);
    expect(boc.warnings.map((w) => w.zh)).toEqual(['文件 boc-first.csv 第 5 行的合计与读到的交易不一致：支出合计 31.00，各行合计 30.00（相差 1.00）']);
    // A 借/贷 flag layout: the flag column says the side of the amount in the label's cell.
    const BOCOM = '交易时间,交易金额,借贷标志,余额,对方户名,对方账号,摘要,流水号';
    const bocom = await readBankFile(textFile('bocom-first.csv', ['交通银行对公账户交易明细', BOCOM, '2026-11-03 10:00:00,1000000.00,贷,1000000.00,张三,6222020200001111,放款,J001', '2026-11-04 09:00:00,30.00,借,999970.00,,,手续费,J002', '合计：1000000.00,,贷,,,,,', '合计：30.00,,借,,,,,']));
    expect(bocom.warnings).toEqual([]);
    expect(skippedOf(bocom).map(([row, , reason]) => [row, reason])).toEqual([
      [5, '合计行（已核对）：收入 1000000.00'],
      [6, '合计行（已核对）：支出 30.00'],
    ]);
  });

  it('a split layout\'s 合计 with one amount and no side in its label\'s cell cannot be told money in from money out: listed unchecked, never dropped', async () => {
    const r = await readBankFile(textFile('boc-first-plain.csv', [BOC, ...BOC_ROWS, '合计：999970.00,,,,,,,,,']));
    expect(r.warnings).toEqual([]);
    // the reason is that its side is unknown, not that it has no amount
    expect(skippedOf(r)).toEqual([[4, '2026-11-04', '合计行（未核对：金额 999970.00 未注明是收入还是支出）']]);
  });

  it('an amount with a 借/贷 flag (bocom-corporate): the flag says which side the total is', async () => {
    const BOCOM = '交易时间,交易金额,借贷标志,余额,对方户名,对方账号,摘要,流水号';
    const r = await readBankFile(textFile('bocom.csv', ['交通银行对公账户交易明细', BOCOM, '2026-11-03 10:00:00,1000000.00,贷,1000000.00,张三,6222020200001111,放款,J001', '2026-11-04 09:00:00,30.00,借,999970.00,,,手续费,J002', '合计,1000000.00,贷,,,,,', '合计,30.00,借,,,,,']));
    expect(r.profile).toBe('bocom-corporate');
    expect(r.transactionCount).toBe(2);
    expect(skippedOf(r)).toEqual([
      [5, '2026-11-04', '合计行（已核对）：收入 1000000.00'],
      [6, '2026-11-04', '合计行（已核对）：支出 30.00'],
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('a 合计 line with no amount to check is still listed (合计行（未核对）), never dropped', async () => {
    const r = await readBankFile(textFile('boc-nothing.csv', [BOC, ...BOC_ROWS, '合计：详见回单,,,,,,,,,']));
    expect(r.transactionCount).toBe(2);
    expect(skippedOf(r)).toEqual([[4, '2026-11-04', '合计行（未核对：本行没有金额）']]);
  });

  it('a 合计 line stating its count (合计：共 2 笔) is checked against the rows read: listed as checked when it agrees, the warning when not', async () => {
    // Rows 2–3: two transactions.
    const r = await readBankFile(textFile('boc-count.csv', [BOC, ...BOC_ROWS, '合计：共 2 笔,,,,,,,,,']));
    expect(r.transactionCount).toBe(2);
    expect(skippedOf(r)).toEqual([[4, '2026-11-04', '合计行（已核对）：共 2 笔']]);
    expect(r.warnings).toEqual([]);
    // With its sums in the amount columns: out 30.00, in 1,000,000.00.
    const sums = await readBankFile(textFile('boc-count-sums.csv', [BOC, ...BOC_ROWS, '合计：共 2 笔,,,,,30.00,1000000.00,,,']));
    expect(skippedOf(sums)).toEqual([[4, '2026-11-04', '合计行（已核对）：收入 1000000.00，支出 30.00，共 2 笔']]);
    expect(sums.warnings).toEqual([]);
    const bad = await readBankFile(textFile('boc-count-bad.csv', [BOC, ...BOC_ROWS, '合计：共 3 笔,,,,,,,,,']));
    expect(skippedOf(bad)).toEqual([]);
    expect(bad.warnings.map((w) => w.zh)).toEqual(['文件 boc-count-bad.csv 第 4 行的合计与读到的交易不一致：总笔数 3，读到的交易 2 笔（相差 1）']);
  });
});

/**
 * A counter print or a bank's XLS of several pages closes each page with 本页合计 (that page's rows)
 * and often 累计 (every row so far); 合计 / 总计 under the last page add up the whole statement.
 * Each line is checked against the rows it adds up: a correct export warns nowhere, and a wrong page
 * total is one warning naming its own row.
 */
describe('本页合计 and 累计 of a paged export', () => {
  // Three pages of boc-corporate (split 借方/贷方 columns), the header repeated at the top of page 2.
  // Page 1, rows 2–3: in 1,000,000.00, out 30.00. Page 2, rows 7–8: in 500,000.00, out 20.00.
  // Page 3, row 11: in 800,000.00. So far after page 2: in 1,500,000.00, out 50.00; in all: in 2,300,000.00, out 50.00.
  const pages = (page2Out: string): string[] => [
    BOC,
    ...BOC_ROWS,
    '本页合计,,,,,30.00,"1,000,000.00",,,',
    '累计,,,,,30.00,"1,000,000.00",,,',
    BOC,
    '2026-11-10,11:00:00,B003,李四,6222020200002222,,500000.00,1499970.00,按揭款,放款',
    '2026-11-12,15:30:00,B004,,,20.00,,1499950.00,手续费,',
    `本页合计,,,,,${page2Out},"500,000.00",,,`,
    '累计,,,,,50.00,"1,500,000.00",,,',
    '2026-11-20,10:00:00,B005,王五,6222020200003333,,800000.00,2299950.00,按揭款,放款',
    '本页合计,,,,,,"800,000.00",,,',
    '累计,,,,,50.00,"2,300,000.00",,,',
    '合计,,,,,50.00,"2,300,000.00",,,',
  ];

  it('a correct three-page export: no warning, every page total, running total and the grand total is a line 合计行（已核对）', async () => {
    const r = await readBankFile(textFile('boc-pages.csv', pages('20.00')));
    expect(r.profile).toBe('boc-corporate');
    expect(r.transactionCount).toBe(5);
    expect(r.credits.toFixed(2)).toBe('2300000.00');
    expect(r.debits.toFixed(2)).toBe('50.00');
    expect(r.warnings).toEqual([]);
    expect(r.rejected.map((x) => [x.source.row, x.reason.zh])).toEqual([[6, '重复的表头行（分页导出时每页都有表头），不是交易']]);
    expect(skippedOf(r)).toEqual([
      [4, '2026-11-04', '合计行（已核对）：收入 1000000.00，支出 30.00'],
      [5, '2026-11-04', '合计行（已核对）：收入 1000000.00，支出 30.00'],
      [9, '2026-11-12', '合计行（已核对）：收入 500000.00，支出 20.00'],
      [10, '2026-11-12', '合计行（已核对）：收入 1500000.00，支出 50.00'],
      [12, '2026-11-20', '合计行（已核对）：收入 800000.00'],
      [13, '2026-11-20', '合计行（已核对）：收入 2300000.00，支出 50.00'],
      [14, '2026-11-20', '合计行（已核对）：收入 2300000.00，支出 50.00'],
    ]);
  });

  it("one wrong page total is one warning naming that line, its page's rows and the difference; the other lines stay checked", async () => {
    const r = await readBankFile(textFile('boc-pages-bad.csv', pages('25.00')));
    expect(r.transactionCount).toBe(5);
    expect(r.warnings).toEqual([
      {
        zh: '文件 boc-pages-bad.csv 第 9 行的合计与读到的交易不一致：支出合计 25.00，本页（第 6–8 行）各行合计 20.00（相差 5.00）',
        en: "File boc-pages-bad.csv: the statement's totals line (row 9) disagrees with the rows read: money out 25.00 vs 20.00 from the page's rows (rows 6–8) (difference 5.00)",
      },
    ]);
    expect(skippedOf(r).map(([row]) => row)).toEqual([4, 5, 10, 12, 13, 14]);
  });

  it('an amount with a 借/贷 flag (bocom-corporate): each page has a 贷 and a 借 line, checked against its own side of the page', async () => {
    const BOCOM = '交易时间,交易金额,借贷标志,余额,对方户名,对方账号,摘要,流水号';
    const r = await readBankFile(
      textFile('bocom-pages.csv', [
        '交通银行对公账户交易明细',
        BOCOM,
        '2026-11-03 10:00:00,1000000.00,贷,1000000.00,张三,6222020200001111,放款,J001',
        '2026-11-04 09:00:00,30.00,借,999970.00,,,手续费,J002',
        '本页合计,1000000.00,贷,,,,,',
        '本页合计,30.00,借,,,,,',
        '2026-11-10 11:00:00,500000.00,贷,1499970.00,李四,6222020200002222,放款,J003',
        '本页合计,500000.00,贷,,,,,',
        '本页合计,0.00,借,,,,,',
        '累计,1500000.00,贷,,,,,',
        '累计,30.00,借,,,,,',
      ]),
    );
    expect(r.profile).toBe('bocom-corporate');
    expect(r.transactionCount).toBe(3);
    expect(r.warnings).toEqual([]);
    expect(skippedOf(r)).toEqual([
      [5, '2026-11-04', '合计行（已核对）：收入 1000000.00'],
      [6, '2026-11-04', '合计行（已核对）：支出 30.00'],
      [8, '2026-11-10', '合计行（已核对）：收入 500000.00'],
      [9, '2026-11-10', '合计行（已核对）：支出 0.00'],
      [10, '2026-11-10', '合计行（已核对）：收入 1500000.00'],
      [11, '2026-11-10', '合计行（已核对）：支出 30.00'],
    ]);
  });

  it("a page's last row whose sign the balance decides (a minus in the 借方 column) is counted in its own page, not the next", async () => {
    // Row 3 prints -30.00 under 借方: money out either way, but the reader waits for row 5 to confirm it by the balance.
    const r = await readBankFile(
      textFile('boc-pages-minus.csv', [
        BOC,
        BOC_ROWS[0],
        '2026-11-04,09:00:00,B002,,,-30.00,,999970.00,手续费,',
        '本页合计,,,,,30.00,"1,000,000.00",,,',
        '2026-11-10,11:00:00,B003,李四,6222020200002222,,500000.00,1499970.00,按揭款,放款',
        '本页合计,,,,,,"500,000.00",,,',
      ]),
    );
    expect(r.transactionCount).toBe(3);
    expect(r.debits.toFixed(2)).toBe('30.00');
    expect(r.warnings).toEqual([]);
    expect(skippedOf(r)).toEqual([
      [4, '2026-11-04', '合计行（已核对）：收入 1000000.00，支出 30.00'],
      [6, '2026-11-10', '合计行（已核对）：收入 500000.00'],
    ]);
  });
});

describe('a page of one row whose sign the balance decides', () => {
  it('is counted in its own page even when the next page total is met before the row is counted', async () => {
    // Row 5, alone on page 2, prints -20.00 under 借方: the reader waits for row 7 to confirm it by the balance,
    // and meets row 6's 本页合计 before it counts row 5.
    const r = await readBankFile(
      textFile('boc-pages-minus-alone.csv', [
        BOC,
        ...BOC_ROWS,
        '本页合计,,,,,30.00,"1,000,000.00",,,',
        '2026-11-10,11:00:00,B003,,,-20.00,,999950.00,手续费,',
        '本页合计,,,,,20.00,,,,',
        '2026-11-20,10:00:00,B004,王五,6222020200003333,,800000.00,1799950.00,按揭款,放款',
        '本页合计,,,,,,"800,000.00",,,',
      ]),
    );
    expect(r.transactionCount).toBe(4);
    expect(r.warnings).toEqual([]);
    expect(skippedOf(r).map(([row, , reason]) => [row, reason])).toEqual([
      [4, '合计行（已核对）：收入 1000000.00，支出 30.00'],
      [6, '合计行（已核对）：支出 20.00'],
      [8, '合计行（已核对）：收入 800000.00'],
    ]);
  });
});

/**
 * A page of a paged export may hold only rows the layout counts neither as money in nor as money out
 * (WeChat's "/" 中性交易: 零钱提现, 零钱充值; Alipay's 不计收支). Its 本页合计 adds up that page, which
 * moved no money: it is not the line under the previous page's 本页合计 (the 借 line under the 贷 line
 * of a 借/贷 layout), whose page had rows counted.
 */
describe('本页合计 of a page holding only neutral rows', () => {
  const HEAD = ['微信支付账单明细,,,,,,,,,,', '微信昵称：[测试],,,,,,,,,,', '----------------------微信支付账单明细列表--------------------,,,,,,,,,,', '交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注'];
  // Page 1 (rows 5–6): in 1,000.00, out 28.16. Page 2 (rows 9–10): 提现 500.00 and 充值 300.00, neither in nor out.
  // Page 3 (row 13): in 2,000.00. Each page's 本页合计 is a 收入 line and a 支出 line.
  const wechat = (page2In: string, page2Out: string): string[] => [
    ...HEAD,
    '2026-11-03 10:00:00,转账,张三,3-2-1501 按揭款,收入,"¥1,000.00",/,已收钱,W001,M001,/',
    '2026-11-05 12:45:27,商户消费,某餐厅,总共消费:28.16,支出,¥28.16,零钱,支付成功,W002,M002,/',
    '本页合计,,,,收入,"¥1,000.00",,,,,',
    '本页合计,,,,支出,¥28.16,,,,,',
    '2026-11-06 12:00:00,零钱提现,招商银行(1234),/,/,¥500.00,/,提现已到账,W003,M003,/',
    '2026-11-07 09:00:00,零钱充值,招商银行(1234),/,/,¥300.00,/,充值完成,W004,M004,/',
    `本页合计,,,,收入,${page2In},,,,,`,
    `本页合计,,,,支出,${page2Out},,,,,`,
    '2026-11-10 11:00:00,转账,李四,3-2-1502 按揭款,收入,"¥2,000.00",/,已收钱,W005,M005,/',
    '本页合计,,,,收入,"¥2,000.00",,,,,',
    '本页合计,,,,支出,¥0.00,,,,,',
    '累计,,,,收入,"¥3,000.00",,,,,',
    '累计,,,,支出,¥28.16,,,,,',
  ];

  it('a page total of 0.00 under a page of neutral rows agrees: no warning, each line checked against its own page', async () => {
    const r = await readBankFile(textFile('wechat-pages.csv', wechat('¥0.00', '¥0.00')));
    expect(r.profile).toBe('wechat');
    expect(r.transactionCount).toBe(3);
    expect(r.warnings).toEqual([]);
    expect(skippedOf(r)).toEqual([
      [7, '2026-11-05', '合计行（已核对）：收入 1000.00'],
      [8, '2026-11-05', '合计行（已核对）：支出 28.16'],
      [9, '2026-11-06', '不计收支（/）'],
      [10, '2026-11-07', '不计收支（/）'],
      [11, '2026-11-07', '合计行（已核对）：收入 0.00'],
      [12, '2026-11-07', '合计行（已核对）：支出 0.00'],
      [14, '2026-11-10', '合计行（已核对）：收入 2000.00'],
      [15, '2026-11-10', '合计行（已核对）：支出 0.00'],
      [16, '2026-11-10', '合计行（已核对）：收入 3000.00'],
      [17, '2026-11-10', '合计行（已核对）：支出 28.16'],
    ]);
  });

  it("a neutral page's total that repeats the previous page's figures is wrong for its page, and says so", async () => {
    const r = await readBankFile(textFile('wechat-pages-bad.csv', wechat('"¥1,000.00"', '¥28.16')));
    expect(r.transactionCount).toBe(3);
    expect(r.warnings.map((w) => w.zh)).toEqual([
      '文件 wechat-pages-bad.csv 第 11 行的合计与读到的交易不一致：收入合计 1000.00，本页（第 9–10 行）各行合计 0.00（相差 1000.00）',
      '文件 wechat-pages-bad.csv 第 12 行的合计与读到的交易不一致：支出合计 28.16，本页（第 9–10 行）各行合计 0.00（相差 28.16）',
    ]);
  });
});

/**
 * A 小计 line closes a group of rows (a day's, a batch's) that the statement adds up before going on:
 * it adds up the rows since the totals line above it (or the header), and is checked and listed as a
 * 合计 line is. It was dropped silently: neither checked nor listed anywhere.
 */
describe('小计 lines under groups of rows', () => {
  // Group 1, rows 2–3: in 1,000,000.00, out 30.00. Group 2, rows 5–6: in 500,000.00, out 20.00.
  const groups = (group2In: string): string[] => [
    BOC,
    ...BOC_ROWS,
    '小计,,,,,30.00,"1,000,000.00",,,',
    '2026-11-10,11:00:00,B003,李四,6222020200002222,,500000.00,1499970.00,按揭款,放款',
    '2026-11-12,15:30:00,B004,,,20.00,,1499950.00,手续费,',
    `小计,,,,,20.00,"${group2In}",,,`,
    '合计,,,,,50.00,"1,500,000.00",,,',
  ];

  it('each 小计 that agrees with its own group is listed as 合计行（已核对）, as the 合计 under them is', async () => {
    const r = await readBankFile(textFile('boc-groups.csv', groups('500,000.00')));
    expect(r.transactionCount).toBe(4);
    expect(r.rejected).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(skippedOf(r)).toEqual([
      [4, '2026-11-04', '合计行（已核对）：收入 1000000.00，支出 30.00'],
      [7, '2026-11-12', '合计行（已核对）：收入 500000.00，支出 20.00'],
      [8, '2026-11-12', '合计行（已核对）：收入 1500000.00，支出 50.00'],
    ]);
  });

  it("a wrong 小计 is a warning naming its row, its group's rows and the difference", async () => {
    const r = await readBankFile(textFile('boc-groups-bad.csv', groups('500,100.00')));
    expect(r.warnings).toEqual([
      {
        zh: '文件 boc-groups-bad.csv 第 7 行的合计与读到的交易不一致：收入合计 500100.00，第 5–6 行各行合计 500000.00（相差 100.00）',
        en: "File boc-groups-bad.csv: the statement's totals line (row 7) disagrees with the rows read: money in 500100.00 vs 500000.00 from rows 5–6 (difference 100.00)",
      },
    ]);
    expect(skippedOf(r).map(([row]) => row)).toEqual([4, 8]);
    // A count it states is its group's: 3 where group 1 has 2 rows.
    const count = await readBankFile(textFile('boc-groups-count.csv', [BOC, ...BOC_ROWS, '小计：共 3 笔,,,,,30.00,"1,000,000.00",,,']));
    expect(count.warnings.map((w) => w.zh)).toEqual(['文件 boc-groups-count.csv 第 4 行的合计与读到的交易不一致：总笔数 3，第 2–3 行读到的交易 2 笔（相差 1）']);
  });

  it('a wrong 小计 over one row names that row, not a range from it to itself (第 5–5 行)', async () => {
    const one = [BOC, ...BOC_ROWS, '小计,,,,,30.00,"1,000,000.00",,,', '2026-11-10,11:00:00,B003,李四,6222020200002222,,500000.00,1499970.00,按揭款,放款', '小计,,,,,,"500,100.00",,,'];
    const r = await readBankFile(textFile('boc-one-row.csv', one));
    expect(r.warnings).toEqual([
      {
        zh: '文件 boc-one-row.csv 第 6 行的合计与读到的交易不一致：收入合计 500100.00，第 5 行各行合计 500000.00（相差 100.00）',
        en: "File boc-one-row.csv: the statement's totals line (row 6) disagrees with the rows read: money in 500100.00 vs 500000.00 from row 5 (difference 100.00)",
      },
    ]);
  });

  it('a 本页合计 under a page of 小计 groups adds up the whole page; the next page\'s first 小计 starts after it', async () => {
    const lines = [...groups('500,000.00').slice(0, 7), '本页合计,,,,,50.00,"1,500,000.00",,,', '2026-11-20,10:00:00,B005,王五,6222020200003333,,800000.00,2299950.00,按揭款,放款', '小计,,,,,,"800,000.00",,,'];
    const r = await readBankFile(textFile('boc-groups-page.csv', lines));
    expect(r.transactionCount).toBe(5);
    expect(r.warnings).toEqual([]);
    expect(skippedOf(r).map(([row, , reason]) => [row, reason])).toEqual([
      [4, '合计行（已核对）：收入 1000000.00，支出 30.00'],
      [7, '合计行（已核对）：收入 500000.00，支出 20.00'],
      [8, '合计行（已核对）：收入 1500000.00，支出 50.00'],
      [10, '合计行（已核对）：收入 800000.00'],
    ]);
  });

  it('a 贷 and a 借 小计 line one under the other (bocom-corporate) add up the same group, each its own side', async () => {
    const BOCOM = '交易时间,交易金额,借贷标志,余额,对方户名,对方账号,摘要,流水号';
    const r = await readBankFile(
      textFile('bocom-groups.csv', [
        '交通银行对公账户交易明细',
        BOCOM,
        '2026-11-03 10:00:00,1000000.00,贷,1000000.00,张三,6222020200001111,放款,J001',
        '2026-11-04 09:00:00,30.00,借,999970.00,,,手续费,J002',
        '小计,1000000.00,贷,,,,,',
        '小计,30.00,借,,,,,',
        '2026-11-10 11:00:00,500000.00,贷,1499970.00,李四,6222020200002222,放款,J003',
        '小计,500000.00,贷,,,,,',
        '小计,0.00,借,,,,,',
      ]),
    );
    expect(r.transactionCount).toBe(3);
    expect(r.warnings).toEqual([]);
    expect(skippedOf(r)).toEqual([
      [5, '2026-11-04', '合计行（已核对）：收入 1000000.00'],
      [6, '2026-11-04', '合计行（已核对）：支出 30.00'],
      [8, '2026-11-10', '合计行（已核对）：收入 500000.00'],
      [9, '2026-11-10', '合计行（已核对）：支出 0.00'],
    ]);
  });
});

/**
 * A 合计 with rows under it (an export that runs two periods or two accounts one after the other,
 * each closed by its 合计) closes a section: it adds up the rows since the 合计 above it (or the
 * header), never the rows below it, and the 小计 and 本页合计 under it start after it. The last 合计 may
 * also be the grand total of every row above it. A 合计 was checked against every row of the sheet,
 * and a 小计 under a 合计 against the rows above that 合计 too.
 */
describe('a 合计 with more rows under it', () => {
  // Section 1, rows 2–3: in 1,000,000.00, out 30.00. Section 2: in 500,000.00, out 20.00. C: in 800,000.00.
  const B = ['2026-11-10,11:00:00,B003,李四,6222020200002222,,500000.00,1499970.00,按揭款,放款', '2026-11-12,15:30:00,B004,,,20.00,,1499950.00,手续费,'];
  const C = '2026-11-20,10:00:00,B005,王五,6222020200003333,,800000.00,2299950.00,按揭款,放款';

  it('two periods one after the other, each with its 合计 (the header again between them): each 合计 adds up its own rows', async () => {
    const lines = (second: string): string[] => [BOC, ...BOC_ROWS, '合计,,,,,30.00,"1,000,000.00",,,', BOC, ...B, `合计,,,,,20.00,"${second}",,,`];
    const r = await readBankFile(textFile('boc-two-periods.csv', lines('500,000.00')));
    expect(r.transactionCount).toBe(4);
    expect(r.warnings).toEqual([]);
    expect(skippedOf(r)).toEqual([
      [4, '2026-11-04', '合计行（已核对）：收入 1000000.00，支出 30.00'],
      [8, '2026-11-12', '合计行（已核对）：收入 500000.00，支出 20.00'],
    ]);
    const bad = await readBankFile(textFile('boc-two-periods-bad.csv', lines('500,100.00')));
    expect(bad.warnings).toEqual([
      {
        zh: '文件 boc-two-periods-bad.csv 第 8 行的合计与读到的交易不一致：收入合计 500100.00，第 5–7 行各行合计 500000.00（相差 100.00）',
        en: "File boc-two-periods-bad.csv: the statement's totals line (row 8) disagrees with the rows read: money in 500100.00 vs 500000.00 from rows 5–7 (difference 100.00)",
      },
    ]);
    expect(skippedOf(bad).map(([row]) => row)).toEqual([4]);
  });

  it('the last 合计 may be the grand total of every row above it; a wrong one is said against its own section', async () => {
    const grand = await readBankFile(textFile('boc-grand.csv', [BOC, ...BOC_ROWS, '合计,,,,,30.00,"1,000,000.00",,,', ...B, '合计,,,,,50.00,"1,500,000.00",,,']));
    expect(grand.warnings).toEqual([]);
    expect(skippedOf(grand).map(([row, , reason]) => [row, reason])).toEqual([
      [4, '合计行（已核对）：收入 1000000.00，支出 30.00'],
      [7, '合计行（已核对）：收入 1500000.00，支出 50.00'],
    ]);
    // A 合计 never adds up rows below it: one over the whole sheet, printed above its last rows, is wrong.
    const early = await readBankFile(textFile('boc-early.csv', [BOC, ...BOC_ROWS, '合计,,,,,50.00,"1,500,000.00",,,', ...B]));
    expect(early.warnings.map((w) => w.zh)).toEqual(['文件 boc-early.csv 第 4 行的合计与读到的交易不一致：收入合计 1500000.00，第 2–3 行各行合计 1000000.00（相差 500000.00）；支出合计 50.00，第 2–3 行各行合计 30.00（相差 20.00）']);
  });

  it('小计, 小计, 合计, then rows and a 小计: the 合计 adds up both groups, the last 小计 only the rows under the 合计', async () => {
    const lines = (total: string): string[] => [BOC, ...BOC_ROWS, '小计,,,,,30.00,"1,000,000.00",,,', ...B, '小计,,,,,20.00,"500,000.00",,,', `合计,,,,,50.00,"${total}",,,`, C, '小计,,,,,,"800,000.00",,,'];
    const r = await readBankFile(textFile('boc-groups-then-rows.csv', lines('1,500,000.00')));
    expect(r.transactionCount).toBe(5);
    expect(r.warnings).toEqual([]);
    expect(skippedOf(r).map(([row, , reason]) => [row, reason])).toEqual([
      [4, '合计行（已核对）：收入 1000000.00，支出 30.00'],
      [7, '合计行（已核对）：收入 500000.00，支出 20.00'],
      [8, '合计行（已核对）：收入 1500000.00，支出 50.00'],
      [10, '合计行（已核对）：收入 800000.00'],
    ]);
    // Every row of the sheet, the one under it included, is not what that 合计 adds up.
    const bad = await readBankFile(textFile('boc-groups-then-rows-bad.csv', lines('2,300,000.00')));
    expect(bad.warnings.map((w) => w.zh)).toEqual(['文件 boc-groups-then-rows-bad.csv 第 8 行的合计与读到的交易不一致：收入合计 2300000.00，第 2–7 行各行合计 1500000.00（相差 800000.00）']);
  });

  it('a 小计 under a 合计 with no 小计 above it adds up the rows since the 合计, not the rows above it', async () => {
    const lines = (group: string): string[] => [BOC, ...BOC_ROWS, '合计,,,,,30.00,"1,000,000.00",,,', ...B, `小计,,,,,20.00,"${group}",,,`, '合计,,,,,20.00,"500,000.00",,,'];
    const r = await readBankFile(textFile('boc-total-then-group.csv', lines('500,000.00')));
    expect(r.warnings).toEqual([]);
    expect(skippedOf(r).map(([row]) => row)).toEqual([4, 7, 8]);
    const bad = await readBankFile(textFile('boc-total-then-group-bad.csv', lines('1,500,000.00')));
    expect(bad.warnings.map((w) => w.zh)).toEqual(['文件 boc-total-then-group-bad.csv 第 7 行的合计与读到的交易不一致：收入合计 1500000.00，第 5–6 行各行合计 500000.00（相差 1000000.00）']);
  });

  it('a 小计 closing a group across a 合计 adds up only the rows since that 合计', async () => {
    const r = await readBankFile(
      textFile('boc-group-total-group.csv', [BOC, ...BOC_ROWS, '小计,,,,,30.00,"1,000,000.00",,,', ...B, '合计,,,,,50.00,"1,500,000.00",,,', C, '小计,,,,,,"800,000.00",,,']),
    );
    expect(r.warnings).toEqual([]);
    expect(skippedOf(r).map(([row]) => row)).toEqual([4, 7, 9]);
  });

  it('a 本页合计 under a 合计 adds up the rows since the 合计', async () => {
    const r = await readBankFile(textFile('boc-total-then-page.csv', [BOC, ...BOC_ROWS, '合计,,,,,30.00,"1,000,000.00",,,', ...B, '本页合计,,,,,20.00,"500,000.00",,,']));
    expect(r.warnings).toEqual([]);
    expect(skippedOf(r).map(([row]) => row)).toEqual([4, 7]);
  });

  it('a 合计 under the header, over every row below it, is still checked against every row, and said to have no row above it', async () => {
    const r = await readBankFile(textFile('boc-total-on-top.csv', [BOC, '合计,,,,,50.00,"1,500,000.00",,,', ...BOC_ROWS, ...B]));
    expect(r.transactionCount).toBe(4);
    expect(r.warnings.map((w) => w.zh)).toEqual(['文件 boc-total-on-top.csv 第 2 行是合计行（已核对）：收入 1500000.00，支出 50.00，其上没有读到交易']);
  });

  it("two accounts one after the other, each with its 合计 and 累计: the second account's 累计 adds up its own rows, or every row above it", async () => {
    const lines = (running: string): string[] => [BOC, ...BOC_ROWS, '合计,,,,,30.00,"1,000,000.00",,,', '累计,,,,,30.00,"1,000,000.00",,,', BOC, ...B, '合计,,,,,20.00,"500,000.00",,,', `累计,,,,,${running},,,`];
    const own = await readBankFile(textFile('boc-two-accounts.csv', lines('20.00,"500,000.00"')));
    expect(own.transactionCount).toBe(4);
    expect(own.warnings).toEqual([]);
    expect(skippedOf(own).map(([row, , reason]) => [row, reason])).toEqual([
      [4, '合计行（已核对）：收入 1000000.00，支出 30.00'],
      [5, '合计行（已核对）：收入 1000000.00，支出 30.00'],
      [9, '合计行（已核对）：收入 500000.00，支出 20.00'],
      [10, '合计行（已核对）：收入 500000.00，支出 20.00'],
    ]);
    // Since the first row: 1,500,000.00 in, 50.00 out.
    const all = await readBankFile(textFile('boc-two-accounts-all.csv', lines('50.00,"1,500,000.00"')));
    expect(all.warnings).toEqual([]);
    expect(skippedOf(all).map(([row]) => row)).toEqual([4, 5, 9, 10]);
    // Neither: said against its own account's rows.
    const bad = await readBankFile(textFile('boc-two-accounts-bad.csv', lines('20.00,"600,000.00"')));
    expect(bad.warnings).toEqual([
      {
        zh: '文件 boc-two-accounts-bad.csv 第 10 行的合计与读到的交易不一致：收入合计 600000.00，第 6–8 行各行合计 500000.00（相差 100000.00）',
        en: "File boc-two-accounts-bad.csv: the statement's totals line (row 10) disagrees with the rows read: money in 600000.00 vs 500000.00 from rows 6–8 (difference 100000.00)",
      },
    ]);
  });

  it('a 累计 under a page of the second section (no 合计 right above it) adds up the rows since the 合计', async () => {
    const r = await readBankFile(textFile('boc-section-page-running.csv', [BOC, ...BOC_ROWS, '合计,,,,,30.00,"1,000,000.00",,,', ...B, '本页合计,,,,,20.00,"500,000.00",,,', C, '本页合计,,,,,,"800,000.00",,,', '累计,,,,,20.00,"1,300,000.00",,,']));
    expect(r.transactionCount).toBe(5);
    expect(r.warnings).toEqual([]);
    expect(skippedOf(r).map(([row]) => row)).toEqual([4, 7, 9, 10]);
  });

  it('a 贷 and a 借 合计 one under the other (bocom-corporate) add up the same section, each its own side', async () => {
    const BOCOM = '交易时间,交易金额,借贷标志,余额,对方户名,对方账号,摘要,流水号';
    const r = await readBankFile(
      textFile('bocom-sections.csv', [
        '交通银行对公账户交易明细',
        BOCOM,
        '2026-11-03 10:00:00,1000000.00,贷,1000000.00,张三,6222020200001111,放款,J001',
        '2026-11-04 09:00:00,30.00,借,999970.00,,,手续费,J002',
        '合计,1000000.00,贷,,,,,',
        '合计,30.00,借,,,,,',
        '2026-11-10 11:00:00,500000.00,贷,1499970.00,李四,6222020200002222,放款,J003',
        '合计,500000.00,贷,,,,,',
        '合计,0.00,借,,,,,',
      ]),
    );
    expect(r.transactionCount).toBe(3);
    expect(r.warnings).toEqual([]);
    expect(skippedOf(r).map(([row, , reason]) => [row, reason])).toEqual([
      [5, '合计行（已核对）：收入 1000000.00'],
      [6, '合计行（已核对）：支出 30.00'],
      [8, '合计行（已核对）：收入 500000.00'],
      [9, '合计行（已核对）：支出 0.00'],
    ]);
  });
});
