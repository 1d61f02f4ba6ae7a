import { describe, expect, it } from "vitest";
import { dayNumber } from "../../transforms/calendar/dates.ts";
import { type DayFigures, sumPeriod } from "./day-sums.ts";

const days = (entries: Record<string, Partial<DayFigures>>) =>
  new Map(Object.entries(entries).map(([date, figures]) => [dayNumber(date), { visitors: 0, revenue_fen: 0, unsafe_cells: 0, other_cells: 0, ...figures }]));

describe("sumPeriod", () => {
  const key = days({
    "2024-04-03": { visitors: 40, revenue_fen: 500, unsafe_cells: 1, other_cells: 1 },
    "2024-04-04": { visitors: 70, revenue_fen: -120, other_cells: 1 },
    "2024-04-06": { visitors: 70, revenue_fen: 1000 },
    "2024-04-08": { visitors: 90 },
  });

  it("sums the days of a merged holiday's two runs, lists the days without events and takes the earliest of equal peaks", () => {
    const merged = [
      { start: "2024-04-03", end: "2024-04-04" },
      { start: "2024-04-06", end: "2024-04-07" },
    ];
    expect(sumPeriod(key, merged)).toEqual({
      visitors: 180,
      revenue_fen: 1380,
      unsafe_cells: 1,
      other_cells: 2,
      missing_dates: ["2024-04-07"],
      peak: { date: "2024-04-04", visitors: 70 },
    });
  });

  it("leaves out days outside the runs, such as 5 and 8 April here", () => {
    expect(sumPeriod(key, [{ start: "2024-04-05", end: "2024-04-06" }])).toMatchObject({ visitors: 70, missing_dates: ["2024-04-05"] });
  });

  it("has no peak when no day has events, every day missing, and nothing for a period without dates", () => {
    const none = { visitors: 0, revenue_fen: 0, unsafe_cells: 0, other_cells: 0, peak: null };
    expect(sumPeriod(undefined, [{ start: "2024-02-28", end: "2024-03-01" }])).toEqual({ ...none, missing_dates: ["2024-02-28", "2024-02-29", "2024-03-01"] });
    expect(sumPeriod(key, [])).toEqual({ ...none, missing_dates: [] });
  });

  it("refuses a sum beyond exact integers instead of rounding it", () => {
    const huge = days({ "2024-01-01": { revenue_fen: Number.MAX_SAFE_INTEGER }, "2024-01-02": { revenue_fen: 2 } });
    expect(() => sumPeriod(huge, [{ start: "2024-01-01", end: "2024-01-02" }])).toThrow(/not a safe integer/);
  });
});
