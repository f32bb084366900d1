import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { explain, openItems, reconcile, type Reconciliation } from '../../domain/reconcile';
import type { JournalLine } from '../../domain/records';
import { loadPrevious } from '../../pipeline/reconcile/load';
import { scenario, tempDir, type VoucherIn } from './files';
import { config } from './helpers';
import { OPENING as ONE_OPENING, balanceSheet, bookTo, close, credit, fees, statement as oneStatement } from './monthEnd';
import { booking, CCB, CCB_LEDGER, closeOf, fen, feeBooking, ICBC, ICBC_LEDGER, onLedger, OPENING, statement, workbookOf } from './twoAccounts';

/**
 * A row whose amount is the sum of two groups of carried timing items closes neither when its turn
 * comes (无法确定核销哪一组); a later row of the month may then close one of the groups, or both. What
 * the tied row says and closes must be the month's final state: with one group left it closes that
 * group (as it would had it come second), with none it claims no tie.
 */


/** 余额调节表's inferred book balance (B11), in fen. */
async function inferredBook(rec: Reconciliation): Promise<number> {
  const { wb } = await workbookOf(rec);
  let out = NaN;
  wb.getWorksheet('余额调节表')!.eachRow((r) => {
    if (r.getCell(1).value === '按本表推算的账面余额') out = fen(r.getCell(2).value as number);
  });
  return out;
}

describe('a sum row tied between two groups, one of which a later row closes', () => {
  // December: finance books each account's fees before the bank charges them: ¥20 and ¥30 on the ICBC
  // 科目, ¥20 and ¥30 on the CCB 科目 (12-31). Both accounts are linked to their 科目 by four loans each.
  const decBank = [...statement(ICBC, [1, 2, 3, 4], '2026-12-10', OPENING.ICBC, 'icbc-12.csv'), ...statement(CCB, [11, 12, 13, 14], '2026-12-10', OPENING.CCB, 'ccb-12.csv')];
  const decBooks = [
    ...[1, 2, 3, 4].map((u) => booking(u, ICBC_LEDGER, '2026-12-10', 'journal-12.csv')),
    ...[11, 12, 13, 14].map((u) => booking(u, CCB_LEDGER, '2026-12-10', 'journal-12.csv')),
    feeBooking(ICBC_LEDGER, '2026-12-31', 'journal-12.csv', '20', '计提12月工行手续费'),
    feeBooking(ICBC_LEDGER, '2026-12-31', 'journal-12.csv', '30', '计提12月工行短信费'),
    feeBooking(CCB_LEDGER, '2026-12-31', 'journal-12.csv', '20', '计提12月建行手续费'),
    feeBooking(CCB_LEDGER, '2026-12-31', 'journal-12.csv', '30', '计提12月建行短信费'),
  ];
  // January: each bank charges its ¥50 as one row. CCB has no loans this month, so its account is
  // linked to no 科目 and its −50 (ccb-01.csv, first in the JSON order) fits both accounts' groups;
  // ICBC's −50 fits only the ICBC 科目's group and closes it.
  const icbcDec = closeOf(decBank.filter((b) => b.bank === 'ICBC'));
  const ccbDec = closeOf(decBank.filter((b) => b.bank === 'CCB'));
  const janBank = [...statement(CCB, [], '2027-01-10', ccbDec, 'ccb-01.csv', [{ date: '2027-01-02', amount: '-50', memo: '账户管理费' }]), ...statement(ICBC, [21, 22, 23, 24], '2027-01-10', icbcDec, 'icbc-01.csv', [{ date: '2027-01-03', amount: '-50', memo: '账户管理费' }])];
  const janBooks = [21, 22, 23, 24].map((u) => booking(u, ICBC_LEDGER, '2027-01-10', 'journal-01.csv'));
  const icbcJan = closeOf(janBank.filter((b) => b.bank === 'ICBC'));
  const ccbJan = closeOf(janBank.filter((b) => b.bank === 'CCB'));
  const febBank = [...statement(ICBC, [31, 32, 33, 34], '2027-02-10', icbcJan, 'icbc-02.csv'), ...statement(CCB, [41, 42, 43, 44], '2027-02-10', ccbJan, 'ccb-02.csv')];
  const febBooks = [...[31, 32, 33, 34].map((u) => booking(u, ICBC_LEDGER, '2027-02-10', 'journal-02.csv')), ...[41, 42, 43, 44].map((u) => booking(u, CCB_LEDGER, '2027-02-10', 'journal-02.csv'))];
  // The true book balance: the opening balances and every line on the two 科目.
  const trueBook = (...months: JournalLine[][]) => fen(OPENING.ICBC + OPENING.CCB) + months.reduce((t, m) => t + onLedger(m, ICBC_LEDGER) + onLedger(m, CCB_LEDGER), 0);

  it('the CCB row closes the CCB 科目’s ¥20 + ¥30 once ICBC’s row has closed ICBC’s: nothing is carried, and January and February infer the true book balance', async () => {
    const december = reconcile({ period: '2026-12', bank: decBank, finance: decBooks, rejected: [], config: config() });
    expect(openItems(december.engine).map((o) => [o.side, o.amount, o.ledger])).toEqual([
      ['finance', '-20.00', '1002.01'],
      ['finance', '-30.00', '1002.01'],
      ['finance', '-20.00', '1002.02'],
      ['finance', '-30.00', '1002.02'],
    ]);
    const carried = (await loadPrevious((await workbookOf(december)).file, '2027-01')).carried;
    const jan = reconcile({ period: '2027-01', bank: janBank, finance: janBooks, rejected: [], carried, config: config() });
    // Both banks charged what finance booked in December: nothing is left open.
    expect(openItems(jan.engine)).toEqual([]);
    const ccbFee = jan.engine.items.find((it) => it.bankCode === 'CCB' && it.amount.eq(-50))!;
    const closedBy = jan.engine.items.filter((it) => it.carried).map((it) => [it.fin?.accountCode ?? it.carried!.ledger, it.amount.toString(), it.note?.kind === 'notMortgage' ? it.note.timing?.bankCode : null]);
    expect(closedBy).toEqual([
      ['1002.01', '-20', 'ICBC'],
      ['1002.01', '-30', 'ICBC'],
      ['1002.02', '-20', 'CCB'],
      ['1002.02', '-30', 'CCB'],
    ]);
    const said = explain(ccbFee, jan.engine);
    expect(said.zh).toContain('合并核销上期(2026-12)结转的2笔跨期未达项，合计-¥50.00');
    expect(said.zh).not.toContain('无法确定核销哪一组');
    expect(ccbFee.note?.kind === 'notMortgage' && ccbFee.note.timingTie).toBeFalsy();
    // The statements: opening 3,000,000 + eight loans − 100 of fees; the books the same (the fees in December).
    expect(await inferredBook(jan)).toBe(trueBook(decBooks, janBooks));
    expect(trueBook(decBooks, janBooks)).toBe(fen(icbcJan + ccbJan));
    const carriedFeb = (await loadPrevious((await workbookOf(jan)).file, '2027-02')).carried;
    expect(carriedFeb).toEqual([]);
    const feb = reconcile({ period: '2027-02', bank: febBank, finance: febBooks, rejected: [], carried: carriedFeb, config: config() });
    expect(openItems(feb.engine)).toEqual([]);
    expect(await inferredBook(feb)).toBe(trueBook(decBooks, janBooks, febBooks));
  });
});


describe('a sum row tied between two months’ groups, both closed by a later row of their total', () => {
  it('December’s ¥20 + ¥30 and January’s ¥25 + ¥25 carried; February books −50, then −100: the −100 closes all four, and the −50 claims no tie', async () => {
    const dir = await tempDir();
    const months = [
      { period: '2026-12', bank: [credit('2026-12')[0], ...fees('2026-12', '-20', '-30')], fin: [credit('2026-12')[1]] },
      { period: '2027-01', bank: [credit('2027-01')[0], ...fees('2027-01', '-25', '-25')], fin: [credit('2027-01')[1]] },
      {
        period: '2027-02',
        bank: [credit('2027-02')[0]],
        fin: [credit('2027-02')[1], { voucher: '记-5', date: '2027-02-05', amount: '-50', summary: '支付手续费' }, { voucher: '记-6', date: '2027-02-06', amount: '-100', summary: '支付12月及1月手续费' }],
      },
    ];
    let bal = ONE_OPENING;
    let prev: string | null = null;
    const books: VoucherIn[] = [];
    let last: { s: Awaited<ReturnType<typeof scenario>>; book: number; lines: [string, string, string][] } | null = null;
    for (const m of months) {
      const rows = oneStatement(m.bank, bal);
      bal = close(rows);
      books.push(...m.fin);
      const s = await scenario({ dir: path.join(dir, m.period), period: m.period, bank: rows, finance: m.fin, args: prev ? ['--previous', prev] : [] });
      prev = s.out;
      last = { s, ...(await balanceSheet(s.out)) };
    }
    const feb = last!;
    // 记-5 is a fee the bank has not charged (yet): February's own timing item, carried to March.
    expect(feb.s.json.open.map((o) => [o.date, o.outcome, o.amount])).toEqual([['2027-02-05', 'MISSING_IN_BANK', '-50.00']]);
    expect(feb.s.fin('记-6').explanation.zh).toContain('合并核销2026-12起(已2个月)结转的4笔跨期未达项');
    const five = feb.s.fin('记-5');
    expect(five.outcome).toBe('NOT_MORTGAGE');
    expect(five.explanation.zh).not.toContain('无法确定核销哪一组');
    expect(five.explanation.en).not.toContain('none is closed');
    // Section 三: the four carried fees (−100) against 记-6 (−100); 记-5 is 企业已付银行未付 50. Statement: 1,000,000 + three credits of 200,000 − 100 = 1,599,900;
    // books: 1,000,000 + 600,000 − 150 = 1,599,850.
    expect(bal).toBe(1_599_900);
    expect(feb.book).toBe(fen(1_599_850));
    expect(feb.book).toBe(bookTo(books, '2027-02-31'));
  });
});
