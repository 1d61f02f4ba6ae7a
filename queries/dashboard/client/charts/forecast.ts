import type { EChartsOption } from "echarts";
import type { ForecastDayAnswer } from "../../../reports/forecast-schema.ts";
import type { Locale } from "../i18n.ts";
import { valueAxis, yAxisOf } from "./value-axis.ts";

export interface ForecastLabels {
  lastYear: string;
  counted: string;
  expected: string;
  band: string;
  day: (n: number) => string;
  value: string;
}

/**
 * A holiday's days N: last year's same day and the days already counted as bars, the expected
 * visitors as a line inside its 80 % band (a day counted has a band of its count). The band is drawn
 * as its low edge stacked under its width, so the tooltip writes each day's figures itself.
 */
export function forecastOption(
  days: readonly ForecastDayAnswer[],
  lastYear: readonly (number | null)[],
  labels: ForecastLabels,
  locale: Locale,
): EChartsOption {
  const low = days.map((d) => d.low80);
  const width = days.map((d) => (d.low80 === null || d.high80 === null ? null : d.high80 - d.low80));
  const counted = days.map((d) => (d.observed ? d.visitors : null));
  const axis = valueAxis(locale, "people", labels.value, [...days.map((d) => d.high80), ...counted, ...lastYear]);
  const line = (d: ForecastDayAnswer, i: number) =>
    [
      `${labels.day(d.day)} ${d.date}`,
      `${labels.lastYear}: ${axis.exact(lastYear[i] ?? null)}`,
      d.observed ? `${labels.counted}: ${axis.exact(d.visitors)}` : null,
      `${labels.expected}: ${axis.exact(d.expected)}`,
      d.observed ? null : `${labels.band}: ${axis.exact(d.low80)}–${axis.exact(d.high80)}`,
    ]
      .filter((text) => text !== null)
      .join("\n");
  return {
    animation: false,
    tooltip: {
      trigger: "axis",
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
        const i = first?.dataIndex ?? 0;
        return days[i] ? line(days[i], i) : "";
      },
    },
    legend: { top: 0, type: "scroll", data: [labels.lastYear, labels.counted, labels.expected, labels.band] },
    grid: { left: 64, right: 24, top: 56, bottom: 44 },
    xAxis: { type: "category", axisLabel: { hideOverlap: true }, data: days.map((d) => `${labels.day(d.day)}\n${d.date}`) },
    yAxis: yAxisOf(axis),
    series: [
      { name: labels.lastYear, type: "bar", data: [...lastYear], itemStyle: { color: "#9fb4c7" } },
      { name: labels.counted, type: "bar", data: counted, itemStyle: { color: "#c0392b" } },
      { name: labels.expected, type: "line", data: days.map((d) => d.expected), itemStyle: { color: "#d35400" }, lineStyle: { type: "dashed" } },
      { name: "band-low", type: "line", stack: "band", data: low, symbol: "none", lineStyle: { opacity: 0 }, silent: true },
      {
        name: labels.band,
        type: "line",
        stack: "band",
        data: width,
        symbol: "none",
        lineStyle: { opacity: 0 },
        areaStyle: { color: "rgba(211, 84, 0, 0.18)" },
        itemStyle: { color: "rgba(211, 84, 0, 0.4)" },
        silent: true,
      },
    ],
  };
}
