import type { EChartsOption } from "echarts";
import type { Locale } from "../i18n.ts";
import { averageLabel, exactTooltip, valueAxis, yAxisOf } from "./value-axis.ts";

export interface DayFigure {
  date: string;
  /** Null for a day without any data: a gap in the chart, never 0. */
  visitors: number | null;
}

/**
 * Day N of this year's holiday beside day N of last year's, for periods of different lengths:
 * the missing days stay empty and each year's daily average is drawn as a line, the fair comparison
 * (last year's labelled below its line, this year's above, so close averages stay apart), in whole
 * people written as the axis writes its labels.
 */
export function perDayOption(
  current: readonly DayFigure[],
  previous: readonly DayFigure[],
  labels: { current: string; previous: string; day: (n: number) => string; value: string },
  locale: Locale,
): EChartsOption {
  const length = Math.max(current.length, previous.length);
  const days = Array.from({ length }, (_, i) => i);
  const values = (figures: readonly DayFigure[]) => days.map((i) => figures[i]?.visitors ?? null);
  const dates = (figures: readonly DayFigure[]) => days.map((i) => figures[i]?.date ?? "");
  const axis = valueAxis(locale, "people", labels.value, [...values(current), ...values(previous)]);
  return {
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0, type: "scroll" },
    grid: { left: 64, right: 24, top: 56, bottom: 44 },
    xAxis: {
      type: "category",
      axisLabel: { hideOverlap: true },
      data: days.map((i) => `${labels.day(i + 1)}\n${dates(current)[i] || dates(previous)[i]}`),
    },
    yAxis: yAxisOf(axis),
    series: [
      {
        name: labels.previous,
        type: "bar",
        data: values(previous),
        itemStyle: { color: "#9fb4c7" },
        tooltip: exactTooltip(axis),
        markLine: { symbol: "none", data: [{ type: "average" }], label: { formatter: averageLabel(axis), position: "insideEndBottom" } },
      },
      {
        name: labels.current,
        type: "bar",
        data: values(current),
        itemStyle: { color: "#c0392b" },
        tooltip: exactTooltip(axis),
        markLine: { symbol: "none", data: [{ type: "average" }], label: { formatter: averageLabel(axis), position: "insideEndTop" } },
      },
    ],
  };
}
