import { z } from "zod";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { date } from "../../infra/warehouse/rows.ts";
import type { Site } from "../../transforms/register/register.ts";
import type { Cutoff } from "./period-totals.ts";

/** How long before the hour a gate's last count may be and still cut the day there: hourly counts are enough. */
export const cutToleranceMinutes = 60;

/**
 * A gate's entry count covers the time since that gate's previous entry count of the same local
 * day (the first one: since the site opens, by the register's opening hours; midnight without
 * them). A site's day can be cut at an instant when it opens no earlier than cutToleranceMinutes
 * before it, or every gate of it with an entry count stamped at or after the instant also has one
 * stamped in the cutToleranceMinutes before it (cut − 60 min ≤ occurred_at < cut). Otherwise a
 * count after the cut holds visitors who came before it (a daily total stamped at closing, or
 * nothing counted before the hour), which no rule can split: the site's day is not cut, and the
 * bulletin says so.
 */
const sql = `
SELECT DISTINCT toString(local_date) AS date, site_id
FROM (
  SELECT local_date, site_id, gate_id,
         arrayElement({cut_before:Array(DateTime64(3, 'UTC'))}, indexOf({cut_dates:Array(Date)}, local_date)) AS cut
  FROM footfall_events
  WHERE local_date IN {cut_dates:Array(Date)} AND site_id IN {sites:Array(String)} AND direction = 'in'
    AND transform(site_id, {sites:Array(String)}, {opens:Array(UInt32)}, toUInt32(0)) + {tolerance:UInt32} < {cut_minute:UInt32}
  GROUP BY local_date, site_id, gate_id
  HAVING max(occurred_at) >= cut
     AND (countIf(occurred_at < cut) = 0 OR maxIf(occurred_at, occurred_at < cut) < cut - toIntervalMinute({tolerance:UInt32}))
)
ORDER BY date, site_id`;

const row = z.object({ date, site_id: z.string() });

const minuteOf = (clock: string) => {
  const [hour, minute] = clock.split(":").map(Number) as [number, number];
  return hour * 60 + minute;
};

/**
 * The sites whose day cannot be cut at its cut-off, per cut-off date (dates without such sites are
 * left out); every cut-off is at the local time `asOf` (HH:MM) of its date.
 */
export async function sitesNotCut(warehouse: Warehouse, cutoffs: readonly Cutoff[], asOf: string, sites: readonly Site[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  if (cutoffs.length === 0 || sites.length === 0) return found;
  const rows = await warehouse.query(
    sql,
    {
      cut_dates: cutoffs.map((c) => c.date),
      cut_before: cutoffs.map((c) => c.before),
      cut_minute: minuteOf(asOf),
      sites: sites.map((s) => s.site_id),
      opens: sites.map((s) => (s.opening ? minuteOf(s.opening.from) : 0)),
      tolerance: cutToleranceMinutes,
    },
    row,
  );
  for (const r of rows) found.set(r.date, [...(found.get(r.date) ?? []), r.site_id]);
  return found;
}
