import { createHash } from "node:crypto";
import { z } from "zod";
import { date, int64 } from "../../infra/warehouse/rows.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { type Level, type Measure, levels, measures } from "../live/capacity.ts";

/** A change of a site's capacity level, as evaluated from its events. */
export interface AlertFacts {
  alert_id: string;
  /** The event time at which the level changed (ClickHouse UTC text or ISO). */
  occurred_at: string;
  local_date: string;
  site_id: string;
  measure: Measure;
  level: Level;
  previous_level: Level;
  /** 1 for the day's first change of this site and measure, 2 for the next… */
  crossing: number;
  figure: number;
  capacity: number;
  /** Evaluated after its moment had passed (a past day, or events that arrived late): not news. */
  late: boolean;
}

const alertRow = z.object({
  alert_id: z.string(),
  occurred_at: z.string(),
  local_date: date,
  site_id: z.string(),
  measure: z.enum(measures),
  level: z.enum(levels),
  previous_level: z.enum(levels),
  crossing: int64,
  figure: int64,
  capacity: int64,
  late: z.boolean(),
  raised_at: z.string(),
  delivery_state: z.enum(["pending", "delivered"]),
  delivered_to: z.array(z.string()),
  attempts: int64,
  next_attempt_at: z.string(),
  last_error: z.string(),
  acknowledged_by: z.string(),
  acknowledged_at: z.string().nullable(),
});

export type Alert = z.infer<typeof alertRow>;

/**
 * The same crossing gets the same id in every evaluator, so that with several workers each change of
 * level is stored once: (site, measure, day, level, crossing number) decide it, nothing else.
 */
export function alertId(site: string, measure: Measure, day: string, level: Level, crossing: number): string {
  return createHash("sha256")
    .update(JSON.stringify([site, measure, day, level, crossing]))
    .digest("hex")
    .slice(0, 24);
}

export interface AlertFilter {
  /** Alerts whose moment is at or after this instant (UTC text or ISO). */
  since?: string;
  sites?: readonly string[];
  limit?: number;
}

export interface DeliveryAttempt {
  delivered_to: string[];
  delivered: boolean;
  next_attempt_at: string;
  error: string;
}

export type AckOutcome = { ok: true; alert: Alert } | { ok: false; reason: "unknown" | "already"; alert?: Alert };

const utc = "DateTime64(3, 'UTC')";
const syncMutation = "SETTINGS mutations_sync = 2";

/** The `alerts` table: the record of every change of level, and the outbox webhooks deliver from. */
export function alertStore(warehouse: Warehouse) {
  const byId = async (id: string) => (await warehouse.query("SELECT * FROM alerts FINAL WHERE alert_id = {id:String}", { id }, alertRow))[0];
  return {
    /** Which of these ids are stored (the table is ordered by id: a lookup, not a scan). */
    async storedAmong(ids: readonly string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await warehouse.query(
        "SELECT DISTINCT alert_id FROM alerts WHERE alert_id IN {ids:Array(String)}",
        { ids: [...ids] },
        z.object({ alert_id: z.string() }),
      );
      return new Set(rows.map((r) => r.alert_id));
    },

    /** Stores the alert unless its id is stored already (another evaluator saw the same crossing). */
    async raise(alert: AlertFacts, raisedAt: string): Promise<void> {
      await warehouse.exec(
        `INSERT INTO alerts (alert_id, occurred_at, local_date, site_id, measure, level, previous_level, crossing, figure, capacity, late, raised_at, next_attempt_at)
         SELECT {alert_id:String}, parseDateTime64BestEffort({occurred_at:String}, 3, 'UTC'), {local_date:Date}, {site_id:String}, {measure:String},
                {level:String}, {previous_level:String}, {crossing:UInt32}, {figure:UInt32}, {capacity:UInt32}, {late:Bool},
                {raised_at:${utc}}, {raised_at:${utc}}
         WHERE {alert_id:String} NOT IN (SELECT alert_id FROM alerts)`,
        { ...alert, raised_at: raisedAt },
      );
    },

    list(filter: AlertFilter = {}): Promise<Alert[]> {
      return warehouse.query(
        `SELECT * FROM alerts FINAL
         WHERE occurred_at >= parseDateTime64BestEffort({since:String}, 3, 'UTC') AND ({all:Bool} OR site_id IN {sites:Array(String)})
         ORDER BY occurred_at DESC, alert_id LIMIT {limit:UInt32}`,
        { since: filter.since ?? "1970-01-01", all: filter.sites === undefined, sites: [...(filter.sites ?? [])], limit: filter.limit ?? 1000 },
        alertRow,
      );
    },

    get: byId,

    /** Records who acknowledged an alert; the first acknowledgement stays. */
    async acknowledge(id: string, by: string, at: string): Promise<AckOutcome> {
      const alert = await byId(id);
      if (!alert) return { ok: false, reason: "unknown" };
      if (alert.acknowledged_by !== "") return { ok: false, reason: "already", alert };
      await warehouse.exec(
        `ALTER TABLE alerts UPDATE acknowledged_by = {by:String}, acknowledged_at = {at:${utc}} WHERE alert_id = {id:String} AND acknowledged_by = '' ${syncMutation}`,
        { id, by, at },
      );
      return { ok: true, alert: (await byId(id))! };
    },

    /** Undelivered alerts whose next attempt is due, oldest first. */
    due(now: string, limit = 100): Promise<Alert[]> {
      return warehouse.query(
        `SELECT * FROM alerts FINAL WHERE delivery_state = 'pending' AND next_attempt_at <= {now:${utc}} ORDER BY raised_at, alert_id LIMIT {limit:UInt32}`,
        { now, limit },
        alertRow,
      );
    },

    async recordAttempt(id: string, attempt: DeliveryAttempt): Promise<void> {
      await warehouse.exec(
        `ALTER TABLE alerts UPDATE delivered_to = {to:Array(String)}, delivery_state = {state:String}, attempts = attempts + 1,
           next_attempt_at = {next:${utc}}, last_error = {error:String}
         WHERE alert_id = {id:String} ${syncMutation}`,
        { id, to: attempt.delivered_to, state: attempt.delivered ? "delivered" : "pending", next: attempt.next_attempt_at, error: attempt.error },
      );
    },
  };
}

export type AlertStore = ReturnType<typeof alertStore>;
