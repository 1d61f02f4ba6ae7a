import type { Warehouse } from "../../infra/warehouse/port.ts";
import { addDays } from "../../transforms/calendar/dates.ts";
import type { Grant, RevenueDisclosure } from "../access/access.ts";
import type { ForecastDay } from "../metrics/forecast-holiday.ts";
import { periodTotals } from "./period-totals.ts";

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
