import { addDays } from "../../transforms/calendar/dates.ts";
import { type DailySeries, type HolidayDates, pointForecast } from "./forecast.ts";

/**
 * The log errors, log(actual ÷ expected), of every earlier holiday forecast as this one is: made
 * `lead` days before its day 1 from the years before it, over holidays over before `madeOn`
 * (those in or just after the closure years left out). `holidays` lists each holiday's years. Thin forecasts (fewer than
 * two years, another length) are left out too: their intervals are these drawn wider.
 */
export function backtestErrors(series: DailySeries, holidays: readonly (readonly HolidayDates[])[], madeOn: string, lead: number): number[] {
  const errors: number[] = [];
  for (const years of holidays) {
    for (const target of years) {
      const last = target.dates[target.dates.length - 1];
      if (last === undefined || last >= madeOn) continue;
      const forecast = pointForecast(series, target, years, addDays(target.dates[0]!, -lead));
      if (forecast.disrupted || forecast.years.length < 2 || forecast.lengthChanged) continue;
      for (const day of forecast.days) {
        const actual = series.get(day.date);
        if (day.expected && actual !== undefined && actual > 0) errors.push(Math.log(actual / day.expected));
      }
    }
  }
  return errors;
}
