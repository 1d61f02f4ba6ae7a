import { describe, expect, it } from "vitest";
import { arrivalWeights, exitsFor, gateDay, intervalCount, intervalEnd } from "./intraday.ts";
import { rngFor } from "./rng.ts";

const park = { from: 8 * 60 + 30, to: 17 * 60 + 30 };
const homestay = { from: 12 * 60, to: 21 * 60 };
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

describe("intraday gate counts", () => {
  it("a park's day is 36 quarter hours, the last ending at closing", () => {
    expect(intervalCount(park)).toBe(36);
    expect(hhmm(intervalEnd(park, 0))).toBe("08:45");
    expect(hhmm(intervalEnd(park, 35))).toBe("17:30");
    expect(intervalEnd({ from: 540, to: 1000 }, intervalCount({ from: 540, to: 1000 }) - 1)).toBe(1000);
  });

  it.each([0, 1, 7, 100, 3217, 9700])("entries sum exactly to the gate's %i visitors of the day", (visitors) => {
    for (const seed of [1, 2, 3]) expect(sum(gateDay(visitors, park, rngFor(seed, "gate")).entries)).toBe(visitors);
  });

  it("exits never exceed entries at any interval's end, and everyone is out by closing", () => {
    for (const [opening, visitors] of [
      [park, 3217],
      [park, 5],
      [homestay, 14],
    ] as const) {
      for (const seed of [1, 2, 3, 4]) {
        const { entries, exits } = gateDay(visitors, opening, rngFor(seed));
        let inside = 0;
        entries.forEach((entered, s) => {
          inside += entered - exits[s]!;
          expect(inside).toBeGreaterThanOrEqual(0);
        });
        expect(inside).toBe(0);
      }
    }
  });

  it("a visitor leaves in a later interval than they came: nobody is counted out before in", () => {
    const entries = new Array(36).fill(0);
    entries[3] = 50;
    const exits = exitsFor(entries, park);
    expect(sum(exits.slice(0, 4))).toBe(0);
    expect(sum(exits)).toBe(50);
  });

  it("arrivals peak in the late morning, none in the last hour", () => {
    const weights = arrivalWeights(park, rngFor(1));
    const busiest = weights.indexOf(Math.max(...weights));
    expect(hhmm(intervalEnd(park, busiest))).toMatch(/^1[01]:/);
    expect(sum(weights.slice(32))).toBe(0);
    expect(weights[31]).toBeGreaterThan(0);
  });

  it("the crowd inside peaks around midday at roughly half the day's visitors", () => {
    const { entries, exits } = gateDay(10_000, park, rngFor(1));
    let inside = 0;
    const occupancy = entries.map((entered, s) => (inside += entered - exits[s]!));
    const peak = Math.max(...occupancy);
    expect(hhmm(intervalEnd(park, occupancy.indexOf(peak)))).toMatch(/^1[23]:/);
    expect(peak).toBeGreaterThan(4000);
    expect(peak).toBeLessThan(7000);
  });

  it("is deterministic for a seed and differs between seeds", () => {
    expect(gateDay(3217, park, rngFor(5, "g"))).toEqual(gateDay(3217, park, rngFor(5, "g")));
    expect(gateDay(3217, park, rngFor(6, "g"))).not.toEqual(gateDay(3217, park, rngFor(5, "g")));
  });

  it("refuses opening hours shorter than two counting intervals", () => {
    expect(() => gateDay(10, { from: 600, to: 610 }, rngFor(1))).toThrow(/shorter than two counting intervals/);
  });
});
