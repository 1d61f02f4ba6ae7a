import { z } from "zod";
import { date, int64 } from "../../infra/warehouse/rows.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { siteZone } from "../contracts/time.ts";

/** A local day read up to (not including) an instant; `before` is ClickHouse UTC text "YYYY-MM-DD HH:MM:SS.mmm". */
export interface DayUntil {
  date: string;
  before: string;
}

const gateRow = z.object({
  date,
  site_id: z.string(),
  gate_id: z.string(),
  /** The local hour (0–23) at the site. */
  hour: z.int().min(0).max(23),
  entries: int64,
  exits: int64,
  /** ISO instant of the gate's latest event in the window. */
  latest: z.string(),
});

/** Entries and exits of one gate in one local hour of a day, up to that day's moment. */
export type GateCount = z.infer<typeof gateRow>;

export const gateCountsSql = `
SELECT toString(local_date) AS date, site_id, gate_id, toHour(occurred_at, {zone:String}) AS hour, sum(visitors_in) AS entries, sum(visitors_out) AS exits, max(occurred_at) AS latest
FROM footfall_events
WHERE local_date IN {dates:Array(Date)} AND site_id IN {sites:Array(String)}
  AND occurred_at < {befores:Array(DateTime64(3, 'UTC'))}[indexOf({dates:Array(Date)}, local_date)]
GROUP BY local_date, site_id, gate_id, hour
ORDER BY local_date, site_id, gate_id, hour`;

/**
 * Per gate of `sites` and local hour: entries and exits of each day up to its moment, in one
 * statement (a gate's day is the sum of its hours).
 */
export async function gateCounts(warehouse: Warehouse, sites: readonly string[], days: readonly DayUntil[]): Promise<GateCount[]> {
  if (sites.length === 0 || days.length === 0) return [];
  return warehouse.query(gateCountsSql, { zone: siteZone, sites: [...sites], dates: days.map((d) => d.date), befores: days.map((d) => d.before) }, gateRow);
}
