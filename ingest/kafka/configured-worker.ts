import type { Kafka } from "kafkajs";
import type { Runtime } from "../../infra/cli/runtime.ts";
import { ensureTopics } from "../../infra/kafka/client.ts";
import type { IngestMetrics } from "../observability/metrics.ts";
import type { MessageIngestor } from "../pipeline/ingest-messages.ts";
import { arrivalTopics, type EventTopics, eventTopics } from "./topics.ts";
import { defaultWorkerSettings, type WorkerSettings } from "./worker-settings.ts";
import { type IngestWorker, startIngestWorker } from "./worker.ts";

export interface ConfiguredWorker {
  worker: IngestWorker;
  topics: EventTopics;
}

/** Creates the configured topics when missing and starts the ingest worker on them, in the configured group. */
export async function startConfiguredWorker(
  { config, log }: Runtime,
  deps: { kafka: Kafka; ingestor: MessageIngestor; metrics: IngestMetrics },
  settings: WorkerSettings = defaultWorkerSettings,
): Promise<ConfiguredWorker> {
  const topics = eventTopics(config);
  await ensureTopics(deps.kafka, [...arrivalTopics(topics), topics.deadLetters], settings.partitions);
  const worker = await startIngestWorker(
    { ...deps, log },
    {
      groupId: config.KAFKA_GROUP_ID,
      topics,
      maxBatchEvents: settings.maxBatchEvents,
      maxBatchWaitMs: settings.maxBatchWaitMs,
      sessionTimeoutMs: settings.sessionTimeoutMs,
      stallPatienceMs: config.TOURISM_WRITE_PATIENCE_SECONDS * 1000,
    },
  );
  return { worker, topics };
}
