import { InvalidArgumentError } from "commander";
import { DateTime } from "luxon";
import { localToday } from "../contracts/time.ts";
import { addDays, eachDate } from "../../transforms/calendar/dates.ts";
import { type HolidayKey, holidayKeys } from "../../transforms/calendar/holiday-keys.ts";
import type { HolidayCalendar } from "../../transforms/calendar/holidays.ts";
import { localTimestamp } from "./clock-time.ts";

/** A demo's choice: pretend today is day `day` (from 1) of this year's `holiday`. */
export interface DemoHoliday {
  holiday: HolidayKey;
  day: number;
}

/** A day that follows another day's demand: `date` gets the visitors of `as`. */
export interface PretendDay {
  date: string;
  as: string;
}

const demoHolidayFormat = `expected KEY[:DAY], KEY one of ${holidayKeys.join(", ")}, DAY a day of the holiday from 1 (default 1)`;

/** Commander parser of `--demo-holiday KEY[:DAY]`, e.g. `national_day:3`. */
export function demoHolidayArg(value: string): DemoHoliday {
  const match = /^([a-z_]+)(?::(\d{1,2}))?$/.exec(value);
  const holiday = holidayKeys.find((key) => key === match?.[1]);
  const day = Number(match?.[2] ?? 1);
  if (!holiday || day < 1) throw new InvalidArgumentError(demoHolidayFormat);
  return { holiday, day };
}

/** The holiday day a demo pretends `today` is: that day of this year's holiday, if the calendar has it. */
export function pretendDay(demo: DemoHoliday, today: string, calendar: HolidayCalendar): { ok: true; pretend: PretendDay } | { ok: false; reason: string } {
  const year = Number(today.slice(0, 4));
  const period = calendar.period(demo.holiday, year);
  if (!period) return { ok: false, reason: `--demo-holiday: the holiday calendar has no ${demo.holiday} in ${year}` };
  if (demo.day > period.days) return { ok: false, reason: `--demo-holiday: ${demo.holiday} ${year} lasts ${period.days} days (DAY 1–${period.days})` };
  return { ok: true, pretend: { date: today, as: addDays(period.start, demo.day - 1) } };
}

/**
 * The days a live day is compared with, which get intraday detail like the live day itself: the
 * same weekday 364 days earlier and, on a holiday (or a pretended one), the days of last year's
 * same holiday period and this holiday's days so far. Only days before `today`, in order.
 */
export function comparedDays(today: string, calendar: HolidayCalendar, pretend?: PretendDay): string[] {
  const as = pretend?.date === today ? pretend.as : today;
  const days = new Set([addDays(today, -364)]);
  const period = calendar.periodOn(as);
  if (period) {
    const key = period.keys.find((k) => calendar.period(k, period.year - 1)) ?? period.key;
    const last = calendar.period(key, period.year - 1);
    if (last) for (const date of eachDate(last.start, last.end)) days.add(date);
    for (const date of eachDate(period.start, addDays(as, -1))) days.add(date);
  }
  return [...days].filter((date) => date < today).sort();
}

/** On a pretended holiday the site clock starts here (11:40): the morning's crowd is in, and the busiest sites near their
 * peak (about 13:00), so a holiday's crowd crosses its warning line at once or within minutes. */
export const demoStartMinute = 11 * 60 + 40;

/**
 * The live stream's clock on a pretended day: it reads `demoStartMinute` on that day when the demo
 * starts (whatever the hour of the demo) and runs on in real time, so the stream catches up from
 * opening at once and the crowd builds within minutes.
 */
export function demoClock(pretend: PretendDay, realNow: () => number): () => number {
  const lag = realNow() - Date.parse(localTimestamp(pretend.date, demoStartMinute));
  return () => realNow() - lag;
}

/**
 * The clock a data directory's live day runs on: the demo clock while the real day is the pretended
 * one, otherwise the real clock. The live stream stamps events by it, and the ingest path checks
 * them against it, so a demo's events are never ahead of the clock that reads them.
 */
export function siteClock(pretend: PretendDay | undefined, realNow: () => number = Date.now): () => number {
  return pretend && localToday(DateTime.fromMillis(realNow())) === pretend.date ? demoClock(pretend, realNow) : realNow;
}
