import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import '../../pipeline/signoff/nativeHash';
import { sha256, sha256Hex, toHex, utf8Encode } from '../../domain/signoff/sha256';

// The CLI hashes through Node's crypto, the add-in in plain TypeScript: a fingerprint or seal made by
// one must verify in the other, so both must give the same digest of the same text.
describe("the CLI's sign-off hash (Node's crypto)", () => {
  it('gives the plain digest on arbitrary text, lone surrogates included', () => {
    const plain = (s: string) => toHex(sha256(utf8Encode(s)));
    for (const s of ['', '按揭', 'a\uD800b', '\uDC00', '𠮷野家\uDBFF']) expect(sha256Hex(s), JSON.stringify(s)).toBe(plain(s));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        expect(sha256Hex(s)).toBe(plain(s));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same digest for a text longer than it hashes at a time (a record\'s stored copy), a surrogate pair or a lone one on the edge', () => {
    const plain = (s: string) => toHex(sha256(utf8Encode(s)));
    const edge = 1 << 20;
    for (const tail of ['𠮷野家', '\uD800x', '\uDC00x', '\uD800']) {
      const s = 'a'.repeat(edge - 1) + tail + '按揭'.repeat(1000);
      expect(sha256Hex(s), JSON.stringify(tail)).toBe(plain(s));
    }
  });
});
