import { eachDate } from "../../transforms/calendar/dates.ts";
import type { HolidayKey } from "../../transforms/calendar/holidays.ts";
import { createDemand, siteLevel } from "./demand.ts";
import { type Scenario, type SiteProfile, festivalYear, peakBonus, siteYear } from "./scenario.ts";
import { dayCells } from "./generate.ts";
import { cellsRevenueFen } from "./tickets.ts";

/** Published figures a scenario should reproduce (for the default: the alliance's 2019 Qingming headline). */
export interface CalibrationTargets {
  siteId: string;
  holiday: HolidayKey;
  year: number;
  /** The site's visitors over the holiday period of `year`, and their growth on `year − 1`, in %. */
  holidayVisitors: number;
  holidayVisitorsYoyPct: number;
  festivalId: string;
  /** Growth on `year − 1`, in %, of the festival's peak single day's visitors and of its turnover. */
  peakVisitorsYoyPct: number;
  revenueYoyPct: number;
}

export class CalibrationError extends Error {}

/** Percent change, unrounded; reports print it to one decimal. */
export const pct = (current: number, previous: number) => ((current - previous) / previous) * 100;
/** Close enough to print as the target under any rounding rule (half up or half even). */
const prints = (value: number, target: number) => Math.abs(value - target) < 0.045;

/**
 * Solves the scenario's free parameters so its EXPECTED figures are the targets; nothing is
 * written into events. The unknowns, each scaled in turn until all hold (they interact when the
 * festival's peak day falls inside the holiday):
 *   - the site's base demand, so its holiday total in `year − 1` is holidayVisitors / (1 + yoy);
 *   - the site's level in `year` (its growth), so the holiday total in `year` is holidayVisitors;
 *   - the festival's peak-day multiplier in `year`, so the peak day grows by peakVisitorsYoyPct;
 *   - the share of free tickets at the festival's sites in `year` (free entry for more visitors),
 *     so the festival's turnover grows by only revenueYoyPct.
 * Exact integers follow from the demand model (demand.ts): a holiday period's total is its rounded
 * expectation whatever the seed, and peak days carry no noise. The turnover sums noisy days, so
 * its share is solved against this seed's own ticket mix.
 */
export function calibrate(scenario: Scenario, targets: CalibrationTargets, seed: number): void {
  const profile = scenario.profiles.find((p) => p.siteId === targets.siteId);
  if (!profile) return; // a register without the site: nothing to calibrate
  const { year } = targets;
  const periods = [year - 1, year].map((y) => scenario.calendar.period(targets.holiday, y));
  if (!periods[0] || !periods[1]) throw new CalibrationError(`no ${targets.holiday} holiday in ${year - 1} or ${year}`);
  const holidayDates = periods.map((p) => eachDate(p!.start, p!.end));
  const editions = [year - 1, year].map((y) => scenario.festivals.find((f) => f.festivalId === targets.festivalId && f.year === y));
  const festivalProfiles = (editions[1]?.siteIds ?? [])
    .map((id) => scenario.profiles.find((p) => p.siteId === id))
    .filter((p): p is SiteProfile => p !== undefined);
  const withFestival = editions[0] !== undefined && editions[1] !== undefined && festivalProfiles.length > 0;

  const demand = () => createDemand(scenario, 0);
  const holidayExpected = (i: number) => {
    const d = demand();
    return holidayDates[i]!.reduce((sum, date) => sum + d.expected(profile, date), 0);
  };
  const peak = (i: number, exact: boolean) => {
    const d = demand();
    const date = d.peakDate(editions[i]!);
    return festivalProfiles.reduce((sum, p) => sum + (exact ? d.visitors(p, date) : d.expected(p, date)), 0);
  };
  const peakKey = festivalYear(targets.festivalId, year);
  const previousTotal = targets.holidayVisitors / (1 + targets.holidayVisitorsYoyPct / 100);
  const visitorsRatio = 1 + targets.peakVisitorsYoyPct / 100;

  for (let round = 0; round < 8; round++) {
    const base = scenario.baseOverride.get(profile.siteId) ?? profile.base;
    scenario.baseOverride.set(profile.siteId, (base * previousTotal) / holidayExpected(0));
    const levelNow = siteLevel(scenario, profile, year);
    scenario.levelOverride.set(siteYear(profile.siteId, year), (levelNow * targets.holidayVisitors) / holidayExpected(1));
    if (withFestival) {
      const bonus = scenario.peakOverride.get(peakKey) ?? peakBonus;
      scenario.peakOverride.set(peakKey, (bonus * visitorsRatio * peak(0, false)) / peak(1, false));
    }
  }
  // Peak days are whole numbers of visitors per site: nudge the multiplier onto the printed figure.
  for (let step = 0; withFestival && !prints(pct(peak(1, true), peak(0, true)), targets.peakVisitorsYoyPct); step++) {
    if (step > 200) throw new CalibrationError(`festival ${targets.festivalId}: peak day cannot reach +${targets.peakVisitorsYoyPct}%`);
    const direction = pct(peak(1, true), peak(0, true)) < targets.peakVisitorsYoyPct ? 1 : -1;
    scenario.peakOverride.set(peakKey, scenario.peakOverride.get(peakKey)! * (1 + direction * 0.0002));
  }
  if (withFestival)
    solveFreeShare(
      scenario,
      targets,
      seed,
      festivalProfiles,
      editions.map((e) => eachDate(e!.start, e!.end)),
    );
  check(scenario, targets, profile, holidayDates);
}

/** Bisects the festival sites' free-ticket share in `year` until the festival's turnover growth prints as the target. */
function solveFreeShare(scenario: Scenario, targets: CalibrationTargets, seed: number, profiles: SiteProfile[], editionDates: string[][]): void {
  const demand = createDemand(scenario, seed);
  const revenue = (dates: string[]) =>
    dates.reduce(
      (sum, date) =>
        sum +
        profiles.reduce(
          (s, profile) => s + cellsRevenueFen(dayCells(scenario, demand, seed, { profile, date, detail: "daily", visitors: demand.visitors(profile, date) })),
          0,
        ),
      0,
    );
  const previous = revenue(editionDates[0]!);
  const setShare = (share: number) => {
    for (const p of profiles) scenario.freeShareOverride.set(siteYear(p.siteId, targets.year), share);
    return pct(revenue(editionDates[1]!), previous);
  };
  let [lo, hi] = [0, 0.95];
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (setShare(mid) > targets.revenueYoyPct) lo = mid;
    else hi = mid;
  }
  const closer = Math.abs(setShare(lo) - targets.revenueYoyPct) < Math.abs(setShare(hi) - targets.revenueYoyPct) ? lo : hi;
  if (!prints(setShare(closer), targets.revenueYoyPct)) {
    throw new CalibrationError(`festival ${targets.festivalId}: turnover cannot reach +${targets.revenueYoyPct}% (got ${setShare(closer).toFixed(2)}%)`);
  }
}

function check(scenario: Scenario, targets: CalibrationTargets, profile: SiteProfile, holidayDates: string[][]): void {
  const d = createDemand(scenario, 0);
  const [previous, current] = holidayDates.map((dates) => dates.reduce((sum, date) => sum + d.visitors(profile, date), 0));
  if (current !== targets.holidayVisitors || !prints(pct(current!, previous!), targets.holidayVisitorsYoyPct)) {
    throw new CalibrationError(`${targets.siteId} ${targets.holiday} ${targets.year}: got ${current} visitors, ${pct(current!, previous!)}% on ${previous}`);
  }
}
