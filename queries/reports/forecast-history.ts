import { z } from "zod";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { int64Array } from "../../infra/warehouse/rows.ts";
import { eventKindNames, eventKinds } from "../../ingest/kinds/registry.ts";

/** One row per site, its days as parallel arrays: a hundred thousand day rows would cost more to read than to query. */
const siteRow = z.object({ site_id: z.string(), dates: z.array(z.string()), visitors: z.array(z.number()), revenue: int64Array });

/**
 * Visitors and revenue (sales − refunds, fen) per local date and site, from the kinds' daily
 * projections, of the days from `from` up to the day before `before`: what a forecast made on
 * `before` may know. A day with events of any kind has a value (0 when no one entered, or nothing
 * was sold); a day without any has none (unknown).
 */
export function dailyHistorySql(): string {
  const inner = eventKindNames.map((kind) => {
    const { table, dailyFigures } = eventKinds[kind];
    return `  SELECT local_date, site_id, ${dailyFigures.visitors ?? "toUInt64(0)"} AS v, ${dailyFigures.revenueFen ?? "toInt64(0)"} AS r FROM ${table}
  WHERE local_date >= {from:Date} AND local_date < {before:Date} AND site_id IN {sites:Array(String)} GROUP BY local_date, site_id`;
  });
  return `SELECT site_id, groupArray(toString(local_date)) AS dates, groupArray(visitors) AS visitors, groupArray(revenue) AS revenue FROM (
  SELECT local_date, site_id, toUInt32(sum(v)) AS visitors, sum(r) AS revenue FROM (
${inner.join("\n  UNION ALL\n")}
  ) GROUP BY local_date, site_id
) GROUP BY site_id`;
}

/** Each site's series, date to value, over the same days. */
export interface DailyHistory {
  visitors: Map<string, Map<string, number>>;
  /** A day whose refunds exceed its sales counts as 0: the method works on ratios of positive days. */
  revenue: Map<string, Map<string, number>>;
}

export async function dailyHistory(warehouse: Warehouse, sites: readonly string[], from: string, before: string): Promise<DailyHistory> {
  const history: DailyHistory = { visitors: new Map(sites.map((s) => [s, new Map()])), revenue: new Map(sites.map((s) => [s, new Map()])) };
  if (sites.length === 0 || before <= from) return history;
  for (const row of await warehouse.query(dailyHistorySql(), { sites: [...sites], from, before }, siteRow)) {
    const visitors = history.visitors.get(row.site_id);
    const revenue = history.revenue.get(row.site_id);
    if (!visitors || !revenue) continue;
    for (const [i, d] of row.dates.entries()) {
      visitors.set(d, row.visitors[i]!);
      revenue.set(d, Math.max(0, row.revenue[i]!));
    }
  }
  return history;
}

/** The sites' series summed per date; a date has a value when any of them has one. */
export function summedSeries(series: Iterable<ReadonlyMap<string, number>>): Map<string, number> {
  const sum = new Map<string, number>();
  for (const one of series) for (const [d, v] of one) sum.set(d, (sum.get(d) ?? 0) + v);
  return sum;
}
