import fc from 'fast-check';
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { FLAGS, reconcile, rowResult, totalsJson, type ReconcileInput } from '../../domain/reconcile';
import type { RejectedRow } from '../../domain/records';
import { bank, config, journal, unit } from './helpers';

const UNITS = ['1-1-101', '1-1-102', '2-3-1501', '3-1-801'];
const NAMES = ['张三', '李四', '王五', '某市住房公积金管理中心'];
const AMOUNTS = ['100000', '250000', '350000', '600000', '12.34', '-5000', '0'];
const DATES = ['2026-10-31', '2026-11-01', '2026-11-03', '2026-11-05', '2026-11-30', '2026-12-01'];
const MEMOS = ['按揭放款', '结息', '手续费', '冲正', '首付款', '保证金退还', ''];

const bankRow = fc.record({
  file: fc.constantFrom('a.csv', 'b.xlsx'),
  unit: fc.option(fc.constantFrom(...UNITS)),
  name: fc.option(fc.constantFrom(...NAMES)),
  amount: fc.constantFrom(...AMOUNTS),
  date: fc.constantFrom(...DATES),
  memo: fc.constantFrom(...MEMOS),
  ref: fc.option(fc.constantFrom('R1', 'R2', 'R3', 'R4')),
  time: fc.option(fc.constantFrom('09:00:00', '15:00:00')),
});
const finRow = fc.record({
  unit: fc.option(fc.constantFrom(...UNITS)),
  name: fc.option(fc.constantFrom(...NAMES.slice(0, 3))),
  amount: fc.constantFrom(...AMOUNTS, '950000'),
  date: fc.constantFrom(...DATES),
  summary: fc.constantFrom('收按揭款', '收按揭款 R1', '结息', '补记', '冲销'),
  bankLine: fc.boolean(),
});
const rejectedRow = fc.record({ side: fc.constantFrom('bank' as const, 'finance' as const), file: fc.constantFrom('a.csv', 'j.xlsx') });

type Of<A> = A extends fc.Arbitrary<infer T> ? T : never;

function build(b: Of<typeof bankRow>[], f: Of<typeof finRow>[], rj: Of<typeof rejectedRow>[]): ReconcileInput {
  let row = 10;
  return {
    period: '2026-11',
    bank: b.map((x) => bank({ file: x.file, row: ++row, amount: x.amount, date: x.date, time: x.time, counterpartyName: x.name, memo: `${x.memo} ${x.unit ?? ''}`.trim(), reference: x.ref })),
    finance: f.map((x) => {
      const amt = new Decimal(x.amount);
      return journal({ row: ++row, debit: amt.gt(0) ? x.amount : '0', credit: amt.lt(0) ? amt.neg().toString() : '0', date: x.date, unitKey: x.unit, customer: x.name, summary: x.summary, isBankLine: x.bankLine });
    }),
    rejected: rj.map((x) => ({ side: x.side, row: { source: { file: x.file, sheet: '', row: ++row }, reason: { zh: '坏行', en: 'bad row' }, raw: [] } satisfies RejectedRow })),
    register: [unit({ unitKey: '1-1-101', buyer: '张三', commercial: '250000', provident: '100000', ratio: '0.1' }), unit({ unitKey: '2-3-1501', buyer: '李四', commercial: '600000' })],
    config: config(),
  };
}

describe('reconcile properties (fast-check, seeded)', () => {
  it('every input row appears exactly once, totals tie to the fen, pairs point at each other, and a re-run is identical', () => {
    fc.assert(
      fc.property(fc.array(bankRow, { maxLength: 25 }), fc.array(finRow, { maxLength: 25 }), fc.array(rejectedRow, { maxLength: 3 }), (b, f, rj) => {
        const input = build(b, f, rj);
        const rec = reconcile(input);
        const rows = rec.engine.items.map((it) => rowResult(it, rec.engine));
        const key = (r: { side: string; file: string; sheet: string; row: number }) => `${r.side}|${r.file}|${r.sheet}|${r.row}`;
        const expected = [
          ...input.bank.map((t) => key({ side: 'bank', ...t.source })),
          ...input.finance.filter((l) => l.isBankLine).map((l) => key({ side: 'finance', ...l.source })),
          ...input.rejected.map((r) => key({ side: r.side, ...r.row.source })),
        ].sort();
        expect(rows.map(key).sort()).toEqual(expected);

        const totals = totalsJson(rec.totals) as { bank: { rows: number; amount: string; byOutcome: Record<string, { rows: number; amount: string }> }; finance: { rows: number; amount: string; byOutcome: Record<string, { rows: number; amount: string }> } };
        const bankSum = input.bank.reduce((s, t) => s.plus(t.amount), new Decimal(0));
        const finSum = input.finance.filter((l) => l.isBankLine).reduce((s, l) => s.plus(l.debit).minus(l.credit), new Decimal(0));
        expect(totals.bank.amount).toBe(bankSum.toFixed(2));
        expect(totals.finance.amount).toBe(finSum.toFixed(2));
        for (const side of [totals.bank, totals.finance]) {
          const parts = Object.values(side.byOutcome);
          expect(parts.reduce((n, p) => n + p.rows, 0)).toBe(side.rows);
          expect(parts.reduce((s, p) => s.plus(p.amount), new Decimal(0)).toFixed(2)).toBe(side.amount);
        }

        const byKey = new Map(rows.map((r) => [key(r), r]));
        for (const r of rows) {
          expect(r.outcome).toBe(r.flags.find((fl) => !['LATE_BOOKING', 'DEPOSIT_WITHHELD', 'SPLIT_MATCH'].includes(fl)) ?? 'MATCHED');
          expect(FLAGS.filter((fl) => r.flags.includes(fl))).toEqual(r.flags);
          if (r.rule && r.outcome !== 'AMBIGUOUS') for (const c of r.counterparts) expect(byKey.get(key(c))!.counterparts.map(key)).toContain(key(r));
          if (r.outcome === 'UNPARSEABLE') expect(r.counterparts).toEqual([]);
        }
        const again = reconcile(input);
        expect(JSON.stringify(again.engine.items.map((it) => rowResult(it, again.engine)))).toBe(JSON.stringify(rows));
      }),
      { seed: 20261130, numRuns: 150 },
    );
  });
});
