import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Money } from '../../domain/money';
import { cli, tempDir, type ReconcileJson } from './files';

/**
 * Rows the reader skips by design — WeChat "/" (中性交易: 充值/提现), Alipay 不计收支 and 交易关闭 — are
 * no money movement, not rows that could not be read: each is one statement row set aside as
 * NOT_MORTGAGE, never UNPARSEABLE nor counted under 未解析, and its amount is in no money total.
 */
const WECHAT = [
  '微信支付账单明细,,,,,,,,,,',
  '微信昵称：[测试],,,,,,,,,,',
  '----------------------微信支付账单明细列表--------------------,,,,,,,,,,',
  '交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注',
  '2026-11-03 10:00:00,转账,张三,3-2-1501 按揭款,收入,"¥1,000.00",/,已收钱,W001,M001,/',
  '2026-11-04 12:00:00,零钱提现,招商银行(1234),/,/,¥500.00,/,提现已到账,W002,M002,/',
  '2026-11-05 12:45:27,商户消费,某餐厅,总共消费:28.16,支出,¥28.16,零钱,支付成功,W003,M003,/',
  '2026-11-06 09:00:00,零钱充值,招商银行(1234),/,/,¥300.00,/,充值完成,W004,M004,/',
];

describe('rows the reader skips (not money in or out)', () => {
  it('are NOT_MORTGAGE, not UNPARSEABLE; 未解析 stays 0, and the 汇总 tie-out holds with their amounts in no total', async () => {
    const dir = await tempDir();
    const bank = path.join(dir, 'wechat.csv');
    await fs.writeFile(bank, WECHAT.join('\n') + '\n');
    const fin = path.join(dir, '序时账.csv');
    await fs.writeFile(
      fin,
      [
        '日期,凭证字号,摘要,科目代码,科目名称,借方金额,贷方金额,辅助核算',
        '2026-11-03,记-0001,收3-2-1501张三按揭款,1002.01,银行存款-微信,1000.00,,',
        ',,收3-2-1501张三按揭款,2203,预收账款,,1000.00,客户:张三;房号:3-2-1501',
        '2026-11-05,记-0002,餐费,6602,管理费用,28.16,,',
        ',,餐费,1002.01,银行存款-微信,,28.16,',
      ].join('\n') + '\n',
    );
    const out = path.join(dir, 'r.xlsx');
    const jsonPath = path.join(dir, 'r.json');
    const r = await cli(['reconcile', '--bank', bank, '--finance', fin, '--period', '2026-11', '--out', out, '--json', jsonPath]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wechat.csv (wechat) 4 行 rows\n');
    expect(r.stdout).not.toContain('未解析');
    const json = JSON.parse(await fs.readFile(jsonPath, 'utf8')) as ReconcileJson;
    // Every input row has exactly one outcome.
    expect(json.rows.filter((x) => x.side === 'bank').map((x) => [x.row, x.outcome, x.flags])).toEqual([
      [5, 'MATCHED', []],
      [6, 'NOT_MORTGAGE', ['NOT_MORTGAGE']],
      [7, 'NOT_MORTGAGE', ['NOT_MORTGAGE']],
      [8, 'NOT_MORTGAGE', ['NOT_MORTGAGE']],
    ]);
    expect(json.totals.flags.UNPARSEABLE).toBe(0);
    // The sentence names the reader's reason (it said "金额为零").
    expect(json.rows.find((x) => x.side === 'bank' && x.row === 6)!.explanation).toEqual({ zh: '非资金变动行（不计收支（/）），单列不参与匹配。', en: expect.stringMatching(/^Not a money movement \(.+\); set aside, not matched\.$/) });
    // Money in 1,000.00, out 28.16; the 500.00 提现 and 300.00 充值 are neither.
    expect(json.totals.bank.rows).toBe(4);
    expect(json.totals.bank.amount).toBe('971.84');
    expect(json.totals.bank.byOutcome).toEqual({ MATCHED: { rows: 1, amount: '1000.00' }, NOT_MORTGAGE: { rows: 3, amount: '-28.16' } });
    const tied = Object.values(json.totals.bank.byOutcome).reduce((s, o) => s.plus(o.amount), new Money(0));
    expect(tied.toFixed(2)).toBe(json.totals.bank.amount);
    // The report: tie-out exact, nothing under 未解析, the reader's reason in the row's 摘要.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const summary = wb.getWorksheet('汇总')!;
    const rows: unknown[][] = [];
    summary.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows.find((x) => x[0] === '银行流水 Bank')).toEqual(['银行流水 Bank', '合计 = 已匹配 + 各差异', 4, 971.84, 971.84, 0, '相符 ✓']);
    expect(rows.find((x) => x[0] === 'wechat.csv')).toEqual(['wechat.csv', '银行', 4, 0]);
    const diffs: string[] = [];
    wb.getWorksheet('差异')!.eachRow((row) => diffs.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')).join('|')));
    expect(diffs.filter((d) => d.includes('非资金变动行'))).toEqual([expect.stringContaining('|6|'), expect.stringContaining('|8|')]);
    expect(diffs.find((d) => d.includes('|6|'))).toContain('非资金变动行：不计收支（/）');
  });
});

describe('a 合计 line in a statement whose layout has no totals section', () => {
  it('is in the output: a bank row set aside as 合计行（已核对） when it agrees, a warning naming file, row and difference when it does not', async () => {
    const dir = await tempDir();
    const header = '交易日期,交易时间,交易流水号,对方户名,对方账号,借方发生额,贷方发生额,余额,用途,摘要';
    const rows = ['2026-11-03,10:00:00,B001,张三,6222020200001111,,1000000.00,1000000.00,3-2-1501 按揭款,放款', '2026-11-04,09:00:00,B002,,,30.00,,999970.00,手续费,'];
    const bank = path.join(dir, '中行_一般户.csv');
    await fs.writeFile(bank, [header, ...rows, '合计,,,,,30.00,1000000.00,,,'].join('\n') + '\n');
    const other = path.join(dir, '中行_一般户_改.csv');
    await fs.writeFile(other, [header, ...rows.map((r) => r.replace('B00', 'X00').replace('2026-11-0', '2026-11-1')), '合计,,,,,30.00,999000.00,,,'].join('\n') + '\n');
    const fin = path.join(dir, '序时账.csv');
    await fs.writeFile(
      fin,
      ['日期,凭证字号,摘要,科目代码,科目名称,借方金额,贷方金额,辅助核算', '2026-11-03,记-0001,收3-2-1501张三按揭款,1002.01,银行存款-中行,1000000.00,,', ',,收3-2-1501张三按揭款,2203,预收账款,,1000000.00,客户:张三;房号:3-2-1501'].join('\n') + '\n',
    );
    const jsonPath = path.join(dir, 'r.json');
    const r = await cli(['reconcile', '--bank', bank, other, '--finance', fin, '--period', '2026-11', '--out', path.join(dir, 'r.xlsx'), '--json', jsonPath]);
    expect(r.code).toBe(0);
    const json = JSON.parse(await fs.readFile(jsonPath, 'utf8')) as ReconcileJson;
    // The agreeing line is row 4 of the first file, set aside with its reason; the other file's line is a warning, not a row.
    const totalsRows = json.rows.filter((x) => x.side === 'bank' && x.row === 4);
    expect(totalsRows.map((x) => [x.file, x.outcome, x.flags])).toEqual([['中行_一般户.csv', 'NOT_MORTGAGE', ['NOT_MORTGAGE']]]);
    expect(totalsRows[0].explanation.zh).toContain('合计行（已核对）：收入 1000000.00，支出 30.00');
    const files = (json.totals as unknown as { files: { file: string; rows: number }[] }).files;
    expect(files.find((f) => f.file === '中行_一般户.csv')!.rows).toBe(3);
    expect(files.find((f) => f.file === '中行_一般户_改.csv')!.rows).toBe(2);
    // Reader warnings are printed under their file by reconcile (as the lost-digits one is).
    expect(r.stdout).toContain(
      '警告 warning: 文件 中行_一般户_改.csv 第 4 行的合计与读到的交易不一致：收入合计 999000.00，各行合计 1000000.00（相差 1000.00） / ' +
        "File 中行_一般户_改.csv: the statement's totals line (row 4) disagrees with the rows read: money in 999000.00 vs 1000000.00 from the rows (difference 1000.00)",
    );
    expect(r.stdout).not.toContain('中行_一般户.csv 第 4 行的合计');
    // …and on 汇总, which is what the manager signs: the file, its side, and the same words.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'r.xlsx'));
    const lines: string[][] = [];
    wb.getWorksheet('汇总')!.eachRow((row) => lines.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    const at = lines.findIndex((l) => l[0] === '读取提示 File messages');
    expect(lines.slice(at + 1, at + 2)).toEqual([
      [
        '中行_一般户_改.csv',
        '银行',
        '警告 warning',
        '文件 中行_一般户_改.csv 第 4 行的合计与读到的交易不一致：收入合计 999000.00，各行合计 1000000.00（相差 1000.00） / ' +
          "File 中行_一般户_改.csv: the statement's totals line (row 4) disagrees with the rows read: money in 999000.00 vs 1000000.00 from the rows (difference 1000.00)",
      ],
    ]);
    expect(lines[at + 2][0]).toMatch(/^说明：/); // one message: the agreeing file's line is none
    // The tie-out still holds: the line adds nothing to the money totals.
    const tied = Object.values(json.totals.bank.byOutcome).reduce((s, o) => s.plus(o.amount), new Money(0));
    expect(tied.toFixed(2)).toBe(json.totals.bank.amount);
  });
});
