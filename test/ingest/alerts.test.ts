import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger } from "../../infra/logger.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { int64 } from "../../infra/warehouse/rows.ts";
import { alertStore } from "../../ingest/alerts/alert-store.ts";
import { createAlertEvaluator } from "../../ingest/alerts/evaluator.ts";
import { createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { migrate } from "../../transforms/migrate.ts";
import { registerLookup } from "../../transforms/register/register.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { capacityRegister } from "../support/capacity-register.ts";

const log = createLogger(process.env.TEST_LOG ?? "silent");
/** 14:00 on 3 October 2025 in Shanghai: day 3 of National Day. */
const now = DateTime.fromISO("2025-10-03T14:00:00", { zone: "Asia/Shanghai" });

const register = capacityRegister("alerts-test");

let n = 0;
const gate = (site: string, gateId: string, direction: "in" | "out", count: number, at: string) => ({
  text: JSON.stringify({ type: "footfall", event_id: `e${n++}`, site_id: site, gate_id: gateId, direction, count, occurred_at: at }),
  source: { kind: "file" as const, name: "alerts-test", partition: 0, position: n },
});

let warehouse: Warehouse;
beforeAll(async () => {
  warehouse = await openTestEmbedded("alerts");
  await migrate(warehouse, log);
});
afterAll(async () => warehouse.close());

function pipeline(clock = () => now) {
  const evaluator = createAlertEvaluator({ warehouse, register, log, clock, lateAfterMs: 15 * 60_000 });
  const ingestor = createMessageIngestor({
    writer: createEventWriter(warehouse),
    lookup: () => registerLookup(register),
    clock,
    onWritten: (footfall) => evaluator.written(footfall),
  });
  return { evaluator, ingestor };
}

const levelsOf = async (site: string, day: string) =>
  (await alertStore(warehouse).list({ sites: [site] }))
    .filter((a) => a.local_date === day)
    .sort((a, b) => a.occurred_at.localeCompare(b.occurred_at) || a.measure.localeCompare(b.measure))
    .map((a) => `${a.measure} ${a.previous_level}→${a.level} ${a.figure}/${a.capacity}${a.late ? " late" : ""}`);

describe("capacity alerts as events are written", () => {
  it("rise at 80 % and 100 % of the instant capacity and clear only below 75 % and 95 %", async () => {
    const { evaluator, ingestor } = pipeline();
    // Each batch arrives as it happens; the clock stands at the last event.
    const steps: [string, "in" | "out", number, string][] = [
      ["g1", "in", 16, "13:50"], // 16/20 = 80 %: warning
      ["g2", "out", 1, "13:51"], // 15 = 75 %: still warning
      ["g1", "in", 5, "13:52"], // 20 = 100 %: full
      ["g2", "out", 1, "13:53"], // 19 = 95 %: still full
      ["g2", "out", 2, "13:54"], // 17 = 85 %: warning
      ["g1", "out", 3, "13:55"], // 14 = 70 %: normal
    ];
    for (const [gateId, direction, count, time] of steps) {
      await ingestor.ingest([gate("park", gateId, direction, count, `2025-10-03T${time}:00`)]);
      await evaluator.settled();
    }
    expect(await levelsOf("park", "2025-10-03")).toEqual([
      "instant normal→warning 16/20",
      "instant warning→full 20/20",
      "instant full→warning 17/20",
      "instant warning→normal 14/20",
    ]);
  });

  it("record a late event as late, for its own moment, never as the present", async () => {
    const { evaluator, ingestor } = pipeline();
    // Yesterday's counter syncs today; and a batch from 09:00 today arrives at 14:00.
    await ingestor.ingest([gate("farm", "g", "in", 12, "2025-10-02T16:00:00"), gate("farm", "g", "in", 9, "2025-10-03T09:00:00")]);
    await evaluator.settled();
    expect(await levelsOf("farm", "2025-10-02")).toEqual(["instant normal→full 12/10 late"]);
    expect(await levelsOf("farm", "2025-10-03")).toEqual(["instant normal→warning 9/10 late"]);
    const [yesterday] = (await alertStore(warehouse).list({ sites: ["farm"] })).filter((a) => a.local_date === "2025-10-02");
    expect(yesterday!.occurred_at).toBe("2025-10-02T08:00:00.000Z");
  });

  it("raise one row when two evaluators see the same crossing", async () => {
    const writer = createEventWriter(warehouse);
    const ingestor = createMessageIngestor({ writer, lookup: () => registerLookup(register), clock: () => now });
    await ingestor.ingest([gate("park", "g1", "in", 100, "2025-10-04T10:00:00")]);
    const a = createAlertEvaluator({ warehouse, register, log, clock: () => now, lateAfterMs: 60_000 });
    const b = createAlertEvaluator({ warehouse, register, log, clock: () => now, lateAfterMs: 60_000 });
    const touched = [{ site_id: "park", local_date: "2025-10-04" }];
    a.written(touched);
    b.written(touched);
    await Promise.all([a.settled(), b.settled()]);
    const [row] = await warehouse.query("SELECT count() AS n FROM alerts WHERE local_date = '2025-10-04' AND site_id = 'park'", {}, z.object({ n: int64 }));
    expect(row!.n).toBe(2); // instant full and daily full, each once
    expect(await levelsOf("park", "2025-10-04")).toEqual(["daily normal→full 100/100 late", "instant normal→full 100/20 late"]);
  });
});
