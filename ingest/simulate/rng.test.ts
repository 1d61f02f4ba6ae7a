import { describe, expect, it } from "vitest";
import { apportion, hashKey, mulberry32, rngFor } from "./rng.ts";

describe("rng", () => {
  it("mulberry32 is a fixed sequence for a seed", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(first[0]);
  });

  it("streams are keyed by their parts", () => {
    expect(rngFor(1, "weather", "2019-04-05").next()).toBe(rngFor(1, "weather", "2019-04-05").next());
    expect(rngFor(1, "weather", "2019-04-05").next()).not.toBe(rngFor(1, "weather", "2019-04-06").next());
    expect(hashKey(["a", "bc"])).not.toBe(hashKey(["ab", "c"]));
  });

  it("int stays in range and normal has mean 0 and sd 1 roughly", () => {
    const r = rngFor(7);
    const ints = Array.from({ length: 1000 }, () => r.int(3, 5));
    expect(Math.min(...ints)).toBe(3);
    expect(Math.max(...ints)).toBe(5);
    const z = Array.from({ length: 20_000 }, () => r.normal());
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const sd = Math.sqrt(z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });

  it("apportion splits a total exactly by largest remainder", () => {
    // 10 × (1/3, 1/3, 1/3) = 3.33 each; the first in order takes the spare unit.
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    // 7 × (0.5, 0.3, 0.2) = 3.5, 2.1, 1.4 → floors 3, 2, 1, the spare goes to the largest remainder (0.5).
    expect(apportion(7, [5, 3, 2])).toEqual([4, 2, 1]);
    expect(apportion(0, [1, 2])).toEqual([0, 0]);
    expect(apportion(5, [0, 0])).toEqual([0, 0]);
  });
});
