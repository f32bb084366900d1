import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { plainNumberAt, SheetReader, type SheetContext } from '../../pipeline/read/xlsxSheet';
import { decodeEntities, exceljsDecode } from '../../pipeline/read/xlsxText';
import type { Cell } from '../../pipeline/read/cells';

/**
 * The byte scanner of the fast XLSX reader gets the sheet XML in chunks cut anywhere: inside a
 * tag, an attribute, an entity, a multi-byte character, between "</v>" and "</c>". Whatever the
 * cuts, a sheet must give the same rows; and a text cell must give exactly the text Node's own
 * UTF-8 decoder gives for its bytes (well-formed or not).
 */

const ctx: SheetContext = { shared: ['共享甲', null, 'shared & <2>'], dateStyles: [false, true, false], date1904: false };

function readChunks(chunks: Buffer[], context: SheetContext = ctx): [number, Cell[]][] {
  const rows: [number, Cell[]][] = [];
  const reader = new SheetReader(context, (cells, n) => rows.push([n, cells.slice()]));
  for (const c of chunks) reader.push(c);
  reader.end('xl/worksheets/sheet1.xml');
  return rows;
}

function splitAt(b: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => Math.max(0, Math.min(b.length, c))))].sort((x, y) => x - y);
  const out: Buffer[] = [];
  let from = 0;
  for (const c of [...at, b.length]) {
    out.push(Buffer.from(b.subarray(from, c))); // a copy: the reader must not depend on the caller's buffers
    from = c;
  }
  return out;
}

/** Every cell form the reader knows, in one sheet (~3 KB). */
const FORMS = Buffer.concat([
  Buffer.from(
    [
      '<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData>',
      '<row r="1" spans="1:9"><c r="A1" t="str"><v>个人住房贷款放款 1-1-101</v></c><c r="B1" s="2"><v>1399000</v></c><c r="C1" t="s"><v>0</v></c><c r="D1" t="s"><v>1</v></c><c r="E1" t="s"><v>2</v></c><c r="F1" t="str"><v>emoji 😀 𠀀 end</v></c><c r="G1" t="str"><v></v></c><c r="H1" t="str"><v>A&amp;B &lt;x&gt; &#20013;&#x6587; &amp;lt; &bogus;</v></c></row>',
      '<row r="2"><c r="A2" s="1"><v>46327.5</v></c><c r="B2"><v>-0</v></c><c r="C2"><v>1E-3</v></c><c r="D2"><v>12345678901234567890</v></c><c r="E2"><v>.5</v></c><c r="F2"><v>7.</v></c><c r="G2"><v></v></c><c r="H2" t="n"><v> 42</v></c><c r="I2"><v>-12.25</v></c></row>',
      '<row r="3" hidden="1"><c r="A3" t="b"><v>1</v></c><c r="B3" t="b"><v>0</v></c><c r="C3" t="e"><v>#N/A</v></c><c r="D3" t="inlineStr"><is><r><t>富</t></r><r><t xml:space="preserve"> 文本 </t></r><rPh><t>ふ</t></rPh></is></c><c r="E3"><f>SUM(A1:A2)</f></c><c r="F3" t="str"><f>A1</f><v>缓存 &amp; 值</v></c><c r="G3"/><c r="H3" t="d"><v>2026-11-03</v></c></row>',
      '<row><c t="str"><v>无 r 的行</v></c><c><v>5</v></c><c r="E" t="str"><v>E 列</v></c><c t="str"><v>F 列</v></c></row>',
      "<row r='6' ><c  r = 'b6'  t = 'str' ><v>小写引用</v></c><c\tr=\"C6\"\ns=\"1\"\tt=\"n\"><v>46328</v></c><c s=\"1\" r=\"D6\"><v>46329</v></c><c r=\"E6\" t=\"str\" s=\"3\"/><c r=\"F6\" s=\"x\"><v>3</v></c><c r=\"G6\" t=\"s\" t=\"str\"><v>2</v></c></row>",
      '<row r="7"><c r="A7" t="str"><v>甲</v></c><c r="A7" s="2"><v>1</v></c><c r="B7" t="str"><v>乙</v></c><c r="B7" t="str"><v>丙</v></c><c r="C7"><v>2</v></c><c r="C7" t="str"><v>丁</v></c></row>',
      '<row r="8"/><row r="9" spans="1:2"><c r="A9" t="str"><v>第九行</v></c><c r="B9" s="1" s="0"><v>46330</v></c><c r="12" t="str"><v>无列</v></c><c t="str"><v>无 r 跟在后</v></c></row><row r="10"><c r="AB10" t="str"><v>远列</v></c></row>',
      '<row r="11"><c r="A11" t="str"><v>坏字节:',
    ].join(''),
  ),
  // Bytes that are not well-formed UTF-8: a cut 3-byte character, a lone continuation byte, an overlong '/', a surrogate, F5.
  Buffer.from([0xe4, 0xb8, 0x20, 0x80, 0x20, 0xc0, 0xaf, 0x20, 0xed, 0xa0, 0x80, 0x20, 0xf5, 0x80, 0x20, 0xe4, 0xb8]),
  Buffer.from('</v></c><c r="B11" t="str"><v>之后</v></c></row><row r="12"><c r="A12" t="str"><v>末行</v></c></row></sheetData></worksheet>'),
]);

describe('fast XLSX reader: the sheet scanner on bytes', () => {
  const whole = readChunks([FORMS]);

  it('reads every form as the string rules read it', () => {
    const byRow = new Map(whole.map(([n, cells]) => [n, cells]));
    expect(byRow.get(1)).toEqual(['个人住房贷款放款 1-1-101', 1399000, '共享甲', null, 'shared & <2>', 'emoji 😀 𠀀 end', '', 'A&B <x> 中文 < &bogus;']);
    expect(byRow.get(2)).toEqual([new Date(Date.UTC(2026, 10, 1, 12)), -0, 0.001, parseFloat('12345678901234567890'), 0.5, 7, NaN, 42, -12.25]);
    expect(byRow.get(3)).toEqual(['TRUE', 'FALSE', '#N/A', '富 文本 ', '=SUM(A1:A2)', '缓存 & 值', null, 2026]);
    expect(byRow.get(4)).toEqual(['无 r 的行', 5, null, null, 'E 列', 'F 列']);
    expect(byRow.get(6)).toEqual([null, '小写引用', new Date(Date.UTC(2026, 10, 2)), new Date(Date.UTC(2026, 10, 3)), null, 3, 'shared & <2>']);
    expect(byRow.get(7)).toEqual([1, '丙', '丁']);
    expect(byRow.get(8)).toEqual([]);
    expect(byRow.get(9)).toEqual(['无 r 跟在后', new Date(Date.UTC(2026, 10, 4))]);
    expect(byRow.get(10)?.[27]).toBe('远列');
    expect(byRow.get(11)).toEqual([Buffer.from(FORMS.subarray(FORMS.indexOf('坏字节:'), FORMS.indexOf('</v></c><c r="B11"'))).toString('utf8'), '之后']);
    expect(whole.map(([n]) => n)).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('gives the same rows whichever byte the XML is cut at', () => {
    for (let cut = 1; cut < FORMS.length; cut++) expect(readChunks(splitAt(FORMS, [cut])), `cut at ${cut}`).toEqual(whole);
  });

  it('gives the same rows for any number of cuts anywhere', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: FORMS.length }), { maxLength: 40 }), (cuts) => {
        expect(readChunks(splitAt(FORMS, cuts))).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('reads texts longer than the row buffer and rows with thousands of texts, cut anywhere', () => {
    const long = '长文本'.repeat(20_000); // 60,000 characters: more than a row's code-unit buffer holds
    const many = Array.from({ length: 5000 }, (_, k) => `<c t="str"><v>第${k}格</v></c>`).join('');
    const xml = Buffer.from(`<sheetData><row r="1"><c r="A1" t="str"><v>前</v></c><c r="B1" t="str"><v>${long}</v></c><c r="C1" t="str"><v>后</v></c></row><row r="2">${many}</row><row r="3"><c r="A3" t="str"><v>${long}${long}</v></c><c r="B3" t="str"><v>尾</v></c></row></sheetData>`);
    const expected: [number, Cell[]][] = [
      [1, ['前', long, '后']],
      [2, Array.from({ length: 5000 }, (_, k) => `第${k}格`)],
      [3, [long + long, '尾']],
    ];
    expect(readChunks([xml])).toEqual(expected);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: xml.length }), { maxLength: 20 }), (cuts) => {
        expect(readChunks(splitAt(xml, cuts))).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('reads a text spread over a hundred chunks, some with a ">" in it', () => {
    // The chunks without '>' are only added to the element (SheetReader's LONG_ELEMENT); those with one scan it again.
    const text = Buffer.alloc(24 << 20, '长');
    for (let at = 5; at < text.length; at += 3 << 20) text[at - (at % 3)] = 0x3e; // '>' in place of a character now and then
    const chunks = [Buffer.from('<row r="1"><c r="A1" t="str"><v>')];
    for (let at = 0; at < text.length; at += 1 << 18) chunks.push(text.subarray(at, at + (1 << 18)));
    chunks.push(Buffer.from('</v></c><c r="B1"><v>2</v></c></row>'));
    expect(readChunks(chunks)).toEqual([[1, [text.toString('utf8'), 2]]]);
  });

  it('decodes any bytes of a text cell exactly as Node decodes them', () => {
    // Arbitrary bytes (no '<', which would end the value): well-formed UTF-8 or not, with '&' or not;
    // and bytes drawn from the edges of UTF-8's ranges (lead bytes, continuation bytes, the limits
    // of overlong forms, surrogates and U+10FFFF), so that every near-miss sequence comes up.
    const edges = [0x26, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff];
    const valueBytes = fc.oneof(
      fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a.filter((x) => x !== 0x3c))),
      fc.array(fc.constantFrom(...edges), { maxLength: 24 }).map((a) => Buffer.from(a)),
      fc.string({ unit: 'binary', maxLength: 30 }).map((s) => Buffer.from(s.replaceAll('<', ''), 'utf8')),
    );
    fc.assert(
      fc.property(fc.array(valueBytes, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 4 }), (values, cuts) => {
        const parts = [Buffer.from('<row r="1">')];
        values.forEach((v, k) => parts.push(Buffer.from(`<c r="${String.fromCharCode(65 + k)}1" t="str"><v>`), v, Buffer.from('</v></c>')));
        parts.push(Buffer.from('</row>'));
        const xml = Buffer.concat(parts);
        const rows = readChunks(splitAt(xml, cuts.map((c) => c % (xml.length + 1))));
        expect(rows).toEqual([[1, values.map((v) => exceljsDecode(decodeEntities(v.toString('utf8'))))]]);
      }),
      { numRuns: 1500 },
    );
  });

  it('decodes every short byte sequence from the edges of UTF-8 exactly as Node decodes it', () => {
    // Every sequence of one to three of these bytes, and of four starting with a 4-byte lead: the
    // near misses (overlong forms, surrogates, past U+10FFFF, cut characters) that random bytes rarely hit.
    const edges = [0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff];
    const values: Buffer[] = [];
    const grow = (prefix: number[], depth: number): void => {
      if (prefix.length) values.push(Buffer.from(prefix));
      if (prefix.length < depth) for (const x of edges) grow([...prefix, x], depth);
    };
    grow([], 3);
    for (const lead of [0xf0, 0xf1, 0xf4]) for (const a of edges) for (const b of edges) for (const c of edges) values.push(Buffer.from([lead, a, b, c]));
    const parts: Buffer[] = [];
    const perRow = 500;
    values.forEach((v, k) => {
      if (k % perRow === 0) parts.push(Buffer.from(`${k ? '</row>' : ''}<row r="${k / perRow + 1}">`));
      parts.push(Buffer.from(`<c t="str"><v>`), v, Buffer.from('</v></c>'));
    });
    parts.push(Buffer.from('</row>'));
    const cells = readChunks([Buffer.concat(parts)]).flatMap(([, row]) => row);
    expect(cells.length).toBe(values.length);
    values.forEach((v, k) => {
      if (cells[k] !== v.toString('utf8')) expect(cells[k], v.toString('hex')).toBe(v.toString('utf8'));
    });
  });

  it('never reads what an earlier chunk left in its buffer past the data', () => {
    // The second chunk ends where the first had "</v></c>": the cell must wait for the third chunk
    // (a second <v>, the one that counts), not end with the first chunk's bytes.
    const first = Buffer.from('<row r="1"><c r="A1" t="str"><v>ab</v></c>');
    const second = Buffer.from('<row r="2"><c r="A2" t="s"><v>0000<');
    expect(first.length - second.length).toBe(7);
    expect(readChunks([first, second, Buffer.from('/v><v>2</v></c></row>')])).toEqual([
      [1, ['ab']],
      [2, ['shared & <2>']],
    ]);
  });

  it('refuses a sheet that ends inside a row', () => {
    expect(() => readChunks([Buffer.from('<sheetData><row r="1"><c r="A1" t="str"><v>未完')])).toThrow(/ends inside an element/);
  });
});

describe('plainNumberAt', () => {
  it('reads a plain decimal exactly as parseFloat does, and leaves anything else to it', () => {
    const plain = fc
      .tuple(fc.boolean(), fc.stringMatching(/^\d{0,15}$/), fc.option(fc.stringMatching(/^\d{0,15}$/)))
      .map(([neg, int, frac]) => `${neg ? '-' : ''}${int}${frac === null ? '' : '.' + frac}`);
    fc.assert(
      fc.property(fc.oneof(plain, fc.string({ maxLength: 20 }), fc.double().map(String)), (s) => {
        const b = Buffer.from(s, 'latin1');
        const n = plainNumberAt(b, 0, b.length);
        if (!Number.isNaN(n)) expect(Object.is(n, parseFloat(s)), s).toBe(true);
        const digits = s.replace(/[^0-9]/g, '').length;
        if (/^-?\d*\.?\d*$/.test(s) && digits >= 1 && digits <= 15) expect(Number.isNaN(n), s).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });
});
