import { describe, expect, it } from "vitest";
import { footfallEvents } from "./footfall.ts";
import { rngFor } from "./rng.ts";
import type { SiteProfile } from "./scenario.ts";

const profile: SiteProfile = {
  siteId: "park",
  operatorId: "op",
  townId: "langxia",
  gates: ["north", "south", "east"],
  base: 100,
  weekday: [1, 1, 1, 1, 1, 1, 1],
  openHour: 8,
  closeHour: 17,
  offers: [],
  channelShare: { onsite: 1, online: 0, ota: 0, group: 0 },
  annualGrowth: 0,
};
const plan = (visitors: number, detail: "daily" | "hourly") => ({ profile, date: "2019-04-05", visitors, detail });
const total = (events: { count: number; direction: string }[], direction: string) =>
  events.filter((e) => e.direction === direction).reduce((s, e) => s + e.count, 0);

describe("footfall", () => {
  it("daily: one entry count per gate, summing to the day's visitors", () => {
    const events = footfallEvents(plan(1234, "daily"), "t", rngFor(1));
    expect(events).toHaveLength(3);
    expect(total(events, "in")).toBe(1234);
    expect(events.every((e) => e.occurred_at === "2019-04-05T16:59:59+08:00")).toBe(true);
  });

  it("hourly: entries per gate per opening hour, and every visitor leaves by closing", () => {
    const events = footfallEvents(plan(1234, "hourly"), "t", rngFor(1));
    const entries = events.filter((e) => e.direction === "in");
    expect(new Set(entries.map((e) => e.occurred_at.slice(11, 13)))).toEqual(new Set(["08", "09", "10", "11", "12", "13", "14", "15", "16"]));
    expect(total(events, "in")).toBe(1234);
    expect(total(events, "out")).toBe(1234);
  });

  it("a closed day reports a zero per gate", () => {
    const events = footfallEvents(plan(0, "daily"), "t", rngFor(1));
    expect(events.map((e) => [e.gate_id, e.count])).toEqual([
      ["north", 0],
      ["south", 0],
      ["east", 0],
    ]);
  });
});
