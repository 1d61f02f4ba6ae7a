import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { createKafka } from "../../infra/kafka/client.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { readDeadLetters } from "../../ingest/kafka/dead-letters.ts";
import { skippedBatchNotice } from "../../ingest/kafka/skipped-batches.ts";
import { serveObservability } from "../../ingest/observability/http.ts";
import { createIngestMetrics } from "../../ingest/observability/metrics.ts";
import { expectedTotals, validEvents, warehouseTotals } from "../support/events.ts";
import { createTestTopics, waitUntilCommitted } from "../support/ingest-worker.ts";
import { kafkaCodecNames, produceWithJava } from "../support/java-producer.ts";
import { testKafka, uniqueName } from "../support/kafka.ts";
import { freshIngestPath, startTestWorker } from "../support/test-worker.ts";

/**
 * Java and Go producers compress by default. Batches compressed by Kafka's own Java client, with each
 * codec Kafka has, reach the worker's topics; every event is written once and the worker stays healthy.
 */

const log = pino({ level: "silent" });
const kafka = createKafka(testKafka(), "compressed-test", log);

describe("compressed record batches from Kafka's Java client", () => {
  const open: Warehouse[] = [];
  afterAll(async () => {
    for (const w of open) {
      await w.exec(`DROP DATABASE IF EXISTS ${w.database}`);
      await w.close();
    }
  });

  it.each(kafkaCodecNames)("writes every event of %s batches exactly once and stays healthy", { timeout: 180_000 }, async (codec) => {
    const { warehouse, ingestor } = await freshIngestPath(`compressed_${codec}`, log);
    open.push(warehouse);
    const topics = await createTestTopics(kafka, 2);
    const events = validEvents(1500, codec.length * 7, `z-${codec}`);
    // Every tenth event sent again, in the same compressed stream: a duplicate, counted once.
    const stream = [...events, ...events.filter((_, i) => i % 10 === 0)];
    await produceWithJava(
      codec,
      stream.map((e) => ({ topic: topics.byKind[e.type], value: JSON.stringify(e) })),
    );

    const metrics = createIngestMetrics();
    const groupId = uniqueName("compressed");
    const worker = await startTestWorker({ kafka, ingestor, log, metrics }, topics, groupId);
    const http = await serveObservability(
      0,
      metrics.registry,
      () => worker.healthy(),
      () => skippedBatchNotice(worker.skippedBatches()),
    );
    try {
      await waitUntilCommitted(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall]);
      const health = await fetch(`http://127.0.0.1:${(http.server.address() as AddressInfo).port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok" });
    } finally {
      await worker.stop();
      await http.close();
    }
    expect(await warehouseTotals(warehouse)).toEqual(expectedTotals(events));
    const total = async (counter: { get(): Promise<{ values: { value: number }[] }> }) => (await counter.get()).values.reduce((n, v) => n + v.value, 0);
    expect(await total(metrics.written)).toBe(events.length);
    expect(await total(metrics.duplicates)).toBe(stream.length - events.length);
    expect(await total(metrics.skippedBatches)).toBe(0);
    expect((await readDeadLetters(kafka, topics.deadLetters)).letters).toEqual([]);
  });
});
