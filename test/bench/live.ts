/**
 * `npm run bench:live`: how fast live figures follow the gates, and what one live snapshot costs.
 * 1. The cost of one alliance snapshot (the statement behind /api/live and every stream push) over
 *    10M stored events on the embedded engine (data: the directory given as its argument, default
 *    /tmp/tourism-bench-live, loaded once and reused).
 * 2. Seconds from sending a gate count to Kafka until /api/live and the /api/live/stream
 *    server-sent events show it, with `tourism start` as its own process: with KAFKA_BROKERS it is
 *    the process that consumes the topics into its embedded warehouse (default batch settings) and
 *    signals the stream in process. Its simulated live stream keeps running beside the bench.
 * JSON lines on stdout, and a one-line summary last. Not a test.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { defaultNaming } from "../support/naming.ts";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { DateTime } from "luxon";
import pino from "pino";
import { createKafka, createReliableProducer } from "../../infra/kafka/client.ts";
import { createLogger } from "../../infra/logger.ts";
import { openEmbeddedWarehouse } from "../../infra/warehouse/embedded.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { cliStaff } from "../../queries/access/access.ts";
import { liveReport } from "../../queries/live/live.ts";
import { loadFestivals } from "../../transforms/calendar/festivals.ts";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import { migrate } from "../../transforms/migrate.ts";
import { type Register, loadRegister } from "../../transforms/register/register.ts";
import { exited, freePort, spawnTourism, stderrTail } from "../support/child.ts";
import { createTestTopics, workerEnv } from "../support/ingest-worker.ts";
import { testKafka, uniqueName } from "../support/kafka.ts";
import { sampleStaffToken } from "../support/sample-tokens.ts";
import { readyEventStore } from "./event-store.ts";
import { percentile, round, time } from "./measure.ts";
import { printSummary } from "./summary.ts";

const dataDir = process.argv[2] ?? "/tmp/tourism-bench-live";
const storedEvents = 10_000_000;
const snapshotRuns = 50;
const samples = 30;
const target = { snapshot_p95_ms: 50, visible_p95_s: 2 };
const inSeconds = (ms: number) => Math.round(ms) / 1000;
const emit = (record: object) => process.stdout.write(`${JSON.stringify({ bench: "live", ...record })}\n`);

/** p50/p95 in ms of one alliance-wide live snapshot (all sites, today against its comparison day) at this moment. */
export async function liveSnapshotCost(warehouse: Warehouse, register: Register, runs: number): Promise<{ p50_ms: number; p95_ms: number }> {
  const ctx = { warehouse, register, festivals: await loadFestivals(), calendar: await loadHolidayCalendar(), naming: defaultNaming };
  const options = { clock: () => DateTime.now(), staleMinutes: 15 };
  const { p50, p95 } = await time(() => liveReport(ctx, cliStaff, {}, options), runs);
  return { p50_ms: round(p50), p95_ms: round(p95) };
}

async function snapshotAtScale(): Promise<{ p50_ms: number; p95_ms: number }> {
  const register = await loadRegister();
  const warehouse = await openEmbeddedWarehouse(dataDir, "bench_live");
  try {
    await migrate(warehouse, createLogger("warn"));
    const { stored } = await readyEventStore(warehouse, register, { footfallEvents: storedEvents, ticketEvents: 0 });
    const cost = await liveSnapshotCost(warehouse, register, snapshotRuns);
    emit({ phase: "snapshot", stored_events: stored, runs: snapshotRuns, ...cost, target_p95_ms: target.snapshot_p95_ms });
    return cost;
  } finally {
    await warehouse.close();
  }
}

/** `tourism start` consuming the bench's topics, once it says it is ready; its staff token. */
async function startProcess(): Promise<{
  child: ChildProcess;
  dir: string;
  base: string;
  token: string;
  topics: Awaited<ReturnType<typeof createTestTopics>>;
}> {
  const kafka = createKafka(testKafka(), "bench-live-topics", pino({ level: "warn" }));
  const topics = await createTestTopics(kafka, 4);
  const dir = mkdtempSync(join(tmpdir(), "tourism-bench-live-start-"));
  const port = await freePort();
  const child = spawnTourism(["start"], {
    ...workerEnv(topics, uniqueName("bench-live"), dir),
    TOURISM_TOKENS: "",
    PORT: String(port),
  });
  let stdout = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const started = Date.now();
  while (!stdout.includes("Ctrl-C")) {
    if (child.exitCode !== null) throw new Error(`tourism start exited ${child.exitCode}: ${stderrTail(child)}`);
    if (Date.now() - started > 600_000) throw new Error(`tourism start not ready after 600 s: ${stderrTail(child)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  emit({ phase: "start-ready", seconds: round((Date.now() - started) / 1000) });
  const token = sampleStaffToken(dir);
  return { child, dir, base: `http://127.0.0.1:${port}`, token, topics };
}

/** The latest entries of the site that the stream has pushed, and who waits for a threshold. */
function followStream(base: string, token: string, site: string) {
  const controller = new AbortController();
  let latest = -1;
  let waiter: { threshold: number; resolve: () => void } | undefined;
  const done = (async () => {
    const response = await fetch(`${base}/api/live/stream?site=${site}`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
        const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
        buffer = buffer.slice(end + 2);
        if (!data) continue;
        latest = (JSON.parse(data) as { entries: number }).entries;
        if (waiter && latest >= waiter.threshold) {
          waiter.resolve();
          waiter = undefined;
        }
      }
    }
  })().catch(() => {});
  return {
    reached(threshold: number): Promise<void> {
      if (latest >= threshold) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiter = { threshold, resolve };
      });
    },
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}

async function liveEntries(base: string, token: string, site: string): Promise<number> {
  const response = await fetch(`${base}/api/live?site=${site}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`/api/live: HTTP ${response.status}`);
  return ((await response.json()) as { entries: number }).entries;
}

/**
 * Each sample sends one gate count so large (50,000) that the simulated stream's own counts could
 * never reach the threshold alone: the first answer at or above it is the one that includes it.
 */
async function visibility(): Promise<{ api: number[]; stream: number[] }> {
  // Milliseconds from the send to the first answer that includes the count, per sample.
  const site = "langxia-country-park";
  const gate = "north-gate";
  const jump = 50_000;
  const { child, dir, base, token, topics } = await startProcess();
  const kafka = createKafka(testKafka(), "bench-live", pino({ level: "warn" }));
  const producer = createReliableProducer(kafka);
  await producer.connect();
  const stream = followStream(base, token, site);
  const api: number[] = [];
  const pushed: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const threshold = (await liveEntries(base, token, site)) + jump;
      const event = {
        type: "footfall",
        event_id: uniqueName("bench-live"),
        site_id: site,
        gate_id: gate,
        direction: "in",
        count: jump,
        occurred_at: DateTime.now().toISO(),
      };
      const sent = performance.now();
      const seenInStream = stream.reached(threshold).then(() => performance.now() - sent);
      await producer.send({ topic: topics.byKind.footfall, acks: -1, messages: [{ key: event.event_id, value: JSON.stringify(event) }] });
      while ((await liveEntries(base, token, site)) < threshold) {
        if (performance.now() - sent > 60_000) throw new Error("not visible in /api/live after 60 s");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      api.push(performance.now() - sent);
      pushed.push(await seenInStream);
      emit({ phase: "sample", n: i + 1, api_s: inSeconds(api.at(-1)!), stream_s: inSeconds(pushed.at(-1)!) });
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 700)); // not in step with the stream's one-second gap
    }
  } finally {
    await stream.stop();
    await producer.disconnect();
    child.kill("SIGTERM");
    await exited(child);
    rmSync(dir, { recursive: true, force: true });
  }
  return { api, stream: pushed };
}

const seconds = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50_s: inSeconds(percentile(sorted, 50)), p95_s: inSeconds(percentile(sorted, 95)) };
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const snapshot = await snapshotAtScale();
  const seen = await visibility();
  const api = seconds(seen.api);
  const stream = seconds(seen.stream);
  emit({ phase: "visible", samples, api, stream, target_p95_s: target.visible_p95_s });
  const met = snapshot.p95_ms <= target.snapshot_p95_ms && api.p95_s <= target.visible_p95_s && stream.p95_s <= target.visible_p95_s;
  printSummary(
    "live",
    `snapshot p95 ${snapshot.p95_ms} ms (target ≤ ${target.snapshot_p95_ms}); visible in /api/live ${api.p95_s} s, in the stream ${stream.p95_s} s p95 (target ≤ ${target.visible_p95_s})`,
    { snapshot_p95_ms: snapshot.p95_ms, api_visible_p95_s: api.p95_s, stream_visible_p95_s: stream.p95_s, target, met },
  );
}
