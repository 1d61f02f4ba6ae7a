import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./webhooks.ts";

describe("retryDelayMs", () => {
  it("doubles from 2 s and stops at 5 minutes", () => {
    expect([0, 1, 2, 3, 20].map(retryDelayMs)).toEqual([2000, 2000, 4000, 8000, 300_000]);
  });
});
