import { addDays, dayNumber, eachDate } from "../../transforms/calendar/dates.ts";

/** A run of local dates, both ends included ('YYYY-MM-DD'). */
export interface Span {
  start: string;
  end: string;
}

export type Granularity = "day" | "week" | "month";
export type Alignment = "date" | "weekday";

export interface Bucket extends Span {
  /** '2024-04-05', '2024-W14' (ISO week) or '2024-04'. */
  period: string;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The same calendar date a year earlier, used as a span boundary; 29 Feb has none, so it maps to 1 March. */
function yearEarlierBoundary(date: string): string {
  const year = Number(date.slice(0, 4)) - 1;
  const monthDay = date.slice(5);
  if (monthDay === "02-29" && !isLeap(year)) return `${year}-03-01`;
  return `${year}-${monthDay}`;
}

/**
 * The span a report compares `span` with. `weekday`: 364 days earlier, so every day meets the same
 * weekday. `date`: the same calendar dates a year earlier. The span is mapped as a half-open
 * interval [start, end + 1), so consecutive spans map to consecutive spans and months and years
 * always compare whole with whole: 29 Feb 2024 alone has no counterpart (null) and 28 Feb 2025
 * compares with 28–29 Feb 2024.
 */
export function previousSpan(span: Span, align: Alignment): Span | null {
  if (align === "weekday") return { start: addDays(span.start, -364), end: addDays(span.end, -364) };
  const start = yearEarlierBoundary(span.start);
  const end = addDays(yearEarlierBoundary(addDays(span.end, 1)), -1);
  return dayNumber(start) <= dayNumber(end) ? { start, end } : null;
}

/**
 * The first `count` days of `parts` (ordered, disjoint runs) as runs again: day N of a holiday is
 * the Nth date of its runs, so a merged holiday compares day by day with both of last year's.
 */
export function firstDays(parts: readonly Span[], count: number): Span[] {
  const out: Span[] = [];
  let left = count;
  for (const part of parts) {
    if (left <= 0) break;
    const dates = eachDate(part.start, part.end).slice(0, left);
    out.push({ start: dates[0]!, end: dates[dates.length - 1]! });
    left -= dates.length;
  }
  return out;
}

/** ISO-8601 week of a date: weeks start on Monday and belong to the year of their Thursday. */
export function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = addDays(date, 3 - weekday);
  const year = Number(thursday.slice(0, 4));
  const firstThursdayOrdinal = Math.round((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / 86_400_000);
  return `${year}-W${String(Math.floor(firstThursdayOrdinal / 7) + 1).padStart(2, "0")}`;
}

function periodOf(date: string, granularity: Granularity): string {
  if (granularity === "day") return date;
  if (granularity === "month") return date.slice(0, 7);
  return isoWeek(date);
}

/** Splits [from, to] into days, ISO weeks or calendar months; the first and last buckets are clipped. */
export function buckets(from: string, to: string, granularity: Granularity): Bucket[] {
  const out: Bucket[] = [];
  for (const date of eachDate(from, to)) {
    const period = periodOf(date, granularity);
    const last = out[out.length - 1];
    if (last && last.period === period) last.end = date;
    else out.push({ period, start: date, end: date });
  }
  return out;
}
