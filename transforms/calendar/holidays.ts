import { addDays, daysBetween, eachDate, isWeekend } from "./dates.ts";
import { type Notice, officialNotices } from "./holiday-data.ts";
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

/** A run of consecutive days off; `year` is the notice's year (New Year 2019 starts 2018-12-30). */
export interface HolidayPeriod {
  /** The first key of the notice's name; `keys` holds all, e.g. both for "国庆节、中秋节". */
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
export function buildHolidayCalendar(notices: readonly Notice[]): HolidayCalendar {
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
    periods.push({ key: keys[0]!, keys, year, name_zh: name, start, end, days: daysBetween(start, end) });
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

  const years = notices.map((notice) => notice.year);
  return {
    firstYear: Math.min(...years),
    lastYear: Math.max(...years),
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

/** The official calendar 2018–2026, from the notices bundled under ./holidays/. */
export const officialCalendar: HolidayCalendar = buildHolidayCalendar(officialNotices);

export function holidayPeriods(): HolidayPeriod[] {
  return [...officialCalendar.periods];
}

export function holidayPeriod(key: HolidayKey, year: number): HolidayPeriod | undefined {
  return officialCalendar.period(key, year);
}

export function holidayPeriodOn(date: string): HolidayPeriod | undefined {
  return officialCalendar.periodOn(date);
}

export function isMakeupWorkday(date: string): boolean {
  return officialCalendar.isMakeupWorkday(date);
}

export function classifyDate(date: string): DayClass {
  return officialCalendar.classify(date);
}
