import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { eachDate } from "../../transforms/calendar/dates.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { cliStaff } from "../../queries/access/access.ts";
import { publicationRule } from "../../queries/access/disclosure.ts";
import type { ReportContext } from "../../queries/reports/context.ts";
import { cellParams, periodTotalsSql } from "../../queries/reports/period-totals.ts";
import { festivalReport } from "../../queries/reports/festival.ts";
import { growthReport } from "../../queries/reports/growth.ts";
import { holidayReport } from "../../queries/reports/holiday.ts";
import { trendReport } from "../../queries/reports/trend.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { footfall, qingmingBatches, reportContext, testRegister, ticket } from "./fixtures.ts";

let warehouse: Warehouse;
let ctx: ReportContext;

/** a1 on days around 29 February; g1 every day 2019–2022 for growth; a merged holiday at a1. */
function otherEvents() {
  const trend = [
    ...["2023-02-27", "2023-02-28", "2023-03-01", "2023-03-02", "2023-03-03"].map((date, i) => footfall(`feb23-${i}`, "a1", `${date}T12:00:00`, i + 1)),
    footfall("feb24-0", "a1", "2024-02-28T12:00:00", 20),
    footfall("feb24-1", "a1", "2024-02-29T12:00:00", 30),
    footfall("feb24-2", "a1", "2024-03-01T12:00:00", 40),
  ];
  const perDay = { 2019: 10, 2020: 5, 2021: 12, 2022: 20 } as const;
  const growth = Object.entries(perDay).flatMap(([year, visitors]) =>
    eachDate(`${year}-01-01`, `${year}-12-31`).flatMap((date) => [
      footfall(`g-${date}`, "g1", `${date}T12:00:00`, visitors),
      ticket(`gt-${date}`, "g1", "sale", `${date}T12:00:00`, year === "2022" ? "2.00" : "1.00"),
    ]),
  );
  // Mid-Autumn + National Day 2023 merged (29 Sep – 6 Oct), 10 a day; 2022's Mid-Autumn 30 a day, its National Day 20.
  const merged = [
    ...eachDate("2023-09-29", "2023-10-06").map((date) => footfall(`m23-${date}`, "a2", `${date}T12:00:00`, 10)),
    ...eachDate("2022-09-10", "2022-09-12").map((date) => footfall(`m22-${date}`, "a2", `${date}T12:00:00`, 30)),
    ...eachDate("2022-10-01", "2022-10-07").map((date) => footfall(`m22-${date}`, "a2", `${date}T12:00:00`, 20)),
    footfall("m22-between", "a2", "2022-09-20T12:00:00", 999), // between the two 2022 holidays: not counted
  ];
  return [...trend, ...growth, ...merged];
}

beforeAll(async () => {
  warehouse = await openTestEmbedded("reports");
  ctx = await reportContext(warehouse, [...qingmingBatches(), otherEvents()]);
});
afterAll(async () => warehouse?.close());

describe("period totals", () => {
  it("are answered from the projections, never the raw rows", async () => {
    const scope = { sites: ["a1"] };
    const { cells } = publicationRule({ role: "planner" }, testRegister.sites);
    for (const by of [undefined, "site", "operator"] as const) {
      for (const span of [false, true]) {
        // No cells, a planner's (no operator left out), an operator's.
        for (const [counted, leaveOutSelf] of [
          [false, false],
          [true, false],
          [true, true],
        ]) {
          const dates = span ? { first: "2023-04-05", last: "2024-04-06" } : { dates: ["2023-04-05", "2024-04-04", "2024-04-05", "2024-04-06"] };
          const sql = `EXPLAIN ${periodTotalsSql({ by, span, cells: counted, leaveOutSelf })}`;
          const plan = (await warehouse.query(sql, { ...scope, ...dates, ...(counted && cellParams(cells)) }, z.object({ explain: z.string() })))
            .map((r) => r.explain)
            .join("\n");
          expect(plan).toContain("ReadFromMergeTree (daily_footfall)");
          expect(plan).toContain("ReadFromMergeTree (daily_site_tickets)");
        }
      }
    }
  });
});

describe("holiday report", () => {
  it("compares Qingming 2024 (3 days) with 2023 (1 day) on the comparable basis: day 1 against day 1", async () => {
    const report = await holidayReport(ctx, cliStaff, { holiday: "qingming", year: 2024 });
    expect(report.comparable).toBe(false);
    // 4 Apr: 120 + 10 (00:30 local) + 30; 5 Apr: 200 (re-delivered once, exits ignored); 6 Apr: 90 + 40 + 5 (late).
    expect(report.current).toMatchObject({
      start: "2024-04-04",
      end: "2024-04-06",
      days: 3,
      visitors: 495,
      visitors_per_day: 165,
      peak_day: { date: "2024-04-05", visitors: 200 },
      complete: true,
    });
    // 100.00 + 250.50 (once) + 60.00 − 20.25; the 999.00 sale at local midnight falls on 7 April.
    expect(report.current).toMatchObject({ revenue_fen: 39025, revenue_cny: "390.25" });
    expect(report.previous).toMatchObject({
      start: "2023-04-05",
      end: "2023-04-05",
      days: 1,
      visitors: 150,
      revenue_fen: 8000,
      revenue_cny: "80.00",
      peak_day: { date: "2023-04-05", visitors: 150 },
    });
    // The year on year: 4 April (160 visitors, ¥100.00) against 5 April 2023 (150, ¥80.00).
    expect(report.basis).toMatchObject({
      basis: "comparable",
      days: 1,
      current_days: 3,
      previous_days: 1,
      so_far: false,
      current: { start: "2024-04-04", end: "2024-04-04", visitors: 160, revenue_fen: 10000 },
      previous: { start: "2023-04-05", end: "2023-04-05", visitors: 150 },
    });
    expect(report.yoy).toEqual({ visitors_pct: 6.7, revenue_pct: 25, visitors_per_day_pct: 6.7, peak_day_visitors_pct: 6.7 });
    // Secondary: whole periods, 345/150; 31025/8000 = 387.81…; 165 vs 150 per day; peak 200 vs 150.
    expect(report.whole_period_yoy).toEqual({ visitors_pct: 230, revenue_pct: 387.8, visitors_per_day_pct: 10, peak_day_visitors_pct: 33.3 });
    expect(report.baseline).toBeNull();
  });

  it("scopes to a site and breaks down by site and operator, flagging days without data", async () => {
    const site = await holidayReport(ctx, cliStaff, { holiday: "qingming", year: 2024, site: "a1" });
    expect(site.current).toMatchObject({ visitors: 425, revenue_fen: 33025 });
    expect(site.previous).toMatchObject({ visitors: 100, revenue_fen: 5000 });
    // Day 1: 130 visitors and ¥100.00 against 100 and ¥50.00; whole periods 425/3 = 141.67 per day vs 100.
    expect(site.yoy).toEqual({ visitors_pct: 30, revenue_pct: 100, visitors_per_day_pct: 30, peak_day_visitors_pct: 30 });
    expect(site.whole_period_yoy).toEqual({ visitors_pct: 325, revenue_pct: 560.5, visitors_per_day_pct: 41.7, peak_day_visitors_pct: 100 });

    const bySite = await holidayReport(ctx, cliStaff, { holiday: "qingming", year: 2024, town: "t1", by: "site" });
    const b1 = bySite.breakdown!.find((row) => row.id === "b1")!;
    expect(b1.current).toMatchObject({ visitors: 70, revenue_fen: 6000, complete: false, missing_dates: ["2024-04-05"] });
    // Its compared day (4 April, 30) has data; the whole period does not.
    expect(b1.yoy.visitors_pct).toBe(-40);
    expect(b1.whole_period_yoy.visitors_pct).toBeNull();
    expect(bySite.breakdown!.map((row) => [row.rank, row.id, row.town_id])).toEqual([
      [1, "a1", "t1"],
      [2, "b1", "t1"],
    ]);
    expect(bySite.towns!.map((town) => [town.id, town.current.visitors])).toEqual([["t1", 495]]);

    const byOperator = await holidayReport(ctx, cliStaff, { holiday: "qingming", year: 2024, by: "operator" });
    const opA = byOperator.breakdown!.find((row) => row.id === "opA")!;
    expect(opA.current).toMatchObject({ visitors: 425, revenue_fen: 33025, complete: true });
    expect(opA.yoy.visitors_pct).toBe(30);
    expect(opA.whole_period_yoy.visitors_pct).toBe(325);
  });

  it("says a period without data is incomplete instead of printing 0 %", async () => {
    const report = await holidayReport(ctx, cliStaff, { holiday: "qingming", year: 2023, town: "t1" });
    expect(report.previous).toMatchObject({
      start: "2022-04-03",
      end: "2022-04-05",
      visitors: null,
      revenue_fen: null,
      complete: false,
      missing_dates: ["2022-04-03", "2022-04-04", "2022-04-05"],
      no_data_reason: "no data: no events on any day of the period",
    });
    expect(report.yoy).toEqual({ visitors_pct: null, revenue_pct: null, visitors_per_day_pct: null, peak_day_visitors_pct: null });
  });

  it("compares merged Mid-Autumn/National Day 2023 with 2022's period of the holiday asked for, day 1..k in date order", async () => {
    const national = await holidayReport(ctx, cliStaff, { holiday: "national_day", year: 2023, site: "a2" });
    expect(national.holidays).toEqual(["mid_autumn", "national_day"]);
    expect(national.current).toMatchObject({ start: "2023-09-29", end: "2023-10-06", days: 8, visitors: 80 });
    expect(national.previous).toMatchObject({ days: 7, visitors: 140, parts: [{ start: "2022-10-01", end: "2022-10-07" }] });
    expect(national.comparable).toBe(false);
    // Day 1..7 of both: 29 September – 5 October 2023 (70) against 1–7 October 2022 (140).
    expect(national.basis.current).toMatchObject({ days: 7, visitors: 70, parts: [{ start: "2023-09-29", end: "2023-10-05" }] });
    expect(national.basis.previous).toMatchObject({ days: 7, visitors: 140, parts: [{ start: "2022-10-01", end: "2022-10-07" }] });
    expect(national.yoy.visitors_pct).toBe(-50);
    expect(national.whole_period_yoy.visitors_pct).toBe(-42.9); // 80 against 140
    expect(national.whole_period_yoy.visitors_per_day_pct).toBe(-50); // 10 against 20 a day

    const midAutumn = await holidayReport(ctx, cliStaff, { holiday: "mid_autumn", year: 2023, site: "a2" });
    expect(midAutumn.current).toMatchObject({ start: "2023-09-29", end: "2023-10-06", visitors: 80 });
    expect(midAutumn.previous).toMatchObject({ days: 3, visitors: 90, parts: [{ start: "2022-09-10", end: "2022-09-12" }] });
    // Day 1..3: 29 September – 1 October 2023 (30) against 10–12 September 2022 (90).
    expect(midAutumn.yoy.visitors_pct).toBe(-66.7);
    expect(midAutumn.whole_period_yoy.visitors_pct).toBe(-11.1);
  });

  it("adds a baseline year", async () => {
    const report = await holidayReport(ctx, cliStaff, { holiday: "qingming", year: 2024, site: "a1", baseline: 2023 });
    // On the comparable basis, day 1: 130 against 100 (¥100.00 against ¥50.00).
    expect(report.baseline).toMatchObject({
      year: 2023,
      visitors: 100,
      change: { visitors_pct: 30 },
      recovery: { year: 2023, days: 1, visitors_pct: 130, revenue_pct: 200 },
    });
  });
});

describe("festival report", () => {
  it("covers the festival's sites, with the single-day peak year on year", async () => {
    const report = await festivalReport(ctx, cliStaff, { festival: "spring-fair", year: 2024 });
    expect(report.current).toMatchObject({ visitors: 495, revenue_fen: 39025, peak_day: { date: "2024-04-05", visitors: 200 } });
    // The single-day peak is one day against one day: the whole editions' peaks (200 against 150).
    expect(report.whole_period_yoy.peak_day_visitors_pct).toBe(33.3);
    expect(report.comparable).toBe(false);
  });
});

describe("trend report", () => {
  it("aligns on calendar dates: 29 February has no counterpart", async () => {
    const report = await trendReport(ctx, cliStaff, { from: "2024-02-28", to: "2024-03-01", granularity: "day", align: "date", site: "a1" });
    expect(report.rows.map((r) => [r.period, r.visitors, r.prev_start, r.prev_visitors, r.visitors_yoy_pct])).toEqual([
      ["2024-02-28", 20, "2023-02-28", 2, 900],
      ["2024-02-29", 30, null, null, null],
      ["2024-03-01", 40, "2023-03-01", 3, 1233.3],
    ]);
  });

  it("aligns on weekdays: 364 days earlier", async () => {
    const report = await trendReport(ctx, cliStaff, { from: "2024-02-28", to: "2024-03-01", granularity: "day", align: "weekday", site: "a1" });
    expect(report.rows.map((r) => [r.period, r.prev_start, r.prev_visitors, r.visitors_yoy_pct])).toEqual([
      ["2024-02-28", "2023-03-01", 3, 566.7],
      ["2024-02-29", "2023-03-02", 4, 650],
      ["2024-03-01", "2023-03-03", 5, 700],
    ]);
  });

  it("buckets by ISO week and marks holidays in either year", async () => {
    const week = await trendReport(ctx, cliStaff, { from: "2024-02-28", to: "2024-03-01", granularity: "week", align: "date", site: "a1" });
    expect(week.rows).toHaveLength(1);
    expect(week.rows[0]).toMatchObject({
      period: "2024-W09",
      visitors: 90,
      prev_start: "2023-02-28",
      prev_end: "2023-03-01",
      prev_visitors: 5,
      visitors_yoy_pct: 1700,
    });

    const days = await trendReport(ctx, cliStaff, { from: "2024-04-04", to: "2024-04-05", granularity: "day", align: "date" });
    expect(days.rows[0]).toMatchObject({
      period: "2024-04-04",
      visitors: 160,
      holidays: ["qingming"],
      prev_holidays: [],
      complete: false,
      visitors_yoy_pct: null,
    });
    expect(days.rows[1]).toMatchObject({
      period: "2024-04-05",
      visitors: 200,
      prev_visitors: 150,
      visitors_yoy_pct: 33.3,
      revenue_fen: 25050,
      prev_revenue_fen: 8000,
      holidays: ["qingming"],
      prev_holidays: ["qingming"],
    });
    expect(days.complete).toBe(false);
  });
});

describe("growth report", () => {
  it("gives yearly totals, year on year, against the baseline, and CAGR", async () => {
    const report = await growthReport(ctx, cliStaff, { from_year: 2019, to_year: 2022, baseline: 2019, site: "g1" });
    // 10/day × 365, 5 × 366, 12 × 365, 20 × 365; revenue ¥1 a day, ¥2 a day in 2022.
    expect(
      report.years.map((y) => [
        y.year,
        y.visitors,
        y.revenue_fen,
        y.visitors_yoy_pct,
        y.revenue_yoy_pct,
        y.visitors_vs_baseline_pct,
        y.revenue_vs_baseline_pct,
      ]),
    ).toEqual([
      [2019, 3650, 36500, null, null, 0, 0],
      [2020, 1830, 36600, -49.9, 0.3, -49.9, 0.3],
      [2021, 4380, 36500, 139.3, -0.3, 20, 0],
      [2022, 7300, 73000, 66.7, 100, 100, 100],
    ]);
    expect(report.years[0]!.complete).toBe(true);
    // (7300/3650)^(1/3) − 1 = 2^(1/3) − 1 = 25.99 %.
    expect(report.cagr).toEqual({ years: 3, visitors_pct: 26, revenue_pct: 26 });
    expect(report.baseline).toMatchObject({ year: 2019, visitors: 3650, revenue_cny: "365.00" });
  });

  it("states no growth over an incomplete year", async () => {
    const report = await growthReport(ctx, cliStaff, { from_year: 2022, to_year: 2023, site: "g1" });
    // Not one event in 2023: null with the reason, not 0.
    expect(report.years[1]).toMatchObject({ year: 2023, visitors: null, revenue_fen: null, complete: false, missing_days: 365, visitors_yoy_pct: null });
    expect(report.years[1]!.no_data_reason).toMatch(/^no data/);
    expect(report.cagr).toEqual({ years: 1, visitors_pct: null, revenue_pct: null });
  });
});
