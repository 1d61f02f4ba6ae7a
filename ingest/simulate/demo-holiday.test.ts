import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import { loadFestivals } from "../../transforms/calendar/festivals.ts";
import { loadRegister, registerLookup } from "../../transforms/register/register.ts";
import { validateEvent } from "../steps/validate.ts";
import { buildScenario } from "./default-scenario.ts";
import { createDemand } from "./demand.ts";
import { comparedDays, demoClock, demoEndMinute, demoHolidayArg, pretendDay } from "./demo-holiday.ts";
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
  const demo = { holiday: "qingming", day: 1 } as const;
  const pretend = { date: today, as: "2026-04-04" };
  const options = { demo, pretend, endMinute: 22 * 60 };
  const iso = (clock: () => DateTime) => clock().toUTC().toISO();

  it("reads 11:10 on the live day when the demo starts, then runs in real time, and says it is a demo's", () => {
    let real = Date.parse("2026-11-27T20:10:00+08:00");
    const clock = demoClock({ ...options, realNow: () => real });
    expect(iso(clock)).toBe("2026-11-27T03:10:00.000Z");
    real += 5 * 60_000;
    expect(iso(clock)).toBe("2026-11-27T03:15:00.000Z");
    expect(clock.demo?.()).toEqual({ holiday: "qingming", day: 1, as: "2026-04-04", clock: "2026-11-27T11:15:00.000+08:00", ended: false });
  });

  it("holds the demo day when the real date changes, and resumes where it stood when it last stopped", () => {
    let real = Date.parse("2026-11-27T23:58:00+08:00");
    const clock = demoClock({ ...options, realNow: () => real });
    real += 10 * 60_000; // real midnight passes
    expect(iso(clock)).toBe("2026-11-27T03:20:00.000Z");
    const resumed = demoClock({ ...options, resumeAt: clock().toMillis(), realNow: () => real + 86_400_000 });
    expect(iso(resumed)).toBe("2026-11-27T03:20:00.000Z");
  });

  it("stops at the end of the demo day, which is then over", () => {
    let real = Date.parse("2026-11-27T09:00:00+08:00");
    const clock = demoClock({ ...options, realNow: () => real });
    real += 11 * 3_600_000;
    expect(iso(clock)).toBe("2026-11-27T14:00:00.000Z");
    expect(clock.demo?.()?.ended).toBe(true);
    expect(demoClock({ ...options, resumeAt: Date.parse("2026-11-28T01:00:00+08:00") }).demo?.()).toMatchObject({
      clock: "2026-11-27T22:00:00.000+08:00",
      ended: true,
    });
  });

  it("ends when the last of the sites closes", async () => {
    expect(demoEndMinute((await loadRegister()).sites)).toBe(22 * 60);
    expect(demoEndMinute([{ opening: { to: "17:30" } }, {}])).toBe(17 * 60 + 30);
  });

  it("lets the ingest path accept a demo started at 08:00 whose stream has reached 11:10 (the real clock would refuse them)", async () => {
    const eight = Date.parse(`${today}T08:00:00+08:00`);
    const register = await loadRegister();
    const scenario = buildScenario("default", register.sites, await loadFestivals(), calendar, 1);
    const clock = demoClock({ ...options, realNow: () => eight });
    const due = dayMessages(scenario, createDemand(scenario, 1), 1, today, "intraday", pretend.as).filter((m) => m.at <= clock().toMillis());
    const source = { kind: "file", name: "demo", partition: 0, position: 0 } as const;
    const refusedAt = (now: number) => due.filter((m) => !validateEvent(m.text, m.kind, registerLookup(register), DateTime.fromMillis(now), source).ok).length;
    expect(due.length).toBeGreaterThan(1000);
    expect(refusedAt(clock().toMillis())).toBe(0);
    expect(refusedAt(eight)).toBeGreaterThan(due.length / 2);
  });
});
