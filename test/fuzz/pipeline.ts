import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { Money } from '../../domain/money';
import { UserError, describeUserError } from '../../pipeline/errors';
import { readBankFile, readJournalFile, type JournalRead, type StatementRead } from '../../pipeline/read';
import { runReconcile } from '../../pipeline/reconcile/run';
import { writeJournal, writeStatement, type JournalRowIn, type StatementRow, type OutputEncoding, encodeFile } from '../../pipeline/write/statements';

/**
 * The robustness property of the whole reading + reconciliation pipeline:
 *
 *   random bank and finance rows, written by the real writers (pipeline/write) in a real layout,
 *   then randomly corrupted (cells swapped, digits dropped, rows duplicated, cut short, deleted or
 *   junk inserted, encodings switched for the file or one line, the file truncated, bytes flipped)
 *   → reading and `anjie reconcile` never crash: they succeed, or stop with a UserError naming the file;
 *   → when they succeed, conservation holds: every row read (transaction, journal bank line,
 *     rejected or skipped row) appears exactly once in the reconcile JSON, and the totals tie to
 *     the fen with the rows read (bank: Σ amounts; finance: Σ debit − credit).
 *
 * `npm test` runs it a few dozen times with a fixed seed (test/fuzz/pipeline.test.ts); `npm run fuzz`
 * runs it FUZZ_RUNS times (default 500) with a new seed, printed for replay (FUZZ_SEED).
 */

const BANK_LAYOUTS: { profile: string; format: 'csv' | 'xlsx'; encoding: OutputEncoding }[] = [
  { profile: 'cmb-corporate', format: 'csv', encoding: 'utf-8' },
  { profile: 'icbc-corporate', format: 'csv', encoding: 'gb18030' },
  { profile: 'boc-corporate', format: 'csv', encoding: 'utf-16le' },
  { profile: 'ccb-corporate', format: 'xlsx', encoding: 'utf-8' },
  { profile: 'abc-corporate', format: 'xlsx', encoding: 'utf-8' },
];
const JOURNAL_LAYOUTS: { profile: string; format: 'csv' | 'xlsx'; encoding: OutputEncoding }[] = [
  { profile: 'kingdee-journal', format: 'xlsx', encoding: 'utf-8' },
  { profile: 'yonyou-journal', format: 'xlsx', encoding: 'utf-8' },
  { profile: 'kingdee-journal', format: 'csv', encoding: 'utf-8-bom' },
  { profile: 'yonyou-journal', format: 'csv', encoding: 'gb18030' },
];

const BUYERS = ['张伟', '李娜', '王强', '赵敏', '陈杰', '欧阳娜娜', 'O\'Brien', '刘"小"明'];
const UNITS = ['3-2-1501', '3栋2单元1502', '5#1-0801', '6-2-1203', '12-1-2304'];
const NAMES = ['招商银行个人贷款中心', '深圳市住房公积金管理中心', '中国建设银行,深圳分行', '=HYPERLINK("x")', '+86 10', '@user', '   ', ''];
const MEMO_WORDS = ['按揭放款', '公积金放款', '冲正', '利息', '手续费', '保证金退还', '首付款', '"引号', '-', '换\n行', '\t制表'];

export interface GeneratedCase {
  bank: StatementRow[];
  journal: JournalRowIn[];
  bankLayout: number;
  journalLayout: number;
  corruptions: Corruption[];
}

export type Corruption =
  | { target: 'bank' | 'journal'; kind: 'swap' | 'dropDigit' | 'duplicate' | 'cutRow' | 'deleteLine' | 'junkLine'; line: number; a: number; b: number }
  | { target: 'bank' | 'journal'; kind: 'reencode'; to: OutputEncoding }
  | { target: 'bank' | 'journal'; kind: 'mixLine'; line: number }
  | { target: 'bank' | 'journal'; kind: 'truncate' | 'flipBytes'; at: number };

const fen = fc.integer({ min: 1, max: 300_000_000 });

const bankRow: fc.Arbitrary<StatementRow> = fc
  .record({
    day: fc.integer({ min: 1, max: 34 }), // 32–34: into April (out of period)
    hh: fc.integer({ min: 0, max: 23 }),
    mm: fc.integer({ min: 0, max: 59 }),
    fen,
    out: fc.integer({ min: 0, max: 9 }),
    buyer: fc.constantFrom(...BUYERS),
    unit: fc.constantFrom(...UNITS),
    name: fc.constantFrom(...NAMES),
    acct: fc.stringMatching(/^(62\d{14,17}|\d{12,20})$/),
    memo: fc.constantFrom(...MEMO_WORDS),
    ref: fc.option(fc.stringMatching(/^[A-Z]{0,4}\d{6,18}$/), { nil: null }),
    balance: fc.option(fen, { nil: null }),
  })
  .map((r) => {
    const d = new Date(Date.UTC(2026, 2, r.day));
    const date = d.toISOString().slice(0, 10);
    const amount = new Money(r.fen).dividedBy(100).times(r.out === 0 ? -1 : 1);
    return {
      date,
      time: `${String(r.hh).padStart(2, '0')}:${String(r.mm).padStart(2, '0')}:00`,
      amount,
      currency: 'CNY',
      counterpartyName: r.name,
      counterpartyAccount: r.acct,
      memo: `${r.memo} ${r.buyer} ${r.unit}`,
      reference: r.ref,
      balance: r.balance === null ? null : new Money(r.balance).dividedBy(100),
    };
  });

/**
 * How a bank row is booked, cyclically per row: 1 one booking; 2 or 3 that many bookings adding up
 * to it (to the fen); −2 or −3 one booking for it and the next one or two rows, a 组合贷 or a loan in
 * tranches (those rows are given its buyer and unit). Money out is always booked one to one.
 */
type Shape = 1 | 2 | 3 | -2 | -3;

/** The bank rows each booking covers, and into how many bookings it is split, per `shape`. */
function plan(bank: StatementRow[], shape: Shape[]): { rows: number[]; parts: number }[] {
  const out: { rows: number[]; parts: number }[] = [];
  for (let i = 0; i < bank.length; ) {
    const sh = shape[i % shape.length];
    const k = sh < 0 ? Math.min(-sh, bank.length - i) : 1;
    const rows = Array.from({ length: k }, (_, j) => i + j);
    if (rows.some((j) => !new Money(bank[j].amount).gt(0))) {
      out.push({ rows: [i], parts: 1 });
      i++;
      continue;
    }
    out.push({ rows, parts: sh > 0 && new Money(bank[i].amount).gte(1) ? sh : 1 });
    i += k;
  }
  return out;
}

/** The bank rows with each joined group's later rows given its first row's buyer and unit. */
function groupCredits(bank: StatementRow[], shape: Shape[]): StatementRow[] {
  const out = bank.slice();
  for (const g of plan(bank, shape)) {
    const [, buyer = '张伟', unit = '3-2-1501'] = (bank[g.rows[0]].memo ?? '').split(' ');
    for (const j of g.rows.slice(1)) out[j] = { ...bank[j], memo: `${(bank[j].memo ?? '').split(' ')[0]} ${buyer} ${unit}` };
  }
  return out;
}

/** Journal lines: a booking (bank line + contra line) for some bank rows (see Shape), plus bookings of their own. */
function journalFor(bank: StatementRow[], pick: boolean[], shape: Shape[], extra: { fen: number; day: number; buyer: string; unit: string }[]): JournalRowIn[] {
  const lines: JournalRowIn[] = [];
  let v = 0;
  const book = (date: string, amount: Money, buyer: string, unit: string, part = '') => {
    v++;
    const voucher = `记-${String(v).padStart(4, '0')}`;
    const summary = `收${buyer}按揭款${part} ${unit}`;
    const aux = { 客户: buyer, 房号: unit };
    const zero = new Money(0);
    const inflow = amount.gte(0);
    lines.push({ date, voucher, summary, accountCode: '1002.01', accountName: '银行存款-监管户', debit: inflow ? amount : zero, credit: inflow ? zero : amount.abs(), auxiliary: aux });
    lines.push({ date, voucher, summary, accountCode: '2203', accountName: '合同负债', debit: inflow ? zero : amount.abs(), credit: inflow ? amount : zero, auxiliary: aux });
  };
  plan(bank, shape).forEach((g, n) => {
    if (!pick[n % pick.length]) return;
    const t = bank[g.rows[0]];
    const [, buyer = '张伟', unit = '3-2-1501'] = (t.memo ?? '').split(' ');
    const date = g.rows.map((j) => bank[j].date).sort()[g.rows.length - 1];
    const total = g.rows.reduce((s, j) => s.plus(bank[j].amount), new Money(0));
    // Parts in whole fen, 商贷 / 公积金 / 补充 as finance words them (equal parts with one 摘要 would
    // be DUPLICATE_FINANCE): 60% + the rest, or 50% + 30% + the rest, each share rounded down to the fen.
    const weights = g.parts === 3 ? [50, 30] : g.parts === 2 ? [60] : [];
    const words = ['(商贷)', '(公积金)', '(补充)'];
    let rest = total;
    weights.forEach((w, k) => {
      const share = total.times(w).dividedToIntegerBy(1).dividedBy(100); // yuan × w is the share in fen
      book(date, share, buyer, unit, words[k]);
      rest = rest.minus(share);
    });
    book(date, rest, buyer, unit, g.parts > 1 ? words[g.parts - 1] : '');
  });
  for (const e of extra) book(new Date(Date.UTC(2026, 2, e.day)).toISOString().slice(0, 10), new Money(e.fen).dividedBy(100), e.buyer, e.unit);
  return lines;
}

const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  fc.record({
    target: fc.constantFrom('bank' as const, 'journal' as const),
    kind: fc.constantFrom('swap' as const, 'dropDigit' as const, 'duplicate' as const, 'cutRow' as const, 'deleteLine' as const, 'junkLine' as const),
    line: fc.nat(60),
    a: fc.nat(20),
    b: fc.nat(20),
  }),
  fc.record({ target: fc.constantFrom('bank' as const, 'journal' as const), kind: fc.constant('reencode' as const), to: fc.constantFrom<OutputEncoding>('utf-8', 'utf-8-bom', 'gb18030', 'utf-16le', 'utf-16be') }),
  fc.record({ target: fc.constantFrom('bank' as const, 'journal' as const), kind: fc.constant('mixLine' as const), line: fc.nat(60) }),
  fc.record({ target: fc.constantFrom('bank' as const, 'journal' as const), kind: fc.constantFrom('truncate' as const, 'flipBytes' as const), at: fc.nat(1_000_000) }),
);

export const caseArb: fc.Arbitrary<GeneratedCase> = fc
  .record({
    bank: fc.array(bankRow, { minLength: 0, maxLength: 14 }),
    pick: fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
    shape: fc.array(fc.constantFrom<Shape>(1, 1, 1, 2, 3, -2, -3), { minLength: 1, maxLength: 5 }),
    extra: fc.array(fc.record({ fen, day: fc.integer({ min: 1, max: 31 }), buyer: fc.constantFrom(...BUYERS), unit: fc.constantFrom(...UNITS) }), { maxLength: 3 }),
    bankLayout: fc.nat(BANK_LAYOUTS.length - 1),
    journalLayout: fc.nat(JOURNAL_LAYOUTS.length - 1),
    corruptions: fc.array(corruption, { maxLength: 4 }),
  })
  .map((r) => {
    const bank = groupCredits(r.bank, r.shape);
    return { bank, journal: journalFor(bank, r.pick, r.shape, r.extra), bankLayout: r.bankLayout, journalLayout: r.journalLayout, corruptions: r.corruptions };
  });

// ------------------------------------------------------------------ corruptions

const encode = encodeFile;

function decode(buf: Buffer, enc: OutputEncoding): string {
  if (enc === 'gb18030') return iconv.decode(buf, 'gb18030');
  if (enc === 'utf-16le') return iconv.decode(buf, 'utf16le').replace(/^\uFEFF/, '');
  if (enc === 'utf-16be') return iconv.decode(Buffer.from(buf).swap16(), 'utf16le').replace(/^\uFEFF/, '');
  return buf.toString('utf8').replace(/^\uFEFF/, '');
}

function dropDigit(s: string, a: number): string {
  const idx = [...s].map((c, i) => (/\d/.test(c) ? i : -1)).filter((i) => i >= 0);
  if (!idx.length) return s;
  const i = idx[a % idx.length];
  return s.slice(0, i) + s.slice(i + 1);
}

function corruptLines(lines: string[], c: Corruption, delim: string): void {
  if (!('line' in c) || lines.length === 0) return;
  const i = c.line % lines.length;
  if (c.kind === 'mixLine') return;
  const cells = lines[i].split(delim);
  switch (c.kind) {
    case 'swap': {
      const x = c.a % cells.length;
      const y = c.b % cells.length;
      [cells[x], cells[y]] = [cells[y], cells[x]];
      lines[i] = cells.join(delim);
      break;
    }
    case 'dropDigit':
      lines[i] = dropDigit(lines[i], c.a);
      break;
    case 'duplicate':
      lines.splice(i, 0, lines[i]);
      break;
    case 'cutRow':
      lines[i] = cells.slice(0, c.a % (cells.length + 1)).join(delim);
      break;
    case 'deleteLine':
      lines.splice(i, 1);
      break;
    case 'junkLine':
      lines.splice(i, 0, ['合计', '"', '=1+1', 'NaN', '1e309', '￥-0.00', '2026-02-30', '\u0000'].slice(0, 1 + (c.a % 8)).join(delim));
      break;
  }
}

async function corruptText(file: string, enc: OutputEncoding, delim: string, cs: Corruption[]): Promise<void> {
  let text = decode(fs.readFileSync(file), enc);
  const lines = text.split('\r\n');
  let outEnc = enc;
  let mixed: number | null = null;
  for (const c of cs) {
    if (c.kind === 'reencode') outEnc = c.to;
    else if (c.kind === 'mixLine') mixed = c.line;
    else corruptLines(lines, c, delim);
  }
  text = lines.join('\r\n');
  let buf: Buffer;
  if (mixed !== null && lines.length) {
    const i = mixed % lines.length;
    const other: OutputEncoding = outEnc === 'gb18030' ? 'utf-8' : 'gb18030';
    const before = lines.slice(0, i).join('\r\n') + (i ? '\r\n' : '');
    const after = '\r\n' + lines.slice(i + 1).join('\r\n');
    const bodyEnc = outEnc === 'utf-8-bom' ? 'utf-8' : outEnc;
    buf = Buffer.concat([encode(before, outEnc), encode(lines[i], other).subarray(other === 'utf-8' ? 0 : 0), encode(after, bodyEnc)]);
  } else buf = encode(text, outEnc);
  buf = bytesCorruptions(buf, cs);
  fs.writeFileSync(file, buf);
}

function bytesCorruptions(buf: Buffer, cs: Corruption[]): Buffer {
  let b = buf;
  for (const c of cs) {
    if (c.kind === 'truncate' && b.length) b = b.subarray(0, c.at % b.length);
    if (c.kind === 'flipBytes' && b.length) {
      b = Buffer.from(b);
      const at = c.at % b.length;
      for (let k = at; k < Math.min(b.length, at + 8); k++) b[k] ^= 0xa5;
    }
  }
  return b;
}

async function corruptXlsx(file: string, cs: Corruption[]): Promise<void> {
  const cellLevel = cs.filter((c) => 'line' in c && c.kind !== 'mixLine');
  if (cellLevel.length) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0];
    for (const c of cellLevel) {
      if (!('line' in c) || ws.rowCount === 0) continue;
      const n = 1 + (c.line % ws.rowCount);
      const row = ws.getRow(n);
      const width = Math.max(1, row.cellCount);
      switch (c.kind) {
        case 'swap': {
          const x = row.getCell(1 + (c.a % width));
          const y = row.getCell(1 + (c.b % width));
          const t = x.value;
          x.value = y.value;
          y.value = t;
          break;
        }
        case 'dropDigit': {
          const cell = row.getCell(1 + (c.a % width));
          if (cell.value !== null && cell.value !== undefined && typeof cell.value !== 'object') cell.value = dropDigit(String(cell.value), c.b);
          break;
        }
        case 'duplicate':
          ws.duplicateRow(n, 1, true);
          break;
        case 'cutRow':
          for (let k = 1 + (c.a % (width + 1)); k <= width; k++) row.getCell(k).value = null;
          break;
        case 'deleteLine':
          ws.spliceRows(n, 1);
          break;
        case 'junkLine':
          ws.insertRow(n, ['合计', '"', '=1+1', { error: '#N/A' } as ExcelJS.CellErrorValue, -0, '2026-02-30', 1e300].slice(0, 1 + (c.a % 7)));
          break;
      }
    }
    await wb.xlsx.writeFile(file);
  }
  fs.writeFileSync(file, bytesCorruptions(fs.readFileSync(file), cs));
}

// ------------------------------------------------------------------ the property

interface Key {
  side: string;
  file: string;
  sheet: string;
  row: number;
}
const keyText = (k: Key) => `${k.side}|${k.file}|${k.sheet}|${k.row}`;

function expectedKeys(bank: StatementRead, fin: JournalRead): string[] {
  const keys: Key[] = [
    ...bank.transactions.map((t) => ({ side: 'bank', ...t.source })),
    ...bank.rejected.map((r) => ({ side: 'bank', ...r.source })),
    ...bank.skipped.map((r) => ({ side: 'bank', ...r.source })),
    ...fin.lines.filter((l) => l.isBankLine).map((l) => ({ side: 'finance', ...l.source })),
    ...fin.rejected.map((r) => ({ side: 'finance', ...r.source })),
  ];
  return keys.map(keyText).sort();
}

export class PropertyFailure extends Error {}

function check(cond: boolean, what: string): void {
  if (!cond) throw new PropertyFailure(what);
}

/** One case through writing, corrupting, reading and reconciling; throws PropertyFailure when the law breaks. */
export async function runCase(c: GeneratedCase): Promise<'reconciled' | 'refused'> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-fuzz-'));
  try {
    const bl = BANK_LAYOUTS[c.bankLayout];
    const jl = JOURNAL_LAYOUTS[c.journalLayout];
    const bankFile = path.join(dir, `流水 ${bl.profile}.${bl.format}`);
    const finFile = path.join(dir, `序时账 ${jl.profile}.${jl.format}`);
    await writeStatement(bl.profile, c.bank, { out: bankFile, format: bl.format, encoding: bl.encoding, account: '755912345610801', accountName: '深圳某某置业有限公司', from: '2026-03-01', to: '2026-03-31' });
    await writeJournal(jl.profile, c.journal, { out: finFile, format: jl.format, encoding: jl.encoding, accountName: '深圳某某置业有限公司', from: '2026-03-01', to: '2026-03-31' });
    const bankDelim = bl.profile === 'boc-corporate' ? '\t' : ',';
    const forBank = c.corruptions.filter((x) => x.target === 'bank');
    const forFin = c.corruptions.filter((x) => x.target === 'journal');
    if (forBank.length) await (bl.format === 'csv' ? corruptText(bankFile, bl.encoding, bankDelim, forBank) : corruptXlsx(bankFile, forBank));
    if (forFin.length) await (jl.format === 'csv' ? corruptText(finFile, jl.encoding, ',', forFin) : corruptXlsx(finFile, forFin));

    const names = [path.basename(bankFile), path.basename(finFile)];
    const refused = (err: unknown): 'refused' => {
      check(err instanceof UserError, `not a UserError: ${err instanceof Error ? `${err.name}: ${err.message}\n${err.stack}` : String(err)}`);
      const text = describeUserError(err as UserError);
      check(names.some((n) => text.includes(n)), `the message does not name the file: ${text}`);
      check((err as UserError).exitCode === 2, `exit code ${(err as UserError).exitCode}`);
      return 'refused';
    };
    let bank: StatementRead;
    let fin: JournalRead;
    try {
      bank = await readBankFile(bankFile);
      fin = await readJournalFile(finFile);
    } catch (err) {
      return refused(err);
    }
    if (!c.corruptions.length) {
      // Written and read back untouched: every row, the same money.
      check(bank.transactions.length === c.bank.length && bank.rejected.length === 0, `round trip: ${bank.transactions.length} of ${c.bank.length} rows read, ${bank.rejected.length} rejected`);
      const sum = c.bank.reduce((s, t) => s.plus(t.amount), new Money(0));
      const got = bank.transactions.reduce((s, t) => s.plus(t.amount), new Money(0));
      check(sum.eq(got), `round trip: Σ ${got.toFixed(2)} ≠ ${sum.toFixed(2)}`);
    }
    const out = path.join(dir, 'out', '对账报告.xlsx');
    const json = path.join(dir, 'out', '对账报告.json');
    try {
      await runReconcile({ bank: [bankFile], finance: finFile, period: '2026-03', out, json });
    } catch (err) {
      return refused(err);
    }
    const doc = JSON.parse(fs.readFileSync(json, 'utf8')) as {
      rows: Key[];
      totals: {
        bank: { rows: number; amount: string; byOutcome: Record<string, { rows: number; amount: string }> };
        finance: { rows: number; amount: string; byOutcome: Record<string, { rows: number; amount: string }> };
        foreignCurrency: Record<string, { rows: number; amount: string }>;
      };
    };
    // Every input row exactly once.
    const got = doc.rows.map(keyText).sort();
    const want = expectedKeys(bank, fin);
    const dup = got.filter((k, i) => i > 0 && got[i - 1] === k);
    check(dup.length === 0, `rows listed twice: ${dup.slice(0, 5).join('; ')}`);
    const missing = want.filter((k) => !got.includes(k));
    const extra = got.filter((k) => !want.includes(k));
    check(missing.length === 0 && extra.length === 0, `rows missing: ${missing.slice(0, 5).join('; ')}; rows not in the input: ${extra.slice(0, 5).join('; ')}`);
    // Totals tie to the fen: in yuan the CNY rows (a row in another currency counts as ¥0.00,
    // docs/reconcile-json.md), and each other currency in its own bucket.
    const cny = (t: { currency: string }) => !t.currency || t.currency === 'CNY';
    const bankSum = bank.transactions.filter(cny).reduce((s, t) => s.plus(t.amount), new Money(0));
    const foreign = new Map<string, { rows: number; sum: Money }>();
    for (const t of bank.transactions.filter((x) => !cny(x))) {
      const f = foreign.get(t.currency) ?? { rows: 0, sum: new Money(0) };
      foreign.set(t.currency, { rows: f.rows + 1, sum: f.sum.plus(t.amount) });
    }
    check(Object.keys(doc.totals.foreignCurrency).sort().join() === [...foreign.keys()].sort().join(), `foreignCurrency ${Object.keys(doc.totals.foreignCurrency).join()} ≠ ${[...foreign.keys()].join()}`);
    for (const [cur, f] of foreign) {
      const got = doc.totals.foreignCurrency[cur];
      check(got.rows === f.rows && new Money(got.amount).eq(f.sum.toDecimalPlaces(2)), `foreignCurrency ${cur}: ${got.rows} rows ${got.amount} ≠ ${f.rows} rows ${f.sum.toFixed(2)}`);
    }
    const finSum = fin.lines.filter((l) => l.isBankLine).reduce((s, l) => s.plus(l.debit).minus(l.credit), new Money(0));
    const sides: [string, (typeof doc.totals)['bank'], number, Money][] = [
      ['bank', doc.totals.bank, bank.transactions.length + bank.rejected.length + bank.skipped.length, bankSum],
      ['finance', doc.totals.finance, fin.lines.filter((l) => l.isBankLine).length + fin.rejected.length, finSum],
    ];
    for (const [side, t, rows, sum] of sides) {
      check(t.rows === rows, `${side}: totals.rows ${t.rows} ≠ ${rows} rows read`);
      check(new Money(t.amount).eq(sum.toDecimalPlaces(2)), `${side}: totals.amount ${t.amount} ≠ Σ ${sum.toFixed(2)}`);
      let r = 0;
      let a = new Money(0);
      for (const b of Object.values(t.byOutcome)) {
        r += b.rows;
        a = a.plus(b.amount);
      }
      check(r === t.rows && a.eq(new Money(t.amount)), `${side}: outcomes add up to ${r} rows / ${a.toFixed(2)}, totals say ${t.rows} / ${t.amount}`);
    }
    check(fs.readdirSync(path.dirname(out)).sort().join(',') === ['对账报告.json', '对账报告.xlsx'].join(','), 'temporary files left behind');
    return 'reconciled';
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Run the property `runs` times from `seed`; returns how many cases were reconciled and refused. */
export async function fuzzPipeline(runs: number, seed: number): Promise<{ reconciled: number; refused: number }> {
  const tally = { reconciled: 0, refused: 0 };
  await fc.assert(
    fc.asyncProperty(caseArb, async (c) => {
      tally[await runCase(c)]++;
    }),
    // A case that hangs (a reader waiting forever on a broken file) fails after 30 s instead of blocking the run.
    { numRuns: runs, seed, endOnFailure: true, timeout: 30_000 },
  );
  return tally;
}
