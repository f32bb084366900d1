import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { xlsxFile } from '../reading/sheetFile';
import { cli, tempDir, type ReconcileJson } from './files';

/**
 * A statement saved again by Excel, WPS or LibreOffice holds long 流水号 as numbers with their last
 * digits gone: two disbursements of the same day end up with the same "reference". They must not be
 * taken for one statement row printed twice.
 */
/** Finance's journal for the two 公积金 credits of 11-03 (张三 3-2-1501, 李四 3-2-1502, ¥1,000,000 each). */
async function journal(dir: string): Promise<string> {
  const fin = path.join(dir, '序时账.csv');
  await fs.writeFile(
    fin,
    [
      '日期,凭证字号,摘要,科目代码,科目名称,借方金额,贷方金额,辅助核算',
      '2026-11-03,记-0001,收3-2-1501张三公积金贷款,1002.01,银行存款-工行监管户,1000000.00,,',
      ',,收3-2-1501张三公积金贷款,2203,预收账款,,1000000.00,客户:张三;房号:3-2-1501',
      '2026-11-03,记-0002,收3-2-1502李四公积金贷款,1002.01,银行存款-工行监管户,1000000.00,,',
      ',,收3-2-1502李四公积金贷款,2203,预收账款,,1000000.00,客户:李四;房号:3-2-1502',
    ].join('\n') + '\n',
  );
  return fin;
}

describe('references whose digits were lost in a re-saved workbook', () => {
  it('two 公积金 disbursements with references …0001 and …0002 (both stored as 202611030000000000) are both matched, neither a DUPLICATE_BANK', async () => {
    const dir = await tempDir();
    const bank = await xlsxFile(dir, '工行_公积金_另存.xlsx', [
      ['中国工商银行对公账户明细'],
      ['账号：3602000109900112587'],
      ['户名：广州云栖置业有限公司'],
      ['起止日期：2026-11-01 至 2026-11-30'],
      ['凭证号', '本方账号', '对方账号', '交易时间', '借/贷', '借方发生额', '贷方发生额', '对方行号', '摘要', '用途', '对方单位名称', '余额', '个性化信息'],
      [Number('202611030000000001'), Number('3602000109900112587'), Number('44050158040109000128'), '2026-11-03 10:00:00', '贷', null, 1000000, null, '公积金贷款发放 张三 3-2-1501', null, '广州住房公积金管理中心', 11000000, null],
      [Number('202611030000000002'), Number('3602000109900112587'), Number('44050158040109000128'), '2026-11-03 10:00:05', '贷', null, 1000000, null, '公积金贷款发放 李四 3-2-1502', null, '广州住房公积金管理中心', 12000000, null],
      ['合计', null, null, null, null, 0, 2000000, null, null, null, null, null, null],
    ]);
    const fin = await journal(dir);
    const jsonPath = path.join(dir, 'r.json');
    const r = await cli(['reconcile', '--bank', bank, '--finance', fin, '--period', '2026-11', '--out', path.join(dir, 'r.xlsx'), '--json', jsonPath]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 行的对方账号或流水号数字已丢失');
    const json = JSON.parse(await fs.readFile(jsonPath, 'utf8')) as ReconcileJson;
    expect(json.rows.map((x) => [x.side, x.row, x.outcome])).toEqual([
      ['bank', 6, 'MATCHED'],
      ['bank', 7, 'MATCHED'],
      ['finance', 2, 'MATCHED'],
      ['finance', 4, 'MATCHED'],
    ]);
    expect(json.totals.flags.DUPLICATE_BANK).toBe(0);
    expect(json.totals.flags.MISSING_IN_BANK).toBe(0);
  });

  it('the bank’s own CSV given together with a copy re-saved as .xlsx (references and accounts lost): the copy is DUPLICATE_BANK, the original matched, nothing AMBIGUOUS', async () => {
    const dir = await tempDir();
    const header = ['凭证号', '本方账号', '对方账号', '交易时间', '借/贷', '借方发生额', '贷方发生额', '对方行号', '摘要', '用途', '对方单位名称', '余额', '个性化信息'];
    const title = [['中国工商银行对公账户明细'], ['账号：3602000109900112587'], ['户名：广州云栖置业有限公司'], ['起止日期：2026-11-01 至 2026-11-30']];
    const rows = [
      ['202611030000000001', '3602000109900112587', '44050158040109000128', '2026-11-03 10:00:00', '贷', '', '1000000.00', '', '公积金贷款发放 张三 3-2-1501', '', '广州住房公积金管理中心', '11000000.00', ''],
      ['202611030000000002', '3602000109900112587', '44050158040109000128', '2026-11-03 10:00:05', '贷', '', '1000000.00', '', '公积金贷款发放 李四 3-2-1502', '', '广州住房公积金管理中心', '12000000.00', ''],
    ];
    // The export as the portal gives it: long numbers as text (a leading tab keeps Excel from converting them).
    const csv = path.join(dir, '工行_监管户_2026-11.csv');
    await fs.writeFile(csv, [...title.map((t) => t[0]), header.join(','), ...rows.map((r) => r.map((c, i) => (i < 3 && c ? `\t${c}` : c)).join(','))].join('\n') + '\n');
    // The same file opened in Excel and saved as .xlsx: the long numbers became numbers, their last digits gone.
    const copy = await xlsxFile(dir, '工行_监管户_2026-11.xlsx', [...title, header, ...rows.map((r) => r.map((c, i) => (i < 3 ? Number(c) : i === 6 || i === 11 ? Number(c) : c === '' ? null : c)))]);
    const fin = await journal(dir);
    const jsonPath = path.join(dir, 'r.json');
    const r = await cli(['reconcile', '--bank', csv, copy, '--finance', fin, '--period', '2026-11', '--out', path.join(dir, 'r.xlsx'), '--json', jsonPath]);
    expect(r.code).toBe(0);
    const json = JSON.parse(await fs.readFile(jsonPath, 'utf8')) as ReconcileJson;
    expect(json.rows.map((x) => [x.side, x.file, x.row, x.outcome])).toEqual([
      ['bank', '工行_监管户_2026-11.csv', 6, 'MATCHED'],
      ['bank', '工行_监管户_2026-11.csv', 7, 'MATCHED'],
      ['bank', '工行_监管户_2026-11.xlsx', 6, 'DUPLICATE_BANK'],
      ['bank', '工行_监管户_2026-11.xlsx', 7, 'DUPLICATE_BANK'],
      ['finance', '序时账.csv', 2, 'MATCHED'],
      ['finance', '序时账.csv', 4, 'MATCHED'],
    ]);
    // Each copy names the row it repeats (a duplicate has no counterparts: its explanation names the original).
    const dup = json.rows.find((x) => x.file.endsWith('.xlsx') && x.row === 7)!;
    expect(dup.explanation.zh).toContain('工行_监管户_2026-11.csv');
    expect(dup.explanation.zh).toMatch(/第\s*7\s*行/);
  });
});
