import type { HolidayCalendar } from "./holidays.ts";

/** The first year from the calendar's first on that it does not cover: a gap, else the year after its last. */
export function nextMissingYear(calendar: HolidayCalendar): number {
  let year = calendar.firstYear;
  while (calendar.years.includes(year)) year++;
  return year;
}

/** Why a year cannot be reported on, and how to fix it: one line for messages and `tourism calendar`. */
export function missingYearMessage(calendar: HolidayCalendar, year: number): string {
  return `${year}: not in the calendar — add its arrangement to ${calendar.addYearHint(year)}, published by the State Council each autumn`;
}

/** `tourism calendar`: the years covered with their holiday periods, then the next missing year. */
export function formatCalendarListing(calendar: HolidayCalendar): string {
  const lines = [`holiday calendar: ${calendar.years.length} years, ${calendar.firstYear}–${calendar.lastYear}`];
  for (const year of calendar.years) {
    const periods = calendar.periods.filter((p) => p.year === year);
    lines.push(`${year}  ${periods.map((p) => `${p.name_zh} ${p.start.slice(5)}–${p.end.slice(5)} (${p.days})`).join(" · ")}`);
  }
  lines.push(missingYearMessage(calendar, nextMissingYear(calendar)));
  return `${lines.join("\n")}\n`;
}
