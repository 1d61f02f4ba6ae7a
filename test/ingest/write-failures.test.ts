import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { DateTime } from "luxon";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKafka } from "../../infra/kafka/client.ts";
import { toWarehouseError } from "../../infra/warehouse/embedded.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { readDeadLetters } from "../../ingest/kafka/dead-letters.ts";
import type { EventTopics } from "../../ingest/kafka/topics.ts";
import { startIngestWorker } from "../../ingest/kafka/worker.ts";
import { serveObservability } from "../../ingest/observability/http.ts";
import { createIngestMetrics } from "../../ingest/observability/metrics.ts";
import { createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { migrate } from "../../transforms/migrate.ts";
import { loadRegister, registerLookup } from "../../transforms/register/register.ts";
import { expectedTotals, validEvents, warehouseTotals } from "../support/events.ts";
import { createTestTopics, produceEvents, produceRaw, waitUntilCommitted } from "../support/ingest-worker.ts";
import { testKafka, uniqueName } from "../support/kafka.ts";
import { openTestEmbedded } from "../support/warehouse.ts";

const log = pino({ level: "silent" });
const kafka = createKafka(testKafka(), "write-failures-test", log);
let lookup: ReturnType<typeof registerLookup>;
const open: Warehouse[] = [];

beforeAll(async () => {
  lookup = registerLookup(await loadRegister());
});
afterAll(async () => {
  for (const w of open) {
    await w.exec(`DROP DATABASE IF EXISTS ${w.database}`);
    await w.close();
  }
});

async function freshWarehouse(label: string): Promise<Warehouse> {
  const warehouse = await openTestEmbedded(label);
  open.push(warehouse);
  await migrate(warehouse, log);
  return warehouse;
}

/** Starts a worker on `warehouse` with /metrics and /healthz on a free port. */
async function startObservedWorker(warehouse: Warehouse, topics: EventTopics, groupId: string, stallPatienceMs: number) {
  const ingestor = createMessageIngestor({ writer: createEventWriter(warehouse), lookup: () => lookup, clock: () => DateTime.fromISO("2024-05-01T00:00:00Z") });
  const metrics = createIngestMetrics();
  const worker = await startIngestWorker(
    { kafka, ingestor, log, metrics },
    { groupId, topics, maxBatchEvents: 700, maxBatchWaitMs: 50, sessionTimeoutMs: 6000, stallPatienceMs },
  );
  const http = await serveObservability(0, metrics.registry, () => worker.healthy());
  const base = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
  return {
    health: async () => (await fetch(`${base}/healthz`)).status,
    metrics: async () => (await fetch(`${base}/metrics`)).text(),
    async stop() {
      await worker.stop();
      await http.close();
    },
  };
}

async function committed(groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return offsets!.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

describe("the ingest worker when the warehouse fails a write", () => {
  it("dead-letters a row the engine refuses and a conflicting id, writes everything behind them, and moves on", async () => {
    const warehouse = await freshWarehouse("refused");
    await warehouse.exec("ALTER TABLE ticket_events ADD CONSTRAINT refuse_marked CHECK event_id != 'refused-by-the-engine'");
    const topics = await createTestTopics(kafka, 1);
    const groupId = uniqueName("group");
    const good = validEvents(1200, 17, "behind");
    const tickets = good.filter((e) => e.type === "ticket");
    const refused = { ...tickets[0]!, event_id: "refused-by-the-engine" };
    const conflicting = { ...tickets[1]!, amount_cny: "999.99" };
    await produceRaw(kafka, topics.byKind.ticket, [
      ...tickets.slice(0, 100).map((e) => JSON.stringify(e)),
      JSON.stringify(refused),
      JSON.stringify(conflicting),
      ...tickets.slice(100).map((e) => JSON.stringify(e)),
    ]);
    await produceEvents(
      kafka,
      topics,
      good.filter((e) => e.type === "footfall"),
    );

    const worker = await startObservedWorker(warehouse, topics, groupId, 60_000);
    await waitUntilCommitted(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall]);
    expect(await worker.health()).toBe(200);
    const exposition = await worker.metrics();
    await worker.stop();

    expect(await committed(groupId, topics.byKind.ticket)).toBe(tickets.length + 2);
    expect(await warehouseTotals(warehouse)).toEqual(expectedTotals(good));
    const { letters } = await readDeadLetters(kafka, topics.deadLetters);
    const byOffset = [...letters].sort((a, b) => a.sourceOffset - b.sourceOffset);
    expect(byOffset.map((l) => l.sourceOffset)).toEqual([100, 101]);
    expect(byOffset[0]!.reason).toMatch(/^Code: 469\..*refuse_marked.*VIOLATED_CONSTRAINT/);
    expect(byOffset[0]!.original.toString()).toBe(JSON.stringify(refused));
    expect(byOffset[1]!.reason).toBe(`conflicts with stored event "${conflicting.event_id}": same event_id, different content`);
    expect(exposition).toContain(`tourism_ingest_events_refused_total{topic="${topics.byKind.ticket}"} 1`);
    expect(exposition).toContain(`tourism_ingest_events_conflict_total{topic="${topics.byKind.ticket}"} 1`);
  });

  it("retries a transient failure without dead-lettering, reports the stall after the patience, and catches up", async () => {
    const real = await freshWarehouse("transient");
    let failing = true;
    // The engine's own answer to an overloaded table, through the embedded adapter's classification.
    const tooManyParts = () =>
      toWarehouseError(
        Object.assign(new Error("Code: 252. DB::Exception: Too many parts (3001). (TOO_MANY_PARTS)"), { code: "CHDB_INSERT", clickhouseCode: 252 }),
      );
    const overloaded: Warehouse = { ...real, insert: (table, rows) => (failing ? Promise.reject(tooManyParts()) : real.insert(table, rows)) };
    const topics = await createTestTopics(kafka, 2);
    const groupId = uniqueName("group");
    const events = validEvents(500, 23, "stall");
    await produceEvents(kafka, topics, events);

    const worker = await startObservedWorker(overloaded, topics, groupId, 1500);
    const deadline = Date.now() + 20_000;
    while ((await worker.health()) === 200 && Date.now() < deadline) await sleep(200);
    expect(await worker.health()).toBe(503);
    const stalled = await worker.metrics();
    expect(Number(/^tourism_ingest_stalled_seconds (\S+)$/m.exec(stalled)?.[1])).toBeGreaterThan(1);
    expect(Number(/^tourism_ingest_retries_total\{failure="transient"\} (\S+)$/m.exec(stalled)?.[1])).toBeGreaterThan(1);
    expect(await committed(groupId, topics.byKind.ticket)).toBe(0);
    expect(await committed(groupId, topics.byKind.footfall)).toBe(0);

    failing = false;
    await waitUntilCommitted(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall]);
    expect(await worker.health()).toBe(200);
    expect(await worker.metrics()).toMatch(/^tourism_ingest_stalled_seconds 0$/m);
    await worker.stop();
    expect(await warehouseTotals(real)).toEqual(expectedTotals(events));
    expect((await readDeadLetters(kafka, topics.deadLetters)).letters).toEqual([]);
  });
});
