/**
 * Reading bank statements and finance journals — the API the reconciliation and other
 * commands call.
 *
 *   readBankFile(path, opts?)   → Promise<StatementRead>
 *   streamBankFile(path, opts, onTransaction) → Promise<StatementSummary>   (no array kept; for big files)
 *   readJournalFile(path, opts?) → Promise<JournalRead>
 *   readAnyFile(path, opts?)    → Promise<{ kind: 'bank', ... } | { kind: 'journal', ... }>   (what `anjie inspect` uses)
 *
 * opts (ReadOptions): { profile?: id to force ("generic" forces the generic fallback), sheet?: a
 * sheet name (hidden sheets are read only when named or with includeHiddenSheets), includeHiddenSheets? }.
 *
 * Any container: .csv/.txt (UTF-8 with or without BOM, GBK/GB18030, UTF-16 LE/BE with BOM; comma or
 * tab, chosen by which one shows a known header), .xlsx (exceljs streaming reader; hidden rows are
 * read, the 1904 date system is honoured) and legacy .xls / HTML or 2003-XML "xls" (converted with LibreOffice
 * `soffice --headless --convert-to xlsx` into a temp folder; without LibreOffice a UserError says how
 * to convert; HTML or 2003-XML in UTF-16 with a BOM is handed over as UTF-8). The file's content decides
 * the container, not its extension.
 *
 * StatementRead = {
 *   file (base name), path, profile (id), bank, profileReason (Bilingual: why this profile),
 *   generic (true when the generic fallback recognised the columns), sheet ("" for text files),
 *   headerRow (1-based row/line of the header, its first row), headerRows (2 for a header over two rows,
 *   else 1: the data starts under them), account / accountName (from the title block, or null),
 *   transactions: BankTransaction[] (amount signed: + money into this account, − money out;
 *     credit cards: repayments and refunds +, spending −),
 *   transactionCount, rejected: RejectedRow[] (file, sheet, row, column, reason, raw cells — rows that
 *     could not be read; never dropped, never guessed), skipped: SkippedRow[] (rows that are no money
 *     movement: Alipay 不计收支, WeChat "/", Alipay 交易关闭; a 合计/总计/本页合计/累计 line of a layout without
 *     a totals section that agrees with the rows or has no amount; a 本年累计 line), warnings: Bilingual[] (a 合计 line that
 *     disagrees with the rows: file, row, difference; unreadable balances, other sheets not read, other currencies),
 *   currency (main currency), credits / debits (Decimal, sums of money in / money out in the main
 *     currency, both ≥ 0), otherCurrencies: CurrencyTotals[], container, encoding, delimiter }
 *
 * JournalRead = { file, path, profile, profileReason, sheet, headerRow, headerRows, lines: JournalLine[] (every
 *   line; isBankLine marks the 银行存款 lines a statement reconciles against — the voucher's other lines
 *   are context and fill customer/unitKey), bankLines, debits / credits (sums over bank lines: 借方 =
 *   money into the bank), rejected, warnings }
 *
 * Errors a person can fix (file missing, no layout recognised — with the headers found and the nearest
 * profiles —, .xls without LibreOffice) are thrown as UserError.
 */
import * as path from 'node:path';
import type Decimal from 'decimal.js';
import type { BankTransaction, JournalLine, RejectedRow } from '../../domain/records';
import type { Bilingual } from '../../domain/text';
import { UserError } from '../errors';
import { runEngine, type EngineResult, type ReadOptions } from './engine';
import { journalTotals, JournalInterpreter } from './journal';
import type { BankProfile, JournalProfile } from './profile';
import { BankInterpreter, checkFooterTotals, mainCurrency, newAccumulator, type CurrencyTotals, type SkippedRow, type StatementAccumulator } from './statement';

export type { ReadOptions } from './engine';
export type { SkippedRow, CurrencyTotals } from './statement';
export { bankProfiles, journalProfiles, findBankProfile, findJournalProfile, normHeader } from './profile';
export type { BankProfile, JournalProfile } from './profile';

export interface StatementSummary {
  kind: 'bank';
  file: string;
  path: string;
  profile: string;
  bank: string;
  profileReason: Bilingual;
  generic: boolean;
  sheet: string;
  headerRow: number;
  headerRows: number;
  account: string | null;
  accountName: string | null;
  transactionCount: number;
  rejected: RejectedRow[];
  skipped: SkippedRow[];
  warnings: Bilingual[];
  currency: string;
  credits: Decimal;
  debits: Decimal;
  otherCurrencies: CurrencyTotals[];
  container: string;
  encoding: string | null;
  delimiter: string | null;
}

export interface StatementRead extends StatementSummary {
  transactions: BankTransaction[];
}

export interface JournalRead {
  kind: 'journal';
  file: string;
  path: string;
  profile: string;
  profileReason: Bilingual;
  sheet: string;
  headerRow: number;
  headerRows: number;
  lines: JournalLine[];
  bankLines: number;
  debits: Decimal;
  credits: Decimal;
  rejected: RejectedRow[];
  warnings: Bilingual[];
  container: string;
  encoding: string | null;
}

function summarise(file: string, eng: EngineResult, acc: StatementAccumulator, profile: BankProfile): StatementSummary {
  const main = mainCurrency(acc, profile.defaultCurrency);
  checkFooterTotals(acc, main);
  const others = [...acc.totals.values()]
    .filter((t) => t.currency !== main.currency)
    .sort((a, b) => a.currency.localeCompare(b.currency))
    .map((t) => t.snapshot());
  const warnings = [...eng.warnings, ...acc.warnings];
  for (const o of others) {
    warnings.push({
      zh: `${o.count} 笔 ${o.currency} 交易未计入 ${main.currency} 合计（收入 ${o.credits.toFixed(2)}，支出 ${o.debits.toFixed(2)}）`,
      en: `${o.count} transaction(s) in ${o.currency} are not in the ${main.currency} totals (in ${o.credits.toFixed(2)}, out ${o.debits.toFixed(2)})`,
    });
  }
  return {
    kind: 'bank',
    file: path.basename(file),
    path: file,
    profile: profile.id,
    bank: profile.bank,
    profileReason: eng.det.reason,
    generic: eng.det.generic,
    sheet: eng.ctx.sheet,
    headerRow: eng.ctx.headerRow,
    headerRows: eng.ctx.headerRows,
    account: eng.ctx.title.account,
    accountName: eng.ctx.title.accountName,
    transactionCount: acc.count,
    rejected: acc.rejected,
    skipped: acc.skipped,
    warnings,
    currency: main.currency,
    credits: main.credits,
    debits: main.debits,
    otherCurrencies: others,
    container: eng.container,
    encoding: eng.encoding,
    delimiter: eng.delimiter,
  };
}

type AnyRead = StatementRead | JournalRead;

async function readWith(file: string, opts: ReadOptions, kind: 'bank' | 'journal' | 'any', onTx?: (tx: BankTransaction) => void): Promise<AnyRead> {
  const acc = newAccumulator();
  const transactions: BankTransaction[] = [];
  const lines: JournalLine[] = [];
  const jRejected: RejectedRow[] = [];
  const jWarnings: Bilingual[] = [];
  const push = onTx ?? ((tx: BankTransaction) => transactions.push(tx));
  const keep = onTx === undefined;
  const eng = await runEngine(file, opts, (det, ctx) => {
    if (det.layout.kind === 'bank') return new BankInterpreter(det.layout.profile, ctx, acc, push, keep);
    return new JournalInterpreter(det.layout.profile, ctx, lines, jRejected, jWarnings);
  });
  const layout = eng.det.layout;
  if (kind !== 'any' && layout.kind !== kind) {
    throw new UserError(
      layout.kind === 'journal'
        ? { zh: `这是财务序时账（版式 ${layout.profile.id}），不是银行对账单`, en: `This is a finance journal (profile ${layout.profile.id}), not a bank statement` }
        : { zh: `这是银行对账单（版式 ${layout.profile.id}），不是财务序时账`, en: `This is a bank statement (profile ${layout.profile.id}), not a finance journal` },
      { file: path.basename(file) },
      layout.kind === 'journal'
        ? { zh: '序时账请放在 --finance 之后；--bank 只给网银导出的银行流水。', en: 'Give the journal after --finance; --bank takes the statements exported from the online bank.' }
        : { zh: '银行流水请放在 --bank 之后；--finance 给财务系统导出的序时账。', en: 'Give the statement after --bank; --finance takes the journal exported from the finance system.' },
    );
  }
  if (layout.kind === 'bank') return { ...summarise(file, eng, acc, layout.profile), transactions };
  const jp: JournalProfile = layout.profile;
  const t = journalTotals(lines);
  return {
    kind: 'journal',
    file: path.basename(file),
    path: file,
    profile: jp.id,
    profileReason: eng.det.reason,
    sheet: eng.ctx.sheet,
    headerRow: eng.ctx.headerRow,
    headerRows: eng.ctx.headerRows,
    lines,
    bankLines: t.bankLines,
    debits: t.debits,
    credits: t.credits,
    rejected: jRejected,
    warnings: [...eng.warnings, ...jWarnings],
    container: eng.container,
    encoding: eng.encoding,
  };
}

export async function readBankFile(file: string, opts: ReadOptions = {}): Promise<StatementRead> {
  return (await readWith(file, opts, 'bank')) as StatementRead;
}

/** Streaming: each transaction goes to `onTransaction` as it is read; nothing is kept. */
export async function streamBankFile(file: string, opts: ReadOptions, onTransaction: (tx: BankTransaction) => void): Promise<StatementSummary> {
  const r = (await readWith(file, opts, 'bank', onTransaction)) as StatementRead;
  const { transactions: _unused, ...summary } = r;
  return summary;
}

export async function readJournalFile(file: string, opts: ReadOptions = {}): Promise<JournalRead> {
  return (await readWith(file, opts, 'journal')) as JournalRead;
}

/** A bank statement or a journal, whichever the file is. */
export async function readAnyFile(file: string, opts: ReadOptions = {}): Promise<StatementRead | JournalRead> {
  return readWith(file, opts, 'any');
}
