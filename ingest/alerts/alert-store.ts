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

/** One attempt to hand alerts to one webhook (one alert, or a digest of many). */
export interface DeliveryAttempt {
  /** The webhook's address: the key of its backlog. */
  hook: string;
  /** Every configured webhook's address: an alert is delivered once each of them took it. */
  hooks: readonly string[];
  delivered: boolean;
  next_attempt_at: string;
  /** Why the webhook did not take it, naming the webhook without its address; '' when it did. */
  error: string;
}

/** A late alert as a digest counts it. */
const lateCrossingRow = z.object({
  alert_id: z.string(),
  local_date: date,
  site_id: z.string(),
  level: z.enum(levels),
  raised_at: z.string(),
  /** When this webhook may be tried again after a failed digest (1970 when never tried). */
  retry_at: z.string(),
  /** This webhook's attempts on it so far. */
  tries: int64,
});

export type LateCrossing = z.infer<typeof lateCrossingRow>;

/** An alert due for one webhook, with that webhook's attempts on it so far (its backoff). */
export type DueAlert = Alert & { tries: number };

export type AckOutcome = { ok: true; alert: Alert } | { ok: false; reason: "unknown" | "already"; alert?: Alert };

const utc = "DateTime64(3, 'UTC')";
const syncMutation = "SETTINGS mutations_sync = 2";
/** Every statement here changes the `alerts` table alone: the event writer's filter need not recount its tables after one. */
const changesAlerts = { changes: ["alerts"] } as const;
/** A server takes parameters in its URL, which holds about 1 MB: ids (some 35 bytes each there) and alerts (some 300) go in slices that fit. */
const idsPerStatement = 10_000;
const alertsPerStatement = 2_000;
const slices = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** The `alerts` table: the record of every change of level, and the outbox webhooks deliver from. */
export function alertStore(warehouse: Warehouse) {
  const byId = async (id: string) => (await warehouse.query("SELECT * FROM alerts FINAL WHERE alert_id = {id:String}", { id }, alertRow))[0];
  return {
    /** Which of these ids are stored (the table is ordered by id: a lookup, not a scan). */
    async storedAmong(ids: readonly string[]): Promise<Set<string>> {
      const stored = new Set<string>();
      for (const slice of slices(ids, idsPerStatement))
        for (const { alert_id } of await warehouse.query(
          "SELECT DISTINCT alert_id FROM alerts WHERE alert_id IN {ids:Array(String)}",
          { ids: slice },
          z.object({ alert_id: z.string() }),
          // Event inserts never add alerts: the lookup need not wait for them.
          { besideInserts: true },
        ))
          stored.add(alert_id);
      return stored;
    },

    /**
     * Stores the alerts whose ids are not stored already (another evaluator saw the same crossing), in
     * one statement for up to 2,000: the alerts travel as one array a column, joined back into rows
     * in the engine.
     */
    async raise(alerts: readonly AlertFacts[], raisedAt: string): Promise<void> {
      for (const slice of slices(alerts, alertsPerStatement)) {
        const column = <K extends keyof AlertFacts>(name: K) => slice.map((alert) => alert[name]);
        await warehouse.exec(
          `INSERT INTO alerts (alert_id, occurred_at, local_date, site_id, measure, level, previous_level, crossing, figure, capacity, late, raised_at, next_attempt_at)
         SELECT id, parseDateTime64BestEffort(at, 3, 'UTC'), day, site, measure, level, previous_level, crossing, figure, capacity, late,
                {raised_at:${utc}}, {raised_at:${utc}}
         FROM system.one
         ARRAY JOIN {ids:Array(String)} AS id, {occurred_at:Array(String)} AS at, {local_date:Array(Date)} AS day, {site_id:Array(String)} AS site,
                    {measure:Array(String)} AS measure, {level:Array(String)} AS level, {previous_level:Array(String)} AS previous_level,
                    {crossing:Array(UInt32)} AS crossing, {figure:Array(UInt32)} AS figure, {capacity:Array(UInt32)} AS capacity, {late:Array(Bool)} AS late
         WHERE id NOT IN (SELECT alert_id FROM alerts)`,
          {
            ids: column("alert_id"),
            occurred_at: column("occurred_at"),
            local_date: column("local_date"),
            site_id: column("site_id"),
            measure: column("measure"),
            level: column("level"),
            previous_level: column("previous_level"),
            crossing: column("crossing"),
            figure: column("figure"),
            capacity: column("capacity"),
            late: column("late"),
            raised_at: raisedAt,
          },
          changesAlerts,
        );
      }
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
        changesAlerts,
      );
      return { ok: true, alert: (await byId(id))! };
    },

    /** Current alerts (not late) that one webhook has not taken yet and may be tried again now, oldest first. */
    dueFor(hook: string, now: string, limit = 100): Promise<DueAlert[]> {
      return warehouse.query(
        `SELECT *, hook_attempts[{hook:String}] AS tries FROM alerts FINAL
         WHERE delivery_state = 'pending' AND NOT late AND NOT has(delivered_to, {hook:String}) AND hook_next_attempt[{hook:String}] <= {now:${utc}}
         ORDER BY raised_at, alert_id LIMIT {limit:UInt32}`,
        { hook, now, limit },
        alertRow.extend({ tries: int64 }),
      );
    },

    /** Every late alert one webhook has not taken yet: what its next digest counts. */
    lateBacklog(hook: string): Promise<LateCrossing[]> {
      return warehouse.query(
        `SELECT alert_id, local_date, site_id, level, raised_at, hook_next_attempt[{hook:String}] AS retry_at,
                hook_attempts[{hook:String}] AS tries FROM alerts FINAL
         WHERE delivery_state = 'pending' AND late AND NOT has(delivered_to, {hook:String})
         ORDER BY raised_at, alert_id`,
        { hook },
        lateCrossingRow,
      );
    },

    /**
     * Records one webhook's attempt on these alerts. Each mutation builds on the stored values (the
     * engine applies mutations one after another), so webhooks delivering in parallel never
     * overwrite each other's record. A digest's ids go in slices: a server takes parameters in its
     * URL, which holds about 1 MB.
     */
    async recordAttempt(ids: readonly string[], attempt: DeliveryAttempt): Promise<void> {
      const took = "if({ok:Bool}, arrayDistinct(arrayPushBack(delivered_to, {hook:String})), delivered_to)";
      const errors = "mapUpdate(hook_errors, map({hook:String}, {error:String}))";
      for (const slice of slices(ids, idsPerStatement))
        await warehouse.exec(
          `ALTER TABLE alerts UPDATE
           delivered_to = ${took},
           delivery_state = if(hasAll(${took}, {hooks:Array(String)}), 'delivered', 'pending'),
           attempts = attempts + 1,
           hook_attempts = mapUpdate(hook_attempts, map({hook:String}, toUInt32(hook_attempts[{hook:String}] + 1))),
           hook_next_attempt = mapUpdate(hook_next_attempt, map({hook:String}, {next:${utc}})),
           hook_errors = ${errors},
           last_error = arrayStringConcat(arrayFilter(e -> e != '', mapValues(${errors})), '; '),
           next_attempt_at = if({ok:Bool}, next_attempt_at, {next:${utc}})
         WHERE alert_id IN {ids:Array(String)} ${syncMutation}`,
          {
            ids: slice,
            ok: attempt.delivered,
            hook: attempt.hook,
            hooks: [...attempt.hooks],
            next: attempt.next_attempt_at,
            error: attempt.error,
          },
          changesAlerts,
        );
    },
  };
}

export type AlertStore = ReturnType<typeof alertStore>;
