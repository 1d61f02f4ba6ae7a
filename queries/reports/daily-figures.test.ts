import { describe, expect, it } from "vitest";
import { dateRanges } from "./daily-figures.ts";

describe("dateRanges", () => {
  it("joins overlapping and adjacent spans and keeps gaps, in date order", () => {
    expect(
      dateRanges([
        { start: "2024-04-04", end: "2024-04-06" },
        { start: "2019-04-05", end: "2019-04-07" },
        { start: "2024-04-07", end: "2024-04-08" },
        { start: "2023-04-05", end: "2023-04-05" },
        { start: "2024-04-05", end: "2024-04-05" },
      ]),
    ).toEqual([
      { start: "2019-04-05", end: "2019-04-07" },
      { start: "2023-04-05", end: "2023-04-05" },
      { start: "2024-04-04", end: "2024-04-08" },
    ]);
  });

  it("covers a year and the year before it as one run, across a month end", () => {
    expect(
      dateRanges([
        { start: "2025-01-01", end: "2025-12-31" },
        { start: "2024-01-02", end: "2024-12-31" },
      ]),
    ).toEqual([{ start: "2024-01-02", end: "2025-12-31" }]);
    expect(
      dateRanges([
        { start: "2024-03-01", end: "2024-03-31" },
        { start: "2024-02-01", end: "2024-02-29" },
      ]),
    ).toEqual([{ start: "2024-02-01", end: "2024-03-31" }]);
  });

  it("keeps spans a day apart separate and drops empty spans", () => {
    expect(
      dateRanges([
        { start: "2024-01-01", end: "2024-01-02" },
        { start: "2024-01-04", end: "2024-01-04" },
        { start: "2024-01-09", end: "2024-01-08" },
      ]),
    ).toEqual([
      { start: "2024-01-01", end: "2024-01-02" },
      { start: "2024-01-04", end: "2024-01-04" },
    ]);
    expect(dateRanges([])).toEqual([]);
  });

  it("does not change the spans it is given", () => {
    const spans = [
      { start: "2024-01-01", end: "2024-01-05" },
      { start: "2024-01-03", end: "2024-01-09" },
    ];
    dateRanges(spans);
    expect(spans[0]).toEqual({ start: "2024-01-01", end: "2024-01-05" });
  });
});
