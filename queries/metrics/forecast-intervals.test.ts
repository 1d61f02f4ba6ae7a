import { describe, expect, it } from "vitest";
import { errorModel, errorQuantile, forecastInterval, minErrors, reachProbability } from "./forecast-intervals.ts";

/** Errors evenly spread over [-0.5, 0.5]: 101 of them. */
const even = Array.from({ length: 101 }, (_, i) => -0.5 + i / 100);

describe("forecast intervals", () => {
  it("takes the interval from the empirical quantiles of past log errors", () => {
    const model = errorModel(even);
    expect(errorQuantile(model, 0.1)).toBeCloseTo(-0.4, 9);
    const i = forecastInterval(1000, model, 0.8);
    expect(i.low).toBeCloseTo(1000 * Math.exp(-0.4), 6);
    expect(i.high).toBeCloseTo(1000 * Math.exp(0.4), 6);
  });

  it("falls back to the wide default below the minimum count: a normal log spread of 0.5", () => {
    const model = errorModel(even.slice(0, minErrors - 1));
    expect(model.errors).toBeNull();
    // 1.2816 is the standard normal's 90th percentile.
    expect(forecastInterval(1000, model, 0.8).high).toBeCloseTo(1000 * Math.exp(0.5 * 1.281552), 2);
    expect(reachProbability(1000, 1000, model)).toBeCloseTo(0.5, 6);
  });

  it("gives the probability of reaching a line as the share of past errors that would have reached it", () => {
    const model = errorModel(even);
    expect(reachProbability(1000, 1000 * Math.exp(0.305), model)).toBeCloseTo(20 / 101, 9);
    expect(reachProbability(1000, 10, model)).toBe(1);
    expect(reachProbability(1000, 100_000, model)).toBe(0);
    // Widened: the same line is reached more often.
    expect(reachProbability(1000, 1000 * Math.exp(0.305), errorModel(even, 1.5))).toBeCloseTo(30 / 101, 9);
  });
});
