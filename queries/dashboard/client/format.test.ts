import { describe, expect, it } from "vitest";
import { fenToYuanNumber, formatCount, formatHeadlineCount, formatLocalTime, formatPct } from "./format.ts";

describe("dashboard number formats (zh-CN)", () => {
  it("groups thousands", () => {
    expect(formatCount(9700)).toBe("9,700");
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(0)).toBe("0");
  });
  it("shows missing figures as a dash, never 0", () => {
    expect(formatCount(null)).toBe("—");
    expect(formatPct(null)).toBe("—");
  });
  it("gives charts fen as yuan", () => {
    expect(fenToYuanNumber(1234567)).toBe(12345.67);
    expect(fenToYuanNumber(-5)).toBe(-0.05);
  });
  it("signs percent changes with one decimal", () => {
    expect(formatPct(47)).toBe("+47.0%");
    expect(formatPct(-3.25)).toBe("-3.3%");
    expect(formatPct(0)).toBe("±0.0%");
    expect(formatPct(1234.5)).toBe("+1234.5%");
  });
  it("writes large counts in headlines in 万 in Chinese, from 10,000 up", () => {
    expect(formatHeadlineCount("zh", 9_999)).toBe("9,999");
    expect(formatHeadlineCount("zh", 10_000)).toBe("1.00万");
    expect(formatHeadlineCount("zh", 123_400)).toBe("12.34万");
    expect(formatHeadlineCount("zh", 123_456)).toBe("12.35万");
    expect(formatHeadlineCount("zh", 12_345_678)).toBe("1234.57万");
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
