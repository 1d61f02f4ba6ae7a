import type { EChartsOption } from "echarts";
import { formatPct } from "../format.ts";
import type { Locale } from "../i18n.ts";
import { exactTooltip, type Measure, valueAxis, yAxisOf } from "./value-axis.ts";

export interface ComparisonInput {
  categories: string[];
  current: (number | null)[];
  previous: (number | null)[];
  /** Percent change per category; null where there is no previous figure. */
  yoy: (number | null)[];
  labels: { current: string; previous: string; yoy: string; value: string };
  locale: Locale;
  measure: Measure;
}

/** This year's and last year's bars per category, with the year-on-year % on a second axis. */
export function comparisonOption(input: ComparisonInput): EChartsOption {
  const axis = valueAxis(input.locale, input.measure, input.labels.value, [...input.current, ...input.previous]);
  return {
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0, type: "scroll" },
    grid: { left: 64, right: 56, top: 56, bottom: 28 },
    xAxis: { type: "category", data: input.categories, axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: [yAxisOf(axis), { type: "value", name: input.labels.yoy, axisLabel: { formatter: "{value}%" }, splitLine: { show: false } }],
    series: [
      { name: input.labels.previous, type: "bar", data: input.previous, itemStyle: { color: "#9fb4c7" }, tooltip: exactTooltip(axis) },
      { name: input.labels.current, type: "bar", data: input.current, itemStyle: { color: "#c0392b" }, tooltip: exactTooltip(axis) },
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
