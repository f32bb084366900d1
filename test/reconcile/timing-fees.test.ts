import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenario, tempDir, type BankIn, type VoucherIn } from './files';
import { OPENING, balanceSheet, bookTo, statement } from './monthEnd';

/**
 * A bank fee or interest recorded on the statement on one side of the month's end and in the books on
 * the other (charged 12-31, booked 01-02). Section 三 of 余额调节表 explains December's difference;
 * January must not show it again as a difference of its own: December carries the row as a timing
 * item, January closes it against the booking, and each 余额调节表 infers the true book balance
 * (opening + every 银行存款 line up to the month's end).
 */
const close = (rows: readonly BankIn[]): number => Number(rows[rows.length - 1].balance);

// A mortgage credit each month, booked the same day, so each month has pairs too.
const K1 = { ref: 'K1', date: '2026-12-29', time: '10:00:00', amount: '80000', name: '癸', memo: '1-1-109按揭' };
const K1_FIN: VoucherIn = { voucher: '记-3', date: '2026-12-29', amount: '80000', customer: '癸', unit: '1-1-109' };
const G1 = { ref: 'G1', date: '2027-01-20', time: '10:00:00', amount: '200000', name: '庚', memo: '1-1-107按揭' };
const G1_FIN: VoucherIn = { voucher: '记-2', date: '2027-01-20', amount: '200000', customer: '庚', unit: '1-1-107' };

describe('a bank fee charged 12-31 and booked 01-02', () => {
  const decBank = statement([K1, { ref: 'F1', date: '2026-12-31', time: '16:00:00', amount: '-50', memo: '账户管理费 手续费' }], OPENING);
  const janBank = statement([G1], close(decBank));
  const janFin: VoucherIn[] = [{ voucher: '记-1', date: '2027-01-02', amount: '-50', summary: '支付12月银行手续费' }, G1_FIN];

  it('is carried into January as December’s timing item and closed there by the booking: January’s 余额调节表 ties', async () => {
    const dir = await tempDir();
    const dec = await scenario({ dir: path.join(dir, '12'), period: '2026-12', bank: decBank, finance: [K1_FIN] });
    expect(dec.bank('F1').outcome).toBe('NOT_MORTGAGE');
    expect(dec.json.open.map((o) => [o.side, o.outcome, o.amount, o.date])).toEqual([['bank', 'MISSING_IN_FINANCE', '-50.00', '2026-12-31']]);
    const d = await balanceSheet(dec.out);
    expect(d.book).toBe(bookTo([K1_FIN], '2026-12-31'));
    expect(d.lines.find(([, at]) => at.startsWith(`工行.csv ${dec.bank('F1').row}（`))![2]).toContain('结转下期');

    const jan = await scenario({ dir: path.join(dir, '01'), period: '2027-01', bank: janBank, finance: janFin, args: ['--previous', dec.out] });
    expect(jan.json.open).toEqual([]);
    const carried = jan.json.rows.find((r) => r.file === '2026-12/工行.csv')!;
    const booking = jan.fin('记-1');
    // Each names the other (set aside, not a match: no counterparts).
    expect(carried.outcome).toBe('NOT_MORTGAGE');
    expect(carried.explanation.zh).toContain(`序时账.xlsx[序时账] 第${booking.row}行`);
    expect(booking.outcome).toBe('NOT_MORTGAGE');
    expect(booking.explanation.zh).toContain(`2026-12/工行.csv 第${carried.row}行`);
    const { book, lines } = await balanceSheet(jan.out);
    expect(book).toBe(bookTo([K1_FIN, ...janFin], '2027-01-31'));
    const line = lines.find(([, at]) => at.startsWith('2026-12/工行.csv'))!;
    expect(line[2]).toContain('本期核销');
    expect(line[2]).toContain(`序时账.xlsx 序时账!${booking.row}（2027-01-02）`);
  });

  it('still unbooked in January: stays open, 银行已付企业未付, carried on, and January still ties', async () => {
    const dir = await tempDir();
    const dec = await scenario({ dir: path.join(dir, '12'), period: '2026-12', bank: decBank, finance: [K1_FIN] });
    const jan = await scenario({ dir: path.join(dir, '01'), period: '2027-01', bank: janBank, finance: [G1_FIN], args: ['--previous', dec.out] });
    expect(jan.json.open.map((o) => [o.outcome, o.amount, o.period])).toEqual([['MISSING_IN_FINANCE', '-50.00', '2026-12']]);
    const { book, lines } = await balanceSheet(jan.out);
    expect(book).toBe(bookTo([K1_FIN, G1_FIN], '2027-01-31'));
    expect(lines.find(([, at]) => at.startsWith('2026-12/工行.csv'))![0]).toBe('银行已付企业未付');
  });

  it('in a January statement that starts in December (the fee row exported again): closed once, and January ties', async () => {
    const dir = await tempDir();
    const dec = await scenario({ dir: path.join(dir, '12'), period: '2026-12', bank: decBank, finance: [K1_FIN] });
    // This month's file sorts after the carried "2026-12/工行.csv", or before it ("0工行.csv": its row then stands in for the item).
    for (const file of ['工行.csv', '0工行.csv']) {
      for (const fin of [janFin, [G1_FIN]]) {
        const jan = await scenario({ dir: path.join(dir, `${file}-${fin.length}`), period: '2027-01', bank: { [file]: [...decBank, ...janBank] }, finance: fin, args: ['--previous', dec.out] });
        const booked = fin === janFin;
        expect(jan.json.open.map((o) => [o.outcome, o.amount, o.period]), `${file} ${booked}`).toEqual(booked ? [] : [['MISSING_IN_FINANCE', '-50.00', '2026-12']]);
        expect((await balanceSheet(jan.out)).book, `${file} ${booked}`).toBe(bookTo([K1_FIN, ...fin], '2027-01-31'));
      }
    }
  });

  it('booked the same month is not carried (section 三 balances it), nor the month’s fees booked as one sum', async () => {
    const fin: VoucherIn[] = [K1_FIN, { voucher: '记-4', date: '2026-12-31', amount: '-50', summary: '支付银行手续费' }];
    const dec = await scenario({ period: '2026-12', bank: decBank, finance: fin });
    expect(dec.json.open).toEqual([]);
    const fees = statement([K1, { ref: 'F2', date: '2026-12-20', amount: '-20', memo: '手续费' }, { ref: 'F3', date: '2026-12-31', amount: '-30', memo: '短信费' }], OPENING);
    const sum = await scenario({ period: '2026-12', bank: fees, finance: fin });
    expect(sum.json.open).toEqual([]);
  });
});

describe('interest booked 12-31 and credited by the bank 01-02 (the reverse, money in)', () => {
  it('is carried as the booking’s timing item and closed by January’s credit: both months tie', async () => {
    const dir = await tempDir();
    const decFin: VoucherIn[] = [K1_FIN, { voucher: '记-4', date: '2026-12-31', amount: '12.34', summary: '计提12月利息收入' }];
    const decBank = statement([K1], OPENING);
    const dec = await scenario({ dir: path.join(dir, '12'), period: '2026-12', bank: decBank, finance: decFin });
    expect(dec.json.open.map((o) => [o.side, o.outcome, o.amount])).toEqual([['finance', 'MISSING_IN_BANK', '12.34']]);
    expect((await balanceSheet(dec.out)).book).toBe(bookTo(decFin, '2026-12-31'));
    const janBank = statement([{ ref: 'I1', date: '2027-01-02', time: '09:00:00', amount: '12.34', memo: '结息' }, G1], close(decBank));
    const jan = await scenario({ dir: path.join(dir, '01'), period: '2027-01', bank: janBank, finance: [G1_FIN], args: ['--previous', dec.out] });
    expect(jan.json.open).toEqual([]);
    expect(jan.bank('I1').explanation.zh).toContain('2026-12/序时账.xlsx[序时账] 第');
    expect((await balanceSheet(jan.out)).book).toBe(bookTo([...decFin, G1_FIN], '2027-01-31'));
  });
});
