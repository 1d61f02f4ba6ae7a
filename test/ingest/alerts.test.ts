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
import { mulberry32 } from "../../ingest/simulate/rng.ts";
import { migrate } from "../../transforms/migrate.ts";
import { registerLookup } from "../../transforms/register/register.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { capacityRegister } from "../support/capacity-register.ts";
import { alertingPipeline } from "../support/alerting-pipeline.ts";

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
  const { evaluator, ingestor } = alertingPipeline(warehouse, register, clock, log);
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
    const ingestor = createMessageIngestor({ writer, lookup: () => registerLookup(register), clock: () => now.plus({ days: 1 }) });
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

/** The park with a country park's capacities: 1,000 inside at once, 3,000 a day. */
const bigParkRegister = {
  ...register,
  sites: register.sites.map((s) => (s.site_id === "park" ? { ...s, capacity: [{ from: "2020-01-01", instant: 1000, daily: 3000 }] } : s)),
};

/**
 * A busy day at the park, as its gates count it: g1 counts entries and g2 exits every half hour, g2
 * once off that grid (11:52), and g1 twice at 09:30. Inside: 800 at 09:30 (80 %), 1,060 at 11:30
 * (106 %), 960 at 12:30, 860 at 13:00, 700 at 14:00; entries reach 2,400 (80 % of the day's 3,000) at 13:30.
 */
const busyDay: [string, "g1" | "g2", "in" | "out", number][] = [
  ["08:00", "g1", "in", 200],
  ["08:30", "g1", "in", 250],
  ["08:30", "g2", "out", 50],
  ["09:00", "g1", "in", 300],
  ["09:00", "g2", "out", 100],
  ["09:30", "g1", "in", 200],
  ["09:30", "g1", "in", 100],
  ["09:30", "g2", "out", 100],
  ["10:00", "g1", "in", 200],
  ["10:00", "g2", "out", 150],
  ["10:30", "g1", "in", 200],
  ["10:30", "g2", "out", 200],
  ["11:00", "g1", "in", 250],
  ["11:00", "g2", "out", 150],
  ["11:30", "g1", "in", 250],
  ["11:30", "g2", "out", 140],
  ["11:52", "g2", "out", 30],
  ["12:00", "g1", "in", 150],
  ["12:00", "g2", "out", 170],
  ["12:30", "g1", "in", 100],
  ["12:30", "g2", "out", 150],
  ["13:00", "g1", "in", 100],
  ["13:00", "g2", "out", 200],
  ["13:30", "g1", "in", 100],
  ["13:30", "g2", "out", 100],
  ["14:00", "g1", "in", 80],
  ["14:00", "g2", "out", 240],
  ["15:00", "g1", "in", 60],
  ["15:00", "g2", "out", 200],
  ["16:00", "g1", "in", 30],
  ["16:00", "g2", "out", 300],
  ["17:00", "g2", "out", 290],
];
const busyDate = "2025-10-08";
const busyMessages = busyDay.map(([time, gateId, direction, count], i) => ({
  text: JSON.stringify({ type: "footfall", event_id: `busy-${i}`, site_id: "park", gate_id: gateId, direction, count, occurred_at: `${busyDate}T${time}:00` }),
  source: { kind: "file" as const, name: "busy-day", partition: 0, position: i },
}));
/** The evening the day is read: every crossing is older than the stale setting, so each is late, whatever the batching. */
const busyEvening = DateTime.fromISO(`${busyDate}T17:05:00`, { zone: "Asia/Shanghai" });

/** Runs `work` on a database of its own: the alerts there are only the ones it raises. */
async function inOwnDatabase<T>(label: string, work: (own: Warehouse) => Promise<T>): Promise<T> {
  const own = await openTestEmbedded(label);
  try {
    await migrate(own, log);
    return await work(own);
  } finally {
    await own.exec(`DROP DATABASE IF EXISTS ${own.database}`);
    await own.close();
  }
}

/** The busy day's alert rows, without when they were raised; `writes` writes the day and says when to evaluate. */
const busyDayAlerts = (label: string, writes: (ingest: (messages: typeof busyMessages) => Promise<void>, evaluate: () => Promise<void>) => Promise<void>) =>
  inOwnDatabase(label, async (own) => {
    const evaluator = createAlertEvaluator({ warehouse: own, register: bigParkRegister, log, clock: () => busyEvening, lateAfterMs: 15 * 60_000 });
    const ingestor = createMessageIngestor({ writer: createEventWriter(own), lookup: () => registerLookup(bigParkRegister), clock: () => busyEvening });
    const ingest = async (messages: typeof busyMessages) => {
      const outcome = await ingestor.ingest(messages);
      expect(outcome.rejected).toEqual([]);
    };
    const evaluate = () => {
      evaluator.written([{ site_id: "park", local_date: busyDate }]);
      return evaluator.settled();
    };
    await writes(ingest, evaluate);
    return (await alertStore(own).list({ sites: ["park"] }))
      .map(({ raised_at, next_attempt_at, ...row }) => row)
      .sort((a, b) => a.occurred_at.localeCompare(b.occurred_at) || a.measure.localeCompare(b.measure));
  });

describe("capacity crossings follow the events in time order", () => {
  it("a day that arrives in one write raises each crossing at its own event time: full at 11:30 with 106 %", async () => {
    const rows = await busyDayAlerts("busy_one_write", async (ingest, evaluate) => {
      await ingest(busyMessages);
      await evaluate();
    });
    expect(
      rows.map((a) => `${a.occurred_at} ${a.measure} #${a.crossing} ${a.previous_level}→${a.level} ${a.figure}/${a.capacity}${a.late ? " late" : ""}`),
    ).toEqual([
      "2025-10-08T01:30:00.000Z instant #1 normal→warning 800/1000 late",
      "2025-10-08T03:30:00.000Z instant #2 warning→full 1060/1000 late",
      "2025-10-08T05:00:00.000Z instant #3 full→warning 860/1000 late",
      "2025-10-08T05:30:00.000Z daily #1 normal→warning 2400/3000 late",
      "2025-10-08T06:00:00.000Z instant #4 warning→normal 700/1000 late",
    ]);
  });

  it("gives identical rows (ids, times, levels, figures) written in one write, in small writes in time order, or in shuffled batches", async () => {
    const oneWrite = await busyDayAlerts("busy_whole", async (ingest, evaluate) => {
      await ingest(busyMessages);
      await evaluate();
    });
    // Small writes in time order, evaluated after each: a write holds one to three of the day's event times.
    const times = [...new Set(busyDay.map(([time]) => time))];
    const inOrder = await busyDayAlerts("busy_in_order", async (ingest, evaluate) => {
      for (let i = 0, size = 1; i < times.length; i += size, size = (size % 3) + 1) {
        const slice = new Set(times.slice(i, i + size));
        await ingest(busyMessages.filter((_, j) => slice.has(busyDay[j]![0])));
        await evaluate();
      }
    });
    // Shuffled batches of three events, written as a backlog drains: the evaluation runs after the last.
    const random = mulberry32(11);
    const shuffled = busyMessages
      .map((m) => ({ m, key: random() }))
      .sort((a, b) => a.key - b.key)
      .map(({ m }) => m);
    const backlog = await busyDayAlerts("busy_shuffled", async (ingest, evaluate) => {
      for (let i = 0; i < shuffled.length; i += 3) await ingest(shuffled.slice(i, i + 3));
      await evaluate();
    });
    expect(oneWrite).toHaveLength(5);
    expect(inOrder).toEqual(oneWrite);
    expect(backlog).toEqual(oneWrite);
  });

  it("keeps a stored crossing when earlier events arrive later, and stores what the whole day now shows", () =>
    inOwnDatabase("late_earlier_events", async (own) => {
      const clock = () => DateTime.fromISO("2025-10-09T12:30:00", { zone: "Asia/Shanghai" });
      const evaluator = createAlertEvaluator({ warehouse: own, register, log, clock, lateAfterMs: 15 * 60_000 });
      const ingestor = createMessageIngestor({
        writer: createEventWriter(own),
        lookup: () => registerLookup(register),
        clock,
        onWritten: (footfall) => evaluator.written(footfall),
      });
      const levelsOf = async () =>
        (await alertStore(own).list({ sites: ["farm"] }))
          .sort((a, b) => a.occurred_at.localeCompare(b.occurred_at))
          .map((a) => `${a.occurred_at} #${a.crossing} ${a.previous_level}→${a.level} ${a.figure}${a.late ? " late" : ""}`);
      const farm = (direction: "in" | "out", count: number, time: string) => gate("farm", "g", direction, count, `2025-10-09T${time}:00`);
      await ingestor.ingest([farm("in", 8, "10:00"), farm("in", 3, "11:00")]);
      await evaluator.settled();
      expect(await levelsOf()).toEqual(["2025-10-09T02:00:00.000Z #1 normal→warning 8 late", "2025-10-09T03:00:00.000Z #2 warning→full 11 late"]);
      // The exits at 10:30 were held by the counter: only 2 were inside then, and 5 at 11:00. The
      // announced full stays; the day's second change, as the events now tell it, is stored beside it.
      await ingestor.ingest([farm("out", 6, "10:30")]);
      await evaluator.settled();
      expect(await levelsOf()).toEqual([
        "2025-10-09T02:00:00.000Z #1 normal→warning 8 late",
        "2025-10-09T02:30:00.000Z #2 warning→normal 2 late",
        "2025-10-09T03:00:00.000Z #2 warning→full 11 late",
      ]);
      // Then the farm fills again: the day's third change of level, from normal as the events tell it.
      await ingestor.ingest([farm("in", 7, "12:20")]);
      await evaluator.settled();
      expect(await levelsOf()).toEqual([
        "2025-10-09T02:00:00.000Z #1 normal→warning 8 late",
        "2025-10-09T02:30:00.000Z #2 warning→normal 2 late",
        "2025-10-09T03:00:00.000Z #2 warning→full 11 late",
        "2025-10-09T04:20:00.000Z #3 normal→full 12",
      ]);
    }));
});
