/// <reference types="office-js" />
import type { CarriedEntry } from '../../domain/sheets/carryOver';
import type { ExcelHost } from './host';
import { keepUnplaced } from './carryOver';
import { Sender } from './queue';
import { RUN_OPTIONS } from './requests';

/**
 * Removes generated sheets another sheet has replaced (the single 按揭进度表 once the register
 * has several projects), with the record of what Anjie wrote into them, after copying what was
 * typed there and has no place elsewhere to 未放回的录入; `keep`: a sheet that stays (signed), of
 * which only that is done; `mark`: settings to add (a signed sheet kept whose entries were taken in). One batch of one to four round trips.
 */
export async function retireSheets(
  host: ExcelHost,
  sheets: readonly { sheet: string; settings: readonly string[]; unplaced: readonly CarriedEntry[]; keep?: boolean }[],
  mark: readonly { key: string; value: string }[] = [],
): Promise<void> {
  if (sheets.length === 0 && mark.length === 0) return;
  await host.run(RUN_OPTIONS, async (context) => {
    const send = new Sender(context);
    const entries = sheets.flatMap((s) => s.unplaced.map((e) => ({ ...e, sheet: e.sheet ?? s.sheet })));
    // Kept first, in a request of its own: the sheets go only once their entries are safe.
    if (entries.length) {
      await keepUnplaced(context, send, sheets[0].sheet, entries);
      await send.sync();
    }
    // Sheets kept (signed) whose entries were taken in: marked so, not to be taken in again.
    for (const m of mark) context.workbook.settings.add(m.key, m.value);
    const settings = sheets.flatMap((s) => {
      // `keep`: a signed sheet stays; only its entries without a place are kept aside.
      if (s.keep) return [];
      context.workbook.worksheets.getItem(s.sheet).delete();
      return s.settings.map((key) => context.workbook.settings.getItemOrNullObject(key).load('value'));
    });
    if (settings.length || mark.length) await send.sync();
    const stale = settings.filter((item) => !item.isNullObject);
    for (const item of stale) item.delete();
    if (stale.length) await send.sync();
  });
}
