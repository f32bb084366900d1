/// <reference types="office-js" />

/**
 * Whether the workbook counts dates from 1904 (made on a Mac, or "Use 1904 date system" ticked):
 * Range.values gives and takes date serials of the workbook's system, and there serial 0 is
 * 1904-01-01, 1462 days less than in the 1900 system. Office.js has no property for it; DATE(1904,1,1)
 * is 0 in such a workbook and 1462 otherwise (ExcelApi 1.2, no cell written). Queue it with a request
 * that goes out anyway and call the returned function after that sync.
 */
export function loadDate1904(context: Excel.RequestContext): () => boolean {
  const probe = context.workbook.functions.date(1904, 1, 1);
  probe.load('value');
  return () => probe.value === 0;
}
