import ExcelJS from "exceljs";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { siteZone } from "../../ingest/contracts/time.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { cliStaff } from "../../queries/access/access.ts";
import { holidayHeadline as startHeadline } from "../../queries/cli/headline.ts";
import { holidayHeadline, holidayHeadlineInput } from "../../queries/dashboard/client/headline.ts";
import { reportCatalogue, reportTables } from "../../queries/present/report-catalogue.ts";
import { renderTable } from "../../queries/present/tabular.ts";
import { toXlsx, xlsxSheets } from "../../queries/present/xlsx.ts";
import { bulletinFigures } from "../../queries/reports/bulletin.ts";
import { bulletinText } from "../../queries/present/bulletin-text.ts";
import type { ReportContext } from "../../queries/reports/context.ts";
import { holidayReport } from "../../queries/reports/holiday.ts";
import { trendReport } from "../../queries/reports/trend.ts";
import { trendView } from "../../queries/present/trend-view.ts";
import { ParamError } from "../../queries/access/param-error.ts";
import { parseParams, reportParamSchemas } from "../../queries/reports/params.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { type WireEvent, footfall, reportContext } from "./fixtures.ts";

/**
 * National Day 2026 (1–7 October, 7 days) against 2025's merged Mid-Autumn/National Day (1–8 October,
 * 8 days), visitors at a1 each day; 2019's National Day (1–7 October) as the baseline:
 *   2025 days 1–7: 5,000 6,000 7,000 6,500 5,500 5,000 4,000 = 39,000; day 8: 3,000 (whole 42,000)
 *   2026 days 1–7: 5,500 6,500 7,800 7,000 6,000 5,300 4,644 = 42,744
 *   2019 days 1–7: 5,000 each = 35,000
 * Comparable basis, day 1–7 of both: 42,744 / 39,000 → +9.6 %. Whole periods 42,744 / 42,000 → +1.8 %;
 * per day 6,106.3 / 5,250 → +16.3 %: neither may be called the year on year.
 * Recovery: 42,744 / 35,000 → 122.1 % of 2019. During the holiday, to 3 October: 19,800 / 18,000 → +10.0 %.
 */
const days2025 = [5_000, 6_000, 7_000, 6_500, 5_500, 5_000, 4_000, 3_000];
const days2026 = [5_500, 6_500, 7_800, 7_000, 6_000, 5_300, 4_644];
const events: WireEvent[] = [
  ...days2025.map((n, i) => footfall(`nd25-${i}`, "a1", `2025-10-0${i + 1}T10:00:00`, n)),
  ...days2026.map((n, i) => footfall(`nd26-${i}`, "a1", `2026-10-0${i + 1}T10:00:00`, n)),
  ...Array.from({ length: 7 }, (_, i) => footfall(`nd19-${i}`, "a1", `2019-10-0${i + 1}T10:00:00`, 5_000)),
];

/**
 * Two more sites for the breakdown, each day alike: b1 (town t1) 1,000 a day in 2026, 800 in 2025,
 * 1,000 in 2019; a2 (town t2) 2,000 in 2026, 2,500 in 2025, nothing in 2019.
 */
const others: WireEvent[] = [
  ...Array.from({ length: 7 }, (_, i) => footfall(`b26-${i}`, "b1", `2026-10-0${i + 1}T11:00:00`, 1_000)),
  ...Array.from({ length: 8 }, (_, i) => footfall(`b25-${i}`, "b1", `2025-10-0${i + 1}T11:00:00`, 800)),
  ...Array.from({ length: 7 }, (_, i) => footfall(`b19-${i}`, "b1", `2019-10-0${i + 1}T11:00:00`, 1_000)),
  ...Array.from({ length: 7 }, (_, i) => footfall(`a26-${i}`, "a2", `2026-10-0${i + 1}T11:00:00`, 2_000)),
  ...Array.from({ length: 8 }, (_, i) => footfall(`a25-${i}`, "a2", `2025-10-0${i + 1}T11:00:00`, 2_500)),
];

const clockOn = (date: string) => ({ clock: () => DateTime.fromISO(`${date}T20:00`, { zone: siteZone }) });
const params = { holiday: "national_day", year: 2026, site: "a1", baseline: 2019 } as const;

let warehouse: Warehouse;
let ctx: ReportContext;
beforeAll(async () => {
  warehouse = await openTestEmbedded("comparable_basis");
  ctx = await reportContext(warehouse, [events, others]);
});
afterAll(async () => {
  await warehouse.exec(`DROP DATABASE IF EXISTS ${warehouse.database}`);
  await warehouse.close();
});

/** The xlsx cell under the column whose English header is `header`, in the first row labelled `row`. */
async function xlsxCell(file: Buffer, row: string, header: string): Promise<unknown> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  const rows = sheet.getSheetValues() as unknown[][];
  const headerRow = rows.findIndex((r) => Array.isArray(r) && r.includes(header));
  const column = rows[headerRow]!.indexOf(header);
  const found = rows.findIndex((r, i) => i > headerRow && Array.isArray(r) && r[1] === row);
  return rows[found]![column];
}

describe("one comparable basis for a holiday on every surface", () => {
  it("gives +9.6 % (day 1–7 of both) in the report, the headline, the bulletin, the CLI table and the xlsx", async () => {
    const report = await holidayReport(ctx, cliStaff, params, clockOn("2026-12-01"));
    expect(report.comparable).toBe(false);
    expect(report.basis).toMatchObject({ basis: "comparable", days: 7, current_days: 7, previous_days: 8, so_far: false });
    expect(report.basis.previous).toMatchObject({ start: "2025-10-01", end: "2025-10-07", visitors: 39_000 });
    expect(report.yoy.visitors_pct).toBe(9.6);
    expect(report.whole_period_yoy).toMatchObject({ visitors_pct: 1.8, visitors_per_day_pct: 16.3 });
    expect(report.baseline?.recovery).toEqual({ year: 2019, days: 7, visitors_pct: 122.1, revenue_pct: null });

    // The dashboard's headline, by the function the holiday view calls with the report.
    const headline = holidayHeadline("zh", holidayHeadlineInput(report, "联盟"));
    expect(headline).toBe("国庆 2026 · 联盟：4.27万 人次，按可比口径（前7天）同比 +9.6%，恢复至2019年同期的 122.1%");
    expect(holidayHeadline("en", holidayHeadlineInput(report, "Alliance"))).toContain("+9.6% year on year on a comparable basis (first 7 days)");

    // The bulletin of the last day, as the dashboard downloads it.
    const figures = await bulletinFigures(ctx, cliStaff, { holiday: "national_day", year: 2026, date: "2026-10-07", site: "a1", lang: "zh" }, "2026-12-01");
    const text = bulletinText(figures, "zh");
    expect(text).toContain("按可比口径（今年假期七天、上年八天，比较假期前七天），接待游客同比增长9.6%");
    expect(text).toContain("接待游客恢复至2019年同期的122.1%");
    expect(text).not.toMatch(/同比(增长|下降)(1\.8|16\.3)%/);

    // The start command's headline (a demo names its holiday), from the same report.
    expect(await startHeadline(ctx, "a1", "national_day", 2026)).toBe("国庆 2026 · 景点a1：42,744 人次，按可比口径（前7天）同比 +9.6%");

    // The CLI's table and the xlsx (the CLI's --format xlsx and the API's ?format=xlsx) from the same views.
    const views = reportTables(reportCatalogue.holiday, report);
    // Wide enough for one part: the year on year on the comparable basis and the recovery on the year's own row.
    const table = renderTable(views[0]!, "zh", 400);
    const firstRow = table.split("\n").find((line) => line.startsWith("2026 "))!;
    expect(firstRow).toContain("+9.6%");
    expect(firstRow).toContain("122.1%");
    const xlsx = await toXlsx(xlsxSheets("holiday", views), "2026-12-01T12:00:00Z");
    expect(await xlsxCell(xlsx, "2026", "可比口径人次同比（%）")).toBeCloseTo(0.096, 6);
    expect(await xlsxCell(xlsx, "2026", "恢复率（%）")).toBeCloseTo(1.221, 6);
    expect(await xlsxCell(xlsx, "2026", "全期合计同比（%）")).toBeCloseTo(0.018, 6);
  });

  it("during the holiday compares only the days so far, in the report and the bulletin alike", async () => {
    const report = await holidayReport(ctx, cliStaff, params, clockOn("2026-10-03"));
    expect(report.basis).toMatchObject({ days: 3, current_days: 3, so_far: true });
    expect(report.yoy.visitors_pct).toBe(10);
    const figures = await bulletinFigures(ctx, cliStaff, { holiday: "national_day", year: 2026, site: "a1", lang: "zh" }, "2026-10-03");
    expect(figures.yoy.visitors_pct).toBe(10);
    // 19,800 against 2019's first three days, 15,000.
    expect(figures.recovery).toMatchObject({ year: 2019, days: 3, visitors_pct: 132 });
  });
});

describe("2019 and rankings", () => {
  it("ranks the by-site breakdown by visitors with each site's town, subtotals the towns, keeps the top n and gives each row its recovery", async () => {
    const report = await holidayReport(ctx, cliStaff, { holiday: "national_day", year: 2026, by: "site", baseline: 2019, top: 2 }, clockOn("2026-12-01"));
    // a1 42,744 (t1), a2 14,000 (t2), b1 7,000 (t1): the top 2 are a1 and a2.
    expect(report.top).toBe(2);
    expect(report.breakdown!.map((row) => [row.rank, row.id, row.town_id, row.current.visitors])).toEqual([
      [1, "a1", "t1", 42_744],
      [2, "a2", "t2", 14_000],
    ]);
    // Day 1–7 of both: a1 +9.6 %; a2 14,000 / 17,500 → −20.0 %. Against 2019: a1 122.1 %; a2 had no 2019 data.
    expect(report.breakdown!.map((row) => [row.id, row.yoy.visitors_pct, row.recovery?.visitors_pct])).toEqual([
      ["a1", 9.6, 122.1],
      ["a2", -20, null],
    ]);
    // Towns over every site of the scope, whatever top keeps: t1 49,744 (44,600 day 1–7 last year, +11.5 %; 42,000 in 2019, 118.4 %).
    expect(report.towns!.map((town) => [town.id, town.current.visitors, town.yoy.visitors_pct, town.recovery?.visitors_pct])).toEqual([
      ["t1", 49_744, 11.5, 118.4],
      ["t2", 14_000, -20, null],
    ]);
    // The alliance: 63,744 against 62,100 (day 1–7) → +2.6 %; 42,000 in 2019 → 151.8 %.
    expect(report.yoy.visitors_pct).toBe(2.6);
    expect(report.baseline?.recovery.visitors_pct).toBe(151.8);

    const view = reportTables(reportCatalogue.holiday, report)[0]!;
    const table = renderTable(view, "zh", 400);
    expect(table).toMatch(/^2026 镇小计 +一镇 +t1 .* \+11\.5% .* 一镇 +118\.4%$/m);
    expect(table).toMatch(/^2025 前7天 .* 6\.21万 /m);
    expect(table).toContain("按接待人次排名前 2 位");
    expect(renderTable(view, "en", 400)).toMatch(/^2025 the first 7 days .* 62,100 /m);
  });

  it("takes top from 1 to 999 and names the parameter otherwise", () => {
    const schemas = reportParamSchemas(() => "2026-12-01", ctx.calendar);
    expect(parseParams(schemas.holiday, { holiday: "national_day", year: "2026", top: "3" }).top).toBe(3);
    expect(() => parseParams(schemas.holiday, { holiday: "national_day", year: "2026", top: "0" })).toThrow(ParamError);
    expect(() => parseParams(schemas.festival, { festival: "spring-fair", year: "2024", top: "x" })).toThrow(/expected a number of breakdown rows/);
  });
});

describe("a span not over yet compares like with like", () => {
  it("counts October to date against the same days of last October, marked partial", async () => {
    const month = await trendReport(
      ctx,
      cliStaff,
      { from: "2026-09-01", to: "2026-10-31", granularity: "month", align: "date", site: "a1" },
      clockOn("2026-10-03"),
    );
    expect(month.rows[0]).toMatchObject({ period: "2026-09", partial: false, counted_end: "2026-09-30" });
    // 1–3 October: 19,800 against 18,000 on 1–3 October 2025 (not the whole month's 42,000).
    expect(month.rows[1]).toMatchObject({
      period: "2026-10",
      start: "2026-10-01",
      end: "2026-10-31",
      partial: true,
      counted_end: "2026-10-03",
      visitors: 19_800,
      prev_start: "2025-10-01",
      prev_end: "2025-10-03",
      prev_visitors: 18_000,
      visitors_yoy_pct: 10,
      complete: true,
    });
    expect(renderTable(trendView(month), "zh", 400)).toMatch(/^2026-10 .* 2026-10-03\s*$/m);

    const days = await trendReport(
      ctx,
      cliStaff,
      { from: "2026-10-02", to: "2026-10-04", granularity: "day", align: "date", site: "a1" },
      clockOn("2026-10-03"),
    );
    expect(days.rows.map((row) => [row.period, row.partial, row.counted_end])).toEqual([
      ["2026-10-02", false, "2026-10-02"],
      ["2026-10-03", true, "2026-10-03"],
      ["2026-10-04", true, null],
    ]);
  });
});
