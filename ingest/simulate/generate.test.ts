import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import { describe, expect, it } from "vitest";
import { dayDetail, emptyStats, simulate } from "./generate.ts";
import { baseScenario } from "./scenario.ts";

const sites = [
  { site_id: "park", operator_id: "op", town_id: "langxia", kind: "park", gates: ["north", "south"] },
  { site_id: "farm", operator_id: "op2", town_id: "guangchen", kind: "farm", gates: ["gate"] },
];
const scenario = baseScenario("test", sites, [], await loadHolidayCalendar());
const run = (seed: number, from: string, to: string) => [...simulate(scenario, { seed, from, to, detail: "daily" }, emptyStats())];

describe("simulate", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const a = JSON.stringify(run(7, "2019-04-01", "2019-04-10"));
    expect(JSON.stringify(run(7, "2019-04-01", "2019-04-10"))).toBe(a);
    expect(JSON.stringify(run(8, "2019-04-01", "2019-04-10"))).not.toBe(a);
  });

  it("a day's messages do not depend on the range generated around it", () => {
    const long = run(7, "2019-03-01", "2019-04-30").find((d) => d.date === "2019-04-06");
    const short = run(7, "2019-04-06", "2019-04-06")[0];
    expect(short).toEqual(long);
  });

  it("stops at `until`: nothing that happens later is emitted", () => {
    const until = Date.parse("2019-04-05T12:00:00+08:00");
    const days = [...simulate(scenario, { seed: 7, from: "2019-04-01", to: "2019-04-10", detail: "intraday", until }, emptyStats())];
    expect(days.at(-1)!.date).toBe("2019-04-05");
    expect(days.flatMap((d) => d.messages).every((m) => m.at <= until)).toBe(true);
  });

  it("intraday days keep the day's entries: visitors per site as with daily detail; a pretended day takes the other day's", () => {
    const entries = (options: { detail: "daily" | "intraday"; intraday?: string[]; pretend?: { date: string; as: string } }, date: string) => {
      const bySite = new Map<string, number>();
      for (const day of simulate(scenario, { seed: 7, from: "2019-04-01", to: "2019-04-07", ...options }, emptyStats())) {
        for (const m of day.messages) {
          const e = JSON.parse(m.text) as { type: string; site_id: string; direction?: string; count?: number; occurred_at: string };
          if (e.type === "footfall" && e.direction === "in" && e.occurred_at.startsWith(date)) bySite.set(e.site_id, (bySite.get(e.site_id) ?? 0) + e.count!);
        }
      }
      return bySite;
    };
    const daily = entries({ detail: "daily" }, "2019-04-05");
    expect([...daily.values()].every((n) => n > 0)).toBe(true);
    expect(entries({ detail: "daily", intraday: ["2019-04-05"] }, "2019-04-05")).toEqual(daily);
    expect(entries({ detail: "daily", intraday: ["2019-04-02"], pretend: { date: "2019-04-02", as: "2019-04-05" } }, "2019-04-02")).toEqual(daily);
  });

  it("daily history is cut hourly on holiday days (Qingming 2019: 5–7 April), intraday on the live day and its compared days", () => {
    const options = { detail: "daily" as const, intraday: ["2019-04-06"] };
    expect(["2019-04-04", "2019-04-05", "2019-04-06", "2019-04-07", "2019-04-08"].map((d) => dayDetail(scenario, options, d))).toEqual([
      "daily",
      "hourly",
      "intraday",
      "hourly",
      "daily",
    ]);
    const day = run(7, "2019-04-05", "2019-04-05")[0]!
      .messages.filter((m) => m.kind === "footfall")
      .map((m) => JSON.parse(m.text));
    // Just before each clock hour, or before a half-hour closing (17:30 at the park).
    expect(new Set(day.map((e) => e.occurred_at.slice(14, 19)))).toEqual(new Set(["59:59", "29:59"]));
    expect(day.some((e) => e.direction === "out")).toBe(true);
  });
});
