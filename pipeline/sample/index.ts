import Decimal from 'decimal.js';
import type { LocalDate } from '../../domain/dates';
import type { BankTransaction, JournalLine } from '../../domain/records';
import type { RegisterUnit } from '../../domain/register';
import type { Bilingual } from '../../domain/text';
import { UserError } from '../errors';
import { loadFeeRules } from '../render/templates';
import { ACCOUNTS, COMPANY, type AccountId, type SampleAccount } from './accounts';
import { parsePeriod, type Period } from './calendar';
import { fileLayout, type FileLayout } from './layout';
import { Rng } from './prng';
import { finishUnits, generateUnits } from './register';
import { buildScenario, type Flag, type PlannedTx, type PlannedVoucher } from './scenario';

export type { Flag } from './scenario';

export interface SampleOptions {
  /** Sold units in the register (default 240, at least 50). */
  units?: number;
  /** Any integer; the same seed always gives the same files. */
  seed?: number;
  /** The month reconciled, "YYYY-MM" (default 2026-11). */
  period?: string;
}

export const SAMPLE_DEFAULTS = { units: 240, seed: 20261130, period: '2026-11' } as const;
export const MIN_UNITS = 50;
export const MAX_UNITS = 20000;

export interface SampleStatement {
  /** Base name of the file written, e.g. 工行_监管户_2026-11.csv. */
  file: string;
  profile: string;
  sheet: string;
  account: SampleAccount;
  accountName: string;
  from: LocalDate;
  to: LocalDate;
  openingBalance: Decimal;
  transactions: BankTransaction[];
}

export interface SampleJournal {
  file: string;
  profile: string;
  sheet: string;
  from: LocalDate;
  to: LocalDate;
  lines: JournalLine[];
}

/** One row of truth.json: a row a person can find in a file. */
export interface TruthRow {
  side: 'bank' | 'finance';
  file: string;
  sheet: string;
  row: number;
  role: string;
  date: LocalDate;
  /** Bank: signed (+ money in). Finance: debit − credit of the bank line. */
  amount: string;
  /** Finance rows: 凭证字号 and ledger account of the line. */
  voucher?: string;
  accountCode?: string;
}

export interface TruthProblem {
  id: string;
  /** The flag the reconciler must raise on (one of) these rows. */
  flag: Flag;
  /** Flags it may also raise on them without being wrong. */
  mayAlsoRaise: Flag[];
  unitKey: string | null;
  description: Bilingual;
  amounts: Record<string, string>;
  rows: TruthRow[];
}

export interface SampleTruth {
  generator: 'anjie sample';
  version: 1;
  seed: number;
  period: string;
  units: number;
  project: string;
  company: string;
  files: { register: string; statements: { file: string; profile: string; bank: string; account: string; ledgerCode: string; from: LocalDate; to: LocalDate; rows: number; openingBalance: string }[]; journal: string };
  /** Every injected problem, each with the rows involved. */
  problems: TruthProblem[];
  /** Every other in-period disbursement: one credit and its booking, same amount, same unit, same day. */
  cleanMatches: { unitKey: string; part: 'commercial' | 'provident'; amount: string; bank: TruthRow[]; finance: TruthRow[] }[];
  /** Journal lines that are not on a bank account (a bank reconciliation leaves them alone). */
  notReconciled: { file: string; sheet: string; row: number; voucher: string; accountCode: string }[];
  /** Fees the desk under-collected (for the fee check, not the reconciliation). */
  feeShortfalls: { unitKey: string; fee: 'deedTax' | 'maintenanceFund'; expected: string; collected: string }[];
  counts: { registerUnits: number; bankRows: number; journalLines: number; problems: number; cleanMatches: number };
}

export interface SampleSet {
  options: Required<SampleOptions>;
  period: Period;
  company: typeof COMPANY;
  registerFile: string;
  register: RegisterUnit[];
  statements: SampleStatement[];
  journal: SampleJournal;
  truth: SampleTruth;
}

export function resolveOptions(opts: SampleOptions = {}): Required<SampleOptions> & { periodInfo: Period } {
  const units = opts.units ?? SAMPLE_DEFAULTS.units;
  const seed = opts.seed ?? SAMPLE_DEFAULTS.seed;
  const periodText = opts.period ?? SAMPLE_DEFAULTS.period;
  if (!Number.isInteger(units) || units < MIN_UNITS || units > MAX_UNITS) {
    throw new UserError(
      { zh: `户数须为 ${MIN_UNITS} 到 ${MAX_UNITS} 之间的整数：${String(opts.units)}`, en: `--units must be a whole number from ${MIN_UNITS} to ${MAX_UNITS}: ${String(opts.units)}` },
      {},
      { zh: `例如 --units 240`, en: 'For example --units 240' },
    );
  }
  if (!Number.isSafeInteger(seed)) {
    throw new UserError({ zh: `种子须为整数：${String(opts.seed)}`, en: `--seed must be a whole number: ${String(opts.seed)}` }, {}, { zh: '例如 --seed 7', en: 'For example --seed 7' });
  }
  const periodInfo = parsePeriod(periodText);
  if (!periodInfo) {
    throw new UserError({ zh: `期间格式应为 YYYY-MM：${periodText}`, en: `--period must look like YYYY-MM: ${periodText}` }, {}, { zh: '例如 --period 2026-11', en: 'For example --period 2026-11' });
  }
  return { units, seed, period: periodInfo.key, periodInfo };
}

export const REGISTER_FILE = '按揭台账.xlsx';
export const TRUTH_FILE = 'truth.json';

/**
 * The whole sample data set in memory: register, statements (one per exported file), journal and
 * the ground truth with the rows each file will have once written. Same options → same set.
 */
export function generateSampleSet(opts: SampleOptions = {}, layoutOf: (profile: string) => FileLayout = fileLayout): SampleSet {
  const o = resolveOptions(opts);
  const period = o.periodInfo;
  const root = new Rng(o.seed);
  const units = generateUnits(root.fork('register'), o.units, period);
  const sc = buildScenario(root.fork('scenario'), units, period);
  finishUnits(root.fork('finish'), units, period, loadFeeRules());

  // ---- statements: one file per account; ABC exported as two overlapping files
  const bankRows = new Map<string, TruthRow[]>();
  const statements: SampleStatement[] = [];
  for (const a of ACCOUNTS) {
    const rows = sc.txs.filter((t) => t.account === a.id).sort(byTime);
    const files: { label: string; from: LocalDate; to: LocalDate; rows: PlannedTx[] }[] =
      a.id === 'abc'
        ? [
            { label: `${period.first.slice(5)}至${sc.abcSplitDay.slice(5)}`, from: period.first, to: sc.abcSplitDay, rows: rows.filter((t) => t.date <= sc.abcSplitDay) },
            { label: `${sc.abcSplitDay.slice(5)}至${period.last.slice(5)}`, from: sc.abcSplitDay, to: period.last, rows: rows.filter((t) => t.date >= sc.abcSplitDay) },
          ]
        : [{ label: period.key, from: sc.statementFrom[a.id], to: period.last, rows }];
    // Balances run over the account's whole history, so overlapping exports agree.
    const balances = new Map<string, Decimal>();
    let bal = sc.openingBalance[a.id];
    for (const t of rows) {
      bal = bal.plus(t.amount);
      balances.set(t.id, bal);
    }
    const layout = layoutOf(a.profile);
    for (const f of files) {
      const file = `${a.short}_${a.id === 'cmb' ? '基本户' : '监管户'}_${a.id === 'abc' ? `${period.key.slice(0, 4)}-${f.label}` : f.label}${layout.ext}`;
      const first = f.rows[0];
      const opening = first ? balances.get(first.id)!.minus(first.amount) : sc.openingBalance[a.id];
      const transactions = f.rows.map((t, i): BankTransaction => {
        const row = layout.firstDataRow + i;
        const tr: TruthRow = { side: 'bank', file, sheet: layout.sheet, row, role: '', date: t.date, amount: t.amount.toFixed(2) };
        bankRows.set(t.id, [...(bankRows.get(t.id) ?? []), tr]);
        return {
          source: { file, sheet: layout.sheet, row },
          profile: a.profile,
          bank: a.bankCode,
          account: a.account,
          date: t.date,
          time: t.time,
          amount: t.amount,
          currency: 'CNY',
          counterpartyName: t.counterpartyName,
          counterpartyAccount: t.counterpartyAccount,
          memo: t.memo,
          reference: t.reference,
          balance: balances.get(t.id)!,
        };
      });
      statements.push({ file, profile: a.profile, sheet: layout.sheet, account: a, accountName: COMPANY.name, from: f.from, to: f.to, openingBalance: opening, transactions });
    }
  }

  // ---- journal: vouchers in date order, numbered 记-0001 …
  const jLayout = layoutOf(JOURNAL_PROFILE);
  const journalFile = `序时账_${period.key}${jLayout.ext}`;
  const vouchers = sc.vouchers.slice().sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
  const lines: JournalLine[] = [];
  const voucherRows = new Map<string, TruthRow[]>();
  const notReconciled: SampleTruth['notReconciled'] = [];
  vouchers.forEach((v, vi) => {
    const no = `记-${String(vi + 1).padStart(4, '0')}`;
    for (const l of v.lines) {
      const row = jLayout.firstDataRow + lines.length;
      const isBankLine = l.accountCode.startsWith('1002');
      lines.push({
        source: { file: journalFile, sheet: jLayout.sheet, row },
        profile: JOURNAL_PROFILE,
        date: v.date,
        voucher: no,
        summary: v.summary,
        accountCode: l.accountCode,
        accountName: l.accountName,
        debit: l.debit,
        credit: l.credit,
        auxiliary: l.auxiliary,
        customer: v.customer,
        unitKey: v.unitKey,
        isBankLine,
      });
      if (isBankLine) {
        const tr: TruthRow = { side: 'finance', file: journalFile, sheet: jLayout.sheet, row, role: '', date: v.date, amount: l.debit.minus(l.credit).toFixed(2), voucher: no, accountCode: l.accountCode };
        voucherRows.set(v.id, [...(voucherRows.get(v.id) ?? []), tr]);
      } else if (sc.nonBank.includes(v.id)) {
        notReconciled.push({ file: journalFile, sheet: jLayout.sheet, row, voucher: no, accountCode: l.accountCode });
      }
    }
  });

  const rowsOf = (ref: { tx?: string; voucher?: string; role: string }): TruthRow[] => {
    const found = ref.tx ? bankRows.get(ref.tx) : voucherRows.get(ref.voucher!);
    if (!found) throw new Error(`sample: no rows for ${ref.tx ?? ref.voucher}`);
    return found.map((r) => ({ ...r, role: ref.role }));
  };
  const problems: TruthProblem[] = sc.problems.map((p) => ({
    id: p.id,
    flag: p.flag,
    mayAlsoRaise: p.mayAlsoRaise,
    unitKey: p.unitKey,
    description: p.description,
    amounts: p.amounts,
    rows: p.refs.flatMap(rowsOf),
  }));
  const txById = new Map(sc.txs.map((t) => [t.id, t]));
  const cleanMatches = sc.clean.map((c) => ({
    unitKey: c.unitKey,
    part: c.part,
    amount: txById.get(c.tx)!.amount.toFixed(2),
    bank: rowsOf({ tx: c.tx, role: 'credit' }),
    finance: rowsOf({ voucher: c.voucher, role: 'booking' }),
  }));
  cleanMatches.sort((a, b) => a.bank[0]!.file.localeCompare(b.bank[0]!.file) || a.bank[0]!.row - b.bank[0]!.row);

  const register = units.map((u) => u.reg);
  const truth: SampleTruth = {
    generator: 'anjie sample',
    version: 1,
    seed: o.seed,
    period: period.key,
    units: o.units,
    project: COMPANY.project,
    company: COMPANY.name,
    files: {
      register: REGISTER_FILE,
      statements: statements.map((s) => ({ file: s.file, profile: s.profile, bank: s.account.bankName, account: s.account.account, ledgerCode: s.account.ledgerCode, from: s.from, to: s.to, rows: s.transactions.length, openingBalance: s.openingBalance.toFixed(2) })),
      journal: journalFile,
    },
    problems,
    cleanMatches,
    notReconciled,
    feeShortfalls: units
      .filter((u) => u.feeShortfall)
      .map((u) => ({ unitKey: u.reg.unitKey, fee: u.feeShortfall!.fee, expected: u.feeShortfall!.expected.toFixed(2), collected: u.feeShortfall!.collected.toFixed(2) })),
    counts: {
      registerUnits: register.length,
      bankRows: statements.reduce((s, x) => s + x.transactions.length, 0),
      journalLines: lines.length,
      problems: problems.length,
      cleanMatches: cleanMatches.length,
    },
  };
  return {
    options: { units: o.units, seed: o.seed, period: period.key },
    period,
    company: COMPANY,
    registerFile: REGISTER_FILE,
    register,
    statements,
    journal: { file: journalFile, profile: JOURNAL_PROFILE, sheet: jLayout.sheet, from: period.first, to: period.last, lines },
    truth,
  };
}

export const JOURNAL_PROFILE = 'kingdee-journal';

function byTime(a: PlannedTx, b: PlannedTx): number {
  const ka = `${a.date} ${a.time} ${a.id}`;
  const kb = `${b.date} ${b.time} ${b.id}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export type { AccountId, PlannedVoucher };
export { writeSampleSet } from './write';
