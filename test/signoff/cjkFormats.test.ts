import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { withChineseBuiltinFormats } from '../../pipeline/signoff/cjkFormats';
import { describe, expect, it } from 'vitest';
import { entryBytes, readZipDirectory } from '../../pipeline/read/guards';
import { ZipOut } from '../../pipeline/reconcile/xlsx';
import { readWorkbookRecords, signWorkbook, verifyWorkbook } from '../../pipeline/signoff/workbook';
import { tempDir } from './helpers';

/**
 * A workbook as Chinese Excel / WPS saves a cell formatted 2026年11月23日: the built-in number
 * format 31 by id, with no <numFmt> for it in styles.xml.
 */
async function chineseDateWorkbook(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('按揭进度表');
  ws.getCell('A1').value = '面签日期';
  ws.getCell('A2').value = 46349;
  ws.getCell('A2').numFmt = 'yyyy"年"m"月"d"日"';
  const written = `${file}.exceljs.xlsx`;
  await wb.xlsx.writeFile(written);
  const zip = new ZipOut(file);
  for (const e of (await readZipDirectory(written))!) {
    let bytes = await entryBytes(written, e);
    if (e.name === 'xl/styles.xml') {
      const xml = bytes.toString('utf8').replace(/<numFmts\b.*?<\/numFmts>/, '').replace(/numFmtId="164"/g, 'numFmtId="31"');
      expect(xml).toContain('numFmtId="31"');
      bytes = Buffer.from(xml, 'utf8');
    }
    await zip.file(e.name, bytes);
  }
  await zip.close();
}

describe('Chinese built-in date formats (ids 27–36, 50–58)', () => {
  it('are read as dates, as Office.js reads them, and signing keeps the cell showing a date', async () => {
    const file = path.join(tempDir(), 'wps.xlsx');
    await chineseDateWorkbook(file);
    await signWorkbook(file, { name: '李四', role: '制表', now: '2026-11-23T10:00:00' });
    expect((await readWorkbookRecords(file))[0].content).toContain("'按揭进度表'!A2\td\t2026-11-23T00:00:00\n");
    expect((await verifyWorkbook(file)).status).toBe('intact');
    // The cell keeps its format: built-in id 31 (signing no longer rewrites the sheet through
    // exceljs, which wrote it out as the custom code); Chinese Excel shows id 31 as 2026年11月23日.
    const back = new ExcelJS.Workbook();
    await withChineseBuiltinFormats(() => back.xlsx.readFile(file));
    expect(back.getWorksheet('按揭进度表')!.getCell('A2').numFmt).toBe('yyyy"年"m"月"d"日"');
  });
});
