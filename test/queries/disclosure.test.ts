import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { type Access, cliStaff } from "../../queries/access/access.ts";
import { bulletinFigures } from "../../queries/reports/bulletin.ts";
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
 * Eight operators, one site each: o1–o4 in town t1, o5–o7 in t2, o8 alone in t3. Who sells on
 * which day decides whether a figure's revenue may be shown: per town and day (a planner) or per
 * day (an operator), none or at least three sellers.
 */
const ids = ["1", "2", "3", "4", "5", "6", "7", "8"];
const townOf = (n: string) => (n <= "4" ? "t1" : n <= "7" ? "t2" : "t3");
const register: Register = {
  version: "disclosure",
  towns: ["t1", "t2", "t3"].map((town_id) => ({ town_id, name_zh: town_id, name_en: town_id, district: "d" })),
  operators: ids.map((n) => ({ operator_id: `o${n}`, name_zh: `主体${n}`, name_en: `Operator ${n}`, kind: "farm" })),
  sites: ids.map((n) => ({
    site_id: `s${n}`,
    town_id: townOf(n),
    operator_id: `o${n}`,
    name_zh: `景点${n}`,
    name_en: `Site ${n}`,
    kind: "farm",
    gates: ["g"],
  })),
};
/** A market on three of t1's four sites, one day in 2024. */
const festivals: Festival[] = [
  { festival_id: "market", name_zh: "集", name_en: "Market", site_ids: ["s1", "s2", "s3"], editions: [{ year: 2024, start: "2024-06-03", end: "2024-06-03" }] },
];

/** A sale (or refund) of `cny` at site sN by its operator oN, at local time `time` of `date`. */
const sale = (n: string, date: string, cny: string, time = "10:00", action: "sale" | "refund" = "sale"): WireEvent => ({
  ...ticket(`${action}-${n}-${date}-${time}`, "a1", action, `${date}T${time}:00`, cny),
  site_id: `s${n}`,
  operator_id: `o${n}`,
});
const visitors = (date: string) => ids.map((n) => footfall(`f-${n}-${date}`, `s${n}`, `${date}T09:00:00`, 10));
const sales = (date: string, sellers: string[], cny = "10.00") => sellers.map((n) => sale(n, date, cny));

function events(): WireEvent[] {
  return [
    ...["2024-05-01", "2024-05-06", "2024-05-07", "2024-05-08", "2024-06-03", "2024-06-04", "2023-06-03"].flatMap(visitors),
    // Labour Day 2024, day 1: o1–o3 and o5–o7 sell in the morning, o4 alone at 15:00.
    ...sales("2024-05-01", ["1", "2", "3", "5", "6", "7"], "100.00"),
    sale("4", "2024-05-01", "44.00", "15:00"),
    // Monday 6 May: three sellers in t1 and three in t2. Tuesday 7 May: o4 alone.
    ...sales("2024-05-06", ["1", "2", "3", "5", "6", "7"], "20.00"),
    sale("4", "2024-05-07", "77.00"),
    // 3 June (the market): all four of t1 sell. 4 June: three in t1, three in t2, o8 alone in t3.
    ...sales("2024-06-03", ["1", "2", "3"], "30.00"),
    sale("4", "2024-06-03", "55.00"),
    ...sales("2024-06-04", ["1", "2", "3", "5", "6", "7"], "40.00"),
    sale("8", "2024-06-04", "88.00"),
    // A year earlier: o8 refunds (a refund is revenue too).
    sale("8", "2023-06-03", "8.00", "10:00", "refund"),
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
const withheld = { revenue_fen: null, revenue_cny: null, revenue_withheld: true };
const fewPerTown = "on some day of this figure fewer than 3 operators sold in a town (threshold rule, per town and day)";
const fewPerDay = "on some day of this figure fewer than 3 other operators sold (threshold rule, per day)";
const trend = (access: Access, from: string, to: string, granularity: "day" | "week" | "month", scope: { town?: string; operator?: string } = {}) =>
  trendReport(ctx, access, { from, to, granularity, align: "date", ...scope });
const revenues = (report: { rows: { revenue_fen: number | null }[] }) => report.rows.map((r) => r.revenue_fen);

describe("revenue disclosure per town and day, so that no difference of two shown figures gives one operator away", () => {
  it("withholds a week containing a day one operator sold alone, though its first day alone is shown", async () => {
    // Four operators sold that week: the threshold rule alone showed it, and week − Monday gave o4's 77.00.
    for (const scope of [{ town: "t1" }, {}]) {
      const week = await trend(planner, "2024-05-06", "2024-05-12", "week", scope);
      expect(week.rows[0], JSON.stringify(scope)).toMatchObject({ ...withheld, revenue_withheld_reason: fewPerTown });
      expect(week.revenue_withheld).toBe(true);
    }
    const days = await trend(planner, "2024-05-06", "2024-05-07", "day", { town: "t1" });
    expect(days.rows[0]).toMatchObject({ revenue_fen: 6000, revenue_withheld: false });
    expect(days.rows[1]).toMatchObject({ visitors: 40, ...withheld, revenue_withheld_reason: fewPerTown, revenue_yoy_pct: null });
    // Nor any other span holding the 7th.
    const month = await trend(planner, "2024-05-06", "2024-05-07", "month", { town: "t1" });
    expect(month.rows[0]).toMatchObject(withheld);
    expect(revenues(await trend(cliStaff, "2024-05-06", "2024-05-12", "week", { town: "t1" }))).toEqual([13700]);
  });

  it("withholds part of a town (a festival's sites, a site breakdown) while the town is shown", async () => {
    const town = await trend(planner, "2024-06-03", "2024-06-03", "day", { town: "t1" });
    expect(town.rows[0]).toMatchObject({ revenue_fen: 14500, revenue_withheld: false });
    // Three of the four sold at the market: the threshold rule alone showed it, and town − market gave o4's 55.00.
    const market = await festivalReport(ctx, planner, { festival: "market", year: 2024, town: "t1" });
    expect(market.current).toMatchObject({ visitors: 30, ...withheld, revenue_withheld_reason: expect.stringMatching(/whole towns and the alliance only/) });
    const bySite = await festivalReport(ctx, planner, { festival: "market", year: 2024, by: "site" });
    expect(bySite.breakdown!.map((row) => [row.id, row.current.revenue_fen, row.current.revenue_withheld])).toEqual([
      ["s1", null, true],
      ["s2", null, true],
      ["s3", null, true],
    ]);
    expect((await festivalReport(ctx, cliStaff, { festival: "market", year: 2024 })).current.revenue_fen).toBe(9000);
  });

  it("withholds the alliance when a town had one seller, while the other two towns are shown", async () => {
    const day = (scope: { town?: string }) => trend(planner, "2024-06-04", "2024-06-04", "day", scope);
    // Seven sellers in the alliance: the threshold rule alone showed it, and alliance − t1 − t2 gave o8's 88.00.
    expect((await day({})).rows[0]).toMatchObject({ ...withheld, revenue_withheld_reason: fewPerTown });
    expect((await day({ town: "t1" })).rows[0]).toMatchObject({ revenue_fen: 12000, revenue_withheld: false });
    expect((await day({ town: "t2" })).rows[0]).toMatchObject({ revenue_fen: 12000, revenue_withheld: false });
    expect((await day({ town: "t3" })).rows[0]).toMatchObject(withheld);
    // A year of it, and its changes, are withheld too: 4 June lies in 2024.
    const growth = await growthReport(ctx, planner, { from_year: 2024, to_year: 2024 });
    expect(growth.years[0]).toMatchObject({ ...withheld, revenue_yoy_pct: null });
    expect(growth.cagr.revenue_pct).toBeNull();
  });

  it("shows a planner's bulletin revenue for whole days only, so two hours of a day differ by nothing shown", async () => {
    const bulletin = (access: Access, as_of?: string) =>
      bulletinFigures(ctx, access, { holiday: "labour_day", year: 2024, date: "2024-05-01", lang: "zh", ...(as_of && { as_of }) }, "2024-06-30");
    const noon = await bulletin(planner, "12:00");
    const evening = await bulletin(planner, "18:00");
    // t1 had three sellers by noon and four by evening: the threshold rule alone showed both, and their difference was o4's 44.00.
    for (const cut of [noon, evening]) {
      for (const line of [cut.current, ...cut.towns.map((t) => t.current)]) {
        expect(line).toMatchObject({ ...withheld, revenue_withheld_reason: expect.stringMatching(/whole days only/) });
      }
    }
    expect([noon.towns[0]!.current.visitors, evening.towns[0]!.current.visitors]).toEqual([40, 40]);
    const whole = await bulletin(planner);
    expect(whole.current).toMatchObject({ revenue_fen: 64400, revenue_withheld: false });
    expect(whole.towns.map((t) => t.current.revenue_fen)).toEqual([34400, 30000, 0]);
    const staffCuts = await Promise.all([bulletin(cliStaff, "12:00"), bulletin(cliStaff, "18:00")]);
    expect(staffCuts.map((b) => b.towns[0]!.current.revenue_fen)).toEqual([30000, 34400]);
  });

  it("withholds a day that is not over yet, whose revenue still grows", async () => {
    const evening = { clock: () => DateTime.fromISO("2024-05-06T20:00:00", { zone: "Asia/Shanghai" }) };
    const today = await trendReport(ctx, planner, { from: "2024-05-06", to: "2024-05-06", granularity: "day", align: "date", town: "t1" }, evening);
    expect(today.rows[0]).toMatchObject({ ...withheld, revenue_withheld_reason: expect.stringMatching(/whole days only/) });
    const staff = await trendReport(ctx, cliStaff, { from: "2024-05-06", to: "2024-05-06", granularity: "day", align: "date", town: "t1" }, evening);
    expect(staff.rows[0]).toMatchObject({ revenue_fen: 6000 });
  });

  it("shows an operator its own revenue, and the alliance's on days with none or at least three other sellers", async () => {
    // Six other operators sold that week: the threshold rule alone showed it, and week − Monday gave o4's 77.00.
    expect((await trend(operator1, "2024-05-06", "2024-05-12", "week")).rows[0]).toMatchObject({ ...withheld, revenue_withheld_reason: fewPerDay });
    const own = await trend(operator1, "2024-06-03", "2024-06-04", "day", { operator: "o1" });
    expect(own.revenue_withheld).toBe(false);
    expect(revenues(own)).toEqual([3000, 4000]);
    const alliance = await trend(operator1, "2024-05-06", "2024-05-07", "day");
    expect(alliance.rows[0]).toMatchObject({ revenue_fen: 12000, revenue_withheld: false }); // o2, o3, o5–o7
    expect(alliance.rows[1]).toMatchObject({ ...withheld, revenue_withheld_reason: fewPerDay }); // o4 alone
    // 4 June: o8 alone in t3, but six other operators sold in the alliance, the finest scope an operator may open.
    expect((await trend(operator1, "2024-06-04", "2024-06-04", "day")).rows[0]).toMatchObject({ revenue_fen: 32800, revenue_withheld: false });
    // The market: others sold at a part of the alliance.
    const market = await festivalReport(ctx, operator1, { festival: "market", year: 2024 });
    expect(market.current).toMatchObject({ ...withheld, revenue_withheld_reason: expect.stringMatching(/neither your own/) });
  });

  it("withholds a one-operator town's years and every change and breakdown row of them from a planner", async () => {
    const town3 = await growthReport(ctx, planner, { from_year: 2023, to_year: 2024, town: "t3" });
    expect(town3.years.map((y) => [y.year, y.revenue_fen, y.revenue_withheld, y.revenue_yoy_pct])).toEqual([
      [2023, null, true, null],
      [2024, null, true, null],
    ]);
    expect(town3.cagr.revenue_pct).toBeNull();
    const holiday = await holidayReport(ctx, planner, { holiday: "labour_day", year: 2024, by: "operator" });
    expect(holiday.current).toMatchObject({ revenue_fen: 64400, revenue_withheld: false });
    expect(holiday.breakdown!.every((row) => row.current.revenue_withheld && row.current.revenue_fen === null && row.yoy.revenue_pct === null)).toBe(true);
  });
});
