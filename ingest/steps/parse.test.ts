import { describe, expect, it } from "vitest";
import { parseEvent } from "./parse.ts";

describe("parseEvent", () => {
  it("hands on the JSON object, whatever its fields", () => {
    expect(parseEvent('{"type":"parking","清明":[1,2]}')).toEqual({ ok: true, value: { type: "parking", 清明: [1, 2] } });
  });

  it.each([
    ['{"type":"ticket","event_id":', /^not JSON: /],
    ["", /^not JSON: /],
    ["{'type':'ticket'}", /^not JSON: /],
  ])("refuses %j as not JSON, with the parser's words", (text, pattern) => {
    const parsed = parseEvent(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(pattern);
  });

  it.each(["[1,2]", "null", "42", '"ticket"', "true"])("refuses %s as not a JSON object", (text) => {
    expect(parseEvent(text)).toEqual({ ok: false, reason: "not a JSON object" });
  });
});
