import type { AddressInfo } from "node:net";
import { CompressionTypes } from "kafkajs";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { createKafka } from "../../infra/kafka/client.ts";
import { kafkaCodecs, registerCompressionCodecs } from "../../infra/kafka/codecs.ts";
import { readDeadLetters } from "../../ingest/kafka/dead-letters.ts";
import { lettersToReplay } from "../../ingest/kafka/letters-to-replay.ts";
import { skippedBatchNotice } from "../../ingest/kafka/skipped-batches.ts";
import { serveObservability } from "../../ingest/observability/http.ts";
import { createIngestMetrics } from "../../ingest/observability/metrics.ts";
import { expectedTotals, validEvents, warehouseTotals } from "../support/events.ts";
import { createTestTopics, waitUntilCommitted } from "../support/ingest-worker.ts";
import { type JavaRecord, produceWithJava } from "../support/java-producer.ts";
import { testKafka, uniqueName } from "../support/kafka.ts";
import { freshIngestPath, startTestWorker } from "../support/test-worker.ts";

/**
 * A record batch the worker cannot decode. The broker checks every batch it takes, so a corrupt
 * one cannot be produced; this process instead lacks the zstd decoder (this file runs in a process
 * of its own), which makes a real zstd batch from Kafka's Java client undecodable here.
 */
registerCompressionCodecs({ ...kafkaCodecs, [CompressionTypes.ZSTD]: undefined });

const log = pino({ level: "silent" });
const kafka = createKafka(testKafka(), "undecodable-test", log);

describe("a record batch that cannot be decoded", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const done of cleanup) await done();
  });

  it("is skipped and dead-lettered by its offsets; the events around it, on its partition and others, are written once", { timeout: 180_000 }, async () => {
    const { warehouse, ingestor } = await freshIngestPath("undecodable", log);
    cleanup.push(async () => {
      await warehouse.exec(`DROP DATABASE IF EXISTS ${warehouse.database}`);
      await warehouse.close();
    });
    const topics = await createTestTopics(kafka, 2);
    const events = validEvents(1200, 17, "undecodable");
    const tickets = events.filter((e) => e.type === "ticket");
    const footfall = events.filter((e) => e.type === "footfall");
    const [before, bad, after, other] = [tickets.slice(0, 150), tickets.slice(150, 250), tickets.slice(250, 400), tickets.slice(400)];
    const on = (partition: number, list: typeof events): JavaRecord[] =>
      list.map((e) => ({ topic: topics.byKind[e.type], partition, value: JSON.stringify(e) }));

    await produceWithJava("gzip", [...on(0, before), ...on(1, other), ...footfall.map((e) => ({ topic: topics.byKind.footfall, value: JSON.stringify(e) }))]);
    await produceWithJava("zstd", on(0, bad));
    await produceWithJava("gzip", on(0, after));

    const metrics = createIngestMetrics();
    const groupId = uniqueName("undecodable");
    const worker = await startTestWorker({ kafka, ingestor, log, metrics }, topics, groupId);
    const http = await serveObservability(
      0,
      metrics.registry,
      () => worker.healthy(),
      () => skippedBatchNotice(worker.skippedBatches()),
    );
    cleanup.push(async () => {
      await worker.stop();
      await http.close();
    });
    // Offsets move past the bad batch to the end of every partition.
    await waitUntilCommitted(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall]);

    const health = await fetch(`http://127.0.0.1:${(http.server.address() as AddressInfo).port}/healthz`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { status: string; skipped_batches: { count: number; last: Record<string, unknown> } };
    expect(body.status).toBe("ok");
    expect(body.skipped_batches.count).toBeGreaterThanOrEqual(1);
    expect(body.skipped_batches.last).toMatchObject({
      topic: topics.byKind.ticket,
      partition: 0,
      reason: expect.stringMatching(/^zstd batch could not be decoded/),
    });
    const skippedTotal = (await metrics.skippedBatches.get()).values.reduce((n, v) => n + v.value, 0);
    expect(skippedTotal).toBe(body.skipped_batches.count);

    expect(await warehouseTotals(warehouse)).toEqual(expectedTotals([...before, ...after, ...other, ...footfall]));

    // The letters cover exactly the bad batch's offsets (150 to 249 of partition 0), with no value.
    const { letters } = await readDeadLetters(kafka, topics.deadLetters);
    expect(letters.length).toBe(skippedTotal);
    const covered = letters
      .sort((a, b) => a.sourceOffset - b.sourceOffset)
      .flatMap((l) => {
        expect(l).toMatchObject({ sourceTopic: topics.byKind.ticket, sourcePartition: 0, original: Buffer.alloc(0) });
        expect(l.reason).toMatch(/^zstd batch could not be decoded: no decoder for it in this process/);
        return Array.from({ length: l.lastSourceOffset! - l.sourceOffset + 1 }, (_, i) => l.sourceOffset + i);
      });
    expect(covered).toEqual(Array.from({ length: bad.length }, (_, i) => before.length + i));

    // Replay reads the range from its topic again: still undecodable here, then with the decoder back.
    const lacking = await lettersToReplay(kafka, letters);
    expect(lacking.replay).toEqual([]);
    expect(lacking.notReplayed).toHaveLength(letters.length);
    expect(lacking.notReplayed[0]).toMatch(/: not replayed: zstd batch could not be decoded/);
    registerCompressionCodecs();
    const decoded = await lettersToReplay(kafka, letters);
    expect(decoded.notReplayed).toEqual([]);
    expect(decoded.replay.map((m) => [m.sourceOffset, m.original.toString()])).toEqual(bad.map((e, i) => [before.length + i, JSON.stringify(e)]));
  });
});
