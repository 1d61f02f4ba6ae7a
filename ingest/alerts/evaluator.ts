import { setTimeout as sleep } from "node:timers/promises";
import { DateTime } from "luxon";
import type { Gauge } from "prom-client";
import type { Logger } from "../../infra/logger.ts";
import { type Warehouse, WarehouseError } from "../../infra/warehouse/port.ts";
import { type Register, capacityOn } from "../../transforms/register/register.ts";
import { siteZone } from "../contracts/time.ts";
import { levels, measures } from "../live/capacity.ts";
import { type AlertFacts, alertId, alertStore } from "./alert-store.ts";
import { crossingsOf } from "./crossings.ts";
import { type DaySites, runningFootfall } from "./running-footfall.ts";

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
  /** An alert whose event time is older than this when evaluated is recorded as late. */
  lateAfterMs: number;
  /** tourism_capacity_level{site, measure}: 0 normal, 1 warning, 2 full (today's levels only). */
  gauge?: Gauge<"site" | "measure">;
  /** Told after each evaluation that stored an alert (the outbox delivers it). */
  onRaised?: () => void;
  /**
   * Evaluations start at least this many milliseconds apart (0 when absent); what writes touch
   * meanwhile is evaluated together in the next one. Evaluations share the engine with the writes,
   * so a stream of small writes (one per HTTP request) would otherwise pay one after each.
   */
  minIntervalMs?: number;
}

export interface AlertEvaluator {
  /** Queues the sites for evaluation and returns at once: ingest never waits for alerts. */
  written(footfall: readonly WrittenFootfall[]): void;
  /** Resolves when everything queued so far has been evaluated. */
  settled(): Promise<void>;
}

export const utcText = (instant: DateTime) => instant.toUTC().toFormat("yyyy-MM-dd HH:mm:ss.SSS");

/**
 * At most this many days go into one round of statements: a replay of years then reads, looks up and
 * stores in rounds of bounded size (rows held in memory at once, parameters a server takes in its
 * URL) instead of one statement as large as the replay, and the writes get on between rounds.
 */
const daysPerRound = 100;

/**
 * Ids of stored alerts an evaluator remembers, at most: a day evaluated again after each write (a
 * till posting all day) then reads its footfall and nothing else. Past this, it starts over.
 */
const maxKnownStored = 100_000;

/**
 * Evaluates capacity levels after writes: for each touched site and day, the level machine walks
 * that day's stored events in time order, at each distinct event time, from normal at local
 * midnight; each change of level is a crossing at the event time it happened. So every evaluator
 * derives the same crossings from the same events, however they were batched. Crossings not
 * stored yet (by id) are stored; a stored one is never changed or removed, even when events that
 * arrived later tell the day otherwise: it was announced. Evaluations run one at a time in the
 * background, in three statements per hundred days, whatever the sites: one reads the days' running
 * footfall, one looks up which crossings are stored, one stores the others (a further one per
 * 10,000 crossings looked up or 2,000 stored, to fit a server's URL). Crossings this evaluator
 * stored or saw stored need no lookup: a day evaluated again with nothing new costs the read alone. A round that fails for a
 * passing reason (overload, a timeout) goes back in the queue, evaluated again with the next write;
 * any other failure is logged with its days.
 */
export function createAlertEvaluator(deps: AlertEvaluatorDeps): AlertEvaluator {
  const { warehouse, register, log, lateAfterMs } = deps;
  const clock = deps.clock ?? (() => DateTime.now());
  const store = alertStore(warehouse);
  const sites = new Map(register.sites.map((s) => [s.site_id, s]));
  const queued = new Map<string, Set<string>>();
  let running: Promise<void> = Promise.resolve();
  let scheduled = false;
  let lastStarted = Number.NEGATIVE_INFINITY;

  const queue = (siteId: string, day: string) => {
    const set = queued.get(day) ?? new Set<string>();
    set.add(siteId);
    queued.set(day, set);
  };

  /** The crossings of each day's sites as their stored events show them, in day and site order. */
  async function derive(round: readonly DaySites[], now: DateTime): Promise<AlertFacts[]> {
    const today = now.setZone(siteZone).toISODate();
    const series = await runningFootfall(warehouse, round);
    const derived: AlertFacts[] = [];
    for (const { day, sites: siteIds } of round) {
      for (const siteId of siteIds) {
        const capacity = capacityOn(sites.get(siteId) ?? {}, day);
        const points = series.get(day)?.get(siteId);
        if (!capacity || !points) continue;
        const { crossings, levels: current } = crossingsOf(points, capacity);
        if (day === today) for (const measure of measures) deps.gauge?.set({ site: siteId, measure }, levels.indexOf(current[measure]));
        for (const { atMs, ...change } of crossings) {
          const late = day !== today || now.toMillis() - atMs > lateAfterMs;
          const id = alertId(siteId, change.measure, day, change.level, change.crossing);
          derived.push({ alert_id: id, occurred_at: utcText(DateTime.fromMillis(atMs)), local_date: day, site_id: siteId, ...change, late });
        }
      }
    }
    return derived;
  }

  /** Alerts are never removed: an id seen stored needs no lookup when its day is evaluated again. */
  const knownStored = new Set<string>();
  const remember = (ids: Iterable<string>) => {
    for (const id of ids) {
      if (knownStored.size >= maxKnownStored) knownStored.clear();
      knownStored.add(id);
    }
  };

  async function evaluate(round: readonly DaySites[]): Promise<void> {
    const now = clock();
    const derived = (await derive(round, now)).filter((a) => !knownStored.has(a.alert_id));
    if (derived.length === 0) return;
    const stored = await store.storedAmong(derived.map((a) => a.alert_id));
    const raised = derived.filter((a) => !stored.has(a.alert_id));
    await store.raise(raised, utcText(now));
    remember(stored);
    remember(raised.map((a) => a.alert_id));
    for (const alert of raised)
      log[alert.level === "normal" ? "info" : "warn"](
        { alert },
        `capacity ${alert.measure} ${alert.previous_level} → ${alert.level} at ${alert.site_id}${alert.late ? " (late)" : ""}`,
      );
    if (raised.length > 0) deps.onRaised?.();
  }

  async function drain(): Promise<void> {
    scheduled = false;
    const batch = [...queued.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, siteIds]) => ({ day, sites: [...siteIds] }));
    queued.clear();
    for (let start = 0; start < batch.length; start += daysPerRound) {
      const round = batch.slice(start, start + daysPerRound);
      try {
        await evaluate(round);
      } catch (err) {
        const days = round.map((d) => d.day);
        if (err instanceof WarehouseError && err.retryable) {
          for (const { day, sites: siteIds } of round) for (const siteId of siteIds) queue(siteId, day);
          log.error({ err, days }, "capacity evaluation failed; retried with the next write");
        } else log.error({ err, days }, "capacity evaluation failed; these days are evaluated again when a write touches them");
      }
    }
  }

  return {
    written(footfall) {
      for (const { site_id, local_date } of footfall) if (sites.get(site_id)?.capacity) queue(site_id, local_date);
      if (queued.size === 0 || scheduled) return;
      scheduled = true;
      running = running.then(async () => {
        const wait = lastStarted + (deps.minIntervalMs ?? 0) - performance.now();
        if (wait > 0) await sleep(wait);
        lastStarted = performance.now();
        await drain();
      });
    },
    settled: () => running,
  };
}
