import { describe, expect, it } from "vitest";
import { addDays, dateOfDay, dayNumber, daysBetween, eachDate, isIsoDate, isWeekend, maxDateRun } from "./dates.ts";

describe("day numbers", () => {
  it("count days from 1970-01-01, before and after it", () => {
    expect(dayNumber("1970-01-01")).toBe(0);
    expect(dayNumber("1970-01-02")).toBe(1);
    expect(dayNumber("1969-12-31")).toBe(-1);
    expect(dayNumber("2024-03-01") - dayNumber("2024-02-28")).toBe(2);
    expect(dayNumber("2023-03-01") - dayNumber("2023-02-28")).toBe(1);
  });
  it("read two-digit years as years, not as 19xx", () => {
    expect(dateOfDay(dayNumber("0099-06-30"))).toBe("0099-06-30");
    expect(dateOfDay(dayNumber("0000-01-01"))).toBe("0000-01-01");
  });
  it("number and name every day as the standard library's UTC calendar does, over four centuries and at both ends", () => {
    const isoDate = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
    const days = [dayNumber("1800-01-01"), dayNumber("2200-12-31"), dayNumber("0000-01-01"), dayNumber("0001-01-01"), dayNumber("9999-01-01")];
    const spans: [number, number][] = [
      [days[0]!, days[1]!],
      [days[2]!, days[2]! + 800],
      [days[4]!, days[4]! + 364],
    ];
    for (const [first, last] of spans) {
      for (let day = first; day <= last; day++) {
        if (dateOfDay(day) !== isoDate(day)) expect(dateOfDay(day)).toBe(isoDate(day));
        if (dayNumber(isoDate(day)) !== day) expect(dayNumber(isoDate(day))).toBe(day);
      }
    }
    expect(dateOfDay(days[3]! - 1)).toBe("0000-12-31");
  });
  it("refuse to name a day past 9999-12-31 instead of writing +010000", () => {
    expect(dateOfDay(dayNumber("9999-12-31"))).toBe("9999-12-31");
    expect(() => addDays("9999-12-31", 1)).toThrow(RangeError);
    expect(() => addDays("0000-01-01", -1)).toThrow(RangeError);
  });
});

describe("date runs", () => {
  it("list every date, both ends included, across a leap day", () => {
    expect(eachDate("2024-02-28", "2024-03-01")).toEqual(["2024-02-28", "2024-02-29", "2024-03-01"]);
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(3);
    expect(eachDate("2024-03-02", "2024-03-01")).toEqual([]);
  });
  it("end at the last date of the calendar rather than looping", () => {
    expect(eachDate("9999-12-30", "9999-12-31")).toEqual(["9999-12-30", "9999-12-31"]);
  });
  it("refuse a run longer than the bound", () => {
    expect(() => eachDate("0000-01-01", "9999-12-31")).toThrow(/at most 20000/);
    expect(eachDate("2000-01-01", addDays("2000-01-01", maxDateRun - 1))).toHaveLength(maxDateRun);
  });
});

describe("calendar checks", () => {
  it("accept only real dates", () => {
    expect(isIsoDate("2020-02-29")).toBe(true);
    expect(isIsoDate("2019-02-29")).toBe(false);
    expect(isIsoDate("9999-12-32")).toBe(false);
    expect(isIsoDate("2024-13-01")).toBe(false);
    expect(isIsoDate("+10000-01-01")).toBe(false);
    expect(isIsoDate("2024-1-01")).toBe(false);
  });
  it("know the weekend", () => {
    expect(["2024-04-05", "2024-04-06", "2024-04-07", "2024-04-08"].map(isWeekend)).toEqual([false, true, true, false]);
    expect(isWeekend("1969-12-28")).toBe(true); // a Sunday before day 0
    expect(isWeekend("1969-12-29")).toBe(false);
  });
});
