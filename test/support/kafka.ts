import { randomUUID } from "node:crypto";
import { loadConfig } from "../../infra/config.ts";
import { type KafkaConnection, kafkaConnection } from "../../infra/kafka/connection.ts";

/**
 * The broker the integration tests use: KAFKA_BROKERS, or the local single-node broker that
 * `npm run kafka:up` (and .ci/run) starts on 127.0.0.1:9092. There is no fake Kafka.
 */
export function testBrokers(): string {
  return loadConfig(process.env).KAFKA_BROKERS ?? "127.0.0.1:9092";
}

/** The test broker with the SASL and TLS settings of the environment, as the product would connect. */
export function testKafka(): KafkaConnection {
  return kafkaConnection(testBrokers(), loadConfig(process.env));
}

/** Topic and group names unique to one test, so tests never share state on the broker. */
export function uniqueName(prefix: string): string {
  return `test.${prefix}.${randomUUID().slice(0, 8)}`;
}
