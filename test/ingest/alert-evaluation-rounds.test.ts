import { DateTime } from "luxon";
import { Gauge, Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger } from "../../infra/logger.ts";
import { type Warehouse, WarehouseError } from "../../infra/warehouse/port.ts";
import { int64 } from "../../infra/warehouse/rows.ts";
import { type AlertFacts, alertId, alertStore } from "../../ingest/alerts/alert-store.ts";
import { createAlertEvaluator } from "../../ingest/alerts/evaluator.ts";
import { runningFootfallSql } from "../../ingest/alerts/running-footfall.ts";
import { createMessageIngestor } from "../../ingest/pipeline/ingest-messages.ts";
import type { WrittenHook } from "../../ingest/pipeline/ingest-messages.ts";
import { createEventWriter } from "../../ingest/write/event-writer.ts";
import { migrate } from "../../transforms/migrate.ts";
import { registerLookup } from "../../transforms/register/register.ts";
import { capacityRegister } from "../support/capacity-register.ts";
import { openTestEmbedded } from "../support/warehouse.ts";

const log = createLogger(process.env.TEST_LOG ?? "silent");
/** The park: instant 20, daily 100 (gates g1, g2); the farm: instant 10, daily 40 (gate g). */
const register = capacityRegister("alert-rounds-test");
const zone = "Asia/Shanghai";

let warehouse: Warehouse;
beforeAll(async () => {
  warehouse = await openTestEmbedded("alert_rounds");
  await migrate(warehouse, log);
});
afterAll(async () => warehouse.close());

let n = 0;
const gate = (site: string, gateId: string, direction: "in" | "out", count: number, day: string, time: string) => ({
  text: JSON.stringify({ type: "footfall", event_id: `r${n++}`, site_id: site, gate_id: gateId, direction, count, occurred_at: `${day}T${time}:00` }),
  source: { kind: "file" as const, name: "alert-rounds-test", partition: 0, position: n },
});

/** The morning of a day: the park fills to 16 (80 %) at 10:00 and 21 at 11:00; the farm to 8 (80 %), then 12. */
const morning = (day: string) => [
  gate("park", "g1", "in", 16, day, "10:00"),
  gate("farm", "g", "in", 8, day, "10:00"),
  gate("park", "g1", "in", 5, day, "11:00"),
  gate("farm", "g", "in", 4, day, "11:00"),
];
/** The rest of a past day: 10 leave the park at 12:00 (11 inside, 55 %); 30 come into the farm and 30 leave (42 entries of 40). */
const afternoon = (day: string) => [
  gate("park", "g2", "out", 10, day, "12:00"),
  gate("farm", "g", "in", 30, day, "12:00"),
  gate("farm", "g", "out", 30, day, "12:00"),
];

/** A warehouse that counts the statements run through it and may fail the first running-footfall read. */
function counted(failFirstRead = false) {
  const counter = { statements: 0, failNextRead: failFirstRead };
  const through: Warehouse = {
    ...warehouse,
    exec: (sql, params, options) => {
      counter.statements += 1;
      return warehouse.exec(sql, params, options);
    },
    query: (sql, params, row, options) => {
      counter.statements += 1;
      if (sql === runningFootfallSql && counter.failNextRead) {
        counter.failNextRead = false;
        return Promise.reject(new WarehouseError("Code: 159. Timeout exceeded", "transient"));
      }
      return warehouse.query(sql, params, row, options);
    },
    insert: (table, rows) => {
      counter.statements += 1;
      return warehouse.insert(table, rows);
    },
  };
  return { counter, through };
}

const ingestorOn = (clock: () => DateTime, onWritten?: WrittenHook) =>
  createMessageIngestor({ writer: createEventWriter(warehouse), lookup: () => registerLookup(register), clock, ...(onWritten ? { onWritten } : {}) });

/** Stored alerts of these days as "local day time site measure previous→level figure/capacity [late]", in time order. */
async function alertsOn(days: readonly string[]): Promise<string[]> {
  return (await alertStore(warehouse).list())
    .filter((a) => days.includes(a.local_date))
    .sort((a, b) => a.occurred_at.localeCompare(b.occurred_at) || a.site_id.localeCompare(b.site_id) || a.measure.localeCompare(b.measure))
    .map((a) => {
      const at = DateTime.fromISO(a.occurred_at, { zone: "utc" }).setZone(zone).toFormat("yyyy-MM-dd HH:mm");
      return `${at} ${a.site_id} ${a.measure} ${a.previous_level}→${a.level} ${a.figure}/${a.capacity}${a.late ? " late" : ""}`;
    });
}

const pastDayAlerts = (day: string) => [
  `${day} 10:00 farm instant normal→warning 8/10 late`,
  `${day} 10:00 park instant normal→warning 16/20 late`,
  `${day} 11:00 farm instant warning→full 12/10 late`,
  `${day} 11:00 park instant warning→full 21/20 late`,
  `${day} 12:00 farm daily normal→full 42/40 late`,
  `${day} 12:00 park instant full→normal 11/20 late`,
];

const daysFrom = (first: string, count: number) => Array.from({ length: count }, (_, i) => DateTime.fromISO(first, { zone }).plus({ days: i }).toISODate()!);

describe("capacity evaluation in rounds of statements", () => {
  it("raises every crossing of ten days at two sites once, from one write, in at most three statements", async () => {
    const days = daysFrom("2025-10-01", 10);
    const today = days.at(-1)!;
    // 11:05 on the tenth day: its 10:00 crossings are an hour old (late), its 11:00 ones news.
    const now = DateTime.fromISO(`${today}T11:05:00`, { zone });
    const { counter, through } = counted();
    const registry = new Registry();
    const gauge = new Gauge({ name: "level", help: "level", labelNames: ["site", "measure"] as const, registers: [registry] });
    let told = 0;
    const evaluator = createAlertEvaluator({
      warehouse: through,
      register,
      log,
      clock: () => now,
      lateAfterMs: 15 * 60_000,
      gauge,
      onRaised: () => {
        told += 1;
      },
    });
    const ingestor = ingestorOn(
      () => now,
      (footfall) => evaluator.written(footfall),
    );
    const outcome = await ingestor.ingest(days.flatMap((day) => (day === today ? morning(day) : [...morning(day), ...afternoon(day)])));
    expect(outcome.rejected).toEqual([]);
    await evaluator.settled();

    expect(counter.statements).toBeLessThanOrEqual(3);
    expect(await alertsOn(days)).toEqual([
      ...days.slice(0, -1).flatMap(pastDayAlerts),
      `${today} 10:00 farm instant normal→warning 8/10 late`,
      `${today} 10:00 park instant normal→warning 16/20 late`,
      `${today} 11:00 farm instant warning→full 12/10`,
      `${today} 11:00 park instant warning→full 21/20`,
    ]);
    expect(told).toBeGreaterThan(0);
    const levels = (await gauge.get()).values.map((v) => `${v.labels.site} ${v.labels.measure} ${v.value}`).sort();
    expect(levels).toEqual(["farm daily 0", "farm instant 2", "park daily 0", "park instant 2"]);

    // Evaluated again, nothing new is stored: the read alone, since this evaluator stored every crossing.
    counter.statements = 0;
    evaluator.written(days.map((day) => ({ site_id: "park", local_date: day })));
    await evaluator.settled();
    expect(counter.statements).toBe(1);
    expect(await alertsOn(days)).toHaveLength(9 * 6 + 4);

    // Another evaluator (a restarted process) has not seen them stored: a read and a lookup, and nothing stored twice.
    counter.statements = 0;
    const restarted = createAlertEvaluator({ warehouse: through, register, log, clock: () => now, lateAfterMs: 15 * 60_000 });
    restarted.written(days.map((day) => ({ site_id: "park", local_date: day })));
    await restarted.settled();
    expect(counter.statements).toBe(2);
    expect(await alertsOn(days)).toHaveLength(9 * 6 + 4);
  });

  it("evaluates a site only on the days it was written", async () => {
    const days = daysFrom("2025-11-01", 3);
    const now = DateTime.fromISO("2025-11-10T09:00:00", { zone });
    await ingestorOn(() => now).ingest(days.flatMap((day) => [...morning(day), ...afternoon(day)]));
    const { counter, through } = counted();
    const evaluator = createAlertEvaluator({ warehouse: through, register, log, clock: () => now, lateAfterMs: 15 * 60_000 });
    evaluator.written([
      { site_id: "park", local_date: days[0]! },
      { site_id: "farm", local_date: days[1]! },
      { site_id: "park", local_date: days[2]! },
      { site_id: "farm", local_date: days[2]! },
    ]);
    await evaluator.settled();
    expect(counter.statements).toBe(3);
    const onlySite = (site: string) => (line: string) => line.includes(` ${site} `);
    expect(await alertsOn(days)).toEqual([
      ...pastDayAlerts(days[0]!).filter(onlySite("park")),
      ...pastDayAlerts(days[1]!).filter(onlySite("farm")),
      ...pastDayAlerts(days[2]!),
    ]);
  });

  it("evaluates a replay of 150 days in rounds of a hundred, each a read, a lookup and an insert", async () => {
    const days = daysFrom("2024-01-01", 150);
    const now = DateTime.fromISO("2024-06-30T20:00:00", { zone });
    const { counter, through } = counted();
    const evaluator = createAlertEvaluator({ warehouse: through, register, log, clock: () => now, lateAfterMs: 15 * 60_000 });
    const outcome = await ingestorOn(
      () => now,
      (footfall) => evaluator.written(footfall),
    ).ingest(days.flatMap((day) => [...morning(day), ...afternoon(day)]));
    expect(outcome.rejected).toEqual([]);
    await evaluator.settled();
    expect(counter.statements).toBe(6);
    expect(await alertsOn(days)).toEqual(days.flatMap(pastDayAlerts));
  });

  it("keeps the days of an evaluation that failed for a passing reason and evaluates them with the next write", async () => {
    const [first, second] = daysFrom("2025-12-01", 2) as [string, string];
    const now = DateTime.fromISO("2025-12-10T09:00:00", { zone });
    const { counter, through } = counted(true);
    const evaluator = createAlertEvaluator({ warehouse: through, register, log, clock: () => now, lateAfterMs: 15 * 60_000 });
    const ingestor = ingestorOn(
      () => now,
      (footfall) => evaluator.written(footfall),
    );
    await ingestor.ingest([...morning(first), ...afternoon(first)]);
    await evaluator.settled();
    expect(counter.failNextRead).toBe(false);
    expect(await alertsOn([first])).toEqual([]);

    await ingestor.ingest([...morning(second), ...afternoon(second)]);
    await evaluator.settled();
    expect(await alertsOn([first, second])).toEqual([...pastDayAlerts(first), ...pastDayAlerts(second)]);
  });
});

describe("the alert store in slices a server takes in its URL", () => {
  it("stores 4,500 alerts in three statements, once, and finds them among 24,500 ids in three lookups", async () => {
    const day = "2023-01-01";
    const alerts: AlertFacts[] = Array.from({ length: 4_500 }, (_, i) => ({
      alert_id: alertId("farm", "instant", day, "warning", i + 1),
      occurred_at: "2023-01-01 02:00:00.000",
      local_date: day,
      site_id: "farm",
      measure: "instant",
      level: "warning",
      previous_level: "normal",
      crossing: i + 1,
      figure: 8,
      capacity: 10,
      late: true,
    }));
    const storedOn = async () =>
      (await warehouse.query("SELECT count() AS n FROM alerts WHERE local_date = {day:Date}", { day }, z.object({ n: int64 })))[0]!.n;
    const { counter, through } = counted();
    const store = alertStore(through);
    await store.raise(alerts, "2023-01-01 02:00:01.000");
    expect(counter.statements).toBe(3);
    expect(await storedOn()).toBe(4_500);
    await store.raise(alerts.slice(1_000, 1_010), "2023-01-01 02:05:00.000");
    expect(await storedOn()).toBe(4_500);

    counter.statements = 0;
    const unknown = Array.from({ length: 20_000 }, (_, i) => alertId("farm", "daily", day, "full", i + 1));
    const found = await store.storedAmong([...unknown, ...alerts.map((a) => a.alert_id)]);
    expect(counter.statements).toBe(3);
    expect(found).toEqual(new Set(alerts.map((a) => a.alert_id)));
  });
});
