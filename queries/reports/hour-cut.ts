import { z } from "zod";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { date } from "../../infra/warehouse/rows.ts";
import type { Cutoff } from "./period-totals.ts";

/** How long before the hour a gate's last count may be and still cut the day there: hourly counts are enough. */
export const cutToleranceMinutes = 60;

/**
 * A gate's entry count covers the time since that gate's previous entry count of the same local
 * day (the first one: since midnight). A site's day can be cut at an instant when every gate of it
 * with an entry count stamped at or after the instant also has one stamped in the
 * cutToleranceMinutes before it (cut − 60 min ≤ occurred_at < cut). Otherwise a count after the cut
 * holds visitors who came before it (a daily total stamped at closing, or nothing counted before
 * the hour), which no rule can split: the site's day is not cut, and the bulletin says so.
 */
const sql = `
SELECT DISTINCT toString(local_date) AS date, site_id
FROM (
  SELECT local_date, site_id, gate_id,
         arrayElement({cut_before:Array(DateTime64(3, 'UTC'))}, indexOf({cut_dates:Array(Date)}, local_date)) AS cut
  FROM footfall_events
  WHERE local_date IN {cut_dates:Array(Date)} AND site_id IN {sites:Array(String)} AND direction = 'in'
  GROUP BY local_date, site_id, gate_id
  HAVING max(occurred_at) >= cut
     AND (countIf(occurred_at < cut) = 0 OR maxIf(occurred_at, occurred_at < cut) < cut - toIntervalMinute({tolerance:UInt32}))
)
ORDER BY date, site_id`;

const row = z.object({ date, site_id: z.string() });

/** The sites whose day cannot be cut at its cut-off, per cut-off date (dates without such sites are left out). */
export async function sitesNotCut(warehouse: Warehouse, cutoffs: readonly Cutoff[], sites: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  if (cutoffs.length === 0 || sites.length === 0) return found;
  const rows = await warehouse.query(
    sql,
    { cut_dates: cutoffs.map((c) => c.date), cut_before: cutoffs.map((c) => c.before), sites: [...sites], tolerance: cutToleranceMinutes },
    row,
  );
  for (const r of rows) found.set(r.date, [...(found.get(r.date) ?? []), r.site_id]);
  return found;
}
