import { promisify } from "node:util";
import { gzip, unzip } from "node:zlib";
import { decompress as zstdDecompress } from "fzstd";
import kafkajs, { CompressionTypes } from "kafkajs";
import { compressFrame, decompressFrame } from "lz4-napi";
import { compress as snappyCompress, uncompress as snappyUncompress } from "snappy";
import type { KafkaCodec } from "./kafka-codec.ts";
import { guardedCodec } from "./undecodable-batch.ts";

// Kafka's Java client frames snappy the way snappy-java's SnappyOutputStream does ("xerial"):
// a 16-byte header, then blocks each preceded by its compressed length.
const xerialMagic = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const xerialHeader = Buffer.concat([xerialMagic, Buffer.from([0, 0, 0, 1, 0, 0, 0, 1])]);
const xerialBlock = 32 * 1024;

async function snappyBlock(block: Buffer): Promise<Buffer> {
  return Buffer.from(await snappyUncompress(block));
}

const snappy: KafkaCodec = {
  async compress({ buffer }) {
    const parts: Buffer[] = [xerialHeader];
    for (let at = 0; at < buffer.length; at += xerialBlock) {
      const block = await snappyCompress(buffer.subarray(at, at + xerialBlock));
      const length = Buffer.alloc(4);
      length.writeInt32BE(block.length);
      parts.push(length, block);
    }
    return Buffer.concat(parts);
  },
  async decompress(buffer) {
    // Unframed snappy, as some non-Java clients send it.
    if (buffer.length < xerialHeader.length || !buffer.subarray(0, xerialMagic.length).equals(xerialMagic)) return snappyBlock(buffer);
    const blocks: Buffer[] = [];
    let at = xerialHeader.length;
    while (at < buffer.length) {
      if (at + 4 > buffer.length) throw new Error("snappy: cut xerial block length");
      const length = buffer.readInt32BE(at);
      if (length < 0 || at + 4 + length > buffer.length) throw new Error("snappy: xerial block runs past the batch");
      blocks.push(await snappyBlock(buffer.subarray(at + 4, at + 4 + length)));
      at += 4 + length;
    }
    return Buffer.concat(blocks);
  },
};

// Kafka's lz4 is the LZ4 frame format (KafkaLZ4BlockOutputStream).
const lz4: KafkaCodec = {
  compress: ({ buffer }) => compressFrame(buffer),
  decompress: (buffer) => decompressFrame(buffer),
};

// zstd is read with a pure JavaScript decoder: the Node-API zstd bindings fetch their binaries from
// outside the npm registry at install time, and this client never sends zstd itself.
const zstd: KafkaCodec = {
  compress: () => Promise.reject(new Error("zstd: this client reads zstd batches but does not write them")),
  decompress: async (buffer) => {
    const out = zstdDecompress(buffer);
    return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  },
};

const gzipAsync = promisify(gzip);
const unzipAsync = promisify(unzip);
const gzipCodec: KafkaCodec = {
  compress: ({ buffer }) => gzipAsync(buffer),
  decompress: (buffer) => unzipAsync(buffer),
};

/** The decoders of every codec Kafka has, by the codec id in a record batch's attributes. */
export const kafkaCodecs: Partial<Record<number, KafkaCodec>> = {
  [CompressionTypes.GZIP]: gzipCodec,
  [CompressionTypes.Snappy]: snappy,
  [CompressionTypes.LZ4]: lz4,
  [CompressionTypes.ZSTD]: zstd,
};

const codecNames: Record<number, string> = { 1: "gzip", 2: "snappy", 3: "lz4", 4: "zstd" };
/** The attributes' codec field has three bits: ids Kafka has not defined are undecodable, not "uncompressed". */
const codecIds = [1, 2, 3, 4, 5, 6, 7];

let registered = false;

/**
 * Registers the codecs with kafkajs, process-wide, each guarded so that a batch it cannot decode
 * becomes marked records instead of failing the whole fetch (see undecodable-batch.ts).
 * A test may register fewer codecs to make a real batch undecodable.
 */
export function registerCompressionCodecs(codecs: Partial<Record<number, KafkaCodec>> = kafkaCodecs): void {
  // Node's ES module loader does not see this export of kafkajs by name; the default export has it.
  const registry = kafkajs.CompressionCodecs as unknown as Record<number, () => KafkaCodec>;
  for (const id of codecIds) {
    const codec = guardedCodec(codecNames[id] ?? `codec id ${id}`, codecs[id]);
    registry[id] = () => codec;
  }
  registered = true;
}

/** Registers the codecs once per process, before the first client is built. */
export function ensureCompressionCodecs(): void {
  if (!registered) registerCompressionCodecs();
}
