import { readFileSync } from "node:fs";
import type { ConnectionOptions } from "node:tls";
import type { SASLOptions } from "kafkajs";
import type { KafkaSecuritySettings } from "./security-settings.ts";

/** Where a Kafka client connects and how it proves itself: brokers, and SASL and TLS when the cluster asks. */
export interface KafkaConnection {
  brokers: string;
  sasl?: SASLOptions;
  ssl?: ConnectionOptions;
}

/** The connection the settings describe (already checked by the configuration schema). */
export function kafkaConnection(brokers: string, settings: KafkaSecuritySettings): KafkaConnection {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = settings;
  const ssl: ConnectionOptions = {};
  for (const [option, file] of [
    ["ca", settings.KAFKA_TLS_CA_FILE],
    ["cert", settings.KAFKA_TLS_CERT_FILE],
    ["key", settings.KAFKA_TLS_KEY_FILE],
  ] as const)
    if (file !== undefined) ssl[option] = readFileSync(file, "utf8");
  return {
    brokers,
    ...(mechanism && username !== undefined && password !== undefined ? { sasl: { mechanism, username, password } } : {}),
    ...(settings.KAFKA_TLS ? { ssl } : {}),
  };
}
