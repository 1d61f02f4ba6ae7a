import type { AddressInfo } from "node:net";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Registry } from "prom-client";
import type { Runtime } from "../../infra/cli/runtime.ts";
import { claimDataDir, ownerSecret } from "../../infra/warehouse/owner-file.ts";
import { backUpStore } from "../../ingest/backup/back-up-store.ts";
import { startCapacityAlerts } from "../../ingest/alerts/capacity-alerts.ts";
import type { SiteClock } from "../../ingest/live/site-clock.ts";
import type { EventQueue } from "../../ingest/kafka/event-queue.ts";
import type { StagedIngestor, WrittenHook } from "../../ingest/pipeline/ingest-messages.ts";
import { knownIds, watchTokenBook } from "../access/tokens.ts";
import { tokensPath } from "../access/tokens-file.ts";
import { createCollectMetrics } from "../api/collect-metrics.ts";
import { servedHosts } from "../api/hosts.ts";
import { buildServer } from "../api/server.ts";
import { streamLimits } from "../api/stream-slots.ts";
import { writtenSignal } from "../live/written-signal.ts";
import type { ReportContext } from "../reports/context.ts";
import { type SampleToken, ensureSampleTokens, sampleTokensPath } from "./sample-tokens.ts";

export interface OwnerOptions {
  command: "start" | "run";
  context: ReportContext;
  /** The validate-and-write path this process owns: imports beside it and POST /api/events write through it. */
  ingestor: StagedIngestor;
  /** With Kafka (`run` with KAFKA_BROKERS): POST /api/events produces valid events to the topics instead of writing them. */
  queue?: EventQueue;
  host: string;
  port: number;
  /** The site whose operator the sample tokens file names, when one is made. */
  sampleSite: string;
  /** Where the capacity level gauge and the collector's counters are kept (served on /metrics by `run`). */
  registry: Registry;
  /** The clock the process's ingest path runs on (a demo's own in a demo): alerts judge lateness by it, the API's "now" and "today" are its. */
  clock: SiteClock;
}

export interface OwnedDataDir {
  /** The API's address, e.g. http://127.0.0.1:8080. */
  address: string;
  /** What to print of the tokens: the sample tokens the first time, once; afterwards where they are. */
  tokensLines: string[];
  /** Tell of each write: evaluates capacity alerts and wakes the live stream. */
  written: WrittenHook;
  /** Stop the process's writers first; then this stops answering, releases the directory and finishes alerts. */
  stop(): Promise<void>;
}

/**
 * The part `start` and `run` share: the API and dashboard with the collector, capacity alerts, the
 * tokens file (a sample one with one token per role when TOURISM_TOKENS is unset), and, on the
 * embedded engine, the owner file through which the command line beside it is answered.
 */
export async function ownDataDir({ config, log }: Runtime, options: OwnerOptions): Promise<OwnedDataDir> {
  const { context, ingestor } = options;
  const dataDir = resolve(config.TOURISM_DATA_DIR);
  const tokensFile = tokensPath(config);
  const demoTokensPath = sampleTokensPath(dataDir);
  const samples = config.TOURISM_TOKENS ? undefined : await ensureSampleTokens(tokensFile, demoTokensPath, context.register, options.sampleSite);
  const tokens = await watchTokenBook(tokensFile, knownIds(context.register), log.child({ module: "tokens" }));
  const alerts = startCapacityAlerts({
    warehouse: context.warehouse,
    register: context.register,
    config,
    log,
    registry: options.registry,
    clock: options.clock,
  });
  const written = writtenSignal();
  const secret = ownerSecret();
  const app = await buildServer({
    local: { secret, ingestor, backUp: (destination) => backUpStore(context.warehouse, config, destination, log.child({ module: "backup" })) },
    collect: {
      ingestor,
      ...(options.queue ? { queue: options.queue } : {}),
      register: context.register,
      requestsPerMinute: config.TOURISM_COLLECT_REQUESTS_PER_MINUTE,
      metrics: createCollectMetrics(options.registry),
    },
    context,
    tokens,
    clock: options.clock,
    hosts: servedHosts(options.host, config.TOURISM_ALLOWED_HOSTS),
    logger: log.child({ module: "api" }),
    staleMinutes: config.TOURISM_LIVE_STALE_MINUTES,
    liveStreams: streamLimits(config),
    written,
  });
  const address = await app.listen({ host: options.host, port: options.port });
  const release = config.CLICKHOUSE_URL
    ? undefined
    : await claimDataDir(dataDir, { command: options.command, port: (app.server.address() as AddressInfo).port, secret });
  return {
    address,
    tokensLines: tokensLines(options.command, tokensFile, samples, config.TOURISM_TOKENS || !existsSync(demoTokensPath) ? undefined : demoTokensPath),
    written(footfall) {
      alerts.written(footfall);
      written.notify();
    },
    async stop() {
      await release?.();
      await app.close(); // waits for requests being written: an acknowledged batch is stored
      tokens.close();
      await alerts.stop();
    },
  };
}

/** The sample tokens the first time, once; afterwards where the tokens are. */
function tokensLines(command: OwnerOptions["command"], tokensFile: string, samples: SampleToken[] | undefined, demoTokensPath: string | undefined): string[] {
  if (!samples) return [`tokens: ${tokensFile}${demoTokensPath ? ` (the sample tokens: ${demoTokensPath})` : ""}`];
  const width = Math.max(...samples.map((s) => s.role.length));
  // `run` serves real events: its sample tokens are a start, to be replaced through `tourism tokens`.
  const note =
    command === "start"
      ? `kept for the demo in ${demoTokensPath}, readable by you only`
      : `also in ${demoTokensPath}, readable by you only; make your own with \`tourism tokens add\` and end these with \`tourism tokens revoke\``;
  return [`sample tokens, one per role (shown once; ${note}):`, ...samples.map((s) => `  ${s.role.padEnd(width)}  ${s.token}`)];
}
