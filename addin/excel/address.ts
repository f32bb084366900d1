import { columnLetter, columnNumber } from '../../domain/issues';

/** A1-style addresses, 0-based indexes inside; no Office.js here so the fake host can share it. */
export function colLetters(index0: number): string {
  return columnLetter(index0 + 1);
}

export function colIndex(letters: string): number {
  return columnNumber(letters) - 1;
}

export function cellAddress(row0: number, col0: number): string {
  return `${colLetters(col0)}${row0 + 1}`;
}

export function rangeAddress(row0: number, col0: number, rows: number, cols: number): string {
  const a = cellAddress(row0, col0);
  return rows === 1 && cols === 1 ? a : `${a}:${cellAddress(row0 + rows - 1, col0 + cols - 1)}`;
}

export interface Box {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/** Parses "B3", "B3:D9", "Sheet1!B3:D9", "'按揭 台账'!B3", "$B$3", "3:5" (whole rows), "B:D". */
export function parseAddress(address: string): { sheet: string | null; box: Box } {
  let sheet: string | null = null;
  let ref = address;
  const bang = address.lastIndexOf('!');
  if (bang >= 0) {
    sheet = address.slice(0, bang).replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
    ref = address.slice(bang + 1);
  }
  ref = ref.replace(/\$/g, '').toUpperCase();
  const [a, b = a] = ref.split(':');
  const part = (p: string): { row: number | null; col: number | null } => {
    const m = /^([A-Z]*)(\d*)$/.exec(p);
    if (!m || (!m[1] && !m[2])) throw new Error(`bad address ${address}`);
    return { col: m[1] ? colIndex(m[1]) : null, row: m[2] ? Number(m[2]) - 1 : null };
  };
  const p = part(a);
  const q = part(b);
  const MAXR = 1048576;
  const MAXC = 16384;
  const r0 = p.row ?? 0;
  const r1 = q.row ?? MAXR - 1;
  const c0 = p.col ?? 0;
  const c1 = q.col ?? MAXC - 1;
  return {
    sheet,
    box: { row: Math.min(r0, r1), col: Math.min(c0, c1), rows: Math.abs(r1 - r0) + 1, cols: Math.abs(c1 - c0) + 1 },
  };
}

/** Sheet names with anything but letters/digits are quoted in references. */
export function qualify(sheet: string, address: string): string {
  const quoted = /^[A-Za-z_][A-Za-z0-9_]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${quoted}!${address}`;
}
