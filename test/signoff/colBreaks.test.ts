import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryBytes, readZipDirectory } from '../../pipeline/read/guards';
import { readColBreaks, restoreColBreaks } from '../../pipeline/signoff/colBreaks';
import { readZipEntry } from '../../pipeline/signoff/zipPeek';
import { ZipOut } from '../../pipeline/reconcile/xlsx';
import { tempDir } from '../reconcile/files';

const BREAKS = '<colBreaks count="1" manualBreakCount="1"><brk id="3" max="1048575" man="1"/></colBreaks>';

/** A minimal workbook: two sheets whose parts are numbered against their order, so names must go through the relationships. */
async function workbook(file: string, second: string): Promise<void> {
  const zip = new ZipOut(file);
  await zip.file('xl/workbook.xml', '<workbook xmlns:r="r"><sheets><sheet name="汇总" sheetId="1" r:id="rId2"/><sheet name="差异 &amp; more" sheetId="2" r:id="rId1"/></sheets></workbook>');
  await zip.file('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml"/></Relationships>');
  await zip.file('xl/worksheets/sheet1.xml', second);
  await zip.file('xl/worksheets/sheet2.xml', '<worksheet><sheetData/></worksheet>');
  await zip.file('xl/media/image1.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]));
  await zip.close();
}

describe('column page breaks across an exceljs rewrite', () => {
  it('are read by sheet name and put back in schema order (before a drawing), other parts byte for byte', async () => {
    const dir = await tempDir();
    const original = path.join(dir, 'original.xlsx');
    // Rows enough that the breaks come several inflated chunks into the part.
    const rows = Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i * 7919}</v></c></row>`).join('');
    await workbook(original, `<worksheet><sheetData>${rows}</sheetData><pageSetup scale="75"/>${BREAKS}<drawing r:id="rId9"/></worksheet>`);
    const breaks = await readColBreaks(original);
    expect([...breaks]).toEqual([['差异 & more', BREAKS]]);

    const rewritten = path.join(dir, 'rewritten.xlsx');
    await workbook(rewritten, '<worksheet><sheetData/><pageSetup scale="75"/><drawing r:id="rId9"/></worksheet>');
    await restoreColBreaks(rewritten, breaks);
    expect(await readZipEntry(rewritten, 'xl/worksheets/sheet1.xml')).toBe(`<worksheet><sheetData/><pageSetup scale="75"/>${BREAKS}<drawing r:id="rId9"/></worksheet>`);
    expect(await readZipEntry(rewritten, 'xl/worksheets/sheet2.xml')).toBe('<worksheet><sheetData/></worksheet>');
    const image = (await readZipDirectory(rewritten))!.find((e) => e.name === 'xl/media/image1.png')!;
    expect([...(await entryBytes(rewritten, image))]).toEqual([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    expect(await readColBreaks(rewritten)).toEqual(breaks);
  });
});
