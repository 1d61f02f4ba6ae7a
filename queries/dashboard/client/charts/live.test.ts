import { describe, expect, it } from "vitest";
import { levelOf, occupancyGaugeOption } from "./live.ts";

describe("live tiles", () => {
  it("colours by level at 80 % and 100 % of capacity, normal without a capacity", () => {
    expect(levelOf(2399, 3000)).toBe("normal");
    expect(levelOf(2400, 3000)).toBe("warning");
    expect(levelOf(2999, 3000)).toBe("warning");
    expect(levelOf(3000, 3000)).toBe("full");
    expect(levelOf(5000, null)).toBe("normal");
  });

  it("greys a stale site's gauge and caps the arc past full", () => {
    const series = (option: ReturnType<typeof occupancyGaugeOption>) =>
      (option.series as { progress: { itemStyle: { color: string } }; data: { value: number }[] }[])[0]!;
    const stale = series(occupancyGaugeOption({ pct: 150, level: "full", stale: true, name: "x" }));
    const fresh = series(occupancyGaugeOption({ pct: 150, level: "full", stale: false, name: "x" }));
    expect(stale.progress.itemStyle.color).not.toBe(fresh.progress.itemStyle.color);
    expect(fresh.data[0]!.value).toBe(120);
  });
});
