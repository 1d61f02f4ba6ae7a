import { z } from "zod";
import type { Warehouse } from "../../infra/warehouse/port.ts";

const siteRow = z.object({ site_id: z.string(), dates: z.array(z.string()), peaks: z.array(z.number()) });

/**
 * Per site, the peak occupancy of each of the given local days before `before`: entries − exits
 * summed in time order (counts at one time together), never below zero as the live figures read
 * it, its maximum. A day of daily totals only (no exits, one count per gate) tells nothing of its
 * course and is left out.
 */
export const dailyPeaksSql = `
SELECT site_id, groupArray(toString(local_date)) AS dates, groupArray(peak) AS peaks FROM (
  SELECT site_id, local_date, toUInt32(max(greatest(toInt64(running_in) - toInt64(running_out), 0))) AS peak FROM (
    SELECT site_id, local_date, gate_id, visitors_out,
           sum(visitors_in) OVER by_time AS running_in,
           sum(visitors_out) OVER by_time AS running_out
    FROM footfall_events
    WHERE local_date IN {days:Array(Date)} AND local_date < {before:Date} AND site_id IN {sites:Array(String)}
    WINDOW by_time AS (PARTITION BY site_id, local_date ORDER BY occurred_at RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
  )
  GROUP BY site_id, local_date
  HAVING sum(visitors_out) > 0 OR count() > uniqExact(gate_id)
) GROUP BY site_id`;

/** The peak occupancy per site and day of `days` with intraday counts, read before `before`. */
export async function dailyPeaks(
  warehouse: Warehouse,
  sites: readonly string[],
  days: readonly string[],
  before: string,
): Promise<Map<string, Map<string, number>>> {
  const bySite = new Map<string, Map<string, number>>(sites.map((s) => [s, new Map()]));
  if (sites.length === 0 || days.length === 0) return bySite;
  for (const row of await warehouse.query(dailyPeaksSql, { sites: [...sites], days: [...days], before }, siteRow)) {
    const peaks = bySite.get(row.site_id);
    if (peaks) for (const [i, d] of row.dates.entries()) peaks.set(d, row.peaks[i]!);
  }
  return bySite;
}
