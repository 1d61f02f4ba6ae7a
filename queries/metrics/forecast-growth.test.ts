import { describe, expect, it } from "vitest";
import { eachDate, isWeekend } from "../../transforms/calendar/dates.ts";
import { yearOnYearGrowth } from "./forecast-growth.ts";

const none: ReadonlySet<string> = new Set();
/** Weekdays at `weekday`, weekends at three times that, over 2025–2026; 2026 days × `growth`. */
function weeks(weekday: number, growth: number): Map<string, number> {
  const days = new Map<string, number>();
  for (const date of eachDate("2025-01-01", "2026-12-31")) days.set(date, (isWeekend(date) ? 3 * weekday : weekday) * (date.startsWith("2026") ? growth : 1));
  return days;
}

describe("yearOnYearGrowth", () => {
  it("compares the weeks with the same weekdays a year (364 days) earlier", () => {
    expect(yearOnYearGrowth(weeks(100, 1.2), "2026-06-30", 364, none)).toBeCloseTo(1.2, 12);
  });

  it("takes the median week, so one unusual week does not set it", () => {
    const s = weeks(100, 1.2);
    for (const date of eachDate("2026-06-01", "2026-06-07")) s.set(date, 5000);
    expect(yearOnYearGrowth(s, "2026-06-30", 364, none)).toBeCloseTo(1.2, 12);
  });

  it("leaves holidays out on either side", () => {
    const s = weeks(100, 1.2);
    // Labour Day 2026 and, 364 days earlier, the days of 2025 it meets.
    const holidays = [...eachDate("2026-05-01", "2026-05-05"), ...eachDate("2025-05-01", "2025-05-07")];
    for (const date of holidays) s.set(date, 10_000);
    // Four weeks, two of them touched by the holidays: counted, the median would move.
    expect(yearOnYearGrowth(s, "2026-05-16", 364, new Set(holidays), 4)).toBeCloseTo(1.2, 12);
    expect(yearOnYearGrowth(s, "2026-05-16", 364, none, 4)).not.toBeCloseTo(1.2, 2);
  });

  it("has no growth when fewer than half the weeks have data on both sides (a new site)", () => {
    const s = weeks(100, 1.2);
    // The twelve weeks to 30 June 2026 meet 9 April to 1 July 2025; half of those weeks are gone.
    for (const date of eachDate("2025-01-01", "2025-05-28")) s.delete(date);
    expect(yearOnYearGrowth(s, "2026-06-30", 364, none)).toBeNull();
  });
});
