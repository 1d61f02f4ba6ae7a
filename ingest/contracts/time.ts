import { DateTime } from "luxon";
import { civilDayNumber, dateOfDay } from "../../transforms/calendar/dates.ts";

export const siteZone = "Asia/Shanghai";

/** Events before this instant predate the alliance's systems. */
export const earliestEvent = DateTime.fromISO("2015-01-01T00:00:00", { zone: siteZone });

const dateAndTime = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

export interface EventTime {
  /** The instant, as ClickHouse DateTime64(3, 'UTC') text. */
  occurredAtUtc: string;
  /** The calendar day at the site (Asia/Shanghai). */
  localDate: string;
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
/** The widest offsets in use on Earth are −12:00 and +14:00; beyond ±14:00 is a broken clock or a typo. */
const maxOffsetMinutes = 14 * 60;
const earliestMs = earliestEvent.toMillis();

/** The number of the ASCII digits at text[start, start + length), or -1 when any is not one. */
function digitsAt(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const digit = text.charCodeAt(i) - 48; // NaN past the end
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** YYYY-MM-DD per epoch day; the accepted range (2015 to the clock and its tolerance) bounds it to a few thousand days. */
const dayTexts = new Map<number, string>();
function dayText(epochDayNumber: number): string {
  let text = dayTexts.get(epochDayNumber);
  if (text === undefined) {
    text = dateOfDay(epochDayNumber);
    dayTexts.set(epochDayNumber, text);
  }
  return text;
}

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const three = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * The same answer as the luxon path below for the common shape — YYYY-MM-DD[T ]HH:mm:ss, at most
 * milliseconds, and an offset ±HH:mm, Z, or none (local) — read character by character without
 * luxon, a regular expression or a Date (luxon cost tens of microseconds an event and dominated
 * bulk ingest). Anything unusual or out of range returns undefined and goes the luxon way, which
 * words the reason.
 */
function readPlainOffsetTime(text: string, latestMs: number): EventTime | undefined {
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const separator = text.charCodeAt(10);
  if (
    year < 0 ||
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    (separator !== 84 && separator !== 32) || // T or space
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > (month === 2 && isLeapYear(year) ? 29 : monthDays[month - 1]!) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  )
    return undefined;
  let at = 19;
  let millis = 0;
  if (text.charCodeAt(at) === 46) {
    // .S, .SS or .SSS: a fraction of a second, so ".5" is 500 ms.
    let digits = 0;
    while (digits < 3 && digitsAt(text, at + 1 + digits, 1) >= 0) digits += 1;
    if (digits === 0) return undefined;
    millis = digitsAt(text, at + 1, digits) * (digits === 1 ? 100 : digits === 2 ? 10 : 1);
    at += 1 + digits;
  }
  // No offset: local time at the site, and Asia/Shanghai has been UTC+8 without DST since 1991.
  let offsetMinutes = 8 * 60;
  if (at === text.length - 1 && text.charCodeAt(at) === 90)
    offsetMinutes = 0; // Z
  else if (at === text.length - 6) {
    const sign = text.charCodeAt(at);
    const offsetHours = digitsAt(text, at + 1, 2);
    const offsetMinutesPart = digitsAt(text, at + 4, 2);
    if ((sign !== 43 && sign !== 45) || text.charCodeAt(at + 3) !== 58 || offsetHours < 0 || offsetMinutesPart < 0 || offsetMinutesPart > 59) return undefined;
    offsetMinutes = (sign === 45 ? -1 : 1) * (offsetHours * 60 + offsetMinutesPart);
    if (Math.abs(offsetMinutes) > maxOffsetMinutes) return undefined;
  } else if (at !== text.length) return undefined;
  const instant = civilDayNumber(year, month, day) * dayMs + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
  if (instant < earliestMs || instant > latestMs) return undefined;
  const utcDay = Math.floor(instant / dayMs);
  const ofDay = instant - utcDay * dayMs;
  const clock = `${two(Math.floor(ofDay / hourMs))}:${two(Math.floor(ofDay / 60_000) % 60)}:${two(Math.floor(ofDay / 1000) % 60)}.${three(ofDay % 1000)}`;
  return { occurredAtUtc: `${dayText(utcDay)} ${clock}`, localDate: dayText(Math.floor((instant + 8 * hourMs) / dayMs)) };
}

/** The reason for a time beyond the clock's tolerance: one wording per tolerance, so an import's summary groups them. */
export const aheadOfClock = (toleranceMinutes: number) =>
  `occurred_at is more than ${toleranceMinutes} minute${toleranceMinutes === 1 ? "" : "s"} after this clock (TOURISM_FUTURE_TOLERANCE_MINUTES); replay it once that time has come`;

/**
 * Reads an ISO-8601 timestamp: with an offset or Z it is that instant; without one it is local time
 * at the site. Returns a reason when it is not a timestamp or lies outside [2015, now + the
 * tolerance]: `now` is the clock the process runs on (a demo's clock in a demo), and a source clock
 * running further ahead would announce counts before they happened.
 */
export function readEventTime(text: string, now: DateTime, toleranceMinutes: number): EventTime | { reason: string } {
  const latestMs = now.toMillis() + toleranceMinutes * 60_000;
  const fast = readPlainOffsetTime(text, latestMs);
  if (fast) return fast;
  if (!dateAndTime.test(text)) return { reason: "occurred_at is not an ISO-8601 date and time" };
  // An explicit offset wins over `zone`; `zone` only applies to naive local times. setZone keeps
  // the offset as written, to check its range.
  const instant = DateTime.fromISO(text.replace(" ", "T"), { zone: siteZone, setZone: true });
  if (!instant.isValid) return { reason: `occurred_at is not a valid timestamp (${instant.invalidExplanation ?? instant.invalidReason})` };
  if (Math.abs(instant.offset) > maxOffsetMinutes) return { reason: "occurred_at has a UTC offset beyond ±14:00" };
  if (instant < earliestEvent) return { reason: "occurred_at is before 2015" };
  if (instant.toMillis() > latestMs) return { reason: aheadOfClock(toleranceMinutes) };
  return {
    occurredAtUtc: instant.toUTC().toFormat("yyyy-MM-dd HH:mm:ss.SSS"),
    localDate: instant.setZone(siteZone).toISODate()!,
  };
}

/** Today at the sites (Asia/Shanghai), YYYY-MM-DD. */
export function localToday(now: DateTime = DateTime.now()): string {
  return now.setZone(siteZone).toISODate()!;
}
