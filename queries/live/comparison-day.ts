import { addDays, eachDate } from "../../transforms/calendar/dates.ts";
import type { HolidayCalendar } from "../../transforms/calendar/holidays.ts";
import { holidaySpans } from "../reports/holiday.ts";

/** The day a live figure is compared with, or why there is none (never a zero). */
export type Counterpart =
  | { date: string; basis: "holiday_day"; holiday: string; day_number: number }
  | { date: string; basis: "weekday" }
  | { date: null; reason: string };

/**
 * On a holiday, day N of this year's period against day N of last year's period of the same holiday
 * (a merged Mid-Autumn/National Day period is National Day's), as the holiday report compares them;
 * otherwise the same weekday 364 days earlier.
 */
export function comparisonDay(date: string, calendar: HolidayCalendar): Counterpart {
  const period = calendar.periodOn(date);
  if (!period) return { date: addDays(date, -364), basis: "weekday" };
  const dayNumber = eachDate(period.start, date).length;
  const name = `${period.name_zh} ${period.year}`;
  const previous = holidaySpans(calendar, period.key, period.year - 1);
  if (!previous) return { date: null, reason: `${name}: the calendar has no such holiday in ${period.year - 1}` };
  const days = previous.flatMap((span) => eachDate(span.start, span.end));
  const counterpart = days[dayNumber - 1];
  if (!counterpart) return { date: null, reason: `day ${dayNumber} of ${name} has no counterpart: last year's period had ${days.length} days` };
  return { date: counterpart, basis: "holiday_day", holiday: name, day_number: dayNumber };
}
