import { z } from "zod";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { eventKindNames, eventKinds } from "../../ingest/kinds/registry.ts";
import { addDays } from "../../transforms/calendar/dates.ts";
import type { Grant, RevenueDisclosure } from "../access/access.ts";
import type { ForecastDay } from "../metrics/forecast-holiday.ts";
import { periodTotals } from "./period-totals.ts";

/** Float64 sums: fen totals stay exact far beyond any site's history, and come back as JSON numbers. */
const siteRow = z.object({ site_id: z.string(), dates: z.array(z.string()), revenue: z.array(z.number()) });

/** Revenue (sales − refunds, fen) per local date and site from the kinds that carry it, of the days from `from` to before `before`. */
export function dailyRevenueSql(): string {
  const inner = eventKindNames.flatMap((kind) => {
    const { table, dailyFigures } = eventKinds[kind];
    return dailyFigures.revenueFen === undefined
      ? []
      : [
          `  SELECT local_date, site_id, toFloat64(${dailyFigures.revenueFen}) AS r FROM ${table}
  WHERE local_date >= {from:Date} AND local_date < {before:Date} AND site_id IN {sites:Array(String)} GROUP BY local_date, site_id`,
        ];
  });
  return `SELECT site_id, groupArray(toString(local_date)) AS dates, groupArray(revenue) AS revenue FROM (
  SELECT local_date, site_id, sum(r) AS revenue FROM (
${inner.join("\n  UNION ALL\n")}
  ) GROUP BY local_date, site_id
) GROUP BY site_id`;
}

/**
 * Each site's revenue series on the days its visitor series knows (a day with events but no ticket
 * is 0). A day whose refunds exceed its sales counts as 0: the method works on ratios of positive days.
 */
export async function dailyRevenue(
  warehouse: Warehouse,
  visitors: ReadonlyMap<string, ReadonlyMap<string, number>>,
  from: string,
  before: string,
): Promise<Map<string, Map<string, number>>> {
  const found = new Map<string, Map<string, number>>();
  if (visitors.size > 0 && before > from)
    for (const row of await warehouse.query(dailyRevenueSql(), { sites: [...visitors.keys()], from, before }, siteRow))
      found.set(row.site_id, new Map(row.dates.map((d, i) => [d, row.revenue[i]!])));
  return new Map([...visitors].map(([site, days]) => [site, new Map([...days.keys()].map((d) => [d, Math.max(0, Math.round(found.get(site)?.get(d) ?? 0))]))]));
}

/**
 * Whether a revenue forecast may be shown, judged as the reports judge a revenue figure: the forecast
 * is drawn from the scope's (or the site's) revenue of every day it reads, so it is shown only when
 * that revenue, from `from` to the day before `before`, would be (disclosure.ts). '' is the scope.
 */
export async function revenueDisclosure(
  warehouse: Warehouse,
  grant: Grant,
  query: { sites: readonly string[]; bySite: boolean; from: string; before: string; today: string },
): Promise<(key: string) => RevenueDisclosure> {
  if (grant.cells === null) return () => ({ shown: true });
  const read = [{ start: query.from, end: addDays(query.before, -1) }];
  const totals = await periodTotals(warehouse, {
    periods: [read],
    sites: query.sites,
    by: query.bySite ? "site" : undefined,
    cells: grant.cells,
    today: query.today,
  });
  return (key) => grant.revenue(totals(0, key).cells);
}

/** A day's revenue as the forecast answers it: null throughout when withheld or not forecast. */
export interface DayRevenue {
  revenue_fen: number | null;
  expected_revenue_fen: number | null;
  revenue_low80_fen: number | null;
  revenue_high80_fen: number | null;
  revenue_low95_fen: number | null;
  revenue_high95_fen: number | null;
}

const fen = (value: number | null) => (value === null ? null : Math.round(value));

export const noRevenue: DayRevenue = {
  revenue_fen: null,
  expected_revenue_fen: null,
  revenue_low80_fen: null,
  revenue_high80_fen: null,
  revenue_low95_fen: null,
  revenue_high95_fen: null,
};

export function dayRevenue(day: ForecastDay | undefined): DayRevenue {
  if (!day) return noRevenue;
  return {
    revenue_fen: fen(day.observed),
    expected_revenue_fen: fen(day.expected),
    revenue_low80_fen: fen(day.low80),
    revenue_high80_fen: fen(day.high80),
    revenue_low95_fen: fen(day.low95),
    revenue_high95_fen: fen(day.high95),
  };
}
