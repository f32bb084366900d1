/// <reference types="office-js" />
import { isGeneratedSheet, parseRecord, planCarry, type CarryReport } from '../../domain/sheets/carryOver';
import type { SheetLayout } from '../../domain/sheets/layout';
import { jsonBytes } from './cells';
import { loadDate1904 } from './dateSystem';
import { AddinError, cancelled } from './errors';
import type { ExcelHost } from './host';
import { OldSheetReader, UNPLACED_SHEET, keepUnplaced, queueCells } from './carryOver';
import { PROTECT_OPTIONS, Sender, type WriteOptions, type WriteReport, queueLayout, queueRowHeights } from './queue';
import { INPUTS_SETTING, RUN_OPTIONS, type RunControl } from './requests';
import { numberedSheetName, readSettingsIn, readSheetsIn } from './sheets';

/** Writing a SheetLayout as a sheet (regenerating it in place, typed entries carried over) and several new sheets at once. */

export async function writeLayout(host: ExcelHost, layout: SheetLayout, opts: WriteOptions = {}): Promise<WriteReport> {
  const temp = `~anjie${Date.now().toString(36).slice(-6)}`;
  let replaced = false;
  let blocks = 0;
  let inputs: CarryReport | null | undefined;
  let absorbed: CarryReport | undefined;
  let target = layout.name;
  let besideOf: string | undefined;
  const report = await host.run(RUN_OPTIONS, async (context) => {
    const wb = context.workbook;
    const send = new Sender(context);
    let date1904 = opts.date1904;
    let is1904: (() => boolean) | null = null;
    if (date1904 === undefined && hasDate(layout)) {
      // Its dates are written as serials of the workbook's date system: found before the first block goes out.
      is1904 = loadDate1904(context);
      await send.sync();
      date1904 = is1904();
    } else if (date1904 === undefined) {
      is1904 = loadDate1904(context); // with the first request, for what is carried over
    }
    const old = wb.worksheets.getItemOrNullObject(layout.name);
    old.load('name,position');
    // With keepInputs the old sheet is read, and when it is not one Anjie wrote the new one goes beside it: the names there are, for that.
    const all = opts.keepInputs ? wb.worksheets.load('items/name') : null;
    const probe = opts.guard ? wb.worksheets.getItemOrNullObject(opts.guard.probe).load('name') : null;
    const looked = (opts.lookFor?.sheets ?? []).map((name) => wb.worksheets.getItemOrNullObject(name).load('name'));
    const settingKey = `${INPUTS_SETTING}.${layout.name}`;
    const record = opts.keepInputs ? wb.settings.getItemOrNullObject(settingKey).load('value') : null;
    const reader = opts.keepInputs ? new OldSheetReader(old, send, layout) : null;
    const ws = wb.worksheets.add(temp);
    let replace: Excel.Worksheet | null = null;
    let signedBeside = false;
    let oldKnown = false;
    try {
      const queued = await queueLayout(ws, layout, send, {
        ...opts,
        date1904,
        notesOk: host.isSetSupported('ExcelApi', '1.18'),
        printOk: host.isSetSupported('ExcelApi', '1.9'),
        rowHeightsLater: !!opts.keepInputs,
        afterSync: () => {
          oldKnown = true;
          reader?.pump();
        },
      });
      blocks = queued.blocks;
      const table = queued.table;
      if (!oldKnown) await send.sync();
      // `probe` went out with the first request too.
      const signed = probe && opts.guard && !probe.isNullObject ? await opts.guard.check(context) : undefined;
      // `looked` went out with the first request as well.
      const present = looked.filter((w) => !w.isNullObject).map((w) => w.name);
      const absorb = present.length && opts.lookFor ? await opts.lookFor.found(context, present) : opts.absorb;
      if (reader && record && opts.keepInputs) {
        if (opts.signal?.aborted) throw cancelled();
        let grid = await reader.finish();
        // `record` went out with the first request.
        let before = record.isNullObject ? null : parseRecord(record.value);
        // `old` and `all` went out with the first request too.
        // eslint-disable-next-line office-addins/call-sync-before-read
        if (!old.isNullObject && grid && !isGeneratedSheet(opts.keepInputs, grid, before !== null)) {
          // The person's own sheet of that name (any layout): never deleted or written over. The new
          // sheet goes beside it, as "name (2)" or the first of "name (k)" that is free or one Anjie
          // wrote there before (replaced as usual, its typed entries carried over): not a new copy each run.
          // eslint-disable-next-line office-addins/call-sync-after-load, office-addins/call-sync-before-read
          besideOf = old.name;
          const taken = all!.items.map((w) => w.name).filter((n) => n !== temp);
          for (let k = 2; ; k++) {
            const candidate = numberedSheetName(layout.name, k);
            const there = taken.find((n) => n.toLowerCase() === candidate.toLowerCase());
            if (!there) {
              target = candidate;
              grid = [];
              before = null;
              break;
            }
            const theirs = (await readSheetsIn(context, [there])).get(there) ?? [];
            const recorded = parseRecord((await readSettingsIn(context, [`${INPUTS_SETTING}.${there}`]))[0]);
            const ours = isGeneratedSheet(opts.keepInputs, theirs, recorded !== null);
            // One a manager signed is replaced only when the person chose to overwrite signed sheets (its signature block not carried over); else the next "(k)".
            const signedThere = ours && opts.signedIn ? (await opts.signedIn(context, [there])).length > 0 : false;
            if (ours && (!signedThere || opts.overwriteSigned)) {
              signedBeside = signedThere;
              target = there;
              grid = theirs;
              before = recorded;
              replace = wb.worksheets.getItem(there);
              replace.load('position');
              await send.sync();
              break;
            }
          }
        }
        // `is1904` went out with the first request when it was not known before.
        const plan = planCarry(opts.keepInputs, layout, grid, before, { signed: signedBeside || (!!signed && signed.some((n) => n.toLowerCase() === target.toLowerCase())), also: absorb, date1904: date1904 ?? is1904?.() });
        await queueCells(ws, plan.cells, send);
        // The layout's row heights, a row with a typed 备注 sized for it: a longer one would show cut off, a shorter one sit in a tall row.
        await queueRowHeights(ws, plan.rowHeights, send);
        await send.need(jsonBytes(plan.record) + 100);
        wb.settings.add(`${INPUTS_SETTING}.${target}`, plan.record);
        inputs = plan.report;
        absorbed = plan.absorbed;
        const unplaced = [inputs, absorbed].flatMap((r) => [...(r?.unplaced ?? []), ...(r?.clashes ?? [])]);
        if (unplaced.length) {
          await keepUnplaced(context, send, target, unplaced);
          for (const r of [inputs, absorbed]) if (r && (r.unplaced.length || r.clashes.length)) r.savedTo = UNPLACED_SHEET;
        }
      }
      // Swap the finished sheet in. `old` was loaded with the first request (send.sync()), which the lint rule cannot see.
      if (besideOf !== undefined) {
        // The person's sheet stays; the new one goes right after it, or in place of Anjie's own "name (k)".
        if (replace) {
          replaced = true;
          replace.delete();
          // eslint-disable-next-line office-addins/call-sync-after-load, office-addins/call-sync-before-read
          ws.position = replace.position;
        } else {
          // eslint-disable-next-line office-addins/call-sync-after-load, office-addins/call-sync-before-read
          ws.position = old.position + 1;
        }
        // eslint-disable-next-line office-addins/call-sync-before-read
      } else if (!old.isNullObject) {
        replaced = true;
        old.delete();
        // eslint-disable-next-line office-addins/call-sync-after-load, office-addins/call-sync-before-read
        ws.position = old.position;
      }
      ws.name = target;
      if (table && opts.excelTable) table.name = opts.excelTable; // after the old sheet (and its table) is gone
      if (layout.protect) ws.protection.protect(PROTECT_OPTIONS, opts.password);
      if (opts.activate && !layout.hidden) ws.activate();
      for (const [key, value] of Object.entries(opts.settings ?? {})) wb.settings.add(key, value);
      await send.sync();
    } catch (e) {
      // Leave nothing half-written: drop the temporary sheet.
      const again = context.workbook.worksheets.getItemOrNullObject(temp);
      again.load('name');
      try {
        await context.sync();
        if (!again.isNullObject) {
          again.delete();
          await context.sync();
        }
      } catch {
        /* the original error is the one to report */
      }
      throw e;
    }
    return { syncs: send.syncs, maxRequestBytes: send.maxBytes };
  });
  return { sheet: target, ...(besideOf !== undefined ? { besideOf } : {}), rows: layout.values.length, blocks, replaced, ...report, ...(opts.keepInputs ? { inputs: inputs ?? null } : {}), ...(absorbed ? { absorbed } : {}) };
}

/**
 * Adds many small sheets that do not exist yet (per-unit title-search sheets) in as few requests
 * as the 5 MB budget allows, instead of two round trips per sheet. Names already present are skipped.
 */
export async function writeNewSheets(
  host: ExcelHost,
  layouts: readonly SheetLayout[],
  opts: RunControl & { password?: string; date1904?: boolean } = {},
): Promise<{ written: string[]; skipped: string[]; syncs: number; maxRequestBytes: number }> {
  return host.run(RUN_OPTIONS, async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load('items/name');
    const is1904 = opts.date1904 === undefined ? loadDate1904(context) : null;
    await context.sync();
    const date1904 = opts.date1904 ?? is1904!();
    const existing = new Set(sheets.items.map((w) => w.name.toLowerCase()));
    const send = new Sender(context);
    const written: string[] = [];
    const skipped: string[] = [];
    const o = { notesOk: host.isSetSupported('ExcelApi', '1.18'), printOk: host.isSetSupported('ExcelApi', '1.9'), date1904 };
    for (const layout of layouts) {
      if (opts.signal?.aborted) break; // the sheets before stay (sent below); the rest are not written
      if (existing.has(layout.name.toLowerCase())) {
        skipped.push(layout.name);
        continue;
      }
      existing.add(layout.name.toLowerCase());
      await send.need(200);
      const ws = sheets.add(layout.name);
      try {
        await queueLayout(ws, layout, send, { ...o, signal: opts.signal });
      } catch (err) {
        if (!(err instanceof AddinError && err.kind === 'cancelled')) throw err;
        ws.delete(); // cancelled part way through this sheet: none of it stays, whatever was already sent
        break;
      }
      if (layout.protect) ws.protection.protect(PROTECT_OPTIONS, opts.password);
      written.push(layout.name);
      opts.onProgress?.({ done: written.length + skipped.length, total: layouts.length });
    }
    await send.sync();
    if (opts.signal?.aborted) throw cancelled(written);
    return { written, skipped, syncs: send.syncs + 1, maxRequestBytes: send.maxBytes };
  });
}

function hasDate(layout: SheetLayout): boolean {
  return layout.values.some((row) => row.some((v) => v !== null && typeof v === 'object' && v.kind === 'date'));
}
