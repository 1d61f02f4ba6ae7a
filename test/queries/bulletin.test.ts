import ExcelJS from "exceljs";
import { DateTime } from "luxon";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { knownIds, tokenBook } from "../../queries/access/tokens.ts";
import { buildServer } from "../../queries/api/server.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { type Access, cliStaff } from "../../queries/access/access.ts";
import { bulletinFigures } from "../../queries/reports/bulletin.ts";
import { archiveBulletin, listBulletins, showBulletin } from "../../queries/reports/bulletin-archive.ts";
import { bulletinText } from "../../queries/present/bulletin-text.ts";
import type { ReportContext } from "../../queries/reports/context.ts";
import { ParamError } from "../../queries/access/param-error.ts";
import { type BulletinParamsInput, parseParams, reportParamSchemas } from "../../queries/reports/params.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { footfall, reportContext, ticket } from "./fixtures.ts";

/**
 * A hand-worked data set (register of fixtures.ts: t1 = a1 (opA) + b1 (opB), t2 = a2 (opA) + g1 (opC)).
 * Qingming 2025 (4–6 Apr) against 2024 (4–6 Apr), bulletin of 5 April 17:00:
 *   2025 day 1: a1 10,000, b1 3,000, a2 1,500; sales a1 ¥40,000, b1 ¥12,000, g1 ¥6,000
 *   2025 day 2 before 17:00: a1 5,000, b1 1,234, a2 500; sale a1 ¥15,000.50 (17:00 entries and a 17:05 refund fall after)
 *   2024 day 1: a1 8,000, b1 2,000, a2 1,000; sales a1 ¥30,000, b1 ¥10,000, g1 ¥5,000
 *   2024 day 2 before 17:00: a1 6,000, b1 1,000, a2 500; sale a1 ¥20,000 (18:00 entries and a 17:30 sale fall after)
 * Alliance: 21,234 against 18,500 visitors (+14.8%); ¥73,000.50 against ¥65,000 (+12.3%).
 * t1: 19,234 / 17,000 (+13.1%), ¥67,000.50 / ¥60,000 (+11.7%); t2: 2,000 / 1,500 (+33.3%), ¥6,000 / ¥5,000 (+20.0%).
 * Sites: a1 15,000 / 14,000 (+7.1%); b1 4,234 / 3,000 (+41.1%); a2 2,000 / 1,500 (+33.3%); g1 no visitors.
 */
function qingming() {
  return [
    footfall("25-1a", "a1", "2025-04-04T10:00:00", 10_000),
    footfall("25-1b", "b1", "2025-04-04T11:00:00", 3_000),
    footfall("25-1c", "a2", "2025-04-04T12:00:00", 1_500),
    ticket("25-1d", "a1", "sale", "2025-04-04T10:00:00", "40000.00"),
    ticket("25-1e", "b1", "sale", "2025-04-04T10:00:00", "12000.00"),
    ticket("25-1f", "g1", "sale", "2025-04-04T10:00:00", "6000.00"),
    footfall("25-2a", "a1", "2025-04-05T16:30:00", 5_000),
    footfall("25-2b", "a1", "2025-04-05T17:00:00", 800),
    footfall("25-2c", "b1", "2025-04-05T09:00:00", 1_234),
    footfall("25-2d", "a2", "2025-04-05T12:00:00", 500),
    ticket("25-2e", "a1", "sale", "2025-04-05T10:00:00", "15000.50"),
    ticket("25-2f", "a1", "refund", "2025-04-05T17:05:00", "500.00"),
    footfall("24-1a", "a1", "2024-04-04T10:00:00", 8_000),
    footfall("24-1b", "b1", "2024-04-04T11:00:00", 2_000),
    footfall("24-1c", "a2", "2024-04-04T12:00:00", 1_000),
    ticket("24-1d", "a1", "sale", "2024-04-04T10:00:00", "30000.00"),
    ticket("24-1e", "b1", "sale", "2024-04-04T10:00:00", "10000.00"),
    ticket("24-1f", "g1", "sale", "2024-04-04T10:00:00", "5000.00"),
    footfall("24-2a", "a1", "2024-04-05T16:00:00", 6_000),
    footfall("24-2b", "a1", "2024-04-05T18:00:00", 500),
    footfall("24-2c", "b1", "2024-04-05T12:00:00", 1_000),
    footfall("24-2d", "a2", "2024-04-05T12:00:00", 500),
    ticket("24-2e", "a1", "sale", "2024-04-05T16:59:00", "20000.00"),
    ticket("24-2f", "b1", "sale", "2024-04-05T17:30:00", "10000.00"),
    footfall("24-3a", "a1", "2024-04-06T10:00:00", 9_999),
    footfall("24-3c", "a1", "2024-04-06T16:30:00", 0), // the gate's count of the hour before 17:00: the day can be cut there
    footfall("24-3b", "a1", "2024-04-06T20:00:00", 1),
    // Qingming 2023 was one day (5 April): a1 7,000, ¥25,000.
    footfall("23-1a", "a1", "2023-04-05T10:00:00", 7_000),
    ticket("23-1b", "a1", "sale", "2023-04-05T10:00:00", "25000.00"),
  ];
}

/**
 * Mid-Autumn + National Day 2025 merged (1–8 Oct) against National Day 2024 (1–7 Oct): day N against
 * day N. Town t2, 3 October, whole day: 2025 a2 1,500 + 1,500 + 2,000 (23:30) = 5,000, g1 ¥3,000;
 * 2024 a2 1,000 + 1,000 + 2,000 = 4,000, g1 ¥2,000. 2024's Mid-Autumn (15–17 Sep) is another holiday.
 */
function merged() {
  return [
    footfall("m25-1", "a2", "2025-10-01T10:00:00", 1_500),
    footfall("m25-2", "a2", "2025-10-02T10:00:00", 1_500),
    ticket("m25-2t", "g1", "sale", "2025-10-02T10:00:00", "3000.00"),
    footfall("m25-3", "a2", "2025-10-03T23:30:00", 2_000),
    footfall("m24-mid", "a2", "2024-09-15T10:00:00", 9_000), // Mid-Autumn 2024: not National Day
    footfall("m24-1", "a2", "2024-10-01T10:00:00", 1_000),
    footfall("m24-2", "a2", "2024-10-02T10:00:00", 1_000),
    ticket("m24-2t", "g1", "sale", "2024-10-02T10:00:00", "2000.00"),
    footfall("m24-3", "a2", "2024-10-03T10:00:00", 2_000),
    footfall("m24-4", "a2", "2024-10-04T10:00:00", 5_000), // day 4 of 2024: not compared with day 3
  ];
}

const planner: Access = { role: "planner", name: "Planning bureau" };
const schemas = reportParamSchemas(() => "2026-08-01", await loadHolidayCalendar());
const params = (raw: Record<string, string>): BulletinParamsInput => parseParams(schemas.bulletin, raw);

let warehouse: Warehouse;
let ctx: ReportContext;

beforeAll(async () => {
  warehouse = await openTestEmbedded("bulletin");
  ctx = await reportContext(warehouse, [qingming(), merged()]);
}, 60_000);
afterAll(async () => warehouse?.close());

const staffQingming2025 =
  "截至4月5日17时，清明假期前两天联盟各景区累计接待游客2.12万人次，同比增长14.8%；实现旅游收入7.30万元，同比增长12.3%。" +
  "其中一镇接待游客1.92万人次，同比增长13.1%，旅游收入6.70万元，同比增长11.7%；二镇接待游客2,000人次，同比增长33.3%，旅游收入6,000.00元，同比增长20.0%。" +
  "主要景区：景点a1接待游客1.50万人次，同比增长7.1%；景点b1接待游客4,234人次，同比增长41.1%；景点a2接待游客2,000人次，同比增长33.3%。";

describe("holiday bulletin", () => {
  it("counts the holiday so far up to the hour, against the same days and hour of last year", async () => {
    const figures = await bulletinFigures(ctx, cliStaff, params({ holiday: "qingming", year: "2025", date: "2025-04-05", as_of: "17:00" }), "2026-08-01");
    expect(figures).toMatchObject({
      day: 2,
      holiday_days: 3,
      compared_days: 2,
      comparable: true,
      current: { visitors: 21_234, revenue_fen: 7_300_050 },
      previous: { visitors: 18_500, revenue_fen: 6_500_000 },
      yoy: { visitors_pct: 14.8, revenue_pct: 12.3 },
    });
    expect(bulletinText(figures, "zh")).toBe(staffQingming2025);
    expect(bulletinText(figures, "en")).toBe(
      "As of 17:00 on 5 April 2025, in the first 2 days of the Qingming holiday the alliance's sites received 21,234 visitors, up 14.8% year on year; " +
        "revenue was CNY 73,000.50, up 12.3% year on year. " +
        "By town: Town One 19,234 visitors (up 13.1% year on year), revenue CNY 67,000.50 (up 11.7% year on year); " +
        "Town Two 2,000 visitors (up 33.3% year on year), revenue CNY 6,000.00 (up 20.0% year on year). " +
        "Main sites: Site a1 15,000 visitors (up 7.1% year on year); Site b1 4,234 visitors (up 41.1% year on year); Site a2 2,000 visitors (up 33.3% year on year).",
    );
  });

  it("withholds a planner's revenue of a day cut at an hour and of towns where fewer than three operators sold, and says so", async () => {
    const figures = await bulletinFigures(ctx, planner, params({ holiday: "qingming", year: "2025", date: "2025-04-05", as_of: "17:00" }), "2026-08-01");
    const text = bulletinText(figures, "zh");
    expect(figures.current).toMatchObject({ visitors: 21_234, revenue_fen: null, revenue_withheld: true });
    expect(figures.current.revenue_withheld_reason).toMatch(/whole days only/);
    expect(text).toContain("累计接待游客2.12万人次，同比增长14.8%；旅游收入按统计披露规则不予公布。");
    expect(text).toContain("其中一镇接待游客1.92万人次，同比增长13.1%，旅游收入不予公布；二镇接待游客2,000人次，同比增长33.3%，旅游收入不予公布。");
    // The whole days: two operators sold in Town One and one in Town Two on the 4th.
    const whole = await bulletinFigures(ctx, planner, params({ holiday: "qingming", year: "2025", date: "2025-04-05" }), "2026-08-01");
    expect(whole.current.revenue_withheld_reason).toBe("on some day of this figure fewer than 3 operators sold in a town (threshold rule, per town and day)");
    const site = await bulletinFigures(
      ctx,
      planner,
      params({ holiday: "qingming", year: "2025", date: "2025-04-05", as_of: "17:00", site: "a1" }),
      "2026-08-01",
    );
    expect(site.current.revenue_fen).toBeNull();
    expect(bulletinText(site, "zh")).toBe("截至4月5日17时，清明假期前两天景点a1累计接待游客1.50万人次，同比增长7.1%；旅游收入按统计披露规则不予公布。");
    expect(bulletinText(site, "en")).toContain("revenue withheld under the disclosure rule.");
  });

  it("states the comparable basis when the holiday's length changed (Qingming 2024: three days, 2023: one)", async () => {
    // a1 2024: 8,000 + 6,500 + 9,999 before 17:00 on 6 April; ¥50,000. Compared: 4 April 8,000 / ¥30,000 against 5 April 2023 7,000 / ¥25,000.
    const figures = await bulletinFigures(
      ctx,
      cliStaff,
      params({ holiday: "qingming", year: "2024", date: "2024-04-06", as_of: "17:00", site: "a1" }),
      "2026-08-01",
    );
    expect(figures).toMatchObject({ comparable: false, compared_days: 1, previous_holiday_days: 1, current: { visitors: 24_499, revenue_fen: 5_000_000 } });
    expect(bulletinText(figures, "zh")).toBe(
      "截至4月6日17时，清明假期三天景点a1累计接待游客2.45万人次；实现旅游收入5.00万元。按可比口径（今年假期三天、上年一天，比较假期首日），接待游客同比增长14.3%，旅游收入同比增长20.0%。",
    );
    expect(bulletinText(figures, "en")).toBe(
      "As of 17:00 on 6 April 2024, over the 3 days of the Qingming holiday Site a1 received 24,499 visitors; revenue was CNY 50,000.00. " +
        "On a comparable basis (this year's 3-day holiday against last year's 1-day one, comparing the first day): visitors up 14.3% year on year; revenue up 20.0% year on year.",
    );
  });

  it("says in words when last year has no comparable figure", async () => {
    // a2 had no events on 5 April 2023.
    const figures = await bulletinFigures(ctx, cliStaff, params({ holiday: "qingming", year: "2024", date: "2024-04-05", site: "a2" }), "2026-08-01");
    expect(figures.yoy.visitors_pct).toBeNull();
    expect(bulletinText(figures, "zh")).toBe(
      "截至4月5日24时，清明假期前两天景点a2累计接待游客1,500人次；实现旅游收入0.00元。按可比口径（今年假期三天、上年一天，比较假期首日），接待游客上年同期无可比数据，旅游收入上年同期无可比数据。",
    );
    expect(bulletinText(figures, "en")).toContain(
      "comparing the first day): visitors no comparable figure for last year; revenue no comparable figure for last year.",
    );
  });

  it("compares a merged Mid-Autumn/National Day day by day with last year's National Day", async () => {
    const figures = await bulletinFigures(ctx, cliStaff, params({ holiday: "national_day", year: "2025", date: "2025-10-03", town: "t2" }), "2026-08-01");
    expect(figures).toMatchObject({
      holidays: ["national_day", "mid_autumn"],
      previous: { parts: [{ start: "2024-10-01", end: "2024-10-03" }], visitors: 4_000 },
      current: { visitors: 5_000 },
    });
    expect(bulletinText(figures, "zh")).toBe(
      "截至10月3日24时，中秋国庆假期前三天二镇各景区累计接待游客5,000人次；实现旅游收入3,000.00元。按可比口径（今年假期八天、上年七天，比较假期前三天），接待游客同比增长25.0%，旅游收入同比增长50.0%。" +
        "主要景区：景点a2接待游客5,000人次，同比增长25.0%。",
    );
    expect(bulletinText(figures, "en")).toContain(
      "in the first 3 days of the Mid-Autumn and National Day holiday the sites of Town Two received 5,000 visitors",
    );
  });

  it("says a town without events in the bulletin's days has no data, to staff and planners, and keeps the withheld wording for a town with data", async () => {
    // National Day 2025 up to 3 October: t2 has a2's entries and g1's sales (one operator: withheld from a planner); t1 has no events.
    const bulletin = (access: Access) => bulletinFigures(ctx, access, params({ holiday: "national_day", year: "2025", date: "2025-10-03" }), "2026-08-01");
    const staff = await bulletin(cliStaff);
    expect(staff.towns.map((t) => [t.name_zh, t.current.visitors, t.current.revenue_fen])).toEqual([
      ["一镇", null, null],
      ["二镇", 5_000, 300_000],
    ]);
    expect(bulletinText(staff, "zh")).toContain("其中一镇接待游客暂无数据，本期数据不完整，未作同比，旅游收入暂无数据；二镇接待游客5,000人次");
    expect(bulletinText(staff, "en")).toContain(
      "By town: Town One no visitor data (incomplete data, no year-on-year figure), no revenue data; Town Two 5,000 visitors",
    );
    const planned = await bulletin(planner);
    expect(bulletinText(planned, "zh")).toContain(
      "其中一镇接待游客暂无数据，本期数据不完整，未作同比，旅游收入暂无数据；二镇接待游客5,000人次，同比增长25.0%，旅游收入不予公布。",
    );
    expect(bulletinText(planned, "en")).toContain(
      "By town: Town One no visitor data (incomplete data, no year-on-year figure), no revenue data; Town Two 5,000 visitors (up 25.0% year on year), revenue withheld.",
    );
  });

  it("refuses a date outside the holiday, naming the parameter and the holiday's dates", async () => {
    await expect(bulletinFigures(ctx, cliStaff, params({ holiday: "qingming", year: "2025", date: "2025-04-07" }), "2026-08-01")).rejects.toThrow(
      new ParamError("date", 'expected a date from 2025-04-04 to 2025-04-06 (清明节 2025), got "2025-04-07"'),
    );
    expect(() => params({ holiday: "qingming", year: "2025", as_of: "25:00" })).toThrow(/as_of: expected a time HH:MM/);
  });
});

describe("bulletin archive", () => {
  it("keeps the text as sent after a late event changes the numbers, and shows it only to its role and staff", async () => {
    const request = params({ holiday: "qingming", year: "2025", date: "2025-04-05", as_of: "17:00" });
    const before = await bulletinFigures(ctx, cliStaff, request, "2026-08-01");
    const filed = await archiveBulletin(warehouse, cliStaff, before, "zh", bulletinText(before, "zh"));

    // An offline ticket machine syncs late: 1,000 more entries at a1 on 4 April.
    await reportContext(warehouse, [[footfall("25-late", "a1", "2025-04-04T15:00:00", 1_000)]]);
    const after = await bulletinFigures(ctx, cliStaff, request, "2026-08-01");
    expect(after.current.visitors).toBe(22_234);
    expect(bulletinText(after, "zh")).toContain("累计接待游客2.22万人次");

    const shown = await showBulletin(warehouse, cliStaff, filed.id);
    expect(shown?.text).toBe(staffQingming2025);
    expect(shown?.figures.current.visitors).toBe(21_234);
    expect(shown).toMatchObject({ holiday: "qingming", year: 2025, date: "2025-04-05", as_of: "17:00", scope: "alliance", lang: "zh", generated_by: "staff" });

    const listed = await listBulletins(warehouse, cliStaff, { year: 2025 });
    expect(listed.map((e) => e.id)).toContain(filed.id);
    expect(await listBulletins(warehouse, cliStaff, { holiday: "national_day" })).toEqual([]);
    expect(await showBulletin(warehouse, planner, filed.id)).toBeNull();
    expect(await listBulletins(warehouse, planner, {})).toEqual([]);
  });
});

describe("bulletin API", () => {
  it("previews the bulletin as JSON, text and xlsx, downloads reports as xlsx, and lists and shows the archive by role", async () => {
    const book = tokenBook(
      {
        tokens: [
          { token: "staff-token-000000000001", role: "staff", name: "Alliance office" },
          { token: "planner-token-00000000001", role: "planner", name: "Planning bureau" },
        ],
      },
      knownIds(ctx.register),
    );
    const app = await buildServer({ context: ctx, tokens: book, dashboard: false, clock: () => DateTime.fromISO("2026-08-01T12:00:00+08:00") });
    const get = (url: string, token = "staff-token-000000000001") => app.inject({ method: "GET", url, headers: { authorization: `Bearer ${token}` } });
    try {
      const query = "holiday=national_day&year=2025&date=2025-10-03&town=t2";
      const json = await get(`/api/reports/bulletin?${query}`);
      expect(json.statusCode).toBe(200);
      expect(json.json()).toMatchObject({ report: "bulletin", current: { visitors: 5_000 }, lang: "zh" });
      expect(json.json().text).toContain("中秋国庆假期前三天二镇各景区累计接待游客5,000人次");
      const text = await get(`/api/reports/bulletin?${query}&lang=en&format=text`);
      expect(text.headers["content-type"]).toBe("text/plain; charset=utf-8");
      expect(text.body).toContain("the sites of Town Two received 5,000 visitors");

      const xlsx = await get(`/api/reports/bulletin?${query}&format=xlsx`);
      expect(xlsx.headers["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      expect(xlsx.headers["content-disposition"]).toBe('attachment; filename="bulletin-national_day-2025-10-03.xlsx"');
      const sheet = new ExcelJS.Workbook();
      await sheet.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      // Title, office and date, and the text above the table.
      expect(sheet.worksheets[0]!.getCell("A4").value).toBe("廊下·大云·广陈乡村振兴联盟办公室　2025年10月3日");
      expect(sheet.worksheets[0]!.getRow(8).getCell(4).value).toBe(5_000);

      const holiday = await get("/api/reports/holiday?holiday=qingming&year=2025&format=xlsx");
      expect(holiday.headers["content-disposition"]).toBe('attachment; filename="holiday.xlsx"');
      const csv = await get("/api/reports/holiday?holiday=qingming&year=2025&format=csv&lang=en");
      expect(csv.headers["content-disposition"]).toBe('attachment; filename="holiday.csv"');
      expect(csv.body.split("\r\n")[0]).toMatch(/^\uFEFFPeriod,Scope,ID,Start,End,Days,Visitors,/);
      expect((await get("/api/reports/holiday?holiday=qingming&year=2025&format=ods")).json()).toEqual({
        error: 'format: expected one of json|csv|xlsx, got "ods"',
      });
      expect((await get("/api/reports/holiday?holiday=qingming&year=2025&format=csv&lang=fr")).json()).toEqual({
        error: 'lang: expected one of zh|en, got "fr"',
      });

      // The archive test above filed one staff bulletin for 2025.
      const listed = (await get("/api/bulletins?year=2025")).json() as { id: string; generated_by: string }[];
      expect(listed.length).toBeGreaterThan(0);
      expect((await get(`/api/bulletins/${listed[0]!.id}`)).json()).toMatchObject({ id: listed[0]!.id, text: staffQingming2025 });
      expect((await get("/api/bulletins?year=2025", "planner-token-00000000001")).json()).toEqual([]);
      expect((await get(`/api/bulletins/${listed[0]!.id}`, "planner-token-00000000001")).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});
