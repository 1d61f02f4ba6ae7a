import { describe, expect, it } from "vitest";
import type { Detail } from "./demand.ts";
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
  opening: { from: 8 * 60 + 30, to: 17 * 60 + 30 },
  offers: [],
  channelShare: { onsite: 1, online: 0, ota: 0, group: 0 },
  annualGrowth: 0,
};
const plan = (visitors: number, detail: Detail) => ({ profile, date: "2019-04-05", visitors, detail });
const total = (events: { count: number; direction: string }[], direction: string) =>
  events.filter((e) => e.direction === direction).reduce((s, e) => s + e.count, 0);

describe("footfall", () => {
  it("daily: one entry count per gate, summing to the day's visitors", () => {
    const events = footfallEvents(plan(1234, "daily"), "t", rngFor(1));
    expect(events).toHaveLength(3);
    expect(total(events, "in")).toBe(1234);
    expect(events.every((e) => e.occurred_at === "2019-04-05T17:29:59+08:00")).toBe(true);
  });

  it("intraday: entries and exits per gate every quarter hour within opening hours, everyone out by closing", () => {
    const events = footfallEvents(plan(1234, "intraday"), "t", rngFor(1));
    const times = events.map((e) => e.occurred_at.slice(11, 19)).sort();
    expect(times[0]! > "08:30:00").toBe(true);
    expect(times.at(-1)! <= "17:29:59").toBe(true);
    expect(new Set(events.map((e) => e.occurred_at.slice(14, 19)))).toEqual(new Set(["14:59", "29:59", "44:59", "59:59"]));
    expect(total(events, "in")).toBe(1234);
    expect(total(events, "out")).toBe(1234);
    for (const gate of profile.gates) {
      const atGate = events.filter((e) => e.gate_id === gate);
      expect(total(atGate, "in")).toBe(total(atGate, "out"));
    }
    expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
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
