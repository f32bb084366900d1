import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Money } from '../../domain/money';
import type { RegisterUnit } from '../../domain/register';
import { run } from '../../pipeline/cli';
import { readBankFile, readJournalFile } from '../../pipeline/read';
import { registerWorkbook } from '../../pipeline/sample/registerXlsx';
import { writeJournal, writeStatement, type JournalRowIn, type StatementRow } from '../../pipeline/write/statements';

/** A bank row for a hand-made statement; `ref` is its 流水号 and identifies it in assertions. */
export interface BankIn {
  ref: string;
  date?: string;
  time?: string;
  amount: string;
  name?: string;
  memo?: string;
  balance?: string;
  /** 币种, for a profile with that column (default CNY). */
  currency?: string;
}

/** One voucher of the hand-made journal: its bank line (+ money in) and, by default, the 预收账款 line. */
export interface VoucherIn {
  voucher: string;
  date?: string;
  summary?: string;
  /** Debit on 银行存款 (money in); negative for money out. */
  amount: string;
  customer?: string;
  unit?: string;
  /** A deposit booked on 其他应收款-按揭保证金 in the same voucher. */
  deposit?: string;
  account?: { code: string; name: string };
}

export interface JsonRow {
  side: 'bank' | 'finance';
  file: string;
  sheet: string;
  row: number;
  outcome: string;
  flags: string[];
  counterparts: { side: string; file: string; sheet: string; row: number }[];
  rule: string | null;
  explanation: { zh: string; en: string };
  factors: Record<string, string> | null;
}

export interface ReconcileJson {
  period: string;
  /** With --project only. */
  projects?: string[];
  rows: JsonRow[];
  totals: {
    bank: { rows: number; amount: string; byOutcome: Record<string, { rows: number; amount: string }> };
    finance: { rows: number; amount: string; byOutcome: Record<string, { rows: number; amount: string }> };
    byAccount: Record<string, { rows: number; amount: string }>;
    flags: Record<string, number>;
    foreignCurrency: Record<string, { rows: number; amount: string }>;
    matchRate: string;
  };
  open: { side: string; file: string; row: number; amount: string; outcome: string; date: string; period: string; text: string }[];
}

export async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'anjie-rc-'));
}

function statementRows(rows: readonly BankIn[]): StatementRow[] {
  return rows.map((b) => ({
    date: b.date ?? '2026-11-03',
    time: b.time ?? '10:00:00',
    amount: new Money(b.amount),
    currency: b.currency ?? 'CNY',
    counterpartyName: b.name ?? null,
    counterpartyAccount: b.name ? '6222020200112233445' : null,
    memo: b.memo ?? null,
    reference: b.ref,
    balance: b.balance ? new Money(b.balance) : null,
  }));
}

export async function writeBank(dir: string, file: string, rows: readonly BankIn[], profile = 'icbc-corporate'): Promise<string> {
  const out = path.join(dir, file);
  const format = file.endsWith('.xlsx') ? { format: 'xlsx' as const } : { format: 'csv' as const, encoding: 'utf-8' as const };
  await writeStatement(profile, statementRows(rows), { out, ...format, account: '3602000109900112587', accountName: '测试置业有限公司' });
  return out;
}

export async function writeFinance(dir: string, file: string, vouchers: readonly VoucherIn[]): Promise<string> {
  const lines: JournalRowIn[] = [];
  for (const v of vouchers) {
    const date = v.date ?? '2026-11-03';
    const summary = v.summary ?? `收${v.unit ?? ''}${v.customer ?? ''}按揭款`;
    const amt = new Money(v.amount);
    const aux: Record<string, string> = {};
    if (v.customer) aux['客户'] = v.customer;
    if (v.unit) aux['房号'] = v.unit;
    const acct = v.account ?? { code: '1002.01', name: '银行存款-工行监管户' };
    lines.push({ date, voucher: v.voucher, summary, accountCode: acct.code, accountName: acct.name, debit: amt.gt(0) ? amt : new Money(0), credit: amt.lt(0) ? amt.neg() : new Money(0) });
    if (v.deposit) lines.push({ date, voucher: v.voucher, summary, accountCode: '1221.01', accountName: '其他应收款-按揭保证金', debit: new Money(v.deposit), credit: new Money(0), auxiliary: aux });
    const advance = amt.plus(v.deposit ?? 0);
    lines.push({ date, voucher: v.voucher, summary, accountCode: '2203.01', accountName: '预收账款-按揭款', debit: advance.lt(0) ? advance.neg() : new Money(0), credit: advance.gt(0) ? advance : new Money(0), auxiliary: aux });
  }
  const out = path.join(dir, file);
  await writeJournal('kingdee-journal', lines, { out, accountName: '测试置业有限公司' });
  return out;
}

export async function writeRegister(dir: string, units: readonly RegisterUnit[]): Promise<string> {
  const out = path.join(dir, '按揭台账.xlsx');
  await fs.writeFile(out, await registerWorkbook(units));
  return out;
}

/** Runs the CLI in-process; returns exit code and what it printed. */
export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const ow = process.stdout.write.bind(process.stdout);
  const ew = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array) => {
    stdout += String(s);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await run(['node', 'anjie', ...args]);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
    process.exitCode = undefined;
  }
}

export interface Scenario {
  dir: string;
  json: ReconcileJson;
  out: string;
  jsonPath: string;
  stdout: string;
  code: number;
  /** The JSON row of the bank transaction with this 流水号. */
  bank(ref: string): JsonRow;
  /** The JSON row of this voucher's bank line. */
  fin(voucher: string): JsonRow;
}

export async function scenario(p: { bank: readonly BankIn[] | Record<string, readonly BankIn[]>; finance: readonly VoucherIn[]; register?: readonly RegisterUnit[]; period?: string; args?: string[]; dir?: string; bankProfile?: string }): Promise<Scenario> {
  const dir = p.dir ?? (await tempDir());
  const bankSets = Array.isArray(p.bank) ? { '工行.csv': p.bank as readonly BankIn[] } : (p.bank as Record<string, readonly BankIn[]>);
  const bankFiles: string[] = [];
  for (const [file, rows] of Object.entries(bankSets)) bankFiles.push(await writeBank(dir, file, rows, p.bankProfile));
  const finFile = await writeFinance(dir, '序时账.xlsx', p.finance);
  const regArgs = p.register ? ['--register', await writeRegister(dir, p.register)] : [];
  const out = path.join(dir, 'out', 'report.xlsx');
  const jsonPath = path.join(dir, 'out', 'report.json');
  const res = await cli(['reconcile', '--bank', ...bankFiles, '--finance', finFile, ...regArgs, '--period', p.period ?? '2026-11', '--out', out, '--json', jsonPath, ...(p.args ?? [])]);
  if (res.code > 1) throw new Error(`reconcile failed (${res.code}): ${res.stderr}`);
  const json = JSON.parse(await fs.readFile(jsonPath, 'utf8')) as ReconcileJson;
  // Where each hand-made record landed, as the readers see it.
  const bankRows = new Map<string, { file: string; row: number }>();
  for (const f of bankFiles) for (const t of (await readBankFile(f)).transactions) if (t.reference) bankRows.set(t.reference, { file: t.source.file, row: t.source.row });
  const finRows = new Map<string, number>();
  for (const l of (await readJournalFile(finFile)).lines) if (l.isBankLine) finRows.set(l.voucher, l.source.row);
  const find = (side: 'bank' | 'finance', file: string, row: number) => {
    const r = json.rows.find((x) => x.side === side && x.file === file && x.row === row);
    if (!r) throw new Error(`no JSON row for ${side} ${file} ${row}`);
    return r;
  };
  return {
    dir,
    json,
    out,
    jsonPath,
    stdout: res.stdout,
    code: res.code,
    bank: (ref) => {
      const at = bankRows.get(ref);
      if (!at) throw new Error(`no bank row with reference ${ref}`);
      return find('bank', at.file, at.row);
    },
    fin: (voucher) => {
      const row = finRows.get(voucher);
      if (row === undefined) throw new Error(`no journal bank line for ${voucher}`);
      return find('finance', '序时账.xlsx', row);
    },
  };
}
