import { describe, expect, it } from "vitest";
import { buckets, firstDays, isoWeek, previousSpan } from "./periods.ts";

describe("previousSpan, date alignment", () => {
  it("takes the same calendar dates a year earlier", () => {
    expect(previousSpan({ start: "2024-04-04", end: "2024-04-06" }, "date")).toEqual({ start: "2023-04-04", end: "2023-04-06" });
  });
  it("compares whole months across a leap day", () => {
    expect(previousSpan({ start: "2024-02-01", end: "2024-02-29" }, "date")).toEqual({ start: "2023-02-01", end: "2023-02-28" });
    expect(previousSpan({ start: "2025-02-01", end: "2025-02-28" }, "date")).toEqual({ start: "2024-02-01", end: "2024-02-29" });
  });
  it("gives 29 February alone no counterpart, and 28 Feb after a leap year both last-year days", () => {
    expect(previousSpan({ start: "2024-02-29", end: "2024-02-29" }, "date")).toBeNull();
    expect(previousSpan({ start: "2024-02-28", end: "2024-02-28" }, "date")).toEqual({ start: "2023-02-28", end: "2023-02-28" });
    expect(previousSpan({ start: "2025-02-28", end: "2025-02-28" }, "date")).toEqual({ start: "2024-02-28", end: "2024-02-29" });
    expect(previousSpan({ start: "2024-03-01", end: "2024-03-01" }, "date")).toEqual({ start: "2023-03-01", end: "2023-03-01" });
  });
});

describe("previousSpan, weekday alignment", () => {
  it("goes back 364 days, landing on the same weekday", () => {
    // 2024-04-04 is a Thursday; 2023-04-06 is a Thursday too.
    expect(previousSpan({ start: "2024-04-04", end: "2024-04-06" }, "weekday")).toEqual({ start: "2023-04-06", end: "2023-04-08" });
    expect(previousSpan({ start: "2024-03-01", end: "2024-03-01" }, "weekday")).toEqual({ start: "2023-03-03", end: "2023-03-03" });
  });
});

describe("isoWeek", () => {
  it("numbers weeks from the week holding the year's first Thursday", () => {
    expect(isoWeek("2024-01-01")).toBe("2024-W01"); // a Monday
    expect(isoWeek("2021-01-03")).toBe("2020-W53"); // a Sunday in the last week of 2020
    expect(isoWeek("2024-12-30")).toBe("2025-W01");
    expect(isoWeek("2024-04-04")).toBe("2024-W14");
  });
});

describe("buckets", () => {
  it("clips the first and last week", () => {
    expect(buckets("2024-04-04", "2024-04-16", "week")).toEqual([
      { period: "2024-W14", start: "2024-04-04", end: "2024-04-07" },
      { period: "2024-W15", start: "2024-04-08", end: "2024-04-14" },
      { period: "2024-W16", start: "2024-04-15", end: "2024-04-16" },
    ]);
  });
  it("splits months and days", () => {
    expect(buckets("2024-01-30", "2024-03-02", "month")).toEqual([
      { period: "2024-01", start: "2024-01-30", end: "2024-01-31" },
      { period: "2024-02", start: "2024-02-01", end: "2024-02-29" },
      { period: "2024-03", start: "2024-03-01", end: "2024-03-02" },
    ]);
    expect(buckets("2024-02-28", "2024-03-01", "day").map((b) => b.period)).toEqual(["2024-02-28", "2024-02-29", "2024-03-01"]);
  });
});

describe("firstDays", () => {
  const merged2022 = [
    { start: "2022-09-10", end: "2022-09-12" },
    { start: "2022-10-01", end: "2022-10-07" },
  ];
  it("counts day N across the runs of last year's two holidays in date order", () => {
    expect(firstDays(merged2022, 2)).toEqual([{ start: "2022-09-10", end: "2022-09-11" }]);
    expect(firstDays(merged2022, 5)).toEqual([
      { start: "2022-09-10", end: "2022-09-12" },
      { start: "2022-10-01", end: "2022-10-02" },
    ]);
  });
  it("stops at the end of a shorter period", () => {
    expect(firstDays([{ start: "2023-04-05", end: "2023-04-05" }], 3)).toEqual([{ start: "2023-04-05", end: "2023-04-05" }]);
  });
});
