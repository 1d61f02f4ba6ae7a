import { describe, expect, it } from "vitest";
import { longestRetryAfterMs } from "../../../infra/http/retry-after.ts";
import { longestRetryMs, retryDelayMs } from "./backoff.ts";

describe("retryDelayMs", () => {
  it("doubles from half a second up to its cap, each wait between half and all of its ceiling", () => {
    expect([0, 1, 2, 3].map((attempt) => retryDelayMs(attempt, null, 0, () => 1))).toEqual([500, 1000, 2000, 4000]);
    expect([0, 1, 2, 3].map((attempt) => retryDelayMs(attempt, null, 0, () => 0))).toEqual([250, 500, 1000, 2000]);
    expect(retryDelayMs(20, null, 0, () => 1)).toBe(longestRetryMs);
    expect(retryDelayMs(5000, null, 0, () => 0)).toBe(longestRetryMs / 2);
  });

  it("waits what Retry-After asks, in seconds or as a date, within a bound; an unreadable one is ignored", () => {
    expect(retryDelayMs(0, "7", 0, () => 1)).toBe(7000);
    expect(retryDelayMs(9, " 0 ", 0, () => 1)).toBe(0);
    expect(retryDelayMs(0, "Thu, 01 Jan 1970 00:00:12 GMT", 2000, () => 1)).toBe(10_000);
    expect(retryDelayMs(0, "Thu, 01 Jan 1970 00:00:01 GMT", 2000, () => 1)).toBe(0);
    expect(retryDelayMs(0, "86400", 0, () => 1)).toBe(longestRetryAfterMs);
    expect(retryDelayMs(1, "soon", 0, () => 1)).toBe(1000);
  });
});
