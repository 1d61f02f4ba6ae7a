import { z } from "zod";
import { date, int64 } from "../../infra/warehouse/rows.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { type EventTable, eventKindNames, eventKinds } from "../../ingest/kinds/registry.ts";
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

/** Per kind, how many of its events a row covers, named after its table (e.g. footfall_events). */
const eventCounts = Object.fromEntries(eventKindNames.map((kind) => [eventKinds[kind].table, int64])) as Record<EventTable, typeof int64>;

/** The ASCII unit separator, between the contributors' ids. */
const idSeparator = "\x1f";

const dailyRow = z.object({
  date,
  key: z.string(),
  visitors: int64,
  revenue_fen: int64,
  ...eventCounts,
  /**
   * Operators with sales or refunds in the row: whose revenue the row's revenue is. Sent as one
   * string (ids hold no control characters), which parses in a fraction of the time of an array per
   * row over years of days.
   */
  contributors: z.string().transform((ids) => (ids === "" ? [] : ids.split(idSeparator))),
});

/** One day's figures for the scope (key ''), or for one site / operator of it. */
export type DailyFigure = z.infer<typeof dailyRow>;

/** Fixed SQL fragments per breakdown; never built from input. */
const keyColumn = { none: "''", site: "site_id", operator: "operator_id" } as const;

/**
 * Every report's figures come from here: what each kind of event contributes (see its
 * dailyFigures), one inner query per kind. Each groups by and filters on projection keys only,
 * with sums of MATERIALIZED measures, so ClickHouse answers from the kinds' daily projections
 * instead of the raw rows. A day without a row had no events at all: the per-kind event counts
 * tell reports which days are missing. A kind that names revenue operators gives each row the
 * operators that sold or refunded in it (an aggregate its projection holds); a period's
 * contributors are the union over its days, which a per-day count could not give.
 */
export function dailyFiguresSql(by: Breakdown | undefined, cut = false): string {
  const key = keyColumn[by ?? "none"];
  // A cut-off filters on occurred_at, which the projections do not hold: those reads scan raw rows.
  const cutoff = cut
    ? " AND (indexOf({cut_dates:Array(Date)}, local_date) = 0 OR occurred_at < arrayElement({cut_before:Array(DateTime64(3, 'UTC'))}, indexOf({cut_dates:Array(Date)}, local_date)))"
    : "";
  const where = `local_date IN {dates:Array(Date)} AND site_id IN {sites:Array(String)}${cutoff}`;
  const group = by ? `local_date, ${key}` : "local_date";
  const inner = eventKindNames.map((kind) => {
    const { table, dailyFigures: figures } = eventKinds[kind];
    const counts = eventKindNames.map((other) => `${other === kind ? "count()" : "toUInt64(0)"} AS n_${other}`).join(", ");
    return `  SELECT local_date, ${key} AS key, ${figures.visitors ?? "toUInt64(0)"} AS v, ${figures.revenueFen ?? "toInt64(0)"} AS r, ${counts},
         ${figures.revenueOperators ?? "CAST([], 'Array(String)')"} AS c
  FROM ${table} WHERE ${where} GROUP BY ${group}`;
  });
  const countSums = eventKindNames.map((kind) => `sum(n_${kind}) AS ${eventKinds[kind].table}`).join(", ");
  return `
SELECT toString(local_date) AS date, key, sum(v) AS visitors, sum(r) AS revenue_fen, ${countSums},
       arrayStringConcat(arraySort(groupUniqArrayArray(c)), '\\x1f') AS contributors
FROM (
${inner.join("\n  UNION ALL\n")}
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
