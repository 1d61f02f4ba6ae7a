import { describe, expect, it } from "vitest";
import { countRangeZhText } from "./format.ts";

describe("count ranges in Chinese", () => {
  it("writes 万 once when both ends reach 10,000, and each end by its own rule otherwise", () => {
    expect(countRangeZhText(10_512, 14_100)).toBe("1.05–1.41万");
    expect(countRangeZhText(8_100, 9_700)).toBe("8,100–9,700");
    expect(countRangeZhText(9_800, 12_040)).toBe("9,800–1.20万");
  });
});
