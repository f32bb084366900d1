import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { readBankFile, readJournalFile } from '../../pipeline/read';
import { xlsxFile } from './sheetFile';

/** Awkward exports a finance clerk gets from a bank portal, found in a QA pass of the readers. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-readqa-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a 交易时间 column holding the whole timestamp beside the 记账日期', () => {
  it('gives each row its time (same day), without calling the times unreadable', async () => {
    const f = path.join(dir, 'timestamps.csv');
    fs.writeFileSync(
      f,
      [
        '记账日期,交易时间,收入金额,支出金额,对方户名,摘要,余额',
        '2026-11-03,2026-11-03 10:00:00,1400000.00,,张三,按揭放款 3-2-1501,1400000.00',
        '2026-11-04,2026/11/04 09:05,,100.00,工行,手续费,1399900.00',
        '2026-11-05,2026-11-04 23:59:00,900000.00,,李四,按揭放款 3-2-1502,2299900.00',
        '',
      ].join('\n'),
    );
    const r = await readBankFile(f);
    expect(r.profile).toBe('generic');
    expect(r.transactions.map((t) => [t.date, t.time])).toEqual([
      ['2026-11-03', '10:00:00'],
      ['2026-11-04', '09:05:00'],
      // A timestamp of another day than the booking date is not the row's time: left empty, and said.
      ['2026-11-05', null],
    ]);
    expect(r.warnings.map((w) => w.en)).toEqual(['1 row(s) have an unreadable time; time left empty (rows 4)']);
  });
});

const CCB_HEADER = ['交易时间', '借方发生额（支取）', '贷方发生额（收入）', '余额', '币种', '对方户名', '对方账号', '对方开户机构', '记账日期', '摘要', '备注', '账户明细编号-交易流水号'];

describe('a title block whose account number lost its digits (saved again by Excel, WPS or LibreOffice)', () => {
  it('leaves the statement account empty and names file, sheet, row and column, instead of taking 11050123456789000000 for it', async () => {
    // Two 监管户 of the same bank, 11050123456789012345 and 11050123456789012399: saved as numbers,
    // both are 11050123456789000000 (Excel keeps 15 significant digits), one account for reconcile.
    const rows = (account: string | number): (string | number | null)[][] => [
      ['中国建设银行单位客户账户交易明细'],
      ['账号', account],
      ['账户名称', '某某置业有限公司'],
      CCB_HEADER,
      ['2026-11-03 10:00:00', null, '1400000.00', '1400000.00', '人民币', '张三', '6222020200112233445', '建行', '2026-11-03', '按揭放款 3-2-1501', null, 'A001'],
    ];
    const asNumber = await xlsxFile(dir, 'account-number.xlsx', rows(11050123456789000000));
    const asScientific = await xlsxFile(dir, 'account-scientific.xlsx', rows('1.10501E+19'));
    const asText = await xlsxFile(dir, 'account-text.xlsx', rows('11050123456789012399'));
    for (const [f, shown] of [
      [asNumber, '11050123456789000000'],
      [asScientific, '1.10501E+19'],
    ]) {
      const r = await readBankFile(f);
      expect(r.account).toBeNull();
      expect(r.transactionCount).toBe(1);
      const w = r.warnings.find((x) => x.en.includes('title block'));
      expect(w?.en).toContain(`File ${path.basename(f)}, sheet "明细", row 2, column B`);
      expect(w?.en).toContain(shown);
      expect(w?.zh).toContain('第 2 行 B 列');
    }
    const t = await readBankFile(asText);
    expect(t.account).toBe('11050123456789012399');
    expect(t.warnings).toEqual([]);
  });
});

describe('CSV fields written ="…" so that Excel keeps long digits as text', () => {
  it('reads the account, 对方账号 and 凭证号 as the digits Excel shows; a memo starting with = stays as written', async () => {
    const f = path.join(dir, 'text-formulas.csv');
    const lines = [
      '中国工商银行对公账户明细',
      '账号：,="1202020209000012345"',
      '户名：某某置业有限公司',
      '凭证号,本方账号,对方账号,交易时间,借/贷,借方发生额,贷方发生额,对方行号,摘要,用途,对方单位名称,余额,个性化信息',
      '="202611030000000001",="1202020209000012345",="6222020200112233445",2026-11-03 10:00:00,贷,,"1,400,000.00",102100099996,按揭放款 3-2-1501,,张三,"1,400,000.00",',
      // The same, quoted as a CSV writer quotes a field holding quotes.
      '"=""202611040000000002""","=""1202020209000012345""","=""6222020200112233446""",2026-11-04 10:00:00,贷,,"900,000.00",102100099996,"=1+2 汇入",,李四,"2,300,000.00",',
      '',
    ];
    fs.writeFileSync(f, iconv.encode(lines.join('\r\n'), 'gb18030'));
    const r = await readBankFile(f);
    expect(r.profile).toBe('icbc-corporate');
    expect(r.account).toBe('1202020209000012345');
    expect(r.transactions.map((t) => [t.reference, t.counterpartyAccount, t.memo, t.amount.toFixed(2)])).toEqual([
      ['202611030000000001', '6222020200112233445', '按揭放款 3-2-1501', '1400000.00'],
      ['202611040000000002', '6222020200112233446', '=1+2 汇入', '900000.00'],
    ]);
    expect(r.rejected).toEqual([]);
  });
});

describe('a journal exported page by page (title and header again on each page)', () => {
  it('reads both pages and names the repeated title and header lines as such, not as unreadable dates', async () => {
    const header = ['日期', '凭证字号', '摘要', '科目代码', '科目名称', '借方金额', '贷方金额', '辅助核算'];
    const title = [['序时账'], ['核算单位：某某置业有限公司', '期间：2026-11-01 至 2026-11-30']];
    const f = await xlsxFile(dir, 'journal-pages.xlsx', [
      ...title,
      header,
      ['2026-11-03', '记-1', '收张三按揭款 3-2-1501', '1002.01', '银行存款-建行', 1400000, null, '客户:张三;房号:3-2-1501'],
      ['2026-11-03', '记-1', '收张三按揭款 3-2-1501', '1122', '应收账款', null, 1400000, null],
      ...title,
      header,
      ['2026-11-04', '记-2', '收李四按揭款 3-2-1502', '1002.01', '银行存款-建行', 900000, null, '客户:李四;房号:3-2-1502'],
      ['2026-11-04', '记-2', '收李四按揭款 3-2-1502', '1122', '应收账款', null, 900000, null],
    ]);
    const r = await readJournalFile(f);
    expect(r.profile).toBe('kingdee-journal');
    expect(r.lines.map((l) => [l.source.row, l.voucher])).toEqual([
      [4, '记-1'],
      [5, '记-1'],
      [9, '记-2'],
      [10, '记-2'],
    ]);
    expect(r.debits.toFixed(2)).toBe('2300000.00');
    expect(r.rejected.map((x) => [x.source.row, x.reason.en])).toEqual([
      [6, 'a repeated title line (a paged export repeats it on each page), not a journal line'],
      [7, 'a repeated title line (a paged export repeats it on each page), not a journal line'],
      [8, 'a repeated header row (a paged export repeats it on each page), not a journal line'],
    ]);
  });
});
