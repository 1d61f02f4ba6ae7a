import { describe, expect, it } from "vitest";
import { cagr, perDay, percentChange, recoveryPct } from "./change.ts";

describe("percentChange", () => {
  it("rounds to one decimal", () => {
    expect(percentChange(9700, 6600)).toBe(47); // 3100/6600 = 46.969…
    expect(percentChange(1, 3)).toBe(-66.7);
    expect(percentChange(150, 100)).toBe(50);
  });
  it("is null, never Infinity or NaN, when the previous value is 0", () => {
    expect(percentChange(10, 0)).toBeNull();
    expect(percentChange(0, 0)).toBeNull();
  });
  it("handles a fall to zero and negative revenue", () => {
    expect(percentChange(0, 50)).toBe(-100);
    expect(percentChange(-50, 100)).toBe(-150);
  });
});

describe("perDay", () => {
  it("divides by the period length to one decimal", () => {
    expect(perDay(10, 3)).toBe(3.3);
    expect(perDay(0, 3)).toBe(0);
    expect(perDay(5, 0)).toBeNull();
  });
});

describe("cagr", () => {
  it("is the compound yearly rate", () => {
    expect(cagr(100, 121, 2)).toBe(10); // 1.1² = 1.21
    expect(cagr(1000, 800, 1)).toBe(-20);
    expect(cagr(100, 200, 3)).toBe(26); // 2^(1/3) = 1.2599…
  });
  it("is null without a span or a positive start and end", () => {
    expect(cagr(100, 200, 0)).toBeNull();
    expect(cagr(0, 200, 2)).toBeNull();
    expect(cagr(100, 0, 2)).toBeNull();
  });
});

describe("recoveryPct", () => {
  it("is this year as a percentage of the baseline's, one decimal", () => {
    expect(recoveryPct(8_700, 10_000)).toBe(87);
    expect(recoveryPct(12_345, 10_000)).toBe(123.5);
    expect(recoveryPct(0, 10_000)).toBe(0);
  });
  it("is null without a positive base", () => {
    expect(recoveryPct(10, 0)).toBeNull();
    expect(recoveryPct(10, -5)).toBeNull();
  });
});
