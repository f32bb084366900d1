import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hasRefToken } from '../../domain/reconcile/pairing';
import { KeywordScan } from '../../domain/reconcile/setAside';

/** The not-mortgage keywords are found by a first-character table; it must answer as the regular expression did. */
describe('KeywordScan', () => {
  const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const char = fc.constantFrom('结', '息', '利', '手', '续', '费', '工', '资', '代', '发', '贷', '款', 'a', 'A', '.', '*', '(', ' ', '\uD83D', '\uDE00', '1');
  const word = fc.array(char, { minLength: 0, maxLength: 4 }).map((c) => c.join(''));
  const text = fc.array(char, { maxLength: 30 }).map((c) => c.join(''));

  it('finds a word in a text exactly when an alternation of the words does', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), text, (words, t) => {
        const kept = words.filter(Boolean);
        fc.pre(kept.length > 0);
        const re = new RegExp(kept.map(escape).join('|'));
        expect(new KeywordScan(kept).test(t)).toBe(re.test(t));
      }),
      { numRuns: 5000 },
    );
  });

  it('finds the real keywords inside memos', () => {
    const scan = new KeywordScan(['结息', '手续费', '工资', '代发']);
    expect(scan.test('个人住房贷款放款 1-1-101')).toBe(false);
    expect(scan.test('2026年11月结息')).toBe(true);
    expect(scan.test('代发工资')).toBe(true);
    expect(scan.test('手续')).toBe(false);
  });
});

describe('hasRefToken', () => {
  it('answers as the reference-token expression does', () => {
    const char = fc.constantFrom('a', 'Z', '0', '9', '@', '[', '`', '{', '/', ':', ' ', '号', 'Ａ', '\u00c1', '-');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 20 }).map((c) => c.join('')), (s) => {
        expect(hasRefToken(s)).toBe(/[0-9A-Za-z]{6,}/.test(s));
      }),
      { numRuns: 5000 },
    );
  });
});
