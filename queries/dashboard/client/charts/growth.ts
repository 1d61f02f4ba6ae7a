import type { EChartsOption } from "echarts";
import { formatPct } from "../format.ts";
import type { Locale } from "../i18n.ts";
import { exactTooltip, type Measure, valueAxis, yAxisOf } from "./value-axis.ts";

export interface GrowthInput {
  years: number[];
  values: (number | null)[];
  yoy: (number | null)[];
  vsBaseline: (number | null)[] | null;
  /** `unit`: what the values count, named on the axis (人次, 元). */
  labels: { value: string; unit: string; yoy: string; vsBaseline: string; pct: string };
  locale: Locale;
  measure: Measure;
}

/** Yearly totals as bars; year-on-year and against-baseline % as lines on a second axis. */
export function growthOption(input: GrowthInput): EChartsOption {
  const pctLine = (name: string, data: (number | null)[], color: string) => ({
    name,
    type: "line" as const,
    yAxisIndex: 1,
    data,
    symbolSize: 8,
    connectNulls: false,
    itemStyle: { color },
    label: { show: true, formatter: ({ value }: { value: unknown }) => formatPct(typeof value === "number" ? value : null) },
    // Two lines' labels often meet (a baseline year's 0% beside its year on year): shifted apart, every year's stays readable.
    labelLayout: { moveOverlap: "shiftY" as const },
  });
  const axis = valueAxis(input.locale, input.measure, input.labels.unit, input.values);
  return {
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0, type: "scroll" },
    grid: { left: 72, right: 56, top: 56, bottom: 28 },
    xAxis: { type: "category", data: input.years.map(String), axisLabel: { hideOverlap: true } },
    yAxis: [yAxisOf(axis), { type: "value", name: input.labels.pct, axisLabel: { formatter: "{value}%" }, splitLine: { show: false } }],
    series: [
      { name: input.labels.value, type: "bar", data: input.values, itemStyle: { color: "#c0392b" }, tooltip: exactTooltip(axis) },
      pctLine(input.labels.yoy, input.yoy, "#e67e22"),
      ...(input.vsBaseline ? [pctLine(input.labels.vsBaseline, input.vsBaseline, "#2c7fb8")] : []),
    ],
  };
}
