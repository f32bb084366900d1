import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir, type ReconcileJson } from './files';

/**
 * A statement's summary lines (总笔数, 借方/贷方发生额合计) and a journal's 本日合计 / 本月合计 / 本年累计
 * are the exports' layout: in anjie reconcile none of them is an UNPARSEABLE row under 未解析, every
 * transaction and bank-deposit line is still one row, and a stated figure that disagrees is a reading
 * warning under its file.
 */
describe('summary lines of statements and journals in anjie reconcile', () => {
  it('are no row of the reconciliation and no 未解析; a 总笔数 that disagrees is the file’s warning', async () => {
    const dir = await tempDir();
    const bank = path.join(dir, '中行.csv');
    // Rows 2–3: two transactions, in 1,000,000.00 and out 30.00. Row 4 says 3 rows: wrong by 1. Rows 5–6 agree.
    await fs.writeFile(
      bank,
      [
        '交易日期,交易时间,交易流水号,对方户名,对方账号,借方发生额,贷方发生额,余额,用途,摘要',
        '2026-11-03,10:00:00,B001,张三,6222020200001111,,1000000.00,1000000.00,3-2-1501 按揭款,放款',
        '2026-11-04,09:00:00,B002,,,30.00,,999970.00,手续费,',
        '总笔数：3,,,,,,,,,',
        '借方发生额合计：30.00,,,,,,,,,',
        '贷方发生额合计：1000000.00,,,,,,,,,',
      ].join('\n') + '\n',
    );
    const fin = path.join(dir, '序时账.csv');
    // Bank-deposit lines: row 2 (debit 1,000,000.00) and row 6 (credit 30.00). Each day's and the month's sums agree.
    await fs.writeFile(
      fin,
      [
        '日期,凭证字号,摘要,科目代码,科目名称,借方金额,贷方金额,辅助核算',
        '2026-11-03,记-0001,收3-2-1501张三按揭款,1002.01,银行存款-中行,1000000.00,,',
        ',,收3-2-1501张三按揭款,2203,预收账款,,1000000.00,客户:张三;房号:3-2-1501',
        '2026-11-03,,本日合计,,,1000000.00,1000000.00,',
        '2026-11-04,记-0002,手续费,6603,财务费用,30.00,,',
        ',,手续费,1002.01,银行存款-中行,,30.00,',
        '2026-11-04,,本日合计,,,30.00,30.00,',
        ',,本月合计,,,1000030.00,1000030.00,',
        ',,本年累计,,,5000030.00,5000030.00,',
      ].join('\n') + '\n',
    );
    const jsonPath = path.join(dir, 'r.json');
    const r = await cli(['reconcile', '--bank', bank, '--finance', fin, '--period', '2026-11', '--out', path.join(dir, 'r.xlsx'), '--json', jsonPath]);
    expect(r.code).toBe(0);
    const json = JSON.parse(await fs.readFile(jsonPath, 'utf8')) as ReconcileJson;
    expect(json.totals.flags.UNPARSEABLE).toBe(0);
    expect(r.stdout).not.toContain('未解析');
    // Every transaction and bank-deposit line is one row; the summary lines are none.
    expect(json.rows.filter((x) => x.side === 'bank').map((x) => x.row)).toEqual([2, 3]);
    expect(json.rows.filter((x) => x.side === 'finance').map((x) => x.row)).toEqual([2, 6]);
    expect(r.stdout).toContain('文件 中行.csv 第 4 行的合计与读到的交易不一致：总笔数 3，读到的交易 2 笔（相差 1） / ' + "File 中行.csv: the statement's totals line (row 4) disagrees with the rows read: number of transactions 3 vs 2 read (difference 1)");
    expect(r.stdout).not.toContain('本日合计');
    expect(r.stdout).not.toContain('第 5 行');
  });
});
