import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { kafkaConnection } from "./connection.ts";

const dir = mkdtempSync(join(tmpdir(), "kafka-security-"));
const cert = join(dir, "cert.pem");
const key = join(dir, "key.pem");
execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=test", "-keyout", key, "-out", cert], {
  stdio: "ignore",
});
const notPem = join(dir, "notes.txt");
writeFileSync(notPem, "not a certificate\n");

const refusal = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return "accepted";
  } catch (err) {
    return (err as Error).message;
  }
};

describe("Kafka SASL and TLS settings", () => {
  it("refuses each setting that cannot work, in one line naming the variable to fix", () => {
    const sasl = { KAFKA_SASL_MECHANISM: "scram-sha-256", KAFKA_SASL_USERNAME: "tourism", KAFKA_SASL_PASSWORD: "s3cret-pass" };
    expect(refusal({ KAFKA_SASL_MECHANISM: "scram-sha-256" })).toMatch(/^KAFKA_SASL_USERNAME: required with KAFKA_SASL_MECHANISM=scram-sha-256/);
    expect(refusal({ ...sasl, KAFKA_SASL_PASSWORD: "" })).toMatch(/^KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM/);
    expect(refusal({ KAFKA_SASL_USERNAME: "tourism", KAFKA_SASL_PASSWORD: "s3cret-pass" })).toMatch(/^KAFKA_SASL_MECHANISM: required with KAFKA_SASL_USERNAME/);
    expect(refusal({ ...sasl, KAFKA_SASL_MECHANISM: "gssapi" })).toMatch(/^KAFKA_SASL_MECHANISM: /);
    expect(refusal({ KAFKA_TLS: "yes" })).toMatch(/^KAFKA_TLS: true or false/);
    expect(refusal({ KAFKA_TLS_CA_FILE: cert })).toMatch(/^KAFKA_TLS: must be true with KAFKA_TLS_CA_FILE/);
    expect(refusal({ KAFKA_TLS: "true", KAFKA_TLS_CA_FILE: join(dir, "missing.pem") })).toMatch(
      /^KAFKA_TLS_CA_FILE: .*missing\.pem: cannot be read \(ENOENT\)/,
    );
    expect(refusal({ KAFKA_TLS: "true", KAFKA_TLS_CA_FILE: notPem })).toMatch(/^KAFKA_TLS_CA_FILE: .*: not a PEM certificate/);
    expect(refusal({ KAFKA_TLS: "true", KAFKA_TLS_CA_FILE: key })).toMatch(/^KAFKA_TLS_CA_FILE: .*: not a PEM certificate/);
    expect(refusal({ KAFKA_TLS: "true", KAFKA_TLS_CERT_FILE: cert })).toMatch(/^KAFKA_TLS_KEY_FILE: required with KAFKA_TLS_CERT_FILE/);
    expect(refusal({ KAFKA_TLS: "true", KAFKA_TLS_KEY_FILE: key })).toMatch(/^KAFKA_TLS_CERT_FILE: required with KAFKA_TLS_KEY_FILE/);
    expect(refusal({ KAFKA_TLS: "true", KAFKA_TLS_CERT_FILE: cert, KAFKA_TLS_KEY_FILE: cert })).toMatch(
      /^KAFKA_TLS_KEY_FILE: .*: not an unencrypted PEM private key/,
    );
  });

  it("builds the kafkajs connection the settings describe, and none of it without them", () => {
    const config = loadConfig({
      KAFKA_SASL_MECHANISM: "plain",
      KAFKA_SASL_USERNAME: "tourism",
      KAFKA_SASL_PASSWORD: "s3cret-pass",
      KAFKA_TLS: "true",
      KAFKA_TLS_CA_FILE: cert,
      KAFKA_TLS_CERT_FILE: cert,
      KAFKA_TLS_KEY_FILE: key,
    });
    const connection = kafkaConnection("b1:9093,b2:9093", config);
    expect(connection.sasl).toEqual({ mechanism: "plain", username: "tourism", password: "s3cret-pass" });
    expect(connection.ssl?.ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(connection.ssl?.cert).toBe(connection.ssl?.ca);
    expect(connection.ssl?.key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(kafkaConnection("b1:9092", loadConfig({}))).toEqual({ brokers: "b1:9092" });
    expect(kafkaConnection("b1:9093", loadConfig({ KAFKA_TLS: "true" }))).toEqual({ brokers: "b1:9093", ssl: {} });
  });
});
