/**
 * The record seal (签核校验): what lets verify notice a 签核记录 row edited or deleted after signing.
 * The fingerprint covers the signed cells only; who signed, when, in which role and round are in
 * the record row beside it, and were taken as written. Each record now carries, in the cell after
 * its content parts, a digest of each of its fields fixed at signing and a digest chained to the
 * previous record's seal: an edited 签核人 or 签核时间 no longer matches its field's digest, and a
 * deleted row breaks the chain of the row after it. Records signed before seals existed have none;
 * they are checked as before, plus their numbering (序号 1, 2, 3 … and 轮次 without a gap), which
 * a deleted row leaves with a hole.
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

/** The fields fixed when a record is signed (the unseal columns are filled later, and not covered). */
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
  const ordered = bySeq(records);
  let previous = '';
  const sealedOld = isSealed(ordered);
  const out = ordered.map((r) => {
    const s = sealedOld ? r.seal ?? '' : sealOf(r, previous);
    previous = s;
    return sealedOld ? r : { ...r, seal: s };
  });
  out.push({ ...next, seal: sealOf(next, previous) });
  return out;
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
  | { kind: 'chain'; seq: number; round: number; role: Role };

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
  return problems;
}
