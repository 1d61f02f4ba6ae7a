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
    });
    const [previous, current, yoy] = seriesOf(option);
    expect(previous).toMatchObject({ name: "2018", type: "bar", data: [6599, 2199.7] });
    expect(current).toMatchObject({ name: "2019", type: "bar", data: [9700, 3233.3] });
    expect(yoy).toMatchObject({ type: "line", yAxisIndex: 1, data: [47, 47] });
    expect(option.xAxis).toMatchObject({ data: ["接待人次", "日均人次"] });
  });
});
