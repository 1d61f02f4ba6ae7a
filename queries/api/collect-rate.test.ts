import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./collect-rate.ts";

describe("createRateLimiter", () => {
  it("lets a burst of perMinute through, then asks each sender to wait until its bucket refills", () => {
    let t = 0;
    const limiter = createRateLimiter(60, () => t);
    for (let i = 0; i < 60; i++) expect(limiter.take("a")).toBe(0);
    expect(limiter.take("a")).toBe(1); // one request a second refills
    expect(limiter.take("b")).toBe(0); // another sender has its own bucket
    t += 1000;
    expect(limiter.take("a")).toBe(0);
    expect(limiter.take("a")).toBe(1);
    t += 10 * 60_000;
    for (let i = 0; i < 60; i++) expect(limiter.take("a")).toBe(0); // never more than a minute's worth
    expect(limiter.take("a")).toBe(1);
  });

  it("says how many seconds to wait at slow rates", () => {
    let t = 0;
    const limiter = createRateLimiter(2, () => t);
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a")]).toEqual([0, 0, 30]);
    t += 29_000;
    expect(limiter.take("a")).toBe(1);
    t += 1000;
    expect(limiter.take("a")).toBe(0);
  });
});
