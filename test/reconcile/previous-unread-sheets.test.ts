import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { scenario, tempDir } from './files';
import { editUnits, reportSheet } from './unitNotes';

// --previous reads last month's _anjie_open, the notes on its 差异 and 按户, and whether it is signed:
// its 已匹配 (the bulk of a month's report: ~80 MB of XML at 100k pairs) and 未解析 are never read.

/** The zip path of the worksheet part of `sheet`, through xl/workbook.xml and its relationships. */
async function sheetPart(zip: JSZip, sheet: string): Promise<string> {
  const book = await zip.file('xl/workbook.xml')!.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const tag = [...book.matchAll(/<sheet [^>]*>/g)].find((m) => m[0].includes(`name="${sheet}"`))![0];
  const rId = /r:id="(\w+)"/.exec(tag)![1];
  const rel = [...rels.matchAll(/<Relationship [^>]*>/g)].find((m) => m[0].includes(`Id="${rId}"`))![0];
  return `xl/${/Target="([^"]+)"/.exec(rel)![1].replace(/^\/xl\//, '')}`;
}

describe('--previous and the sheets it does not read', () => {
  it('a report whose 已匹配 another program left unreadable (its XML cut short, the zip intact) carries its open items and the notes on 差异 and 按户 as the intact report does: same JSON, workbook and summary', async () => {
    const dir = await tempDir();
    const oct = await scenario({
      dir: path.join(dir, '10'),
      period: '2026-10',
      bank: [
        { ref: 'B1', amount: '880000', name: '丙', memo: '2-1-301按揭', date: '2026-10-12' },
        { ref: 'B2', amount: '500000', name: '丁', memo: '3-1-101按揭', date: '2026-10-20' },
      ],
      finance: [
        { voucher: '记-1', amount: '880000', customer: '丙', unit: '2-1-301', date: '2026-10-12' },
        { voucher: '记-2', amount: '300000', customer: '戊', unit: '5-1-501', date: '2026-10-08' },
      ],
    });
    // Notes typed on 差异 (B2's line) and on 按户 (unit 5-1-501), saved as a person would.
    await fs.mkdir(path.join(dir, 'intact'));
    const intact = path.join(dir, 'intact', 'report.xlsx');
    await editUnits(oct.out, intact, { '5-1-501': ['李出纳', '客户称11月放款'] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(intact);
    const diff = wb.getWorksheet('差异')!;
    const heads = (diff.getRow(1).values as ExcelJS.CellValue[]).map((v) => String(v ?? ''));
    diff.eachRow((row) => {
      if (row.getCell(heads.indexOf('流水号')).value !== 'B2') return;
      row.getCell(heads.indexOf('处理人')).value = '王会计';
      row.getCell(heads.indexOf('处理结果')).value = '已联系银行';
    });
    await wb.xlsx.writeFile(intact);
    // The same report with its 已匹配 cut short inside a sound zip (its checksum is the cut text's).
    const zip = await JSZip.loadAsync(await fs.readFile(intact));
    const matched = await sheetPart(zip, '已匹配');
    const xml = await zip.file(matched)!.async('string');
    const pair = xml.indexOf('<row r="2"'); // B1 and 记-1
    expect(pair).toBeGreaterThan(0);
    zip.file(matched, xml.slice(0, pair + 20));
    await fs.mkdir(path.join(dir, 'broken'));
    const broken = path.join(dir, 'broken', 'report.xlsx');
    await fs.writeFile(broken, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));

    const month = (previous: string, name: string) =>
      scenario({ dir: path.join(dir, name), bank: [{ ref: 'B9', amount: '300000', name: '戊', memo: '5-1-501按揭', date: '2026-11-05' }], finance: [], args: ['--previous', previous] });
    const fromIntact = await month(intact, 'nov-intact');
    const fromBroken = await month(broken, 'nov-broken');
    expect(fromBroken.code).toBe(fromIntact.code);
    expect(fromBroken.stdout.replaceAll(fromBroken.dir, '')).toBe(fromIntact.stdout.replaceAll(fromIntact.dir, '')); // the paths it wrote to aside
    expect(await fs.readFile(fromBroken.jsonPath, 'utf8')).toBe(await fs.readFile(fromIntact.jsonPath, 'utf8'));
    expect((await fs.readFile(fromBroken.out)).equals(await fs.readFile(fromIntact.out))).toBe(true);
    // What was carried, with its notes: B2 still open, 记-2 closed by B9.
    expect(fromBroken.json.rows.find((r) => r.file === '2026-10/工行.csv')).toMatchObject({ outcome: 'MISSING_IN_FINANCE' });
    const lines = (await reportSheet(fromBroken.out, '差异')).lines;
    expect(lines.find((l) => l['流水号'] === 'B2')).toMatchObject({ 处理人: '王会计', 处理结果: '【10月】已联系银行' });
    const units = (await reportSheet(fromBroken.out, '按户')).lines;
    expect(units.find((l) => l['房号'] === '5-1-501')).toMatchObject({ 处理人: '李出纳', 处理结果: '【10月】客户称11月放款' });
  });
});
