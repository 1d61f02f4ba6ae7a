import { addDays } from "../../transforms/calendar/dates.ts";
import { timestampMs } from "./clock-time.ts";
import { type DayPlan, type Demand, type Detail, createDemand } from "./demand.ts";
import type { PretendDay } from "./demo-holiday.ts";
import { type FaultCounts, type FaultOptions, byArrival, createFaultInjector } from "./faults.ts";
import { footfallEvents } from "./footfall.ts";
import type { SimMessage } from "./messages.ts";
import { rngFor } from "./rng.ts";
import { type Scenario, siteYear } from "./scenario.ts";
import { type TicketCell, ticketCells, ticketEvents } from "./tickets.ts";

export interface SimulationOptions {
  seed: number;
  /** Local dates, both included. */
  from: string;
  to: string;
  /** Leave out events that happen after this instant (epoch ms): `start` fills up to now. */
  until?: number;
  /** How finely days are cut; with "daily", holiday days are cut hourly (see dayDetail). */
  detail: Detail;
  /** Days cut in intraday detail whatever `detail` says: the live day and the days it is compared with. */
  intraday?: readonly string[];
  /** A day that follows another day's demand (a demo's pretended holiday). */
  pretend?: PretendDay;
  faults?: FaultOptions;
}

export interface SimulationStats extends FaultCounts {
  /** Distinct events generated (what a clean ingest stores). */
  events: number;
  /** Messages emitted, faults included. */
  messages: number;
}

const dayMs = 86_400_000;
/** Midnight at the sites (UTC+8) of a local date, as epoch ms. */
export const localMidnight = (date: string) => Date.parse(`${date}T00:00:00+08:00`);

/** Ids carry the seed: two seeds are two different worlds, not retries of one. */
export const idPrefix = (seed: number) => `sim${seed}`;

/** A site's ticket mix for a day: noisy, except on festival peak days (see demand.ts). */
export function dayCells(scenario: Scenario, demand: Demand, seed: number, plan: DayPlan): TicketCell[] {
  const { siteId } = plan.profile;
  const mix = demand.isPinned(plan.profile, plan.date) ? undefined : rngFor(seed, "mix", siteId, plan.date);
  return ticketCells(plan.profile, plan.visitors, scenario.freeShareOverride.get(siteYear(siteId, Number(plan.date.slice(0, 4)))), mix);
}

/** Every event of one local day, all sites, ordered by time then id. */
export function dayMessages(scenario: Scenario, demand: Demand, seed: number, date: string, detail: Detail, as = date): SimMessage[] {
  const prefix = idPrefix(seed);
  const out: SimMessage[] = [];
  const midnight = localMidnight(date);
  for (const plan of demand.day(date, detail, as)) {
    const cells = dayCells(scenario, demand, seed, plan);
    const rng = rngFor(seed, "events", plan.profile.siteId, date);
    for (const event of footfallEvents(plan, prefix, rng)) {
      out.push({ kind: "footfall", key: event.event_id, text: JSON.stringify(event), at: timestampMs(event.occurred_at, date, midnight) });
    }
    for (const event of ticketEvents(plan, cells, prefix, rng)) {
      out.push({ kind: "ticket", key: event.event_id, text: JSON.stringify(event), at: timestampMs(event.occurred_at, date, midnight) });
    }
  }
  return out.sort(byArrival);
}

/**
 * A day's detail: the live day and its compared days intraday; otherwise `detail`, except that
 * daily history keeps hourly counts on holiday days (which are compared only with holiday days),
 * so a bulletin of a past holiday can be cut at its hour and its occupancy read.
 */
export function dayDetail(scenario: Scenario, options: Pick<SimulationOptions, "detail" | "intraday">, date: string): Detail {
  if (options.intraday?.includes(date)) return "intraday";
  if (options.detail === "daily" && scenario.calendar.classify(date).kind === "holiday") return "hourly";
  return options.detail;
}

/** One day of the stream: what arrives that day (late and duplicate messages arrive on later days). */
export interface DayBatch {
  date: string;
  messages: SimMessage[];
}

/** The scenario's messages from `from` to `to`, day by day in arrival order. Pure: same arguments, same batches. */
export function* simulate(scenario: Scenario, options: SimulationOptions, stats: SimulationStats): Generator<DayBatch> {
  const demand = createDemand(scenario, options.seed);
  const faults = createFaultInjector(options.seed, options.faults ?? { duplicates: false, late: false, malformed: false });
  const until = options.until ?? Number.POSITIVE_INFINITY;
  let date = options.from;
  for (; date <= options.to && localMidnight(date) <= until; date = addDays(date, 1)) {
    const detail = dayDetail(scenario, options, date);
    const as = options.pretend?.date === date ? options.pretend.as : date;
    const events = dayMessages(scenario, demand, options.seed, date, detail, as).filter((m) => m.at <= until);
    stats.events += events.length;
    const messages = faults.push(events, Math.min(localMidnight(date) + dayMs, until));
    stats.messages += messages.length;
    Object.assign(stats, faults.counts);
    yield { date, messages };
  }
  const rest = faults.flush();
  stats.messages += rest.length;
  if (rest.length > 0) yield { date, messages: rest };
}

/** Days from `from` to `to`, both included: the length of a progress bar. */
export function dayCount(from: string, to: string): number {
  return Math.max(0, Math.round((localMidnight(to) - localMidnight(from)) / dayMs) + 1);
}

export const emptyStats = (): SimulationStats => ({ events: 0, messages: 0, duplicates: 0, late: 0, malformed: 0 });
