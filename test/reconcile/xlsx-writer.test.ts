import * as path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteChunks } from '../../pipeline/io/byteChunks';
import { startsLikeFormula } from '../../pipeline/io/safeCell';
import { NEEDS_X_ESCAPE, escapeXString } from '../../pipeline/io/xString';
import { S, SharedStrings, XlsxWriter, XSheet, xmlText, type StyleId, type XCell } from '../../pipeline/reconcile/xlsx';
import { readZipEntry } from '../../pipeline/signoff/zipPeek';
import { tempDir } from './files';

/**
 * The report's sheets are encoded piece by piece into bytes (markup made once, numbers digit by
 * digit, text in a JS loop). The workbook must stay byte-identical to what building each row as a
 * string and encoding it with Buffer gave, so these compare the two on awkward values.
 */

function collect(size: number): { out: ByteChunks; bytes: () => Buffer } {
  const parts: Buffer[] = [];
  const out = new ByteChunks(size, (c, done) => {
    parts.push(Buffer.from(c));
    done();
  });
  return {
    out,
    bytes: () => {
      out.finish();
      return Buffer.concat(parts);
    },
  };
}

// Characters XML escapes or forbids, surrogates (paired and lone), Chinese, spaces at the edges, OOXML's `_xHHHH_` escapes and pieces of them.
const tricky = fc.constantFrom('_x000D_', '_x0041_', '_x005f_', '_x', '_', 'D_', '&', '<', '>', '"', "'", '\u0000', '\u0001', '\t', '\n', '\r', '\u000b', '\ufffe', '\uffff', '\ufffd', '😀', '\ud800', '\udc00', '张', '¥', 'é', ' ', '=', '+', '-', '@', 'a', '1');
const text = fc.string({ unit: fc.oneof(tricky, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 90 });
const fen = fc.integer({ min: -1e12, max: 1e12 }).map((n) => n / 100);
const number = fc.oneof(fen, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 0.1 + 0.2, 1e21, 5e-7, 2 ** 53 + 2, -84695210864257.6, 9999999999999.99, 10000000000000.01, 2 ** 46 + 0.25));

describe('the XLSX row encoder', () => {
  it('writes numbers exactly as String(n) does', () => {
    fc.assert(
      fc.property(fc.array(number, { maxLength: 20 }), (ns) => {
        const { out, bytes } = collect(64);
        for (const n of ns) {
          out.num(n);
          out.ascii(';');
        }
        expect(bytes().toString('latin1')).toBe(ns.map((n) => String(n) + ';').join(''));
      }),
      { numRuns: 500 },
    );
  });

  it('encodes text exactly as Buffer does, across chunk boundaries', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 10 }), fc.integer({ min: 8, max: 300 }), (texts, size) => {
        const { out, bytes } = collect(size);
        for (const t of texts) out.text(t);
        // Each text on its own: a lone high surrogate ending one text and a lone low one starting the
        // next are two U+FFFD, not one joined character (the writer never splits a cell's text).
        expect(bytes().equals(Buffer.concat(texts.map((t) => Buffer.from(t, 'utf8'))))).toBe(true);
      }),
    );
  });

  // What a row was before it was encoded piece by piece: one string per row, encoded by Buffer.
  // A shared column's text is the index of its first appearance in `table` (added there when new).
  function referenceRow(r: number, cells: readonly XCell[], styles: readonly StyleId[], shared: readonly boolean[] = [], table: string[] = []): string {
    const letter = (i: number) => String.fromCharCode(65 + i);
    let x = `<row r="${r}">`;
    cells.forEach((v, i) => {
      if (v === null || v === undefined || v === '') return;
      let st = styles[i];
      const sa = (s: number) => (s ? ` s="${s}"` : '');
      if (typeof v === 'string') {
        if (st === S.text && startsLikeFormula(v)) st = S.literal;
        if (shared[i]) {
          if (!table.includes(v)) table.push(v);
          x += `<c r="${letter(i)}${r}"${sa(st)} t="s"><v>${table.indexOf(v)}</v></c>`;
          return;
        }
        const t = xmlText(v);
        // A text holding `_xHHHH_` or a carriage return: one rich run with the escapes escaped, which every reader decodes.
        if (NEEDS_X_ESCAPE.test(t)) x += `<c r="${letter(i)}${r}"${sa(st)} t="inlineStr"><is><r><t xml:space="preserve">${escapeXString(t)}</t></r></is></c>`;
        else x += `<c r="${letter(i)}${r}"${sa(st)} t="inlineStr"><is><t${t !== t.trim() ? ' xml:space="preserve"' : ''}>${t}</t></is></c>`;
      } else if (typeof v === 'number') {
        if (Number.isFinite(v)) x += `<c r="${letter(i)}${r}"${sa(st)}><v>${v}</v></c>`;
      } else if (v instanceof Date) {
        x += `<c r="${letter(i)}${r}"${sa(st)}><v>${(v.getTime() - Date.UTC(1899, 11, 30)) / 86400000}</v></c>`;
      }
    });
    return x + '</row>';
  }

  it('writes rows byte for byte as the string-built rows were', async () => {
    const cell: fc.Arbitrary<XCell> = fc.oneof(text, number, fc.constantFrom(null, undefined, '', NaN, Infinity), fc.integer({ min: 40000, max: 50000 }).map((d) => new Date(Date.UTC(1899, 11, 30) + d * 86400000)));
    const styles = [S.text, S.money, S.date, S.text, S.int, S.text] as StyleId[];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 30 }), async (rows) => {
        const parts: Buffer[] = [];
        const sink = { write: async (b: Buffer, consumed?: () => void) => void (parts.push(Buffer.from(b)), consumed?.()), end: async () => {} };
        const ws = new XSheet({ name: 'x', cols: styles.map((style) => ({ width: 10, style })) }, sink, { name: 'x', state: 'visible', filterRef: null, printRows: 0, printCols: 0 });
        await ws.start();
        for (const r of rows) await ws.row(r);
        await ws.end();
        const xml = Buffer.concat(parts).toString('utf8');
        const data = xml.slice(xml.indexOf('<sheetData>') + '<sheetData>'.length, xml.indexOf('</sheetData>'));
        expect(data).toBe(rows.map((r, k) => referenceRow(k + 1, r, styles)).join(''));
      }),
      { numRuns: 200 },
    );
  });

  it('writes the texts of shared columns as indexes into the shared-strings table, and the table as inline text would have been', async () => {
    const cell: fc.Arbitrary<XCell> = fc.oneof(text, number, fc.constantFrom(null, ''));
    const styles = [S.text, S.text, S.money] as StyleId[];
    const shared = [true, false, true];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 30 }), async (rows) => {
        const parts: Buffer[] = [];
        const sink = { write: async (b: Buffer, consumed?: () => void) => void (parts.push(Buffer.from(b)), consumed?.()), end: async () => {} };
        const sst = new SharedStrings();
        const ws = new XSheet({ name: 'x', cols: styles.map((style, i) => ({ width: 10, style, shared: shared[i] })) }, sink, { name: 'x', state: 'visible', filterRef: null, printRows: 0, printCols: 0 }, sst);
        await ws.start();
        for (const r of rows) await ws.row(r);
        await ws.end();
        const xml = Buffer.concat(parts).toString('utf8');
        const data = xml.slice(xml.indexOf('<sheetData>') + '<sheetData>'.length, xml.indexOf('</sheetData>'));
        const table: string[] = [];
        expect(data).toBe(rows.map((r, k) => referenceRow(k + 1, r, styles, shared, table)).join(''));
        const items = table.map((t) => {
          const x = NEEDS_X_ESCAPE.test(xmlText(t)) ? escapeXString(xmlText(t)) : xmlText(t);
          return `<si><t${x !== x.trim() ? ' xml:space="preserve"' : ''}>${x}</t></si>`;
        });
        expect(sst.xml()).toContain(`uniqueCount="${table.length}">${items.join('')}</sst>`);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the shared-strings table in a workbook', () => {
  const repeated = ['房号与金额相同', 'a & <b> "c"', '  edge spaces  ', '=SUM(A1)', '串户、入账超过24小时', 'bank-2026-11.csv'];
  const long = '长'.repeat(1500);

  async function write(sharedCols: boolean): Promise<string> {
    const file = path.join(await tempDir(), 'sst.xlsx');
    const wb = new XlsxWriter(file);
    const ws = await wb.sheet({ name: '已匹配', cols: [{ width: 20, shared: sharedCols }, { width: 12 }, { width: 10, style: S.money }, { width: 20, shared: sharedCols }] });
    for (let i = 0; i < 300; i++) await ws.row([repeated[i % repeated.length], `客户${i}`, i + 0.5, i % 100 === 7 ? long : repeated[(i + 1) % repeated.length]]);
    await ws.end();
    await wb.close();
    return file;
  }

  it('keeps each repeated text of the shared columns once, per-row text inline, and reads back with the same values and types', async () => {
    const file = await write(true);
    const sst = (await readZipEntry(file, 'xl/sharedStrings.xml'))!;
    // The six repeated texts once each; the 1,500-character text is too long for the table.
    expect(sst.match(/<si>/g)).toHaveLength(repeated.length);
    expect(sst).toContain('uniqueCount="6"');
    expect(sst).not.toContain('长长');
    const sheet = (await readZipEntry(file, 'xl/worksheets/sheet1.xml'))!;
    expect(sheet).toContain('<c r="A2" t="s"><v>');
    expect(sheet).toContain('<c r="B2" t="inlineStr"><is><t>客户1</t></is></c>');
    // Readers find the table through the workbook's relationships and the content types.
    expect(await readZipEntry(file, 'xl/_rels/workbook.xml.rels')).toContain('Target="sharedStrings.xml"');
    expect(await readZipEntry(file, '[Content_Types].xml')).toContain('PartName="/xl/sharedStrings.xml"');

    const read = async (f: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(f);
      const rows: unknown[][] = [];
      wb.getWorksheet('已匹配')!.eachRow((row) => rows.push([1, 2, 3, 4].map((c) => [row.getCell(c).value, row.getCell(c).type, row.getCell(c).numFmt])));
      return rows;
    };
    const withTable = await read(file);
    expect(withTable).toHaveLength(300);
    expect(withTable[0]).toEqual([
      ['房号与金额相同', ExcelJS.ValueType.String, undefined],
      ['客户0', ExcelJS.ValueType.String, undefined],
      [0.5, ExcelJS.ValueType.Number, '¥#,##0.00'],
      ['a & <b> "c"', ExcelJS.ValueType.String, undefined],
    ]);
    // A text that starts like a formula stays text, in the text format.
    expect(withTable[3][0]).toEqual(['=SUM(A1)', ExcelJS.ValueType.String, '@']);
    expect(withTable[2][0]).toEqual(['  edge spaces  ', ExcelJS.ValueType.String, undefined]);
    expect(withTable[7][3]).toEqual([long, ExcelJS.ValueType.String, undefined]);
    // The same cells as the workbook written with inline strings only, which has no table.
    const inlineOnly = await write(false);
    expect(await readZipEntry(inlineOnly, 'xl/sharedStrings.xml')).toBeNull();
    expect(withTable).toEqual(await read(inlineOnly));
  });
});

describe('a wide sheet printed pages across', () => {
  it('breaks before the given columns at a fixed scale, repeats the title columns and header, and sizes rows to their wrapped text', async () => {
    const file = path.join(await tempDir(), 'print.xlsx');
    const wb = new XlsxWriter(file);
    const cols = [{ width: 7 }, { width: 16 }, { width: 20 }, { width: 20 }, { width: 40, style: S.wrap }];
    const ws = await wb.sheet({ name: "差异's", cols, freezeRows: 1, print: { breaksAfter: [2, 3], titleCols: 2, scale: 75 } });
    await ws.row(['序号', '类型', '银行', '财务', '说明'], S.header);
    const sentence = '与序时账第107行按房号相同但金额不同规则对应，一致：房号、购房人、日期；不一致：流水号、金额。'; // 45 CJK characters and 107
    await ws.row([1, '金额不符', 'a', 'b', sentence]);
    await ws.row([2, '非按揭款', 'a', 'b', '短']);
    await ws.end();
    await wb.close();
    const xml = (await readZipEntry(file, 'xl/worksheets/sheet1.xml'))!;
    // Excel ignores manual page breaks on a page fitted to a width: a scale instead, and breaks before D and E.
    expect(xml).not.toContain('fitToPage');
    expect(xml).toContain('pageOrder="overThenDown" scale="75"');
    expect(xml).toContain('<colBreaks count="2" manualBreakCount="2"><brk id="3" max="1048575" man="1"/><brk id="4" max="1048575" man="1"/></colBreaks>');
    const read = new ExcelJS.Workbook();
    await read.xlsx.readFile(file);
    const sheet = read.getWorksheet("差异's")!;
    expect(sheet.pageSetup.printTitlesColumn).toBe('A:B');
    expect(sheet.pageSetup.printTitlesRow).toBe('1:1');
    // 93 width units (2 a CJK character), ×1.1 for carried words, over 39 a line: 3 lines.
    expect(sheet.getRow(2).height).toBe(3 * 14 + 2);
    expect(sheet.getRow(3).height).toBeUndefined();
    expect(sheet.getCell('E2').value).toBe(sentence);
    expect(sheet.getCell('E2').alignment).toMatchObject({ wrapText: true });
  });
});

describe('rows written with styles of their own', () => {
  it('are sized to the text of their wrapped cells too (余额调节表 passes its styles per row)', async () => {
    const file = path.join(await tempDir(), 'styled.xlsx');
    const wb = new XlsxWriter(file);
    const ws = await wb.sheet({ name: '余额调节表', cols: [{ width: 34 }, { width: 18 }, { width: 34 }] });
    const where = '建行_监管户_2026-11.xlsx 中国建设银行 单位客户账户交易明细（XLSX）!25（2026-11-12）'; // 83 width units
    await ws.row(['银行已收企业未收', 2728000, where], [S.text, S.money, S.wrap]);
    // The same long text in a cell not wrapped: no height of its own. The header style wraps (分户调节's long
    // labels over 16-wide columns), so a header row is sized too, or its second line is cut off.
    await ws.row(['银行已收企业未收', 2728000, where], [S.text, S.money, S.text]);
    await ws.row(['项目', '调节金额', where], S.header);
    await ws.end();
    await wb.close();
    const read = new ExcelJS.Workbook();
    await read.xlsx.readFile(file);
    const sheet = read.getWorksheet('余额调节表')!;
    // 83 units ×1.1 over 33 a line: 3 lines.
    expect(sheet.getRow(1).height).toBe(3 * 14 + 2);
    expect(sheet.getRow(2).height).toBeUndefined();
    expect(sheet.getRow(3).height).toBe(3 * 14 + 2);
  });
});

describe('a row of many megabytes', () => {
  // _anjie_open's first row holds the record of every row read: at a million rows per side, some
  // twenty megabytes in one row, handed to the zip entry as many chunks before any is awaited.
  it('is written whole without Node warning on the terminal about listeners', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const file = path.join(await tempDir(), 'long-row.xlsx');
      const wb = new XlsxWriter(file);
      const ws = await wb.sheet({ name: '_anjie_open', state: 'hidden', cols: [{ width: 10 }] });
      // 200 cells of 30,000 three-byte characters: 18 MB, eighteen 1 MiB chunks in one row.
      const cells = Array.from({ length: 200 }, (_, i) => String.fromCharCode(0x4e00 + i).repeat(30000));
      await ws.row(cells);
      await ws.row(['下一行']);
      await ws.end();
      await wb.close();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(warnings).toEqual([]);
      const sheet = (await readZipEntry(file, 'xl/worksheets/sheet1.xml'))!;
      for (const i of [0, 1, 99, 199]) expect(sheet).toContain(String.fromCharCode(0x4e00 + i).repeat(30000));
      expect(sheet).toContain('<c r="A2" t="inlineStr"><is><t>下一行</t></is></c>');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
