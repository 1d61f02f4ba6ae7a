import { describe, expect, it } from "vitest";
import { addDays, eachDate } from "../../transforms/calendar/dates.ts";
import { type HolidayDates, levelLag, matchingDay, pointForecast } from "./forecast.ts";
import { backtestErrors } from "./forecast-backtest.ts";
import { forecastHoliday } from "./forecast-holiday.ts";

/** A holiday of `length` days from `start`. */
const holiday = (year: number, start: string, length: number): HolidayDates => ({ year, dates: eachDate(start, addDays(start, length - 1)) });

/** Every day of each year at that year's level, the holiday's days at `ratios` × the level. */
function series(levels: Record<number, number>, holidays: readonly HolidayDates[], ratios: (h: HolidayDates) => number[]): Map<string, number> {
  const days = new Map<string, number>();
  for (const [year, level] of Object.entries(levels)) for (const date of eachDate(`${year}-01-01`, `${year}-12-31`)) days.set(date, level);
  for (const h of holidays) {
    const r = ratios(h);
    h.dates.forEach((date, n) => {
      if (days.has(date)) days.set(date, levels[h.year]! * r[n]!);
    });
  }
  return days;
}

/** No other holidays in the weeks before. */
const none: ReadonlySet<string> = new Set();
const past = [holiday(2023, "2023-05-01", 3), holiday(2024, "2024-05-02", 3), holiday(2025, "2025-05-01", 3)];
const target = holiday(2026, "2026-05-01", 3);
const threeDays = () => [3, 2, 1.5];

describe("pointForecast", () => {
  it("on a flat level gives each day its past ratio times the level", () => {
    const s = series({ 2023: 100, 2024: 100, 2025: 100, 2026: 100 }, [...past, target], threeDays);
    const f = pointForecast(s, target, past, "2026-04-30", none);
    expect(f.days.map((d) => d.expected)).toEqual([300, 200, 150].map((v) => expect.closeTo(v, 9)));
    expect(f.level).toBe(100);
    expect(f.years).toEqual([2025, 2024, 2023]);
    expect(f.lengthChanged).toBe(false);
  });

  it("follows a trend in the level: this year's level times the same ratios", () => {
    const levels = { 2023: 100, 2024: 150, 2025: 200, 2026: 300 };
    const s = series(levels, [...past, target], threeDays);
    const f = pointForecast(s, target, past, "2026-04-24", none);
    expect(f.days.map((d) => d.expected)).toEqual([900, 600, 450].map((v) => expect.closeTo(v, 9)));
    // Against 2025's, 2024's and 2023's same weeks: 1.5, 2 and 3 times busier.
    expect(f.growth).toBeCloseTo(Math.cbrt(1.5 * 2 * 3), 9);
  });

  it("averages the level's reading with the year-on-year growth of ordinary days, so one unusual month counts half", () => {
    const s = series({ 2023: 100, 2024: 100, 2025: 100, 2026: 100 }, [...past, target], threeDays);
    // The four weeks before this year's holiday ran 1.5× (a one-off event); the quarter around them did not.
    for (const date of eachDate("2026-03-27", "2026-04-23")) s.set(date, 150);
    const f = pointForecast(s, target, past, "2026-04-30", none);
    expect(f.level).toBe(150);
    expect(f.growth).toBeCloseTo(1, 12);
    expect(f.days.map((d) => d.expected)).toEqual([300, 200, 150].map((v) => expect.closeTo(v * Math.sqrt(1.5), 9)));
  });

  it("matches a holiday of another length first day to first and last to last, and says the length changed", () => {
    const longer = holiday(2026, "2026-05-01", 5);
    const s = series({ 2023: 100, 2024: 100, 2025: 100, 2026: 100 }, [...past, longer], threeDays);
    const f = pointForecast(s, longer, past, "2026-04-30", none);
    expect([0, 1, 2, 3, 4].map((n) => matchingDay(n, 5, 3))).toEqual([0, 1, 1, 2, 2]);
    expect(f.days.map((d) => d.expected)).toEqual([300, 200, 200, 150, 150].map((v) => expect.closeTo(v, 9)));
    expect(f.lengthChanged).toBe(true);
  });

  it("reads nothing on or after the date it is made: a wild value then changes nothing", () => {
    const s = series({ 2023: 100, 2024: 100, 2025: 100, 2026: 100 }, [...past, target], threeDays);
    const before = pointForecast(s, target, past, "2026-04-20", none);
    for (const date of eachDate("2026-04-20", "2026-05-03")) s.set(date, 1_000_000);
    expect(pointForecast(s, target, past, "2026-04-20", none)).toEqual(before);
    // Made later, the forecast reads those days: the level moves.
    expect(pointForecast(s, target, past, "2026-04-24", none).level).toBeGreaterThan(100);
  });

  it("moves the level window back when made more than a week ahead, and past years' windows with it", () => {
    expect(levelLag("2026-05-01", "2026-04-24")).toBe(0);
    expect(levelLag("2026-05-01", "2026-04-14")).toBe(10);
    const s = series({ 2023: 100, 2024: 100, 2025: 100, 2026: 100 }, [...past, target], threeDays);
    expect(pointForecast(s, target, past, "2026-04-14", none).windowEnd).toBe("2026-04-13");
  });

  it("during the holiday gives the days seen as counted and scales the rest by how the seen days ran", () => {
    const s = series({ 2023: 100, 2024: 100, 2025: 100, 2026: 100 }, [...past, target], () => [3, 2, 1.5]);
    s.set("2026-05-01", 450); // day 1 ran 1.5× the forecast
    const f = pointForecast(s, target, past, "2026-05-02", none);
    expect(f.days[0]).toEqual({ date: "2026-05-01", observed: 450, expected: expect.closeTo(300, 9) });
    expect(f.update).toBeCloseTo(1.5, 9);
    expect(f.days.slice(1).map((d) => d.expected)).toEqual([300, 225].map((v) => expect.closeTo(v, 9)));
  });

  it("leaves the lockdown years out of the profile and has no forecast without past years", () => {
    const covid = [holiday(2021, "2021-05-01", 3), holiday(2022, "2022-05-01", 3)];
    const s = series({ 2021: 100, 2022: 100, 2023: 100, 2026: 100 }, [...covid, past[0]!, target], (h) => (h.year < 2023 ? [0.2, 0.2, 0.2] : [3, 2, 1.5]));
    const f = pointForecast(s, target, [...covid, past[0]!], "2026-04-30", none);
    expect(f.years).toEqual([2023]);
    expect(f.days.map((d) => d.expected)).toEqual([300, 200, 150].map((v) => expect.closeTo(v, 9)));
    expect(pointForecast(s, target, covid, "2026-04-30", none).days.map((d) => d.expected)).toEqual([null, null, null]);
  });

  it("flags a holiday whose weeks before fall in the closure years, and never draws on one", () => {
    const newYears = [holiday(2019, "2019-01-01", 3), holiday(2023, "2023-01-01", 3), holiday(2024, "2024-01-01", 3)];
    const s = series({ 2018: 100, 2019: 100, 2022: 20, 2023: 100, 2024: 100 }, newYears, (h) => (h.year === 2023 ? [15, 15, 15] : [3, 2, 1.5]));
    expect(pointForecast(s, newYears[1]!, newYears, "2022-12-31", none).disrupted).toBe(true);
    const f = pointForecast(s, newYears[2]!, newYears, "2023-12-31", none);
    expect(f.disrupted).toBe(false);
    expect(f.years).toEqual([2019]);
  });

  it("leaves other holidays out of the weeks before", () => {
    const s = series({ 2023: 100, 2024: 100, 2025: 100, 2026: 100 }, [...past, target], threeDays);
    const other = eachDate("2026-04-04", "2026-04-06");
    for (const date of other) s.set(date, 1000);
    expect(pointForecast(s, target, past, "2026-04-30", none).level).toBeGreaterThan(100);
    expect(pointForecast(s, target, past, "2026-04-30", new Set(other)).level).toBe(100);
  });

  it("has no level for a site without recent history", () => {
    const s = series({ 2023: 100, 2024: 100, 2025: 100 }, past, threeDays);
    expect(pointForecast(s, target, past, "2026-04-30", none).level).toBeNull();
  });
});

describe("forecastHoliday and backtestErrors", () => {
  it("scores earlier holidays only, and on exact data errs by nothing", () => {
    const years = [holiday(2019, "2019-05-01", 3), ...past];
    const s = series({ 2019: 80, 2023: 100, 2024: 100, 2025: 100, 2026: 100 }, [...years, target], threeDays);
    const all = [...years, target];
    const errors = backtestErrors(
      s,
      all.map((t) => ({ target: t, past: all })),
      "2026-04-30",
      1,
      none,
    );
    // 2023 (from 2019 alone: thin, scored too), 2024 (from 2023 and 2019) and 2025: three days each; 2026 is not over.
    expect(errors).toHaveLength(9);
    for (const e of errors) expect(e).toBeCloseTo(0, 9);
  });

  it("draws a thin forecast wider and falls back to the default spread with few errors", () => {
    const s = series({ 2025: 100, 2026: 100 }, [past[2]!, target], threeDays);
    const thin = forecastHoliday(s, target, [past[2]!], "2026-04-30", none, []);
    expect(thin.thin).toBe(true);
    expect(thin.model).toEqual({ errors: null, widen: 1.5 });
    const day = thin.days[0]!;
    expect(day.low95! < day.low80! && day.low80! < day.expected! && day.expected! < day.high80! && day.high80! < day.high95!).toBe(true);
  });

  it("does not widen a thin forecast's measured errors again (thin forecasts are scored too), but widens a level read in the closures", () => {
    const errors = Array.from({ length: 41 }, (_, i) => -0.2 + i / 100);
    const s = series({ 2025: 100, 2026: 100 }, [past[2]!, target], threeDays);
    const thin = forecastHoliday(s, target, [past[2]!], "2026-04-30", none, errors);
    expect(thin.thin).toBe(true);
    expect(thin.model.widen).toBe(1);
    // The 80 % interval: the 10th and 90th percentiles of the errors, -0.16 and 0.16.
    expect(thin.days[0]!.high80).toBeCloseTo(300 * Math.exp(0.16), 6);
    const newYears = [holiday(2019, "2019-01-01", 3), holiday(2023, "2023-01-01", 3)];
    const s2 = series({ 2018: 100, 2019: 100, 2022: 20, 2023: 100 }, newYears, threeDays);
    expect(forecastHoliday(s2, newYears[1]!, newYears, "2022-12-31", none, errors).model.widen).toBe(1.5);
  });
});
