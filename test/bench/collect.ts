/**
 * `npm run bench:collect`: events a second through POST /api/events against `tourism import` of the
 * same events, in one run. 1. A `tourism run` child on a fresh embedded data directory (no Kafka),
 * sent the events by one sender, as `tourism send` sends them (gzipped NDJSON, requests of 500, each
 * answered once its events are stored, parts fsynced), one request after another: events a second
 * over the whole send, each request's latency, and the mean milliseconds a request spent per stage
 * in the collector (decode, validate, wait for the write in progress, write), read from its /metrics,
 * and the CPU the `run` process spent (node and the engine's threads) per 1,000 events, which a
 * machine shared with other work changes far less than the rates. 2. The same with 4 senders at once, each sending
 * its quarter of the events one request after another (tills and gate counters posting together).
 * 3. The same file imported in this process into another fresh data directory, as `tourism import`
 * does it (writes of 20,000, its default), from opening the directory to the last write, with its
 * CPU per 1,000 events the same way.
 * Targets: collect ≥ 0.5× import, p95 ≤ 200 ms a request.
 * JSON lines on stdout, and a one-line summary last. Not a test.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../infra/config.ts";
import { createLogger } from "../../infra/logger.ts";
import { importFiles } from "../../ingest/import/import-files.ts";
import { openIngestPath } from "../../ingest/open-ingest-path.ts";
import { postBatch } from "../../queries/cli/send/collector-client.ts";
import { exited, freePort, spawnTourism, untilReady } from "../support/child.ts";
import { validEvents } from "../support/events.ts";
import { percentile, round } from "./measure.ts";
import { printSummary } from "./summary.ts";

const events = Number(process.argv[2] ?? 50_000);
const requestEvents = 500;
const importBatch = 20_000;
const target = { ratio: 0.5, p95_ms: 200 };
const token = "bench-collect-staff-token-01";
const emit = (record: object) => process.stdout.write(`${JSON.stringify({ bench: "collect", ...record })}\n`);
const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);

const work = mkdtempSync(join(tmpdir(), "tourism-bench-collect-"));
const lines = validEvents(events, 51, `bench-collect-${Date.now()}`).map((event) => JSON.stringify(event));
const file = join(work, "events.ndjson");
writeFileSync(file, `${lines.join("\n")}\n`);

type Collected = {
  senders: number;
  events_per_s: number;
  p50_ms: number;
  p95_ms: number;
  max_ms: number;
  requests: number;
  stages_ms: Record<string, number>;
  cpu_ms_per_1000: number;
};

/** CPU seconds a process has spent (all its threads), from its /metrics text. */
async function cpuSeconds(metricsUrl: string): Promise<number> {
  const metrics = await (await fetch(metricsUrl)).text();
  const found = /^tourism_ingest_process_cpu_seconds_total (\S+)$/m.exec(metrics);
  if (!found) throw new Error("no process_cpu_seconds_total on /metrics");
  return Number(found[1]);
}

/** Mean milliseconds per request of each stage of tourism_collect_stage_seconds, from a /metrics text. */
function stagesOf(metrics: string): Record<string, number> {
  const read = (suffix: string) =>
    new Map([...metrics.matchAll(new RegExp(`^tourism_collect_stage_seconds_${suffix}\\{stage="(\\w+)"\\} (\\S+)$`, "gm"))].map((m) => [m[1]!, Number(m[2])]));
  const counts = read("count");
  return Object.fromEntries([...read("sum")].map(([stage, sum]) => [stage, round((sum / (counts.get(stage) || 1)) * 1000)]));
}

/** Sends `lines` one request after another, each answer checked, adding each request's latency to `latencies`. */
async function sendAll(client: Parameters<typeof postBatch>[0], sent: readonly string[], latencies: number[]): Promise<void> {
  for (let i = 0; i < sent.length; i += requestEvents) {
    const started = performance.now();
    const answer = await postBatch(client, sent.slice(i, i + requestEvents));
    latencies.push(performance.now() - started);
    if (answer.written !== answer.received) throw new Error(`${answer.written} of ${answer.received} written`);
  }
}

async function collect(senders: number): Promise<Collected> {
  const tokensFile = join(work, "tokens.json");
  writeFileSync(tokensFile, JSON.stringify({ tokens: [{ token, role: "staff", name: "bench" }] }));
  const port = await freePort();
  const metricsPort = await freePort();
  const run = spawnTourism(["run", "--port", String(port), "--metrics-port", String(metricsPort)], {
    TOURISM_DATA_DIR: join(work, `collect-data-${senders}`),
    TOURISM_TOKENS: tokensFile,
    TOURISM_COLLECT_REQUESTS_PER_MINUTE: "1000000",
    KAFKA_BROKERS: "",
  });
  try {
    await untilReady(run);
    const client = { url: new URL(`http://127.0.0.1:${port}/api/events`), token, retries: 0 };
    const latencies: number[] = [];
    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    const cpuBefore = await cpuSeconds(metricsUrl);
    const started = performance.now();
    const share = Math.ceil(lines.length / senders);
    await Promise.all(Array.from({ length: senders }, (_, s) => sendAll(client, lines.slice(s * share, (s + 1) * share), latencies)));
    const elapsed = performance.now() - started;
    const cpu = (await cpuSeconds(metricsUrl)) - cpuBefore;
    const metrics = await (await fetch(metricsUrl)).text();
    latencies.sort((a, b) => a - b);
    return {
      senders,
      events_per_s: perSecond(lines.length, elapsed),
      p50_ms: round(percentile(latencies, 50)),
      p95_ms: round(percentile(latencies, 95)),
      max_ms: round(latencies.at(-1)!),
      requests: latencies.length,
      stages_ms: stagesOf(metrics),
      cpu_ms_per_1000: round((cpu * 1000 * 1000) / lines.length),
    };
  } finally {
    run.kill("SIGTERM");
    await exited(run);
  }
}

async function importSame(): Promise<{ events_per_s: number; seconds: number; cpu_ms_per_1000: number }> {
  const config = loadConfig({ ...process.env, TOURISM_DATA_DIR: join(work, "import-data"), CLICKHOUSE_URL: "" });
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const { warehouse, ingestor } = await openIngestPath({ config, log: createLogger("warn") });
  try {
    const summary = await importFiles([file], { ingestor, batchSize: importBatch, rejectsPath: join(work, "rejects.ndjson") });
    if (summary.written !== lines.length) throw new Error(`import wrote ${summary.written} of ${lines.length}`);
  } finally {
    await warehouse.close();
  }
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { events_per_s: perSecond(lines.length, elapsed), seconds: round(elapsed / 1000), cpu_ms_per_1000: round((cpu.user + cpu.system) / lines.length) };
}

const met = (ok: boolean) => (ok ? "met" : "not met");

try {
  const runs: Collected[] = [];
  for (const senders of [1, 4]) {
    runs.push(await collect(senders));
    emit({ phase: "collect", events, request_events: requestEvents, ...runs.at(-1)!, target_p95_ms: target.p95_ms });
  }
  const imported = await importSame();
  emit({ phase: "import", events, batch_size: importBatch, ...imported });
  const ratioOf = (run: Collected) => Math.round((run.events_per_s / imported.events_per_s) * 100) / 100;
  const said = runs.map(
    (run) =>
      `${run.senders} sender${run.senders > 1 ? "s" : ""} ${run.events_per_s}/s (ratio ${ratioOf(run)}, target ≥ ${target.ratio}: ${met(ratioOf(run) >= target.ratio)}; request p95 ${run.p95_ms} ms, target ≤ ${target.p95_ms}: ${met(run.p95_ms <= target.p95_ms)})`,
  );
  printSummary("collect", `POST /api/events against import ${imported.events_per_s}/s: ${said.join("; ")}; ${events} events`, {
    import_events_per_s: imported.events_per_s,
    import_cpu_ms_per_1000: imported.cpu_ms_per_1000,
    ...Object.fromEntries(
      runs.flatMap((run) => [
        [`collect_${run.senders}_events_per_s`, run.events_per_s],
        [`ratio_${run.senders}`, ratioOf(run)],
        [`p95_ms_${run.senders}`, run.p95_ms],
        [`cpu_ms_per_1000_${run.senders}`, run.cpu_ms_per_1000],
      ]),
    ),
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
