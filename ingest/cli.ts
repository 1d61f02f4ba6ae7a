import { Command, Option } from "commander";
import { integerArg } from "../infra/cli/args.ts";
import type { Runtime } from "../infra/cli/runtime.ts";
import { defaultWorkerSettings, type WorkerSettings } from "./kafka/worker-settings.ts";

const ingestCommand = (runtime: () => Runtime) =>
  new Command("ingest")
    .description("consume events of every kind from Kafka into the warehouse, exactly once")
    .option("--metrics-port <port>", "port for /metrics and /healthz on 127.0.0.1 (0: none)", integerArg(0, 65535), 9464)
    .option("--max-batch-events <n>", "events per warehouse write at most", integerArg(1, 200_000), defaultWorkerSettings.maxBatchEvents)
    .option("--max-batch-wait-ms <ms>", "longest wait for a fuller write", integerArg(1, 60_000), defaultWorkerSettings.maxBatchWaitMs)
    .option("--partitions <n>", "partitions of the topics it creates", integerArg(1, 256), defaultWorkerSettings.partitions)
    .option("--session-timeout-ms <ms>", "consumer group session timeout", integerArg(6000, 300_000), defaultWorkerSettings.sessionTimeoutMs)
    .action(async (options: WorkerSettings & { metricsPort: number }) => (await import("./cli-actions.ts")).runIngestWorker(runtime(), options));

const importCommand = (runtime: () => Runtime) =>
  new Command("import")
    .description("backfill events from NDJSON or CSV files (header row of contract field names), exactly once")
    .argument("<files...>", "NDJSON files, or .csv files")
    .option("--rejects <path>", "where rejected lines are written (invalid, conflicting, refused by the warehouse)", "import-rejects.ndjson")
    .option("--batch-size <n>", "events per warehouse write", integerArg(1, 200_000), 20_000)
    .action(async (files: string[], options: { rejects: string; batchSize: number }) =>
      (await import("./cli-actions.ts")).importEventFiles(runtime(), files, options),
    );

const dlqCommand = (runtime: () => Runtime) => {
  const list = new Command("list")
    .description("show the dead letters: source, reason, time")
    .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
    .action(async (options: { format: "table" | "json" }) => (await import("./cli-actions.ts")).listDeadLetters(runtime(), options));
  const replay = new Command("replay")
    .description("send every dead letter back through validation (e.g. after fixing the register); report how many now pass")
    .action(async () => (await import("./cli-actions.ts")).replayDeadLetters(runtime()));
  return new Command("dlq").description("dead letters: messages that failed validation").addCommand(list).addCommand(replay);
};

/** `tourism ingest`, `tourism import`, `tourism dlq list|replay`; each action imports its work when it runs, so `--help` stays light. */
export function ingestCommands(runtime: () => Runtime): Command[] {
  return [ingestCommand(runtime), importCommand(runtime), dlqCommand(runtime)];
}
