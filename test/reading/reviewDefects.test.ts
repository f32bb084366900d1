import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { xlsxFile as sheetFile } from './sheetFile';
import { readBankFile, readJournalFile } from '../../pipeline/read';

/** Inputs a finance user can hand the reader that once gave a wrong result or no result. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-review-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const CCB_HEADER = ['交易时间', '借方发生额（支取）', '贷方发生额（收入）', '余额', '币种', '对方户名', '对方账号', '对方开户机构', '记账日期', '摘要', '备注', '账户明细编号-交易流水号'];

const xlsxFile = (name: string, rows: (string | number | Date | null)[][]): Promise<string> => sheetFile(dir, name, rows);

describe('reader review', () => {
  it('a number in the date column that is no Excel day (60, 0.5) rejects its row instead of failing the whole file', async () => {
    const f = await xlsxFile('serials.xlsx', [
      ['中国建设银行单位客户账户交易明细'],
      CCB_HEADER,
      [new Date(Date.UTC(2026, 10, 3, 10, 22, 13)), null, 960000, 2960000, '人民币', '王五', '6217000000001234', '建行某支行', '20261103', '放款', null, 'CCB-1'],
      [60, null, 1, 1, '人民币', null, null, null, null, '序号 60', null, 'CCB-2'],
      [0.5, null, 1, 1, '人民币', null, null, null, null, '只有时间', null, 'CCB-3'],
    ]);
    const r = await readBankFile(f);
    expect(r.transactionCount).toBe(1);
    expect(r.rejected.map((x) => [x.source.row, x.column])).toEqual([
      [4, 'A'],
      [5, 'A'],
    ]);
    expect(r.rejected[0].reason.en).toContain('60');
  });
});

describe('currency marks in the amount cell', () => {
  it('"RMB 1,200,000.00" is a CNY amount: counted in the CNY totals, not set aside as a currency "RMB"', async () => {
    const f = path.join(dir, 'rmb.csv');
    fs.writeFileSync(
      f,
      [
        '交易日期,交易时间,交易金额,账户余额,交易类型,对方户名,对方账号,摘要,流水号',
        '2026-11-17,13:53:44,"RMB 1,200,000.00",5000000.00,,赵晶,6214836058326458634,个人住房贷款放款,K1',
        '2026-11-18,09:00:00,CNY-20.00,4999980.00,,,,手续费,K2',
        '2026-11-19,09:00:00,USD 5.00,4999980.00,,,,外币,K3',
      ].join('\n') + '\n',
    );
    const r = await readBankFile(f);
    expect(r.transactions.map((t) => [t.amount.toString(), t.currency])).toEqual([
      ['1200000', 'CNY'],
      ['-20', 'CNY'],
      ['5', 'USD'],
    ]);
    expect(r.currency).toBe('CNY');
    expect(r.credits.toFixed(2)).toBe('1200000.00');
    expect(r.otherCurrencies.map((o) => o.currency)).toEqual(['USD']);
  });
});

describe('journal lines that continue the voucher above', () => {
  it('a line without date and voucher whose 摘要 starts like a footer (累计折旧, 小计：…) is read, while the 合计 line is not', async () => {
    const f = path.join(dir, 'kingdee-continued.csv');
    fs.writeFileSync(
      f,
      [
        '日期,凭证字号,摘要,科目代码,科目名称,借方金额,贷方金额,辅助核算',
        '2026-11-03,记-0002,计提折旧,6602,管理费用-折旧,500.00,,',
        ',,累计折旧,1602,累计折旧,,500.00,',
        '2026-11-04,记-0003,付手续费,6603,财务费用,20.00,,',
        ',,小计：手续费,1002.01,银行存款-工行,,20.00,',
        '合计,,,,,520.00,520.00,',
        '注：本表由系统生成,,,,,,,',
      ].join('\n') + '\n',
    );
    const r = await readJournalFile(f);
    expect(r.lines.map((l) => [l.source.row, l.voucher, l.accountCode, l.debit.toFixed(2), l.credit.toFixed(2)])).toEqual([
      [2, '记-0002', '6602', '500.00', '0.00'],
      [3, '记-0002', '1602', '0.00', '500.00'],
      [4, '记-0003', '6603', '20.00', '0.00'],
      [5, '记-0003', '1002.01', '0.00', '20.00'],
    ]);
    expect(r.bankLines).toBe(1);
    expect(r.credits.toFixed(2)).toBe('20.00');
    expect(r.rejected).toEqual([]);
  });
});

describe('UTF-16 without a byte-order mark', () => {
  it('is read when its Chinese text has characters whose low byte is zero (一, 开, 退)', async () => {
    const text =
      [
        '交易日期\t交易时间\t交易流水号\t对方户名\t对方账号\t借方发生额\t贷方发生额\t余额\t用途\t摘要',
        '20261111\t10:33:12\t3336261111000002\t王一\t6216613408499937084\t\t300000.00\t11468404.96\t\t首付款 1-2-404 开户行一',
        '20261112\t10:00:00\t3336261112000001\t钱开\t6216613408499937085\t2000.00\t\t11466404.96\t\t退款 转一般户',
      ].join('\r\n') + '\r\n';
    for (const [name, bytes] of [
      ['le.txt', Buffer.from(text, 'utf16le')],
      ['be.txt', Buffer.from(text, 'utf16le').swap16()],
    ] as const) {
      const f = path.join(dir, name);
      fs.writeFileSync(f, bytes);
      const r = await readBankFile(f);
      expect([r.profile, r.encoding, r.transactionCount, r.credits.toFixed(2), r.debits.toFixed(2)]).toEqual(['boc-corporate', name === 'le.txt' ? 'utf-16le' : 'utf-16be', 2, '300000.00', '2000.00']);
      expect(r.transactions[0].counterpartyName).toBe('王一');
    }
  });
});

describe('text rows whose amount was cut at an unquoted thousands comma', () => {
  it('are rejected: an unquoted 1,234.56 splits into "1" and "234.56" and every later cell shifts', async () => {
    const f = path.join(dir, 'unquoted.csv');
    fs.writeFileSync(
      f,
      [
        '交易日期,交易时间,收入金额,支出金额,本次余额,对方户名,对方账号,交易用途,交易流水号',
        '20261103,102213,"1,234.56",,"1,001,234.56",赵六,6228480000001234,按揭款,ABC0001',
        '20261104,090000,2,000.00,,1003234.56,钱七,6228480000005678,按揭款,ABC0002',
        '20261105,090000,,20.00,1003214.56,,,手续费,ABC0003,',
      ].join('\n') + '\n',
    );
    const r = await readBankFile(f);
    expect(r.transactions.map((t) => [t.source.row, t.amount.toFixed(2)])).toEqual([
      [2, '1234.56'],
      [4, '-20.00'],
    ]);
    expect(r.rejected.map((x) => x.source.row)).toEqual([3]);
    expect(r.rejected[0].reason.en).toContain('thousands comma');
    expect(r.rejected[0].column).toBe('C');
  });

  it('in a journal too', async () => {
    const f = path.join(dir, 'unquoted-journal.csv');
    fs.writeFileSync(
      f,
      [
        '日期,凭证字号,摘要,科目代码,科目名称,借方金额,贷方金额,辅助核算',
        '2026-11-03,记-0001,收按揭款,1002.01,银行存款-工行,"1,200,000.00",,',
        '2026-11-03,记-0001,收按揭款,2203,预收账款,,1,200,000.00,客户:张三;房号:3-2-1501',
      ].join('\n') + '\n',
    );
    const r = await readJournalFile(f);
    expect(r.lines.map((l) => l.source.row)).toEqual([2]);
    expect(r.rejected.map((x) => x.source.row)).toEqual([3]);
  });
});

describe('title block', () => {
  it('reads account and name from one cell that holds both ("账号：… 户名：…")', async () => {
    const f = await xlsxFile('abc-title.xlsx', [
      ['中国农业银行账户明细'],
      ['账号：19010101040012345    户名：某某置业有限公司'],
      ['交易日期', '交易时间', '收入金额', '支出金额', '本次余额', '对方户名', '对方账号', '交易用途', '交易流水号'],
      ['20261103', '102213', 450000.5, null, 1450000.5, '赵六', '6228480000001234', '按揭款7-3-2201', 'ABC0001'],
    ]);
    const r = await readBankFile(f);
    expect([r.profile, r.account, r.accountName]).toEqual(['abc-corporate', '19010101040012345', '某某置业有限公司']);
    expect(r.transactions[0].account).toBe('19010101040012345');
  });

  it('and from a CSV title line that separates them with a Chinese comma, keeping a time inside a value whole', async () => {
    const f = path.join(dir, 'citic-title.csv');
    fs.writeFileSync(
      f,
      [
        '中信银行对公账户交易明细',
        '账号：8110701012345678901，户名：某某置业有限公司',
        '起止日期：2026-11-01 00:00:00 至 2026-11-30 23:59:59',
        '交易日期,交易时间,借贷标识,发生额,账户余额,对方账号,对方账户名称,摘要,柜员流水号',
        '20261103,10:22:13,贷,"1,000,000.00","2,000,000.00",6217000000001234,张三,按揭款,T1',
      ].join('\n') + '\n',
    );
    const r = await readBankFile(f);
    expect([r.profile, r.account, r.accountName]).toEqual(['citic-corporate', '8110701012345678901', '某某置业有限公司']);
  });
});

describe('dates given as bare numbers', () => {
  it('are Excel serials only with five digits: a yyMMdd "261103" or a stray 1 is rejected, not read as 2614 or 1900', async () => {
    const f = await xlsxFile('bare-numbers.xlsx', [
      CCB_HEADER,
      [46329.4306134259, null, 960000, 2960000, '人民币', '王五', '6217000000001234', '建行某支行', '20261103', '放款', null, 'CCB-1'],
      ['261104', null, 1, 1, '人民币', null, null, null, null, 'yyMMdd', null, 'CCB-2'],
      [1, null, 1, 1, '人民币', null, null, null, null, '1', null, 'CCB-3'],
    ]);
    const r = await readBankFile(f);
    expect(r.transactions.map((t) => [t.date, t.time])).toEqual([['2026-11-03', '10:20:05']]);
    expect(r.rejected.map((x) => [x.source.row, x.column])).toEqual([
      [3, 'A'],
      [4, 'A'],
    ]);
  });
});

describe('a CSV saved again by Excel', () => {
  it('warns when account numbers or references are in scientific notation (their digits are lost)', async () => {
    const f = path.join(dir, 'excel-saved.csv');
    fs.writeFileSync(
      f,
      [
        '交易日期,交易时间,交易金额,账户余额,交易类型,对方户名,对方账号,摘要,流水号',
        '2026/11/17,13:53,3467000,12220620.36,,赵晶,6.21484E+18,个人住房贷款放款,2.02611E+17',
        '2026/11/18,9:05,3415000,15635620.36,,秦文静,6214832630951581148,个人住房贷款放款,K7280000031125',
      ].join('\r\n') + '\r\n',
    );
    const r = await readBankFile(f);
    expect(r.transactionCount).toBe(2);
    expect(r.warnings.map((w) => w.en)).toEqual([expect.stringContaining('scientific notation')]);
    expect(r.warnings[0].en).toContain('(rows 2: row 2 column G 对方账号 6.21484E+18; row 2 column I 流水号 2.02611E+17)');
    // What is left of them is no account and no reference: never matched on, never a duplicate.
    expect(r.transactions.map((t) => [t.counterpartyAccount, t.reference])).toEqual([
      [null, null],
      ['6214832630951581148', 'K7280000031125'],
    ]);
  });

  it('a workbook saved again holds long 流水号 and accounts as numbers with their last digits gone: warned (file, sheet, row, column) and dropped, so two disbursements are not one reference', async () => {
    // 202611030000000001 and …0002 as Excel keeps them: 15 significant digits, both 202611030000000000.
    const f = await xlsxFile('工行_另存.xlsx', [
      ['中国工商银行对公账户明细'],
      ['账号：3602000109900112587'],
      ['凭证号', '本方账号', '对方账号', '交易时间', '借/贷', '借方发生额', '贷方发生额', '对方行号', '摘要', '用途', '对方单位名称', '余额', '个性化信息'],
      [Number('202611030000000001'), Number('3602000109900112587'), Number('44050158040109000128'), '2026-11-03 10:00:00', '贷', null, 1000000, null, '公积金贷款发放 张三 3-2-1501', null, '广州住房公积金管理中心', 11000000, null],
      [Number('202611030000000002'), Number('3602000109900112587'), Number('44050158040109000128'), '2026-11-03 10:00:05', '贷', null, 1000000, null, '公积金贷款发放 李四 3-2-1502', null, '广州住房公积金管理中心', 12000000, null],
      ['K123', null, 6222021234567890, '2026-11-04 10:00:00', '贷', null, 5, null, '结息', null, null, 12000005, null],
      [123456789012345, null, '6222025420574981069', '2026-11-05 10:00:00', '贷', null, 7, null, '结息', null, null, 12000012, null],
    ]);
    const r = await readBankFile(f);
    expect(r.transactions.map((t) => [t.source.row, t.reference, t.counterpartyAccount])).toEqual([
      [4, null, null],
      [5, null, null],
      [6, 'K123', null],
      // 15 digits are kept whole by Excel: still a reference.
      [7, '123456789012345', '6222025420574981069'],
    ]);
    expect(r.warnings.map((w) => w.zh)).toEqual([
      '文件 工行_另存.xlsx 工作表“明细”：3 行的对方账号或流水号数字已丢失（科学计数法如 6.21484E+18，或 16 位以上的数字如 202611030000000000：Excel 只保留 15 位有效数字）：文件可能被 Excel/WPS 打开后另存过，请从网银重新导出；这些值已置空，不用于匹配和查重（第 4, 5, 6 行：第 4 行 A 列 凭证号 202611030000000000；第 4 行 C 列 对方账号 44050158040109000000；第 5 行 A 列 凭证号 202611030000000000；第 5 行 C 列 对方账号 44050158040109000000；第 6 行 C 列 对方账号 6222021234567890）',
    ]);
    expect(r.warnings[0].en).toContain('File 工行_另存.xlsx, sheet "明细": 3 row(s) have a counterparty account or reference whose digits are lost');
    expect(r.warnings[0].en).toContain('row 4 column A 凭证号 202611030000000000; row 4 column C 对方账号 44050158040109000000');
  });
});

describe('a statement exported page by page', () => {
  it('repeats its header on each page: those rows are refused as repeated headers, not as rows with a wrong date', async () => {
    const f = await xlsxFile('paged.xlsx', [
      ['中国建设银行单位客户账户交易明细'],
      CCB_HEADER,
      [new Date(Date.UTC(2026, 10, 3, 10, 22, 13)), null, 960000, 2960000, '人民币', '王五', '6217000000001234', '建行某支行', '20261103', '放款', null, 'CCB-1'],
      CCB_HEADER,
      [new Date(Date.UTC(2026, 10, 4, 9, 0, 0)), null, 500000, 3460000, '人民币', '赵六', '6217000000005678', '建行某支行', '20261104', '放款', null, 'CCB-2'],
    ]);
    const r = await readBankFile(f);
    expect(r.transactionCount).toBe(2);
    expect(r.rejected.map((x) => [x.source.row, x.reason.zh])).toEqual([[4, '重复的表头行（分页导出时每页都有表头），不是交易']]);
  });
});

describe('a file given on the wrong side', () => {
  it('a journal given as a bank statement, or a statement as the journal, says where it belongs', async () => {
    const journal = path.join(dir, 'journal-as-bank.csv');
    fs.writeFileSync(journal, '日期,凭证字号,摘要,科目代码,科目名称,借方金额,贷方金额\n2026-11-03,记-1,收按揭款,1002.01,银行存款,960000.00,\n');
    const bank = path.join(dir, 'bank-as-journal.csv');
    fs.writeFileSync(bank, '交易日期,交易时间,交易金额,账户余额,交易类型,对方户名,对方账号,摘要,流水号\n2026-11-17,13:53:44,1200000.00,5000000.00,,赵晶,6214836058326458634,放款,K1\n');
    await expect(readBankFile(journal)).rejects.toMatchObject({ where: { file: 'journal-as-bank.csv' }, fix: { zh: expect.stringContaining('--finance'), en: expect.stringContaining('--finance') } });
    await expect(readJournalFile(bank)).rejects.toMatchObject({ where: { file: 'bank-as-journal.csv' }, fix: { zh: expect.stringContaining('--bank'), en: expect.stringContaining('--bank') } });
  });
});

describe('a header garbled by a save in the wrong encoding', () => {
  it('says the text is garbled and to export again, instead of suggesting --profile', async () => {
    // A GBK CSV opened as Latin-1 (½»Ò×ÈÕÆÚ) or as UTF-8 (������), then saved as .xlsx.
    const latin1 = CCB_HEADER.map((h) => iconv.decode(iconv.encode(h, 'gbk'), 'latin1'));
    const utf8 = CCB_HEADER.map((h) => iconv.decode(iconv.encode(h, 'gbk'), 'utf8'));
    for (const [name, header] of [['latin1.xlsx', latin1], ['utf8.xlsx', utf8]] as const) {
      const f = await xlsxFile(name, [[...header], ['20261103', null, 960000, 2960000, '人民币', '王五', '6217000000001234', '建行某支行', '20261103', '放款', null, 'CCB-1']]);
      await expect(readBankFile(f)).rejects.toMatchObject({ where: { file: name }, fix: { zh: expect.stringContaining('乱码'), en: expect.stringContaining('garbled') } });
    }
  });
});

describe("a journal printout's signature lines", () => {
  it('制单人 / 制单： / 审核人 under the journal are footer text, not rejected lines', async () => {
    const f = path.join(dir, 'kingdee-signed.csv');
    fs.writeFileSync(
      f,
      [
        '日期,凭证字号,摘要,科目代码,科目名称,借方金额,贷方金额,辅助核算',
        '2026-11-03,记-0001,收按揭款,1002.01,银行存款-工行,960000.00,,',
        ',,收按揭款,2203,预收账款,,960000.00,',
        '合计,,,,,960000.00,960000.00,',
        '制单人：张三,,审核人：李四,,记账：王五,,,',
        '制单：张三',
        '审核人：李四',
      ].join('\n') + '\n',
    );
    const r = await readJournalFile(f);
    expect(r.lines.length).toBe(2);
    expect(r.rejected).toEqual([]);
  });
});
