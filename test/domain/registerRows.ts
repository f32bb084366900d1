import { columnLetter } from '../../domain/issues';
import type { RawCell, RegisterSheet } from '../../domain/registerValidation/parse';
import { validateRegister, type RegisterValidation } from '../../domain/registerValidation/validate';
import { loadSheetDescription } from '../../pipeline/render/templates';

/**
 * Register rows in memory, as the CLI and the add-in hand them to validation: every column of
 * templates/sheets/register.json in template order (A, B, …), header on row 1, data from row 2.
 * Each row starts as a clean, fully paid unit (no errors) and takes the cells given.
 */
export const description = loadSheetDescription('register');

const CLEAN: Partial<Record<string, RawCell>> = {
  project: '滨江花园',
  building: '3',
  unit: '2',
  usage: '住宅',
  floorArea: 100,
  buyer1Name: '张三',
  buyer1IdType: '身份证',
  buyer1IdNumber: '11010519491231002X',
  contractDate: '2025-03-01',
  totalPrice: 1000000,
  downPayment: 1000000,
  loanType: '一次性付款',
};

export function registerSheet(rows: Partial<Record<string, RawCell>>[]): RegisterSheet {
  const columns: Record<string, string> = {};
  const headers: Record<string, string> = {};
  description.columns.forEach((c, i) => {
    columns[c.key] = columnLetter(i + 1);
    headers[c.key] = c.header.zh;
  });
  return {
    file: 'r.xlsx',
    sheet: '按揭台账',
    headerRow: 1,
    columns,
    headers,
    rows: rows.map((cells, i) => ({ row: i + 2, cells: { ...CLEAN, room: String(1501 + i), contractNo: `HT-${i + 1}`, ...cells } })),
  };
}

type Options = { today?: string; showPii?: boolean };

/** Those rows validated as of opts.today (default 2026-11-30). */
export function validated(rows: Partial<Record<string, RawCell>>[], opts: Options = {}): RegisterValidation {
  return validateRegister(registerSheet(rows), { description, today: opts.today ?? '2026-11-30', showPii: opts.showPii });
}

/** Issues of validating those rows as "CODE column+row: message" lines (zh), the way a person scans them. */
export function issuesOf(rows: Partial<Record<string, RawCell>>[], opts: Options = {}): string[] {
  return validated(rows, opts).issues.map((i) => `${i.severity} ${i.code} ${i.location.column ?? ''}${i.location.row}: ${i.message.zh}`);
}
