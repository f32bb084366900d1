import { findBankProfile, findJournalProfile } from '../read/profile';

/** Where a writer puts the data rows of one layout: the person-visible row of the first record. */
export interface FileLayout {
  ext: '.csv' | '.xlsx';
  /** Worksheet name for .xlsx; "" for text files (as the readers report CSV rows). */
  sheet: string;
  /** 1-based row (Excel row, or text line) of the first data record. */
  firstDataRow: number;
}

/**
 * The sheet name pipeline/write gives an .xlsx: a statement's sheet is named after its profile
 * (name.zh, at most 28 characters, no []:*?/\\), a journal's is 序时账. The read-back test
 * (test/sample/readback.test.ts) fails if the writer changes this.
 */
function writerSheetName(kind: 'bank' | 'journal', nameZh: string): string {
  return kind === 'journal' ? '序时账' : nameZh.slice(0, 28).replace(/[\\/?*[\]:]/g, ' ');
}

/** The layout of a profile's written file, from its template (templates/banks, templates/finance): title rows, then the header, then data. */
export function fileLayout(profileId: string): FileLayout {
  const bank = findBankProfile(profileId);
  const p = bank ?? findJournalProfile(profileId);
  if (!p) throw new Error(`sample: no layout template for ${profileId}`);
  const ext = p.format === 'xlsx' ? '.xlsx' : '.csv';
  // The writers put the title rows, then the header, then the data (no rows skipped after the header).
  return { ext, sheet: ext === '.xlsx' ? writerSheetName(bank ? 'bank' : 'journal', p.name.zh) : '', firstDataRow: p.write.title.length + 2 };
}
