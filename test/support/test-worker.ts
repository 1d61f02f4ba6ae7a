import { DateTime } from "luxon";
import type { Kafka } from "kafkajs";
import type { Logger } from "../../infra/logger.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import type { EventTopics } from "../../ingest/kafka/topics.ts";
import { type IngestWorker, startIngestWorker } from "../../ingest/kafka/worker.ts";
import { createIngestMetrics } from "../../ingest/observability/metrics.ts";
import { type MessageIngestor, createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { migrate } from "../../transforms/migrate.ts";
import { loadRegister, registerLookup } from "../../transforms/register/register.ts";
import { openTestEmbedded } from "./warehouse.ts";

let lookup: Promise<ReturnType<typeof registerLookup>> | undefined;

/** A migrated test database of the embedded engine and the validate-and-write path onto it, its clock at 2024-05-01. */
export async function freshIngestPath(label: string, log: Logger): Promise<{ warehouse: Warehouse; ingestor: MessageIngestor }> {
  lookup ??= loadRegister().then(registerLookup);
  const register = await lookup;
  const warehouse = await openTestEmbedded(label);
  await migrate(warehouse, log);
  const ingestor = createMessageIngestor({
    writer: createEventWriter(warehouse),
    lookup: () => register,
    clock: () => DateTime.fromISO("2024-05-01T00:00:00Z"),
  });
  return { warehouse, ingestor };
}

/** The ingest worker with small writes and a short session, as the worker tests run it. */
export function startTestWorker(
  deps: { kafka: Kafka; ingestor: MessageIngestor; log: Logger; metrics?: ReturnType<typeof createIngestMetrics> },
  topics: EventTopics,
  groupId: string,
): Promise<IngestWorker> {
  return startIngestWorker(
    { kafka: deps.kafka, ingestor: deps.ingestor, log: deps.log, metrics: deps.metrics ?? createIngestMetrics() },
    { groupId, topics, maxBatchEvents: 700, maxBatchWaitMs: 50, sessionTimeoutMs: 6000, stallPatienceMs: 60_000 },
  );
}
