import type { KafkaMessage } from "kafkajs";
import { describe, expect, it } from "vitest";
import { undecodableBatchHeader } from "../../infra/kafka/undecodable-batch.ts";
import { skippedBatchNotice, skippedRanges } from "./skipped-batches.ts";

const record = (offset: number, value: string | null, headers: KafkaMessage["headers"] = {}): KafkaMessage =>
  ({ offset: String(offset), key: null, value: value === null ? null : Buffer.from(value), headers, timestamp: "0", attributes: 0 }) as KafkaMessage;
const standIn = (offset: number, reason: string) => record(offset, null, { [undecodableBatchHeader]: Buffer.from(reason) });

describe("skippedRanges", () => {
  it("sets stand-ins apart as ranges, one per run and reason, and keeps the records in order", () => {
    const { records, skipped } = skippedRanges([
      record(10, "a"),
      standIn(11, "lz4 batch could not be decoded: x"),
      standIn(12, "lz4 batch could not be decoded: x"),
      standIn(15, "lz4 batch could not be decoded: x"),
      standIn(16, "zstd batch could not be decoded: y"),
      record(17, "b"),
      standIn(18, "zstd batch could not be decoded: y"),
    ]);
    expect(records.map((r) => r.offset)).toEqual(["10", "17"]);
    expect(skipped).toEqual([
      { firstOffset: 11, lastOffset: 15, reason: "lz4 batch could not be decoded: x" },
      { firstOffset: 16, lastOffset: 16, reason: "zstd batch could not be decoded: y" },
      { firstOffset: 18, lastOffset: 18, reason: "zstd batch could not be decoded: y" },
    ]);
  });

  it("treats a producer's record that carries the header but has a value as a record, so nobody can make the worker drop an event", () => {
    const spoof = record(3, '{"event_id":"x"}', { [undecodableBatchHeader]: Buffer.from("fake") });
    expect(skippedRanges([spoof])).toEqual({ records: [spoof], skipped: [] });
  });

  it("adds nothing to /healthz until a batch was skipped", () => {
    expect(skippedBatchNotice({ count: 0 })).toEqual({});
    const last = { topic: "t", partition: 1, firstOffset: 4, lastOffset: 9, reason: "r", at: "2024-04-05T00:00:00.000Z" };
    expect(skippedBatchNotice({ count: 2, last })).toEqual({
      skipped_batches: { count: 2, last: { topic: "t", partition: 1, first_offset: 4, last_offset: 9, reason: "r", at: "2024-04-05T00:00:00.000Z" } },
    });
  });
});
