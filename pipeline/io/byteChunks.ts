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

  bytes(b: Uint8Array): void {
    if (this.pos + b.length > this.buf.length) this.next(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  text(s: string): void {
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
    if (this.pos + s.length * 3 > this.buf.length) this.next(s.length * 3);
    this.pos += this.buf.write(s, this.pos);
  }

  /** A row number, as JSON.stringify writes it. */
  int(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) return this.text(JSON.stringify(n));
    const digits = decimalDigits(n);
    if (this.pos + digits > this.buf.length) this.next(digits);
    for (let at = this.pos + digits - 1, m = n; at >= this.pos; at--, m = Math.floor(m / 10)) this.buf[at] = 48 + (m % 10);
    this.pos += digits;
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

function decimalDigits(n: number): number {
  let digits = 1;
  for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
  return digits;
}
