import { addDays, dayNumber } from "../../transforms/calendar/dates.ts";
import { datesBack } from "./forecast-dates.ts";
import { yearOnYearGrowth } from "./forecast-growth.ts";
import { dayPattern } from "./forecast-pattern.ts";

/**
 * A holiday's day-N forecast. Its mean day is read two ways and the two averaged (geometric mean):
 * each past year's mean holiday day as a ratio to that year's level (the mean day over four weeks
 * before the holiday), times this year's level over the same weeks; and each past year's mean
 * holiday day times how much busier ordinary days now are than in the same weeks of that year.
 * The first follows the season around a holiday that moves, the second is not misled by one
 * unusual month; their errors differ, so the mean errs less than either. The days then follow the
 * holiday's own pattern. Pure maths over daily series; the calendar and the store are the caller's.
 */

/** Visitors per local date; a date without a value had no events (unknown, not zero). */
export type DailySeries = Pick<ReadonlyMap<string, number>, "get">;

/** One year's holiday: its dates in order (a merged holiday's too). */
export interface HolidayDates {
  year: number;
  dates: readonly string[];
}

/** Years whose holidays the pandemic closures distorted: never a reference, never scored. */
export const disruptedYears: readonly number[] = [2020, 2021, 2022];

/** The level is the mean day over four weeks, ending a week before day 1 (so a forecast a week ahead already has it). */
export const levelDays = 28;
export const levelGapDays = 7;
/** Fewer days with data than this in the window: no level. */
export const levelMinDays = 14;
/** The most recent eligible past years whose mean holiday day is averaged. */
const profileYears = 3;

/** The level window's last date for a holiday starting `day1`, `lag` days earlier when the forecast is made before the usual window ends. */
export function levelWindowEnd(day1: string, lag: number): string {
  const key = `${day1}|${lag}`;
  let end = windowEnds.get(key);
  if (end === undefined) {
    if (windowEnds.size > 10_000) windowEnds.clear();
    end = addDays(day1, -levelGapDays - 1 - lag);
    windowEnds.set(key, end);
  }
  return end;
}
const windowEnds = new Map<string, string>();

/** How many days the window must move back so it ends before `madeOn`. */
export const levelLag = (day1: string, madeOn: string) => Math.max(0, dayNumber(levelWindowEnd(day1, 0)) - dayNumber(addDays(madeOn, -1)));

/** Dates of every holiday: never part of a level (Labour Day inside the weeks before Dragon Boat would lift it). */
export type OffDays = ReadonlySet<string>;

const windowDates = (end: string) => datesBack(end, levelDays);

/** The mean ordinary day over the window ending `end`, or null with too few days of data. */
export function meanLevel(series: DailySeries, end: string, offDays: OffDays): number | null {
  let sum = 0;
  let days = 0;
  for (const date of windowDates(end)) {
    if (offDays.has(date)) continue;
    const value = series.get(date);
    if (value === undefined) continue;
    sum += value;
    days += 1;
  }
  return days >= levelMinDays && sum > 0 ? sum / days : null;
}

/** Whether a holiday, or the weeks its level is read from, falls in the closure years (New Year 2023's weeks before it do). */
export function disrupted(holiday: HolidayDates, lag: number): boolean {
  const windowStart = windowDates(levelWindowEnd(holiday.dates[0]!, lag))[levelDays - 1]!;
  return [windowStart, holiday.dates[holiday.dates.length - 1]!].some((d) => disruptedYears.includes(Number(d.slice(0, 4))));
}

/** Day `n` (0-based) of a holiday `length` long, placed on one `pastLength` long: first on first, last on last. */
export function matchingDay(n: number, length: number, pastLength: number): number {
  if (length === pastLength) return n;
  if (length === 1) return 0;
  return Math.round((n * (pastLength - 1)) / (length - 1));
}

export interface DayForecast {
  date: string;
  /** The expected visitors; null when no past year gives this day a ratio. */
  expected: number | null;
  /** The day's visitors as counted, when it is over by the forecast's date. */
  observed: number | null;
}

export interface PointForecast {
  days: DayForecast[];
  /** The level over the window before this year's holiday; null: too little recent history. */
  level: number | null;
  windowEnd: string;
  /** The past years the profile averaged, most recent first. */
  years: number[];
  /** Ordinary days against the same weeks of those years (geometric mean); null: too few weeks to compare. */
  growth: number | null;
  /** Some years used differ in length from this one (days matched first to first, last to last). */
  lengthChanged: boolean;
  /** This year's weeks before the holiday fall in the closure years: its level is unreliable. */
  disrupted: boolean;
  /** The factor the days already seen put on the rest (actual ÷ expected, geometric mean); null before day 1. */
  update: number | null;
}

const geometricMean = (values: readonly number[]) => Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);

const arithmeticMean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Each usable past year's day ratios, mean ratio and mean day, most recent first: years before the target's, not disrupted, with a level. */
function pastProfiles(series: DailySeries, target: HolidayDates, past: readonly HolidayDates[], lag: number, offDays: OffDays) {
  const usable = past
    .filter((p) => p.year < target.year && p.dates.length > 0 && !disrupted(p, lag))
    .map((p) => ({ holiday: p, level: meanLevel(series, levelWindowEnd(p.dates[0]!, lag), offDays) }))
    .filter((p): p is { holiday: HolidayDates; level: number } => p.level !== null)
    .sort((a, b) => b.holiday.year - a.holiday.year);
  // Years of the same length tell day N best; other lengths only when too few of those.
  const same = usable.filter((p) => p.holiday.dates.length === target.dates.length);
  return (same.length >= 2 ? same : usable).flatMap(({ holiday, level }) => {
    const values = holiday.dates.map((d) => {
      const value = series.get(d);
      return value === undefined || value <= 0 ? null : value;
    });
    const known = values.filter((v): v is number => v !== null);
    if (known.length === 0) return [];
    const meanDay = arithmeticMean(known);
    return [{ holiday, length: holiday.dates.length, ratios: values.map((v) => (v === null ? null : v / level)), mean: meanDay / level, meanDay }];
  });
}

/** Ordinary days of the closure years are never compared with. */
const undisrupted = (series: DailySeries): DailySeries => ({
  get: (date) => (disruptedYears.includes(Number(date.slice(0, 4))) ? undefined : series.get(date)),
});

/**
 * The holiday's mean day: this year's level times the past years' mean ratio to theirs, averaged
 * (geometric mean) with the past years' mean days times the year-on-year growth of ordinary days
 * since each, where the weeks can be compared.
 */
function holidayMeanDay(
  known: DailySeries,
  day1: string,
  windowEnd: string,
  level: number,
  recent: readonly { holiday: HolidayDates; mean: number; meanDay: number }[],
  offDays: OffDays,
): { value: number; growth: number | null } {
  const fromLevel = level * geometricMean(recent.map((p) => p.mean));
  const ordinary = undisrupted(known);
  const grown = recent.flatMap((p) => {
    // Whole years of weeks back, so weekdays meet.
    const shift = 364 * Math.max(1, Math.round((dayNumber(day1) - dayNumber(p.holiday.dates[0]!)) / 364));
    const growth = yearOnYearGrowth(ordinary, windowEnd, shift, offDays);
    return growth === null ? [] : [{ growth, meanDay: p.meanDay * growth }];
  });
  if (grown.length === 0) return { value: fromLevel, growth: null };
  return {
    value: Math.sqrt(fromLevel * geometricMean(grown.map((g) => g.meanDay))),
    growth: geometricMean(grown.map((g) => g.growth)),
  };
}

/** The point forecast of `target` made on `madeOn`, reading `series` only before that date. */
export function pointForecast(series: DailySeries, target: HolidayDates, past: readonly HolidayDates[], madeOn: string, offDays: OffDays): PointForecast {
  const day1 = target.dates[0]!;
  const lag = levelLag(day1, madeOn);
  const seen = (date: string) => date < madeOn;
  // Only what was known on the day the forecast is made: the days before it.
  const known: DailySeries = { get: (date) => (seen(date) ? series.get(date) : undefined) };
  const windowEnd = levelWindowEnd(day1, lag);
  const level = meanLevel(known, windowEnd, offDays);
  const profiles = pastProfiles(known, target, past, lag, offDays);
  const length = target.dates.length;
  // The holiday's mean day against the weeks before, from the latest years; its pattern over the days from all.
  const recent = profiles.slice(0, profileYears);
  const pattern = dayPattern(
    profiles.map((p) =>
      target.dates.map((_, n) => {
        const ratio = p.ratios[matchingDay(n, length, p.length)];
        return ratio === null || ratio === undefined ? null : Math.log(ratio / p.mean);
      }),
    ),
    length,
  );
  const meanDay = level === null || recent.length === 0 ? null : holidayMeanDay(known, day1, windowEnd, level, recent, offDays);
  const raw = pattern.map((shape) => (meanDay === null ? null : meanDay.value * Math.exp(shape)));
  const factors = target.dates.flatMap((date, n) => {
    const actual = known.get(date);
    const expected = raw[n];
    return actual !== undefined && actual > 0 && expected ? [actual / expected] : [];
  });
  const update = factors.length > 0 ? geometricMean(factors) : null;
  return {
    days: target.dates.map((date, n) => ({
      date,
      observed: seen(date) ? (known.get(date) ?? null) : null,
      expected: raw[n] === null ? null : raw[n]! * (seen(date) ? 1 : (update ?? 1)),
    })),
    level,
    windowEnd,
    years: recent.map((p) => p.holiday.year),
    growth: meanDay?.growth ?? null,
    lengthChanged: profiles.some((p) => p.length !== length),
    disrupted: disrupted(target, lag),
    update,
  };
}
