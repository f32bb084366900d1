/**
 * The visible signature block every generated sheet ends with (domain/sheets/layoutSheet.ts:
 * one row "制表：[ ]  审核(经理)：[ ]  日期：[ ]", or the English labels), found again in a
 * workbook by its labels, and what signing writes into it. Rows/cols 1-based.
 */
import type { LocalDate } from '../dates';
import type { SignoffRecord } from './record';
import { activeRecords } from './record';

export interface CellPos {
  row: number;
  col: number;
}

export interface SignatureSlots {
  row: number;
  preparedBy: CellPos;
  reviewedBy: CellPos;
  date: CellPos;
}

const PREPARED = /^(制表|制表人|prepared by)\s*[:：]?$/i;
const REVIEWED = /^(审核|审核人|审核\s*[(（]\s*经理\s*[)）]|reviewed|reviewed by|reviewed\s*\(manager\))\s*[:：]?$/i;
const DATE = /^(日期|date)\s*[:：]?$/i;

/**
 * The last row holding a 制表 label with a 审核 label and a 日期 label to its right; the slots
 * are the cells just right of each label. `texts` are the sheet's text cells (any order).
 */
export function findSignatureBlock(texts: Iterable<{ row: number; col: number; text: string }>): SignatureSlots | null {
  const byRow = new Map<number, { col: number; text: string }[]>();
  for (const t of texts) {
    const label = t.text.normalize('NFC').trim();
    if (!PREPARED.test(label) && !REVIEWED.test(label) && !DATE.test(label)) continue;
    const list = byRow.get(t.row) ?? [];
    list.push({ col: t.col, text: label });
    byRow.set(t.row, list);
  }
  const rows = [...byRow.keys()].sort((a, b) => b - a);
  for (const row of rows) {
    const cells = byRow.get(row)!.sort((a, b) => a.col - b.col);
    const p = cells.find((c) => PREPARED.test(c.text));
    if (!p) continue;
    const r = cells.find((c) => c.col > p.col && REVIEWED.test(c.text));
    if (!r) continue;
    const d = cells.find((c) => c.col > r.col && DATE.test(c.text));
    if (!d) continue;
    return { row, preparedBy: { row, col: p.col + 1 }, reviewedBy: { row, col: r.col + 1 }, date: { row, col: d.col + 1 } };
  }
  return null;
}

/** The scope exclusion for a block: its whole row (documented in docs/signoff-canonical-form.md). */
export function blockExclusion(slots: SignatureSlots): string {
  return `${slots.row}:${slots.row}`;
}

export interface BlockFill {
  preparedBy: string;
  reviewedBy: string;
  /** Date of the latest active signature; null when nothing is signed (clear the cell). */
  date: LocalDate | null;
}

/** What the block shows for the open round (empty after an unseal). 批准 has no slot in the block. */
export function blockFill(records: readonly SignoffRecord[]): BlockFill {
  const active = activeRecords(records);
  const prepared = active.find((r) => r.role === '制表');
  const reviewed = active.find((r) => r.role === '审核');
  const last = active[active.length - 1];
  return { preparedBy: prepared?.name ?? '', reviewedBy: reviewed?.name ?? '', date: last ? last.signedAt.slice(0, 10) : null };
}

/** Excel serial (1900 system) of a calendar date, for writing the 日期 cell as a real date. */
export function dateSerial(date: LocalDate): number {
  const [y, m, d] = date.split('-').map(Number);
  // days from civil (H. Hinnant), then shift 1970-01-01 → serial 25569
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468 + 25569;
}
