import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import type { Bilingual } from '../../domain/text';
import { cellString, columnLetter, type Cell } from './cells';
import { genericFromRow, HeaderIndex, headerKeys, isSideColumnName, layoutById, matchHeaderRow, nearestProfiles, type Detection, type Layout } from './detect';
import { normHeader } from './profile';
import { damagedWorkbook, guardInputFile, inputFileError, limitRows, readFileBytes } from './guards';
import { registerHeaderFinder } from './register';
import { convertWithLibreOffice, readTextSample, sampleRecords, sniffContainer, streamText, streamXlsx, type Container, type RowSink, type TextEncoding } from './sources';

/**
 * The reading engine shared by statements and journals: open any container, find the header
 * (a known profile, or the generic fallback), then hand each data row to an interpreter.
 */
export interface ReadOptions {
  /** Force a profile id (bank or finance); "generic" forces the generic fallback. */
  profile?: string;
  /** Read this sheet (also when hidden); default: the first visible sheet with a known header. */
  sheet?: string;
  includeHiddenSheets?: boolean;
  /**
   * Whether the command reading the file has the --profile and --sheet options, suggested when no
   * layout fits or another sheet was not read (default true; `anjie reconcile` has neither).
   */
  profileOption?: boolean;
}

export interface SheetContext {
  file: string;
  sheet: string;
  /** The header's (first) row. */
  headerRow: number;
  /** The rows the header takes: 2 for a header over two rows (发生额 over 借方 | 贷方), else 1. The data starts under them. */
  headerRows: number;
  header: HeaderIndex;
  titleRows: Cell[][];
  titleText: string;
  title: TitleInfo;
  date1904: boolean;
  text: boolean;
}

export interface TitleInfo {
  account: string | null;
  accountName: string | null;
  pairs: Record<string, string>;
  /** The title's account when its digits are gone (then `account` is null): as shown, and where (0-based title row and column). */
  accountLost?: { shown: string; titleRow: number; col: number };
}

export interface Interpreter {
  row(cells: Cell[], rowNumber: number): void;
  end(): void;
}

export type InterpreterFactory = (det: Detection, ctx: SheetContext) => Interpreter;

const WINDOW = 80;

const ACCOUNT_KEYS = ['账号', '本方账号', '卡号', '账户', '帐号', '支付宝账户', '银行账号'];
const NAME_KEYS = ['户名', '账户名称', '账户名', '单位名称', '客户名称', '姓名', '微信昵称', '本方户名'];

/**
 * Where a cell holds several pairs ("账号：190101… 户名：某某置业有限公司", "账户：…，币种：人民币"):
 * cut before each key that follows a value and white space or a comma or semicolon. A key starts
 * with no digit, so the time in "起止日期：2026-11-01 00:00:00" stays whole; white space before
 * the first colon is inside a spaced-out key ("账\u3000\u3000号：") and is no cut.
 */
const NEXT_PAIR = /(?<=[:：]\s*[^\s:：][^:：]*)[\s\u3000，,；;]+(?=[^\s\u3000，,；;:：\d[][^\s\u3000，,；;:：]{0,11}[:：])/;
function splitPairs(text: string): string[] {
  return NEXT_PAIR.test(text) ? text.split(NEXT_PAIR) : [text];
}

/** Key/value pairs of the title block: "账号：123" in one cell, or "账号" | "123" in two. */
export function parseTitle(rows: readonly (readonly Cell[])[]): TitleInfo {
  const pairs: Record<string, string> = {};
  const known = new Set([...ACCOUNT_KEYS, ...NAME_KEYS, '起止日期', '日期范围', '币种', '开户机构', '账户类型']);
  // Where each pair's value came from: its title row, its cell's column, and whether that cell lost digits.
  const origin: Record<string, { titleRow: number; col: number; lost: boolean }> = {};
  for (let ri = 0; ri < rows.length; ri++) {
    const r = rows[ri];
    const cells: string[] = [];
    const from: { col: number; lost: boolean }[] = [];
    r.forEach((c, col) => {
      const lost = typeof c === 'number' && Math.abs(c) >= 1e15; // Excel keeps 15 significant digits
      for (const piece of splitPairs(cellString(c))) {
        cells.push(piece);
        from.push({ col, lost });
      }
    });
    for (let i = 0; i < cells.length; i++) {
      const t = cells[i];
      if (!t) continue;
      const m = /^([^:：]{1,12})[:：]\s*(.*)$/.exec(t);
      let key: string | null = null;
      let value = '';
      if (m) {
        key = m[1].normalize('NFKC').replace(/[\s\u3000]+/g, '');
        value = m[2].trim();
      } else {
        const k = t.normalize('NFKC').replace(/[\s\u3000]+/g, '');
        if (known.has(k)) key = k;
      }
      if (!key) continue;
      let at = i;
      if (!value) {
        const next = cells.slice(i + 1).find((c) => c.length > 0);
        if (next && !/[:：]/.test(next)) {
          value = next;
          i = cells.indexOf(next, i + 1);
          at = i;
        }
      }
      value = value.replace(/^\[(.*)\]$/, '$1').trim();
      if (value && !(key in pairs)) {
        pairs[key] = value;
        origin[key] = { titleRow: ri, col: from[at].col, lost: from[at].lost || SCIENTIFIC.test(value) };
      }
    }
  }
  const first = (keys: string[]): string | null => {
    for (const k of keys) if (pairs[k]) return k;
    return null;
  };
  const accountKey = first(ACCOUNT_KEYS);
  const nameKey = first(NAME_KEYS);
  const info: TitleInfo = { account: accountKey && pairs[accountKey], accountName: nameKey && pairs[nameKey], pairs };
  // An account number saved again by Excel, WPS or LibreOffice as a number (11050123456789012345 →
  // 11050123456789000000, or "1.10501E+19"): not this statement's account, and two accounts would
  // share it — left empty, and said (readBankFile's warning).
  const o = accountKey ? origin[accountKey] : undefined;
  if (accountKey && o?.lost) {
    info.accountLost = { shown: pairs[accountKey], titleRow: o.titleRow, col: o.col };
    info.account = null;
  }
  return info;
}
const SCIENTIFIC = /^\d(\.\d+)?[Ee]\+\d+$/;

class LayoutSink implements RowSink {
  private state: 'seeking' | 'reading' | 'ignoring' | 'skip' = 'skip';
  private buffer: { cells: Cell[]; row: number }[] = [];
  /** The row numbers of the chosen sheet's title rows (ctx.titleRows). */
  titleRowNumbers: number[] = [];
  private titleText = '';
  private sheetName = '';
  private info = { hidden: false, date1904: false, text: false };
  private interp: Interpreter | null = null;
  /** The chosen one-row header, while the row under it is still to come: it may be the header's second row. */
  private underHeader: Cell[] | null = null;
  chosen: { det: Detection; ctx: SheetContext } | null = null;
  readonly alsoMatched: string[] = [];
  readonly hiddenSkipped: string[] = [];
  readonly scanned: Cell[][] = [];
  sheetsSeen = 0;
  /** The last row delivered (its number and cell count), for the warning about a file cut short. */
  readonly last = { row: 0, cells: -1 };

  constructor(
    private readonly opts: ReadOptions,
    private readonly factory: InterpreterFactory,
    private readonly file: string,
    private readonly only: Layout | undefined,
    private readonly genericOnly: boolean,
  ) {}

  sheetStart(name: string, info: { hidden: boolean; date1904: boolean; text: boolean }): boolean {
    if (this.opts.sheet !== undefined && !info.text && name !== this.opts.sheet) return false;
    if (info.hidden && !this.opts.includeHiddenSheets && this.opts.sheet !== name) {
      this.hiddenSkipped.push(name);
      return false;
    }
    this.sheetsSeen++;
    this.sheetName = name;
    this.info = info;
    this.buffer = [];
    this.titleText = '';
    this.underHeader = null;
    this.state = 'seeking';
    return true;
  }

  row(cells: Cell[], rowNumber: number): void {
    this.last.row = rowNumber;
    this.last.cells = cells.length;
    if (this.state === 'reading') {
      if (this.underHeader) {
        if (!cells.some((c) => cellString(c))) return;
        const header = this.underHeader;
        this.underHeader = null;
        if (isLowerHeaderRow(header, cells)) return this.secondHeaderRow(header, cells, rowNumber);
      }
      this.interp!.row(cells, rowNumber);
      return;
    }
    if (this.state !== 'seeking') return;
    this.buffer.push({ cells, row: rowNumber });
    if (this.scanned.length < 400) this.scanned.push(cells);
    if (!this.genericOnly) {
      const det = matchHeaderRow(cells, this.titleText, { only: this.only });
      if (det) {
        this.start(det, this.buffer.length - 1);
        return;
      }
      // A profile's header over two rows (发生额 merged over 借方发生额 | 贷方发生额).
      const upper = this.buffer[this.buffer.length - 2];
      if (upper && isLowerHeaderRow(upper.cells, cells)) {
        const header = mergeHeaderRows(upper.cells, cells);
        const det2 = matchHeaderRow(header, this.titleText, { only: this.only });
        if (det2) {
          this.start(twoRowReason(det2, upper.row, rowNumber), this.buffer.length - 2, header);
          return;
        }
      }
    }
    this.titleText += cells.map((c) => cellString(c)).join(' ') + '\n';
    if (this.buffer.length >= WINDOW) this.tryGeneric();
  }

  sheetEnd(): void {
    if (this.state === 'seeking') this.tryGeneric();
    if (this.state === 'reading') this.interp!.end();
    this.underHeader = null;
    this.state = 'skip';
  }

  /**
   * The first row under a one-row header names columns under it (发生额 | (blank) over 借方发生额 |
   * 贷方发生额): the header takes two rows. Read with both, or refused: read with the upper row only,
   * a fee under 发生额 was money in and the credits (under the blank) were no amount.
   */
  private secondHeaderRow(upper: Cell[], lower: Cell[], lowerRow: number): void {
    const { det, ctx } = this.chosen!;
    const header = mergeHeaderRows(upper, lower);
    let found = this.genericOnly ? null : matchHeaderRow(header, ctx.titleText, { only: this.only });
    if (!found && (!this.only || this.genericOnly) && det.layout.kind === 'bank') {
      const g = genericFromRow(header);
      if (g && g.recognised >= 3) found = g.detection;
    }
    if (!found) throw twoRowHeaderError(this.file, ctx.sheet, ctx.headerRow, lowerRow, lower, this.only);
    this.chosen = { det: twoRowReason(found, ctx.headerRow, lowerRow), ctx: { ...ctx, headerRows: 2, header: new HeaderIndex(headerKeys(header)) } };
    this.interp = this.factory(this.chosen.det, this.chosen.ctx);
  }

  private tryGeneric(): void {
    if (this.only && !this.genericOnly) {
      this.state = 'ignoring';
      return;
    }
    let best: { det: Detection; recognised: number; at: number; header?: Cell[] } | null = null;
    this.buffer.forEach((b, i) => {
      const g = genericFromRow(b.cells);
      if (g && (!best || g.recognised > best.recognised)) best = { det: g.detection, recognised: g.recognised, at: i };
      // A two-row header (发生额 merged over 借方 | 贷方): the lower row names the columns under the merged cell.
      // It must read better than either row alone: a title line over a one-row header is no two-row header.
      const next = this.buffer[i + 1];
      if (next && isLowerHeaderRow(b.cells, next.cells)) {
        const header = mergeHeaderRows(b.cells, next.cells);
        const g2 = genericFromRow(header);
        const alone = Math.max(best?.recognised ?? 0, genericFromRow(next.cells)?.recognised ?? 0);
        if (g2 && g2.recognised > alone) best = { det: twoRowReason(g2.detection, b.row, next.row), recognised: g2.recognised, at: i, header };
      }
    });
    const found = best as { det: Detection; recognised: number; at: number; header?: Cell[] } | null;
    if (found && found.recognised >= 3) this.start(found.det, found.at, found.header);
    else this.state = 'ignoring';
  }

  private start(det: Detection, at: number, twoRowHeader?: Cell[]): void {
    if (this.chosen) {
      this.alsoMatched.push(this.sheetName);
      this.state = 'ignoring';
      return;
    }
    const titleRows = this.buffer.slice(0, at).map((b) => b.cells);
    this.titleRowNumbers = this.buffer.slice(0, at).map((b) => b.row);
    const headerCells = twoRowHeader ?? this.buffer[at].cells;
    const ctx: SheetContext = {
      file: this.file,
      sheet: this.info.text ? '' : this.sheetName,
      headerRow: this.buffer[at].row,
      headerRows: twoRowHeader ? 2 : 1,
      header: new HeaderIndex(headerKeys(headerCells)),
      titleRows,
      titleText: titleRows.map((r) => r.map((c) => cellString(c)).join(' ')).join('\n'),
      title: parseTitle(titleRows),
      date1904: this.info.date1904,
      text: this.info.text,
    };
    this.chosen = { det, ctx };
    this.interp = this.factory(det, ctx);
    this.state = 'reading';
    // A profile that skips rows after its header knows what is under it.
    this.underHeader = twoRowHeader || det.layout.profile.skipAfterHeader > 0 ? null : headerCells;
    const rest = this.buffer.slice(at + (twoRowHeader ? 2 : 1));
    this.buffer = [];
    for (const b of rest) this.row(b.cells, b.row);
  }
}

function twoRowReason(det: Detection, upperRow: number, lowerRow: number): Detection {
  const r = det.reason;
  return { ...det, reason: { zh: `${r.zh}（两行表头：第 ${upperRow}–${lowerRow} 行）`, en: `${r.en} (two-row header: rows ${upperRow}–${lowerRow})` } };
}

/** Debit/credit words a lower header row names its columns with, as read under a group label. */
const SIDE_WORDS: Record<string, string> = { 借方: '借方', 贷方: '贷方', 收入: '收入', 支出: '支出', 借: '借方', 贷: '贷方', 收: '收入', 支: '支出' };

function isSideName(text: string): boolean {
  return normHeader(text).replace(/[(（].*$/, '') in SIDE_WORDS || isSideColumnName(text);
}

/**
 * Does `lower` name the columns of a header whose first row is `upper`? Only short texts without
 * digits, and either debit/credit names, or names under two columns of a group: an upper label
 * over blank upper cells (发生额 | (blank) over 借方发生额 | 贷方发生额, a merged cell as read).
 */
function isLowerHeaderRow(upper: readonly Cell[], lower: readonly Cell[]): boolean {
  if (lower.some((c) => c !== null && typeof c !== 'string')) return false;
  const up = upper.map((c) => cellString(c));
  const low = lower.map((c) => cellString(c));
  const filled = low.filter((t) => t.length > 0);
  if (!filled.length || up.filter((t) => t.length > 0).length < 2) return false;
  if (filled.some((t) => /\d/.test(t) || t.length > 12)) return false;
  if (filled.length >= 2 && filled.some(isSideName)) return true;
  for (let j = 0; j < up.length; j++) {
    if (!up[j]) continue;
    let end = j + 1;
    while (end < Math.max(up.length, low.length) && !up[end]) end++;
    if (end - j >= 2 && low.slice(j, end).filter((t) => t.length > 0).length >= 2) return true;
  }
  return false;
}

/**
 * Upper and lower header rows as one: the lower row's name where it has one, else the upper's. A
 * bare 借/贷 (收/支) under a group label is read with it, 借方发生额 under 发生额, where that is a usual name.
 */
function mergeHeaderRows(upper: readonly Cell[], lower: readonly Cell[]): Cell[] {
  const out: Cell[] = [];
  let group = '';
  for (let i = 0; i < Math.max(upper.length, lower.length); i++) {
    const up = cellString(upper[i] ?? null);
    if (up) group = up;
    const lo = cellString(lower[i] ?? null);
    const side = SIDE_WORDS[normHeader(lo)];
    if (!lo) out.push(upper[i] ?? null);
    else if (!side) out.push(lo);
    else out.push(isSideColumnName(side + group) ? side + group : side);
  }
  return out;
}

/** A header over two rows whose names, read together, are no layout: refused, never read from the wrong columns. */
function twoRowHeaderError(file: string, sheet: string, upperRow: number, lowerRow: number, lower: readonly Cell[], only: Layout | undefined): UserError {
  const names = lower.map((c) => cellString(c)).filter((t) => t.length > 0);
  const where = sheet ? { zh: `文件 ${file} 工作表“${sheet}”`, en: `File ${file}, sheet "${sheet}"` } : { zh: `文件 ${file}`, en: `File ${file}` };
  const what = only
    ? { zh: `合起来也不是版式 ${only.profile.id} 的表头`, en: `read together they are not the header of profile ${only.profile.id}` }
    : { zh: '合起来也认不出日期和金额列', en: 'read together they name no date and amount columns' };
  return new UserError(
    {
      zh: `${where.zh} 第 ${upperRow}–${lowerRow} 行：表头占两行（第 ${lowerRow} 行：${names.join('、')}），${what.zh}；为免从错误的列读取金额，未读取任何交易`,
      en: `${where.en}, rows ${upperRow}–${lowerRow}: the header takes two rows (row ${lowerRow}: ${names.join(', ')}) and ${what.en}; no transaction was read, rather than amounts from the wrong columns`,
    },
    { file, sheet: sheet || undefined, row: upperRow },
    {
      zh: '请核对这两行表头：把它改为一行、每列一个完整的列名（如 借方发生额、贷方发生额）后再读取，或在 templates/banks/ 中为这家银行新增版式。',
      en: 'Check these two header rows: make them one row with one full name per column (such as 借方发生额, 贷方发生额) and read the file again, or add a profile for this bank in templates/banks/.',
    },
  );
}

export interface EngineResult {
  det: Detection;
  ctx: SheetContext;
  container: Container;
  encoding: TextEncoding | null;
  delimiter: string | null;
  warnings: Bilingual[];
}

function notFoundError(file: string, scanned: Cell[][], only: Layout | undefined, profileOption = true): UserError {
  const headerish = [...scanned].sort((a, b) => b.filter((c) => cellString(c)).length - a.filter((c) => cellString(c)).length)[0] ?? [];
  const headers = headerish.map((c) => cellString(c)).filter(Boolean).join(', ');
  const nearest = nearestProfiles(scanned).filter((n) => n.matched > 0);
  const near = nearest
    .map((n) => `${n.id} (${n.matched}/${n.required}${n.missing.length ? `, 缺 missing: ${n.missing.slice(0, 4).join('、')}` : ''})`)
    .join('; ');
  if (!headers) {
    return new UserError(
      { zh: `无法读取文件 ${file}：文件没有内容（只有空行或空的工作表）`, en: `Cannot read the file ${file}: the file has no content (only blank rows or empty sheets)` },
      { file },
      { zh: '请重新从银行网银或财务系统导出该文件（Excel 或 CSV 格式）。', en: 'Export the file again from the online bank or the finance system (Excel or CSV).' },
    );
  }
  // GBK text decoded as UTF-8 (�) or as Latin-1 (½»Ò×) before the file was saved: no profile can fit, --profile does not help.
  const garbled = headers.includes('\uFFFD') || (!/[\u4e00-\u9fff]/.test(headers) && (headers.match(/[\u00c0-\u00ff]/g)?.length ?? 0) >= 4);
  if (garbled) {
    return new UserError(
      { zh: `无法识别文件版式：表头是乱码。找到的列：${headers}`, en: `Cannot recognise the layout: the header is garbled. Columns found: ${headers}` },
      { file },
      {
        zh: '文件很可能在用 Excel/WPS/LibreOffice 打开时选错了字符编码（如把 GBK 的 CSV 当作 UTF-8），另存后中文已成乱码。请从网银重新导出，直接读取导出的文件，不要先打开另存。',
        en: 'The file was probably opened in Excel/WPS/LibreOffice with the wrong character encoding (e.g. a GBK CSV as UTF-8) and saved, which garbled the Chinese text. Export it again from the bank and read the exported file directly, without opening and saving it first.',
      },
    );
  }
  // The register given as --bank or --finance (a wildcard over the month's folder picks it up): it
  // is no statement whose profile is missing, and the bank profiles nearest its header mean nothing.
  if (!only) {
    const register = registerHeaderFinder();
    if (scanned.slice(0, register.rows).some((row) => register.isHeader(row.map((c) => cellString(c))))) {
      return new UserError(
        { zh: `${file} 是按揭台账（表头有 房号、合同编号 等），不是银行流水或财务序时账`, en: `${file} is the mortgage register (its header has 房号, 合同编号 …), not a bank statement or a journal` },
        { file },
        {
          zh: '对账时按揭台账用 --register 给出（校验它用 anjie validate）；--bank 给银行流水，--finance 给财务序时账。',
          en: 'In reconcile, give the register with --register (check it with anjie validate); --bank takes bank statements, --finance the journal.',
        },
      );
    }
  }
  if (only) {
    return new UserError(
      { zh: `文件中找不到版式 ${only.profile.id} 的表头。找到的列：${headers || '（无）'}`, en: `The header of profile ${only.profile.id} is not in the file. Columns found: ${headers || '(none)'}` },
      { file },
      { zh: `最接近的版式：${near}`, en: `Nearest profiles: ${near}` },
    );
  }
  const message = { zh: `无法识别文件版式：没有匹配的银行或财务版式，通用识别也找不到日期和金额列。找到的列：${headers || '（无）'}`, en: `Cannot recognise the layout: no bank or finance profile fits and the generic reader finds no date and amount columns. Columns found: ${headers || '(none)'}` };
  // No profile shares a single required column: listing them "0/9" would send the clerk the wrong way.
  if (!nearest.length) {
    return new UserError(message, { file }, {
      zh: '这个文件不像银行流水或财务序时账（没有一个版式的表头与之相近），可能选错了文件（如按揭台账或其他表格）。请确认所选文件；若确是一家新银行的流水，请在 templates/banks/ 中新增版式。',
      en: 'The file does not look like a bank statement or a journal (no profile has a header near it): it may be the wrong file (a register or another table). Check the file; if it is a new bank\'s statement, add a profile in templates/banks/.',
    });
  }
  return new UserError(
    message,
    { file },
    profileOption
      ? { zh: `最接近的版式：${near}。可用 --profile 指定版式，或在 templates/banks/ 中新增版式。`, en: `Nearest profiles: ${near}. Force one with --profile, or add a profile in templates/banks/.` }
      : {
          zh: `最接近的版式：${near}。可用 anjie inspect --profile 版式 文件 试读，或在 templates/banks/ 中新增版式。`,
          en: `Nearest profiles: ${near}. Try one with anjie inspect --profile PROFILE FILE, or add a profile in templates/banks/.`,
        },
  );
}

/** Choose the delimiter whose records show a known header (a profile beats the generic fallback). */
function chooseDelimiter(sample: Awaited<ReturnType<typeof readTextSample>>, only: Layout | undefined, genericOnly: boolean): string {
  const order = only && 'delimiter' in only.profile ? [only.profile.delimiter, only.profile.delimiter === ',' ? '\t' : ','] : [',', '\t'];
  let best: { d: string; score: number } = { d: order[0], score: -1 };
  for (const d of order) {
    const recs = sampleRecords(sample, d);
    let score = 0;
    for (const r of recs) {
      if (!genericOnly && matchHeaderRow(r.cells, '', { only })) {
        score = 1000 + r.cells.length;
        break;
      }
      const g = genericOnly || !only ? genericFromRow(r.cells) : null;
      if (g && g.recognised >= 3) score = Math.max(score, 100 + g.recognised);
    }
    if (score > best.score) best = { d, score };
  }
  return best.d;
}

function duplicateHeaders(keys: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const k of keys) {
    if (!k) continue;
    if (seen.has(k)) dup.add(k);
    seen.add(k);
  }
  return [...dup];
}

async function endsWithNewline(file: string): Promise<boolean> {
  const size = fs.statSync(file).size;
  const b = readFileBytes(file, Math.min(2, size), size - Math.min(2, size));
  // UTF-16 LE "\n\0", BE "\0\n", or a byte 10/13.
  return b.includes(10) || b.includes(13);
}

/** Lines (1-based, first 10) of a decoded sample that hold U+FFFD: bytes invalid in the detected encoding. */
function invalidByteLines(text: string): number[] {
  const out: number[] = [];
  if (text.indexOf('\ufffd') < 0) return out; // the usual case, found natively: the scan below ran cold over the whole sample
  let line = 1;
  for (let i = 0; i < text.length && out.length < 10; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
    else if (c === 0xfffd && out[out.length - 1] !== line) out.push(line);
  }
  return out;
}

export async function runEngine(file: string, opts: ReadOptions, factory: InterpreterFactory): Promise<EngineResult> {
  try {
    return await readFile(file, opts, factory);
  } catch (err) {
    throw inputFileError(file, err);
  }
}

async function readFile(file: string, opts: ReadOptions, factory: InterpreterFactory): Promise<EngineResult> {
  const base = path.basename(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UserError({ zh: `文件不存在：${file}`, en: `No such file: ${file}` }, { file: base });
    throw err;
  }
  if (stat.isDirectory()) throw new UserError({ zh: `这是一个文件夹，不是文件：${file}`, en: `This is a folder, not a file: ${file}` }, { file: base });
  const genericOnly = opts.profile === 'generic';
  let only: Layout | undefined;
  if (opts.profile && !genericOnly) {
    only = layoutById(opts.profile);
    if (!only) throw new UserError({ zh: `没有这个版式：${opts.profile}`, en: `No such profile: ${opts.profile}` }, { file: base }, { zh: '用 anjie inspect --profiles 查看全部版式。', en: 'List the profiles with anjie inspect --profiles.' });
  }
  await guardInputFile(file);
  const container = await sniffContainer(file);
  const sink = new LayoutSink(opts, factory, base, only, genericOnly);
  const rows = limitRows(sink, file);
  let encoding: TextEncoding | null = null;
  let delimiter: string | null = null;
  const warnings: Bilingual[] = [];
  if (container === 'text') {
    const sample = await readTextSample(file);
    encoding = sample.encoding;
    delimiter = chooseDelimiter(sample, only, genericOnly);
    const badLines = invalidByteLines(sample.text);
    if (badLines.length) {
      warnings.push({
        zh: `文件中有不是 ${encoding} 编码的字节，已显示为 �（第 ${badLines.join('、')} 行）；请核对这些行`,
        en: `The file has bytes that are not valid ${encoding}; they are shown as � (line(s) ${badLines.join(', ')}); check those lines`,
      });
    }
    await streamText(file, encoding, delimiter, rows, '');
  } else if (container === 'xlsx') {
    await streamXlsx(file, rows).catch((err: unknown) => {
      throw damagedWorkbook(file, err);
    });
  } else {
    const { xlsx, dir } = await convertWithLibreOffice(file);
    try {
      await streamXlsx(xlsx, rows).catch((err: unknown) => {
        throw damagedWorkbook(file, err);
      });
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
  }
  if (!sink.chosen) {
    if (opts.sheet !== undefined && sink.sheetsSeen === 0) {
      throw new UserError({ zh: `工作簿中没有工作表“${opts.sheet}”`, en: `The workbook has no sheet "${opts.sheet}"` }, { file: base });
    }
    throw notFoundError(base, sink.scanned, only, opts.profileOption);
  }
  if (sink.alsoMatched.length) {
    // A command without --sheet (reconcile) reads one sheet per file: the other sheet's rows are in no result unless saved as a file of their own.
    const how =
      opts.profileOption === false
        ? { zh: '如需对账，请把该工作表另存为单独的文件一并给出；可用 anjie inspect --sheet 工作表 文件 查看', en: 'to reconcile it, save that sheet as a file of its own and give it too; view it with anjie inspect --sheet SHEET FILE' }
        : { zh: '可用 --sheet 指定', en: 'choose one with --sheet' };
    warnings.push({
      zh: `只读取了工作表“${sink.chosen.ctx.sheet}”；工作表“${sink.alsoMatched.join('”“')}”也有可读的表头，未读取（${how.zh}）`,
      en: `Only sheet "${sink.chosen.ctx.sheet}" was read; sheet(s) "${sink.alsoMatched.join('", "')}" also have a readable header and were not read (${how.en})`,
    });
  }
  if (sink.hiddenSkipped.length) {
    warnings.push({ zh: `隐藏的工作表未读取：${sink.hiddenSkipped.join('、')}`, en: `Hidden sheets not read: ${sink.hiddenSkipped.join(', ')}` });
  }
  const dup = duplicateHeaders(sink.chosen.ctx.header.keys);
  if (dup.length) {
    warnings.push({
      zh: `表头有重复的列名：${dup.join('、')}（第 ${sink.chosen.ctx.headerRow} 行）；只读取了每个重复列名中最左边的一列，请核对`,
      en: `The header repeats column names: ${dup.join(', ')} (row ${sink.chosen.ctx.headerRow}); only the leftmost column of each was read — check it`,
    });
  }
  const lost = sink.chosen.ctx.title.accountLost;
  if (lost) {
    const { ctx } = sink.chosen;
    const row = sink.titleRowNumbers[lost.titleRow];
    const sheet = ctx.sheet ? { zh: ` 工作表“${ctx.sheet}”`, en: `, sheet "${ctx.sheet}"` } : { zh: '', en: '' };
    const where = { zh: `文件 ${base}${sheet.zh} 第 ${row} 行 ${columnLetter(lost.col)} 列`, en: `File ${base}${sheet.en}, row ${row}, column ${columnLetter(lost.col)}` };
    warnings.push({
      zh: `${where.zh}：标题中的本方账号 ${lost.shown} 数字已丢失（Excel 只保留 15 位有效数字）：文件可能被 Excel/WPS 打开后另存过，请从网银重新导出；账号按空处理，本文件单独作为一个账户对账`,
      en: `${where.en}: the account number in the title block, ${lost.shown}, has lost its digits (Excel keeps 15 significant digits): the file was probably opened and saved again by Excel or WPS; export it again from the bank. The account is left empty and this file is reconciled as an account of its own`,
    });
  }
  const last = sink.last;
  if (container === 'text' && last.cells >= 0 && last.cells < sink.chosen.ctx.header.keys.length && !(await endsWithNewline(file))) {
    warnings.push({
      zh: `最后一行（第 ${last.row} 行）只有 ${last.cells} 个单元格且没有换行结尾，文件可能被截断；请核对或重新导出`,
      en: `The last line (line ${last.row}) has only ${last.cells} cells and no line ending: the file may be cut short; check it or export it again`,
    });
  }
  return { det: sink.chosen.det, ctx: sink.chosen.ctx, container, encoding, delimiter, warnings };
}
