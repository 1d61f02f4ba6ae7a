import { addDays } from "../../transforms/calendar/dates.ts";
import { type DailySeries, type HolidayDates, type OffDays, pointForecast } from "./forecast.ts";

/** A holiday to forecast and the earlier years of it that tell its shape. */
export interface ForecastCase {
  target: HolidayDates;
  past: readonly HolidayDates[];
}

/**
 * The log errors, log(actual ÷ expected), of every earlier holiday forecast as this one is: made
 * `lead` days before its day 1 from the years before it, over holidays over before `madeOn`
 * (those in or just after the closure years left out). `cases` lists each holiday with its
 * references. Thin forecasts (one earlier year, another length) count too: their misses are part
 * of what the method does, and leaving them out made the early intervals too narrow or, with too
 * few errors left, the wide default.
 */
export function backtestErrors(series: DailySeries, cases: readonly ForecastCase[], madeOn: string, lead: number, offDays: OffDays): number[] {
  const errors: number[] = [];
  for (const { target, past } of cases) {
    const last = target.dates[target.dates.length - 1];
    if (last === undefined || last >= madeOn) continue;
    const forecast = pointForecast(series, target, past, addDays(target.dates[0]!, -lead), offDays);
    if (forecast.disrupted) continue;
    for (const day of forecast.days) {
      const actual = series.get(day.date);
      if (day.expected && actual !== undefined && actual > 0) errors.push(Math.log(actual / day.expected));
    }
  }
  return errors;
}
