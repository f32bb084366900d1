/**
 * The records as a plain table, the layout of the hidden sheet 签核记录 that both the CLI and the
 * add-in read and write: a bilingual header row, then one row per record. Every cell is text
 * (the writers give the range the '@' number format) except the counts, which may come back as
 * numbers. The canonical copy is split over the columns after the fixed ones, each part
 * prefixed with '|' so Excel never takes its leading apostrophe for a quote prefix.
 */
import type { Role, SignoffRecord } from './record';
import { ROLES } from './record';
import type { Scope, SheetScope } from './scope';

export const RECORD_SHEET = '签核记录';

export const RECORD_COLUMNS = [
  '序号 No.',
  '轮次 Round',
  '状态 Status',
  '角色 Role',
  '签核人 Signer',
  '签核时间 Signed at (Asia/Shanghai)',
  '指纹 SHA-256',
  '规范 Canonical form',
  '范围 Scope',
  '单元格数 Cells',
  '工具版本 Tool version',
  '撤销人 Unsealed by',
  '撤销时间 Unsealed at',
  '撤销原因 Unseal reason',
  '例外说明 Override reason',
  '内容分段 Content parts',
] as const;

/** Longest text per cell written (Excel allows 32,767 characters). */
export const PART_LENGTH = 30000;
const PART_MARK = '|';

/**
 * The header over the cell after a row's content parts, which holds the record seal
 * (recordSeal.ts). Its column moves with the number of parts, so the header names it once, in
 * the first column after the fixed ones; readers find each seal from the row's own 内容分段 count.
 * Versions before the seal wrote neither, and ignore both.
 */
export const SEAL_COLUMN = '签核校验 Record seal (each row: the cell after its content parts)';

/**
 * The header over the cell after a row's record seal, which holds its unseal seal (recordSeal.ts:
 * 状态, 撤销人, 撤销时间, 撤销原因 as the tool last wrote them), named once, after SEAL_COLUMN.
 * Versions before it wrote neither, and ignore both.
 */
export const UNSEAL_SEAL_COLUMN = '撤销校验 Unseal seal (each row: the cell after its record seal)';

/**
 * The longest canonical text a record can hold: its parts fill the columns after the 16 fixed
 * ones but the last (the seal's), and a row has 16,384 (XFD). Past it (a month's reconciliation report of ~1M matched rows)
 * the copy cannot be kept, and signing is refused with a way out (sign fewer sheets).
 */
export const MAX_CONTENT_CHARS = (16384 - RECORD_COLUMNS.length - 1) * PART_LENGTH;

export function splitContent(text: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(i + PART_LENGTH, text.length);
    // never split a surrogate pair
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end--;
    parts.push(PART_MARK + text.slice(i, end));
    i = end;
  }
  return parts;
}

export type TableCell = string | number;

export function recordsToTable(records: readonly SignoffRecord[]): TableCell[][] {
  const sealed = records.some((r) => (r.seal ?? '') !== '');
  const unsealSealed = sealed && records.some((r) => (r.unsealSeal ?? '') !== '');
  const rows: TableCell[][] = [unsealSealed ? [...RECORD_COLUMNS, SEAL_COLUMN, UNSEAL_SEAL_COLUMN] : sealed ? [...RECORD_COLUMNS, SEAL_COLUMN] : [...RECORD_COLUMNS]];
  for (const r of records) {
    const parts = splitContent(r.content);
    rows.push([
      r.seq,
      r.round,
      r.status,
      r.role,
      r.name,
      r.signedAt,
      r.fingerprint,
      r.canon,
      JSON.stringify(r.scope),
      r.cellCount,
      r.toolVersion,
      r.unsealed?.by ?? '',
      r.unsealed?.at ?? '',
      r.unsealed?.reason ?? '',
      r.overrideReason,
      parts.length,
      ...parts,
      ...(r.seal ? [r.seal] : []),
      // The unseal seal in the cell after the record seal, when the row has one left (XFD).
      ...(r.seal && r.unsealSeal && RECORD_COLUMNS.length + parts.length + 1 < 16384 ? [r.unsealSeal] : []),
    ]);
  }
  return rows;
}

export class RecordTableError extends Error {}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : String(v);
}

function int(v: unknown, what: string): number {
  const n = Number(text(v));
  if (!Number.isInteger(n) || n < 0) throw new RecordTableError(`${what}: not a whole number (${text(v)})`);
  return n;
}

/** Reads the table back; throws RecordTableError when it is not a 签核记录 table. */
export function tableToRecords(rows: readonly (readonly unknown[])[]): SignoffRecord[] {
  if (rows.length === 0) return [];
  const header = rows[0].slice(0, RECORD_COLUMNS.length).map(text);
  if (header[0] !== RECORD_COLUMNS[0] || header[6] !== RECORD_COLUMNS[6]) throw new RecordTableError('not a sign-off record table');
  const out: SignoffRecord[] = [];
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i];
    if (!row || row.every((v) => text(v) === '')) continue;
    const role = text(row[3]);
    if (!(ROLES as readonly string[]).includes(role)) throw new RecordTableError(`row ${i + 1}: unknown role ${role}`);
    const status = text(row[2]);
    if (status !== 'active' && status !== 'unsealed') throw new RecordTableError(`row ${i + 1}: unknown status ${status}`);
    let scope: Scope;
    try {
      scope = JSON.parse(text(row[8])) as Scope;
    } catch {
      throw new RecordTableError(`row ${i + 1}: unreadable scope`);
    }
    // Every sheet of a scope as signing writes it: its name, and its ranges and exclusions as lists
    // of text. A scope edited in 签核记录 to lose one of them stopped verify with an internal error.
    const texts = (v: unknown) => Array.isArray(v) && v.every((r) => typeof r === 'string');
    if (!scope || !Array.isArray(scope.sheets) || !scope.sheets.every((s: unknown) => !!s && typeof s === 'object' && typeof (s as SheetScope).sheet === 'string' && texts((s as SheetScope).ranges) && texts((s as SheetScope).exclude))) {
      throw new RecordTableError(`row ${i + 1}: unreadable scope`);
    }
    const partCount = int(row[15], `row ${i + 1} parts`);
    let content = '';
    for (let p = 0; p < partCount; p++) {
      const part = text(row[16 + p]);
      if (!part.startsWith(PART_MARK)) throw new RecordTableError(`row ${i + 1}: content part ${p + 1} damaged`);
      content += part.slice(PART_MARK.length);
    }
    const unsealedBy = text(row[11]);
    const seal = text(row[16 + partCount]).trim();
    const unsealSeal = seal ? text(row[17 + partCount]).trim() : '';
    out.push({
      seq: int(row[0], `row ${i + 1} seq`),
      round: int(row[1], `row ${i + 1} round`),
      status,
      role: role as Role,
      name: text(row[4]),
      signedAt: text(row[5]),
      fingerprint: text(row[6]).toLowerCase(),
      canon: text(row[7]),
      scope,
      cellCount: int(row[9], `row ${i + 1} cells`),
      toolVersion: text(row[10]),
      unsealed: status === 'unsealed' || unsealedBy ? { by: unsealedBy, at: text(row[12]), reason: text(row[13]) } : null,
      overrideReason: text(row[14]),
      content,
      // The cell after the parts: none in rows written before records were sealed.
      ...(seal ? { seal } : {}),
      // The cell after the record seal: none in rows written before unseals were sealed.
      ...(unsealSeal ? { unsealSeal } : {}),
    });
  }
  return out;
}
