import type { Kafka, KafkaMessage, Message } from "kafkajs";
import { z } from "zod";

/** A message that failed validation, kept byte for byte with where it came from and why. */
export interface DeadLetter {
  original: Buffer;
  reason: string;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: number;
  failedAt: string;
  /** A skipped record batch: the letter stands for the offsets sourceOffset to this one, and has no value. */
  lastSourceOffset?: number;
  /** The letter holds only the start of the original, which was too large for the dead-letter topic. */
  truncated?: { originalBytes: number; sha256: string };
}

const headerNames = {
  reason: "x-dlq-reason",
  topic: "x-dlq-source-topic",
  partition: "x-dlq-source-partition",
  offset: "x-dlq-source-offset",
  failedAt: "x-dlq-failed-at",
  lastOffset: "x-dlq-source-last-offset",
  truncated: "x-dlq-truncated",
  originalBytes: "x-dlq-original-bytes",
  originalSha256: "x-dlq-original-sha256",
} as const;

/** The key names the source position, so a letter sent twice (a crash before commit) lists once. */
export function deadLetterKey(letter: Pick<DeadLetter, "sourceTopic" | "sourcePartition" | "sourceOffset">): string {
  return `${letter.sourceTopic}/${letter.sourcePartition}/${letter.sourceOffset}`;
}

/** Where a letter came from, for people: topic/partition@offset, or @first–last for a skipped batch. */
export function letterSource(l: Pick<DeadLetter, "sourceTopic" | "sourcePartition" | "sourceOffset" | "lastSourceOffset">): string {
  return `${l.sourceTopic}/${l.sourcePartition}@${l.sourceOffset}${l.lastSourceOffset === undefined ? "" : `–${l.lastSourceOffset}`}`;
}

export function toDeadLetterMessage(letter: DeadLetter): Message & { headers: Record<string, string> } {
  const { truncated, lastSourceOffset } = letter;
  return {
    key: deadLetterKey(letter),
    value: letter.original,
    headers: {
      [headerNames.reason]: letter.reason,
      [headerNames.topic]: letter.sourceTopic,
      [headerNames.partition]: String(letter.sourcePartition),
      [headerNames.offset]: String(letter.sourceOffset),
      [headerNames.failedAt]: letter.failedAt,
      ...(lastSourceOffset === undefined ? {} : { [headerNames.lastOffset]: String(lastSourceOffset) }),
      ...(truncated
        ? {
            [headerNames.truncated]: `value cut to its first ${letter.original.length} of ${truncated.originalBytes} bytes`,
            [headerNames.originalBytes]: String(truncated.originalBytes),
            [headerNames.originalSha256]: truncated.sha256,
          }
        : {}),
    },
  };
}

const headerText = z.instanceof(Buffer).transform((b) => b.toString("utf8"));
const headerInteger = headerText.pipe(z.string().regex(/^\d+$/)).transform(Number);
const deadLetterHeaders = z.object({
  [headerNames.reason]: headerText,
  [headerNames.topic]: headerText,
  [headerNames.partition]: headerInteger,
  [headerNames.offset]: headerInteger,
  [headerNames.failedAt]: headerText,
  [headerNames.lastOffset]: headerInteger.optional(),
  [headerNames.originalBytes]: headerInteger.optional(),
  [headerNames.originalSha256]: headerText.pipe(z.string().regex(/^[0-9a-f]{64}$/)).optional(),
});

/** Reads a dead letter back from the DLQ topic; a record not written by us is reported, not guessed at. */
export function fromDeadLetterMessage(message: KafkaMessage): DeadLetter | { unreadable: string } {
  const headers = deadLetterHeaders.safeParse(message.headers ?? {});
  if (!headers.success) return { unreadable: `offset ${message.offset}: not a dead letter (${headers.error.issues[0]?.message})` };
  const h = headers.data;
  const lastSourceOffset = h[headerNames.lastOffset];
  const originalBytes = h[headerNames.originalBytes];
  const sha256 = h[headerNames.originalSha256];
  return {
    original: message.value ?? Buffer.alloc(0),
    reason: h[headerNames.reason],
    sourceTopic: h[headerNames.topic],
    sourcePartition: h[headerNames.partition],
    sourceOffset: h[headerNames.offset],
    failedAt: h[headerNames.failedAt],
    ...(lastSourceOffset === undefined ? {} : { lastSourceOffset }),
    ...(originalBytes === undefined || sha256 === undefined ? {} : { truncated: { originalBytes, sha256 } }),
  };
}

/**
 * Reads the whole DLQ topic as it stands now (up to each partition's high watermark), without a
 * consumer group, so listing never moves anybody's offsets. Letters sent twice appear once.
 */
export async function readDeadLetters(kafka: Kafka, topic: string): Promise<{ letters: DeadLetter[]; unreadable: string[] }> {
  const admin = kafka.admin();
  await admin.connect();
  let ends: { partition: number; high: string; low: string }[];
  try {
    if (!(await admin.listTopics()).includes(topic)) return { letters: [], unreadable: [] };
    ends = await admin.fetchTopicOffsets(topic);
  } finally {
    await admin.disconnect();
  }
  const remaining = new Map(ends.filter((e) => Number(e.high) > Number(e.low)).map((e) => [e.partition, Number(e.high)]));
  const byKey = new Map<string, DeadLetter>();
  const unreadable: string[] = [];
  if (remaining.size === 0) return { letters: [], unreadable };

  const consumer = kafka.consumer({ groupId: `tourism-dlq-reader-${process.pid}-${Date.now()}`, maxBytesPerPartition: 16 * 1024 * 1024 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const high = remaining.get(partition);
            if (high === undefined) return;
            if (Number(message.offset) < high) {
              const letter = fromDeadLetterMessage(message);
              if ("unreadable" in letter) unreadable.push(letter.unreadable);
              else byKey.set(deadLetterKey(letter), letter);
            }
            if (Number(message.offset) >= high - 1) remaining.delete(partition);
            if (remaining.size === 0) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return { letters: [...byKey.values()], unreadable };
}
