import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import { loadFestivals } from "../../transforms/calendar/festivals.ts";
import { loadRegister, registerLookup } from "../../transforms/register/register.ts";
import { validateEvent } from "../steps/validate.ts";
import { buildScenario } from "./default-scenario.ts";
import { createDemand } from "./demand.ts";
import { comparedDays, demoClock, demoHolidayArg, demoStartMinute, pretendDay, siteClock } from "./demo-holiday.ts";
import { dayMessages } from "./generate.ts";

const calendar = await loadHolidayCalendar();

const today = "2026-11-27";

describe("--demo-holiday", () => {
  it("reads KEY[:DAY], day 1 by default", () => {
    expect(demoHolidayArg("national_day:3")).toEqual({ holiday: "national_day", day: 3 });
    expect(demoHolidayArg("qingming")).toEqual({ holiday: "qingming", day: 1 });
  });

  it.each(["christmas:1", "qingming:0", "qingming:x", "Qingming", ""])("refuses %j naming the keys", (value) => {
    expect(() => demoHolidayArg(value)).toThrow(/expected KEY\[:DAY\], KEY one of new_year, .*national_day/);
  });

  it("pretends today is that day of this year's holiday", () => {
    expect(pretendDay({ holiday: "qingming", day: 1 }, today, calendar)).toEqual({ ok: true, pretend: { date: today, as: "2026-04-04" } });
    expect(pretendDay({ holiday: "national_day", day: 3 }, today, calendar)).toEqual({ ok: true, pretend: { date: today, as: "2026-10-03" } });
    expect(pretendDay({ holiday: "qingming", day: 4 }, today, calendar)).toEqual({ ok: false, reason: "--demo-holiday: qingming 2026 lasts 3 days (DAY 1–3)" });
    expect(pretendDay({ holiday: "qingming", day: 1 }, "2027-01-15", calendar)).toEqual({
      ok: false,
      reason: "--demo-holiday: the holiday calendar has no qingming in 2027",
    });
  });
});

describe("the days a live day is compared with", () => {
  it("an ordinary day: the same weekday 364 days earlier", () => {
    expect(comparedDays(today, calendar)).toEqual(["2025-11-28"]);
  });

  it("a holiday: also last year's same holiday period and this holiday's days so far", () => {
    expect(comparedDays("2026-10-03", calendar)).toEqual([
      "2025-10-01",
      "2025-10-02",
      "2025-10-03",
      "2025-10-04",
      "2025-10-05",
      "2025-10-06",
      "2025-10-07",
      "2025-10-08",
      "2026-10-01",
      "2026-10-02",
    ]);
  });

  it("a pretended holiday day: the holiday it pretends to be", () => {
    expect(comparedDays(today, calendar, { date: today, as: "2026-04-05" })).toEqual(["2025-04-04", "2025-04-05", "2025-04-06", "2025-11-28", "2026-04-04"]);
  });
});

describe("the demo clock", () => {
  it("reads 11:40 on the pretended day when the demo starts, then runs in real time", () => {
    let real = Date.parse("2026-11-27T20:10:00+08:00");
    const clock = demoClock({ date: today, as: "2026-04-04" }, () => real);
    expect(new Date(clock()).toISOString()).toBe("2026-11-27T03:40:00.000Z");
    real += 5 * 60_000;
    expect(new Date(clock()).toISOString()).toBe("2026-11-27T03:45:00.000Z");
  });
});

describe("the live day's clock", () => {
  const pretend = { date: today, as: "2026-04-04" };
  const eight = Date.parse(`${today}T08:00:00+08:00`);

  it("is the demo clock on the pretended day and the real clock otherwise", () => {
    expect(new Date(siteClock(pretend, () => eight)()).toISOString()).toBe("2026-11-27T03:40:00.000Z");
    const tomorrow = eight + 86_400_000;
    expect(siteClock(pretend, () => tomorrow)()).toBe(tomorrow);
    expect(siteClock(undefined, () => eight)()).toBe(eight);
  });

  it("lets the ingest path accept a demo started at 08:00 whose stream has reached 11:40 (the real clock would refuse them)", async () => {
    const register = await loadRegister();
    const scenario = buildScenario("default", register.sites, await loadFestivals(), calendar, 1);
    const clock = siteClock(pretend, () => eight);
    const due = dayMessages(scenario, createDemand(scenario, 1), 1, today, "intraday", pretend.as).filter((m) => m.at <= clock());
    const source = { kind: "file", name: "demo", partition: 0, position: 0 } as const;
    const refusedAt = (now: number) => due.filter((m) => !validateEvent(m.text, m.kind, registerLookup(register), DateTime.fromMillis(now), source).ok).length;
    expect(due.length).toBeGreaterThan(1000);
    expect(refusedAt(clock())).toBe(0);
    expect(refusedAt(eight)).toBeGreaterThan(due.length / 2);
  });
});

describe("a demo holiday's crowd", () => {
  /** Visitors inside each site at the demo clock's minute, from the day's gate counts. */
  async function insideAt(as: string, minute: number): Promise<Map<string, number>> {
    const register = await loadRegister();
    const scenario = buildScenario("default", register.sites, await loadFestivals(), calendar, 1);
    const until = Date.parse(`${today}T00:00:00+08:00`) + minute * 60_000;
    const inside = new Map<string, number>();
    for (const m of dayMessages(scenario, createDemand(scenario, 1), 1, today, "intraday", as)) {
      if (m.kind !== "footfall" || m.at > until) continue;
      const e = JSON.parse(m.text) as { site_id: string; direction: string; count: number };
      inside.set(e.site_id, (inside.get(e.site_id) ?? 0) + (e.direction === "in" ? e.count : -e.count));
    }
    return inside;
  }
  // A country park's realistic instantaneous capacity: about 3,000 (Langxia Country Park); 80 % is the warning line.
  const warningLine = 0.8 * 3000;

  it.each([
    ["qingming:1", "langxia-country-park"],
    ["national_day:3", "guangchen-farming-culture-park"],
  ])("%s: %s crosses the warning line within 10 minutes of the demo's start", async (flag, site) => {
    const pretended = pretendDay(demoHolidayArg(flag), today, calendar);
    if (!pretended.ok) throw new Error(pretended.reason);
    const inside = await insideAt(pretended.pretend.as, demoStartMinute + 10);
    expect(inside.get(site)).toBeGreaterThan(warningLine);
  });
});
