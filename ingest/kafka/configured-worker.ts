import type { Kafka } from "kafkajs";
import type { Runtime } from "../../infra/cli/runtime.ts";
import { ensureTopics } from "../../infra/kafka/client.ts";
import type { IngestMetrics } from "../observability/metrics.ts";
import type { MessageIngestor } from "../pipeline/ingest-messages.ts";
import { arrivalTopics, defaultTopicPartitions, type EventTopics, eventTopics } from "./topics.ts";
import { type IngestWorker, startIngestWorker } from "./worker.ts";

/** What a person may tune about the worker; the rest comes from the configuration. */
export interface WorkerSettings {
  maxBatchEvents: number;
  maxBatchWaitMs: number;
  sessionTimeoutMs: number;
  /** Partitions of the topics it creates when they are missing. */
  partitions: number;
}

/** The worker's settings when nobody chooses: `tourism ingest`'s option defaults, and `start`'s worker. */
export const defaultWorkerSettings: WorkerSettings = {
  maxBatchEvents: 20_000,
  maxBatchWaitMs: 500,
  sessionTimeoutMs: 30_000,
  partitions: defaultTopicPartitions,
};

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
