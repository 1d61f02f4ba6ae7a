import { describe, expect, it } from "vitest";
import { int64, int64Array, integerArray, stringArray } from "./rows.ts";

describe("row-field parsers", () => {
  it("read quoted and plain 64-bit integers as numbers while they are exact", () => {
    expect(int64.parse("9007199254740991")).toBe(Number.MAX_SAFE_INTEGER);
    expect(int64.parse(-5)).toBe(-5);
    expect(int64Array.parse(["12", 0, "-3", "9007199254740991"])).toEqual([12, 0, -3, Number.MAX_SAFE_INTEGER]);
    expect(int64Array.parse([])).toEqual([]);
  });
  it("refuse what would be rounded or is no integer, naming the element", () => {
    for (const bad of ["9007199254740993", "1.5", "", "x", 2.5, null]) {
      expect(int64.safeParse(bad).success).toBe(false);
      expect(int64Array.safeParse(["1", bad]).error?.message).toMatch(/at \[1\]/);
    }
    expect(int64Array.safeParse("12").success).toBe(false);
  });
  it("check arrays of integers and of strings as a whole", () => {
    expect(integerArray.parse([1, -2, 0])).toEqual([1, -2, 0]);
    for (const bad of [[1.5], ["1"], [null], "1", {}]) expect(integerArray.safeParse(bad).success).toBe(false);
    expect(stringArray.parse(["", "a"])).toEqual(["", "a"]);
    for (const bad of [[1], [null], "a"]) expect(stringArray.safeParse(bad).success).toBe(false);
  });
});
