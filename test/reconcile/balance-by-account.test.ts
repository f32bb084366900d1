import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Money } from '../../domain/money';
import { openItems, reconcile, rowResult, type CarriedItem, type ReconcileInput } from '../../domain/reconcile';
import type { BankTransaction, JournalLine } from '../../domain/records';
import { balanceByAccount, impliedBook } from '../../pipeline/reconcile/balanceByAccount';
import { balanceLines } from '../../pipeline/reconcile/balanceSheet';
import { writeReconcileWorkbook } from '../../pipeline/reconcile/workbook';
import { tempDir } from './files';
import { bank, config, journal } from './helpers';

/**
 * 分户调节: one reconciliation per bank account against its own 银行存款 sub-account. Each scenario
 * knows every account's true book balance (opening + its 科目's lines) and checks the sheet infers it.
 */
const fen = (x: string | number): number => Math.round(Number(x) * 100);

interface Account {
  bank: string;
  account: string;
  file: string;
  opening: number;
  ledger: { accountCode: string; accountName: string };
}
const ICBC: Account = { bank: 'ICBC', account: '1202000000000000128', file: 'icbc.csv', opening: 1_000_000, ledger: { accountCode: '1002.01', accountName: '银行存款-工行监管户' } };
const CCB: Account = { bank: 'CCB', account: '4400000000000000555', file: 'ccb.csv', opening: 2_000_000, ledger: { accountCode: '1002.02', accountName: '银行存款-建行监管户' } };

/** Credits to `a` with running balances, for units `units` (amount 500,000 + 1,000 × unit number). */
function statement(a: Account, units: number[], date = '2026-11-05'): BankTransaction[] {
  let bal = fen(a.opening);
  return units.map((u, k) => {
    const amount = 500_000 + u * 1000;
    bal += fen(amount);
    return bank({ bank: a.bank, account: a.account, file: a.file, row: k + 2, amount: String(amount), balance: (bal / 100).toFixed(2), memo: `个人住房贷款放款 ${u}-1-101`, date });
  });
}

let row = 1;
function booking(ledger: Account['ledger'], u: number, date = '2026-11-05'): JournalLine {
  return journal({ ...ledger, row: ++row, debit: String(500_000 + u * 1000), unitKey: `${u}-1-101`, summary: `收${u}-1-101按揭款`, date });
}

/** The account lines of 分户调节 by label prefix (bank code), as numbers. */
async function accountLines(file: string): Promise<Map<string, Record<string, number | string | null>>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('分户调节');
  if (!ws) throw new Error('no 分户调节');
  const header = (ws.getRow(3).values as unknown[]).slice(1).map(String);
  const out = new Map<string, Record<string, number | string | null>>();
  ws.eachRow((r, n) => {
    if (n <= 3) return;
    const label = String(r.getCell(1).value ?? '');
    if (!/^[A-Z]+ |^合计$/.test(label)) return;
    const rec: Record<string, number | string | null> = {};
    header.forEach((h, i) => {
      const v = r.getCell(i + 1).value as unknown;
      // exceljs leaves out a formula's cached result when it is 0 (the file has <v>0</v>).
      rec[h] = v && typeof v === 'object' && 'formula' in v ? ((v as { result?: number }).result ?? 0) : ((v as number | string | null) ?? null);
    });
    out.set(label.split(' ')[0], rec);
  });
  return out;
}

describe('分户调节', () => {
  it('a credit to ICBC booked on the CCB 科目 leaves each account off by it; each line infers its own account’s true book balance, and the total is the combined sheet’s', async () => {
    const bankRows = [...statement(ICBC, [1, 2, 3, 4, 5]), ...statement(CCB, [6, 7, 8, 9, 10])];
    // Unit 5 reached ICBC but is booked on 1002.02; unit 10 (CCB) is not booked; unit 11 is booked on 1002.01, not yet credited.
    const lines = [...[1, 2, 3, 4, 11].map((u) => booking(ICBC.ledger, u)), ...[5, 6, 7, 8, 9].map((u) => booking(CCB.ledger, u))];
    const rec = reconcile({ period: '2026-11', bank: bankRows, finance: lines, rejected: [], config: config() });
    const out = path.join(await tempDir(), 'report.xlsx');
    await writeReconcileWorkbook(out, rec, {});
    const byAccount = await accountLines(out);
    const trueBook = (a: Account) => (fen(a.opening) + lines.filter((l) => l.accountCode === a.ledger.accountCode).reduce((s, l) => s + fen(l.debit.toString()), 0)) / 100;
    const icbc = byAccount.get('ICBC')!;
    const ccb = byAccount.get('CCB')!;
    expect(icbc['对账科目']).toBe('1002.01 银行存款-工行监管户');
    expect(icbc['按本表推算的账面余额']).toBe(trueBook(ICBC));
    expect(ccb['按本表推算的账面余额']).toBe(trueBook(CCB));
    // The misbooked ¥505,000 is a 记账差错 on both accounts, with opposite signs.
    expect([icbc['记账差错/待查（银行−账面）'], ccb['记账差错/待查（银行−账面）']]).toEqual([505_000, -505_000]);
    expect([icbc['加：企业已收银行未收'], ccb['银行已收企业未收']]).toEqual([511_000, 510_000]);
    const total = byAccount.get('合计')!;
    expect(total['按本表推算的账面余额']).toBe((fen(trueBook(ICBC)) + fen(trueBook(CCB))) / 100);
    expect(total['记账差错/待查（银行−账面）']).toBe(0);
  });

  it('a booking carried in with --previous, still open, stays on its own account (the 科目 travels with the open item)', async () => {
    // October: unit 12 booked on 1002.02 (CCB); the bank has not credited it.
    const oct = reconcile({
      period: '2026-10',
      bank: [...statement(ICBC, [1, 2, 3, 4], '2026-10-10'), ...statement(CCB, [6, 7, 8, 9], '2026-10-10')],
      finance: [...[1, 2, 3, 4].map((u) => booking(ICBC.ledger, u, '2026-10-10')), ...[6, 7, 8, 9, 12].map((u) => booking(CCB.ledger, u, '2026-10-10'))],
      rejected: [],
      config: config(),
    });
    const open = openItems(oct.engine);
    expect(open.map((o) => [o.outcome, o.ledger])).toEqual([['MISSING_IN_BANK', '1002.02']]);
    const carried: CarriedItem[] = open.map((o) => ({ ...o, file: `${o.period}/${o.file}`, amount: new Money(o.amount) }));
    // November: still no credit for unit 12.
    const bankRows = [...statement(ICBC, [21, 22, 23, 24]), ...statement(CCB, [26, 27, 28, 29])];
    const lines = [...[21, 22, 23, 24].map((u) => booking(ICBC.ledger, u)), ...[26, 27, 28, 29].map((u) => booking(CCB.ledger, u))];
    const rec = reconcile({ period: '2026-11', bank: bankRows, finance: lines, rejected: [], carried, config: config() });
    const out = path.join(await tempDir(), 'report.xlsx');
    await writeReconcileWorkbook(out, rec, {});
    const byAccount = await accountLines(out);
    expect([...byAccount.keys()]).toEqual(['CCB', 'ICBC', '合计']);
    const ccb = byAccount.get('CCB')!;
    expect(ccb['加：企业已收银行未收']).toBe(512_000);
    // CCB's books: opening + October's open booking + November's bookings.
    const book = (fen(CCB.opening) + fen(512_000) + lines.filter((l) => l.accountCode === '1002.02').reduce((t, l) => t + fen(l.debit.toString()), 0)) / 100;
    expect(ccb['按本表推算的账面余额']).toBe(book);
  });

  it('one 科目 for every bank: no 分户调节, and 余额调节表 says why it is combined', async () => {
    const one = { accountCode: '1002', accountName: '银行存款' };
    const bankRows = [...statement(ICBC, [1, 2, 3, 4]), ...statement(CCB, [6, 7, 8, 9])];
    const lines = [1, 2, 3, 4, 6, 7, 8, 9].map((u) => booking(one, u));
    const rec = reconcile({ period: '2026-11', bank: bankRows, finance: lines, rejected: [], config: config() });
    const out = path.join(await tempDir(), 'report.xlsx');
    await writeReconcileWorkbook(out, rec, {});
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet('分户调节')).toBeUndefined();
    const texts: string[] = [];
    wb.getWorksheet('余额调节表')!.eachRow((r) => texts.push(String(r.getCell(1).value ?? '')));
    expect(texts.find((t) => t.includes('未能分户调节'))).toContain('1002 银行存款同时记录多个银行账户');
    // The note shares the accounts' row: the top block's formulas refer to B4/E4 … by address.
    const top = wb.getWorksheet('余额调节表')!;
    expect([top.getCell('A4').value, top.getCell('D4').value, typeof top.getCell('E4').value]).toEqual(['账面余额（请财务填写）', '对账单余额', 'number']);
    // Until the book balance is filled in, B9 and B10 say so, whole, within column B.
    const pending = (top.getCell('B9').value as { result: string }).result;
    const units = [...pending].reduce((n, ch) => n + (ch.charCodeAt(0) >= 0x2e80 ? 2 : 1), 0);
    expect(pending).toContain('B4');
    expect(units).toBeLessThanOrEqual(top.getColumn(2).width!);
  });

  it('an item carried in with --previous and paired this month across accounts is WRONG_ACCOUNT, and each account still infers its own book balance', () => {
    const loans = (us: number[]) => us.reduce((t, u) => t + 500_000 + u * 1000, 0);
    const carry = (oct: ReconcileInput): CarriedItem[] => openItems(reconcile(oct).engine).map((o) => ({ ...o, file: `${o.period}/${o.file}`, amount: new Money(o.amount) }));
    const october = (icbcCredits: number[], ccbBookings: number[]): ReconcileInput => ({
      period: '2026-10',
      bank: [...statement(ICBC, icbcCredits, '2026-10-10'), ...statement(CCB, [6, 7, 8, 9], '2026-10-10')],
      finance: [...[1, 2, 3, 4].map((u) => booking(ICBC.ledger, u, '2026-10-10')), ...ccbBookings.map((u) => booking(CCB.ledger, u, '2026-10-10'))],
      rejected: [],
      config: config(),
    });
    const check = (carried: CarriedItem[], icbcUnits: number[], ccbBooked: number[], icbcBook: number, ccbBook: number) => {
      // November's statements open at October's closing balances.
      const icbcOpen = { ...ICBC, opening: ICBC.opening + loans(icbcUnits.includes(12) ? [1, 2, 3, 4] : [1, 2, 3, 4, 12]) };
      const ccbOpen = { ...CCB, opening: CCB.opening + loans([6, 7, 8, 9]) };
      const rec = reconcile({ period: '2026-11', bank: [...statement(icbcOpen, icbcUnits), ...statement(ccbOpen, [26, 27, 28, 29])], finance: [...[21, 22, 23, 24].map((u) => booking(ICBC.ledger, u)), ...ccbBooked.map((u) => booking(CCB.ledger, u))], rejected: [], carried, config: config() });
      const unit12 = rec.engine.items.filter((it) => it.unit === '12-1-101').map((it) => rowResult(it, rec.engine));
      expect(unit12.map((r) => r.outcome)).toEqual(['WRONG_ACCOUNT', 'WRONG_ACCOUNT']);
      expect(unit12[0].explanation.zh).toContain('却记入1002.02 银行存款-建行监管户；该账户本期4/4笔已匹配款项记入1002.01 银行存款-工行监管户');
      const split = balanceByAccount(rec, balanceLines(rec), (key) => key.split('\u0000')[0]);
      const implied = new Map(split.accounts!.map((a) => [a.label, fen(impliedBook(a)!.toString())]));
      expect(Object.fromEntries(implied)).toEqual({ ICBC: fen(icbcBook), CCB: fen(ccbBook) });
    };
    // October: unit 12 booked on 1002.02, not credited; November: credited to ICBC.
    check(carry(october([1, 2, 3, 4], [6, 7, 8, 9, 12])), [21, 22, 23, 24, 12], [26, 27, 28, 29], ICBC.opening + loans([1, 2, 3, 4, 21, 22, 23, 24]), CCB.opening + loans([6, 7, 8, 9, 12, 26, 27, 28, 29]));
    // October: unit 12 credited to ICBC, not booked; November: booked on 1002.02.
    check(carry(october([1, 2, 3, 4, 12], [6, 7, 8, 9])), [21, 22, 23, 24], [26, 27, 28, 29, 12], ICBC.opening + loans([1, 2, 3, 4, 21, 22, 23, 24]), CCB.opening + loans([6, 7, 8, 9, 12, 26, 27, 28, 29]));
  });

  it('two accounts at one bank whose numbers end alike: 余额调节表 adds both closing balances, and each is named by its file', async () => {
    const other: Account = { bank: 'ICBC', account: '1202999999999990128', file: 'icbc-general.csv', opening: 2_000_000, ledger: { accountCode: '1002.03', accountName: '银行存款-工行一般户' } };
    const rec = reconcile({ period: '2026-11', bank: [...statement(ICBC, [1, 2, 3, 4]), ...statement(other, [6, 7, 8, 9])], finance: [...[1, 2, 3, 4].map((u) => booking(ICBC.ledger, u)), ...[6, 7, 8, 9].map((u) => booking(other.ledger, u))], rejected: [], config: config() });
    const out = path.join(await tempDir(), 'report.xlsx');
    await writeReconcileWorkbook(out, rec, {});
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const top = wb.getWorksheet('余额调节表')!;
    // 1,000,000 + 2,000,000 + the eight credits.
    expect(top.getCell('E4').value).toBe(3_000_000 + 8 * 500_000 + 1000 * (1 + 2 + 3 + 4 + 6 + 7 + 8 + 9));
    expect(top.getCell('A2').value).toContain('ICBC ****0128（icbc-general.csv）；ICBC ****0128（icbc.csv）');
    const labels: string[] = [];
    wb.getWorksheet('分户调节')!.eachRow((r, n) => {
      if (n > 3 && String(r.getCell(2).value ?? '').startsWith('1002')) {
        labels.push(String(r.getCell(1).value));
        // Wider than the column: wrapped within it (the row sized to it), not cut off by the 科目 beside it.
        expect(r.getCell(1).alignment).toMatchObject({ wrapText: true });
        expect(r.height).toBeGreaterThan(15);
      }
    });
    expect(labels).toEqual(['ICBC ****0128（icbc-general.csv）', 'ICBC ****0128（icbc.csv）']);
  });

  it('a statement without a balance column next to one with balances: 余额调节表 infers no book balance from half the statements, and says which account lacks one', async () => {
    // CCB's export has no balance column; unit 10 reached CCB and is not booked.
    const ccbRows = statement(CCB, [6, 7, 8, 9, 10]).map((b) => ({ ...b, balance: null }));
    const rec = reconcile({ period: '2026-11', bank: [...statement(ICBC, [1, 2, 3, 4]), ...ccbRows], finance: [...[1, 2, 3, 4].map((u) => booking(ICBC.ledger, u)), ...[6, 7, 8, 9].map((u) => booking(CCB.ledger, u))], rejected: [], config: config() });
    const out = path.join(await tempDir(), 'report.xlsx');
    await writeReconcileWorkbook(out, rec, {});
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const top = wb.getWorksheet('余额调节表')!;
    const byLabel = new Map<string, unknown>();
    top.eachRow((r) => byLabel.set(String(r.getCell(1).value ?? ''), r.getCell(2).value));
    // Was 2,500,000: ICBC's balance less CCB's unbooked credit, the book balance of neither.
    expect(byLabel.get('按本表推算的账面余额')).toBe('缺CCB ****0555的对账单余额 / a statement has no balance');
    expect(String(top.getCell('A2').value)).toContain('CCB ****0555的对账单无余额列');
    // 分户调节: ICBC still infers its own book; the 合计 has no inferred book balance (CCB's is unknown).
    const byAccount = await accountLines(out);
    expect(byAccount.get('ICBC')!['按本表推算的账面余额']).toBe(ICBC.opening + 4 * 500_000 + 10_000);
    expect(byAccount.get('CCB')!['按本表推算的账面余额']).toBeNull();
    expect(byAccount.get('合计')!['按本表推算的账面余额']).toBeNull();
  });

  it('the closing balance is the last row of the statement, not the last row read: two overlapping exports of one account, or a statement newest first, without times', async () => {
    const closing = async (bankRows: BankTransaction[]) => {
      const rec = reconcile({ period: '2026-11', bank: [...bankRows, ...statement(CCB, [6, 7, 8, 9])], finance: [...[1, 2, 3, 4, 5].map((u) => booking(ICBC.ledger, u)), ...[6, 7, 8, 9].map((u) => booking(CCB.ledger, u))], rejected: [], config: config() });
      const out = path.join(await tempDir(), 'report.xlsx');
      await writeReconcileWorkbook(out, rec, {});
      return (await accountLines(out)).get('ICBC')!['对账单余额'];
    };
    const rows = statement(ICBC, [1, 2, 3, 4, 5]);
    const close = ICBC.opening + 5 * 500_000 + 15_000;
    // 2-icbc.csv (read first) repeats units 4's row; unit 5's, on the same day, is only in icbc.csv.
    expect(await closing([...rows, { ...rows[3], source: { ...rows[3].source, file: '2-icbc.csv' } }])).toBe(close);
    // Newest first: the closing balance is on the first row.
    expect(await closing(rows.map((b, k) => ({ ...b, source: { ...b.source, row: 10 - k } })))).toBe(close);
  });
});
