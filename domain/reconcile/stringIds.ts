/**
 * Dense ids (0, 1, 2, … in the order strings are added) for a set of strings: an open-addressing
 * hash table over typed arrays, for the engine's million-key look-ups (units, buyer names, 流水号).
 *
 * Why not a Map<string, number>: V8's Map chains its entries and compares a candidate by reading
 * the candidate key string, so at a million keys scattered over a gigabyte of heap one look-up costs
 * several cache misses (0.5–1 µs measured at 1M + 1M rows, most of the index phase). Here each slot
 * holds the key's 32-bit hash next to its id, so a look-up reads one slot and compares a string only
 * when the hashes agree — almost always the one that matches.
 */
export class StringIds {
  /** The strings, by id. */
  readonly texts: string[] = [];
  /** Per slot: 1 + the id there, 0 when empty. */
  private slots: Int32Array;
  /** Per slot: the hash of the string there. */
  private hashes: Int32Array;
  private mask: number;

  constructor(expected = 16) {
    let size = 16;
    while (size < expected * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
  }

  get size(): number {
    return this.texts.length;
  }

  has(text: string): boolean {
    return this.find(text) >= 0;
  }

  /** The id of `text`, or -1 when it was never added. */
  find(text: string): number {
    const h = hashOf(text);
    for (let k = h & this.mask; ; k = (k + 1) & this.mask) {
      const slot = this.slots[k];
      if (slot === 0) return -1;
      if (this.hashes[k] === h && this.texts[slot - 1] === text) return slot - 1;
    }
  }

  /** The id of `text`, added when new. */
  add(text: string): number {
    const h = hashOf(text);
    let k = h & this.mask;
    for (; ; k = (k + 1) & this.mask) {
      const slot = this.slots[k];
      if (slot === 0) break;
      if (this.hashes[k] === h && this.texts[slot - 1] === text) return slot - 1;
    }
    const id = this.texts.length;
    this.texts.push(text);
    this.slots[k] = id + 1;
    this.hashes[k] = h;
    if (this.texts.length * 2 > this.slots.length) this.grow();
    return id;
  }

  /** Twice the slots, re-placed from the stored hashes (no string is read). */
  private grow(): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    this.slots = new Int32Array(oldSlots.length * 2);
    this.hashes = new Int32Array(oldSlots.length * 2);
    this.mask = this.slots.length - 1;
    for (let j = 0; j < oldSlots.length; j++) {
      if (oldSlots[j] === 0) continue;
      let k = oldHashes[j] & this.mask;
      while (this.slots[k] !== 0) k = (k + 1) & this.mask;
      this.slots[k] = oldSlots[j];
      this.hashes[k] = oldHashes[j];
    }
  }
}

/** FNV-1a over the UTF-16 code units, with a final mix so that linear probing sees well-spread low bits. */
function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x45d9f3b);
  return h ^ (h >>> 16);
}
