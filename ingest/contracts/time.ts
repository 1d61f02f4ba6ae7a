import { DateTime } from "luxon";

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
/** The widest offsets in use on Earth are −12:00 and +14:00; beyond ±14:00 is a broken clock or a typo. */
const maxOffsetMinutes = 14 * 60;
const earliestMs = earliestEvent.toMillis();
/** The common shapes sources send: seconds, at most milliseconds, and an offset, Z, or none (local). */
const plainOffsetTime = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:(Z)|([+-])(\d{2}):(\d{2}))?$/;

/**
 * The same answer as the luxon path below for the common shape, without luxon (which costs tens of
 * microseconds an event and dominated bulk ingest). Anything unusual or out of range returns
 * undefined and goes the luxon way, which words the reason.
 */
function readPlainOffsetTime(text: string, nowMs: number): EventTime | undefined {
  const m = plainOffsetTime.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  // No offset: local time at the site, and Asia/Shanghai has been UTC+8 without DST since 1991.
  const naive = !m[8] && !m[9];
  const offsetHours = m[8] ? 0 : naive ? 8 : Number(m[10]);
  const offsetMinutes = m[8] || naive ? 0 : Number(m[11]);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offsetMinutes > 59 ||
    offsetHours * 60 + offsetMinutes > maxOffsetMinutes
  )
    return undefined;
  const millis = Number((m[7] ?? "").padEnd(3, "0"));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (new Date(wall).getUTCDate() !== day) return undefined; // 2019-02-30
  const sign = m[9] === "-" ? -1 : 1;
  const instant = wall - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  if (instant < earliestMs || instant > nowMs + 24 * hourMs) return undefined;
  const utc = new Date(instant).toISOString(); // yyyy-MM-ddTHH:mm:ss.SSSZ
  return { occurredAtUtc: `${utc.slice(0, 10)} ${utc.slice(11, 23)}`, localDate: new Date(instant + 8 * hourMs).toISOString().slice(0, 10) };
}

/**
 * Reads an ISO-8601 timestamp: with an offset or Z it is that instant; without one it is local time
 * at the site. Returns a reason when it is not a timestamp or lies outside [2015, now + 1 day].
 */
export function readEventTime(text: string, now: DateTime): EventTime | { reason: string } {
  const fast = readPlainOffsetTime(text, now.toMillis());
  if (fast) return fast;
  if (!dateAndTime.test(text)) return { reason: "occurred_at is not an ISO-8601 date and time" };
  // An explicit offset wins over `zone`; `zone` only applies to naive local times. setZone keeps
  // the offset as written, to check its range.
  const instant = DateTime.fromISO(text.replace(" ", "T"), { zone: siteZone, setZone: true });
  if (!instant.isValid) return { reason: `occurred_at is not a valid timestamp (${instant.invalidExplanation ?? instant.invalidReason})` };
  if (Math.abs(instant.offset) > maxOffsetMinutes) return { reason: "occurred_at has a UTC offset beyond ±14:00" };
  if (instant < earliestEvent) return { reason: "occurred_at is before 2015" };
  if (instant > now.plus({ days: 1 })) return { reason: "occurred_at is more than 1 day in the future" };
  return {
    occurredAtUtc: instant.toUTC().toFormat("yyyy-MM-dd HH:mm:ss.SSS"),
    localDate: instant.setZone(siteZone).toISODate()!,
  };
}

/** Today at the sites (Asia/Shanghai), YYYY-MM-DD. */
export function localToday(now: DateTime = DateTime.now()): string {
  return now.setZone(siteZone).toISODate()!;
}
