// Plain values, imported by the command line's option definitions without loading Kafka.

/** Partitions of a topic that a command creates because it is missing. */
export const defaultTopicPartitions = 4;

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
