import { InvalidArgumentError } from "commander";
import { DateTime } from "luxon";
import { siteZone } from "../contracts/time.ts";
import type { DemoMoment, SiteClock } from "../live/site-clock.ts";
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

/**
 * On a pretended holiday the demo's clock starts here (11:10): the morning's crowd is in, and the
 * busiest site of a big holiday day crosses its warning line some minutes later, full some half an
 * hour after (see the sample register's capacities and demo-crowd.test.ts).
 */
export const demoStartMinute = 11 * 60 + 10;

export interface DemoClockOptions {
  demo: DemoHoliday;
  pretend: PretendDay;
  /** The local minute the demo day ends: the last closing time of the sites. */
  endMinute: number;
  /** Where the demo's clock stood when the demo last stopped (epoch ms); absent, the demo starts. */
  resumeAt?: number | undefined;
  realNow?: () => number;
}

/**
 * A demo's clock: it reads `demoStartMinute` on the live day when the demo starts (or where it
 * stood when it last stopped), runs on in real time whatever the real date, and stops at the end
 * of the demo day, which is then over.
 */
export function demoClock(options: DemoClockOptions): SiteClock {
  const realNow = options.realNow ?? Date.now;
  const { pretend } = options;
  const end = Date.parse(localTimestamp(pretend.date, options.endMinute));
  const begin = Math.min(end, options.resumeAt ?? Date.parse(localTimestamp(pretend.date, demoStartMinute)));
  const realBegin = realNow();
  const position = () => Math.min(end, begin + (realNow() - realBegin));
  const now = () => DateTime.fromMillis(position(), { zone: siteZone });
  return Object.assign(now, {
    demo: (): DemoMoment => {
      const at = position();
      return { ...options.demo, as: pretend.as, clock: DateTime.fromMillis(at, { zone: siteZone }).toISO()!, ended: at >= end };
    },
  });
}

/** A demo day ends when the last of its sites closes (a register without opening hours: at midnight). */
export function demoEndMinute(sites: readonly { opening?: { to: string } | undefined }[]): number {
  const closings = sites.flatMap((s) => (s.opening ? [Number(s.opening.to.slice(0, 2)) * 60 + Number(s.opening.to.slice(3, 5))] : []));
  return closings.length > 0 ? Math.max(...closings) : 24 * 60 - 1;
}
