import type { Kafka } from "kafkajs";
import { createReliableProducer } from "../../infra/kafka/client.ts";
import type { EventTopics } from "../kafka/topics.ts";
import type { DayBatch } from "./generate.ts";
import type { SimMessage } from "./messages.ts";

export interface KafkaSinkOptions {
  topics: EventTopics;
  /** Messages per second at most; undefined: as fast as the broker takes them. */
  rate?: number;
  /** Messages per send. */
  batchSize?: number;
}

export interface KafkaSink {
  send(messages: readonly SimMessage[]): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An idempotent producer that keys each message by its event id (so one event always lands on one
 * partition, and a retried event next to its first copy) and sends in batches, at a given rate.
 */
export async function openKafkaSink(kafka: Kafka, options: KafkaSinkOptions): Promise<KafkaSink> {
  const producer = createReliableProducer(kafka);
  await producer.connect();
  const batchSize = options.batchSize ?? 2000;
  const started = Date.now();
  let sent = 0;
  const topicOf = (m: SimMessage) => options.topics.byKind[m.kind];

  async function sendChunk(chunk: readonly SimMessage[]): Promise<void> {
    const byTopic = new Map<string, { key: string; value: string }[]>();
    for (const m of chunk) {
      const list = byTopic.get(topicOf(m)) ?? [];
      list.push({ key: m.key, value: m.text });
      byTopic.set(topicOf(m), list);
    }
    await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    sent += chunk.length;
    if (options.rate) {
      const due = started + (sent / options.rate) * 1000;
      if (due > Date.now()) await sleep(due - Date.now());
    }
  }

  return {
    async send(messages) {
      const size = options.rate ? Math.max(1, Math.min(batchSize, Math.ceil(options.rate / 10))) : batchSize;
      for (let i = 0; i < messages.length; i += size) await sendChunk(messages.slice(i, i + size));
    },
    close: () => producer.disconnect(),
  };
}

/** Sends every day of the stream; resolves when the broker has acknowledged all of it. */
export async function produceDays(sink: KafkaSink, days: Iterable<DayBatch>, onDay?: (batch: DayBatch) => void): Promise<number> {
  let count = 0;
  for (const day of days) {
    await sink.send(day.messages);
    count += day.messages.length;
    onDay?.(day);
  }
  return count;
}
