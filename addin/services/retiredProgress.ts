/**
 * The single 按揭进度表 a register wrote while it had one project. Once it has several, each
 * project has its own sheet (按揭进度表-<项目>) and the single one would stay beside them, stale.
 * Regenerating retires it as a careful person would: what was typed on it (跟进人, 备注, the
 * signature block) goes onto its project's new sheet — the project its 项目 line names — where
 * that sheet has nothing typed of its own; what cannot be placed (the unit or the project left the
 * register, or the new sheet has another entry there) is copied to 未放回的录入; then the sheet is
 * deleted and the pane says all of it. A sheet under an active signature is a signed record: its
 * entries are taken in the same way, but the sheet is left in place, and the pane says how to
 * remove it; it is taken in once: a workbook setting (ABSORBED_SETTING.<sheet>) keeps a fingerprint
 * of the sheet as it was taken in, and while the sheet is unchanged later runs leave it alone (its
 * entries would otherwise come back over what the desk changed or cleared since, pile up in
 * 未放回的录入 and the notice would repeat). A sheet of that name that is not a progress sheet
 * Anjie wrote is not touched.
 */
import { carryNotice, findTable, gridFingerprint, parseRecord, typedEntries, type CarriedEntry, type CarryReport, type CarrySource } from '../../domain/sheets/carryOver';
import type { SheetDescription } from '../../domain/sheets/description';
import type { Bilingual } from '../../domain/text';
import type { ExcelHost } from '../excel/host';
import { INPUTS_SETTING } from '../excel/requests';
import { retireSheets } from '../excel/retire';
import { readSettingsIn, readSheetsIn } from '../excel/sheets';
import { UNPLACED_SHEET } from '../excel/carryOver';
import { signedSheetsIn } from './signedGuard';

export interface RetiredProgress extends CarrySource {
  /** The project its 项目 line names (null: none). */
  project: string | null;
  /** Its entries were taken in by an earlier run, and it has not changed since (see ABSORBED_SETTING). */
  absorbedBefore: boolean;
  /** The sheet's fingerprint (gridFingerprint), to mark it taken in. */
  print: string;
}

/** Per retired sheet kept (signed) whose entries were taken in: the sheet's fingerprint then. */
export const ABSORBED_SETTING = 'anjie.absorbed';

const PROJECT_LABELS = ['项目：', 'Project:'];

/** The names the single-project 按揭进度表 may have (Chinese or English). */
export function retiredProgressNames(description: SheetDescription): string[] {
  return [...new Set([description.name.zh, description.name.en])];
}

/**
 * The single-project 按揭进度表 still in the workbook, read, or none: `present` are the names of
 * retiredProgressNames that exist. Called inside the first per-project sheet's write, which looked
 * them up with its first request (so a register with nothing to retire pays no round trip for it).
 */
export async function findRetiredProgressIn(context: Excel.RequestContext, description: SheetDescription, present: readonly string[]): Promise<RetiredProgress[]> {
  const found = await readSheetsIn(context, present);
  const out: RetiredProgress[] = [];
  for (const [sheet, grid] of found) {
    if (!findTable(description, grid)) continue; // not a progress sheet: the person's own
    const label = grid.findIndex((row) => PROJECT_LABELS.includes(String(row?.[0] ?? '').trim()));
    const value = label >= 0 ? String(grid[label]?.[1] ?? '').trim() : '';
    const print = gridFingerprint(grid);
    const [taken, record] = await readSettingsIn(context, [`${ABSORBED_SETTING}.${sheet}`, `${INPUTS_SETTING}.${sheet}`]);
    out.push({ sheet, grid, project: value || null, record: parseRecord(record), absorbedBefore: taken === print, print });
  }
  if (out.length) {
    const signed = new Set(await signedSheetsIn(context, out.map((r) => r.sheet)));
    for (const r of out) r.signed = signed.has(r.sheet);
  }
  return out;
}

/**
 * After the per-project sheets are written: copies what had no place to 未放回的录入 and deletes
 * the retired sheets that are not signed. `absorbed`: what each project's sheet took in, by the
 * retired sheet's name. Returns what to tell the person.
 */
export async function retireProgress(host: ExcelHost, description: SheetDescription, retired: readonly RetiredProgress[], absorbed: ReadonlyMap<string, { into: string; report: CarryReport }>, date1904 = false): Promise<Bilingual[]> {
  const notices: Bilingual[] = [];
  const remove: { sheet: string; settings: string[]; unplaced: CarriedEntry[]; keep?: boolean }[] = [];
  const mark: { key: string; value: string }[] = [];
  for (const r of retired) {
    const settings = [`${INPUTS_SETTING}.${r.sheet}`, `${ABSORBED_SETTING}.${r.sheet}`];
    if (r.absorbedBefore) {
      // Taken in by an earlier run and told then: a signed one stays as it is, quietly; one
      // unsealed since goes now, its entries being on its project's sheet already.
      if (!r.signed) {
        remove.push({ sheet: r.sheet, settings, unplaced: [] });
        notices.push({
          zh: `工作表“${r.sheet}”是台账只有一个项目时的进度表，其中填写的内容此前已带入各项目的进度表；它已不再签核，现已删除。`,
          en: `The sheet "${r.sheet}" is the progress sheet from when the register had one project; what was typed on it was carried over before, and it is no longer signed, so it was deleted.`,
        });
      }
      continue;
    }
    const taken = absorbed.get(r.sheet);
    const orphan = taken ? [] : (typedEntries(description, r.sheet, r.grid, r.record, date1904) ?? []);
    // A signed one stays as the signed record (its orphans are kept aside all the same), taken in this once.
    remove.push({ sheet: r.sheet, settings, unplaced: orphan, ...(r.signed ? { keep: true } : {}) });
    if (r.signed) mark.push({ key: `${ABSORBED_SETTING}.${r.sheet}`, value: r.print });
    const project = r.project ?? '?';
    const intro: Bilingual = taken
      ? {
          zh: `工作表“${r.sheet}”是台账只有一个项目（${project}）时的进度表，现已由各项目的进度表取代，其中填写的内容已带入“${taken.into}”。`,
          en: `The sheet "${r.sheet}" is the progress sheet from when the register had one project (${project}); each project now has its own, and what was typed on it was carried to "${taken.into}".`,
        }
      : {
          zh: `工作表“${r.sheet}”是台账只有一个项目（${project}）时的进度表，现已由各项目的进度表取代；该项目已不在台账中，${orphan.length ? `其中填写的 ${orphan.length} 行内容已全部记入工作表“${UNPLACED_SHEET}”。` : '表中没有填写的内容。'}`,
          en: `The sheet "${r.sheet}" is the progress sheet from when the register had one project (${project}); each project now has its own, and that project is no longer in the register: ${orphan.length ? `the ${orphan.length} row(s) typed on it are all copied to the sheet "${UNPLACED_SHEET}".` : 'nothing was typed on it.'}`,
        };
    const outro: Bilingual = r.signed
      ? {
          zh: `该表已签核，作为签核记录保留未删；如不再需要，请先在“签核”页点“撤销签核”后删除。`,
          en: `It is signed, so it is kept as the signed record; to remove it, unseal it on the Sign-off tab first, then delete it.`,
        }
      : { zh: '原表已删除。', en: 'The old sheet was deleted.' };
    const detail = taken ? carryNotice(r.sheet, description, taken.report) : null;
    notices.push({
      zh: [intro.zh, detail?.zh, outro.zh].filter(Boolean).join(''),
      en: [intro.en, detail?.en, outro.en].filter(Boolean).join(' '),
    });
  }
  await retireSheets(host, remove, mark);
  return notices;
}
