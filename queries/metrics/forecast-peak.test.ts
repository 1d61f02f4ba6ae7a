import { describe, expect, it } from "vitest";
import { errorModel } from "./forecast-intervals.ts";
import { peakDay, peakInterval, peakRatios, peakReachProbability } from "./forecast-peak.ts";

/** Errors evenly spread over [-0.5, 0.5]: 101 of them. */
const even = errorModel(Array.from({ length: 101 }, (_, i) => -0.5 + i / 100));
const series = (values: Record<string, number>) => new Map(Object.entries(values));

const target = { year: 2026, dates: ["2026-05-01", "2026-05-02"] };
const past = [
  { year: 2024, dates: ["2024-05-01", "2024-05-02"] },
  { year: 2025, dates: ["2025-05-01", "2025-05-02"] },
  { year: 2021, dates: ["2021-05-01", "2021-05-02"] },
];
const entries = series({ "2024-05-01": 1000, "2024-05-02": 1000, "2025-05-01": 1000, "2025-05-02": 2000, "2021-05-01": 100 });

describe("peak occupancy forecast", () => {
  it("takes the median peak-to-entries ratio of the same day N, else of all past holiday days, never a closure year's", () => {
    // Day 1: 0.3 (2024) and 0.5 (2025): median 0.4. Day 2 has no intraday day: all days' ratios 0.3, 0.5.
    const peaks = series({ "2024-05-01": 300, "2025-05-01": 500, "2021-05-01": 90 });
    const [day1, day2] = peakRatios(peaks, entries, target, past, "2026-04-30");
    expect(day1!.ratio).toBeCloseTo(0.4, 12);
    expect(day1!.sameDay).toBe(true);
    expect(day1!.deviations.map((d) => Math.exp(d))).toEqual([expect.closeTo(0.75, 12), expect.closeTo(1.25, 12)]);
    expect(day2).toMatchObject({ sameDay: false, ratio: expect.closeTo(0.4, 12) });
    // Made before 2025's holiday: only 2024 is known.
    expect(peakRatios(peaks, entries, target, past, "2025-05-01")[0]!.ratio).toBeCloseTo(0.3, 12);
    expect(peakRatios(series({}), entries, target, past, "2026-04-30")).toEqual([null, null]);
  });

  it("with one ratio gives the entries' own interval and chances, scaled by the ratio", () => {
    const one = { ratio: 0.5, deviations: [0], sameDay: true };
    // 1000 entries expected, peak 500; the entries' 10th and 90th percentile errors are ∓0.4.
    const i = peakInterval(1000, one, even, 0.8);
    expect(i.low).toBeCloseTo(500 * Math.exp(-0.4), 6);
    expect(i.high).toBeCloseTo(500 * Math.exp(0.4), 6);
    // 20 of the 101 errors reach +0.305.
    expect(peakReachProbability(1000, one, 500 * Math.exp(0.305), even)).toBeCloseTo(20 / 101, 12);
  });

  it("widens by the ratios' spread: each past ratio's deviation combined with every entries error", () => {
    const spread = { ratio: 0.5, deviations: [-0.2, 0, 0.2], sameDay: true };
    // To reach +0.305: errors ≥ 0.505 (none), ≥ 0.305 (20), ≥ 0.105 (40); mean 60/303.
    expect(peakReachProbability(1000, spread, 500 * Math.exp(0.305), even)).toBeCloseTo(60 / 303, 12);
    const i = peakInterval(1000, spread, even, 0.8);
    expect(i.high).toBeGreaterThan(500 * Math.exp(0.4));
    expect(i.low).toBeLessThan(500 * Math.exp(-0.4));
  });

  it("gives a day already over its counted peak, and no forecast without a ratio", () => {
    const seen = { date: "2026-05-01", observed: 900, expected: 800, low80: 900, high80: 900, low95: 900, high95: 900 };
    expect(peakDay(seen, null, even, 400, 350)).toEqual({ expected: 350, low80: 350, high80: 350, p80: 1, p100: 0 });
    expect(peakDay(seen, null, even, 400, undefined).expected).toBeNull();
    const ahead = { ...seen, observed: null };
    expect(peakDay(ahead, null, even, 400, undefined)).toEqual({ expected: null, low80: null, high80: null, p80: null, p100: null });
    expect(peakDay(ahead, { ratio: 0.5, deviations: [0], sameDay: true }, even, null, undefined)).toMatchObject({ expected: 400, p80: null });
  });
});
