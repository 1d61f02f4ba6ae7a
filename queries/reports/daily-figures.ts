import { z } from "zod";
import { date, int64 } from "../../infra/warehouse/rows.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { eachDate } from "../../transforms/calendar/dates.ts";
import type { Span } from "../metrics/periods.ts";

export type Breakdown = "site" | "operator";

export interface DailyFiguresQuery {
  /** Every span a report compares, read in one statement (each query has a fixed cost of several ms). */
  spans: readonly Span[];
  /** The scope, already resolved to site ids through the register. */
  sites: readonly string[];
  /** One row per day and site / operator instead of per day. */
  by?: Breakdown;
  /** Dates counted only up to an instant (a bulletin's hour on its last day); other dates whole. */
  cutoffs?: readonly Cutoff[];
}

/** Events of `date` count only when they occurred before `before` (an ISO instant). */
export interface Cutoff {
  date: string;
  before: string;
}

const dailyRow = z.object({
  date,
  key: z.string(),
  visitors: int64,
  revenue_fen: int64,
  footfall_events: int64,
  ticket_events: int64,
  /** Operators with sales or refunds in the row: whose revenue the row's revenue is. */
  contributors: z.array(z.string()),
});

/** One day's figures for the scope (key ''), or for one site / operator of it. */
export type DailyFigure = z.infer<typeof dailyRow>;

/** Fixed SQL fragments per breakdown; never built from input. */
const keyColumn = { none: "''", site: "site_id", operator: "operator_id" } as const;

/**
 * Every report's figures come from here. Both inner queries group by and filter on projection keys
 * only, with sums of MATERIALIZED measures, so ClickHouse answers from the daily_footfall and
 * daily_tickets projections instead of the raw rows. A day without a row had no events at all:
 * footfall_events / ticket_events tell reports which days are missing. Tickets are grouped by
 * operator too (a projection key), so each row names the operators that sold or refunded in it;
 * a period's contributors are the union over its days, which a per-day count could not give.
 */
export function dailyFiguresSql(by: Breakdown | undefined, cut = false): string {
  const key = keyColumn[by ?? "none"];
  // A cut-off filters on occurred_at, which the projections do not hold: those reads scan raw rows.
  const cutoff = cut
    ? " AND (indexOf({cut_dates:Array(Date)}, local_date) = 0 OR occurred_at < arrayElement({cut_before:Array(DateTime64(3, 'UTC'))}, indexOf({cut_dates:Array(Date)}, local_date)))"
    : "";
  const where = `local_date IN {dates:Array(Date)} AND site_id IN {sites:Array(String)}${cutoff}`;
  const group = by ? `local_date, ${key}` : "local_date";
  const ticketGroup = by === "operator" ? group : `${group}, operator_id`;
  return `
SELECT toString(local_date) AS date, key, sum(v) AS visitors, sum(r) AS revenue_fen, sum(f) AS footfall_events, sum(t) AS ticket_events,
       arraySort(groupUniqArrayIf(c, c != '')) AS contributors
FROM (
  SELECT local_date, ${key} AS key, sum(visitors_in) AS v, toInt64(0) AS r, count() AS f, toUInt64(0) AS t, '' AS c
  FROM footfall_events WHERE ${where} GROUP BY ${group}
  UNION ALL
  SELECT local_date, ${key} AS key, toUInt64(0) AS v, sum(revenue_fen) AS r, toUInt64(0) AS f, count() AS t,
         if(sum(tickets_sold) + sum(tickets_refunded) > 0, toString(operator_id), '') AS c
  FROM ticket_events WHERE ${where} GROUP BY ${ticketGroup}
)
GROUP BY local_date, key
ORDER BY local_date, key`;
}

export async function dailyFigures(warehouse: Warehouse, query: DailyFiguresQuery): Promise<DailyFigure[]> {
  const dates = [...new Set(query.spans.flatMap((span) => eachDate(span.start, span.end)))].sort();
  if (query.sites.length === 0 || dates.length === 0) return [];
  const cutoffs = query.cutoffs ?? [];
  const params = { dates, sites: [...query.sites], cut_dates: cutoffs.map((c) => c.date), cut_before: cutoffs.map((c) => c.before) };
  return warehouse.query(dailyFiguresSql(query.by, cutoffs.length > 0), params, dailyRow);
}
