import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { xlsxFile as sheetFile } from './sheetFile';
import { readBankFile } from '../../pipeline/read';

/**
 * A statement printed month by month closes each month with 本月合计 (its rows) and 本年累计 (every
 * row of the year so far, months before the statement among them). Neither is a transaction: they
 * were rejected as rows with an unreadable date. 本年累计 cannot be checked on its own, but the
 * difference between two of the same year is the rows between them.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-ytd-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function textFile(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}
const skippedOf = (r: Awaited<ReturnType<typeof readBankFile>>): [number, string][] => r.skipped.map((s) => [s.source.row, s.reason.zh]);

// boc-corporate (借方 money out, 贷方 money in). November, rows 2–3: in 1,000,000.00, out 30.00.
// December, rows 6–7: in 500,000.00, out 20.00. The year before November: in 8,000,000.00, out 500.00.
const BOC = '交易日期,交易时间,交易流水号,对方户名,对方账号,借方发生额,贷方发生额,余额,用途,摘要';
const NOV = ['2026-11-03,10:00:00,B001,张三,6222020200001111,,1000000.00,1000000.00,按揭款,放款', '2026-11-04,09:00:00,B002,,,30.00,,999970.00,手续费,'];
const DEC = ['2026-12-10,11:00:00,B003,李四,6222020200002222,,500000.00,1499970.00,按揭款,放款', '2026-12-12,15:30:00,B004,,,20.00,,1499950.00,手续费,'];
const UNCHECKED = '本年累计行（未核对：含本对账单以前的交易）';

describe('本年累计 and 本月合计 lines of a statement', () => {
  const months = (decIn: string): string[] => [
    BOC,
    ...NOV,
    '本月合计,,,,,30.00,"1,000,000.00",,,',
    '本年累计,,,,,530.00,"9,000,000.00",,,',
    ...DEC,
    '本月合计,,,,,20.00,"500,000.00",,,',
    `本年累计,,,,,550.00,"${decIn}",,,`,
  ];

  it('two months: no row rejected, no warning; 本月合计 checked against its month, the second 本年累计 by its difference from the first', async () => {
    const r = await readBankFile(textFile('boc-months.csv', months('9,500,000.00')));
    expect(r.profile).toBe('boc-corporate');
    expect(r.transactionCount).toBe(4);
    expect(r.rejected).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(skippedOf(r)).toEqual([
      [4, '合计行（已核对）：收入 1000000.00，支出 30.00'],
      [5, UNCHECKED],
      [8, '合计行（已核对）：收入 500000.00，支出 20.00'],
      [9, '本年累计行（已核对其与第 5 行之差）：收入 500000.00，支出 20.00'],
    ]);
  });

  it('a 本年累计 that grew by more than the rows between it and the one above is a warning naming file, row, both lines and the rows', async () => {
    const r = await readBankFile(textFile('boc-months-bad.csv', months('9,500,100.00')));
    expect(r.rejected).toEqual([]);
    expect(r.warnings).toEqual([
      {
        zh: '文件 boc-months-bad.csv 第 9 行的本年累计与读到的交易不一致：收入本年累计 9500100.00 − 第 5 行的 9000000.00 = 500100.00，第 6–8 行各行合计 500000.00（相差 100.00）',
        en: 'File boc-months-bad.csv: the year-to-date line (row 9) disagrees with the rows read: money in year to date 9500100.00 − 9000000.00 on row 5 = 500100.00 vs 500000.00 from rows 6–8 (difference 100.00)',
      },
    ]);
    expect(skippedOf(r).map(([row]) => row)).toEqual([4, 5, 8]);
  });

  it('one 本年累计 under a 合计 is not taken for a 合计 nor for a row: listed as not checked, no warning', async () => {
    const r = await readBankFile(textFile('boc-one-month.csv', [BOC, ...NOV, '合计,,,,,30.00,"1,000,000.00",,,', '本年累计：,,,,,530.00,"9,000,000.00",,,']));
    expect(r.transactionCount).toBe(2);
    expect(r.rejected).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(skippedOf(r)).toEqual([
      [4, '合计行（已核对）：收入 1000000.00，支出 30.00'],
      [5, UNCHECKED],
    ]);
  });

  it('a 本年累计 of a new year starts again from 0: not compared with the last year\'s', async () => {
    const jan = ['2027-01-05,11:00:00,B003,李四,6222020200002222,,500000.00,1499970.00,按揭款,放款'];
    const r = await readBankFile(textFile('boc-new-year.csv', [BOC, ...NOV, '本年累计,,,,,530.00,"9,000,000.00",,,', ...jan, '本年累计,,,,,,"500,000.00",,,']));
    expect(r.rejected).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(skippedOf(r)).toEqual([
      [4, UNCHECKED],
      [6, UNCHECKED],
    ]);
  });

  it('a 本月合计 that disagrees with its month is a warning naming its month\'s rows', async () => {
    const lines = months('9,500,000.00');
    lines[7] = '本月合计,,,,,25.00,"500,000.00",,,';
    const r = await readBankFile(textFile('boc-month-bad.csv', lines));
    expect(r.warnings.map((w) => w.zh)).toEqual(['文件 boc-month-bad.csv 第 8 行的合计与读到的交易不一致：支出合计 25.00，第 6–7 行各行合计 20.00（相差 5.00）']);
  });

  it('an amount with a 借/贷 flag (bocom-corporate): a 贷 and a 借 本年累计 line, each compared with the same side\'s line above', async () => {
    const BOCOM = '交易时间,交易金额,借贷标志,余额,对方户名,对方账号,摘要,流水号';
    const lines = (decOut: string): string[] => [
      '交通银行对公账户交易明细',
      BOCOM,
      '2026-11-03 10:00:00,1000000.00,贷,1000000.00,张三,6222020200001111,放款,J001',
      '2026-11-04 09:00:00,30.00,借,999970.00,,,手续费,J002',
      '本年累计,9000000.00,贷,,,,,',
      '本年累计,530.00,借,,,,,',
      '2026-12-12 15:30:00,20.00,借,999950.00,,,手续费,J003',
      '本年累计,9000000.00,贷,,,,,',
      `本年累计,${decOut},借,,,,,`,
    ];
    const ok = await readBankFile(textFile('bocom-ytd.csv', lines('550.00')));
    expect(ok.profile).toBe('bocom-corporate');
    expect(ok.rejected).toEqual([]);
    expect(ok.warnings).toEqual([]);
    expect(skippedOf(ok)).toEqual([
      [5, UNCHECKED],
      [6, UNCHECKED],
      [8, '本年累计行（已核对其与第 5 行之差）：收入 0.00'],
      [9, '本年累计行（已核对其与第 6 行之差）：支出 20.00'],
    ]);
    const bad = await readBankFile(textFile('bocom-ytd-bad.csv', lines('560.00')));
    expect(bad.warnings.map((w) => w.zh)).toEqual(['文件 bocom-ytd-bad.csv 第 9 行的本年累计与读到的交易不一致：支出本年累计 560.00 − 第 6 行的 530.00 = 30.00，第 7–8 行各行合计 20.00（相差 10.00）']);
  });

  it('a signed amount column (cmb-corporate): a net 本年累计 is checked by its difference; a CR and a DR line one under the other are not taken for two nets', async () => {
    const CMB = '交易日期,交易时间,交易金额,账户余额,交易类型,对方户名,对方账号,摘要,流水号';
    // November: in 1,000,000.00. December: out 20.00 and 10.00.
    const nov = '2026-11-03,10:00:00,1000000.00,1000000.00,转账,张三,6222020200001111,放款,C001';
    const dec = ['2026-12-04,09:00:00,-20.00,999980.00,收费,,,手续费,C002', '2026-12-05,09:00:00,-10.00,999970.00,收费,,,手续费,C003'];
    const net = await readBankFile(textFile('cmb-ytd.csv', [CMB, nov, '本年累计,,8999500.00,,,,,,', ...dec, '本年累计,,8999480.00,,,,,,']));
    expect(net.profile).toBe('cmb-corporate');
    expect(net.warnings.map((w) => w.zh)).toEqual(['文件 cmb-ytd.csv 第 6 行的本年累计与读到的交易不一致：净额本年累计 8999480.00 − 第 3 行的 8999500.00 = -20.00，第 4–5 行各行合计 -30.00（相差 10.00）']);
    // The year's money in (CR) and out (DR), each read as the signed column's net: not compared, not warned about.
    const sided = await readBankFile(textFile('cmb-ytd-sided.csv', [CMB, nov, '本年累计,,"9,000,000.00 CR",,,,,,', '本年累计,,500.00 DR,,,,,,', ...dec, '本年累计,,"9,000,000.00 CR",,,,,,', '本年累计,,530.00 DR,,,,,,']));
    expect(sided.rejected).toEqual([]);
    expect(sided.warnings).toEqual([]);
    expect(skippedOf(sided)).toEqual([
      [3, UNCHECKED],
      [4, UNCHECKED],
      [7, UNCHECKED],
      [8, UNCHECKED],
    ]);
  });

  it('XLSX: the warning names the sheet too', async () => {
    const f = await sheetFile(dir, 'boc-months.xlsx', [
      BOC.split(','),
      ['2026-11-03', '10:00:00', 'B001', '张三', '6222020200001111', null, 1000000, 1000000, '按揭款', '放款'],
      ['本年累计', null, null, null, null, 0, 9000000],
      ['2026-12-10', '11:00:00', 'B003', '李四', '6222020200002222', null, 500000, 1500000, '按揭款', '放款'],
      ['2026-12-12', '15:30:00', 'B004', null, null, 20, null, 1499980, '手续费', null],
      ['本年累计', null, null, null, null, 20, 9600000],
    ]);
    const r = await readBankFile(f);
    expect(r.rejected).toEqual([]);
    expect(r.warnings.map((w) => w.zh)).toEqual(['文件 boc-months.xlsx 工作表“明细” 第 6 行的本年累计与读到的交易不一致：收入本年累计 9600000.00 − 第 3 行的 9000000.00 = 600000.00，第 4–5 行各行合计 500000.00（相差 100000.00）']);
  });
});
