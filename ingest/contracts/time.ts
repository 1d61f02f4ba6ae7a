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

/**
 * Reads an ISO-8601 timestamp: with an offset or Z it is that instant; without one it is local time
 * at the site. Returns a reason when it is not a timestamp or lies outside [2015, now + 1 day].
 */
export function readEventTime(text: string, now: DateTime): EventTime | { reason: string } {
  if (!dateAndTime.test(text)) return { reason: "occurred_at is not an ISO-8601 date and time" };
  // An explicit offset wins over `zone`; `zone` only applies to naive local times.
  const instant = DateTime.fromISO(text.replace(" ", "T"), { zone: siteZone });
  if (!instant.isValid) return { reason: `occurred_at is not a valid timestamp (${instant.invalidExplanation ?? instant.invalidReason})` };
  if (instant < earliestEvent) return { reason: "occurred_at is before 2015" };
  if (instant > now.plus({ days: 1 })) return { reason: "occurred_at is more than 1 day in the future" };
  return {
    occurredAtUtc: instant.toUTC().toFormat("yyyy-MM-dd HH:mm:ss.SSS"),
    localDate: instant.setZone(siteZone).toISODate()!,
  };
}
