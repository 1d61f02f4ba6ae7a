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
      labels: { value: "游客", unit: "人次", yoy: "同比", vsBaseline: "较基准年", pct: "%" },
      locale: "zh",
      measure: "people",
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
    const option = growthOption({
      years: [2019],
      values: [1],
      yoy: [null],
      vsBaseline: null,
      labels: { value: "v", unit: "u", yoy: "y", vsBaseline: "b", pct: "%" },
      locale: "en",
      measure: "people",
    });
    expect(seriesOf(option)).toHaveLength(2);
  });
  it("labels every percent with its sign and shifts labels that would meet apart", () => {
    const option = growthOption({
      years: [2019, 2020],
      values: [1, 2],
      yoy: [8.8, -24.1],
      vsBaseline: [0, -27],
      labels: { value: "v", unit: "u", yoy: "y", vsBaseline: "b", pct: "%" },
      locale: "en",
      measure: "people",
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
  it("counts a year's visitors in 万人次 in Chinese and K in English, the bar's tooltip in whole people", () => {
    const input = { years: [2023, 2024], values: [237_900, 289_062], yoy: [null, 21.5], vsBaseline: null };
    const zh = growthOption({
      ...input,
      labels: { value: "游客", unit: "人次", yoy: "同比", vsBaseline: "较基准年", pct: "%" },
      locale: "zh",
      measure: "people",
    });
    const [zhAxis] = zh.yAxis as { name: string; axisLabel: { formatter: (v: number) => string } }[];
    expect(zhAxis!.name).toBe("万人次");
    expect([0, 150_000, 300_000].map(zhAxis!.axisLabel.formatter)).toEqual(["0", "15", "30"]);
    const en = growthOption({
      ...input,
      labels: { value: "visitors", unit: "visitors", yoy: "YoY", vsBaseline: "vs", pct: "%" },
      locale: "en",
      measure: "people",
    });
    const [enAxis] = en.yAxis as { name: string; axisLabel: { formatter: (v: number) => string } }[];
    expect(enAxis!.name).toBe("visitors");
    expect([0, 150_000, 300_000].map(enAxis!.axisLabel.formatter)).toEqual(["0", "150K", "300K"]);
    const [bars] = seriesOf(en) as unknown as { tooltip: { valueFormatter: (v: unknown) => string } }[];
    expect(bars!.tooltip.valueFormatter(289_062)).toBe("289,062");
  });
});
