import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../infra/logger.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { alertStore } from "../../ingest/alerts/alert-store.ts";
import { createAlertEvaluator } from "../../ingest/alerts/evaluator.ts";
import { runningFootfallSql } from "../../ingest/alerts/running-footfall.ts";
import { createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { migrate } from "../../transforms/migrate.ts";
import { registerLookup } from "../../transforms/register/register.ts";
import { capacityRegister } from "../support/capacity-register.ts";
import { openTestEmbedded } from "../support/warehouse.ts";

const log = createLogger(process.env.TEST_LOG ?? "silent");
const now = DateTime.fromISO("2025-10-03T14:00:00", { zone: "Asia/Shanghai" });
const register = capacityRegister("alert-interval-test");
/** Far longer than the writes below take, even on a loaded machine. */
const intervalMs = 5_000;

let warehouse: Warehouse;
beforeAll(async () => {
  warehouse = await openTestEmbedded("alert_interval");
  await migrate(warehouse, log);
});
afterAll(async () => warehouse.close());

describe("capacity evaluations spaced by an interval", () => {
  it("evaluate the first write at once and the writes within the interval together, raising every crossing once", async () => {
    let evaluations = 0;
    const counting: Warehouse = {
      ...warehouse,
      query: (sql, params, row, options) => {
        if (sql === runningFootfallSql) evaluations += 1;
        return warehouse.query(sql, params, row, options);
      },
    };
    const evaluator = createAlertEvaluator({ warehouse: counting, register, log, clock: () => now, lateAfterMs: 15 * 60_000, minIntervalMs: intervalMs });
    const ingestor = createMessageIngestor({
      writer: createEventWriter(warehouse),
      lookup: () => registerLookup(register),
      clock: () => now,
      onWritten: (footfall) => evaluator.written(footfall),
    });
    let n = 0;
    const gate = (gateId: string, direction: "in" | "out", count: number, time: string) => ({
      text: JSON.stringify({ type: "footfall", event_id: `i${n++}`, site_id: "park", gate_id: gateId, direction, count, occurred_at: `2025-10-03T${time}:00` }),
      source: { kind: "file" as const, name: "alert-interval-test", partition: 0, position: n },
    });
    const levels = async () =>
      (await alertStore(warehouse).list({ sites: ["park"] }))
        .sort((a, b) => a.occurred_at.localeCompare(b.occurred_at))
        .map((a) => `${a.measure} ${a.previous_level}→${a.level} ${a.figure}/${a.capacity}`);

    await ingestor.ingest([gate("g1", "in", 16, "13:50")]); // 16/20 = 80 %: warning
    await evaluator.settled();
    expect(evaluations).toBe(1);
    expect(await levels()).toEqual(["instant normal→warning 16/20"]);

    const started = performance.now();
    for (const [gateId, direction, count, time] of [
      ["g2", "out", 1, "13:51"], // 15 = 75 %: still warning
      ["g1", "in", 5, "13:52"], // 20 = 100 %: full
      ["g2", "out", 1, "13:53"], // 19 = 95 %: still full
      ["g2", "out", 2, "13:54"], // 17 = 85 %: warning
      ["g1", "out", 3, "13:55"], // 14 = 70 %: normal
    ] as const)
      await ingestor.ingest([gate(gateId, direction, count, time)]);
    expect(performance.now() - started).toBeLessThan(intervalMs);
    await evaluator.settled();
    expect(evaluations).toBe(2);
    expect(await levels()).toEqual([
      "instant normal→warning 16/20",
      "instant warning→full 20/20",
      "instant full→warning 17/20",
      "instant warning→normal 14/20",
    ]);
  }, 30_000);
});
