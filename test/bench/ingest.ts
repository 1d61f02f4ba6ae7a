/**
 * `npm run bench:ingest`: end-to-end events/s (Kafka → validation → embedded ClickHouse, `tourism
 * ingest` as its own process) against a bare kafkajs consumer draining the same topics in the same
 * run, their ratio, and the worker's peak RSS. JSON lines on stdout.
 */
import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { Partitioners } from "kafkajs";
import { createKafka } from "../../infra/kafka/client.ts";
import { exited, spawnTourism } from "../support/child.ts";
import { validEvents } from "../support/events.ts";
import { createTestTopics, waitUntilCommitted } from "../support/ingest-worker.ts";
import { testBrokers, uniqueName } from "../support/kafka.ts";

const total = Number(process.argv[2] ?? 1_000_000);
const log = pino({ level: "warn" });
const kafka = createKafka(testBrokers(), "bench-ingest", log);
const emit = (record: object) => process.stdout.write(JSON.stringify({ bench: "ingest", ...record }) + "\n");

async function produce(topics: { tickets: string; footfall: string }): Promise<number> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const started = Date.now();
  for (let i = 0; i < total; i += 50_000) {
    const events = validEvents(Math.min(50_000, total - i), i + 1, `b${i}`);
    const messages = events.map((e) => ({ topic: e.type === "ticket" ? topics.tickets : topics.footfall, key: e.event_id, value: JSON.stringify(e) }));
    for (let j = 0; j < messages.length; j += 10_000) {
      const slice = messages.slice(j, j + 10_000);
      await producer.sendBatch({
        acks: 1,
        topicMessages: [topics.tickets, topics.footfall].map((topic) => ({ topic, messages: slice.filter((m) => m.topic === topic) })),
      });
    }
  }
  await producer.disconnect();
  return Date.now() - started;
}

/** A consumer that does nothing with the messages: the ceiling for any kafkajs-based worker. */
async function bareDrain(topics: { tickets: string; footfall: string }, expected: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: uniqueName("bare"), maxBytesPerPartition: 4 * 1024 * 1024, maxBytes: 32 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topics.tickets, topics.footfall], fromBeginning: true });
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

async function pipeline(topics: { tickets: string; footfall: string; deadLetters: string }): Promise<{ seconds: number; rssMb: number }> {
  const groupId = uniqueName("bench-worker");
  const worker = spawnTourism(["ingest", "--metrics-port", "0"], {
    KAFKA_BROKERS: testBrokers(),
    KAFKA_GROUP_ID: groupId,
    KAFKA_TOPIC_TICKETS: topics.tickets,
    KAFKA_TOPIC_FOOTFALL: topics.footfall,
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
  await waitUntilCommitted(kafka, groupId, [topics.tickets, topics.footfall], 3_600_000);
  const seconds = (Date.now() - start) / 1000;
  const rssMb = peakRssMb(worker.pid!);
  worker.kill("SIGTERM");
  await exited(worker);
  return { seconds, rssMb };
}

const topics = await createTestTopics(kafka, 8);
const produceMs = await produce(topics);
emit({ phase: "produce", events: total, seconds: produceMs / 1000 });
const bareSeconds = await bareDrain(topics, total);
const bareRate = Math.round(total / bareSeconds);
emit({ phase: "bare-kafkajs-consumer", events: total, seconds: bareSeconds, events_per_s: bareRate });
const { seconds, rssMb } = await pipeline(topics);
const rate = Math.round(total / seconds);
emit({ phase: "pipeline", events: total, seconds, events_per_s: rate, worker_peak_rss_mb: rssMb });
emit({ summary: true, events: total, pipeline_events_per_s: rate, bare_events_per_s: bareRate, ratio: Number((rate / bareRate).toFixed(2)), worker_peak_rss_mb: rssMb, target: { ratio: 0.8, peak_rss_mb: 400 } });
