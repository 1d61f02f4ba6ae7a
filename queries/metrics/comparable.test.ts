import { describe, expect, it } from "vitest";
import { comparableDays, daysThrough } from "./comparable.ts";

const nationalDay2026 = [{ start: "2026-10-01", end: "2026-10-07" }];
/** Mid-Autumn and National Day 2025 merged into one 8-day period. */
const merged2025 = [{ start: "2025-10-01", end: "2025-10-08" }];
/** A period given as two runs a fortnight apart (Mid-Autumn and National Day 2024's dates). */
const separate2024 = [
  { start: "2024-09-15", end: "2024-09-17" },
  { start: "2024-10-01", end: "2024-10-07" },
];

describe("comparableDays", () => {
  it("compares 2026's 7-day National Day with Oct 1–7 of 2025's merged 8-day period", () => {
    expect(comparableDays(nationalDay2026, merged2025)).toEqual({
      days: 7,
      currentDays: 7,
      otherDays: 8,
      soFar: false,
      current: nationalDay2026,
      other: [{ start: "2025-10-01", end: "2025-10-07" }],
    });
  });
  it("counts a period's runs in date order: 8 days against 3 + 7", () => {
    const basis = comparableDays(merged2025, separate2024);
    expect(basis.days).toBe(8);
    expect(basis.current).toEqual(merged2025);
    expect(basis.other).toEqual([
      { start: "2024-09-15", end: "2024-09-17" },
      { start: "2024-10-01", end: "2024-10-05" },
    ]);
  });
  it("takes the other period whole when this one is longer", () => {
    const basis = comparableDays(separate2024, [{ start: "2023-09-29", end: "2023-10-06" }]);
    expect(basis.days).toBe(8);
    expect(basis.current).toEqual([
      { start: "2024-09-15", end: "2024-09-17" },
      { start: "2024-10-01", end: "2024-10-05" },
    ]);
    expect(basis.other).toEqual([{ start: "2023-09-29", end: "2023-10-06" }]);
  });
  it("during the holiday compares only the days so far", () => {
    const basis = comparableDays(nationalDay2026, merged2025, "2026-10-03");
    expect(basis).toMatchObject({ days: 3, currentDays: 3, otherDays: 8, soFar: true });
    expect(basis.current).toEqual([{ start: "2026-10-01", end: "2026-10-03" }]);
    expect(basis.other).toEqual([{ start: "2025-10-01", end: "2025-10-03" }]);
  });
  it("during a period of runs counts so far across them", () => {
    const basis = comparableDays(separate2024, merged2025, "2024-10-02");
    expect(basis).toMatchObject({ days: 5, currentDays: 5, soFar: true });
    expect(basis.current).toEqual([
      { start: "2024-09-15", end: "2024-09-17" },
      { start: "2024-10-01", end: "2024-10-02" },
    ]);
    expect(basis.other).toEqual([{ start: "2025-10-01", end: "2025-10-05" }]);
  });
  it("compares nothing before the holiday begins, and everything once it is over", () => {
    expect(comparableDays(nationalDay2026, merged2025, "2026-09-30")).toMatchObject({ days: 0, currentDays: 0, soFar: true, current: [], other: [] });
    expect(comparableDays(nationalDay2026, merged2025, "2026-12-05")).toMatchObject({ days: 7, soFar: false });
  });
  it("compares a one-day Qingming with day 1 of a three-day one", () => {
    const basis = comparableDays([{ start: "2024-04-04", end: "2024-04-06" }], [{ start: "2023-04-05", end: "2023-04-05" }]);
    expect(basis).toMatchObject({ days: 1, current: [{ start: "2024-04-04", end: "2024-04-04" }], other: [{ start: "2023-04-05", end: "2023-04-05" }] });
  });
});

describe("daysThrough", () => {
  it("drops the runs after the date and clips the one holding it", () => {
    expect(daysThrough(separate2024, "2024-09-16")).toEqual([{ start: "2024-09-15", end: "2024-09-16" }]);
    expect(daysThrough(separate2024, undefined)).toEqual(separate2024);
  });
});
