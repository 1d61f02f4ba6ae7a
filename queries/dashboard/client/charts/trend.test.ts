import { describe, expect, it } from "vitest";
import { holidayMarks, trendOption } from "./trend.ts";

type Series = { name: string; type: string; data: unknown[]; yAxisIndex?: number; markArea?: { data: unknown[] } };
const seriesOf = (option: { series?: unknown }) => option.series as Series[];

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
