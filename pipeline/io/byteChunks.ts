/**
 * Text and byte pieces encoded as UTF-8 straight into large Buffers, each handed to `emit` when
 * full: the reconcile JSON and the report workbook's sheets are written this way. Copying pieces
 * into one Buffer is far cheaper than concatenating millions of small strings and encoding the
 * result (the long string has to be flattened and is walked again to encode it).
 * `emit` calls `done` once the chunk has been read (written out, or compressed); its Buffer is then
 * reused, because a fresh 1 MiB Buffer per chunk counts as external memory to V8 and made it run
 * full collections of the whole reconciliation's heap. A piece larger than a chunk gets a Buffer
 * of its own size.
 */
export class ByteChunks {
  private buf: Buffer;
  private pos = 0;
  private readonly spare: Buffer[] = [];

  constructor(
    private readonly size: number,
    private readonly emit: (chunk: Buffer, done: () => void) => void,
  ) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** The first `n` bytes of b (all of it by default). */
  bytes(b: Uint8Array, n = b.length): void {
    if (this.pos + n > this.buf.length) this.next(n);
    if (n > SHORT_COPY) {
      this.buf.set(n === b.length ? b : b.subarray(0, n), this.pos);
      this.pos += n;
      return;
    }
    // Most pieces are a few bytes of markup: a plain loop beats the call into TypedArray.set.
    const buf = this.buf;
    let at = this.pos;
    for (let k = 0; k < n; k++) buf[at++] = b[k];
    this.pos = at;
  }

  text(s: string): void {
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
    if (this.pos + s.length * 3 > this.buf.length) this.next(s.length * 3);
    if (s.length > SHORT_TEXT || !this.encodeShort(s)) this.pos += this.buf.write(s, this.pos);
  }

  /**
   * UTF-8 of a short text without surrogates, encoded in JS: most pieces (a cell, a name) are a
   * few characters, and the call into C++ that Buffer.write makes cost more than encoding them
   * here. Returns false, having written nothing, at a surrogate (pairs and lone halves are left to
   * Buffer.write, which encodes them). The caller has made room for 3 bytes per code unit.
   */
  private encodeShort(s: string): boolean {
    const buf = this.buf;
    let at = this.pos;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c < 0x80) {
        buf[at++] = c;
      } else if (c < 0x800) {
        buf[at++] = 0xc0 | (c >> 6);
        buf[at++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        buf[at++] = 0xe0 | (c >> 12);
        buf[at++] = 0x80 | ((c >> 6) & 0x3f);
        buf[at++] = 0x80 | (c & 0x3f);
      } else {
        return false;
      }
    }
    this.pos = at;
    return true;
  }

  /** A row number, as JSON.stringify writes it. */
  int(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) return this.text(JSON.stringify(n));
    const digits = decimalDigits(n);
    if (this.pos + digits > this.buf.length) this.next(digits);
    writeDigits(this.buf, this.pos, digits, n);
    this.pos += digits;
  }

  /**
   * A finite number, as String(n) writes it. Integers and numbers of whole fen (two decimals: the
   * report's amounts) are written digit by digit without making a string; anything else through
   * String(n).
   */
  num(n: number): void {
    if (Number.isSafeInteger(n)) {
      if (n < 0) this.ascii('-');
      return this.int(n < 0 ? -n : n);
    }
    // n is a whole number of fen when fen / 100 gives n back. Then n is the double nearest to that
    // two-decimal value, and String(n), the shortest text that reads back as n, is that value's
    // digits without trailing zeros (any other text of as few digits is at least a fen away) —
    // below 10^13, where doubles are under a fifth of a fen apart. Above, several two-decimal values
    // share one double (…257.59 and …257.6), so the shortest text is String(n)'s to choose.
    const fen = Math.round(n * 100);
    if (fen / 100 !== n || !(fen < 1e15 && fen > -1e15)) return this.ascii(String(n));
    const abs = fen < 0 ? -fen : fen;
    if (fen < 0) this.ascii('-');
    this.int(Math.floor(abs / 100));
    const cents = abs % 100;
    if (this.pos + 3 > this.buf.length) this.next(3);
    this.buf[this.pos++] = 46; // '.'
    this.buf[this.pos++] = 48 + Math.floor(cents / 10);
    if (cents % 10) this.buf[this.pos++] = 48 + (cents % 10);
  }

  /** Text known to be ASCII (markup, numbers), copied byte for byte. */
  ascii(s: string): void {
    if (this.pos + s.length > this.buf.length) this.next(s.length);
    const buf = this.buf;
    let at = this.pos;
    for (let k = 0; k < s.length; k++) buf[at++] = s.charCodeAt(k);
    this.pos = at;
  }

  /** Hands on what is left; nothing may be added after. */
  finish(): void {
    if (this.pos) this.emit(this.buf.subarray(0, this.pos), () => {});
    this.pos = 0;
  }

  /** Hands on the filled part and goes on in a spare Buffer (the consumer keeps the old one until read). */
  private next(need: number): void {
    if (this.pos) {
      const full = this.buf;
      this.emit(full.subarray(0, this.pos), () => {
        if (full.length === this.size) this.spare.push(full);
      });
    }
    this.buf = need > this.size ? Buffer.allocUnsafe(need) : (this.spare.pop() ?? Buffer.allocUnsafe(this.size));
    this.pos = 0;
  }
}

/** Pieces up to this many bytes are copied in a loop rather than by TypedArray.set. */
const SHORT_COPY = 32;
/** Texts up to this many code units are encoded in JS (encodeShort); longer ones by Buffer.write. */
const SHORT_TEXT = 64;

/** How many digits a non-negative integer has. */
export function decimalDigits(n: number): number {
  if (n < 1e9) return n < 10 ? 1 : n < 100 ? 2 : n < 1e3 ? 3 : n < 1e4 ? 4 : n < 1e5 ? 5 : n < 1e6 ? 6 : n < 1e7 ? 7 : n < 1e8 ? 8 : 9;
  let digits = 10;
  for (let m = Math.floor(n / 1e10); m >= 1; m = Math.floor(m / 10)) digits++;
  return digits;
}

/** The `digits` digits of the non-negative integer n into buf at `at`. */
export function writeDigits(buf: Uint8Array, at: number, digits: number, n: number): void {
  let k = at + digits - 1;
  let m = n;
  // Integer arithmetic (| 0) while n fits 31 bits, which every row number and most amounts do.
  for (; m > 0x7fffffff; k--, m = Math.floor(m / 10)) buf[k] = 48 + (m % 10);
  for (; k >= at; k--) {
    const q = (m / 10) | 0;
    buf[k] = 48 + (m - q * 10);
    m = q;
  }
}
