import type { Kafka, KafkaMessage } from "kafkajs";

/** Offsets first to last (inclusive) of one partition. */
export interface OffsetRange {
  from: number;
  to: number;
}

const readPatienceMs = 30_000;

/**
 * Reads the records at the given offsets of one partition again, from Kafka, without a lasting
 * consumer group (nobody's offsets move). Answers why not when Kafka no longer holds them: the
 * topic is gone, or its log now starts after them (retention, deleted records).
 */
export async function readSourceRecords(
  kafka: Kafka,
  topic: string,
  partition: number,
  ranges: readonly OffsetRange[],
): Promise<{ records: KafkaMessage[] } | { missing: string }> {
  const admin = kafka.admin();
  await admin.connect();
  let partitions: number[];
  let log: { low: number; high: number } | undefined;
  try {
    if (!(await admin.listTopics()).includes(topic)) return { missing: `topic ${topic} no longer exists` };
    const ends = await admin.fetchTopicOffsets(topic);
    partitions = ends.map((e) => e.partition);
    const end = ends.find((e) => e.partition === partition);
    log = end && { low: Number(end.low), high: Number(end.high) };
  } finally {
    await admin.disconnect();
  }
  if (!log) return { missing: `topic ${topic} has no partition ${partition}` };
  const from = Math.min(...ranges.map((r) => r.from));
  const to = Math.max(...ranges.map((r) => r.to));
  if (from < log.low) return { missing: `Kafka no longer holds ${topic}/${partition}@${from} (the partition now starts at offset ${log.low})` };
  if (to >= log.high) return { missing: `${topic}/${partition}@${to} is past the partition's end (${log.high})` };

  const wanted = (offset: number) => ranges.some((r) => offset >= r.from && offset <= r.to);
  const records: KafkaMessage[] = [];
  const consumer = kafka.consumer({ groupId: `tourism-dlq-source-${process.pid}-${Date.now()}`, maxBytesPerPartition: 16 * 1024 * 1024 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topic}/${partition}@${from}–${to} took over ${readPatienceMs / 1000} s`)), readPatienceMs);
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            if (batch.partition !== partition) return;
            for (const message of batch.messages) if (wanted(Number(message.offset))) records.push(message);
            if (Number(batch.lastOffset()) >= to) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
      consumer.pause([{ topic, partitions: partitions.filter((p) => p !== partition) }]);
      consumer.seek({ topic, partition, offset: String(from) });
    });
  } finally {
    await consumer.disconnect();
  }
  return { records };
}
