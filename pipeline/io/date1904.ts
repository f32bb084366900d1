import { createRequire } from 'node:module';

/**
 * LibreOffice saves a workbook in the 1904 date system as `<workbookPr date1904="true"/>` (an
 * xsd:boolean, as valid as Excel's "1"); exceljs 4.4 takes only "1" for true. It then read every
 * date of such a workbook 4 years and a day early (verify: "changed", every date cell), and signing
 * or unsealing wrote it back in the 1900 system, so each date in the file showed 4 years early in
 * Excel. While `work` runs (a read by exceljs), "true" counts as true too. Every exceljs read of a
 * workbook people keep (register, filled-in 查册表, signed workbooks) goes through it; a legacy .xls
 * converted by LibreOffice comes out this way too.
 */
type PropsXform = { prototype: { parseOpen(node: { name: string; attributes: Record<string, string> }): boolean; model?: { date1904: boolean } } };
const xform = createRequire(__filename)('exceljs/lib/xlsx/xform/book/workbook-properties-xform') as PropsXform;

export async function withBooleanDate1904<T>(work: () => Promise<T>): Promise<T> {
  const original = xform.prototype.parseOpen;
  xform.prototype.parseOpen = function (this: { model?: { date1904: boolean } }, node) {
    const open = original.call(this, node);
    if (open && this.model && /^\s*true\s*$/i.test(node.attributes.date1904 ?? '')) this.model.date1904 = true;
    return open;
  };
  try {
    return await work();
  } finally {
    xform.prototype.parseOpen = original;
  }
}
