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
  /** Per plain value: start (≥ 0 in `narrow`, −1 − start in `wide`) and length (−1 for null). */
  slots: Int32Array;
  /** Per shared value: its index in the dictionary, −1 for null. */
  ids: Int32Array;
  /** The dictionary of shared values, as (start, length) pairs like `slots`. */
  dict: Int32Array;
}

/** A growable Int32Array. */
class IntList {
  private a = new Int32Array(1 << 12);
  length = 0;
  push(x: number): void {
    if (this.length === this.a.length) {
      const grown = new Int32Array(this.a.length * 2);
      grown.set(this.a);
      this.a = grown;
    }
    this.a[this.length++] = x;
  }
  done(): Int32Array {
    return this.a.slice(0, this.length);
  }
}

class StringPacker {
  private narrow: string[] = [];
  private wide: string[] = [];
  private narrowLen = 0;
  private wideLen = 0;
  private readonly slots = new IntList();
  private readonly ids = new IntList();
  private readonly dictSlots = new IntList();
  private readonly dict = new Map<string, number>();

  /** A value that is usually different on every row (memo, reference). */
  put(s: string | null): void {
    this.store(s, this.slots);
  }

  /**
   * A value from a small set (dates, file names, amounts): stored once, then referred to by number,
   * so the receiving thread builds each distinct value once.
   */
  putShared(s: string | null): void {
    if (s === null) return this.ids.push(-1);
    let id = this.dict.get(s);
    if (id === undefined) {
      id = this.dict.size;
      this.dict.set(s, id);
      this.store(s, this.dictSlots);
    }
    this.ids.push(id);
  }

  private store(s: string | null, into: IntList): void {
    if (s === null) {
      into.push(0);
      into.push(-1);
    } else if (isAscii(s)) {
      into.push(this.narrowLen);
      into.push(s.length);
      this.narrow.push(s);
      this.narrowLen += s.length;
    } else {
      into.push(-1 - this.wideLen);
      into.push(s.length);
      this.wide.push(s);
      this.wideLen += s.length;
    }
  }

  done(): PackedStrings {
    return { narrow: this.narrow.join(''), wide: this.wide.join(''), slots: this.slots.done(), ids: this.ids.done(), dict: this.dictSlots.done() };
  }
}

function isAscii(s: string): boolean {
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) > 0x7f) return false;
  return true;
}

class StringUnpacker {
  private k = 0;
  private j = 0;
  private readonly dict: (string | undefined)[];
  private readonly money: (Decimal | undefined)[];
  constructor(private readonly p: PackedStrings) {
    this.dict = new Array<string | undefined>(p.dict.length / 2);
    this.money = new Array<Decimal | undefined>(p.dict.length / 2);
  }

  private slice(slots: Int32Array, at: number): string | null {
    const start = slots[at];
    const len = slots[at + 1];
    if (len < 0) return null;
    return start >= 0 ? this.p.narrow.slice(start, start + len) : this.p.wide.slice(-1 - start, -1 - start + len);
  }

  next(): string | null {
    const s = this.slice(this.p.slots, this.k);
    this.k += 2;
    return s;
  }

  nonNull(): string {
    return this.next() ?? '';
  }

  /** The next shared value: one string instance per distinct value. */
  shared(): string | null {
    const id = this.p.ids[this.j++];
    if (id < 0) return null;
    return (this.dict[id] ??= this.slice(this.p.dict, 2 * id) ?? '');
  }

  /** The next shared value read as money: one Decimal per distinct amount. */
  sharedMoney(): Decimal | null {
    const id = this.p.ids[this.j++];
    if (id < 0) return null;
    return (this.money[id] ??= new Money(this.slice(this.p.dict, 2 * id) ?? '0'));
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
    sp.putShared(t.source.file);
    sp.putShared(t.source.sheet);
    sp.putShared(t.profile);
    sp.putShared(t.bank);
    sp.putShared(t.account);
    sp.putShared(t.date);
    sp.putShared(t.time);
    sp.putShared(text(t.amount));
    sp.putShared(t.currency);
    sp.putShared(t.counterpartyName);
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
  const transactions: BankTransaction[] = new Array<BankTransaction>(p.count);
  for (let k = 0; k < p.count; k++) {
    transactions[k] = {
      source: { file: su.shared() ?? '', sheet: su.shared() ?? '', row: p.rows[k] },
      profile: su.shared() ?? '',
      bank: su.shared() ?? '',
      account: su.shared(),
      date: su.shared() ?? '',
      time: su.shared(),
      amount: su.sharedMoney() ?? new Money(0),
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
    sp.putShared(l.source.file);
    sp.putShared(l.source.sheet);
    sp.putShared(l.profile);
    sp.putShared(l.date);
    sp.put(l.voucher);
    sp.put(l.summary);
    sp.putShared(l.accountCode);
    sp.putShared(l.accountName);
    sp.putShared(text(l.debit));
    sp.putShared(text(l.credit));
    sp.putShared(l.customer);
    sp.put(l.unitKey);
    const keys = Object.keys(l.auxiliary);
    auxCounts[k] = keys.length;
    for (const key of keys) {
      sp.putShared(key);
      sp.put(l.auxiliary[key]);
    }
  });
  return { kind: 'journal', meta: { ...rest, debits: debits.toFixed(), credits: credits.toFixed() }, count: lines.length, rows, auxCounts, bankLine, strings: sp.done() };
}

export function unpackJournal(p: PackedJournal): JournalRead {
  const su = new StringUnpacker(p.strings);
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
    const debit = su.sharedMoney() ?? new Money(0);
    const credit = su.sharedMoney() ?? new Money(0);
    const customer = su.shared();
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
