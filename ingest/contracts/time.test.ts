import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../simulate/rng.ts";
import { readEventTime } from "./time.ts";

/** The reference: luxon alone, as readEventTime worked before its fast path, plus the ±14:00 offset rule. */
function viaLuxon(text: string, now: DateTime) {
  const instant = DateTime.fromISO(text.replace(" ", "T"), { zone: "Asia/Shanghai", setZone: true });
  if (!instant.isValid || Math.abs(instant.offset) > 840) return "invalid";
  if (instant.toMillis() < Date.parse("2015-01-01T00:00:00+08:00") || instant > now.plus({ days: 1 })) return "invalid";
  return { occurredAtUtc: instant.toUTC().toFormat("yyyy-MM-dd HH:mm:ss.SSS"), localDate: instant.setZone("Asia/Shanghai").toISODate() };
}

describe("readEventTime fast path", () => {
  const now = DateTime.fromISO("2026-11-27T08:00:00+08:00");

  it("agrees with luxon on worked examples", () => {
    // 23:30 UTC is 07:30 the next morning in Shanghai.
    expect(readEventTime("2019-04-04T23:30:00Z", now)).toEqual({ occurredAtUtc: "2019-04-04 23:30:00.000", localDate: "2019-04-05" });
    expect(readEventTime("2019-04-05T00:10:00.5+08:00", now)).toEqual({ occurredAtUtc: "2019-04-04 16:10:00.500", localDate: "2019-04-05" });
    expect(readEventTime("2019-04-05 09:00:00-05:30", now)).toEqual({ occurredAtUtc: "2019-04-05 14:30:00.000", localDate: "2019-04-05" });
    expect(readEventTime("2019-02-30T10:00:00+08:00", now)).toHaveProperty("reason");
    expect(readEventTime("2014-12-31T23:59:59+08:00", now)).toEqual({ reason: "occurred_at is before 2015" });
    expect(readEventTime("2026-11-28T08:00:01+08:00", now)).toEqual({ reason: "occurred_at is more than 1 day in the future" });
  });

  it("takes offsets up to ±14:00 and words the reason beyond", () => {
    // 10:00 at +14:00 (Kiribati) is 20:00 UTC the day before, 04:00 in Shanghai.
    expect(readEventTime("2019-04-05T10:00:00+14:00", now)).toEqual({ occurredAtUtc: "2019-04-04 20:00:00.000", localDate: "2019-04-05" });
    expect(readEventTime("2019-04-05T10:00:00-14:00", now)).toEqual({ occurredAtUtc: "2019-04-06 00:00:00.000", localDate: "2019-04-06" });
    for (const text of [
      "2019-04-05T10:00:00+14:01",
      "2019-04-05T10:00:00-14:30",
      "2019-04-05T10:00:00+24:00",
      "2019-04-05T10:00:00+99:00",
      "2019-04-05T10:00+15",
      "2019-04-05T10:00:00.123456-2300",
    ]) {
      expect(readEventTime(text, now), text).toEqual({ reason: "occurred_at has a UTC offset beyond ±14:00" });
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
      const got = readEventTime(text, now);
      const want = viaLuxon(text, now);
      expect("reason" in got ? "invalid" : got, text).toEqual(want);
    }
  });
});
