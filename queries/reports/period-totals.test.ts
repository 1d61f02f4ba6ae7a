import { describe, expect, it } from "vitest";
import { runsJson } from "./period-totals.ts";

describe("runsJson", () => {
  it("gives each run its period's index and the whole period's days, a merged holiday's two runs alike", () => {
    const merged = [
      { start: "2023-09-29", end: "2023-09-30" },
      { start: "2023-10-01", end: "2023-10-06" },
    ];
    expect(JSON.parse(runsJson([[{ start: "2024-04-04", end: "2024-04-06" }], [], merged]))).toEqual([
      [0, "2024-04-04", "2024-04-06", 3],
      [2, "2023-09-29", "2023-09-30", 8],
      [2, "2023-10-01", "2023-10-06", 8],
    ]);
  });
});
