import { setTimeout as sleep } from "node:timers/promises";
import { DateTime } from "luxon";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { startIngestWorker } from "../../ingest/kafka/worker.ts";
import { createIngestMetrics } from "../../ingest/observability/metrics.ts";
import { createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { createKafka } from "../../infra/kafka/client.ts";
import { migrate } from "../../transforms/migrate.ts";
import { loadRegister, registerLookup } from "../../transforms/register/register.ts";
import { expectedTotals, validEvents, warehouseTotals } from "../support/events.ts";
import { createTestTopics, produceEvents, waitUntilCommitted } from "../support/ingest-worker.ts";
import { testKafka, uniqueName } from "../support/kafka.ts";
import { startTcpProxy } from "../support/tcp-proxy.ts";
import { findClickHouseServer, openTestServer } from "../support/warehouse.ts";

const server = await findClickHouseServer();

async function committedTotal(kafka: ReturnType<typeof createKafka>, groupId: string, topics: string[]): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchOffsets({ groupId, topics });
    return offsets.flatMap((t) => t.partitions).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

describe.skipIf("skip" in server)(`server-mode ClickHouse unavailable for a while${"skip" in server ? ` (skipped: ${server.skip})` : ""}`, () => {
  afterAll(async () => {
    if (!("skip" in server)) await server.stop();
  });

  it("commits nothing while the server is unreachable and ends with exact totals", { timeout: 180_000 }, async () => {
    if ("skip" in server) return;
    const log = pino({ level: "silent" });
    const url = new URL(server.url);
    const proxy = await startTcpProxy(url.hostname, Number(url.port || 8123));
    const warehouse = await openTestServer(`http://127.0.0.1:${proxy.port}`, "outage");
    await migrate(warehouse, log);
    const lookup = registerLookup(await loadRegister());
    const ingestor = createMessageIngestor({
      writer: createEventWriter(warehouse),
      lookup: () => lookup,
      clock: () => DateTime.fromISO("2024-05-01T00:00:00Z"),
    });
    const kafka = createKafka(testKafka(), "outage-test", log);
    const topics = await createTestTopics(kafka, 4);
    const groupId = uniqueName("group");
    const events = validEvents(20_000, 404, "outage");
    const worker = await startIngestWorker(
      { kafka, ingestor, log, metrics: createIngestMetrics() },
      { groupId, topics, maxBatchEvents: 1000, maxBatchWaitMs: 50, sessionTimeoutMs: 10_000, stallPatienceMs: 60_000 },
    );

    await produceEvents(kafka, topics, events.slice(0, 5000));
    await waitUntilCommitted(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall]);
    proxy.cut();
    const before = await committedTotal(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall]);
    await produceEvents(kafka, topics, events.slice(5000));
    await sleep(5000);
    expect(await committedTotal(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall])).toBe(before);
    proxy.restore();
    await waitUntilCommitted(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall], 120_000);
    await worker.stop();

    expect(await warehouseTotals(warehouse)).toEqual(expectedTotals(events));
    await warehouse.exec(`DROP DATABASE IF EXISTS ${warehouse.database}`);
    await warehouse.close();
    await proxy.close();
  });
});
