import type { Cell } from './cells';

/**
 * The text values of one sheet row (t="str" cells), decoded from UTF-8 by a JS loop while the
 * scanner looks for their end anyway, into one buffer of UTF-16 code units that becomes a single
 * string when the row ends; each cell's text is a slice of it. A native decode per cell cost
 * ~0.1–0.3 µs for the call plus V8's UTF-8 decoding (a validating pass, then the decode) — about
 * twice this loop — and most rows have six to ten texts.
 *
 * Only well-formed UTF-8 is decoded here (Unicode's table 3-7: no overlong forms, no surrogates,
 * nothing above U+10FFFF): for it the code points are unambiguous, the same as Node's decoder gives.
 * A value with anything else — a broken byte sequence, an '&' (entities), or more text than the
 * buffer holds — is left to the caller, which decodes it natively, as before.
 */

/** Marks a cell whose text is waiting in RowTexts: a Date no cell is (compared by identity only). */
export const PENDING: Cell = new Date(NaN);

const LT = 60; // <
const AMP = 38; // &

/** The code units are turned into a string as UTF-16LE bytes: only where the machine stores them so. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Texts kept per row before the rest of that row's texts are decoded natively (a row has ~10). */
const MAX_TEXTS = 4096;

export class RowTexts {
  private readonly units = new Uint16Array(1 << 15);
  private readonly unitBytes = Buffer.from(this.units.buffer);
  private used = 0; // code units kept for this row
  private count = 0;
  private readonly cols = new Int32Array(MAX_TEXTS);
  private readonly starts = new Int32Array(MAX_TEXTS);
  private readonly ends = new Int32Array(MAX_TEXTS);
  /** Whether the last scanValue decoded its value (then keep() may keep it). */
  decoded = false;
  private scannedEnd = 0;

  /**
   * Decodes the value that starts at b[from] and ends before the next '<' (or at `to`), after this
   * row's texts; returns the index of that '<', or `to` when the data ends first. b must have zero
   * bytes after `to`: a character cut there is then not well-formed, and the value incomplete.
   * `decoded` says whether the value was decoded; if not, it was only scanned.
   */
  scanValue(b: Buffer, from: number, to: number): number {
    const u = this.units;
    const room = u.length - 2; // a surrogate pair needs two
    let n = this.used;
    let ok = LITTLE_ENDIAN && this.count < MAX_TEXTS;
    let i = from;
    while (ok && i < to) {
      const x = b[i];
      if (x < 0x80) {
        if (x === LT) break;
        if (x === AMP || n >= room) ok = false;
        else {
          u[n++] = x;
          i++;
        }
      } else if (x >= 0xc2 && x <= 0xdf) {
        const y = b[i + 1];
        if ((y & 0xc0) !== 0x80 || n >= room) ok = false;
        else {
          u[n++] = ((x & 0x1f) << 6) | (y & 0x3f);
          i += 2;
        }
      } else if (x >= 0xe0 && x <= 0xef) {
        const y = b[i + 1];
        const z = b[i + 2];
        if ((y & 0xc0) !== 0x80 || (z & 0xc0) !== 0x80 || (x === 0xe0 && y < 0xa0) || (x === 0xed && y > 0x9f) || n >= room) ok = false;
        else {
          u[n++] = ((x & 0x0f) << 12) | ((y & 0x3f) << 6) | (z & 0x3f);
          i += 3;
        }
      } else if (x >= 0xf0 && x <= 0xf4) {
        const y = b[i + 1];
        const z = b[i + 2];
        const w = b[i + 3];
        if ((y & 0xc0) !== 0x80 || (z & 0xc0) !== 0x80 || (w & 0xc0) !== 0x80 || (x === 0xf0 && y < 0x90) || (x === 0xf4 && y > 0x8f) || n >= room) ok = false;
        else {
          const above = (((x & 0x07) << 18) | ((y & 0x3f) << 12) | ((z & 0x3f) << 6) | (w & 0x3f)) - 0x10000;
          u[n++] = 0xd800 + (above >> 10);
          u[n++] = 0xdc00 + (above & 0x3ff);
          i += 4;
        }
      } else ok = false;
    }
    if (!ok) while (i < to && b[i] !== LT) i++;
    this.decoded = ok;
    this.scannedEnd = n;
    return i;
  }

  /** Keeps the value the last scanValue decoded as column col's text; the caller marks the cell PENDING. */
  keep(col: number): void {
    const k = this.count++;
    this.cols[k] = col;
    this.starts[k] = this.used;
    this.ends[k] = this.scannedEnd;
    this.used = this.scannedEnd;
  }

  /**
   * Writes the row's texts into cells, then starts a new row. Backwards, and only over a PENDING
   * mark: when a column was written twice, the last write counts, as if each had been written when read.
   */
  resolve(cells: Cell[]): void {
    if (this.count === 0) return;
    const text = this.unitBytes.toString('utf16le', 0, 2 * this.used);
    for (let k = this.count - 1; k >= 0; k--) {
      const at = this.cols[k] - 1;
      if (cells[at] === PENDING) cells[at] = text.slice(this.starts[k], this.ends[k]);
    }
    this.count = 0;
    this.used = 0;
  }
}
