/**
 * `npm run bench:ingest`: end-to-end events/s (Kafka → validation → embedded ClickHouse, `tourism
 * ingest` as its own process) against a bare kafkajs consumer draining the same topics in the same
 * run, their ratio, and the worker's peak RSS; and what fsync on insert costs a write. JSON lines
 * on stdout.
 */
import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
import { exited, spawnTourism } from "../support/child.ts";
import { validEvents } from "../support/events.ts";
import { createTestTopics, waitUntilCommitted } from "../support/ingest-worker.ts";
import { testBrokers, uniqueName } from "../support/kafka.ts";
import { printSummary } from "./summary.ts";

const total = Number(process.argv[2] ?? 1_000_000);
const log = pino({ level: "warn" });
const kafka = createKafka(testBrokers(), "bench-ingest", log);
const emit = (record: object) => process.stdout.write(`${JSON.stringify({ bench: "ingest", ...record })}\n`);

async function produce(topics: EventTopics): Promise<number> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const started = Date.now();
  for (let i = 0; i < total; i += 50_000) {
    const events = validEvents(Math.min(50_000, total - i), i + 1, `b${i}`);
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

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function pipeline(topics: EventTopics): Promise<{ seconds: number; rssMb: number }> {
  const groupId = uniqueName("bench-worker");
  const worker = spawnTourism(["ingest", "--metrics-port", "0"], {
    KAFKA_BROKERS: testBrokers(),
    KAFKA_GROUP_ID: groupId,
    KAFKA_TOPIC_TICKETS: topics.byKind.ticket,
    KAFKA_TOPIC_FOOTFALL: topics.byKind.footfall,
    KAFKA_TOPIC_DLQ: topics.deadLetters,
    TOURISM_DATA_DIR: mkdtempSync(join(tmpdir(), "tourism-bench-")),
    LOG_LEVEL: "info",
  });
  // The clock starts when the worker has joined its group, as the bare consumer's starts at its first batch.
  const joined = new Promise<number>((resolve) => {
    worker.stderr!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("joined consumer group")) resolve(Date.now());
    });
  });
  const start = await joined;
  await waitUntilCommitted(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall], 3_600_000);
  const seconds = (Date.now() - start) / 1000;
  const rssMb = peakRssMb(worker.pid!);
  worker.kill("SIGTERM");
  await exited(worker);
  return { seconds, rssMb };
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
const fsync = await fsyncCost(fsyncWrites, fsyncEventsPerWrite);
emit({
  phase: "fsync-on-insert",
  writes: fsyncWrites,
  events_per_write: fsyncEventsPerWrite,
  ms_per_write_fsync: Number(fsync.fsync.toFixed(2)),
  ms_per_write_no_fsync: Number(fsync.noFsync.toFixed(2)),
  ratio: Number((fsync.fsync / fsync.noFsync).toFixed(2)),
});

const topics = await createTestTopics(kafka, 8);
const produceMs = await produce(topics);
emit({ phase: "produce", events: total, seconds: produceMs / 1000 });
const bareSeconds = await bareDrain(topics, total);
const bareRate = Math.round(total / bareSeconds);
emit({ phase: "bare-kafkajs-consumer", events: total, seconds: bareSeconds, events_per_s: bareRate });
const { seconds, rssMb } = await pipeline(topics);
const rate = Math.round(total / seconds);
emit({ phase: "pipeline", events: total, seconds, events_per_s: rate, worker_peak_rss_mb: rssMb });
printSummary(
  "ingest",
  `${rate} events/s Kafka → embedded ClickHouse, ${(rate / bareRate).toFixed(2)}× bare kafkajs (target ≥ 0.8); worker peak RSS ${rssMb} MB (target < 400)`,
  {
    events: total,
    pipeline_events_per_s: rate,
    bare_events_per_s: bareRate,
    ratio: Number((rate / bareRate).toFixed(2)),
    worker_peak_rss_mb: rssMb,
    target: { ratio: 0.8, peak_rss_mb: 400 },
  },
);
