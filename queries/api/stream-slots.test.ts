import { describe, expect, it } from "vitest";
import { loadConfig } from "../../infra/config.ts";
import { streamLimits, streamSlots } from "./stream-slots.ts";

describe("streamSlots", () => {
  it("refuses a token past its own limit while other tokens still get in", () => {
    const slots = streamSlots({ perToken: 2, total: 5 });
    expect(typeof slots.take("a")).toBe("function");
    expect(typeof slots.take("a")).toBe("function");
    expect(slots.take("a")).toEqual({ refused: "token", limit: 2 });
    expect(typeof slots.take("b")).toBe("function");
    expect(slots.open).toBe(3);
  });

  it("refuses every token past the total, and lets one in again after a release", () => {
    const slots = streamSlots({ perToken: 3, total: 4 });
    const releases = ["a", "a", "b", "c"].map((holder) => slots.take(holder));
    expect(slots.take("d")).toEqual({ refused: "total", limit: 4 });
    const first = releases[0] as () => void;
    first();
    first(); // a second release of the same slot frees nothing more
    expect(slots.open).toBe(3);
    expect(typeof slots.take("d")).toBe("function");
    expect(slots.take("e")).toEqual({ refused: "total", limit: 4 });
  });

  it("gives a token its full limit again once its streams are closed", () => {
    const slots = streamSlots({ perToken: 1, total: 10 });
    const release = slots.take("a") as () => void;
    expect(slots.take("a")).toEqual({ refused: "token", limit: 1 });
    release();
    expect(typeof slots.take("a")).toBe("function");
    expect(slots.open).toBe(1);
  });
});

describe("streamLimits", () => {
  it("takes the configuration's limits, 50 a token and 1,000 in all unless set", () => {
    expect(streamLimits(loadConfig({}))).toEqual({ perToken: 50, total: 1000 });
    expect(streamLimits(loadConfig({ TOURISM_LIVE_STREAMS_PER_TOKEN: "5", TOURISM_LIVE_STREAMS_TOTAL: "20" }))).toEqual({ perToken: 5, total: 20 });
    expect(() => loadConfig({ TOURISM_LIVE_STREAMS_TOTAL: "0" })).toThrow(/^TOURISM_LIVE_STREAMS_TOTAL: /);
  });
});
