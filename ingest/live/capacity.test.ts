import { describe, expect, it } from "vitest";
import { type Level, nextLevel, occupancy, percentOf } from "./capacity.ts";

describe("occupancy", () => {
  it("is entries minus exits, floored at zero when exits were counted first", () => {
    expect(occupancy(120, 45)).toBe(75);
    expect(occupancy(10, 14)).toBe(0);
  });
});

describe("percentOf", () => {
  it("rounds to one decimal and has no value without a capacity", () => {
    expect(percentOf(2400, 3000)).toBe(80);
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(5, 0)).toBeNull();
    expect(percentOf(5, undefined)).toBeNull();
  });
});

describe("nextLevel", () => {
  /** Walks figures against a capacity of 1,000 from normal, returning each level. */
  const walk = (figures: number[]) => {
    let level: Level = "normal";
    return figures.map((f) => {
      level = nextLevel(level, f, 1000);
      return level;
    });
  };

  it("warns at 80 % and is full at 100 %, comparing exactly (799.6 of 1,000 is below the line)", () => {
    expect(walk([799, 800, 999, 1000])).toEqual(["normal", "warning", "warning", "full"]);
    expect(nextLevel("normal", 7996, 10_000)).toBe("normal");
  });

  it("clears a warning only below 75 %, and full only below 95 %", () => {
    expect(walk([810, 760, 750, 749])).toEqual(["warning", "warning", "warning", "normal"]);
    expect(walk([1000, 960, 950, 949, 800, 749])).toEqual(["full", "full", "full", "warning", "warning", "normal"]);
  });

  it("goes straight from full to normal on a steep drop, and from normal to full on a jump", () => {
    expect(walk([1200, 100])).toEqual(["full", "normal"]);
  });

  it("stays normal without a capacity", () => {
    expect(nextLevel("full", 5000, undefined)).toBe("normal");
  });
});
