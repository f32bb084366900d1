/// <reference types="office-js" />
import { qualify, rangeAddress } from './address';
import type { ExcelHost } from './host';
import { notFound } from './registerRead';
import { RUN_OPTIONS } from './requests';

/** Taking the person to a cell: activate its sheet and select it. */

/** Activates the sheet and selects the cell (or range) so the person sees it. */
export async function selectCell(host: ExcelHost, sheet: string, address: string): Promise<void> {
  await host.run(RUN_OPTIONS, async (context) => {
    const ws = context.workbook.worksheets.getItemOrNullObject(sheet);
    ws.load('name');
    await context.sync();
    if (ws.isNullObject) throw notFound(sheet);
    ws.activate();
    ws.getRange(address).select();
    await context.sync();
  });
}

/** "按揭台账!C12" for messages. */
export function describeCell(sheet: string, row0: number, col0: number): string {
  return qualify(sheet, rangeAddress(row0, col0, 1, 1));
}
