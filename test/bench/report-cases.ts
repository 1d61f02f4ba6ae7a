/** The reports a benchmark times: each case names the question and answers it from a context. */
import { cliStaff } from "../../queries/access/access.ts";
import type { ReportContext } from "../../queries/reports/context.ts";
import { festivalReport } from "../../queries/reports/festival.ts";
import { growthReport } from "../../queries/reports/growth.ts";
import { holidayReport } from "../../queries/reports/holiday.ts";
import { trendReport } from "../../queries/reports/trend.ts";
import type { Register } from "../../transforms/register/register.ts";

export type ReportCase = [name: string, run: (ctx: ReportContext) => Promise<unknown>];

export function reportCases(register: Register): ReportCase[] {
  const town = register.towns[0]!.town_id;
  const operator = register.sites[0]!.operator_id;
  return [
    ["holiday qingming 2024 alliance", (ctx) => holidayReport(ctx, cliStaff, { holiday: "qingming", year: 2024, baseline: 2019 })],
    [`holiday national_day 2023 town ${town} by site`, (ctx) => holidayReport(ctx, cliStaff, { holiday: "national_day", year: 2023, town, by: "site" })],
    ["festival flower-festival 2024 alliance by operator", (ctx) => festivalReport(ctx, cliStaff, { festival: "flower-festival", year: 2024, by: "operator" })],
    [
      `trend 2025 day date operator ${operator}`,
      (ctx) => trendReport(ctx, cliStaff, { from: "2025-01-01", to: "2025-12-31", granularity: "day", align: "date", operator }),
    ],
    [
      "trend 2019-2025 month weekday alliance",
      (ctx) => trendReport(ctx, cliStaff, { from: "2019-01-01", to: "2025-12-31", granularity: "month", align: "weekday" }),
    ],
    ["growth 2019-2025 baseline 2019 alliance", (ctx) => growthReport(ctx, cliStaff, { from_year: 2019, to_year: 2025, baseline: 2019 })],
  ];
}
