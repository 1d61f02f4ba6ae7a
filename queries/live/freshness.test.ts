import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { isStale, staleAfterMinutes } from "./freshness.ts";

const local = (time: string) => DateTime.fromISO(`2025-10-03T${time}`, { zone: "Asia/Shanghai" });
const opening = { from: "08:30", to: "17:30" };

describe("isStale", () => {
  it("marks a site silent more than the setting during opening hours", () => {
    expect(isStale(local("12:00"), local("11:50"), opening, 15)).toBe(false);
    expect(isStale(local("12:00"), local("11:40"), opening, 15)).toBe(true);
  });

  it("counts silence from opening when nothing came yet today, and never outside opening hours", () => {
    expect(isStale(local("08:40"), null, opening, 15)).toBe(false);
    expect(isStale(local("08:50"), null, opening, 15)).toBe(true);
    expect(isStale(local("07:00"), null, opening, 15)).toBe(false);
    expect(isStale(local("18:00"), local("09:00"), opening, 15)).toBe(false);
    expect(isStale(local("12:00"), null, undefined, 15)).toBe(false);
  });
});

describe("each site's stale window", () => {
  const homestay = { kind: "homestay", opening: { from: "07:00", to: "22:00" } };
  const park = { kind: "park", opening: { from: "08:30", to: "17:30" } };
  /** Stale at `time` for a site whose latest gate count today came at `latest` (none: null), by its own window. */
  const staleAt = (site: typeof homestay & { reporting_interval_minutes?: number }, latest: string | null, time: string, override?: number) =>
    isStale(local(time), latest ? local(latest) : null, site.opening, staleAfterMinutes(site, override));

  it("waits three reporting intervals of the site's kind: a park's quarter hours, a homestay's two hours", () => {
    expect(staleAfterMinutes(park)).toBe(45);
    expect(staleAfterMinutes(homestay)).toBe(360);
    // A park's counters count every quarter hour: the 10:14:59 count is its latest.
    expect(staleAt(park, "10:14:59", "10:59:00")).toBe(false);
    expect(staleAt(park, "10:14:59", "11:00:30")).toBe(true);
    // A quiet homestay on a holiday morning: its first guests at 07:40, the next at 09:10.
    expect(staleAt(homestay, null, "09:00")).toBe(false);
    expect(staleAt(homestay, "07:40:00", "11:00")).toBe(false);
    expect(staleAt(homestay, "09:10:00", "15:05")).toBe(false);
    expect(staleAt(homestay, "09:10:00", "15:11")).toBe(true);
    // A counter silent since opening is stale after three intervals too.
    expect(staleAt(homestay, null, "13:01")).toBe(true);
  });

  it("takes the register's interval of a site over its kind's, and TOURISM_LIVE_STALE_MINUTES over both", () => {
    const counted = { ...park, reporting_interval_minutes: 5 };
    expect(staleAt(counted, "10:14:59", "10:29:00")).toBe(false);
    expect(staleAt(counted, "10:14:59", "10:30:30")).toBe(true);
    expect(staleAfterMinutes({ kind: "boat_hire" })).toBe(45);
    expect(staleAt(homestay, "09:10:00", "09:30", 15)).toBe(true);
    expect(staleAt(park, "10:14:59", "11:00:30", 60)).toBe(false);
  });
});
