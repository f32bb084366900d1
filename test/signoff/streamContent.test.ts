import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs, readdirSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { WHOLE_SHEET, type Scope } from '../../domain/signoff/scope';
import { ZipOut } from '../../pipeline/reconcile/xlsx';
import { ContentTooLarge, precheckSize, streamContent } from '../../pipeline/signoff/streamContent';
import { NotStreamable, openWorkbookParts } from '../../pipeline/signoff/streamSheet';
import { activeRecords, verify } from '../../domain/signoff/record';
import { loadWorkbook, readRecords, signWorkbook, verifyWorkbook, workbookContent } from '../../pipeline/signoff/workbook';
import { anjie, tempDir, write1904Workbook } from './helpers';

/**
 * Signing and verifying read a workbook with a streaming reader (pipeline/signoff/streamSheet.ts)
 * instead of exceljs's full load. A signature made before must still verify: for the same
 * workbook, the canonical text and fingerprint must be exactly what the exceljs path gives.
 */

function wholeScope(names: string[]): Scope {
  return { sheets: names.map((sheet) => ({ sheet, ranges: [WHOLE_SHEET], exclude: [] })) };
}

async function sheetNames(file: string): Promise<string[]> {
  const wb = await loadWorkbook(file);
  return wb.worksheets.map((w) => w.name);
}

/** The content by the exceljs path (as signing computed it until now) and by the streaming reader. */
async function bothWays(file: string, scope?: Scope) {
  const s = scope ?? wholeScope(await sheetNames(file));
  const old = workbookContent(await loadWorkbook(file), s);
  const streamed = await streamContent(await openWorkbookParts(file), s);
  return { old, streamed, scope: s };
}

/** Every kind of cell exceljs writes. */
async function everyCellType(file: string, date1904 = false, xEscape = true): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.properties.date1904 = date1904;
  const ws = wb.addWorksheet('进度表');
  ws.getCell('A1').value = '按揭进度表';
  ws.getCell('B2').value = 1234.5;
  ws.getCell('B2').numFmt = '¥#,##0.00';
  ws.getCell('C2').value = -0;
  ws.getCell('D2').value = 1e21;
  ws.getCell('E2').value = 0.1 + 0.2;
  ws.getCell('F2').value = 1e-7;
  ws.getCell('A3').value = new Date(Date.UTC(2026, 10, 23));
  ws.getCell('A3').numFmt = 'yyyy-mm-dd';
  ws.getCell('B3').value = new Date(Date.UTC(2026, 10, 23, 12, 0, 0, 499));
  ws.getCell('B3').numFmt = 'yyyy-mm-dd hh:mm';
  ws.getCell('C3').value = true;
  ws.getCell('D3').value = { error: '#DIV/0!' };
  // exceljs writes '_x000D_' as it is, which reads back as a CR (exceljs writes the CR raw, which reads back as LF):
  // signing keeps both (xEscape.test.ts), but a test that edits the signed workbook with exceljs leaves it out
  ws.getCell('E3').value = `line1\nline2\ttab\\ & <b> "q" 'a'${xEscape ? ' _x000D_' : ''}`;
  ws.getCell('F3').value = '';
  ws.getCell('G3').value = 'e\u0301';
  ws.getCell('H3').value = { richText: [{ text: '富' }, { font: { bold: true }, text: '文本' }] };
  ws.getCell('I3').value = 46349.25;
  ws.getCell('I3').numFmt = 'YYYY/MM/DD'; // a date to the canonical form, a number to exceljs
  ws.getCell('J3').value = false;
  ws.getCell('A4').value = { formula: 'B2*2', result: 2469 };
  ws.getCell('B4').value = { formula: 'B2-B2', result: 0 };
  ws.getCell('C4').value = { formula: 'IF(1,"","x")', result: '' };
  ws.getCell('D4').value = { formula: 'A1&"!"', result: '按揭进度表!' };
  ws.getCell('E4').value = { formula: '1=1', result: true };
  ws.getCell('F4').value = { formula: '1=2', result: false };
  ws.getCell('G4').value = { formula: '1/0', result: { error: '#DIV/0!' } };
  ws.getCell('H4').value = { formula: 'A3+1', result: new Date(Date.UTC(2026, 10, 24)) };
  ws.getCell('H4').numFmt = 'yyyy-mm-dd';
  ws.getCell('I4').value = { formula: 'B2', result: 1234.5, shareType: 'shared', ref: 'I4:I6' } as ExcelJS.CellValue;
  ws.getCell('I5').value = { sharedFormula: 'I4', result: 7 } as ExcelJS.CellValue;
  ws.mergeCells('A6:C7');
  ws.getCell('A6').value = '合并';
  ws.getCell('A8').value = 1900.5;
  ws.getCell('A8').numFmt = '[Red]0.00;"日"0';
  ws.getCell('B8').value = new Date(Date.UTC(1900, 0, 15));
  ws.getCell('B8').numFmt = 'h:mm:ss';
  ws.getCell('A10').value = '制表：';
  ws.getCell('C10').value = '审核(经理)：';
  ws.getCell('E10').value = '日期：';
  const other = wb.addWorksheet("O'Brien");
  other.getCell('A1').value = 42;
  other.getCell('XFD1048576').value = 'last';
  await wb.xlsx.writeFile(file);
}

/** A zip holding one sheet's package scaffolding (content types, relationships); the caller adds the workbook, styles, shared strings and sheet. */
async function rawPackage(file: string): Promise<ZipOut> {
  const zip = new ZipOut(file);
  await zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>');
  await zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>');
  await zip.file('xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>');
  return zip;
}

/** A workbook written as raw SpreadsheetML: inline and rich inline strings, t="str" with entities, CR, 1904 "true", Chinese built-in date ids, errors, cells of a merge that hold values. */
async function rawWorkbook(file: string): Promise<void> {
  const zip = await rawPackage(file);
  await zip.file('xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="true"/><sheets><sheet name="台账 &amp; 汇总" sheetId="1" r:id="rId1"/></sheets></workbook>');
  await zip.file('xl/styles.xml', '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="5"><xf numFmtId="14"/><xf numFmtId="14"/><xf numFmtId="31"/><xf numFmtId="164"/><xf numFmtId="4"/></cellXfs></styleSheet>');
  await zip.file('xl/sharedStrings.xml', '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5"><si><t>共享</t></si><si><r><t>富</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 文本_x0009_</t></r></si><si><t/></si><si><t>日本</t><rPh sb="0" eb="2"><t>にほん</t></rPh></si><si><t>a&amp;amp;b</t></si></sst>');
  const rows = [
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>',
    '<row r="2"><c r="A2" t="inlineStr"><is><t>内联&#x4e2d;&lt;</t></is></c><c r="B2" t="inlineStr"><is><r><t>甲</t></r><r><t>乙_x0041_</t></r></is></c><c r="C2" t="str"><v>x&amp;amp;y</v></c><c r="D2" t="e"><v>#N/A</v></c><c r="E2" t="b"><v>1</v></c></row>',
    '<row r="3"><c r="A3" s="0"><v>46349</v></c><c r="B3" s="1"><v>44887</v></c><c r="C3" s="2"><v>44887.5</v></c><c r="D3" s="3"><v>44887</v></c><c r="E3" s="4"><v>1234.567</v></c><c r="F3" s="1"/><c r="G3" t="str"><f>A1</f><v></v></c></row>',
    '<row r="4"><c r="A4" t="inlineStr"><is><t xml:space="preserve">a\r\nb\rc</t></is></c><c r="B4" t="inlineStr"><is><t>跟随</t></is></c><c r="C4"><v>1E3</v></c><c r="D4" s="1" t="b"><f>TRUE()</f><v>1</v></c><c r="E4" t="e"><f>NA()</f><v>#N/A</v></c></row>',
    '<row r="6"><c r="A6" t="inlineStr"><is><t>制表：</t></is></c><c r="C6" t="inlineStr"><is><t>审核：</t></is></c><c r="E6" t="inlineStr"><is><t>日期：</t></is></c></row>',
  ];
  await zip.file('xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData><mergeCells count="1"><mergeCell ref="A4:B4"/></mergeCells></worksheet>`);
  await zip.close();
}

/** A one-sheet raw workbook of the given rows and merges (styles: 0 none, 1 a date, 2 money). */
async function rawSheet(file: string, rows: string[], merges: string[] = []): Promise<void> {
  const zip = await rawPackage(file);
  await zip.file('xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="已匹配" sheetId="1" r:id="rId1"/></sheets></workbook>');
  await zip.file('xl/styles.xml', '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="4"/></cellXfs></styleSheet>');
  await zip.file('xl/sharedStrings.xml', '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>共享</t></si><si><t/></si><si><t>a&amp;b</t></si></sst>');
  const mergeXml = merges.length ? `<mergeCells count="${merges.length}">${merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : '';
  await zip.file('xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData>${mergeXml}</worksheet>`);
  await zip.close();
}

function libreOfficeResave(file: string, dir: string): string | null {
  const soffice = ['soffice', 'libreoffice'].find((c) => {
    try {
      execFileSync('which', [c], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
  if (!soffice) return null;
  const out = path.join(dir, 'lo');
  execFileSync(soffice, ['--headless', `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`, '--convert-to', 'xlsx', '--outdir', out, file], { stdio: 'ignore', timeout: 120_000 });
  const saved = path.join(out, path.basename(file));
  return existsSync(saved) ? saved : null;
}

describe('sign-off reads a workbook streamed, with the same fingerprint as exceljs', () => {
  it('every cell type exceljs writes (numbers, dates, text, rich text, formulas of each result type, booleans, errors, merged cells, empty), 1900 and 1904', async () => {
    const dir = tempDir();
    for (const date1904 of [false, true]) {
      const file = path.join(dir, `every-${date1904}.xlsx`);
      await everyCellType(file, date1904);
      const { old, streamed } = await bothWays(file);
      expect(streamed.content.text).toBe(old.content.text);
      expect(streamed.content.fingerprint).toBe(old.content.fingerprint);
      expect(streamed.content.cellCount).toBe(old.content.entries.length);
      expect(streamed.content.entries).toEqual(old.content.entries);
      expect(streamed.uncached).toEqual(old.uncached);
      // what the lines say (not produced by the code under test)
      expect(old.content.text).toContain("'进度表'!A3\td\t2026-11-23T00:00:00\n");
      expect(old.content.text).toContain("'进度表'!D3\te\t#DIV/0!\n");
      expect(old.content.text).toContain("'进度表'!A6\ts\t合并\n");
      expect(old.content.text).toContain("'O''Brien'!XFD1048576\ts\tlast\n");
    }
  });

  it('raw SpreadsheetML: shared, rich and inline strings, entities, CR, 1904 "true", Chinese built-in date ids, an uncached formula, a merge over values', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'raw.xlsx');
    await rawWorkbook(file);
    const { old, streamed } = await bothWays(file);
    expect(streamed.content.text).toBe(old.content.text);
    expect(streamed.content.fingerprint).toBe(old.content.fingerprint);
    expect(streamed.uncached).toEqual(old.uncached);
    expect(old.uncached).toEqual(['台账 & 汇总!G3']);
  });

  it('rows in the shape reports are written in (read without regular expressions) and the shapes just beside it give exceljs\'s text', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'shapes.xlsx');
    const numbers = ['1399000', '-12.50', '0.30000000000000004', '123456789012345', '1234567890123456', '-0', '007', '.5', '5.', '1e21', '-1E-7', ' 5', '46349.5'];
    // a text far longer than an inflated chunk (256 KiB), Chinese across the chunk edges, as the 签核记录 row holds
    const long = Array.from({ length: 40_000 }, (_, i) => `'已匹配'!A${i}\ts\t魏国明 &amp; 1-1-101\n`).join('');
    const rows = [
      `<row r="1">${numbers.map((n, i) => `<c r="${String.fromCharCode(65 + i)}1"><v>${n}</v></c>`).join('')}</row>`,
      `<row r="2" customHeight="1" ht="30">${numbers.map((n, i) => `<c r="${String.fromCharCode(65 + i)}2" s="${i % 3}"><v>${n}</v></c>`).join('')}</row>`,
      '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" s="2" t="s"><v>1</v></c><c r="C3" t="s"><v>2</v></c><c r="D3" t="inlineStr"><is><t>魏国明</t></is></c><c r="E3" s="2" t="inlineStr"><is><t xml:space="preserve"> 空 格 </t></is></c><c r="F3" t="inlineStr"><is><t></t></is></c><c r="G3" t="inlineStr"><is><t>a&amp;b&#13;c&#x4e2d;\r\nd\re</t></is></c><c r="H3" t="str"><v>x&amp;amp;y 中</v></c><c r="I3" t="n"><v>42</v></c><c r="J3" s="1"/><c r="K3" s="1"></c><c r="L3"><v></v></c><c r="M3" t="s"><v></v></c><c r="N3" s="1"><v>46349.5</v></c></row>',
      `<row r="4"><c r="A4" t="inlineStr"><is><t xml:space="preserve">${long}</t></is></c><c r="B4"><v>1</v></c></row>`,
      '<row r="5"><c s="2" r="A5"><v>1.5</v></c><c r=\'B5\'><v>2</v></c><c r="C5" cm="1"><v>3</v></c><c  r="D5"><v>4</v></c><c r="E5" t="b"><v>1</v></c><c r="F5" t="e"><v>#N/A</v></c><c r="G5"><f>A5*2</f><v>3</v></c><c r="H5" t="inlineStr"><v>内联</v></c></row>',
      '<row r="6"> <c r="A6"><v>1</v></c>\n<c r="B6" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c></row>',
      '<row spans="1:3" r="7"><c r="A7"><v>7</v></c></row>',
      '<row r="8"><c r="A8" t="inlineStr"><is><t>合并</t></is></c><c r="B8"><v>9</v></c><c r="C8"><v>10</v></c></row>',
      '<row r="9"/>',
      '<row r="10"><c r="A10" t="inlineStr"><is><t>制表：</t></is></c><c r="C10" t="inlineStr"><is><t>审核：</t></is></c><c r="E10" t="inlineStr"><is><t>日期：</t></is></c></row>',
    ];
    await rawSheet(file, rows, ['A8:B8']);
    const { old, streamed } = await bothWays(file);
    expect(streamed.content.text).toBe(old.content.text);
    expect(streamed.content.fingerprint).toBe(old.content.fingerprint);
    expect(streamed.labels.get('已匹配')).toEqual(old.content.entries.filter((e) => /：$/.test(e.value)).map((e) => ({ row: e.row, col: e.col, text: e.value })));
    // what the lines say (not produced by the code under test)
    expect(old.content.text).toContain("'已匹配'!C1\tn\t0.30000000000000004\n");
    expect(old.content.text).toContain("'已匹配'!N3\td\t2026-11-23T12:00:00\n");
    expect(old.content.text).toContain("'已匹配'!A4\ts\t'已匹配'!A0\\ts\\t魏国明 & 1-1-101\\n");
    expect(old.content.text).not.toContain("'已匹配'!B8");
    // signed by the streamed path with its signature row cut, and verified intact
    const signed = path.join(dir, 'signed.xlsx');
    await fs.copyFile(file, signed);
    const { record } = await signWorkbook(signed, { name: '张三', role: '制表', now: '2026-11-25T10:00:00' });
    expect(record.fingerprint).toBe(workbookContent(await loadWorkbook(file), { sheets: [{ sheet: '已匹配', ranges: [WHOLE_SHEET], exclude: record.scope.sheets[0].exclude }] }).content.fingerprint);
    expect((await verifyWorkbook(signed)).status).toBe('intact');
  }, 120_000);

  it('the same workbook re-saved by LibreOffice (its shared strings, styles and 1904 flag)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'every.xlsx');
    await everyCellType(file, true);
    const saved = libreOfficeResave(file, dir);
    if (!saved) return; // no LibreOffice on this machine
    const { old, streamed } = await bothWays(saved);
    expect(streamed.content.text).toBe(old.content.text);
  }, 180_000);

  it('every .xlsx fixture exceljs can read gives the same text, or is left to exceljs (NotStreamable)', async () => {
    const fixtures = path.join(__dirname, '..', 'fixtures', 'hostile');
    let compared = 0;
    for (const name of readdirSync(fixtures).filter((f) => f.endsWith('.xlsx'))) {
      const file = path.join(fixtures, name);
      let scope: Scope;
      let oldText: string;
      try {
        scope = wholeScope(await sheetNames(file));
        oldText = workbookContent(await loadWorkbook(file), scope).content.text;
      } catch {
        continue; // exceljs cannot read it either
      }
      try {
        const parts = await openWorkbookParts(file);
        const streamed = await streamContent(parts, scope);
        expect(streamed.content.text, name).toBe(oldText);
        // the size precheck never refuses a text that fits exactly (hostile shapes: odd strings, merges, escapes)
        if (oldText.length > 0) expect(await precheckSize(parts, scope, oldText.length, false), name).toBeNull();
        compared++;
      } catch (err) {
        if (!(err instanceof NotStreamable)) throw err;
      }
    }
    expect(compared).toBeGreaterThan(5);
  }, 300_000);

  it('a workbook signed by the exceljs path verifies intact by the streamed one; a changed cell is still named', async () => {
    const dir = tempDir();
    const file = path.join(dir, '1904.xlsx');
    await write1904Workbook(file);
    const every = path.join(dir, 'every.xlsx');
    await everyCellType(every, false, false);
    for (const f of [file, every]) {
      await signWorkbook(f, { name: '李四', role: '制表', now: '2026-11-23T10:00:00' });
      const v = await verifyWorkbook(f);
      expect(v.status, f).toBe('intact');
    }
    const wb = await loadWorkbook(every);
    wb.getWorksheet('进度表')!.getCell('B2').value = 1234.6;
    await wb.xlsx.writeFile(every);
    const v = await verifyWorkbook(every);
    expect(v.status).toBe('changed');
    if (v.status === 'changed') expect(v.changes.map((c) => c.address)).toEqual(["'进度表'!B2"]);
  });

  it('a workbook signed by the streamed path (written part by part) verifies intact when read by exceljs, signature block filled and sheet protected', async () => {
    const dir = tempDir();
    for (const [name, make] of [
      ['every.xlsx', (f: string) => everyCellType(f, true)],
      ['1904.xlsx', write1904Workbook],
    ] as const) {
      const file = path.join(dir, name);
      await make(file);
      await signWorkbook(file, { name: '李四', role: '制表', now: '2026-11-23T10:00:00' });
      await signWorkbook(file, { name: '王经理', role: '审核', now: '2026-11-24T09:00:00', password: 'pw' });
      const wb = await loadWorkbook(file);
      const records = readRecords(wb, file);
      expect(records.map((r) => r.name)).toEqual(['李四', '王经理']);
      const old = verify(records, workbookContent(wb, activeRecords(records)[0].scope).content);
      expect(old.status, name).toBe('intact');
      const ws = wb.worksheets[0];
      const block = ws.getCell(name === 'every.xlsx' ? 'B10' : 'B3');
      expect(block.value).toBe('李四');
      const date = ws.getCell(name === 'every.xlsx' ? 'F10' : 'F3');
      expect(date.value).toEqual(new Date(Date.UTC(2026, 10, 24)));
      expect(date.numFmt).toBe('yyyy-mm-dd');
      expect((ws as unknown as { sheetProtection?: { sheet?: boolean; hashValue?: string } }).sheetProtection).toMatchObject({ sheet: true, algorithmName: 'SHA-512' });
      expect(wb.getWorksheet('签核记录')!.state).toBe('veryHidden');
    }
  });

  it('stops as soon as the text is longer than a sign-off record can keep, naming the sheet and row (a 1M-row report crashed with "Invalid string length" after minutes)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'every.xlsx');
    await everyCellType(file);
    const parts = await openWorkbookParts(file);
    const scope = wholeScope(['进度表', "O'Brien"]);
    const err = await streamContent(parts, scope, { maxChars: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContentTooLarge);
    expect(err).toMatchObject({ sheet: '进度表', row: 2 }); // row 1's line is 17 characters, row 2's five 127
    await expect(streamContent(parts, scope, { maxChars: 100_000 })).resolves.toBeTruthy();
  });

  it('refuses a scope far over the limit from the parts\' bytes before making any line (a whole 1M-row report was refused only after 5.5 minutes and 2.57 GB), and never one that fits', async () => {
    const dir = tempDir();
    // A report-like sheet: title, header, 3,000 rows of shared strings, amounts, dates, a total and a signature block.
    const big = path.join(dir, 'big.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('差异');
    ws.mergeCells('A1:F1');
    ws.getCell('A1').value = '差异明细 2026-11';
    ws.getRow(2).values = ['日期', '摘要', '借方', '贷方', '账户', '状态'];
    for (let i = 0; i < 3000; i++) {
      const row = ws.getRow(3 + i);
      row.values = [new Date(Date.UTC(2026, 10, 1 + (i % 28))), `客户${i % 97}按揭放款`, (i * 1234.56) / 7, i % 3 ? null : i, i % 2 ? '工行' : '建行', i % 5 ? '未达' : '已调节'];
      row.getCell(1).numFmt = 'yyyy-mm-dd';
      row.getCell(3).numFmt = '#,##0.00';
    }
    ws.getCell('A3004').value = '制表：';
    ws.getCell('C3004').value = '审核(经理)：';
    ws.getCell('E3004').value = '日期：';
    await wb.xlsx.writeFile(big);
    const every = path.join(dir, 'every.xlsx');
    await everyCellType(every);
    // A reconciliation report as anjie writes it (its own zip writer: inline strings as well as shared ones)
    const sample = path.join(dir, 'sample');
    expect((await anjie('sample', '--out', sample, '--units', '60')).code).toBe(0);
    const files = (await fs.readdir(sample)).sort();
    const bank = files.filter((f) => /^(工行|建行|农行|中行|招行)/.test(f)).map((f) => path.join(sample, f));
    const report = path.join(dir, '对账报告.xlsx');
    expect((await anjie('reconcile', '--bank', ...bank, '--finance', path.join(sample, files.find((f) => f.startsWith('序时账'))!), '--period', '2026-11', '--out', report)).code).toBe(0);
    const reportSheets = (await openWorkbookParts(report)).sheets.filter((x) => (x.state ?? 'visible') === 'visible').map((x) => x.name);
    expect(reportSheets).toContain('差异');
    for (const [file, names] of [[big, ['差异']], [every, ['进度表', "O'Brien"]], [report, reportSheets]] as const) {
      const parts = await openWorkbookParts(file);
      const scope = wholeScope([...names]);
      for (const excludeBlocks of [true, false]) {
        const exact = (await streamContent(parts, scope, { excludeBlocks, maxChars: 1e9 })).content.text.length;
        // just fits: neither the estimate nor the streamed text refuses it
        expect(await precheckSize(parts, scope, exact, excludeBlocks)).toBeNull();
        // (the streamed check counts the signature row's few dozen characters until the row is cut)
        await expect(streamContent(parts, scope, { excludeBlocks, maxChars: excludeBlocks ? exact + 100 : exact, precheck: true })).resolves.toBeTruthy();
        // one character over: refused (by the streamed text)
        if (!excludeBlocks) await expect(streamContent(parts, scope, { excludeBlocks, maxChars: exact - 1, precheck: true })).rejects.toBeInstanceOf(ContentTooLarge);
        // far over: refused by the estimate, before any line is made, with the same details (sheet, row)
        const err = await streamContent(parts, scope, { excludeBlocks, maxChars: Math.floor(exact / 3), precheck: true }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ContentTooLarge);
        expect(err).toMatchObject({ estimated: true });
        expect(names).toContain((err as ContentTooLarge).sheet);
      }
    }
  });
});
