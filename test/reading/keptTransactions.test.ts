import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import type { BankTransaction } from '../../domain/records';
import { Money } from '../../domain/money';
import { readBankFile, streamBankFile } from '../../pipeline/read';

/**
 * readBankFile keeps every transaction and shares repeated texts between them; streamBankFile
 * hands each one over and keeps nothing. Both must give the same transactions, and a split
 * 借方/贷方 amount must be exactly credit − debit however it is computed.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-kept-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HEADER = '凭证号,本方账号,对方账号,交易时间,借/贷,借方发生额,贷方发生额,对方行号,摘要,用途,对方单位名称,余额,个性化信息';

function icbcFile(name: string, rows: string[]): string {
  const text = ['中国工商银行对公账户明细', '账号：1202020209000012345', HEADER, ...rows].join('\r\n') + '\r\n';
  const file = path.join(dir, name);
  fs.writeFileSync(file, iconv.encode(text, 'gb18030'));
  return file;
}

function plain(tx: BankTransaction): unknown {
  return { ...tx, amount: tx.amount.toFixed(), amountNegative: tx.amount.isNegative(), balance: tx.balance?.toFixed() ?? null };
}

async function streamed(file: string): Promise<BankTransaction[]> {
  const out: BankTransaction[] = [];
  await streamBankFile(file, {}, (tx) => out.push(tx));
  return out;
}

describe('kept and streamed transactions', () => {
  it('readBankFile gives the same transactions as streamBankFile, over many chunks of a large file', async () => {
    const names = ['张三', '中国工商银行个人贷款中心', '某某市住房公积金管理中心'];
    const rows: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      const day = String(1 + Math.floor(i / 1000)).padStart(2, '0');
      const amount = `${(i * 37) % 5000}.${String(i % 100).padStart(2, '0')}`;
      const cols = i % 3 === 0 ? `借,${amount},` : `贷,,${amount}`;
      rows.push(`R${i},1202020209000012345,622202020000${i % 7},2026-11-${day} 10:${String(i % 60).padStart(2, '0')}:00,${cols},,个人住房贷款放款 ${i % 9}-1-${i % 30}01,,${names[i % 3]},${i}.5,`);
    }
    const file = icbcFile('many.csv', rows);
    const kept = await readBankFile(file);
    const flowing = await streamed(file);
    expect(kept.transactions.length).toBe(30_000);
    expect(kept.transactions.map(plain)).toEqual(flowing.map(plain));
    expect(kept.transactions[29_999]).toMatchObject({ date: '2026-11-30', time: '10:59:00', memo: '个人住房贷款放款 2-1-2901', counterpartyName: '某某市住房公积金管理中心', reference: 'R29999' });
  });

  it('a split amount is |credit| − |debit| (a minus printed in either column is no second sign): zeros keep their sign as (credit ?? 0) − (debit ?? 0) gives it, long numbers round to 40 digits', async () => {
    const cases: [string, string][] = [
      ['', '1,234.56'],
      ['50.00', ''],
      ['0.00', ''],
      ['', '0.00'],
      ['', '-0.00'],
      ['-0.00', ''],
      ['', '-12.50'],
      ['', '123456789012345678901234567890123456789012345.67'],
      ['123456789012345678901234567890123456789012345.67', ''],
      ['0.00', '0.00'],
      ['7.00', '0.00'],
    ];
    const file = icbcFile(
      'split.csv',
      cases.map(([debit, credit], i) => `R${i},1202020209000012345,,2026-11-03 10:22:13,贷,"${debit}","${credit}",,摘要,,张三,100.00,`),
    );
    const r = await readBankFile(file);
    expect(r.rejected).toEqual([]);
    const expected = cases.map(([debit, credit]) => {
      // A non-zero amount counts by its column whatever sign is printed (the balance, 100.00 on every row, cannot tell).
      const value = (t: string) => (t === '' ? null : new Money(t.replace(/,/g, '')));
      const size = (x: Money | null) => (x !== null && !x.isZero() ? x.abs() : x);
      const a = (size(value(credit)) ?? new Money(0)).minus(size(value(debit)) ?? new Money(0));
      return { amount: a.toFixed(), negative: a.isNegative() };
    });
    expect(r.transactions.map((t) => ({ amount: t.amount.toFixed(), negative: t.amount.isNegative() }))).toEqual(expected);
  });
});
