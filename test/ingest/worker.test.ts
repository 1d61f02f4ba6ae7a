import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import { readDeadLetters } from "../../ingest/kafka/dead-letters.ts";
import type { IngestWorker } from "../../ingest/kafka/worker.ts";
import type { EventTopics } from "../../ingest/kafka/topics.ts";
import { serveObservability } from "../../ingest/observability/http.ts";
import { createIngestMetrics } from "../../ingest/observability/metrics.ts";
import type { MessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { createKafka } from "../../infra/kafka/client.ts";
import { mulberry32 } from "../../ingest/simulate/rng.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { expectedTotals, validEvents, warehouseTotals, type WireEvent } from "../support/events.ts";
import { createTestTopics, killableSockets, produceEvents, produceRaw, waitUntilCommitted } from "../support/ingest-worker.ts";
import { testKafka, uniqueName } from "../support/kafka.ts";
import { freshIngestPath, startTestWorker } from "../support/test-worker.ts";

const log = pino({ level: "silent" });
const kafka = createKafka(testKafka(), "worker-test", log);
const freshWarehouse = (label: string) => freshIngestPath(label, log);
const startWorker = (ingestor: MessageIngestor, topics: EventTopics, groupId: string, client = kafka, metrics = createIngestMetrics()): Promise<IngestWorker> =>
  startTestWorker({ kafka: client, ingestor, log, metrics }, topics, groupId);

/** Each event once, then 5 % of them again at random later positions. */
function withDuplicates(events: readonly WireEvent[], seed: number): WireEvent[] {
  const random = mulberry32(seed);
  const stream = [...events];
  for (const event of events) if (random() < 0.05) stream.splice(Math.floor(stream.length / 2 + random() * (stream.length / 2)), 0, event);
  return stream;
}

describe("the Kafka ingest worker", () => {
  const open: Warehouse[] = [];
  afterAll(async () => {
    for (const w of open) {
      await w.exec(`DROP DATABASE IF EXISTS ${w.database}`);
      await w.close();
    }
  });

  it("counts each event once through duplicates and a replay of the whole topic from offset 0", async () => {
    const { warehouse, ingestor } = await freshWarehouse("dup_replay");
    open.push(warehouse);
    const topics = await createTestTopics(kafka);
    const groupId = uniqueName("group");
    const events = validEvents(6000, 21, "dup");
    const stream = withDuplicates(events, 5);
    expect(stream.length - events.length).toBeGreaterThan(200);
    await produceEvents(kafka, topics, stream);

    const metrics = createIngestMetrics();
    const worker = await startWorker(ingestor, topics, groupId, kafka, metrics);
    const http = await serveObservability(0, metrics.registry, () => worker.healthy());
    const base = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
    await waitUntilCommitted(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall]);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const exposition = await (await fetch(`${base}/metrics`)).text();
    expect(exposition).toContain(`tourism_ingest_events_written_total{topic="${topics.byKind.ticket}"}`);
    expect(exposition).toContain(`tourism_ingest_consumer_lag{topic="${topics.byKind.footfall}",partition="0"} 0`);
    await worker.stop();
    expect((await fetch(`${base}/healthz`)).status).toBe(503);
    await http.close();
    expect(await warehouseTotals(warehouse)).toEqual(expectedTotals(events));
    const duplicates = (await metrics.duplicates.get()).values.reduce((n, v) => n + v.value, 0);
    expect(duplicates).toBe(stream.length - events.length);

    // Reset the group to the earliest offsets and run a second full pass.
    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId, topic: topics.byKind.ticket, earliest: true });
    await admin.resetOffsets({ groupId, topic: topics.byKind.footfall, earliest: true });
    await admin.disconnect();
    const again = await startWorker(ingestor, topics, groupId);
    await waitUntilCommitted(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall]);
    await again.stop();
    expect(await warehouseTotals(warehouse)).toEqual(expectedTotals(events));
  });

  it("dead-letters poison messages with reasons and writes every valid message around them", async () => {
    const { warehouse, ingestor } = await freshWarehouse("poison");
    open.push(warehouse);
    const topics = await createTestTopics(kafka, 1);
    const groupId = uniqueName("group");
    const good = validEvents(400, 3, "around");
    const ticket = good.find((e) => e.type === "ticket")!;
    const footfall = good.find((e) => e.type === "footfall")!;
    const poison: [string, string | Buffer, RegExp][] = [
      ["truncated JSON", '{"type":"ticket","event_id":"x","act', /^not JSON/],
      ["wrong types", JSON.stringify({ ...ticket, event_id: "p-types", quantity: "two" }), /^quantity/],
      ["a 10 MB message", JSON.stringify({ ...ticket, event_id: "x".repeat(10 * 1024 * 1024) }), /^event_id/],
      ["control characters in an id", JSON.stringify({ ...ticket, event_id: "p-\u0007-bell" }), /control characters/],
      ["a huge amount", JSON.stringify({ ...ticket, event_id: "p-huge", amount_cny: "99999999999.99" }), /^amount_cny/],
      ["a negative quantity", JSON.stringify({ ...ticket, event_id: "p-neg", quantity: -5 }), /^quantity/],
      ["a date without a time", JSON.stringify({ ...ticket, event_id: "p-naive", occurred_at: "2024-04-05" }), /not an ISO-8601 date and time/],
      [
        "a far-future date",
        JSON.stringify({ ...ticket, event_id: "p-future", occurred_at: "2031-01-01T00:00:00+08:00" }),
        /more than 5 minutes after this clock/,
      ],
      ["bytes that are not UTF-8", Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), /^not valid UTF-8/],
      ["a footfall event on the ticket topic", JSON.stringify({ ...footfall, event_id: "p-wrong-topic" }), /^wrong topic/],
      ["an unknown site", JSON.stringify({ ...ticket, event_id: "p-site", site_id: "atlantis" }), /^site_id: unknown site/],
    ];
    const emoji = { ...ticket, event_id: "清明-🌸-ok", order_id: "订单-🎫" };
    const tickets = good.filter((e) => e.type === "ticket");
    await produceRaw(kafka, topics.byKind.ticket, [
      ...tickets.slice(0, 100).map((e) => JSON.stringify(e)),
      ...poison.map(([, value]) => value),
      JSON.stringify(emoji),
      ...tickets.slice(100).map((e) => JSON.stringify(e)),
    ]);
    await produceEvents(
      kafka,
      topics,
      good.filter((e) => e.type === "footfall"),
    );

    const worker = await startWorker(ingestor, topics, groupId);
    await waitUntilCommitted(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall]);
    await worker.stop();

    expect(await warehouseTotals(warehouse)).toEqual(expectedTotals([...good, emoji]));
    const { letters } = await readDeadLetters(kafka, topics.deadLetters);
    expect(letters).toHaveLength(poison.length);
    const byOffset = [...letters].sort((a, b) => a.sourceOffset - b.sourceOffset);
    poison.forEach(([what, value, reason], i) => {
      const letter = byOffset[i]!;
      expect(letter.reason, what).toMatch(reason);
      expect(letter.sourceTopic).toBe(topics.byKind.ticket);
      expect(letter.sourceOffset, what).toBe(100 + i);
      expect(Buffer.compare(letter.original, Buffer.from(value)), `${what}: original bytes kept`).toBe(0);
      expect(Number.isNaN(Date.parse(letter.failedAt))).toBe(false);
    });
  });

  it("keeps totals exact when a second worker joins mid-stream and the first is killed", async () => {
    const { warehouse, ingestor } = await freshWarehouse("rebalance");
    open.push(warehouse);
    const topics = await createTestTopics(kafka, 6);
    const groupId = uniqueName("group");
    const events = validEvents(30_000, 99, "rb");

    // Worker A dies the way a killed process does: its connections drop and it writes nothing more.
    const sockets = killableSockets();
    let aKilled = false;
    const aIngestor: MessageIngestor = { ingest: (m) => (aKilled ? Promise.reject(new Error("killed")) : ingestor.ingest(m)) };
    const a = await startWorker(aIngestor, topics, groupId, createKafka(testKafka(), "worker-a", log, sockets.socketFactory));
    const producing = (async () => {
      for (let i = 0; i < events.length; i += 1500) {
        await produceEvents(kafka, topics, events.slice(i, i + 1500));
        await sleep(150);
      }
    })();
    await sleep(1000);
    const b = await startWorker(ingestor, topics, groupId);
    await sleep(2000);
    aKilled = true;
    sockets.kill();
    await producing;
    await waitUntilCommitted(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall], 120_000);
    await b.stop();
    await Promise.race([a.stop().catch(() => undefined), sleep(2000)]);

    expect(await warehouseTotals(warehouse)).toEqual(expectedTotals(events));
  });
});
