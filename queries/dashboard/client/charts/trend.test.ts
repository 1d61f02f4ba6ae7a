import { describe, expect, it } from "vitest";
import { seriesOf } from "./series-of.ts";
import { holidayMarks, trendOption } from "./trend.ts";

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
  it("overlays last year on this year and shades holidays behind them", () => {
    const option = trendOption({
      periods: ["2024-04", "2024-05", "2024-06"],
      current: [1000, 1500, 900],
      previous: [800, null, 700],
      marks: [{ name: "劳动节", from: "2024-05", to: "2024-06" }],
      labels: { current: "本年", previous: "上年", value: "人次", holiday: "节假日" },
      locale: "zh",
      measure: "people",
    });
    const [band, current, previous] = seriesOf(option);
    expect(band).toMatchObject({ type: "bar", yAxisIndex: 1, data: [null, { value: 1, label: { show: true, formatter: "劳动节" } }, { value: 1 }] });
    expect(current).toMatchObject({ name: "本年", type: "line", data: [1000, 1500, 900] });
    expect(previous).toMatchObject({ name: "上年", type: "line", data: [800, null, 700] });
    // The latest figure is written at the line's end, readable without hovering.
    const endLabel = (current as unknown as { endLabel: { show: boolean; formatter: (p: { value: unknown }) => string } }).endLabel;
    expect(endLabel.show).toBe(true);
    expect(endLabel.formatter({ value: 12340 })).toBe("12,340");
  });
});
