import { describe, expect, it } from "vitest";
import { fenToYuanNumber, formatCount, formatDecimal, formatPct, formatYuan } from "./format.ts";

describe("dashboard number formats (zh-CN)", () => {
  it("groups thousands", () => {
    expect(formatCount(9700)).toBe("9,700");
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(0)).toBe("0");
  });
  it("shows missing figures as a dash, never 0", () => {
    expect(formatCount(null)).toBe("—");
    expect(formatYuan(undefined)).toBe("—");
    expect(formatPct(null)).toBe("—");
  });
  it("shows fen as yuan with two decimals", () => {
    expect(formatYuan(1234567)).toBe("12,345.67");
    expect(formatYuan(5)).toBe("0.05");
    expect(formatYuan(-250)).toBe("-2.50");
    expect(fenToYuanNumber(1234567)).toBe(12345.67);
  });
  it("signs percent changes with one decimal", () => {
    expect(formatPct(47)).toBe("+47.0%");
    expect(formatPct(-3.25)).toBe("-3.3%");
    expect(formatPct(0)).toBe("±0.0%");
    expect(formatPct(1234.5)).toBe("+1,234.5%");
    expect(formatDecimal(3233.3333)).toBe("3,233.3");
  });
});
