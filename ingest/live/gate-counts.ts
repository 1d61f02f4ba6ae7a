import { z } from "zod";
import { date, int64 } from "../../infra/warehouse/rows.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";

/** A local day read up to (not including) an instant; `before` is ClickHouse UTC text "YYYY-MM-DD HH:MM:SS.mmm". */
export interface DayUntil {
  date: string;
  before: string;
}

const gateRow = z.object({
  date,
  site_id: z.string(),
  gate_id: z.string(),
  entries: int64,
  exits: int64,
  /** ISO instant of the gate's latest event in the window. */
  latest: z.string(),
});

/** Entries and exits of one gate on one local day, up to that day's moment. */
export type GateCount = z.infer<typeof gateRow>;

const gateCountsSql = `
SELECT toString(local_date) AS date, site_id, gate_id, sum(visitors_in) AS entries, sum(visitors_out) AS exits, max(occurred_at) AS latest
FROM footfall_events
WHERE local_date IN {dates:Array(Date)} AND site_id IN {sites:Array(String)}
  AND occurred_at < {befores:Array(DateTime64(3, 'UTC'))}[indexOf({dates:Array(Date)}, local_date)]
GROUP BY local_date, site_id, gate_id
ORDER BY local_date, site_id, gate_id`;

/** Per gate of `sites`: entries and exits of each day up to its moment, in one statement. */
export async function gateCounts(warehouse: Warehouse, sites: readonly string[], days: readonly DayUntil[]): Promise<GateCount[]> {
  if (sites.length === 0 || days.length === 0) return [];
  return warehouse.query(gateCountsSql, { sites: [...sites], dates: days.map((d) => d.date), befores: days.map((d) => d.before) }, gateRow);
}
