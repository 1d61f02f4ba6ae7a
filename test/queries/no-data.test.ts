import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { cliStaff } from "../../queries/access/access.ts";
import { comparisonView } from "../../queries/present/comparison-view.ts";
import { growthView } from "../../queries/present/growth-view.ts";
import { trendView } from "../../queries/present/trend-view.ts";
import { renderCsv, renderTable } from "../../queries/present/tabular.ts";
import type { ReportContext } from "../../queries/reports/context.ts";
import { growthReport } from "../../queries/reports/growth.ts";
import { holidayReport } from "../../queries/reports/holiday.ts";
import { growthReportSchema, trendReportSchema } from "../../queries/reports/schemas.ts";
import { trendReport } from "../../queries/reports/trend.ts";
import { eachDate } from "../../transforms/calendar/dates.ts";
import { openTestEmbedded } from "../support/warehouse.ts";
import { footfall, reportContext, ticket } from "./fixtures.ts";

let warehouse: Warehouse;
let ctx: ReportContext;

/**
 * a1 through Qingming 2025 only (nothing yet for Qingming 2026); b1 opens after it (first event
 * 1 May 2026); a2's gate counts 0 on every day of Dragon Boat 2024 and 2025: real zeros.
 */
beforeAll(async () => {
  warehouse = await openTestEmbedded("no_data");
  const a1 = eachDate("2025-04-04", "2025-04-06").flatMap((date, i) => [
    footfall(`a1-${date}`, "a1", `${date}T10:00:00`, 100 + i),
    ticket(`a1t-${date}`, "a1", "sale", `${date}T10:00:00`, "10.00"),
  ]);
  const b1 = [footfall("b1-open", "b1", "2026-05-01T10:00:00", 80)];
  const zero = [...eachDate("2024-06-08", "2024-06-10"), ...eachDate("2025-05-31", "2025-06-02")].map((date) =>
    footfall(`a2-${date}`, "a2", `${date}T10:00:00`, 0),
  );
  ctx = await reportContext(warehouse, [[...a1, ...b1, ...zero]]);
});
afterAll(async () => {
  await warehouse?.close();
});

const unknownFigures = {
  visitors: null,
  visitors_per_day: null,
  peak_day: null,
  revenue_fen: null,
  revenue_cny: null,
  revenue_withheld: false,
  complete: false,
  no_data_reason: "no data: no events on any day of the period",
};
const noChange = { visitors_pct: null, revenue_pct: null, visitors_per_day_pct: null, peak_day_visitors_pct: null };

describe("a period with no data at all reports null with a reason, never 0", () => {
  it("a holiday still to come", async () => {
    const report = await holidayReport(ctx, cliStaff, { holiday: "qingming", year: 2026, site: "a1" });
    expect(report.current).toMatchObject({ start: "2026-04-04", end: "2026-04-06", days: 3, ...unknownFigures });
    expect(report.current.missing_dates).toEqual(["2026-04-04", "2026-04-05", "2026-04-06"]);
    expect(report.previous).toMatchObject({ visitors: 303, revenue_fen: 3000, complete: true, no_data_reason: null });
    expect(report.yoy).toEqual(noChange);
    // JSON: null, not 0.
    const json = JSON.parse(JSON.stringify(report));
    expect(json.current.visitors).toBeNull();
    expect(json.current.revenue_fen).toBeNull();

    const view = comparisonView(report);
    const table = renderTable(view, "en");
    const current = table.split("\n").find((line) => line.startsWith("2026 "))!;
    expect(current).toContain("no data");
    expect(current).not.toMatch(/\s0\s/);
    expect(renderTable(view, "zh")).toContain("无数据");
    expect(table).toContain("No data (2026): no events on any day from 2026-04-04 to 2026-04-06; not 0.");
    const [row] = csvRecords(renderCsv(view, "en"));
    expect(row).toMatchObject({
      Period: "2026",
      Visitors: "",
      "Per day (people)": "",
      "Revenue (CNY)": "",
      "Visitors YoY, comparable (%)": "",
      Complete: "no",
    });
    expect(row!["No data"]).toBe("no data: no events on any day of the period");
  });

  it("a site whose first event is after the period", async () => {
    const report = await holidayReport(ctx, cliStaff, { holiday: "qingming", year: 2025, town: "t1", by: "site" });
    const b1 = report.breakdown!.find((row) => row.id === "b1")!;
    expect(b1.current).toMatchObject(unknownFigures);
    expect(b1.yoy).toEqual(noChange);
    const a1 = report.breakdown!.find((row) => row.id === "a1")!;
    expect(a1.current).toMatchObject({ visitors: 303, complete: true, no_data_reason: null });
    // The town has a1's figures on every day: known, though b1 had nothing.
    expect(report.current).toMatchObject({ visitors: 303, complete: true, no_data_reason: null });
    const lines = renderTable(comparisonView(report), "en").split("\n");
    expect(lines.find((line) => /^2025\s.*\sb1\s/.test(line))).toContain("no data");
  });

  it("a day whose gate counts sum to 0 stays 0", async () => {
    const report = await holidayReport(ctx, cliStaff, { holiday: "dragon_boat", year: 2025, site: "a2" });
    expect(report.current).toMatchObject({ visitors: 0, visitors_per_day: 0, complete: true, missing_dates: [], no_data_reason: null });
    expect(report.previous).toMatchObject({ visitors: 0, complete: true, no_data_reason: null });
    // A change from 0 has no base: null, not 0 %.
    expect(report.yoy.visitors_pct).toBeNull();
    const current = renderTable(comparisonView(report), "en")
      .split("\n")
      .find((line) => line.startsWith("2025 "))!;
    expect(current).not.toContain("no data");
  });
});

/** A CSV's data rows as records by the header's keys. */
/** RFC 4180 fields: quoted ones may hold commas ("To date, up to") and doubled quotes. */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted && char === '"' && line[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (char === '"') quoted = !quoted;
    else if (char === "," && !quoted) {
      fields.push(field);
      field = "";
    } else field += char;
  }
  return [...fields, field];
}

function csvRecords(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv.trim().split("\r\n");
  const keys = csvFields(header!);
  return lines.map((line) => Object.fromEntries(csvFields(line).map((cell, i) => [keys[i], cell])));
}

const reason = "no data: no events on any day of the period";
const unknownSpan = { visitors: null, revenue_fen: null, revenue_cny: null, revenue_withheld: false, no_data_reason: reason };

describe("trend rows and growth years without any data are null with the reason, never 0", () => {
  it("a trend over dates still to come, against last year's days that have data", async () => {
    const report = await trendReport(ctx, cliStaff, { from: "2026-04-04", to: "2026-04-06", granularity: "day", align: "date", site: "a1" });
    expect(report.rows).toHaveLength(3);
    expect(report.rows.map((row) => [row.period, row.visitors, row.prev_visitors, row.prev_revenue_fen, row.prev_no_data_reason])).toEqual([
      ["2026-04-04", null, 100, 1000, null],
      ["2026-04-05", null, 101, 1000, null],
      ["2026-04-06", null, 102, 1000, null],
    ]);
    for (const row of report.rows) {
      expect(row).toMatchObject({ ...unknownSpan, visitors_yoy_pct: null, revenue_yoy_pct: null, complete: false });
    }
    // The JSON answer keeps the nulls and passes the published schema.
    const json = JSON.parse(JSON.stringify(report));
    expect(trendReportSchema.safeParse(json).success).toBe(true);
    expect(json.rows[0].visitors).toBeNull();

    const table = renderTable(trendView(report), "en", Number.POSITIVE_INFINITY);
    const line = table.split("\n").find((l) => l.startsWith("2026-04-04"))!;
    expect(line).toContain("no data");
    expect(line).toContain("100");
    expect(table).toContain("No data: not one event on any day of that span (or of the span compared with); not 0.");
    const [row] = csvRecords(renderCsv(trendView(report), "en"));
    expect(row).toMatchObject({
      Period: "2026-04-04",
      Visitors: "",
      "Revenue (CNY)": "",
      "Visitors a year earlier": "100",
      "Revenue a year earlier (CNY)": "10.00",
      "No data": reason,
    });
  });

  it("a week or month spanning only empty days, and last year's span without data", async () => {
    const future = await trendReport(ctx, cliStaff, { from: "2027-03-01", to: "2027-03-31", granularity: "month", align: "date" });
    expect(future.rows).toEqual([expect.objectContaining({ period: "2027-03", ...unknownSpan, prev_visitors: null, prev_no_data_reason: reason })]);
    const csv = csvRecords(renderCsv(trendView(future), "en"));
    expect(csv[0]).toMatchObject({
      Visitors: "",
      "Visitors a year earlier": "",
      "Revenue (CNY)": "",
      "Revenue a year earlier (CNY)": "",
      "No data a year earlier": reason,
    });

    // Qingming 2025 has data; the same dates of 2024 have none.
    const first = await trendReport(ctx, cliStaff, { from: "2025-04-04", to: "2025-04-06", granularity: "week", align: "date", site: "a1" });
    expect(first.rows[0]).toMatchObject({ visitors: 303, revenue_fen: 3000, no_data_reason: null });
    expect(first.rows[0]).toMatchObject({ prev_visitors: null, prev_revenue_fen: null, prev_no_data_reason: reason, visitors_yoy_pct: null });
    expect(trendReportSchema.safeParse(JSON.parse(JSON.stringify(first))).success).toBe(true);
  });

  it("growth years before any data, and a baseline without data: null, and no CAGR or change", async () => {
    const report = await growthReport(ctx, cliStaff, { from_year: 2023, to_year: 2025, baseline: 2019, site: "a1" });
    expect(report.years.map((y) => [y.year, y.visitors, y.revenue_fen, y.no_data_reason])).toEqual([
      [2023, null, null, reason],
      [2024, null, null, reason],
      [2025, 303, 3000, null],
    ]);
    for (const y of report.years) expect(y).toMatchObject({ visitors_yoy_pct: null, revenue_yoy_pct: null, visitors_vs_baseline_pct: null });
    expect(report.baseline).toMatchObject({ year: 2019, ...unknownSpan });
    expect(report.cagr).toEqual({ years: 2, visitors_pct: null, revenue_pct: null });
    expect(growthReportSchema.safeParse(JSON.parse(JSON.stringify(report))).success).toBe(true);

    const view = growthView(report);
    const table = renderTable(view, "en");
    expect(table.split("\n").find((l) => l.startsWith("2023"))).toContain("no data");
    expect(table).toContain("No data (2023, 2024): no events on any day of the year; not 0.");
    expect(table).toContain("Baseline 2019: no data");
    const rows = csvRecords(renderCsv(view, "en"));
    expect(rows[0]).toMatchObject({ Year: "2023", Visitors: "", "Revenue (CNY)": "", "No data": reason });
    expect(rows[2]).toMatchObject({ Year: "2025", Visitors: "303", "Revenue (CNY)": "30.00", "No data": "" });
  });

  it("days whose gate counts sum to 0 stay 0 in trend and growth", async () => {
    const trend = await trendReport(ctx, cliStaff, { from: "2025-05-31", to: "2025-06-02", granularity: "day", align: "date", site: "a2" });
    for (const row of trend.rows) expect(row).toMatchObject({ visitors: 0, revenue_fen: 0, no_data_reason: null, complete: false });
    expect(renderTable(trendView(trend), "en", Number.POSITIVE_INFINITY)).toMatch(/^2025-05-31\s+0\s/m);
    // The same dates of 2024 had no events: only that side says no data.
    expect(csvRecords(renderCsv(trendView(trend), "en"))[0]).toMatchObject({
      Visitors: "0",
      "Revenue (CNY)": "0.00",
      "No data": "",
      "No data a year earlier": reason,
    });

    const growth = await growthReport(ctx, cliStaff, { from_year: 2024, to_year: 2025, site: "a2" });
    expect(growth.years.map((y) => [y.year, y.visitors, y.no_data_reason])).toEqual([
      [2024, 0, null],
      [2025, 0, null],
    ]);
  });
});
