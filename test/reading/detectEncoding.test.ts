import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { detectEncoding } from '../../pipeline/read/sources';

/**
 * GBK text read as UTF-8 is mostly invalid; a damaged UTF-8 file has a few invalid bytes among many
 * valid characters. detectEncoding tells them apart by counting, in the sample decoded as UTF-8,
 * replacement characters (bad) against other non-ASCII characters (good): this is that rule written
 * as a plain loop, to hold the counting (done with native string operations) to it.
 */
function byTheRule(sample: Uint8Array): string {
  const t = new TextDecoder('utf-8').decode(sample, { stream: true });
  let bad = 0;
  let good = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 0xfffd) bad++;
    else if (c >= 0x80) good++;
  }
  return bad * 20 < good ? 'utf-8' : 'gb18030';
}

/** Bytes that are not valid UTF-8 from the start (no BOM, no UTF-16 zero pattern): the counting decides. */
const invalidUtf8 = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 20 }).map((s) => Buffer.from(s, 'utf8')),
      fc.constantFrom('按揭款', '张三', '合计', '中国工商银行').map((s) => Buffer.from(s, 'utf8')),
      fc.constantFrom('按揭款', '张三', '合计', '中国工商银行').map((s) => iconv.encode(s, 'gb18030')),
      fc.uint8Array({ minLength: 1, maxLength: 6 }).map((b) => Buffer.from(b)),
    ),
    { minLength: 1, maxLength: 60 },
  )
  .map((parts) => Buffer.concat([Buffer.from('日期,', 'utf8'), Buffer.from([0xc3]), Buffer.from('x'), ...parts]))
  .filter((b) => !b.includes(0));

describe('detectEncoding: UTF-8 with a few bad bytes, or GB18030', () => {
  it('counts bad and good characters as the plain rule does, for any sample', () => {
    fc.assert(
      fc.property(invalidUtf8, (b) => {
        expect(detectEncoding(b).encoding).toBe(byTheRule(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('decides as the plain rule does around its threshold (one bad character in twenty)', () => {
    const nearThreshold = fc
      .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: -2, max: 2 }), fc.boolean())
      .map(([bad, skew, asciiBetween]) => {
        const good = 20 * bad + skew - (skew > 0 ? bad : 0);
        const parts: Buffer[] = [Buffer.from('x', 'utf8')];
        for (let i = 0; i < good; i++) parts.push(Buffer.from(asciiBetween ? '张,' : '张', 'utf8'));
        for (let i = 0; i < bad; i++) parts.push(Buffer.from([0xff]));
        return Buffer.concat(parts);
      });
    fc.assert(
      fc.property(nearThreshold, (b) => {
        expect(detectEncoding(b).encoding).toBe(byTheRule(b));
      }),
    );
    // Exactly at the threshold: 20 good per bad is not enough for UTF-8, 21 is.
    expect(detectEncoding(Buffer.concat([Buffer.from('张'.repeat(20), 'utf8'), Buffer.from([0xff])])).encoding).toBe('gb18030');
    expect(detectEncoding(Buffer.concat([Buffer.from('张'.repeat(21), 'utf8'), Buffer.from([0xff])])).encoding).toBe('utf-8');
  });

  it('GB18030 text is GB18030; UTF-8 text with one damaged byte stays UTF-8', () => {
    const text = '交易日期,对方户名,摘要\n2026-11-01,张三,按揭款 3栋2单元1501\n'.repeat(20);
    expect(detectEncoding(iconv.encode(text, 'gb18030')).encoding).toBe('gb18030');
    const damaged = Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0xff]), Buffer.from(text, 'utf8')]);
    expect(detectEncoding(damaged).encoding).toBe('utf-8');
  });
});
