import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAuxiliary } from '../../pipeline/read/journal';

/** The definition parseAuxiliary had as one split and one regular expression per part: the hand-written parser must agree with it. */
function reference(text: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const part of text.split(/[;；|\n]+/)) {
    const m = /^\s*([^:：]+?)\s*[:：]\s*(.*?)\s*$/.exec(part);
    if (m && m[2]) out[m[1]] = m[2];
  }
  return out;
}

const pieces = ['客户', '房号', '张三', '3-2-1501', ':', '：', ';', '；', '|', '\n', '\r', ' ', '\u3000', '\t', '\u2028', 'a', '1', ''];

describe('辅助核算 parsing', () => {
  it('reads buyer and unit pairs, trimmed, a later key winning, empty values left out', () => {
    expect(parseAuxiliary('客户:张三;房号:3-2-1501')).toEqual({ 客户: '张三', 房号: '3-2-1501' });
    expect(parseAuxiliary(' 客户 ： 李四 ｜房号:|房号：5-1-802\n客户:')).toEqual(reference(' 客户 ： 李四 ｜房号:|房号：5-1-802\n客户:'));
    expect(parseAuxiliary('收3栋2单元1501按揭款')).toEqual({});
    expect(parseAuxiliary(null)).toEqual({});
  });

  it('gives exactly what the regular-expression definition gave, for any text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 14 }), (parts) => {
        const text = parts.join('');
        expect(parseAuxiliary(text)).toEqual(reference(text));
      }),
      { numRuns: 3000 },
    );
    fc.assert(fc.property(fc.string(), (text) => void expect(parseAuxiliary(text)).toEqual(reference(text))));
  });
});
