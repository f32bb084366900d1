import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { readBankFile, readJournalFile } from '../../pipeline/read';
import { writeJournal } from '../../pipeline/write/statements';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-journal-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function kingdeeFile(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('序时账');
  const rows: (string | number | null)[][] = [
    ['序时账'],
    ['核算单位：某某置业有限公司', '期间：2026年11月'],
    ['日期', '凭证字号', '摘要', '科目代码', '科目名称', '借方金额', '贷方金额', '辅助核算'],
    ['2026-11-03', '记-0012', '收3栋2单元1501按揭款', '1002.01', '银行存款-工行监管户', 1200000, null, null],
    ['2026-11-03', '记-0012', '收3栋2单元1501按揭款', '2203', '预收账款', null, 1200000, '客户:张三;房号:3-2-1501'],
    ['2026-11-04', '记-0013', '按揭款', '1002.02', '银行存款-建行', 960000, null, ''],
    ['2026-11-04', '记-0013', '按揭款', '2203', '预收账款', null, 960000, '客户:王五;房号:5-1-0802'],
    ['2026-11-04', '记-0014', '按揭款（两户）', '1002.01', '银行存款-工行监管户', 200, null, null],
    ['2026-11-04', '记-0014', '按揭款', '2203', '预收账款', null, 100, '客户:甲;房号:1-1-101'],
    ['2026-11-04', '记-0014', '按揭款', '2203', '预收账款', null, 100, '客户:乙;房号:1-1-102'],
    ['2026-11-05', '记-0015', '付手续费', '6603', '财务费用', 5, null, null],
    [null, null, '付手续费', '1002.01', '银行存款-工行监管户', null, 5, '客户:赵六;房号:7-3-2201'],
    ['2026-11-06', '记-0016', '坏行', '1002.01', '银行存款-工行监管户', 'x', null, null],
    ['合计', null, null, null, null, 2160205, 2160205],
  ];
  for (const r of rows) ws.addRow(r);
  const file = path.join(dir, 'kingdee.xlsx');
  await wb.xlsx.writeFile(file);
  return file;
}

describe('finance journals (序时账)', () => {
  it('Kingdee: bank-deposit lines are the rows to reconcile; the voucher’s other lines fill buyer and unit', async () => {
    const r = await readJournalFile(await kingdeeFile());
    expect(r.profile).toBe('kingdee-journal');
    expect(r.headerRow).toBe(3);
    expect(r.lines).toHaveLength(9);
    expect(r.rejected.map((x) => [x.source.row, x.column])).toEqual([[13, 'F']]);
    const bank = r.lines.filter((l) => l.isBankLine);
    expect(bank.map((l) => [l.source.row, l.voucher, l.date, l.debit.toFixed(2), l.credit.toFixed(2), l.customer, l.unitKey])).toEqual([
      [4, '记-0012', '2026-11-03', '1200000.00', '0.00', '张三', '3-2-1501'],
      [6, '记-0013', '2026-11-04', '960000.00', '0.00', '王五', '5-1-802'],
      [8, '记-0014', '2026-11-04', '200.00', '0.00', null, null],
      [12, '记-0015', '2026-11-05', '0.00', '5.00', '赵六', '7-3-2201'],
    ]);
    expect([r.bankLines, r.debits.toFixed(2), r.credits.toFixed(2)]).toEqual([4, '2160200.00', '5.00']);
    // The closing 合计 (debits 1,200,000 + 960,000 + 200 + 5, credits the same) agrees with the lines: no warning.
    expect(r.warnings.map((w) => w.zh).filter((w) => w.includes('合计'))).toEqual([]);
    expect(r.lines[1]).toMatchObject({ isBankLine: false, accountCode: '2203', auxiliary: { 客户: '张三', 房号: '3-2-1501' } });
  });

  it('Yonyou: one 科目 cell "code name", codes without dots, CSV', async () => {
    const file = path.join(dir, 'yonyou.csv');
    fs.writeFileSync(
      file,
      [
        '日期,凭证号,摘要,科目,借方,贷方,辅助项',
        '2026-11-03,记-1,收12栋1单元1201周八按揭款,100201 银行存款/工行,"700,000.00",,',
        '2026-11-03,记-1,收12栋1单元1201周八按揭款,2203 预收账款,,"700,000.00",客户：周八',
        '2026-11-03,记-2,利息,1002.01 银行存款-工行,0.35,,',
        '2026-11-03,记-2,利息,6603 财务费用,,0.35,',
      ].join('\n'),
    );
    const r = await readJournalFile(file);
    expect(r.profile).toBe('yonyou-journal');
    const bank = r.lines.filter((l) => l.isBankLine);
    expect(bank.map((l) => [l.accountCode, l.accountName, l.debit.toFixed(2), l.customer, l.unitKey])).toEqual([
      ['100201', '银行存款/工行', '700000.00', '周八', '12-1-1201'],
      ['1002.01', '银行存款-工行', '0.35', null, null],
    ]);
  });

  it('a journal given to the bank reader is refused with a clear message', async () => {
    await expect(readBankFile(await kingdeeFile())).rejects.toMatchObject({ message: expect.stringContaining('finance journal') });
  });

  it('writeJournal output reads back the same lines (both systems)', async () => {
    const lines = [
      { date: '2026-11-03', voucher: '记-0001', summary: '收3栋2单元1501张三按揭款', accountCode: '1002.01', accountName: '银行存款-工行监管户', debit: new Decimal('1200000.00'), credit: new Decimal(0), auxiliary: {} as Record<string, string> },
      { date: '2026-11-03', voucher: '记-0001', summary: '收3栋2单元1501张三按揭款', accountCode: '2203', accountName: '预收账款', debit: new Decimal(0), credit: new Decimal('1200000.00'), auxiliary: { 客户: '张三', 房号: '3-2-1501' } },
    ];
    for (const id of ['kingdee-journal', 'yonyou-journal']) {
      const out = path.join(dir, `${id}.xlsx`);
      await writeJournal(id, lines, { out, accountName: '某某置业有限公司' });
      const r = await readJournalFile(out);
      expect(r.profile).toBe(id);
      expect(r.lines.map((l) => [l.date, l.voucher, l.summary, l.accountCode, l.accountName, l.debit.toFixed(2), l.credit.toFixed(2), l.auxiliary, l.isBankLine, l.customer, l.unitKey])).toEqual([
        ['2026-11-03', '记-0001', '收3栋2单元1501张三按揭款', '1002.01', '银行存款-工行监管户', '1200000.00', '0.00', {}, true, '张三', '3-2-1501'],
        ['2026-11-03', '记-0001', '收3栋2单元1501张三按揭款', '2203', '预收账款', '0.00', '1200000.00', { 客户: '张三', 房号: '3-2-1501' }, false, '张三', '3-2-1501'],
      ]);
    }
  });
});
