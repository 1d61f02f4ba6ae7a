/**
 * A Bloom filter over UTF-8 byte strings: `mayHold` is false only for a string never added (no
 * false negatives), and true for a string not added with about `falsePositiveRate` chance while at
 * most `capacity` strings were added.
 */
export class BloomFilter {
  readonly capacity: number;
  private readonly bits: Uint32Array;
  private readonly size: number;
  private readonly hashes: number;
  private readonly scratch = { h1: 0, h2: 0 };
  private encoded = Buffer.alloc(256);

  constructor(capacity: number, falsePositiveRate = 0.01) {
    this.capacity = Math.max(1, Math.ceil(capacity));
    const bits = Math.ceil((-this.capacity * Math.log(falsePositiveRate)) / Math.LN2 ** 2);
    this.bits = new Uint32Array(Math.ceil(bits / 32));
    this.size = this.bits.length * 32;
    this.hashes = Math.max(1, Math.round((this.size / this.capacity) * Math.LN2));
  }

  /** Bytes the filter holds. */
  get byteLength(): number {
    return this.bits.byteLength;
  }

  addBytes(bytes: Uint8Array, start: number, end: number): void {
    this.hash(bytes, start, end);
    const { h1, h2 } = this.scratch;
    for (let i = 0; i < this.hashes; i++) {
      const bit = ((h1 + Math.imul(i, h2)) >>> 0) % this.size;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  mayHoldBytes(bytes: Uint8Array, start: number, end: number): boolean {
    this.hash(bytes, start, end);
    const { h1, h2 } = this.scratch;
    for (let i = 0; i < this.hashes; i++) {
      const bit = ((h1 + Math.imul(i, h2)) >>> 0) % this.size;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  add(value: string): void {
    const length = this.encode(value);
    this.addBytes(this.encoded, 0, length);
  }

  /** A string with a lone surrogate has no UTF-8 form to match the stored bytes against: it always may be held. */
  mayHold(value: string): boolean {
    if (loneSurrogate.test(value)) return true;
    const length = this.encode(value);
    return this.mayHoldBytes(this.encoded, 0, length);
  }

  private encode(value: string): number {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (value.length * 3 > this.encoded.length) this.encoded = Buffer.alloc(value.length * 3);
    return this.encoded.write(value, 0, "utf8");
  }

  /** Two 32-bit hashes in one pass (FNV-1a with two multipliers, then murmur3's finaliser), for double hashing. */
  private hash(bytes: Uint8Array, start: number, end: number): void {
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
    for (let i = start; i < end; i++) {
      const byte = bytes[i]!;
      h1 = Math.imul(h1 ^ byte, 0x01000193);
      h2 = Math.imul(h2 ^ byte, 0x5bd1e995);
    }
    this.scratch.h1 = finalise(h1);
    // Never zero, so that the k probes are k different bits.
    this.scratch.h2 = finalise(h2 ^ (end - start)) | 1;
  }
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function finalise(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
