import { describe, expect, it } from "vitest";
import { loadHolidayCalendar } from "./holiday-data.ts";
import { buildHolidayCalendar, type HolidayKey } from "./holidays.ts";

const shipped = await loadHolidayCalendar();

/**
 * Every period 2018–2026, worked out by hand from the notices and a calendar: listed days off plus
 * adjoining Saturdays/Sundays that are not make-up working days. [keys, notice year, start, end, days]
 */
const expected: [HolidayKey[], number, string, string, number][] = [
  [["new_year"], 2018, "2017-12-30", "2018-01-01", 3], // Mon 1 Jan + Sat/Sun before (not in any notice)
  [["spring_festival"], 2018, "2018-02-15", "2018-02-21", 7],
  [["qingming"], 2018, "2018-04-05", "2018-04-07", 3], // Sun 8 Apr is a make-up day
  [["labour_day"], 2018, "2018-04-29", "2018-05-01", 3], // Sat 28 Apr is a make-up day
  [["dragon_boat"], 2018, "2018-06-16", "2018-06-18", 3], // Mon 18 Jun + weekend
  [["mid_autumn"], 2018, "2018-09-22", "2018-09-24", 3], // Mon 24 Sep + weekend
  [["national_day"], 2018, "2018-10-01", "2018-10-07", 7],
  [["new_year"], 2019, "2018-12-30", "2019-01-01", 3], // Sat 29 Dec is a make-up day
  [["spring_festival"], 2019, "2019-02-04", "2019-02-10", 7],
  [["qingming"], 2019, "2019-04-05", "2019-04-07", 3], // Fri 5 Apr listed alone
  [["labour_day"], 2019, "2019-05-01", "2019-05-04", 4], // Sun 5 May is a make-up day
  [["dragon_boat"], 2019, "2019-06-07", "2019-06-09", 3],
  [["mid_autumn"], 2019, "2019-09-13", "2019-09-15", 3],
  [["national_day"], 2019, "2019-10-01", "2019-10-07", 7],
  [["new_year"], 2020, "2020-01-01", "2020-01-01", 1], // a Wednesday
  [["spring_festival"], 2020, "2020-01-24", "2020-02-02", 10],
  [["qingming"], 2020, "2020-04-04", "2020-04-06", 3],
  [["labour_day"], 2020, "2020-05-01", "2020-05-05", 5],
  [["dragon_boat"], 2020, "2020-06-25", "2020-06-27", 3], // Sun 28 Jun is a make-up day
  [["national_day", "mid_autumn"], 2020, "2020-10-01", "2020-10-08", 8],
  [["new_year"], 2021, "2021-01-01", "2021-01-03", 3],
  [["spring_festival"], 2021, "2021-02-11", "2021-02-17", 7],
  [["qingming"], 2021, "2021-04-03", "2021-04-05", 3],
  [["labour_day"], 2021, "2021-05-01", "2021-05-05", 5],
  [["dragon_boat"], 2021, "2021-06-12", "2021-06-14", 3],
  [["mid_autumn"], 2021, "2021-09-19", "2021-09-21", 3], // Sat 18 Sep is a make-up day
  [["national_day"], 2021, "2021-10-01", "2021-10-07", 7],
  [["new_year"], 2022, "2022-01-01", "2022-01-03", 3],
  [["spring_festival"], 2022, "2022-01-31", "2022-02-06", 7],
  [["qingming"], 2022, "2022-04-03", "2022-04-05", 3], // Sat 2 Apr is a make-up day
  [["labour_day"], 2022, "2022-04-30", "2022-05-04", 5],
  [["dragon_boat"], 2022, "2022-06-03", "2022-06-05", 3],
  [["mid_autumn"], 2022, "2022-09-10", "2022-09-12", 3],
  [["national_day"], 2022, "2022-10-01", "2022-10-07", 7], // Sat 8 Oct is a make-up day
  [["new_year"], 2023, "2022-12-31", "2023-01-02", 3],
  [["spring_festival"], 2023, "2023-01-21", "2023-01-27", 7],
  [["qingming"], 2023, "2023-04-05", "2023-04-05", 1], // a Wednesday, one day
  [["labour_day"], 2023, "2023-04-29", "2023-05-03", 5],
  [["dragon_boat"], 2023, "2023-06-22", "2023-06-24", 3],
  [["mid_autumn", "national_day"], 2023, "2023-09-29", "2023-10-06", 8],
  [["new_year"], 2024, "2023-12-30", "2024-01-01", 3], // Mon 1 Jan + weekend before (not listed)
  [["spring_festival"], 2024, "2024-02-10", "2024-02-17", 8], // Fri 9 Feb is a working day
  [["qingming"], 2024, "2024-04-04", "2024-04-06", 3],
  [["labour_day"], 2024, "2024-05-01", "2024-05-05", 5],
  [["dragon_boat"], 2024, "2024-06-08", "2024-06-10", 3], // Mon 10 Jun + weekend
  [["mid_autumn"], 2024, "2024-09-15", "2024-09-17", 3],
  [["national_day"], 2024, "2024-10-01", "2024-10-07", 7],
  [["new_year"], 2025, "2025-01-01", "2025-01-01", 1],
  [["spring_festival"], 2025, "2025-01-28", "2025-02-04", 8],
  [["qingming"], 2025, "2025-04-04", "2025-04-06", 3],
  [["labour_day"], 2025, "2025-05-01", "2025-05-05", 5],
  [["dragon_boat"], 2025, "2025-05-31", "2025-06-02", 3],
  [["national_day", "mid_autumn"], 2025, "2025-10-01", "2025-10-08", 8],
  [["new_year"], 2026, "2026-01-01", "2026-01-03", 3], // Sun 4 Jan is a make-up day
  [["spring_festival"], 2026, "2026-02-15", "2026-02-23", 9],
  [["qingming"], 2026, "2026-04-04", "2026-04-06", 3],
  [["labour_day"], 2026, "2026-05-01", "2026-05-05", 5],
  [["dragon_boat"], 2026, "2026-06-19", "2026-06-21", 3],
  [["mid_autumn"], 2026, "2026-09-25", "2026-09-27", 3],
  [["national_day"], 2026, "2026-10-01", "2026-10-07", 7],
];

describe("holiday periods 2018–2026", () => {
  it("are exactly the hand-checked list", () => {
    const actual = shipped.periods.map((p) => [p.keys, p.year, p.start, p.end, p.days]);
    expect(actual).toEqual(expected);
  });

  it.each(expected)("%j %i answers to each of its keys, and is known by National Day when merged", (keys, year, start, end, days) => {
    const known = keys.includes("national_day") ? "national_day" : keys[0];
    for (const key of keys) expect(shipped.period(key, year)).toMatchObject({ key: known, keys, year, start, end, days });
  });

  it("the merged period carries its notice's name", () => {
    expect(shipped.period("mid_autumn", 2025)?.name_zh).toBe("国庆节、中秋节");
    expect(shipped.period("national_day", 2023)?.name_zh).toBe("中秋节、国庆节");
    expect(shipped.period("qingming", 2019)?.name_zh).toBe("清明节");
  });

  it("answers undefined outside the data", () => {
    expect(shipped.period("qingming", 2017)).toBeUndefined();
    expect(shipped.period("national_day", 2027)).toBeUndefined();
  });
});

describe("classifyDate", () => {
  it.each([
    ["2019-04-06", "holiday", ["qingming"]], // Saturday inside Qingming 2019
    ["2018-12-31", "holiday", ["new_year"]], // New Year 2019 in the 2018 calendar year
    ["2025-10-06", "holiday", ["national_day", "mid_autumn"]],
    ["2023-09-29", "holiday", ["mid_autumn", "national_day"]],
    ["2019-04-28", "makeup_workday", []], // Sunday worked before Labour Day 2019
    ["2024-02-18", "makeup_workday", []], // Sunday after Spring Festival 2024
    ["2026-01-04", "makeup_workday", []],
    ["2019-04-13", "weekend", []],
    ["2024-02-09", "workday", []], // 除夕 2024, a Friday, not a statutory day off
    ["2023-04-06", "workday", []], // the day after one-day Qingming 2023
  ] as const)("%s is %s %j", (date, kind, holidays) => {
    expect(shipped.classify(date)).toEqual({ kind, holidays });
  });

  it("knows make-up working days", () => {
    expect(shipped.isMakeupWorkday("2018-04-08")).toBe(true);
    expect(shipped.isMakeupWorkday("2018-04-07")).toBe(false);
  });
});

describe("buildHolidayCalendar rejects inconsistent data", () => {
  it("an unknown name", () => {
    expect(() => buildHolidayCalendar([{ year: 2030, days: [{ name: "圣诞节", date: "2030-12-25", isOffDay: true }] }])).toThrow(/圣诞节/);
  });

  it("a working weekday inside the listed days off", () => {
    const days = [
      { name: "春节", date: "2030-02-04", isOffDay: true },
      { name: "春节", date: "2030-02-06", isOffDay: true },
    ];
    expect(() => buildHolidayCalendar([{ year: 2030, days }])).toThrow(/2030-02-05 is a working day/);
  });
});
