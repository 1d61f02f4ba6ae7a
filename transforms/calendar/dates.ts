/**
 * Local calendar dates as 'YYYY-MM-DD' strings. Arithmetic runs on integer day numbers (days since
 * 1970-01-01), never on the strings: '+010000-01-01' would sort below '9999-12-31'.
 */

const msPerDay = 86_400_000;

/** Longest run of dates one call may produce: far beyond any report, short enough never to hang. */
export const maxDateRun = 20_000;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date (negative before). */
export function dayNumber(date: string): number {
  const d = new Date(0);
  d.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return Math.round(d.getTime() / msPerDay);
}

function formatDay(day: number): string {
  return new Date(day * msPerDay).toISOString().slice(0, 10);
}

/** The date of a day number; a year outside 0000–9999 has no 'YYYY-MM-DD' form and is a bug upstream. */
export function dateOfDay(day: number): string {
  const date = formatDay(day);
  if (!/^\d{4}-/.test(date)) throw new RangeError(`day ${day} lies outside the years 0000–9999`);
  return date;
}

export function addDays(date: string, days: number): string {
  return dateOfDay(dayNumber(date) + days);
}

export function isWeekend(date: string): boolean {
  const weekday = (((dayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; Sunday 0
  return weekday === 0 || weekday === 6;
}

/** Days from `start` to `end`, both included (0 or less when `end` is before `start`). */
export function daysBetween(start: string, end: string): number {
  return dayNumber(end) - dayNumber(start) + 1;
}

/** Every date from `start` to `end`, both included; at most maxDateRun. */
export function eachDate(start: string, end: string): string[] {
  const first = dayNumber(start);
  const count = daysBetween(start, end);
  if (count > maxDateRun) throw new RangeError(`${start} to ${end} is ${count} days; at most ${maxDateRun} are listed`);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(dateOfDay(first + i));
  return out;
}

/** A real calendar date in 'YYYY-MM-DD' form (rejects 2024-02-30). */
export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && formatDay(dayNumber(value)) === value;
}
