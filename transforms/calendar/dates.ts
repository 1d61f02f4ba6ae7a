/**
 * Local calendar dates as 'YYYY-MM-DD' strings. Arithmetic runs on integer day numbers (days since
 * 1970-01-01), never on the strings: '+010000-01-01' would sort below '9999-12-31'.
 */

/** Longest run of dates one call may produce: far beyond any report, short enough never to hang. */
export const maxDateRun = 20_000;

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (month 1–12; a day past its month's end runs
 * on into the next). Years are counted from March, so a leap day falls at a year's end (Howard
 * Hinnant's days_from_civil): plain arithmetic, where a Date took a fraction of a microsecond a call.
 */
export function civilDayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date (negative before). */
export function dayNumber(date: string): number {
  return civilDayNumber(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/** Day numbers of 0000-01-01 and 9999-12-31, the calendar's 'YYYY-MM-DD' range. */
const firstDay = civilDayNumber(0, 1, 1);
const lastDay = civilDayNumber(9999, 12, 31);

const twoDigits = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * The date of a day number, by the inverse arithmetic (civil_from_days): reports turn thousands of
 * day numbers into dates, and this takes a fraction of formatting a Date.
 */
function formatDay(day: number): string {
  const sinceMarch = day + 719_468; // days since 0000-03-01
  const era = Math.floor(sinceMarch / 146_097);
  const dayOfEra = sinceMarch - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, "0")}-${twoDigits(month)}-${twoDigits(dayOfMonth)}`;
}

/** The date of a day number; a year outside 0000–9999 has no 'YYYY-MM-DD' form and is a bug upstream. */
export function dateOfDay(day: number): string {
  if (!Number.isInteger(day) || day < firstDay || day > lastDay) throw new RangeError(`day ${day} lies outside the years 0000–9999`);
  return formatDay(day);
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
