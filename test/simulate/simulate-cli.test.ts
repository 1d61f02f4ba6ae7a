import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import pino from "pino";
import { createKafka } from "../../infra/kafka/client.ts";
import { exited, spawnTourism, stderrTail } from "../support/child.ts";
import { testBrokers, testKafka, uniqueName } from "../support/kafka.ts";

const dir = mkdtempSync(join(tmpdir(), "tourism-simulate-"));

async function run(args: string[], env: Record<string, string> = {}): Promise<string> {
  const child = spawnTourism(["simulate", ...args], { KAFKA_BROKERS: "", ...env });
  let stdout = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await exited(child);
  expect(code, stderrTail(child)).toBe(0);
  return stdout;
}

const faultArgs = ["--from-date", "2019-04-04", "--to-date", "2019-04-08", "--duplicates", "--late", "--malformed"];

describe("tourism simulate", () => {
  it("--to file: the same seed writes byte-identical NDJSON; another seed does not", async () => {
    const [a, b, c] = ["a", "b", "c"].map((n) => join(dir, `${n}.ndjson`));
    await run(["--seed", "11", ...faultArgs, "--to", "file", a!]);
    const summary = await run(["--seed", "11", ...faultArgs, "--to", "file", b!]);
    await run(["--seed", "12", ...faultArgs, "--to", "file", c!]);
    const bytes = readFileSync(a!);
    expect(bytes.length).toBeGreaterThan(100_000);
    expect(readFileSync(b!).equals(bytes)).toBe(true);
    expect(readFileSync(c!).equals(bytes)).toBe(false);
    const lines = bytes.toString().trimEnd().split("\n").length;
    expect(summary).toContain(`${lines} messages to ${b}`);
  }, 60_000);

  it("rejects a bad target in one line, exit 2", async () => {
    const child = spawnTourism(["simulate", "--to", "s3", "x"], { KAFKA_BROKERS: "" });
    expect(await exited(child)).toBe(2);
    expect(stderrTail(child)).toContain('--to: expected "file PATH" or "kafka", got "s3 x"');
  });

  it("--to kafka: every message on its kind's topic, keyed by event id", async () => {
    const tickets = uniqueName("sim-tickets");
    const footfall = uniqueName("sim-footfall");
    const file = join(dir, "same.ndjson");
    const args = ["--seed", "13", "--from-date", "2019-04-05", "--to-date", "2019-04-05"];
    await run([...args, "--to", "file", file]);
    await run([...args, "--to", "kafka", "--rate", "20000"], { KAFKA_BROKERS: testBrokers(), KAFKA_TOPIC_TICKETS: tickets, KAFKA_TOPIC_FOOTFALL: footfall });
    const expected = readFileSync(file, "utf8").trimEnd().split("\n");

    const kafka = createKafka(testKafka(), "test-simulate", pino({ level: "silent" }));
    const consumer = kafka.consumer({ groupId: uniqueName("sim-group") });
    await consumer.connect();
    await consumer.subscribe({ topics: [tickets, footfall], fromBeginning: true });
    const seen: { topic: string; key: string; value: string }[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${seen.length} of ${expected.length} messages arrived`)), 30_000);
      void consumer.run({
        eachMessage: async ({ topic, message }) => {
          seen.push({ topic, key: message.key!.toString(), value: message.value!.toString() });
          if (seen.length === expected.length) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
    expect(seen.map((m) => m.value).sort()).toEqual([...expected].sort());
    for (const m of seen) {
      const event = z.object({ type: z.string(), event_id: z.string() }).parse(JSON.parse(m.value));
      expect(m.topic).toBe(event.type === "ticket" ? tickets : footfall);
      expect(m.key).toBe(event.event_id);
    }
  }, 90_000);
});
