import { describe, expect, it } from "vitest";
import { runParams } from "./period-totals.ts";

describe("runParams", () => {
  it("lists for each day from the first to the last the periods holding it, overlapping ones and a merged holiday's two runs alike", () => {
    const merged = [
      { start: "2024-04-03", end: "2024-04-04" },
      { start: "2024-04-06", end: "2024-04-07" },
    ];
    expect(runParams([[{ start: "2024-04-04", end: "2024-04-06" }], [], merged])).toEqual({
      // 2024-04-03 is day 19816 since 1970-01-01, as ClickHouse stores a Date.
      first_day: 19816,
      day_periods: "[[2],[0,2],[0],[0,2],[2]]",
      period_days: "[3,0,4]",
    });
  });
});
