import { createRequire } from 'node:module';

/**
 * Chinese Excel and WPS save their own date formats (2026年11月23日, 11月23日, 10时30分 …) as the
 * locale's built-in number formats 27–36 and 50–58, by id alone. exceljs 4.4 knows those ids only
 * per locale and so gives such a cell no format: the CLI read its date as a plain number (type n,
 * where the add-in, through Office.js, reads a date, type d: signed in Excel, "changed" in the
 * CLI), and signing wrote the cell back without its format, showing 46349 for 2026-11-23.
 * While `work` runs (a read by exceljs), those ids stand for their zh-CN codes; a workbook
 * exceljs writes afterwards keeps them as custom formats, which show the same.
 */
type DefaultFormats = Record<number, { f?: string; 'zh-cn'?: string }>;
const defaults = createRequire(__filename)('exceljs/lib/xlsx/defaultnumformats') as DefaultFormats;

export async function withChineseBuiltinFormats<T>(work: () => Promise<T>): Promise<T> {
  const added: number[] = [];
  for (const [id, fmt] of Object.entries(defaults)) {
    if (fmt.f === undefined && fmt['zh-cn']) {
      fmt.f = fmt['zh-cn'];
      added.push(Number(id));
    }
  }
  try {
    return await work();
  } finally {
    for (const id of added) delete defaults[id].f;
  }
}
