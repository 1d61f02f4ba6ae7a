import { describe, expect, it } from "vitest";
import { tableWidth } from "./terminal-width.ts";

describe("tableWidth", () => {
  it("is a terminal's own width, and 100 when the output is not a terminal", () => {
    expect(tableWidth({ isTTY: true, columns: 80 })).toBe(80);
    expect(tableWidth({ isTTY: true, columns: 240 })).toBe(240);
    expect(tableWidth({ isTTY: false })).toBe(100);
    expect(tableWidth({ isTTY: true, columns: 0 })).toBe(100);
  });
});
