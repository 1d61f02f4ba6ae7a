import type { KafkaCodec } from "./kafka-codec.ts";

/**
 * The header of the stand-in records of a batch that could not be decoded; its value says why.
 * kafkajs decodes a whole fetch at once, and one throwing codec would fail every partition of it,
 * for good (the same bytes come back on each retry). So a decode failure instead yields, in place
 * of the batch's records, as many empty records carrying this header, at the batch's offsets:
 * the consumer sees where the batch was and why it was skipped, and its offsets move past it.
 */
export const undecodableBatchHeader = "x-tourism-undecodable-batch";

// A v2 record batch up to its records: base offset 8, length 4, leader epoch 4, magic 1, CRC 4,
// attributes 2, last offset delta 4, first and max timestamp 8 + 8, producer id 8, producer epoch 2,
// base sequence 4, record count 4. The length counts from the leader epoch on.
const headerBytes = 61;
const lengthCountsFrom = 12;

/**
 * kafkajs hands a codec only the compressed records, sliced (not copied) from the fetched batch,
 * so the batch's header lies in the same memory just before them. Read it only when it checks
 * out as the header of exactly these bytes; anything else (a producer compressing, another
 * kafkajs) gets the decode error unchanged.
 */
function batchBefore(compressed: Buffer): { lastOffsetDelta: number; count: number } | undefined {
  const start = compressed.byteOffset - headerBytes;
  if (start < 0) return undefined;
  const header = Buffer.from(compressed.buffer, start, headerBytes);
  if (header.readInt8(16) !== 2) return undefined;
  if (header.readInt32BE(8) !== headerBytes - lengthCountsFrom + compressed.length) return undefined;
  const lastOffsetDelta = header.readInt32BE(23);
  const count = header.readInt32BE(57);
  if (count < 1 || lastOffsetDelta < 0 || count > lastOffsetDelta + 1) return undefined;
  return { lastOffsetDelta, count };
}

function varint(n: number): Buffer {
  let zigzag = (n << 1) ^ (n >> 31);
  const bytes: number[] = [];
  do {
    let byte = zigzag & 0x7f;
    zigzag >>>= 7;
    if (zigzag !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (zigzag !== 0);
  return Buffer.from(bytes);
}

const bytesField = (b: Buffer) => Buffer.concat([varint(b.length), b]);

/** Records without key or value, one header naming the reason, at offset deltas 0, 1, … and the batch's last. */
export function standInRecords(count: number, lastOffsetDelta: number, reason: string): Buffer {
  const header = Buffer.concat([varint(1), bytesField(Buffer.from(undecodableBatchHeader)), bytesField(Buffer.from(reason))]);
  const records: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const offsetDelta = i === count - 1 ? lastOffsetDelta : i;
    const body = Buffer.concat([Buffer.from([0]), varint(0), varint(offsetDelta), varint(-1), varint(-1), header]);
    records.push(varint(body.length), body);
  }
  return Buffer.concat(records);
}

/** The codec (or its absence) wrapped so that a batch it cannot decode becomes stand-in records. */
export function guardedCodec(name: string, codec: KafkaCodec | undefined): KafkaCodec {
  return {
    compress: (encoder) => (codec ? codec.compress(encoder) : Promise.reject(new Error(`${name}: no codec in this process`))),
    async decompress(buffer) {
      try {
        if (!codec) throw new Error("no decoder for it in this process");
        return await codec.decompress(buffer);
      } catch (err) {
        const batch = batchBefore(buffer);
        if (!batch) throw err;
        const why = err instanceof Error ? err.message : String(err);
        return standInRecords(batch.count, batch.lastOffsetDelta, `${name} batch could not be decoded: ${why}`.slice(0, 500));
      }
    },
  };
}
