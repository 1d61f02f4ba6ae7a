import { describe, expect, it } from "vitest";
import { parseScaleArgs } from "./scale-args.ts";

describe("bench:scale arguments", () => {
  it("defaults to 10M, 30M and 100M events in /tmp/tourism-bench-scale", () => {
    expect(parseScaleArgs([])).toEqual({ ok: true, dir: "/tmp/tourism-bench-scale", sizes: [10_000_000, 30_000_000, 100_000_000] });
  });

  it("reads M and K suffixes and plain counts, ascending, and a directory", () => {
    expect(parseScaleArgs(["30M", "--dir", "/data/x", "2500000", "1.5m", "500k"])).toEqual({
      ok: true,
      dir: "/data/x",
      sizes: [500_000, 1_500_000, 2_500_000, 30_000_000],
    });
  });

  it("names the argument it cannot read and the allowed form", () => {
    for (const bad of [["ten"], ["0"], ["-5M"], ["10G"]]) {
      const parsed = parseScaleArgs(bad);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.reason).toMatch(new RegExp(`^SIZE "${bad[0]}" is not a count of events; usage: bench:scale`));
    }
    expect(parseScaleArgs(["--dir"])).toEqual({ ok: false, reason: expect.stringMatching(/^--dir needs a directory/) });
  });
});
