/**
 * Regenerating a sheet that carries an active signature would replace the content a manager
 * signed. As `anjie progress|fees|title-search` refuse without --force, the pane refuses unless
 * the person ticks 覆盖已签核 / overwrite signed. The sign-off record stays as it is, so Verify
 * then reports the overwritten sheet as changed (the record of what was signed is kept).
 */
import { activeRecords, ROLE_EN, type SignoffRecord } from '../../domain/signoff/record';
import { RECORD_SHEET, RecordTableError, tableToRecords } from '../../domain/signoff/recordTable';
import { AddinError } from '../excel/errors';
import type { ExcelHost } from '../excel/host';
import type { WriteOptions } from '../excel/queue';
import { readRecordTable, readRecordTableIn } from '../excel/signoff';

/** The explicit choice's label (checkbox in the panels). */
export const OVERWRITE_SIGNED_LABEL = { zh: '覆盖已签核', en: 'Overwrite signed' };

/** Raised before anything is written: the sheets named are under an active signature. */
export class SignedSheetsError extends AddinError {
  constructor(readonly sheets: string[], readonly signatures: SignoffRecord[]) {
    const names = signatures.map((r) => `${r.role} ${r.name} ${r.signedAt.slice(0, 10)}`);
    const namesEn = signatures.map((r) => `${ROLE_EN[r.role]} ${r.name} ${r.signedAt.slice(0, 10)}`);
    const zhSheets = sheets.map((s) => `“${s}”`).join('、');
    const enSheets = sheets.map((s) => `"${s}"`).join(', ');
    super(
      {
        zh: `工作表${zhSheets}已签核（${names.join('，')}），未作任何更改。重新生成会覆盖签核过的内容，“核验签名”将显示为已改动。如确需重新生成，请勾选“覆盖已签核”后再试；或先在“签核”页点“撤销签核”。`,
        en: `Sheet ${enSheets} is signed (${namesEn.join('; ')}); nothing was changed. Regenerating it would overwrite the signed content, and Verify signatures would then report it as changed. To regenerate anyway, tick "Overwrite signed" (覆盖已签核) and try again, or unseal it first on the Sign-off tab (Unseal).`,
      },
      'signed',
    );
    this.name = 'SignedSheetsError';
  }
}

function toRecords(table: unknown[][]): SignoffRecord[] {
  try {
    return tableToRecords(table);
  } catch (err) {
    if (!(err instanceof RecordTableError)) throw err;
    throw new AddinError({
      zh: `签核记录表已损坏，无法判断哪些工作表已签核，因此未作任何更改：${err.message}。如确需重新生成，请勾选“覆盖已签核”后再试。`,
      en: `The sign-off record sheet is damaged, so Anjie cannot tell which sheets are signed; nothing was changed: ${err.message}. To regenerate anyway, tick "Overwrite signed" (覆盖已签核) and try again.`,
    });
  }
}

/** Which of `sheets` an active signature covers, and the signatures covering them. */
export function signedAmong(records: readonly SignoffRecord[], sheets: readonly string[]): { sheets: string[]; signatures: SignoffRecord[] } {
  const wanted = new Set(sheets);
  const hit = new Set<string>();
  const signatures: SignoffRecord[] = [];
  for (const r of activeRecords(records)) {
    const covered = r.scope.sheets.map((s) => s.sheet).filter((s) => wanted.has(s));
    if (covered.length === 0) continue;
    covered.forEach((s) => hit.add(s));
    signatures.push(r);
  }
  return { sheets: sheets.filter((s) => hit.has(s)), signatures };
}

function refuse(records: readonly SignoffRecord[], sheets: readonly string[]): void {
  const found = signedAmong(records, sheets);
  if (found.sheets.length > 0) throw new SignedSheetsError(found.sheets, found.signatures);
}

/**
 * Before writing anything: throws SignedSheetsError when one of `sheets` is signed, unless
 * `overwriteSigned`. Costs one round trip (more only when the workbook has sign-off records).
 */
export async function refuseSignedOverwrite(host: ExcelHost, sheets: readonly string[], overwriteSigned = false): Promise<void> {
  if (overwriteSigned) return;
  refuse(toRecords(await readRecordTable(host)), sheets);
}

/**
 * Which of `sheets` an active signature covers (one round trip, more only when there are
 * records). A damaged record table counts every one as signed: nothing is removed on a guess.
 */
export async function signedSheets(host: ExcelHost, sheets: readonly string[]): Promise<string[]> {
  return signedOf(() => readRecordTable(host), sheets);
}

/** signedSheets inside a batch already running (a writeLayout's). */
export async function signedSheetsIn(context: Excel.RequestContext, sheets: readonly string[]): Promise<string[]> {
  return signedOf(() => readRecordTableIn(context), sheets);
}

async function signedOf(read: () => Promise<unknown[][]>, sheets: readonly string[]): Promise<string[]> {
  try {
    return signedAmong(tableToRecords(await read()), sheets).sheets;
  } catch (err) {
    if (err instanceof RecordTableError) return [...sheets];
    throw err;
  }
}

/**
 * The same refusal as a writeLayout guard: the 签核记录 sheet is looked up with the write's
 * first request (no extra round trip when there is none), and the records are read only when it
 * exists; a refusal drops the half-built sheet, so nothing changes. With `overwriteSigned` it
 * refuses nothing and tells which of `sheets` are signed: their signature blocks attest to the
 * content being replaced and are not carried over (a damaged record table counts as none signed:
 * the person chose to overwrite).
 */
export function signedGuard(sheets: readonly string[], overwriteSigned = false): NonNullable<WriteOptions['guard']> {
  if (overwriteSigned) {
    return {
      probe: RECORD_SHEET,
      check: async (context) => {
        try {
          return signedAmong(tableToRecords(await readRecordTableIn(context)), sheets).sheets;
        } catch (err) {
          if (err instanceof RecordTableError) return [];
          throw err;
        }
      },
    };
  }
  return { probe: RECORD_SHEET, check: async (context) => refuse(toRecords(await readRecordTableIn(context)), sheets) };
}
