import { describe, expect, it } from "vitest";
import { crossingsOf } from "./crossings.ts";

const capacity = { instant: 100, daily: 300 };
/** Running entries and exits at minutes 1, 2, 3… */
const series = (...points: [number, number][]) => points.map(([entries, exits], i) => ({ atMs: (i + 1) * 60_000, entries, exits }));
const described = (points: [number, number][]) =>
  crossingsOf(series(...points), capacity).crossings.map((c) => `${c.atMs / 60_000} ${c.measure} #${c.crossing} ${c.previous_level}→${c.level} ${c.figure}`);

describe("crossingsOf", () => {
  it("changes level at the event time the figure crossed, not at the day's last", () => {
    expect(
      described([
        [50, 0],
        [106, 0],
        [150, 80],
        [160, 160],
      ]),
    ).toEqual(["2 instant #1 normal→full 106", "3 instant #2 full→normal 70"]);
  });

  it("numbers each measure's changes on its own, with hysteresis, and answers the levels at the last time", () => {
    // Inside: 80, 96, 96, 76 (still warning: it clears below 75); entries: 80, 100, 250, 300.
    const result = crossingsOf(series([80, 0], [100, 4], [250, 154], [300, 224]), capacity);
    expect(result.crossings.map((c) => [c.atMs / 60_000, c.measure, c.crossing, c.level, c.figure])).toEqual([
      [1, "instant", 1, "warning", 80],
      [3, "daily", 1, "warning", 250],
      [4, "daily", 2, "full", 300],
    ]);
    expect(result.levels).toEqual({ instant: "warning", daily: "full" });
  });

  it("floors occupancy at zero when exits were counted first", () => {
    expect(
      described([
        [0, 30],
        [85, 30],
        [110, 30],
      ]),
    ).toEqual(["3 instant #1 normal→warning 80"]);
  });
});
