import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../simulate/rng.ts";
import { aheadOfClock, readEventTime } from "./time.ts";

/** Minutes an event may be stamped after the clock. */
const tolerance = 5;

/**
 * The reference: luxon alone, as readEventTime worked before its fast path, with the same checks
 * and reasons word for word.
 */
function viaLuxon(text: string, now: DateTime) {
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text)) return { reason: "occurred_at is not an ISO-8601 date and time" };
  const instant = DateTime.fromISO(text.replace(" ", "T"), { zone: "Asia/Shanghai", setZone: true });
  if (!instant.isValid) return { reason: `occurred_at is not a valid timestamp (${instant.invalidExplanation ?? instant.invalidReason})` };
  if (Math.abs(instant.offset) > 840) return { reason: "occurred_at has a UTC offset beyond ±14:00" };
  if (instant.toMillis() < Date.parse("2015-01-01T00:00:00+08:00")) return { reason: "occurred_at is before 2015" };
  if (instant > now.plus({ minutes: tolerance })) return { reason: aheadOfClock(tolerance) };
  return { occurredAtUtc: instant.toUTC().toFormat("yyyy-MM-dd HH:mm:ss.SSS"), localDate: instant.setZone("Asia/Shanghai").toISODate() };
}

describe("readEventTime fast path", () => {
  const now = DateTime.fromISO("2026-11-27T08:00:00+08:00");

  it("agrees with luxon on worked examples", () => {
    // 23:30 UTC is 07:30 the next morning in Shanghai.
    expect(readEventTime("2019-04-04T23:30:00Z", now, tolerance)).toEqual({ occurredAtUtc: "2019-04-04 23:30:00.000", localDate: "2019-04-05" });
    expect(readEventTime("2019-04-05T00:10:00.5+08:00", now, tolerance)).toEqual({ occurredAtUtc: "2019-04-04 16:10:00.500", localDate: "2019-04-05" });
    expect(readEventTime("2019-04-05 09:00:00-05:30", now, tolerance)).toEqual({ occurredAtUtc: "2019-04-05 14:30:00.000", localDate: "2019-04-05" });
    expect(readEventTime("2019-02-30T10:00:00+08:00", now, tolerance)).toHaveProperty("reason");
    expect(readEventTime("2014-12-31T23:59:59+08:00", now, tolerance)).toEqual({ reason: "occurred_at is before 2015" });
    expect(readEventTime("2026-11-27T08:05:00+08:00", now, tolerance)).toEqual({ occurredAtUtc: "2026-11-27 00:05:00.000", localDate: "2026-11-27" });
    expect(readEventTime("2026-11-27T08:05:00.001+08:00", now, tolerance)).toEqual({
      reason: "occurred_at is more than 5 minutes after this clock (TOURISM_FUTURE_TOLERANCE_MINUTES); replay it once that time has come",
    });
  });

  it("takes offsets up to ±14:00 and words the reason beyond", () => {
    // 10:00 at +14:00 (Kiribati) is 20:00 UTC the day before, 04:00 in Shanghai.
    expect(readEventTime("2019-04-05T10:00:00+14:00", now, tolerance)).toEqual({ occurredAtUtc: "2019-04-04 20:00:00.000", localDate: "2019-04-05" });
    expect(readEventTime("2019-04-05T10:00:00-14:00", now, tolerance)).toEqual({ occurredAtUtc: "2019-04-06 00:00:00.000", localDate: "2019-04-06" });
    for (const text of [
      "2019-04-05T10:00:00+14:01",
      "2019-04-05T10:00:00-14:30",
      "2019-04-05T10:00:00+24:00",
      "2019-04-05T10:00:00+99:00",
      "2019-04-05T10:00+15",
      "2019-04-05T10:00:00.123456-2300",
    ]) {
      expect(readEventTime(text, now, tolerance), text).toEqual({ reason: "occurred_at has a UTC offset beyond ±14:00" });
    }
  });

  it("agrees with luxon on 10,000 random timestamps, valid and not, with and without offsets", () => {
    const r = mulberry32(2024);
    const two = (n: number) => String(n).padStart(2, "0");
    for (let i = 0; i < 10_000; i++) {
      const year = 2013 + Math.floor(r() * 15);
      // Hours up to 25 and any minutes: both sides of ±14:00, and offsets luxon reads but no zone uses.
      const minutes = r() < 0.7 ? [0, 30, 45][Math.floor(r() * 3)]! : Math.floor(r() * 60);
      const offset = r() < 0.2 ? "Z" : r() < 0.25 ? "" : `${r() < 0.5 ? "+" : "-"}${two(Math.floor(r() * 26))}:${two(minutes)}`;
      const text = `${year}-${two(1 + Math.floor(r() * 12))}-${two(1 + Math.floor(r() * 31))}T${two(Math.floor(r() * 24))}:${two(Math.floor(r() * 60))}:${two(Math.floor(r() * 60))}${r() < 0.3 ? `.${Math.floor(r() * 1000)}` : ""}${offset}`;
      expect(readEventTime(text, now, tolerance), text).toEqual(viaLuxon(text, now));
    }
  });

  it("agrees with luxon, reasons included, on 50,000 hostile variations of the common shapes", () => {
    const r = mulberry32(7);
    const pick = <T>(items: readonly T[]) => items[Math.floor(r() * items.length)]!;
    // Digits that are not ASCII, look-alikes, separators luxon knows, and what ends a string early.
    const alphabet = ["0", "1", "2", "5", "9", "٣", "１", "-", ":", ".", ",", "T", "t", " ", "Z", "z", "+", "−", "\u0000", "\n", "é", "\ud800"];
    const seeds = [
      "2024-04-04T10:00:00+08:00",
      "2024-04-04 10:00:00",
      "2019-04-04T23:30:00Z",
      "2016-02-29T12:00:00.123-05:30",
      "2015-02-29T12:00:00Z", // not a leap year
      "2100-02-29T00:00:00Z", // not a leap year, and in the future
      "2024-12-31T23:59:59.999+14:00",
      "2014-12-31T16:00:00.000Z", // the first instant of 2015 at the sites
      "2014-12-31T15:59:59.999Z",
      "2026-11-27T08:05:00+08:00", // exactly the tolerance after now
      "2026-11-27T08:05:00.001+08:00",
      "0099-01-01T00:00:00Z",
      "2024-04-04T10:00",
      "2024-04-04T10:00:00+0800",
      "2024-04-04T10:00:00+08",
      "2024-04-04T10:00:00.1234+08:00",
      "2024-04-04T24:00:00",
      "2024-04-04T10:60:00",
      "2024-04-04T10:00:60",
      "2024-04-04T10:00:00+08:60",
    ];
    for (let i = 0; i < 50_000; i++) {
      let text = pick(seeds);
      for (let edits = Math.floor(r() * 4); edits > 0; edits--) {
        const at = Math.floor(r() * (text.length + 1));
        const how = r();
        if (how < 0.5)
          text = text.slice(0, at) + pick(alphabet) + text.slice(at + 1); // replace
        else if (how < 0.7)
          text = text.slice(0, at) + pick(alphabet) + text.slice(at); // insert
        else if (how < 0.9)
          text = text.slice(0, at) + text.slice(at + 1); // delete
        else text = text.slice(0, at); // cut short
      }
      expect(readEventTime(text, now, tolerance), JSON.stringify(text)).toEqual(viaLuxon(text, now));
    }
  });

  it("agrees with luxon on every day from 2015 to the day after now, either side of midnight in UTC and at the sites", () => {
    for (let day = Date.UTC(2014, 11, 30); day <= Date.UTC(2026, 10, 29); day += 86_400_000) {
      const date = new Date(day).toISOString().slice(0, 10);
      for (const clock of ["00:00:00", "15:59:59.99", "16:00:00.0", "23:59:59"]) {
        for (const offset of ["", "Z", "-12:00"]) {
          const text = `${date}T${clock}${offset}`;
          expect(readEventTime(text, now, tolerance), text).toEqual(viaLuxon(text, now));
        }
      }
    }
  });
});
