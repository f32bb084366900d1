import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { xlsxFile as sheetFile } from './sheetFile';
import { readBankFile } from '../../pipeline/read';

/** One small hand-made file per corporate (对公) layout, in that bank's own shape and encoding. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-corp-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function textFile(name: string, lines: string[], enc: 'utf-8' | 'gb18030' | 'utf-16le'): string {
  const text = lines.join('\r\n') + '\r\n';
  const file = path.join(dir, name);
  if (enc === 'utf-8') fs.writeFileSync(file, text, 'utf8');
  else if (enc === 'gb18030') fs.writeFileSync(file, iconv.encode(text, 'gb18030'));
  else fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  return file;
}

const xlsxFile = (name: string, rows: (string | number | Date | null)[][]): Promise<string> => sheetFile(dir, name, rows);

function summary(r: Awaited<ReturnType<typeof readBankFile>>) {
  return {
    profile: r.profile,
    generic: r.generic,
    headerRow: r.headerRow,
    account: r.account,
    count: r.transactionCount,
    credits: r.credits.toFixed(2),
    debits: r.debits.toFixed(2),
    rejected: r.rejected.map((x) => [x.source.row, x.column ?? null]),
  };
}

describe('corporate statement layouts', () => {
  it('icbc-corporate: GBK CSV, title block, 借方/贷方 columns, 合计 footer', async () => {
    const f = textFile(
      'icbc.csv',
      [
        '中国工商银行对公账户明细',
        '账号：1202020209000012345',
        '户名：某某置业有限公司',
        '起止日期：2026-11-01 至 2026-11-30',
        '凭证号,本方账号,对方账号,交易时间,借/贷,借方发生额,贷方发生额,对方行号,摘要,用途,对方单位名称,余额,个性化信息',
        '0001,1202020209000012345,6222020200001111,2026-11-03 10:22:13,贷,,"1,200,000.00",102100099996,按揭放款,3-2-1501张三,中国工商银行个人贷款中心,"5,200,000.00",',
        '0002,1202020209000012345,,2026-11-04 09:00:00,借,50.00,,,手续费,,,"5,199,950.00",',
        '0003,1202020209000012345,,2026-11-05 09:00:00,贷,,12a.00,,错行,,,,',
        '合计,,,,,50.00,"1,200,000.00",,,,,,',
      ],
      'gb18030',
    );
    const r = await readBankFile(f);
    expect(summary(r)).toEqual({ profile: 'icbc-corporate', generic: false, headerRow: 5, account: '1202020209000012345', count: 2, credits: '1200000.00', debits: '50.00', rejected: [[8, 'G']] });
    expect(r.accountName).toBe('某某置业有限公司');
    expect(r.warnings).toEqual([]);
    expect(r.transactions[0]).toMatchObject({ date: '2026-11-03', time: '10:22:13', counterpartyName: '中国工商银行个人贷款中心', counterpartyAccount: '6222020200001111', memo: '按揭放款 3-2-1501张三', reference: '0001', bank: 'ICBC' });
    expect(r.transactions[0].balance?.toFixed(2)).toBe('5200000.00');
  });

  it('cmb-corporate: UTF-8 CSV, one signed amount', async () => {
    const f = textFile(
      'cmb.csv',
      [
        '交易日期,交易时间,交易金额,账户余额,交易类型,对方户名,对方账号,摘要,流水号',
        '2026-11-03,10:22:13,"800,000.00","1,800,000.00",转账,招商银行个贷中心,755900001111,按揭款 3栋2单元1501 李四,CMB0001',
        '2026-11-03,11:00:00,-15.00,"1,799,985.00",收费,,,,CMB0002',
        '2026-11-31,11:00:00,-15.00,"1,799,970.00",收费,,,,CMB0003',
      ],
      'utf-8',
    );
    const r = await readBankFile(f);
    expect(summary(r)).toEqual({ profile: 'cmb-corporate', generic: false, headerRow: 1, account: null, count: 2, credits: '800000.00', debits: '15.00', rejected: [[4, 'A']] });
    expect(r.rejected[0].reason.en).toContain('impossible date');
    expect(r.transactions[0]).toMatchObject({ counterpartyName: '招商银行个贷中心', reference: 'CMB0001', memo: '按揭款 3栋2单元1501 李四 转账' });
  });

  it('ccb-corporate: XLSX with a title block, date cells, 借方/贷方（支取/收入）', async () => {
    const f = await xlsxFile('ccb.xlsx', [
      ['中国建设银行单位客户账户交易明细'],
      ['账号', '44050100000000001234'],
      ['账户名称', '某某置业有限公司'],
      ['起止日期', '2026-11-01 至 2026-11-30'],
      ['交易时间', '借方发生额（支取）', '贷方发生额（收入）', '余额', '币种', '对方户名', '对方账号', '对方开户机构', '记账日期', '摘要', '备注', '账户明细编号-交易流水号'],
      [new Date(Date.UTC(2026, 10, 3, 10, 22, 13)), null, 960000, 2960000, '人民币', '王五', '6217000000001234', '建行某支行', '20261103', '个人住房贷款放款', '5-1-0802', 'CCB-1'],
      [new Date(Date.UTC(2026, 10, 4, 8, 0, 0)), 240000, 0, 2720000, '人民币', '某某置业有限公司', '44050100000000009999', '建行某支行', '20261104', '转一般户', null, 'CCB-2'],
      [null, 1, null, null, '人民币', null, null, null, null, '无日期', null, 'CCB-3'],
      ['合计', 240000, 960000],
    ]);
    const r = await readBankFile(f);
    expect(summary(r)).toEqual({ profile: 'ccb-corporate', generic: false, headerRow: 5, account: '44050100000000001234', count: 2, credits: '960000.00', debits: '240000.00', rejected: [[8, 'A']] });
    expect(r.transactions[0]).toMatchObject({ date: '2026-11-03', time: '10:22:13', currency: 'CNY', counterpartyName: '王五', memo: '个人住房贷款放款 5-1-0802', reference: 'CCB-1' });
    expect(r.warnings).toEqual([]);
  });

  it('abc-corporate: XLSX, 收入金额/支出金额', async () => {
    const f = await xlsxFile('abc.xlsx', [
      ['中国农业银行账户明细'],
      ['账号：19010101040012345', '户名：某某置业有限公司'],
      ['交易日期', '交易时间', '收入金额', '支出金额', '本次余额', '对方户名', '对方账号', '交易用途', '交易流水号'],
      ['20261103', '102213', 450000.5, null, 1450000.5, '赵六', '6228480000001234', '按揭款7-3-2201', 'ABC0001'],
      ['20261104', '090000', null, 'abc', 1450000.5, null, null, '坏金额', 'ABC0002'],
      ['20261104', '090001', null, 20.5, 1449980, null, null, '汇费', 'ABC0003'],
    ]);
    const r = await readBankFile(f);
    expect(summary(r)).toEqual({ profile: 'abc-corporate', generic: false, headerRow: 3, account: '19010101040012345', count: 2, credits: '450000.50', debits: '20.50', rejected: [[5, 'D']] });
    expect(r.transactions[0]).toMatchObject({ date: '2026-11-03', time: '10:22:13', counterpartyName: '赵六', memo: '按揭款7-3-2201' });
  });

  it('boc-corporate: UTF-16 LE with BOM, tab separated', async () => {
    const f = textFile(
      'boc.txt',
      [
        '交易日期\t交易时间\t交易流水号\t对方户名\t对方账号\t借方发生额\t贷方发生额\t余额\t用途\t摘要',
        '20261103\t10:22:13\tBOC0001\t中国银行个贷中心\t104100000001\t\t1,000,000.00\t3,000,000.00\t3-2-1501 张三 放款\t贷款发放',
        '20261104\t09:00:00\tBOC0002\t\t\t10.00\t\t2,999,990.00\t\t手续费',
        '20261104\t09:00:00\tBOC0003\t\t\t10.00\t10.00\t2,999,990.00\t\t两边都有',
      ],
      'utf-16le',
    );
    const r = await readBankFile(f);
    expect(summary(r)).toEqual({ profile: 'boc-corporate', generic: false, headerRow: 1, account: null, count: 2, credits: '1000000.00', debits: '10.00', rejected: [[4, null]] });
    expect(r.encoding).toBe('utf-16le');
    expect(r.delimiter).toBe('\t');
    expect(r.transactions[0]).toMatchObject({ reference: 'BOC0001', memo: '贷款发放 3-2-1501 张三 放款' });
  });

  it('bocom-corporate: GB18030 CSV, absolute amount with 借/贷', async () => {
    const f = textFile(
      'bocom.csv',
      [
        '交通银行对公账户交易明细',
        '账号：310066000018170012345',
        '户名：某某置业有限公司',
        '交易时间,交易金额,借贷标志,余额,对方户名,对方账号,摘要,流水号',
        '2026-11-03 10:22:13,"600,000.00",贷,"2,600,000.00",交通银行个贷,3100000001,按揭放款,BC0001',
        '2026-11-03 15:00:00,30.00,借,"2,599,970.00",,,手续费,BC0002',
        '2026-11-03 15:00:01,30.00,转,"2,599,970.00",,,未知方向,BC0003',
      ],
      'gb18030',
    );
    const r = await readBankFile(f);
    expect(summary(r)).toEqual({ profile: 'bocom-corporate', generic: false, headerRow: 4, account: '310066000018170012345', count: 2, credits: '600000.00', debits: '30.00', rejected: [[7, 'C']] });
  });

  it('spdb-corporate: XLSX, 借方金额/贷方金额, slashed dates', async () => {
    const f = await xlsxFile('spdb.xlsx', [
      ['上海浦东发展银行对公账户交易明细'],
      ['账号', '97010078801234567', '户名', '某某置业有限公司'],
      ['交易日期', '交易时间', '凭证号', '摘要', '借方金额', '贷方金额', '余额', '对方账号', '对方户名', '附言', '交易流水号'],
      ['2026/11/03', '10:22:13', 'V1', '按揭款', null, 300000, 300000, '6225880000001234', '孙七', '9-9-0909', 'SP0001'],
      ['2026/11/04', '10:00:00', 'V2', '付款', 1000, null, 299000, '', '', '', 'SP0002'],
      ['合计', null, null, null, 1000, 300000],
    ]);
    const r = await readBankFile(f);
    expect(summary(r)).toEqual({ profile: 'spdb-corporate', generic: false, headerRow: 3, account: '97010078801234567', count: 2, credits: '300000.00', debits: '1000.00', rejected: [] });
    expect(r.accountName).toBe('某某置业有限公司');
  });

  it('citic-corporate: GB18030 CSV, 发生额 with 借贷标识', async () => {
    const f = textFile(
      'citic.csv',
      [
        '中信银行对公账户交易明细',
        '账号：8110701012345678901,户名：某某置业有限公司,查询期间：2026-11-01 至 2026-11-30',
        '交易日期,交易时间,借贷标识,发生额,账户余额,对方账号,对方账户名称,摘要,柜员流水号',
        '20261103,102213,贷,700000.00,700000.00,6217680000001234,周八,按揭款 12-1-1201,CT0001',
        '20261104,090000,借,5.00,699995.00,,,,CT0002',
        '20261105,090000,贷,,699995.00,,,空金额,CT0003',
      ],
      'gb18030',
    );
    const r = await readBankFile(f);
    expect(summary(r)).toEqual({ profile: 'citic-corporate', generic: false, headerRow: 3, account: '8110701012345678901', count: 2, credits: '700000.00', debits: '5.00', rejected: [[6, 'D']] });
    expect(r.transactions[0]).toMatchObject({ time: '10:22:13', counterpartyName: '周八' });
  });

  it('a layout no profile knows is read by the generic fallback, which says so', async () => {
    const f = textFile('other.csv', ['某某银行流水', '记账日期,收入金额,支出金额,对方户名,用途,余额', '2026-11-03,100.00,,张三,按揭,100.00', '2026-11-04,,1.00,,费,99.00'], 'utf-8');
    const r = await readBankFile(f);
    expect(r.profile).toBe('generic');
    expect(r.generic).toBe(true);
    expect(r.profileReason.en).toContain('no bank profile fits');
    expect([r.transactionCount, r.credits.toFixed(2), r.debits.toFixed(2)]).toEqual([2, '100.00', '1.00']);
  });

  it('a layout even the generic reader cannot read stops with the headers found and the nearest profiles', async () => {
    const f = textFile('nearly.csv', ['凭证号,本方账号,对方账号,交易时间,摘要', '0001,1202020209000012345,6222,2026-11-03 10:22:13,按揭款'], 'utf-8');
    await expect(readBankFile(f)).rejects.toMatchObject({ name: 'UserError', message: expect.stringContaining('凭证号, 本方账号') });
    await expect(readBankFile(f)).rejects.toMatchObject({ fix: { en: expect.stringContaining('Nearest profiles: icbc-corporate') } });
  });

  it('a file no profile comes near (a contact list, a register) is said not to look like a statement, not given profiles that match nothing', async () => {
    const f = textFile('nothing.csv', ['姓名,电话', '张三,13800000000'], 'utf-8');
    await expect(readBankFile(f)).rejects.toMatchObject({ name: 'UserError', message: expect.stringContaining('姓名, 电话') });
    const err = await readBankFile(f).catch((e: { fix: { zh: string; en: string } }) => e);
    expect((err as { fix: { zh: string; en: string } }).fix.en).toContain('does not look like a bank statement or a journal');
    expect((err as { fix: { zh: string; en: string } }).fix.zh).toContain('不像银行流水或财务序时账');
    expect((err as { fix: { zh: string; en: string } }).fix.en).not.toMatch(/\(0\//);
  });

  it('--profile forces a layout; a header that is not there is a clear error', async () => {
    const f = textFile('cmb2.csv', ['交易日期,交易时间,交易金额,账户余额,交易类型,对方户名,对方账号,摘要,流水号', '2026-11-03,10:22:13,5.00,5.00,转账,,,,X'], 'utf-8');
    expect((await readBankFile(f, { profile: 'cmb-corporate' })).transactionCount).toBe(1);
    await expect(readBankFile(f, { profile: 'icbc-corporate' })).rejects.toMatchObject({ message: expect.stringContaining('icbc-corporate') });
  });
});
