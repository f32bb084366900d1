import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { previousMonth } from '../../domain/dates';
import { Money } from '../../domain/money';
import type { BankTransaction, JournalLine, RejectedRow } from '../../domain/records';
import type { RegisterUnit } from '../../domain/register';
import { validateRegister } from '../../domain/registerValidation/validate';
import type { RegisterSheet } from '../../domain/registerValidation/parse';
import { formatLocation, type Issue } from '../../domain/issues';
import { reconcileInputErrors } from '../../domain/reconcile/registerErrors';
import { type RegisterRepeat, firstRowsOfUnits } from '../../domain/reconcile/registerRepeats';
import type { CarriedItem, CarriedNote, Outcome, Side } from '../../domain/reconcile';
import { OPEN_OUTCOMES, isPartText, skippedMemo } from '../../domain/reconcile';
import type { Bilingual } from '../../domain/text';
import { normaliseName } from '../../domain/units';
import { RECORD_SHEET } from '../../domain/signoff/recordTable';
import { UserError } from '../errors';
import { maskPersonalData } from '../io/safeCell';
import { readBankFile, readJournalFile } from '../read';
import { sniffContainer } from '../read/sources';
import { guardInputFile, inputFileError, verifyWorksheetParts } from '../read/guards';
import { plainCell, readRegisterWorkbook } from '../read/register';
import { parseDateOption } from '../render/options';
import { loadSheetDescription } from '../render/templates';
import { mayHaveSheet } from '../signoff/zipPeek';
import { cellText, readDiffNotes, readUnitNotes, type OpenRecordRef } from './notes';
import { OPEN_SHEET, SEEN_FINANCE_MARK, SEEN_MARK } from './workbook';
import { type PendingSignatureWarning, startPreviousSignatureWarning } from './previousSignature';
import { loadPreviousWorkbook } from './previousWorkbook';

export interface FileRead {
  side: Side | 'register' | 'previous';
  file: string;
  profile: string | null;
  rows: number;
  rejected: number;
  warnings: Bilingual[];
  /** What the person should know that is not a problem with the file (a JSON --previous carries no notes). */
  notices?: Bilingual[];
}

/** Unit codes two or more projects of the register share, in order of first appearance. */
export function sharedUnitCodes(units: readonly RegisterUnit[]): string[] {
  const projects = new Map<string, Set<string>>();
  for (const u of units) {
    if (!u.unitKey) continue;
    const set = projects.get(u.unitKey);
    if (set) set.add(u.project);
    else projects.set(u.unitKey, new Set([u.project]));
  }
  return [...projects].filter(([, set]) => set.size > 1).map(([code]) => code);
}

/**
 * The register's units are found by code (domain/reconcile/registerIndex.ts): of a code two projects
 * share, one project's unit stands for both, so its loans and buyers may be paired with the other
 * project's credits — except where a booking names its project or buyer (registerUnitOf: a split's
 * loan parts are then that project's unit's).
 */
function sharedCodesWarning(codes: readonly string[]): Bilingual {
  const list = codes.slice(0, 10).join('、');
  const more = codes.length > 10 ? ` 等 ${codes.length} 个` : '';
  const moreEn = codes.length > 10 ? ` (${codes.length} in all)` : '';
  return {
    zh: `台账中有多个项目共用的房号（${list}${more}）：对账按房号找房屋；财务记账的购房人或摘要能指明项目时，组合贷拆分按该项目的贷款金额核对，其余情况分不清这些房号属于哪个项目，其贷款金额和购房人只取其中一个项目的，相关结果请人工核对（或用 --project 按项目分别对账）`,
    en: `Several projects of the register share unit codes (${codes.slice(0, 10).join(', ')}${moreEn}): reconciliation finds a unit by its code; where a booking's buyer or text names the project, a split (组合贷) is checked against that project's loans, otherwise it cannot tell which project's unit these are: their loan amounts and buyers come from one of the projects only, so check those results by hand (or reconcile each project on its own with --project)`,
  };
}

/**
 * --project: the register's units of the named projects, and those projects as the register spells
 * them, in the order named. A name is compared with the 项目 column as buyers' names are
 * (normaliseName: full-width forms, blanks and case aside), nothing looser; a name no project of the
 * register has is an error that lists the projects it has.
 */
export function selectProjects(units: readonly RegisterUnit[], names: readonly string[], file: string): { units: RegisterUnit[]; projects: string[] } {
  const all: string[] = [];
  const seen = new Set<string>();
  for (const u of units)
    if (u.project && !seen.has(u.project)) {
      seen.add(u.project);
      all.push(u.project);
    }
  const projects: string[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const key = normaliseName(name);
    const hits = key ? all.filter((p) => normaliseName(p) === key) : [];
    if (!hits.length && !unknown.includes(name.trim())) unknown.push(name.trim());
    for (const p of hits) if (!projects.includes(p)) projects.push(p);
  }
  if (unknown.length) {
    const zh = unknown.map((n) => `「${n}」`).join('、');
    const en = unknown.map((n) => `"${n}"`).join(', ');
    throw new UserError(
      all.length
        ? { zh: `台账中没有项目${zh}；台账中的项目：${all.join('、')}`, en: `The register has no project ${en}; its projects are: ${all.join(', ')}` }
        : { zh: `台账中没有项目${zh}：台账的「项目」列没有填写`, en: `The register has no project ${en}: its 项目 column is empty` },
      { file: path.basename(file) },
      { zh: '--project 请写台账「项目」列中的项目名称。', en: "Give --project a name from the register's 项目 column." },
    );
  }
  const chosen = new Set(projects);
  return { units: units.filter((u) => chosen.has(u.project)), projects };
}

/**
 * A reader's warnings as the run reports them (the summary on stdout): they may quote the file
 * (a sheet name, a header) and, like every message, never show an ID, phone or account number in full.
 */
function masked(warnings: readonly Bilingual[]): Bilingual[] {
  return warnings.map((w) => ({ zh: maskPersonalData(w.zh), en: maskPersonalData(w.en) }));
}

export interface LoadedInputs {
  bank: BankTransaction[];
  finance: JournalLine[];
  rejected: { side: Side; row: RejectedRow }[];
  register: RegisterUnit[];
  carried: CarriedItem[];
  /** With --previous: the statement rows last month's report read (PreviousReport.seen). */
  seen: Set<string> | null;
  /** With --previous: the journal lines last month's report read (PreviousReport.seenFinance). */
  seenFinance: Set<string> | null;
  /** The 处理人/处理结果 typed on last month's 按户, per unit (none without --previous or with a JSON one). */
  unitNotes: ReadonlyMap<string, readonly CarriedNote[]>;
  files: FileRead[];
  /** Bank files that could not be read and were left out (--keep-going), in the order given. */
  unreadable: { file: string; error: UserError }[];
  /** --project: the register's projects reconciled, as the register spells them; null without it. */
  projects: string[] | null;
}

export interface LoadOptions {
  bank: readonly string[];
  finance: string;
  register?: string;
  /** --project: only the register's units of these projects are used (selectProjects). */
  projects?: readonly string[];
  previous?: string;
  /** The month reconciled (YYYY-MM): --previous must be a report of an earlier month. */
  period?: string;
  onProgress?: (what: string) => void;
  /** A bank file that cannot be read is left out (listed in `unreadable`) instead of stopping the run. */
  keepGoing?: boolean;
}

function checkNames(files: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const f of files) {
    const base = path.basename(f);
    const prev = seen.get(base);
    if (prev && path.resolve(prev) !== path.resolve(f))
      throw new UserError(
        { zh: `两个输入文件同名：${base}（${prev} 与 ${f}），报告按文件名定位行，无法区分`, en: `Two input files share the name ${base} (${prev} and ${f}); the report locates rows by file name and could not tell them apart` },
        { file: base },
        { zh: '请把其中一个文件改名后再运行。', en: 'Rename one of them and run again.' },
      );
    if (prev)
      throw new UserError({ zh: `同一文件给了两次：${base}`, en: `The same file was given twice: ${base}` }, { file: base }, { zh: '每个文件只给一次。', en: 'Give each file once.' });
    seen.set(base, f);
  }
}

/**
 * A file read with its header and nothing under it: the run is not stopped (a quiet account has
 * an empty month), but a clean-looking report over an export cut short at the header must not pass
 * unnoticed.
 */
function noRows(file: string): Bilingual {
  return { zh: `文件没有交易行：${file}（只有表头，请确认导出的期间和账户）`, en: `no transaction rows: ${file} (only the header; check the period and account of the export)` };
}

/**
 * The register read and checked as anjie validate (and anjie fees, anjie progress) read it: a 贷款银行
 * off the register's bank list is marked (BANK_UNKNOWN: no credit is taken for one net of a deposit on a
 * guessed ratio), a row repeating a unit is marked (DUPLICATE_UNIT), and the errors are validate's.
 */
async function readCheckedRegister(file: string): Promise<{ sheet: RegisterSheet; units: RegisterUnit[]; issues: Issue[] }> {
  const description = loadSheetDescription('register');
  const { sheet } = await readRegisterWorkbook(file, { description });
  const { units, issues } = validateRegister(sheet, { description, today: parseDateOption('--today', undefined) });
  return { sheet, units, issues };
}

/** At most this many of the register's errors are listed (as anjie fees and anjie progress list theirs); the rest are counted. */
export const REGISTER_ERROR_LIMIT = 20;

/**
 * The register's errors in the columns matching reads (reconcileInputErrors), as warnings of the
 * register: how many, then each at its sheet, row and column (validate's code and words, Chinese first),
 * at most REGISTER_ERROR_LIMIT, then how many more. A repeated unit's DUPLICATE_UNIT says which row was
 * matched against and what the rows disagree on.
 */
export function registerErrorWarnings(errors: readonly Issue[], repeats: readonly RegisterRepeat[]): Bilingual[] {
  if (!errors.length) return [];
  const repeatOfRow = new Map<number, RegisterRepeat>();
  for (const r of repeats) for (const u of r.later) if (u.source) repeatOfRow.set(u.source.row, r);
  const out: Bilingual[] = [
    {
      zh: `台账中对账所用的列有 ${errors.length} 处错误，对账按台账现有内容核对，请改正后重新对账（anjie validate 列出台账的全部问题）：`,
      en: `The register has ${errors.length} error(s) in the columns reconciliation reads; it was reconciled as it stands: correct them and run again (anjie validate lists all its problems):`,
    },
  ];
  for (const i of errors.slice(0, REGISTER_ERROR_LIMIT)) {
    const where = formatLocation({ ...i.location, file: undefined });
    const header = i.location.columnHeader;
    let zh = `${where}${header ? `「${header}」` : ''} ${i.code}：${i.message.zh}`;
    let en = `${where}${header ? ` (${header})` : ''} ${i.code}: ${i.message.en}`;
    const r = i.code === 'DUPLICATE_UNIT' && i.location.row !== undefined ? repeatOfRow.get(i.location.row) : undefined;
    if (r?.first.source) {
      const first = r.first.source.row;
      zh += r.differs.length ? `；${r.later.length > 1 ? '各' : '两'}行的${r.differs.map((d) => d.zh).join('、')}不一致，对账按第 ${first} 行核对` : `；对账按第 ${first} 行核对`;
      en += r.differs.length ? `; the rows disagree on ${r.differs.map((d) => d.en).join(', ')}: reconciled against row ${first}` : `; reconciled against row ${first}`;
    }
    out.push({ zh: maskPersonalData(zh), en: maskPersonalData(en) });
  }
  const more = errors.length - REGISTER_ERROR_LIMIT;
  if (more > 0) out.push({ zh: `…另有 ${more} 处，用 anjie validate 查看`, en: `… ${more} more: see anjie validate` });
  return out;
}

/** reconcile has no --profile: a file no layout fits is not told to use one. */
const NO_PROFILE_OPTION = { profileOption: false };

export async function loadInputs(opts: LoadOptions): Promise<LoadedInputs> {
  checkNames([...opts.bank, opts.finance]);
  const files: FileRead[] = [];
  const bank: BankTransaction[] = [];
  const rejected: { side: Side; row: RejectedRow }[] = [];
  // Both sides are read concurrently: while one waits on the disk the other parses.
  const failed: { file: string; error: UserError; at: number }[] = [];
  const bankReads = Promise.all(
    opts.bank.map(async (f, at) => {
      const r = await readBankFile(f, NO_PROFILE_OPTION).catch((error: unknown) => {
        if (!opts.keepGoing || !(error instanceof UserError)) throw error;
        failed.push({ file: path.basename(f), error, at });
        return null;
      });
      if (r) opts.onProgress?.(r.file);
      return r;
    }),
  ).then((all) => {
    // --keep-going: go on without the unreadable files, unless none is left.
    if (failed.length === opts.bank.length) throw failed.sort((a, b) => a.at - b.at)[0].error;
    return all.filter((r) => r !== null);
  });
  const finRead = readJournalFile(opts.finance, NO_PROFILE_OPTION).then((r) => {
    opts.onProgress?.(r.file);
    return r;
  });
  const regRead = opts.register ? readCheckedRegister(opts.register) : Promise.resolve(null);
  const [bankResults, fin, reg] = await Promise.all([bankReads, finRead, regRead]);
  for (const r of bankResults) {
    for (let at = 0; at < r.transactions.length; at++) {
      const t = r.transactions[at];
      bank.push(t);
    }
    for (const x of r.rejected) rejected.push({ side: 'bank', row: x });
    // A row the reader skips by design (Alipay 不计收支 / 交易关闭, WeChat "/") was read, not refused: it is a
    // statement row set aside as NOT_MORTGAGE (amount 0, neither money in nor out), its reason as its 摘要.
    const skipped = r.skipped ?? [];
    for (const s of skipped) {
      const memo = skippedMemo(s.reason);
      bank.push({ source: s.source, profile: r.profile, bank: r.bank, account: r.account, date: s.date, time: null, amount: new Money(0), currency: r.currency, counterpartyName: null, counterpartyAccount: null, memo, reference: null, balance: null });
    }
    const bare = r.transactions.length + r.rejected.length + skipped.length === 0;
    files.push({ side: 'bank', file: r.file, profile: r.profile, rows: r.transactions.length + skipped.length, rejected: r.rejected.length, warnings: masked(bare ? [...r.warnings, noRows(r.file)] : r.warnings) });
  }
  for (const x of fin.rejected) rejected.push({ side: 'finance', row: x });
  const bare = fin.lines.length + fin.rejected.length === 0;
  files.push({ side: 'finance', file: fin.file, profile: fin.profile, rows: fin.bankLines, rejected: fin.rejected.length, warnings: masked(bare ? [...fin.warnings, noRows(fin.file)] : fin.warnings) });
  let register: RegisterUnit[] = [];
  let projects: string[] | null = null;
  if (reg && opts.register) {
    register = reg.units;
    const notices: Bilingual[] = [];
    if (opts.projects) {
      ({ units: register, projects } = selectProjects(reg.units, opts.projects, opts.register));
      // The units left out: the register line counts the projects' units only.
      if (register.length < reg.units.length)
        notices.push({ zh: `只用项目 ${projects.join('、')} 的 ${register.length} 户（台账共 ${reg.units.length} 户）`, en: `only the ${register.length} unit(s) of ${projects.join(', ')} are used (the register holds ${reg.units.length})` });
    }
    // With --project, errors on the rows of the other projects' units are theirs, not this run's.
    const kept = new Set(register);
    const others = new Set(reg.units.filter((u) => !kept.has(u) && u.source).map((u) => u.source?.row));
    const errors = reconcileInputErrors(reg.issues, reg.sheet).filter((i) => !others.has(i.location.row));
    // The repeated units (validateRegister marks their later rows) are looked for only when there are some.
    const warnings: Bilingual[] = registerErrorWarnings(errors, register.some((u) => u.duplicateOf) ? firstRowsOfUnits(register).repeats : []);
    // Codes the projects reconciled share: another project's units are not in the run.
    const shared = sharedUnitCodes(register);
    if (shared.length) warnings.push(sharedCodesWarning(shared));
    // Its units: a row repeating an earlier row's unit (DUPLICATE_UNIT, warned above) is not another.
    files.push({ side: 'register', file: path.basename(opts.register), profile: null, rows: register.filter((u) => !u.duplicateOf).length, rejected: 0, warnings, ...(notices.length ? { notices } : {}) });
  }
  let carried: CarriedItem[] = [];
  let seen: Set<string> | null = null;
  let seenFinance: Set<string> | null = null;
  let unitNotes: ReadonlyMap<string, readonly CarriedNote[]> = new Map();
  if (opts.previous) {
    const prev = await loadPrevious(opts.previous, opts.period);
    const projectWarnings = previousProjectsCheck(opts.previous, prev.projects, projects);
    carried = prev.carried;
    seen = prev.seen;
    seenFinance = prev.seenFinance;
    unitNotes = prev.unitNotes;
    files.push({ side: 'previous', file: path.basename(opts.previous), profile: null, rows: carried.length, rejected: 0, warnings: [...projectWarnings, ...absentBanks(carried, bankResults), ...prev.warnings], notices: prev.notices });
  }
  const unreadable = failed.sort((a, b) => a.at - b.at).map(({ file, error }) => ({ file, error }));
  return { bank, finance: fin.lines, rejected, register, carried, seen, seenFinance, unitNotes, files, unreadable, projects };
}

// ---------------------------------------------------------------- --previous

/**
 * Warnings for last month's open credits of a bank none of this month's statements is from: a
 * forgotten export. Their account's balance is not in this month's 对账单余额, and every credit of
 * that bank this month is missing too.
 */
function absentBanks(carried: readonly CarriedItem[], statements: readonly { transactions: readonly BankTransaction[] }[]): Bilingual[] {
  const present = new Set<string>();
  for (const r of statements) if (r.transactions.length) present.add(r.transactions[0].bank);
  const absent = new Map<string, number>();
  for (const c of carried) if (c.side === 'bank' && c.bank && !present.has(c.bank)) absent.set(c.bank, (absent.get(c.bank) ?? 0) + 1);
  return [...absent].sort(([a], [b]) => (a < b ? -1 : 1)).map(([bank, n]) => ({
    zh: `上期有 ${n} 笔 ${bank} 的到账未达，但本期没有 ${bank} 的对账单：请补充该行本期的对账单，否则这些到账与该行本期的流水都无从核对，余额调节表也不含该账户的余额`,
    en: `${n} open credit(s) of ${bank} were carried in, but no ${bank} statement was given this month: add it, or neither they nor that bank's credits this month can be reconciled, and 余额调节表 lacks that account's balance`,
  }));
}

const openItemSchema = z.object({
  side: z.enum(['bank', 'finance']),
  file: z.string(),
  sheet: z.string(),
  row: z.number().int().positive(),
  period: z.string().regex(/^\d{4}-\d{2}$/),
  outcome: z.string(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  time: z.string().nullable(),
  amount: z.string().regex(/^-?\d+\.\d{2}$/),
  reference: z.string().nullable(),
  unit: z.string().nullable(),
  name: z.string().nullable(),
  text: z.string(),
  bank: z.string().nullable(),
  // Reports written before 分户调节 have no ledger.
  ledger: z.string().nullable().optional(),
  // Reports written before the 凭证字号 was carried have none.
  voucher: z.string().nullable().optional(),
  // Only on a booking carried as booked to the wrong account.
  belongsTo: z.string().nullable().optional(),
});
type OpenItem = z.infer<typeof openItemSchema>;

function toCarried(o: OpenItem): CarriedItem {
  // Carried rows keep their origin visible and never collide with this month's files of the same name.
  const file = /^\d{4}-\d{2}\//.test(o.file) ? o.file : `${o.period}/${o.file}`;
  return { ...o, file, outcome: o.outcome as Outcome, amount: new Money(o.amount) };
}

function badPrevious(file: string, d: Bilingual): UserError {
  return new UserError(
    { zh: `--previous 不是 anjie reconcile 的上期报告（JSON 或 .xlsx）：${d.zh}`, en: `--previous is not a report written by anjie reconcile (JSON or .xlsx): ${d.en}` },
    { file: path.basename(file) },
    { zh: '请给上月 anjie reconcile 生成的 report.json 或 report.xlsx。', en: "Give last month's report.json or report.xlsx written by anjie reconcile." },
  );
}

function notEarlier(file: string, itsPeriod: string, period: string): UserError {
  return new UserError(
    { zh: `--previous 是 ${itsPeriod} 的报告，不早于本次对账的 ${period}：上期报告应是之前月份的`, en: `--previous is a report of ${itsPeriod}, not earlier than the ${period} being reconciled: it must be an earlier month's report` },
    { file: path.basename(file) },
    { zh: `请给 ${period} 之前一个月的 report.json 或 report.xlsx。`, en: `Give the report.json or report.xlsx of the month before ${period}.` },
  );
}

function notMonthBefore(file: string, itsPeriod: string, period: string): UserError {
  const want = previousMonth(period);
  return new UserError(
    {
      zh: `--previous 是 ${itsPeriod} 的报告，不是 ${period} 的上一个月 ${want}：中间月份留下的未达项会丢失`,
      en: `--previous is the report of ${itsPeriod}, not of ${want}, the month before ${period}: what the months between left open would be lost`,
    },
    { file: path.basename(file) },
    { zh: `请先对 ${want} 对账，再以它的 report.json 或 report.xlsx 作为 --previous。`, en: `Reconcile ${want} first and give its report.json or report.xlsx as --previous.` },
  );
}

const alsoSchema = z.array(
  z.object({
    line: z.number().int().positive(),
    file: z.string(),
    sheet: z.string(),
    row: z.number().int().positive(),
    date: z.string().nullable(),
    amount: z.string().regex(/^-?\d+\.\d{2}$/).nullable(),
    reference: z.string().nullable(),
    voucher: z.string().nullable(),
  }),
);

/** `_anjie_open` column C: the lines of the rows repeating an item; none when empty, null when unreadable (the notes typed there are then not tied). */
function alsoLines(text: string | null): OpenRecordRef['also'] | null {
  if (text === null) return [];
  try {
    const p = alsoSchema.safeParse(JSON.parse(text));
    return p.success ? p.data : null;
  } catch {
    return null;
  }
}

/**
 * `_anjie_open` column C cells that cannot be read (edited, or cut short), named by sheet, column
 * and row: the 差异 lines of the rows repeating those items are not known, so a note typed there
 * does not come back, and the person is told where instead of nothing being said.
 */
function damagedAlsoWarning(cells: readonly string[]): Bilingual {
  const zh = cells.slice(0, 10).join('、') + (cells.length > 10 ? ` …（共 ${cells.length} 格）` : '');
  const en = cells.slice(0, 10).join(', ') + (cells.length > 10 ? ` … (${cells.length} cells)` : '');
  return {
    zh: `上期报告 ${OPEN_SHEET} 表 C 列有 ${cells.length} 格无法读取（记录未达项重复行所在差异行的内容已损坏）：${zh}；写在这些重复行差异行上的处理人/处理结果未能带入本期，请对照上期报告补填`,
    en: `${cells.length} cell(s) of column C of last month's ${OPEN_SHEET} cannot be read (the record of the 差异 lines of rows repeating an open item is damaged): ${en}; 处理人/处理结果 typed on those lines could not be brought forward: copy them over from last month's report`,
  };
}

export interface PreviousReport {
  carried: CarriedItem[];
  /** The 处理人/处理结果 typed on its 按户, per unit (房号); none from a JSON report. */
  unitNotes: Map<string, CarriedNote[]>;
  /** About the notes on its 差异 and 按户 (lines whose notes could not be tied to their items or units); never quoting them. */
  warnings: Bilingual[];
  /** A JSON report: it has no 处理人/处理结果 to bring forward. */
  notices: Bilingual[];
  /** The projects it reconciled (--project), as the register spelt them; null for the whole register. */
  projects: string[] | null;
  /** The statement rows it read, dated in its period (seenRows); null from a report that does not record them. */
  seen: Set<string> | null;
  /** The journal lines it read, dated in its period (seenRows); null from a report that does not record them. */
  seenFinance: Set<string> | null;
}

/** Said when --previous is a JSON report: the notes people typed on 差异 are in the workbook only. */
export const JSON_PREVIOUS_NOTICE: Bilingual = {
  zh: '上期报告为 JSON，不含差异表的处理人/处理结果；要把它们带入本期，请用上期的 .xlsx 报告作 --previous',
  en: 'the previous report is JSON, which has no 处理人/处理结果 notes: use the .xlsx report to bring 处理人/处理结果 forward',
};

export async function loadPrevious(file: string, period?: string): Promise<PreviousReport> {
  const signature: { check?: PendingSignatureWarning } = {};
  try {
    return await readPrevious(file, period, signature);
  } finally {
    signature.check?.cancel(); // the report was refused, or has no 签核记录 after all
  }
}

async function readPrevious(file: string, period: string | undefined, signature: { check?: PendingSignatureWarning }): Promise<PreviousReport> {
  // The checks every input gets (empty, too big, damaged, encrypted, a zip bomb, no permission)
  // before a byte of it is parsed.
  await guardInputFile(file);
  const container = await sniffContainer(file).catch((err: unknown) => {
    throw inputFileError(file, err);
  });
  const raw: unknown[] = [];
  // Per item of a workbook's _anjie_open, the 序号 of the 差异 line that showed it (column B; none
  // in reports before it was written, and none in a JSON report, which has no 差异).
  const lines: (number | null)[] = [];
  // Per item, the other 差异 lines that showed a row repeating it (column C; none in older reports).
  const also: OpenRecordRef['also'][] = [];
  // Column C cells that could not be read, as "_anjie_open!C5".
  const damaged: string[] = [];
  // The period the report is of (JSON "period", _anjie_open!B1).
  let reportPeriod: string | null = null;
  // The projects it was run for (_anjie_open!C1, JSON "projects"); null: the whole register.
  let reportProjects: string[] | null = null;
  // Bank files it left out with --keep-going (_anjie_open!D1, JSON "notRead").
  let notRead: string[] = [];
  // The statement rows it read, dated in its period (_anjie_open!E1 on, JSON "seen"); null in reports before they were recorded.
  let seen: Set<string> | null = null;
  // And the journal lines (after an empty cell, SEEN_FINANCE_MARK; JSON "seenFinance"); null in reports before they were.
  let seenFinance: Set<string> | null = null;
  let wb: ExcelJS.Workbook | null = null;
  if (container === 'xlsx') {
    // The whole-workbook reader: reliable whatever order the parts are in (a very large month is
    // better carried in through its JSON, which streams); handed only the sheets read below.
    try {
      await verifyWorksheetParts(file); // exceljs inflates the sheets itself, unchecked
      // A signed report's signature is verified meanwhile, on a worker thread (previousSignature.ts).
      if (await mayHaveSheet(file, RECORD_SHEET)) signature.check = startPreviousSignatureWarning(file);
      wb = await loadPreviousWorkbook(file);
    } catch (err) {
      if (err instanceof UserError) throw err;
      throw badPrevious(file, { zh: '工作簿已损坏，无法打开', en: 'the workbook is damaged and cannot be opened' });
    }
    const ws = wb.worksheets.find((w) => w.getCell(1, 1).value === 'anjie-open/1');
    if (!ws) throw badPrevious(file, { zh: `没有 ${OPEN_SHEET} 数据表`, en: `no ${OPEN_SHEET} sheet` });
    const b1 = plainCell(ws.getCell(1, 2).value);
    reportPeriod = typeof b1 === 'string' ? b1 : null;
    reportProjects = projectList(cellText(ws.getCell(1, 3).value), file, `${OPEN_SHEET}!C1`);
    notRead = notReadList(cellText(ws.getCell(1, 4).value));
    // E1 'seen/1', then the statement rows it read (reports before it have none: seen stays null).
    if (cellText(ws.getCell(1, 5).value) === SEEN_MARK) {
      // The cells from `col` up to an empty one, as a set of hashes; `col` is left on the empty cell.
      let col = 6;
      const ids = (): Set<string> => {
        const out = new Set<string>();
        for (; ; col++) {
          const text = cellText(ws.getCell(1, col).value);
          if (!text) return out;
          for (const id of text.split(' ')) if (id) out.add(id);
        }
      };
      seen = ids();
      // Then, past that empty cell, the journal lines (reports before them end there: seenFinance stays null).
      if (cellText(ws.getCell(1, col + 1).value) === SEEN_FINANCE_MARK) {
        col += 2;
        seenFinance = ids();
      }
    }
    // Re-saved in LibreOffice, WPS or Excel after 处理人/处理结果 were filled in, a row may come back
    // as rich text or a shared formula result: read its text; a row that has none is an error, never skipped.
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const v = plainCell(row.getCell(1).value);
      if (v === null || v === '') return;
      try {
        if (typeof v !== 'string') throw new Error(`${OPEN_SHEET}!A${n}`);
        raw.push(JSON.parse(v));
        const line = cellText(row.getCell(2).value);
        lines.push(line !== null && /^\d{1,9}$/.test(line) ? Number(line) : null);
        const repeats = alsoLines(cellText(row.getCell(3).value));
        if (repeats === null) damaged.push(`${ws.name}!C${n}`);
        also.push(repeats ?? []);
      } catch (err) {
        throw badPrevious(file, { zh: `${OPEN_SHEET} 第 ${n} 行无法读取（${(err as Error).message}）`, en: `row ${n} of ${OPEN_SHEET} cannot be read (${(err as Error).message})` });
      }
    });
  } else {
    let data: unknown;
    const text = await fs.readFile(file, 'utf8').catch((err: unknown) => {
      throw inputFileError(file, err);
    });
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw badPrevious(
        file,
        /^\s*[{[]/.test(text)
          ? { zh: 'JSON 格式错误（文件可能不完整或被编辑过）', en: `the JSON is malformed (the file may be cut short or edited): ${(err as Error).message}` }
          : { zh: '既不是 JSON 文件，也不是 .xlsx 工作簿', en: 'it is neither a JSON file nor an .xlsx workbook' },
      );
    }
    const p = (data as { period?: unknown }).period;
    reportPeriod = typeof p === 'string' ? p : null;
    const projects = (data as { projects?: unknown }).projects;
    reportProjects = projects === undefined ? null : projectList(JSON.stringify(projects), file, '"projects"');
    const rows = (data as { seen?: unknown }).seen;
    if (Array.isArray(rows)) seen = new Set(rows.filter((x): x is string => typeof x === 'string'));
    const lines = (data as { seenFinance?: unknown }).seenFinance;
    if (Array.isArray(lines)) seenFinance = new Set(lines.filter((x): x is string => typeof x === 'string'));
    const left = (data as { notRead?: unknown }).notRead;
    notRead = Array.isArray(left) ? left.map((x) => String((x as { file?: unknown })?.file ?? '')).filter(Boolean) : [];
    const open = (data as { open?: unknown }).open;
    if (!Array.isArray(open)) throw badPrevious(file, { zh: '缺少 "open" 未达项列表', en: 'no "open" list' });
    raw.push(...open);
  }
  if (reportPeriod === null || !/^\d{4}-(0[1-9]|1[0-2])$/.test(reportPeriod)) throw badPrevious(file, { zh: '没有报告期间', en: 'the report names no period' });
  if (period && reportPeriod >= period) throw notEarlier(file, reportPeriod, period);
  // Only last month's report carries everything still open: an older one misses what the months
  // between left open (and still holds what they closed).
  if (period && reportPeriod !== previousMonth(period)) throw notMonthBefore(file, reportPeriod, period);
  const out: CarriedItem[] = [];
  const refs: OpenRecordRef[] = [];
  const items = new Set<string>();
  for (const [k, r] of raw.entries()) {
    const p = openItemSchema.safeParse(r);
    if (!p.success) {
      const why = p.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw badPrevious(file, { zh: `第 ${k + 1} 项内容不对（${why}）`, en: `item ${k + 1} is not an open item as written (${why})` });
    }
    // Items of this month or a later one: the report is not last month's (this month's own report
    // would carry every open row in a second time).
    if (period && p.data.period >= period) throw notEarlier(file, p.data.period, period);
    // The list holds open items only: anything else is an edited or damaged report, and skipping
    // it would drop a row from the chain without a word.
    if (!OPEN_OUTCOMES.includes(p.data.outcome as Outcome)) throw badPrevious(file, { zh: `第 ${k + 1} 项的结果 ${p.data.outcome} 不是未达项`, en: `item ${k + 1} has outcome ${p.data.outcome}, not an open one` });
    const id = `${p.data.side}|${p.data.file}|${p.data.sheet}|${p.data.row}`;
    if (items.has(id)) throw badPrevious(file, { zh: `第 ${k + 1} 项重复：${p.data.file} 第 ${p.data.row} 行`, en: `item ${k + 1} repeats ${p.data.file} row ${p.data.row}` });
    items.add(id);
    out.push(toCarried(p.data));
    const d = p.data;
    refs.push({
      side: d.side,
      file: d.file,
      sheet: d.sheet,
      row: d.row,
      line: lines[k] ?? null,
      date: d.date,
      // An item open for a part of its row (the deposit a booking withheld, an amount difference); its line shows the row.
      amount: isPartText(d.text) ? null : d.amount,
      reference: d.reference,
      voucher: d.voucher ?? null,
      also: also[k] ?? [],
    });
  }
  // 处理人 / 处理结果 typed on last month's 差异, put on the items their lines show.
  const incomplete = notRead.length ? [notReadWarning(notRead)] : [];
  // A signed report is verified as anjie signoff verify does (streamed, begun beside the load
  // above); an unsigned one costs nothing.
  const changed = wb?.getWorksheet(RECORD_SHEET) ? await (signature.check ??= startPreviousSignatureWarning(file)).warning() : null;
  if (changed) incomplete.unshift(changed);
  if (!wb) return { carried: out, unitNotes: new Map(), warnings: incomplete, notices: [JSON_PREVIOUS_NOTICE], projects: reportProjects, seen, seenFinance };
  const read = readDiffNotes(wb, refs, reportPeriod);
  read.notes.forEach((notes, k) => {
    if (notes) out[k].notes = notes;
  });
  // And those typed on its 按户, per unit.
  const units = readUnitNotes(wb, reportPeriod);
  const warnings = damaged.length ? [damagedAlsoWarning(damaged), ...read.warnings] : read.warnings;
  return { carried: out, unitNotes: units.notes, warnings: [...incomplete, ...warnings, ...units.warnings], notices: [], projects: reportProjects, seen, seenFinance };
}

/** _anjie_open!D1: the bank files a --keep-going run left out, as a JSON list of names; none when empty or unreadable. */
function notReadList(text: string | null): string[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((f): f is string => typeof f === 'string' && f !== '') : [];
  } catch {
    return [];
  }
}

/**
 * Last month's report was written with --keep-going: the statements it did not read are in none of
 * its results, so the bookings of their credits were left open (and are carried in now as open) and
 * their open credits are missing. Taken, not refused (the month may have to go on), but said.
 */
function notReadWarning(names: readonly string[]): Bilingual {
  const files = names.map(maskPersonalData);
  return {
    zh: `上期报告是用 --keep-going 生成的，未读取 ${files.join('、')}：这些对账单的到账不在上期结果中，其入账被当作未达项带入本期，其未达到账则缺失；请补齐文件重新对上期对账，再用新报告作 --previous`,
    en: `the previous report was written with --keep-going and did not read ${files.join(', ')}: their credits are in none of its results, so the bookings of them were carried in as open items and their own open credits are missing; reconcile last month again with those files, and give that report as --previous`,
  };
}

/** A report's list of projects as written (a JSON list of names), or null when it names none. */
function projectList(text: string | null, file: string, where: string): string[] | null {
  if (text === null || text.trim() === '') return null;
  try {
    const v: unknown = JSON.parse(text);
    if (Array.isArray(v) && v.length > 0 && v.every((p) => typeof p === 'string' && p.trim() !== '')) return v as string[];
  } catch {
    // said below
  }
  throw badPrevious(file, { zh: `${where} 的项目列表无法读取`, en: `the list of projects in ${where} cannot be read` });
}

/**
 * Last month's open items are of the projects it reconciled: carried into a run of other projects
 * they would show as that run's own open items, and that run's own would be missing. A report of
 * the whole register carried into a --project run holds the other projects' items too: said, not
 * refused, as the month a group starts reconciling by project has no other report to give.
 */
export function previousProjectsCheck(file: string, theirs: readonly string[] | null, ours: readonly string[] | null): Bilingual[] {
  const key = (list: readonly string[]) => [...new Set(list.map(normaliseName))].sort().join('\n');
  if (theirs === null && ours === null) return [];
  if (theirs === null)
    return [
      {
        zh: `上期报告是整个台账的对账，其未达项也带入了其他项目的（本次只对账 ${(ours ?? []).join('、')}）：属于其他项目的会显示为本期未达，请人工剔除`,
        en: `the previous report reconciled the whole register, so its open items of other projects are carried in too (this run is of ${(ours ?? []).join(', ')} only): those show as open items here; set them aside by hand`,
      },
    ];
  if (ours !== null && key(theirs) === key(ours)) return [];
  const them = theirs.join('、');
  const us = ours ? `项目 ${ours.join('、')}` : '整个台账';
  throw new UserError(
    {
      zh: `--previous 是项目 ${them} 的对账报告，本次对账的是${us}：上期未达项会被当成别的项目的`,
      en: `--previous is the report of project(s) ${theirs.join(', ')}, but this run is of ${ours ? `project(s) ${ours.join(', ')}` : 'the whole register'}: last month's open items would be taken for another project's`,
    },
    { file: path.basename(file) },
    {
      zh: `请给同一项目上月的报告，或用 --project ${theirs.join(' ')}。`,
      en: `Give last month's report of the same project(s), or use --project ${theirs.join(' ')}.`,
    },
  );
}
