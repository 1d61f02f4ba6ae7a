import { describe, expect, it } from "vitest";
import { formatSiteInstant, formatSiteInstantOrNull } from "./time.ts";

describe("formatSiteInstant", () => {
  it("prints an instant as the sites' wall-clock time with its offset, to the second", () => {
    expect(formatSiteInstant("2026-12-05T03:44:59.000Z")).toBe("2026-12-05 11:44:59 +08:00");
    expect(formatSiteInstant("2024-04-05T12:00:00.000+08:00")).toBe("2024-04-05 12:00:00 +08:00");
    expect(formatSiteInstant("2026-12-05T09:30:00+08:00")).toBe("2026-12-05 09:30:00 +08:00");
  });
  it("moves to the next local day, and drops the milliseconds without rounding up", () => {
    expect(formatSiteInstant("2026-12-31T16:00:00.999Z")).toBe("2027-01-01 00:00:00 +08:00");
  });
  it("follows the zone's rules: Shanghai kept summer time in 1986–1991", () => {
    expect(formatSiteInstant("1988-07-01T00:00:00Z")).toBe("1988-07-01 09:00:00 +09:00");
  });
  it("leaves text that is not an instant as it is, and null as null", () => {
    expect(formatSiteInstant("2026-12-05")).toBe("2026-12-05");
    expect(formatSiteInstant("soon")).toBe("soon");
    expect(formatSiteInstantOrNull(null)).toBeNull();
  });
});
