import ExcelJS from "exceljs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { buildServer } from "../../queries/api/server.ts";
import type { ReportContext } from "../../queries/reports/context.ts";
import { addDays, eachDate } from "../../transforms/calendar/dates.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import type { Register } from "../../transforms/register/register.ts";
import { type WireEvent, footfall, reportContext, roleTokenBook, roleTokens, testRegister, ticket } from "./fixtures.ts";

/** a1 may take 35,000 a day: the 30,000 forecast for each of its holiday days is 85.7 % of it. */
const register: Register = {
  ...testRegister,
  sites: testRegister.sites.map((s) => (s.site_id === "a1" ? { ...s, capacity: [{ from: "2018-01-01", instant: 20_000, daily: 35_000 }] } : s)),
};

let warehouse: Warehouse;
let ctx: ReportContext;
let app: FastifyInstance;
let labourDay2026: string[];

/**
 * Labour Day 2023–2025 and the 40 days before each, and the 40 days before 2026's: a1 and b1
 * 10,000 a day each, on the holiday days 30,000 and 15,000: the alliance is forecast 4.50万 a day.
 * Revenue alike: a1 (operator opA) and b1 (opB) sell ¥100 a day each, ¥300 and ¥150 on holiday days.
 */
function history(calendar: ReportContext["calendar"]): WireEvent[] {
  const events: WireEvent[] = [];
  const day = (site: string, date: string, count: number) => {
    events.push(footfall(`${site}-${date}`, site, `${date}T10:00:00`, count));
    events.push(ticket(`${site}-${date}-sale`, site, "sale", `${date}T10:00:00`, (count / 100).toFixed(2)));
  };
  for (const year of [2023, 2024, 2025, 2026]) {
    const period = calendar.period("labour_day", year)!;
    for (const date of eachDate(addDays(period.start, -40), addDays(period.start, -1))) {
      day("a1", date, 10_000);
      day("b1", date, 10_000);
    }
    if (year < 2026)
      for (const date of eachDate(period.start, period.end)) {
        day("a1", date, 30_000);
        day("b1", date, 15_000);
      }
  }
  return events;
}

beforeAll(async () => {
  warehouse = await openTestEmbedded("forecast_surfaces");
  const empty = await reportContext(warehouse, [], register);
  ctx = await reportContext(warehouse, [history(empty.calendar)], register);
  const period = ctx.calendar.period("labour_day", 2026)!;
  labourDay2026 = eachDate(period.start, period.end);
  // Day 1 runs at twice the forecast: a forecast made on day 2 reads it, one made on day 1 must not.
  const day1 = labourDay2026[0]!;
  ctx = await reportContext(
    warehouse,
    [[footfall(`a1-${day1}`, "a1", `${day1}T10:00:00`, 60_000), footfall(`b1-${day1}`, "b1", `${day1}T10:00:00`, 30_000)]],
    register,
  );
  app = await buildServer({ context: ctx, tokens: roleTokenBook(ctx), dashboard: false });
});
afterAll(async () => {
  await app?.close();
  await warehouse?.close();
});

async function get(url: string, token: string = roleTokens.staff) {
  const answer = await app.inject({ method: "GET", url, headers: { authorization: `Bearer ${token}` } });
  expect(answer.statusCode, answer.body).toBe(200);
  return answer;
}

/** 万 with two decimals, as the bulletins write counts from 10,000 up. */
const wan = (n: number) => (Math.round(n / 100) / 100).toFixed(2);

describe("the bulletin's line on tomorrow", () => {
  it("gives the forecast made on the bulletin's date for the next day of the holiday, in 万 with its 80 % interval", async () => {
    for (const n of [0, 1]) {
      const date = labourDay2026[n]!;
      const forecast = (await get(`/api/reports/forecast?holiday=labour_day&year=2026&made_on=${date}`)).json();
      const tomorrow = forecast.days[n + 1];
      const bulletin = (await get(`/api/reports/bulletin?holiday=labour_day&year=2026&date=${date}&as_of=17:00`)).json();
      expect(bulletin.tomorrow).toEqual({ date: tomorrow.date, day: n + 2, expected: tomorrow.expected, low80: tomorrow.low80, high80: tomorrow.high80 });
      expect(bulletin.text).toContain(`预计明日接待游客约${wan(tomorrow.expected)}万人次（80%区间${wan(tomorrow.low80)}–${wan(tomorrow.high80)}万人次）。`);
      const en = (await get(`/api/reports/bulletin?holiday=labour_day&year=2026&date=${date}&lang=en`)).json();
      expect(en.text).toContain(`Tomorrow about ${tomorrow.expected.toLocaleString("en-US")} visitors are expected (80% interval `);
    }
  });

  it("reads only the days before the bulletin's date: day 1's double crowd moves day 2's bulletin, not day 1's", async () => {
    const [first, second] = await Promise.all(
      labourDay2026.slice(0, 2).map(async (date) => (await get(`/api/reports/bulletin?holiday=labour_day&year=2026&date=${date}`)).json()),
    );
    // Forecast on day 1: 45,000 a day (two sites of 10,000 a day, three past holidays at 2.25 times that).
    expect(first.tomorrow.expected).toBe(45_000);
    // Made on day 2, day 1's 90,000 against 45,000 doubles the rest.
    expect(second.tomorrow.expected).toBe(90_000);
  });

  it("says nothing of tomorrow on the holiday's last day", async () => {
    const last = labourDay2026.at(-1)!;
    const bulletin = (await get(`/api/reports/bulletin?holiday=labour_day&year=2026&date=${last}`)).json();
    expect(bulletin.tomorrow).toBeNull();
    expect(bulletin.text).not.toContain("预计明日");
  });
});

describe("the revenue forecast under the disclosure rule", () => {
  const dayBefore = () => addDays(labourDay2026[0]!, -1);
  const forecast = async (token: string, scope = "") =>
    (await get(`/api/reports/forecast?holiday=labour_day&year=2026&made_on=${dayBefore()}${scope}`, token)).json();
  const holiday = async (token: string, scope = "") => (await get(`/api/reports/holiday?holiday=labour_day&year=2025${scope}`, token)).json();
  const revenueOf = (answer: { days: { expected_revenue_fen: number | null; revenue_low80_fen: number | null; revenue_high80_fen: number | null }[] }) =>
    answer.days.map((d) => [
      d.expected_revenue_fen,
      d.revenue_low80_fen !== null && d.revenue_low80_fen < d.expected_revenue_fen!,
      d.revenue_high80_fen! > d.expected_revenue_fen!,
    ]);

  it("gives staff the expected revenue per day in fen with its interval, forecast as the visitors are", async () => {
    const staff = await forecast(roleTokens.staff);
    // ¥200 a day before, ¥450 on each past holiday day: 45,000 fen a day.
    expect(staff.revenue_withheld).toBe(false);
    expect(revenueOf(staff)).toEqual(labourDay2026.map(() => [45_000, true, true]));
  });

  it("shows an operator its own revenue forecast and withholds the alliance's, where one other operator sold, as the holiday report does", async () => {
    const own = await forecast(roleTokens.operator, "&operator=opA");
    expect(own.revenue_withheld).toBe(false);
    // opA's sites: a1 alone sells, ¥100 a day before and ¥300 on the holiday days.
    expect(revenueOf(own)).toEqual(labourDay2026.map(() => [30_000, true, true]));
    const alliance = await forecast(roleTokens.operator);
    const report = await holiday(roleTokens.operator);
    expect(report.revenue_withheld).toBe(true);
    expect(alliance).toMatchObject({ revenue_withheld: true, revenue_withheld_reason: report.current.revenue_withheld_reason });
    expect(alliance.days.flatMap((d: Record<string, unknown>) => [d.expected_revenue_fen, d.revenue_low80_fen, d.revenue_high95_fen])).toEqual(
      alliance.days.flatMap(() => [null, null, null]),
    );
    // Its visitors are forecast all the same.
    expect(alliance.days[0].expected).toBe(45_000);
    const other = await app.inject({
      method: "GET",
      url: `/api/reports/forecast?holiday=labour_day&year=2026&operator=opB`,
      headers: { authorization: `Bearer ${roleTokens.operator}` },
    });
    expect(other.statusCode).toBe(400);
  });

  it("withholds a planner's revenue forecast of a site and of the alliance where a town had fewer than three sellers, with the holiday report's reasons", async () => {
    for (const scope of ["", "&site=a1"]) {
      const answer = await forecast(roleTokens.planner, scope);
      const report = await holiday(roleTokens.planner, scope);
      expect(report.current.revenue_withheld).toBe(true);
      expect(answer).toMatchObject({ revenue_withheld: true, revenue_withheld_reason: report.current.revenue_withheld_reason });
      expect(answer.days.every((d: Record<string, unknown>) => d.expected_revenue_fen === null && d.revenue_fen === null)).toBe(true);
    }
  });

  it("per site, shows an operator its own sites' revenue forecast", async () => {
    const answer = await forecast(roleTokens.operator, "&operator=opA&by=site");
    const a1 = answer.sites.find((s: { site_id: string }) => s.site_id === "a1");
    expect(a1.revenue_withheld).toBe(false);
    expect(a1.days.map((d: { expected_revenue_fen: number }) => d.expected_revenue_fen)).toEqual(labourDay2026.map(() => 30_000));
  });
});

describe("the forecast as a planner's spreadsheet", () => {
  it("gives real numbers, dates and percentages under zh and en headers, and leaves withheld revenue empty with a note", async () => {
    const dayBefore = addDays(labourDay2026[0]!, -1);
    const query = `holiday=labour_day&year=2026&made_on=${dayBefore}&by=site`;
    const json = (await get(`/api/reports/forecast?${query}`, roleTokens.planner)).json();
    const books = await Promise.all(
      (["zh", "en"] as const).map(async (lang) => {
        const answer = await get(`/api/reports/forecast?${query}&format=xlsx&lang=${lang}`, roleTokens.planner);
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(answer.rawPayload as unknown as ArrayBuffer);
        return book;
      }),
    );
    const [zh, en] = books as [ExcelJS.Workbook, ExcelJS.Workbook];
    // Sheets named for what they hold: the site-days at risk, the holiday day by day, then each site.
    expect(zh.worksheets.map((ws) => ws.name)).toEqual(["风险 at risk", "逐日 by day", "a1", "a2", "b1", "g1"]);
    const days = zh.getWorksheet("逐日 by day")!;
    expect(days.getRow(4).values).toEqual([
      undefined,
      "第N天",
      "日期",
      "预计游客",
      "80%下限",
      "80%上限",
      "95%下限",
      "95%上限",
      "实际游客",
      "预计营业额（元）",
      "营业额80%下限（元）",
      "营业额80%上限（元）",
      "实际营业额（元）",
      "营业额不公开",
    ]);
    expect((en.getWorksheet("逐日 by day")!.getRow(4).values as unknown[]).slice(1, 5)).toEqual(["Day", "Date", "Expected", "80% low"]);
    json.days.forEach((d: { day: number; date: string; expected: number; low80: number; high80: number }, i: number) => {
      const row = days.getRow(5 + i);
      expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value, row.getCell(4).value, row.getCell(5).value]).toEqual([
        d.day,
        new Date(`${d.date}T00:00:00Z`),
        d.expected,
        d.low80,
        d.high80,
      ]);
      expect([row.getCell(2).numFmt, row.getCell(3).numFmt]).toEqual(["yyyy-mm-dd", "#,##0"]);
      // The planner's revenue forecast of the alliance is withheld: empty, never 0, with the reason in a note.
      expect(row.getCell(9).value).toBeNull();
      expect(row.getCell(9).note).toBe("不公开（统计披露规则）");
    });
    // The method's notes under the table, in the sheet's language: after the days and an empty row.
    const notesOf = (book: ExcelJS.Workbook) => {
      const sheet = book.getWorksheet("逐日 by day")!;
      return Array.from({ length: sheet.rowCount - 5 - json.days.length }, (_, i) => String(sheet.getRow(6 + json.days.length + i).getCell(1).value));
    };
    expect(notesOf(zh).slice(0, 2)).toEqual([
      expect.stringMatching(/^客流水平：\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2} 平均每天 2.00万 人次；逐日分布参照 2025、2024、2023 年。$/),
      expect.stringMatching(/^假日日均/),
    ]);
    expect(notesOf(en).slice(0, 2)).toEqual([expect.stringMatching(/^Level: mean day 20000 over /), expect.stringMatching(/^Average day/)]);
    // At risk: a1's days, the share and probabilities as fractions shown as percentages.
    const risk = zh.getWorksheet("风险 at risk")!;
    expect(risk.getRow(4).values).toEqual([
      undefined,
      "景点",
      "景点编号",
      "第N天",
      "日期",
      "预计游客",
      "日最大承载量",
      "预计占比（%）",
      "达80%概率（%）",
      "达100%概率（%）",
      "预计瞬时最高在园人数",
      "瞬时80%下限",
      "瞬时80%上限",
      "瞬时最大承载量",
      "达80%概率（瞬时）（%）",
      "达100%概率（瞬时）（%）",
      "风险指标",
    ]);
    const first = risk.getRow(5);
    const atRisk = json.days_at_risk[0];
    expect(atRisk).toMatchObject({ site_id: "a1", expected: 30_000, daily_capacity: 35_000, share_pct: 85.7 });
    expect([first.getCell(2).value, first.getCell(4).value, first.getCell(5).value, first.getCell(6).value]).toEqual([
      "a1",
      new Date(`${atRisk.date}T00:00:00Z`),
      30_000,
      35_000,
    ]);
    expect(first.getCell(7).value).toBeCloseTo(0.857, 10);
    expect(first.getCell(7).numFmt).toBe("0.0%");
    expect(first.getCell(8).value).toBeCloseTo(atRisk.p_reach_80, 10);
    expect(risk.rowCount).toBe(4 + json.days_at_risk.length);
    // The site by its name in the sheet's language.
    const a1 = testRegister.sites.find((s) => s.site_id === "a1")!;
    expect(atRisk).toMatchObject({ name_zh: a1.name_zh, name_en: a1.name_en });
    expect([first.getCell(1).value, en.getWorksheet("风险 at risk")!.getRow(5).getCell(1).value]).toEqual([a1.name_zh, a1.name_en]);
  });
});
