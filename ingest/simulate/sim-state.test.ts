import { describe, expect, it } from "vitest";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import { type SimulationState, liveDay } from "./sim-state.ts";

const calendar = await loadHolidayCalendar();

const plain: SimulationState = { scenario: "default", seed: 1, live_from: "2026-11-27", filled: true };
const demo: SimulationState = { ...plain, demo: { holiday: "qingming", day: 1 } };

describe("a data directory's live day", () => {
  it("plain: intraday detail on the days it is compared with, no pretence", () => {
    expect(liveDay(plain, undefined, calendar)).toEqual({ ok: true, live: { intraday: ["2025-11-28"] } });
  });

  it("a demo keeps its pretended holiday on later starts, with or without the flag", () => {
    const expected = {
      ok: true,
      live: { pretend: { date: "2026-11-27", as: "2026-04-04" }, intraday: ["2025-04-04", "2025-04-05", "2025-04-06", "2025-11-28"] },
    };
    expect(liveDay(demo, undefined, calendar)).toEqual(expected);
    expect(liveDay(demo, { holiday: "qingming", day: 1 }, calendar)).toEqual(expected);
  });

  it("refuses a demo the data directory was not started with", () => {
    expect(liveDay(plain, { holiday: "qingming", day: 1 }, calendar)).toEqual({
      ok: false,
      reason: "--demo-holiday: this data directory's live day 2026-11-27 was started without it; use an empty TOURISM_DATA_DIR",
    });
    expect(liveDay(demo, { holiday: "qingming", day: 2 }, calendar)).toMatchObject({ ok: false, reason: expect.stringContaining("was started as qingming:1") });
    expect(liveDay(undefined, { holiday: "qingming", day: 1 }, calendar)).toMatchObject({ ok: false });
    expect(liveDay(undefined, undefined, calendar)).toEqual({ ok: true, live: { intraday: [] } });
  });
});
