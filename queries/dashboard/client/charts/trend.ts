import type { EChartsOption } from "echarts";
import { type Granularity, isoWeek } from "../../../metrics/periods.ts";

export interface HolidaySpan {
  name: string;
  start: string;
  end: string;
}

export interface TrendMark {
  name: string;
  from: string;
  to: string;
}

function periodOf(date: string, granularity: Granularity): string {
  if (granularity === "day") return date;
  if (granularity === "month") return date.slice(0, 7);
  return isoWeek(date);
}

/**
 * The holidays that fall within the chart, as runs of its x categories ('2024-04-05', '2024-W14'
 * or '2024-04', the API's period labels), clipped to the first and last category.
 */
export function holidayMarks(categories: readonly string[], holidays: readonly HolidaySpan[], granularity: Granularity): TrendMark[] {
  const first = categories[0];
  const last = categories[categories.length - 1];
  if (first === undefined || last === undefined) return [];
  const marks: TrendMark[] = [];
  for (const holiday of holidays) {
    const from = periodOf(holiday.start, granularity);
    const to = periodOf(holiday.end, granularity);
    if (to < first || from > last) continue;
    marks.push({ name: holiday.name, from: from < first ? first : from, to: to > last ? last : to });
  }
  return marks;
}

export interface TrendInput {
  periods: string[];
  current: (number | null)[];
  previous: (number | null)[];
  marks: TrendMark[];
  labels: { current: string; previous: string; value: string };
}

/** This year's line with last year's overlaid (dashed) and the holidays shaded. */
export function trendOption(input: TrendInput): EChartsOption {
  return {
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 72, right: 24, top: 36, bottom: 28 },
    // Categories keep their width (boundaryGap), so a holiday inside one week or month still shows.
    xAxis: { type: "category", data: input.periods },
    yAxis: { type: "value", name: input.labels.value },
    series: [
      {
        name: input.labels.current,
        type: "line",
        data: input.current,
        itemStyle: { color: "#c0392b" },
        showSymbol: input.periods.length <= 62,
        markArea: {
          silent: true,
          itemStyle: { color: "rgba(230, 126, 34, 0.18)" },
          label: { position: "insideTop", fontSize: 11, color: "#a04000" },
          data: input.marks.map((mark) => [{ name: mark.name, xAxis: mark.from }, { xAxis: mark.to }]),
        },
      },
      {
        name: input.labels.previous,
        type: "line",
        data: input.previous,
        itemStyle: { color: "#7f8c8d" },
        lineStyle: { type: "dashed" },
        showSymbol: false,
      },
    ],
  };
}
