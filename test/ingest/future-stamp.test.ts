import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createKafka } from "../../infra/kafka/client.ts";
import { createLogger } from "../../infra/logger.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { alertStore } from "../../ingest/alerts/alert-store.ts";
import { importFiles } from "../../ingest/import/import-files.ts";
import { readDeadLetters } from "../../ingest/kafka/dead-letters.ts";
import { revalidateDeadLetters } from "../../ingest/kafka/replay.ts";
import { startIngestWorker } from "../../ingest/kafka/worker.ts";
import { createIngestMetrics } from "../../ingest/observability/metrics.ts";
import { migrate } from "../../transforms/migrate.ts";
import { capacityRegister } from "../support/capacity-register.ts";
import { createTestTopics, produceRaw, waitUntilCommitted } from "../support/ingest-worker.ts";
import { testKafka, uniqueName } from "../support/kafka.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { alertingPipeline } from "../support/alerting-pipeline.ts";

const log = createLogger(process.env.TEST_LOG ?? "silent");
const kafka = createKafka(testKafka(), "future-stamp-test", log);
const register = capacityRegister("future-stamp-test");
const tolerance = /^occurred_at is more than 5 minutes after this clock \(TOURISM_FUTURE_TOLERANCE_MINUTES\)/;

let warehouse: Warehouse;
beforeAll(async () => {
  warehouse = await openTestEmbedded("future_stamp");
  await migrate(warehouse, log);
});
afterAll(async () => warehouse.close());

/** The validate-and-write path with capacity alerts, on a clock the test moves. */
function pipeline(start: string) {
  let now = DateTime.fromISO(start, { zone: "Asia/Shanghai" });
  const clock = () => now;
  const { evaluator, ingestor } = alertingPipeline(warehouse, register, clock, log);
  return { evaluator, ingestor, advance: (minutes: number) => (now = now.plus({ minutes })) };
}

/** A farm gate count (instant capacity 10, daily 40). */
const farmCount = (id: string, count: number, at: string) =>
  JSON.stringify({ type: "footfall", event_id: id, site_id: "farm", gate_id: "g", direction: "in", count, occurred_at: at });

const storedIds = async (day: string) =>
  (
    await warehouse.query("SELECT event_id FROM footfall_events WHERE local_date = {day:Date} ORDER BY event_id", { day }, z.object({ event_id: z.string() }))
  ).map((r) => r.event_id);
const alertsOn = async (day: string) =>
  (await alertStore(warehouse).list({ sites: ["farm"] }))
    .filter((a) => a.local_date === day)
    .map((a) => `${a.measure} ${a.level} ${a.figure} ${a.occurred_at}`);

describe("a count stamped after the clock", () => {
  it("is dead-lettered naming the tolerance and raises nothing; one within it is stored; a replay once its time has come stores it", async () => {
    const { evaluator, ingestor, advance } = pipeline("2025-10-03T14:00:00");
    const topics = await createTestTopics(kafka, 1);
    const groupId = uniqueName("future-group");
    // The counter's clock runs 10 minutes fast: 12 visitors would make the farm full at 14:10.
    await produceRaw(kafka, topics.byKind.footfall, [
      farmCount("fast-clock", 12, "2025-10-03T14:10:00+08:00"),
      farmCount("slightly-fast", 3, "2025-10-03T14:04:00+08:00"),
    ]);
    const worker = await startIngestWorker(
      { kafka, ingestor, log, metrics: createIngestMetrics() },
      { groupId, topics, maxBatchEvents: 100, maxBatchWaitMs: 50, sessionTimeoutMs: 6000, stallPatienceMs: 60_000 },
    );
    await waitUntilCommitted(kafka, groupId, [topics.byKind.footfall]);
    await worker.stop();
    await evaluator.settled();

    const { letters } = await readDeadLetters(kafka, topics.deadLetters);
    expect(letters.map((l) => [JSON.parse(l.original.toString()).event_id, l.reason])).toEqual([["fast-clock", expect.stringMatching(tolerance)]]);
    expect(await storedIds("2025-10-03")).toEqual(["slightly-fast"]);
    expect(await alertsOn("2025-10-03")).toEqual([]);

    // Too early still: the replay finds it ahead of the clock again.
    advance(4);
    expect((await revalidateDeadLetters(kafka, topics, ingestor)).rejected.map((r) => r.reason)).toEqual([expect.stringMatching(tolerance)]);
    advance(7); // 14:11
    const replayed = await revalidateDeadLetters(kafka, topics, ingestor);
    await evaluator.settled();
    expect(replayed.written).toBe(1);
    expect(await storedIds("2025-10-03")).toEqual(["fast-clock", "slightly-fast"]);
    expect(await alertsOn("2025-10-03")).toEqual(["instant full 15 2025-10-03T06:10:00.000Z"]);
  });

  it("goes to an import's rejects file; the same file imported once its time has come stores it", async () => {
    const { evaluator, ingestor, advance } = pipeline("2025-10-06T14:00:00");
    const dir = mkdtempSync(join(tmpdir(), "future-stamp-"));
    const file = join(dir, "counts.ndjson");
    writeFileSync(file, `${farmCount("import-fast", 12, "2025-10-06T14:10:00")}\n${farmCount("import-ok", 3, "2025-10-06T14:05:00")}\n`);
    const rejectsPath = join(dir, "rejects.ndjson");
    const first = await importFiles([file], { ingestor, batchSize: 100, rejectsPath });
    await evaluator.settled();
    expect(first).toMatchObject({ written: 1, invalid: 1 });
    const rejects = readFileSync(rejectsPath, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { line: number; reason: string });
    expect(rejects).toEqual([expect.objectContaining({ line: 1, cause: "invalid", reason: expect.stringMatching(tolerance) })]);
    expect(await alertsOn("2025-10-06")).toEqual([]);

    advance(10);
    const second = await importFiles([file], { ingestor, batchSize: 100, rejectsPath: join(dir, "rejects-2.ndjson") });
    await evaluator.settled();
    expect(second).toMatchObject({ written: 1, duplicates: 1, invalid: 0 });
    expect(await storedIds("2025-10-06")).toEqual(["import-fast", "import-ok"]);
    expect(await alertsOn("2025-10-06")).toEqual(["instant full 15 2025-10-06T06:10:00.000Z"]);
  });
});
