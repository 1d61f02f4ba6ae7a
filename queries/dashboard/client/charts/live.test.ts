import { describe, expect, it } from "vitest";
import { levelOf, liveHourlyOption } from "./live.ts";

describe("live tiles", () => {
  it("colours by level at 80 % and 100 % of capacity, normal without a capacity", () => {
    expect(levelOf(2399, 3000)).toBe("normal");
    expect(levelOf(2400, 3000)).toBe("warning");
    expect(levelOf(2999, 3000)).toBe("warning");
    expect(levelOf(3000, 3000)).toBe("full");
    expect(levelOf(5000, null)).toBe("normal");
  });

  it("draws entries per hour against the comparison day's same hours, labelled by local hour", () => {
    const option = liveHourlyOption({
      hours: [
        { hour: 0, entries: 3, last_year_entries: 0 },
        { hour: 9, entries: 11, last_year_entries: 20 },
      ],
      labels: { today: "今日", previous: "对比日" },
    });
    expect((option.xAxis as { data: string[] }).data).toEqual(["00:00", "09:00"]);
    const series = option.series as { name: string; data: (number | null)[] }[];
    expect(series.map((s) => [s.name, s.data])).toEqual([
      ["今日", [3, 11]],
      ["对比日", [0, 20]],
    ]);
  });

  it("draws today's hours alone when there is no comparison day, never bars of zero for it", () => {
    const option = liveHourlyOption({ hours: [{ hour: 0, entries: 4, last_year_entries: null }], labels: { today: "today", previous: "then" } });
    expect((option.series as { name: string }[]).map((s) => s.name)).toEqual(["today"]);
  });
});
