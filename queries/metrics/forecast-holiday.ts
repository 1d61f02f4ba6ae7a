import { type DailySeries, type HolidayDates, type OffDays, type PointForecast, pointForecast } from "./forecast.ts";
import { type ErrorModel, errorModel, forecastInterval, minErrors, reachProbability, thinWidening } from "./forecast-intervals.ts";

export interface ForecastDay {
  date: string;
  observed: number | null;
  expected: number | null;
  low80: number | null;
  high80: number | null;
  low95: number | null;
  high95: number | null;
}

export interface HolidayForecast extends Omit<PointForecast, "days"> {
  days: ForecastDay[];
  model: ErrorModel;
  /** Fewer than two past years, years of another length, or weeks before it in the closures. */
  thin: boolean;
}

/** The point forecast with its 80 % and 95 % intervals from `errors` (a day already seen is its count, no interval). */
export function forecastHoliday(
  series: DailySeries,
  target: HolidayDates,
  past: readonly HolidayDates[],
  madeOn: string,
  offDays: OffDays,
  errors: readonly number[],
): HolidayForecast {
  const point = pointForecast(series, target, past, madeOn, offDays);
  const thin = point.years.length < 2 || point.lengthChanged || point.disrupted;
  // Thin forecasts are scored too, so measured errors hold their misses; not those of a level read in the closures.
  const measured = errors.filter(Number.isFinite).length >= minErrors;
  const model = errorModel(errors, point.disrupted || (thin && !measured) ? thinWidening : 1);
  const days = point.days.map((day): ForecastDay => {
    if (day.observed !== null) return { ...day, low80: day.observed, high80: day.observed, low95: day.observed, high95: day.observed };
    if (day.expected === null) return { ...day, low80: null, high80: null, low95: null, high95: null };
    const i80 = forecastInterval(day.expected, model, 0.8);
    const i95 = forecastInterval(day.expected, model, 0.95);
    return { ...day, low80: i80.low, high80: i80.high, low95: i95.low, high95: i95.high };
  });
  return { ...point, days, model, thin };
}

/** The probability that a day forecast `expected` reaches `share` of `capacity` (a day already seen: 0 or 1). */
export function reachShare(day: Pick<ForecastDay, "observed" | "expected">, capacity: number, share: number, model: ErrorModel): number | null {
  const threshold = capacity * share;
  if (day.observed !== null) return day.observed >= threshold ? 1 : 0;
  return day.expected === null ? null : reachProbability(day.expected, threshold, model);
}
