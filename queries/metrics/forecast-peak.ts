import { type HolidayDates, disruptedYears, matchingDay } from "./forecast.ts";
import type { ForecastDay } from "./forecast-holiday.ts";
import { type ErrorModel, reachProbability } from "./forecast-intervals.ts";

/**
 * The busiest moment of a holiday day: the peak occupancy (people inside at once, against the
 * instant capacity) as the day's expected entries times the site's peak-to-entries ratio on past
 * holiday days. Its uncertainty is the entries' own past misses combined with how far the past
 * ratios strayed from the one taken, so a site whose crowds peak unevenly gets a wider range.
 */

/** A date's value, or none (unknown). */
type Daily = { get(date: string): number | undefined };

export interface PeakRatio {
  /** The median peak ÷ entries of the reference days. */
  ratio: number;
  /** log(each reference day's ratio ÷ the median): the ratio's spread. */
  deviations: number[];
  /** The ratio is of the same day N of past years; false: of all the past holidays' days. */
  sameDay: boolean;
}

const median = (sorted: readonly number[]) => {
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)]! + sorted[Math.ceil(mid)]!) / 2;
};

function ratioOf(ratios: number[], sameDay: boolean): PeakRatio | null {
  if (ratios.length === 0) return null;
  const ratio = median(ratios.sort((a, b) => a - b));
  return { ratio, deviations: ratios.map((r) => Math.log(r / ratio)), sameDay };
}

/**
 * Per day of `target`, the peak-to-entries ratio from the past years' same day N (first on first,
 * last on last), else from all their days; null without a past day of intraday history. Only days
 * before `madeOn` and outside the closure years are read; `peaks` holds only days with intraday counts.
 */
export function peakRatios(peaks: Daily, entries: Daily, target: HolidayDates, past: readonly HolidayDates[], madeOn: string): (PeakRatio | null)[] {
  const usable = past.filter((p) => p.year < target.year && !disruptedYears.includes(p.year));
  const ratioOn = (date: string | undefined) => {
    if (date === undefined || date >= madeOn) return [];
    const peak = peaks.get(date);
    const visitors = entries.get(date);
    return peak === undefined || !visitors ? [] : [peak / visitors];
  };
  const all = usable.flatMap((p) => p.dates.flatMap(ratioOn));
  return target.dates.map((_, n) => {
    const same = usable.flatMap((p) => ratioOn(p.dates[matchingDay(n, target.dates.length, p.dates.length)]));
    return ratioOf(same, true) ?? ratioOf([...all], false);
  });
}

/** The probability that the peak reaches `threshold` when the day's entries are forecast `expected`: over every past ratio's deviation, the entries' chance. */
export function peakReachProbability(expected: number, ratio: PeakRatio, threshold: number, model: ErrorModel): number {
  const peak = expected * ratio.ratio;
  return ratio.deviations.reduce((sum, d) => sum + reachProbability(peak * Math.exp(d), threshold, model), 0) / ratio.deviations.length;
}

/** The peak's central interval holding `coverage` of outcomes: where the reach probability crosses each tail (bisection on the log scale). */
export function peakInterval(expected: number, ratio: PeakRatio, model: ErrorModel, coverage: number): { low: number; high: number } {
  const peak = expected * ratio.ratio;
  const at = (reach: number) => {
    let lo = Math.log(peak) - 20;
    let hi = Math.log(peak) + 20;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (peakReachProbability(expected, ratio, Math.exp(mid), model) >= reach) lo = mid;
      else hi = mid;
    }
    return Math.exp(lo);
  };
  const tail = (1 - coverage) / 2;
  return { low: at(1 - tail), high: at(tail) };
}

export interface PeakDay {
  expected: number | null;
  low80: number | null;
  high80: number | null;
  /** P(peak ≥ 80 % and ≥ 100 % of the instant capacity); null without a capacity or a forecast. */
  p80: number | null;
  p100: number | null;
}

/**
 * One day's peak: a day already over is its counted peak (`observedPeak`, when it has intraday
 * counts), else the forecast entries times the ratio, against `capacity`.
 */
export function peakDay(day: ForecastDay, ratio: PeakRatio | null, model: ErrorModel, capacity: number | null, observedPeak: number | undefined): PeakDay {
  const none = { expected: null, low80: null, high80: null, p80: null, p100: null };
  if (day.observed !== null) {
    if (observedPeak === undefined) return none;
    const reached = (share: number) => (capacity === null ? null : Number(observedPeak >= capacity * share));
    return { expected: observedPeak, low80: observedPeak, high80: observedPeak, p80: reached(0.8), p100: reached(1) };
  }
  if (ratio === null || day.expected === null) return none;
  const interval = peakInterval(day.expected, ratio, model, 0.8);
  const chance = (share: number) => (capacity === null ? null : peakReachProbability(day.expected!, ratio, capacity * share, model));
  return { expected: day.expected * ratio.ratio, low80: interval.low, high80: interval.high, p80: chance(0.8), p100: chance(1) };
}
