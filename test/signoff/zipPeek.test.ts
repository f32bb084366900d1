import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { mayHaveSheet, readZipEntry } from '../../pipeline/signoff/zipPeek';
import { anjie, buildReport, tempDir } from './helpers';

describe('peeking into an .xlsx without loading it', () => {
  it('reads xl/workbook.xml and tells whether a 签核记录 sheet exists', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'r.xlsx');
    await buildReport(file);
    const xml = await readZipEntry(file, 'xl/workbook.xml');
    expect(xml).toContain('name="按揭进度表"');
    expect(await mayHaveSheet(file, '签核记录')).toBe(false);
    expect((await anjie('signoff', 'sign', file, '--name', '李四', '--role', '制表')).code).toBe(0);
    expect(await mayHaveSheet(file, '签核记录')).toBe(true);
  });

  it('is unsure (true) for files it cannot read, so the caller loads them fully', async () => {
    const dir = tempDir();
    const junk = path.join(dir, 'junk.xlsx');
    await fs.writeFile(junk, 'not a zip at all');
    expect(await readZipEntry(junk, 'xl/workbook.xml')).toBeNull();
    expect(await mayHaveSheet(junk, '签核记录')).toBe(true);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('A&B <x>');
    const odd = path.join(dir, 'odd.xlsx');
    await wb.xlsx.writeFile(odd);
    expect(await mayHaveSheet(odd, 'A&B <x>')).toBe(true);
  });
});
