import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteChunks } from '../../pipeline/io/byteChunks';
import { startsLikeFormula } from '../../pipeline/io/safeCell';
import { S, XSheet, xmlText, type StyleId, type XCell } from '../../pipeline/reconcile/xlsx';

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

// Characters XML escapes or forbids, surrogates (paired and lone), Chinese, spaces at the edges.
const tricky = fc.constantFrom('&', '<', '>', '"', "'", '\u0000', '\u0001', '\t', '\n', '\r', '\u000b', '\ufffe', '\uffff', '\ufffd', '😀', '\ud800', '\udc00', '张', '¥', 'é', ' ', '=', '+', '-', '@', 'a', '1');
const text = fc.string({ unit: fc.oneof(tricky, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 90 });
const fen = fc.integer({ min: -1e12, max: 1e12 }).map((n) => n / 100);
const number = fc.oneof(fen, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 0.1 + 0.2, 1e21, 5e-7, 2 ** 53 + 2));

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
        expect(bytes().equals(Buffer.from(texts.join(''), 'utf8'))).toBe(true);
      }),
    );
  });

  // What a row was before it was encoded piece by piece: one string per row, encoded by Buffer.
  function referenceRow(r: number, cells: readonly XCell[], styles: readonly StyleId[]): string {
    const letter = (i: number) => String.fromCharCode(65 + i);
    let x = `<row r="${r}">`;
    cells.forEach((v, i) => {
      if (v === null || v === undefined || v === '') return;
      let st = styles[i];
      const sa = (s: number) => (s ? ` s="${s}"` : '');
      if (typeof v === 'string') {
        if (st === S.text && startsLikeFormula(v)) st = S.literal;
        const t = xmlText(v);
        x += `<c r="${letter(i)}${r}"${sa(st)} t="inlineStr"><is><t${t !== t.trim() ? ' xml:space="preserve"' : ''}>${t}</t></is></c>`;
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
        const ws = new XSheet({ name: 'x', cols: styles.map((style) => ({ width: 10, style })) }, sink, { name: 'x', state: 'visible', filterRef: null, printRows: 0 });
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
});
