import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../infra/config.ts";
import { createKafka, ensureTopics } from "../../infra/kafka/client.ts";
import { kafkaConnection } from "../../infra/kafka/connection.ts";
import { uniqueName } from "../support/kafka.ts";
import { securedBroker, securedBrokerMissing } from "../support/secured-kafka.ts";

const missing = await securedBrokerMissing();
const log = pino({ level: "silent" });
const ca = join(securedBroker.tlsDir, "ca.pem");

/** A client built the way every command builds one: from the environment, through the configuration schema. */
function clientOf(brokers: string, env: Record<string, string>) {
  return createKafka(kafkaConnection(brokers, loadConfig(env)), "secured-test", log);
}

/** Sends one message through the client and reads it back with a fresh consumer group. */
async function roundTrip(kafka: ReturnType<typeof createKafka>): Promise<string> {
  const topic = uniqueName("secured");
  await ensureTopics(kafka, [topic], 1);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ key: "k", value: `廊下 ${topic}` }] });
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: uniqueName("secured-group") });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const value = await new Promise<string>((resolve, reject) => {
    consumer.run({ eachMessage: async ({ message }) => resolve(message.value!.toString()) }).catch(reject);
  });
  await consumer.disconnect();
  expect(value).toBe(`廊下 ${topic}`);
  return value;
}

/** How a connection attempt ends, and how long it took. */
async function connecting(kafka: ReturnType<typeof createKafka>): Promise<{ error: string; seconds: number }> {
  const started = Date.now();
  const producer = kafka.producer();
  const error = await producer.connect().then(
    () => "connected",
    (err: Error) => `${err.name}: ${err.message}`,
  );
  await producer.disconnect();
  return { error, seconds: (Date.now() - started) / 1000 };
}

describe.skipIf(missing)(`Kafka over SASL and TLS, on the local broker's secured listeners${missing ? ` (skipped: ${missing})` : ""}`, () => {
  for (const mechanism of ["plain", "scram-sha-256", "scram-sha-512"]) {
    it(`produces and consumes with SASL ${mechanism}`, async () => {
      const env = { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: securedBroker.username, KAFKA_SASL_PASSWORD: securedBroker.password };
      await roundTrip(clientOf(securedBroker.sasl, env));
    });
  }

  it("refuses a wrong password with an authentication error, within seconds", async () => {
    for (const mechanism of ["plain", "scram-sha-512"]) {
      const env = { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: securedBroker.username, KAFKA_SASL_PASSWORD: "not-the-password" };
      const { error, seconds } = await connecting(clientOf(securedBroker.sasl, env));
      expect(error).toMatch(/SASL .*authentication failed/i);
      expect(seconds).toBeLessThan(20);
    }
  });

  it("produces and consumes over TLS, trusting the broker's CA from KAFKA_TLS_CA_FILE", async () => {
    await roundTrip(clientOf(securedBroker.tls, { KAFKA_TLS: "true", KAFKA_TLS_CA_FILE: ca }));
  });

  it("refuses a broker whose certificate the CA file did not sign, within seconds", async () => {
    const dir = mkdtempSync(join(tmpdir(), "other-ca-"));
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=another CA", "-keyout", join(dir, "key.pem"), "-out", join(dir, "ca.pem")],
      { stdio: "ignore" },
    );
    const { error, seconds } = await connecting(clientOf(securedBroker.tls, { KAFKA_TLS: "true", KAFKA_TLS_CA_FILE: join(dir, "ca.pem") }));
    expect(error).toMatch(/certificate/i);
    expect(seconds).toBeLessThan(20);
  });

  it("with mutual TLS: produces and consumes with the client certificate, and is refused without one", async () => {
    const withCertificate = {
      KAFKA_TLS: "true",
      KAFKA_TLS_CA_FILE: ca,
      KAFKA_TLS_CERT_FILE: join(securedBroker.tlsDir, "client.pem"),
      KAFKA_TLS_KEY_FILE: join(securedBroker.tlsDir, "client-key.pem"),
    };
    await roundTrip(clientOf(securedBroker.mutualTls, withCertificate));
    const { error, seconds } = await connecting(clientOf(securedBroker.mutualTls, { KAFKA_TLS: "true", KAFKA_TLS_CA_FILE: ca }));
    expect(error).not.toBe("connected");
    expect(seconds).toBeLessThan(20);
  });
});
