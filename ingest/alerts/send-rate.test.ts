import { describe, expect, it } from "vitest";
import { sendRate } from "./send-rate.ts";

describe("sendRate", () => {
  it("lets 20 requests go in a minute, and the 21st only 60 s after the first", () => {
    const rate = sendRate(20);
    for (let i = 0; i < 20; i++) {
      expect(rate.freeAt(1000 + i * 100)).toBe(1000 + i * 100);
      rate.sent(1000 + i * 100);
    }
    expect(rate.freeAt(5000)).toBe(61_000);
    expect(rate.freeAt(60_999)).toBe(61_000);
    expect(rate.freeAt(61_000)).toBe(61_000);
    rate.sent(61_000);
    expect(rate.freeAt(61_050)).toBe(61_100); // the second of the first twenty leaves the window next
  });

  it("holds everything until a pause ends", () => {
    const rate = sendRate(20);
    rate.pause(600_000);
    expect(rate.freeAt(1000)).toBe(600_000);
    expect(rate.freeAt(600_001)).toBe(600_001);
  });
});
