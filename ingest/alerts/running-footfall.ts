import { z } from "zod";
import { int64 } from "../../infra/warehouse/rows.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import type { RunningFootfall } from "./crossings.ts";

const pointRow = z.object({ site_id: z.string(), atMs: int64, entries: int64, exits: int64 });

/**
 * Per site, each distinct event time of the day with the entries and exits up to and including it,
 * summed in the engine: events grouped by time, then cumulated in time order.
 */
export const runningFootfallSql = `
SELECT site_id, toUnixTimestamp64Milli(occurred_at) AS atMs,
       sum(sum(visitors_in)) OVER by_time AS entries,
       sum(sum(visitors_out)) OVER by_time AS exits
FROM footfall_events
WHERE local_date = {day:Date} AND site_id IN {sites:Array(String)}
GROUP BY site_id, occurred_at
WINDOW by_time AS (PARTITION BY site_id ORDER BY occurred_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
ORDER BY site_id, occurred_at`;

/** The running footfall of each of `sites` on a local day, in time order, from one statement. */
export async function runningFootfall(warehouse: Warehouse, day: string, sites: readonly string[]): Promise<Map<string, RunningFootfall[]>> {
  const bySite = new Map<string, RunningFootfall[]>();
  if (sites.length === 0) return bySite;
  for (const { site_id, ...point } of await warehouse.query(runningFootfallSql, { day, sites: [...sites] }, pointRow)) {
    const series = bySite.get(site_id) ?? [];
    series.push(point);
    bySite.set(site_id, series);
  }
  return bySite;
}
