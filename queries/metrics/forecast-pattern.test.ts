import { describe, expect, it } from "vitest";
import { dayPattern } from "./forecast-pattern.ts";

describe("dayPattern", () => {
  it("keeps whole a pattern every year repeats", () => {
    expect(
      dayPattern(
        [
          [0.3, -0.3],
          [0.3, -0.3],
          [0.3, -0.3],
        ],
        2,
      ),
    ).toEqual([0.3, -0.3].map((v) => expect.closeTo(v, 12)));
  });

  it("flattens a pattern the years disagree on (noise, not a pattern)", () => {
    expect(
      dayPattern(
        [
          [0.2, -0.2],
          [-0.2, 0.2],
          [0.2, -0.2],
        ],
        2,
      ),
    ).toEqual([0, 0].map((v) => expect.closeTo(v, 12)));
  });

  it("keeps part of a pattern that stands out of the years' spread", () => {
    // Day means 0.3 and -0.3 (between-day variance 0.09); one year's variance 0.02, a mean of 2 years' 0.01: 0.08/0.09 kept.
    const pattern = dayPattern(
      [
        [0.4, -0.2],
        [0.2, -0.4],
      ],
      2,
    );
    expect(pattern).toEqual([0.3, -0.3].map((v) => expect.closeTo((v * 0.08) / 0.09, 12)));
  });

  it("takes one year's pattern as it is, and a day no year knows as average", () => {
    expect(dayPattern([[0.1, null, -0.1]], 3)).toEqual([0.1, 0, -0.1]);
  });
});
