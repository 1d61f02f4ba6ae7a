import { describe, expect, it } from "vitest";
import { loadHolidayCalendar } from "../../transforms/calendar/holiday-data.ts";
import { ParamError } from "../access/param-error.ts";
import { parseParams, reportParamSchemas } from "./params.ts";

let today = "2026-08-01";
const schemas = reportParamSchemas(() => today, await loadHolidayCalendar());

const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (err) {
    if (err instanceof ParamError) return err.message;
    throw err;
  }
  throw new Error("expected a ParamError");
};

describe("report dates", () => {
  const trend = (from: string, to: string) => parseParams(schemas.trend, { from, to });

  it("run from 2015-01-01 to a year after today", () => {
    expect(trend("2015-01-01", "2027-08-01")).toMatchObject({ from: "2015-01-01", to: "2027-08-01", granularity: "day", align: "date" });
    expect(refusal(() => trend("2014-12-31", "2020-01-01"))).toBe('from: expected a date from 2015-01-01 to 2027-08-01, got "2014-12-31"');
    expect(refusal(() => trend("2020-01-01", "2027-08-02"))).toBe('to: expected a date from 2015-01-01 to 2027-08-01, got "2027-08-02"');
    expect(refusal(() => trend("9999-12-31", "9999-12-31"))).toBe('from: expected a date from 2015-01-01 to 2027-08-01, got "9999-12-31"');
  });
  it("move with the clock, asked at each parse", () => {
    today = "2027-01-10";
    try {
      expect(trend("2027-08-02", "2028-01-10").to).toBe("2028-01-10");
      expect(refusal(() => trend("2027-08-02", "2028-01-11"))).toMatch(/^to: expected a date from 2015-01-01 to 2028-01-10/);
    } finally {
      today = "2026-08-01";
    }
  });
  it("are real calendar dates: 29 February only in leap years", () => {
    expect(trend("2020-02-29", "2020-02-29").from).toBe("2020-02-29");
    expect(refusal(() => trend("2019-02-29", "2019-03-01"))).toBe('from: expected a date YYYY-MM-DD, got "2019-02-29"');
    expect(refusal(() => trend("+010000-01-01", "2020-01-01"))).toBe('from: expected a date YYYY-MM-DD, got "+010000-01-01"');
  });
  it("refuse repeated, missing and endless values, naming the parameter and cutting the echo", () => {
    expect(refusal(() => parseParams(schemas.trend, { from: ["2024-01-01", "2024-01-02"], to: "2024-02-01" }))).toBe(
      'from: expected a date YYYY-MM-DD, got ["2024-01-01","2024-01-02"]',
    );
    expect(refusal(() => parseParams(schemas.trend, { from: "2024-01-01" }))).toBe("to: required: expected a date YYYY-MM-DD");
    expect(refusal(() => trend("9".repeat(100_000), "2024-01-01"))).toBe(`from: expected a date YYYY-MM-DD, got "${"9".repeat(39)}…`);
    expect(refusal(() => parseParams(schemas.trend, { from: "2024-01-01", to: "2024-01-02", ["x".repeat(1000)]: "1" }))).toMatch(
      /^x{40}…: unknown parameter; expected one of from, to, granularity, align, town, site, operator$/,
    );
  });
});

describe("report years", () => {
  it("run from 2015 to next year for festivals; holidays only the years the calendar covers", () => {
    expect(parseParams(schemas.festival, { festival: "f", year: "2027" }).year).toBe(2027);
    expect(parseParams(schemas.holiday, { holiday: "qingming", year: "2026" }).year).toBe(2026);
    expect(refusal(() => parseParams(schemas.holiday, { holiday: "qingming", year: "2027" }))).toBe(
      "year: 2027: not in the calendar — add its arrangement to 2027.json in a directory that TOURISM_HOLIDAYS names, published by the State Council each autumn",
    );
    expect(refusal(() => parseParams(schemas.holiday, { holiday: "qingming", year: "2024", baseline: "2016" }))).toBe(
      "baseline: expected a year the holiday calendar covers (2018–2026), got 2016",
    );
    expect(refusal(() => parseParams(schemas.holiday, { holiday: "qingming", year: "2028" }))).toBe('year: expected a year from 2015 to 2027, got "2028"');
    expect(refusal(() => parseParams(schemas.festival, { festival: "f", year: "2024", baseline: "1970" }))).toBe(
      'baseline: expected a year from 2015 to 2027, got "1970"',
    );
    expect(refusal(() => parseParams(schemas.holiday, { holiday: "qingming", year: "24" }))).toBe('year: expected a year YYYY, got "24"');
  });
  it("run from 2015 to this year for growth", () => {
    expect(parseParams(schemas.growth, { from_year: "2015", to_year: "2026", baseline: "2019" })).toEqual({ from_year: 2015, to_year: 2026, baseline: 2019 });
    expect(refusal(() => parseParams(schemas.growth, { from_year: "2099", to_year: "2099" }))).toBe('from_year: expected a year from 2015 to 2026, got "2099"');
    expect(refusal(() => parseParams(schemas.growth, { from_year: "2020", to_year: "2024", baseline: "1970" }))).toBe(
      'baseline: expected a year from 2015 to 2026, got "1970"',
    );
    expect(refusal(() => parseParams(schemas.growth, { from_year: "2020", to_year: "2027" }))).toBe('to_year: expected a year from 2015 to 2026, got "2027"');
  });
});
