import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exited, spawnTourism } from "../support/child.ts";
import { uniqueName } from "../support/kafka.ts";
import { securedBroker, securedBrokerMissing } from "../support/secured-kafka.ts";

const missing = await securedBrokerMissing();

/** Runs `tourism dlq list` (a Kafka client of the product) and collects what it says. */
async function dlqList(env: Record<string, string>): Promise<{ status: number | string; stdout: string; stderr: string }> {
  const child = spawnTourism(["dlq", "list"], {
    TOURISM_DATA_DIR: mkdtempSync(join(tmpdir(), "secured-cli-")),
    KAFKA_TOPIC_DLQ: uniqueName("secured-dlq"),
    LOG_LEVEL: "debug",
    ...env,
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk));
  return { status: await exited(child), stdout, stderr };
}

describe("tourism's Kafka settings for secured clusters", () => {
  it("stops before connecting, with exit 2 and one line naming the variable, when a CA file does not exist", async () => {
    const { status, stderr } = await dlqList({ KAFKA_BROKERS: "127.0.0.1:1", KAFKA_TLS: "true", KAFKA_TLS_CA_FILE: "/nonexistent/ca.pem" });
    expect(status).toBe(2);
    expect(stderr).toBe('tourism: KAFKA_TLS_CA_FILE: /nonexistent/ca.pem: cannot be read (ENOENT) (got "/nonexistent/ca.pem")\n');
  });

  it.skipIf(missing)(
    `reads the dead letters over SASL, and names a wrong password's failure without writing the password${missing ? ` (skipped: ${missing})` : ""}`,
    async () => {
      const sasl = { KAFKA_BROKERS: securedBroker.sasl, KAFKA_SASL_MECHANISM: "scram-sha-512", KAFKA_SASL_USERNAME: securedBroker.username };
      const right = await dlqList({ ...sasl, KAFKA_SASL_PASSWORD: securedBroker.password });
      expect(right.status, right.stderr).toBe(0);
      expect(right.stdout).toBe("0 dead letters\n");

      const wrong = await dlqList({ ...sasl, KAFKA_SASL_PASSWORD: "wrong-password-4711" });
      expect(wrong.status).toBe(1);
      expect(wrong.stderr).toMatch(/^tourism: SASL SCRAM SHA512 authentication failed/m);
      expect(wrong.stderr).not.toContain("wrong-password-4711");
      expect(right.stderr + right.stdout).not.toContain(securedBroker.password);
    },
  );
});
