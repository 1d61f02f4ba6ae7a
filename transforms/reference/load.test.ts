import { expect, it } from "vitest";
import { buildHolidayCalendar } from "../calendar/holidays.ts";
import type { Register } from "../register/register.ts";
import { referenceRows } from "./load.ts";

const register: Register = {
  version: "t1",
  towns: [{ town_id: "dayun", name_zh: "大云镇", name_en: "Dayun Town", district: "Jiashan" }],
  operators: [{ operator_id: "gfs", name_zh: "歌斐颂", name_en: "Gefeisong", kind: "park" }],
  sites: [{ site_id: "gfs-town", town_id: "dayun", operator_id: "gfs", name_zh: "巧克力小镇", name_en: "Chocolate Town", kind: "park", gates: ["a"] }],
};

// One notice: a Thursday-to-Saturday merged holiday, Sunday 11 Oct 2020 plain, Saturday 10 Oct a make-up day.
const calendar = buildHolidayCalendar([
  {
    year: 2020,
    days: [
      { name: "国庆节、中秋节", date: "2020-10-01", isOffDay: true },
      { name: "国庆节、中秋节", date: "2020-10-02", isOffDay: true },
      { name: "国庆节、中秋节", date: "2020-10-03", isOffDay: true },
      { name: "国庆节、中秋节", date: "2020-10-04", isOffDay: true },
      { name: "国庆节、中秋节", date: "2020-10-10", isOffDay: false },
    ],
  },
]);

it("builds one calendar row per day of the notices' years and one period row per key", () => {
  const festival = {
    festival_id: "choc",
    name_zh: "巧克力节",
    name_en: "Chocolate",
    site_ids: ["gfs-town"],
    editions: [{ year: 2020, start: "2020-10-01", end: "2020-10-18" }],
  };
  const rows = referenceRows(register, [festival], calendar);
  expect(rows.calendar_days).toHaveLength(366); // 2020 is a leap year
  expect(rows.calendar_days.filter((d) => d.day_kind === "holiday").map((d) => d.date)).toEqual(["2020-10-01", "2020-10-02", "2020-10-03", "2020-10-04"]);
  expect(rows.calendar_days.find((d) => d.date === "2020-10-10")).toEqual({
    date: "2020-10-10",
    day_kind: "makeup_workday",
    holiday_keys: [],
    holiday_name: "",
  });
  expect(rows.holiday_periods.map((p) => p.holiday_key)).toEqual(["national_day", "mid_autumn"]);
  expect(rows.festivals).toEqual([
    { festival_id: "choc", year: 2020, name_zh: "巧克力节", name_en: "Chocolate", start_date: "2020-10-01", end_date: "2020-10-18", site_ids: ["gfs-town"] },
  ]);
  expect(rows.sites).toEqual(register.sites);
});
