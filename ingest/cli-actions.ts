import { Registry } from "prom-client";
import { createKafka } from "../infra/kafka/client.ts";
import { type KafkaConnection, kafkaConnection } from "../infra/kafka/connection.ts";
import { startProgress } from "../infra/progress.ts";
import { IncompleteError, type Runtime, UsageError } from "../infra/cli/runtime.ts";
import { untilSignal } from "../infra/cli/signals.ts";
import { type DataDirOwner, announceOwner, configuredOwner } from "../infra/warehouse/owner-file.ts";
import { readableSize, UnreadableFileError } from "./import/file-bytes.ts";
import { importFiles } from "./import/import-files.ts";
import { ownerIngestor } from "./import/local-import.ts";
import { letterSource, readDeadLetters } from "./kafka/dead-letters.ts";
import { startConfiguredWorker } from "./kafka/configured-worker.ts";
import { revalidateDeadLetters } from "./kafka/replay.ts";
import { skippedBatchNotice } from "./kafka/skipped-batches.ts";
import { eventTopics } from "./kafka/topics.ts";
import type { WorkerSettings } from "./kafka/worker-settings.ts";
import { serveObservability } from "./observability/http.ts";
import { createIngestMetrics } from "./observability/metrics.ts";
import { openIngestPath } from "./open-ingest-path.ts";

function requireKafka(runtime: Runtime): KafkaConnection {
  const brokers = runtime.config.KAFKA_BROKERS;
  if (!brokers) throw new UsageError("KAFKA_BROKERS: required for this command (e.g. 127.0.0.1:9092)");
  return kafkaConnection(brokers, runtime.config);
}

/** `tourism ingest`: the Kafka worker until a signal stops it. */
export async function runIngestWorker(rt: Runtime, options: WorkerSettings & { metricsPort: number }): Promise<void> {
  const kafka = createKafka(requireKafka(rt), "tourism-ingest", rt.log);
  const metrics = createIngestMetrics();
  const { warehouse, ingestor, alerts } = await openIngestPath(rt, { alertsRegistry: metrics.registry });
  const { worker, topics } = await startConfiguredWorker(rt, { kafka, ingestor, metrics }, options);
  const http =
    options.metricsPort > 0
      ? await serveObservability(
          options.metricsPort,
          metrics.registry,
          () => worker.healthy(),
          () => skippedBatchNotice(worker.skippedBatches()),
        )
      : undefined;
  rt.log.info({ topics, groupId: rt.config.KAFKA_GROUP_ID, metricsPort: options.metricsPort }, "ingest worker running");
  const signal = await untilSignal().promise;
  rt.log.info({ signal }, "stopping");
  await worker.stop();
  await http?.close();
  await alerts?.stop();
  await warehouse.close();
}

/**
 * The running `start` or `run` whose ingest path writes for this command, announced on stderr; none
 * when no process holds the data directory. `serve` only reads: refused, naming `what` was to be written.
 */
function writingOwner(rt: Runtime, what: string): DataDirOwner | undefined {
  const owner = configuredOwner(rt.config);
  if (owner?.command === "serve")
    throw new UsageError(`${what}: the data directory is served read-only by tourism serve (pid ${owner.pid}); stop it to write, or run tourism start or run`);
  if (owner) announceOwner(owner);
  return owner;
}

/** `tourism import FILE…`. */
export async function importEventFiles(rt: Runtime, files: string[], options: { rejects: string; batchSize: number }): Promise<void> {
  const sizes = files.map((file) => {
    try {
      return readableSize(file);
    } catch (err) {
      throw asUsageError(err);
    }
  });
  const owner = writingOwner(rt, "files");
  const { warehouse, ingestor } = owner ? { warehouse: undefined, ingestor: ownerIngestor(owner) } : await openIngestPath(rt);
  const progress = startProgress(
    "import",
    sizes.reduce((a, b) => a + b, 0),
    "bytes",
    rt.log,
  );
  try {
    const summary = await importFiles(files, {
      ingestor,
      batchSize: options.batchSize,
      rejectsPath: options.rejects,
      onBytes: (n) => progress.increment(n),
    })
      .catch((err: unknown) => {
        throw asUsageError(err);
      })
      .finally(() => progress.stop());
    const lines = [
      `read ${summary.read}, written ${summary.written}, duplicates ${summary.duplicates}, invalid ${summary.invalid}, conflicts ${summary.conflicts}, refused by the warehouse ${summary.refused}`,
      ...summary.reasons.slice(0, 10).map((r) => `  ${r.count} × ${r.reason}`),
      ...(summary.reasons.length > 10 ? [`  … ${summary.reasons.length - 10} more reasons`] : []),
      ...(summary.rejectsPath ? [`rejected lines: ${summary.rejectsPath}`] : []),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    // A refusal means the warehouse and the contracts disagree, which someone has to look at: exit 1.
    if (summary.refused > 0) throw new Error(`${summary.refused} lines refused by the warehouse; the rest were written (reasons in ${summary.rejectsPath})`);
    // Lines a source got wrong are the source's to fix: exit 3, so that no script takes the import for a clean run.
    const rejected = summary.invalid + summary.conflicts;
    if (rejected > 0)
      throw new IncompleteError(
        `${rejected} lines rejected (invalid ${summary.invalid}, conflicts ${summary.conflicts}); the rest were written (reasons in ${summary.rejectsPath})`,
        3,
      );
  } finally {
    await warehouse?.close();
  }
}

/** A file that cannot be read at all is the caller's to fix: one line naming it, exit 2. */
const asUsageError = (err: unknown) => (err instanceof UnreadableFileError ? new UsageError(`files: ${err.message}`) : err);

/** `tourism dlq list`. */
export async function listDeadLetters(rt: Runtime, options: { format: "table" | "json" }): Promise<void> {
  const kafka = createKafka(requireKafka(rt), "tourism-dlq", rt.log);
  const { letters, unreadable } = await readDeadLetters(kafka, rt.config.KAFKA_TOPIC_DLQ);
  const rows = letters.map((l) => ({
    source: letterSource(l),
    failed_at: l.failedAt,
    reason: l.reason,
    bytes: l.truncated?.originalBytes ?? l.original.length,
    truncated: l.truncated !== undefined,
    ...(l.truncated ? { kept_bytes: l.original.length, sha256: l.truncated.sha256 } : {}),
    preview: l.original.subarray(0, 80).toString("utf8"),
  }));
  if (options.format === "json") process.stdout.write(`${JSON.stringify({ dead_letters: rows, unreadable }, null, 2)}\n`);
  else {
    for (const r of rows)
      process.stdout.write(
        `${r.source}\t${r.failed_at}\t${r.reason}\t${r.truncated ? `[truncated: ${r.kept_bytes} of ${r.bytes} bytes] ` : ""}${JSON.stringify(r.preview)}\n`,
      );
    process.stdout.write(`${rows.length} dead letters${unreadable.length ? `, ${unreadable.length} unreadable records` : ""}\n`);
  }
}

/**
 * `tourism dlq replay`: beside a running `start` or `run` that process writes the letters, against
 * its register and clock, and raises their alerts; otherwise the command opens the store itself and
 * evaluates the alerts the replayed counts cross.
 */
export async function replayDeadLetters(rt: Runtime): Promise<void> {
  const kafka = createKafka(requireKafka(rt), "tourism-dlq", rt.log);
  const owner = writingOwner(rt, "dead letters");
  const opened = owner ? undefined : await openIngestPath(rt, { alertsRegistry: new Registry() });
  try {
    const ingestor = owner ? ownerIngestor(owner) : opened!.ingestor;
    const { replayed, notReplayed, written, duplicates, rejected } = await revalidateDeadLetters(kafka, eventTopics(rt.config), ingestor);
    for (const line of notReplayed) process.stdout.write(`${line}\n`);
    process.stdout.write(
      `replayed ${replayed}: now pass ${written + duplicates} (written ${written}, already stored ${duplicates}), still invalid ${rejected.length}${notReplayed.length > 0 ? `; ${notReplayed.length} letters not replayed` : ""}\n`,
    );
  } finally {
    await opened?.alerts?.stop();
    await opened?.warehouse.close();
  }
}
