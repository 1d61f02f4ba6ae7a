import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createKafka } from "../../infra/kafka/client.ts";
import { createLogger } from "../../infra/logger.ts";
import { openEventQueue } from "../../ingest/kafka/event-queue.ts";
import { createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { storedEventCount } from "../../ingest/write/stored-events.ts";
import { registerLookup } from "../../transforms/register/register.ts";
import { collectAnswerSchema } from "../../queries/api/collect-answer.ts";
import { createCollectMetrics } from "../../queries/api/collect-metrics.ts";
import { buildServer } from "../../queries/api/server.ts";
import { exited, freePort, spawnTourism, untilReady } from "../support/child.ts";
import { type WireEvent, validEvents } from "../support/events.ts";
import { killableSockets, waitUntilCommitted } from "../support/ingest-worker.ts";
import { testBrokers, testKafka, uniqueName } from "../support/kafka.ts";
import { expectedReportTotals, reportedTotals } from "../support/report-totals.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { footfall, reportContext, roleTokenBook, roleTokens, testRegister } from "./fixtures.ts";

/**
 * POST /api/events when `run` consumes Kafka: valid events go onto the topics the worker consumes,
 * keyed by event_id, and are answered "queued" once the broker has them; the worker writes each
 * once however often it is sent; a broker that does not take them gets the sender a 503.
 */

const staff = "collect-kafka-staff-token-01";
const kafkaLog = createLogger("silent");

/** Every record on the topics from the start, as key and value. */
async function topicRecords(topics: readonly string[], count: number): Promise<{ topic: string; key: string; value: string }[]> {
  const consumer = createKafka(testKafka(), "collect-kafka-reader", kafkaLog).consumer({ groupId: uniqueName("collect-kafka-reader") });
  const records: { topic: string; key: string; value: string }[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        records.push({ topic, key: message.key?.toString() ?? "", value: message.value?.toString() ?? "" });
      },
    });
    const deadline = Date.now() + 60_000;
    while (records.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    await new Promise((resolve) => setTimeout(resolve, 1000)); // anything beyond `count` would show now
  } finally {
    await consumer.disconnect();
  }
  return records;
}

describe("POST /api/events with KAFKA_BROKERS", () => {
  it("answers queued once the topics have the events, keyed by event_id; the worker stores each once, sent again too", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tourism-collect-kafka-"));
    const tokensFile = join(dataDir, "tokens.json");
    writeFileSync(tokensFile, JSON.stringify({ tokens: [{ token: staff, role: "staff", name: "Alliance office" }] }), { mode: 0o600 });
    const topics = { ticket: uniqueName("collect-tickets"), footfall: uniqueName("collect-footfall"), dlq: uniqueName("collect-dlq") };
    const groupId = uniqueName("collect-group");
    const port = await freePort();
    const api = `http://127.0.0.1:${port}`;
    const run = spawnTourism(["run", "--port", String(port), "--metrics-port", "0"], {
      TOURISM_DATA_DIR: dataDir,
      TOURISM_TOKENS: tokensFile,
      KAFKA_BROKERS: testBrokers(),
      KAFKA_GROUP_ID: groupId,
      KAFKA_TOPIC_TICKETS: topics.ticket,
      KAFKA_TOPIC_FOOTFALL: topics.footfall,
      KAFKA_TOPIC_DLQ: topics.dlq,
    });
    const get = async (path: string) => {
      const response = await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${staff}` } });
      expect(response.status, path).toBe(200);
      return response.json();
    };
    const post = async (events: readonly (WireEvent | Record<string, unknown>)[]) => {
      const response = await fetch(`${api}/api/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${staff}`, "content-type": "application/json" },
        body: JSON.stringify(events),
      });
      expect(response.status).toBe(200);
      return collectAnswerSchema.parse(await response.json());
    };
    const storedCount = async () => ((await get("/api/me")) as { events_stored: number }).events_stored;
    try {
      await untilReady(run);
      const events = validEvents(240, 41, "collect-kafka");
      const invalid = { type: "footfall", event_id: "collect-kafka-nowhere", site_id: "no-such-site" };
      const answer = await post([...events, invalid]);
      expect(answer.events.slice(0, events.length).map((e) => e.outcome)).toEqual(events.map(() => "queued"));
      expect(answer.events.at(-1)).toMatchObject({ event_id: "collect-kafka-nowhere", outcome: "rejected" });
      expect(answer).toMatchObject({ received: events.length + 1, written: 0, queued: events.length, duplicates: 0, conflicts: 0, rejected: 1 });

      // On the topics the worker reads, each kind on its own, keyed by event_id; the invalid event is not there.
      const records = await topicRecords([topics.ticket, topics.footfall], events.length);
      expect(records.map((r) => r.key).sort()).toEqual(events.map((e) => e.event_id).sort());
      for (const record of records) {
        const event = JSON.parse(record.value) as WireEvent;
        expect(record.key).toBe(event.event_id);
        expect(record.topic).toBe(event.type === "ticket" ? topics.ticket : topics.footfall);
      }

      await waitUntilCommitted(createKafka(testKafka(), "collect-kafka-admin", kafkaLog), groupId, [topics.ticket, topics.footfall]);
      expect(await storedCount()).toBe(events.length);
      expect(await reportedTotals(get)).toEqual(expectedReportTotals(events));

      // Sent again: queued again, and the worker finds every one stored already.
      const again = await post(events);
      expect(again.queued).toBe(events.length);
      await waitUntilCommitted(createKafka(testKafka(), "collect-kafka-admin", kafkaLog), groupId, [topics.ticket, topics.footfall]);
      expect(await storedCount()).toBe(events.length);
      expect(await reportedTotals(get)).toEqual(expectedReportTotals(events));
    } finally {
      run.kill("SIGTERM");
      await exited(run);
    }
  }, 300_000);

  it("answers 503 with Retry-After, acknowledging nothing, when the broker does not take the events", async () => {
    const warehouse = await openTestEmbedded("collect-kafka");
    const sockets = killableSockets();
    const kafka = createKafka(testKafka(), "collect-kafka-cut", kafkaLog, sockets.socketFactory);
    const topics = { byKind: { ticket: uniqueName("cut-tickets"), footfall: uniqueName("cut-footfall") }, deadLetters: uniqueName("cut-dlq") };
    const lookup = registerLookup(testRegister);
    const validation = { lookup: () => lookup, clock: () => DateTime.now() };
    const queue = await openEventQueue(kafka, topics, validation);
    const context = await reportContext(warehouse, []);
    const app = await buildServer({
      context,
      tokens: roleTokenBook(context),
      dashboard: false,
      collect: {
        ingestor: createMessageIngestor({ writer: createEventWriter(warehouse), ...validation }),
        queue,
        register: testRegister,
        requestsPerMinute: 10_000,
        metrics: createCollectMetrics(new Registry()),
      },
    });
    const send = (id: string) =>
      app.inject({
        method: "POST",
        url: "/api/events",
        payload: JSON.stringify([footfall(id, "b1", "2024-04-05T10:00:00", 3)]),
        headers: { "content-type": "application/json", authorization: `Bearer ${roleTokens.staff}` },
      });
    try {
      const taken = await send("cut-before");
      expect(taken.statusCode, taken.body).toBe(200);
      expect(collectAnswerSchema.parse(taken.json()).events).toEqual([{ event_id: "cut-before", outcome: "queued" }]);

      sockets.kill();
      const refused = await send("cut-during");
      expect(refused.statusCode, refused.body).toBe(503);
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
      expect(refused.json().error).toMatch(/could not be queued now/);
      // Until the wait is over, senders are turned away before anything is read.
      const unread = await send("cut-after");
      expect(unread.statusCode).toBe(503);
      expect(unread.json().error).toMatch(/^Kafka is not taking events; retry after/);
      // The collector wrote nothing itself, not even the queued event: that is the worker's (not running here).
      expect(await storedEventCount(warehouse)).toBe(0);
    } finally {
      await app.close();
      await queue.close().catch(() => {});
      await warehouse.close();
    }
  }, 120_000);
});
