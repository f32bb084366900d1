import fc from 'fast-check';
import Decimal from 'decimal.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { factorsOf, openItems, reconcile, rowResult, seenRows, totalsJson, type CarriedItem, type Item, type ReconcileInput, type Reconciliation } from '../../domain/reconcile';
import type { RejectedRow } from '../../domain/records';
import { ByteChunks } from '../../pipeline/io/byteChunks';
import { factorCode, factorCodeOf } from '../../domain/reconcile/explain';
import { RowJsonEncoder, writeReconcileJson } from '../../pipeline/reconcile/json';
import { BATCH_ROWS } from '../../pipeline/reconcile/jsonRows';
import { Worker } from 'node:worker_threads';
import { maskText } from '../../pipeline/reconcile/pii';
import { bank, config, journal, unit } from './helpers';

/**
 * The JSON writer builds each row's text from cached, pre-escaped pieces instead of
 * JSON.stringify(rowResult(…)). Other tools read that file byte for byte, so it must give exactly
 * the text JSON.stringify gives — for names that need escaping as much as for plain ones.
 */

// Characters JSON escapes or that are easy to get wrong: quotes, backslashes, control characters,
// line and paragraph separators, an emoji (a surrogate pair), a lone surrogate, Chinese, and the
// characters the explanations are cut at (第, 行, [, ]).
const tricky = fc.constantFrom('"', '\\', '\n', '\r', '\t', '\u0000', '\u001f', '\u007f', '\u2028', '\u2029', '😀', '\ud800', '\udc00', '张', '第', '行', '[', ']', '/', ' ', 'a', '1');
const text = (maxLength: number) => fc.string({ unit: fc.oneof(tricky, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength });
const name = text(6).map((s) => s || '无名');

const UNITS = ['1-1-101', '1-1-102', '2-3-1501'];
const AMOUNTS = ['100000', '225000', '250000', '350000', '600000', '-5000', '0', '950000'];
const DATES = ['2026-10-31', '2026-11-01', '2026-11-03', '2026-11-06', '2026-12-01'];

const bankRow = fc.record({
  file: name,
  sheet: fc.oneof(fc.constant(''), name),
  unit: fc.option(fc.constantFrom(...UNITS)),
  name: fc.option(fc.oneof(fc.constantFrom('张三', '李四'), name)),
  amount: fc.constantFrom(...AMOUNTS),
  date: fc.constantFrom(...DATES),
  memo: fc.oneof(fc.constantFrom('按揭放款', '结息', '冲正', '保证金退还'), text(8)),
  ref: fc.option(fc.oneof(fc.constantFrom('R1', 'R2'), name)),
});
const finRow = fc.record({
  file: fc.oneof(fc.constant('序时账.xlsx'), name),
  unit: fc.option(fc.constantFrom(...UNITS)),
  name: fc.option(fc.oneof(fc.constantFrom('张三', '李四'), name)),
  amount: fc.constantFrom(...AMOUNTS),
  date: fc.constantFrom(...DATES),
  summary: fc.oneof(fc.constantFrom('收按揭款', '收按揭款 R1', '冲销'), text(8)),
});
const rejectedRow = fc.record({ side: fc.constantFrom('bank' as const, 'finance' as const), file: name, reason: text(12), column: fc.option(fc.constantFrom('A', 'F')) });
const carriedRow = fc.record({ side: fc.constantFrom('bank' as const, 'finance' as const), file: name, amount: fc.constantFrom(...AMOUNTS), unit: fc.option(fc.constantFrom(...UNITS)), text: text(10) });

type Of<A> = A extends fc.Arbitrary<infer T> ? T : never;

function build(b: Of<typeof bankRow>[], f: Of<typeof finRow>[], rj: Of<typeof rejectedRow>[], cr: Of<typeof carriedRow>[]): ReconcileInput {
  let row = 1;
  return {
    period: '2026-11',
    bank: b.map((x) => {
      const t = bank({ row: ++row, amount: x.amount, date: x.date, counterpartyName: x.name, memo: `${x.memo} ${x.unit ?? ''}`, reference: x.ref });
      return { ...t, source: { file: x.file, sheet: x.sheet, row: t.source.row } };
    }),
    finance: f.map((x) => {
      const amt = new Decimal(x.amount);
      return journal({ file: x.file, row: ++row, debit: amt.gt(0) ? x.amount : '0', credit: amt.lt(0) ? amt.neg().toString() : '0', date: x.date, unitKey: x.unit, customer: x.name, summary: x.summary });
    }),
    rejected: rj.map((x) => ({ side: x.side, row: { source: { file: x.file, sheet: '', row: ++row }, reason: { zh: x.reason, en: x.reason }, column: x.column ?? undefined, raw: [] } satisfies RejectedRow })),
    carried: cr.map(
      (x): CarriedItem => ({
        side: x.side,
        file: `2026-10/${x.file}`,
        sheet: '',
        row: ++row,
        period: '2026-10',
        outcome: x.side === 'bank' ? 'MISSING_IN_FINANCE' : 'MISSING_IN_BANK',
        date: '2026-10-30',
        time: null,
        amount: new Decimal(x.amount),
        reference: null,
        unit: x.unit,
        name: null,
        text: x.text,
        bank: x.side === 'bank' ? 'ICBC' : null,
      }),
    ),
    register: [unit({ unitKey: '1-1-101', buyer: '张三', commercial: '250000', provident: '100000', ratio: '0.1' }), unit({ unitKey: '2-3-1501', buyer: '李四', commercial: '600000' })],
    config: config(),
  };
}

const inputs = fc.tuple(fc.array(bankRow, { maxLength: 20 }), fc.array(finRow, { maxLength: 20 }), fc.array(rejectedRow, { maxLength: 3 }), fc.array(carriedRow, { maxLength: 3 }));

/** The document as the writer made it before it was optimised: one JSON.stringify per object. */
function referenceDocument(rec: Reconciliation): string {
  const rows = rec.engine.items.map((it) => JSON.stringify(rowResult(it, rec.engine)));
  const open = openItems(rec.engine).map((o) => JSON.stringify({ ...o, text: maskText(o.text, false) }));
  return (
    `{"period":${JSON.stringify(rec.engine.period)},"rows":[` +
    rows.map((r) => '\n' + r).join(',') +
    `\n],\n"totals":${JSON.stringify(totalsJson(rec.totals))},\n"open":[` +
    open.map((o) => '\n' + o).join(',') +
    (open.length ? '\n]' : ']') +
    `,\n"seen":${JSON.stringify(seenRows(rec.engine, 'bank'))},\n"seenFinance":${JSON.stringify(seenRows(rec.engine, 'finance'))}}\n`
  );
}

/** What write() appends for one row, through Buffers small enough that rows straddle them. */
function rowBytes(encoder: RowJsonEncoder, it: Item): string {
  const chunks: Buffer[] = [];
  const out = new ByteChunks(64, (c, done) => {
    chunks.push(Buffer.from(c));
    done();
  });
  encoder.write(it, out);
  out.finish();
  return Buffer.concat(chunks).toString('utf8');
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-json-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('reconcile JSON writer', () => {
  it('writes each row exactly as JSON.stringify(rowResult) would, for names full of quotes, backslashes, control characters, emoji and Chinese', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(inputs, ([b, f, rj, cr]) => {
        const rec = reconcile(build(b, f, rj, cr));
        const encoder = new RowJsonEncoder(rec.engine);
        for (const it of rec.engine.items) {
          const expected = rowResult(it, rec.engine);
          expect(rowBytes(encoder, it)).toBe(JSON.stringify(expected));
          expect(encoder.text(it)).toBe(JSON.stringify(expected));
          seen.add(expected.outcome);
          for (const flag of expected.flags) seen.add(flag);
          if (it.carried && expected.outcome === 'MATCHED') seen.add('carried and matched');
        }
      }),
      { seed: 20261123, numRuns: 300 },
    );
    // The generated months reach both the cached path (plain matches) and every other kind of sentence.
    expect([...seen].sort()).toEqual(
      ['AMBIGUOUS', 'AMOUNT_MISMATCH', 'DEPOSIT_WITHHELD', 'DUPLICATE_BANK', 'DUPLICATE_FINANCE', 'LATE_BOOKING', 'MATCHED', 'MISSING_IN_BANK', 'MISSING_IN_FINANCE', 'NOT_MORTGAGE', 'OUT_OF_PERIOD', 'REVERSED', 'SPLIT_MATCH', 'UNPARSEABLE', 'WRONG_UNIT', 'carried and matched'],
    );
  });

  it('writes a plain match of a unit the register repeats on rows that disagree as JSON.stringify(rowResult) does: with the rows named, not the cached sentence', () => {
    let noted = 0;
    fc.assert(
      fc.property(inputs, ([b, f, rj, cr]) => {
        const input = build(b, f, rj, cr);
        // 1-1-101 again, its 商贷金额 otherwise; 2-3-1501 is not repeated.
        const rec = reconcile({ ...input, register: [...input.register!, unit({ unitKey: '1-1-101', buyer: '张三', commercial: '350000', provident: '100000', ratio: '0.1' })] });
        const encoder = new RowJsonEncoder(rec.engine);
        for (const it of rec.engine.items) {
          const expected = rowResult(it, rec.engine);
          expect(rowBytes(encoder, it)).toBe(JSON.stringify(expected));
          if (expected.outcome === 'MATCHED' && !expected.flags.length && expected.explanation.zh.includes('商贷金额不一致')) noted++;
        }
      }),
      { seed: 20261126, numRuns: 200 },
    );
    expect(noted).toBeGreaterThan(0);
  });

  it('numbers each row\'s factors without building them exactly as factorCode(factorsOf(row)) does, for every kind of row', () => {
    const codes = new Set<number>();
    fc.assert(
      fc.property(inputs, fc.constantFrom(0, 1, 3, 7), ([b, f, rj, cr], window) => {
        const rec = reconcile(build(b, f, rj, cr));
        for (const it of rec.engine.items) {
          const expected = factorCode(factorsOf(it, window));
          expect(factorCodeOf(it, window)).toBe(expected);
          codes.add(expected);
        }
      }),
      { seed: 20261125, numRuns: 300 },
    );
    // Rows without factors, and pairs that agree, differ and cannot tell on several factors.
    expect(codes.size).toBeGreaterThan(8);
    expect(codes.has(factorCode(null))).toBe(true);
  });

  it('writes the whole document byte for byte as before: period, one row per line, totals, open items', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async ([b, f, rj, cr]) => {
        const rec = reconcile(build(b, f, rj, cr));
        const file = path.join(dir, 'report.json');
        await writeReconcileJson(file, rec);
        expect(fs.readFileSync(file, 'utf8')).toBe(referenceDocument(rec));
      }),
      { seed: 20261124, numRuns: 60 },
    );
  });

  it('writes rows that share a template (same rule and factors) with their own file and row numbers, whatever their lengths and order', () => {
    // Eight pairs that agree on everything but the reference: two bank files, two journals, row
    // numbers of 1, 2 and 7 digits, so that one template serves rows of both bank files with the
    // same lengths of numbers, and rows of one file with different lengths.
    const bankRows = [8, 9, 10, 11, 8, 9, 10, 11];
    const finRows = [5, 50, 6, 60, 7, 70, 9999999, 8];
    const units = bankRows.map((_, k) => `1-1-${101 + k}`);
    const input: ReconcileInput = {
      ...build([], [], [], []),
      bank: bankRows.map((row, k) => bank({ file: k < 4 ? '工行A.csv' : '建行"B".csv', row, amount: '250000', counterpartyName: '张三', memo: `按揭放款 ${units[k]}`, reference: `R${k}` })),
      finance: finRows.map((row, k) => journal({ file: k % 2 ? '序时账.xlsx' : '序时账2.xlsx', row, debit: '250000', unitKey: units[k], customer: '张三', summary: '收按揭款' })),
      register: [],
    };
    const rec = reconcile(input);
    const items = rec.engine.items;
    expect(items.every((it) => rowResult(it, rec.engine).outcome === 'MATCHED')).toBe(true);
    expect(new Set(items.map((it) => rowResult(it, rec.engine).explanation.en.replace(/row \d+/, 'row N').replace(/with \S+/, 'with F'))).size).toBe(1);
    // In order, backwards and in an interleaved order, through one encoder: each row is its own.
    const encoder = new RowJsonEncoder(rec.engine);
    const orders = [items, [...items].reverse(), items.filter((_, k) => k % 2).concat(items.filter((_, k) => !(k % 2)))];
    for (const order of orders) for (const it of order) expect(rowBytes(encoder, it)).toBe(JSON.stringify(rowResult(it, rec.engine)));
  });

  it('keeps the paired sentence readable: file, sheet, row, rule and factors', () => {
    const rec = reconcile(build([{ file: '工行"监管"\\户.csv', sheet: 'Sheet 1', unit: '1-1-102', name: '王五', amount: '600000', date: '2026-11-03', memo: '按揭放款', ref: null }], [{ file: '序时账.xlsx', unit: '1-1-102', name: '王五', amount: '600000', date: '2026-11-03', summary: '收按揭款' }], [], []));
    const row = JSON.parse(rowBytes(new RowJsonEncoder(rec.engine), rec.engine.items[1]));
    expect(row.explanation).toEqual({
      zh: '与工行"监管"\\户.csv[Sheet 1] 第2行按"房号与金额相同"规则对应，一致：金额、房号、购房人、日期相近（7天内）。',
      en: 'Paired with 工行"监管"\\户.csv[Sheet 1] row 2 by rule "Same unit and amount"; agreeing: amount, unit, buyer, date (within 7 days).',
    });
  });
});

/** The worker runs compiled: `npm test` builds lib/ before vitest runs. */
const LIB_WORKER = path.resolve(__dirname, '../../lib/pipeline/reconcile/jsonWorker.js');
function needWorker(): void {
  expect(fs.existsSync(LIB_WORKER), `${LIB_WORKER} is missing: run npm run build:cli first`).toBe(true);
}

/**
 * A month of `pairs` plain matches: the bank rows in two files, then `late` rows in a third file
 * (招行 sorts after both) paired with a third journal, so that two sources and their templates are
 * first met in the second batch when the bank rows alone fill the first.
 */
function bigMonth(pairs: number, late: number): ReconcileInput {
  const unitOf = (k: number) => `${1 + (k % 200)}-${1 + (Math.floor(k / 200) % 50)}-${101 + Math.floor(k / 10000)}`;
  const early = pairs - late;
  return {
    ...build([], [], [], []),
    bank: Array.from({ length: pairs }, (_, k) => bank({ file: k >= early ? '招行.csv' : k < early / 2 ? '工行.csv' : '建行.csv', row: 2 + k, amount: String(100000 + (k % 97)), counterpartyName: '张三', memo: `按揭放款 ${unitOf(k)}`, reference: `R${k}` })),
    finance: Array.from({ length: pairs }, (_, k) => journal({ file: k >= early ? '序时账3.xlsx' : k < early / 3 ? '序时账.xlsx' : '序时账2.xlsx', row: 5 + k, debit: String(100000 + (k % 97)), unitKey: unitOf(k), customer: '张三', summary: '收按揭款' })),
    register: [],
  };
}

describe('reconcile JSON written on a worker thread', () => {
  it('gives the same bytes as JSON.stringify of each row, for names full of quotes, control characters, emoji and Chinese', async () => {
    needWorker();
    await fc.assert(
      fc.asyncProperty(inputs, async ([b, f, rj, cr]) => {
        const rec = reconcile(build(b, f, rj, cr));
        const file = path.join(dir, 'worker.json');
        await writeReconcileJson(file, rec, { thread: 'worker', workerFile: LIB_WORKER });
        expect(fs.readFileSync(file, 'utf8')).toBe(referenceDocument(rec));
      }),
      { seed: 20261126, numRuns: 15 },
    );
  });

  it('a month of several batches, with files first met in a later batch, is the same on both threads and row for row as JSON.stringify', async () => {
    needWorker();
    const rec = reconcile(bigMonth(BATCH_ROWS + 1000, 500));
    const firstBatch = rec.engine.items.slice(0, BATCH_ROWS);
    // 招行 and 序时账3 are first met, as a row or a counterpart, in the second batch.
    expect(firstBatch.every((it) => it.file !== '招行.csv' && it.partner?.file !== '序时账3.xlsx')).toBe(true);
    const onWorker = path.join(dir, 'big-worker.json');
    const onMain = path.join(dir, 'big-main.json');
    await writeReconcileJson(onWorker, rec, { thread: 'worker', workerFile: LIB_WORKER });
    await writeReconcileJson(onMain, rec, { thread: 'main' });
    const text = fs.readFileSync(onWorker, 'utf8');
    expect(fs.readFileSync(onMain).equals(Buffer.from(text))).toBe(true);
    expect(text).toBe(referenceDocument(rec));
  });

  it('a writer thread that stops reports the failure, and nothing is left at the target or beside it', async () => {
    const failing = path.join(dir, 'stops.js');
    fs.writeFileSync(failing, 'process.exit(3);\n');
    const target = path.join(dir, 'out', 'report.json');
    const rec = reconcile(build([], [], [], []));
    await expect(writeReconcileJson(target, rec, { thread: 'worker', workerFile: failing })).rejects.toThrow(/exit code 3/);
    expect(fs.readdirSync(path.dirname(target))).toEqual([]);
  });

  it('the worker answers a file it cannot open with the error, and ignores what follows', async () => {
    needWorker();
    const w = new Worker(LIB_WORKER);
    const replies: unknown[] = [];
    w.on('message', (m) => replies.push(m));
    const first = new Promise((resolve) => w.once('message', resolve));
    w.postMessage({ kind: 'open', file: path.join(dir, 'no-such-folder', 'x.json'), head: '{' });
    w.postMessage({ kind: 'end', tail: '}' });
    // The error reply, however slow a busy machine starts the worker (a fixed 300 ms wait failed under
    // load); then a while for anything the 'end' after it should not have produced.
    await first;
    await new Promise((resolve) => setTimeout(resolve, 300));
    await w.terminate();
    expect(replies).toEqual([{ kind: 'error', message: expect.stringContaining('ENOENT'), code: 'ENOENT' }]);
  });
});
