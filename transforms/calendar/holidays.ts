import { z } from "zod";
import { addDays, daysBetween, eachDate, isIsoDate, isWeekend } from "./dates.ts";
import type { HolidayKey } from "./holiday-keys.ts";

export { type HolidayKey, holidayKeys } from "./holiday-keys.ts";

const keyByName: Record<string, HolidayKey> = {
  元旦: "new_year",
  春节: "spring_festival",
  清明节: "qingming",
  劳动节: "labour_day",
  端午节: "dragon_boat",
  中秋节: "mid_autumn",
  国庆节: "national_day",
};

/**
 * One State Council notice year (holiday-cn format); extra fields ($schema, papers) are ignored.
 * Checked the same way for the shipped years and a user's: each date in the notice's year (New
 * Year's days off may begin in the last week of the December before), no date twice, make-up
 * working days on weekends (or the weekday that ends an extended holiday: Spring Festival 2020
 * lists Monday 3 February), and each statutory holiday named exactly once.
 */
export const noticeSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    days: z
      .array(
        z.object({
          name: z.string().min(1),
          date: z.string().refine(isIsoDate, "expected a date YYYY-MM-DD"),
          isOffDay: z.boolean(),
        }),
      )
      .min(1, "an arrangement lists at least one day"),
  })
  .superRefine((notice, ctx) => {
    const seen = new Set<string>();
    const offDates = new Set(notice.days.filter((d) => d.isOffDay).map((d) => d.date));
    notice.days.forEach((day, i) => {
      const issue = (message: string) => ctx.addIssue({ code: "custom", path: ["days", i, "date"], message });
      const lateDecember = day.name === "元旦" && day.date >= `${notice.year - 1}-12-25` && day.date <= `${notice.year - 1}-12-31`;
      if (!day.date.startsWith(`${notice.year}-`) && !lateDecember) issue(`${day.date} is not in ${notice.year}`);
      if (seen.has(day.date)) issue(`${day.date} is listed twice`);
      seen.add(day.date);
      if (!day.isOffDay && !isWeekend(day.date) && !offDates.has(addDays(day.date, -1))) issue(`make-up working day ${day.date} is not a Saturday or Sunday`);
    });
    const named = new Map<HolidayKey, Set<string>>();
    for (const day of notice.days.filter((d) => d.isOffDay)) {
      for (const part of day.name.split("、")) {
        const key = keyByName[part];
        if (!key) {
          ctx.addIssue({
            code: "custom",
            path: ["days"],
            message: `unknown holiday name ${JSON.stringify(part)}; expected ${Object.keys(keyByName).join(", ")}`,
          });
          return;
        }
        named.set(key, (named.get(key) ?? new Set()).add(day.name));
      }
    }
    for (const [name, key] of Object.entries(keyByName)) {
      const names = named.get(key);
      if (!names) ctx.addIssue({ code: "custom", path: ["days"], message: `${name} has no day off` });
      else if (names.size > 1) ctx.addIssue({ code: "custom", path: ["days"], message: `${name} is named in ${[...names].join(" and ")}` });
    }
  });

export type Notice = z.infer<typeof noticeSchema>;

/** A run of consecutive days off; `year` is the notice's year (New Year 2019 starts 2018-12-30). */
export interface HolidayPeriod {
  /**
   * The holiday the period is known by: National Day for a merged Mid-Autumn/National Day period,
   * whichever the notice names first (中秋节、国庆节 in 2023), else the notice's one key; `keys` holds all.
   */
  key: HolidayKey;
  keys: HolidayKey[];
  year: number;
  name_zh: string;
  start: string;
  end: string;
  days: number;
}

export type DayKind = "holiday" | "makeup_workday" | "weekend" | "workday";

export interface DayClass {
  kind: DayKind;
  holidays: HolidayKey[];
}

export interface HolidayCalendar {
  /** The first and last calendar year the notices cover. */
  firstYear: number;
  lastYear: number;
  /** The notice years, ascending. */
  years: number[];
  /** Where a missing year's arrangement goes, for messages ("add its arrangement to …"). */
  addYearHint(year: number): string;
  /** The notices it was built from: a worker thread, which cannot be sent functions, rebuilds the calendar from them. */
  notices: readonly Notice[];
  periods: HolidayPeriod[];
  period(key: HolidayKey, year: number): HolidayPeriod | undefined;
  /** The holiday period a date falls in, if any. */
  periodOn(date: string): HolidayPeriod | undefined;
  /** A weekend day the notices turn into a working day (调休). */
  isMakeupWorkday(date: string): boolean;
  classify(date: string): DayClass;
}

export class HolidayDataError extends Error {}

function keysOf(name: string): HolidayKey[] {
  return name.split("、").map((part) => {
    const key = keyByName[part];
    if (!key) throw new HolidayDataError(`unknown holiday name ${JSON.stringify(part)} in ${JSON.stringify(name)}`);
    return key;
  });
}

/**
 * Turns the notices into periods: the listed days off of one notice and name, extended over the
 * adjoining Saturdays and Sundays that are neither make-up working days nor listed themselves
 * (notices do not list such weekends: Qingming 2019 lists only Friday 5 April).
 */
export function buildHolidayCalendar(
  notices: readonly Notice[],
  addYearHint: (year: number) => string = (year) => `${year}.json in a directory that TOURISM_HOLIDAYS names`,
): HolidayCalendar {
  const offDays = new Set<string>();
  const makeupDays = new Set<string>();
  const groups = new Map<string, { year: number; name: string; dates: string[] }>();
  for (const notice of notices) {
    for (const day of notice.days) {
      if ((day.isOffDay ? makeupDays : offDays).has(day.date)) throw new HolidayDataError(`${day.date} is listed both as a day off and as a working day`);
      if (!day.isOffDay) {
        makeupDays.add(day.date);
        continue;
      }
      offDays.add(day.date);
      const id = `${notice.year}|${day.name}`;
      const group = groups.get(id) ?? { year: notice.year, name: day.name, dates: [] };
      group.dates.push(day.date);
      groups.set(id, group);
    }
  }
  const plainWeekend = (date: string) => isWeekend(date) && !makeupDays.has(date) && !offDays.has(date);

  const periods: HolidayPeriod[] = [];
  for (const { year, name, dates } of groups.values()) {
    dates.sort();
    let start = dates[0]!;
    let end = dates[dates.length - 1]!;
    const gap = eachDate(start, end).find((date) => !offDays.has(date) && !plainWeekend(date));
    if (gap) throw new HolidayDataError(`${year} ${name}: ${gap} is a working day inside the listed days off`);
    // A weekend is at most two days long.
    for (let i = 0; i < 2 && plainWeekend(addDays(start, -1)); i++) start = addDays(start, -1);
    for (let i = 0; i < 2 && plainWeekend(addDays(end, 1)); i++) end = addDays(end, 1);
    const keys = keysOf(name);
    const key = keys.includes("national_day") ? "national_day" : keys[0]!;
    periods.push({ key, keys, year, name_zh: name, start, end, days: daysBetween(start, end) });
  }
  periods.sort((a, b) => a.start.localeCompare(b.start));

  const periodByDate = new Map<string, HolidayPeriod>();
  for (const period of periods) {
    for (const date of eachDate(period.start, period.end)) {
      const other = periodByDate.get(date);
      if (other) throw new HolidayDataError(`${date} falls in both ${other.year} ${other.name_zh} and ${period.year} ${period.name_zh}`);
      periodByDate.set(date, period);
    }
  }

  const years = [...new Set(notices.map((notice) => notice.year))].sort((a, b) => a - b);
  return {
    firstYear: years[0]!,
    lastYear: years[years.length - 1]!,
    years,
    addYearHint,
    notices,
    periods,
    period: (key, year) => periods.find((p) => p.year === year && p.keys.includes(key)),
    periodOn: (date) => periodByDate.get(date),
    isMakeupWorkday: (date) => makeupDays.has(date),
    classify(date) {
      const period = periodByDate.get(date);
      if (period) return { kind: "holiday", holidays: [...period.keys] };
      if (makeupDays.has(date)) return { kind: "makeup_workday", holidays: [] };
      return { kind: isWeekend(date) ? "weekend" : "workday", holidays: [] };
    },
  };
}
