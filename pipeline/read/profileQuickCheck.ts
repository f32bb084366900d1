import type { AmountSpec, BankProfile, ColumnRef, JournalProfile } from './profile';

/*
 * The schemas of profile.ts checked by hand, for the profile files as they are written: zod took ~20 ms to
 * validate the 24 bank profiles, most of the time before a statement's first row was read. These
 * mirror the schemas exactly for what they accept — same output, defaults filled in, keys in the
 * schema's order, unknown keys dropped — and give up (undefined) on anything else, which zod then
 * judges: every file is still validated on load, and a malformed one gets zod's message as before.
 * test/reading/profileCheck.test.ts checks both against zod (every shipped profile, and mutated
 * ones). A field added to a schema must be added here too: that test fails as soon as a shipped
 * profile uses the field, but not before.
 */
type Json = unknown;
type Obj = Record<string, Json>;
/** Signals "not the usual shape: let zod decide" from deep inside a check. */
const GIVE_UP = Symbol('give up');

function obj(v: Json): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw GIVE_UP;
  return v as Obj;
}
function str(v: Json, min = 0): string {
  if (typeof v !== 'string' || v.length < min) throw GIVE_UP;
  return v;
}
function bool(v: Json): boolean {
  if (typeof v !== 'boolean') throw GIVE_UP;
  return v;
}
function strArray(v: Json, minItems = 0, minLength = 0): string[] {
  if (!Array.isArray(v) || v.length < minItems) throw GIVE_UP;
  return v.map((x) => str(x, minLength));
}
function oneOf<T extends string>(v: Json, options: readonly T[]): T {
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) throw GIVE_UP;
  return v as T;
}
function columnRef(v: Json): ColumnRef {
  return typeof v === 'string' ? str(v, 1) : strArray(v, 1, 1);
}
function bilingual(v: Json): { zh: string; en: string } {
  const o = obj(v);
  return { zh: str(o.zh), en: str(o.en) };
}
/** Sets key only when the input has it (a zod .optional() field absent stays absent). */
function optional<T>(out: Obj, key: string, v: Json, check: (v: Json) => T): void {
  if (v !== undefined) out[key] = check(v);
}

const ENCODINGS = ['utf-8', 'utf-8-bom', 'gb18030', 'utf-16le', 'utf-16be'] as const;
const DELIMITERS = [',', '\t'] as const;

function amountSpec(v: Json): AmountSpec {
  const o = obj(v);
  if (o.kind === 'signed') return { kind: 'signed', column: columnRef(o.column), negate: o.negate === undefined ? false : bool(o.negate) };
  if (o.kind === 'split') return { kind: 'split', credit: columnRef(o.credit), debit: columnRef(o.debit) };
  if (o.kind === 'direction') {
    return {
      kind: 'direction',
      column: columnRef(o.column),
      direction: columnRef(o.direction),
      match: o.match === undefined ? 'exact' : oneOf(o.match, ['exact', 'prefix'] as const),
      credit: strArray(o.credit, 1, 1),
      debit: strArray(o.debit, 1, 1),
      neutral: o.neutral === undefined ? [] : strArray(o.neutral),
    };
  }
  throw GIVE_UP;
}

function writeSpec(v: Json): BankProfile['write'] {
  const o = v === undefined ? {} : obj(v);
  const out: Obj = {
    title: o.title === undefined ? [] : arrayOf(o.title, (row) => strArray(row)),
    dateFormat: o.dateFormat === undefined ? 'YYYY-MM-DD' : oneOf(o.dateFormat, ['YYYY-MM-DD', 'YYYYMMDD', 'YYYY/MM/DD', 'MM/DD'] as const),
    timeFormat: o.timeFormat === undefined ? 'HH:mm:ss' : oneOf(o.timeFormat, ['HH:mm:ss', 'HHmmss'] as const),
    dateTimeSeparator: o.dateTimeSeparator === undefined ? ' ' : str(o.dateTimeSeparator),
    groupThousands: o.groupThousands === undefined ? false : bool(o.groupThousands),
    amountPrefix: o.amountPrefix === undefined ? '' : str(o.amountPrefix),
    notes: o.notes === undefined ? [] : strArray(o.notes),
  };
  optional(out, 'direction', o.direction, (d) => {
    const x = obj(d);
    return { column: str(x.column), credit: str(x.credit), debit: str(x.debit) };
  });
  out.fill = o.fill === undefined ? {} : stringRecord(o.fill);
  return out as BankProfile['write'];
}

function arrayOf<T>(v: Json, item: (x: Json) => T, minItems = 0): T[] {
  if (!Array.isArray(v) || v.length < minItems) throw GIVE_UP;
  return v.map(item);
}

function stringRecord(v: Json): Record<string, string> {
  const o = obj(v);
  const out: Record<string, string> = {};
  for (const k of Object.keys(o)) {
    if (k === '__proto__') throw GIVE_UP;
    out[k] = str(o[k]);
  }
  return out;
}

function headerSpec(v: Json): BankProfile['header'] {
  const o = obj(v);
  const out: Obj = { required: strArray(o.required, 2, 1) };
  optional(out, 'columns', o.columns, (c) => strArray(c, 0, 1));
  return out as BankProfile['header'];
}

function skipAfterHeader(v: Json): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw GIVE_UP;
  return v;
}

/** The fields bank and journal profiles share, from format to skipAfterHeader, in the schemas' order. */
function fileLayout(o: Obj): Obj {
  return {
    format: oneOf(o.format, ['csv', 'xlsx'] as const),
    encoding: o.encoding === undefined ? 'utf-8' : oneOf(o.encoding, ENCODINGS),
    delimiter: o.delimiter === undefined ? ',' : oneOf(o.delimiter, DELIMITERS),
    header: headerSpec(o.header),
    titleContains: o.titleContains === undefined ? [] : strArray(o.titleContains),
    skipAfterHeader: skipAfterHeader(o.skipAfterHeader),
  };
}

function quickBankProfile(v: Json): BankProfile {
  const o = obj(v);
  const c = obj(o.columns);
  const columns: Obj = { date: columnRef(c.date) };
  optional(columns, 'dateFallback', c.dateFallback, columnRef);
  optional(columns, 'time', c.time, columnRef);
  columns.amount = amountSpec(c.amount);
  optional(columns, 'currency', c.currency, columnRef);
  optional(columns, 'counterpartyName', c.counterpartyName, columnRef);
  optional(columns, 'counterpartyAccount', c.counterpartyAccount, columnRef);
  optional(columns, 'counterparty', c.counterparty, columnRef);
  columns.memo = c.memo === undefined ? [] : arrayOf(c.memo, columnRef);
  optional(columns, 'reference', c.reference, columnRef);
  optional(columns, 'balance', c.balance, columnRef);
  const out: Obj = {
    id: str(o.id),
    kind: o.kind === undefined ? 'bank' : oneOf(o.kind, ['bank'] as const),
    bank: str(o.bank, 1),
    name: bilingual(o.name),
    ...fileLayout(o),
    columns,
    skip: o.skip === undefined ? [] : arrayOf(o.skip, (x) => {
      const s = obj(x);
      return { column: columnRef(s.column), values: strArray(s.values, 1), reason: bilingual(s.reason) };
    }),
    footer: o.footer === undefined ? [] : strArray(o.footer),
  };
  optional(out, 'totals', o.totals, (t) => {
    const x = obj(t);
    return { labels: strArray(x.labels, 1), credit: columnRef(x.credit), debit: columnRef(x.debit) };
  });
  optional(out, 'statementMonth', o.statementMonth, (m) => str(m));
  out.defaultCurrency = o.defaultCurrency === undefined ? 'CNY' : str(o.defaultCurrency);
  out.write = writeSpec(o.write);
  if (!/^[a-z0-9-]+$/.test(out.id as string)) throw GIVE_UP;
  return out as BankProfile;
}

function quickJournalProfile(v: Json): JournalProfile {
  const o = obj(v);
  const c = obj(o.columns);
  const columns: Obj = { date: columnRef(c.date), voucher: columnRef(c.voucher), summary: columnRef(c.summary) };
  optional(columns, 'accountCode', c.accountCode, columnRef);
  optional(columns, 'accountName', c.accountName, columnRef);
  optional(columns, 'account', c.account, columnRef);
  columns.debit = columnRef(c.debit);
  columns.credit = columnRef(c.credit);
  optional(columns, 'auxiliary', c.auxiliary, columnRef);
  const out: Obj = {
    id: str(o.id),
    kind: o.kind === undefined ? 'journal' : oneOf(o.kind, ['journal'] as const),
    system: str(o.system),
    name: bilingual(o.name),
    ...fileLayout(o),
    columns,
    bankAccountCodes: o.bankAccountCodes === undefined ? ['1002'] : strArray(o.bankAccountCodes),
    footer: o.footer === undefined ? [] : strArray(o.footer),
    write: writeSpec(o.write),
  };
  if (!/^[a-z0-9-]+$/.test(out.id as string)) throw GIVE_UP;
  return out as JournalProfile;
}

/** The profile as its schema would parse it, when the file has the usual shape; undefined: ask zod. */
function quickly<T>(check: (v: Json) => T, raw: Json): T | undefined {
  try {
    return check(raw);
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
}

/** For profile files (JSON.parse output): an input key holding undefined would be kept by zod and dropped here. */
export function quickBankProfileParse(raw: unknown): BankProfile | undefined {
  return quickly(quickBankProfile, raw);
}

export function quickJournalProfileParse(raw: unknown): JournalProfile | undefined {
  return quickly(quickJournalProfile, raw);
}
