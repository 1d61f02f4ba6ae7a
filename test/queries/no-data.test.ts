import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { cliStaff } from "../../queries/access/access.ts";
import { comparisonView } from "../../queries/cli/report/comparison-view.ts";
import { renderCsv, renderTable } from "../../queries/cli/report/tabular.ts";
import type { ReportContext } from "../../queries/reports/context.ts";
import { holidayReport } from "../../queries/reports/holiday.ts";
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
    const table = renderTable(view);
    const current = table.split("\n").find((line) => line.startsWith("2026 "))!;
    expect(current).toContain("无数据 no data");
    expect(current).not.toMatch(/\s0\s/);
    expect(table).toContain("无数据 No data (2026): no events on any day from 2026-04-04 to 2026-04-06; not 0.");
    const csv = renderCsv(view).trim().split("\r\n");
    const header = csv[0]!.split(",");
    const row = Object.fromEntries(csv[1]!.split(",").map((cell, i) => [header[i], cell]));
    expect(row).toMatchObject({ row: "2026", visitors: "", visitors_per_day: "", revenue_fen: "", revenue_cny: "", visitors_pct: "", complete: "false" });
    expect(row.no_data_reason).toBe("no data: no events on any day of the period");
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
    const lines = renderTable(comparisonView(report)).split("\n");
    expect(lines.find((line) => /^2025\s+b1\s/.test(line))).toContain("无数据 no data");
  });

  it("a day whose gate counts sum to 0 stays 0", async () => {
    const report = await holidayReport(ctx, cliStaff, { holiday: "dragon_boat", year: 2025, site: "a2" });
    expect(report.current).toMatchObject({ visitors: 0, visitors_per_day: 0, complete: true, missing_dates: [], no_data_reason: null });
    expect(report.previous).toMatchObject({ visitors: 0, complete: true, no_data_reason: null });
    // A change from 0 has no base: null, not 0 %.
    expect(report.yoy.visitors_pct).toBeNull();
    const current = renderTable(comparisonView(report))
      .split("\n")
      .find((line) => line.startsWith("2025 "))!;
    expect(current).not.toContain("no data");
  });
});
