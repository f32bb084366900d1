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

/** Each ¥ cell of these sheets whose column is narrower than its shown text, one character more when bold. */
async function tooNarrow(file: string, sheets: string[]): Promise<{ tooNarrow: string[]; large: number }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: string[] = [];
  let large = 0;
  for (const name of sheets) {
    const ws = wb.getWorksheet(name)!;
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (!cell.numFmt?.includes('¥')) return;
        const v = cell.value;
        const n = typeof v === 'number' ? v : v && typeof v === 'object' && 'result' in v && typeof v.result === 'number' ? v.result : null;
        if (n === null) return;
        if (Math.abs(n) >= 1e9) large++;
        // Bold figures are wider: LibreOffice shows a bold ¥10,000,000,000.00 as ### in a column of 18, the plain one whole.
        const need = shown(n).length + (cell.font?.bold ? 1 : 0);
        const width = ws.getColumn(cell.col).width ?? 9;
        if (width < need) out.push(`${name}!${cell.address} ${shown(n)}${cell.font?.bold ? ' (bold)' : ''} in width ${width}`);
      }),
    );
  }
  return { tooNarrow: out, large };
}

describe('the report’s amounts of a large month fit their columns', () => {
  it('汇总, 余额调节表 and 分户调节: every ¥ cell is in a column at least as wide as its shown text (each character a digit wide, one more when bold)', async () => {
    const { bankRows, lines } = month();
    const rec = reconcile({ period: '2026-11', bank: bankRows, finance: lines, rejected: [], config: config() });
    const out = path.join(await tempDir(), 'report.xlsx');
    await writeReconcileWorkbook(out, rec, {});
    const r = await tooNarrow(out, ['汇总', '余额调节表', '分户调节']);
    expect(r.large).toBeGreaterThan(0);
    expect(r.tooNarrow).toEqual([]);
  });

  it('余额调节表 of a group’s escrow account over ¥10 billion, with a ¥1.2 billion payment only the books have: its figures show, not ###', async () => {
    const a = ACCOUNTS[0];
    const bankRows: BankTransaction[] = [];
    const lines: JournalLine[] = [];
    let balance = 1_200_000_000_000; // fen: ¥12,000,000,000.00 before the month
    for (let k = 0; k < 20; k++) {
      const u = a.first + k;
      balance += Math.round(LOAN * 100);
      bankRows.push(bank({ bank: a.bank, account: a.account, file: a.file, row: k + 2, amount: LOAN.toFixed(2), balance: (balance / 100).toFixed(2), memo: `个人住房贷款放款 ${u}-1-101`, date: '2026-11-05' }));
      lines.push(journal({ ...a.ledger, row: k + 2, debit: LOAN.toFixed(2), unitKey: `${u}-1-101`, summary: `收${u}-1-101按揭款`, date: '2026-11-05' }));
    }
    // Paid out of the account on the last day, on the bank's statement only next month: set aside (a payment) on the books' side.
    lines.push(journal({ ...a.ledger, row: 22, credit: '1234567890.12', summary: '支付土地出让金', date: '2026-11-30' }));
    const rec = reconcile({ period: '2026-11', bank: bankRows, finance: lines, rejected: [], config: config() });
    const out = path.join(await tempDir(), 'report.xlsx');
    await writeReconcileWorkbook(out, rec, {});
    const r = await tooNarrow(out, ['余额调节表']);
    expect(r.large).toBeGreaterThan(3);
    expect(r.tooNarrow).toEqual([]);
  });
});
