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

/** The portal's CSV as it downloads: title lines, the header, and the rows, long numbers (the first three columns) kept as text by a leading tab. */
function portalCsv(title: string[][], header: string[], rows: string[][]): string {
  return [...title.map((t) => t[0]), header.join(','), ...rows.map((r) => r.map((c, i) => (i < 3 && c ? `\t${c}` : c)).join(','))].join('\n') + '\n';
}

/** `anjie reconcile` of 2026-11 on these statements and journal: its result and the JSON it wrote. */
async function reconcileNov(dir: string, bank: string[], fin: string): Promise<{ r: Awaited<ReturnType<typeof cli>>; json: ReconcileJson }> {
  const jsonPath = path.join(dir, 'r.json');
  const r = await cli(['reconcile', '--bank', ...bank, '--finance', fin, '--period', '2026-11', '--out', path.join(dir, 'r.xlsx'), '--json', jsonPath]);
  const json = (r.code === 0 ? JSON.parse(await fs.readFile(jsonPath, 'utf8')) : null) as ReconcileJson;
  return { r, json };
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
    const { r, json } = await reconcileNov(dir, [bank], fin);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 行的对方账号或流水号数字已丢失');
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
    await fs.writeFile(csv, portalCsv(title, header, rows));
    // The same file opened in Excel and saved as .xlsx: the long numbers became numbers, their last digits gone.
    const copy = await xlsxFile(dir, '工行_监管户_2026-11.xlsx', [...title, header, ...rows.map((r) => r.map((c, i) => (i < 3 ? Number(c) : i === 6 || i === 11 ? Number(c) : c === '' ? null : c)))]);
    const fin = await journal(dir);
    const { r, json } = await reconcileNov(dir, [csv, copy], fin);
    expect(r.code).toBe(0);
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

/**
 * A bank that pads its 流水号 with zeros (0021261120000001) loses them when the export is opened in
 * Excel and saved again: the cell becomes the number 21261120000001 (14 digits, so nothing else is
 * lost and the row is not marked digitsLost). The copy must still be known for the same row, and the
 * reference still meet finance's 摘要 that quotes it.
 */
describe('references whose leading zeros Excel dropped', () => {
  const header = ['凭证号', '本方账号', '对方账号', '交易时间', '借/贷', '借方发生额', '贷方发生额', '对方行号', '摘要', '用途', '对方单位名称', '余额', '个性化信息'];
  const title = [['中国工商银行对公账户明细'], ['账号：3602000109900112587'], ['户名：广州云栖置业有限公司'], ['起止日期：2026-11-01 至 2026-11-30']];
  const rows = [
    ['0021261120000001', '3602000109900112587', '44050158040109000128', '2026-11-03 10:00:00', '贷', '', '1000000.00', '', '公积金贷款发放 张三 3-2-1501', '', '广州住房公积金管理中心', '11000000.00', ''],
    ['0021261120000002', '3602000109900112587', '44050158040109000128', '2026-11-03 10:00:05', '贷', '', '1000000.00', '', '公积金贷款发放 李四 3-2-1502', '', '广州住房公积金管理中心', '12000000.00', ''],
  ];
  /** The copy as Excel saves it: the 流水号 a number (its zeros gone), the accounts kept as text, amounts numbers. */
  const resaved = (dir: string): Promise<string> =>
    xlsxFile(dir, '工行_监管户_2026-11.xlsx', [...title, header, ...rows.map((r) => r.map((c, i) => (i === 0 || i === 6 || i === 11 ? Number(c) : c === '' ? null : c)))]);

  it('the export and its re-saved copy given together: the copy is DUPLICATE_BANK of the original, its sentence says the zeros were dropped', async () => {
    const dir = await tempDir();
    const csv = path.join(dir, '工行_监管户_2026-11.csv');
    await fs.writeFile(csv, portalCsv(title, header, rows));
    const copy = await resaved(dir);
    const fin = await journal(dir);
    const { r, json } = await reconcileNov(dir, [csv, copy], fin);
    expect(r.code).toBe(0);
    expect(json.rows.map((x) => [x.side, x.file, x.row, x.outcome])).toEqual([
      ['bank', '工行_监管户_2026-11.csv', 6, 'MATCHED'],
      ['bank', '工行_监管户_2026-11.csv', 7, 'MATCHED'],
      ['bank', '工行_监管户_2026-11.xlsx', 6, 'DUPLICATE_BANK'],
      ['bank', '工行_监管户_2026-11.xlsx', 7, 'DUPLICATE_BANK'],
      ['finance', '序时账.csv', 2, 'MATCHED'],
      ['finance', '序时账.csv', 4, 'MATCHED'],
    ]);
    const dup = json.rows.find((x) => x.file.endsWith('.xlsx') && x.row === 7)!;
    expect(dup.explanation.zh).toContain('工行_监管户_2026-11.csv');
    expect(dup.explanation.zh).toContain('21261120000002');
    expect(dup.explanation.zh).toContain('0021261120000002');
    expect(dup.explanation.zh).toContain('前导零');
    expect(dup.explanation.en).toContain('leading zeros');
  });

  it('a copy saved back to CSV by Excel (the 流水号 text without zeros): the original numbers every row with 16 digits, so the copy is DUPLICATE_BANK', async () => {
    const dir = await tempDir();
    const csv = path.join(dir, '工行_监管户_2026-11.csv');
    await fs.writeFile(csv, portalCsv(title, header, rows));
    const copy = path.join(dir, '工行_监管户_2026-11_另存.csv');
    await fs.writeFile(copy, [...title.map((t) => t[0]), header.join(','), ...rows.map((r) => r.map((c, i) => (i === 0 ? c.replace(/^0+/, '') : i < 3 && c ? `\t${c}` : c)).join(','))].join('\n') + '\n');
    const fin = await journal(dir);
    const { r, json } = await reconcileNov(dir, [csv, copy], fin);
    expect(r.code).toBe(0);
    expect(json.rows.filter((x) => x.side === 'bank').map((x) => [x.file, x.row, x.outcome])).toEqual([
      ['工行_监管户_2026-11.csv', 6, 'MATCHED'],
      ['工行_监管户_2026-11.csv', 7, 'MATCHED'],
      ['工行_监管户_2026-11_另存.csv', 6, 'DUPLICATE_BANK'],
      ['工行_监管户_2026-11_另存.csv', 7, 'DUPLICATE_BANK'],
    ]);
  });

  it('only the re-saved copy: a booking whose 摘要 quotes the 流水号 with its zeros is still matched by REFERENCE', async () => {
    const dir = await tempDir();
    const copy = await resaved(dir);
    const fin = path.join(dir, '序时账.csv');
    await fs.writeFile(
      fin,
      [
        '日期,凭证字号,摘要,科目代码,科目名称,借方金额,贷方金额,辅助核算',
        '2026-11-03,记-0001,收公积金放款 流水号0021261120000001,1002.01,银行存款-工行监管户,1000000.00,,',
        ',,收公积金放款 流水号0021261120000001,2203,预收账款,,1000000.00,',
        '2026-11-03,记-0002,收公积金放款 流水号0021261120000002,1002.01,银行存款-工行监管户,1000000.00,,',
        ',,收公积金放款 流水号0021261120000002,2203,预收账款,,1000000.00,',
      ].join('\n') + '\n',
    );
    const { r, json } = await reconcileNov(dir, [copy], fin);
    expect(r.code).toBe(0);
    expect(json.rows.map((x) => [x.side, x.row, x.outcome, x.rule, x.counterparts.map((c) => c.row)])).toEqual([
      ['bank', 6, 'MATCHED', 'REFERENCE', [2]],
      ['bank', 7, 'MATCHED', 'REFERENCE', [4]],
      ['finance', 2, 'MATCHED', 'REFERENCE', [6]],
      ['finance', 4, 'MATCHED', 'REFERENCE', [7]],
    ]);
  });

  it('with --previous: last month\'s open credit exported again in a re-saved copy is its repeat (DUPLICATE_BANK), not a second credit', async () => {
    const dir = await tempDir();
    const credit = (ref: string | number, date: string, amount: string, balance: string, memo: string): (string | number | null)[] =>
      [ref, '3602000109900112587', '44050158040109000128', `${date} 10:00:00`, '贷', null, amount, null, memo, null, '广州住房公积金管理中心', balance, null];
    // October: the bank's CSV, 10-31's credit for 3-2-1503 not booked in October.
    const octCsv = path.join(dir, '工行_监管户_2026-10.csv');
    const oct = [credit('0021261030000001', '2026-10-30', '1000000.00', '11000000.00', '公积金贷款发放 张三 3-2-1501'), credit('0021261031000009', '2026-10-31', '500000.00', '11500000.00', '公积金贷款发放 王五 3-2-1503')];
    await fs.writeFile(octCsv, [...title.map((t) => t[0]), header.join(','), ...oct.map((r) => r.map((c, i) => (i < 3 && c ? `\t${c}` : (c ?? ''))).join(','))].join('\n') + '\n');
    const octFin = path.join(dir, '序时账_10.csv');
    await fs.writeFile(octFin, ['日期,凭证字号,摘要,科目代码,科目名称,借方金额,贷方金额,辅助核算', '2026-10-30,记-0001,收3-2-1501张三公积金贷款,1002.01,银行存款-工行监管户,1000000.00,,', ',,收3-2-1501张三公积金贷款,2203,预收账款,,1000000.00,客户:张三;房号:3-2-1501'].join('\n') + '\n');
    const octJson = path.join(dir, 'r10.json');
    const r10 = await cli(['reconcile', '--bank', octCsv, '--finance', octFin, '--period', '2026-10', '--out', path.join(dir, 'r10.xlsx'), '--json', octJson]);
    expect(r10.code).toBe(0);
    // November: the export starts 10-31 and was saved again by Excel: its 流水号 are numbers without their zeros.
    const nov = await xlsxFile(dir, '工行_监管户_2026-11.xlsx', [
      ...title,
      header,
      credit(21261031000009, '2026-10-31', '500000.00', '11500000.00', '公积金贷款发放 王五 3-2-1503').map((c, i) => (i === 6 || i === 11 ? Number(c) : c)),
      credit(21261103000001, '2026-11-03', '1000000.00', '12500000.00', '公积金贷款发放 李四 3-2-1502').map((c, i) => (i === 6 || i === 11 ? Number(c) : c)),
    ]);
    const novFin = path.join(dir, '序时账_11.csv');
    await fs.writeFile(
      novFin,
      [
        '日期,凭证字号,摘要,科目代码,科目名称,借方金额,贷方金额,辅助核算',
        '2026-11-02,记-0001,收3-2-1503王五公积金贷款,1002.01,银行存款-工行监管户,500000.00,,',
        ',,收3-2-1503王五公积金贷款,2203,预收账款,,500000.00,客户:王五;房号:3-2-1503',
        '2026-11-03,记-0002,收3-2-1502李四公积金贷款,1002.01,银行存款-工行监管户,1000000.00,,',
        ',,收3-2-1502李四公积金贷款,2203,预收账款,,1000000.00,客户:李四;房号:3-2-1502',
      ].join('\n') + '\n',
    );
    const jsonPath = path.join(dir, 'r11.json');
    const r = await cli(['reconcile', '--bank', nov, '--finance', novFin, '--period', '2026-11', '--previous', octJson, '--out', path.join(dir, 'r11.xlsx'), '--json', jsonPath]);
    expect(r.code).toBe(0);
    const json = JSON.parse(await fs.readFile(jsonPath, 'utf8')) as ReconcileJson;
    // One credit of 10-31, booked on 11-02: the carried item and its repeat are one row, nothing left open.
    expect(json.totals.flags.DUPLICATE_BANK).toBe(1);
    expect(json.totals.flags.MISSING_IN_FINANCE ?? 0).toBe(0);
    expect(json.totals.flags.MISSING_IN_BANK ?? 0).toBe(0);
    const dup = json.rows.find((x) => x.outcome === 'DUPLICATE_BANK')!;
    expect([dup.file, dup.row]).toEqual(['工行_监管户_2026-11.xlsx', 6]);
    expect(dup.explanation.zh).toContain('本行的流水号 21261031000009 是 0021261031000009 去掉了前导零');
  });

  it('a number that is not the original without its zeros is another reference: the row stays its own, no DUPLICATE_BANK', async () => {
    const dir = await tempDir();
    const csv = path.join(dir, '工行_监管户_2026-11.csv');
    await fs.writeFile(csv, portalCsv(title, header, rows));
    // Row 1 again in a workbook, but its 流水号 is 21261120000011: 0021261120000001 without zeros is 21261120000001.
    const other = await xlsxFile(dir, '工行_监管户_2026-11_补.xlsx', [...title, header, ...rows.slice(0, 1).map((r) => r.map((c, i) => (i === 0 ? 21261120000011 : i === 6 || i === 11 ? Number(c) : c === '' ? null : c)))]);
    const fin = await journal(dir);
    const { r, json } = await reconcileNov(dir, [csv, other], fin);
    expect(r.code).toBe(0);
    expect(json.totals.flags.DUPLICATE_BANK ?? 0).toBe(0);
    expect(json.rows.find((x) => x.file.endsWith('_补.xlsx'))!.outcome).not.toBe('DUPLICATE_BANK');
  });
});
