import type { FastifyInstance } from "fastify";
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import type { Runtime } from "../../infra/cli/runtime.ts";
import { untilSignal } from "../../infra/cli/signals.ts";
import { createKafka } from "../../infra/kafka/client.ts";
import { kafkaConnection } from "../../infra/kafka/connection.ts";
import { type EventQueue, openEventQueue } from "../../ingest/kafka/event-queue.ts";
import { eventTopics } from "../../ingest/kafka/topics.ts";
import type { WrittenHook } from "../../ingest/pipeline/ingest-messages.ts";
import { type ConfiguredWorker, startConfiguredWorker } from "../../ingest/kafka/configured-worker.ts";
import { skippedBatchNotice } from "../../ingest/kafka/skipped-batches.ts";
import { serveObservability } from "../../ingest/observability/http.ts";
import { createIngestMetrics } from "../../ingest/observability/metrics.ts";
import { openIngestPath } from "../../ingest/open-ingest-path.ts";
import { realClock } from "../../ingest/live/site-clock.ts";
import { storedEventCount } from "../../ingest/write/stored-events.ts";
import { loadReportReference } from "../reports/open-context.ts";
import { ownDataDir } from "./own-data-dir.ts";

export interface RunOptions {
  /** Address the API listens on. */
  host: string;
  /** Its port; PORT when absent. */
  port?: number;
  /** Port of /metrics and /healthz on loopback; 0: none. */
  metricsPort: number;
}

/**
 * `tourism run`: one process runs the alliance on real events. It owns the data directory (schema
 * migrated), consumes the Kafka topics when KAFKA_BROKERS is set (the `ingest` worker and its dead
 * letters), takes events at POST /api/events (onto those topics, for the worker, when it consumes
 * them), serves the API and dashboard, raises capacity alerts and answers the command line beside
 * it. It never simulates. On SIGTERM it stops the consumer
 * (offsets are committed only for written events), then stops taking requests and finishes those
 * being written (an HTTP answer only for stored events), and releases the directory.
 */
export async function runAlliance(runtime: Runtime, options: RunOptions): Promise<void> {
  const started = Date.now();
  const { config, log } = runtime;
  const stop = untilSignal();
  await mkdir(resolve(config.TOURISM_DATA_DIR), { recursive: true });
  const reference = await loadReportReference(config);
  let afterWrite: WrittenHook | undefined;
  const { warehouse, ingestor, validation } = await openIngestPath(runtime, { register: reference.register, onWritten: (footfall) => afterWrite?.(footfall) });
  const kafka = config.KAFKA_BROKERS ? createKafka(kafkaConnection(config.KAFKA_BROKERS, config), "tourism-run", log) : undefined;
  let queue: EventQueue | undefined;
  try {
    // With Kafka, events sent over HTTP take the topics' way too: one writer, the worker, decides every duplicate.
    if (kafka) queue = await openEventQueue(kafka, eventTopics(config), validation);
    const metrics = createIngestMetrics();
    const owner = await ownDataDir(runtime, {
      command: "run",
      context: { warehouse, ...reference },
      ingestor,
      ...(queue ? { queue } : {}),
      host: options.host,
      port: options.port ?? config.PORT,
      sampleSite: reference.register.sites[0]?.site_id ?? "",
      registry: metrics.registry,
      clock: realClock,
    });
    afterWrite = owner.written;
    let consumer: ConfiguredWorker | undefined;
    let observability: FastifyInstance | undefined;
    try {
      if (kafka) consumer = await startConfiguredWorker(runtime, { kafka, ingestor, metrics });
      if (options.metricsPort > 0)
        observability = await serveObservability(
          options.metricsPort,
          metrics.registry,
          () => consumer?.worker.healthy() ?? true,
          () => (consumer ? skippedBatchNotice(consumer.worker.skippedBatches()) : {}),
        );
      const stored = await storedEventCount(warehouse);
      process.stdout.write(
        [
          `dashboard and API: ${owner.address}/ (events: POST ${owner.address}/api/events)`,
          ...owner.tokensLines,
          consumer
            ? `Kafka: ${consumer.topics.byKind.ticket}, ${consumer.topics.byKind.footfall} (dead letters: ${consumer.topics.deadLetters})`
            : "Kafka: off (KAFKA_BROKERS unset)",
          ...(observability ? [`metrics: http://127.0.0.1:${options.metricsPort}/metrics`] : []),
          `ready in ${((Date.now() - started) / 1000).toFixed(1)} s; ${stored.toLocaleString("en-US")} events stored; SIGTERM or Ctrl-C stops`,
          "",
        ].join("\n"),
      );
      const signal = await stop.promise;
      log.info({ signal }, "stopping");
    } finally {
      // Writers first: the consumer commits what it wrote; then the API finishes the batches it is writing.
      await consumer?.worker.stop();
      await owner.stop();
      await observability?.close();
    }
  } finally {
    await queue?.close();
    await warehouse.close();
  }
}
