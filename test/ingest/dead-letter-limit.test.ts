import { createHash } from "node:crypto";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createKafka, createReliableProducer } from "../../infra/kafka/client.ts";
import { readTopicMaxMessageBytes, stockMaxMessageBytes } from "../../infra/kafka/topic-limits.ts";
import { createDeadLetterSender } from "../../ingest/kafka/dead-letter-sender.ts";
import { type DeadLetter, readDeadLetters } from "../../ingest/kafka/dead-letters.ts";
import { mulberry32 } from "../../ingest/simulate/rng.ts";
import { testKafka, uniqueName } from "../support/kafka.ts";

/** Random dead letters around the size a stock dead-letter topic takes, sent to a real one. */

const log = pino({ level: "silent" });
const kafka = createKafka(testKafka(), "dead-letter-limit-test", log);

async function stockTopic(): Promise<string> {
  const topic = uniqueName("dlq-stock");
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: 2, replicationFactor: 1, configEntries: [{ name: "max.message.bytes", value: String(stockMaxMessageBytes) }] }],
  });
  await admin.disconnect();
  return topic;
}

function randomLetters(seed: number, count: number): DeadLetter[] {
  const r = mulberry32(seed);
  return Array.from({ length: count }, (_, i) => {
    // Mostly within a few kB of the limit either side, some small, some far over.
    const pick = r();
    const size =
      pick < 0.7 ? stockMaxMessageBytes - 4000 + Math.floor(r() * 8000) : pick < 0.85 ? Math.floor(r() * 2000) : Math.floor(r() * 3 * stockMaxMessageBytes);
    const reasonLength = r() < 0.2 ? Math.floor(r() * 20_000) : 20 + Math.floor(r() * 200);
    return {
      original: Buffer.alloc(size, String.fromCharCode(97 + (i % 26))),
      reason: `清明 reason ${i} `.padEnd(reasonLength, "因"),
      sourceTopic: `tourism.tickets.${"长".repeat(Math.floor(r() * 60))}`,
      sourcePartition: Math.floor(r() * 4),
      sourceOffset: 1_000_000 + i,
      failedAt: new Date(Date.UTC(2024, 3, 5, 10, 0, i)).toISOString(),
    };
  });
}

describe("dead letters at the dead-letter topic's limit", () => {
  it.each([1, 2])("are all taken by a stock topic, whole when they fit and cut with their digest when not (seed %i)", { timeout: 120_000 }, async (seed) => {
    const topic = await stockTopic();
    expect(await readTopicMaxMessageBytes(kafka, topic, log)).toBe(stockMaxMessageBytes);
    const letters = randomLetters(seed, 24);
    const producer = createReliableProducer(kafka);
    await producer.connect();
    try {
      // Believing the topic takes 8 MB, the first send is refused as too large; the sender then reads the real limit.
      const sender = createDeadLetterSender(producer, topic, { maxMessageBytes: 8 * 1024 * 1024, reread: () => readTopicMaxMessageBytes(kafka, topic, log) });
      await expect(sender.send(letters.filter((l) => l.original.length > stockMaxMessageBytes))).rejects.toThrow();
      await sender.send(letters);
    } finally {
      await producer.disconnect();
    }

    const stored = new Map((await readDeadLetters(kafka, topic)).letters.map((l) => [l.sourceOffset, l]));
    expect(stored.size).toBe(letters.length);
    let cut = 0;
    for (const sent of letters) {
      const got = stored.get(sent.sourceOffset)!;
      expect([got.sourceTopic, got.sourcePartition, got.failedAt]).toEqual([sent.sourceTopic, sent.sourcePartition, sent.failedAt]);
      expect(sent.reason.startsWith(got.reason.replace(/…$/, ""))).toBe(true);
      if (!got.truncated) {
        expect(Buffer.compare(got.original, sent.original)).toBe(0);
        expect(got.reason).toBe(sent.reason);
        continue;
      }
      cut += 1;
      expect(got.truncated).toEqual({ originalBytes: sent.original.length, sha256: createHash("sha256").update(sent.original).digest("hex") });
      expect(got.original.length).toBeLessThan(sent.original.length);
      expect(got.original.length).toBeGreaterThan(stockMaxMessageBytes - 30_000);
      expect(Buffer.compare(got.original, sent.original.subarray(0, got.original.length))).toBe(0);
    }
    expect(cut).toBeGreaterThan(3);
    expect(cut).toBeLessThan(letters.length);
  });
});
