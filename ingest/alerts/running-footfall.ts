import { z } from "zod";
import { date, int64 } from "../../infra/warehouse/rows.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import type { RunningFootfall } from "./crossings.ts";

const pointRow = z.object({ local_date: date, site_id: z.string(), atMs: int64, entries: int64, exits: int64 });

/** A local day and the sites whose footfall of that day is read. */
export interface DaySites {
  day: string;
  sites: readonly string[];
}

/**
 * Per day and site asked for, each distinct event time of the day with the entries and exits up to
 * and including it, summed in the engine: events grouped by time, then cumulated in time order. The
 * days and sites alone let the read skip to them (the `live_by_day` projection); the pairs keep a
 * site to the days it was asked for.
 */
export const runningFootfallSql = `
SELECT local_date, site_id, toUnixTimestamp64Milli(occurred_at) AS atMs,
       sum(sum(visitors_in)) OVER by_time AS entries,
       sum(sum(visitors_out)) OVER by_time AS exits
FROM footfall_events
WHERE local_date IN {days:Array(Date)} AND site_id IN {sites:Array(String)}
  AND (local_date, site_id) IN (SELECT arrayJoin(arrayZip({pair_days:Array(Date)}, {pair_sites:Array(String)})))
GROUP BY local_date, site_id, occurred_at
WINDOW by_time AS (PARTITION BY local_date, site_id ORDER BY occurred_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
ORDER BY local_date, site_id, occurred_at`;

/** The running footfall of each day's sites, in time order, keyed by day then site, from one statement. */
export async function runningFootfall(warehouse: Warehouse, daySites: readonly DaySites[]): Promise<Map<string, Map<string, RunningFootfall[]>>> {
  const byDay = new Map<string, Map<string, RunningFootfall[]>>();
  const pairs = daySites.flatMap(({ day, sites }) => sites.map((site) => ({ day, site })));
  if (pairs.length === 0) return byDay;
  const params = {
    days: daySites.map((d) => d.day),
    sites: [...new Set(pairs.map((p) => p.site))],
    pair_days: pairs.map((p) => p.day),
    pair_sites: pairs.map((p) => p.site),
  };
  // A write whose inserts are running now is evaluated after it ends: this read need not wait for it.
  for (const { local_date, site_id, ...point } of await warehouse.query(runningFootfallSql, params, pointRow, { besideInserts: true })) {
    const bySite = byDay.get(local_date) ?? new Map<string, RunningFootfall[]>();
    const series = bySite.get(site_id) ?? [];
    series.push(point);
    bySite.set(site_id, series);
    byDay.set(local_date, bySite);
  }
  return byDay;
}
