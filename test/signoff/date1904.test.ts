import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { signWorkbook, verifyWorkbook } from '../../pipeline/signoff/workbook';
import { tempDir, write1904Workbook } from './helpers';

/** A 1904-date-system workbook as LibreOffice saves it: <workbookPr date1904="true"/>. */
async function libreOffice1904(file: string): Promise<void> {
  await write1904Workbook(file);
  const zip = await JSZip.loadAsync(await fs.readFile(file));
  const xml = await zip.file('xl/workbook.xml')!.async('string');
  expect(xml).toContain('date1904="1"');
  zip.file('xl/workbook.xml', xml.replace('date1904="1"', 'date1904="true"'));
  await fs.writeFile(file, await zip.generateAsync({ type: 'nodebuffer' }));
}

async function part(file: string, name: string): Promise<string> {
  return (await JSZip.loadAsync(await fs.readFile(file))).file(name)!.async('string');
}

describe('a 1904-date-system workbook saved by LibreOffice (date1904="true")', () => {
  it('signs the dates the cells show, keeps the workbook in the 1904 system, and verifies intact', async () => {
    const file = path.join(tempDir(), '进度表1904.xlsx');
    await libreOffice1904(file);
    const { record } = await signWorkbook(file, { name: '陈静', role: '制表', now: '2026-11-24T10:00:00' });
    expect(record.content).toContain("'进度表'!B1\td\t2026-11-23T00:00:00\n");
    // still the 1904 system, the date cell still serial 44887: Excel shows 2026-11-23, not 2022-11-22
    expect(await part(file, 'xl/workbook.xml')).toMatch(/date1904="(1|true)"/);
    expect(await part(file, 'xl/worksheets/sheet1.xml')).toMatch(/<c r="B1"[^>]*><v>44887<\/v>/);
    expect((await verifyWorkbook(file)).status).toBe('intact');
  });
});
