import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { bankProfiles, readBankFile, type BankProfile } from '../../pipeline/read';
import { writeStatement, type StatementRow } from '../../pipeline/write/statements';

/**
 * Round trip: random records written in each layout and read back are identical — as far as
 * the layout carries the field (a layout without a reference column reads reference null).
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-rt-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const pad = (n: number) => String(n).padStart(2, '0');
const chinese = fc.constantFrom(...'张王李赵某置业有限公司银行按揭款首付监管户栋单元室'.split(''));
const word = fc.array(fc.oneof(chinese, fc.constantFrom('A', 'b', '3', '-', ' ', ',', '"', '（', '）', '#', '\n')), { minLength: 1, maxLength: 16 })
  .map((a) => a.join('').trim())
  .filter((s) => s.length > 0 && !/^[-/]+$/.test(s) && !/[0-9*]$/.test(s) && !/^(合计|总计|小计|累计|注：|说明：|备注：)/.test(s) && !/^[-+]/.test(s));
const nameArb = fc.option(word.filter((s) => !s.includes('\n')), { nil: null });
const accountArb = fc.option(fc.stringMatching(/^[1-9][0-9]{5,18}$/), { nil: null });
const refArb = fc.option(fc.stringMatching(/^[A-Z][A-Z0-9]{3,12}$/), { nil: null });
const money = (max: number) => fc.bigInt({ min: BigInt(-max), max: BigInt(max) }).map((f) => new Decimal(f.toString()).div(100));

const rowArb: fc.Arbitrary<StatementRow> = fc.record({
  day: fc.integer({ min: 0, max: 299 }),
  time: fc.option(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 })), { nil: null }),
  amount: money(99_999_999_999),
  counterpartyName: nameArb,
  counterpartyAccount: accountArb,
  memo: fc.option(word, { nil: null }),
  reference: refArb,
  balance: fc.option(money(99_999_999_999), { nil: null }),
}).map((r) => {
  const d = new Date(Date.UTC(2026, 0, 1) + r.day * 86400000);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: r.time ? `${pad(r.time[0])}:${pad(r.time[1])}:${pad(r.time[2])}` : null,
    amount: r.amount,
    currency: 'CNY',
    counterpartyName: r.counterpartyName,
    counterpartyAccount: r.counterpartyAccount,
    memo: r.memo,
    reference: r.reference,
    balance: r.balance,
  };
});

/** What the layout can carry of a record. */
function expected(p: BankProfile, t: StatementRow) {
  const c = p.columns;
  const a = c.amount;
  const hasName = !!(c.counterpartyName || c.counterparty);
  const hasAcct = !!(c.counterpartyAccount || c.counterparty);
  let memo = c.memo.length ? (t.memo ?? null) : null;
  if (a.kind === 'direction' && c.memo.length && JSON.stringify(c.memo[0]) === JSON.stringify(a.direction)) {
    const w = t.amount.isNegative() && !t.amount.isZero() ? a.debit[0] : a.credit[0];
    memo = t.memo ? `${w} ${t.memo}` : w;
  }
  return {
    date: t.date,
    time: c.time ? (t.time ?? null) : null,
    amount: t.amount.isZero() ? '0.00' : t.amount.toFixed(2),
    currency: 'CNY',
    counterpartyName: hasName ? (t.counterpartyName ?? null) : null,
    counterpartyAccount: hasAcct ? (t.counterpartyAccount ?? null) : null,
    memo,
    reference: c.reference ? (t.reference ?? null) : null,
    balance: c.balance && t.balance ? t.balance.toFixed(2) : null,
  };
}

describe('write → read round trip in every layout', () => {
  for (const p of bankProfiles()) {
    it(`${p.id} (${p.format}${p.format === 'csv' ? `, ${p.encoding}` : ''})`, async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 8 }), async (rows) => {
          const file = path.join(dir, `${p.id}-${n++}.${p.format}`);
          await writeStatement(p.id, rows, { out: file, account: '1202020209000012345', accountName: '某某置业有限公司' });
          const r = await readBankFile(file);
          expect(r.profile).toBe(p.id);
          expect(r.rejected).toEqual([]);
          const got = r.transactions.map((t) => ({
            date: t.date,
            time: t.time,
            amount: t.amount.isZero() ? '0.00' : t.amount.toFixed(2),
            currency: t.currency,
            counterpartyName: t.counterpartyName,
            counterpartyAccount: t.counterpartyAccount,
            memo: t.memo,
            reference: t.reference,
            balance: t.balance ? t.balance.toFixed(2) : null,
          }));
          expect(got).toEqual(rows.map((t) => expected(p, t)));
          expect(r.warnings.filter((w) => w.en.includes('totals line'))).toEqual([]);
          fs.rmSync(file, { force: true });
        }),
        { numRuns: p.format === 'xlsx' ? 6 : 12, seed: 20261123 },
      );
    });
  }
});
