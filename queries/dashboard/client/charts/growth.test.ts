import { describe, expect, it } from "vitest";
import { seriesOf } from "./series-of.ts";
import { growthOption } from "./growth.ts";

describe("growthOption", () => {
  it("draws yearly bars with YoY and against-baseline lines on the % axis", () => {
    const option = growthOption({
      years: [2019, 2020],
      values: [100, 150],
      yoy: [null, 50],
      vsBaseline: [0, 50],
      labels: { value: "人次", yoy: "同比", vsBaseline: "较基准年", pct: "%" },
    });
    const series = seriesOf(option);
    expect(series.map((s) => [s.type, s.yAxisIndex ?? 0, s.data])).toEqual([
      ["bar", 0, [100, 150]],
      ["line", 1, [null, 50]],
      ["line", 1, [0, 50]],
    ]);
    expect(option.xAxis).toMatchObject({ data: ["2019", "2020"] });
  });
  it("leaves out the baseline line when there is no baseline", () => {
    const option = growthOption({ years: [2019], values: [1], yoy: [null], vsBaseline: null, labels: { value: "v", yoy: "y", vsBaseline: "b", pct: "%" } });
    expect(seriesOf(option)).toHaveLength(2);
  });
  it("labels every percent with its sign and shifts labels that would meet apart", () => {
    const option = growthOption({
      years: [2019, 2020],
      values: [1, 2],
      yoy: [8.8, -24.1],
      vsBaseline: [0, -27],
      labels: { value: "v", yoy: "y", vsBaseline: "b", pct: "%" },
    });
    for (const line of seriesOf(option).slice(1) as unknown as { label: { formatter: (p: { value: unknown }) => string }; labelLayout: unknown }[]) {
      expect(line.labelLayout).toEqual({ moveOverlap: "shiftY" });
      expect([line.label.formatter({ value: -24.1 }), line.label.formatter({ value: 0 }), line.label.formatter({ value: null })]).toEqual([
        "-24.1%",
        "±0.0%",
        "—",
      ]);
    }
  });
});
