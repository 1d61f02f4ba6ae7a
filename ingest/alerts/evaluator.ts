import { DateTime } from "luxon";
import type { Gauge } from "prom-client";
import type { Logger } from "../../infra/logger.ts";
import type { Warehouse } from "../../infra/warehouse/port.ts";
import { type Register, capacityOn } from "../../transforms/register/register.ts";
import { siteZone } from "../contracts/time.ts";
import { type Level, type Measure, levels, nextLevel, occupancy } from "../live/capacity.ts";
import { gateCounts } from "../live/gate-counts.ts";
import { type AlertFacts, alertId, alertStore } from "./alert-store.ts";

/** A site and local day that newly written footfall events touched. */
export interface WrittenFootfall {
  site_id: string;
  local_date: string;
}

export interface AlertEvaluatorDeps {
  warehouse: Warehouse;
  register: Register;
  log: Logger;
  clock?: () => DateTime;
  /** An alert whose events are older than this when evaluated is recorded as late. */
  lateAfterMs: number;
  /** tourism_capacity_level{site, measure}: 0 normal, 1 warning, 2 full (today's levels only). */
  gauge?: Gauge<"site" | "measure">;
  /** Told after each evaluation that stored an alert (the outbox delivers it). */
  onRaised?: () => void;
}

export interface AlertEvaluator {
  /** Queues the sites for evaluation and returns at once: ingest never waits for alerts. */
  written(footfall: readonly WrittenFootfall[]): void;
  /** Resolves when everything queued so far has been evaluated. */
  settled(): Promise<void>;
}

export const utcText = (instant: DateTime) => instant.toUTC().toFormat("yyyy-MM-dd HH:mm:ss.SSS");

/**
 * Evaluates capacity levels after writes: for each touched site and day, the figures of all that
 * day's stored events (so the moment of an alert is the moment its events describe, never "now"),
 * against the day's last stored level. Levels start normal each local day. Evaluations run one at
 * a time in the background; a failure is logged and the sites are evaluated again with the next write.
 */
export function createAlertEvaluator(deps: AlertEvaluatorDeps): AlertEvaluator {
  const { warehouse, register, log, lateAfterMs } = deps;
  const clock = deps.clock ?? (() => DateTime.now());
  const store = alertStore(warehouse);
  const sites = new Map(register.sites.map((s) => [s.site_id, s]));
  const queued = new Map<string, Set<string>>();
  let running: Promise<void> = Promise.resolve();
  let scheduled = false;

  async function evaluateDay(day: string, siteIds: string[]): Promise<void> {
    const now = clock();
    const nextMidnight = DateTime.fromISO(day, { zone: siteZone }).plus({ days: 1 });
    const counts = await gateCounts(warehouse, siteIds, [{ date: day, before: utcText(nextMidnight) }]);
    const previous = await store.levels(day, siteIds);
    const today = now.setZone(siteZone).toISODate();
    let raised = 0;
    for (const siteId of siteIds) {
      const capacity = capacityOn(sites.get(siteId) ?? {}, day);
      const gates = counts.filter((c) => c.site_id === siteId);
      if (!capacity || gates.length === 0) continue;
      const entries = gates.reduce((n, g) => n + g.entries, 0);
      const exits = gates.reduce((n, g) => n + g.exits, 0);
      const latest = gates.map((g) => g.latest).reduce((a, b) => (a > b ? a : b));
      const moment = DateTime.fromISO(latest, { zone: "utc" });
      const late = day !== today || now.toMillis() - moment.toMillis() > lateAfterMs;
      const figures: Record<Measure, [number, number]> = { instant: [occupancy(entries, exits), capacity.instant], daily: [entries, capacity.daily] };
      for (const [measure, [figure, limit]] of Object.entries(figures) as [Measure, [number, number]][]) {
        const before = previous.get(`${siteId}|${measure}`) ?? { level: "normal" as Level, crossing: 0 };
        const level = nextLevel(before.level, figure, limit);
        if (!late) deps.gauge?.set({ site: siteId, measure }, levels.indexOf(level));
        if (level === before.level) continue;
        const crossing = before.crossing + 1;
        const alert: AlertFacts = {
          alert_id: alertId(siteId, measure, day, level, crossing),
          occurred_at: latest,
          local_date: day,
          site_id: siteId,
          measure,
          level,
          previous_level: before.level,
          crossing,
          figure,
          capacity: limit,
          late,
        };
        await store.raise(alert, utcText(now));
        raised += 1;
        log[level === "normal" ? "info" : "warn"]({ alert }, `capacity ${measure} ${before.level} → ${level} at ${siteId}${late ? " (late)" : ""}`);
      }
    }
    if (raised > 0) deps.onRaised?.();
  }

  async function drain(): Promise<void> {
    scheduled = false;
    const batch = [...queued.entries()];
    queued.clear();
    for (const [day, siteIds] of batch.sort(([a], [b]) => a.localeCompare(b))) {
      try {
        await evaluateDay(day, [...siteIds]);
      } catch (err) {
        log.error({ err, day }, "capacity evaluation failed; retried with the next write");
      }
    }
  }

  return {
    written(footfall) {
      for (const { site_id, local_date } of footfall) {
        if (!sites.get(site_id)?.capacity) continue;
        const set = queued.get(local_date) ?? new Set<string>();
        set.add(site_id);
        queued.set(local_date, set);
      }
      if (queued.size === 0 || scheduled) return;
      scheduled = true;
      running = running.then(drain);
    },
    settled: () => running,
  };
}
