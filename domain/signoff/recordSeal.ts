/**
 * The record seal (签核校验): what lets verify notice a 签核记录 row edited or deleted after signing.
 * The fingerprint covers the signed cells only; who signed, when, in which role and round are in
 * the record row beside it, and were taken as written. Each record now carries, in the cell after
 * its content parts, a digest of each of its fields fixed at signing and a digest chained to the
 * previous record's seal: an edited 签核人 or 签核时间 no longer matches its field's digest, and a
 * deleted row breaks the chain of the row after it. Records signed before seals existed have none;
 * they are checked as before, plus their numbering (序号 1, 2, 3 … and 轮次 without a gap), which
 * a deleted row leaves with a hole. The unseal columns (状态, 撤销人 …), filled after signing,
 * have a seal of their own in the next cell (the unseal seal, below), rewritten by the tool's
 * unseal: an unseal typed in Excel, or a round typed back to active, no longer matches it.
 *
 * Like the fingerprint, a seal is a plain SHA-256 anyone can recompute: it catches a person editing
 * cells in Excel, not someone who rewrites the records with a program (keep the fingerprint
 * elsewhere too, docs/signoff-canonical-form.md §4). Pure: no I/O.
 */
import type { Bilingual } from '../text';
import type { Role, SignoffRecord } from './record';
import { sha256Hex } from './sha256';

export const SEAL_VERSION = 'anjie-seal/1';

/** A record field the seal covers, named as the 签核记录 header names it. */
export interface SealedField {
  name: Bilingual;
  of: (r: SignoffRecord) => string;
}

/** The fields fixed when a record is signed (the unseal columns are filled later: the unseal seal, below, covers them). */
export const SEALED_FIELDS: readonly SealedField[] = [
  { name: { zh: '序号', en: 'number (序号)' }, of: (r) => String(r.seq) },
  { name: { zh: '轮次', en: 'round (轮次)' }, of: (r) => String(r.round) },
  { name: { zh: '角色', en: 'role (角色)' }, of: (r) => r.role },
  { name: { zh: '签核人', en: 'signer (签核人)' }, of: (r) => r.name },
  { name: { zh: '签核时间', en: 'signing time (签核时间)' }, of: (r) => r.signedAt },
  { name: { zh: '指纹', en: 'fingerprint (指纹)' }, of: (r) => r.fingerprint },
  { name: { zh: '规范', en: 'canonical form (规范)' }, of: (r) => r.canon },
  { name: { zh: '范围', en: 'scope (范围)' }, of: (r) => JSON.stringify(r.scope) },
  { name: { zh: '单元格数', en: 'cell count (单元格数)' }, of: (r) => String(r.cellCount) },
  { name: { zh: '工具版本', en: 'tool version (工具版本)' }, of: (r) => r.toolVersion },
  { name: { zh: '例外说明', en: 'override reason (例外说明)' }, of: (r) => r.overrideReason },
];

function fieldDigest(field: SealedField, r: SignoffRecord): string {
  return sha256Hex(JSON.stringify([SEAL_VERSION, field.name.zh, field.of(r)])).slice(0, 16);
}

function chainDigest(r: SignoffRecord, previousSeal: string): string {
  return sha256Hex(JSON.stringify([SEAL_VERSION, previousSeal, ...SEALED_FIELDS.map((f) => f.of(r))]));
}

/** The seal of `r` signed after the record whose seal is `previousSeal` ('' for the first record). */
export function sealOf(r: SignoffRecord, previousSeal: string): string {
  return `${SEAL_VERSION}:${chainDigest(r, previousSeal)}:${SEALED_FIELDS.map((f) => fieldDigest(f, r)).join(',')}`;
}

function parseSeal(seal: string): { chain: string; fields: string[] } | null {
  const m = /^anjie-seal\/1:([0-9a-f]{64}):([0-9a-f,]+)$/.exec(seal.trim());
  if (!m) return null;
  const fields = m[2].split(',');
  return fields.length === SEALED_FIELDS.length && fields.every((f) => /^[0-9a-f]{16}$/.test(f)) ? { chain: m[1], fields } : null;
}

export function bySeq(records: readonly SignoffRecord[]): SignoffRecord[] {
  return [...records].sort((a, b) => a.seq - b.seq);
}

/** Whether the records carry seals (then every one must): written by a version that seals. */
export function isSealed(records: readonly SignoffRecord[]): boolean {
  return records.some((r) => (r.seal ?? '') !== '');
}

/**
 * The records with `next` added, sealed: `next` chained to the last record's seal. Records signed
 * before seals existed are sealed first, as they read now (they verified, or signing was refused),
 * so that from now on an edit of theirs is noticed too.
 */
export function appendSealed(records: readonly SignoffRecord[], next: SignoffRecord): SignoffRecord[] {
  const out = withSeals(records);
  out.push({ ...next, seal: sealOf(next, out.length ? out[out.length - 1].seal ?? '' : '') });
  return out;
}

/** The records in 序号 order, sealed as they read now when they carry no seals yet (signed before seals existed). */
export function withSeals(records: readonly SignoffRecord[]): SignoffRecord[] {
  const ordered = bySeq(records);
  if (isSealed(ordered)) return ordered;
  let previous = '';
  return ordered.map((r) => {
    previous = sealOf(r, previous);
    return { ...r, seal: previous };
  });
}

/** Something in 签核记录 changed or missing since it was written, on one record or between two. */
export type RecordProblem =
  /** A field of a sealed record no longer matches its digest (签核人, 签核时间 …). */
  | { kind: 'field'; seq: number; round: number; role: Role; field: Bilingual }
  /** 序号 numbers missing: rows deleted. `rounds`: the rounds the missing records were in, as far as the neighbours tell. */
  | { kind: 'missing'; seqs: number[]; rounds: [number, number] }
  /** A round number missing between 1 and the last round, the 序号 without a hole. */
  | { kind: 'missingRound'; round: number }
  /** A record without a seal (or an unreadable one) in records that carry seals. */
  | { kind: 'noSeal'; seq: number; round: number; role: Role }
  /** The record's fields match, but not the seal of the record before it: a record before it was deleted or its seal edited. */
  | { kind: 'chain'; seq: number; round: number; role: Role }
  /**
   * 状态 typed, not set by the tool's unseal: `status` is what it reads now ('unsealed': the
   * signature typed away; 'active': an unsealed signature typed back to life).
   */
  | { kind: 'status'; seq: number; round: number; role: Role; status: 'active' | 'unsealed' }
  /** A record without an unseal seal (or an unreadable one) in records that carry them. */
  | { kind: 'noUnsealSeal'; seq: number; round: number; role: Role };

/**
 * What verify finds wrong with the records themselves, first ones first; [] when nothing. Used on
 * every record, history included: a deleted earlier round is as much a change as an edited signer.
 */
export function recordProblems(records: readonly SignoffRecord[]): RecordProblem[] {
  const ordered = bySeq(records);
  const problems: RecordProblem[] = [];
  if (ordered.length === 0) return problems;
  // Numbering: 序号 1, 2, 3 … and 轮次 1 … n, each signature adding one (every version wrote them so).
  const seqs = new Set(ordered.map((r) => r.seq));
  const last = ordered[ordered.length - 1].seq;
  let gap: number[] = [];
  for (let k = 1; k <= last; k++) {
    if (seqs.has(k)) {
      if (gap.length) {
        const before = ordered.filter((r) => r.seq < gap[0]).pop();
        const after = ordered.find((r) => r.seq > gap[gap.length - 1])!;
        // The record after the hole opens its round (制表): the missing ones closed an earlier one.
        const lo = before?.round ?? 1;
        problems.push({ kind: 'missing', seqs: gap, rounds: [lo, after.role === '制表' ? Math.max(lo, after.round - 1) : after.round] });
        gap = [];
      }
    } else gap.push(k);
  }
  if (!problems.length) {
    const rounds = new Set(ordered.map((r) => r.round));
    const lastRound = Math.max(...rounds);
    for (let n = 1; n <= lastRound; n++) if (!rounds.has(n)) problems.push({ kind: 'missingRound', round: n });
  }
  if (!isSealed(ordered)) return problems;
  let previous = '';
  for (const r of ordered) {
    const seal = parseSeal(r.seal ?? '');
    const at = { seq: r.seq, round: r.round, role: r.role };
    if (!seal) problems.push({ kind: 'noSeal', ...at });
    else {
      const fields = SEALED_FIELDS.filter((f, i) => fieldDigest(f, r) !== seal.fields[i]);
      for (const f of fields) problems.push({ kind: 'field', ...at, field: f.name });
      // A deleted row already said (its 序号 missing) is not said again as the next row's broken chain.
      const saidMissing = problems.some((p) => p.kind === 'missing' && p.seqs.includes(r.seq - 1));
      if (!fields.length && seal.chain !== chainDigest(r, previous) && !saidMissing) problems.push({ kind: 'chain', ...at });
    }
    previous = r.seal ?? '';
  }
  if (!isUnsealSealed(ordered)) return problems;
  for (const r of ordered) {
    const own = r.seal ?? '';
    if (!parseSeal(own)) continue; // its record seal is already said missing or changed
    const at = { seq: r.seq, round: r.round, role: r.role };
    const digests = parseUnsealSeal(r.unsealSeal ?? '');
    if (!digests) {
      if (hasRoomForUnsealSeal(r) || (r.unsealSeal ?? '') !== '') problems.push({ kind: 'noUnsealSeal', ...at });
      continue;
    }
    const sealed = sealedStatusOf(r);
    if (sealed === null) problems.push({ kind: 'noUnsealSeal', ...at });
    // The status typed is the finding; the unseal columns typed with it are not listed one by one.
    else if (sealed !== r.status) problems.push({ kind: 'status', ...at, status: r.status });
    else for (const f of UNSEAL_FIELDS.slice(1).filter((f, i) => unsealDigest(f, r, own) !== digests[i + 1])) problems.push({ kind: 'field', ...at, field: f.name });
  }
  return problems;
}

/*
 * The unseal seal (撤销校验): the unseal columns — 状态, 撤销人, 撤销时间, 撤销原因 — are filled
 * after signing, so the record seal leaves them out. Whatever writes records (signing, the
 * tool's unseal) seals them in the cell after the record seal: a digest of each, chained to the
 * record's own seal (so one row's cell copied onto another does not match). A record's 状态
 * typed to unsealed (or back to active) then no longer matches, and verify says so. Its own
 * cell, not the record seal's: versions that read the record seal (anjie-seal/1, exactly 11
 * digests) read these records as before and ignore it.
 */
export const UNSEAL_VERSION = 'anjie-unseal/1';

export const UNSEAL_FIELDS: readonly SealedField[] = [
  { name: { zh: '状态', en: 'status (状态)' }, of: (r) => r.status },
  { name: { zh: '撤销人', en: 'unsealed by (撤销人)' }, of: (r) => r.unsealed?.by ?? '' },
  { name: { zh: '撤销时间', en: 'unseal time (撤销时间)' }, of: (r) => r.unsealed?.at ?? '' },
  { name: { zh: '撤销原因', en: 'unseal reason (撤销原因)' }, of: (r) => r.unsealed?.reason ?? '' },
];

function unsealDigest(field: SealedField, r: SignoffRecord, ownSeal: string): string {
  return sha256Hex(JSON.stringify([UNSEAL_VERSION, ownSeal, field.name.zh, field.of(r)])).slice(0, 16);
}

/** The unseal seal of `r` as it reads now (its record seal set). */
export function unsealSealOf(r: SignoffRecord): string {
  return `${UNSEAL_VERSION}:${UNSEAL_FIELDS.map((f) => unsealDigest(f, r, r.seal ?? '')).join(',')}`;
}

function parseUnsealSeal(seal: string): string[] | null {
  const m = /^anjie-unseal\/1:([0-9a-f,]+)$/.exec(seal.trim());
  if (!m) return null;
  const digests = m[1].split(',');
  return digests.length === UNSEAL_FIELDS.length && digests.every((d) => /^[0-9a-f]{16}$/.test(d)) ? digests : null;
}

/** Whether some record carries an unseal seal (then every sealed one must, room permitting). */
export function isUnsealSealed(records: readonly SignoffRecord[]): boolean {
  return records.some((r) => (r.unsealSeal ?? '') !== '');
}

/**
 * A row's cells end at XFD: a record whose copy fills the row to the record seal in its last
 * column (some 491 million characters) has no cell left for the unseal seal, and carries none.
 */
export function hasRoomForUnsealSeal(r: SignoffRecord): boolean {
  return r.content.length <= (16384 - 16 - 2) * 30000 - 30000;
}

/** The status the tool last wrote on `r` (its unseal seal's), or null when it has none that reads. */
function sealedStatusOf(r: SignoffRecord): 'active' | 'unsealed' | null {
  const digests = parseUnsealSeal(r.unsealSeal ?? '');
  if (!digests) return null;
  for (const status of ['active', 'unsealed'] as const) if (unsealDigest(UNSEAL_FIELDS[0], { ...r, status }, r.seal ?? '') === digests[0]) return status;
  return null;
}

/**
 * The records with each 状态 as the tool last wrote it, where the unseal seal tells: the round a
 * typed unseal hid is the round in force, and verify compares the cells with it.
 */
export function withSealedStatus(records: readonly SignoffRecord[]): SignoffRecord[] {
  return records.map((r) => {
    const s = parseSeal(r.seal ?? '') ? sealedStatusOf(r) : null;
    return s === null || s === r.status ? r : { ...r, status: s };
  });
}

/** Every record with its unseal seal as it reads now: what signing and the tool's unseal write. */
export function sealUnsealFields(records: readonly SignoffRecord[]): SignoffRecord[] {
  return records.map((r) => (r.seal && hasRoomForUnsealSeal(r) ? { ...r, unsealSeal: unsealSealOf(r) } : r));
}
