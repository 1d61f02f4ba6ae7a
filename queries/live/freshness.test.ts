import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { isStale } from "./freshness.ts";

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
