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

  it("hourly: each gate reports its entries every clock hour (0 too) and its exits, stamped just before the hour", () => {
    const events = footfallEvents(plan(1234, "hourly"), "t", rngFor(1));
    expect(total(events, "in")).toBe(1234);
    expect(total(events, "out")).toBe(1234);
    for (const gate of profile.gates) {
      const stamps = events.filter((e) => e.gate_id === gate && e.direction === "in").map((e) => e.occurred_at.slice(11, 19));
      // 08:30–17:30: the first hour is cut short by opening, the last by closing.
      expect(stamps).toEqual(["08:59:59", "09:59:59", "10:59:59", "11:59:59", "12:59:59", "13:59:59", "14:59:59", "15:59:59", "16:59:59", "17:29:59"]);
    }
    expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
  });

  it("intraday: a gate with nobody coming in a quarter hour still reports its entries as 0", () => {
    const events = footfallEvents(plan(5, "intraday"), "t", rngFor(1));
    for (const gate of profile.gates) expect(events.filter((e) => e.gate_id === gate && e.direction === "in")).toHaveLength(36);
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
