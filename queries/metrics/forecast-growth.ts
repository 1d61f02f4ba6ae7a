import { addDays } from "../../transforms/calendar/dates.ts";
import { datesBack } from "./forecast-dates.ts";

/**
 * How much busier ordinary days are now than in an earlier year: each of the weeks ending `end`
 * against the same weekdays `shift` days earlier (a multiple of 7, so Saturday meets Saturday),
 * holidays left out on either side, and the median of the weekly ratios, so one rainy or festive
 * week does not set it. Reads nothing after `end`.
 */

/** Weeks compared: a quarter of a year, long enough that the weather evens out, short enough to follow a trend. */
export const growthWeeks = 12;
/** A week counts with at least this many days compared; the growth needs half its weeks. */
const weekMinDays = 4;

export function yearOnYearGrowth(
  series: Pick<ReadonlyMap<string, number>, "get">,
  end: string,
  shift: number,
  offDays: ReadonlySet<string>,
  weeks = growthWeeks,
): number | null {
  const dates = datesBack(end, weeks * 7);
  const earlierDates = datesBack(addDays(end, -shift), weeks * 7);
  const ratios: number[] = [];
  for (let week = 0; week < weeks; week++) {
    let now = 0;
    let then = 0;
    let days = 0;
    for (let i = week * 7; i < week * 7 + 7; i++) {
      const date = dates[i]!;
      const earlier = earlierDates[i]!;
      if (offDays.has(date) || offDays.has(earlier)) continue;
      const a = series.get(date);
      const b = series.get(earlier);
      if (a === undefined || b === undefined) continue;
      now += a;
      then += b;
      days += 1;
    }
    if (days >= weekMinDays && now > 0 && then > 0) ratios.push(now / then);
  }
  if (ratios.length === 0 || ratios.length * 2 < weeks) return null;
  ratios.sort((a, b) => a - b);
  const mid = ratios.length / 2;
  return Number.isInteger(mid) ? Math.sqrt(ratios[mid - 1]! * ratios[mid]!) : ratios[Math.floor(mid)]!;
}
