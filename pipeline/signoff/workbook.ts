import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { shanghaiNow } from '../../domain/dates';
import { type CanonicalContent, canonicalize, cellRef } from '../../domain/signoff/canonical';
import {
  type Role,
  type SheetRename,
  type SignoffRecord,
  type VerifyResult,
  SignoffRefusal,
  activeRecords,
  changedSinceSigned,
  isSigned,
  roundToVerify,
  scopeFor,
  findRenamedSheets,
  sign,
  mayBeFiltered,
  unseal,
  verify,
  verifyOverLimit,
} from '../../domain/signoff/record';
import { MAX_CONTENT_CHARS, RECORD_SHEET, RecordTableError, recordsToTable, tableToRecords } from '../../domain/signoff/recordTable';
import { type Scope, type SheetScope, WHOLE_SHEET, sheetsToSign } from '../../domain/signoff/scope';
import { blockExclusion, blockFill, findSignatureBlock } from '../../domain/signoff/signatureBlock';
import type { Bilingual } from '../../domain/text';
import { UserError } from '../errors';
import { writeAtomically } from '../io/atomicWrite';
import { compactValidations } from '../io/dataValidations';
import { escapeXStrings } from '../io/xString';
import './nativeHash'; // the domain's sign-off hashes through Node's crypto
import { FIXED_DOCUMENT_DATE, writeXlsxFile } from '../io/zipDates';
import { readSheetCells, type SheetRead } from './cells';
import { withChineseBuiltinFormats } from './cjkFormats';
import { withBooleanDate1904 } from '../io/date1904';
import { readColBreaks, readDefaultFont, restoreColBreaks } from './colBreaks';
import { reallyUncached } from './emptyResults';
import { mayHaveSheet } from './zipPeek';
import { NotStreamable, openWorkbookParts, type WorkbookParts } from './streamSheet';
import { ContentTooLarge, streamContent, streamLabels, streamRecordRows } from './streamContent';
import { writeSigned } from './streamSign';
import { readFilterFacts, readFilteredSheets } from './filterFacts';
import type { SheetFilterFacts } from '../../domain/signoff/filtered';
import pkg from '../../package.json';

export const TOOL_VERSION = `anjie ${pkg.version}`;

function refusalToUserError(err: unknown, file: string): never {
  if (err instanceof SignoffRefusal) throw new UserError(err.text, { file }, err.fix, 2);
  throw err;
}

/** Loads an .xlsx with exceljs, or a UserError (exit 2) saying it cannot be read. */
export async function loadWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await loadable(file);
  try {
    await withChineseBuiltinFormats(() => withBooleanDate1904(() => wb.xlsx.readFile(file)));
  } catch (err) {
    throw new UserError(
      { zh: `无法读取工作簿（需要 .xlsx）：${(err as Error).message}`, en: `Cannot read the workbook (an .xlsx is needed): ${(err as Error).message}` },
      { file },
    );
  }
  return wb;
}

/** A UserError (exit 2) when `file` is missing, a folder or not a zip. */
async function loadable(file: string): Promise<void> {
  try {
    await fs.access(file);
  } catch {
    throw new UserError({ zh: `找不到文件：${file}`, en: `File not found: ${file}` }, { file });
  }
  // exceljs's own errors ("Can't find end of central directory … see https://stuk.github.io/…",
  // "EISDIR: illegal operation on a directory") would be the only explanation otherwise.
  const notXlsx = await notAnXlsx(file);
  if (notXlsx) throw new UserError(notXlsx, { file }, { zh: '.xls、.csv 或 WPS 文件请先在 Excel/WPS 中另存为 .xlsx；设置了打开密码的请先取消密码。', en: 'Save an .xls, .csv or WPS file as .xlsx in Excel/WPS first; remove a password to open, if any.' });
}

/** Why `file` cannot be an .xlsx (a folder, or not a zip), or null when it may be one. */
async function notAnXlsx(file: string): Promise<Bilingual | null> {
  if ((await fs.stat(file)).isDirectory()) return { zh: `这是一个文件夹，不是工作簿文件：${file}`, en: `This is a folder, not a workbook file: ${file}` };
  const head = Buffer.alloc(4);
  const fh = await fs.open(file, 'r');
  try {
    await fh.read(head, 0, 4, 0);
  } finally {
    await fh.close();
  }
  if (head[0] === 0x50 && head[1] === 0x4b) return null;
  return { zh: `不是 .xlsx 工作簿（文件内容不是 .xlsx 的 zip 格式）：${file}`, en: `Not an .xlsx workbook (the content is not an .xlsx zip): ${file}` };
}

/** The records stored in the workbook's 签核记录 sheet ([] when there is none). */
export function readRecords(wb: ExcelJS.Workbook, file = ''): SignoffRecord[] {
  const ws = wb.getWorksheet(RECORD_SHEET);
  if (!ws) return [];
  const rows: unknown[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const values: unknown[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const v = row.getCell(c).value;
      values.push(v === null || v === undefined ? '' : typeof v === 'object' && !(v instanceof Date) && 'richText' in v ? v.richText.map((t) => t.text).join('') : v);
    }
    rows.push(values);
  }
  return recordsOf(rows, file);
}

function recordsOf(rows: unknown[][], file: string): SignoffRecord[] {
  try {
    return tableToRecords(rows);
  } catch (err) {
    if (err instanceof RecordTableError) {
      throw new UserError(
        { zh: `签核记录表已损坏，无法读取：${err.message}`, en: `The sign-off record sheet is damaged and cannot be read: ${err.message}` },
        { file, sheet: RECORD_SHEET },
      );
    }
    throw err;
  }
}

function writeRecords(wb: ExcelJS.Workbook, records: readonly SignoffRecord[]): void {
  const old = wb.getWorksheet(RECORD_SHEET);
  if (old) wb.removeWorksheet(old.id);
  const ws = wb.addWorksheet(RECORD_SHEET, { state: 'veryHidden' });
  for (const row of recordsToTable(records)) {
    const r = ws.addRow(row);
    r.eachCell((cell) => {
      if (typeof cell.value === 'string') cell.numFmt = '@';
    });
  }
  ws.getRow(1).font = { bold: true };
}

/** Reads each sheet's cells once per workbook object (sign needs them three times). */
const reads = new WeakMap<ExcelJS.Worksheet, SheetRead>();
function cellsOf(ws: ExcelJS.Worksheet): SheetRead {
  let r = reads.get(ws);
  if (!r) {
    r = readSheetCells(ws);
    reads.set(ws, r);
  }
  return r;
}

function readSheet(wb: ExcelJS.Workbook, name: string): SheetRead | null {
  const ws = wb.getWorksheet(name);
  return ws ? readSheetCells(ws) : null;
}

/** The default scope: the named sheets (or every visible sheet) and a report's _anjie_open, whole, minus each signature block row. */
export function defaultScope(wb: ExcelJS.Workbook, sheets: readonly string[] | undefined, file: string): Scope {
  const asked = sheets?.length ? [...sheets] : wb.worksheets.filter((ws) => ws.name !== RECORD_SHEET && (ws.state ?? 'visible') === 'visible').map((ws) => ws.name);
  const names = sheetsToSign(asked, wb.worksheets.map((ws) => ws.name));
  const out: SheetScope[] = [];
  for (const name of names) {
    const ws = wb.getWorksheet(name);
    if (!ws || name === RECORD_SHEET) throw noSuchSheet(name, wb.worksheets.map((w) => w.name), file);
    const slots = findSignatureBlock(cellsOf(ws).texts);
    out.push({ sheet: name, ranges: [WHOLE_SHEET], exclude: slots ? [blockExclusion(slots)] : [] });
  }
  return { sheets: out };
}

/** Canonical content of a workbook over a scope, plus formulas in scope with no cached value. */
export function workbookContent(wb: ExcelJS.Workbook, scope: Scope): { content: CanonicalContent; uncached: string[] } {
  const reads = new Map<string, SheetRead | null>();
  for (const s of scope.sheets) reads.set(s.sheet, readSheet(wb, s.sheet));
  const content = canonicalize(scope, (name) => reads.get(name)?.cells ?? null);
  const uncached: string[] = [];
  for (const s of scope.sheets) {
    for (const f of reads.get(s.sheet)?.uncachedFormulas ?? []) uncached.push(`${s.sheet}!${cellRef(f.row, f.col)}`);
  }
  return { content, uncached };
}

/** Writes the names and date of the open round into each scope sheet's signature block (or clears it). */
function fillSignatureBlocks(wb: ExcelJS.Workbook, records: readonly SignoffRecord[], scope: Scope): void {
  const fill = blockFill(records);
  for (const s of scope.sheets) {
    const ws = wb.getWorksheet(s.sheet);
    if (!ws) continue;
    const slots = findSignatureBlock(cellsOf(ws).texts);
    if (!slots) continue;
    ws.getCell(slots.preparedBy.row, slots.preparedBy.col).value = fill.preparedBy || null;
    ws.getCell(slots.reviewedBy.row, slots.reviewedBy.col).value = fill.reviewedBy || null;
    const dateCell = ws.getCell(slots.date.row, slots.date.col);
    dateCell.value = fill.date ? new Date(`${fill.date}T00:00:00Z`) : null;
    dateCell.numFmt = 'yyyy-mm-dd';
  }
}

/** Writes the workbook back over `file`, with the column page breaks and Normal font exceljs drops put back (colBreaks.ts). */
async function save(wb: ExcelJS.Workbook, file: string): Promise<void> {
  const breaks = await readColBreaks(file);
  const font = await readDefaultFont(file);
  escapeXStrings(wb);
  // exceljs reads each validation cell by cell: written back as it squeezes them, they overlapped.
  compactValidations(wb);
  // exceljs reads a sheet without a first page number as "start at 1" and writes that back, so the
  // signed report numbered each sheet's pages from 1 ("第 1 页 / 共 23 页" on its third page):
  // numbering is left automatic, as it was.
  for (const ws of wb.worksheets) if (ws.pageSetup.firstPageNumber === 1) ws.pageSetup.firstPageNumber = undefined;
  // The document's own dates are kept; one it does not carry exceljs would write as the clock's time.
  wb.created ??= FIXED_DOCUMENT_DATE;
  wb.modified ??= FIXED_DOCUMENT_DATE;
  await writeAtomically(file, async (temp) => {
    // Fixed zip entry dates (restoreColBreaks's rewrite has them too, but a workbook without
    // styles or breaks is left as exceljs wrote it): the signing time is the record's, not the zip's.
    await writeXlsxFile(wb, temp);
    await restoreColBreaks(temp, breaks, font);
  });
}

export interface SignOptions {
  name: string;
  role: Role;
  sheets?: string[];
  password?: string;
  overrideReason?: string;
  /** Asia/Shanghai wall clock; defaults to now. */
  now?: string;
}

function uncachedRefusal(uncached: string[], file: string): UserError {
  return new UserError(
    { zh: `签核范围内有 ${uncached.length} 个公式没有计算结果（如 ${uncached.slice(0, 3).join('、')}），无法确定签核的内容。`, en: `${uncached.length} formula(s) in scope carry no computed value (e.g. ${uncached.slice(0, 3).join(', ')}), so the signed content is unknown.` },
    { file },
    { zh: '请先用 Excel 打开并保存该工作簿，再签核。', en: 'Open and save the workbook in Excel first, then sign.' },
  );
}

/** Signing refused: the signed cells' text is more than the 签核记录 sheet can keep a copy of (MAX_CONTENT_CHARS). */
function tooLarge(err: ContentTooLarge, file: string): UserError {
  const n = err.cells.toLocaleString('en-US');
  return new UserError(
    { zh: `签核范围内容过大：读到「${err.sheet}」第 ${err.row} 行（${n} 个单元格）时已超过签核记录能保存的 ${MAX_CONTENT_CHARS.toLocaleString('en-US')} 个字符，无法签核整个工作簿。`, en: `The content to sign is too large: by row ${err.row} of "${err.sheet}" (${n} cells) it is past the ${MAX_CONTENT_CHARS.toLocaleString('en-US')} characters a sign-off record can keep, so the whole workbook cannot be signed.` },
    { file, sheet: err.sheet },
    { zh: '请用 --sheets 只签核需要签字的工作表（如 --sheets 汇总 差异 余额调节表）。', en: 'Sign only the sheets that need a signature with --sheets (e.g. --sheets 汇总 差异 余额调节表).' },
  );
}

function noSuchSheet(name: string, all: readonly string[], file: string): UserError {
  const names = all.filter((w) => w !== RECORD_SHEET);
  return new UserError({ zh: `工作簿中没有工作表「${name}」。现有：${names.join('、')}`, en: `No sheet named "${name}". Sheets: ${names.join(', ')}` }, { file });
}

/**
 * The workbook's parts and its 签核记录 records, streamed; null when the streaming reader cannot
 * open it, and the caller goes through exceljs (which reads it, or says why it cannot, as before).
 */
async function openStreamed(file: string): Promise<{ parts: WorkbookParts; records: SignoffRecord[] } | null> {
  await loadable(file);
  let parts: WorkbookParts;
  let rows: unknown[][] | null;
  try {
    parts = await openWorkbookParts(file);
    rows = await streamRecordRows(parts, RECORD_SHEET);
  } catch {
    return null;
  }
  // Outside the try: damaged records are the user's to hear about, not a reason to try exceljs.
  return { parts, records: recordsOf(rows ?? [], file) };
}

/**
 * Signing without exceljs (streamSheet.ts reads, streamSign.ts writes): the content and records
 * are streamed and the workbook is rewritten part by part, so a report of hundreds of thousands of
 * rows is signed in seconds where exceljs's load and save of it took minutes and gigabytes. null
 * when the streaming reader cannot mirror exceljs on this workbook: the caller signs through exceljs.
 */
async function signStreamed(file: string, opts: SignOptions): Promise<{ record: SignoffRecord; records: SignoffRecord[] } | null> {
  const opened = await openStreamed(file);
  if (!opened) return null;
  const { parts, records } = opened;
  const open = activeRecords(records).length > 0;
  let requested: Scope = { sheets: [] };
  if (!open) {
    const all = parts.sheets.map((x) => x.name);
    const asked = opts.sheets?.length ? [...opts.sheets] : parts.sheets.filter((x) => x.name !== RECORD_SHEET && (x.state ?? 'visible') === 'visible').map((x) => x.name);
    const names = sheetsToSign(asked, all);
    for (const name of names) if (!parts.parts.has(name) || name === RECORD_SHEET) throw noSuchSheet(name, all, file);
    requested = { sheets: names.map((sheet) => ({ sheet, ranges: [WHOLE_SHEET], exclude: [] })) };
  }
  let streamed: Awaited<ReturnType<typeof streamContent>>;
  try {
    streamed = await streamContent(parts, scopeFor(records, requested), { excludeBlocks: !open, precheck: true });
  } catch (err) {
    if (err instanceof NotStreamable) return null;
    // With a round open its scope is fixed and its text was kept whole, so a text past the limit
    // is a changed content (cells pasted in): refused as such, not with "sign fewer sheets".
    if (err instanceof ContentTooLarge) {
      if (open) refusalToUserError(changedSinceSigned(records), file);
      throw tooLarge(err, file);
    }
    throw err;
  }
  const scope = streamed.scope;
  const uncached = await reallyUncached(file, streamed.uncached);
  if (uncached.length) throw uncachedRefusal(uncached, file);
  let next: SignoffRecord[];
  try {
    next = sign(records, { name: opts.name, role: opts.role, now: opts.now ?? shanghaiNow(), scope, toolVersion: TOOL_VERSION, content: streamed.content, overrideReason: opts.overrideReason, filterFacts: await signingFilterFacts(file, records, streamed.content, parts), filteredSheets: await filteredSheets(file, records, scope, parts) });
  } catch (err) {
    refusalToUserError(err, file);
  }
  const slots = new Map(scope.sheets.map((s) => [s.sheet, findSignatureBlock(streamed.labels.get(s.sheet) ?? [])]));
  await writeAtomically(file, (temp) => writeSigned({ parts, out: temp, records: next, scope, slots, password: opts.password }));
  return { record: next[next.length - 1], records: next };
}

export async function signWorkbook(file: string, opts: SignOptions): Promise<{ record: SignoffRecord; records: SignoffRecord[] }> {
  const streamed = await signStreamed(file, opts);
  if (streamed) return streamed;
  const wb = await loadWorkbook(file);
  const records = readRecords(wb, file);
  const requested = activeRecords(records).length ? { sheets: [] } : defaultScope(wb, opts.sheets, file);
  const scope = scopeFor(records, requested);
  const { content, uncached: seen } = workbookContent(wb, scope);
  const uncached = await reallyUncached(file, seen);
  if (uncached.length) throw uncachedRefusal(uncached, file);
  let next: SignoffRecord[];
  try {
    next = sign(records, { name: opts.name, role: opts.role, now: opts.now ?? shanghaiNow(), scope, toolVersion: TOOL_VERSION, content, overrideReason: opts.overrideReason, filterFacts: await signingFilterFacts(file, records, content), filteredSheets: await filteredSheets(file, records, scope) });
  } catch (err) {
    refusalToUserError(err, file);
  }
  writeRecords(wb, next);
  fillSignatureBlocks(wb, next, scope);
  for (const s of scope.sheets) {
    const ws = wb.getWorksheet(s.sheet)!;
    // Keep an earlier signer's password unless a new one is given. Unlocked input cells cannot
    // even be selected while signed (selectUnlockedCells: false).
    if (opts.password || !(ws as unknown as { sheetProtection?: unknown }).sheetProtection) {
      await ws.protect(opts.password ?? '', { selectLockedCells: true, selectUnlockedCells: false, formatCells: false, formatColumns: true, formatRows: true });
    }
  }
  await save(wb, file);
  return { record: next[next.length - 1], records: next };
}

/**
 * Verify without exceljs: the records and the signed sheets are streamed (streamSheet.ts), so a
 * report of a million rows is verified in bounded memory. null when the streaming reader cannot
 * mirror exceljs on this workbook (NotStreamable): the caller loads it with exceljs.
 */
async function verifyStreamed(file: string): Promise<VerifyResult | null> {
  const opened = await openStreamed(file);
  if (!opened) return null;
  const { parts, records } = opened;
  const active = roundToVerify(records);
  if (active.length === 0) return { status: 'unsigned', records };
  const hidden = active[0].scope.sheets.map((s) => parts.sheets.find((x) => x.name === s.sheet)).filter((sh) => sh && (sh.state ?? 'visible') !== 'visible').map((sh) => sh!.name);
  let content: CanonicalContent;
  let renames: SheetRename[];
  try {
    content = (await streamContent(parts, active[0].scope)).content;
    renames = await findRenamedSheets(records, content.missingSheets, parts.sheets.map((x) => x.name).filter((n) => n !== RECORD_SHEET), async (sheetScope, candidate, atMost) => {
      try {
        return (await streamContent(parts, { sheets: [sheetScope] }, { sourceOf: () => candidate, maxChars: atMost })).content.text;
      } catch (err) {
        if (err instanceof ContentTooLarge) return null; // longer than the signed sheet: not it
        throw err;
      }
    });
  } catch (err) {
    if (err instanceof NotStreamable) return null;
    // Cells pasted into a signed sheet past what a record keeps: not what was signed (the signed
    // text was kept whole), the verdict rather than an internal error.
    if (err instanceof ContentTooLarge) return verifyOverLimit(records, { sheet: err.sheet, row: err.row, limit: MAX_CONTENT_CHARS }, active[0].scope.sheets.map((s) => s.sheet).filter((n) => !parts.parts.has(n)), hidden);
    throw err;
  }
  return withFilterFacts(file, verify(records, content, hidden, renames), (facts) => verify(records, content, hidden, renames, facts), parts);
}

/** Signing on: the filters and formulas of the signed sheets when the round's content differs in numbers (withFilterFacts), else undefined. */
async function signingFilterFacts(file: string, records: readonly SignoffRecord[], content: CanonicalContent, parts?: WorkbookParts): Promise<((sheet: string) => SheetFilterFacts | null) | undefined> {
  if (activeRecords(records).length === 0) return undefined;
  const v = verify(records, content);
  if (!mayBeFiltered(v) || v.status !== 'changed') return undefined;
  const facts = await readFilterFacts(file, v.changes.map((c) => c.sheet), parts);
  return facts.size ? (sheet) => facts.get(sheet) ?? null : undefined;
}

/** A round's first signature: the sheets of the scope filtered with rows hidden by the filter (read from the file, filterFacts.ts), which sign() refuses; none when signing on. */
async function filteredSheets(file: string, records: readonly SignoffRecord[], scope: Scope, parts?: WorkbookParts): Promise<string[]> {
  if (activeRecords(records).length) return [];
  return readFilteredSheets(file, scope.sheets.map((s) => s.sheet), parts);
}

/**
 * A verdict listing changed numbers is made again with what the signed sheets' parts say of their
 * filters and formulas (filterFacts.ts): a SUBTOTAL showing other figures only because the sheet
 * is filtered is then no change. The sheets are read again only then, so an intact or plainly
 * edited workbook costs nothing more.
 */
async function withFilterFacts(file: string, result: VerifyResult, again: (facts: (sheet: string) => SheetFilterFacts | null) => VerifyResult, parts?: WorkbookParts): Promise<VerifyResult> {
  if (!mayBeFiltered(result) || result.status !== 'changed') return result;
  const facts = await readFilterFacts(file, result.changes.map((c) => c.sheet), parts);
  if (facts.size === 0) return result;
  return again((sheet) => facts.get(sheet) ?? null);
}

export async function verifyWorkbook(file: string): Promise<VerifyResult> {
  const streamed = await verifyStreamed(file);
  if (streamed) return streamed;
  const wb = await loadWorkbook(file);
  const records = readRecords(wb, file);
  const active = roundToVerify(records);
  if (active.length === 0) return { status: 'unsigned', records };
  const hidden = active[0].scope.sheets.map((s) => wb.getWorksheet(s.sheet)).filter((ws) => ws && (ws.state ?? 'visible') !== 'visible').map((ws) => ws!.name);
  const content = workbookContent(wb, active[0].scope).content;
  const renames = await findRenamedSheets(records, content.missingSheets, wb.worksheets.map((ws) => ws.name).filter((n) => n !== RECORD_SHEET), async (sheetScope, candidate) => canonicalize({ sheets: [sheetScope] }, () => readSheet(wb, candidate)?.cells ?? null).text);
  return withFilterFacts(file, verify(records, content, hidden, renames), (facts) => verify(records, content, hidden, renames, facts));
}

/**
 * Unsealing without exceljs: the records are streamed, the scope sheets read for their signature
 * blocks' labels only, and the workbook rewritten part by part (streamSign.ts: records, emptied
 * blocks, protection removed; every other part copied). Through exceljs, unsealing a signed
 * 100k-row reconciliation report took 3 min 36 s and 3.5 GB. null when the streaming reader
 * cannot read it: the caller unseals through exceljs.
 */
async function unsealStreamed(file: string, by: string, reason: string, now: string | undefined): Promise<SignoffRecord[] | null> {
  const opened = await openStreamed(file);
  if (!opened) return null;
  const { parts, records } = opened;
  let next: SignoffRecord[];
  try {
    next = unseal(records, by, reason, now ?? shanghaiNow());
  } catch (err) {
    refusalToUserError(err, file);
  }
  const scope = activeRecords(records)[0].scope;
  const slots = new Map<string, ReturnType<typeof findSignatureBlock>>();
  try {
    for (const s of scope.sheets) {
      const labels = await streamLabels(parts, s.sheet);
      if (labels) slots.set(s.sheet, findSignatureBlock(labels));
    }
  } catch (err) {
    if (err instanceof NotStreamable) return null;
    throw err;
  }
  await writeAtomically(file, (temp) => writeSigned({ parts, out: temp, records: next, scope, slots, password: undefined, unprotect: true }));
  return next;
}

export async function unsealWorkbook(file: string, by: string, reason: string, now?: string): Promise<SignoffRecord[]> {
  const streamed = await unsealStreamed(file, by, reason, now);
  if (streamed) return streamed;
  const wb = await loadWorkbook(file);
  const records = readRecords(wb, file);
  const active = activeRecords(records);
  let next: SignoffRecord[];
  try {
    next = unseal(records, by, reason, now ?? shanghaiNow());
  } catch (err) {
    refusalToUserError(err, file);
  }
  const scope = active[0].scope;
  writeRecords(wb, next);
  fillSignatureBlocks(wb, next, scope);
  for (const s of scope.sheets) wb.getWorksheet(s.sheet)?.unprotect();
  await save(wb, file);
  return next;
}

/** The records only: streamed (the sheets are not read), through exceljs when the streaming reader cannot open the workbook. */
export async function readWorkbookRecords(file: string): Promise<SignoffRecord[]> {
  const opened = await openStreamed(file);
  if (opened) return opened.records;
  return readRecords(await loadWorkbook(file), file);
}

const SIGNED_MESSAGE = (file: string, who: string): Bilingual => ({
  zh: `${path.basename(file)} 已签核（${who}），不能覆盖。`,
  en: `${path.basename(file)} is signed (${who}); it will not be overwritten.`,
});

/**
 * For every command that writes a workbook (generators, `anjie reconcile`): call before writing
 * `target`. Throws a UserError (exit 2) when `target` is an existing workbook with an active
 * signature, unless `force` — then it prints a warning and returns. A missing or unreadable
 * target is not signed.
 */
export async function assertNotSigned(target: string, force = false): Promise<void> {
  try {
    await fs.access(target);
  } catch {
    return;
  }
  // Fast path: no 签核记录 sheet in xl/workbook.xml → not signed (no full load of a big report).
  if (!(await mayHaveSheet(target, RECORD_SHEET))) return;
  // The records only, streamed: a signed 100k-row report took 1 min 15 s and 1.7 GB loaded whole by exceljs.
  let rows: unknown[][] | null | undefined;
  try {
    rows = await streamRecordRows(await openWorkbookParts(target), RECORD_SHEET);
  } catch {
    rows = undefined; // not readable that way: exceljs, as before
  }
  let records: SignoffRecord[];
  try {
    if (rows !== undefined) records = recordsOf(rows ?? [], target);
    else {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(target);
      records = readRecords(wb, target);
    }
  } catch (err) {
    if (err instanceof UserError) records = [{ status: 'active', role: '制表', name: '?' } as SignoffRecord]; // damaged records: treat as signed
    else return;
  }
  if (!isSigned(records)) return;
  const who = activeRecords(records)
    .map((r) => `${r.role} ${r.name} ${r.signedAt ?? ''}`.trim())
    .join('，');
  if (force) {
    process.stderr.write(`警告: ${SIGNED_MESSAGE(target, who).zh} 因 --force 仍将覆盖。\nWarning: ${SIGNED_MESSAGE(target, who).en.replace('it will not be overwritten.', 'overwriting it because of --force.')}\n`);
    return;
  }
  throw new UserError(SIGNED_MESSAGE(target, who), { file: target }, {
    zh: '请另选输出文件名；确需覆盖已签核的文件，加 --force。',
    en: 'Choose another output name; to overwrite the signed file anyway, add --force.',
  });
}
