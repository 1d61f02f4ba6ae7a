import pino from "pino";
import { describe, expect, it } from "vitest";
import { createKafka, ensureTopics } from "../../infra/kafka/client.ts";
import { testKafka, uniqueName } from "../support/kafka.ts";

describe("the local Kafka broker", () => {
  it("carries messages from a kafkajs producer to a kafkajs consumer group", async () => {
    const kafka = createKafka(testKafka(), "roundtrip-test", pino({ level: "warn" }));
    const topic = uniqueName("roundtrip");
    await ensureTopics(kafka, [topic], 3);
    await ensureTopics(kafka, [topic], 3); // a second call leaves the topic alone

    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const sent = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: JSON.stringify({ n: i, text: "廊下 🌸" }) }));
    await producer.send({ topic, messages: sent });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: uniqueName("group") });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: { n: number; text: string }[] = [];
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ message }) => {
            received.push(JSON.parse(message.value!.toString()));
            if (received.length === sent.length) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();

    expect(received.map((m) => m.n).sort((a, b) => a - b)).toEqual(sent.map((_, i) => i));
    expect(new Set(received.map((m) => m.text))).toEqual(new Set(["廊下 🌸"]));
  });
});
