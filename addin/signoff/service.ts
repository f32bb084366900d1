/**
 * The 签核 panel's actions — sign, verify, unseal — over the same domain rules as
 * `anjie signoff`; every Excel call goes through ./excel.
 */
import { shanghaiNow } from '../../domain/dates';
import { type CanonicalContent, canonicalize } from '../../domain/signoff/canonical';
import type { SheetFilterFacts } from '../../domain/signoff/filtered';
import {
  type Role,
  type SignoffRecord,
  type VerifyResult,
  SignoffRefusal,
  activeRecords,
  findRenamedSheets,
  mayBeFiltered,
  nextRole,
  roundToVerify,
  scopeFor,
  sign,
  unseal,
  verify,
} from '../../domain/signoff/record';
import { type RecordProblem, recordProblems } from '../../domain/signoff/recordSeal';
import { RecordTableError, recordsToTable, tableToRecords } from '../../domain/signoff/recordTable';
import { CARRIED_SHEET, type Scope, WHOLE_SHEET, sheetsToSign } from '../../domain/signoff/scope';
import { blockExclusion, blockFill, dateSerial, findSignatureBlock } from '../../domain/signoff/signatureBlock';
import type { Bilingual } from '../../domain/text';
import { TS_LABELS } from '../../domain/titleSearch';
import { AddinError } from '../excel/errors';
import { type SheetCells, type SheetWrite, type SignoffHost, allSheets, filteredSheets, readFilterFacts, readRecordTable, readSheets, selectCell, visibleAndAllSheets, visibleSheets, writeSignoff } from '../excel/signoff';

export const ADDIN_TOOL_VERSION = 'anjie add-in';

/**
 * A refusal or failure in plain words for the pane (an AddinError, so the pane shows it as is, with
 * what to do). `needs`: the field that is the way forward, for the panel to put the keyboard on.
 */
export class SignoffPaneError extends AddinError {
  constructor(problem: Bilingual, readonly fix?: Bilingual, readonly needs?: 'overrideReason') {
    super(fix ? { zh: `${problem.zh}${fix.zh}`, en: `${problem.en} ${fix.en}` } : problem, 'invalid');
    this.name = 'SignoffPaneError';
  }
}

export const PROTECTION_NOTE: Bilingual = {
  zh: '工作表保护只防误操作，任何人都可以解除；指纹才是证明：签核后任何改动都会在“核验签名”中按单元格列出。',
  en: 'Sheet protection only guards against accidents and anyone can remove it; the fingerprint is the proof: any change after signing is listed cell by cell by Verify signatures.',
};

export async function loadRecords(host: SignoffHost): Promise<SignoffRecord[]> {
  const table = await readRecordTable(host);
  try {
    return tableToRecords(table);
  } catch (err) {
    if (err instanceof RecordTableError) {
      throw new SignoffPaneError({ zh: `签核记录表已损坏，无法读取：${err.message}`, en: `The sign-off record sheet is damaged: ${err.message}` });
    }
    throw err;
  }
}

function contentOf(scope: Scope, sheets: Map<string, SheetCells>): CanonicalContent {
  return canonicalize(scope, (name) => {
    const s = sheets.get(name);
    return s && s.exists ? s.cells : null;
  });
}

export interface PaneState {
  records: SignoffRecord[];
  /** The round in force as verify sees it (roundToVerify): a 状态 typed to unsealed hides no round. */
  active: SignoffRecord[];
  /** Records edited or deleted since written (recordProblems, a 状态 typed among them): verify says the workbook altered. */
  recordProblems?: RecordProblem[];
  /** The role the next signer takes (null: fully signed). */
  nextRole: Role | null;
  sheets: string[];
  /**
   * The per-unit 查册表 among `sheets`, told by the 房号 on them as the 查册 tab tells them
   * (titleSearch.ts), whatever their names: one choice in the pane, not a box per unit. Read only
   * while a first signature chooses its sheets.
   */
  unitSheets: string[];
  /**
   * The workbook is a reconciliation report with carried open items (the hidden _anjie_open): a first
   * signature covers them too, whichever sheets are ticked (domain/signoff/scope sheetsToSign), and the panel says so.
   */
  carried?: boolean;
}

/** Sheets Anjie generates for managers to sign (zh and en names; 按揭进度表 per project has a suffix). */
const REPORT_SHEETS = ['按揭进度表', 'Weekly progress', '费用台账', 'Fee ledger', '少收名单', 'Underpaid', '多收名单', 'Overpaid', '查册汇总', 'Title search summary', '按揭保证金', 'Guarantee deposits'];

/**
 * The sheets ticked when the panel opens: the reports among them, when there are any. Signing
 * protects what it seals; ticking the register (and hundreds of per-unit 查册表) by default locked
 * the sheets the desk works in every day. A workbook without such reports (the monthly
 * reconciliation report) starts with every visible sheet ticked.
 */
export function defaultSignSheets(sheets: readonly string[]): string[] {
  const reports = sheets.filter((s) => REPORT_SHEETS.some((r) => s === r || s.startsWith(`${r}-`) || s.startsWith(`${r} (`)));
  return reports.length ? reports : [...sheets];
}

export async function paneState(host: SignoffHost): Promise<PaneState> {
  const records = await loadRecords(host);
  // As verify reads the records (verifyInExcel): an unseal typed into 签核记录 is an altered record, not an unsigned workbook.
  const active = roundToVerify(records);
  const { visible, all, labelled } = await visibleAndAllSheets(host, active.length ? [] : [TS_LABELS.unitKey.zh, TS_LABELS.unitKey.en]);
  return { records, active, recordProblems: recordProblems(records), nextRole: nextRole(records), sheets: visible, unitSheets: labelled, carried: sheetsToSign([], all).includes(CARRIED_SHEET) };
}

export interface PaneSignRequest {
  name: string;
  role: Role;
  /** Sheets to sign (first signature only); default (undefined) every visible sheet; an empty list is refused. */
  sheets?: string[];
  /** Password to unprotect sheets already protected with one. */
  currentPassword?: string;
  /** Password for the protection after signing (optional). */
  password?: string;
  /** Validation errors still open in the workbook (from the pane's validator). */
  validationErrors?: number;
  /** Required when validationErrors > 0: why the signer signs anyway. */
  overrideReason?: string;
  now?: string;
}

function refusal(err: unknown): never {
  if (err instanceof SignoffRefusal) throw new SignoffPaneError(err.text, err.fix);
  throw err;
}

function passwordProblem(err: unknown): never {
  const code = (err as { code?: string } | null)?.code;
  if (code === 'InvalidArgument' || code === 'InvalidPassword' || code === 'AccessDenied') {
    throw new SignoffPaneError(
      { zh: '工作表受密码保护：请填写当前的保护密码。', en: 'The sheet is protected with a password: enter the current protection password.' },
      { zh: '密码由上一位签核人设置。', en: 'The previous signer set it.' },
    );
  }
  throw err;
}

export async function signInExcel(host: SignoffHost, req: PaneSignRequest): Promise<SignoffRecord> {
  if ((req.validationErrors ?? 0) > 0 && !(req.overrideReason ?? '').trim()) {
    // Where the errors are (the panel has just listed them on 台账) and which field signs anyway: the panel's words for both.
    throw new SignoffPaneError(
      {
        zh: `台账仍有 ${req.validationErrors} 个校验错误，不能签核。这些错误列在“台账”页（点“校验台账”可在表中标出）。`,
        en: `The register still has ${req.validationErrors} validation error(s); it cannot be signed. They are listed on the Register tab (Validate register marks them in the sheet).`,
      },
      {
        zh: '请先改正；如确需签核，请在下方“仍要签核的原因”栏写明原因（记入签核记录），再点“签核”。',
        en: 'Fix them first; or, to sign anyway, fill in the "why you sign anyway" field below (kept in the sign-off record) and press Sign again.',
      },
      'overrideReason',
    );
  }
  const records = await loadRecords(host);
  let scope: Scope;
  let sheets: Map<string, SheetCells>;
  if (activeRecords(records).length) {
    scope = scopeFor(records, { sheets: [] });
    sheets = await readSheets(host, scope);
  } else {
    // An empty choice is no choice: signing every sheet instead would seal (and protect) sheets the signer left out.
    const names = req.sheets ?? (await visibleSheets(host));
    if (names.length === 0) {
      throw new SignoffPaneError(
        { zh: '没有选择要签核的工作表，未作任何更改。', en: 'No sheet was chosen to sign; nothing was changed.' },
        { zh: '请在“签核的工作表”中至少勾选一个。', en: 'Tick at least one under "Sheets to sign".' },
      );
    }
    // A reconciliation report's carried open items (_anjie_open, very hidden) are signed with it, as by anjie signoff sign.
    const whole: Scope = { sheets: sheetsToSign(names, await allSheets(host)).map((sheet) => ({ sheet, ranges: [WHOLE_SHEET], exclude: [] })) };
    sheets = await readSheets(host, whole);
    scope = {
      sheets: whole.sheets.map((s) => {
        const slots = findSignatureBlock(sheets.get(s.sheet)?.texts ?? []);
        return { ...s, exclude: slots ? [blockExclusion(slots)] : [] };
      }),
    };
  }
  const content = contentOf(scope, sheets);
  // Signing on a sheet merely filtered since the round's first signature (verifyInExcel's check).
  let filterFacts: ((sheet: string) => SheetFilterFacts | null) | undefined;
  if (activeRecords(records).length) {
    const v = verify(records, content);
    if (mayBeFiltered(v) && v.status === 'changed') {
      const facts = await readFilterFacts(host, v.changes.filter((c) => c.before?.type === 'n' && c.after?.type === 'n'));
      if (facts.size) filterFacts = (sheet) => facts.get(sheet) ?? null;
    }
  }
  // A round's first signature over a filtered sheet would sign the filtered subtotals: one more request, then only.
  const filtered = activeRecords(records).length ? [] : await filteredSheets(host, scope.sheets.map((s) => s.sheet).filter((n) => sheets.get(n)?.exists));
  let next: SignoffRecord[];
  try {
    next = sign(records, {
      name: req.name,
      role: req.role,
      now: req.now ?? shanghaiNow(),
      scope,
      toolVersion: ADDIN_TOOL_VERSION,
      overrideReason: req.overrideReason,
      content,
      filterFacts,
      filteredSheets: filtered,
    });
  } catch (err) {
    refusal(err);
  }
  await write(host, next, scope, sheets, true, { current: req.currentPassword, next: req.password });
  return next[next.length - 1];
}

async function write(host: SignoffHost, records: SignoffRecord[], scope: Scope, sheets: Map<string, SheetCells>, protect: boolean, passwords: { current?: string; next?: string }): Promise<void> {
  const fill = blockFill(records);
  const writes: SheetWrite[] = scope.sheets
    .filter((s) => sheets.get(s.sheet)?.exists)
    .map((s) => ({
      sheet: s.sheet,
      slots: findSignatureBlock(sheets.get(s.sheet)?.texts ?? []),
      fill: { preparedBy: fill.preparedBy, reviewedBy: fill.reviewedBy, dateSerial: fill.date ? dateSerial(fill.date) : null },
      protect,
    }));
  try {
    await writeSignoff(host, recordsToTable(records), writes, passwords);
  } catch (err) {
    passwordProblem(err);
  }
}

export async function verifyInExcel(host: SignoffHost): Promise<VerifyResult> {
  const records = await loadRecords(host);
  const active = roundToVerify(records);
  if (active.length === 0) return { status: 'unsigned', records };
  const scope = active[0].scope;
  const sheets = await readSheets(host, scope);
  const content = contentOf(scope, sheets);
  // A signed sheet missing under its name may be there under another (renamed): the CLI's test (findRenamedSheets).
  const renames = content.missingSheets.length
    ? await findRenamedSheets(records, content.missingSheets, await allSheets(host), async (sheetScope, candidate) => {
        const read = await readSheets(host, { sheets: [{ ...sheetScope, sheet: candidate }] });
        return canonicalize({ sheets: [sheetScope] }, () => read.get(candidate)?.cells ?? null).text;
      })
    : [];
  const hidden = scope.sheets.filter((s) => sheets.get(s.sheet)?.hidden).map((s) => s.sheet);
  const result = verify(records, content, hidden, renames);
  // Changed numbers may be subtotals a filter recalculated: two more requests, only then (readFilterFacts).
  if (!mayBeFiltered(result) || result.status !== 'changed') return result;
  const facts = await readFilterFacts(host, result.changes.filter((c) => c.before?.type === 'n' && c.after?.type === 'n'));
  if (facts.size === 0) return result;
  return verify(records, content, hidden, renames, (sheet) => facts.get(sheet) ?? null);
}

export async function unsealInExcel(host: SignoffHost, req: { name: string; reason: string; currentPassword?: string; now?: string }): Promise<SignoffRecord[]> {
  const records = await loadRecords(host);
  const active = activeRecords(records);
  let next: SignoffRecord[];
  try {
    next = unseal(records, req.name, req.reason, req.now ?? shanghaiNow());
  } catch (err) {
    refusal(err);
  }
  const scope = active[0].scope;
  await write(host, next, scope, await readSheets(host, scope), false, { current: req.currentPassword });
  return next;
}

export { selectCell };
