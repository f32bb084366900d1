import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { cli, tempDir, type ReconcileJson } from './files';

/**
 * A statement that prints its payments as negative numbers in the 借方 column reconciles exactly
 * like one that prints them positive: the payments are money out (NOT_MORTGAGE), not credits
 * missing in finance.
 */
const JOURNAL = [
  '日期,凭证字号,摘要,科目代码,科目名称,借方金额,贷方金额,辅助核算',
  '2026-11-03,记-0001,收3-2-1501张三按揭款,1002.01,银行存款-工行监管户,2000000.00,,',
  ',,收3-2-1501张三按揭款,2203,预收账款,,2000000.00,客户:张三;房号:3-2-1501',
  '2026-11-05,记-0002,支付工程款,2202,应付账款,1000.00,,',
  ',,支付工程款,1002.01,银行存款-工行监管户,,1000.00,',
  '2026-11-10,记-0003,退3-2-1502李四房款,2203,预收账款,500000.00,,客户:李四;房号:3-2-1502',
  ',,退3-2-1502李四房款,1002.01,银行存款-工行监管户,,500000.00,',
  '2026-11-12,记-0004,收3-2-1601王五按揭款,1002.01,银行存款-工行监管户,1500000.00,,',
  ',,收3-2-1601王五按揭款,2203,预收账款,,1500000.00,客户:王五;房号:3-2-1601',
];

function icbc(debit1000: string, debit500k: string): string {
  return [
    '中国工商银行对公账户明细',
    '账号：3602000109900112587',
    '户名：广州云栖置业有限公司',
    '起止日期：2026-11-01 至 2026-11-30',
    '凭证号,本方账号,对方账号,交易时间,借/贷,借方发生额,贷方发生额,对方行号,摘要,用途,对方单位名称,余额,个性化信息',
    '202611030000000001,3602000109900112587,6222025420574981069,2026-11-03 10:00:00,贷,,"2,000,000.00",,个人住房贷款放款 3-2-1501,,张三,"12,000,000.00",',
    `202611050000000002,3602000109900112587,44050100000000001,2026-11-05 11:00:00,借,"${debit1000}",,,转账支出,工程款,广州某某建筑有限公司,"11,999,000.00",`,
    `202611100000000003,3602000109900112587,6222025420574981070,2026-11-10 09:30:00,借,"${debit500k}",,,退房退款 3-2-1502,,李四,"11,499,000.00",`,
    '202611120000000004,3602000109900112587,6222025420574981071,2026-11-12 15:00:00,贷,,"1,500,000.00",,个人住房贷款放款 3-2-1601,,王五,"12,999,000.00",',
    '合计,,,,,"-501,000.00","3,500,000.00",,,,,,',
  ].join('\r\n');
}

async function run(dir: string, bankName: string, text: string): Promise<ReconcileJson> {
  const bank = path.join(dir, bankName);
  await fs.writeFile(bank, iconv.encode(text + '\r\n', 'gb18030'));
  const fin = path.join(dir, '序时账.csv');
  await fs.writeFile(fin, JOURNAL.join('\n') + '\n');
  const json = path.join(dir, `${bankName}.json`);
  const r = await cli(['reconcile', '--bank', bank, '--finance', fin, '--period', '2026-11', '--out', path.join(dir, `${bankName}.xlsx`), '--json', json]);
  expect(r.code).toBe(0);
  return JSON.parse(await fs.readFile(json, 'utf8')) as ReconcileJson;
}

describe('payments printed as negative numbers in 借方发生额', () => {
  it('are money out: set aside as NOT_MORTGAGE, nothing missing, the same totals as the statement printing them positive', async () => {
    const dir = await tempDir();
    const neg = await run(dir, '工行_负.csv', icbc('-1,000.00', '-500,000.00'));
    const pos = await run(dir, '工行_正.csv', icbc('1,000.00', '500,000.00'));
    const outcomes = (j: ReconcileJson) => j.rows.map((r) => [r.side, r.row, r.outcome]);
    expect(outcomes(neg)).toEqual([
      ['bank', 6, 'MATCHED'],
      ['bank', 7, 'NOT_MORTGAGE'],
      ['bank', 8, 'NOT_MORTGAGE'],
      ['bank', 9, 'MATCHED'],
      ['finance', 2, 'MATCHED'],
      ['finance', 5, 'NOT_MORTGAGE'],
      ['finance', 7, 'NOT_MORTGAGE'],
      ['finance', 8, 'MATCHED'],
    ]);
    expect(neg.rows.find((r) => r.side === 'bank' && r.row === 7)?.explanation.zh).toBe('银行支出-¥1,000.00，不是冲正，也不是按揭放款，单列不参与匹配。');
    expect(neg.totals.flags.MISSING_IN_FINANCE).toBe(0);
    expect(neg.totals.bank.amount).toBe('2999000.00');
    expect(neg.totals.bank.byOutcome).toEqual(pos.totals.bank.byOutcome);
    expect(outcomes(neg)).toEqual(outcomes(pos));
  });
});
