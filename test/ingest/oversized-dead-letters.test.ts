import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createKafka } from "../../infra/kafka/client.ts";
import { stockMaxMessageBytes } from "../../infra/kafka/topic-limits.ts";
import { openEmbeddedWarehouse } from "../../infra/warehouse/embedded.ts";
import { readDeadLetters } from "../../ingest/kafka/dead-letters.ts";
import { defaultRegisterPath } from "../../transforms/register/register.ts";
import { exited, runTourism, spawnTourism, stderrTail } from "../support/child.ts";
import { testSites } from "../support/events.ts";
import { produceRaw, waitUntilCommitted, workerEnv } from "../support/ingest-worker.ts";
import { testKafka, uniqueName } from "../support/kafka.ts";

/**
 * A dead letter carries its value plus headers, so it can exceed the dead-letter topic's limit even
 * when the original fitted its own topic. The dead-letter topic here has Kafka's stock limit; the
 * event topics take up to 8 MB (the local broker itself takes 16 MB, which would hide the problem).
 */

const kafka = createKafka(testKafka(), "oversized-test", pino({ level: "silent" }));
const mb = 1024 * 1024;

const site = testSites[0];
const footfall = (id: string, gate: string) =>
  JSON.stringify({ type: "footfall", event_id: id, site_id: site.site_id, gate_id: gate, direction: "in", count: 7, occurred_at: "2024-04-05T10:00:00+08:00" });
const ticket = (id: string) =>
  JSON.stringify({
    type: "ticket",
    event_id: id,
    site_id: site.site_id,
    operator_id: site.operator_id,
    order_id: `o-${id}`,
    action: "sale",
    channel: "onsite",
    ticket_type: "adult",
    quantity: 1,
    amount_cny: "40.00",
    occurred_at: "2024-04-05T10:00:00+08:00",
  });

describe("dead letters larger than the dead-letter topic takes", () => {
  it("are truncated with the original's length and digest, the events behind them are written, and replay reads the originals from Kafka", {
    timeout: 240_000,
  }, async () => {
    const topics = { byKind: { ticket: uniqueName("tickets"), footfall: uniqueName("footfall") }, deadLetters: uniqueName("dlq") };
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        ...[topics.byKind.ticket, topics.byKind.footfall].map((topic) => ({
          topic,
          numPartitions: 1,
          replicationFactor: 1,
          configEntries: [{ name: "max.message.bytes", value: String(8 * mb) }],
        })),
        {
          topic: topics.deadLetters,
          numPartitions: 1,
          replicationFactor: 1,
          configEntries: [{ name: "max.message.bytes", value: String(stockMaxMessageBytes) }],
        },
      ],
    });
    await admin.disconnect();

    // 5 MB that is not JSON; and a footfall event from a gate the register lacks, led by spaces up to
    // a size that fits a stock batch alone (its record and the batch's header, about 80 bytes, included)
    // but not with a dead letter's key and headers. Its event is whole only with its last bytes.
    const fiveMb = Buffer.alloc(5 * mb, "x");
    const newGate = footfall("big-new-gate", "boat-gate");
    const nearlyOneMb = " ".repeat(stockMaxMessageBytes - 120 - newGate.length) + newGate;
    await produceRaw(kafka, topics.byKind.ticket, [ticket("before-big"), fiveMb, ticket("after-big")]);
    await produceRaw(kafka, topics.byKind.footfall, [nearlyOneMb, footfall("after-near-limit", site.gate)]);

    const groupId = uniqueName("oversized");
    const dataDir = mkdtempSync(join(tmpdir(), "tourism-oversized-"));
    const env = workerEnv(topics, groupId, dataDir);
    const worker = spawnTourism(["ingest", "--metrics-port", "0"], env);
    await waitUntilCommitted(kafka, groupId, [topics.byKind.ticket, topics.byKind.footfall], 60_000).catch((err: Error) => {
      worker.kill("SIGKILL");
      throw new Error(`${err.message}; the worker said: ${stderrTail(worker)}`);
    });
    worker.kill("SIGTERM");
    expect(await exited(worker), stderrTail(worker)).toBe(0);

    const { letters } = await readDeadLetters(kafka, topics.deadLetters);
    const bySize = [...letters].sort((a, b) => (a.truncated?.originalBytes ?? 0) - (b.truncated?.originalBytes ?? 0));
    expect(bySize.map((l) => [l.sourceTopic, l.sourceOffset, l.truncated?.originalBytes])).toEqual([
      [topics.byKind.footfall, 0, nearlyOneMb.length],
      [topics.byKind.ticket, 1, fiveMb.length],
    ]);
    for (const [letter, original] of [
      [bySize[0]!, Buffer.from(nearlyOneMb)],
      [bySize[1]!, fiveMb],
    ] as const) {
      expect(letter.truncated!.sha256).toBe(createHash("sha256").update(original).digest("hex"));
      expect(letter.original.length).toBeGreaterThan(stockMaxMessageBytes - 8 * 1024);
      expect(letter.original.length).toBeLessThan(original.length);
      expect(Buffer.compare(letter.original, original.subarray(0, letter.original.length))).toBe(0);
    }
    expect(bySize[0]!.reason).toBe(`gate_id: site ${site.site_id} has no gate "boat-gate"`);
    expect(bySize[1]!.reason).toMatch(/^not JSON/);

    const listed = await runTourism(["dlq", "list", "--format", "json"], env);
    expect(listed.code, listed.stderr).toBe(0);
    const rows = z
      .object({ dead_letters: z.array(z.object({ source: z.string(), truncated: z.boolean(), bytes: z.number() })) })
      .parse(JSON.parse(listed.stdout))
      .dead_letters.sort((a, b) => a.bytes - b.bytes);
    expect(rows.map((r) => [r.source, r.truncated, r.bytes])).toEqual([
      [`${topics.byKind.footfall}/0@0`, true, nearlyOneMb.length],
      [`${topics.byKind.ticket}/0@1`, true, fiveMb.length],
    ]);

    // With the gate added to the register, replay reads the whole original from its topic and writes
    // it; the letter's own bytes (cut before the event) would still fail as not JSON.
    const register = JSON.parse(readFileSync(defaultRegisterPath, "utf8")) as { sites: { site_id: string; gates: string[] }[] };
    register.sites.find((s) => s.site_id === site.site_id)!.gates.push("boat-gate");
    const fixed = `${dataDir}-register.json`;
    writeFileSync(fixed, JSON.stringify(register));
    const replayed = await runTourism(["dlq", "replay"], { ...env, TOURISM_REGISTER: fixed });
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(replayed.stdout).toContain("replayed 2: now pass 1 (written 1, already stored 0), still invalid 1\n");

    // Once Kafka no longer holds the originals, replay says so and replays nothing in their place.
    const cleaner = kafka.admin();
    await cleaner.connect();
    await cleaner.fetchTopicMetadata({ topics: [topics.byKind.ticket] });
    await cleaner.deleteTopicRecords({ topic: topics.byKind.ticket, partitions: [{ partition: 0, offset: "-1" }] });
    await cleaner.disconnect();
    const gone = await runTourism(["dlq", "replay"], { ...env, TOURISM_REGISTER: fixed });
    expect(gone.code, gone.stderr).toBe(0);
    expect(gone.stdout).toContain(
      `${topics.byKind.ticket}/0@1: not replayed: Kafka no longer holds ${topics.byKind.ticket}/0@1 (the partition now starts at offset 3)`,
    );
    expect(gone.stdout).toContain("replayed 1: now pass 1 (written 0, already stored 1), still invalid 0; 1 letters not replayed\n");

    const warehouse = await openEmbeddedWarehouse(dataDir, "tourism");
    try {
      const ids = async (table: string) =>
        (await warehouse.query(`SELECT event_id FROM ${table} ORDER BY event_id`, {}, z.object({ event_id: z.string() }))).map((r) => r.event_id);
      expect(await ids("ticket_events")).toEqual(["after-big", "before-big"]);
      expect(await ids("footfall_events")).toEqual(["after-near-limit", "big-new-gate"]);
    } finally {
      await warehouse.close();
    }
  });
});
