import { DateTime } from "luxon";
import { siteZone } from "../../ingest/contracts/time.ts";
import { occupancy, percentOf } from "../../ingest/live/capacity.ts";
import { type GateCount, gateCounts } from "../../ingest/live/gate-counts.ts";
import { utcText } from "../../ingest/alerts/evaluator.ts";
import { capacityOn } from "../../transforms/register/register.ts";
import { type Access, authorize, visibleRegister } from "../access/access.ts";
import { percentChange } from "../metrics/change.ts";
import type { ReportContext } from "../reports/context.ts";
import { scopeParam } from "../reports/params.ts";
import { resolveScope } from "../access/scope.ts";
import { scopeLabel } from "../reports/scope-label.ts";
import type { LiveReport as LiveSnapshot, SiteLive } from "../reports/schemas.ts";
import { type Counterpart, comparisonDay } from "./comparison-day.ts";
import { isStale, staleAfterMinutes } from "./freshness.ts";
import type { SiteClock } from "../../ingest/live/site-clock.ts";

export interface LiveParams {
  town?: string | undefined;
  site?: string | undefined;
  operator?: string | undefined;
  /** The moment; absent: now. */
  at?: DateTime | undefined;
}

export interface LiveOptions {
  /** Now: a demo's clock in a demo, whose answers say so and compare its day as the holiday day it plays. */
  clock: SiteClock;
  /** TOURISM_LIVE_STALE_MINUTES: silent minutes after which any site is stale; absent, each site's own (freshness.ts). */
  staleMinutes?: number | undefined;
}

export interface Figures {
  entries: number;
  exits: number;
  /** Entries − exits since local midnight, never below 0 (summed per site for a wider scope). */
  occupancy: number;
}

/** The answer's shape is defined once, with the dashboard, in the reports' schemas. */
export type { LiveReport as LiveSnapshot, SiteLive } from "../reports/schemas.ts";

function figuresOf(rows: readonly GateCount[]): Figures {
  const entries = rows.reduce((n, r) => n + r.entries, 0);
  const exits = rows.reduce((n, r) => n + r.exits, 0);
  return { entries, exits, occupancy: occupancy(entries, exits) };
}

/** A scope's figures: entries and exits summed, occupancy summed over its sites, each floored on its own. */
function scopeFigures(rows: readonly GateCount[], siteIds: readonly string[]): Figures {
  const bySite = siteIds.map((id) => figuresOf(rows.filter((r) => r.site_id === id)));
  return {
    entries: bySite.reduce((n, f) => n + f.entries, 0),
    exits: bySite.reduce((n, f) => n + f.exits, 0),
    occupancy: bySite.reduce((n, f) => n + f.occupancy, 0),
  };
}

/** A site's gates in the order the statement lists them, each summed over its hours. */
function gatesOf(rows: readonly GateCount[]): SiteLive["gates"] {
  const gates = new Map<string, { entries: number; exits: number }>();
  for (const r of rows) {
    const gate = gates.get(r.gate_id) ?? { entries: 0, exits: 0 };
    gate.entries += r.entries;
    gate.exits += r.exits;
    gates.set(r.gate_id, gate);
  }
  return [...gates].map(([gate_id, g]) => ({ gate_id, ...g, net: g.entries - g.exits }));
}

/**
 * Entries per local hour from midnight to the moment's hour, against the same hours of the
 * comparison day up to the same time of day (null without a comparison day, never 0).
 */
function hourlyEntries(today: readonly GateCount[], previous: readonly GateCount[] | null, lastHour: number): LiveSnapshot["hourly"] {
  const entriesIn = (rows: readonly GateCount[], hour: number) => rows.reduce((n, r) => n + (r.hour === hour ? r.entries : 0), 0);
  return Array.from({ length: lastHour + 1 }, (_, hour) => ({
    hour,
    entries: entriesIn(today, hour),
    last_year_entries: previous ? entriesIn(previous, hour) : null,
  }));
}

const sumOrNull = (values: (number | null)[]) => (values.some((v) => v !== null) ? values.reduce<number>((n, v) => n + (v ?? 0), 0) : null);

/** The same wall-clock time on the counterpart date. */
function sameTimeOn(at: DateTime, date: string): DateTime {
  const [year, month, day] = date.split("-").map(Number);
  return at.setZone(siteZone).set({ year: year!, month: month!, day: day! });
}

/**
 * Live figures of a scope at a moment of its local day, against the same time of day on the
 * comparison day, from one statement on footfall_events.
 */
export async function liveReport(ctx: ReportContext, access: Access, params: LiveParams, options: LiveOptions): Promise<LiveSnapshot> {
  const visible = visibleRegister(ctx.register, access);
  const scope = resolveScope(ctx.register, scopeParam(params), visible, ctx.naming.alliance);
  authorize(access, ctx.register, scope);
  // Per-site figures only for sites the caller may open (an operator: its own); the scope's totals
  // still cover all its sites, as an alliance-wide aggregate may.
  const listable = new Set(visible.sites.map((s) => s.site_id));
  const at = (params.at ?? options.clock()).setZone(siteZone);
  const date = at.toISODate()!;
  const demo = options.clock.demo?.();
  // A demo's live day is compared as the holiday day it plays (the days that carry its counterpart's detail).
  const counterpart: Counterpart = comparisonDay(demo && date === demo.clock.slice(0, 10) ? demo.as : date, ctx.calendar);
  const previousAt = counterpart.date ? sameTimeOn(at, counterpart.date) : null;
  const siteIds = scope.sites.map((s) => s.site_id);
  const rows = await gateCounts(ctx.warehouse, siteIds, [
    { date, before: utcText(at) },
    ...(counterpart.date && previousAt ? [{ date: counterpart.date, before: utcText(previousAt) }] : []),
  ]);
  const today = rows.filter((r) => r.date === date);

  const allSites: SiteLive[] = scope.sites.map((site) => {
    const own = today.filter((r) => r.site_id === site.site_id);
    const figures = figuresOf(own);
    const capacity = capacityOn(site, date);
    const latest = own.length > 0 ? own.map((r) => r.latest).reduce((a, b) => (a > b ? a : b)) : null;
    return {
      site_id: site.site_id,
      name_zh: site.name_zh,
      name_en: site.name_en,
      ...figures,
      capacity_instant: capacity?.instant ?? null,
      capacity_daily: capacity?.daily ?? null,
      occupancy_pct: percentOf(figures.occupancy, capacity?.instant),
      entries_pct: percentOf(figures.entries, capacity?.daily),
      latest_event_at: latest,
      stale: isStale(at, latest ? DateTime.fromISO(latest) : null, site.opening, staleAfterMinutes(site, options.staleMinutes)),
      gates: gatesOf(own),
    };
  });
  const sites = allSites.filter((s) => listable.has(s.site_id));
  const current = scopeFigures(today, siteIds);
  const capacityInstant = sumOrNull(allSites.map((s) => s.capacity_instant));
  const capacityDaily = sumOrNull(allSites.map((s) => s.capacity_daily));
  const previous = counterpart.date && previousAt ? rows.filter((r) => r.date === counterpart.date) : null;
  const lastYear: LiveSnapshot["last_year"] =
    counterpart.date && previousAt && previous
      ? {
          date: counterpart.date,
          at: previousAt.toISO()!,
          basis: counterpart.basis,
          day_number: counterpart.basis === "holiday_day" ? counterpart.day_number : null,
          ...scopeFigures(previous, siteIds),
        }
      : { date: null, reason: counterpart.date === null ? counterpart.reason : "no counterpart" };
  return {
    report: "live",
    scope: scopeLabel(scope),
    at: at.toISO()!,
    date,
    ...current,
    capacity_instant: capacityInstant,
    capacity_daily: capacityDaily,
    occupancy_pct: percentOf(current.occupancy, capacityInstant),
    entries_pct: percentOf(current.entries, capacityDaily),
    last_year: lastYear,
    change: {
      entries_pct: lastYear.date ? percentChange(current.entries, lastYear.entries) : null,
      occupancy_pct: lastYear.date ? percentChange(current.occupancy, lastYear.occupancy) : null,
    },
    hourly: hourlyEntries(today, previous, at.hour),
    stale_sites: sites.filter((s) => s.stale).map((s) => s.site_id),
    sites,
    demo: demo ? { ...demo, note: demo.ended ? "演示已结束" : "演示中" } : null,
  };
}
