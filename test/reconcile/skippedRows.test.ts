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
