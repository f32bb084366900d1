import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { templatesDir } from '../io/paths';
import { UserError } from '../errors';

/**
 * Bank statement layouts and finance journal layouts as data (templates/banks/*.json,
 * templates/finance/*.json), validated with zod on load. Every column is named by its header
 * text; headers are compared after `normHeader` (NFKC, all white space removed), so
 * "借方发生额（支取）", "借方发生额(支取)" and "记账日          " all match as written here.
 */

const Bi = z.object({ zh: z.string(), en: z.string() });
/** One header name, or alternatives (the first present in the file is used). */
const ColumnRef = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
export type ColumnRef = z.infer<typeof ColumnRef>;

const Amount = z.discriminatedUnion('kind', [
  /** One signed column; `negate` when the bank writes money out as positive (credit cards). */
  z.object({ kind: z.literal('signed'), column: ColumnRef, negate: z.boolean().default(false) }),
  /** Separate money-in and money-out columns (收入/支出, 贷方/借方 for the account holder). */
  z.object({ kind: z.literal('split'), credit: ColumnRef, debit: ColumnRef }),
  /** An absolute amount plus a direction column (借/贷, Dr/Cr, 收/支). */
  z.object({
    kind: z.literal('direction'),
    column: ColumnRef,
    direction: ColumnRef,
    /** exact: the cell equals one of the words; prefix: the cell starts with one. */
    match: z.enum(['exact', 'prefix']).default('exact'),
    credit: z.array(z.string().min(1)).min(1),
    debit: z.array(z.string().min(1)).min(1),
    /** Rows neither in nor out (Alipay 不计收支, WeChat "/"): reported as skipped, never counted. */
    neutral: z.array(z.string()).default([]),
  }),
]);
export type AmountSpec = z.infer<typeof Amount>;

const WriteSpec = z.object({
  /** Rows above the header; cells may use {account} {accountName} {from} {to} {year} {month} {bankName}. */
  title: z.array(z.array(z.string())).default([]),
  dateFormat: z.enum(['YYYY-MM-DD', 'YYYYMMDD', 'YYYY/MM/DD', 'MM/DD']).default('YYYY-MM-DD'),
  timeFormat: z.enum(['HH:mm:ss', 'HHmmss']).default('HH:mm:ss'),
  /** Separator when date and time share a column. */
  dateTimeSeparator: z.string().default(' '),
  groupThousands: z.boolean().default(false),
  amountPrefix: z.string().default(''),
  /** Lines after the data, e.g. ["以上数据仅供参考"]. */
  notes: z.array(z.string()).default([]),
  /** A direction column the reader does not need but the layout has (ICBC 借/贷). */
  direction: z.object({ column: z.string(), credit: z.string(), debit: z.string() }).optional(),
  /** Other columns filled per row: {account} {accountName} {date} {n} {currency} {abs} {signed}. */
  fill: z.record(z.string()).default({}),
});

export const BankProfileSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  kind: z.literal('bank').default('bank'),
  bank: z.string().min(1),
  name: Bi,
  /** The layout's own file format, used when writing. Reading accepts any container. */
  format: z.enum(['csv', 'xlsx']),
  /** Encoding used when writing CSV; reading detects it. */
  encoding: z.enum(['utf-8', 'utf-8-bom', 'gb18030', 'utf-16le', 'utf-16be']).default('utf-8'),
  delimiter: z.enum([',', '\t']).default(','),
  header: z.object({
    /** All of these must be in one row for the profile to match. */
    required: z.array(z.string().min(1)).min(2),
    /** The full header in order (written by the writer); defaults to `required`. */
    columns: z.array(z.string().min(1)).optional(),
  }),
  /** Words in the title block that confirm this layout (detection tie-break). */
  titleContains: z.array(z.string()).default([]),
  /** Rows right below the header that are not data (units row, separators). */
  skipAfterHeader: z.number().int().min(0).default(0),
  columns: z.object({
    date: ColumnRef,
    /** Used when the date cell is empty (CMB credit: 交易日 empty on repayments → 记账日). */
    dateFallback: ColumnRef.optional(),
    time: ColumnRef.optional(),
    amount: Amount,
    currency: ColumnRef.optional(),
    counterpartyName: ColumnRef.optional(),
    counterpartyAccount: ColumnRef.optional(),
    /** Name and account run together in one cell (CMB 对手信息). */
    counterparty: ColumnRef.optional(),
    memo: z.array(ColumnRef).default([]),
    reference: ColumnRef.optional(),
    balance: ColumnRef.optional(),
  }),
  /** Rows that are not money movements (e.g. Alipay 交易关闭): reported as skipped. */
  skip: z.array(z.object({ column: ColumnRef, values: z.array(z.string()).min(1), reason: Bi })).default([]),
  /** A row whose first non-empty cell starts with one of these is a footer, not data. */
  footer: z.array(z.string()).default([]),
  /** The statement's own totals line, checked against the rows read. */
  totals: z.object({ labels: z.array(z.string()).min(1), credit: ColumnRef, debit: ColumnRef }).optional(),
  /** Dates without a year (credit cards): regex with (year)(month) groups on the title block. */
  statementMonth: z.string().optional(),
  defaultCurrency: z.string().default('CNY'),
  write: WriteSpec.default({}),
});
export type BankProfile = z.infer<typeof BankProfileSchema>;

export const JournalProfileSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  kind: z.literal('journal').default('journal'),
  system: z.string(),
  name: Bi,
  format: z.enum(['csv', 'xlsx']),
  encoding: z.enum(['utf-8', 'utf-8-bom', 'gb18030', 'utf-16le', 'utf-16be']).default('utf-8'),
  delimiter: z.enum([',', '\t']).default(','),
  header: z.object({ required: z.array(z.string().min(1)).min(2), columns: z.array(z.string().min(1)).optional() }),
  titleContains: z.array(z.string()).default([]),
  skipAfterHeader: z.number().int().min(0).default(0),
  columns: z.object({
    date: ColumnRef,
    voucher: ColumnRef,
    summary: ColumnRef,
    /** Either accountCode + accountName, or one `account` cell "1002.01 银行存款-工行". */
    accountCode: ColumnRef.optional(),
    accountName: ColumnRef.optional(),
    account: ColumnRef.optional(),
    debit: ColumnRef,
    credit: ColumnRef,
    auxiliary: ColumnRef.optional(),
  }),
  /** Account codes whose lines (and sub-accounts') are bank-deposit lines. */
  bankAccountCodes: z.array(z.string()).default(['1002']),
  footer: z.array(z.string()).default([]),
  write: WriteSpec.default({}),
});
export type JournalProfile = z.infer<typeof JournalProfileSchema>;

/** Header text as compared: NFKC (full-width folded), all white space removed. */
export function normHeader(s: string): string {
  return s.normalize('NFKC').replace(/[\s\u3000\u00a0]+/g, '');
}

export function refNames(ref: ColumnRef | undefined): string[] {
  if (ref === undefined) return [];
  return typeof ref === 'string' ? [ref] : ref;
}

/** Footer words shared by every layout. */
export const COMMON_FOOTERS = ['合计', '总计', '小计', '以上数据仅供参考', '本页合计', '累计', '打印时间', '打印日期', '温馨提示', '备注：', '说明：', '注：'];

/*
 * The schemas above checked by hand, for the profile files as they are written: zod took ~20 ms to
 * validate the 24 bank profiles, most of the time before a statement's first row was read. These
 * mirror the schemas exactly for what they accept — same output, defaults filled in, keys in the
 * schema's order, unknown keys dropped — and give up (undefined) on anything else, which zod then
 * judges: every file is still validated on load, and a malformed one gets zod's message as before.
 * test/reading/profileCheck.test.ts checks both against zod (every shipped profile, and mutated
 * ones). A field added to a schema must be added here too; that test fails until it is.
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
    format: oneOf(o.format, ['csv', 'xlsx'] as const),
    encoding: o.encoding === undefined ? 'utf-8' : oneOf(o.encoding, ENCODINGS),
    delimiter: o.delimiter === undefined ? ',' : oneOf(o.delimiter, DELIMITERS),
    header: headerSpec(o.header),
    titleContains: o.titleContains === undefined ? [] : strArray(o.titleContains),
    skipAfterHeader: skipAfterHeader(o.skipAfterHeader),
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
    format: oneOf(o.format, ['csv', 'xlsx'] as const),
    encoding: o.encoding === undefined ? 'utf-8' : oneOf(o.encoding, ENCODINGS),
    delimiter: o.delimiter === undefined ? ',' : oneOf(o.delimiter, DELIMITERS),
    header: headerSpec(o.header),
    titleContains: o.titleContains === undefined ? [] : strArray(o.titleContains),
    skipAfterHeader: skipAfterHeader(o.skipAfterHeader),
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

function loadDir<T>(dir: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>, quick: (raw: unknown) => T | undefined): T[] {
  if (!fs.existsSync(dir)) return [];
  const out: T[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const file = path.join(dir, name);
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new UserError({ zh: `版式文件不是有效的 JSON：${name}`, en: `Layout file is not valid JSON: ${name} (${(err as Error).message})` }, { file });
    }
    const usual = quick(raw);
    if (usual !== undefined) {
      out.push(usual);
      continue;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new UserError(
        { zh: `版式文件格式错误：${name}（${first?.path.join('.')}：${first?.message}）`, en: `Layout file is malformed: ${name} (${first?.path.join('.')}: ${first?.message})` },
        { file },
      );
    }
    out.push(parsed.data);
  }
  return out;
}

/** templates/<sub> of the project (projectRoot() never takes the JSON copies tsc puts in lib/). */
function layoutDir(sub: string): string {
  return templatesDir(sub);
}

let bankCache: BankProfile[] | null = null;
let journalCache: JournalProfile[] | null = null;

export function bankProfiles(): BankProfile[] {
  if (!bankCache) {
    bankCache = loadDir(layoutDir('banks'), BankProfileSchema, quickBankProfileParse);
    const seen = new Set<string>();
    for (const p of bankCache) {
      if (seen.has(p.id)) throw new UserError({ zh: `银行版式编号重复：${p.id}`, en: `Duplicate bank profile id: ${p.id}` });
      seen.add(p.id);
    }
  }
  return bankCache;
}

export function journalProfiles(): JournalProfile[] {
  if (!journalCache) journalCache = loadDir(layoutDir('finance'), JournalProfileSchema, quickJournalProfileParse);
  return journalCache;
}

export function findBankProfile(id: string): BankProfile | undefined {
  return bankProfiles().find((p) => p.id === id);
}

export function findJournalProfile(id: string): JournalProfile | undefined {
  return journalProfiles().find((p) => p.id === id);
}
