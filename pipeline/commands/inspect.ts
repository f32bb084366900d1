import type { Command } from 'commander';
import type Decimal from 'decimal.js';
import { maskAccount } from '../../domain/identifiers';
import { toFixed2 } from '../../domain/money';
import type { RejectedRow } from '../../domain/records';
import { both, type Bilingual } from '../../domain/text';
import { UserError, describeUserError } from '../errors';
import { maskPersonalData } from '../io/safeCell';
import { bankProfiles, journalProfiles, readAnyFile, type JournalRead, type StatementRead } from '../read';

/**
 * `anjie inspect FILE...` — what the reader makes of each file: profile (and why), header row,
 * rows read, rows rejected (with row numbers and reasons), totals. `--json` prints the contract
 * documented in docs/inspect-json.md. Exit 0 when every file was read (rejected rows included),
 * 2 when any file could not be read at all.
 */
interface InspectOptions {
  json?: boolean;
  profile?: string;
  sheet?: string;
  hiddenSheets?: boolean;
  profiles?: boolean;
  showPii?: boolean;
}

export interface InspectFileJson {
  file: string;
  kind?: 'bank' | 'journal';
  profile?: string;
  profileReason?: string;
  generic?: boolean;
  sheet?: string;
  headerRow?: number;
  headerRows?: number;
  account?: string | null;
  transactions?: number;
  currency?: string;
  credits?: string;
  debits?: string;
  rejected?: { sheet: string; row: number; column?: string; reason: string }[];
  skipped?: { sheet: string; row: number; reason: string }[];
  warnings?: string[];
  error?: string;
}

function rejectedJson(r: RejectedRow[], showPii = false): InspectFileJson['rejected'] {
  return r.map((x) => ({ sheet: x.source.sheet, row: x.source.row, ...(x.column ? { column: x.column } : {}), reason: showPii ? both(x.reason) : maskPersonalData(both(x.reason)) }));
}

function money(d: Decimal): string {
  return toFixed2(d);
}

export function toInspectJson(file: string, r: StatementRead | JournalRead, showPii: boolean): InspectFileJson {
  const warnings = r.warnings.map((w: Bilingual) => (showPii ? both(w) : maskPersonalData(both(w))));
  if (r.kind === 'bank') {
    return {
      file,
      kind: 'bank',
      profile: r.profile,
      profileReason: both(r.profileReason),
      generic: r.generic,
      sheet: r.sheet,
      headerRow: r.headerRow,
      headerRows: r.headerRows,
      account: r.account === null ? null : showPii ? r.account : maskAccount(r.account),
      transactions: r.transactionCount,
      currency: r.currency,
      credits: money(r.credits),
      debits: money(r.debits),
      rejected: rejectedJson(r.rejected, showPii),
      skipped: r.skipped.map((s) => ({ sheet: s.source.sheet, row: s.source.row, reason: showPii ? both(s.reason) : maskPersonalData(both(s.reason)) })),
      warnings,
    };
  }
  return {
    file,
    kind: 'journal',
    profile: r.profile,
    profileReason: both(r.profileReason),
    generic: false,
    sheet: r.sheet,
    headerRow: r.headerRow,
    headerRows: r.headerRows,
    account: null,
    transactions: r.bankLines,
    currency: 'CNY',
    credits: money(r.debits),
    debits: money(r.credits),
    rejected: rejectedJson(r.rejected, showPii),
    skipped: [],
    warnings,
  };
}

function printText(j: InspectFileJson, r: StatementRead | JournalRead): string {
  const out: string[] = [];
  out.push(`文件 file: ${j.file}`);
  const name = r.kind === 'bank' ? bankProfiles().find((p) => p.id === r.profile)?.name : journalProfiles().find((p) => p.id === r.profile)?.name;
  out.push(`  版式 profile: ${j.profile}${name ? ` — ${both(name)}` : ''}${j.generic ? '（通用识别 generic）' : ''}`);
  out.push(`  原因 why: ${j.profileReason}`);
  const rows = j.headerRows === 2 ? `${j.headerRow}–${j.headerRow! + 1}（两行表头 two-row header）` : `${j.headerRow}`;
  out.push(`  表头 header row: ${rows}${j.sheet ? `（工作表 sheet: ${j.sheet}）` : ''}`);
  if (j.account) out.push(`  账号 account: ${j.account}`);
  if (r.kind === 'bank') {
    out.push(`  交易 transactions: ${j.transactions}`);
    out.push(`  收入合计 money in (credits): ${j.credits} ${j.currency}`);
    out.push(`  支出合计 money out (debits): ${j.debits} ${j.currency}`);
  } else {
    out.push(`  分录 lines: ${r.lines.length}，其中银行存款 bank-deposit lines: ${j.transactions}`);
    out.push(`  银行存款借方（收入）bank debits (money in): ${j.credits}`);
    out.push(`  银行存款贷方（支出）bank credits (money out): ${j.debits}`);
  }
  const skipped = j.skipped ?? [];
  if (skipped.length) {
    out.push(`  不计收支/跳过 skipped (not money in or out): ${skipped.length}`);
    for (const s of skipped) out.push(`    第 ${s.row} 行 row ${s.row}: ${s.reason}`);
  }
  const rejected = j.rejected ?? [];
  out.push(`  无法读取的行 rejected rows: ${rejected.length}`);
  for (const x of rejected) out.push(`    ${x.sheet ? `[${x.sheet}] ` : ''}第 ${x.row} 行 row ${x.row}${x.column ? ` 列 column ${x.column}` : ''}: ${x.reason}`);
  for (const w of j.warnings ?? []) out.push(`  警告 warning: ${w}`);
  return out.join('\n');
}

export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description('查看文件如何被读取：版式、表头、交易数、被拒绝的行、收支合计 / show how files are read: profile, header, transactions, rejected rows, totals')
    .argument('[files...]', '银行对账单或财务序时账文件 / bank statement or finance journal files')
    .option('--json', '输出 JSON（格式见 docs/inspect-json.md）/ print JSON (contract in docs/inspect-json.md)')
    .option('--profile <id>', '指定版式，不自动识别 / force a profile instead of detecting it')
    .option('--sheet <name>', '读取指定工作表 / read this sheet')
    .option('--hidden-sheets', '也读取隐藏的工作表 / also read hidden sheets')
    .option('--profiles', '列出全部版式 / list every profile')
    .option('--show-pii', '显示完整的账号、证件号、电话（默认打码）/ show account, ID and phone numbers in full (masked by default)')
    .action(async (files: string[], opts: InspectOptions) => {
      if (opts.profiles) {
        const lines = [...bankProfiles().map((p) => `${p.id}\t${p.bank}\t${both(p.name)}`), ...journalProfiles().map((p) => `${p.id}\t${p.system}\t${both(p.name)}`)];
        process.stdout.write(lines.join('\n') + '\n');
        return;
      }
      if (!files.length) {
        throw new UserError({ zh: '请给出要查看的文件', en: 'Give the files to inspect' }, {}, { zh: '例如：anjie inspect 工行流水.xlsx', en: 'For example: anjie inspect statement.xlsx' });
      }
      const results: InspectFileJson[] = [];
      let failed = false;
      const texts: string[] = [];
      for (const file of files) {
        try {
          const r = await readAnyFile(file, { profile: opts.profile, sheet: opts.sheet, includeHiddenSheets: opts.hiddenSheets });
          const j = toInspectJson(file, r, !!opts.showPii);
          results.push(j);
          texts.push(printText(j, r));
        } catch (err) {
          if (!(err instanceof UserError)) throw err;
          failed = true;
          const message = maskPersonalData(describeUserError(err));
          results.push({ file, error: message });
          texts.push(`文件 file: ${file}\n  无法读取 could not be read:\n    ${message.split('\n').join('\n    ')}`);
        }
      }
      if (opts.json) process.stdout.write(JSON.stringify({ files: results }, null, 2) + '\n');
      else process.stdout.write(texts.join('\n\n') + '\n');
      if (failed) process.exitCode = 2;
    });
}
