import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha256, sha256Hex, toHex, utf8Encode } from '../../domain/signoff/sha256';

describe('pure SHA-256', () => {
  it('matches the FIPS 180-4 / NIST example vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('agrees with Node crypto at every padding boundary (0..200 bytes)', () => {
    for (let n = 0; n <= 200; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 255);
      expect(toHex(sha256(bytes)), `length ${n}`).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('agrees with Node crypto on arbitrary Unicode text (UTF-8 encoding included)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
        expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
  });

  it('encodes UTF-8 like Node, lone surrogates as U+FFFD', () => {
    for (const s of ['按揭', '€', '𠮷野家', 'a\uD800b', '\uDC00', 'é']) {
      expect(Buffer.from(utf8Encode(s)).equals(Buffer.from(s, 'utf8')), s).toBe(true);
    }
  });
});
