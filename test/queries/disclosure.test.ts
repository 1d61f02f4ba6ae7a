import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { type Access, cliStaff } from "../../queries/access/access.ts";
import type { ReportContext } from "../../queries/reports/context.ts";
import { festivalReport } from "../../queries/reports/festival.ts";
import { growthReport } from "../../queries/reports/growth.ts";
import { holidayReport } from "../../queries/reports/holiday.ts";
import { trendReport } from "../../queries/reports/trend.ts";
import type { Festival } from "../../transforms/calendar/festivals.ts";
import type { Register } from "../../transforms/register/register.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { type WireEvent, footfall, reportContext, ticket } from "./fixtures.ts";

/**
 * Five operators, one site each: o1–o4 in town t1, o5 in t2. Who sells on which day decides
 * whether a figure's revenue may be shown (the threshold rule, three operators).
 */
const ids = ["1", "2", "3", "4", "5"];
const register: Register = {
  version: "disclosure",
  towns: [
    { town_id: "t1", name_zh: "一镇", name_en: "Town One", district: "d" },
    { town_id: "t2", name_zh: "二镇", name_en: "Town Two", district: "d" },
  ],
  operators: ids.map((n) => ({ operator_id: `o${n}`, name_zh: `主体${n}`, name_en: `Operator ${n}`, kind: "farm" })),
  sites: ids.map((n) => ({
    site_id: `s${n}`,
    town_id: n === "5" ? "t2" : "t1",
    operator_id: `o${n}`,
    name_zh: `景点${n}`,
    name_en: `Site ${n}`,
    kind: "farm",
    gates: ["g"],
  })),
};
const festivals: Festival[] = [
  {
    festival_id: "fair",
    name_zh: "集",
    name_en: "Fair",
    site_ids: ["s1", "s2"],
    editions: [
      { year: 2023, start: "2023-04-05", end: "2023-04-05" },
      { year: 2024, start: "2024-04-04", end: "2024-04-06" },
    ],
  },
];

/** A ticket at site sN, sold (or refunded, redeemed) by its operator oN. */
const at = (action: "sale" | "refund" | "redeem", n: string, date: string, cny?: string): WireEvent => ({
  ...ticket(`${action}-${n}-${date}`, "a1", action, `${date}T12:00:00`, cny),
  site_id: `s${n}`,
  operator_id: `o${n}`,
});
const visitors = (date: string) => ids.map((n) => footfall(`f-${n}-${date}`, `s${n}`, `${date}T10:00:00`, 10));

function events(): WireEvent[] {
  return [
    // 2023-04-05: all five sell.
    ...visitors("2023-04-05"),
    ...ids.map((n) => at("sale", n, "2023-04-05", "10.00")),
    // 2024-04-04: o1–o4 sell.
    ...visitors("2024-04-04"),
    ...["1", "2", "3", "4"].map((n) => at("sale", n, "2024-04-04", "20.00")),
    // 2024-04-05: only o1 and o2 sell; o3 only redeems (an entry scan, no revenue).
    ...visitors("2024-04-05"),
    at("sale", "1", "2024-04-05", "30.00"),
    at("sale", "2", "2024-04-05", "40.00"),
    at("redeem", "3", "2024-04-05"),
    // 2024-04-06: o1–o3 sell, o5 refunds (a refund is revenue too).
    ...visitors("2024-04-06"),
    ...["1", "2", "3"].map((n) => at("sale", n, "2024-04-06", "50.00")),
    at("refund", "5", "2024-04-06", "5.00"),
  ];
}

let warehouse: Warehouse;
let ctx: ReportContext;
beforeAll(async () => {
  warehouse = await openTestEmbedded("disclosure");
  ctx = await reportContext(warehouse, [events()], register, festivals);
});
afterAll(async () => warehouse?.close());

const planner: Access = { role: "planner", name: "planner" };
const operator1: Access = { role: "operator", operator_id: "o1", name: "Operator 1" };
const plannerReason = "fewer than 3 operators contributed to this figure (threshold rule)";
const operatorReason = "fewer than 3 other operators contributed to this figure (threshold rule)";
const withheld = (reason: string) => ({ revenue_fen: null, revenue_cny: null, revenue_withheld: true, revenue_withheld_reason: reason });
const trend = (access: Access, scope: { town?: string; operator?: string }) =>
  trendReport(ctx, access, { from: "2024-04-04", to: "2024-04-06", granularity: "day", align: "date", ...scope });

describe("revenue disclosure, judged per figure from the operators that sold or refunded in it", () => {
  it("shows staff every figure", async () => {
    const report = await trend(cliStaff, { town: "t1" });
    expect(report.revenue_withheld).toBe(false);
    expect(report.rows.map((r) => r.revenue_fen)).toEqual([8000, 7000, 15000]);
  });

  it("withholds a town's day from a planner when fewer than three operators sold that day", async () => {
    const report = await trend(planner, { town: "t1" });
    expect(report.revenue_withheld).toBe(true);
    expect(report.rows[0]).toMatchObject({ period: "2024-04-04", revenue_fen: 8000, revenue_withheld: false });
    // Four operators in the town, but only two sold: a redemption is no revenue.
    expect(report.rows[1]).toMatchObject({ period: "2024-04-05", visitors: 40, ...withheld(plannerReason), revenue_yoy_pct: null });
    // Last year's same day (four sellers in t1) is shown; the change would give this year's away.
    expect(report.rows[1]).toMatchObject({ prev_revenue_fen: 4000, prev_revenue_withheld: false });
    expect(report.rows[2]).toMatchObject({ period: "2024-04-06", revenue_fen: 15000, revenue_withheld: false });
  });

  it("shows an operator its own revenue, and an alliance day only with three other sellers", async () => {
    const own = await trend(operator1, { operator: "o1" });
    expect(own.rows.map((r) => r.revenue_fen)).toEqual([2000, 3000, 5000]);
    expect(own.revenue_withheld).toBe(false);
    const alliance = await trend(operator1, {});
    expect(alliance.rows[0]).toMatchObject({ revenue_fen: 8000, revenue_withheld: false }); // o2, o3, o4
    expect(alliance.rows[1]).toMatchObject({ ...withheld(operatorReason) }); // o2 only
    expect(alliance.rows[2]).toMatchObject({ revenue_fen: 14500, revenue_withheld: false }); // o2, o3 and o5's refund
  });

  it("withholds every site and operator row of a planner's breakdown, and their changes", async () => {
    const report = await holidayReport(ctx, planner, { holiday: "qingming", year: 2024, by: "site" });
    expect(report.current).toMatchObject({ revenue_fen: 29500, revenue_withheld: false });
    expect(report.yoy.revenue_pct).not.toBeNull();
    expect(report.breakdown).toHaveLength(5);
    for (const row of report.breakdown!) {
      expect(row.current, row.id).toMatchObject(withheld(plannerReason));
      expect(row.previous, row.id).toMatchObject(withheld(plannerReason));
      expect(row.yoy.revenue_pct, row.id).toBeNull();
      expect(row.current.visitors, row.id).toBe(30);
    }
    const byOperator = await holidayReport(ctx, planner, { holiday: "qingming", year: 2024, by: "operator" });
    expect(byOperator.breakdown!.every((row) => row.current.revenue_withheld && row.current.revenue_fen === null)).toBe(true);
    expect(byOperator.revenue_withheld).toBe(true);
  });

  it("withholds a festival's revenue over two operators' sites from a planner", async () => {
    const report = await festivalReport(ctx, planner, { festival: "fair", year: 2024 });
    expect(report.current).toMatchObject({ visitors: 60, ...withheld(plannerReason) });
    expect(report.yoy).toMatchObject({ revenue_pct: null, visitors_pct: 200 });
  });

  it("withholds a one-operator town's years from a planner, with their changes and CAGR", async () => {
    const town2 = await growthReport(ctx, planner, { from_year: 2023, to_year: 2024, town: "t2" });
    expect(town2.years.map((y) => [y.year, y.revenue_fen, y.revenue_withheld, y.revenue_yoy_pct])).toEqual([
      [2023, null, true, null],
      [2024, null, true, null],
    ]);
    expect(town2.cagr.revenue_pct).toBeNull();
    const alliance = await growthReport(ctx, planner, { from_year: 2024, to_year: 2024 });
    expect(alliance.years[0]).toMatchObject({ year: 2024, revenue_fen: 29500, revenue_withheld: false });
  });
});
