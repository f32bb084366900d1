import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detached, TextInterner } from '../../pipeline/read/cells';

/**
 * Pooling only saves memory: whatever a column's texts look like (repeating, unique, long enough to
 * be cut from a bigger text, a pool that fills up, a pool that gives up on a unique column and one
 * that keeps going), every text comes back as the same text.
 */
describe('TextInterner', () => {
  it('gives back every text unchanged, for any column of texts', () => {
    const text = fc.oneof(fc.constantFrom('2026-11-01', '个人住房贷款放款 3-2-1501', '', '银行存款-工行监管户'), fc.string({ maxLength: 30 }));
    fc.assert(
      fc.property(fc.array(fc.option(text, { nil: null }), { maxLength: 300 }), fc.integer({ min: 1, max: 50 }), (texts, max) => {
        const pool = new TextInterner(max);
        expect(texts.map((t) => pool.intern(t))).toEqual(texts);
      }),
    );
  });

  it('gives back every text unchanged across a long column that turns from unique to repeating', () => {
    const pool = new TextInterner(Infinity);
    // Texts cut from one big text (as cells are cut from a decoded chunk), then short repeated ones.
    const pieces = Array.from({ length: 20_000 }, (_, i) => `记-${String(i).padStart(7, '0')}|个人住房贷款放款 ${i}-1-101;`);
    const big = pieces.join('');
    const column: string[] = [];
    let at = 0;
    for (const p of pieces) {
      column.push(big.slice(at, at + p.length - 1));
      at += p.length;
    }
    for (let i = 0; i < 20_000; i++) column.push(['2026-11-01', '2026-11-02', 'CNY'][i % 3]);
    expect(column.map((t) => pool.intern(t))).toEqual(column);
  });

  it('detached gives the same text, whatever its characters', () => {
    const s = 'a'.repeat(40) + '个人住房贷款放款 3-2-1501';
    expect(detached(s.slice(40))).toBe('个人住房贷款放款 3-2-1501');
    expect(detached('短')).toBe('短');
    // Latin-1 only, emoji (surrogate pairs), lone surrogates, NUL and U+FFFF survive the copy.
    expect(detached('REFERENCE-NO-0001-é')).toBe('REFERENCE-NO-0001-é');
    for (const t of ['😀 个人住房贷款放款 1-1-101', 'lone \ud800 high and \udc00 low', 'nul \u0000 and \uffff end']) expect(detached(t)).toBe(t);
    fc.assert(fc.property(fc.string({ unit: 'binary', minLength: 13, maxLength: 60 }), (t) => detached(t) === t));
  });
});
