import { describe, expect, it } from "vitest";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import { referencesOf } from "./forecast.ts";

describe("referencesOf", () => {
  it("compares a merged Mid-Autumn and National Day with National Days, whichever the notice names first", async () => {
    const calendar = await loadHolidayCalendar();
    // 2023's notice names it 中秋节、国庆节; 2025's 国庆节、中秋节.
    for (const year of [2023, 2025]) {
      const merged = calendar.period("mid_autumn", year)!;
      expect(merged.keys).toHaveLength(2);
      const starts = referencesOf(calendar, merged).map((p) => p.dates[0]!.slice(5));
      expect(starts.length).toBeGreaterThan(3);
      for (const start of starts) expect(["09-29", "09-30", "10-01"]).toContain(start);
    }
  });

  it("never compares a single holiday with a merged year", async () => {
    const calendar = await loadHolidayCalendar();
    const years = referencesOf(calendar, calendar.period("mid_autumn", 2024)!).map((p) => p.year);
    expect(years).not.toContain(2023);
    expect(years).not.toContain(2025);
    expect(years).toContain(2019);
  });
});
