import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findUnitCode, normaliseUnitCode } from '../../domain/units';

/**
 * The engine reads every bank memo's unit with findUnitCode, which skips its Unicode folding for
 * plain text. A trailing zero-width space forces the folding (which removes it): both must find the same unit.
 */
const piece = fc.constantFrom('3', '03', '12', '1501', '0501', 'A', 'b', '栋', '单元', '号楼', '#', '-', ' ', '  ', '室', '张三', '放款', '转账', '12B', '2');
const memo = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));

describe('findUnitCode on plain memos (engine input)', () => {
  it('finds the same unit with and without the folding', () => {
    fc.assert(
      fc.property(memo, (text) => {
        expect(findUnitCode(text)).toBe(findUnitCode(text + '\u200B'));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the common statement memo forms', () => {
    expect(findUnitCode('个人住房贷款放款 1-1-101')).toBe('1-1-101');
    expect(findUnitCode('收03栋02单元0501张三按揭款')).toBe('3-2-501');
    expect(findUnitCode('转账 12 3-2-1501')).toBe('3-2-1501');
    expect(findUnitCode('３栋２单元１５０１')).toBe('3-2-1501');
  });
});

describe('normaliseUnitCode on codes already in key form (journal 房号)', () => {
  it('gives the same key as the full parse', () => {
    // A zero-width space forces the full parse (folding removes it) and stops the key-form shortcut.
    const part = fc.constantFrom('0', '1', '3', '03', '12', '120', '1201', '0501', '15010', '150100', 'A', '');
    const code = fc.tuple(part, part, part, fc.constantFrom('-', '--', '')).map(([b, u, r, d]) => `${b}-${u}${d}${r}`);
    fc.assert(
      fc.property(code, (text) => {
        expect(normaliseUnitCode(text)).toBe(normaliseUnitCode(text + '\u200B'));
      }),
      { numRuns: 3000 },
    );
    expect(normaliseUnitCode('3-2-1501')).toBe('3-2-1501');
    expect(normaliseUnitCode('3-02-0501')).toBe('3-2-501');
  });
});

describe('findUnitCode on memos with a code in key form', () => {
  it('gives the code in key form: the key the full parse makes of it', () => {
    const part = fc.constantFrom('0', '1', '3', '03', '12', '120', '1201', '0501', '15010', '150100', 'A', 'b');
    const around = fc.constantFrom('', ' ', '个人住房贷款放款 ', '张三', 'X', '1', '-', '室', '号', '#');
    const memoWithCode = fc.tuple(around, part, part, part, around).map(([pre, b, u, r, post]) => `${pre}${b}-${u}-${r}${post}`);
    fc.assert(
      fc.property(memoWithCode, (text) => {
        const found = findUnitCode(text);
        // A zero-width space stops normaliseUnitCode's own shortcut: the full parse of the code found.
        // (A room cut below three digits by its leading zeros, "0-0-031" → "0-0-31", no longer parses at all.)
        const reparsed = found === null ? null : normaliseUnitCode(found + '\u200B');
        if (reparsed !== null) expect(reparsed).toBe(found);
      }),
      { numRuns: 5000 },
    );
    expect(findUnitCode('个人住房贷款放款 03-02-0501')).toBe('3-2-501');
    expect(findUnitCode('个人住房贷款放款 a-2-1501室')).toBe('A-2-1501');
  });
});
