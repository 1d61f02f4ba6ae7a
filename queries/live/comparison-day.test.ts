import { describe, expect, it } from "vitest";
import { comparisonDay } from "./comparison-day.ts";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";

const calendar = await loadHolidayCalendar();

describe("comparisonDay", () => {
  it("compares day N of a merged Mid-Autumn/National Day period with day N of last year's National Day", () => {
    // 2025: 1–8 October, 国庆节、中秋节. 2024: Mid-Autumn 15–17 September (another holiday), National Day 1–7 October.
    expect(comparisonDay("2025-10-03", calendar)).toEqual({ date: "2024-10-03", basis: "holiday_day", holiday: "国庆节、中秋节 2025", day_number: 3 });
    expect(comparisonDay("2025-10-08", calendar)).toEqual({
      date: null,
      reason: "day 8 of 国庆节、中秋节 2025 has no counterpart: last year's period had 7 days",
    });
    // 2023: 29 September – 6 October, 中秋节、国庆节, listed Mid-Autumn first; 2022: National Day 1–7 October.
    expect(comparisonDay("2023-09-29", calendar)).toMatchObject({ date: "2022-10-01", day_number: 1 });
  });

  it("says so when last year's period was shorter: null with a reason, never 0", () => {
    // Spring Festival 2024: 10–17 February (8 days); 2023: 21–27 January (7 days).
    expect(comparisonDay("2024-02-16", calendar)).toMatchObject({ date: "2023-01-27", day_number: 7 });
    expect(comparisonDay("2024-02-17", calendar)).toEqual({ date: null, reason: "day 8 of 春节 2024 has no counterpart: last year's period had 7 days" });
  });

  it("uses the same weekday 364 days earlier on an ordinary day", () => {
    expect(comparisonDay("2025-06-18", calendar)).toEqual({ date: "2024-06-19", basis: "weekday" });
  });
});
