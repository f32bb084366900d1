import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reconcile, rowResult } from '../../domain/reconcile';
import { scenario, tempDir, type BankIn, type VoucherIn } from './files';
import { bank, config, journal } from './helpers';
import { OPENING, balanceSheet, fen, statement } from './monthEnd';

/**
 * Finance's system exports one 凭证字号 in another spelling from one month to the next (Kingdee's
 * 记-0005 in November, 记-5 in December's export from 11-25). A booking carried in from November
 * (--previous) and its own line exported again in December are one line, not two bookings.
 */
const D: Omit<BankIn, 'balance'> = { ref: 'D1210', date: '2026-12-10', time: '10:00:00', amount: '200000', name: '丙', memo: '1-1-103按揭' };
const bookD: VoucherIn = { voucher: '记-3', date: '2026-12-10', amount: '200000', customer: '丙', unit: '1-1-103' };

describe('a carried booking whose line December exports again with its 凭证字号 spelt differently', () => {
  it('an open booking (企业已收银行未收) re-exported as 记-5 after 记-0005 is the carried line: closed once by December’s credit, not open again', async () => {
    // November: 辛's ¥50,000 booked 记-0005 on 11-30, not yet credited: open, carried.
    const dir = await tempDir();
    const v5: VoucherIn = { voucher: '记-0005', date: '2026-11-30', amount: '50000', customer: '辛', unit: '1-1-109' };
    const s11 = await scenario({ dir: path.join(dir, '2026-11'), period: '2026-11', bank: statement([], OPENING), finance: [v5] });
    expect(s11.json.open.map((o) => [o.side, o.date, o.amount, o.outcome])).toEqual([['finance', '2026-11-30', '50000.00', 'MISSING_IN_BANK']]);
    // December: the bank credits it on 12-05; the journal, exported from 11-25, holds the line again as 记-5.
    const C: Omit<BankIn, 'balance'> = { ref: 'C1205', date: '2026-12-05', time: '10:00:00', amount: '50000', name: '辛', memo: '1-1-109按揭' };
    for (const spelling of ['记-5', '记字第5号', '记－０００５']) {
      const s12 = await scenario({ dir: path.join(dir, `2026-12-${spelling}`), period: '2026-12', bank: statement([C, D], OPENING), finance: [{ ...v5, voucher: spelling }, bookD], args: ['--previous', s11.out] });
      // One booking, one credit: nothing open, the credit matched once.
      expect(s12.json.open, spelling).toEqual([]);
      expect(s12.bank('C1205').outcome, spelling).toBe('MATCHED');
      // The line exported again is the carried booking's own line: a DUPLICATE_FINANCE of it, in no balance.
      expect(s12.fin(spelling).outcome, spelling).toBe('DUPLICATE_FINANCE');
      // Statement 1,250,000 (1,000,000 + C + D); books 1,250,000 (记-5 once, 记-3).
      const { book } = await balanceSheet(s12.out);
      expect(book, spelling).toBe(fen(1_250_000));
    }
    // Spelt the same both months, as before: the same outcome.
    const same = await scenario({ dir: path.join(dir, '2026-12-same'), period: '2026-12', bank: statement([C, D], OPENING), finance: [v5, bookD], args: ['--previous', s11.out] });
    expect(same.json.open).toEqual([]);
    expect(same.fin('记-0005').outcome).toBe('DUPLICATE_FINANCE');
    // 收-5 and 记-50 of the same date, amount, unit and 摘要 are other vouchers, posted after November's run:
    // booked a second time, not the carried line, so each is carried as 重复入账待冲销.
    for (const other of ['收-5', '记-50']) {
      const s12 = await scenario({ dir: path.join(dir, `2026-12-${other}`), period: '2026-12', bank: statement([C, D], OPENING), finance: [{ ...v5, voucher: other }, bookD], args: ['--previous', s11.out] });
      expect(s12.bank('C1205').outcome, other).toBe('MATCHED');
      expect(s12.fin(other).flags, other).toEqual(['DUPLICATE_FINANCE', 'OUT_OF_PERIOD']);
      expect(s12.json.open.map((o) => [o.date, o.amount, o.text]), other).toEqual([['2026-11-30', '50000.00', '重复入账待冲销 booked twice: 收1-1-109辛按揭款']]);
    }
  });

  it('a booking entered twice (重复入账待冲销, 记-0007) exported again as 记-7 is its own line again, not a line reconciled last month', async () => {
    // November: 甲's ¥200,000 credit of 11-20, booked 记-0006 and again 记-0007 (carried as 重复入账待冲销).
    const credit: Omit<BankIn, 'balance'> = { ref: 'A1120', date: '2026-11-20', time: '10:00:00', amount: '200000', name: '甲', memo: '1-1-101按揭' };
    const v6: VoucherIn = { voucher: '记-0006', date: '2026-11-20', amount: '200000', customer: '甲', unit: '1-1-101' };
    const v7: VoucherIn = { ...v6, voucher: '记-0007', date: '2026-11-25' };
    const dir = await tempDir();
    const s11 = await scenario({ dir: path.join(dir, '2026-11'), period: '2026-11', bank: statement([credit], OPENING), finance: [v6, v7] });
    expect(s11.json.open.map((o) => [o.date, o.text])).toEqual([['2026-11-25', '重复入账待冲销 booked twice: 收1-1-101甲按揭款']]);
    // December's journal from 11-25 holds 记-7 again, spelt 记-7.
    const s12 = await scenario({ dir: path.join(dir, '2026-12'), period: '2026-12', bank: statement([D], OPENING + 200_000), finance: [{ ...v7, voucher: '记-7' }, bookD], args: ['--previous', s11.out] });
    // The carried booking's own line exported again: a repeat of it, in no balance; the surplus entry stays open once until its 冲销.
    expect(s12.fin('记-7').flags).toEqual(['DUPLICATE_FINANCE', 'OUT_OF_PERIOD']);
    expect(s12.json.open.map((o) => [o.date, o.amount, o.text])).toEqual([['2026-11-25', '200000.00', '重复入账待冲销 booked twice: 收1-1-101甲按揭款']]);
  });
});

describe('a 冲销 quoting the voucher it reverses in another spelling of its 凭证字号', () => {
  // 甲's ¥200,000 credit, booked 记-0004; 乙's ¥200,000 booked in error (no credit), reversed by a line that names
  // no unit or customer, only the voucher: the quote alone tells which of the two bookings it cancels.
  const A: Omit<BankIn, 'balance'> = { ref: 'A1110', date: '2026-11-10', time: '10:00:00', amount: '200000', name: '甲', memo: '1-1-101按揭' };
  const v4: VoucherIn = { voucher: '记-0004', date: '2026-11-10', amount: '200000', customer: '甲', unit: '1-1-101' };
  const run = async (voucher: string, quote: string) => {
    const wrong: VoucherIn = { voucher, date: '2026-11-12', amount: '200000', customer: '乙', unit: '1-1-102' };
    const reversal: VoucherIn = { voucher: '记-0009', date: '2026-11-20', amount: '-200000', summary: `${quote} 错账` };
    return scenario({ period: '2026-11', bank: statement([A], OPENING), finance: [v4, wrong, reversal] });
  };

  it('cancels that booking whichever way the journal and the 摘要 spell it: nothing open', async () => {
    for (const [voucher, quote] of [
      ['记－０００５', '冲销记-5'],
      ['记-0005', '冲销记－０００５'],
      ['记-0005', '冲销11月记－５'],
      ['记－０００５', '冲销１１月记字第５号'],
      ['记-0005', '冲销记-0005'],
    ]) {
      const s = await run(voucher, quote);
      const what = `${voucher} / ${quote}`;
      expect(s.fin(voucher).outcome, what).toBe('REVERSED');
      expect(s.fin('记-0009').outcome, what).toBe('REVERSED');
      expect(s.fin(voucher).counterparts.map((c) => c.row), what).toEqual([s.fin('记-0009').row]);
      expect(s.bank('A1110').outcome, what).toBe('MATCHED');
      expect(s.json.open, what).toEqual([]);
    }
  });

  it('does not cancel a voucher of another word, number or month: the erroneous booking stays open (企业已收银行未收)', async () => {
    for (const quote of ['冲销收-5', '冲销记-50', '冲销记－５０', '冲销10月记-5']) {
      const s = await run('记-0005', quote);
      expect(s.fin('记-0005').outcome, quote).toBe('MISSING_IN_BANK');
      expect(s.fin('记-0009').counterparts, quote).toEqual([]);
      expect(s.json.open.map((o) => [o.side, o.date, o.amount]), quote).toEqual([['finance', '2026-11-12', '200000.00']]);
    }
  });
});

describe('a voucher that books the withheld deposit on a 保证金 account beside its bank line', () => {
  // 孙八's ¥800,000 loan, credited ¥760,000 net; the voucher books ¥760,000 on the bank and ¥40,000 on 其他应收款-按揭保证金.
  const run = (bankVoucher: string, depositVoucher: string) => {
    const credit = bank({ row: 2, reference: 'B001', amount: '760000', counterpartyName: '孙八', memo: '1-2-501放款' });
    const onBank = journal({ row: 2, voucher: bankVoucher, debit: '760000', unitKey: '1-2-501', customer: '孙八' });
    const deposit = journal({ row: 3, voucher: depositVoucher, debit: '40000', accountCode: '1221.01', accountName: '其他应收款-按揭保证金', isBankLine: false, unitKey: '1-2-501', customer: '孙八' });
    const rec = reconcile({ period: '2026-11', bank: [credit], finance: [onBank, deposit], rejected: [], config: config() });
    return (side: 'bank' | 'finance') => rowResult(rec.engine.items.find((it) => it.side === side)!, rec.engine);
  };

  it('is read as the deposit withheld (DEPOSIT_WITHHELD, ¥40,000 of a ¥800,000 loan) however each line spells the 凭证字号', () => {
    for (const [onBank, onDeposit] of [
      ['记-0001', '记-0001'],
      ['记-0001', '记-1'],
      ['记－０００１', '记字第1号'],
    ]) {
      const row = run(onBank, onDeposit);
      for (const side of ['bank', 'finance'] as const) {
        expect(row(side).outcome, `${onBank} / ${onDeposit}`).toBe('MATCHED');
        expect(row(side).flags, `${onBank} / ${onDeposit}`).toEqual(['DEPOSIT_WITHHELD']);
      }
      expect(row('bank').explanation.zh, `${onBank} / ${onDeposit}`).toContain('¥40,000.00');
    }
  });

  it('a 保证金 line of another voucher (收-1, 记-10) is not this booking’s deposit', () => {
    for (const other of ['收-1', '记-10']) expect(run('记-0001', other)('bank').flags, other).toEqual([]);
  });
});
