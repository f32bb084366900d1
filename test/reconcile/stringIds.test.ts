import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StringIds } from '../../domain/reconcile/stringIds';

describe('StringIds (the engine’s string → dense id table)', () => {
  it('gives each distinct text one id, in the order first added, and finds it again', () => {
    const ids = new StringIds();
    expect(ids.add('3-2-1501')).toBe(0);
    expect(ids.add('张三')).toBe(1);
    expect(ids.add(['3', '2', '1501'].join('-'))).toBe(0); // an equal text built separately
    expect(ids.find('张三')).toBe(1);
    expect(ids.find('李四')).toBe(-1);
    expect(ids.has('3-2-1501')).toBe(true);
    expect(ids.has('')).toBe(false);
    expect(ids.size).toBe(2);
    expect(ids.texts).toEqual(['3-2-1501', '张三']);
  });

  it('agrees with a Map for any strings, through many growths', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 400 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 50 }), (added, probes) => {
        const ids = new StringIds(1);
        const ref = new Map<string, number>();
        for (const s of added) {
          if (!ref.has(s)) ref.set(s, ref.size);
          expect(ids.add(s)).toBe(ref.get(s));
        }
        for (const s of [...added, ...probes]) expect(ids.find(s)).toBe(ref.get(s) ?? -1);
        expect(ids.size).toBe(ref.size);
      }),
    );
  });

  it('keeps a hundred thousand look-alike references apart', () => {
    const ids = new StringIds();
    for (let k = 0; k < 100_000; k++) expect(ids.add(`R${String(k).padStart(10, '0')}`)).toBe(k);
    for (let k = 0; k < 100_000; k += 997) expect(ids.find(`R${String(k).padStart(10, '0')}`)).toBe(k);
    expect(ids.find('R0000100000')).toBe(-1);
  });
});
