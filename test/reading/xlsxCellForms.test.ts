import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readBankFile } from '../../pipeline/read';
import { streamXlsxExceljs, type RowSink } from '../../pipeline/read/sources';
import { streamXlsxFast } from '../../pipeline/read/xlsxFast';
import type { Cell } from '../../pipeline/read/cells';

/**
 * Cell tags as other writers than exceljs spell them — attributes in any order, single quotes,
 * spaces around "=", types n/e/b/str/inlineStr/s, style numbers that
 * are dates, not dates, padded or not numbers at all — read by the fast reader exactly as exceljs
 * reads them, so a statement saved by WPS or a bank's own tool gives the same rows.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-cellforms-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A zip of stored (uncompressed) entries: enough for a workbook both readers accept. */
function storedZip(entries: [string, string][]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text, 'utf8');
    const n = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const dirEntry = Buffer.alloc(46);
    dirEntry.writeUInt32LE(0x02014b50, 0);
    dirEntry.writeUInt16LE(20, 4);
    dirEntry.writeUInt16LE(20, 6);
    dirEntry.writeUInt16LE(0x0800, 8);
    dirEntry.writeUInt32LE(crc, 16);
    dirEntry.writeUInt32LE(data.length, 20);
    dirEntry.writeUInt32LE(data.length, 24);
    dirEntry.writeUInt16LE(n.length, 28);
    dirEntry.writeUInt32LE(offset, 42);
    parts.push(local, n, data);
    central.push(dirEntry, n);
    offset += 30 + n.length + data.length;
  }
  const size = central.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function workbook(sheetData: string, sharedStrings: string[]): string {
  const file = path.join(dir, `book-${fs.readdirSync(dir).length}.xlsx`);
  const sst = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}" count="${sharedStrings.length}" uniqueCount="${sharedStrings.length}">${sharedStrings.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`;
  // Style 1 is a built-in date (14), 2 a custom date format, 3 a plain number format.
  const styles = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy/mm/dd hh:mm"/><numFmt numFmtId="165" formatCode="#,##0.00"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>`;
  fs.writeFileSync(
    file,
    storedZip([
      ['[Content_Types].xml', `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`],
      ['_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
      ['xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="明细" sheetId="1" r:id="rId1"/></sheets></workbook>`],
      ['xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`],
      ['xl/styles.xml', styles],
      ['xl/sharedStrings.xml', sst],
      ['xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>${sheetData}</sheetData></worksheet>`],
    ]),
  );
  return file;
}

async function readRows(read: (file: string, sink: RowSink) => Promise<void>, file: string): Promise<[number, Cell[]][]> {
  const out: [number, Cell[]][] = [];
  await read(file, {
    sheetStart: () => true,
    row: (cells, n) => out.push([n, cells.map((c) => (c instanceof Date ? new Date(c.getTime()) : c))]),
    sheetEnd() {},
  });
  return out;
}

describe('fast XLSX reader: cell tags as other writers spell them', () => {
  it('reads them as exceljs does', async () => {
    const sheet = [
      `<row r="1"><c r="A1" t="s"><v>0</v></c><c t='s' r='B1'><v>1</v></c><c  r = "C1"  t = "str" ><v>交易时间</v></c></row>`,
      `<row r="2"><c r="A2" s="1"><v>46327</v></c><c r="B2" s="2"><v>46327.5</v></c><c r="C2" s="3"><v>1234.5</v></c><c r="D2" s="01"><v>46327</v></c><c r="E2" s="x"><v>12</v></c><c r="F2" s=""><v>13</v></c></row>`,
      `<row r="3"><c r="A3" t="n"><v>-0.5</v></c><c r="B3" t="b"><v>1</v></c><c r="C3" t="b"><v>0</v></c><c r="D3" t="e"><v>#N/A</v></c><c r="E3" t="inlineStr"><is><t>内联 A&amp;B</t></is></c></row>`,
      `<row r="4"><c r="A4" t="str"><v>第四行</v></c><c r="B4"><v>7</v></c><c r="E4" t="d"><v>2026-11-03</v></c><c s="1" r="F4" t="n"><v>46328</v></c><c r="G4"/><c r="H4" t="str"><v></v></c></row>`,
      `<row r="6"><c r="AA6" t="str"><v>远列</v></c><c r="AB6" s="3"><f>1+1</f><v>2</v></c><c r="AC6"><f>SUM(A1:A2)</f></c></row>`,
    ].join('');
    const file = workbook(sheet, ['账号', '对方户名']);
    const ref = await readRows(streamXlsxExceljs, file);
    expect(ref.length).toBe(5);
    expect(await readRows(streamXlsxFast, file)).toEqual(ref);
  });

  it('reads a workbook of 100,000 shared strings', async () => {
    // Each string's check for rich-text runs once searched to the end of sharedStrings.xml: quadratic,
    // minutes for this table. Plain strings, one empty (null, as exceljs), entities.
    const strings = Array.from({ length: 100_000 }, (_, k) => (k === 7 ? '' : `对方户名${k} A&amp;B`));
    const sheet = [0, 7, 50_000, 99_999].map((k, r) => `<row r="${r + 1}"><c r="A${r + 1}" t="s"><v>${k}</v></c><c r="B${r + 1}"><v>${k}</v></c></row>`).join('');
    const file = workbook(sheet, strings);
    expect(await readRows(streamXlsxFast, file)).toEqual([
      [1, ['对方户名0 A&B', 0]],
      [2, [null, 7]],
      [3, ['对方户名50000 A&B', 50_000]],
      [4, ['对方户名99999 A&B', 99_999]],
    ]);
  });

  it('reads a sheet whose rows, cells and characters fall across every piece and chunk boundary', async () => {
    // Rows of Chinese text of varying lengths (so that boundaries fall everywhere, inside 3-byte
    // characters too), one cell longer than a decoded piece and one longer than a read chunk (1 MiB).
    // Compared with the text written, not with exceljs: exceljs itself garbles a character that a
    // chunk boundary splits.
    const xml: string[] = [];
    const expected: [number, Cell[]][] = [];
    for (let r = 1; r <= 4000; r++) {
      const memo = '个人住房贷款放款'.repeat(1 + (r % 7)) + ` ${r}-1-101 A&B`;
      xml.push(`<row r="${r}"><c r="A${r}" t="str"><v>${memo.replace('&', '&amp;')}</v></c><c r="B${r}" s="3"><v>${r}.5</v></c><c r="C${r}" t="s"><v>${r % 2}</v></c></row>`);
      expected.push([r, [memo, r + 0.5, ['账号', '对方户名'][r % 2]]]);
    }
    const long = '长'.repeat(50_000);
    const longer = '超长单元格'.repeat(80_000);
    xml.push(`<row r="4001"><c r="A4001" t="str"><v>${long}</v></c></row>`, `<row r="4002"><c r="A4002" t="str"><v>${longer}</v></c><c r="B4002"><v>7</v></c></row>`, `<row r="4003"><c r="A4003" t="str"><v>末行</v></c></row>`);
    expected.push([4001, [long]], [4002, [longer, 7]], [4003, ['末行']]);
    const file = workbook(xml.join(''), ['账号', '对方户名']);
    expect(await readRows(streamXlsxFast, file)).toEqual(expected);
  });
});

describe('fast XLSX reader: `_xHHHH_` escapes in shared and inline strings', () => {
  it('reads a CCB statement as Excel shows it: a carriage return stored _x000D_ is one, a typed _x000D_ (saved _x005F_x000D_) stays text', async () => {
    // As Excel (or LibreOffice converting a .xls) saves a statement whose memos hold line breaks
    // (CR LF) and whose names carry a trailing CR from the bank's system.
    const shared = ['交易时间', '借方发生额（支取）', '贷方发生额（收入）', '余额', '币种', '对方户名', '对方账号', '记账日期', '摘要', '人民币', '张三_x000D_', '按揭放款_x000D_\n3-2-1501', '导入时带出 _x005F_x000D_ 字样'];
    const s = (k: number, ref: string) => `<c r="${ref}" t="s"><v>${k}</v></c>`;
    const is = (text: string, ref: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const sheet = [
      `<row r="1">${is('中国建设银行单位客户账户交易明细', 'A1')}</row>`,
      `<row r="2">${[0, 1, 2, 3, 4, 5, 6, 7, 8].map((k, i) => s(k, `${'ABCDEFGHI'[i]}2`)).join('')}</row>`,
      `<row r="3">${is('2026-11-03 10:00:00', 'A3')}<c r="C3"><v>1400000</v></c><c r="D3"><v>1400000</v></c>${s(9, 'E3')}${s(10, 'F3')}${is('6222020200112233445', 'G3')}${is('2026-11-03', 'H3')}${s(11, 'I3')}</row>`,
      `<row r="4">${is('2026-11-04 09:30:00', 'A4')}<c r="C4"><v>900000</v></c><c r="D4"><v>2300000</v></c>${s(9, 'E4')}${is('李四_x000d_', 'F4')}${is('6222020200112233446', 'G4')}${is('2026-11-04', 'H4')}${is('按揭放款_x000D_\n3-2-1502 _x005f_x0041_', 'I4')}</row>`,
      `<row r="5">${is('2026-11-05 09:30:00', 'A5')}<c r="C5"><v>100</v></c><c r="D5"><v>2300100</v></c>${s(9, 'E5')}${is('王五', 'F5')}${is('6222020200112233447', 'G5')}${is('2026-11-05', 'H5')}${s(12, 'I5')}</row>`,
    ].join('');
    const r = await readBankFile(workbook(sheet, shared));
    expect(r.profile).toBe('ccb-corporate');
    expect(r.rejected).toEqual([]);
    expect(r.transactions.map((t) => [t.counterpartyName, t.memo])).toEqual([
      ['张三', '按揭放款\r\n3-2-1501'],
      ['李四', '按揭放款\r\n3-2-1502 _x0041_'],
      ['王五', '导入时带出 _x000D_ 字样'],
    ]);
  });
});

describe('fast XLSX reader: a formula whose cached result is an error or TRUE/FALSE', () => {
  it('rejects the row naming what Excel shows (#N/A, #DIV/0!, TRUE), never reads NaN or a 1-yuan credit', async () => {
    // A clerk's statement with the amounts looked up by formula: Excel saves an error result as
    // t="e" with the formula, and a comparison as t="b" (1 = TRUE).
    const shared = ['交易时间', '借方发生额（支取）', '贷方发生额（收入）', '余额', '币种', '对方户名', '对方账号', '记账日期', '摘要', '人民币'];
    const head = `<row r="1"><c r="A1" t="inlineStr"><is><t>中国建设银行单位客户账户交易明细</t></is></c></row><row r="2">${shared.slice(0, 9).map((_, k) => `<c r="${'ABCDEFGHI'[k]}2" t="s"><v>${k}</v></c>`).join('')}</row>`;
    const row = (r: number, amount: string, name: string) =>
      `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>2026-11-0${r} 10:00:00</t></is></c>${amount}<c r="E${r}" t="s"><v>9</v></c>${name}<c r="H${r}" t="inlineStr"><is><t>2026-11-0${r}</t></is></c><c r="I${r}" t="inlineStr"><is><t>按揭放款</t></is></c></row>`;
    const sheet =
      head +
      row(3, `<c r="C3"><f>1400000</f><v>1400000</v></c>`, `<c r="F3" t="inlineStr"><is><t>张三</t></is></c>`) +
      row(4, `<c r="C4" t="e"><f>VLOOKUP("3-2-1502",X:Y,2,FALSE)</f><v>#N/A</v></c>`, `<c r="F4" t="inlineStr"><is><t>李四</t></is></c>`) +
      row(5, `<c r="C5" t="e"><f>C3/0</f><v>#DIV/0!</v></c>`, `<c r="F5" t="inlineStr"><is><t>王五</t></is></c>`) +
      row(6, `<c r="C6" t="b"><f>C3&gt;0</f><v>1</v></c>`, `<c r="F6" t="inlineStr"><is><t>赵六</t></is></c>`) +
      row(7, `<c r="C7"><v>900000</v></c>`, `<c r="F7" t="e"><f>VLOOKUP("3-2-1507",X:Y,3,FALSE)</f><v>#N/A</v></c>`);
    const r = await readBankFile(workbook(sheet, shared));
    expect(r.profile).toBe('ccb-corporate');
    expect(r.transactions.map((t) => [t.source.row, t.amount.toFixed(2), t.counterpartyName])).toEqual([
      [3, '1400000.00', '张三'],
      [7, '900000.00', '#N/A'], // the name as Excel shows it, not "NaN"
    ]);
    expect(r.credits.toFixed(2)).toBe('2300000.00');
    expect(r.rejected.map((x) => [x.source.row, x.column])).toEqual([
      [4, 'C'],
      [5, 'C'],
      [6, 'C'],
    ]);
    expect(r.rejected[0].reason.zh).toContain('#N/A');
    expect(r.rejected[1].reason.zh).toContain('#DIV/0!');
    expect(r.rejected[2].reason.zh).toContain('TRUE');
  });
});
