import { describe, expect, it } from "vitest";
import { fenToYuanNumber, formatCount, formatDecimal, formatHeadlineCount, formatLocalTime, formatPct, formatYuan } from "./format.ts";

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
  it("writes large counts in headlines in 万 in Chinese, from 10,000 up", () => {
    expect(formatHeadlineCount("zh", 9_999)).toBe("9,999");
    expect(formatHeadlineCount("zh", 10_000)).toBe("1万");
    expect(formatHeadlineCount("zh", 123_400)).toBe("12.34万");
    expect(formatHeadlineCount("zh", 123_456)).toBe("12.35万");
    expect(formatHeadlineCount("zh", 12_345_678)).toBe("1,234.57万");
    expect(formatHeadlineCount("zh", null)).toBe("—");
  });
  it("keeps grouped digits in English headlines", () => {
    expect(formatHeadlineCount("en", 12_340)).toBe("12,340");
    expect(formatHeadlineCount("en", 9_700)).toBe("9,700");
  });
});

describe("local times", () => {
  it("shows warehouse UTC text and ISO moments as Shanghai wall-clock time", () => {
    expect(formatLocalTime("2025-10-03 06:05:09")).toBe("14:05:09");
    expect(formatLocalTime("2025-10-03T14:05:09.000+08:00")).toBe("14:05:09");
    expect(formatLocalTime("2025-10-02T23:30:00Z")).toBe("07:30:00");
  });
});
