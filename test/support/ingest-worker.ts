import { type Socket, connect } from "node:net";
import { type ISocketFactory, type Kafka, Partitioners } from "kafkajs";
import { setTimeout as sleep } from "node:timers/promises";
import { createReliableProducer, ensureTopics } from "../../infra/kafka/client.ts";
import type { EventTopics } from "../../ingest/kafka/topics.ts";
import type { WireEvent } from "./events.ts";
import { testBrokers, uniqueName } from "./kafka.ts";

export async function createTestTopics(kafka: Kafka, partitions = 4): Promise<EventTopics> {
  const topics = { byKind: { ticket: uniqueName("tickets"), footfall: uniqueName("footfall") }, deadLetters: uniqueName("dlq") };
  await ensureTopics(kafka, [topics.byKind.ticket, topics.byKind.footfall, topics.deadLetters], partitions);
  return topics;
}

/** Sends wire events as a source system would: keyed by event_id, each kind on its topic. */
export async function produceEvents(kafka: Kafka, topics: EventTopics, events: readonly WireEvent[], chunk = 2000): Promise<void> {
  const producer = createReliableProducer(kafka);
  await producer.connect();
  try {
    for (let i = 0; i < events.length; i += chunk) {
      const slice = events.slice(i, i + chunk);
      await producer.sendBatch({
        acks: -1,
        topicMessages: [
          { topic: topics.byKind.ticket, messages: slice.filter((e) => e.type === "ticket").map((e) => ({ key: e.event_id, value: JSON.stringify(e) })) },
          { topic: topics.byKind.footfall, messages: slice.filter((e) => e.type === "footfall").map((e) => ({ key: e.event_id, value: JSON.stringify(e) })) },
        ].filter((t) => t.messages.length > 0),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/** Sends raw values (poison included) to one topic. */
export async function produceRaw(kafka: Kafka, topic: string, values: readonly (string | Buffer)[]): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (const value of values) await producer.send({ topic, acks: -1, messages: [{ value }] });
  } finally {
    await producer.disconnect();
  }
}

/** Waits until the group has committed every partition of the topics up to its high watermark. */
export async function waitUntilCommitted(kafka: Kafka, groupId: string, topics: readonly string[], timeoutMs = 90_000): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ends = new Map<string, string>();
      for (const topic of topics) for (const p of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${p.partition}`, p.high);
      const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
      const behind = committed.flatMap((t) =>
        t.partitions.filter((p) => Number(p.offset === "-1" ? 0 : p.offset) < Number(ends.get(`${t.topic}/${p.partition}`))),
      );
      if (behind.length === 0) return;
      if (Date.now() > deadline) throw new Error(`group ${groupId} still behind on ${behind.length} partitions`);
      await sleep(250);
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * A socket factory whose connections can all be cut at once, and stay cut: a consumer built on it
 * vanishes from the broker's view like a killed process (no LeaveGroup, no more heartbeats).
 */
export function killableSockets(): { socketFactory: ISocketFactory; kill(): void } {
  const sockets = new Set<Socket>();
  let killed = false;
  return {
    socketFactory: ({ host, port, onConnect }) => {
      // After the kill, connect to a port nobody listens on: the client sees ECONNREFUSED.
      const socket = connect({ host: killed ? "127.0.0.1" : host, port: killed ? 1 : port }, onConnect);
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      return socket;
    },
    kill() {
      killed = true;
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** The environment a `tourism ingest` or `start` child reads its broker, group, topics and data directory from. */
export function workerEnv(topics: EventTopics, groupId: string, dataDir: string): Record<string, string> {
  return {
    KAFKA_BROKERS: testBrokers(),
    KAFKA_GROUP_ID: groupId,
    KAFKA_TOPIC_TICKETS: topics.byKind.ticket,
    KAFKA_TOPIC_FOOTFALL: topics.byKind.footfall,
    KAFKA_TOPIC_DLQ: topics.deadLetters,
    TOURISM_DATA_DIR: dataDir,
  };
}
