/**
 * The reports a benchmark times: each case names a question and answers it from a context, with its
 * parameters varied across runs (scopes, years, holidays, festivals), so that no run is answered from
 * what the previous identical run left in a cache.
 */
import { type Access, cliStaff } from "../../queries/access/access.ts";
import type { ReportContext } from "../../queries/reports/context.ts";
import { festivalReport } from "../../queries/reports/festival.ts";
import { growthReport } from "../../queries/reports/growth.ts";
import { holidayReport } from "../../queries/reports/holiday.ts";
import { trendReport } from "../../queries/reports/trend.ts";
import { holidayKeys } from "../../transforms/calendar/holiday-keys.ts";
import type { Register } from "../../transforms/register/register.ts";

/**
 * `run(ctx, variant)` answers the case's question with the parameters of `variant` (any integer; the
 * same variant asks the same question). Without a variant each call takes the next one.
 */
export type ReportCase = [name: string, run: (ctx: ReportContext, variant?: number) => Promise<unknown>];

/** Years with a holiday period and the year before it in the shipped calendar, and festival editions. */
const years = [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026];
const festivals = ["flower-festival", "peach-picking-festival", "chocolate-festival", "grape-festival"];

/** A planner's revenue depends on how many operators contributed, so its reports gather them; staff's do not. */
const planner: Access = { role: "planner", name: "bench" };

const pick = <T>(values: readonly T[], n: number): T => values[n % values.length]!;

/** A case whose parameters depend on the variant, taking the next variant when none is given. */
function varied(name: string, ask: (ctx: ReportContext, n: number) => Promise<unknown>): ReportCase {
  let next = 0;
  return [name, (ctx, variant) => ask(ctx, variant ?? next++)];
}

export function reportCases(register: Register): ReportCase[] {
  const towns = register.towns.map((t) => t.town_id);
  const operators = [...new Set(register.sites.map((s) => s.operator_id))];
  const sites = register.sites.map((s) => s.site_id);
  /** Alliance, town, operator and site in turn; ids rotate within each kind. */
  const scopeFields = (n: number): { town?: string; operator?: string; site?: string } => {
    const turn = Math.floor(n / 4);
    return [{}, { town: pick(towns, turn) }, { operator: pick(operators, turn) }, { site: pick(sites, turn) }][n % 4]!;
  };
  const sevenYearTrend = (access: Access) => (ctx: ReportContext, n: number) => {
    const from = 2019 + (Math.floor(n / 4) % 2);
    return trendReport(ctx, access, { from: `${from}-01-01`, to: `${from + 6}-12-31`, granularity: "month", align: "weekday", ...scopeFields(n) });
  };
  return [
    varied("holiday alliance baseline 2019 (7 holidays × 2019–2026)", (ctx, n) =>
      holidayReport(ctx, cliStaff, { holiday: pick(holidayKeys, n), year: pick(years, n * 3), baseline: 2019 }),
    ),
    varied("holiday town by site (3 towns × 7 holidays × 2019–2026)", (ctx, n) =>
      holidayReport(ctx, cliStaff, { holiday: pick(holidayKeys, n * 2), year: pick(years, n * 5), town: pick(towns, n), by: "site" }),
    ),
    varied("festival alliance by operator (4 festivals × 2019–2026)", (ctx, n) =>
      festivalReport(ctx, cliStaff, { festival: pick(festivals, n), year: pick(years, n * 3), by: "operator" }),
    ),
    varied("trend one year by day, date-aligned, operator (32 operators × 2019–2025)", (ctx, n) => {
      const year = pick(years.slice(0, 7), n * 3);
      return trendReport(ctx, cliStaff, { from: `${year}-01-01`, to: `${year}-12-31`, granularity: "day", align: "date", operator: pick(operators, n) });
    }),
    varied("trend seven years by month, weekday-aligned (alliance/town/operator/site × 2019–2020 start)", sevenYearTrend(cliStaff)),
    varied("trend seven years by month, planner (revenue operators gathered; alliance/town/operator/site × 2019–2020 start)", sevenYearTrend(planner)),
    varied("growth baseline 2019 (alliance/town/operator/site × 2019–2025 or 2020–2026)", (ctx, n) => {
      const from = 2019 + (Math.floor(n / 4) % 2);
      return growthReport(ctx, cliStaff, { from_year: from, to_year: from + 6, baseline: 2019, ...scopeFields(n) });
    }),
  ];
}
