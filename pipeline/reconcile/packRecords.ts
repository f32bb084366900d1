import type Decimal from 'decimal.js';
import { Money } from '../../domain/money';
import type { BankTransaction, JournalLine } from '../../domain/records';
import type { JournalRead, StatementRead } from '../read';

/**
 * Moving a million read records from a worker thread to the main thread cheaply.
 *
 * Structured clone of a million objects costs the main thread almost as much as reading them.
 * Instead the worker writes every string field, in a fixed order, into two long strings — one for
 * ASCII values (one byte per character in V8), one for the rest — plus an Int32Array of
 * (start, length) pairs; the main thread rebuilds each field with slice(). Decimals travel as their
 * exact text (toFixed() without arguments never uses exponent notation) and are rebuilt with Money;
 * repeated values (amounts, dates, file names) come back as one shared instance.
 */
export interface PackedStrings {
  narrow: string;
  wide: string;
  /** Per value: start (≥ 0 in `narrow`, −1 − start in `wide`) and length (−1 for null). */
  slots: Int32Array;
}

class StringPacker {
  private narrow: string[] = [];
  private wide: string[] = [];
  private narrowLen = 0;
  private wideLen = 0;
  private slots = new Int32Array(1 << 16);
  private n = 0;

  put(s: string | null): void {
    if (this.n + 2 > this.slots.length) {
      const grown = new Int32Array(this.slots.length * 2);
      grown.set(this.slots);
      this.slots = grown;
    }
    if (s === null) {
      this.slots[this.n++] = 0;
      this.slots[this.n++] = -1;
    } else if (isAscii(s)) {
      this.slots[this.n++] = this.narrowLen;
      this.slots[this.n++] = s.length;
      this.narrow.push(s);
      this.narrowLen += s.length;
    } else {
      this.slots[this.n++] = -1 - this.wideLen;
      this.slots[this.n++] = s.length;
      this.wide.push(s);
      this.wideLen += s.length;
    }
  }

  done(): PackedStrings {
    return { narrow: this.narrow.join(''), wide: this.wide.join(''), slots: this.slots.slice(0, this.n) };
  }
}

function isAscii(s: string): boolean {
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) > 0x7f) return false;
  return true;
}

/** Values up to this length are shared through a per-field map (dates, codes, names of files). */
const INTERN_MAX = 24;

class StringUnpacker {
  private k = 0;
  private readonly seen = new Map<string, string>();
  constructor(private readonly p: PackedStrings) {}

  next(): string | null {
    const start = this.p.slots[this.k++];
    const len = this.p.slots[this.k++];
    if (len < 0) return null;
    return start >= 0 ? this.p.narrow.slice(start, start + len) : this.p.wide.slice(-1 - start, -1 - start + len);
  }

  /** next(), returning one shared instance per distinct value (for fields with few distinct values). */
  shared(): string | null {
    const s = this.next();
    if (s === null || s.length > INTERN_MAX) return s;
    const known = this.seen.get(s);
    if (known !== undefined) return known;
    this.seen.set(s, s);
    return s;
  }

  nonNull(): string {
    return this.next() ?? '';
  }
}

/** Rebuilds Decimals from their text, sharing one instance per distinct value (bounded). */
class DecimalReviver {
  private readonly seen = new Map<string, Decimal>();
  money(text: string | null): Decimal | null {
    if (text === null) return null;
    const known = this.seen.get(text);
    if (known) return known;
    const d = new Money(text);
    if (this.seen.size < 200_000) this.seen.set(text, d);
    return d;
  }
}

/** Running balances are all different: not worth a map entry each. */
const unshared = (t: string | null): Decimal | null => (t === null ? null : new Money(t));

const text = (d: Decimal | null): string | null => (d === null ? null : d.toFixed());

// ------------------------------------------------------------------ bank statements

export interface PackedStatement {
  kind: 'bank';
  meta: Omit<StatementRead, 'transactions' | 'credits' | 'debits' | 'otherCurrencies'> & { credits: string; debits: string; otherCurrencies: { currency: string; count: number; credits: string; debits: string }[] };
  count: number;
  rows: Float64Array;
  strings: PackedStrings;
}

export function packStatement(r: StatementRead): PackedStatement {
  const { transactions, credits, debits, otherCurrencies, ...rest } = r;
  const sp = new StringPacker();
  const rows = new Float64Array(transactions.length);
  transactions.forEach((t, k) => {
    rows[k] = t.source.row;
    sp.put(t.source.file);
    sp.put(t.source.sheet);
    sp.put(t.profile);
    sp.put(t.bank);
    sp.put(t.account);
    sp.put(t.date);
    sp.put(t.time);
    sp.put(text(t.amount));
    sp.put(t.currency);
    sp.put(t.counterpartyName);
    sp.put(t.counterpartyAccount);
    sp.put(t.memo);
    sp.put(t.reference);
    sp.put(text(t.balance));
  });
  return {
    kind: 'bank',
    meta: { ...rest, credits: credits.toFixed(), debits: debits.toFixed(), otherCurrencies: otherCurrencies.map((o) => ({ ...o, credits: o.credits.toFixed(), debits: o.debits.toFixed() })) },
    count: transactions.length,
    rows,
    strings: sp.done(),
  };
}

export function unpackStatement(p: PackedStatement): StatementRead {
  const su = new StringUnpacker(p.strings);
  const dr = new DecimalReviver();
  const transactions: BankTransaction[] = new Array<BankTransaction>(p.count);
  for (let k = 0; k < p.count; k++) {
    transactions[k] = {
      source: { file: su.shared() ?? '', sheet: su.shared() ?? '', row: p.rows[k] },
      profile: su.shared() ?? '',
      bank: su.shared() ?? '',
      account: su.shared(),
      date: su.shared() ?? '',
      time: su.shared(),
      amount: dr.money(su.next()) ?? new Money(0),
      currency: su.shared() ?? '',
      counterpartyName: su.shared(),
      counterpartyAccount: su.next(),
      memo: su.next(),
      reference: su.next(),
      balance: unshared(su.next()),
    };
  }
  const m = p.meta;
  return {
    ...m,
    credits: new Money(m.credits),
    debits: new Money(m.debits),
    otherCurrencies: m.otherCurrencies.map((o) => ({ ...o, credits: new Money(o.credits), debits: new Money(o.debits) })),
    transactions,
  };
}

// ------------------------------------------------------------------ finance journals

export interface PackedJournal {
  kind: 'journal';
  meta: Omit<JournalRead, 'lines' | 'debits' | 'credits'> & { debits: string; credits: string };
  count: number;
  rows: Float64Array;
  /** Per line: the number of 辅助核算 entries (key, value pairs follow the line's other strings). */
  auxCounts: Int32Array;
  bankLine: Uint8Array;
  strings: PackedStrings;
}

export function packJournal(r: JournalRead): PackedJournal {
  const { lines, debits, credits, ...rest } = r;
  const sp = new StringPacker();
  const rows = new Float64Array(lines.length);
  const auxCounts = new Int32Array(lines.length);
  const bankLine = new Uint8Array(lines.length);
  lines.forEach((l, k) => {
    rows[k] = l.source.row;
    bankLine[k] = l.isBankLine ? 1 : 0;
    sp.put(l.source.file);
    sp.put(l.source.sheet);
    sp.put(l.profile);
    sp.put(l.date);
    sp.put(l.voucher);
    sp.put(l.summary);
    sp.put(l.accountCode);
    sp.put(l.accountName);
    sp.put(text(l.debit));
    sp.put(text(l.credit));
    sp.put(l.customer);
    sp.put(l.unitKey);
    const keys = Object.keys(l.auxiliary);
    auxCounts[k] = keys.length;
    for (const key of keys) {
      sp.put(key);
      sp.put(l.auxiliary[key]);
    }
  });
  return { kind: 'journal', meta: { ...rest, debits: debits.toFixed(), credits: credits.toFixed() }, count: lines.length, rows, auxCounts, bankLine, strings: sp.done() };
}

export function unpackJournal(p: PackedJournal): JournalRead {
  const su = new StringUnpacker(p.strings);
  const dr = new DecimalReviver();
  const lines: JournalLine[] = new Array<JournalLine>(p.count);
  const noAuxiliary: Record<string, string> = Object.freeze({}) as Record<string, string>;
  for (let k = 0; k < p.count; k++) {
    const source = { file: su.shared() ?? '', sheet: su.shared() ?? '', row: p.rows[k] };
    const profile = su.shared() ?? '';
    const date = su.shared() ?? '';
    const voucher = su.nonNull();
    const summary = su.nonNull();
    const accountCode = su.shared() ?? '';
    const accountName = su.shared() ?? '';
    const debit = dr.money(su.next()) ?? new Money(0);
    const credit = dr.money(su.next()) ?? new Money(0);
    const customer = su.next();
    const unitKey = su.next();
    let auxiliary = noAuxiliary;
    if (p.auxCounts[k] > 0) {
      auxiliary = {};
      for (let a = 0; a < p.auxCounts[k]; a++) {
        const key = su.shared() ?? '';
        auxiliary[key] = su.nonNull();
      }
    }
    lines[k] = { source, profile, date, voucher, summary, accountCode, accountName, debit, credit, auxiliary, customer, unitKey, isBankLine: p.bankLine[k] === 1 };
  }
  const m = p.meta;
  return { ...m, debits: new Money(m.debits), credits: new Money(m.credits), lines };
}
