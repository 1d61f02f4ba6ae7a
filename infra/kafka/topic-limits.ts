import kafkajs, { type Kafka } from "kafkajs";
import type { Logger } from "../logger.ts";

/** Kafka's stock `max.message.bytes` of a topic (1 MiB and a record batch's log overhead). */
export const stockMaxMessageBytes = 1_048_588;

/**
 * The largest record batch the topic accepts (`max.message.bytes`, as the broker reports it for the
 * topic, its own setting or the broker's default); Kafka's stock value when it cannot be read.
 */
export async function readTopicMaxMessageBytes(kafka: Kafka, topic: string, log: Logger): Promise<number> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: topic, configNames: ["max.message.bytes"] }],
    });
    const value = Number(described.resources[0]?.configEntries.find((e) => e.configName === "max.message.bytes")?.configValue);
    if (Number.isSafeInteger(value) && value > 0) return value;
    log.warn({ topic, fallback: stockMaxMessageBytes }, "max.message.bytes of the topic not reported; assuming Kafka's stock limit");
  } catch (err) {
    log.warn({ err, topic, fallback: stockMaxMessageBytes }, "max.message.bytes of the topic unreadable; assuming Kafka's stock limit");
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  return stockMaxMessageBytes;
}
