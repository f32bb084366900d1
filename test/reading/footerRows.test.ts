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
