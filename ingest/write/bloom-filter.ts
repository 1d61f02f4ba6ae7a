/** Bits of a block: one 64-byte cache line, so a lookup touches memory once. */
const blockBits = 512;

/**
 * A blocked Bloom filter over UTF-8 byte strings: `mayHold` is false only for a string never
 * added (no false negatives), and true for a string not added with about `falsePositiveRate`
 * chance while at most `capacity` strings were added. All bits of one string lie in one block.
 */
export class BloomFilter {
  readonly capacity: number;
  private readonly words: Uint32Array;
  private readonly blocks: number;
  private readonly hashes: number;
  private readonly scratch = { block: 0, first: 0, step: 0 };
  private encoded = Buffer.alloc(256);

  constructor(capacity: number, falsePositiveRate = 0.01) {
    this.capacity = Math.max(1, Math.ceil(capacity));
    const bits = Math.ceil((-this.capacity * Math.log(falsePositiveRate)) / Math.LN2 ** 2);
    this.blocks = Math.ceil(bits / blockBits);
    this.words = new Uint32Array((this.blocks * blockBits) / 32);
    this.hashes = Math.max(1, Math.round(((this.blocks * blockBits) / this.capacity) * Math.LN2));
  }

  /** Bytes the filter holds. */
  get byteLength(): number {
    return this.words.byteLength;
  }

  addBytes(bytes: Uint8Array, start: number, end: number): void {
    this.hash(bytes, start, end);
    const { block, first, step } = this.scratch;
    const base = block * (blockBits / 32);
    for (let i = 0; i < this.hashes; i++) {
      const bit = (first + Math.imul(i, step)) & (blockBits - 1);
      this.words[base + (bit >>> 5)]! |= 1 << (bit & 31);
    }
  }

  mayHoldBytes(bytes: Uint8Array, start: number, end: number): boolean {
    this.hash(bytes, start, end);
    const { block, first, step } = this.scratch;
    const base = block * (blockBits / 32);
    for (let i = 0; i < this.hashes; i++) {
      const bit = (first + Math.imul(i, step)) & (blockBits - 1);
      if ((this.words[base + (bit >>> 5)]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  add(value: string): void {
    const length = this.encode(value);
    this.addBytes(this.encoded, 0, length);
  }

  /** A string with a lone surrogate has no UTF-8 form to match the stored bytes against: it always may be held. */
  mayHold(value: string): boolean {
    if (!value.isWellFormed()) return true;
    const length = this.encode(value);
    return this.mayHoldBytes(this.encoded, 0, length);
  }

  private encode(value: string): number {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (value.length * 3 > this.encoded.length) this.encoded = Buffer.alloc(value.length * 3);
    return this.encoded.write(value, 0, "utf8");
  }

  /**
   * Two 32-bit hashes in one pass (FNV-1a with two multipliers, then murmur3's finaliser): one
   * picks the block, the other the first bit and an odd step, so the probes are distinct bits.
   */
  private hash(bytes: Uint8Array, start: number, end: number): void {
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
    for (let i = start; i < end; i++) {
      const byte = bytes[i]!;
      h1 = Math.imul(h1 ^ byte, 0x01000193);
      h2 = Math.imul(h2 ^ byte, 0x5bd1e995);
    }
    h2 = finalise(h2 ^ (end - start));
    this.scratch.block = finalise(h1) % this.blocks;
    this.scratch.first = h2 & 0xffff;
    this.scratch.step = (h2 >>> 16) | 1;
  }
}

function finalise(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
