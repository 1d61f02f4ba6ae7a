import { describe, expect, it } from "vitest";
import { seriesOf } from "./series-of.ts";
import { comparisonOption } from "./comparison.ts";

describe("comparisonOption", () => {
  it("puts last year's and this year's bars on the value axis and YoY % on the second", () => {
    const option = comparisonOption({
      categories: ["接待人次", "日均人次"],
      current: [9700, 3233.3],
      previous: [6599, 2199.7],
      yoy: [47, 47],
      labels: { current: "2019", previous: "2018", yoy: "同比（%）", value: "人次" },
      locale: "zh",
      measure: "people",
    });
    const [previous, current, yoy] = seriesOf(option);
    expect(previous).toMatchObject({ name: "2018", type: "bar", data: [6599, 2199.7] });
    expect(current).toMatchObject({ name: "2019", type: "bar", data: [9700, 3233.3] });
    expect(yoy).toMatchObject({ type: "line", yAxisIndex: 1, data: [47, 47] });
    expect(option.xAxis).toMatchObject({ data: ["接待人次", "日均人次"] });
  });

  const revenue = (locale: "zh" | "en") =>
    comparisonOption({
      categories: ["营业额"],
      current: [25_000_000.5],
      previous: [18_000_000],
      yoy: [38.9],
      labels: { current: "2024", previous: "2023", yoy: "%", value: locale === "zh" ? "元" : "CNY" },
      locale,
      measure: "yuan",
    });
  type Axis = { name: string; axisLabel: { formatter: (v: number) => string } };
  type Tipped = { tooltip: { valueFormatter: (v: unknown) => string } };

  it("writes a revenue axis in 万元 in Chinese and in M in English; tooltips keep the yuan to the fen", () => {
    const [zhAxis] = revenue("zh").yAxis as Axis[];
    expect(zhAxis!.name).toBe("万元");
    expect([0, 5_000_000, 25_000_000].map(zhAxis!.axisLabel.formatter)).toEqual(["0", "500", "2,500"]);
    const [enAxis] = revenue("en").yAxis as Axis[];
    expect(enAxis!.name).toBe("CNY");
    expect([0, 5_000_000, 25_000_000].map(enAxis!.axisLabel.formatter)).toEqual(["0", "5M", "25M"]);
    const [previous, current] = seriesOf(revenue("zh")) as unknown as Tipped[];
    expect(current!.tooltip.valueFormatter(25_000_000.5)).toBe("25,000,000.50 元");
    expect(previous!.tooltip.valueFormatter(null)).toBe("—");
  });
});
