import { randomUUID } from "node:crypto";
import { loadConfig } from "../../infra/config.ts";

/**
 * The broker the integration tests use: KAFKA_BROKERS, or the local single-node broker that
 * `npm run kafka:up` (and .ci/run) starts on 127.0.0.1:9092. There is no fake Kafka.
 */
export function testBrokers(): string {
  return loadConfig(process.env).KAFKA_BROKERS ?? "127.0.0.1:9092";
}

/** Topic and group names unique to one test, so tests never share state on the broker. */
export function uniqueName(prefix: string): string {
  return `test.${prefix}.${randomUUID().slice(0, 8)}`;
}
