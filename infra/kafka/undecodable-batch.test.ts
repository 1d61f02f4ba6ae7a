import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { registerCompressionCodecs } from "./codecs.ts";
import { undecodableBatchHeader } from "./undecodable-batch.ts";

// kafkajs's own record batch encoder and the decoder its fetch uses, so these batches are what the consumer meets.
const require = createRequire(import.meta.url);
const { RecordBatch } = require("kafkajs/src/protocol/recordBatch/v0/index.js");
const Record = require("kafkajs/src/protocol/recordBatch/record/v0/index.js");
const decodeRecordBatch = require("kafkajs/src/protocol/recordBatch/v0/decoder.js");
const Decoder = require("kafkajs/src/protocol/decoder.js");

interface DecodedRecord {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer>;
}

registerCompressionCodecs();

const values = Array.from({ length: 40 }, (_, i) => `{"event_id":"e-${i}","note":"${"清明 ".repeat(i)}"}`);
// Offset deltas with a gap, as log compaction leaves them.
const deltas = values.map((_, i) => (i < 20 ? i : i + 5));

async function batchBytes(compression: number): Promise<Buffer> {
  const records = values.map((value, i) => Record({ offsetDelta: deltas[i], value: Buffer.from(value), headers: { source: "gate" } }));
  const encoder = await RecordBatch({ compression, firstOffset: "1000", lastOffsetDelta: deltas.at(-1), records });
  return encoder.buffer;
}

async function decode(batch: Buffer): Promise<DecodedRecord[]> {
  return (await decodeRecordBatch(new Decoder(batch))).records;
}

describe("the guarded codecs", () => {
  it.each([
    ["gzip", 1],
    ["snappy", 2],
    ["lz4", 3],
  ])("round-trip a %s batch through kafkajs's encoder and decoder", async (_name, compression) => {
    const records = await decode(await batchBytes(compression));
    expect(records.map((r) => r.value?.toString())).toEqual(values);
    expect(records.map((r) => Number(r.offset))).toEqual(deltas.map((d) => 1000 + d));
    expect(records.every((r) => r.headers[undecodableBatchHeader] === undefined)).toBe(true);
  });

  it.each([
    ["a corrupt gzip payload", 1, undefined],
    ["a corrupt snappy payload", 2, undefined],
    ["a corrupt lz4 payload", 3, undefined],
    ["an unknown codec id", 1, 5],
  ])("turn %s into stand-ins at the batch's offsets, naming why", async (what, compression, patchedCodec) => {
    const batch = await batchBytes(compression);
    if (patchedCodec === undefined)
      for (let at = 61 + 4; at < batch.length; at += 7) batch.writeUInt8(batch.readUInt8(at) ^ 0x5a, at); // garbage after the header and the compressed payload's first bytes
    else batch.writeInt16BE(patchedCodec, 21);
    const records = await decode(batch);
    expect(records, what).toHaveLength(values.length);
    expect(records[0]!.offset).toBe("1000");
    expect(records.at(-1)!.offset).toBe(String(1000 + deltas.at(-1)!));
    for (const r of records) {
      expect(r.key).toBeNull();
      expect(r.value).toBeNull();
      expect(r.headers[undecodableBatchHeader]?.toString()).toMatch(/batch could not be decoded: /);
    }
    if (patchedCodec) expect(records[0]!.headers[undecodableBatchHeader]!.toString()).toMatch(/^codec id 5 batch could not be decoded: no decoder/);
  });

  it("leaves a decode error alone when the bytes are not a fetched batch's records", async () => {
    const registry = require("kafkajs").CompressionCodecs as Record<number, () => { decompress(b: Buffer): Promise<Buffer> }>;
    await expect(registry[2]!().decompress(Buffer.from("not snappy at all, and no batch header before it"))).rejects.toThrow();
  });
});
