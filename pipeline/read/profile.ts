import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { templatesDir } from '../io/paths';
import { UserError } from '../errors';
import { quickBankProfileParse, quickJournalProfileParse } from './profileQuickCheck';

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

/** Footer words shared by every layout (经办人 … : the signature lines portals and finance systems print under the rows). */
export const COMMON_FOOTERS = ['合计', '总计', '小计', '以上数据仅供参考', '本页合计', '累计', '打印时间', '打印日期', '温馨提示', '备注：', '说明：', '注：', '经办人', '复核人', '打印人', '打印柜员', '制单人', '制单：', '审核人'];

/** Each profile file is checked on load: by the quick check of its usual shape (profileQuickCheck.ts), else by zod. */
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
