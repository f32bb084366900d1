import * as path from 'node:path';
import type { Command } from 'commander';
import { ACTION_FLAGS, FLAG_NAMES, FLAGS, carriedText, needsAction } from '../../domain/reconcile';
import { UserError, describeUserError } from '../errors';
import { maskPersonalData } from '../io/safeCell';
import { assertNotSigned } from '../signoff/workbook';
import { runReconcile, type RunResult } from '../reconcile/run';
import { foreignSummary } from '../reconcile/summarySheet';
import { unitNotesText } from '../reconcile/notes';

/**
 * `anjie reconcile --bank FILE... --finance FILE [--register FILE [--project NAME...]] --period YYYY-MM --out FILE
 * [--json FILE] [--previous FILE] [--config FILE] [--fail-on-mismatch] [--show-pii] [--force]`
 *
 * Exit 0 when reconciled (mismatches are findings, not errors); 1 with --fail-on-mismatch when a
 * row needs action (ACTION_FLAGS in domain/reconcile/result.ts); 2 on bad input or usage; 3 on an internal error; 128+signal when stopped. Summary on stdout; progress on stderr only on a terminal.
 */
interface ReconcileCliOptions {
  bank: string[];
  finance: string;
  register?: string;
  project?: string[];
  period: string;
  out: string;
  json?: string;
  previous?: string;
  config?: string;
  failOnMismatch?: boolean;
  showPii?: boolean;
  force?: boolean;
  keepGoing?: boolean;
}

function checkPeriod(period: string): void {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12)
    throw new UserError({ zh: `--period 应为 YYYY-MM，例如 2026-11：${period}`, en: `--period must be YYYY-MM, e.g. 2026-11: ${period}` });
}

function checkOut(out: string): void {
  if (path.extname(out).toLowerCase() !== '.xlsx')
    throw new UserError({ zh: `--out 应为 .xlsx 文件：${out}`, en: `--out must be an .xlsx file: ${out}` });
}

export function summaryText(r: RunResult, out: string, json: string | undefined): string {
  const t = r.rec.totals;
  const lines: string[] = [];
  lines.push(`对账期间 Period: ${r.rec.engine.period}`);
  if (r.projects) lines.push(`项目 Project: ${r.projects.join('、')}`);
  lines.push('读入 Read:');
  // A statement's or journal's rows as the JSON and 汇总 count them (totals.files): every row read, the rejected among them.
  const counted = new Map(t.files.map((f) => [`${f.side}|${f.file}`, f]));
  const span = datesOutsidePeriod(r);
  // With no row in the period at all, the one warning below says it for every file.
  const fileSpans = span ? new Map<string, { from: string; to: string }>() : filesOutsidePeriod(r);
  for (const f of r.files) {
    const side = { bank: '银行 bank', finance: '财务 finance', register: '台账 register', previous: '上期 previous' }[f.side];
    const unit = f.side === 'register' ? '户 units' : f.side === 'previous' ? '项未达 open items' : '行 rows';
    const profile = f.profile ? ` (${f.profile})` : '';
    const tally = f.side === 'bank' || f.side === 'finance' ? (counted.get(`${f.side}|${f.file}`) ?? { rows: f.rows + f.rejected, rejected: f.rejected }) : { rows: f.rows, rejected: f.rejected };
    const rej = tally.rejected ? `，未解析 rejected ${tally.rejected}` : '';
    lines.push(`  ${side}: ${f.file}${profile} ${tally.rows} ${unit}${rej}`);
    for (const w of f.warnings) lines.push(`    警告 warning: ${w.zh} / ${w.en}`);
    const outside = fileSpans.get(`${f.side}|${f.file}`);
    if (outside)
      lines.push(
        `    警告 warning: 文件 ${f.file} 没有一行的日期在 ${r.rec.engine.period} 内（该文件的日期为 ${outside.from} 至 ${outside.to}），请检查 --period 和所选文件 / no row of ${f.file} is dated in ${r.rec.engine.period} (its rows run from ${outside.from} to ${outside.to}): check --period and that this is the right file`,
      );
    for (const w of f.notices ?? []) lines.push(`    注意 note: ${w.zh} / ${w.en}`);
  }
  const carried = carriedText(r.rec.engine);
  if (carried) lines.push(`上期结转 Carried in: ${carried.zh} / ${carried.en}`);
  if (r.workbook.unitNotes) {
    const u = unitNotesText(r.workbook.unitNotes);
    lines.push(`上期按户备注 Unit notes: ${u.zh} / ${u.en}`);
  }
  if (span)
    lines.push(
      `警告 warning: 没有一行的日期在 ${r.rec.engine.period} 内（读入的日期为 ${span.from} 至 ${span.to}），请检查 --period / no row is dated in ${r.rec.engine.period} (the rows run from ${span.from} to ${span.to}): check --period`,
    );
  const mb = t.bank.byOutcome.get('MATCHED')?.rows ?? 0;
  const mf = t.finance.byOutcome.get('MATCHED')?.rows ?? 0;
  lines.push(`已匹配 Matched: 银行 bank ${mb} / ${t.bank.rows}，财务 finance ${mf} / ${t.finance.rows}，自动匹配率 auto-match rate ${t.matchRate.times(100).toFixed(2)}%`);
  const raised = FLAGS.filter((f) => (t.flags.get(f) ?? 0) > 0);
  if (raised.length) {
    lines.push('标记 Flags (行数 rows):');
    for (const f of raised) lines.push(`  ${f} ${FLAG_NAMES[f].zh}: ${t.flags.get(f)}`);
  } else lines.push('标记 Flags: 无 none');
  const fx = foreignSummary(t);
  if (fx) lines.push(fx);
  lines.push(`报告 Report: ${out}`);
  for (const s of r.workbook.spills) lines.push(`  ${s.sheet} 续表 continues on: ${s.continuedOn.join(', ')}`);
  if (json) lines.push(`JSON: ${json}`);
  return lines.join('\n') + '\n';
}

/** The first and last dates read when rows have dates but none is in the period (a mistyped --period); else null. */
function datesOutsidePeriod(r: RunResult): { from: string; to: string } | null {
  const period = r.rec.engine.period;
  let from = '';
  let to = '';
  for (const it of r.rec.engine.items) {
    const d = it.date;
    if (!d || it.carried) continue;
    if (d.startsWith(period)) return null;
    if (!from || d < from) from = d;
    if (d > to) to = d;
  }
  return from ? { from, to } : null;
}

/**
 * Each bank statement or journal with dated rows none of which is in the period, by side|file, with
 * its first and last dates: a mistyped --period that a row of the month's edge (a credit of the 31st
 * in November's export) keeps datesOutsidePeriod from catching, or last month's journal given.
 */
function filesOutsidePeriod(r: RunResult): Map<string, { from: string; to: string }> {
  const period = r.rec.engine.period;
  const spans = new Map<string, { from: string; to: string } | null>();
  for (const it of r.rec.engine.items) {
    const d = it.date;
    if (!d || it.carried) continue;
    const key = `${it.side}|${it.file}`;
    const s = spans.get(key);
    if (s === null) continue;
    if (d.startsWith(period)) spans.set(key, null);
    else if (!s) spans.set(key, { from: d, to: d });
    else {
      if (d < s.from) s.from = d;
      if (d > s.to) s.to = d;
    }
  }
  const out = new Map<string, { from: string; to: string }>();
  for (const [k, s] of spans) if (s) out.set(k, s);
  return out;
}

/**
 * The parser of an option that takes one value: given twice (`--finance A --finance B`), commander
 * would keep B and read only it without a word; it is a usage error naming the option instead.
 */
function once(option: string): (value: string, previous: string | undefined) => string {
  return (value, previous) => {
    if (previous !== undefined)
      throw new UserError(
        { zh: `${option} 只能给一次（给了 ${previous} 和 ${value}）`, en: `${option} may be given only once (given ${previous} and ${value})` },
        {},
        { zh: `只保留一个 ${option}；多个银行流水文件都写在一个 --bank 之后。`, en: `Keep one ${option}; several bank files all go after a single --bank.` },
      );
    return value;
  };
}

export function registerReconcile(program: Command): void {
  program
    .command('reconcile')
    .description(
      '月度按揭下款对账：银行流水 × 财务序时账 × 按揭台账，逐笔匹配、标出每个差异并生成对账报告\n' +
        'Monthly disbursement reconciliation: bank statements × finance journal × register, matched line by line, every difference flagged, report workbook written',
    )
    .requiredOption('--bank <files...>', '银行流水文件（可多个）/ bank statement export(s)')
    .requiredOption('--finance <file>', '财务序时账导出 / finance journal export (序时账)', once('--finance'))
    .option('--register <file>', '按揭台账 .xlsx（可选）/ the register (optional)', once('--register'))
    .option('--project <names...>', '只用台账中这些项目（「项目」列）的房屋，集团台账按项目分别对账 / use only the register\'s units of these project(s) (its 项目 column): one project of a group register at a time')
    .requiredOption('--period <YYYY-MM>', '对账期间，例如 2026-11 / the month, e.g. 2026-11', once('--period'))
    .requiredOption('--out <file>', '对账报告 .xlsx / report workbook to write', once('--out'))
    .option('--json <file>', '机器可读结果（见 docs/reconcile-json.md）/ machine-readable result (docs/reconcile-json.md)', once('--json'))
    .option('--previous <file>', '上月的对账报告（.xlsx 或 .json），结转其未达项；.xlsx 报告差异表与按户表上的处理人/处理结果一并带入 / last month\'s report (.xlsx or .json): its open items are carried in, and from an .xlsx report the 处理人/处理结果 typed on its 差异 and 按户', once('--previous'))
    .option('--config <file>', '对账规则（覆盖 templates/reconcile.json）/ matching rules overriding templates/reconcile.json', once('--config'))
    .option(
      '--fail-on-mismatch',
      '有需要处理的行时退出码为 1（无法解析、重复入账、多个候选、串户、科目不符、金额不符、未达）；非按揭收支、冲正、银行重复行、非本期行和已匹配行上的提示（逾期入账等）不算 / ' +
        `exit 1 when a row needs action (${ACTION_FLAGS.join(', ')}); non-mortgage rows (interest, fees, payroll), reversals, repeated statement rows, rows of another month and notes on matched rows (LATE_BOOKING …) do not count`,
    )
    .option('--show-pii', '显示完整的证件号、账号、电话（默认打码）/ show ID, account and phone numbers in full (masked by default)')
    .option('--force', '覆盖已签核的报告 / overwrite a signed report')
    .option('--keep-going', '某个银行流水文件无法读取时，仍对账其余文件，并在报告开头注明（退出码仍为 2）/ when a bank file cannot be read, reconcile the others and say so at the top of the report (exit code still 2)')
    .addHelpText(
      'after',
      '\n退出码 Exit codes: 0 对账完成 reconciled (差异是发现，不是错误 / differences are findings); 1 --fail-on-mismatch 且有需要处理的行 / with --fail-on-mismatch and a row needing action; 2 输入或用法错误 / bad input or usage; 3 内部错误（请报告）/ internal error (please report it); 130/143 被中断 (Ctrl-C, SIGTERM) / stopped',
    )
    .action(async (opts: ReconcileCliOptions) => {
      if (opts.project && !opts.register)
        throw new UserError(
          { zh: '--project 需要同时给 --register：它选的是台账中的项目', en: '--project needs --register: it selects projects of the register' },
          {},
          { zh: '加上 --register 按揭台账.xlsx，或去掉 --project。', en: 'Add --register 按揭台账.xlsx, or leave out --project.' },
        );
      checkPeriod(opts.period);
      checkOut(opts.out);
      await assertNotSigned(opts.out, !!opts.force);
      const tty = !!process.stderr.isTTY;
      const progress = tty
        ? (phase: string, detail?: string) => {
            const zh = { read: '读取', match: '匹配', write: '写出' }[phase] ?? phase;
            process.stderr.write(`\r\x1b[K${zh} ${phase}${detail ? ` ${detail}` : ''} …`);
          }
        : undefined;
      let result: RunResult;
      try {
        result = await runReconcile({
          bank: opts.bank,
          finance: opts.finance,
          register: opts.register,
          projects: opts.project,
          period: opts.period,
          out: opts.out,
          json: opts.json,
          previous: opts.previous,
          config: opts.config,
          showPii: !!opts.showPii,
          onProgress: progress,
          keepGoing: !!opts.keepGoing,
        });
      } finally {
        // The progress line is cleared whatever happens: an error's first line would be glued to it.
        if (tty) process.stderr.write('\r\x1b[K');
      }
      process.stdout.write(summaryText(result, opts.out, opts.json));
      process.exitCode = opts.failOnMismatch && needsAction(result.rec.totals) ? 1 : 0;
      if (result.unreadable.length) {
        // --keep-going: the report is written without these files; like make -k, the exit code says the run was incomplete.
        for (const u of result.unreadable) process.stderr.write(`${maskPersonalData(describeUserError(u.error))}\n（已跳过，其余文件已对账 / skipped; the other files were reconciled）\n`);
        process.exitCode = 2;
      }
    });
}
