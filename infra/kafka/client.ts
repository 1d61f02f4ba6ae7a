import { type ISocketFactory, Kafka, logLevel, type LogEntry, Partitioners, type Producer } from "kafkajs";
import type { Logger } from "../logger.ts";
import { ensureCompressionCodecs } from "./codecs.ts";
import type { KafkaConnection } from "./connection.ts";

const levels: Record<number, "error" | "warn" | "info" | "debug"> = {
  [logLevel.ERROR]: "error",
  [logLevel.WARN]: "warn",
  [logLevel.INFO]: "info",
  [logLevel.DEBUG]: "debug",
};

/**
 * A kafkajs client whose own logs go through pino, as structured objects. Every client of the
 * product is built here, so the compression codecs are registered before any consumer exists and
 * every client speaks the cluster's SASL and TLS.
 */
export function createKafka(connection: KafkaConnection, clientId: string, log: Logger, socketFactory?: ISocketFactory): Kafka {
  ensureCompressionCodecs();
  const kafkaLog = log.child({ module: "kafkajs" });
  return new Kafka({
    clientId,
    brokers: connection.brokers.split(","),
    ...(connection.sasl ? { sasl: connection.sasl } : {}),
    ...(connection.ssl ? { ssl: connection.ssl } : {}),
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        kafkaLog[levels[level] ?? "info"]({ namespace, ...rest }, message);
      },
    retry: { initialRetryTime: 300, retries: 10 },
    ...(socketFactory ? { socketFactory } : {}),
  });
}

/** Creates the topics that do not exist yet; existing ones are left as they are. */
export async function ensureTopics(kafka: Kafka, topics: readonly string[], partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * A producer that loses nothing: idempotent, one request in flight (order kept), and retrying
 * until the broker takes the records, e.g. through a broker restart; or, with `retries`, failing
 * the send after that many, for a caller that has someone to answer.
 */
export function createReliableProducer(kafka: Kafka, retries = Number.MAX_SAFE_INTEGER): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries, maxRetryTime: 10_000 },
  });
}
