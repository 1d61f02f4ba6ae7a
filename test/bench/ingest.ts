/**
 * `npm run bench:ingest [EVENTS] [STORE_DIR]`: end-to-end events/s (Kafka → validation → embedded
 * ClickHouse, `tourism ingest` as its own process, on a copy of a store pre-filled with ≥ 10M
 * events, one produced event in five a re-send of a stored one) against a bare kafkajs consumer
 * draining the same topics in the same run, their ratio, the worker's peak RSS summed over its
 * process tree, where a write's time goes (validation, duplicate lookup, insert), and what fsync
 * on insert costs a write. JSON lines on stdout. BENCH_WORKER_NODE_ARGS (say `--cpu-prof
 * --cpu-prof-dir=/tmp/prof`) go to the worker's node alone;
 * BENCH_SKIP_FSYNC=1 leaves out the fsync phase while iterating.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DateTime } from "luxon";
import pino from "pino";
import { Partitioners } from "kafkajs";
import { createKafka } from "../../infra/kafka/client.ts";
import { openEmbeddedWarehouse } from "../../infra/warehouse/embedded.ts";
import type { EventTopics } from "../../ingest/kafka/topics.ts";
import { createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { migrate } from "../../transforms/migrate.ts";
import { loadRegister, registerLookup } from "../../transforms/register/register.ts";
import { exited, freePort, spawnTourism, stderrTail } from "../support/child.ts";
import { validEvents } from "../support/events.ts";
import { benchDatabase, benchEvents } from "./ingest-events.ts";
import { createTestTopics, waitUntilCommitted, workerEnv } from "../support/ingest-worker.ts";
import { testKafka, uniqueName } from "../support/kafka.ts";
import { printSummary } from "./summary.ts";
import { statCpuSeconds } from "./measure.ts";

const total = Number(process.argv[2] ?? 1_000_000);
const storeDir = process.argv[3] ?? "/tmp/tourism-ingest-bench-store";
const log = pino({ level: "warn" });
const kafka = createKafka(testKafka(), "bench-ingest", log);
/** What the bench aims at: a share of the bare consumer's rate, and the worker tree's peak RSS. */
const target = { ratio: 0.18, peak_rss_mb: 600 };
const emit = (record: object) => process.stdout.write(`${JSON.stringify({ bench: "ingest", ...record })}\n`);

async function produce(topics: EventTopics): Promise<number> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const started = Date.now();
  for (let i = 0; i < total; i += 50_000) {
    const events = benchEvents(Math.min(50_000, total - i), i, "b");
    const messages = events.map((e) => ({
      topic: e.type === "ticket" ? topics.byKind.ticket : topics.byKind.footfall,
      key: e.event_id,
      value: JSON.stringify(e),
    }));
    for (let j = 0; j < messages.length; j += 10_000) {
      const slice = messages.slice(j, j + 10_000);
      await producer.sendBatch({
        acks: 1,
        topicMessages: [topics.byKind.ticket, topics.byKind.footfall].map((topic) => ({ topic, messages: slice.filter((m) => m.topic === topic) })),
      });
    }
  }
  await producer.disconnect();
  return Date.now() - started;
}

/** A consumer that does nothing with the messages: the ceiling for any kafkajs-based worker. */
async function bareDrain(topics: EventTopics, expected: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: uniqueName("bare"), maxBytesPerPartition: 4 * 1024 * 1024, maxBytes: 32 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topics.byKind.ticket, topics.byKind.footfall], fromBeginning: true });
  let seen = 0;
  let joinedAt = 0;
  consumer.on(consumer.events.GROUP_JOIN, () => (joinedAt = Date.now()));
  const seconds = await new Promise<number>((resolve, reject) => {
    consumer
      .run({
        partitionsConsumedConcurrently: 8,
        eachBatchAutoResolve: true,
        eachBatch: async ({ batch }) => {
          seen += batch.messages.length;
          if (seen >= expected) resolve((Date.now() - joinedAt) / 1000);
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return seconds;
}

/** Runs ingest-store.ts MODE ARGS… as its own process (its own chdb) and passes its JSON line on. */
async function storeHelper(...args: string[]): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./ingest-store.ts", import.meta.url)), ...args], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  const code = await exited(child);
  if (code !== 0) throw new Error(`ingest-store.ts ${args.join(" ")} exited with ${code}`);
}

/** The process and its descendants, from /proc. */
function processTree(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${pids[i]}/task`)) {
        const children = readFileSync(`/proc/${pids[i]}/task/${task}/children`, "utf8").trim();
        if (children) pids.push(...children.split(" ").map(Number));
      }
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Samples the RSS summed over the process tree every 100 ms; `stop` returns the peak in MB. */
function sampleTreeRss(pid: number): { stop(): number } {
  let peakKb = 0;
  const sample = () =>
    (peakKb = Math.max(
      peakKb,
      processTree(pid).reduce((sum, p) => sum + rssKb(p), 0),
    ));
  const timer = setInterval(sample, 100);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return Math.round(peakKb / 1024);
    },
  };
}

/** CPU seconds of a process's main thread and of all its threads, from /proc (0 when it is gone). */
function cpuSeconds(pid: number): { main: number; all: number } {
  try {
    return { main: statCpuSeconds(`/proc/${pid}/task/${pid}/stat`), all: statCpuSeconds(`/proc/${pid}/stat`) };
  } catch {
    return { main: 0, all: 0 };
  }
}

/** The worker's CPU over its process tree: main threads (JavaScript) and the rest (the engine, libuv's pool, GC helpers). */
function treeCpu(pid: number): { main: number; other: number } {
  let main = 0;
  let all = 0;
  for (const p of processTree(pid)) {
    const cpu = cpuSeconds(p);
    main += cpu.main;
    all += cpu.all;
  }
  return { main, other: all - main };
}

/** A counter's or histogram sum's value from the worker's /metrics, summed over its labels. */
function metric(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split("\n")) if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) sum += Number(line.split(" ").pop());
  return sum;
}

interface PipelineRun {
  seconds: number;
  rssMb: number;
  dataDir: string;
  writeSeconds: number;
  writes: number;
  written: number;
  duplicates: number;
  heapMb: number;
  /** CPU seconds spent while it ran (from joining to the last commit): main threads and the rest. */
  cpu: { main: number; other: number };
}

async function pipeline(topics: EventTopics): Promise<PipelineRun> {
  const groupId = uniqueName("bench-worker");
  const dataDir = mkdtempSync(join(tmpdir(), "tourism-bench-"));
  cpSync(storeDir, dataDir, { recursive: true });
  const metricsPort = await freePort();
  const worker = spawnTourism(
    ["ingest", "--metrics-port", String(metricsPort)],
    {
      ...workerEnv(topics, groupId, dataDir),
      CLICKHOUSE_DATABASE: benchDatabase,
      LOG_LEVEL: "info",
    },
    process.env.BENCH_WORKER_NODE_ARGS?.split(" ") ?? [],
  );
  const rss = sampleTreeRss(worker.pid!);
  // The clock starts when the worker has joined its group, as the bare consumer's starts at its first batch.
  const joined = new Promise<number>((resolve, reject) => {
    worker.stderr!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("joined consumer group")) resolve(Date.now());
    });
    worker.once("exit", (code) => reject(new Error(`worker exited with ${code}: ${stderrTail(worker)}`)));
  });
  const start = await joined;
  const cpuAtStart = treeCpu(worker.pid!);
  await waitUntilCommitted(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall], 3_600_000);
  const seconds = (Date.now() - start) / 1000;
  const cpuAtEnd = treeCpu(worker.pid!);
  const rssMb = rss.stop();
  const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  worker.kill("SIGTERM");
  await exited(worker);
  return {
    seconds,
    rssMb,
    dataDir,
    writeSeconds: metric(metrics, "tourism_ingest_write_seconds_sum"),
    writes: metric(metrics, "tourism_ingest_write_seconds_count"),
    written: metric(metrics, "tourism_ingest_events_written_total"),
    duplicates: metric(metrics, "tourism_ingest_events_duplicate_total"),
    heapMb: Math.round(metric(metrics, "tourism_ingest_nodejs_heap_size_total_bytes") / 2 ** 20),
    cpu: { main: cpuAtEnd.main - cpuAtStart.main, other: cpuAtEnd.other - cpuAtStart.other },
  };
}

/**
 * The same writes through the one ingest path into two databases, one with the event tables'
 * fsync settings (migration 005) and one with them turned off, taking turns so that warm-up and
 * noise fall on both alike: the price of durable writes.
 */
async function fsyncCost(writes: number, eventsPerWrite: number): Promise<{ fsync: number; noFsync: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), "tourism-bench-fsync-"));
  const lookup = registerLookup(await loadRegister());
  const sides = [];
  for (const fsync of [1, 0]) {
    const warehouse = await openEmbeddedWarehouse(dataDir, fsync ? "bench_fsync" : "bench_no_fsync");
    await migrate(warehouse, log);
    for (const table of ["ticket_events", "footfall_events"]) {
      await warehouse.exec(`ALTER TABLE ${table} MODIFY SETTING fsync_after_insert = ${fsync}, fsync_part_directory = ${fsync}`);
    }
    const ingestor = createMessageIngestor({ writer: createEventWriter(warehouse), lookup: () => lookup, clock: () => DateTime.now() });
    sides.push({ warehouse, ingestor, ms: 0 });
  }
  for (let w = 0; w < writes; w++) {
    const batch = validEvents(eventsPerWrite, w + 1, `fs${w}`).map((e, i) => ({
      text: JSON.stringify(e),
      source: { kind: "file" as const, name: "bench", partition: 0, position: i },
    }));
    for (const side of sides) {
      const started = performance.now();
      await side.ingestor.ingest(batch);
      side.ms += performance.now() - started;
    }
  }
  for (const side of sides) await side.warehouse.close();
  return { fsync: sides[0]!.ms / writes, noFsync: sides[1]!.ms / writes };
}

const fsyncWrites = 100;
const fsyncEventsPerWrite = 1000;
const fsync = process.env.BENCH_SKIP_FSYNC ? { fsync: 1, noFsync: 1 } : await fsyncCost(fsyncWrites, fsyncEventsPerWrite);
emit({
  phase: "fsync-on-insert",
  writes: fsyncWrites,
  events_per_write: fsyncEventsPerWrite,
  ms_per_write_fsync: Number(fsync.fsync.toFixed(2)),
  ms_per_write_no_fsync: Number(fsync.noFsync.toFixed(2)),
  ratio: Number((fsync.fsync / fsync.noFsync).toFixed(2)),
});

await storeHelper("fill", storeDir);
const topics = await createTestTopics(kafka, 8);
const produceMs = await produce(topics);
emit({ phase: "produce", events: total, seconds: produceMs / 1000 });
const bareSeconds = await bareDrain(topics, total);
const bareRate = Math.round(total / bareSeconds);
emit({ phase: "bare-kafkajs-consumer", events: total, seconds: bareSeconds, events_per_s: bareRate });
const run = await pipeline(topics);
const rate = Math.round(total / run.seconds);
emit({
  phase: "pipeline",
  events: total,
  seconds: run.seconds,
  events_per_s: rate,
  worker_peak_rss_mb: run.rssMb,
  // The JS heap at the end, as the worker's /metrics shows it: the rest of the RSS is node itself and the engine.
  worker_js_heap_mb: run.heapMb,
  written: run.written,
  duplicates: run.duplicates,
  writes: run.writes,
  // Inside the ingestor (validation, lookup, insert) against the rest: Kafka fetch and decode, dead letters, commits, waiting.
  write_seconds: Number(run.writeSeconds.toFixed(2)),
  outside_write_seconds: Number((run.seconds - run.writeSeconds).toFixed(2)),
  // How busy each core was: the main thread (decode, validation, the writer's own JavaScript) and the
  // other threads (the engine's lookups and inserts), as shares of the run's wall time.
  main_thread_busy: Number((run.cpu.main / run.seconds).toFixed(2)),
  other_threads_busy: Number((run.cpu.other / run.seconds).toFixed(2)),
});
await storeHelper("stages", run.dataDir, String(Math.min(total, 100_000)));
rmSync(run.dataDir, { recursive: true, force: true });
// What the worker's CPU per event allows at most: every core of the machine busy with it and nothing else.
const cpuUsPerEvent = ((run.cpu.main + run.cpu.other) * 1e6) / total;
const ceilingRatio = (availableParallelism() * 1e6) / cpuUsPerEvent / bareRate;
printSummary(
  "ingest",
  `${rate} events/s Kafka → embedded ClickHouse, ${(rate / bareRate).toFixed(2)}× bare kafkajs (target ≥ ${target.ratio}; ${Math.round(cpuUsPerEvent)} µs CPU an event allow at most ${ceilingRatio.toFixed(2)}× on ${availableParallelism()} cores); worker peak RSS ${run.rssMb} MB (target ≤ ${target.peak_rss_mb})`,
  {
    events: total,
    pipeline_events_per_s: rate,
    bare_events_per_s: bareRate,
    ratio: Number((rate / bareRate).toFixed(2)),
    cpu_us_per_event: Math.round(cpuUsPerEvent),
    ceiling_ratio_all_cores: Number(ceilingRatio.toFixed(2)),
    worker_peak_rss_mb: run.rssMb,
    target,
  },
);
