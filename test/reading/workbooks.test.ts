import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { readBankFile } from '../../pipeline/read';
import { convertWithLibreOffice } from '../../pipeline/read/sources';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-wb-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HEADER = ['交易日期', '交易时间', '交易金额', '账户余额', '交易类型', '对方户名', '对方账号', '摘要', '流水号'];

async function workbook(name: string, build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

describe('workbooks', () => {
  it('hidden sheets are not read unless asked; hidden rows are read', async () => {
    const file = await workbook('hidden.xlsx', (wb) => {
      const h = wb.addWorksheet('旧数据', { state: 'hidden' });
      h.addRow(HEADER);
      h.addRow(['2026-10-01', '09:00:00', 999, 999, '转账', '', '', '旧', 'OLD']);
      const v = wb.addWorksheet('流水');
      v.addRow(HEADER);
      v.addRow(['2026-11-03', '10:00:00', 100, 100, '转账', '张三', '6222000011112222', '按揭', 'A1']);
      const hiddenRow = v.addRow(['2026-11-04', '10:00:00', -1, 99, '收费', '', '', '手续费', 'A2']);
      hiddenRow.hidden = true;
    });
    const r = await readBankFile(file);
    expect(r.sheet).toBe('流水');
    expect(r.transactions.map((t) => t.reference)).toEqual(['A1', 'A2']);
    expect(r.warnings.some((w) => w.en.includes('Hidden sheets not read: 旧数据'))).toBe(true);
    const h = await readBankFile(file, { sheet: '旧数据' });
    expect(h.transactions.map((t) => t.reference)).toEqual(['OLD']);
  });

  it('the 1904 date system is honoured for date cells', async () => {
    const file = await workbook('1904.xlsx', (wb) => {
      wb.properties.date1904 = true;
      const ws = wb.addWorksheet('流水');
      ws.addRow(HEADER);
      // 44867 days after 1904-01-01 is 2026-11-03 (in the 1900 system it would be 2022-11-02)
      const row = ws.addRow([44867, '10:00:00', 100, 100, '转账', '', '', '', 'B1']);
      row.getCell(1).numFmt = 'yyyy-mm-dd';
      ws.addRow([44868, '10:00:00', 100, 100, '转账', '', '', '', 'B2']);
    });
    const r = await readBankFile(file);
    expect(r.transactions.map((t) => t.date)).toEqual(['2026-11-03', '2026-11-04']);
  });

  it('formula cells are read by their cached result; an error value is a rejected row', async () => {
    const file = await workbook('formula.xlsx', (wb) => {
      const ws = wb.addWorksheet('流水');
      ws.addRow(HEADER);
      ws.addRow(['2026-11-03', '10:00:00', { formula: '50*2', result: 100 }, 100, '转账', '', '', '', 'C1']);
      ws.addRow(['2026-11-03', '10:00:00', { error: '#VALUE!' }, 100, '转账', '', '', '', 'C2']);
    });
    const r = await readBankFile(file);
    expect(r.transactions.map((t) => t.amount.toFixed(2))).toEqual(['100.00']);
    expect(r.rejected.map((x) => [x.source.sheet, x.source.row, x.column])).toEqual([['流水', 3, 'C']]);
  });

  it('a legacy .xls without LibreOffice is a clear error that says how to convert', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(readBankFile(path.resolve(__dirname, '../../../shared/real-bank-exports/spdb_debit/example-spdb_debit-records.xls'))).rejects.toMatchObject({
        name: 'UserError',
        fix: { zh: expect.stringContaining('另存为'), en: expect.stringContaining('soffice --headless --convert-to xlsx') },
      });
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('portal exports that are HTML tables', () => {
  it('an HTML table named .xlsx (some portals do that) is read like the same table named .xls', async () => {
    const html = `<html><head><meta charset="utf-8"></head><body><table><tr>${HEADER.map((h) => `<td>${h}</td>`).join('')}</tr><tr><td>2026-11-03</td><td>10:00:00</td><td>960,000.00</td><td>1,960,000.00</td><td>转账</td><td>王五</td><td>'6217000000001234</td><td>放款</td><td>H1</td></tr></table></body></html>`;
    // Saved by a tool that writes UTF-8 with a BOM, the table still comes first.
    for (const [name, bytes] of [['portal.xls', Buffer.from(html)], ['portal.xlsx', Buffer.from(html)], ['portal-bom.xls', Buffer.concat([UTF8_BOM, Buffer.from(html)])]] as const) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      const r = await readBankFile(file);
      expect([name, r.transactions.map((t) => [t.reference, t.amount.toFixed(2)])]).toEqual([name, [['H1', '960000.00']]]);
    }
  });
});

describe('portal exports in the Excel 2003 XML format', () => {
  it('an XML Spreadsheet 2003 file (named .xls or .xlsx) is read through LibreOffice, not as text', async () => {
    const cell = (v: string | number): string => `<Cell><Data ss:Type="${typeof v === 'number' ? 'Number' : 'String'}">${v}</Data></Cell>`;
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<?mso-application progid="Excel.Sheet"?>',
      '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">',
      '<Worksheet ss:Name="明细"><Table>',
      `<Row>${HEADER.map(cell).join('')}</Row>`,
      `<Row>${['2026-11-03', '10:00:00', 960000, 1960000, '转账', '王五', '6217000000001234', '放款', 'X1'].map(cell).join('')}</Row>`,
      '</Table></Worksheet></Workbook>',
    ].join('\n');
    for (const name of ['portal2003.xls', 'portal2003.xlsx']) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, xml);
      const r = await readBankFile(file);
      expect([name, r.transactions.map((t) => [t.reference, t.amount.toFixed(2)])]).toEqual([name, [['X1', '960000.00']]]);
    }
  });
});

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A worksheet's cells as Excel's "XML Spreadsheet 2003" (Save As → XML 表格 2003) writes them. */
function spreadsheetMl(name: string, rows: (string | number | Date | null)[][]): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const cell = (v: string | number | Date | null): string =>
    v === null
      ? '<Cell/>'
      : v instanceof Date
        ? `<Cell><Data ss:Type="DateTime">${v.toISOString().slice(0, 19)}.000</Data></Cell>`
        : `<Cell><Data ss:Type="${typeof v === 'number' ? 'Number' : 'String'}">${esc(String(v))}</Data></Cell>`;
  return [
    '<?xml version="1.0" encoding="UTF-16"?>',
    '<?mso-application progid="Excel.Sheet"?>',
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40">',
    `<Worksheet ss:Name="${esc(name)}"><Table>`,
    ...rows.map((r) => `<Row>${r.map(cell).join('')}</Row>`),
    '</Table></Worksheet></Workbook>',
  ].join('\r\n');
}

describe('portal exports in the Excel 2003 XML format, saved in UTF-16', () => {
  it('a real export (CCB .xls) saved as XML Spreadsheet 2003 in UTF-16 LE or BE, with a BOM or without, or in UTF-8 with a BOM, reads like the same XML in UTF-8 and like the original', async () => {
    const original = path.join(process.env.ANJIE_REAL_EXPORTS ?? path.resolve(__dirname, '../../../shared/real-bank-exports'), 'ccb/交易明细_xxxx_2025xxxx_2025xxxx.xls');
    // The export's cells as a spreadsheet program holds them: the .xls opened (LibreOffice), every row of its sheet.
    const { xlsx, dir: tmp } = await convertWithLibreOffice(original);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    fs.rmSync(tmp, { recursive: true, force: true });
    const ws = wb.worksheets[0];
    const rows: (string | number | Date | null)[][] = [];
    for (let n = 1; n <= ws.rowCount; n++) {
      const values = ws.getRow(n).values as unknown[];
      const cells: (string | number | Date | null)[] = [];
      for (let c = 1; c < Math.max(values.length, 1); c++) {
        const v = values[c];
        const rich = (v as { richText?: { text: string }[] } | null)?.richText;
        cells.push(v === undefined || v === null ? null : typeof v === 'number' || typeof v === 'string' || v instanceof Date ? v : rich ? rich.map((x) => x.text).join('') : String(v));
      }
      rows.push(cells);
    }
    const xml = spreadsheetMl(ws.name, rows);
    const utf8 = path.join(dir, 'ccb-2003-utf8.xls');
    fs.writeFileSync(utf8, xml.replace('encoding="UTF-16"', 'encoding="UTF-8"'));
    const utf8Bom = path.join(dir, 'ccb-2003-utf8-bom.xls');
    fs.writeFileSync(utf8Bom, Buffer.concat([UTF8_BOM, Buffer.from(xml.replace('encoding="UTF-16"', 'encoding="UTF-8"'))]));
    const le = path.join(dir, 'ccb-2003-utf16le.xls');
    fs.writeFileSync(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]));
    const be = path.join(dir, 'ccb-2003-utf16be.xls');
    fs.writeFileSync(be, Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(xml, 'utf16le').swap16()]));
    // Without the BOM (a portal writing UTF-16 itself, or a file re-encoded): the same bytes after it.
    const leBare = path.join(dir, 'ccb-2003-utf16le-nobom.xls');
    fs.writeFileSync(leBare, Buffer.from(xml, 'utf16le'));
    const beBare = path.join(dir, 'ccb-2003-utf16be-nobom.xls');
    fs.writeFileSync(beBare, Buffer.from(xml, 'utf16le').swap16());
    const shown = async (file: string): Promise<unknown> => {
      const r = await readBankFile(file);
      return {
        container: r.container,
        profile: r.profile,
        headerRow: r.headerRow,
        account: r.account,
        rejected: r.rejected.length,
        credits: r.credits.toFixed(2),
        debits: r.debits.toFixed(2),
        rows: r.transactions.map((t) => [t.source.row, t.date, t.time, t.amount.toFixed(2), t.counterpartyName, t.counterpartyAccount, t.memo, t.reference, t.balance?.toFixed(2) ?? null]),
      };
    };
    const fromOriginal = (await shown(original)) as { rows: unknown[] };
    const want = { ...fromOriginal, container: 'xml' };
    expect(fromOriginal.rows).toHaveLength(6);
    expect(await shown(utf8)).toEqual(want);
    expect(await shown(utf8Bom)).toEqual(want);
    expect(await shown(le)).toEqual(want);
    expect(await shown(be)).toEqual(want);
    expect(await shown(leBare)).toEqual(want);
    expect(await shown(beBare)).toEqual(want);
  }, 300_000);
});

describe('a workbook with nothing in it', () => {
  it('says every sheet is empty and to export again, instead of listing the nearest profiles', async () => {
    const file = await workbook('blank.xlsx', (wb) => {
      wb.addWorksheet('Sheet1');
      wb.addWorksheet('Sheet2');
    });
    await expect(readBankFile(file)).rejects.toMatchObject({
      text: { zh: expect.stringContaining('没有内容'), en: expect.stringContaining('no content') },
      where: { file: 'blank.xlsx' },
      fix: { zh: expect.stringContaining('重新'), en: expect.stringContaining('again') },
    });
  });
});
