import { statSync } from "node:fs";
import { Command, Option } from "commander";
import { createKafka } from "../infra/kafka/client.ts";
import { startProgress } from "../infra/progress.ts";
import { integerArg } from "../infra/cli/args.ts";
import { type Runtime, UsageError } from "../infra/cli/runtime.ts";
import { untilSignal } from "../infra/cli/signals.ts";
import { announceOwner, configuredOwner } from "../infra/warehouse/owner-file.ts";
import { importFiles } from "./import/import-files.ts";
import { ownerIngestor } from "./import/local-import.ts";
import { readDeadLetters } from "./kafka/dead-letters.ts";
import { defaultWorkerSettings, startConfiguredWorker, type WorkerSettings } from "./kafka/configured-worker.ts";
import { eventTopics, kindOfTopic } from "./kafka/topics.ts";
import { serveObservability } from "./observability/http.ts";
import { createIngestMetrics } from "./observability/metrics.ts";
import { openIngestPath } from "./open-ingest-path.ts";
import { decodeUtf8 } from "./pipeline/utf8.ts";

function requireBrokers(runtime: Runtime): string {
  const brokers = runtime.config.KAFKA_BROKERS;
  if (!brokers) throw new UsageError("KAFKA_BROKERS: required for this command (e.g. 127.0.0.1:9092)");
  return brokers;
}

const ingestCommand = (runtime: () => Runtime) =>
  new Command("ingest")
    .description("consume events of every kind from Kafka into the warehouse, exactly once")
    .option("--metrics-port <port>", "port for /metrics and /healthz on 127.0.0.1 (0: none)", integerArg(0, 65535), 9464)
    .option("--max-batch-events <n>", "events per warehouse write at most", integerArg(1, 200_000), defaultWorkerSettings.maxBatchEvents)
    .option("--max-batch-wait-ms <ms>", "longest wait for a fuller write", integerArg(1, 60_000), defaultWorkerSettings.maxBatchWaitMs)
    .option("--partitions <n>", "partitions of the topics it creates", integerArg(1, 256), defaultWorkerSettings.partitions)
    .option("--session-timeout-ms <ms>", "consumer group session timeout", integerArg(6000, 300_000), defaultWorkerSettings.sessionTimeoutMs)
    .action(async (options: WorkerSettings & { metricsPort: number }) => {
      const rt = runtime();
      const kafka = createKafka(requireBrokers(rt), "tourism-ingest", rt.log);
      const metrics = createIngestMetrics();
      const { warehouse, ingestor, alerts } = await openIngestPath(rt, { alertsRegistry: metrics.registry });
      const { worker, topics } = await startConfiguredWorker(rt, { kafka, ingestor, metrics }, options);
      const http = options.metricsPort > 0 ? await serveObservability(options.metricsPort, metrics.registry, () => worker.healthy()) : undefined;
      rt.log.info({ topics, groupId: rt.config.KAFKA_GROUP_ID, metricsPort: options.metricsPort }, "ingest worker running");
      const signal = await untilSignal().promise;
      rt.log.info({ signal }, "stopping");
      await worker.stop();
      await http?.close();
      await alerts?.stop();
      await warehouse.close();
    });

const importCommand = (runtime: () => Runtime) =>
  new Command("import")
    .description("backfill events from NDJSON or CSV files (header row of contract field names), exactly once")
    .argument("<files...>", "NDJSON files, or .csv files")
    .option("--rejects <path>", "where rejected lines are written (invalid, conflicting, refused by the warehouse)", "import-rejects.ndjson")
    .option("--batch-size <n>", "events per warehouse write", integerArg(1, 200_000), 20_000)
    .action(async (files: string[], options: { rejects: string; batchSize: number }) => {
      const rt = runtime();
      const sizes = files.map((file) => {
        try {
          return statSync(file).size;
        } catch {
          throw new UsageError(`files: cannot read ${file}`);
        }
      });
      // Beside a running `start`, its ingest path writes the lines; `serve` only reads.
      const owner = configuredOwner(rt.config);
      if (owner?.command === "serve")
        throw new UsageError(`files: the data directory is served read-only by tourism serve (pid ${owner.pid}); stop it to import, or run tourism start`);
      if (owner) announceOwner(owner);
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
        });
        progress.stop();
        const lines = [
          `read ${summary.read}, written ${summary.written}, duplicates ${summary.duplicates}, invalid ${summary.invalid}, conflicts ${summary.conflicts}, refused by the warehouse ${summary.refused}`,
          ...summary.reasons.slice(0, 10).map((r) => `  ${r.count} × ${r.reason}`),
          ...(summary.reasons.length > 10 ? [`  … ${summary.reasons.length - 10} more reasons`] : []),
          ...(summary.rejectsPath ? [`rejected lines: ${summary.rejectsPath}`] : []),
        ];
        process.stdout.write(`${lines.join("\n")}\n`);
        // Validation catches what a source got wrong; a refusal means the warehouse and the
        // contracts disagree, which someone has to look at: exit 1.
        if (summary.refused > 0)
          throw new Error(`${summary.refused} lines refused by the warehouse; the rest were written (reasons in ${summary.rejectsPath})`);
      } finally {
        await warehouse?.close();
      }
    });

const dlqCommand = (runtime: () => Runtime) => {
  const list = new Command("list")
    .description("show the dead letters: source, reason, time")
    .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
    .action(async (options: { format: "table" | "json" }) => {
      const rt = runtime();
      const kafka = createKafka(requireBrokers(rt), "tourism-dlq", rt.log);
      const { letters, unreadable } = await readDeadLetters(kafka, rt.config.KAFKA_TOPIC_DLQ);
      const rows = letters.map((l) => ({
        source: `${l.sourceTopic}/${l.sourcePartition}@${l.sourceOffset}`,
        failed_at: l.failedAt,
        reason: l.reason,
        bytes: l.original.length,
        preview: l.original.subarray(0, 80).toString("utf8"),
      }));
      if (options.format === "json") process.stdout.write(`${JSON.stringify({ dead_letters: rows, unreadable }, null, 2)}\n`);
      else {
        for (const r of rows) process.stdout.write(`${r.source}\t${r.failed_at}\t${r.reason}\t${JSON.stringify(r.preview)}\n`);
        process.stdout.write(`${rows.length} dead letters${unreadable.length ? `, ${unreadable.length} unreadable records` : ""}\n`);
      }
    });
  const replay = new Command("replay")
    .description("send every dead letter back through validation (e.g. after fixing the register); report how many now pass")
    .action(async () => {
      const rt = runtime();
      const kafka = createKafka(requireBrokers(rt), "tourism-dlq", rt.log);
      const topics = eventTopics(rt.config);
      const { letters } = await readDeadLetters(kafka, topics.deadLetters);
      const { warehouse, ingestor } = await openIngestPath(rt);
      try {
        const outcome = await ingestor.ingest(
          letters.map((l) => {
            const expected = kindOfTopic(topics, l.sourceTopic);
            return {
              ...decodeUtf8(l.original),
              source: { kind: "kafka" as const, name: l.sourceTopic, partition: l.sourcePartition, position: l.sourceOffset },
              ...(expected ? { expected } : {}),
            };
          }),
        );
        process.stdout.write(
          `replayed ${letters.length}: now pass ${outcome.written + outcome.duplicates} (written ${outcome.written}, already stored ${outcome.duplicates}), still invalid ${outcome.rejected.length}\n`,
        );
      } finally {
        await warehouse.close();
      }
    });
  return new Command("dlq").description("dead letters: messages that failed validation").addCommand(list).addCommand(replay);
};

/** `tourism ingest`, `tourism import`, `tourism dlq list|replay`. */
export function ingestCommands(runtime: () => Runtime): Command[] {
  return [ingestCommand(runtime), importCommand(runtime), dlqCommand(runtime)];
}
