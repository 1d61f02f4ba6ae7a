import { eachDate } from "../../transforms/calendar/dates.ts";
import type { HolidayPeriod } from "../../transforms/calendar/holidays.ts";
import { pandemicFactor } from "./pandemic.ts";
import { apportion, rngFor } from "./rng.ts";
import {
  type FestivalPlan,
  type Scenario,
  type SiteProfile,
  festivalFactor,
  festivalYear,
  holidayFactor,
  monthFactor,
  peakBonus,
  siteYear,
} from "./scenario.ts";

/**
 * How finely a day's events are cut: "daily" (one entry count per gate, one line per ticket and
 * channel: years of history stay small), "hourly" (entries and exits per gate per clock hour, small
 * settled ticket lines: history's holiday days, so a bulletin can be cut at its hour) or "intraday"
 * (entries and exits per gate per counting interval, order-sized ticket lines: a live day and the
 * days it is compared with).
 */
export type Detail = "daily" | "hourly" | "intraday";

/** A site's visitors on one local day. */
export interface DayPlan {
  profile: SiteProfile;
  date: string;
  visitors: number;
  detail: Detail;
}

const firstYear = 2018;

export function siteLevel(scenario: Scenario, profile: SiteProfile, year: number): number {
  const override = scenario.levelOverride.get(siteYear(profile.siteId, year));
  if (override !== undefined) return override;
  if (year <= firstYear) return 1;
  return siteLevel(scenario, profile, year - 1) * (1 + profile.annualGrowth);
}

function weekdayIndex(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
}

/** The day's factor: a holiday's own draw, a weekday's, or a make-up working day's (a plain working day). */
function dayFactor(scenario: Scenario, profile: SiteProfile, date: string): number {
  const day = scenario.calendar.classify(date);
  if (day.kind === "holiday") return Math.max(...day.holidays.map((key) => holidayFactor[key] ?? 1));
  if (day.kind === "makeup_workday") return profile.weekday[2]!;
  return profile.weekday[weekdayIndex(date)]!;
}

/** Expected visitors without the festival's effect. */
function underlying(scenario: Scenario, profile: SiteProfile, date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1;
  const base = scenario.baseOverride.get(profile.siteId) ?? profile.base;
  return base * siteLevel(scenario, profile, year) * monthFactor[month]! * dayFactor(scenario, profile, date) * pandemicFactor(date, profile.townId);
}

/**
 * The demand model of one scenario and seed. Holiday periods are blocks: their noisy daily
 * weights are scaled to the block's expected total, so a site's holiday total is the rounded
 * expectation for any seed, and festival peak days carry no noise at all. That is what lets the
 * scenario's parameters alone fix the calibrated figures (calibration.ts).
 */
export function createDemand(scenario: Scenario, seed: number) {
  const periodByDate = new Map<string, HolidayPeriod>();
  for (const period of scenario.calendar.periods) for (const date of eachDate(period.start, period.end)) periodByDate.set(date, period);
  const profileById = new Map(scenario.profiles.map((p) => [p.siteId, p]));
  const peakCache = new Map<string, string>();
  const blockCache = new Map<string, Map<string, number>>();

  function editionsOn(siteId: string, date: string): FestivalPlan[] {
    return scenario.festivals.filter((f) => f.start <= date && date <= f.end && f.siteIds.includes(siteId));
  }

  /** An edition's peak: its day of highest underlying demand over its sites (earliest on ties). */
  function peakDate(edition: FestivalPlan): string {
    const key = festivalYear(edition.festivalId, edition.year);
    let peak = peakCache.get(key);
    if (peak === undefined) {
      let best = -1;
      for (const date of eachDate(edition.start, edition.end)) {
        let total = 0;
        for (const id of edition.siteIds) {
          const profile = profileById.get(id);
          if (profile) total += underlying(scenario, profile, date);
        }
        if (total > best + 1e-9) [best, peak] = [total, date];
      }
      peakCache.set(key, peak!);
    }
    return peak!;
  }

  function isPinned(profile: SiteProfile, date: string): boolean {
    return editionsOn(profile.siteId, date).some((e) => peakDate(e) === date);
  }

  function expected(profile: SiteProfile, date: string): number {
    let factor = 1;
    for (const edition of editionsOn(profile.siteId, date)) {
      factor *= festivalFactor;
      if (peakDate(edition) === date) factor *= scenario.peakOverride.get(festivalYear(edition.festivalId, edition.year)) ?? peakBonus;
    }
    return underlying(scenario, profile, date) * factor;
  }

  /** Weather (shared by the three neighbouring towns) times a little site-level noise. */
  function noise(profile: SiteProfile, date: string): number {
    const weather = rngFor(seed, "weather", date);
    const rain = weather.next() < 0.22 ? 0.72 : 1;
    const site = rngFor(seed, "site-day", profile.siteId, date);
    return Math.min(1.3, Math.max(0.55, Math.exp(0.1 * weather.normal() + 0.06 * site.normal()) * rain));
  }

  function blockVisitors(profile: SiteProfile, period: HolidayPeriod): Map<string, number> {
    const key = `${profile.siteId}|${period.start}`;
    let block = blockCache.get(key);
    if (!block) {
      const dates = eachDate(period.start, period.end);
      const total = Math.round(dates.reduce((sum, d) => sum + expected(profile, d), 0));
      const pinned = dates.filter((d) => isPinned(profile, d));
      const free = dates.filter((d) => !pinned.includes(d));
      block = new Map(pinned.map((d) => [d, Math.round(expected(profile, d))]));
      const rest = Math.max(0, total - [...block.values()].reduce((a, b) => a + b, 0));
      const shares = apportion(
        rest,
        free.map((d) => expected(profile, d) * noise(profile, d)),
      );
      for (const [i, d] of free.entries()) block.set(d, shares[i]!);
      blockCache.set(key, block);
    }
    return block;
  }

  function visitors(profile: SiteProfile, date: string): number {
    const period = periodByDate.get(date);
    if (period) return blockVisitors(profile, period).get(date)!;
    const e = expected(profile, date);
    return Math.round(isPinned(profile, date) ? e : e * noise(profile, date));
  }

  return {
    expected,
    visitors,
    peakDate,
    isPinned,
    /** Every site's plan for one day; with `as`, following that day's demand instead (a demo's pretended holiday). */
    day(date: string, detail: Detail, as = date): DayPlan[] {
      return scenario.profiles.map((profile) => ({ profile, date, detail, visitors: visitors(profile, as) }));
    },
    /** Forgets cached blocks, e.g. after the calibration changed a parameter. */
    reset() {
      peakCache.clear();
      blockCache.clear();
    },
  };
}

export type Demand = ReturnType<typeof createDemand>;
