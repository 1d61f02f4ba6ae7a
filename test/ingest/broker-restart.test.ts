import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
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
import { uniqueName } from "../support/kafka.ts";
import { openTestEmbedded } from "../support/warehouse.ts";

const run = promisify(execFile);
const scripts = fileURLToPath(new URL("../../infra/kafka/", import.meta.url));
// A broker of this test's own, so restarting it disturbs no other test.
const brokerEnv = {
  ...process.env,
  KAFKA_STATE_DIR: mkdtempSync(join(tmpdir(), "tourism-kafka-")),
  KAFKA_PORT: "19092",
  KAFKA_CONTROLLER_PORT: "19093",
  KAFKA_SASL_PORT: "19094",
  KAFKA_SSL_PORT: "19095",
  KAFKA_MTLS_PORT: "19096",
  KAFKA_HEAP: "384m",
};
const up = () => run("bash", [join(scripts, "up.sh")], { env: brokerEnv });
const down = () => run("bash", [join(scripts, "down.sh")], { env: brokerEnv });

describe("the ingest worker across a broker restart", () => {
  afterAll(async () => {
    await down();
  });

  it("recovers by itself and ends with exact totals", { timeout: 240_000 }, async () => {
    await up();
    const log = pino({ level: "silent" });
    const kafka = createKafka({ brokers: "127.0.0.1:19092" }, "restart-test", log);
    const warehouse = await openTestEmbedded("broker_restart");
    await migrate(warehouse, log);
    const lookup = registerLookup(await loadRegister());
    const ingestor = createMessageIngestor({
      writer: createEventWriter(warehouse),
      lookup: () => lookup,
      clock: () => DateTime.fromISO("2024-05-01T00:00:00Z"),
    });
    const topics = await createTestTopics(kafka, 4);
    const groupId = uniqueName("group");
    const events = validEvents(20_000, 5150, "restart");

    const worker = await startIngestWorker(
      { kafka, ingestor, log, metrics: createIngestMetrics() },
      { groupId, topics, maxBatchEvents: 1000, maxBatchWaitMs: 50, sessionTimeoutMs: 10_000, stallPatienceMs: 60_000 },
    );
    await produceEvents(kafka, topics, events.slice(0, 10_000));
    await sleep(500);
    await down();
    await sleep(2000);
    await up();
    await produceEvents(kafka, topics, events.slice(10_000));
    await waitUntilCommitted(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall], 180_000);
    await worker.stop();

    expect(await warehouseTotals(warehouse)).toEqual(expectedTotals(events));
    await warehouse.close();
  });
});
