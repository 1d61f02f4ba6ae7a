import { describe, expect, it } from "vitest";
import { apiPath } from "./api.ts";

describe("apiPath", () => {
  it("leaves out unset parameters and encodes the rest", () => {
    expect(apiPath("/api/reports/holiday", { holiday: "qingming", year: 2019, site: undefined, by: "" })).toBe(
      "/api/reports/holiday?holiday=qingming&year=2019",
    );
    expect(apiPath("/api/me")).toBe("/api/me");
    expect(apiPath("/api/x", { q: "a&b c" })).toBe("/api/x?q=a%26b+c");
  });
});
