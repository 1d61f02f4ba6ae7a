import { describe, expect, it } from "vitest";
import { comparisonOption } from "./comparison.ts";
import { growthOption } from "./growth.ts";
import { perDayOption } from "./per-day.ts";
import { holidayMarks, trendOption } from "./trend.ts";

type Series = { name: string; type: string; data: unknown[]; yAxisIndex?: number; markArea?: { data: unknown[] } };
const seriesOf = (option: { series?: unknown }) => option.series as Series[];

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

describe("perDayOption", () => {
  it("lines up day N of each year and leaves the missing days empty", () => {
    const option = perDayOption(
      [{ date: "2024-04-04", visitors: 300 }, { date: "2024-04-05", visitors: 200 }, { date: "2024-04-06", visitors: 100 }],
      [{ date: "2023-04-05", visitors: 240 }],
      { current: "2024", previous: "2023", day: (n) => `第${n}天`, value: "人次" },
    );
    const [previous, current] = seriesOf(option);
    expect(previous!.data).toEqual([240, null, null]);
    expect(current!.data).toEqual([300, 200, 100]);
    expect(option.xAxis).toMatchObject({ data: ["第1天\n2024-04-04", "第2天\n2024-04-05", "第3天\n2024-04-06"] });
  });
});

describe("holidayMarks", () => {
  const qingming = { name: "清明", start: "2024-04-04", end: "2024-04-06" };
  const labour = { name: "劳动节", start: "2024-05-01", end: "2024-05-05" };
  it("marks days, clipped to the chart", () => {
    const days = ["2024-04-05", "2024-04-06", "2024-04-07"];
    expect(holidayMarks(days, [qingming, labour], "day")).toEqual([{ name: "清明", from: "2024-04-05", to: "2024-04-06" }]);
  });
  it("marks ISO weeks and months", () => {
    // 2024-04-04 is a Thursday of ISO week 14; 2024-05-01 (Wednesday) to 05-05 (Sunday) is week 18.
    expect(holidayMarks(["2024-W14", "2024-W15", "2024-W18"], [qingming, labour], "week")).toEqual([
      { name: "清明", from: "2024-W14", to: "2024-W14" },
      { name: "劳动节", from: "2024-W18", to: "2024-W18" },
    ]);
    expect(holidayMarks(["2024-03", "2024-04"], [qingming, labour], "month")).toEqual([{ name: "清明", from: "2024-04", to: "2024-04" }]);
  });
  it("marks nothing on an empty chart", () => {
    expect(holidayMarks([], [qingming], "day")).toEqual([]);
  });
});

describe("trendOption", () => {
  it("overlays last year on this year and shades holidays", () => {
    const option = trendOption({
      periods: ["2024-04", "2024-05"],
      current: [1000, 1500],
      previous: [800, null],
      marks: [{ name: "劳动节", from: "2024-05", to: "2024-05" }],
      labels: { current: "本年", previous: "上年", value: "人次" },
    });
    const [current, previous] = seriesOf(option);
    expect(current).toMatchObject({ type: "line", data: [1000, 1500] });
    expect(current!.markArea!.data).toEqual([[{ name: "劳动节", xAxis: "2024-05" }, { xAxis: "2024-05" }]]);
    expect(previous).toMatchObject({ type: "line", data: [800, null] });
  });
});

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
});
