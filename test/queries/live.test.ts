import { DateTime } from "luxon";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { cliStaff } from "../../queries/access/access.ts";
import type { ReportContext } from "../../queries/reports/context.ts";
import { liveReport } from "../../queries/live/live.ts";
import { gateCountsSql } from "../../ingest/live/gate-counts.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { reportContext } from "./fixtures.ts";
import { capacityRegister } from "../support/capacity-register.ts";
import { fillEventStore } from "../bench/event-store.ts";
import { demoClock } from "../../ingest/simulate/demo-holiday.ts";

// The farm has an operator of its own, so that an operator's view can be told from the alliance's.
const base = capacityRegister("live-test");
const register = {
  ...base,
  operators: [...base.operators, { operator_id: "op2", name_zh: "农场主体", name_en: "Farm operator", kind: "farm" }],
  sites: base.sites.map((site) => (site.site_id === "farm" ? { ...site, operator_id: "op2" } : site)),
};

let n = 0;
const gate = (site: string, gateId: string, direction: "in" | "out", count: number, at: string) => ({
  type: "footfall",
  event_id: `l${n++}`,
  site_id: site,
  gate_id: gateId,
  direction,
  count,
  occurred_at: at,
});

const demoOptions = () => ({
  demo: { holiday: "national_day", day: 3 } as const,
  pretend: { date: "2025-11-12", as: "2025-10-03" },
  endMinute: 22 * 60,
  realNow: () => 0,
});
const local = (iso: string) => DateTime.fromISO(iso, { zone: "Asia/Shanghai" });
const options = { clock: () => local("2025-10-03T12:00"), staleMinutes: 15 };

let warehouse: Warehouse;
let ctx: ReportContext;
beforeAll(async () => {
  warehouse = await openTestEmbedded("live");
  ctx = await reportContext(
    warehouse,
    [
      [
        gate("park", "g1", "in", 5, "2025-10-02T23:50:00"), // the day before: not today
        gate("park", "g2", "out", 3, "2025-10-02T16:10:00Z"), // 00:10 local: an exit before any entry
        gate("park", "g1", "in", 12, "2025-10-03T09:00:00"),
        gate("park", "g2", "out", 2, "2025-10-03T10:00:00+08:00"),
        gate("park", "g1", "in", 6, "2025-10-03T11:00:00"),
        gate("park", "g1", "in", 1, "2025-10-03T11:50:00"),
        gate("park", "g1", "in", 50, "2025-10-03T15:00:00"), // after the moment asked
        gate("farm", "g", "in", 4, "2025-10-03T08:30:00"), // then silent
        // Day 3 of last year's National Day (1–7 Oct 2024); 17 Sept 2024 was Mid-Autumn, another holiday.
        gate("park", "g1", "in", 60, "2024-09-17T09:30:00"),
        gate("park", "g1", "in", 8, "2024-10-03T09:30:00"),
        gate("park", "g1", "in", 100, "2024-10-03T13:00:00"), // later in that day
        // Wednesday 12 Nov 2025 against Wednesday 13 Nov 2024 (364 days earlier), by local hour.
        gate("park", "g1", "in", 9, "2025-11-12T15:59:59Z"), // 23:59:59 local on the 11th: not that day
        gate("park", "g1", "in", 3, "2025-11-11T16:00:00Z"), // local midnight of the 12th, still the 11th in UTC: hour 0
        gate("park", "g1", "in", 2, "2025-11-12T07:59:59+08:00"), // 23:59:59Z on the 11th: hour 7
        gate("park", "g1", "in", 4, "2025-11-12T00:00:00Z"), // UTC midnight: hour 8
        gate("park", "g1", "in", 5, "2025-11-12T09:15:00"),
        gate("park", "g1", "out", 40, "2025-11-12T09:20:00"), // exits are not entries
        gate("park", "g2", "in", 6, "2025-11-12T09:45:00"),
        gate("park", "g1", "in", 7, "2025-11-12T10:10:00"),
        gate("park", "g1", "in", 8, "2025-11-12T11:05:00+09:00"), // 10:05 local
        gate("park", "g1", "in", 70, "2025-11-12T10:40:00"), // after the moment asked
        gate("park", "g1", "in", 20, "2024-11-13T09:00:00"),
        gate("park", "g1", "in", 30, "2024-11-13T10:29:00"),
        gate("park", "g1", "in", 90, "2024-11-13T10:31:00"), // after the same time of day
      ],
    ],
    register,
    [],
  );
});
afterAll(async () => warehouse.close());

describe("live figures", () => {
  it("list an operator's own sites only, while the alliance totals still cover every site", async () => {
    const live = await liveReport(ctx, { role: "operator", operator_id: "op2", name: "farm" }, {}, options);
    expect(live.sites.map((s) => s.site_id)).toEqual(["farm"]);
    expect(live.stale_sites).toEqual(["farm"]);
    expect(live).toMatchObject({ entries: 23, occupancy: 18, capacity_instant: 30 });
  });

  it("add entries and exits across gates since local midnight, against capacity and the same time on day 3 of last year's holiday", async () => {
    const live = await liveReport(ctx, cliStaff, {}, options);
    expect(live).toMatchObject({
      date: "2025-10-03",
      entries: 23,
      exits: 5,
      occupancy: 18, // park 14 + farm 4
      capacity_instant: 30,
      capacity_daily: 140,
      occupancy_pct: 60,
      entries_pct: 16.4,
      last_year: { date: "2024-10-03", basis: "holiday_day", day_number: 3, entries: 8, exits: 0, occupancy: 8 },
      change: { entries_pct: 187.5, occupancy_pct: 125 },
      stale_sites: ["farm"],
    });
    const park = live.sites.find((s) => s.site_id === "park")!;
    expect(park).toMatchObject({
      entries: 19,
      exits: 5,
      occupancy: 14,
      occupancy_pct: 70,
      entries_pct: 19,
      stale: false,
      latest_event_at: "2025-10-03T03:50:00.000Z",
    });
    expect(park.gates).toEqual([
      { gate_id: "g1", entries: 19, exits: 0, net: 19 },
      { gate_id: "g2", entries: 0, exits: 5, net: -5 },
    ]);
  });

  it("floor occupancy at zero when an exit is counted before its entry, and show the gate's deficit", async () => {
    const live = await liveReport(ctx, cliStaff, { site: "park", at: local("2025-10-03T05:00") }, options);
    expect(live).toMatchObject({ entries: 0, exits: 3, occupancy: 0, occupancy_pct: 0 });
    expect(live.sites[0]!.gates).toEqual([{ gate_id: "g2", entries: 0, exits: 3, net: -3 }]);
  });

  it("answer for a moment in the middle of a day", async () => {
    const live = await liveReport(ctx, cliStaff, { site: "park", at: local("2025-10-03T10:30") }, options);
    expect(live).toMatchObject({ entries: 12, exits: 5, occupancy: 7, at: "2025-10-03T10:30:00.000+08:00" });
  });

  it("say why a holiday day has no counterpart instead of comparing with 0", async () => {
    const live = await liveReport(ctx, cliStaff, { site: "park", at: local("2024-02-17T12:00") }, options);
    expect(live.last_year).toEqual({ date: null, reason: "day 8 of 春节 2024 has no counterpart: last year's period had 7 days" });
    expect(live.change).toEqual({ entries_pct: null, occupancy_pct: null });
  });

  it("in a demo, read the demo's clock, compare its day as the holiday day it plays, and say it is a demo's", async () => {
    // Wednesday 12 Nov 2025 plays day 3 of National Day 2025; the demo's clock stands at 10:30.
    const demo = demoClock({ ...demoOptions(), resumeAt: Date.parse("2025-11-12T10:30:00+08:00") });
    const live = await liveReport(ctx, cliStaff, { site: "park" }, { clock: demo });
    expect(live).toMatchObject({ date: "2025-11-12", at: "2025-11-12T10:30:00.000+08:00", entries: 35 });
    expect(live.last_year).toMatchObject({ date: "2024-10-03", basis: "holiday_day", day_number: 3, entries: 8 });
    expect(live.demo).toEqual({ holiday: "national_day", day: 3, as: "2025-10-03", clock: "2025-11-12T10:30:00.000+08:00", ended: false, note: "演示中" });
    // Past the last closing time the demo is over, and says so.
    const over = demoClock({ ...demoOptions(), resumeAt: Date.parse("2025-11-12T23:00:00+08:00") });
    expect((await liveReport(ctx, cliStaff, { site: "park" }, { clock: over })).demo).toMatchObject({
      clock: "2025-11-12T22:00:00.000+08:00",
      ended: true,
      note: "演示已结束",
    });
    // Outside a demo: the same weekday a year earlier, and no demo.
    const plain = await liveReport(ctx, cliStaff, { site: "park", at: local("2025-11-12T10:30") }, options);
    expect(plain.last_year).toMatchObject({ date: "2024-11-13", basis: "weekday" });
    expect(plain.demo).toBeNull();
  });

  it("break today's entries down by local hour up to the moment, against the comparison day's same hours", async () => {
    const live = await liveReport(ctx, cliStaff, { site: "park", at: local("2025-11-12T10:30") }, options);
    expect(live.last_year).toMatchObject({ date: "2024-11-13", basis: "weekday", entries: 50 });
    const zero = { entries: 0, last_year_entries: 0 };
    expect(live.hourly).toEqual([
      { hour: 0, entries: 3, last_year_entries: 0 },
      { hour: 1, ...zero },
      { hour: 2, ...zero },
      { hour: 3, ...zero },
      { hour: 4, ...zero },
      { hour: 5, ...zero },
      { hour: 6, ...zero },
      { hour: 7, entries: 2, last_year_entries: 0 },
      { hour: 8, entries: 4, last_year_entries: 0 },
      { hour: 9, entries: 11, last_year_entries: 20 },
      { hour: 10, entries: 15, last_year_entries: 30 },
    ]);
    expect(live.entries).toBe(35);
    expect(live.sites[0]!.gates).toEqual([
      { gate_id: "g1", entries: 29, exits: 40, net: -11 },
      { gate_id: "g2", entries: 6, exits: 0, net: 6 },
    ]);
  });

  it("give no hourly comparison, not zeros, when the day has no counterpart", async () => {
    const live = await liveReport(ctx, cliStaff, { site: "park", at: local("2024-02-17T00:30") }, options);
    expect(live.hourly).toEqual([{ hour: 0, entries: 0, last_year_entries: null }]);
  });

  it("read the days asked for from the projection ordered by day and site, not whole years of events", async () => {
    // Years of another site's events beside the fixture's, so that skipping to two days pays.
    await fillEventStore(warehouse, ["elsewhere"], ["op"], { footfallEvents: 200_000, ticketEvents: 0 });
    const plan = await warehouse.query(
      `EXPLAIN indexes = 1 ${gateCountsSql}`,
      { zone: "Asia/Shanghai", sites: ["park"], dates: ["2025-10-03", "2024-10-03"], befores: ["2025-10-03 04:00:00.000", "2024-10-03 04:00:00.000"] },
      z.object({ explain: z.string() }),
    );
    const text = plan.map((r) => r.explain).join("\n");
    expect(text).toContain("ReadFromMergeTree (live_by_day)");
    expect(text).toMatch(/PrimaryKey\s+Keys:\s+local_date\s+site_id/);
  });
});
