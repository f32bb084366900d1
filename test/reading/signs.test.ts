import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { xlsxFile } from './sheetFile';
import { readBankFile, type StatementRead } from '../../pipeline/read';

/**
 * Amounts printed with a minus in a column that has no sign of its own: the 借方 (money-out)
 * column, the 贷方 (money-in) column, or an amount next to a 借/贷 flag. The column (or flag) gives
 * the direction, the minus is no second negation — unless it is red ink (a reversal), which the
 * running balance shows.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-signs-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function textFile(name: string, lines: string[], encoding = 'utf8'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, iconv.encode(lines.join('\r\n') + '\r\n', encoding));
  return file;
}

const amounts = (r: StatementRead): [number, string][] => r.transactions.map((t) => [t.source.row, t.amount.toFixed(2)]);
const totals = (r: StatementRead): [string, string] => [r.credits.toFixed(2), r.debits.toFixed(2)];

const ICBC_HEADER = '凭证号,本方账号,对方账号,交易时间,借/贷,借方发生额,贷方发生额,对方行号,摘要,用途,对方单位名称,余额,个性化信息';
const ICBC_TITLE = ['中国工商银行对公账户明细', '账号：3602000109900112587', '户名：广州云栖置业有限公司', '起止日期：2026-11-01 至 2026-11-30'];

describe('a negative amount in the 借方 (money-out) column', () => {
  it('ICBC corporate "-1,000.00" in 借方发生额 with a falling balance is money out (−1,000), and the 合计 line agrees', async () => {
    const f = textFile(
      '工行_负.csv',
      [
        ...ICBC_TITLE,
        ICBC_HEADER,
        '202611030000000001,3602000109900112587,6222025420574981069,2026-11-03 10:00:00,贷,,"2,000,000.00",,个人住房贷款放款 3-2-1501,,张三,"12,000,000.00",',
        '202611050000000002,3602000109900112587,44050100000000001,2026-11-05 11:00:00,借,"-1,000.00",,,转账支出,工程款,广州某某建筑有限公司,"11,999,000.00",',
        '202611100000000003,3602000109900112587,6222025420574981070,2026-11-10 09:30:00,借,"-500,000.00",,,退房退款 3-2-1502,,李四,"11,499,000.00",',
        '202611120000000004,3602000109900112587,6222025420574981071,2026-11-12 15:00:00,贷,,"1,500,000.00",,个人住房贷款放款 3-2-1601,,王五,"12,999,000.00",',
        '合计,,,,,"-501,000.00","3,500,000.00",,,,,,',
      ],
      'gb18030',
    );
    const r = await readBankFile(f);
    expect(r.profile).toBe('icbc-corporate');
    expect(amounts(r)).toEqual([
      [6, '2000000.00'],
      [7, '-1000.00'],
      [8, '-500000.00'],
      [9, '1500000.00'],
    ]);
    expect(totals(r)).toEqual(['3500000.00', '501000.00']);
    // The balance confirms each row and the 合计 line agrees: nothing to warn about.
    expect(r.warnings).toEqual([]);
  });

  it('the generic fallback reads a negative 借方发生额 as money out too', async () => {
    const f = textFile('g.csv', [
      '某银行对公账户交易明细',
      '账号：6228000011112222',
      '交易日期,交易时间,借方发生额,贷方发生额,余额,对方户名,对方账号,摘要,流水号',
      '2026-11-03,10:00:00,,2000000.00,12000000.00,张三,6222025420574981069,个人住房贷款放款 3-2-1501,G001',
      '2026-11-05,11:00:00,-1000.00,,11999000.00,广州某某建筑有限公司,44050100000000001,工程款,G002',
      '2026-11-10,09:30:00,-500000.00,,11499000.00,李四,6222025420574981070,退房退款 3-2-1502,G003',
    ]);
    const r = await readBankFile(f);
    expect(r.profile).toBe('generic');
    expect(amounts(r)).toEqual([
      [4, '2000000.00'],
      [5, '-1000.00'],
      [6, '-500000.00'],
    ]);
    expect(totals(r)).toEqual(['2000000.00', '501000.00']);
    expect(r.warnings).toEqual([]);
  });

  it('a .xlsx with number cells: −1000 in 借方 is money out', async () => {
    const f = await xlsxFile(dir, 'ccb.xlsx', [
      ['中国建设银行单位客户账户交易明细'],
      ['交易时间', '借方发生额（支取）', '贷方发生额（收入）', '余额', '币种', '对方户名', '对方账号', '对方开户机构', '记账日期', '摘要', '备注', '账户明细编号-交易流水号'],
      ['2026-11-03 10:00:00', null, 960000, 2960000, '人民币', '王五', '6217000000001234', '建行某支行', '20261103', '放款', null, 'CCB-1'],
      ['2026-11-04 10:00:00', -20, null, 2959980, '人民币', null, null, null, '20261104', '手续费', null, 'CCB-2'],
    ]);
    const r = await readBankFile(f);
    expect(amounts(r)).toEqual([
      [3, '960000.00'],
      [4, '-20.00'],
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('red ink: a negative 借方 whose balance rises is a reversal (money in), read as the balance shows, with a warning naming file and row', async () => {
    const f = textFile('red.csv', [
      '交易日期,交易时间,借方发生额,贷方发生额,余额,对方户名,对方账号,摘要,流水号',
      '2026-11-03,10:00:00,,2000000.00,12000000.00,张三,6222025420574981069,个人住房贷款放款 3-2-1501,G001',
      '2026-11-05,11:00:00,1000.00,,11999000.00,广州某某建筑有限公司,44050100000000001,工程款,G002',
      '2026-11-05,11:30:00,-1000.00,,12000000.00,广州某某建筑有限公司,44050100000000001,冲正 工程款,G003',
      '2026-11-10,09:30:00,-500000.00,,11500000.00,李四,6222025420574981070,退房退款 3-2-1502,G004',
    ]);
    const r = await readBankFile(f);
    expect(amounts(r)).toEqual([
      [2, '2000000.00'],
      [3, '-1000.00'],
      [4, '1000.00'],
      [5, '-500000.00'],
    ]);
    expect(r.warnings.map((w) => w.zh)).toEqual(['文件 red.csv：1 行的负数金额按余额变化是红字冲正（与所在列或借贷标志的方向相反），已按余额读取：第 4 行 C 列 借方发生额 -1000.00 读作 +1000.00']);
    expect(r.warnings[0].en).toBe(
      'File red.csv: 1 row(s) with a negative amount are red-ink reversals by the running balance (against their column\'s or flag\'s direction) and were read as the balance shows: row 4 column C 借方发生额 -1000.00 read as +1000.00',
    );
  });

  it('a statement listed newest first: the balance below each row is the one before it', async () => {
    const f = textFile('desc.csv', [
      '交易日期,交易时间,借方发生额,贷方发生额,余额,对方户名,对方账号,摘要,流水号',
      '2026-11-10,09:30:00,-500000.00,,11500000.00,李四,6222025420574981070,退房退款 3-2-1502,G004',
      '2026-11-05,11:30:00,-1000.00,,12000000.00,广州某某建筑有限公司,44050100000000001,冲正 工程款,G003',
      '2026-11-05,11:00:00,1000.00,,11999000.00,广州某某建筑有限公司,44050100000000001,工程款,G002',
      '2026-11-03,10:00:00,,2000000.00,12000000.00,张三,6222025420574981069,个人住房贷款放款 3-2-1501,G001',
    ]);
    const r = await readBankFile(f);
    expect(amounts(r)).toEqual([
      [2, '-500000.00'],
      [3, '1000.00'],
      [4, '-1000.00'],
      [5, '2000000.00'],
    ]);
    expect(r.warnings.map((w) => w.en)).toEqual([expect.stringContaining('row 3 column C 借方发生额 -1000.00 read as +1000.00')]);
  });

  it('without a balance column: read as money out, with one warning for the file naming the rows', async () => {
    const f = textFile('nobal.csv', [
      '交易日期,交易时间,借方发生额,贷方发生额,对方户名,对方账号,摘要,流水号',
      '2026-11-03,10:00:00,,2000000.00,张三,6222025420574981069,个人住房贷款放款 3-2-1501,G001',
      '2026-11-05,11:00:00,-1000.00,,广州某某建筑有限公司,44050100000000001,工程款,G002',
      '2026-11-10,09:30:00,-500000.00,,李四,6222025420574981070,退房退款 3-2-1502,G003',
    ]);
    const r = await readBankFile(f);
    expect(amounts(r)).toEqual([
      [2, '2000000.00'],
      [3, '-1000.00'],
      [4, '-500000.00'],
    ]);
    expect(r.warnings.map((w) => w.zh)).toEqual([
      '文件 nobal.csv：2 行的金额印为负数，对账单没有余额列，无法用余额核对；已按所在列或借贷标志读取（借方/支出为转出，贷方/收入为转入），如其中有红字冲正请人工核对：第 3 行 C 列 借方发生额 -1000.00 读作 -1000.00；第 4 行 C 列 借方发生额 -500000.00 读作 -500000.00',
    ]);
    expect(r.warnings[0].en).toContain('File nobal.csv: 2 row(s) have an amount printed negative and the statement has no balance column to check them against');
  });

  it('a balance that cannot tell (first row): read by the column, and the row is named in a warning', async () => {
    const f = textFile('first.csv', [
      '交易日期,交易时间,借方发生额,贷方发生额,余额,对方户名,对方账号,摘要,流水号',
      '2026-11-05,11:00:00,-1000.00,,11999000.00,广州某某建筑有限公司,44050100000000001,工程款,G002',
      '2026-11-06,11:00:00,,5000.00,12004000.00,张三,6222025420574981069,放款,G003',
    ]);
    const r = await readBankFile(f);
    expect(amounts(r)).toEqual([
      [2, '-1000.00'],
      [3, '5000.00'],
    ]);
    expect(r.warnings.map((w) => w.en)).toEqual([expect.stringContaining('the running balance cannot confirm their direction (first row, a balance missing, or balances that do not follow on)')]);
    expect(r.warnings[0].en).toContain('row 2 column C 借方发生额 -1000.00 read as -1000.00');
  });
});

describe('a negative amount in the 贷方 (money-in) column', () => {
  it('is money in (+|credit|) when the balance rises, and red ink (money out) when it falls', async () => {
    const f = textFile('credit.csv', [
      '交易日期,交易时间,借方发生额,贷方发生额,余额,对方户名,对方账号,摘要,流水号',
      '2026-11-03,10:00:00,,1000.00,11000.00,张三,6222025420574981069,放款,G001',
      '2026-11-04,10:00:00,,-2000.00,13000.00,张三,6222025420574981069,放款,G002',
      '2026-11-05,10:00:00,,-2000.00,11000.00,张三,6222025420574981069,冲正 放款,G003',
    ]);
    const r = await readBankFile(f);
    expect(amounts(r)).toEqual([
      [2, '1000.00'],
      [3, '2000.00'],
      [4, '-2000.00'],
    ]);
    expect(r.warnings.map((w) => w.en)).toEqual([expect.stringContaining('1 row(s) with a negative amount are red-ink reversals by the running balance')]);
    expect(r.warnings[0].en).toContain('row 4 column D 贷方发生额 -2000.00 read as -2000.00');
  });
});

describe('a signed amount next to a 借/贷 flag', () => {
  const BOCOM = ['交通银行对公账户交易明细', '账号：310066771018000123456', '户名：广州云栖置业有限公司', '交易时间,交易金额,借贷标志,余额,对方户名,对方账号,摘要,流水号'];

  it('BOCOM corporate "-1,000.00",借 is money out once (flag × |amount|), not negated twice', async () => {
    const f = textFile(
      '交行_带符号.csv',
      [
        ...BOCOM,
        '2026-11-03 10:00:00,"2,000,000.00",贷,"12,000,000.00",张三,6222025420574981069,个人住房贷款放款 3-2-1501,B001',
        '2026-11-05 11:00:00,"-1,000.00",借,"11,999,000.00",广州某某建筑有限公司,44050100000000001,工程款,B002',
        '2026-11-10 09:30:00,"-500,000.00",借,"11,499,000.00",李四,6222025420574981070,退房退款 3-2-1502,B003',
        '2026-11-12 15:00:00,"1,500,000.00",贷,"12,999,000.00",王五,6222025420574981071,个人住房贷款放款 3-2-1601,B004',
      ],
      'gb18030',
    );
    const r = await readBankFile(f);
    expect(r.profile).toBe('bocom-corporate');
    expect(amounts(r)).toEqual([
      [5, '2000000.00'],
      [6, '-1000.00'],
      [7, '-500000.00'],
      [8, '1500000.00'],
    ]);
    expect(totals(r)).toEqual(['3500000.00', '501000.00']);
    expect(r.warnings).toEqual([]);
  });

  it('the generic fallback (交易金额 + 借贷标志) reads "-1000.00",借 as money out', async () => {
    const f = textFile('d.csv', [
      '交易日期,交易金额,借贷标志,余额,对方户名,对方账号,摘要,流水号',
      '2026-11-03,2000000.00,贷,12000000.00,张三,6222025420574981069,个人住房贷款放款 3-2-1501,G001',
      '2026-11-05,-1000.00,借,11999000.00,广州某某建筑有限公司,44050100000000001,工程款,G002',
    ]);
    const r = await readBankFile(f);
    expect(r.profile).toBe('generic');
    expect(amounts(r)).toEqual([
      [2, '2000000.00'],
      [3, '-1000.00'],
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('red ink: "-1,000.00",借 whose balance rises is a reversal (money in), with a warning naming the flag', async () => {
    const f = textFile('交行_冲正.csv', [
      ...BOCOM,
      '2026-11-05 11:00:00,"1,000.00",借,"11,999,000.00",广州某某建筑有限公司,44050100000000001,工程款,B002',
      '2026-11-05 11:30:00,"-1,000.00",借,"12,000,000.00",广州某某建筑有限公司,44050100000000001,冲正 工程款,B003',
    ]);
    const r = await readBankFile(f);
    expect(amounts(r)).toEqual([
      [5, '-1000.00'],
      [6, '1000.00'],
    ]);
    expect(r.warnings.map((w) => w.zh)).toEqual(['文件 交行_冲正.csv：1 行的负数金额按余额变化是红字冲正（与所在列或借贷标志的方向相反），已按余额读取：第 6 行 B 列 交易金额 -1,000.00（借贷标志“借”） 读作 +1000.00']);
  });
});
