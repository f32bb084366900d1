/**
 * Sign-off records: who signed what, when, over which scope, with which fingerprint; and the
 * rules for adding one (制表 → 审核 → 批准, same scope and same content) or unsealing.
 * Pure: the CLI (exceljs) and the add-in (Office.js) store these rows in the hidden sheet 签核记录.
 */
import type { Bilingual } from '../text';
import type { LocalDateTime } from '../dates';
import { CANON_VERSION, type CanonicalContent, type CellChange, diffCanonical, escapeText, parseCanonical, sameAtExcelPrecision } from './canonical';
import { CARRIED_SHEET, type Scope, type SheetScope, isSignedScopeForm, sameScope, validScope } from './scope';
import { sha256Hex } from './sha256';
import { type RecordProblem, appendSealed, recordProblems, sealUnsealFields, withSealedStatus, withSeals } from './recordSeal';
import { type SheetFilterFacts, explainFilteredSubtotals, filterHints } from './filtered';

export const ROLES = ['制表', '审核', '批准'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_EN: Record<Role, string> = { 制表: 'prepared by', 审核: 'reviewed by', 批准: 'approved by' };

export function parseRole(text: string): Role | null {
  const t = text.trim().toLowerCase();
  if ((ROLES as readonly string[]).includes(t)) return t as Role;
  if (t === 'prepare' || t === 'prepared' || t === 'preparer' || t === 'prepared by') return '制表';
  if (t === 'review' || t === 'reviewed' || t === 'reviewer' || t === 'reviewed by' || t === '审核(经理)' || t === '审核（经理）') return '审核';
  if (t === 'approve' || t === 'approved' || t === 'approver' || t === 'approved by') return '批准';
  return null;
}

export interface Unsealing {
  by: string;
  at: LocalDateTime;
  reason: string;
}

export interface SignoffRecord {
  /** 1, 2, 3 … in the order signed (never reused). */
  seq: number;
  /** Signing round: 1 for the first; each unseal closes a round, the next signature opens a new one. */
  round: number;
  status: 'active' | 'unsealed';
  role: Role;
  name: string;
  /** Asia/Shanghai wall clock "YYYY-MM-DDTHH:mm:ss". */
  signedAt: LocalDateTime;
  fingerprint: string;
  canon: string;
  scope: Scope;
  cellCount: number;
  toolVersion: string;
  unsealed: Unsealing | null;
  /** Why the signer signed although validation errors remained (empty when there were none). */
  overrideReason: string;
  /**
   * The canonical text signed, so verify can name the changed cells. Kept on the first record of
   * each round (later records of the round signed the same fingerprint); '' on the others.
   */
  content: string;
  /**
   * The record seal (recordSeal.ts): digests of the fields fixed at signing, chained to the previous
   * record's seal. '' (or absent) on records signed before seals existed.
   */
  seal?: string;
  /**
   * The unseal seal (recordSeal.ts): digests of 状态, 撤销人, 撤销时间, 撤销原因 as the tool last
   * wrote them, chained to `seal`. '' (or absent) on records written before unseals were sealed.
   */
  unsealSeal?: string;
}

/** A refusal a person can act on; the CLI turns it into a UserError, the pane shows it. */
export class SignoffRefusal extends Error {
  constructor(readonly text: Bilingual, readonly fix?: Bilingual) {
    super(`${text.zh} / ${text.en}`);
    this.name = 'SignoffRefusal';
  }
}

export function activeRecords(records: readonly SignoffRecord[]): SignoffRecord[] {
  return records.filter((r) => r.status === 'active').sort((a, b) => a.seq - b.seq);
}

export function isSigned(records: readonly SignoffRecord[]): boolean {
  return activeRecords(records).length > 0;
}

/** The role the next signer must take, or null when 批准 has signed. */
export function nextRole(records: readonly SignoffRecord[]): Role | null {
  const active = activeRecords(records);
  if (active.length === 0) return '制表';
  const last = ROLES.indexOf(active[active.length - 1].role);
  return last + 1 < ROLES.length ? ROLES[last + 1] : null;
}

export interface SignRequest {
  name: string;
  role: Role;
  now: LocalDateTime;
  /** Scope asked for; ignored (the round's scope is used) when the round already has a signer. */
  scope: Scope;
  toolVersion: string;
  overrideReason?: string;
  /** Canonical content of the current workbook over `scopeFor(records, scope)`. */
  content: CanonicalContent;
  /** What the reader sees of the signed sheets' filters and formulas (verify's filterFacts): a sheet merely filtered can be signed on. */
  filterFacts?: (sheet: string) => SheetFilterFacts | null;
  /** Sheets of the scope the reader saw filtered with rows hidden by the filter (hidesRowsByFilter): the first signature of a round refuses them. */
  filteredSheets?: readonly string[];
}

/** The scope a new signature covers: the open round's scope, or the one asked for. */
export function scopeFor(records: readonly SignoffRecord[], requested: Scope): Scope {
  const active = activeRecords(records);
  return active.length ? active[0].scope : requested;
}

export function checkName(name: string, what: Bilingual = { zh: '签核人姓名', en: "the signer's name" }): string {
  const n = name.normalize('NFC').trim();
  if (n === '') throw new SignoffRefusal({ zh: `请填写${what.zh}。`, en: `Please give ${what.en}.` });
  if (n.length > 50) throw new SignoffRefusal({ zh: `${what.zh}过长（最多 50 个字）。`, en: `${what.en} is too long (at most 50 characters).` });
  // A line break or tab splits the name over lines in the signature block and in `show`; an
  // invisible character (zero-width space, direction mark) makes the same person look like another
  // to the "no one signs twice in a round" rule.
  if (/[\p{Cc}\p{Cf}]/u.test(n)) {
    throw new SignoffRefusal({ zh: `${what.zh}不能含换行、制表符或不可见字符。`, en: `${what.en} cannot contain line breaks, tabs or invisible characters.` });
  }
  if (/^[=+@']/.test(n)) throw new SignoffRefusal({ zh: `${what.zh}不能以 = + @ ' 开头。`, en: `${what.en} cannot start with = + @ or '.` });
  return n;
}

/** The refusal of a later signer (审核, 批准) when the content changed since the round's first signature. */
export function changedSinceSigned(records: readonly SignoffRecord[]): SignoffRefusal {
  const first = activeRecords(records)[0];
  return new SignoffRefusal(
    { zh: `内容在「${first.role}」${first.name} 签核后已被修改，不能继续签核。`, en: `The content changed after ${first.name} signed as ${first.role} (${ROLE_EN[first.role]}); it cannot be signed on.` },
    { zh: '请运行 verify 查看改动；如改动无误，先撤销签核再重新制表签核。', en: 'Run verify to see what changed; if the change is right, unseal and sign again from 制表.' },
  );
}

/** What one RecordProblem says to a person, naming the round, the record and the field. */
export function describeRecordProblem(p: RecordProblem): Bilingual {
  const rounds = (r: [number, number]) => (r[0] === r[1] ? { zh: `第 ${r[0]} 轮`, en: `round ${r[0]}` } : { zh: `第 ${r[0]}–${r[1]} 轮`, en: `rounds ${r[0]}–${r[1]}` });
  switch (p.kind) {
    case 'field':
      return { zh: `第 ${p.round} 轮「${p.role}」的记录（序号 ${p.seq}）中${p.field.zh}已被改动`, en: `the ${p.field.en} of round ${p.round}'s ${p.role} (${ROLE_EN[p.role]}) record (No. ${p.seq}) was changed` };
    case 'missing': {
      const r = rounds(p.rounds);
      return { zh: `序号 ${p.seqs.join('、')} 的记录（${r.zh}）已被删除`, en: `record No. ${p.seqs.join(', ')} (${r.en}) was deleted` };
    }
    case 'missingRound':
      return { zh: `第 ${p.round} 轮的记录已被删除`, en: `the records of round ${p.round} were deleted` };
    case 'noSeal':
      return { zh: `第 ${p.round} 轮「${p.role}」的记录（序号 ${p.seq}）的签核校验已被删除或改动`, en: `the record seal (签核校验) of round ${p.round}'s ${p.role} (${ROLE_EN[p.role]}) record (No. ${p.seq}) was deleted or changed` };
    case 'chain':
      return { zh: `第 ${p.round} 轮「${p.role}」的记录（序号 ${p.seq}）之前的记录已被删除或改动`, en: `a record before round ${p.round}'s ${p.role} (${ROLE_EN[p.role]}) record (No. ${p.seq}) was deleted or changed` };
    case 'status':
      return p.status === 'unsealed'
        ? { zh: `第 ${p.round} 轮「${p.role}」的记录（序号 ${p.seq}）的状态被手工改为已撤销（撤销不是由签核工具完成的）`, en: `the status (状态) of round ${p.round}'s ${p.role} (${ROLE_EN[p.role]}) record (No. ${p.seq}) was set to unsealed by hand (not unsealed by the sign-off tool)` }
        : { zh: `第 ${p.round} 轮「${p.role}」的记录（序号 ${p.seq}）的状态被手工改回有效（撤销签核后不能恢复）`, en: `the status (状态) of round ${p.round}'s ${p.role} (${ROLE_EN[p.role]}) record (No. ${p.seq}) was set back to active by hand (an unsealed signature cannot be restored)` };
    case 'noUnsealSeal':
      return { zh: `第 ${p.round} 轮「${p.role}」的记录（序号 ${p.seq}）的撤销校验已被删除或改动`, en: `the unseal seal (撤销校验) of round ${p.round}'s ${p.role} (${ROLE_EN[p.role]}) record (No. ${p.seq}) was deleted or changed` };
  }
}

/** The refusal to sign over records edited or deleted since written (a new round would seal them as they are now). */
export function alteredRecords(problems: readonly RecordProblem[]): SignoffRefusal {
  return new SignoffRefusal(
    { zh: `签核记录已被改动：${problems.map((p) => describeRecordProblem(p).zh).join('；')}，不能签核。`, en: `The sign-off record was altered: ${problems.map((p) => describeRecordProblem(p).en).join('; ')}; it cannot be signed.` },
    { zh: '请运行 verify 查看；请用签核时的工作簿（或重新生成的报告）签核。', en: 'Run verify to see it; sign the workbook as it was signed (or a regenerated report) instead.' },
  );
}

/** The refusal to sign a round's first signature over sheets filtered with rows hidden: the 小计 / 合计 signed would be the filtered sums. */
export function filteredAtSigning(sheets: readonly string[]): SignoffRefusal {
  return new SignoffRefusal(
    { zh: `工作表已筛选，有行被筛选隐藏：${sheets.join('、')}。此时签核，签下的小计/合计是筛选后的数字，不是整张表的合计，未作任何更改。`, en: `Filtered, with rows hidden by the filter: ${sheets.join(', ')}. Signed now, the 小计/合计 (subtotals and totals) signed would be the filtered figures, not the sheet's totals; nothing was changed.` },
    { zh: '请清除筛选（数据 → 清除）后再签核。', en: 'Clear the filter (Data → Clear) and sign again.' },
  );
}

/** Adds a signature; refuses when the role is out of order, the content changed, or the signer repeats. */
export function sign(records: readonly SignoffRecord[], req: SignRequest): SignoffRecord[] {
  const name = checkName(req.name);
  // A 状态 typed (an unseal typed, a round typed back to active): which round is open, and which
  // role signs next, is not what the records read; said first, as the altered record it is.
  const typed = recordProblems(records);
  if (typed.some(isUnsealProblem)) throw alteredRecords(typed);
  const active = activeRecords(records);
  const expected = nextRole(records);
  if (expected === null) {
    throw new SignoffRefusal(
      { zh: '本工作簿已完成制表、审核、批准全部签核。', en: 'This workbook is already fully signed (prepared, reviewed, approved).' },
      { zh: '如需修改，请先撤销签核（unseal）。', en: 'To change it, unseal it first.' },
    );
  }
  if (req.role !== expected) {
    throw new SignoffRefusal(
      { zh: `签核顺序为 制表 → 审核 → 批准：下一位应为「${expected}」，不能由「${req.role}」签核。`, en: `Sign-off goes 制表 (prepared) → 审核 (reviewed) → 批准 (approved): the next signer must be ${expected} (${ROLE_EN[expected]}), not ${req.role} (${ROLE_EN[req.role]}).` },
    );
  }
  if (active.some((r) => r.name === name)) {
    throw new SignoffRefusal({ zh: `${name} 已在本轮签核中签过（${active.find((r) => r.name === name)?.role}），同一人不能再以「${req.role}」签核。`, en: `${name} already signed in this round; the same person cannot also sign as ${req.role} (${ROLE_EN[req.role]}).` });
  }
  const scope = scopeFor(records, req.scope);
  if (!validScope(scope)) throw new SignoffRefusal({ zh: '签核范围无效。', en: 'The sign-off scope is not valid.' });
  if (req.content.missingSheets.length) {
    throw new SignoffRefusal({ zh: `找不到要签核的工作表：${req.content.missingSheets.join('、')}`, en: `Sheet(s) to sign not found: ${req.content.missingSheets.join(', ')}` });
  }
  if (req.content.cellCount === 0) throw new SignoffRefusal({ zh: '签核范围内没有任何内容。', en: 'There is nothing in the scope to sign.' });
  // A round's first signature over a filtered sheet would sign the filtered subtotals (later signers
  // sign on over a filter applied since: the round's fingerprint stays, filtered.ts tells it).
  if (!active.length && req.filteredSheets?.length) throw filteredAtSigning(req.filteredSheets);
  // Numbers that differ only beyond 15 significant digits are the same content (sameAtExcelPrecision),
  // as are subtotals a filter explains (filtered.ts): the new record then carries the round's
  // fingerprint, as every later signer of a round does.
  if (active.length) {
    const v = verify(records, req.content, [], [], req.filterFacts);
    if (v.status === 'changed' && (v.recordProblems.length === 0 || v.changes.length || v.recordTampered || v.inconsistent || v.missingSheets.length || v.overLimit)) throw changedSinceSigned(records);
  }
  // Records edited or deleted since written: signing on (or a new round) would seal them as they are now.
  const problems = recordProblems(records);
  if (problems.length) throw alteredRecords(problems);
  const lastSeq = records.reduce((m, r) => Math.max(m, r.seq), 0);
  const lastRound = records.reduce((m, r) => Math.max(m, r.round), 0);
  const round = active.length ? active[0].round : lastRound + 1;
  const record: SignoffRecord = {
    seq: lastSeq + 1,
    round,
    status: 'active',
    role: req.role,
    name,
    signedAt: req.now,
    fingerprint: active.length ? active[0].fingerprint : req.content.fingerprint,
    canon: CANON_VERSION,
    scope,
    cellCount: req.content.cellCount,
    toolVersion: req.toolVersion,
    unsealed: null,
    overrideReason: (req.overrideReason ?? '').trim(),
    content: active.length ? '' : req.content.text,
  };
  return sealUnsealFields(appendSealed(records, record));
}

/** A problem with the unseal columns (状态 typed, 撤销人 … edited, their seal gone): what the tool's unseal would seal over. */
export function isUnsealProblem(p: RecordProblem): boolean {
  return p.kind === 'status' || p.kind === 'noUnsealSeal' || (p.kind === 'field' && ['状态', '撤销人', '撤销时间', '撤销原因'].includes(p.field.zh));
}

/** Closes the open round: every active record becomes 'unsealed' with who, when and why; nothing is deleted. */
export function unseal(records: readonly SignoffRecord[], by: string, reason: string, now: LocalDateTime): SignoffRecord[] {
  const who = checkName(by, { zh: '撤销人姓名', en: 'the name of who unseals' });
  const why = reason.normalize('NFC').trim();
  if (why === '') throw new SignoffRefusal({ zh: '请填写撤销签核的原因。', en: 'Please give the reason for unsealing.' });
  // An unseal typed (or a round typed back to active, an unseal's reason edited): unsealing now would seal it as the tool's.
  const problems = recordProblems(records);
  if (problems.some(isUnsealProblem)) throw alteredRecords(problems);
  if (!isSigned(records)) throw new SignoffRefusal({ zh: '本工作簿没有有效的签核，无需撤销。', en: 'This workbook has no active signature to unseal.' });
  // The unseal columns are sealed as written (records signed before seals existed sealed first, as signing does).
  return sealUnsealFields(withSeals(records).map((r) => (r.status === 'active' ? { ...r, status: 'unsealed' as const, unsealed: { by: who, at: now, reason: why } } : r)));
}

/**
 * The open round verify checks: the active records, each 状态 as the tool last wrote it (an
 * unseal typed hides no round); the records as they read when that leaves none (a round typed
 * back to active is compared, and reported altered). The CLI and the panel read its scope.
 */
export function roundToVerify(records: readonly SignoffRecord[]): SignoffRecord[] {
  const sealed = activeRecords(withSealedStatus(records));
  return sealed.length ? sealed : activeRecords(records);
}

/** The records verify compares with: `records` with each 状态 as sealed, when that leaves a round open. */
function asVerified(records: readonly SignoffRecord[]): readonly SignoffRecord[] {
  const sealed = withSealedStatus(records);
  return activeRecords(sealed).length ? sealed : records;
}

/** The last stored copy seen by verify, hashed and parsed once (verify is often run repeatedly on one record). */
let storedCache: { text: string; hash: string; scopeKey: string; entries: ReturnType<typeof parseCanonical> | null } | null = null;

function storedInfo(text: string, scope: Scope): { hash: string; entries: () => ReturnType<typeof parseCanonical> } {
  const scopeKey = JSON.stringify(scope);
  if (!storedCache || storedCache.text !== text || storedCache.scopeKey !== scopeKey) storedCache = { text, hash: sha256Hex(text), scopeKey, entries: null };
  const cache = storedCache;
  return {
    hash: cache.hash,
    entries: () => (cache.entries ??= parseCanonical(text, scope)),
  };
}

/**
 * Signed sheets missing under their signed name that are in the workbook under another (the CLI
 * and the add-in both use this): a sheet outside the scope whose content, canonicalised as the
 * missing sheet (its ranges and exclusions), is exactly that sheet's stored lines. A sheet renamed
 * and edited is not found (it stays missing, its signed cells listed). `sheetNames`: the
 * workbook's sheets, without 签核记录; `textAs(sheetScope, candidate)` canonicalises `candidate`
 * under `sheetScope` (the text of `canonicalize({ sheets: [sheetScope] }, candidate's cells)`).
 */
export async function findRenamedSheets(
  records: readonly SignoffRecord[],
  missing: readonly string[],
  sheetNames: readonly string[],
  // `atMost`: the signed text's length. A candidate's text longer than that cannot be it, so a reader
  // may stop there and give null (a 1M-row sheet beside a renamed 汇总 is not read to its end).
  textAs: (sheetScope: SheetScope, candidate: string, atMost: number) => string | null | Promise<string | null>,
): Promise<SheetRename[]> {
  const renames: SheetRename[] = [];
  const active = roundToVerify(records);
  if (missing.length === 0 || active.length === 0) return renames;
  const scope = active[0].scope;
  const inScope = new Set(scope.sheets.map((s) => s.sheet));
  for (const from of missing) {
    const want = signedSheetText(records, from);
    const sheetScope = scope.sheets.find((s) => s.sheet === from);
    if (!want || !sheetScope) continue; // no usable stored copy, or nothing signed on that sheet: nothing to recognise it by
    for (const to of sheetNames) {
      if (inScope.has(to) || renames.some((r) => r.to === to)) continue;
      if ((await textAs(sheetScope, to, want.length)) === want) {
        renames.push({ from, to });
        break;
      }
    }
  }
  return renames;
}

export type VerifyResult =
  | { status: 'unsigned'; records: SignoffRecord[] }
  | {
      status: 'intact';
      records: SignoffRecord[];
      active: SignoffRecord[];
      fingerprint: string;
      cellCount: number;
      /** Numbers that differ from the signed ones only beyond 15 significant digits (0 when the fingerprint matches exactly). */
      rounded: number;
      /** Signed sheets now hidden: the reader may be looking at another sheet (a look-alike copy). */
      hiddenSheets: string[];
      /** SUBTOTAL cells that show other figures only because the sheet is filtered (filtered.ts); counted unchanged. */
      filtered?: CellChange[];
    }
  | {
      status: 'changed';
      records: SignoffRecord[];
      active: SignoffRecord[];
      signedFingerprint: string;
      currentFingerprint: string;
      /** Changed cells, first ones first (empty when the stored copy is unusable). */
      changes: CellChange[];
      /** SUBTOTAL cells that show other figures only because the sheet is filtered (filtered.ts): not in changes. */
      filtered?: CellChange[];
      /** Changed SUBTOTAL cells with hidden rows in their range, which no filter was shown to explain (filterHints): in changes. */
      filterHints?: CellChange[];
      /** The stored canonical copy no longer matches the signed fingerprint (the record was altered). */
      recordTampered: boolean;
      /** The active records disagree with each other (altered records). */
      inconsistent: boolean;
      /**
       * Rows of 签核记录 edited or deleted since written (recordSeal.ts): a signer or signing time
       * changed, a record deleted … The signed content may be unchanged; the record is not.
       */
      recordProblems: RecordProblem[];
      missingSheets: string[];
      /**
       * Signed sheets missing under their signed name whose content is, cell for cell, in another
       * sheet (renamed, e.g. 差异 → 差异(已处理)): not in missingSheets, and their cells not in changes.
       */
      renamedSheets: SheetRename[];
      hiddenSheets: string[];
      /**
       * Set when the current content was not read to its end: by this sheet and row it was longer
       * than any record keeps a copy of (`limit` characters), so it cannot be the content signed
       * (cells pasted in); `currentFingerprint` is then '' and `changes` empty.
       */
      overLimit?: { sheet: string; row: number; limit: number };
    };

/** A signed sheet now found under another name with exactly the signed content. */
export interface SheetRename {
  from: string;
  to: string;
}

/**
 * The canonical lines of one signed sheet in the open round's stored copy (each ending in LF;
 * '' when it had no cells), or null when there is no active signature or the stored copy does
 * not match the signed fingerprint. A sheet whose content, canonicalised under this name, equals
 * these lines is the signed sheet renamed.
 */
export function signedSheetText(records: readonly SignoffRecord[], sheet: string): string | null {
  const active = roundToVerify(records);
  if (active.length === 0) return null;
  const stored = active.find((r) => r.content !== '')?.content ?? '';
  const info = storedInfo(stored, active[0].scope);
  if (stored === '' || info.hash !== active[0].fingerprint || !isSignedScopeForm(active[0].scope)) return null;
  const prefix = `'${escapeText(sheet).replace(/'/g, "''")}'!`;
  // The lines are sorted by sheet, so one sheet's lines are one run of the text.
  let start = stored.startsWith(prefix) ? 0 : stored.indexOf(`\n${prefix}`);
  if (start < 0) return '';
  if (start > 0) start += 1;
  let end = start;
  while (end < stored.length && stored.startsWith(prefix, end)) {
    const nl = stored.indexOf('\n', end);
    end = nl < 0 ? stored.length : nl + 1;
  }
  return stored.slice(start, end);
}

/**
 * The open round's signatures (null when none is active): the first, whether they disagree among
 * themselves (fingerprint, scope or canonical form), and the signed text the round keeps.
 */
function openRound(records: readonly SignoffRecord[]): { all: SignoffRecord[]; active: SignoffRecord[]; first: SignoffRecord; inconsistent: boolean; stored: string } | null {
  const active = activeRecords(records);
  if (active.length === 0) return null;
  const first = active[0];
  const inconsistent = active.some((r) => r.fingerprint !== first.fingerprint || !sameScope(r.scope, first.scope) || r.canon !== CANON_VERSION);
  const stored = active.find((r) => r.content !== '')?.content ?? '';
  return { all: [...records], active, first, inconsistent, stored };
}

/**
 * The verdict when the current content is longer than any record can keep (`at`: where reading
 * stopped): the signed content was kept whole in the record, so it was not this long, and the
 * content changed. Nothing was read past `at`, so no cell is listed; the records are checked as
 * `verify` checks them. `missingSheets`: signed sheets not in the workbook.
 */
export function verifyOverLimit(records: readonly SignoffRecord[], at: { sheet: string; row: number; limit: number }, missingSheets: string[] = [], hiddenSheets: string[] = []): VerifyResult {
  const round = openRound(asVerified(records));
  if (!round) return { status: 'unsigned', records: [...records] };
  const { active, first, inconsistent, stored } = round;
  const all = [...records];
  const recordTampered = storedInfo(stored, first.scope).hash !== first.fingerprint || !isSignedScopeForm(first.scope);
  return { status: 'changed', records: all, active, signedFingerprint: first.fingerprint, currentFingerprint: '', changes: [], recordTampered, inconsistent, recordProblems: recordProblems(records), missingSheets, renamedSheets: [], hiddenSheets: hiddenSheets.filter((s) => s !== CARRIED_SHEET), overLimit: at };
}

/**
 * Compares the current content with the open round's signature, and checks the records themselves
 * (recordProblems: a signer or time edited, a row deleted). `current` must be computed over the
 * active scope (`activeRecords(records)[0].scope`). `filterFacts`: what the reader sees of a signed
 * sheet's filter and formulas, when it looked (only worth it when a changed cell is a number):
 * a SUBTOTAL that differs only because the sheet is filtered is then not a change (filtered.ts).
 */
export function verify(records: readonly SignoffRecord[], current: CanonicalContent, hidden: string[] = [], renamedSheets: SheetRename[] = [], filterFacts?: (sheet: string) => SheetFilterFacts | null): VerifyResult {
  // An unseal typed in 签核记录 hides no round: the one the tool left open is compared (asVerified).
  const checked = verifyContent(asVerified(records), current, hidden, renamedSheets, filterFacts);
  if (checked.status === 'unsigned') return { ...checked, records: [...records] };
  const result = { ...checked, records: [...records] };
  const problems = recordProblems(records);
  if (result.status === 'changed') return { ...result, recordProblems: problems };
  if (problems.length === 0) return result;
  // The content is as signed, but not the record of who signed it, when, or what came before.
  return { status: 'changed', records: result.records, active: result.active, signedFingerprint: result.fingerprint, currentFingerprint: current.fingerprint, changes: [], recordTampered: false, inconsistent: false, recordProblems: problems, missingSheets: [], renamedSheets: [], hiddenSheets: result.hiddenSheets };
}

/** Whether a verdict lists changed numbers a filter might explain (worth reading the sheets' filters and formulas for). */
export function mayBeFiltered(result: VerifyResult): boolean {
  return result.status === 'changed' && result.changes.some((c) => c.before?.type === 'n' && c.after?.type === 'n');
}

function verifyContent(records: readonly SignoffRecord[], current: CanonicalContent, hidden: string[], renamedSheets: SheetRename[], filterFacts?: (sheet: string) => SheetFilterFacts | null): VerifyResult {
  // A report's carried open items are very hidden by design: no look-alike stands in for them.
  const hiddenSheets = hidden.filter((s) => s !== CARRIED_SHEET);
  const round = openRound(records);
  if (!round) return { status: 'unsigned', records: [...records] };
  const { all, active, first, inconsistent, stored } = round;
  const info = storedInfo(stored, first.scope);
  // A scope not of the form signing writes was edited in 签核记录 (it is not in the fingerprint).
  const recordTampered = info.hash !== first.fingerprint || !isSignedScopeForm(first.scope);
  if (!inconsistent && !recordTampered && current.fingerprint === first.fingerprint && current.missingSheets.length === 0) {
    return { status: 'intact', records: all, active, fingerprint: first.fingerprint, cellCount: current.cellCount, rounded: 0, hiddenSheets };
  }
  let changes: CellChange[] = [];
  let filtered: CellChange[] = [];
  let hints: CellChange[] = [];
  let rounded = 0;
  if (!recordTampered) {
    try {
      const renamed = new Set(renamedSheets.map((r) => r.from));
      const signed = info.entries();
      const all = diffCanonical(signed, current.entries).filter((c) => !renamed.has(c.sheet));
      changes = all.filter((c) => !sameAtExcelPrecision(c.before, c.after));
      rounded = all.length - changes.length;
      if (filterFacts) {
        ({ changes, filtered } = explainFilteredSubtotals(changes, signed, current.entries, filterFacts));
        hints = filterHints(changes, filterFacts);
      }
    } catch {
      changes = [];
      filtered = [];
      hints = [];
    }
  }
  if (!inconsistent && !recordTampered && (rounded > 0 || filtered.length > 0) && changes.length === 0 && current.missingSheets.length === 0) {
    return { status: 'intact', records: all, active, fingerprint: first.fingerprint, cellCount: current.cellCount, rounded, hiddenSheets, ...(filtered.length ? { filtered } : {}) };
  }
  return {
    status: 'changed',
    records: all,
    active,
    signedFingerprint: first.fingerprint,
    currentFingerprint: current.fingerprint,
    changes,
    ...(filtered.length ? { filtered } : {}),
    ...(hints.length ? { filterHints: hints } : {}),
    recordTampered,
    inconsistent,
    recordProblems: [],
    missingSheets: current.missingSheets.filter((m) => !renamedSheets.some((r) => r.from === m)),
    renamedSheets,
    hiddenSheets,
  };
}
