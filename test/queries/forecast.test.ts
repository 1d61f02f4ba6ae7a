import { spawnSync } from "node:child_process";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { cliStaff } from "../../queries/access/access.ts";
import { buildServer } from "../../queries/api/server.ts";
import type { ReportContext } from "../../queries/reports/context.ts";
import { forecastView } from "../../queries/present/forecast-view.ts";
import { renderCsv, renderTable } from "../../queries/present/tabular.ts";
import { forecastReport } from "../../queries/reports/forecast.ts";
import { forecastReportSchema } from "../../queries/reports/forecast-schema.ts";
import { parseParams, reportParamSchemas } from "../../queries/reports/params.ts";
import { addDays, eachDate } from "../../transforms/calendar/dates.ts";
import type { Register } from "../../transforms/register/register.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { type WireEvent, footfall, reportContext, roleTokenBook, roleTokens, testRegister } from "./fixtures.ts";
import * as z from "zod/mini";

/** a1 may take 350 a day: 80 % is 280, below the 300 its Labour Days bring. b1 may hold 120 at once: 80 % is 96. */
const capacities: Record<string, Register["sites"][number]["capacity"]> = {
  a1: [{ from: "2018-01-01", instant: 200, daily: 350 }],
  b1: [{ from: "2018-01-01", instant: 120, daily: 1000 }],
};
const register: Register = {
  ...testRegister,
  sites: testRegister.sites.map((s) => (capacities[s.site_id] ? { ...s, capacity: capacities[s.site_id] } : s)),
};

let warehouse: Warehouse;
let ctx: ReportContext;
let app: FastifyInstance;
let labourDay2026: string[];

/**
 * Labour Day 2023–2025 and the weeks before each, and the weeks before 2026's: a1 has 100 a day and
 * 300 on each holiday day (daily totals), b1 100 a day and 150 counted through the day with exits
 * (an exit before anyone came, a counter's drift, then 50 in at 9, 10 and 11 and 30 out at 10:30, so
 * inside: 0, 30, 80, 50, 100: a peak of 100, two thirds of the day's entries); g1 opens only in 2026
 * (no earlier holiday).
 */
function history(ctxCalendar: ReportContext["calendar"]): WireEvent[] {
  const events: WireEvent[] = [];
  const day = (site: string, date: string, count: number) => events.push(footfall(`${site}-${date}`, site, `${date}T10:00:00`, count));
  for (const year of [2023, 2024, 2025, 2026]) {
    const period = ctxCalendar.period("labour_day", year)!;
    for (const date of eachDate(addDays(period.start, -40), addDays(period.start, -1))) {
      day("a1", date, 100);
      day("b1", date, 100);
      if (year === 2026) day("g1", date, 80);
    }
    if (year < 2026)
      for (const date of eachDate(period.start, period.end)) {
        day("a1", date, 300);
        const count = (at: string, n: number, direction: "in" | "out") => events.push(footfall(`b1-${date}-${at}`, "b1", `${date}T${at}:00`, n, direction));
        count("08:00", 20, "out");
        for (const hour of ["09:00", "10:00", "11:00"]) count(hour, 50, "in");
        count("10:30", 30, "out");
        count("17:00", 100, "out");
      }
  }
  return events;
}

beforeAll(async () => {
  warehouse = await openTestEmbedded("forecast");
  const empty = await reportContext(warehouse, [], register);
  ctx = await reportContext(warehouse, [history(empty.calendar)], register);
  const period = ctx.calendar.period("labour_day", 2026)!;
  labourDay2026 = eachDate(period.start, period.end);
  app = await buildServer({ context: ctx, tokens: roleTokenBook(ctx), dashboard: false });
});
afterAll(async () => {
  await app?.close();
  await warehouse?.close();
});

const params = (raw: Record<string, string>) => parseParams(reportParamSchemas(() => "2026-12-05", ctx.calendar).forecast, raw);
const dayBefore = () => addDays(labourDay2026[0]!, -1);
const b1Name = () => register.sites.find((s) => s.site_id === "b1")!.name_en;

describe("forecast report", () => {
  it("gives each day the past years' ratio to the weeks before times this year's level, and the site-days at risk", async () => {
    const report = await forecastReport(ctx, cliStaff, params({ holiday: "labour_day", year: "2026", made_on: dayBefore(), by: "site" }));
    expect(z.safeParse(forecastReportSchema, report).success).toBe(true);
    // The alliance: 200 (a1, b1) a day before, 450 on each past holiday day; g1's 80 a day joins the level.
    expect(report.method.level).toBe(280);
    expect(report.method.reference_years).toEqual([2025, 2024, 2023]);
    // Only 40 days of history before each holiday: too few of the twelve weeks to compare years, so the level alone.
    expect(report.method.ordinary_growth).toBeNull();
    expect(report.notes).toContainEqual({ code: "level_alone", weeks: 12, window_end: report.method.level_window.end });
    expect(report.days.map((d) => d.expected)).toEqual(labourDay2026.map(() => 630));
    // 10 earlier days scored: too few for quantiles, so the wide default, said in the notes.
    expect(report.method.interval_from).toBe("default");
    expect(report.notes).toContainEqual({ code: "intervals_default", min_errors: 30 });
    const day1 = report.days[0]!;
    expect(day1.low95! < day1.low80! && day1.low80! < 630 && day1.high80! > 630 && day1.high95! > day1.high80!).toBe(true);
    // a1: 300 expected against 350 a day: 80 % (280) is reached with P = Φ(ln(300/280)/0.5) ≈ 0.55, 100 % with ≈ 0.38.
    // b1: 150 a day, far from its 1000; its peak (below) likelier than not to pass 80 % of the 120 it may hold at once.
    expect(report.days_at_risk.map((r) => [r.site_id, r.date, r.at_risk, r.expected, r.daily_capacity, r.p_reach_80, r.p_reach_100])).toEqual([
      ...labourDay2026.map((date) => ["a1", date, ["daily"], 300, 350, 0.55, 0.38]),
      ...labourDay2026.map((date) => ["b1", date, ["instant"], 150, 1000, 0, 0]),
    ]);
    const g1 = report.sites!.find((s) => s.site_id === "g1")!;
    expect(g1.days.map((d) => d.expected)).toEqual(labourDay2026.map(() => null));
    expect(g1.notes).toEqual([{ code: "no_earlier_year", left_out: [2020, 2021, 2022] }, { code: "no_daily_capacity" }]);
  });

  it("forecasts the peak occupancy from past holiday days' counts through the day, against the instant capacity; a site of daily totals says it has none", async () => {
    const report = await forecastReport(ctx, cliStaff, params({ holiday: "labour_day", year: "2026", made_on: dayBefore(), by: "site" }));
    const b1 = report.sites!.find((s) => s.site_id === "b1")!;
    // Peak 100 of 150 entries each past day (see history): 150 expected × 2/3 = 100. Against 120 at once:
    // 96 (80 %) is reached with P = Φ(ln(100/96)/0.5) ≈ 0.53, 120 with Φ(ln(100/120)/0.5) ≈ 0.36; the
    // ratio never varied, so the range is the entries' default one: 100 × e^(∓0.5 × 1.2816) = 53..190.
    expect(
      b1.days.map((d) => [
        d.intraday,
        d.expected,
        d.expected_peak_occupancy,
        d.peak_low80,
        d.peak_high80,
        d.instant_capacity,
        d.p_peak_reach_80,
        d.p_peak_reach_100,
      ]),
    ).toEqual(labourDay2026.map(() => [true, 150, 100, 53, 190, 120, 0.53, 0.36]));
    expect(b1.notes).toEqual([]);
    const a1 = report.sites!.find((s) => s.site_id === "a1")!;
    expect(a1.days.map((d) => [d.intraday, d.expected_peak_occupancy, d.instant_capacity, d.p_peak_reach_80])).toEqual(
      labourDay2026.map(() => [false, null, 200, null]),
    );
    expect(a1.notes).toEqual([{ code: "no_intraday_history" }]);
    // The scope's notes say how peaks are forecast, never that a site's is not.
    expect(report.notes.map((n) => n.code)).not.toContain("no_intraday_history");
    // The tables: the risk list says which measure, each site's days show the peak's columns.
    const [risk, , ...sites] = forecastView(report);
    const riskCsv = renderCsv(risk!, "zh").split("\r\n");
    expect(riskCsv[0]).toContain("预计瞬时最高在园人数,瞬时80%下限,瞬时80%上限,瞬时最大承载量,达80%概率（瞬时）（%）,达100%概率（瞬时）（%）,风险指标");
    expect(riskCsv.at(-2)).toBe(`景点b1,b1,5,${labourDay2026[4]},150,1000,15.0,0.0,0.0,100,53,190,120,53.0,36.0,瞬时承载`);
    expect(renderCsv(sites.find((t) => t.title.en.includes(b1Name()))!, "en")).toContain("Expected peak inside");
  });

  it("words every note in the reader's language: a Chinese table carries no English note and names a site by its Chinese name", async () => {
    const report = await forecastReport(ctx, cliStaff, params({ holiday: "labour_day", year: "2026", made_on: dayBefore(), by: "site" }));
    const tables = forecastView(report);
    const [zh, en] = (["zh", "en"] as const).map((lang) => tables.map((t) => renderTable(t, lang, 400)).join("\n"));
    // Site ids (a1, g1) are a letter and a digit: two letters running are English words.
    expect(zh!.split("\n").filter((line) => /[A-Za-z]{2,}/.test(line))).toEqual([]);
    expect(zh).toContain("景点g1：往年同一假日均无数据（不计 2020、2021、2022 年）：不作预测。");
    expect(zh).toContain("景点a1：往年假日只有全天合计（无逐时进出数据）：不预测瞬时最高在园人数。");
    expect(zh).toContain("区间取较宽的默认值：以往可检验误差的预测不足 30 次。");
    // The English table keeps its words.
    expect(en).toContain("g1: no earlier year of this holiday with data (2020, 2021, 2022 left out): no forecast");
    expect(en).toContain("Intervals: a wide default (fewer than 30 earlier forecasts to measure errors on)");
  });

  it("during the holiday counts the days seen and scales the rest by how they ran", async () => {
    const day1 = labourDay2026[0]!;
    const seen = await reportContext(
      warehouse,
      [
        [
          footfall(`a1-${day1}`, "a1", `${day1}T10:00:00`, 600),
          footfall(`b1-${day1}`, "b1", `${day1}T10:00:00`, 150),
          footfall(`g1-${day1}`, "g1", `${day1}T10:00:00`, 195),
        ],
      ],
      register,
    );
    const report = await forecastReport(seen, cliStaff, params({ holiday: "labour_day", year: "2026", made_on: labourDay2026[1]! }));
    // 945 seen against 630 forecast: the rest ×1.5.
    expect(report.days[0]).toMatchObject({ observed: true, visitors: 945, expected: 630, low80: 945, high95: 945 });
    expect(report.method.update_factor).toBe(1.5);
    expect(report.days.slice(1).map((d) => d.expected)).toEqual(labourDay2026.slice(1).map(() => 945));
    expect(report.sites).toBeNull();
  });

  it("refuses a year the calendar does not hold, naming it, in the API (400) and the CLI (exit 2)", async () => {
    expect(() => params({ holiday: "labour_day", year: "2027" })).toThrow(/2027: not in the calendar/);
    const answer = await app.inject({
      method: "GET",
      url: "/api/reports/forecast?holiday=labour_day&year=2027",
      headers: { authorization: `Bearer ${roleTokens.planner}` },
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toMatch(/^year: 2027: not in the calendar/);
    const cli = spawnSync(process.execPath, ["--import", "tsx", "queries/cli/main.ts", "report", "forecast", "--holiday", "labour_day", "--year", "2027"], {
      env: { ...process.env, LOG_LEVEL: "silent", TOURISM_DATA_DIR: "/nonexistent-forecast-dir" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(/^tourism: --year: 2027: not in the calendar[^\n]*\n$/);
  });

  it("answers GET /api/reports/forecast with made_on, and refuses an operator a town", async () => {
    const url = `/api/reports/forecast?holiday=labour_day&year=2026&made_on=${dayBefore()}&site=a1`;
    const answer = await app.inject({ method: "GET", url, headers: { authorization: `Bearer ${roleTokens.operator}` } });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ made_on: dayBefore(), scope: { kind: "site", id: "a1" } });
    expect(answer.json().days.map((d: { expected: number }) => d.expected)).toEqual(labourDay2026.map(() => 300));
    const town = await app.inject({
      method: "GET",
      url: "/api/reports/forecast?holiday=labour_day&year=2026&town=t1",
      headers: { authorization: `Bearer ${roleTokens.operator}` },
    });
    expect(town.statusCode).toBe(403);
  });
  // Last: the wild counts stay in the store.
  it("reads nothing on or after the date it is made on: a wild count planted then changes nothing", async () => {
    const ahead = params({ holiday: "labour_day", year: "2026", made_on: dayBefore(), by: "site" });
    const during = params({ holiday: "labour_day", year: "2026", made_on: labourDay2026[1]!, by: "site" });
    const before = [await forecastReport(ctx, cliStaff, ahead), await forecastReport(ctx, cliStaff, during)];
    // From midnight of the day the second forecast is made on, and the whole day before the first's.
    const wild = [dayBefore(), ...labourDay2026.slice(1)].map((date, i) => footfall(`wild-${i}`, "a1", `${date}T00:00:00+08:00`, 99_999));
    const planted = await reportContext(warehouse, [wild], register);
    expect([await forecastReport(planted, cliStaff, ahead), await forecastReport(planted, cliStaff, during)]).toEqual(before);
    // A forecast made a day later reads day 2, which is then over: it moves.
    const later = await forecastReport(planted, cliStaff, params({ holiday: "labour_day", year: "2026", made_on: labourDay2026[2]! }));
    expect(later.days[1]!.observed).toBe(true);
    expect(later.days[1]!.visitors).toBeGreaterThanOrEqual(99_999);
  });
});
