import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { reconcile } from '../../domain/reconcile';
import type { BankTransaction, JournalLine } from '../../domain/records';
import { writeReconcileWorkbook } from '../../pipeline/reconcile/workbook';
import { tempDir } from './files';
import { bank, config, journal } from './helpers';

/**
 * A month of a large group: two escrow accounts holding about ¥1.5 billion each, twenty loans of
 * ¥69,999,999.99 credited to each. The figures a manager signs off on 汇总 (the tie-out) and 分户调节
 * (the 合计 line) must show, not ###.
 */
const ACCOUNTS = [
  { bank: 'ICBC', account: '1202000000000000128', file: 'icbc.csv', ledger: { accountCode: '1002.01', accountName: '银行存款-工行监管户' }, first: 1 },
  { bank: 'CCB', account: '4400000000000000555', file: 'ccb.csv', ledger: { accountCode: '1002.02', accountName: '银行存款-建行监管户' }, first: 21 },
];
const LOAN = 69_999_999.99;

/** How Excel shows a number in ¥#,##0.00, worked out here and not by the code under test. */
const shown = (n: number) => `${n < 0 ? '-' : ''}¥${Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function month(): { bankRows: BankTransaction[]; lines: JournalLine[] } {
  const bankRows: BankTransaction[] = [];
  const lines: JournalLine[] = [];
  for (const a of ACCOUNTS) {
    let balance = 100_000_000_000; // fen: ¥1,000,000,000.00 before the month
    for (let k = 0; k < 20; k++) {
      const u = a.first + k;
      balance += Math.round(LOAN * 100);
      bankRows.push(bank({ bank: a.bank, account: a.account, file: a.file, row: k + 2, amount: LOAN.toFixed(2), balance: (balance / 100).toFixed(2), memo: `个人住房贷款放款 ${u}-1-101`, date: '2026-11-05' }));
      lines.push(journal({ ...a.ledger, row: lines.length + 2, debit: LOAN.toFixed(2), unitKey: `${u}-1-101`, summary: `收${u}-1-101按揭款`, date: '2026-11-05' }));
    }
  }
  return { bankRows, lines };
}

describe('the report’s amounts of a large month fit their columns', () => {
  it('汇总, 余额调节表 and 分户调节: every ¥ cell is in a column at least as wide as its shown text (each character a digit wide)', async () => {
    const { bankRows, lines } = month();
    const rec = reconcile({ period: '2026-11', bank: bankRows, finance: lines, rejected: [], config: config() });
    const out = path.join(await tempDir(), 'report.xlsx');
    await writeReconcileWorkbook(out, rec, {});
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const tooNarrow: string[] = [];
    let large = 0;
    for (const name of ['汇总', '余额调节表', '分户调节']) {
      const ws = wb.getWorksheet(name)!;
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (!cell.numFmt?.includes('¥')) return;
          const v = cell.value;
          const n = typeof v === 'number' ? v : v && typeof v === 'object' && 'result' in v && typeof v.result === 'number' ? v.result : null;
          if (n === null) return;
          if (Math.abs(n) >= 1e9) large++;
          const width = ws.getColumn(cell.col).width ?? 9;
          if (width < shown(n).length) tooNarrow.push(`${name}!${cell.address} ${shown(n)} in width ${width}`);
        }),
      );
    }
    expect(large).toBeGreaterThan(0);
    expect(tooNarrow).toEqual([]);
  });
});
