import type { Bilingual } from './text';

/**
 * One issue model for every validation in Anjie (register, title search, fees, reading,
 * reconciliation). Locations are as a person sees them: sheet name, 1-based row, column letter.
 */
export type Severity = 'error' | 'warning';

export interface IssueLocation {
  file?: string;
  sheet?: string;
  /** 1-based row number as shown in Excel (or the line number in a text file). */
  row?: number;
  /** Column letter(s) as shown in Excel, e.g. "C". */
  column?: string;
  /** The column's header text, to make the message readable without the sheet at hand. */
  columnHeader?: string;
}

export interface Issue {
  severity: Severity;
  /** Stable machine code, e.g. ID_CHECKSUM, STAGE_ORDER. */
  code: string;
  message: Bilingual;
  location: IssueLocation;
  /** What the person should do about it. */
  fix?: Bilingual;
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** "Sheet!C12" style reference for messages. */
export function formatLocation(loc: IssueLocation): string {
  const parts: string[] = [];
  if (loc.file) parts.push(loc.file);
  const cell = `${loc.column ?? ''}${loc.row ?? ''}`;
  if (loc.sheet) parts.push(cell ? `${loc.sheet}!${cell}` : loc.sheet);
  else if (cell) parts.push(cell);
  return parts.join(' ');
}

/** Stable order: errors first, then by sheet, row, column, code. */
export function sortIssues(issues: readonly Issue[]): Issue[] {
  const sev = (s: Severity) => (s === 'error' ? 0 : 1);
  return [...issues].sort(
    (a, b) =>
      sev(a.severity) - sev(b.severity) ||
      (a.location.sheet ?? '').localeCompare(b.location.sheet ?? '') ||
      (a.location.row ?? 0) - (b.location.row ?? 0) ||
      (a.location.column ?? '').length - (b.location.column ?? '').length ||
      (a.location.column ?? '').localeCompare(b.location.column ?? '') ||
      a.code.localeCompare(b.code),
  );
}

/** 1-based column index of Excel column letters (A → 1, AA → 27). */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Excel column letters for a 1-based column index (1 → A, 27 → AA). */
export function columnLetter(index: number): string {
  let n = index;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
