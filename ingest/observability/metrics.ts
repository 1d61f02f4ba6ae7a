import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** What the ingest worker exposes on /metrics. */
export interface IngestMetrics {
  registry: Registry;
  consumed: Counter<"topic">;
  written: Counter<"topic">;
  duplicates: Counter<"topic">;
  deadLettered: Counter<"topic">;
  conflicts: Counter<"topic">;
  refused: Counter<"topic">;
  skippedBatches: Counter<"topic">;
  retries: Counter<"failure">;
  /** Reads the stall gauge from this source whenever metrics are collected, so it is current at any scrape. */
  watchStalls(stalledMs: () => number): void;
  batchSize: Histogram;
  writeSeconds: Histogram;
  lag: Gauge<"topic" | "partition">;
}

export function createIngestMetrics(): IngestMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "tourism_ingest_" });
  const registers = [registry];
  let stalledMs = () => 0;
  new Gauge({
    name: "tourism_ingest_stalled_seconds",
    help: "How long writing has been failing (0 while it flows); offsets do not move meanwhile",
    registers,
    collect() {
      this.set(stalledMs() / 1000);
    },
  });
  return {
    registry,
    consumed: new Counter({ name: "tourism_ingest_events_consumed_total", help: "Messages read from Kafka", labelNames: ["topic"], registers }),
    written: new Counter({ name: "tourism_ingest_events_written_total", help: "Events newly stored in the warehouse", labelNames: ["topic"], registers }),
    duplicates: new Counter({
      name: "tourism_ingest_events_duplicate_total",
      help: "Events whose event_id was already stored",
      labelNames: ["topic"],
      registers,
    }),
    deadLettered: new Counter({
      name: "tourism_ingest_events_dead_lettered_total",
      help: "Messages sent to the dead-letter topic",
      labelNames: ["topic"],
      registers,
    }),
    conflicts: new Counter({
      name: "tourism_ingest_events_conflict_total",
      help: "Events re-using a stored event_id for different content (dead-lettered)",
      labelNames: ["topic"],
      registers,
    }),
    refused: new Counter({
      name: "tourism_ingest_events_refused_total",
      help: "Events the warehouse refused for their content (dead-lettered)",
      labelNames: ["topic"],
      registers,
    }),
    skippedBatches: new Counter({
      name: "tourism_ingest_batches_skipped_total",
      help: "Record batches that could not be decoded (corrupt, or an unknown codec): skipped and dead-lettered by their offsets",
      labelNames: ["topic"],
      registers,
    }),
    retries: new Counter({
      name: "tourism_ingest_retries_total",
      help: "Failed warehouse writes and dead-letter sends retried, by kind of failure",
      labelNames: ["failure"],
      registers,
    }),
    watchStalls: (source) => {
      stalledMs = source;
    },
    batchSize: new Histogram({
      name: "tourism_ingest_batch_events",
      help: "Events per warehouse write",
      buckets: [1, 10, 100, 1000, 5000, 10000, 20000, 50000],
      registers,
    }),
    writeSeconds: new Histogram({
      name: "tourism_ingest_write_seconds",
      help: "Warehouse write latency",
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    lag: new Gauge({
      name: "tourism_ingest_consumer_lag",
      help: "Messages behind the partition's high watermark",
      labelNames: ["topic", "partition"],
      registers,
    }),
  };
}
