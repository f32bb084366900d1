import { findBankProfile, findJournalProfile } from '../read/profile';

/** Where a writer puts the data rows of one layout: the person-visible row of the first record. */
export interface FileLayout {
  ext: '.csv' | '.xlsx';
  /** Worksheet name for .xlsx; "" for text files (as the readers report CSV rows). */
  sheet: string;
  /** 1-based row (Excel row, or text line) of the first data record. */
  firstDataRow: number;
}

/** The sheet name the writers give an .xlsx statement or journal. */
export const XLSX_SHEET = 'Sheet1';

/** The layout of a profile's written file, from its template (templates/banks, templates/finance): title rows, then the header, then data. */
export function fileLayout(profileId: string): FileLayout {
  const p = findBankProfile(profileId) ?? findJournalProfile(profileId);
  // The Kingdee journal before its template exists: a plain header on row 1.
  if (!p) return { ext: '.xlsx', sheet: XLSX_SHEET, firstDataRow: 2 };
  const ext = p.format === 'xlsx' ? '.xlsx' : '.csv';
  return { ext, sheet: ext === '.xlsx' ? XLSX_SHEET : '', firstDataRow: p.write.title.length + 1 + p.skipAfterHeader + 1 };
}
