import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DelimitedParser } from '../../pipeline/read/sources';

/** Every record (fields and the line it starts on) the parser gives for the text fed in these pieces. */
function records(pieces: string[]): [string[], number][] {
  const out: [string[], number][] = [];
  const p = new DelimitedParser(44, (fields, line) => {
    out.push([fields, line]);
  });
  for (const piece of pieces) p.push(piece);
  p.end();
  return out;
}

/** Cut text at the given places (each taken modulo the length, sorted). */
function cut(text: string, at: number[]): string[] {
  const points = [...new Set(at.map((a) => (text.length ? a % (text.length + 1) : 0)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const p of points) {
    pieces.push(text.slice(from, p));
    from = p;
  }
  pieces.push(text.slice(from));
  return pieces;
}

describe('DelimitedParser: the records do not depend on where the decoded chunks end', () => {
  // Statement-like text: fields of digits, Chinese, commas, quotes, and CRLF / LF / lone CR line ends.
  const bits = fc.constantFrom('R001', '1234.56', '', '张三', '按揭款 1栋', ',', ',', ',', '"', '""', '\r\n', '\n', '\r', '\r\n', 'x');
  const text = fc.array(bits, { maxLength: 80 }).map((b) => b.join(''));
  const plainLines = fc.array(fc.array(fc.constantFrom('R001', '1234.56', '', '张三', '2026-11-01 12:13:00'), { minLength: 1, maxLength: 6 }).map((f) => f.join(',')), { maxLength: 20 });
  const statement = fc.tuple(plainLines, fc.constantFrom('\r\n', '\n')).map(([lines, eol]) => lines.map((l) => l + eol).join(''));
  const cuts = fc.array(fc.nat(), { maxLength: 8 });

  it('any text, cut anywhere, gives the records of the uncut text', () => {
    fc.assert(
      fc.property(text, cuts, (t, at) => {
        expect(records(cut(t, at))).toEqual(records([t]));
        return true;
      }),
      { numRuns: 3000 },
    );
  });

  it('quote-free statement lines, cut anywhere (a record finished by the next chunk), give the records of the uncut text', () => {
    fc.assert(
      fc.property(statement, cuts, (t, at) => {
        expect(records(cut(t, at))).toEqual(records([t]));
        return true;
      }),
      { numRuns: 3000 },
    );
  });
});
