import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDateCell, parseDateText, parseMoneyCell, parseTimeCell, parseTimeText, sidedAmount } from '../../pipeline/read/cells';
import { readBankFile } from '../../pipeline/read';
import { gbCsvFile } from './sheetFile';

/**
 * Date-time and amount spellings that real Chinese bank and ERP exports use and that made every row
 * of such a file unreadable: each is read as what it says, impossible values stay refused, and the
 * spellings read before read as they did.
 */
const dateTime = (s: string) => {
  const r = parseDateText(s);
  return r.ok ? `${r.date} ${r.time}` : 'refused';
};
const money = (s: string) => {
  const r = parseMoneyCell(s);
  return r.ok ? (r.value === null ? null : r.value.toFixed()) : 'refused';
};

describe('date-times of bank CSVs, core-banking and Windows-locale exports', () => {
  it.each([
    // yyyyMMddHHmmss (交易时间 of bank CSVs)
    ['20261103100000', '2026-11-03 10:00:00'],
    ['20261103235959', '2026-11-03 23:59:59'],
    ['20240229000001', '2024-02-29 00:00:01'],
    // DB2 timestamps yyyy-MM-dd-HH.mm.ss.ffffff: the fraction of a second is dropped, as in "10:00:00.123"
    ['2026-11-03-10.00.00.000000', '2026-11-03 10:00:00'],
    ['2026-11-03-15.05.30.123456', '2026-11-03 15:05:30'],
    ['2026-11-03-15.05.30', '2026-11-03 15:05:30'],
    // Windows 12-hour clock: 上午 12 is midnight, 下午 12 noon
    ['2026/11/03 上午10:00:00', '2026-11-03 10:00:00'],
    ['2026/11/03 下午3:05:00', '2026-11-03 15:05:00'],
    ['2026/11/03 下午12:00:00', '2026-11-03 12:00:00'],
    ['2026/11/03 上午12:00:00', '2026-11-03 00:00:00'],
    ['2026/11/03 上午12:30:15', '2026-11-03 00:30:15'],
    ['2026/11/03 下午11:59:59', '2026-11-03 23:59:59'],
    ['2026-11-03 下午3:05', '2026-11-03 15:05:00'],
    // 年月日 with a time straight after, or in 时分秒
    ['2026年11月5日10:20', '2026-11-05 10:20:00'],
    ['2026年11月5日 10时20分', '2026-11-05 10:20:00'],
    ['2026年11月5日10时20分05秒', '2026-11-05 10:20:05'],
    ['2026年11月5日 下午3时05分', '2026-11-05 15:05:00'],
  ])('%s → %s', (cell, expected) => {
    expect(dateTime(cell)).toBe(expected);
  });

  it.each([
    '20260230100000', // no 30 February
    '20261103240000', // no hour 24
    '20261103106000',
    '20261303100000',
    '2026-02-30-10.00.00.000000',
    '2026-11-03-24.00.00.000000',
    '2026/11/03 下午13:00:00', // a 12-hour clock has no 13
    '2026年2月30日10:20',
    '2026年11月5日 25时00分',
    '2026年11月5日 10时60分',
  ])('%s stays refused', (cell) => {
    expect(dateTime(cell)).toBe('refused');
  });

  it('an impossible day says so, in Chinese first', () => {
    const r = parseDateText('20260230100000');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toEqual({ zh: '日期不存在：20260230100000', en: 'impossible date: 20260230100000' });
  });

  it('yyyyMMddHHmmss kept as a number by a spreadsheet reads as the text does', () => {
    expect(parseDateCell(20261103100000)).toEqual({ ok: true, date: '2026-11-03', time: '10:00:00' });
    expect(parseDateCell(20260230100000).ok).toBe(false);
  });
});

describe('times in 时分秒 and with 上午/下午', () => {
  it.each([
    ['10时00分', '10:00:00'],
    ['10时00分05秒', '10:00:05'],
    ['9时5分', '09:05:00'],
    ['23时59分59秒', '23:59:59'],
    ['上午10:00:00', '10:00:00'],
    ['下午3:05:00', '15:05:00'],
    ['下午12:00:00', '12:00:00'],
    ['上午12:00:00', '00:00:00'],
    // zh-CN's own 12-hour clock (ICU, Node's toLocaleString('zh-CN', { hour12: true })) counts 0–11
    ['上午0:05:00', '00:05:00'],
    ['下午0:05:00', '12:05:00'],
    ['下午 3:05', '15:05:00'],
  ])('%s → %s', (cell, expected) => {
    expect(parseTimeText(cell)).toBe(expected);
    expect(parseTimeCell(cell)).toBe(expected);
  });

  it.each(['24时00分', '10时60分', '10时00分60秒', '下午13:00:00', '上午13:00:00', '10时', '下午'])('%s is no time', (cell) => {
    expect(parseTimeText(cell)).toBeUndefined();
  });
});

describe('spellings read before read as they did', () => {
  it.each([
    ['2026-11-03', '2026-11-03 null'],
    ['2026-11-03 10:22:13', '2026-11-03 10:22:13'],
    ['20261103', '2026-11-03 null'],
    ['20261103 102213', '2026-11-03 10:22:13'],
    ['2026/11/3 9:05', '2026-11-03 09:05:00'],
    ['2026.11.03', '2026-11-03 null'],
    ['2026年11月3日', '2026-11-03 null'],
    ['2026年11月3日 10:20', '2026-11-03 10:20:00'],
    ['2026-11-03T10:22:13', '2026-11-03 10:22:13'],
    ['03-11-2026', 'refused'],
    ['2026-02-30', 'refused'],
  ])('%s → %s', (cell, expected) => {
    expect(dateTime(cell)).toBe(expected);
  });

  it.each([
    ['102213', '10:22:13'],
    ['10:22', '10:22:00'],
    ['10:22:13.5', '10:22:13'],
  ])('time %s → %s', (cell, expected) => {
    expect(parseTimeText(cell)).toBe(expected);
  });
});

describe('amounts with a trailing minus (mainframe exports)', () => {
  it.each([
    ['1,234.56-', '-1234.56'],
    ['1234.56-', '-1234.56'],
    ['0.50-', '-0.5'],
    ['1234-', '-1234'],
    ['1,000,000.00-', '-1000000'],
    ['¥1,234.56-', '-1234.56'],
  ])('%s → %s', (cell, expected) => {
    expect(money(cell)).toBe(expected);
  });

  it('"1,234.56-" is exactly "-1,234.56", down to the printed decimals', () => {
    const a = parseMoneyCell('1,234.56-');
    const b = parseMoneyCell('-1,234.56');
    expect(a.ok && b.ok && a.value?.toFixed(2)).toBe('-1234.56');
    expect(a.ok && b.ok && a.value?.equals(b.value!)).toBe(true);
  });

  it.each([
    '-1,234.56-', // two signs
    '+1,234.56-',
    '1,234.56--',
    '12,34.5-', // commas not in threes
    '1.234,56', // European: could be 1.234 yuan, never guessed at
    '1.234,56-',
    '1,234.56CR', // whose credit: the bank's (money in) or the books' (a 贷 on the bank account is money out)? Not from the cell alone: sidedAmount, for statements only
    '1,234.56DR',
    '1,234.56 借',
    '1,234.56 贷',
  ])('%s stays refused', (cell) => {
    expect(money(cell)).toBe('refused');
  });

  it.each([
    ['1,234.56', '1234.56'],
    ['-1,234.56', '-1234.56'],
    ['+10000.00', '10000'],
    ['(1,234.56)', '-1234.56'],
    ['-', null],
    ['--', null],
  ])('unchanged: %s → %s', (cell, expected) => {
    expect(money(cell)).toBe(expected);
  });
});

describe('a GB18030 statement written with these spellings is read, not rejected row by row', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-spell-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('timestamps, 上午/下午, 时分秒 and trailing minus', async () => {
    const lines = [
      '交易日期,交易时间,交易金额,账户余额,交易类型,对方户名,对方账号,摘要,流水号',
      '20261103100000,上午10:00:00,"600,000.00","1,600,000.00",转账,张三,6222020200001111,按揭放款 3-2-1501,CM0001',
      '2026-11-03-15.05.00.000000,下午3:05:00,"1,234.56-","1,598,765.44",转账,某某物业公司,6222020200002222,付款,CM0002',
      '2026年11月5日 10时20分,10时20分05秒,30.00-,"1,598,735.44",费用,,,手续费,CM0003',
      '2026/11/06 下午12:00:00,,100.00,"1,598,835.44",转账,李四,6222020200003333,退款,CM0004',
      '2026年11月6日10:20,上午12:30:00,"1.234,56","1,598,835.44",转账,,,欧式金额,CM0005',
    ];
    const file = gbCsvFile(dir, 'cmb-spellings.csv', lines);
    const r = await readBankFile(file);
    expect(r.encoding).toBe('gb18030');
    expect(r.profile).toBe('cmb-corporate');
    expect(r.transactions.map((t) => [t.source.row, t.date, t.time, t.amount.toFixed(2), t.balance?.toFixed(2)])).toEqual([
      [2, '2026-11-03', '10:00:00', '600000.00', '1600000.00'],
      [3, '2026-11-03', '15:05:00', '-1234.56', '1598765.44'],
      [4, '2026-11-05', '10:20:05', '-30.00', '1598735.44'],
      [5, '2026-11-06', '12:00:00', '100.00', '1598835.44'],
    ]);
    // 600,000.00 + 100.00 in; 1,234.56 + 30.00 out
    expect([r.credits.toFixed(2), r.debits.toFixed(2)]).toEqual(['600100.00', '1264.56']);
    // The European "1.234,56" is still refused, on its own row and column only.
    expect(r.rejected.map((x) => [x.source.row, x.column])).toEqual([[6, 'C']]);
    expect(r.warnings.filter((w) => w.zh.includes('时间无法识别'))).toEqual([]);
  });

  it('a trailing minus in a money-out column is red ink as a leading one is: the balance decides', async () => {
    const lines = [
      '中国农业银行账户明细',
      '账号：19010101040012345 户名：某某置业有限公司',
      '交易日期,交易时间,收入金额,支出金额,本次余额,对方户名,对方账号,交易用途,交易流水号',
      '20261103,102213,"1,000.00",,"1,000.00",赵六,6228480000001234,按揭款,ABC0001',
      '20261104,090000,,50.00,950.00,,,手续费,ABC0002',
      '20261105,090000,,50.00-,"1,000.00",,,手续费冲正,ABC0003',
    ];
    const file = gbCsvFile(dir, 'abc-red-ink.csv', lines);
    const r = await readBankFile(file);
    expect(r.profile).toBe('abc-corporate');
    expect(r.rejected).toEqual([]);
    // 950.00 → 1,000.00: the 冲正 of the 50.00 fee is money in
    expect(r.transactions.map((t) => t.amount.toFixed(2))).toEqual(['1000.00', '-50.00', '50.00']);
  });

  it('CR/DR and 借/贷 after a statement\'s signed amount and balance: the bank\'s side, money in or out', async () => {
    const lines = [
      '交易日期,交易时间,交易金额,账户余额,交易类型,对方户名,对方账号,摘要,流水号',
      '2026-11-03,10:00:00,"600,000.00CR","1,600,000.00CR",转账,张三,6222020200001111,按揭放款 3-2-1501,CM0001',
      '2026-11-03,15:05:00,"1,234.56DR","1,598,765.44CR",转账,某某物业公司,6222020200002222,付款,CM0002',
      '2026-11-05,10:20:05,30.00 借,"1,598,735.44 贷",费用,,,手续费,CM0003',
      '2026-11-06,12:00:00,100.00 贷,"1,598,835.44 贷",转账,李四,6222020200003333,退款,CM0004',
      '2026-11-06,12:30:00,"-5.00CR","1,598,835.44 贷",转账,,,两个方向,CM0005',
    ];
    const file = gbCsvFile(dir, 'cmb-sided.csv', lines);
    const r = await readBankFile(file);
    expect(r.profile).toBe('cmb-corporate');
    expect(r.transactions.map((t) => [t.amount.toFixed(2), t.balance?.toFixed(2)])).toEqual([
      ['600000.00', '1600000.00'],
      ['-1234.56', '1598765.44'],
      ['-30.00', '1598735.44'],
      ['100.00', '1598835.44'],
    ]);
    expect([r.credits.toFixed(2), r.debits.toFixed(2)]).toEqual(['600100.00', '1264.56']);
    // A minus and a CR both: two directions, refused.
    expect(r.rejected.map((x) => [x.source.row, x.column])).toEqual([[6, 'C']]);
    expect(r.warnings.filter((w) => w.zh.includes('余额不是数字'))).toEqual([]);
  });

  it('on a credit card that prints spending positive, DR is spending and CR a repayment, not negated again', async () => {
    const lines = [
      '交易日期,入账日期,交易摘要,交易金额,交易货币,入账金额,入账货币',
      '2026/11/03,2026/11/03,消费 某某超市,"1,000.00",人民币,"1,000.00DR",人民币',
      '2026/11/05,2026/11/05,还款,500.00,人民币,500.00CR,人民币',
      '2026/11/06,2026/11/06,消费 某某餐厅,200.00,人民币,200.00,人民币',
    ];
    const file = gbCsvFile(dir, 'cgb-sided.csv', lines);
    const r = await readBankFile(file);
    expect(r.profile).toBe('cgb-credit');
    expect(r.rejected).toEqual([]);
    // The unsuffixed 200.00 is spending by the layout's negate, as before.
    expect(r.transactions.map((t) => t.amount.toFixed(2))).toEqual(['-1000.00', '500.00', '-200.00']);
  });

  it('beside money-in/money-out columns a side suffix would be a second direction: still refused', async () => {
    const lines = [
      '中国农业银行账户明细',
      '账号：19010101040012345 户名：某某置业有限公司',
      '交易日期,交易时间,收入金额,支出金额,本次余额,对方户名,对方账号,交易用途,交易流水号',
      '20261103,102213,"1,000.00",,"1,000.00CR",赵六,6228480000001234,按揭款,ABC0001',
      '20261104,090000,,50.00DR,950.00CR,,,手续费,ABC0002',
    ];
    const file = gbCsvFile(dir, 'abc-sided.csv', lines);
    const r = await readBankFile(file);
    expect(r.profile).toBe('abc-corporate');
    expect(r.transactions.map((t) => [t.amount.toFixed(2), t.balance?.toFixed(2)])).toEqual([['1000.00', '1000.00']]);
    expect(r.rejected.map((x) => [x.source.row, x.column])).toEqual([[5, 'D']]);
  });
});

describe('sidedAmount: an amount with CR/DR or 借/贷 after it, as a bank statement prints it', () => {
  it.each([
    ['1,234.56CR', '1234.56'],
    ['1,234.56DR', '-1234.56'],
    ['1,234.56 Cr', '1234.56'],
    ['1,234.56 dr', '-1234.56'],
    ['1,234.56 贷', '1234.56'],
    ['1,234.56 借', '-1234.56'],
    ['1234.56\u3000借', '-1234.56'],
    [' 1,000,000.00CR ', '1000000'],
  ])('%s → %s', (cell, expected) => {
    expect(sidedAmount(cell)?.toFixed()).toBe(expected);
  });

  it.each(['-1,234.56CR', '+1,234.56DR', '(1,234.56)CR', '1.234,56CR', '12,34.5DR', 'CR', '1,234.56C', '1,234.56 CR DR', '1,234.56 借贷', '1,234.56', '1,234.56-', '¥1,234.56CR'])('%s is not one', (cell) => {
    expect(sidedAmount(cell)).toBeNull();
  });

  it('is never asked of a number or date cell', () => {
    expect(sidedAmount(1234.56)).toBeNull();
    expect(sidedAmount(null)).toBeNull();
  });
});
