import type { EChartsOption } from "echarts";
import { formatPct } from "../format.ts";

export interface ComparisonInput {
  categories: string[];
  current: (number | null)[];
  previous: (number | null)[];
  /** Percent change per category; null where there is no previous figure. */
  yoy: (number | null)[];
  labels: { current: string; previous: string; yoy: string; value: string };
}

/** This year's and last year's bars per category, with the year-on-year % on a second axis. */
export function comparisonOption(input: ComparisonInput): EChartsOption {
  return {
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0, type: "scroll" },
    grid: { left: 64, right: 56, top: 56, bottom: 28 },
    xAxis: { type: "category", data: input.categories, axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: [
      { type: "value", name: input.labels.value },
      { type: "value", name: input.labels.yoy, axisLabel: { formatter: "{value}%" }, splitLine: { show: false } },
    ],
    series: [
      { name: input.labels.previous, type: "bar", data: input.previous, itemStyle: { color: "#9fb4c7" } },
      { name: input.labels.current, type: "bar", data: input.current, itemStyle: { color: "#c0392b" } },
      {
        name: input.labels.yoy,
        type: "line",
        yAxisIndex: 1,
        data: input.yoy,
        symbolSize: 10,
        lineStyle: { type: "dashed" },
        label: { show: true, formatter: ({ value }: { value: unknown }) => formatPct(typeof value === "number" ? value : null) },
        labelLayout: { hideOverlap: true },
        itemStyle: { color: "#e67e22" },
      },
    ],
  };
}
