import { describe, expect, it } from "vitest";
import { comparisonDay } from "./comparison-day.ts";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";

const calendar = await loadHolidayCalendar();

describe("comparisonDay", () => {
  it("compares day 3 of National Day 2025 (merged with Mid-Autumn) with day 3 of last year's runs in date order", () => {
    // 2025: 1–8 October, 国庆节、中秋节. 2024: Mid-Autumn 15–17 September, then National Day 1–7 October.
    expect(comparisonDay("2025-10-03", calendar)).toEqual({ date: "2024-09-17", basis: "holiday_day", holiday: "国庆节、中秋节 2025", day_number: 3 });
    expect(comparisonDay("2025-10-04", calendar)).toMatchObject({ date: "2024-10-01", day_number: 4 });
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
